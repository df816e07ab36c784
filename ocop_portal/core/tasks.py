from celery import shared_task

from .services import notifications_send_digests, notifications_send_emails


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_notification_emails(*, notification_ids: list[int]) -> int:
    return notifications_send_emails(notification_ids=notification_ids)


@shared_task(acks_late=True)
def anchor_audit_chain() -> dict | None:
    """Nightly: the audit chain's head appended outside the database (core/audit_anchor.py)."""
    from .audit_anchor import audit_anchor_write

    return audit_anchor_write()


@shared_task(acks_late=True)
def flush_notification_outbox() -> int:
    """Periodic: send e-mail copies left pending (broker or SMTP was down when they were made)."""
    return notifications_send_emails()


@shared_task(acks_late=True)
def send_notification_digests() -> int:
    """Daily: one e-mail per digest reader with the notices of the day (accounts' default)."""
    return notifications_send_digests()
