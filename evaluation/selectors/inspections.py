"""Inspection reads (QĐ 26/2026 Art. 9). Pages and the API start from `inspections_visible_to`:
an inspection outside it is a 404."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ocop_portal.core.jurisdiction import in_province

from ..models import FindingFile, Inspection, InspectionFinding, InspectionPlan, MisuseReport
from ..models.inspections import InspectionState

LIST_RELATIONS = ("certificate", "certificate__product", "certificate__producer", "plan")


def inspections_visible_to(user) -> QuerySet[Inspection]:
    """Province staff: their province's; a commune officer: those of their commune's products
    (read-only); a producer user: the concluded ones of their own products (an ad-hoc inspection
    is not announced before its conclusion); a user with several roles the union; others nothing."""
    queryset = Inspection.objects.select_related(*LIST_RELATIONS).order_by("-planned_on", "-id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.officer_commune_id:
        scope |= Q(certificate__product__commune_id=user.officer_commune_id)
    membership = getattr(user, "producer_membership", None)
    if membership is not None:
        scope |= Q(certificate__producer_id=membership.producer_id, state=InspectionState.CONCLUDED)
    return queryset.filter(scope)


def inspection_list(user, *, state: str = "", kind: str = "", plan=None, year: int | None = None):
    """The list page's rows, with each inspection's number of findings and of breaches."""
    queryset = inspections_visible_to(user).annotate(
        finding_count=Count("findings", distinct=True),
        breach_count=Count("findings", filter=Q(findings__breach=True), distinct=True),
    )
    if state:
        queryset = queryset.filter(state=state)
    if kind:
        queryset = queryset.filter(kind=kind)
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    if year:
        queryset = queryset.filter(planned_on__year=year)
    return queryset


def inspection_plans_visible_to(user) -> QuerySet[InspectionPlan]:
    """Plans are the province's working papers: its staff (and superusers) only."""
    queryset = InspectionPlan.objects.select_related("province").order_by("-year", "-id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if user.staff_province_id:
        return queryset.filter(in_province(user.staff_province_id))
    return queryset.none()


def inspection_detail_for(user) -> QuerySet[Inspection]:
    """One inspection with its findings, their files and their revocation decisions."""
    findings = InspectionFinding.objects.select_related("revocation_decision").prefetch_related(
        Prefetch("files", queryset=FindingFile.objects.order_by("id"))
    )
    return inspections_visible_to(user).prefetch_related(
        Prefetch("findings", queryset=findings.order_by("id")),
        Prefetch("misuse_reports", queryset=MisuseReport.objects.order_by("created_at", "id")),
    )
