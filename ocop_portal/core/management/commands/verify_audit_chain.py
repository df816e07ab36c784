from django.core.management.base import BaseCommand, CommandError

from ocop_portal.core.models import AuditEntry
from ocop_portal.core.services import audit_chain_first_broken


class Command(BaseCommand):
    help = "Check the hash chain of the audit log and name the first broken entry."

    def handle(self, *args, **options):
        broken = audit_chain_first_broken()
        if broken is not None:
            raise CommandError(f"Audit chain broken at entry #{broken.pk} ({broken}).")
        self.stdout.write(f"Audit chain intact: {AuditEntry.objects.count()} entries.")
