"""Reads for fairness and criterion analytics.

- `session_fairness`: the presiding member's view of one dossier once every eligible member's
  card of the current scoring round is in (nothing before: members still scoring must not be
  swayed, and nothing names a member).
- `fairness_year_table`: per member, per round and over the year, from the stored results of
  closed assignments (a Celery job stores it: evaluation.services.jobs).
- `gate_failures`: which mandatory criteria cost products their stars, by product set.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F
from django.utils import timezone

from ocop_portal.core.jurisdiction import in_province

from .. import fairness
from ..enums import AssignmentState, ScorecardState
from ..models import CouncilAssignment, CouncilMember, Round, Scorecard, ScorecardAnswer
from ..services.scorecards import sheet_criteria


@dataclass(frozen=True)
class SessionFairness:
    summary: fairness.TotalsSummary
    disputed: list[fairness.Disagreement]


def session_fairness(assignment: CouncilAssignment, status) -> SessionFairness | None:
    """`status` is the assignment's AssignmentStatus. None until every eligible member has a
    submitted card, and once the assignment is closed (the result page shows everything then).
    Each member's latest submitted card counts, as in the mean: in reconciliation a revised card
    replaces the original."""
    if assignment.state == AssignmentState.CLOSED or not status.eligible_ids:
        return None
    if set(status.totals) != set(status.eligible_ids):
        return None
    latest = {}
    for card in (
        Scorecard.objects.filter(
            assignment_id=assignment.pk, state=ScorecardState.SUBMITTED, member_id__in=status.eligible_ids
        )
        .select_related("sheet")
        .order_by("member_id", "revision")
    ):
        latest[card.member_id] = card
    cards = list(latest.values())
    criteria = [c for c in sheet_criteria(assignment.dossier, cards[0].sheet) if c.scored_by_members]
    code_of = {c.id: c.code for c in criteria}
    points: dict[int, dict[str, Decimal]] = {card.pk: {} for card in cards}
    for card_id, criterion_id, value in ScorecardAnswer.objects.filter(
        scorecard_id__in=list(points), criterion_id__in=list(code_of)
    ).values_list("scorecard_id", "criterion_id", "points"):
        points[card_id][code_of[criterion_id]] = value
    framework = assignment.dossier.round.framework
    return SessionFairness(
        summary=fairness.totals_summary(
            [card.total for card in cards], max_spread=status.max_spread, decimals=framework.rounding_decimals
        ),
        disputed=fairness.disagreements(((c.code, c.name, c.max_points) for c in criteria), list(points.values())),
    )


# --- per member, for the department -------------------------------------------------------------


def _closed_in(province_id: int, year: int):
    """The year's closed assignments of the province's councils and of the provinces carried
    into it (a merged province's department answers for its predecessors' councils)."""
    return CouncilAssignment.objects.filter(
        in_province(province_id, "council__province_id"), state=AssignmentState.CLOSED, dossier__round__year=year
    ).order_by()


def fairness_year_table(*, province_id: int, year: int) -> dict:
    """Per (council, member): the year's figures and each round's, as plain JSON. Reads only the
    members/recused parts of each stored result, never the criteria."""
    closed = list(
        _closed_in(province_id, year)
        .values_list(
            "dossier__round_id",
            "council_id",
            "council__name",
            "result__members",
            "result__recused",
            "result__mean",
            "result__max_spread",
        )
        .order_by("id")
    )
    roles = dict(
        CouncilMember.objects.filter(in_province(province_id, "council__province_id")).values_list("id", "role")
    )
    results = []
    for round_id, council_id, council, members, recused, mean, max_spread in closed:
        if mean is None:
            continue
        result = {"members": members or [], "recused": recused or [], "mean": mean}
        if max_spread is not None:
            result["max_spread"] = max_spread
        results.append((round_id, council_id, council, result))
    by_round = fairness.group_by_round(results)
    rounds = Round.objects.filter(pk__in=list(by_round)).order_by("number", "id")
    return {
        "province_id": province_id,
        "year": year,
        "computed_at": timezone.now().isoformat(),
        "dossiers": len(results),
        "year_rows": [r.as_row() for r in fairness.member_records(((c, n, r) for _r, c, n, r in results), roles)],
        "rounds": [
            {
                "id": round_.pk,
                "title": str(round_),
                "dossiers": len(by_round[round_.pk]),
                "rows": [r.as_row() for r in fairness.member_records(by_round[round_.pk], roles)],
            }
            for round_ in rounds
        ],
    }


# --- criterion analytics for the programme ------------------------------------------------------


@dataclass
class CriterionFailures:
    code: str
    name: str
    dossiers: set = field(default_factory=set)
    by_stars: dict = field(default_factory=lambda: defaultdict(set))  # star level → dossiers it failed at

    @property
    def count(self) -> int:
        return len(self.dossiers)

    @property
    def levels(self) -> list[tuple[int, int]]:
        """(star level, dossiers that failed the criterion at it), highest level first."""
        return sorted(((stars, len(ids)) for stars, ids in self.by_stars.items()), reverse=True)


@dataclass
class SetFailures:
    product_set_id: int
    code: str
    name: str
    group: str
    scored: int
    lowered: set = field(default_factory=set)
    criteria: dict = field(default_factory=dict)

    @property
    def ranked(self) -> list[CriterionFailures]:
        return sorted(self.criteria.values(), key=lambda c: (-c.count, c.code))

    def share(self, count: int) -> Decimal:
        return Decimal(count * 100) / self.scored if self.scored else Decimal(0)


def gate_failures(*, province_id: int, year: int) -> list[SetFailures]:
    """Per product set (of the dossier's sheet), the scored dossiers of the year's rounds and, for
    those the mandatory gate lowered, the criteria that failed (the council's mean below the
    star level's mark), most frequent first. Two queries: counts by set, then the failures."""
    closed = _closed_in(province_id, year)
    sets: dict[int, SetFailures] = {}
    for set_id, code, name, group, scored in (
        closed.values_list(
            "dossier__sheet__product_set_id",
            "dossier__sheet__product_set__code",
            "dossier__sheet__product_set__name",
            "dossier__sheet__product_set__group__name",
        )
        .annotate(scored=Count("dossier_id", distinct=True))
        .order_by()
    ):
        sets[set_id] = SetFailures(set_id, code, name, group, scored)
    for dossier_id, set_id, failures in closed.filter(final_stars__lt=F("band_stars")).values_list(
        "dossier_id", "dossier__sheet__product_set_id", "result__failures"
    ):
        entry = sets[set_id]
        entry.lowered.add(dossier_id)
        for failure in failures or []:
            criterion = entry.criteria.setdefault(
                failure["code"], CriterionFailures(code=failure["code"], name=failure["name"])
            )
            criterion.dossiers.add(dossier_id)
            criterion.by_stars[int(failure["stars"])].add(dossier_id)
    return sorted((s for s in sets.values() if s.lowered), key=lambda s: (-len(s.lowered), s.code)) + sorted(
        (s for s in sets.values() if not s.lowered), key=lambda s: s.code
    )
