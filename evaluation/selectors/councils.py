"""Reads for councils, assignments, scorecards, decisions and the producer's gap report.

Each selector applies the user's visibility: an object outside it answers 404 in the views.
Other members' scorecards are only readable once the assignment is closed.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from ocop_portal.core.collation import vi_order
from ocop_portal.core.jurisdiction import in_province

from .. import scoring
from ..enums import AssignmentState, DecisionKind, DossierState, Level, ScorecardState
from ..models import (
    ConflictDeclaration,
    Council,
    CouncilAssignment,
    CouncilMember,
    Decision,
    DecisionItem,
    Dossier,
    RoundDeadline,
    Scorecard,
    ScorecardAnswer,
)


def _seats(user):
    return CouncilMember.objects.filter(user=user, active=True).values("council_id")


def _manager_scope(user) -> Q:
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(level=Level.DISTRICT, jurisdiction_id=user.officer_district_id)
    return scope


def councils_visible_to(user) -> QuerySet[Council]:
    queryset = Council.objects.select_related("jurisdiction").annotate(
        member_count=Count("members", filter=Q(members__active=True, members__is_support_team=False), distinct=True)
    )
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(_manager_scope(user) | Q(pk__in=_seats(user))).order_by("level", *vi_order("name"))


def councils_managed_by(user) -> QuerySet[Council]:
    if not user.is_authenticated:
        return Council.objects.none()
    return Council.objects.filter(_manager_scope(user))


def assignments_visible_to(user) -> QuerySet[CouncilAssignment]:
    queryset = CouncilAssignment.objects.select_related(
        "council", "dossier__product__producer", "dossier__round__framework", "dossier__district"
    )
    if not user.is_authenticated:
        return queryset.none()
    managed = councils_managed_by(user).values("pk")
    return queryset.filter(Q(council_id__in=managed) | Q(council_id__in=_seats(user)))


def visible_assignment(user, pk: int, *related: str) -> CouncilAssignment:
    """A visible assignment (404 otherwise) joined to only the `related` tables its page reads.
    Each further joined table costs PostgreSQL milliseconds of planning on every request, the
    more under `get()`'s LIMIT: on the council's page, leaving out the framework and the district
    took this query from about 8 to 2,5 ms (bench set, 1/100), though the presiding member's
    fairness section then reads the framework in a query of its own."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(assignments_visible_to(user).select_related(None).select_related(*related), pk=pk)


def assignment_for_scorecard(user, pk: int) -> CouncilAssignment:
    """What the scorecard pages read, on every autosave: the dossier, its product's name and
    its round's framework."""
    return visible_assignment(user, pk, "dossier__product", "dossier__round__framework")


def member_work_list(user) -> QuerySet[CouncilAssignment]:
    """The open assignments of the councils the user scores on, with the user's declaration and
    current scorecard state annotated (a fixed number of queries whatever the list's length).

    The subqueries are explicitly unordered: a model's default ordering would join the council
    and the assignment into each of them, and PostgreSQL would plan all those joins per request."""
    if not user.is_authenticated:
        return CouncilAssignment.objects.none()
    seats = CouncilMember.objects.filter(user=user, active=True, is_support_team=False).order_by()
    declarations = ConflictDeclaration.objects.filter(assignment_id=OuterRef("pk"), member__user=user).order_by()
    my_card = Scorecard.objects.filter(
        assignment_id=OuterRef("pk"), member__user=user, revision=OuterRef("revision")
    ).order_by("pk")
    return (
        CouncilAssignment.objects.filter(council_id__in=seats.values("council_id"))
        .exclude(state=AssignmentState.CLOSED)
        .select_related("council", "dossier__product__producer")
        .annotate(
            declared=Exists(declarations),
            recused=Exists(declarations.filter(has_conflict=True)),
            my_card_state=Subquery(my_card.values("state")[:1]),
            scoring_deadline=Subquery(
                RoundDeadline.objects.filter(round_id=OuterRef("dossier__round_id"), level=OuterRef("level"))
                .order_by()
                .values("scoring")[:1]
            ),
        )
        .order_by("state", "opened_at", "id")
    )


