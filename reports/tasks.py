"""Celery tasks for reports: thin (an id in, one service call), retried on transient errors."""

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import services
from .models import ReportRequest

logger = logging.getLogger(__name__)


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Reached when retries are exhausted or the hard time limit killed the run.
        services.report_request_fail(request_id=kwargs.get("request_id"), error=f"{type(exc).__name__}: {exc}")


@shared_task(
    base=ReportTask,
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker's job goes back to the queue and runs again
    autoretry_for=services.TRANSIENT_ERRORS,
    max_retries=3,
    retry_backoff=5,
    retry_backoff_max=60,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
)
def generate_annual_report(*, request_id: int) -> None:
    """Render a report request: a province's annual report or the national summary (its kind)."""
    report = ReportRequest.objects.select_related("province").filter(pk=request_id).first()
    if report is None:
        logger.warning("report request %s is gone; nothing to generate", request_id)
        return
    try:
        services.report_request_run(report=report)
    except SoftTimeLimitExceeded:
        services.report_request_fail(request_id=request_id, error="Quá thời gian cho phép khi tạo báo cáo.")


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def sweep_lost_report_requests() -> int:
    return services.report_requests_sweep()
