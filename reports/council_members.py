"""The annual report's section on council members (leniency, reconciliation trips, recusals),
from evaluation's yearly member table. Self-contained: one key of the snapshot, one annex table."""

from decimal import Decimal

from evaluation.selectors.fairness import fairness_year_table

from .formatting import vn_percent


def council_members_snapshot(*, province, year: int) -> list[dict]:
    """The year's rows, frozen with the report's other figures."""
    return fairness_year_table(province_id=province.pk, year=year)["year_rows"]


def _points(value) -> str:
    """'-3.75' → '−3,75'; None → '—'."""
    if value is None:
        return "—"
    number = Decimal(value)
    return f"{'−' if number < 0 else '+' if number > 0 else ''}{abs(number):.2f}".replace(".", ",")


def council_member_rows(snapshot: dict) -> list[dict] | None:
    """The annex rows, or None for a snapshot frozen before the section existed."""
    rows = snapshot.get("council_members")
    if rows is None:
        return None
    return [
        {
            "council": row["council"],
            "name": row["name"],
            "seated": row["seated"],
            "scored": row["scored"],
            "leniency": _points(row["leniency"]),
            "trips": f"{row['trips']} ({vn_percent(row['trips'], row['scored'])})" if row["scored"] else "0",
            "recused": f"{row['recused']} ({vn_percent(row['recused'], row['seated'])})",
        }
        for row in rows
    ]
