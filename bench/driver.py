"""Load drivers: wrk (C, epoll, with bench/wrk.lua) when installed, else a small Python driver
(threads, http.client). Both run in their own process on 127.0.0.1 and report the same fields.

    python -m bench.driver --port 8000 --requests FILE --seconds 10 --users 8
"""

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

LUA = Path(__file__).with_name("wrk.lua")


def write_requests(path: Path, rows: list[tuple[str, str, dict, str]]) -> None:
    """rows: (method, path, headers, body)."""
    with path.open("w", encoding="utf-8") as handle:
        for method, url_path, headers, body in rows:
            header_text = "|".join(f"{name}: {value}" for name, value in headers.items())
            handle.write(f"{method}\t{url_path}\t{header_text}\t{body}\n")


def read_requests(path: Path) -> list[tuple[str, str, dict, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        method, url_path, header_text, body = ([*line.split("\t"), ""])[:4]
        headers = dict(h.split(": ", 1) for h in header_text.split("|") if h)
        rows.append((method, url_path, headers, body))
    return rows


def parse_result(output: str) -> dict:
    for line in output.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line[len("BENCH_RESULT ") :])
    raise RuntimeError(f"driver printed no result:\n{output[-2000:]}")


def run(*, driver: str, port: int, requests_file: Path, seconds: float, users: int) -> dict:
    if driver == "wrk":
        command = [
            "wrk",
            "-t2",
            f"-c{users}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}",
        ]
        env = {**os.environ, "BENCH_REQUESTS": str(requests_file)}
    else:
        command = [
            sys.executable,
            "-m",
            "bench.driver",
            "--port",
            str(port),
            "--requests",
            str(requests_file),
            "--seconds",
            str(seconds),
            "--users",
            str(users),
        ]
        env = os.environ.copy()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60)
    result = parse_result(completed.stdout)
    result["rps"] = round(result["requests"] / result["duration_s"], 1) if result["duration_s"] else 0.0
    result["driver"] = driver
    return result


def choose_driver(requested: str) -> str:
    if requested == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    return requested


# --- the Python driver --------------------------------------------------------------------------


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def python_driver(port: int, rows, seconds: float, users: int) -> dict:
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = {"connect": 0, "status": 0, "timeout": 0}
    lock = threading.Lock()

    def user(offset: int) -> None:
        index, mine, mine_errors = offset, [], {"connect": 0, "status": 0, "timeout": 0}
        while time.monotonic() < deadline:
            method, url_path, headers, body = rows[index % len(rows)]
            index += 1
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                if body:
                    headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
                connection.request(method, url_path, body=body.encode() if body else None, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
            except TimeoutError:
                mine_errors["timeout"] += 1
                continue
            except OSError:
                mine_errors["connect"] += 1
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                mine_errors["status"] += 1
        with lock:
            latencies.extend(mine)
            for key, value in mine_errors.items():
                errors[key] += value

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(i * 7,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "duration_s": round(duration, 3),
        "p50_ms": round(_percentile(latencies, 0.50), 2),
        "p95_ms": round(_percentile(latencies, 0.95), 2),
        "p99_ms": round(_percentile(latencies, 0.99), 2),
        "max_ms": round(latencies[-1], 2) if latencies else 0,
        "mean_ms": round(sum(latencies) / len(latencies), 2) if latencies else 0,
        "errors_connect": errors["connect"],
        "errors_read": 0,
        "errors_write": 0,
        "errors_status": errors["status"],
        "errors_timeout": errors["timeout"],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=Path, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--users", type=int, default=8)
    args = parser.parse_args()
    result = python_driver(args.port, read_requests(args.requests), args.seconds, args.users)
    print("BENCH_RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
