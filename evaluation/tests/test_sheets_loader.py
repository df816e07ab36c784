"""Loading the shipped sheets: what is published, what stays a draft, and the shapes (cases, 6.1.1)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation.enums import SheetState
from evaluation.models import AnswerOption, Criterion, CriterionCase, CriterionGroup, ScoreSheet, SheetPart
from evaluation.reference import load_frameworks
from evaluation.sheets.loader import load_shipped_sheets, shipped_sheet_rows
from ocop_portal.core.models import AuditEntry
from products.reference import load_shipped_product_sets

DRAFT_SETS = {"07", "11", "12", "13"}
GROUPS_26, CASES_26 = 291, 6


@pytest.fixture
def reference(db):
    load_shipped_product_sets()
    load_frameworks()


def tree_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (ScoreSheet, SheetPart, CriterionGroup, Criterion, CriterionCase, AnswerOption)
    )


@pytest.mark.django_db
def test_load_all_shipped_sheets_publishes_those_that_add_up(reference):
    with CaptureQueriesContext(connection) as queries:
        outcomes = load_shipped_sheets()

    states = {
        (s.framework.code, s.product_set.code): s.state
        for s in ScoreSheet.objects.select_related("framework", "product_set")
    }
    expected = {("148", f"{n:02d}"): SheetState.PUBLISHED for n in range(1, 27)}
    expected.update({("148", code): SheetState.DRAFT for code in DRAFT_SETS})
    expected[("1048", "01")] = SheetState.PUBLISHED
    expected.update({("26/2026", f"{n:02d}"): SheetState.PUBLISHED for n in range(1, 27)})
    expected.update({("26/2026", code): SheetState.DRAFT for code in ("04", "11")})
    assert states == expected
    assert [(o.framework, o.status) for o in outcomes if o.status == "skipped"] == []
    # Bulk inserts: the queries per sheet do not depend on its size (under 30 each, audit included).
    # Its speed is measured by the benchmark (make bench), not asserted here.
    assert len(queries) < 53 * 30
    # Options: 2745 (148, 1048) as transcribed, plus the 0-point option added to 3.6 "Sở hữu trí
    # tuệ****" of each 148 sheet; 2535 (26/2026) plus "Không"/"Có" on its 22 criteria printed
    # without options.
    assert tree_counts() == (53, 81 + 78, 301 + GROUPS_26, 826 + 787, 8 + CASES_26, 2745 + 26 + 2535 + 2 * 22)


@pytest.mark.django_db
def test_a_criterion_level_marker_gets_a_zero_option(reference):
    load_shipped_sheets(only={"sheet-148-rau-cu-qua-hat-tuoi.csv"})
    criterion = Criterion.objects.get(sheet__framework__code="148", sheet__product_set__code="01", code="3.6")
    options = [(o.number, o.text, o.points, o.min_star_marker) for o in criterion.options.order_by("number")]
    assert (criterion.mandatory_min_star, criterion.max_points) == (4, Decimal(2))
    assert [(o[0], o[2]) for o in options] == [(0, Decimal(0)), (1, Decimal(1)), (2, Decimal(2))]
    assert options[0][1] == "Chưa có"
    assert {o[3] for o in options} == {None}


@pytest.mark.django_db
def test_drafts_carry_a_check_report_naming_where_sums_differ(reference):
    files = {
        row["file"]
        for row in shipped_sheet_rows()
        if row["set_code"] in DRAFT_SETS | {"08"} and row["framework"] == "148"
    }
    load_shipped_sheets(only=files)

    reports = {
        sheet.product_set.code: sheet.check_report
        for sheet in ScoreSheet.objects.filter(state=SheetState.DRAFT).select_related("product_set")
    }

    assert reports == {
        "07": [
            {
                "ref": "criterion:6.4",
                # the file rows of the criterion (none of its options exceeds the maximum)
                "where": "Phần C › Tiêu chí 6.4 (dòng 80, 81, 82 của sheet-148-che-bien-tu-rau-cu-qua-hat.csv)",
                "rows": [80, 81, 82],
                "file": "sheet-148-che-bien-tu-rau-cu-qua-hat.csv",
                "expected": "4",
                "actual": "3",
                "message": "Tiêu chí 6.4 ghi tối đa 4 điểm nhưng phương án cao nhất được 3 điểm.",
            }
        ],
        "11": [
            {
                "ref": "part:C",
                "where": "Phần C",
                "expected": "35",
                "actual": "32",
                "message": "Tổng điểm tối đa các tiêu chí của phần C là 32, khác điểm của phần (35).",
            }
        ],
        "12": [
            {
                "ref": "part:C",
                "where": "Phần C",
                "expected": "35",
                "actual": "32",
                "message": "Tổng điểm tối đa các tiêu chí của phần C là 32, khác điểm của phần (35).",
            }
        ],
        "13": [
            {
                "ref": "part:C",
                "where": "Phần C",
                "expected": "35",
                "actual": "33",
                "message": "Tổng điểm tối đa các tiêu chí của phần C là 33, khác điểm của phần (35).",
            }
        ],
    }
    assert list(ScoreSheet.objects.filter(state=SheetState.PUBLISHED).exclude(check_report=[])) == []


@pytest.mark.django_db
def test_sheet_metadata_comes_from_sheets_csv(reference):
    load_shipped_sheets(only={"sheet-1048-rau-cu-qua-hat-tuoi.csv", "sheet-148-hoa.csv"})

    old = ScoreSheet.objects.get(framework__code="1048")
    flowers = ScoreSheet.objects.get(framework__code="148")

    assert (old.product_set.framework_code, old.product_set.code, old.version) == ("1048", "01", 1)
    assert (old.confidence, flowers.confidence) == ("confirmed", "third-party")
    assert old.title == "Phiếu đánh giá bộ 01: Rau, củ, quả, hạt tươi"
    assert old.source == (
        "QĐ 1048/QĐ-TTg Phụ lục III, bộ 1 — bản Word của văn bản (thuvienphapluat.vn) lưu trong "
        "github.com/congnn1107/ocop_project — data/ocop-criteria/sheet-1048-rau-cu-qua-hat-tuoi.csv"
    )
    assert list(old.parts.values_list("code", "max_points")) == [
        ("A", Decimal("35.00")),
        ("B", Decimal("25.00")),
        ("C", Decimal("40.00")),
    ]
    assert (old.published_by, old.published_at is not None) == (None, True)


@pytest.mark.django_db
def test_nested_code_sheet_keeps_three_level_criteria_in_order(reference):
    load_shipped_sheets(only={"sheet-148-che-tuoi-che-che-bien.csv"})
    sheet = ScoreSheet.objects.get()

    group = CriterionGroup.objects.get(part__sheet=sheet, part__code="C", number=6)
    sensory = list(group.criteria.order_by("order").values_list("code", "name", "max_points"))
    first = Criterion.objects.get(sheet=sheet, code="6.1.1")

    assert (group.name, group.max_points) == ("CHỈ TIÊU CẢM QUAN", Decimal("13.00"))
    assert sensory == [
        ("6.1.1", "Ngoại hình - Tạp chất", Decimal("2.00")),
        ("6.1.2", "Ngoại hình - Hình dạng, màu sắc cánh chè", Decimal("2.00")),
        ("6.2.1", "Nước pha - Màu nước", Decimal("3.00")),
        ("6.2.2", "Nước pha - Mùi nước", Decimal("3.00")),
        ("6.2.3", "Nước pha - Vị nước", Decimal("3.00")),
    ]
    assert list(first.options.values_list("number", "text", "points", "min_star_marker")) == [
        (1, "Có tạp chất", Decimal("0.00"), None),
        (2, "Có rất ít tạp chất, chấp nhận được", Decimal("1.00"), None),
        (3, "Sạch, không phát hiện tạp chất", Decimal("2.00"), 4),
    ]
    assert sheet.state == SheetState.DRAFT


@pytest.mark.django_db
def test_case_criterion_1048_3_2_scores_best_case_once(reference):
    load_shipped_sheets(only={"sheet-1048-rau-cu-qua-hat-tuoi.csv"})
    criterion = Criterion.objects.get(sheet__framework__code="1048", code="3.2")

    cases = list(criterion.cases.values_list("code", "name", "max_points"))
    options = list(criterion.options.order_by("number").values_list("number", "case__code", "points"))
    part_a = SheetPart.objects.get(sheet=criterion.sheet, code="A")
    part_a_sum = sum(Criterion.objects.filter(group__part=part_a).values_list("max_points", flat=True))

    assert criterion.max_points == Decimal("2.00")
    assert cases == [
        ("a", "Trường hợp 1: Công ty TNHH 2 thành viên trở lên, công ty cổ phần, HTX, Tổ hợp tác", Decimal("2.00")),
        ("b", "Trường hợp 2: Công ty TNHH 1 thành viên, doanh nghiệp tư nhân, hộ gia đình", Decimal("1.00")),
    ]
    assert options == [
        (1, "a", Decimal("1.00")),
        (2, "a", Decimal("2.00")),
        (3, "b", Decimal("0.00")),
        (4, "b", Decimal("1.00")),
    ]
    assert part_a_sum == Decimal("35.00")
    assert criterion.sheet.state == SheetState.PUBLISHED


@pytest.mark.django_db
def test_tourism_sheet_group_criteria_with_cases(reference):
    load_shipped_sheets(only={"sheet-148-dich-vu-du-lich-cong-dong.csv"})
    sheet = ScoreSheet.objects.get()

    with_cases = {
        c.code: (c.max_points, [(k.code, k.max_points) for k in c.cases.order_by("code")])
        for c in sheet.criteria.filter(cases__isnull=False).distinct()
    }
    marked = list(sheet.criteria.filter(mandatory_min_star__isnull=False).values_list("code", "mandatory_min_star"))

    assert with_cases == {
        "8": (Decimal("3.00"), [("a", Decimal("3.00")), ("b", Decimal("3.00"))]),
        "9": (Decimal("2.00"), [("a", Decimal("2.00")), ("b", Decimal("2.00"))]),
        "15": (Decimal("3.00"), [("a", Decimal("3.00")), ("b", Decimal("3.00"))]),
    }
    assert marked == [("3.6", 4)]
    assert (sheet.state, sheet.check_report) == (SheetState.PUBLISHED, [])


@pytest.mark.django_db
def test_load_score_sheets_command_says_what_it_skipped_and_changes_nothing_when_rerun(db):
    first, second = io.StringIO(), io.StringIO()

    call_command("load_score_sheets", stdout=first)
    before = (
        tree_counts(),
        list(ScoreSheet.objects.order_by("pk").values_list("pk", "state", "version", "check_report")),
    )
    audit_before = AuditEntry.objects.count()
    call_command("load_score_sheets", stdout=second)

    first_lines = first.getvalue().splitlines()
    assert first_lines[-1] == "draft: 6, published: 47"
    assert (
        "[26/2026 · 04] sheet-26-2026-mat-ong-mat-khac-va-nong-san-thuc-pham-khac.csv: Bản nháp: 1 chỗ không khớp: "
        "Phần C › Tiêu chí 7 (dòng 89 của sheet-26-2026-mat-ong-mat-khac-va-nong-san-thuc-pham-khac.csv)."
        in first_lines
    )
    assert (
        "[148 · 07] sheet-148-che-bien-tu-rau-cu-qua-hat.csv: Bản nháp: 1 chỗ không khớp: "
        "Phần C › Tiêu chí 6.4 (dòng 80, 81, 82 của sheet-148-che-bien-tu-rau-cu-qua-hat.csv)." in first_lines
    )
    assert second.getvalue().splitlines()[-1] == "exists: 53"
    after = (
        tree_counts(),
        list(ScoreSheet.objects.order_by("pk").values_list("pk", "state", "version", "check_report")),
    )
    assert after == before
    assert AuditEntry.objects.count() == audit_before
