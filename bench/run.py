"""Run the benchmark: `python -m bench.run --scale national|small [--no-build] [--drop] [--driver auto|wrk|python]`.

1. builds the dataset (bench.build, in a child process; for `national` the small one too, for the
   query-count comparison) while collectstatic fills a temporary STATIC_ROOT;
2. starts gunicorn on 127.0.0.1 (DEBUG off, the bench database) and signs the personas in by
   creating their sessions in the database;
3. drives each scenario (bench/scenarios.py) from a second process — wrk, or the Python driver —
   with 8 concurrent users for a bounded time, after a short warm-up;
4. counts queries per page and EXPLAINs the heaviest ones (bench.queries), times the annual
   report (bench.reportparts), and writes the table to stdout and docs/benchmarks.md.

Exit status is non-zero only when the machinery breaks; missed targets are reported, not fatal.
"""

import argparse
import datetime
import http.client
import json
import os
import runpy
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import db, driver
from .scales import CONCURRENT_USERS, REPORT_YEAR, SCALES

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def log(message: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def machine_info() -> dict:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "free": free,
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def load_snapshot() -> dict:
    """The machine's load now: load averages and the busiest processes (other people's tests?)."""
    top = subprocess.run(
        ["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"], capture_output=True, text=True
    ).stdout
    busiest = [" ".join(line.split()) for line in top.splitlines()[:5]]
    return {"loadavg": [round(x, 2) for x in os.getloadavg()], "busiest": busiest}


def git_revision() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=BASE_DIR, capture_output=True, text=True).stdout
    changed = len([line for line in dirty.splitlines() if line.strip()])
    return f"{head or 'unknown'}" + (f" + {changed} uncommitted paths" if changed else "")


