"""Celery tasks of the evaluation app: thin wrappers that call one service."""

import datetime
import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job
from .services.certificates import certificates_refresh_statuses
from .services.jobs import TRANSIENT_ERRORS, job_fail, job_run, jobs_sweep

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


class JobTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Reached when retries are exhausted or the hard time limit killed the run.
        job_fail(job_id=kwargs.get("job_id"), error=f"{type(exc).__name__}: {exc}")


@shared_task(
    name="evaluation.run_job",
    base=JobTask,
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker's job goes back to the queue and runs again
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    retry_backoff=5,
    retry_backoff_max=60,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
)
def run_job(*, job_id: int) -> None:
    """A fairness table, a council pack or a dossier bundle (evaluation.services.jobs)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s is gone; nothing to do", job_id)
        return
    try:
        job_run(job=job)
    except SoftTimeLimitExceeded:
        job_fail(job_id=job_id, error=_("Quá thời gian cho phép (10 phút): hãy thử lại hoặc chia nhỏ việc."))


@shared_task(name="evaluation.sweep_lost_jobs", acks_late=True, soft_time_limit=60, time_limit=90)
def sweep_lost_jobs() -> int:
    return jobs_sweep()


@shared_task(name="evaluation.dossier_clock_reminders")
def dossier_clock_reminders(*, on: str | None = None) -> int:
    """The daily reminder of the commune's working-day clock (beat: CELERY_BEAT_SCHEDULE)."""
    from .services.clocks import clock_reminders

    today = datetime.date.fromisoformat(on) if on else timezone.localdate()
    return clock_reminders(today)


@shared_task(name="evaluation.province_clock_reminders")
def province_clock_reminders(*, on: str | None = None) -> int:
    """The daily reminder of the re-evaluation (45 days) and transition (Art. 12) clocks."""
    from .services.province_clocks import day_clock_reminders

    today = datetime.date.fromisoformat(on) if on else timezone.localdate()
    return day_clock_reminders(today)
