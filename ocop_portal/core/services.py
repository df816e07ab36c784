"""Writes shared by every app: the audit trail and notifications."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from .enums import EmailFrequency
from .jobs import task_named
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

    Side effects: Notification rows now; those of recipients with an address who take e-mail are
    marked email_pending. For recipients who take one mail per notice, a Celery task is queued
    after the surrounding transaction commits (if the broker is down the action still succeeds
    and the periodic outbox flush sends them later); the others' copies wait for the daily digest.
    """
    users = [user for user in recipients if user is not None and user.is_active]
    notes = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                subject=subject[:255],
                body=body,
                url=url,
                email_pending=bool(user.email) and user.notification_email != EmailFrequency.NONE,
            )
            for user in users
        ]
    )
    immediate = [
        note.pk for note in notes if note.email_pending and note.recipient.notification_email == EmailFrequency.EACH
    ]
    if immediate:
        transaction.on_commit(lambda: _queue_emails(immediate))
    return notes


def _queue_emails(notification_ids: list[int]) -> None:
    from kombu.exceptions import OperationalError

    try:
        # Named, not imported: core.tasks imports this module (see jobs.task_named).
        task_named("ocop_portal.core.tasks.send_notification_emails").delay(notification_ids=notification_ids)
    except OperationalError:
        # Broker unreachable: the rows stay pending and flush_notification_outbox sends them.
        logger.warning("Broker unreachable; %d notification e-mails left in the outbox", len(notification_ids))


def notifications_send_emails(*, notification_ids: Iterable[int] | None = None) -> int:
    """Send the pending one-per-notice e-mail copies (all of them, or those given) and mark each
    one sent. Copies owed to digest readers are left to notifications_send_digests.

    Side effects: one e-mail per notification. Each is claimed in its own transaction with
    SELECT … FOR UPDATE SKIP LOCKED, so two workers never send the same one, and an SMTP failure
    leaves only the unsent ones pending.
    """
    candidates = Notification.objects.filter(email_pending=True, recipient__notification_email=EmailFrequency.EACH)
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
            _mark_emailed([note])
            sent += 1
    return sent


def notifications_send_digests() -> int:
    """Send each digest reader one e-mail listing every notice still owed to them, oldest first.

    Side effects: at most one e-mail per user. A user's pending rows are claimed together in one
    transaction (FOR UPDATE SKIP LOCKED): two runs never send the same notice twice, and an SMTP
    failure leaves that user's notices pending for the next run. Returns the number of e-mails.
    """
    recipients = (
        Notification.objects.filter(email_pending=True, recipient__notification_email=EmailFrequency.DAILY)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(recipients):
        with transaction.atomic():
            notes = list(
                Notification.objects.select_for_update(no_key=True, skip_locked=True, of=("self",))
                .filter(recipient_id=recipient_id, email_pending=True)
                .select_related("recipient")
                .order_by("created_at", "id")
            )
            if not notes:
                continue
            subject, text = _digest(notes)
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [notes[0].recipient.email], fail_silently=False)
            _mark_emailed(notes)
            sent += 1
    return sent


def _digest(notes: list[Notification]) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext("Cổng OCOP: %(count)d thông báo mới", "Cổng OCOP: %(count)d thông báo mới", len(notes)) % {
            "count": len(notes)
        }
        blocks = []
        for note in notes:
            lines = [f"{timezone.localtime(note.created_at):%d/%m/%Y %H:%M} — {note.subject}"]
            if note.body:
                lines.append(note.body)
            if note.url:
                lines.append(note.url)
            blocks.append("\n".join(lines))
        footer = gettext("Đổi cách nhận thư thông báo tại trang Tài khoản của cổng.")
    return subject, "\n\n".join([*blocks, footer])


def _mark_emailed(notes: list[Notification]) -> None:
    now = timezone.now()
    Notification.objects.filter(pk__in=[note.pk for note in notes]).update(email_pending=False, emailed_at=now)


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; returns how many changed."""
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def notification_email_set(*, user, frequency: str) -> None:
    """Change how `user` receives e-mail copies. Choosing none drops the copies still owed."""
    user.notification_email = frequency
    user.save(update_fields=["notification_email"])
    if frequency == EmailFrequency.NONE:
        user.notifications.filter(email_pending=True).update(email_pending=False)
