"""The national summary's figures: every province of the deployment for one year, in one pass.

Each figure is one aggregate query grouped by province over the same definitions the provincial
report filters to its province (`definitions.py`), so the number of queries does not depend on
the number of provinces and each province's row equals its own annual report. The national
totals are the sums of the rows. The result is plain JSON, frozen on a ReportRequest.

Figures per province (besides those of the provincial report, same words as `figures.py`):
- producers, products: the registry when the summary is generated (the registry keeps no
  history, so these are "as of the generation date", and the document says so);
- certificates issued: certificates whose recognition decision is dated in the year;
- support allocated: the year's budget lines; approved: the provincial report's support total
  (committed grants); disbursed: payments on grants of the year's budget lines.
"""

import datetime

from django.db.models import Count, Q, Sum

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from products.models import Producer, Product

from .definitions import (
    budget_lines,
    committed_grants,
    disbursements,
    expired_certificates,
    in_force_certificates,
    issued_certificates,
    reached_evaluation_q,
    recognised_products,
    recognition_items,
    registered_dossiers,
    revoked_certificates,
)

STARS = ("5", "4", "3")
# Every per-province figure that is a plain count, then the sums of money (the star splits are separate).
COUNT_FIGURES = (
    "producers",
    "products",
    "registered_products",
    "registered_dossiers",
    "evaluated",
    "recognised",
    "in_force",
    "certificates_issued",
    "certificates_expired",
    "certificates_revoked",
)
SCALAR_FIGURES = (*COUNT_FIGURES, "budget_allocated", "budget_approved", "budget_disbursed")


def _by_province(queryset, path: str, **aggregates) -> dict:
    """{province id: {name: value}} from one GROUP BY query."""
    return {
        row.pop(path): row for row in queryset.order_by().values(path).annotate(**aggregates).values(path, *aggregates)
    }


def _by_province_and_stars(queryset, path: str, stars_field: str, **aggregates) -> dict:
    """{province id: {"5": n, "4": n, "3": n}} from one GROUP BY query (one aggregate named count)."""
    result = {}
    for row in queryset.order_by().values(path, stars_field).annotate(**aggregates):
        stars = str(row[stars_field])
        if stars in STARS:
            result.setdefault(row[path], dict.fromkeys(STARS, 0))[stars] += row["count"]
    return result


def _provinces_in(year: int, extra_ids: set[int]) -> list[AdministrativeUnit]:
    """Provinces in force at some point of the year, plus any other province that has figures
    (so the rows always add up to the totals whatever the state of the unit table)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    )
    return list(
        AdministrativeUnit.objects.filter(Q(level=UnitLevel.PROVINCE) & (in_force | Q(pk__in=extra_ids)))
        .only("id", "code", "name", "unit_type")
        .order_by("code", "name", "id")
    )


def compute_national_figures(*, year: int) -> dict:
    year_end = datetime.date(year, 12, 31)
    dossiers = registered_dossiers(year)
    scalars = {
        "producers": _by_province(Producer.objects.all(), "province_id", value=Count("id")),
        "products": _by_province(Product.objects.all(), "province_id", value=Count("id")),
        "registered": _by_province(
            dossiers, "round__province_id", dossiers=Count("id"), products=Count("product", distinct=True)
        ),
        "evaluated": _by_province(dossiers.filter(reached_evaluation_q(year)), "round__province_id", value=Count("id")),
        "certificates_issued": _by_province(issued_certificates(year), "province_id", value=Count("id")),
        "certificates_expired": _by_province(expired_certificates(year), "province_id", value=Count("id")),
        "certificates_revoked": _by_province(revoked_certificates(year), "province_id", value=Count("id")),
        "budget_allocated": _by_province(budget_lines(year), "province_id", value=Sum("allocated_amount")),
        "budget_approved": _by_province(committed_grants(year), "budget_line__province_id", value=Sum("amount")),
        "budget_disbursed": _by_province(disbursements(year), "grant__budget_line__province_id", value=Sum("amount")),
    }
    recognised = {}
    # As the provincial report: products, once each at their best result of the year.
    for row in recognised_products(recognition_items(year), "decision__province_id").order_by():
        stars = str(row["stars"])
        if stars in STARS:
            recognised.setdefault(row["decision__province_id"], dict.fromkeys(STARS, 0))[stars] += 1
    in_force = _by_province_and_stars(in_force_certificates(year_end), "province_id", "stars", count=Count("id"))
    with_figures = set(recognised) | set(in_force)
    for rows in scalars.values():
        with_figures |= set(rows)
    with_figures.discard(None)
    rows = [_province_row(unit, scalars, recognised, in_force) for unit in _provinces_in(year, with_figures)]
    return {
        "year": year,
        "year_end": year_end.isoformat(),
        "provinces": rows,
        "totals": _totals(rows),
    }


def _province_row(unit, scalars, recognised, in_force) -> dict:
    def value(name, key="value"):
        return (scalars[name].get(unit.pk) or {}).get(key) or 0

    recognised_stars = recognised.get(unit.pk, dict.fromkeys(STARS, 0))
    in_force_stars = in_force.get(unit.pk, dict.fromkeys(STARS, 0))
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "producers": value("producers"),
        "products": value("products"),
        "registered_products": value("registered", "products"),
        "registered_dossiers": value("registered", "dossiers"),
        "evaluated": value("evaluated"),
        "recognised": sum(recognised_stars.values()),
        "recognised_by_stars": recognised_stars,
        "in_force": sum(in_force_stars.values()),
        "in_force_by_stars": in_force_stars,
        "certificates_issued": value("certificates_issued"),
        "certificates_expired": value("certificates_expired"),
        "certificates_revoked": value("certificates_revoked"),
        "budget_allocated": value("budget_allocated"),
        "budget_approved": value("budget_approved"),
        "budget_disbursed": value("budget_disbursed"),
    }


def _totals(rows: list[dict]) -> dict:
    totals = {name: sum(row[name] for row in rows) for name in SCALAR_FIGURES}
    for split in ("recognised_by_stars", "in_force_by_stars"):
        totals[split] = {stars: sum(row[split][stars] for row in rows) for stars in STARS}
    totals["provinces"] = len(rows)
    totals["provinces_with_certified_products"] = sum(1 for row in rows if row["in_force"])
    return totals
