"""Every figure of the annual report, computed in the database for one province and year.

The result is plain JSON (ints, strings, ISO dates) so it can be frozen on a ReportRequest and
rendered again later with the same numbers. The number of queries does not depend on the amount
of data: everything is aggregated with GROUP BY, and the annex rows come from one query each.

Definitions (the report's words → the portal's data):
- registered: dossiers of the year's rounds that were not withdrawn (counted per product).
- proposed by the districts: dossiers that reached the evaluation stage, i.e. were accepted at the
  first level of their round's framework that certifies stars — the province under QĐ 1048 and
  QĐ 148 + 1489 (the dossier was forwarded there), the district under QĐ 148 (the district accepted
  it after the completeness check). Counted per district and per product group.
- rounds held: the year's rounds; a round's date is the scoring deadline of its last scoring level
  that has one, else the earliest decision on its dossiers.
- the period: 01/01 of the year to the report's reference date — 31/12, or the report's own
  cut-off (seed 003 counts "to end January 2024" in its 2023 figures); decisions, revocations and
  expiries are counted when dated in the period.
- recognised: **products**, not dossiers — the products named by items of recognition decisions
  dated in the period with 3 stars or more, each once at its best result (a product scored in two
  rounds of the year, or named again by a correcting decision, counts once); potential 5★: the
  products the provincial council forwarded to the central council.
- recognised by producer kind: the recognised products and their producers per kind of producer
  (cooperative, enterprise, cooperative group, household business).
- upgrades: products whose certificate dated in the period superseded an older certificate with
  fewer stars (from → to).
- in force at the reference date ("lũy kế", the date stated): valid_from ≤ date ≤ valid_until,
  not revoked (revocation decision or a status event) and not superseded (the new certificate's
  valid_from) on or before that date; counted per product.
- expired in the period: valid_until falls in it and the certificate was neither revoked nor
  superseded before; revoked in the period: revocation decision (or event) dated in it;
  expiring next year: in force at the reference date with valid_until in the next year.
- support: grants on the year's budget lines that were approved (approved, paid in part, paid).
- programme: what the staff record of the year beyond the workflow — the budget assigned by
  decision (BudgetAllocation), the fairs and events (PromotionEvent), the development projects
  (DevelopmentProject) and, where a report knows only totals, their cost by source
  (ActivityFunding). The events' cost is the sum of their funding rows when there are any, else
  of the events' own costs; the projects' state share likewise.
- stated support: support a report states only in totals (StatedSupport: a decision's units per
  content and one total, or a content without a decision), written as stated beside the grants.
- standing and needs: the province's rank by its number of OCOP products at the end of the year
  (national, and within its region) from the year's plan; next year's budget need and proposed
  sources from next year's plan.
- illustrative: the parts of the report computed from rows marked as illustrative
  (IllustrativeRecord: a historical import's or the demo's stand-ins for what its source states
  only as a count). Counts by stars, group and district of the proposed products are the source's;
  what depends on the stand-ins' own attributes is labelled "(số liệu minh họa)": the recognised
  products by district and by producer kind, the products in force by district, the certificates
  expired, revoked and expiring (their dates), the round dates and the annex's rows.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum

from evaluation.enums import DossierState, Level, Outcome
from evaluation.models import Certificate, CouncilAssignment, Round, RoundDeadline
from ocop_portal.core.collation import vi_key, vi_order
from products.enums import ProducerKind
from products.models import Product
from support.enums import CATEGORY_UNIT_LABELS, FundingSource, SupportCategory

from .definitions import (
    LEVEL_ORDER,
    committed_grants,
    expired_certificates,
    in_force_certificates,
    period,
    province_scope,
    reached_evaluation_q,
    recognised_products,
    recognition_items,
    registered_dossiers,
    revoked_certificates,
)
from .formatting import group_label, short_group_name, short_unit_name
from .models import (
    ActivityFunding,
    BudgetAllocation,
    DevelopmentProject,
    IllustrativeRecord,
    PromotionEvent,
    StatedSupport,
    StatedSupportLine,
    YearPlan,
)


def compute_figures(*, province, year: int, cutoff: datetime.date | None = None) -> dict:
    """The figures of `province`'s report on `year`, counted to `cutoff` (default 31/12); a merged
    province's figures include the records carried from its predecessors."""
    period_start, year_end = period(year, cutoff)
    year_dossiers = registered_dossiers(year).filter(round__province__in=province_scope(province))
    registered = year_dossiers.aggregate(dossiers=Count("id"), products=Count("product", distinct=True))
    proposed_rows = list(
        year_dossiers.filter(reached_evaluation_q(year))
        .values(
            "district_id",
            "district__name",
            "district__unit_type",
            "product__product_set__group__name",
            "product__product_set__group__order",
        )
        .annotate(count=Count("product", distinct=True))
    )
    recognised = _recognised(province, year, cutoff)
    merged_from = _merged_from(province)
    in_force = _in_force(province, year_end)
    plans = {plan.year: plan for plan in YearPlan.objects.filter(province=province, year__in=[year, year + 1])}
    plan = plans.get(year)
    target = plan.target_products if plan else None
    target_max = plan.target_products_max if plan else None
    return {
        "province": {"id": province.pk, "code": province.code, "name": province.name},
        "year": year,
        # The reference date of "lũy kế" and the end of the period (31/12 or the cut-off).
        "year_end": year_end.isoformat(),
        "period_start": period_start.isoformat(),
        "cutoff": cutoff.isoformat() if cutoff else None,
        "registered_products": registered["products"],
        "registered_dossiers": registered["dossiers"],
        "proposed": _proposed(proposed_rows),
        "rounds": _rounds(province, year),
        "recognised": recognised,
        "target": {
            "products": target,
            # A range ("25–30"): the percentage and the difference are against its lower bound.
            "products_max": target_max,
            "percent_of_plan": round(recognised["total"] * 100 / target, 2) if target else None,
            "above_plan": recognised["total"] - target if target is not None else None,
        },
        "standing": {
            "national_rank": plan.national_rank if plan else None,
            "regional_rank": plan.regional_rank if plan else None,
            "region": plan.region if plan else "",
        },
        "upgrades": _upgrades(province, year, cutoff),
        "in_force": in_force,
        "certificates": _certificate_changes(province, year, cutoff),
        "support": _support(province, year),
        "next_year": _next_year(province, year + 1, plans.get(year + 1)),
        "programme": _programme(province, year),
        "illustrative": _illustrative(province, year, cutoff, year_end),
        **({"merged_from": merged_from} if merged_from else {}),
        "annex": {
            "recognised_products": _annex_recognised(province, year, cutoff),
            "revoked_certificates": _annex_revoked(province, year, cutoff),
            "support_grants": _annex_grants(province, year),
        },
    }


