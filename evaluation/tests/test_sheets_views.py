"""Sheet pages: persona × view matrix, what the pages show, forms, and flat query counts."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.enums import SheetState
from evaluation.models import AnswerOption, Criterion, CriterionGroup, ScoreSheet
from evaluation.reference import load_frameworks
from evaluation.sheets.loader import load_shipped_sheets
from evaluation.sheets.parser import COLUMNS
from evaluation.tests.factories import build_sheet
from ocop_portal.testing import factories as f
from products.reference import load_shipped_product_sets

READERS = ["province_staff", "district_officer", "producer", "plain_user"]
PERSONAS = ["national_editor", *READERS, "anonymous"]


@pytest.fixture
def sheets(db):
    published = build_sheet(product_set=f.ProductSetFactory(code="01", name="Rau, củ, quả, hạt tươi"))
    draft = build_sheet(state=SheetState.DRAFT, product_set=f.ProductSetFactory(code="02", name="Thịt tươi"))
    return {"published": published, "draft": draft}


def login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={next_url}"


def sheet_url(name, sheet, **extra):
    return reverse(f"evaluation:{name}", kwargs={"pk": sheet.pk, **extra})


# --- persona × view matrix ---------------------------------------------------------------------


def expected_get(persona_name: str, staff_result, reader_result):
    if persona_name == "national_editor":
        return staff_result
    return reader_result


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_sheet_list_by_persona(persona_name, persona, client_for, sheets):
    url = reverse("evaluation:sheet_list")

    response = client_for(persona(persona_name)).get(url)

    if persona_name == "anonymous":
        assert (response.status_code, response.url) == (302, login_url(url))
        return
    listed = [sheet.pk for sheet in response.context["page_obj"]]
    expected = (
        [sheets["published"].pk, sheets["draft"].pk] if persona_name == "national_editor" else [sheets["published"].pk]
    )
    assert (response.status_code, listed) == (200, expected)
    assert ("Nhập phiếu từ tệp" in response.content.decode()) == (persona_name == "national_editor")


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("which", ["published", "draft"])
def test_sheet_detail_by_persona(persona_name, which, persona, client_for, sheets):
    sheet = sheets[which]
    url = sheet_url("sheet_detail", sheet)

    response = client_for(persona(persona_name)).get(url)

    if persona_name == "anonymous":
        assert (response.status_code, response.url) == (302, login_url(url))
    elif persona_name == "national_editor" or which == "published":
        body = response.content.decode()
        assert (response.status_code, sheet.title in body, "Tiêu chí 6.1" in body) == (200, True, True)
        assert ("Ban hành</button>" in body) == (persona_name == "national_editor" and which == "draft")
        assert ("Tạo phiên bản mới" in body) == (persona_name == "national_editor" and which == "published")
    else:
        assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_sheet_publish_by_persona(persona_name, persona, client_for, sheets):
    draft = sheets["draft"]
    url = sheet_url("sheet_publish", draft)

    response = client_for(persona(persona_name)).post(url)

    draft.refresh_from_db()
    if persona_name == "anonymous":
        assert (response.status_code, response.url, draft.state) == (302, login_url(url), SheetState.DRAFT)
    elif persona_name == "national_editor":
        assert (response.status_code, response.url, draft.state) == (
            302,
            sheet_url("sheet_detail", draft),
            SheetState.PUBLISHED,
        )
    else:
        assert (response.status_code, draft.state) == (404, SheetState.DRAFT)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_sheet_new_version_by_persona(persona_name, persona, client_for, sheets):
    published = sheets["published"]
    url = sheet_url("sheet_new_version", published)

    response = client_for(persona(persona_name)).post(url)

    versions = list(ScoreSheet.objects.filter(product_set=published.product_set).values_list("version", "state"))
    if persona_name == "anonymous":
        assert (response.status_code, response.url) == (302, login_url(url))
    elif persona_name == "national_editor":
        new = ScoreSheet.objects.get(product_set=published.product_set, version=2)
        assert (response.status_code, response.url) == (302, sheet_url("sheet_detail", new))
        assert versions == [(2, SheetState.DRAFT), (1, SheetState.PUBLISHED)]
        return
    elif persona_name == "province_staff":
        # a correction of their own province (issue 18, Medium 6); the shared sheet is untouched
        new = ScoreSheet.objects.get(product_set=published.product_set, version=2)
        assert (response.status_code, response.url, new.province_id) == (
            302,
            sheet_url("sheet_detail", new),
            persona(persona_name).staff_province_id,
        )
        assert versions == [(2, SheetState.DRAFT), (1, SheetState.PUBLISHED)]
        return
    else:
        assert response.status_code == 403
    assert versions == [(1, SheetState.PUBLISHED)]


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_sheet_import_page_by_persona(persona_name, persona, client_for, sheets):
    url = reverse("evaluation:sheet_import")

    response = client_for(persona(persona_name)).get(url)

    if persona_name == "anonymous":
        assert (response.status_code, response.url) == (302, login_url(url))
    elif persona_name == "national_editor":
        body = response.content.decode()
        assert (response.status_code, 'name="file"' in body, 'enctype="multipart/form-data"' in body) == (
            200,
            True,
            True,
        )
    else:
        assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_sheet_template_by_persona(persona_name, persona, client_for, sheets):
    url = reverse("evaluation:sheet_template")

    response = client_for(persona(persona_name)).get(url)

    if persona_name == "anonymous":
        assert (response.status_code, response.url) == (302, login_url(url))
    elif persona_name == "national_editor":
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        assert response["Content-Disposition"] == 'attachment; filename="mau-phieu-danh-gia-ocop.xlsx"'
        assert [cell.value for cell in workbook.worksheets[0][1]] == list(COLUMNS)
    else:
        assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("which", ["published", "draft"])
@pytest.mark.parametrize("page", ["criterion", "group"])
def test_sheet_edit_pages_by_persona(persona_name, which, page, persona, client_for, sheets):
    sheet = sheets[which]
    criterion = sheet.criteria.get(code="1.1")
    if page == "criterion":
        url = sheet_url("sheet_criterion_edit", sheet, criterion_pk=criterion.pk)
    else:
        url = sheet_url("sheet_group_edit", sheet, group_pk=criterion.group_id)

    response = client_for(persona(persona_name)).get(url)

    if persona_name == "anonymous":
        assert (response.status_code, response.url) == (302, login_url(url))
    elif persona_name == "national_editor" and which == "draft":
        assert (response.status_code, "Lưu</button>" in response.content.decode()) == (200, True)
    elif persona_name == "national_editor" or which == "published":
        assert response.status_code == 403  # seen, but published sheets are not edited
    else:
        assert response.status_code == 404  # drafts are not seen


# --- what the pages show and do ----------------------------------------------------------------


@pytest.fixture
def reference(db):
    load_shipped_product_sets()
    load_frameworks()


@pytest.mark.django_db
def test_detail_renders_cases_markers_evidence_and_notes(reference, client_for, district_officer):
    load_shipped_sheets(only={"sheet-1048-rau-cu-qua-hat-tuoi.csv", "sheet-148-rau-cu-qua-hat-tuoi.csv"})
    old = ScoreSheet.objects.get(framework__code="1048")
    current = ScoreSheet.objects.get(framework__code="148")
    client = client_for(district_officer)

    old_body = client.get(sheet_url("sheet_detail", old)).content.decode()
    new_body = client.get(sheet_url("sheet_detail", current)).content.decode()

    assert "Chỉ chấm một trong các trường hợp sau:" in old_body
    assert "<em>a) Trường hợp 1: Công ty TNHH 2 thành viên trở lên, công ty cổ phần, HTX, Tổ hợp tác</em>" in old_body
    assert "<strong>Minh chứng:</strong> Giấy đăng ký kinh doanh" in old_body
    assert "Phần A — Sản phẩm và sức mạnh cộng đồng" in old_body
    assert "Tổng điểm các phần, nhóm và tiêu chí đều khớp." in new_body
    star_after_name = (
        r'<strong>3\.6</strong> Sở hữu trí tuệ\s*<span class="stars" title="Tối thiểu cho hạng 4 sao">★★★★</span>'
    )
    assert re.search(star_after_name, new_body) is not None
    assert new_body.count('<span class="stars" title="Tối thiểu cho hạng 3 sao">★★★</span>') == 3


@pytest.mark.django_db
def test_detail_highlights_the_check_report_of_a_draft(reference, client_for, national_editor):
    load_shipped_sheets(only={"sheet-148-che-bien-tu-rau-cu-qua-hat.csv"})
    sheet = ScoreSheet.objects.get()

    body = client_for(national_editor).get(sheet_url("sheet_detail", sheet)).content.decode()

    assert "Tổng điểm không khớp — chưa thể ban hành" in body
    assert (
        "<tr><td>Phần C › Tiêu chí 6.4 (dòng 80, 81, 82 của sheet-148-che-bien-tu-rau-cu-qua-hat.csv)</td>"
        "<td>4</td><td>3</td>"
        "<td>Tiêu chí 6.4 ghi tối đa 4 điểm nhưng phương án cao nhất được 3 điểm.</td></tr>"
    ) in body
    assert body.count("list-group-item list-group-item-danger") == 1


@pytest.mark.django_db
def test_publish_view_shows_the_mismatches_when_refused(reference, client_for, national_editor):
    load_shipped_sheets(only={"sheet-148-san-pham-ca-phe-ca-cao.csv"})
    sheet = ScoreSheet.objects.get()

    response = client_for(national_editor).post(sheet_url("sheet_publish", sheet), follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Không thể ban hành: tổng điểm không khớp.",
        "Phần C: Tổng điểm tối đa các tiêu chí của phần C là 33, khác điểm của phần (35).",
    ]
    sheet.refresh_from_db()
    assert sheet.state == SheetState.DRAFT


@pytest.mark.django_db
def test_criterion_edit_form_changes_points_of_a_draft(client_for, national_editor, sheets):
    draft = sheets["draft"]
    criterion = draft.criteria.get(code="1.1")
    options = list(criterion.options.order_by("number"))
    data = {"max_points": "38", "mandatory_min_star": ""}
    for option in options:
        data[f"points_{option.pk}"] = str(option.points)
        data[f"star_{option.pk}"] = str(option.min_star_marker or "")
    data[f"points_{options[-1].pk}"] = "38"
    data[f"star_{options[1].pk}"] = "5"

    response = client_for(national_editor).post(
        sheet_url("sheet_criterion_edit", draft, criterion_pk=criterion.pk), data
    )

    assert (response.status_code, response.url) == (302, sheet_url("sheet_detail", draft))
    assert Criterion.objects.get(pk=criterion.pk).max_points == Decimal("38.00")
    assert list(
        AnswerOption.objects.filter(criterion=criterion).order_by("number").values_list("points", "min_star_marker")
    ) == [
        (Decimal("0.00"), None),
        (Decimal("10.00"), 5),
        (Decimal("20.00"), 4),
        (Decimal("38.00"), None),
    ]
    draft.refresh_from_db()
    assert [(f["ref"], f["expected"], f["actual"]) for f in draft.check_report] == [
        ("part:A", "40", "38"),
    ]


@pytest.mark.django_db
def test_group_edit_form_sets_and_clears_the_printed_total(client_for, national_editor, sheets):
    draft = sheets["draft"]
    group = CriterionGroup.objects.get(part__sheet=draft, number=1)
    client = client_for(national_editor)
    url = sheet_url("sheet_group_edit", draft, group_pk=group.pk)

    client.post(url, {"max_points": "39"})
    draft.refresh_from_db()
    report_after_set = [f["ref"] for f in draft.check_report]
    client.post(url, {"max_points": ""})
    draft.refresh_from_db()

    assert report_after_set == ["group:A:1"]
    assert (CriterionGroup.objects.get(pk=group.pk).max_points, draft.check_report) == (None, [])


def upload_rows(sheet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for option in AnswerOption.objects.filter(criterion__sheet=sheet).select_related("criterion__group__part"):
        criterion, group = option.criterion, option.criterion.group
        part = group.part
        where = [part.code, part.max_points, group.number, group.name, "", criterion.code, criterion.name]
        writer.writerow(
            [*where, criterion.max_points, "", "", "", option.number, option.text, option.points, "", "", ""]
        )
    return buffer.getvalue()


@pytest.mark.django_db
def test_import_view_creates_a_draft_from_a_good_file(reference, client_for, national_editor, sheets):
    published = sheets["published"]
    upload = SimpleUploadedFile("phieu.csv", upload_rows(published).encode("utf-8"), content_type="text/csv")
    data = {"framework": published.framework.pk, "product_set": published.product_set.pk, "title": "", "file": upload}

    response = client_for(national_editor).post(reverse("evaluation:sheet_import"), data)

    new = ScoreSheet.objects.get(product_set=published.product_set, version=2)
    assert (response.status_code, response.url) == (302, sheet_url("sheet_detail", new))
    assert (new.state, new.check_report, new.criteria.count()) == (SheetState.DRAFT, [], 3)


@pytest.mark.django_db
def test_import_view_lists_row_errors_and_writes_nothing(reference, client_for, national_editor, sheets):
    published = sheets["published"]
    text = upload_rows(published).replace(",Mức 2,10.00,", ",Mức 2,mười,")
    upload = SimpleUploadedFile("phieu.csv", text.encode("utf-8"), content_type="text/csv")
    data = {"framework": published.framework.pk, "product_set": published.product_set.pk, "file": upload}
    before = ScoreSheet.objects.count()

    response = client_for(national_editor).post(reverse("evaluation:sheet_import"), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert [(e.row, e.column, e.message) for e in response.context["row_errors"]] == [
        (3, "option_points", "Không phải là số: “mười”.")
    ]
    assert "<tr><td>3</td><td>option_points</td><td>Không phải là số: “mười”.</td></tr>" in body
    assert "Tệp có 1 lỗi; chưa lưu gì." in body
    assert ScoreSheet.objects.count() == before


# --- query counts ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_sheet_list_queries_do_not_grow_with_rows(client_for, national_editor):
    client = client_for(national_editor)
    url = reverse("evaluation:sheet_list")
    build_sheet(product_set=f.ProductSetFactory(code="01"))
    one = count_queries(client, url)
    for number in range(2, 26):
        build_sheet(product_set=f.ProductSetFactory(code=f"{number:02d}"))

    twenty_five = count_queries(client, url)

    assert ScoreSheet.objects.count() == 25
    assert one == twenty_five


WIDE_SHEET = [
    *[("A", 1, f"1.{n}", [(0, None), (4, 3)]) for n in range(1, 11)],
    *[("B", 4, f"4.{n}", [(0, None), (5, None)]) for n in range(1, 6)],
    *[("C", 6, f"6.{n}.1", [(0, None), (1, 4), (7, None)]) for n in range(1, 6)],
]


@pytest.mark.django_db
def test_sheet_detail_queries_do_not_depend_on_the_number_of_criteria(client_for, district_officer):
    client = client_for(district_officer)
    small = build_sheet(product_set=f.ProductSetFactory(code="01"))
    wide = build_sheet(product_set=f.ProductSetFactory(code="02"), spec=WIDE_SHEET)

    small_count = count_queries(client, sheet_url("sheet_detail", small))
    wide_count = count_queries(client, sheet_url("sheet_detail", wide))

    assert (small.criteria.count(), wide.criteria.count()) == (3, 20)
    assert small_count == wide_count
