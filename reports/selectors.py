"""Reads for the reports pages, already scoped to what the user may see."""

from .models import ReportNarrative, ReportRequest, YearPlan


def report_requests_visible_to(user):
    """Province staff see their province's requests; nobody else sees any."""
    if not user.is_authenticated or not user.staff_province_id:
        return ReportRequest.objects.none()
    return ReportRequest.objects.filter(province_id=user.staff_province_id).select_related("requested_by", "province")


def report_years(user, year: int) -> list[int]:
    """Years with requests or narratives, the one on screen and the two before it, newest first."""
    province_id = user.staff_province_id
    years = set(ReportRequest.objects.filter(province_id=province_id).values_list("year", flat=True))
    years |= set(ReportNarrative.objects.filter(province_id=province_id).values_list("year", flat=True))
    return sorted(years | {year, year - 1, year - 2}, reverse=True)


def narrative_for(province, year: int) -> ReportNarrative:
    return ReportNarrative.objects.filter(province=province, year=year).first() or ReportNarrative(
        province=province, year=year
    )


def plan_for(province, year: int) -> YearPlan:
    return YearPlan.objects.filter(province=province, year=year).first() or YearPlan(province=province, year=year)
