"""Writes shared by every app: the audit trail and notifications."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import connection, models, transaction

from .models import AuditEntry, Notification

# Any constant works; it only has to be the same for every writer of the audit chain.
_AUDIT_CHAIN_LOCK = 7_342_001


def model_changes(before: dict, instance: models.Model, fields: Iterable[str]) -> dict:
    """The fields whose value differs between `before` (a snapshot) and `instance`, as text."""
    changes = {}
    for field in fields:
        old, new = before.get(field), getattr(instance, field)
        if old != new:
            changes[field] = [_as_text(old), _as_text(new)]
    return changes


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    return {field: getattr(instance, field) for field in fields}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def audit_log(*, actor, action: str, obj: models.Model, changes: dict | None = None, note: str = "") -> AuditEntry:
    """Append one chained entry to the audit log.

    Side effects: one AuditEntry row. On PostgreSQL a transaction-level advisory lock serialises
    writers so the hash chain has one order; SQLite serialises writes by itself.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_AUDIT_CHAIN_LOCK])
        previous = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first() or ""
        entry = AuditEntry(
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:255],
            changes=changes or {},
            note=note,
            previous_hash=previous,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
    return entry


def audit_chain_first_broken() -> AuditEntry | None:
    """The first entry whose hash or link does not match, or None when the chain is intact."""
    previous = ""
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous or entry.compute_hash() != entry.entry_hash:
            return entry
        previous = entry.entry_hash
    return None


def notify(*, recipients: Iterable, subject: str, body: str = "", url: str = "") -> list[Notification]:
    """Create an in-portal notification for each recipient and e-mail those with an address.

    Side effects: Notification rows now; the e-mails are sent after the surrounding transaction
    commits, so a rolled-back action sends nothing.
    """
    users = [user for user in recipients if user is not None and user.is_active]
    notes = Notification.objects.bulk_create(
        [Notification(recipient=user, subject=subject[:255], body=body, url=url) for user in users]
    )
    addresses = sorted({user.email for user in users if user.email})
    if addresses:
        text = f"{body}\n\n{url}" if url else body
        transaction.on_commit(
            lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, addresses, fail_silently=False)
        )
    return notes
