"""What every background job with progress shares (the annual report's requests, the evaluation
jobs): its four states' allowed moves, which errors are worth another attempt, and when a job
that stopped moving counts as lost. Each app keeps its own model, enum and transition function."""

import datetime

from django.db import InterfaceError, OperationalError, transaction
from django.utils.module_loading import import_string

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

# Errors worth another attempt (a database restart, a dropped connection): the task retries them.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# A job that has not moved for this long is lost (its worker died, or no worker ever took it).
RUNNING_LOST_AFTER = datetime.timedelta(minutes=30)
QUEUED_LOST_AFTER = datetime.timedelta(hours=2)
MAX_ATTEMPTS = 5

TRANSITIONS = {
    (QUEUED, RUNNING),
    (RUNNING, RUNNING),  # redelivered after a worker was lost (acks_late) or a transient error
    (RUNNING, DONE),
    (RUNNING, FAILED),
    (QUEUED, FAILED),  # the sweeper: no worker took it
    (FAILED, QUEUED),  # Retry
}


def stamp(job, to: str, *, now: datetime.datetime, error: str = "") -> None:
    """Set the fields a move to `to` implies on a job row (not saved): state, start time and
    attempt count, finish time and progress, the error, or a clean slate on a retry."""
    job.state = to
    if to == RUNNING:
        job.started_at, job.attempts, job.error = now, job.attempts + 1, ""
    elif to == DONE:
        job.finished_at, job.progress = now, 100
    elif to == FAILED:
        job.finished_at, job.error = now, error[:5000]
    elif to == QUEUED:
        job.progress, job.error, job.started_at, job.finished_at = 0, "", None, None


def task_named(path: str):
    """The Celery task at the dotted `path`, imported when it is sent.

    A task module imports the services it runs (a task is one service call), so a service that
    queues a task names it rather than importing it: the two modules never import each other
    (issue 22; `hardening/test_import_direction.py` refuses the circle).
    """
    return import_string(path)


def enqueue_on_commit(path: str, **kwargs) -> None:
    """Send the task at `path` with `kwargs` once the transaction commits. robust: a broker outage
    must not fail the page after the job's row was saved; the job's sweeper marks a job nobody
    took as failed, and its page offers Retry."""
    transaction.on_commit(lambda: task_named(path).delay(**kwargs), robust=True)