def _unit(row, prefix) -> str:
    """The short name of the unit joined as `prefix` (each caller checks the unit is there; a
    unit always has a name and a type)."""
    return short_unit_name(row[f"{prefix}__name"], row[f"{prefix}__unit_type"])


def _proposed(rows) -> dict:
    by_district, by_group = defaultdict(int), defaultdict(int)
    group_order = {}
    for row in rows:
        district = _unit(row, "district") if row["district_id"] else "—"
        group = short_group_name(row["product__product_set__group__name"])
        by_district[district] += row["count"]
        by_group[group] += row["count"]
        group_order[group] = row["product__product_set__group__order"]
    return {
        "total": sum(by_district.values()),
        "by_district": [
            {"name": name, "count": count}
            for name, count in sorted(by_district.items(), key=lambda i: (-i[1], vi_key(i[0])))
        ],
        "by_group": [
            {"name": name, "count": count} for name, count in sorted(by_group.items(), key=lambda i: group_order[i[0]])
        ],
    }


def _rounds(province, year) -> list[dict]:
    rounds = list(
        Round.objects.filter(province__in=province_scope(province), year=year)
        .annotate(
            dossier_count=Count("dossiers", filter=~Q(dossiers__state=DossierState.WITHDRAWN), distinct=True),
            # Only recognition decisions have items (a revocation names its certificates).
            first_decision=Min("dossiers__decision_items__decision__date"),
        )
        .order_by("number")
        .values("id", "number", "title", "dossier_count", "first_decision")
    )
    scoring = defaultdict(dict)
    for round_id, level, date in RoundDeadline.objects.filter(
        round_id__in=[row["id"] for row in rounds], scoring__isnull=False
    ).values_list("round_id", "level", "scoring"):
        scoring[round_id][level] = date
    result = []
    for row in rounds:
        deadlines = scoring[row["id"]]
        last_level = max(deadlines, key=LEVEL_ORDER.index, default=None)
        date = deadlines[last_level] if last_level else row["first_decision"]
        result.append(
            {
                "number": row["number"],
                "title": row["title"],
                "dossiers": row["dossier_count"],
                "date": date.isoformat() if date else None,
            }
        )
    return result


