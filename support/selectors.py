"""Reads for support money, already scoped to what the user may see.

Province staff see their province; a district officer sees the grants of producers in their
district (and the budget lines they may propose against); a producer user sees their own grants.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.core.templatetags.ocop import format_vnd
from products.models import Producer, Product

from .enums import CATEGORY_UNIT_LABELS, COMMITTED_STATES, FundingSource, GrantState, SupportCategory
from .models import AwardPolicy, BudgetLine, Disbursement, SupportGrant


def _producer_id_of(user) -> int | None:
    membership = getattr(user, "producer_membership", None)
    return membership.producer_id if membership is not None else None


def _committed_subquery(line_ref: str = "pk"):
    committed = (
        SupportGrant.objects.filter(budget_line=OuterRef(line_ref), state__in=COMMITTED_STATES)
        .order_by()
        .values("budget_line")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(committed, output_field=IntegerField()), Value(0))


def _paid_on_line_subquery():
    paid = (
        Disbursement.objects.filter(grant__budget_line=OuterRef("pk"))
        .order_by()
        .values("grant__budget_line")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(paid, output_field=IntegerField()), Value(0))


def _paid_on_grant_subquery():
    paid = (
        Disbursement.objects.filter(grant=OuterRef("pk"))
        .order_by()
        .values("grant")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(paid, output_field=IntegerField()), Value(0))


def budget_lines_visible_to(user) -> QuerySet[BudgetLine]:
    """Lines with `committed`, `paid` and `remaining` annotated.

    Province staff: their province's lines. District officers: the province-wide lines of their
    province and their district's lines (to propose against; read-only). Others: none.
    """
    lines = BudgetLine.objects.none()
    if not user.is_authenticated:
        return lines
    if user.staff_province_id:
        lines = BudgetLine.objects.filter(province_id=user.staff_province_id)
    elif user.officer_district_id:
        officer_province = AdministrativeUnit.objects.filter(pk=user.officer_district_id).values("parent_id")
        lines = BudgetLine.objects.filter(
            Q(district_id=user.officer_district_id) | Q(district__isnull=True, province_id=Subquery(officer_province))
        )
    return (
        lines.select_related("province", "district")
        .annotate(committed=_committed_subquery(), paid=_paid_on_line_subquery())
        .annotate(remaining=F("allocated_amount") - F("committed"))
        .order_by("-year", "category", "funding_source", "id")
    )


def grants_visible_to(user) -> QuerySet[SupportGrant]:
    """Grants with `paid` annotated and what a list shows already joined."""
    if not user.is_authenticated:
        return SupportGrant.objects.none()
    scope = Q()
    if user.staff_province_id:
        scope |= Q(budget_line__province_id=user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(producer__district_id=user.officer_district_id)
    producer_id = _producer_id_of(user)
    if producer_id is not None:
        scope |= Q(producer_id=producer_id)
    if not scope:
        return SupportGrant.objects.none()
    return (
        SupportGrant.objects.filter(scope)
        .select_related("producer", "producer__district", "product", "budget_line")
        .annotate(paid=_paid_on_grant_subquery())
        .order_by("-created_at", "-id")
    )


def grants_for_producer(user, producer: Producer) -> QuerySet[SupportGrant]:
    """A producer's support history as far as `user` may see it (for the producer page)."""
    return grants_visible_to(user).filter(producer=producer).order_by("-budget_line__year", "-created_at", "-id")


def producers_in_scope(user) -> QuerySet[Producer]:
    """Producers a user may propose support for (staff: province; officer: district)."""
    if user.is_authenticated and user.staff_province_id:
        return Producer.objects.filter(province_id=user.staff_province_id).select_related("district")
    if user.is_authenticated and user.officer_district_id:
        return Producer.objects.filter(district_id=user.officer_district_id).select_related("district")
    return Producer.objects.none()


def producers_visible_to(user) -> QuerySet[Producer]:
    """Producers whose support history `user` may open."""
    producer_id = _producer_id_of(user)
    if producer_id is not None and not (user.staff_province_id or user.officer_district_id):
        return Producer.objects.filter(pk=producer_id)
    scope = producers_in_scope(user)
    if producer_id is not None:
        scope = scope | Producer.objects.filter(pk=producer_id)
    return scope


def products_in_scope(user) -> QuerySet[Product]:
    return Product.objects.filter(producer__in=producers_in_scope(user)).select_related("producer")


def award_policy_for(user, year: int) -> AwardPolicy | None:
    if not (user.is_authenticated and user.staff_province_id):
        return None
    return AwardPolicy.objects.filter(province_id=user.staff_province_id, year=year).first()


def grant_years_visible_to(user) -> list[int]:
    years = budget_lines_visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


# The budget overview ----------------------------------------------------------------------------


@dataclass
class MoneyRow:
    key: str
    label: str
    allocated: int = 0
    committed: int = 0
    paid: int = 0

    @property
    def remaining(self) -> int:
        return self.allocated - self.committed


