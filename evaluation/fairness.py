"""How far council members agree, as pure functions over plain values (like scoring.py).

- For the presiding member, once every eligible card is in: the totals' spread, median beside
  the mean, and the criteria members disagree on most (no member is named).
- For the department, per member over closed dossiers (read from the stored council results):
  leniency (the member's counted total minus the council's mean on the same dossier), how often
  their original total sat at an end of a spread that sent the dossier to reconciliation, and
  how often they recused.
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ocop_portal.core.collation import vi_key

from .scoring import round_score, spread

# How many criteria the presiding member is shown, most disputed first.
DISPUTED_CRITERIA_SHOWN = 5


@dataclass(frozen=True)
class TotalsSummary:
    count: int
    mean: Decimal
    median: Decimal
    low: Decimal
    high: Decimal
    spread: Decimal
    max_spread: Decimal

    @property
    def spread_ok(self) -> bool:
        return self.spread <= self.max_spread


def totals_summary(totals: Sequence[Decimal], *, max_spread: Decimal, decimals: int) -> TotalsSummary:
    """Mean and median rounded the way the council's score is (half-up, `decimals` places)."""
    values = [Decimal(v) for v in totals]
    if not values:
        raise ValueError("a summary of no totals")
    return TotalsSummary(
        count=len(values),
        mean=round_score(sum(values, Decimal(0)) / len(values), decimals),
        median=round_score(statistics.median(values), decimals),
        low=min(values),
        high=max(values),
        spread=spread(values),
        max_spread=Decimal(max_spread),
    )


@dataclass(frozen=True)
class Disagreement:
    code: str
    name: str
    max_points: Decimal
    low: Decimal
    high: Decimal
    # (points, how many members gave them), highest points first: who gave what stays hidden.
    answers: tuple[tuple[Decimal, int], ...]

    @property
    def range(self) -> Decimal:
        return self.high - self.low

    @property
    def share_of_max(self) -> Decimal:
        """The range as a share of the criterion's maximum (0–1): a 2-point gap matters more on a
        3-point criterion than on a 10-point one."""
        return self.range / self.max_points if self.max_points else Decimal(0)


def disagreements(
    criteria: Iterable[tuple[str, str, Decimal]],
    points_by_member: Sequence[Mapping[str, Decimal]],
    *,
    limit: int = DISPUTED_CRITERIA_SHOWN,
) -> list[Disagreement]:
    """The criteria with the widest range of members' points, relative to the criterion's
    maximum, then in points; criteria everyone scored alike are left out. `criteria` are
    (code, name, max points) in sheet order; a member's missing answer counts as 0 points."""
    found = []
    for code, name, max_points in criteria:
        points = [Decimal(member.get(code, Decimal(0))) for member in points_by_member]
        if len(set(points)) < 2:
            continue
        counts = Counter(points)
        found.append(
            Disagreement(
                code=code,
                name=name,
                max_points=Decimal(max_points),
                low=min(points),
                high=max(points),
                answers=tuple(sorted(counts.items(), key=lambda item: item[0], reverse=True)),
            )
        )
    found.sort(key=lambda d: (-d.share_of_max, -d.range))
    return found[:limit]


# --- per member, across closed dossiers -------------------------------------------------------


@dataclass
class MemberRecord:
    """One member's figures over a set of closed dossiers of one council."""

    council_id: int
    council: str
    member_id: int
    name: str
    role: str
    seated: int = 0  # dossiers the member was on the council for (scored, absent or recused)
    scored: int = 0  # dossiers where the member's total was counted in the mean
    recused: int = 0
    trips: int = 0  # reconciliations where the member's original total was at an end of the spread
    deviations: list[Decimal] = field(default_factory=list)

    @property
    def leniency(self) -> Decimal | None:
        """Mean of (member's counted total − council mean) on the same dossiers: above 0 the member
        scores more generously than the council, below 0 more strictly."""
        if not self.deviations:
            return None
        return round_score(sum(self.deviations, Decimal(0)) / len(self.deviations), 2)

    @property
    def mean_absolute_deviation(self) -> Decimal | None:
        if not self.deviations:
            return None
        return round_score(sum((abs(d) for d in self.deviations), Decimal(0)) / len(self.deviations), 2)

    @property
    def trip_rate(self) -> Decimal | None:
        return round_score(Decimal(self.trips) / self.scored, 4) if self.scored else None

    @property
    def recusal_rate(self) -> Decimal | None:
        return round_score(Decimal(self.recused) / self.seated, 4) if self.seated else None

    def as_row(self) -> dict:
        """Plain JSON for the stored table (a Celery job computes it) and the annual report."""

        def text(value):
            return None if value is None else str(value)

        return {
            "council_id": self.council_id,
            "council": self.council,
            "member_id": self.member_id,
            "name": self.name,
            "role": self.role,
            "seated": self.seated,
            "scored": self.scored,
            "recused": self.recused,
            "trips": self.trips,
            "leniency": text(self.leniency),
            "mean_absolute_deviation": text(self.mean_absolute_deviation),
            "trip_rate": text(self.trip_rate),
            "recusal_rate": text(self.recusal_rate),
        }


def original_trippers(result: Mapping) -> set[int]:
    """Members whose original (revision 1) total sat at the top or bottom of a spread wider than
    the council allowed: the members whose cards sent the dossier to reconciliation."""
    originals = {
        member["member"]: Decimal(member["totals"]["1"])
        for member in result.get("members", [])
        if "1" in member["totals"]
    }
    if len(originals) < 2 or "max_spread" not in result:
        return set()
    if spread(originals.values()) <= Decimal(result["max_spread"]):
        return set()
    low, high = min(originals.values()), max(originals.values())
    return {member_id for member_id, total in originals.items() if total in (low, high)}


def member_records(closed: Iterable[tuple[int, str, Mapping]], roles: Mapping[int, str]) -> list[MemberRecord]:
    """Per (council, member) figures from closed assignments' stored results: (council id, council
    name, result JSON) each. `roles` maps member id → role (the result stores names, not roles).
    Sorted by council name, then member name."""
    records: dict[tuple[int, int], MemberRecord] = {}

    def record(council_id, council, member_id, name):
        key = (council_id, member_id)
        if key not in records:
            records[key] = MemberRecord(council_id, council, member_id, name, roles.get(member_id, ""))
        return records[key]

    for council_id, council, result in closed:
        if not result.get("members") and not result.get("recused"):
            continue
        mean = Decimal(result["mean"])
        tripped = original_trippers(result)
        for member in result.get("members", []):
            row = record(council_id, council, member["member"], member["name"])
            row.seated += 1
            if member.get("counted") is not None:
                row.scored += 1
                row.deviations.append(Decimal(member["counted"]) - mean)
            if member["member"] in tripped:
                row.trips += 1
        for member in result.get("recused", []):
            row = record(council_id, council, member["member"], member["name"])
            row.seated += 1
            row.recused += 1
    return sorted(records.values(), key=lambda r: (vi_key(r.council), vi_key(r.name), r.member_id))


def group_by_round(closed: Iterable[tuple[int, int, str, Mapping]]) -> dict[int, list[tuple[int, str, Mapping]]]:
    """(round id, council id, council name, result) → {round id: [(council id, name, result)]}."""
    grouped: dict[int, list] = defaultdict(list)
    for round_id, council_id, council, result in closed:
        grouped[round_id].append((council_id, council, result))
    return dict(grouped)
