"""Once, after upgrading to the keyed audit chain (issue 18, Low 8): check the old unkeyed SHA-256
chain and write every entry's keyed hash. Refuses when the old chain is already broken."""

import hashlib

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ocop_portal.core.models import AuditEntry
from ocop_portal.core.services import AUDIT_CHAIN_BATCH, audit_chain_first_broken


def _unkeyed(entry: AuditEntry, previous: str) -> str:
    """The hash the chain used before it was keyed (plain SHA-256 of the same payload)."""
    return hashlib.sha256(entry.hash_payload(previous)).hexdigest()


class Command(BaseCommand):
    help = "Re-key the audit chain with OCOP_AUDIT_KEY after checking the old unkeyed chain."

    def handle(self, *args, **options):
        if audit_chain_first_broken() is None:
            self.stdout.write("The audit chain is already keyed and intact.")
            return
        with transaction.atomic():
            old_previous, new_previous, last_id, count = "", "", 0, 0
            while batch := list(
                AuditEntry.objects.select_for_update(no_key=True)
                .filter(id__gt=last_id)
                .order_by("id")[:AUDIT_CHAIN_BATCH]
            ):
                for entry in batch:
                    if entry.previous_hash != old_previous or _unkeyed(entry, old_previous) != entry.entry_hash:
                        raise CommandError(f"The unkeyed chain is broken at entry #{entry.pk}: nothing re-keyed.")
                    old_previous = entry.entry_hash
                    entry.previous_hash = new_previous
                    entry.entry_hash = entry.compute_hash()
                    new_previous = entry.entry_hash
                AuditEntry.objects.bulk_update(batch, ["previous_hash", "entry_hash"])
                last_id, count = batch[-1].id, count + len(batch)
        self.stdout.write(f"Audit chain re-keyed: {count} entries.")
