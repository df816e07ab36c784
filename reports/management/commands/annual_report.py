"""Render the annual report without a worker: for cron, and for tests.

python manage.py annual_report --province 24 --year 2021 --output bao-cao-2021.pdf [--xlsx f.xlsx]
"""

import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from reports.services import build_snapshot, render_files


def province_in_force(code: str, year: int) -> AdministrativeUnit:
    """The province with this GSO code in that year (codes are reused across reforms)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    matches = list(
        AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code=code)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
    )
    # A year the code changed meaning in (2025: Bắc Giang until 30/06, Bắc Ninh from 01/07) is
    # reported for the province in force at its end, which the predecessor was carried into.
    at_end = [unit for unit in matches if unit.valid_until is None or unit.valid_until >= end]
    if len(at_end) == 1:
        return at_end[0]
    if len(matches) != 1:
        raise CommandError(f"No single province with code {code} in {year} (found {len(matches)}).")
    return matches[0]


class Command(BaseCommand):
    help = "Render the provincial annual OCOP report (PDF, optionally Excel) from the current data."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="GSO code of the province, e.g. 24")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="PDF file to write")
        parser.add_argument("--xlsx", help="Excel workbook to write as well")

    def handle(self, *args, province, year, output, xlsx=None, **options):
        started = time.monotonic()
        snapshot = build_snapshot(province=province_in_force(province, year), year=year)
        files = render_files(snapshot)
        Path(output).write_bytes(files["pdf"])
        if xlsx:
            Path(xlsx).write_bytes(files["xlsx"])
        self.stdout.write(f"Wrote {output} ({len(files['pdf']):,} bytes) in {time.monotonic() - started:.1f} s")
