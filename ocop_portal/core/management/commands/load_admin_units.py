import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop_portal.core.admin_units import AdminUnitFileError, load_admin_units


class Command(BaseCommand):
    help = (
        "Load one list of administrative units (GSO layout) as dated versions: rows of another period are "
        "never renamed or re-parented, the versions this list replaces are ended."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path, help="e.g. data/admin-units/units-2025.csv")
        parser.add_argument("--province", help="only this province (GSO code) and its units")
        parser.add_argument("--source", help="the list's name (default: the file name without .csv)")
        parser.add_argument("--valid-from", type=datetime.date.fromisoformat, help="start of the list's period")
        parser.add_argument("--valid-until", type=datetime.date.fromisoformat, help="end of the list's period")

    def handle(self, *args, csv: Path, province, source, valid_from, valid_until, **options):
        if not csv.exists():
            raise CommandError(f"{csv} does not exist.")
        try:
            result = load_admin_units(
                csv, province_code=province, source=source, valid_from=valid_from, valid_until=valid_until
            )
        except AdminUnitFileError as exc:
            raise CommandError(f"{csv}: {exc}") from None
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.ended} earlier versions ended."
        )