def _recognition_items(province, year, cutoff=None):
    return recognition_items(year, cutoff).filter(decision__province__in=province_scope(province))


def _recognised(province, year, cutoff) -> dict:
    by_stars, by_district = defaultdict(int), defaultdict(lambda: defaultdict(int))
    products_by_kind, producers_by_kind = defaultdict(int), defaultdict(set)
    for row in recognised_products(
        _recognition_items(province, year, cutoff), "dossier__product__producer_id", "dossier__product__producer__kind"
    ):
        district = short_unit_name(row["district"], row["district_type"]) if row["district"] else "—"
        by_stars[row["stars"]] += 1
        by_district[district][row["stars"]] += 1
        kind = row["dossier__product__producer__kind"]
        products_by_kind[kind] += 1
        producers_by_kind[kind].add(row["dossier__product__producer_id"])
    potential_five = (
        CouncilAssignment.objects.filter(
            dossier__province__in=province_scope(province),
            dossier__round__year=year,
            level=Level.PROVINCE,
            outcome=Outcome.FORWARD,
        )
        .values("dossier__product")
        .distinct()
        .count()
    )
    return {
        "total": sum(by_stars.values()),
        "by_stars": {str(stars): by_stars.get(stars, 0) for stars in (5, 4, 3)},
        "potential_five": potential_five,
        # Seed 003: "41 sản phẩm của 28 hợp tác xã, 08 công ty, doanh nghiệp, 05 hộ sản xuất kinh doanh".
        "by_producer_kind": [
            {
                "kind": kind,
                "label": str(ProducerKind(kind).label),
                "products": products_by_kind[kind],
                "producers": len(producers_by_kind[kind]),
            }
            for kind in ProducerKind.values
            if kind in products_by_kind
        ],
        "by_district": [
            {"name": name, "stars": {str(s): counts.get(s, 0) for s in (5, 4, 3)}, "total": sum(counts.values())}
            for name, counts in sorted(by_district.items(), key=lambda i: (-sum(i[1].values()), vi_key(i[0])))
        ],
    }


def _upgrades(province, year, cutoff) -> list[dict]:
    start, end = period(year, cutoff)
    rows = (
        Certificate.objects.filter(
            superseded_by__province__in=province_scope(province),
            superseded_by__decision__date__gte=start,
            superseded_by__decision__date__lte=end,
            stars__lt=F("superseded_by__stars"),
        )
        .values("stars", "superseded_by__stars")
        .annotate(count=Count("superseded_by__product", distinct=True))
        .order_by("stars", "superseded_by__stars")
    )
    return [{"from": row["stars"], "to": row["superseded_by__stars"], "count": row["count"]} for row in rows]


def _in_force(province, year_end) -> dict:
    rows = (
        in_force_certificates(year_end)
        .filter(province__in=province_scope(province))
        .values("stars", "district__name", "district__unit_type")
        .annotate(
            count=Count("product", distinct=True),
            expiring=Count("product", distinct=True, filter=Q(valid_until__year=year_end.year + 1)),
        )
    )
    by_stars, by_district = defaultdict(int), defaultdict(lambda: defaultdict(int))
    expiring = 0
    for row in rows:
        by_stars[row["stars"]] += row["count"]
        by_district[_unit(row, "district") if row["district__name"] else "—"][row["stars"]] += row["count"]
        expiring += row["expiring"]
    return {
        "total": sum(by_stars.values()),
        "by_stars": {str(stars): by_stars.get(stars, 0) for stars in (5, 4, 3)},
        "by_district": [
            {"name": name, "stars": {str(s): counts.get(s, 0) for s in (5, 4, 3)}, "total": sum(counts.values())}
            for name, counts in sorted(by_district.items(), key=lambda i: (-sum(i[1].values()), vi_key(i[0])))
        ],
        "expiring_next_year": expiring,
    }


