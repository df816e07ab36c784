"""The load scenarios: one line each, naming the URL path (placeholders are filled from the bench
data by `collect_targets`). Paths, not URL names: several views are still being written, and a
path that answers 404 is reported as "not available yet" instead of breaking the run."""

import itertools
import random
from dataclasses import dataclass
from urllib.parse import quote_plus

PAGE_P95_TARGET_MS = 150


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    persona: str  # admin, province, commune, council, chair, producer, anonymous
    method: str
    path: str
    body: str = ""
    kind: str = "page"  # page (p95 target), baseline (admin), ceiling (static), api
    explain: bool = False  # EXPLAIN ANALYZE its heaviest queries


# fmt: off
# One scenario per line (its path in full), so the list reads as the table it produces.
SCENARIOS = [
    Scenario("products_p1", "Product list, filtered, page 1", "admin", "GET", "/registry/products/?group={group}&status=active", explain=True),  # noqa: E501
    Scenario("products_p50", "Product list, filtered, page 50", "admin", "GET", "/registry/products/?group={group}&status=active&page=50", explain=True),  # noqa: E501
    Scenario("products_province", "Product list, province staff, by former district", "province", "GET", "/registry/products/?district={district}"),  # noqa: E501
    Scenario("product_page", "Product page", "province", "GET", "/registry/products/{product}/"),
    Scenario("dossier_queue", "Dossier queue (commune officer)", "commune", "GET", "/evaluation/dossiers/", explain=True),  # noqa: E501
    Scenario("work_list", "Council member's work list", "council", "GET", "/evaluation/councils/work/", explain=True),
    Scenario("scorecard", "Scorecard page", "council", "GET", "/evaluation/assignments/{assignment}/scorecard/"),
    # The presiding member's page once every card is in: quorum, spread, median, disputed criteria.
    Scenario("chair_session", "Council's page, presiding member, every card in", "chair", "GET", "/evaluation/assignments/{assignment}/"),  # noqa: E501
    Scenario("autosave", "Scorecard autosave (htmx POST)", "council", "POST", "/evaluation/assignments/{assignment}/scorecard/answers/{criterion}/", body="option={option}&comment=bench"),  # noqa: E501
    Scenario("verify", "Certificate verification (public)", "anonymous", "GET", "/verify/{code}/", explain=True),
    Scenario("certified", "Certified products search (public)", "anonymous", "GET", "/products/certified/?q={search}", explain=True),  # noqa: E501
    # The same search signed in: the page is rendered (the middleware answers only anonymous
    # visitors), its results come from the public lists' cache, as they do in production.
    Scenario("certified_signed_in", "Certified products search, signed in (page rendered, results cached)", "province", "GET", "/products/certified/?q={search}", explain=True),  # noqa: E501
    Scenario("api_products", "API: products list", "admin", "GET", "/api/v1/products/", kind="api"),
    Scenario("api_dossiers", "API: dossiers list", "admin", "GET", "/api/v1/dossiers/", kind="api"),
    Scenario("api_certificates", "API: certificates list", "admin", "GET", "/api/v1/certificates/", kind="api"),
    Scenario("admin_products", "Django admin: products changelist, filtered (baseline)", "admin", "GET", "/admin/products/product/?status__exact=active&product_set__group__id__exact={group}", kind="baseline"),  # noqa: E501
    Scenario("static", "Static file via whitenoise (ceiling)", "anonymous", "GET", "{static}", kind="ceiling"),
]
# fmt: on

SEARCH_TERMS = ["mật ong", "chè", "gạo", "nước mắm"]
MAX_VARIANTS = 64


