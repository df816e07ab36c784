"""Background jobs of the evaluation app (evaluation.models.Job): request, run, fail, retry, sweep.

Each kind has one builder (JOB_BUILDERS) that does the work and reports progress; this module
holds the state machine around it. Everything that changes Job.state goes through
job_transition().
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.jobs import (
    MAX_ATTEMPTS,
    QUEUED_LOST_AFTER,
    RUNNING_LOST_AFTER,
    TRANSIENT_ERRORS,
    TRANSITIONS,
    enqueue_on_commit,
    stamp,
)
from ocop_portal.core.services import audit_log

from ..enums import JobKind
from ..enums import JobState as S
from ..models import Job

logger = logging.getLogger(__name__)


@dataclass
class JobOutput:
    """What a builder hands back: a file to keep (an open file object, read from the start) and
    plain JSON to store on the job."""

    result: dict = field(default_factory=dict)
    file_name: str = ""
    file: object = None


# kind → "module:function"; each builder is called as builder(job, on_progress) -> JobOutput and
# raises ValidationError with a message for the user when the job cannot be done.
JOB_BUILDERS = {
    JobKind.FAIRNESS_YEAR: "evaluation.services.fairness:fairness_year_build",
    JobKind.COUNCIL_PACK: "evaluation.bundles.council_pack:council_pack_build",
    JobKind.DOSSIER_BUNDLE: "evaluation.bundles.dossier_bundle:dossier_bundle_build",
    JobKind.MINISTRY_PACKAGE: "evaluation.bundles.ministry:ministry_package_build",
}


def _builder(kind: str) -> Callable:
    module, name = JOB_BUILDERS[kind].split(":")
    return getattr(import_module(module), name)


def job_transition(job: Job, to: str, *, by=None, error: str = "", output: JobOutput | None = None) -> Job:
    """Move `job` to `to` if the table allows it; returns the saved row.

    Side effects: locks the row; sets timestamps, attempts and progress as the state implies;
    stores the output's file and result on DONE; writes an audit entry. Raises ValidationError
    for a transition the table forbids.
    """
    with transaction.atomic():
        locked = Job.objects.select_for_update(no_key=True).get(pk=job.pk)
        if (locked.state, to) not in TRANSITIONS:
            labels = {"from": S(locked.state).label, "to": S(to).label}
            raise ValidationError(_("Không thể chuyển việc từ “%(from)s” sang “%(to)s”.") % labels)
        previous = locked.state
        stamp(locked, to, now=timezone.now(), error=error)
        if to == S.DONE and output is not None:
            locked.result = output.result
            if output.file is not None:
                output.file.seek(0)
                locked.file.save(output.file_name, File(output.file), save=False)
        elif to == S.QUEUED:
            if locked.file:
                locked.file.delete(save=False)
            locked.result = {}
        locked.save()
        audit_log(actor=by, action=f"job.{to}", obj=locked, changes={"state": [previous, to]}, note=error)
    job.refresh_from_db()
    return job


def _enqueue(job: Job) -> None:
    enqueue_on_commit("evaluation.tasks.run_job", job_id=job.pk)


def job_request(*, kind: str, target: str, province, by, council=None, dossier=None, year: int | None = None) -> Job:
    """A new job for `target`, or the one already queued or running for it.

    Side effects: a Job row, an audit entry, the task queued after commit. Who may ask is the
    caller's rule (each kind's page checks it).
    """
    for _attempt in range(3):
        try:
            with transaction.atomic():
                active = Job.objects.filter(target=target, state__in=S.active_states()).first()
                if active is not None:
                    return active
                job = Job.objects.create(
                    kind=kind,
                    target=target,
                    province=province,
                    council=council,
                    dossier=dossier,
                    year=year,
                    requested_by=by,
                )
                audit_log(actor=by, action="job.queued", obj=job, changes={"kind": kind, "target": target})
                _enqueue(job)
                return job
        except IntegrityError:
            continue  # another request queued the same target first: return that one
    raise ValidationError(_("Không tạo được yêu cầu, hãy thử lại."))


def job_retry(*, job: Job, by) -> Job:
    """Queue a failed job again. Side effects: transition to queued (the old file dropped), the
    task queued after commit. Raises ValidationError unless the job failed."""
    with transaction.atomic():
        job = job_transition(job, S.QUEUED, by=by)
        _enqueue(job)
    return job


def job_progress(job: Job, value: int) -> None:
    """Record progress (0–100) while running; a cheap UPDATE the status fragment polls."""
    Job.objects.filter(pk=job.pk, state=S.RUNNING).update(progress=max(0, min(value, 99)), updated_at=timezone.now())


def job_run(*, job: Job) -> Job:
    """Do a queued (or redelivered running) job; a done or failed one is left alone, so running
    the task twice builds once.

    Side effects: state running → done with the builder's output, or → failed with the reason.
    Transient database errors propagate so the task can retry them.
    """
    if job.state not in S.active_states():
        logger.info("job %s is %s: nothing to do", job.pk, job.state)
        return job
    if job.attempts >= MAX_ATTEMPTS:
        return job_transition(job, S.FAILED, error=_("Đã chạy quá %(n)s lần mà không xong.") % {"n": MAX_ATTEMPTS})
    job = job_transition(job, S.RUNNING)
    try:
        output = _builder(job.kind)(job, lambda value: job_progress(job, value))
    except TRANSIENT_ERRORS:
        raise
    except ValidationError as refusal:
        return job_transition(job, S.FAILED, error=" ".join(refusal.messages))
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        return job_transition(job, S.FAILED, error=f"{type(exc).__name__}: {exc}")
    try:
        return job_transition(job, S.DONE, output=output)
    finally:
        if output.file is not None:
            output.file.close()


def job_fail(*, job_id: int, error: str) -> None:
    """Record a failure the task could not retry away (retries exhausted, time limit)."""
    job = Job.objects.filter(pk=job_id, state__in=S.active_states()).first()
    if job is not None:
        job_transition(job, S.FAILED, error=error)


def jobs_sweep(*, now: datetime.datetime | None = None) -> int:
    """Mark jobs that stopped moving as failed ("lost job"); returns how many. The page then
    offers Retry."""
    now = now or timezone.now()
    lost = list(
        Job.objects.filter(state=S.RUNNING, updated_at__lt=now - RUNNING_LOST_AFTER)
        | Job.objects.filter(state=S.QUEUED, updated_at__lt=now - QUEUED_LOST_AFTER)
    )
    for job in lost:
        try:
            job_transition(
                job,
                S.FAILED,
                error=_("Mất tiến trình: việc không tiến triển từ %(time)s (máy chạy nền dừng hoặc không nhận việc).")
                % {"time": timezone.localtime(job.updated_at).strftime("%H:%M %d/%m/%Y")},
            )
        except ValidationError:
            continue  # it finished meanwhile
    return len(lost)
