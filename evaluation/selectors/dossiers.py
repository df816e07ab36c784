"""Reads for rounds and dossiers: every queryset starts from what the user may see.

Scope of dossiers: province staff — their province; a district officer — their district; a
commune officer — the dossiers of their commune's products; a producer user — their own
products' dossiers; a council member — the dossiers assigned to a council they sit on (active
seat). A user holding several roles sees the union; others see none.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from ocop_portal.core.collation import vi_order
from ocop_portal.core.jurisdiction import in_province
from ocop_portal.core.models import AdministrativeUnit
from products.models import Producer, Product

from ..enums import CertificateStatus, DossierState, RoundState
from ..models import (
    Certificate,
    CouncilAssignment,
    CouncilMember,
    Criterion,
    Dossier,
    DossierTransition,
    EvidenceFile,
    Round,
    SelfAssessmentAnswer,
    SheetPart,
)

QUEUE_PAGE_SIZE = 25


def _visible_scope(user) -> Q:
    """Which dossiers the user may see: one condition per role the user holds.

    The council seats are read first (one small query), so a branch appears only for a role the
    user has. Most users hold one role, and their queue is then a plain indexed filter: an
    `id IN (… UNION …)` costs PostgreSQL ~1 ms more to plan, for the page and again for the count.
    With several roles, each role is its own UNION branch: a single `district = X OR EXISTS(...)`
    filter hides its selectivity from PostgreSQL (it then expects half the table and hash-joins
    everything), while each branch uses its own index and the union is small.
    """
    council_ids = list(CouncilMember.objects.filter(user=user, active=True).values_list("council_id", flat=True))
    branches = []
    if council_ids:
        assigned = CouncilAssignment.objects.filter(council_id__in=council_ids).order_by().values("dossier_id")
        branches.append(Q(pk__in=assigned))
    if user.staff_province_id:
        branches.append(in_province(user.staff_province_id))
    if user.officer_district_id:
        branches.append(Q(district_id=user.officer_district_id))
    if user.officer_commune_id:
        branches.append(Q(product__commune_id=user.officer_commune_id))
    membership = getattr(user, "producer_membership", None)
    if membership is not None:
        branches.append(Q(product__producer_id=membership.producer_id))
    if not branches:
        return Q(pk__in=[])
    if len(branches) == 1:
        return branches[0]
    first, *others = (Dossier.objects.filter(branch).order_by().values("pk") for branch in branches)
    return Q(pk__in=first.union(*others))


def _visible(user) -> QuerySet[Dossier]:
    queryset = Dossier.objects.order_by("-created_at", "-id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(_visible_scope(user))


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    return _visible(user).select_related("product", "product__producer", "round", "district", "province", "sheet")


# What a queue row shows (evaluation/dossiers/queue.html), the round as its __str__ writes it.
QUEUE_FIELDS = (
    "kind",
    "state",
    "current_level",
    "submitted_at",
    "product__name",
    "product__producer__name",
    "district__name",
    "round__title",
    "round__number",
    "round__year",
    "round__framework",  # the commune's working-day clock (services/clocks.py)
    "created_at",  # the transition deadlines of Art. 12 (services/province_clocks.py)
)


@dataclass(frozen=True)
class QueueFilters:
    round_id: int | None = None
    state: str = ""
    kind: str = ""
    search: str = ""


def dossier_queue(user, filters: QueueFilters) -> QuerySet[Dossier]:
    """The dossier queue: visible dossiers narrowed by round, state, kind and a product/producer search.

    Joins only what the rows show: each further table costs PostgreSQL several ms of planning.
    And reads only the columns shown: a dossier's JSON columns (case choices, commune assessment)
    would otherwise be decoded for every row.
    """
    queryset = _visible(user).select_related("product__producer", "round", "district").only(*QUEUE_FIELDS)
    if filters.round_id:
        queryset = queryset.filter(round_id=filters.round_id)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.search:
        queryset = queryset.filter(
            Q(product__name__icontains=filters.search) | Q(product__producer__name__icontains=filters.search)
        )
    return queryset


def producer_dossiers(user) -> QuerySet[Dossier]:
    """A producer user's own dossiers (the "my dossiers" page)."""
    membership = getattr(user, "producer_membership", None) if user.is_authenticated else None
    if membership is None:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(product__producer_id=membership.producer_id)
        .select_related("product", "round")
        .order_by("-created_at", "-id")
    )


def dossier_for_page(user, pk: int) -> Dossier:
    """One visible dossier with what its pages show (404 via DoesNotExist when unseen)."""
    return dossiers_visible_to(user).select_related("round__framework", "renews_certificate").get(pk=pk)


def dossier_history(dossier: Dossier) -> QuerySet[DossierTransition]:
    return dossier.transitions.select_related("by").order_by("at", "id")


def dossier_evidence(dossier: Dossier) -> QuerySet[EvidenceFile]:
    return dossier.evidence.select_related("uploaded_by").order_by("evidence_type", "uploaded_at", "id")


def dossier_states_in_scope(user) -> dict[str, int]:
    """Counts per state over the visible dossiers (for dashboard panels)."""
    counts: dict[str, int] = {}
    for state in dossiers_visible_to(user).order_by().values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts


