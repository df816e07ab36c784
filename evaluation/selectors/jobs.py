"""Reads for background jobs: who sees which (the same scope as rules.fairness.sees_job, as a query)."""

from django.db.models import Q, QuerySet

from ocop_portal.core.jurisdiction import in_province

from ..enums import JobKind, Level
from ..models import CouncilMember, Job, Round

JOBS_SHOWN = 5


def jobs_visible_to(user) -> QuerySet[Job]:
    """Province staff: every job of their province. A district officer: their district council's
    packs. A council member: their councils' packs."""
    if not user.is_authenticated:
        return Job.objects.none()
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(
            kind=JobKind.COUNCIL_PACK, council__level=Level.DISTRICT, council__jurisdiction_id=user.officer_district_id
        )
    seats = CouncilMember.objects.filter(user=user, active=True).values("council_id")
    scope |= Q(kind=JobKind.COUNCIL_PACK, council_id__in=seats)
    return Job.objects.filter(scope).select_related("requested_by", "council")


def jobs_for_target(target: str, limit: int = JOBS_SHOWN) -> list[Job]:
    """The latest jobs for one target, newest first (the caller has checked who may see them)."""
    return list(Job.objects.filter(target=target).select_related("requested_by").order_by("-created_at", "-id")[:limit])


def round_years(province_id: int) -> list[int]:
    return list(Round.objects.filter(province_id=province_id).values_list("year", flat=True).distinct().order_by())