def _certificate_changes(province, year, cutoff) -> dict:
    expired = expired_certificates(year, cutoff).filter(province__in=province_scope(province)).count()
    labels = dict(Certificate._meta.get_field("revocation_ground").choices)
    revoked = [
        {
            "ground": row["revocation_ground"],
            "label": str(labels.get(row["revocation_ground"], "")),
            "count": row["count"],
        }
        for row in revoked_certificates(year, cutoff)
        .filter(province__in=province_scope(province))
        .values("revocation_ground")
        .annotate(count=Count("id"))
        .order_by("-count", "revocation_ground")
    ]
    return {"expired": expired, "revoked": revoked, "revoked_total": sum(row["count"] for row in revoked)}


def _committed_grants(province, year):
    return committed_grants(year).filter(budget_line__province__in=province_scope(province))


def _category_row(row) -> dict:
    """A support category's label, the unit it is counted in ("đơn vị" when it has none of its
    own), and the units and amount of `row` (grants grouped by `budget_line__category`)."""
    category = row["budget_line__category"]
    return {
        "label": str(SupportCategory(category).label),
        "unit": str(CATEGORY_UNIT_LABELS.get(category, "đơn vị")),
        "units": row["units"],
        "amount": row["amount"],
    }


def _support(province, year) -> dict:
    grants = _committed_grants(province, year)
    categories = [
        {
            "category": row["budget_line__category"],
            **_category_row(row),
            "grants": row["grants"],
            "producers": row["producers"],
        }
        for row in grants.values("budget_line__category")
        .annotate(
            grants=Count("id"), units=Sum("units"), amount=Sum("amount"), producers=Count("producer", distinct=True)
        )
        .order_by("budget_line__category")
    ]
    order = list(SupportCategory.values)
    categories.sort(key=lambda row: order.index(row["category"]))
    sources = [
        {
            "source": row["budget_line__funding_source"],
            "label": str(FundingSource(row["budget_line__funding_source"]).label),
            "amount": row["amount"],
            "counterpart": row["counterpart"],
        }
        for row in grants.values("budget_line__funding_source")
        .annotate(amount=Sum("amount"), counterpart=Sum("counterpart_amount"))
        .order_by("budget_line__funding_source")
    ]
    decisions = defaultdict(lambda: {"categories": [], "units": 0, "amount": 0})
    for row in (
        grants.exclude(decision_number="")
        .values("decision_number", "decision_date", "budget_line__category")
        .annotate(units=Sum("units"), amount=Sum("amount"))
        .order_by("decision_date", "decision_number", "budget_line__category")
    ):
        key = (row["decision_number"], row["decision_date"].isoformat() if row["decision_date"] else None)
        entry = decisions[key]
        entry["categories"].append(_category_row(row))
        entry["units"] += row["units"]
        entry["amount"] += row["amount"]
    without_decision = [
        _category_row(row)
        for row in grants.filter(decision_number="")
        .values("budget_line__category")
        .annotate(units=Sum("units"), amount=Sum("amount"))
        .order_by("budget_line__category")
    ]
    stated = _stated_support(province, year)
    return {
        "stated": stated,
        # What the stated support adds up to: a decision's own total, else its lines' amounts.
        "stated_total": sum(
            row["amount"] if row["amount"] is not None else sum(line["amount"] or 0 for line in row["lines"])
            for row in stated
        ),
        "categories": categories,
        "without_decision": without_decision,
        "sources": sources,
        "decisions": [{"number": number, "date": date, **entry} for (number, date), entry in decisions.items()],
        "total_amount": sum(row["amount"] for row in categories),
    }


def _next_year(province, year, plan) -> dict:
    deadlines = [
        {"round": number, "level": level, "date": date.isoformat()}
        for number, level, date in RoundDeadline.objects.filter(
            round__province__in=province_scope(province), round__year=year, scoring__isnull=False
        )
        .order_by("level", "round__number")
        .values_list("round__number", "level", "scoring")
        if level in (Level.DISTRICT, Level.PROVINCE)
    ]
    if not deadlines and plan is not None:
        planned = [
            (1, Level.DISTRICT, plan.district_round1_deadline),
            (2, Level.DISTRICT, plan.district_round2_deadline),
            (1, Level.PROVINCE, plan.province_round1_deadline),
            (2, Level.PROVINCE, plan.province_round2_deadline),
        ]
        deadlines = [{"round": n, "level": lv, "date": d.isoformat()} for n, lv, d in planned if d]
    return {
        "year": year,
        "target_products": plan.target_products if plan else None,
        "target_upgrades": plan.target_upgrades if plan else None,
        "target_five_star": plan.target_five_star if plan else None,
        **{
            name: getattr(plan, name) if plan else None
            for name in (
                "target_products_max",
                "target_upgrades_max",
                "target_per_district_min",
                "target_per_district_max",
                "target_tourism",
                "target_cumulative",
            )
        },
        "deadlines": deadlines,
        "budget_need": plan.budget_need if plan else None,
        "budget_need_sources": [line.strip() for line in plan.budget_need_sources.splitlines() if line.strip()]
        if plan
        else [],
        "announcement": plan.announcement_deadline.isoformat() if plan and plan.announcement_deadline else None,
    }