def next_to_score(user, after: CouncilAssignment) -> CouncilAssignment | None:
    """The next assignment of the member's work list, in its order, that the member has still to
    score ("save and go to the next dossier"): open, not recused, no card of its current revision
    submitted. None at the end of the list. Filtering the work list's annotations instead made
    Django compile, and PostgreSQL plan, four subqueries and five joins for one row on every
    scorecard page."""
    seats = CouncilMember.objects.filter(user=user, active=True, is_support_team=False).order_by()
    recused = ConflictDeclaration.objects.filter(assignment_id=OuterRef("pk"), member__user=user, has_conflict=True)
    submitted = Scorecard.objects.filter(
        assignment_id=OuterRef("pk"), member__user=user, revision=OuterRef("revision")
    ).exclude(state=ScorecardState.DRAFT)
    return (
        CouncilAssignment.objects.filter(council_id__in=seats.values("council_id"))
        .exclude(state=AssignmentState.CLOSED)
        .exclude(pk=after.pk)
        .exclude(Exists(recused.order_by()))
        .exclude(Exists(submitted.order_by()))
        .select_related("dossier__product")
        .order_by("state", "opened_at", "id")
        .first()
    )


def council_for_page(user, pk: int) -> Council:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(councils_visible_to(user), pk=pk)


def council_members(council: Council) -> QuerySet[CouncilMember]:
    return council.members.select_related("user", "commune", "producer").order_by("is_support_team", "order", "id")


SEAT_SEARCH_LIMIT = 20


def seat_candidates(council: Council, query: str) -> list:
    """Up to SEAT_SEARCH_LIMIT users of the council's jurisdiction whose name or username holds
    `query` (two characters at least): the province's staff, the officers of the district (of the
    province's districts, for a provincial council) and those already seated on the province's
    councils. Never a producer's account or the superuser; nobody is listed without a query."""
    from django.contrib.auth import get_user_model

    query = query.strip()
    if len(query) < 2:
        return []
    if council.level == Level.DISTRICT:
        officers = Q(officer_district_id=council.jurisdiction_id)
    else:
        officers = Q(officer_district__parent_id=council.province_id)
    seated = CouncilMember.objects.filter(user=OuterRef("pk"), active=True, council__province_id=council.province_id)
    return list(
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, producer_membership__isnull=True)
        .filter(Q(staff_province_id=council.province_id) | officers | Exists(seated))
        .filter(Q(full_name__icontains=query) | Q(username__icontains=query))
        .order_by(*vi_order("full_name"), "username")
        .only("username", "full_name")[:SEAT_SEARCH_LIMIT]
    )


def council_assignments(council: Council) -> QuerySet[CouncilAssignment]:
    return council.assignments.select_related("dossier__product__producer", "dossier__round").order_by("-opened_at")


def dossiers_assignable_to(council: Council) -> QuerySet[Dossier]:
    """Accepted or forwarded dossiers at the council's level and in its area, not yet before a
    council of that level."""
    queryset = Dossier.objects.filter(
        province_id=council.province_id,
        current_level=council.level,
        state__in=[DossierState.ACCEPTED, DossierState.FORWARDED],
    ).exclude(assignments__level=council.level)
    if council.level == Level.DISTRICT:
        queryset = queryset.filter(district_id=council.jurisdiction_id)
    return queryset.select_related("product", "round").order_by("round", *vi_order("product__name"))


def scorecards_readable_by(user, assignment: CouncilAssignment) -> QuerySet[Scorecard]:
    """One's own cards always; everyone's only once the assignment is closed (DESIGN.md roles)."""
    queryset = Scorecard.objects.filter(assignment=assignment).select_related("member__user")
    if assignment.state == AssignmentState.CLOSED:
        return queryset.order_by("member__order", "member_id", "revision")
    return queryset.filter(member__user=user).order_by("revision")


