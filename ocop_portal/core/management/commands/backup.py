import datetime
from pathlib import Path

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and MEDIA_ROOT into a directory, with a manifest to verify restores."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="directory (default backups/<timestamp>)")

    def handle(self, *args, output=None, **options):
        from ocop_portal.core.backup import backup

        target = output or Path("backups") / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        manifest = backup(target)
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"Backup in {target}: {rows} rows, {len(manifest['media'])} media files.")