def collect_targets(*, static_url: str = "") -> dict:
    """Ids the scenarios rotate over, picked from the bench personas' data. Runs in a Django process."""
    from django.db.models import Count

    from evaluation.models import AnswerOption, Certificate, CouncilAssignment, Criterion, Scorecard
    from ocop_portal.accounts.models import User
    from products.models import Product

    rng = random.Random(9)
    users = {u.username: u for u in User.objects.filter(username__startswith="bench_")}
    province, district = users["bench_province"], users["bench_district"]
    group = (
        Product.objects.filter(status="active")
        .values("product_set__group")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["product_set__group"]
    )
    products = list(Product.objects.filter(province_id=province.staff_province_id).values_list("id", flat=True))
    codes = list(Certificate.objects.values_list("public_code", flat=True).order_by("id"))
    council_users = sorted(
        (u for name, u in users.items() if name.startswith("bench_council_")), key=lambda u: u.username
    )
    drafts = list(
        Scorecard.objects.filter(member__user__in=council_users, state="draft", assignment__state="scoring")
        .values_list("member__user__username", "assignment_id", "sheet_id")
        .order_by("assignment_id", "member__order")
    )
    sheet_options = {}
    for sheet_id in {sheet for _u, _a, sheet in drafts}:
        criteria = list(Criterion.objects.filter(sheet_id=sheet_id).values_list("id", flat=True))
        options = dict(AnswerOption.objects.filter(criterion_id__in=criteria).values_list("criterion_id", "id"))
        sheet_options[sheet_id] = list(options.items())
    autosave = []
    for username, assignment_id, sheet_id in drafts:
        for criterion_id, option_id in rng.sample(sheet_options[sheet_id], min(4, len(sheet_options[sheet_id]))):
            autosave.append(
                {"user": username, "assignment": assignment_id, "criterion": criterion_id, "option": option_id}
            )
    chair_sessions = presiding_sessions()
    users.update({u.username: u for u in User.objects.filter(username__in={name for name, _a in chair_sessions})})
    return {
        "users": {name: u.pk for name, u in users.items()},
        "chair_sessions": chair_sessions,
        "council_users": [u.username for u in council_users[:8]],
        "group": [group],
        "district": [district.officer_district_id],
        "product": rng.sample(products, min(MAX_VARIANTS, len(products))),
        "code": rng.sample(codes, min(MAX_VARIANTS * 4, len(codes))),
        "search": [quote_plus(term) for term in SEARCH_TERMS],
        "assignment_member": [(d[0], d[1]) for d in drafts],
        "autosave": autosave,
        "static": [static_url],
        "open_assignments": CouncilAssignment.objects.filter(
            council__members__user__in=council_users[:1], state="scoring"
        ).count(),
    }


def presiding_sessions() -> list[tuple[str, int]]:
    """(chair's username, assignment id) of open assignments whose every card is submitted and
    nobody recused: the presiding member's page then shows the fairness section."""
    from django.db.models import Count, Q

    from evaluation.models import CouncilAssignment, CouncilMember

    ready = list(
        CouncilAssignment.objects.filter(state="scoring")
        .annotate(
            drafts=Count("scorecards", filter=Q(scorecards__state="draft")),
            recused=Count("declarations", filter=Q(declarations__has_conflict=True)),
            cards=Count("scorecards"),
        )
        .filter(drafts=0, recused=0, cards__gt=0)
        .order_by("id")
        .values_list("id", "council_id")[:MAX_VARIANTS]
    )
    chairs = dict(
        CouncilMember.objects.filter(council_id__in={c for _a, c in ready}, role="chair").values_list(
            "council_id", "user__username"
        )
    )
    return [(chairs[council], assignment) for assignment, council in ready if council in chairs]


def expand(scenario: Scenario, targets: dict) -> list[tuple[str, str, str]]:
    """The concrete requests of a scenario: (username or "", path, body), up to MAX_VARIANTS."""
    if scenario.persona == "chair":
        return [(user, scenario.path.format(assignment=a), "") for user, a in targets["chair_sessions"]]
    if scenario.persona == "council":
        if scenario.key == "autosave":
            rows = [(t["user"], scenario.path.format(**t), scenario.body.format(**t)) for t in targets["autosave"]]
        elif "{assignment}" in scenario.path:
            rows = [(user, scenario.path.format(assignment=a), "") for user, a in targets["assignment_member"]]
        else:
            rows = [(user, scenario.path, "") for user in targets["council_users"]]
        return rows[: MAX_VARIANTS * 4]
    user = {
        "admin": "bench_admin",
        "province": "bench_province",
        "district": "bench_district",
        "commune": "bench_commune",
        "producer": "bench_producer",
        "anonymous": "",
    }[scenario.persona]
    names = [n for n in ("group", "district", "product", "code", "search", "static") if "{" + n + "}" in scenario.path]
    if not names:
        return [(user, scenario.path, scenario.body)]
    rows = []
    for values in itertools.islice(itertools.product(*(targets[n] for n in names)), MAX_VARIANTS * 4):
        rows.append((user, scenario.path.format(**dict(zip(names, values, strict=False))), scenario.body))
    return rows
