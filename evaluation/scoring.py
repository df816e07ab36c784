"""The council's rules as pure functions (DOMAIN.md §5b): rounding, bands, quorum, spread, means,
the mandatory gate and routing along the framework's chain of levels.

The core functions take plain values (Decimal, tuples, small dataclasses) and never touch the
ORM, so they can be tested table by table. The `*_from_framework` adapters at the bottom load
the same values from a Framework row.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .enums import MemberRole, Outcome

# Below this the programme recognises nothing, whatever the bands say (DOMAIN.md §4).
LOWEST_RECOGNISED_STARS = 3

# The legal floors of a council's rules (DOMAIN.md §4, §5b): a province may set stricter rules,
# never looser ones. A quorum is at least 75 % of the eligible members, the presiding member's
# card among them, and never fewer cards than MIN_MEMBERS_FLOOR: no result rests on one or two
# people, whatever a council row says.
QUORUM_RATIO_FLOOR = Decimal("0.75")
MIN_MEMBERS_FLOOR = 3


# --- rounding and bands ---------------------------------------------------------------------


def round_score(value: Decimal, decimals: int) -> Decimal:
    """Half-up rounding to `decimals` places: 69.995 → 70.00 (never banker's rounding)."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    stars: int
    min_score: Decimal
    recognised: bool


def band_for(score: Decimal, bands: Iterable[Band]) -> Band | None:
    """The band of an already rounded score: the highest min_score the score reaches."""
    reached = [band for band in bands if score >= band.min_score]
    return max(reached, key=lambda band: band.min_score) if reached else None


# --- members, quorum, spread --------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """A scoring member as the rules see it."""

    member_id: int
    role: str
    order: int = 0


def eligible_members(seats: Iterable[Seat], recused_ids: Iterable[int]) -> list[Seat]:
    recused = set(recused_ids)
    return [seat for seat in seats if seat.member_id not in recused]


def presiding_member(eligible: Sequence[Seat]) -> Seat | None:
    """The chair, or the first vice-chair (lowest `order`) when the chair is recused."""
    chairs = [seat for seat in eligible if seat.role == MemberRole.CHAIR]
    if chairs:
        return chairs[0]
    vice_chairs = sorted(
        (seat for seat in eligible if seat.role == MemberRole.VICE_CHAIR), key=lambda s: (s.order, s.member_id)
    )
    return vice_chairs[0] if vice_chairs else None


@dataclass(frozen=True)
class Quorum:
    eligible: int
    required: int
    submitted: int
    presiding_id: int | None
    presiding_submitted: bool

    @property
    def met(self) -> bool:
        """Enough cards, the presiding member's among them (always: a legal floor)."""
        return self.eligible > 0 and self.submitted >= self.required and self.presiding_submitted


def quorum(
    eligible: Sequence[Seat], submitted_ids: Iterable[int], *, ratio: Decimal, minimum: int = MIN_MEMBERS_FLOOR
) -> Quorum:
    """Submitted cards of eligible members ≥ max(ceil(ratio × eligible), minimum), with the
    presiding member's. The legal floors hold whatever a council row says: the ratio counts as at
    least QUORUM_RATIO_FLOOR, the minimum as at least MIN_MEMBERS_FLOOR."""
    eligible_ids = {seat.member_id for seat in eligible}
    submitted = eligible_ids & set(submitted_ids)
    presiding = presiding_member(eligible)
    ratio = max(Decimal(ratio), QUORUM_RATIO_FLOOR)
    required = max(math.ceil(ratio * len(eligible)), minimum, MIN_MEMBERS_FLOOR)
    return Quorum(
        eligible=len(eligible),
        required=required,
        submitted=len(submitted),
        presiding_id=presiding.member_id if presiding else None,
        presiding_submitted=bool(presiding and presiding.member_id in submitted),
    )


def spread(totals: Iterable[Decimal]) -> Decimal:
    values = list(totals)
    return max(values) - min(values) if values else Decimal(0)


def spread_ok(totals: Iterable[Decimal], max_spread: Decimal) -> bool:
    return spread(totals) <= max_spread


def mean(values: Iterable[Decimal], decimals: int) -> Decimal:
    values = [Decimal(v) for v in values]
    if not values:
        raise ValueError("mean of no values")
    return round_score(sum(values, Decimal(0)) / len(values), decimals)


def latest_totals(cards: Iterable[tuple[int, int, Decimal]]) -> dict[int, Decimal]:
    """From (member_id, revision, total) of submitted cards, the total of each member's latest
    revision: a revised card replaces the original in the mean."""
    latest: dict[int, tuple[int, Decimal]] = {}
    for member_id, revision, total in cards:
        if member_id not in latest or revision > latest[member_id][0]:
            latest[member_id] = (revision, Decimal(total))
    return {member_id: total for member_id, (_revision, total) in latest.items()}


def criterion_means(points_by_member: Sequence[Mapping[str, Decimal]], decimals: int) -> dict[str, Decimal]:
    """Mean of the members' points per criterion code (same members, same rounding)."""
    codes = sorted({code for points in points_by_member for code in points})
    return {code: mean((points.get(code, Decimal(0)) for points in points_by_member), decimals) for code in codes}


# --- the mandatory gate -------------------------------------------------------------------------


@dataclass(frozen=True)
class GateCriterion:
    """One criterion for the gate: its council score and, per star level, the points needed.

    `positive_from` is a star marker printed on the criterion itself (3.6 "Sở hữu trí tuệ****" in
    the QĐ 148 sheets): from that level up the criterion must score above 0 (DOMAIN.md §5b)."""

    code: str
    name: str
    score: Decimal
    requirements: Mapping[int, Decimal] = field(default_factory=dict)
    positive_from: int | None = None


def requirements_from_options(options: Iterable[tuple[Decimal, int | None]], star_levels: Iterable[int]) -> dict:
    """Requirement of a criterion for level S: the highest points among its options marked for a
    level ≤ S (a 4★ product must also meet the 3★ marks). Levels with no marked option need nothing."""
    marked = [(Decimal(points), marker) for points, marker in options if marker]
    requirements = {}
    for stars in star_levels:
        eligible = [points for points, marker in marked if marker <= stars]
        if eligible:
            requirements[stars] = max(eligible)
    return requirements


@dataclass(frozen=True)
class GateFailure:
    code: str
    name: str
    stars: int
    score: Decimal
    required: Decimal
    # True when the requirement is "above `required`" (a criterion-level marker), not "at least".
    above: bool = False


@dataclass(frozen=True)
class GateResult:
    band_stars: int
    final_stars: int
    failures: tuple[GateFailure, ...]


def failures_at(criteria: Iterable[GateCriterion], stars: int) -> list[GateFailure]:
    failures = []
    for c in criteria:
        if stars in c.requirements and c.score < c.requirements[stars]:
            failures.append(GateFailure(c.code, c.name, stars, c.score, c.requirements[stars]))
        elif c.positive_from is not None and stars >= c.positive_from and c.score <= 0:
            failures.append(GateFailure(c.code, c.name, stars, c.score, Decimal(0), above=True))
    return failures


def mandatory_gate(band_stars: int, criteria: Sequence[GateCriterion]) -> GateResult:
    """Final stars = the band's stars lowered to the highest level S that passes with every level
    below it passing too. The failures named are those at the first level that does not pass."""
    final = 0
    failures: list[GateFailure] = []
    for stars in range(1, band_stars + 1):
        failures = failures_at(criteria, stars)
        if failures:
            break
        final = stars
    return GateResult(band_stars=band_stars, final_stars=final, failures=tuple(failures))


def is_recognised(stars: int, bands: Iterable[Band]) -> bool:
    if stars < LOWEST_RECOGNISED_STARS:
        return False
    return any(band.stars == stars and band.recognised for band in bands)


# --- cases ---------------------------------------------------------------------------------------


def case_for(case_codes: Sequence[str], chosen: str | None) -> str | None:
    """The case a criterion with cases is scored in for one dossier: the chosen one, else the
    first (a dossier never mixes cases, so members all score the same one)."""
    if not case_codes:
        return None
    return chosen if chosen in case_codes else sorted(case_codes)[0]


# --- routing along the chain of levels -----------------------------------------------------------


@dataclass(frozen=True)
class Step:
    order: int
    level: str
    scores: bool
    certifies_stars: tuple[int, ...]
    # The score of the lowest stars a later level certifies, shown to people; routing reads the
    # gated stars, never this score (DOMAIN.md §5b).
    forward_threshold: Decimal | None


@dataclass(frozen=True)
class Route:
    outcome: str
    # The level that acts next: the one that decides (recognise, back to lower), the one the
    # dossier is forwarded to, or None when nothing is recognised.
    level: str | None


def _step(chain: Sequence[Step], level: str) -> Step:
    for step in chain:
        if step.level == level:
            return step
    raise ValueError(f"level {level!r} is not in the framework's chain")


def route(chain: Sequence[Step], level: str, final_stars: int, bands: Iterable[Band]) -> Route:
    """Where a council's result goes, by its gated stars (the final stars after the mandatory
    gate, DOMAIN.md §5b), read from the framework's chain — never by the bare score:

    - below the lowest recognised band → NOT_RECOGNISED;
    - this level certifies the stars → RECOGNISE here;
    - a later level certifies them → FORWARD to the next level that scores (a product that misses
      a 5★ mark is not "potential 5★", one that misses a 4★ mark is not sent up for 4★);
    - an earlier level certifies them → BACK_TO_LOWER, to the nearest such level.

    Every outcome names a level that can decide the stars (`chain_problems` refuses a chain where
    some recognised stars have no certifying level), so no dossier is left where none can.
    """
    bands = tuple(bands)
    ordered = sorted(chain, key=lambda s: s.order)
    here = _step(ordered, level)
    if not is_recognised(final_stars, bands):
        return Route(Outcome.NOT_RECOGNISED, None)
    if final_stars in here.certifies_stars:
        return Route(Outcome.RECOGNISE, here.level)
    later = [s for s in ordered if s.order > here.order]
    if any(final_stars in s.certifies_stars for s in later):
        receiving = next(s for s in later if s.scores or final_stars in s.certifies_stars)
        return Route(Outcome.FORWARD, receiving.level)
    earlier = [s for s in ordered if s.order < here.order and final_stars in s.certifies_stars]
    if earlier:
        return Route(Outcome.BACK_TO_LOWER, earlier[-1].level)
    raise ValueError(f"no level of the chain certifies {final_stars} stars")


def chain_problems(chain: Sequence[Step], bands: Iterable[Band]) -> list[int]:
    """The recognised stars no level of the chain certifies: a result with those stars could not
    be decided anywhere. Empty when the chain is sound."""
    bands = tuple(bands)
    return [
        band.stars
        for band in sorted(bands, key=lambda b: b.stars)
        if is_recognised(band.stars, bands) and not any(band.stars in s.certifies_stars for s in chain)
    ]


def certifying_level(chain: Sequence[Step], stars: int) -> str | None:
    for step in sorted(chain, key=lambda s: s.order):
        if stars in step.certifies_stars:
            return step.level
    return None


def next_star_level(final_stars: int, bands: Iterable[Band]) -> Band | None:
    higher = sorted((b for b in bands if b.stars > final_stars), key=lambda b: b.stars)
    return higher[0] if higher else None


# --- adapters from the ORM -----------------------------------------------------------------------


def bands_from_framework(framework) -> tuple[Band, ...]:
    return tuple(Band(b.stars, b.min_score, b.recognised) for b in framework.bands.all())


def chain_from_framework(framework) -> tuple[Step, ...]:
    return tuple(
        Step(
            order=step.order,
            level=step.level,
            scores=step.scores,
            certifies_stars=tuple(int(s) for s in step.certifies_stars),
            forward_threshold=step.forward_threshold,
        )
        for step in framework.levels.all()
    )