# Rounds -----------------------------------------------------------------------------------------


def rounds_visible_to(user) -> QuerySet[Round]:
    """Rounds of the provinces the user works in (every role sees its province's rounds)."""
    queryset = Round.objects.select_related("framework", "province").order_by("-year", "-number", "-id")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(province_id__in=AdministrativeUnit.objects.filter(pk=user.officer_district_id).values("parent_id"))
    if user.officer_commune_id:
        # A 2025 commune answers to its province; a pre-2025 one to its district's.
        commune = AdministrativeUnit.objects.filter(pk=user.officer_commune_id)
        scope |= Q(province_id__in=commune.values("parent_id")) | Q(province_id__in=commune.values("parent__parent_id"))
    membership = getattr(user, "producer_membership", None)
    if membership is not None:
        scope |= Q(province_id__in=Producer.objects.filter(pk=membership.producer_id).values("province_id"))
    return queryset.filter(scope)


def open_rounds_for(user) -> QuerySet[Round]:
    return rounds_visible_to(user).filter(state=RoundState.OPEN)


def products_for_new_dossier(user) -> QuerySet[Product]:
    """Products the user may open a dossier for (the same people who prepare dossiers)."""
    queryset = Product.objects.select_related("producer", "product_set").order_by(*vi_order("name"), "id")
    if not user.is_authenticated:
        return queryset.none()
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(district_id=user.officer_district_id)
    if user.officer_commune_id:
        scope |= Q(commune_id=user.officer_commune_id)
    membership = getattr(user, "producer_membership", None)
    if membership is not None:
        scope |= Q(producer_id=membership.producer_id)
    return queryset.filter(scope)


def certificates_for_renewal(user) -> QuerySet[Certificate]:
    """Certificates in force of the products the user may open dossiers for."""
    return (
        Certificate.objects.filter(
            product__in=products_for_new_dossier(user).values("pk"), status__in=CertificateStatus.in_force()
        )
        .select_related("product")
        .order_by(*vi_order("product__name"), "-valid_from")
    )


# The sheet as a page shows it ---------------------------------------------------------------


@dataclass
class CriterionRow:
    criterion: Criterion
    options: list
    cases: list
    chosen_option_id: int | None = None
    chosen_case: str = ""
    points: Decimal | None = None


@dataclass
class PartBlock:
    part: SheetPart
    groups: list = field(default_factory=list)  # [(group, [CriterionRow])]
    points: Decimal = Decimal(0)
    answered: int = 0
    total: int = 0


@dataclass
class SheetView:
    parts: list[PartBlock]
    answered: int
    total: int
    points: Decimal


def self_assessment_view(dossier: Dossier) -> SheetView:
    """The dossier's sheet by part → group → criterion with the producer's choices and the totals.

    A constant number of queries whatever the sheet's size.
    """
    parts = list(
        SheetPart.objects.filter(sheet_id=dossier.sheet_id)
        .prefetch_related("groups__criteria__options__case", "groups__criteria__cases")
        .order_by("code")
    )
    answers = dict(SelfAssessmentAnswer.objects.filter(dossier=dossier).values_list("criterion_id", "option_id"))
    blocks, answered_all, total_all, points_all = [], 0, 0, Decimal(0)
    for part in parts:
        block = PartBlock(part=part)
        for group in part.groups.all():
            rows = []
            for criterion in group.criteria.all():  # prefetched in Criterion's own order (Meta)
                options = list(criterion.options.all())
                if not options:
                    continue
                chosen_case = dossier.case_choices.get(criterion.code, "")
                row = CriterionRow(
                    criterion=criterion, options=options, cases=list(criterion.cases.all()), chosen_case=chosen_case
                )
                option = next((o for o in options if o.pk == answers.get(criterion.pk)), None)
                if option is not None:
                    row.chosen_option_id, row.points = option.pk, option.points
                    block.answered += 1
                    block.points += option.points
                block.total += 1
                rows.append(row)
            block.groups.append((group, rows))
        blocks.append(block)
        answered_all += block.answered
        total_all += block.total
        points_all += block.points
    return SheetView(parts=blocks, answered=answered_all, total=total_all, points=points_all)


# Progress timeline of the producer's page: the steps a dossier goes through and where it is.
TIMELINE = (
    (DossierState.DRAFT,),
    (DossierState.SUBMITTED, DossierState.RETURNED),
    (DossierState.ACCEPTED, DossierState.FORWARDED),
    (DossierState.IN_SCORING,),
    (DossierState.SCORED,),
    (DossierState.DECIDED,),
)


def timeline_steps(dossier: Dossier) -> list[dict]:
    """[{label, status: done|current|todo}] computed from the state alone (no queries)."""
    position = next((i for i, states in enumerate(TIMELINE) if dossier.state in states), None)
    steps = []
    for index, states in enumerate(TIMELINE):
        label = DossierState(dossier.state).label if index == position else DossierState(states[0]).label
        if position is None:
            status = "todo"
        elif index < position:
            status = "done"
        elif index == position:
            status = "current"
        else:
            status = "todo"
        steps.append({"label": label, "status": status})
    return steps
