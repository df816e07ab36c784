"""Sheet services: publish refuses mismatches, published sheets are immutable, versions, import, edits."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.enums import SheetState
from evaluation.models import AnswerOption, Criterion, CriterionCase, CriterionGroup, Framework, ScoreSheet
from evaluation.reference import load_frameworks
from evaluation.selectors.sheets import published_sheet_for
from evaluation.services.sheets import (
    ChecksFailed,
    criterion_revise,
    criterion_update,
    group_update,
    option_update,
    sheet_import,
    sheet_new_version,
    sheet_publish,
    sheet_transition,
)
from evaluation.sheets.loader import load_shipped_sheets
from evaluation.sheets.parser import COLUMNS, RowError, SheetFileError
from evaluation.tests.factories import build_sheet
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from products.models import ProductSet
from products.reference import load_shipped_product_sets

SET_07 = "sheet-148-che-bien-tu-rau-cu-qua-hat.csv"
SET_11 = "sheet-148-che-tuoi-che-che-bien.csv"


@pytest.fixture
def reference(db):
    load_shipped_product_sets()
    load_frameworks()


def shipped(file_name: str) -> ScoreSheet:
    load_shipped_sheets(only={file_name})
    return ScoreSheet.objects.get(source__endswith=file_name)


def tree_snapshot(sheet: ScoreSheet) -> list:
    return [
        list(sheet.parts.order_by("code").values_list("code", "max_points")),
        list(
            CriterionGroup.objects.filter(part__sheet=sheet)
            .order_by("part__code", "number")
            .values_list("number", "max_points")
        ),
        list(sheet.criteria.order_by("order").values_list("code", "name", "max_points", "mandatory_min_star")),
        list(
            AnswerOption.objects.filter(criterion__sheet=sheet)
            .order_by("criterion__order", "number")
            .values_list("criterion__code", "number", "text", "points", "min_star_marker")
        ),
    ]


def sheet_rows(sheet: ScoreSheet) -> list[dict]:
    """A stored sheet written back in the file layout (what staff would import)."""
    rows = []
    for option in (
        AnswerOption.objects.filter(criterion__sheet=sheet)
        .select_related("criterion__group__part", "case")
        .order_by("criterion__order", "number")
    ):
        criterion = option.criterion
        rows.append(
            {
                "part": criterion.group.part.code,
                "part_max": criterion.group.part.max_points,
                "group_no": criterion.group.number,
                "group_name_vi": criterion.group.name,
                "group_max": "" if criterion.group.max_points is None else criterion.group.max_points,
                "criterion_code": criterion.code,
                "criterion_name_vi": criterion.name,
                "criterion_max": criterion.max_points,
                "criterion_mandatory_min_star": criterion.mandatory_min_star or "",
                "case_code": option.case.code if option.case else "",
                "case_name_vi": option.case.name if option.case else "",
                "option_no": option.number,
                "option_text_vi": option.text,
                "option_points": option.points,
                "mandatory_min_star": option.min_star_marker or "",
                "evidence_vi": criterion.evidence,
                "note_vi": "",
            }
        )
    return rows


def csv_upload(rows, name="phieu.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, name="phieu.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for values in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in (values[c] for c in COLUMNS)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.django_db
def test_publish_refuses_mismatching_maxima_and_names_them(reference, national_editor):
    sheet = shipped(SET_11)

    with pytest.raises(ChecksFailed) as refused:
        sheet_publish(sheet, national_editor)

    sheet.refresh_from_db()
    assert refused.value.messages == [
        "Không thể ban hành: tổng điểm không khớp.",
        "Phần C: Tổng điểm tối đa các tiêu chí của phần C là 32, khác điểm của phần (35).",
    ]
    assert (sheet.state, [f["where"] for f in sheet.check_report]) == (SheetState.DRAFT, ["Phần C"])


@pytest.mark.django_db
def test_corrected_draft_publishes_and_is_audited(reference, national_editor):
    sheet = shipped(SET_07)
    mood = Criterion.objects.get(sheet=sheet, code="6.4")
    best = mood.options.order_by("-points").first()

    option_update(best, national_editor, points=Decimal("4"), min_star_marker=best.min_star_marker)
    published = sheet_publish(sheet, national_editor)

    assert (published.state, published.check_report, published.published_by) == (
        SheetState.PUBLISHED,
        [],
        national_editor,
    )
    assert list(
        AuditEntry.objects.filter(object_id__in=[str(sheet.pk), str(best.pk)])
        .order_by("id")
        .values_list("action", "actor__username", "changes")
    ) == [
        ("sheet.created", None, {"version": ["", "1"], "checks_pass": ["", "False"]}),
        ("sheet.option_changed", "national", {"points": ["3.00", "4.00"]}),
        ("sheet.published", "national", {"state": ["draft", "published"]}),
    ]


@pytest.mark.django_db
def test_publishing_a_new_version_retires_the_previous_one(national_editor):
    first = build_sheet()
    second = sheet_new_version(first, national_editor)

    sheet_publish(second, national_editor)

    states = list(
        ScoreSheet.objects.filter(product_set=first.product_set).order_by("version").values_list("version", "state")
    )
    assert states == [(1, SheetState.RETIRED), (2, SheetState.PUBLISHED)]


@pytest.mark.django_db
def test_a_provinces_staff_cannot_publish_or_retire_the_shared_sheets(national_editor, province_staff):
    """Issue 18, Medium 6: a second province published a new national version, retiring the one
    the first province scores on."""
    first = build_sheet()
    # their copy is their province's own correction, never a shared version
    assert sheet_new_version(first, province_staff).province_id == province_staff.staff_province_id
    second = sheet_new_version(first, national_editor)
    with pytest.raises(PermissionDenied):
        sheet_publish(second, province_staff)
    option = AnswerOption.objects.filter(criterion__sheet=second).first()
    with pytest.raises(PermissionDenied):
        option_update(option, province_staff, points=Decimal("0"))
    states = (
        ScoreSheet.objects.filter(product_set=first.product_set, province__isnull=True)
        .order_by("version")
        .values_list("state", flat=True)
    )
    assert list(states) == [SheetState.PUBLISHED, SheetState.DRAFT]


@pytest.mark.django_db
def test_published_sheet_is_immutable(national_editor):
    sheet = build_sheet()
    criterion = sheet.criteria.get(code="1.1")
    option = criterion.options.get(number=2)
    group = criterion.group
    before = tree_snapshot(sheet)

    refusals = []
    for edit in (
        lambda: option_update(option, national_editor, points=Decimal("5")),
        lambda: criterion_update(criterion, national_editor, max_points=Decimal("30")),
        lambda: group_update(group, national_editor, max_points=Decimal("30")),
        lambda: sheet_publish(sheet, national_editor),
    ):
        with pytest.raises(ValidationError) as refused:
            edit()
        refusals.append(refused.value.messages)

    assert refusals == [
        ["Phiếu đã ban hành thì không sửa được; hãy tạo phiên bản mới."],
        ["Phiếu đã ban hành thì không sửa được; hãy tạo phiên bản mới."],
        ["Phiếu đã ban hành thì không sửa được; hãy tạo phiên bản mới."],
        ["Chỉ ban hành được phiếu đang là bản nháp."],
    ]
    assert tree_snapshot(sheet) == before


@pytest.mark.django_db
def test_new_version_copies_the_tree_and_leaves_v1_unchanged(reference, national_editor):
    v1 = shipped("sheet-1048-rau-cu-qua-hat-tuoi.csv")
    before = tree_snapshot(v1)

    v2 = sheet_new_version(v1, national_editor)
    option = AnswerOption.objects.get(criterion__sheet=v2, criterion__code="3.2", number=4)
    option_update(option, national_editor, points=Decimal("0.5"))

    v1.refresh_from_db()
    assert (v1.state, v1.version, tree_snapshot(v1)) == (SheetState.PUBLISHED, 1, before)
    assert (v2.state, v2.version, v2.title, v2.confidence) == (SheetState.DRAFT, 2, v1.title, "confirmed")
    assert tree_snapshot(v2)[:3] == before[:3]
    assert list(
        CriterionCase.objects.filter(criterion__sheet=v2).order_by("code").values_list("code", "max_points")
    ) == [
        ("a", Decimal("2.00")),
        ("b", Decimal("0.50")),
    ]
    assert Criterion.objects.filter(sheet=v2).count() == Criterion.objects.filter(sheet=v1).count() == 31


@pytest.mark.django_db
def test_new_version_refused_for_drafts_and_when_a_draft_exists(national_editor):
    sheet = build_sheet()
    draft = sheet_new_version(sheet, national_editor)

    with pytest.raises(ValidationError) as from_draft:
        sheet_new_version(draft, national_editor)
    with pytest.raises(ValidationError) as second_draft:
        sheet_new_version(sheet, national_editor)

    assert from_draft.value.messages == ["Phiếu này đang là bản nháp: hãy sửa trực tiếp."]
    assert second_draft.value.messages == ["Đã có bản nháp phiên bản 2 của phiếu này; hãy sửa bản nháp đó."]


@pytest.mark.django_db
def test_staff_correct_set_11_to_35_points_and_publish(reference, national_editor):
    sheet = shipped(SET_11)
    export = Criterion.objects.get(sheet=sheet, code="11")
    best = export.options.order_by("-points").first()

    criterion_revise(
        export,
        national_editor,
        max_points=export.max_points + 3,
        mandatory_min_star=None,
        options={best.pk: (best.points + 3, best.min_star_marker)},
    )
    group = export.group
    group_update(group, national_editor, max_points=group.max_points + 3)
    sheet_publish(sheet, national_editor)

    sheet.refresh_from_db()
    assert (sheet.state, sheet.check_report) == (SheetState.PUBLISHED, [])
    assert Criterion.objects.get(pk=export.pk).max_points == Decimal("6.00")


@pytest.mark.django_db
def test_draft_edit_recomputes_the_check_report(national_editor):
    sheet = build_sheet(state=SheetState.DRAFT)
    criterion = sheet.criteria.get(code="4.1")

    criterion_update(criterion, national_editor, max_points=Decimal("20"))

    sheet.refresh_from_db()
    assert [(f["ref"], f["expected"], f["actual"]) for f in sheet.check_report] == [
        ("part:B", "25", "20"),
        ("criterion:4.1", "20", "25"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("make_upload", [csv_upload, xlsx_upload], ids=["csv", "xlsx"])
def test_import_creates_a_draft_version_from_a_file(reference, national_editor, make_upload):
    original = shipped("sheet-148-hoa.csv")
    upload = make_upload(sheet_rows(original))

    imported = sheet_import(upload, original.framework, original.product_set, national_editor)

    assert (imported.version, imported.state, imported.check_report) == (2, SheetState.DRAFT, [])
    assert imported.source == f"Nhập từ tệp {upload.name}"
    assert tree_snapshot(imported) == tree_snapshot(original)
    assert AuditEntry.objects.filter(action="sheet.imported", object_id=str(imported.pk)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("make_upload", [csv_upload, xlsx_upload], ids=["csv", "xlsx"])
def test_import_with_bad_rows_reports_them_and_writes_nothing(reference, national_editor, make_upload):
    original = shipped("sheet-148-hoa.csv")
    rows = sheet_rows(original)
    rows[3]["option_points"] = "hai"
    rows[10]["criterion_code"] = "x.1"
    counts = (
        ScoreSheet.objects.count(),
        Criterion.objects.count(),
        AnswerOption.objects.count(),
        AuditEntry.objects.count(),
    )

    with pytest.raises(SheetFileError) as refused:
        sheet_import(make_upload(rows), original.framework, original.product_set, national_editor)

    assert refused.value.row_errors == [
        RowError(5, "option_points", "Không phải là số: “hai”."),
        RowError(12, "criterion_code", "Mã tiêu chí phải có dạng 1, 1.1 hoặc 6.1.1: “x.1”."),
    ]
    assert (
        ScoreSheet.objects.count(),
        Criterion.objects.count(),
        AnswerOption.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_import_refuses_a_product_set_of_another_framework(reference, national_editor):
    original = shipped("sheet-148-hoa.csv")
    legacy_set = ProductSet.objects.get(framework_code="1048", code="01")

    with pytest.raises(ValidationError) as refused:
        sheet_import(csv_upload(sheet_rows(original)), original.framework, legacy_set, national_editor)

    assert refused.value.message_dict == {
        "product_set": ["Bộ sản phẩm “01. Rau, củ, quả, hạt tươi” thuộc danh mục 1048, không thuộc khung 148."]
    }
    assert ScoreSheet.objects.filter(product_set=legacy_set).count() == 0


@pytest.mark.django_db
def test_option_update_validates_points(national_editor):
    sheet = build_sheet(state=SheetState.DRAFT, product_set=f.ProductSetFactory(code="02"))
    option = AnswerOption.objects.filter(criterion__sheet=sheet).first()

    with pytest.raises(ValidationError) as refused:
        option_update(option, national_editor, points=Decimal("-1"))

    assert refused.value.message_dict == {"points": ["Điểm phải từ 0 đến 999,99, tối đa 2 chữ số thập phân."]}


ALL_PAIRS = [(a, b) for a in SheetState for b in SheetState if a != b]
ALLOWED = {(SheetState.DRAFT, SheetState.PUBLISHED), (SheetState.PUBLISHED, SheetState.RETIRED)}


@pytest.mark.django_db
@pytest.mark.parametrize(("frm", "to"), ALL_PAIRS)
def test_sheet_transition_table(frm, to, national_editor):
    sheet = build_sheet(state=frm)

    if (frm, to) in ALLOWED:
        sheet_transition(sheet, to, by=national_editor)
        sheet.refresh_from_db()
        assert (
            sheet.state,
            AuditEntry.objects.filter(object_id=str(sheet.pk), action__startswith="sheet.").count(),
        ) == (
            to,
            1,
        )
    else:
        with pytest.raises(ValidationError) as refused:
            sheet_transition(sheet, to, by=national_editor)
        sheet.refresh_from_db()
        assert (sheet.state, refused.value.messages) == (
            frm,
            [f"Không thể chuyển phiếu từ “{SheetState(frm).label}” sang “{SheetState(to).label}”."],
        )


@pytest.mark.django_db
def test_published_sheet_for_falls_back_to_the_framework_sharing_the_product_sets():
    sheet_148 = build_sheet()
    framework_1489 = Framework.objects.get(code="148+1489")

    assert published_sheet_for(framework_1489, sheet_148.product_set) == sheet_148
    own = build_sheet(framework_obj=framework_1489, product_set=sheet_148.product_set)
    assert published_sheet_for(framework_1489, sheet_148.product_set) == own
    assert published_sheet_for(Framework.objects.get(code="1048"), sheet_148.product_set) is None