def _annex_recognised(province, year, cutoff) -> list[dict]:
    """One row per recognised product: its best result of the period (ties: the later decision).
    For a merged province the rows go by the product's commune today and carry the former province
    and district of the dossier as columns."""
    certificate = Certificate.objects.filter(dossier=OuterRef("dossier"), decision=OuterRef("decision"))
    merged = _merged_from(province)
    rows = (
        _recognition_items(province, year, cutoff)
        .annotate(
            certificate_number=Subquery(certificate.values("number")[:1]),
            certificate_valid_until=Subquery(certificate.values("valid_until")[:1]),
            illustrative=IllustrativeRecord.exists_for(Product, "dossier__product_id"),
        )
        .values(
            "dossier__product_id",
            "dossier__product__name",
            "dossier__product__producer__name",
            "dossier__district__name",
            "dossier__district__unit_type",
            "dossier__product__product_set__group__name",
            "recognised_stars",
            "certificate_number",
            "certificate_valid_until",
            "decision__number",
            "decision__date",
            "dossier__product__commune__name",
            "dossier__province__name",
            "illustrative",
        )
        .order_by(
            *(vi_order("dossier__product__commune__name") if merged else []),
            *vi_order("dossier__district__name"),
            "-recognised_stars",
            *vi_order("dossier__product__name"),
        )
    )
    best = {}
    for row in rows:
        key = row["dossier__product_id"]
        if key not in best or (row["recognised_stars"], row["decision__date"]) > (
            best[key]["recognised_stars"],
            best[key]["decision__date"],
        ):
            best[key] = row
    rows = [row for row in rows if best[row["dossier__product_id"]] is row]
    return [
        {
            **(
                {
                    "commune": row["dossier__product__commune__name"],
                    "former_province": row["dossier__province__name"]
                    if row["dossier__province__name"] != province.name
                    else "",
                }
                if merged
                else {}
            ),
            "product": row["dossier__product__name"],
            "producer": row["dossier__product__producer__name"],
            "district": _unit(row, "dossier__district") if row["dossier__district__name"] else "",
            "group": group_label(row["dossier__product__product_set__group__name"]),
            "stars": row["recognised_stars"],
            "certificate": row["certificate_number"] or "",
            "valid_until": row["certificate_valid_until"].isoformat() if row["certificate_valid_until"] else None,
            "decision": row["decision__number"],
            "decision_date": row["decision__date"].isoformat(),
            "illustrative": row["illustrative"],
        }
        for row in rows
    ]


def _merged_from(province) -> list[str]:
    """Names of the predecessor provinces carried into `province` (none for an unmerged one)."""
    return list(province.carried_from.order_by("valid_from").values_list("name", flat=True).distinct())


def _annex_revoked(province, year, cutoff) -> list[dict]:
    labels = dict(Certificate._meta.get_field("revocation_ground").choices)
    rows = (
        revoked_certificates(year, cutoff)
        .filter(province__in=province_scope(province))
        .values(
            "number",
            "product__name",
            "producer__name",
            "district__name",
            "district__unit_type",
            "stars",
            "revocation_ground",
            "revocation_decision__number",
            "revocation_decision__date",
        )
        .order_by("revocation_decision__date", "number")
    )
    return [
        {
            "certificate": row["number"],
            "product": row["product__name"],
            "producer": row["producer__name"],
            "district": _unit(row, "district") if row["district__name"] else "",
            "stars": row["stars"],
            "ground": str(labels.get(row["revocation_ground"], "")),
            "decision": row["revocation_decision__number"] or "",
            "date": row["revocation_decision__date"].isoformat() if row["revocation_decision__date"] else None,
        }
        for row in rows
    ]


