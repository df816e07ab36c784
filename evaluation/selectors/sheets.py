"""Reads of score sheets, with the visibility of each role applied.

Every signed-in user may read published and retired sheets (scorecards keep the version they used);
drafts are for the staff who manage sheets. Anonymous users see nothing.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..enums import SheetState
from ..models import (
    AnswerOption,
    Criterion,
    CriterionCase,
    CriterionGroup,
    Framework,
    FrameworkLevel,
    ScoreSheet,
    SheetPart,
    StarBand,
)
from ..rules.sheets import can_manage_sheets

READABLE_STATES = (SheetState.PUBLISHED, SheetState.RETIRED)


def sheets_visible_to(user) -> QuerySet[ScoreSheet]:
    if not user.is_authenticated:
        return ScoreSheet.objects.none()
    sheets = ScoreSheet.objects.all()
    if not can_manage_sheets.test(user):
        sheets = sheets.filter(state__in=READABLE_STATES)
    return sheets


def sheet_rows(user, *, framework_code: str = "", state: str = "") -> QuerySet[ScoreSheet]:
    """The sheet list: one query whatever the number of rows (the check result is a stored field)."""
    rows = sheets_visible_to(user).select_related("framework", "product_set")
    if framework_code:
        rows = rows.filter(framework__code=framework_code)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("framework__code", "product_set__code", "-version").only(
        "id",
        "version",
        "title",
        "state",
        "confidence",
        "check_report",
        "published_at",
        "framework__code",
        "framework__name",
        "product_set__code",
        "product_set__name",
        "product_set__framework_code",
    )


def sheet_for_page(user, pk: int) -> ScoreSheet:
    """One visible sheet with its whole tree prefetched (a fixed number of queries)."""
    criteria = Criterion.objects.order_by("order", "id").prefetch_related(
        Prefetch("cases", queryset=CriterionCase.objects.order_by("code")),
        Prefetch("options", queryset=AnswerOption.objects.order_by("case_id", "number")),
    )
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
        .select_related("framework", "product_set", "published_by")
        .prefetch_related(Prefetch("parts", queryset=parts))
    )
    return get_object_or_404(queryset, pk=pk)


def sheet_versions(sheet: ScoreSheet, user) -> QuerySet[ScoreSheet]:
    return (
        sheets_visible_to(user)
        .filter(framework_id=sheet.framework_id, product_set_id=sheet.product_set_id)
        .order_by("-version")
        .only("id", "version", "state", "published_at", "framework_id", "product_set_id")
    )


def published_sheet_for(framework: Framework, product_set) -> ScoreSheet | None:
    """The sheet a new dossier of this framework and product set is scored on.

    A framework that amends only the procedure (148 + 1489) uses the sheets of the framework
    whose product sets it shares (148), unless it has published sheets of its own.
    """
    published = ScoreSheet.objects.filter(product_set=product_set, state=SheetState.PUBLISHED)
    return (
        published.filter(framework=framework).first()
        or published.filter(framework__code=framework.product_set_framework).first()
    )


def frameworks_with_sheets() -> QuerySet[Framework]:
    return Framework.objects.filter(sheets__isnull=False).distinct().order_by("code")


def framework_rows() -> list[Framework]:
    """Every framework with its chain, its bands and its sheet counts by state (three queries)."""
    return list(
        Framework.objects.order_by("-valid_from", "code")
        .annotate(
            published_sheets=Count("sheets", filter=Q(sheets__state=SheetState.PUBLISHED)),
            draft_sheets=Count("sheets", filter=Q(sheets__state=SheetState.DRAFT)),
        )
        .prefetch_related(
            Prefetch("levels", queryset=FrameworkLevel.objects.order_by("order")),
            Prefetch("bands", queryset=StarBand.objects.order_by("-stars")),
        )
    )
