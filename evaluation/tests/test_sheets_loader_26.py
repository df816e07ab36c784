"""The 26 sheets of QĐ 26/2026 as shipped data: published where they add up, the two sets with
a source misprint (04, 11) drafts naming the file row, the transcript's readings in the notes."""

from decimal import Decimal

import pytest

from evaluation.enums import SheetState
from evaluation.models import AnswerOption, Criterion, ScoreSheet
from evaluation.reference import load_frameworks
from evaluation.sheets.loader import load_shipped_sheets, shipped_sheet_rows
from products.reference import load_shipped_product_sets

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded_26(db):
    load_shipped_product_sets()
    load_frameworks()
    files = {row["file"] for row in shipped_sheet_rows() if row["framework"] == "26/2026"}
    return {outcome.set_code: outcome for outcome in load_shipped_sheets(only=files)}


def test_all_26_sets_load_published_except_the_two_misprints(loaded_26):
    states = dict(ScoreSheet.objects.filter(framework__code="26/2026").values_list("product_set__code", "state"))
    assert states == {f"{n:02d}": SheetState.DRAFT if n in (4, 11) else SheetState.PUBLISHED for n in range(1, 27)}
    assert {ScoreSheet.objects.get(framework__code="26/2026", product_set__code=c).confidence for c in states} == {
        "unverified"
    }


@pytest.mark.parametrize(
    ("set_code", "code", "row", "expected", "actual"),
    [
        # set 04, group 7 "DINH DƯỠNG": the last option printed 13 for a 3-point criterion
        ("04", "7", 89, "3", "13"),
        # set 11, 6.1.1 "Ngoại hình - Tạp chất": the middle option printed 11 for a 2-point criterion
        ("11", "6.1.1", 75, "2", "11"),
    ],
)
def test_a_misprint_draft_names_its_row(loaded_26, set_code, code, row, expected, actual):
    sheet = loaded_26[set_code].sheet
    finding = next(f for f in sheet.check_report if f["ref"] == f"criterion:{code}")
    assert (finding["expected"], finding["actual"], finding["rows"]) == (expected, actual, [row])
    assert f"dòng {row} của {finding['file']}" in finding["where"]
    assert f"dòng {row}" in loaded_26[set_code].message


def test_blank_points_read_as_zero_and_optionless_criteria_get_yes_no(loaded_26):
    criterion = Criterion.objects.get(sheet__framework__code="26/2026", sheet__product_set__code="07", code="1.2")
    assert list(criterion.options.order_by("number").values_list("points", flat=True)) == [
        Decimal(0),
        Decimal(1),
        Decimal(2),
    ]
    assert "đọc điểm để trống của phương án 1 là 0" in criterion.note
    label = Criterion.objects.get(sheet__framework__code="26/2026", sheet__product_set__code="01", code="2.4")
    assert list(label.options.order_by("number").values_list("text", "points")) == [
        ("Không", Decimal(0)),
        ("Có", Decimal(1)),
    ]
    assert "Cổng bổ sung hai phương án" in label.note


def test_26_2026_sheets_have_no_criterion_level_marker_and_keep_their_option_marks(loaded_26):
    assert not Criterion.objects.filter(sheet__framework__code="26/2026", mandatory_min_star__isnull=False).exists()
    ip = AnswerOption.objects.filter(
        criterion__sheet__framework__code="26/2026", criterion__sheet__product_set__code="01", criterion__code="3.5"
    ).order_by("number")
    assert ip.values_list("points", "min_star_marker").first() == (Decimal(1), 3)
