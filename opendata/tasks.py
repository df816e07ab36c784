"""Celery tasks of the open-data app (beat: CELERY_BEAT_SCHEDULE)."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from .services import snapshot_publish

logger = logging.getLogger(__name__)


@shared_task(name="opendata.publish_register_snapshot", acks_late=True, soft_time_limit=10 * 60, time_limit=12 * 60)
def publish_register_snapshot(*, on: str | None = None) -> dict:
    """The scheduled snapshot: the register as of `on` (ISO date), by default the province's
    local today. Safe to re-run: a date already published is returned as it is."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    snapshot = snapshot_publish(day=day)
    logger.info("Open-data snapshot %s: %s records", snapshot.as_of, snapshot.records)
    return {"as_of": snapshot.as_of.isoformat(), "records": snapshot.records}