@dataclass
class BudgetOverview:
    year: int
    lines: list = field(default_factory=list)
    by_source: list[MoneyRow] = field(default_factory=list)
    by_category: list[MoneyRow] = field(default_factory=list)
    total: MoneyRow | None = None


def budget_overview(user, year: int) -> BudgetOverview:
    """Allocated, committed (approved grants), paid and remaining for a year, per source and
    per category, from one query over the year's lines."""
    lines = list(budget_lines_visible_to(user).filter(year=year))
    by_source = {source: MoneyRow(source.value, source.label) for source in FundingSource}
    by_category = {category: MoneyRow(category.value, category.label) for category in SupportCategory}
    total = MoneyRow("total", "")
    for line in lines:
        for row in (by_source[line.funding_source], by_category[line.category], total):
            row.allocated += line.allocated_amount
            row.committed += line.committed
            row.paid += line.paid
    return BudgetOverview(
        year=year,
        lines=lines,
        by_source=[row for row in by_source.values() if row.allocated or row.committed],
        by_category=[row for row in by_category.values() if row.allocated or row.committed],
        total=total,
    )


# The per-category summary, in the annual report's words ------------------------------------------


@dataclass
class CategorySummaryRow:
    category: str
    label: str
    producers: int
    products: int
    units: int
    amount: int

    @property
    def unit_label(self):
        return CATEGORY_UNIT_LABELS.get(self.category)


def category_summary(user, year: int) -> list[CategorySummaryRow]:
    """Committed support per category for a year: how many producers, products, units, and how much.

    This is what the seeds report ("Tem nhãn mác: 19 chủ thể … kiểm nghiệm ATTP: 15 sản phẩm,
    73.600.000 đ"); categories whose support is counted in units (CATEGORY_UNIT_LABELS) say so.
    """
    rows = (
        grants_visible_to(user)
        .filter(budget_line__year=year, state__in=COMMITTED_STATES)
        .order_by()
        .values("budget_line__category")
        .annotate(
            producers=Count("producer", distinct=True),
            products=Count("product", distinct=True),
            units=Sum("units"),
            amount=Sum("amount"),
        )
    )
    found = {row["budget_line__category"]: row for row in rows}
    return [
        CategorySummaryRow(
            category=category.value,
            label=category.label,
            producers=found[category]["producers"],
            products=found[category]["products"],
            units=found[category]["units"],
            amount=found[category]["amount"],
        )
        for category in SupportCategory
        if category in found
    ]


def category_summary_text(rows: list[CategorySummaryRow]) -> str:
    """The summary as the annual report writes it, e.g. "Tem nhãn mác, bao bì: 19 chủ thể,
    300.000.000 đ; …; Kiểm nghiệm chỉ tiêu ATTP: 15 sản phẩm, 73.600.000 đ; tổng 533.600.000 đ"."""
    if not rows:
        return ""
    parts = []
    for row in rows:
        if row.unit_label:
            count = _("%(count)s %(unit)s") % {"count": row.units, "unit": row.unit_label}
        else:
            count = _("%(count)s chủ thể") % {"count": row.producers}
        parts.append(
            _("%(category)s: %(count)s, %(amount)s")
            % {"category": row.label, "count": count, "amount": format_vnd(row.amount)}
        )
    parts.append(_("tổng %(amount)s") % {"amount": format_vnd(sum(row.amount for row in rows))})
    return "; ".join(parts)


# Outcomes ---------------------------------------------------------------------------------------


def stars_gained_since(first_support_by_producer: dict[int, object]) -> dict[int, int]:
    """Stars each producer gained (sum over its products of the rise in certified stars) after
    the date of its first support decision, keyed by producer id.

    The certificates this must read do not exist yet (they come with the evaluation app's
    decisions and certificates), so it returns nothing and the outcome page says "no data".
    Once they exist, this is the one function to implement; the page and its tests stay.
    """
    return {}


@dataclass
class OutcomeRow:
    producer: Producer
    amount: int
    first_decision_date: object
    stars_gained: int | None

    @property
    def stars_per_million(self):
        if self.stars_gained is None or not self.amount:
            return None
        return round(self.stars_gained * 1_000_000 / self.amount, 2)


def support_outcomes(user, year: int) -> list[OutcomeRow]:
    """For each producer supported in `year` (approved grants), the support received and the
    stars gained afterwards (None until certificates exist: see stars_gained_since)."""
    rows = list(
        grants_visible_to(user)
        .filter(budget_line__year=year, state__in=COMMITTED_STATES)
        .order_by()
        .values("producer")
        .annotate(amount=Sum("amount"), first_decision_date=Min("decision_date"))
        .order_by("-amount", "producer")
    )
    producers = Producer.objects.select_related("district").in_bulk([row["producer"] for row in rows])
    gained = stars_gained_since({row["producer"]: row["first_decision_date"] for row in rows})
    return [
        OutcomeRow(
            producer=producers[row["producer"]],
            amount=row["amount"],
            first_decision_date=row["first_decision_date"],
            stars_gained=gained.get(row["producer"]),
        )
        for row in rows
    ]


def pending_proposals_count(user) -> int:
    return grants_visible_to(user).filter(state=GrantState.PROPOSED).count()
