"""One page's cost in one process, without load: the wall time per request through Django's WSGI
handler, and optionally the garbage collector's share, against a kept bench database.

    python -m bench.profile scorecard --requests 300
    python -m bench.profile products_p1 --gc            # collector time, Python's defaults
    python -m bench.profile products_p1 --gc --tuned    # after gunicorn.conf.py's worker setup
    python -m bench.profile chair_session --cprofile 25 # the 25 costliest functions (cumulative)

The scenario's persona is signed in as in `bench.run`, and the requests rotate over the same
URLs. Figures vary by ±10 % between runs on a shared machine: compare runs made minutes apart.
"""

import argparse
import cProfile
import gc
import io
import pstats
import runpy
import sys
import time

from . import db
from .run import BASE_DIR, create_sessions


def _environ(method: str, path: str, body: str, cookies: dict[str, str]) -> dict:
    path_info, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body.encode()),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
    }
    if method == "POST":
        environ.update(
            CONTENT_TYPE="application/x-www-form-urlencoded", HTTP_X_CSRFTOKEN=cookies["csrf"], HTTP_HX_REQUEST="true"
        )
    jar = "; ".join(f"{name}={value}" for name, value in cookies.items() if name != "csrf")
    if jar:
        environ["HTTP_COOKIE"] = jar
    return environ


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", help="a scenario key of bench/scenarios.py")
    parser.add_argument("--database", default="ocop_bench")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--gc", action="store_true", help="also time the garbage collector")
    parser.add_argument("--tuned", action="store_true", help="apply gunicorn.conf.py's post_worker_init first")
    parser.add_argument("--cprofile", type=int, metavar="N", help="print the N costliest functions (cumulative)")
    args = parser.parse_args(argv)

    db.setup_django(args.database)
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    from .scenarios import SCENARIOS, collect_targets, expand

    scenario = {s.key: s for s in SCENARIOS}.get(args.scenario)
    if scenario is None:
        parser.error(f"unknown scenario {args.scenario!r}")
    targets = collect_targets(static_url="/static/css/portal.css")
    sessions = create_sessions(list(targets["users"]))
    csrf = "c" * 32
    requests = []
    for username, path, body in expand(scenario, targets):
        cookies = {settings.CSRF_COOKIE_NAME: csrf, "csrf": csrf}
        if username:
            cookies[settings.SESSION_COOKIE_NAME] = sessions[username]
        requests.append((path, body, cookies))
    application = WSGIHandler()

    def ask(number: int) -> str:
        path, body, cookies = requests[number % len(requests)]
        statuses = []
        response = application(_environ(scenario.method, path, body, cookies), lambda s, h: statuses.append(s))
        b"".join(response)
        response.close()
        return statuses[0]

    for number in range(20):  # caches, connections, templates
        status = ask(number)
    if args.tuned:
        runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))["post_worker_init"](None)
    collected = {0: 0.0, 1: 0.0, 2: 0.0}
    started_at = {}

    def on_gc(phase, info):
        if phase == "start":
            started_at[info["generation"]] = time.perf_counter()
        else:
            collected[info["generation"]] += time.perf_counter() - started_at[info["generation"]]

    if args.gc:
        gc.callbacks.append(on_gc)
    profiler = cProfile.Profile() if args.cprofile else None
    began = time.perf_counter()
    if profiler:
        profiler.enable()
    for number in range(args.requests):
        ask(number)
    if profiler:
        profiler.disable()
    per_request = (time.perf_counter() - began) / args.requests * 1000
    print(f"{scenario.key}: {status}, {per_request:.2f} ms a request in one process ({args.requests} requests)")
    if args.gc:
        shares = ", ".join(f"gen {g} {seconds / args.requests * 1000:.2f} ms" for g, seconds in collected.items())
        print(f"garbage collector ({'tuned' if args.tuned else 'Python defaults'}): {shares} a request")
    if profiler:
        print("(timed under the profiler, which slows every call)")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
