"""Build a benchmark database fast: `python -m bench.build --scale national|small [--database NAME]`.

Drops and recreates the database, migrates it, loads the shipped reference data (product sets,
frameworks, score sheets), then generates the national data set in memory and writes it with
COPY (explicit ids, foreign-key triggers off for the session, the answers table's secondary
indexes dropped during its load and rebuilt after). Prints the time and row count per table.
"""

import argparse
import csv
import datetime
import json
import os
import random
import sys
import time
from contextlib import contextmanager

from . import db
from .scales import SCALES

SEED = 20261122


class Timings:
    def __init__(self):
        self.steps: list[tuple[str, int | None, float]] = []

    @contextmanager
    def step(self, label: str):
        started = time.monotonic()
        record = {"rows": None}
        yield record
        seconds = time.monotonic() - started
        self.steps.append((label, record["rows"], seconds))
        rows = f"{record['rows']:>10,}" if record["rows"] is not None else " " * 10
        print(f"  {label:<34} {rows} rows {seconds:7.1f} s", flush=True)

    def total(self) -> float:
        return sum(seconds for _label, _rows, seconds in self.steps)


def load_reference(timings: Timings) -> None:
    from django.core.management import call_command, get_commands

    with timings.step("reference: sets, frameworks, sheets"):
        if "load_score_sheets" in get_commands():
            with open(os.devnull, "w") as quiet:
                call_command("load_score_sheets", stdout=quiet)
        else:  # before the sheet loader existed: one small sheet per product set
            from evaluation.reference import load_frameworks
            from evaluation.tests.factories import build_sheet
            from products.models import ProductSet
            from products.reference import load_shipped_product_sets

            load_shipped_product_sets()
            framework = load_frameworks()[0]
            for product_set in ProductSet.objects.filter(framework_code=framework.product_set_framework):
                build_sheet(framework_obj=framework, product_set=product_set)


def read_units() -> dict:
    """Both maps and the crosswalk between them: the 63 provinces, 696 districts and 10,035
    communes of the 2024 list (in force until 30/06/2025), the 34 provinces and 3,321 communes of
    the 2025 list, and mapping-2025.csv (which 2025 unit each old province and commune went into)."""
    from django.conf import settings

    folder = settings.BASE_DIR / "data" / "admin-units"

    def rows(name):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    old, new, mapping = rows("units-2024.csv"), rows("units-2025.csv"), rows("mapping-2025.csv")
    new_communes_of = {}
    for row in mapping:
        if row["level"] == "commune":
            new_communes_of.setdefault(row["old_code"], []).append(row["new_code"])
    return {
        "old_provinces": [r for r in old if r["level"] == "province"],
        "old_districts": [r for r in old if r["level"] == "district"],
        "old_communes": [r for r in old if r["level"] == "commune"],
        "provinces": [r for r in new if r["level"] == "province"],
        "communes": [r for r in new if r["level"] == "commune"],
        "new_province_of": {r["old_code"]: r["new_code"] for r in mapping if r["level"] == "province"},
        "new_communes_of": new_communes_of,
        "mapping": [r for r in mapping if r["level"] in ("province", "commune")],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database", help="database name (default: the scale's)")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    database = args.database or scale.database
    summary = build(scale, database)
    print("BENCH_BUILD " + json.dumps(summary, ensure_ascii=False), flush=True)
    return 0


def build(scale, database: str) -> dict:
    print(f"Building {scale.name} dataset in database {database}", flush=True)
    timings = Timings()
    with timings.step("create database"):
        db.create_database(database)
    db.setup_django(database)
    from django.core.management import call_command
    from django.db import connection

    with timings.step("migrate"):
        call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    load_reference(timings)

    from .dataset import Dataset

    rng = random.Random(SEED)
    now = datetime.datetime.now(datetime.UTC)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no FK triggers: rows are generated consistent
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        dataset = Dataset(scale=scale, rng=rng, now=now, cursor=cursor, timings=timings, units=read_units())
        dataset.write_all()
        cursor.execute("SET session_replication_role = DEFAULT")
    with timings.step("reset sequences"):
        reset_sequences()
    with timings.step("vacuum analyze"), connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    size = db.database_size(database)
    print(f"Built {database} in {timings.total():.1f} s ({size})", flush=True)
    steps = [[label, rows, round(seconds, 1)] for label, rows, seconds in timings.steps]
    return {"database": database, "seconds": round(timings.total(), 1), "size": size, "steps": steps}


def reset_sequences() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    # Only tables that exist: an app may have a model whose migration is still being written.
    tables = set(connection.introspection.table_names())
    models = [model for model in apps.get_models() if model._meta.db_table in tables]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


if __name__ == "__main__":
    sys.exit(main())
