"""Render the national summary without a worker: for cron, the bench, and tests.

python manage.py national_summary --year 2025 --output tong-hop-2025.pdf [--xlsx f.xlsx]
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from reports.services import build_national_snapshot, render_files


class Command(BaseCommand):
    help = "Render the national OCOP summary (every province; PDF, optionally Excel) from the current data."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="PDF file to write")
        parser.add_argument("--xlsx", help="Excel workbook to write as well")

    def handle(self, *args, year, output, xlsx=None, **options):
        started = time.monotonic()
        snapshot = build_national_snapshot(year=year)
        files = render_files(snapshot)
        Path(output).write_bytes(files["pdf"])
        if xlsx:
            Path(xlsx).write_bytes(files["xlsx"])
        provinces = len(snapshot["figures"]["provinces"])
        self.stdout.write(
            f"Wrote {output} ({len(files['pdf']):,} bytes, {provinces} provinces) in {time.monotonic() - started:.1f} s"
        )
