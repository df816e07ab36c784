from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop_portal.core.admin_units import AdminUnitFileError, load_admin_units


class Command(BaseCommand):
    help = "Load administrative units (province → district → commune) from a CSV in the GSO layout."

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path, help="e.g. data/admin-units/units-2024.csv")
        parser.add_argument("--province", help="only this province (GSO code) and its units")

    def handle(self, *args, csv: Path, province: str | None, **options):
        if not csv.exists():
            raise CommandError(f"{csv} does not exist.")
        try:
            result = load_admin_units(csv, province_code=province)
        except AdminUnitFileError as exc:
            raise CommandError(f"{csv}: {exc}") from None
        self.stdout.write(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged.")