def _decision_item_scope(user, prefix: str = "") -> Q:
    """The items of a decision a user may see: those of dossiers in their scope, as the dossiers
    themselves (a provincial decision lists every district's products; a district officer sees
    their district's lines of it, never the others' products and means)."""
    if user.is_superuser:
        return Q()
    scope = Q(**{f"{prefix}pk__in": []})
    if user.staff_province_id:
        scope |= Q(**{f"{prefix}dossier__province_id": user.staff_province_id})
    if user.officer_district_id:
        scope |= Q(**{f"{prefix}dossier__district_id": user.officer_district_id})
    return scope


def decisions_visible_to(user) -> QuerySet[Decision]:
    """Decisions the user may read, each with `item_count`: the items the user may see of it.
    The count groups by decision, so the join on items for a district's scope returns each
    decision once; distinct items, or that join would multiply the count."""
    if not user.is_authenticated:
        return Decision.objects.none()
    queryset = Decision.objects.select_related("issuer_unit").annotate(
        item_count=Count("items", filter=_decision_item_scope(user, "items__"), distinct=True)
    )
    scope = Q(pk__in=[])
    if user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.officer_district_id:
        scope |= Q(issuer_unit_id=user.officer_district_id) | Q(items__dossier__district_id=user.officer_district_id)
    return queryset.filter(scope).order_by("-date", "-id")


def latest_signature(*, issuer_unit_id: int, level: str) -> dict:
    """Signer, title and issuing body of the unit's latest recognition decision at `level`, or {}:
    the same leader signs a unit's OCOP decisions year after year, so a new one starts from them."""
    row = (
        Decision.objects.filter(issuer_unit_id=issuer_unit_id, level=level, kind=DecisionKind.RECOGNITION)
        .order_by("-date", "-id")
        .values("signer", "signer_title", "authority")
        .first()
    )
    return row or {}


def decision_items(decision: Decision, user) -> QuerySet[DecisionItem]:
    """The items of `decision` the user may see (_decision_item_scope)."""
    return (
        decision.items.filter(_decision_item_scope(user))
        .select_related("dossier__product__producer", "assignment")
        .order_by(*vi_order("dossier__product__name"))
    )


def decidable_dossiers(user) -> QuerySet[Dossier]:
    """Dossiers a decision could approve now: scored, or forwarded to the central level (their
    central outcome). The decision service checks each against the chosen level."""
    queryset = Dossier.objects.filter(
        Q(state=DossierState.SCORED) | Q(state=DossierState.FORWARDED, current_level=Level.CENTRAL)
    ).select_related("product", "round__framework")
    scope = Q(pk__in=[])
    if user.is_authenticated and user.staff_province_id:
        scope |= in_province(user.staff_province_id)
    if user.is_authenticated and user.officer_district_id:
        scope |= Q(district_id=user.officer_district_id, current_level=Level.DISTRICT)
    return queryset.filter(scope).order_by(*vi_order("product__name"))


# --- the producer's gap report ---------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    code: str
    name: str
    part: str
    score: Decimal
    max_points: Decimal
    lost: Decimal
    next_required: Decimal | None
    # The next level needs the criterion above `next_required` (a marker on the criterion itself).
    next_above: bool = False
    # The council members' comments on a criterion below full marks, without who wrote them.
    comments: tuple = ()

    @property
    def short_of_next(self) -> bool:
        if self.next_required is None:
            return False
        return self.score <= self.next_required if self.next_above else self.score < self.next_required


@dataclass(frozen=True)
class GapReport:
    assignment: CouncilAssignment
    stars: int
    mean: Decimal
    next_stars: int | None
    next_min_score: Decimal | None
    rows: list[GapRow]


