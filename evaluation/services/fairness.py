"""The department's yearly table of council members (leniency, reconciliation trips, recusals),
built by a Celery job (evaluation.services.jobs) and stored on it."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..enums import JobKind
from ..models import Job
from ..rules.fairness import sees_member_fairness
from ..selectors.fairness import fairness_year_table
from .jobs import JobOutput, job_request


def fairness_target(province_id: int, year: int) -> str:
    return f"fairness:{province_id}:{year}"


def fairness_year_request(*, province, year: int, by) -> Job:
    """Queue the computation of `province`'s table for `year` (or return the one running).
    Side effects: a Job row, an audit entry, the task queued after commit."""
    if not sees_member_fairness(by, province):
        raise PermissionDenied(_("Chỉ cán bộ Sở của tỉnh xem được thống kê thành viên Hội đồng."))
    return job_request(
        kind=JobKind.FAIRNESS_YEAR, target=fairness_target(province.pk, year), province=province, year=year, by=by
    )


def fairness_year_build(job: Job, on_progress) -> JobOutput:
    on_progress(10)
    return JobOutput(result=fairness_year_table(province_id=job.province_id, year=job.year))
