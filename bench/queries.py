"""Query counts per page and EXPLAIN ANALYZE of the heaviest queries, in-process with Django's test
client against one bench database:

    python -m bench.queries --database ocop_bench --output counts.json

For each scenario: the first concrete request, as its persona, with CaptureQueriesContext, asked
twice; the second (caches filled, as under load) is counted. For the scenarios marked `explain`,
every SELECT of the first (what a cache miss costs) is run again under EXPLAIN (ANALYZE, BUFFERS);
the two that cost PostgreSQL most, planning and execution together, are kept with their scans
(which index, or a sequential scan). The times Django records are in whole milliseconds and
include the round trip: too coarse to rank sub-millisecond queries.
"""

import argparse
import json
import re
import sys
from pathlib import Path

from . import db

SCAN = re.compile(
    r"(?P<kind>Seq Scan|Parallel Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)"
    r"(?: Backward)?(?: using (?P<index>\S+))? on (?P<table>\S+)"
)


def plan_scans(plan_lines: list[str]) -> list[dict]:
    scans = []
    for line in plan_lines:
        match = SCAN.search(line)
        if match:
            kind = match["kind"]
            if kind == "Bitmap Index Scan":  # "Bitmap Index Scan on <index>"
                scans.append({"kind": kind, "index": match["table"], "table": ""})
            else:
                scans.append({"kind": kind, "index": match["index"] or "", "table": match["table"]})
    return scans


def explain(sql: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    return {
        "sql": sql,
        "plan": lines,
        "scans": plan_scans(lines),
        "planning_ms": _summary_ms(lines, "Planning Time"),
        "execution_ms": _summary_ms(lines, "Execution Time"),
    }


def _summary_ms(lines: list[str], label: str) -> float | None:
    line = next((line for line in lines if line.startswith(label)), "")
    return float(re.findall(r"[\d.]+", line)[0]) if line else None


def _cost(plan: dict) -> float:
    return (plan["planning_ms"] or 0.0) + (plan["execution_ms"] or 0.0)


def measure(database: str) -> dict:
    db.setup_django(database)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from .scenarios import SCENARIOS, collect_targets, expand

    targets = collect_targets(static_url="/static/css/portal.css")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=targets["users"])}
    results = {}
    for scenario in SCENARIOS:
        if scenario.kind == "ceiling":
            continue
        requests = expand(scenario, targets)
        if not requests:
            results[scenario.key] = {"status": None, "note": "no data for this scenario"}
            continue
        username, path, body = requests[0]
        headers = {"HTTP_HX_REQUEST": "true"} if scenario.key == "autosave" else {}
        client = Client(raise_request_exception=False, **headers)
        if username:
            client.force_login(users[username])
        runs = []
        for _cold_then_warm in range(2):  # the first request fills the caches, the second is counted
            with CaptureQueriesContext(connection) as captured:
                if scenario.method == "POST":
                    response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
                else:
                    response = client.get(path)
            runs.append(captured.captured_queries)
        cold, queries = runs
        entry = {
            "status": response.status_code,
            "path": path,
            "queries": len(queries),
            "db_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        }
        if scenario.explain and response.status_code == 200:
            # From the cold request: a cache hit runs none of the queries a miss costs.
            plans = [explain(q["sql"]) for q in cold if q["sql"].lstrip().upper().startswith("SELECT")]
            entry["explain"] = sorted(plans, key=_cost, reverse=True)[:2]
        results[scenario.key] = entry
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    args.output.write_text(json.dumps(measure(args.database), ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
