"""Reads for support money, already scoped to what the user may see.

Province staff see their province; a district officer sees the grants of producers in their
district (and the budget lines they may propose against); a producer user sees their own grants.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from evaluation.enums import CertificateStatus
from evaluation.models import Certificate
from ocop_portal.core.jurisdiction import in_province
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
        lines = BudgetLine.objects.filter(in_province(user.staff_province_id))
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
        scope |= in_province(user.staff_province_id, "budget_line__province_id")
    if user.officer_district_id:
        scope |= Q(producer__district_id=user.officer_district_id)
    producer_id = _producer_id_of(user)
    if producer_id is not None:
        scope |= Q(producer_id=producer_id)
    if not scope:
        return SupportGrant.objects.none()
    return (
        SupportGrant.objects.filter(scope)
        .select_related("producer__district", "product", "budget_line")
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
    """One row of the overview's tables; the total row has no key or label (the tables write it)."""

    key: str = ""
    label: str = ""
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
    total = MoneyRow()
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


@dataclass(frozen=True)
class StarChange:
    """A producer's highest stars in force on the day of its first support decision, and the
    highest stars certified after that day (None when there was no such certificate)."""

    before: int | None
    after: int | None

    @property
    def gained(self) -> int:
        if self.after is None:
            return 0
        return max(0, self.after - (self.before or 0))


def _in_force_on(certificate, day) -> bool:
    """Whether `certificate` was in force on `day`, from its dates (its status is today's)."""
    if not certificate.valid_from <= day <= certificate.valid_until:
        return False
    if certificate.revocation_decision_id and certificate.revocation_decision.date <= day:
        return False
    return not (certificate.superseded_by_id and certificate.superseded_by.valid_from <= day)


def star_changes_since(first_support_by_producer: dict[int, object]) -> dict[int, StarChange]:
    """For each producer id → date of its first support decision: the highest stars in force on
    that date and the highest stars of the certificates issued after it (revoked ones aside).

    One query, whatever the number of producers; a producer has a handful of certificates.
    """
    dates = {producer_id: day for producer_id, day in first_support_by_producer.items() if day is not None}
    certificates = Certificate.objects.filter(producer_id__in=dates).select_related(
        "revocation_decision", "superseded_by"
    )
    before: dict[int, int] = {}
    after: dict[int, int] = {}
    for certificate in certificates:
        day = dates[certificate.producer_id]
        if _in_force_on(certificate, day):
            before[certificate.producer_id] = max(before.get(certificate.producer_id, 0), certificate.stars)
        if certificate.valid_from > day and certificate.status != CertificateStatus.REVOKED:
            after[certificate.producer_id] = max(after.get(certificate.producer_id, 0), certificate.stars)
    return {producer_id: StarChange(before.get(producer_id), after.get(producer_id)) for producer_id in dates}


def stars_gained_since(first_support_by_producer: dict[int, object]) -> dict[int, int]:
    """Stars each producer gained after the date of its first support decision, keyed by producer
    id: the highest stars certified after that date minus the highest in force on it (0 when it
    gained nothing; a first 3★ recognition counts 3)."""
    return {producer_id: change.gained for producer_id, change in star_changes_since(first_support_by_producer).items()}


@dataclass
class OutcomeRow:
    producer: Producer
    amount: int
    first_decision_date: object
    stars_before: int | None
    stars_after: int | None
    stars_gained: int | None

    @property
    def stars_per_million(self):
        return stars_per_million(self.stars_gained, self.amount)


def stars_per_million(stars: int | None, amount: int) -> float | None:
    if stars is None or not amount:
        return None
    return round(stars * 1_000_000 / amount, 2)


def support_outcomes(user, year: int) -> list[OutcomeRow]:
    """For each producer supported in `year` (approved grants), the support received and the
    stars gained afterwards (see star_changes_since)."""
    rows = list(
        grants_visible_to(user)
        .filter(budget_line__year=year, state__in=COMMITTED_STATES)
        .order_by()
        .values("producer")
        .annotate(amount=Sum("amount"), first_decision_date=Min("decision_date"))
        .order_by("-amount", "producer")
    )
    producers = Producer.objects.select_related("district").in_bulk([row["producer"] for row in rows])
    changes = star_changes_since({row["producer"]: row["first_decision_date"] for row in rows})
    result = []
    for row in rows:
        change = changes.get(row["producer"])
        result.append(
            OutcomeRow(
                producer=producers[row["producer"]],
                amount=row["amount"],
                first_decision_date=row["first_decision_date"],
                stars_before=change.before if change else None,
                stars_after=change.after if change else None,
                stars_gained=change.gained if change else None,
            )
        )
    return result


@dataclass(frozen=True)
class OutcomeTotals:
    producers: int
    amount: int
    stars_gained: int
    producers_gained: int

    @property
    def stars_per_million(self):
        return stars_per_million(self.stars_gained, self.amount)


def outcome_totals(rows: list[OutcomeRow]) -> OutcomeTotals:
    """The year's outcome in one line: stars gained over all supported producers per million đ."""
    return OutcomeTotals(
        producers=len(rows),
        amount=sum(row.amount for row in rows),
        stars_gained=sum(row.stars_gained or 0 for row in rows),
        producers_gained=sum(1 for row in rows if row.stars_gained),
    )


def pending_proposals_count(user) -> int:
    return grants_visible_to(user).filter(state=GrantState.PROPOSED).count()