def _annex_grants(province, year) -> list[dict]:
    rows = (
        _committed_grants(province, year)
        .values(
            "producer__name",
            "product__name",
            "producer__district__name",
            "producer__district__unit_type",
            "budget_line__category",
            "budget_line__funding_source",
            "units",
            "amount",
            "decision_number",
            "decision_date",
        )
        .order_by("budget_line__category", *vi_order("producer__name"), "id")
    )
    return [
        {
            "producer": row["producer__name"],
            "product": row["product__name"] or "",
            "district": _unit(row, "producer__district") if row["producer__district__name"] else "",
            "category": str(SupportCategory(row["budget_line__category"]).label),
            "source": str(FundingSource(row["budget_line__funding_source"]).label),
            "units": row["units"],
            "amount": row["amount"],
            "decision": row["decision_number"],
            "decision_date": row["decision_date"].isoformat() if row["decision_date"] else None,
        }
        for row in rows
    ]


def _programme(province, year) -> dict:
    """Budget by decision, events, projects and their funding by source (module docstring)."""
    scope = {"province": province, "year": year}
    allocations = [
        {
            "amount": row.amount,
            "source": row.source,
            "decision": row.decision_number,
            "date": row.decision_date.isoformat() if row.decision_date else None,
        }
        for row in BudgetAllocation.objects.filter(**scope).order_by("decision_date", "id")
    ]
    events = list(PromotionEvent.objects.filter(**scope).order_by("id").values("name", "place", "participants", "cost"))
    projects = list(
        DevelopmentProject.objects.filter(**scope)
        .order_by("id")
        .values("name", "beneficiary", "place", "total_cost", "state_share")
    )
    funding = defaultdict(list)
    for row in ActivityFunding.objects.filter(**scope).order_by("id"):
        funding[row.activity].append({"source": row.source, "amount": row.amount, "state": row.state})
    events_funding, projects_funding = (
        funding[ActivityFunding.Activity.EVENTS],
        funding[ActivityFunding.Activity.PROJECTS],
    )
    return {
        "allocations": allocations,
        "allocated_total": sum(row["amount"] for row in allocations),
        "events": events,
        "events_funding": events_funding,
        "events_cost": sum(row["amount"] for row in events_funding)
        if events_funding
        else sum(row["cost"] or 0 for row in events),
        "projects": projects,
        "projects_funding": projects_funding,
        "projects_total": sum(row["total_cost"] for row in projects),
        "projects_state": sum(row["amount"] for row in projects_funding if row["state"])
        if projects_funding
        else sum(row["state_share"] or 0 for row in projects),
    }


def _stated_support(province, year) -> list[dict]:
    """StatedSupport rows with their lines, as the report states them (two queries)."""
    supports = list(StatedSupport.objects.filter(province=province, year=year).order_by("decision_date", "id"))
    lines = defaultdict(list)
    for line in StatedSupportLine.objects.filter(support__in=supports).order_by("id"):
        lines[line.support_id].append(
            {
                "category": line.category,
                "label": str(SupportCategory(line.category).label),
                "unit": str(CATEGORY_UNIT_LABELS.get(line.category, "đơn vị")),
                "units": line.units,
                "amount": line.amount,
            }
        )
    return [
        {
            "decision": support.decision_number,
            "date": support.decision_date.isoformat() if support.decision_date else None,
            "amount": support.amount,
            "units": sum(row["units"] for row in lines[support.pk]),
            "lines": lines[support.pk],
        }
        for support in supports
    ]


def _illustrative(province, year, cutoff, year_end) -> list[str]:
    """The parts of the report computed from illustrative rows (module docstring); four queries."""
    scope = province_scope(province)
    marked_product = IllustrativeRecord.exists_for(Product, "product_id")
    parts = []
    if (
        _recognition_items(province, year, cutoff)
        .filter(IllustrativeRecord.exists_for(Product, "dossier__product_id"))
        .exists()
    ):
        parts += ["recognised_by_district", "recognised_by_producer_kind", "annex_recognised"]
    certificates = Certificate.objects.filter(province__in=scope).filter(
        Q(pk__in=in_force_certificates(year_end).values("pk"))
        | Q(pk__in=expired_certificates(year, cutoff).values("pk"))
        | Q(pk__in=revoked_certificates(year, cutoff).values("pk"))
    )
    if certificates.filter(marked_product).exists():
        parts += ["in_force_by_district", "certificate_changes"]
    if Round.objects.filter(province__in=scope, year=year).filter(IllustrativeRecord.exists_for(Round, "pk")).exists():
        parts.append("round_dates")
    return parts
