"""Reads for the reports pages, already scoped to what the user may see."""

from django.db.models import Min, Q

from evaluation.models import Round
from ocop_portal.core.jurisdiction import in_province
from ocop_portal.core.years import year_options

from .enums import ReportKind
from .models import ReportNarrative, ReportRequest, YearPlan


def report_requests_visible_to(user):
    """Province staff see their province's annual reports, superusers the national summaries;
    nobody else sees any."""
    if not user.is_authenticated:
        return ReportRequest.objects.none()
    visible = Q()
    if user.staff_province_id:
        visible |= Q(kind=ReportKind.PROVINCE, province_id=user.staff_province_id)
    if user.is_superuser:
        visible |= Q(kind=ReportKind.NATIONAL)
    if not visible:
        return ReportRequest.objects.none()
    return ReportRequest.objects.filter(visible).select_related("requested_by", "province")


def annual_reports_visible_to(user):
    return report_requests_visible_to(user).filter(kind=ReportKind.PROVINCE)


def national_summaries_visible_to(user):
    return report_requests_visible_to(user).filter(kind=ReportKind.NATIONAL)


def report_years(user, year: int) -> list[int]:
    """From the province's first year with rounds, requests or narratives to this year (and the
    one on screen), newest first."""
    province_id = user.staff_province_id
    firsts = [
        annual_reports_visible_to(user).aggregate(first=Min("year"))["first"],
        ReportNarrative.objects.filter(province_id=province_id).aggregate(first=Min("year"))["first"],
        Round.objects.filter(in_province(province_id)).aggregate(first=Min("year"))["first"],
    ]
    return year_options([first for first in firsts if first is not None], year)


def national_summary_years(user, year: int) -> list[int]:
    """From the first year with rounds anywhere or national summaries to this year (and the one
    on screen), newest first."""
    firsts = [
        national_summaries_visible_to(user).aggregate(first=Min("year"))["first"],
        Round.objects.aggregate(first=Min("year"))["first"],
    ]
    return year_options([first for first in firsts if first is not None], year)


def narrative_for(province, year: int) -> ReportNarrative:
    return ReportNarrative.objects.filter(province=province, year=year).first() or ReportNarrative(
        province=province, year=year
    )


def plan_for(province, year: int) -> YearPlan:
    return YearPlan.objects.filter(province=province, year=year).first() or YearPlan(province=province, year=year)
