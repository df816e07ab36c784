"""Reads for the reports pages, already scoped to what the user may see."""

from django.db.models import Q

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
    """Years with requests or narratives, the one on screen and the two before it, newest first."""
    province_id = user.staff_province_id
    years = set(annual_reports_visible_to(user).values_list("year", flat=True))
    years |= set(ReportNarrative.objects.filter(province_id=province_id).values_list("year", flat=True))
    return sorted(years | {year, year - 1, year - 2}, reverse=True)


def national_summary_years(user, year: int) -> list[int]:
    """Years with national summaries, the one on screen and the two before it, newest first."""
    years = set(national_summaries_visible_to(user).values_list("year", flat=True))
    return sorted(years | {year, year - 1, year - 2}, reverse=True)


def narrative_for(province, year: int) -> ReportNarrative:
    return ReportNarrative.objects.filter(province=province, year=year).first() or ReportNarrative(
        province=province, year=year
    )


def plan_for(province, year: int) -> YearPlan:
    return YearPlan.objects.filter(province=province, year=year).first() or YearPlan(province=province, year=year)
