"""Celery tasks of the evaluation app: thin wrappers that call one service."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from .services.certificates import certificates_refresh_statuses

logger = logging.getLogger(__name__)


@shared_task(name="evaluation.refresh_certificate_statuses")
def refresh_certificate_statuses(*, on: str | None = None) -> dict:
    """The daily certificate job (beat: CELERY_BEAT_SCHEDULE). `on` (ISO date) replays a given
    day; by default the province's local today. Safe to re-run: the service is idempotent."""
    today = datetime.date.fromisoformat(on) if on else timezone.localdate()
    result = certificates_refresh_statuses(today)
    summary = {"date": today.isoformat(), "moved": dict(result.moved), "notices": dict(result.notices)}
    logger.info("Certificate statuses refreshed: %s", summary)
    return summary
