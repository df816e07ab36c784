"""Writes shared by every app: the audit trail and notifications."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEntry, Notification

logger = logging.getLogger(__name__)

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


AUDIT_CHAIN_BATCH = 2000


def audit_chain_first_broken() -> AuditEntry | None:
    """The first entry whose hash or link does not match, or None when the chain is intact."""
    previous, last_id = "", 0
    while batch := list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:AUDIT_CHAIN_BATCH]):
        for entry in batch:  # by key, in batches: memory stays flat however long the log grows
            if entry.previous_hash != previous or entry.compute_hash() != entry.entry_hash:
                return entry
            previous = entry.entry_hash
        last_id = batch[-1].id
    return None


def notify(*, recipients: Iterable, subject: str, body: str = "", url: str = "") -> list[Notification]:
    """Create an in-portal notification for each recipient; e-mail copies go through the outbox.

    Side effects: Notification rows now (those with an address marked email_pending). After the
    surrounding transaction commits, a Celery task is queued to send the e-mails; if the broker
    is down the action still succeeds and the periodic outbox flush sends them later.
    """
    users = [user for user in recipients if user is not None and user.is_active]
    notes = Notification.objects.bulk_create(
        [
            Notification(recipient=user, subject=subject[:255], body=body, url=url, email_pending=bool(user.email))
            for user in users
        ]
    )
    pending = [note.pk for note in notes if note.email_pending]
    if pending:
        transaction.on_commit(lambda: _queue_emails(pending))
    return notes


def _queue_emails(notification_ids: list[int]) -> None:
    from kombu.exceptions import OperationalError

    from .tasks import send_notification_emails

    try:
        send_notification_emails.delay(notification_ids=notification_ids)
    except OperationalError:
        # Broker unreachable: the rows stay pending and flush_notification_outbox sends them.
        logger.warning("Broker unreachable; %d notification e-mails left in the outbox", len(notification_ids))


def notifications_send_emails(*, notification_ids: Iterable[int] | None = None) -> int:
    """Send the pending e-mail copies (all of them, or those given) and mark each one sent.

    Side effects: one e-mail per notification. Each is claimed in its own transaction with
    SELECT … FOR UPDATE SKIP LOCKED, so two workers never send the same one, and an SMTP failure
    leaves only the unsent ones pending.
    """
    candidates = Notification.objects.filter(email_pending=True)
    if notification_ids is not None:
        candidates = candidates.filter(pk__in=list(notification_ids))
    sent = 0
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            note = (
                Notification.objects.select_for_update(no_key=True, skip_locked=True, of=("self",))
                .filter(pk=pk, email_pending=True)
                .select_related("recipient")
                .first()
            )
            if note is None:
                continue
            text = f"{note.body}\n\n{note.url}" if note.url else note.body
            send_mail(note.subject, text, settings.DEFAULT_FROM_EMAIL, [note.recipient.email], fail_silently=False)
            note.email_pending = False
            note.emailed_at = timezone.now()
            note.save(update_fields=["email_pending", "emailed_at"])
            sent += 1
    return sent