def run_build(scale_name: str, database: str) -> dict:
    process = subprocess.Popen(
        [PYTHON, "-m", "bench.build", "--scale", scale_name, "--database", database],
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    summary = None
    for line in process.stdout:
        if line.startswith("BENCH_BUILD "):
            summary = json.loads(line[len("BENCH_BUILD ") :])
        else:
            print(line, end="", flush=True)
    if process.wait() != 0 or summary is None:
        raise RuntimeError(f"building {database} failed")
    return summary


def deployed_workers() -> int:
    """The worker count gunicorn.conf.py gives this machine (what the systemd unit runs)."""
    return runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))["workers"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_status(port: int, method: str, path: str, headers: dict, body: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    if body:
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
    connection.request(method, path, body=body.encode() if body else None, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def wait_ready(port: int, path: str, process, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up (see its log)")
        try:
            if http_status(port, "GET", path, {}, "") == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {path} within {seconds} s")


def create_sessions(usernames: list[str]) -> dict[str, str]:
    """Signed-in sessions written straight to the session store, as django.contrib.auth.login would."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions[user.username] = session.session_key
    return sessions


def request_rows(scenario, concrete, sessions, csrf_secret) -> list[tuple[str, str, dict, str]]:
    from django.conf import settings

    rows = []
    for username, path, body in concrete:
        headers = {"Host": "127.0.0.1"}
        if username:
            headers["Cookie"] = (
                f"{settings.SESSION_COOKIE_NAME}={sessions[username]}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"
            )
        if scenario.method == "POST":
            headers["X-CSRFToken"] = csrf_secret
            headers["HX-Request"] = "true"
        rows.append((scenario.method, path, headers, body))
    return rows


def drive(args, scale, port, workdir, targets, sessions) -> list[dict]:
    from .scenarios import SCENARIOS, expand

    csrf_secret = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    chosen = driver.choose_driver(args.driver)
    seconds = args.seconds or scale.seconds_per_scenario
    results = []
    only = set(args.only.split(",")) if args.only else None
    for scenario in SCENARIOS:
        if only is not None and scenario.key not in only:
            continue
        entry = {
            "key": scenario.key,
            "title": scenario.title,
            "path": scenario.path,
            "persona": scenario.persona,
            "method": scenario.method,
            "kind": scenario.kind,
        }
        results.append(entry)
        concrete = expand(scenario, targets)
        if not concrete:
            entry["outcome"] = "not exercised: no data for it in the bench set"
            log(f"{scenario.key}: {entry['outcome']}")
            continue
        rows = request_rows(scenario, concrete, sessions, csrf_secret)
        status = http_status(port, *rows[0])
        entry["status"] = status
        entry["variants"] = len(rows)
        if status != 200:
            not_there = status == 404 and scenario.kind == "api"
            entry["outcome"] = "not available yet (404)" if not_there else f"not exercised: HTTP {status}"
            log(f"{scenario.key}: {entry['outcome']}")
            continue
        requests_file = workdir / f"{scenario.key}.requests"
        driver.write_requests(requests_file, rows)
        if scenario.method == "GET":
            # Every URL the scenario rotates over is asked once first, so a page cache (the
            # verification page's) is measured in its steady state, not while filling up.
            for row in rows[1:]:
                http_status(port, *row)
        if scale.warmup_seconds:
            driver.run(
                driver=chosen,
                port=port,
                requests_file=requests_file,
                seconds=scale.warmup_seconds,
                users=CONCURRENT_USERS,
            )
            drain(port, targets["static"][0])
        busy_before = machine_busy()
        entry.update(
            driver.run(driver=chosen, port=port, requests_file=requests_file, seconds=seconds, users=CONCURRENT_USERS)
        )
        entry["cpu_ms_per_request"] = cpu_ms_per_request(busy_before, machine_busy(), entry)
        entry["drain_s"] = drain(port, targets["static"][0])
        entry["loadavg_after"] = round(os.getloadavg()[0], 2)
        entry["outcome"] = "measured"
        log(
            f"{scenario.key}: {entry['rps']} req/s, p50 {entry['p50_ms']} ms, p95 {entry['p95_ms']} ms, "
            f"p99 {entry['p99_ms']} ms, non-2xx {entry['errors_status']}, "
            f"connect/read/write/timeout errors {entry['errors_connect']}/{entry['errors_read']}/"
            f"{entry['errors_write']}/{entry['errors_timeout']}; machine CPU {entry['cpu_ms_per_request']} ms a request"
        )
    return results


def machine_busy() -> tuple[int, int] | None:
    """(busy, total) CPU time of the whole machine in clock ticks, from /proc/stat; None elsewhere."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(value) for value in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = ticks[3] + ticks[4]  # idle and iowait
    return sum(ticks) - idle, sum(ticks)


def cpu_ms_per_request(before, after, result: dict) -> float | None:
    """The machine's CPU time (gunicorn, PostgreSQL, the driver, anything else running) spent per
    request served during the run. It moves less than p95 when the machine's speed varies, so two
    runs minutes apart compare changes better than their latencies do."""
    if before is None or after is None or not result.get("requests") or after[1] == before[1]:
        return None
    busy_share = (after[0] - before[0]) / (after[1] - before[1])
    return round(busy_share * (os.cpu_count() or 1) * result["duration_s"] * 1000 / result["requests"], 2)


def drain(port: int, static_path: str, seconds: float = 30) -> float:
    """Wait until the workers have finished the requests the driver abandoned at its deadline
    (a static file answers fast again), so one scenario's backlog does not slow the next."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        begun = time.perf_counter()
        http_status(port, "GET", static_path, {}, "")
        if time.perf_counter() - begun < 0.05:
            break
        time.sleep(0.1)
    return round(time.monotonic() - started, 2)


def run_child_rusage(command: list[str], env: dict) -> dict:
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read the pipes on the side so a chatty child cannot block; reap it with wait4 for its rusage.
    import threading

    chunks = {"out": [], "err": []}
    readers = [
        threading.Thread(target=lambda s=stream, k=key: chunks[k].append(s.read()))
        for stream, key in ((process.stdout, "out"), (process.stderr, "err"))
    ]
    for reader in readers:
        reader.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": round(time.monotonic() - started, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "returncode": process.returncode,
        "stdout": b"".join(chunks["out"]).decode(errors="replace"),
        "stderr": b"".join(chunks["err"]).decode(errors="replace")[-3000:],
    }


def _time_report(command: list[str], parts_command: list[str], env: dict) -> dict:
    """One report as its management command runs it (child wall time and peak RSS), then its
    phases in another child (figures, HTML, WeasyPrint alone) for the ratio."""
    measured = run_child_rusage(command, env)
    measured["outcome"] = "measured" if measured["returncode"] == 0 else "failed"
    parts = run_child_rusage(parts_command, env)
    try:
        measured["parts"] = driver.parse_result(parts["stdout"])
        phases = measured["parts"]
        phases["in_process_s"] = round(phases["snapshot_s"] + phases["html_s"] + phases["weasyprint_s"], 2)
        measured["weasyprint_ratio"] = round(measured["wall_s"] / phases["weasyprint_s"], 2)
        measured["in_process_ratio"] = round(phases["in_process_s"] / phases["weasyprint_s"], 2)
    except (RuntimeError, ZeroDivisionError):
        measured["parts"] = {"error": parts["stderr"][-1500:]}
    measured.pop("stdout", None)
    if measured["returncode"] == 0:
        measured.pop("stderr", None)
    return measured


def time_reports(database: str, env: dict, workdir: Path) -> dict:
    """The province report (the bench province: 1.000 products at national scale) and the
    national summary (every province), each as its management command runs it, then its phases
    with WeasyPrint alone."""
    from django.core.management import get_commands

    from .dataset import BENCH_PROVINCE_CODE

    year = str(REPORT_YEAR)
    parts = [PYTHON, "-m", "bench.reportparts", "--database", database, "--year", year]
    result = {"year": REPORT_YEAR, "province_code": BENCH_PROVINCE_CODE}
    commands = get_commands()
    if "annual_report" not in commands:
        result["province"] = {"outcome": "not available yet: no annual_report command"}
    else:
        output = str(workdir / "annual.pdf")
        result["province"] = _time_report(
            [
                PYTHON,
                "manage.py",
                "annual_report",
                "--province",
                BENCH_PROVINCE_CODE,
                "--year",
                year,
                "--output",
                output,
            ],
            [*parts, "--province", BENCH_PROVINCE_CODE],
            env,
        )
    fairness = run_child_rusage([*parts, "--fairness", BENCH_PROVINCE_CODE], env)
    try:
        fairness["parts"] = driver.parse_result(fairness.pop("stdout"))
        fairness["outcome"] = "measured" if fairness["returncode"] == 0 else "failed"
    except RuntimeError:
        fairness["outcome"] = "failed"
    if fairness["outcome"] == "measured":
        fairness.pop("stderr", None)
    result["fairness"] = fairness
    if "national_summary" not in commands:
        result["national"] = {"outcome": "not available yet: no national_summary command"}
    else:
        result["national"] = _time_report(
            [PYTHON, "manage.py", "national_summary", "--year", year, "--output", str(workdir / "national.pdf")],
            [*parts, "--national"],
            env,
        )
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database", help="database name (default: the scale's)")
    parser.add_argument("--no-build", action="store_true", help="reuse the existing bench database")
    parser.add_argument("--drop", action="store_true", help="drop the bench database(s) at the end")
    parser.add_argument("--driver", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's, as deployed)")
    parser.add_argument("--seconds", type=float, help="measured seconds per scenario (default: the scale's)")
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument(
        "--only",
        help="comma-separated scenario keys: drive only these, skip query counts and reports, print only",
    )
    args = parser.parse_args(argv)
    if args.only:
        from .scenarios import SCENARIOS

        unknown = set(args.only.split(",")) - {scenario.key for scenario in SCENARIOS}
        if unknown:
            parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
        args.no_docs = True
    scale = SCALES[args.scale]
    database = args.database or scale.database
    small = SCALES["small"]
    compare_small = scale.name != "small"
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    static_root = workdir / "static"
    env = {**os.environ, **db.django_env(database), "BENCH_STATIC_ROOT": str(static_root)}
    os.environ["BENCH_STATIC_ROOT"] = str(static_root)
    results = {
        "scale": scale.name,
        "database": database,
        "machine": machine_info(),
        "load_before": load_snapshot(),
        "revision": git_revision(),
        "command": "python -m bench.run " + " ".join(argv or sys.argv[1:]),
        "driver": driver.choose_driver(args.driver),
        "workers": args.workers or deployed_workers(),
        "users": CONCURRENT_USERS,
        "seconds_per_scenario": args.seconds or scale.seconds_per_scenario,
    }
    log(f"{scale.name} run, database {database}, work dir {workdir}; load {results['load_before']['loadavg']}")
    collect = subprocess.Popen(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env={**env, "BENCH_COLLECTING": "1"}
    )
    gunicorn = None
    try:
        if compare_small and not args.no_build:
            results["build_small"] = run_build("small", small.database)
        if not args.no_build:
            results["build"] = run_build(scale.name, database)
        if collect.wait() != 0:
            raise RuntimeError("collectstatic failed")
        db.setup_django(database)
        from django.contrib.staticfiles.storage import staticfiles_storage

        from .scenarios import collect_targets

        targets = collect_targets(static_url=staticfiles_storage.url("css/portal.css"))
        sessions = create_sessions(list(targets["users"]))
        port = free_port()
        gunicorn_env = {**env, "ALLOWED_HOSTS": "127.0.0.1"}
        gunicorn_log = workdir / "gunicorn.log"
        gunicorn = subprocess.Popen(
            [
                GUNICORN,
                "ocop_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(results["workers"]),
                "--timeout",
                "60",
                "--error-logfile",
                str(gunicorn_log),
            ],
            cwd=BASE_DIR,
            env=gunicorn_env,
        )
        wait_ready(port, targets["static"][0], gunicorn)
        log(f"gunicorn ({results['workers']} workers) on 127.0.0.1:{port}; driver {results['driver']}")
        results["load_during"] = load_snapshot()
        results["scenarios"] = drive(args, scale, port, workdir, targets, sessions)
        results["load_after"] = load_snapshot()
        stop(gunicorn)
        gunicorn = None
        if not args.only:  # a quick look at a few pages: no query counts, no reports
            log("query counts and plans")
            results["queries"] = measure_queries(database, env, workdir / "queries.json")
            if compare_small and database_exists(small.database):
                results["queries_small"] = measure_queries(
                    small.database, {**env, **db.django_env(small.database)}, workdir / "queries-small.json"
                )
            log("report timing")
            results["reports"] = time_reports(database, env, workdir)
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        if collect.poll() is None:
            collect.kill()
        if args.drop:
            for name in {database} | ({small.database} if compare_small else set()):
                db.drop_database(name)
            log("dropped the bench database(s)")
        shutil.rmtree(workdir, ignore_errors=True)
    results["total_s"] = round(time.monotonic() - started, 1)
    from .report import publish

    publish(results, write_docs=not args.no_docs)
    log(f"done in {results['total_s']} s")
    return 0


def measure_queries(database: str, env: dict, output: Path) -> dict:
    completed = subprocess.run(
        [PYTHON, "-m", "bench.queries", "--database", database, "--output", str(output)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench.queries failed on {database}:\n{completed.stderr[-3000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def database_exists(name: str) -> bool:
    import psycopg2

    connection = psycopg2.connect(db.database_url("postgres"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    connection.close()
    return found


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


if __name__ == "__main__":
    sys.exit(main())
