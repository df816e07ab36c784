import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opendata.services import snapshot_publish


class Command(BaseCommand):
    help = "Publish the open-data snapshot of the certified register as of a date (default: today)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD; default today in TIME_ZONE")

    def handle(self, *args, date=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
            snapshot = snapshot_publish(day=day)
        except ValueError as error:
            raise CommandError(f"--date {date!r}: {error}") from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"{snapshot.as_of.isoformat()}: {snapshot.records} records, {snapshot.in_force} in force")
        for name, digest in snapshot.checksums.items():
            self.stdout.write(f"{digest}  {name}")
