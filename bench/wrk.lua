-- Rotates over the requests of one scenario (file in BENCH_REQUESTS: method, path, headers
-- separated by "|", body; tab-separated) and prints the summary as one JSON line.
local prepared = {}
local position = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local method, path, header_text, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = {}
    for header in string.gmatch(header_text, "[^|]+") do
      local name, value = header:match("^([^:]+):%s*(.*)$")
      headers[name] = value
    end
    if body == "" then body = nil else headers["Content-Type"] = "application/x-www-form-urlencoded" end
    table.insert(prepared, wrk.format(method, path, headers, body))
  end
  position = math.random(#prepared) - 1
end

function request()
  position = position % #prepared + 1
  return prepared[position]
end

function done(summary, latency, requests)
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_s": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "mean_ms": %.2f, "errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_status": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, latency.mean / 1e3, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
