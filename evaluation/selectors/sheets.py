"""Reads of score sheets, with the visibility of each role applied.

Every signed-in user may read published and retired sheets (scorecards keep the version they used);
drafts are for the staff who manage sheets. Anonymous users see nothing.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..enums import SheetState
from ..models import Criterion, CriterionGroup, Framework, ScoreSheet, SheetPart
from ..rules.sheets import can_manage_sheets

READABLE_STATES = (SheetState.PUBLISHED, SheetState.RETIRED)


def sheets_visible_to(user) -> QuerySet[ScoreSheet]:
    """Published and retired sheets to everyone signed in; drafts to who edits them: the shared
    ones to the national role, a province's corrections to that province's staff."""
    if not user.is_authenticated:
        return ScoreSheet.objects.none()
    readable = Q(state__in=READABLE_STATES)
    if can_manage_sheets.test(user):
        readable |= Q(province__isnull=True)
    if user.staff_province_id:
        readable |= Q(province_id=user.staff_province_id)
    return ScoreSheet.objects.filter(readable)


def sheet_rows(user, *, framework_code: str = "", state: str = "") -> QuerySet[ScoreSheet]:
    """The sheet list: one query whatever the number of rows (the check result is a stored field)."""
    rows = sheets_visible_to(user).select_related("framework", "product_set", "province")
    if framework_code:
        rows = rows.filter(framework__code=framework_code)
    if state:
        rows = rows.filter(state=state)
    # what the list shows (the primary key and the province's id come with any `only`)
    return rows.order_by("framework__code", "product_set__code", "-version").only(
        "version",
        "state",
        "confidence",
        "check_report",
        "framework__code",
        "product_set__code",
        "product_set__name",
        "province__name",
    )


def sheet_for_page(user, pk: int) -> ScoreSheet:
    """One visible sheet with its whole tree prefetched (a fixed number of queries)."""
    # A criterion's cases and options come in their models' order (case code; case, then number),
    # the order the page lists them in.
    criteria = Criterion.objects.order_by("order", "id").prefetch_related("cases", "options")
    parts = SheetPart.objects.order_by("code").prefetch_related(
        Prefetch(
            "groups",
            queryset=CriterionGroup.objects.order_by("number").prefetch_related(
                Prefetch("criteria", queryset=criteria)
            ),
        )
    )
    queryset = (
        sheets_visible_to(user)
        .select_related("framework", "product_set", "published_by", "province")
        .prefetch_related(Prefetch("parts", queryset=parts))
    )
    return get_object_or_404(queryset, pk=pk)


def sheet_versions(sheet: ScoreSheet, user) -> QuerySet[ScoreSheet]:
    return (
        sheets_visible_to(user)
        .filter(framework_id=sheet.framework_id, product_set_id=sheet.product_set_id)
        .order_by("-version")
        .only("version", "state")
    )


def _framework_codes(framework: Framework) -> list[str]:
    """The round's framework, then the framework whose product sets it shares (148 + 1489 → 148)."""
    return list(dict.fromkeys((framework.code, framework.product_set_framework)))


def _sheet_preference(framework: Framework, province_id) -> list[tuple]:
    """(framework code, province id) in the order a dossier's sheet is chosen: the province's
    own correction, then the shared sheet (province None); under each of _framework_codes in
    turn. Without a province the shared sheet's key simply comes twice."""
    return [(code, scope) for code in _framework_codes(framework) for scope in (province_id, None)]


def published_sheet_for(framework: Framework, product_set, province_id=None) -> ScoreSheet | None:
    """The sheet a new dossier of this framework, product set and province is scored on (see
    _sheet_preference); one query."""
    order = _sheet_preference(framework, province_id)
    candidates = {
        (sheet.framework.code, sheet.province_id): sheet
        for sheet in ScoreSheet.objects.filter(
            product_set=product_set,
            state=SheetState.PUBLISHED,
            framework__code__in={code for code, _scope in order},
        )
        .filter(Q(province__isnull=True) | Q(province_id=province_id))
        .select_related("framework")
    }
    return next((candidates[key] for key in order if key in candidates), None)


def evaluable_product_sets(rounds) -> dict[int, set[int]]:
    """round pk → the product sets a dossier of that round can be opened on (published_sheet_for
    finds a sheet), for several rounds in one query."""
    rounds = list(rounds)
    codes = {code for r in rounds for code in _framework_codes(r.framework)}
    provinces = {r.province_id for r in rounds}
    published = set(
        ScoreSheet.objects.filter(state=SheetState.PUBLISHED, framework__code__in=codes)
        .filter(Q(province__isnull=True) | Q(province_id__in=provinces))
        .values_list("framework__code", "province_id", "product_set_id")
    )
    found: dict[int, set[int]] = {}
    for r in rounds:
        keys = set(_sheet_preference(r.framework, r.province_id))
        found[r.pk] = {product_set for code, scope, product_set in published if (code, scope) in keys}
    return found


def framework_rows() -> list[Framework]:
    """Every framework with its chain, its bands and its sheet counts by state (three queries)."""
    return list(
        Framework.objects.order_by("-valid_from", "code")
        .annotate(
            published_sheets=Count("sheets", filter=Q(sheets__state=SheetState.PUBLISHED)),
            draft_sheets=Count("sheets", filter=Q(sheets__state=SheetState.DRAFT)),
        )
        # in their models' order: the chain's levels in order, the bands from the most stars
        .prefetch_related("levels", "bands")
    )
