from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop_portal.core.admin_units import AdminUnitFileError, load_crosswalk


class Command(BaseCommand):
    help = "Load the 2025 crosswalk (mapping-2025.csv): which 2025 unit each pre-reform unit went into."

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path, help="data/admin-units/mapping-2025.csv")
        parser.add_argument("--old-province", help="only the rows of this pre-reform province (GSO code)")

    def handle(self, *args, csv: Path, old_province, **options):
        if not csv.exists():
            raise CommandError(f"{csv} does not exist.")
        try:
            result = load_crosswalk(csv, old_province_code=old_province)
        except AdminUnitFileError as exc:
            raise CommandError(f"{csv}: {exc}") from None
        self.stdout.write(f"{result.created} created, {result.unchanged} unchanged.")