def _member_comments(assignment: CouncilAssignment) -> dict[str, list[str]]:
    """criterion code → the comments of the submitted scorecards of the assignment's final
    revision, anonymised: no member, in a fixed order (by text), each once (one query)."""
    answers = (
        ScorecardAnswer.objects.filter(
            scorecard__assignment=assignment,
            scorecard__revision=assignment.revision,
            scorecard__state=ScorecardState.SUBMITTED,
        )
        .exclude(comment="")
        .values_list("criterion__code", "comment")
    )
    comments: dict[str, set[str]] = {}
    for code, comment in answers:
        comments.setdefault(code, set()).add(comment.strip())
    return {code: sorted(texts) for code, texts in comments.items()}


def gap_report(dossier: Dossier) -> GapReport | None:
    """Per criterion: the council's mean points, the maximum and what the next star level needs.
    Built from the stored result (council means only), so it never shows who scored what."""
    if dossier.state != DossierState.DECIDED:
        return None
    assignment = (
        CouncilAssignment.objects.filter(dossier=dossier, state=AssignmentState.CLOSED)
        .select_related("dossier__round__framework")
        .order_by("-closed_at", "-id")
        .first()
    )
    if assignment is None:
        return None
    item = DecisionItem.objects.filter(dossier=dossier).order_by("-decision__date", "-id").first()
    stars = item.recognised_stars if item else assignment.final_stars or 0
    bands = scoring.bands_from_framework(dossier.round.framework)
    next_band = scoring.next_star_level(stars, bands)
    next_key = str(next_band.stars) if next_band else None
    comments = _member_comments(assignment)
    rows = []
    for criterion in assignment.result.get("criteria", []):
        score = Decimal(criterion["score"])
        maximum = Decimal(criterion["max"])
        required = criterion["requirements"].get(next_key) if next_key else None
        positive_from = criterion.get("positive_from")
        above = bool(required is None and next_band and positive_from and next_band.stars >= positive_from)
        if above:
            required = "0"
        rows.append(
            GapRow(
                code=criterion["code"],
                name=criterion["name"],
                part=criterion["part"],
                score=score,
                max_points=maximum,
                lost=maximum - score,
                next_required=Decimal(required) if required is not None else None,
                next_above=above,
                comments=tuple(comments.get(criterion["code"], ())) if score < maximum else (),
            )
        )
    return GapReport(
        assignment=assignment,
        stars=stars,
        mean=assignment.mean_score,
        next_stars=next_band.stars if next_band else None,
        next_min_score=next_band.min_score if next_band else None,
        rows=rows,
    )


# Who sits and presides, read by the services (quorum, closing) and by the rules (the presiding
# member may close an assignment): here, below both, so neither imports the other.
def scoring_members(council: Council) -> list[CouncilMember]:
    return list(council.members.filter(active=True, is_support_team=False).select_related("user"))


def recused_member_ids(assignment: CouncilAssignment) -> set[int]:
    return set(
        ConflictDeclaration.objects.filter(assignment=assignment, has_conflict=True).values_list("member_id", flat=True)
    )


def seating_of(members) -> list[scoring.Seat]:
    return [scoring.Seat(member_id=m.pk, role=m.role, order=m.order) for m in members]


def assignment_presiding_member(assignment: CouncilAssignment) -> CouncilMember | None:
    members = scoring_members(assignment.council)
    eligible = scoring.eligible_members(seating_of(members), recused_member_ids(assignment))
    presiding = scoring.presiding_member(eligible)
    return next((m for m in members if presiding and m.pk == presiding.member_id), None)


def accounts_seated_in(province_id: int) -> Q:
    """Accounts (a User filter) holding a seat on a council of the province: account management
    counts them among the province's accounts (ocop_portal/accounts/roles.py)."""
    return Q(pk__in=CouncilMember.objects.filter(council__province_id=province_id).values("user_id"))


def accounts_seated_elsewhere(province_id: int) -> Q:
    """Accounts holding a seat on a council of another province: never the province's to manage."""
    return Q(pk__in=CouncilMember.objects.exclude(council__province_id=province_id).values("user_id"))
