from django.core.management.base import BaseCommand, CommandError

from ocop_portal.core.audit_anchor import audit_anchor_problems, audit_anchors
from ocop_portal.core.models import AuditEntry
from ocop_portal.core.services import audit_chain_first_broken


class Command(BaseCommand):
    help = (
        "Check the keyed hash chain of the audit log and the anchors of its head (OCOP_AUDIT_ANCHOR_FILE): "
        "name the first broken entry and every anchor the log no longer matches (a cut tail)."
    )

    def handle(self, *args, **options):
        broken = audit_chain_first_broken()
        if broken is not None:
            raise CommandError(f"Audit chain broken at entry #{broken.pk} ({broken}).")
        problems = audit_anchor_problems()
        if problems:
            raise CommandError("Audit chain does not match its anchors: " + "; ".join(p.message for p in problems))
        self.stdout.write(
            f"Audit chain intact: {AuditEntry.objects.count()} entries, {len(audit_anchors())} anchors matched."
        )
