from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into a database and media directory, then verify it."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--database", help="target database name (default: the configured one)")
        parser.add_argument("--media-root", type=Path, help="target media directory (default: MEDIA_ROOT)")

    def handle(self, *args, source, database=None, media_root=None, **options):
        from ocop_portal.core.backup import media_checksums, restore

        database = database or settings.DATABASES["default"]["NAME"]
        media_root = media_root or Path(settings.MEDIA_ROOT)
        manifest = restore(source, database=database, media_root=media_root)
        if media_checksums(media_root) != manifest["media"]:
            raise CommandError("Restored media files do not match the backup's checksums.")
        self.stdout.write(f"Restored {source} into database {database} and {media_root}; media checksums match.")
