import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import EmailValidator
from django.urls import reverse

from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from products import services
from products.enums import AuditAction, ImportState, ProducerKind
from products.models import Producer, Product, RegistryImport
from products.register_file import COLUMNS, EXAMPLE_ROW

from .factories import csv_bytes, register_row, xlsx_bytes

LIMIT = 10 * 1024 * 1024
NO_COUNTS = {"create": 0, "update": 0, "unchanged": 0}


@pytest.fixture
def setting(commune, other_commune, food_set):
    """Units and product sets the files refer to: 215/07243 (Yên Thế), 219/07528 (Lục Ngạn), set 02."""
    f.ProductSetFactory(code="06", name="Thực phẩm chế biến")


def _preview(staff, content, file_name="dang-ky.xlsx"):
    return services.registry_import_preview(
        actor=staff, province=staff.staff_province, file_name=file_name, content=content, max_bytes=LIMIT
    )


def _file_error(staff, content, file_name):
    with pytest.raises(ValidationError) as raised:
        _preview(staff, content, file_name)
    assert not RegistryImport.objects.exists()
    assert not Producer.objects.exists()
    return raised.value.messages


TWO_PRODUCERS = [
    register_row(),
    register_row(ten_san_pham="Trứng gà đồi Đồng Tiến", mo_ta=""),
    register_row(
        ma_huyen="219",
        ma_xa="07528",
        ten_chu_the="Công ty TNHH Mỳ Chũ",
        loai_hinh="Doanh nghiệp",
        so_dkkd="2400123999",
        ma_so_thue="",
        email="",
        ten_san_pham="Mỳ Chũ",
        ma_bo_san_pham="06",
        mo_ta="",
    ),
]


@pytest.mark.django_db
def test_preview_counts_what_would_be_created_and_writes_nothing(province_staff, setting):
    registry_import = _preview(province_staff, xlsx_bytes(TWO_PRODUCERS))

    assert registry_import.state == ImportState.PREVIEWED
    assert registry_import.report["counts"] == {
        "producers": {"create": 2, "update": 0, "unchanged": 0},
        "products": {"create": 3, "update": 0, "unchanged": 0},
    }
    assert registry_import.report["errors"] == []
    assert registry_import.report["rows"] == 3
    assert (Producer.objects.count(), Product.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_commit_creates_records_with_audit_and_marks_the_import(province_staff, setting, district):
    registry_import = _preview(province_staff, xlsx_bytes(TWO_PRODUCERS))

    committed = services.registry_import_commit(registry_import=registry_import, actor=province_staff)

    assert committed.state == ImportState.COMMITTED
    producer = Producer.objects.get(registration_number="2401000901")
    assert (producer.name, producer.kind, producer.district, producer.tax_code, producer.email) == (
        "HTX Gà đồi Đồng Tiến",
        ProducerKind.COOPERATIVE,
        district,
        "2400999001",
        "dongtien@example.vn",
    )
    assert sorted(producer.products.values_list("name", flat=True)) == ["Gà đồi Đồng Tiến", "Trứng gà đồi Đồng Tiến"]
    mychu = Product.objects.get(name="Mỳ Chũ")
    assert (mychu.producer.kind, mychu.product_set.code, mychu.district.code) == (ProducerKind.ENTERPRISE, "06", "219")
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == sorted(
        [AuditAction.PRODUCER_CREATED] * 2 + [AuditAction.PRODUCT_CREATED] * 3 + [AuditAction.IMPORT_COMMITTED]
    )
    assert AuditEntry.objects.filter(note="Nhập từ tệp “dang-ky.xlsx”").count() == 5


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(province_staff, setting):
    content = xlsx_bytes(TWO_PRODUCERS)
    services.registry_import_commit(registry_import=_preview(province_staff, content), actor=province_staff)
    audit_count = AuditEntry.objects.count()
    versions = sorted(Producer.objects.values_list("version", flat=True))

    again = _preview(province_staff, content)
    assert again.report["counts"] == {
        "producers": {"create": 0, "update": 0, "unchanged": 2},
        "products": {"create": 0, "update": 0, "unchanged": 3},
    }
    assert again.report["actions"] == []
    services.registry_import_commit(registry_import=again, actor=province_staff)

    assert (Producer.objects.count(), Product.objects.count()) == (2, 3)
    assert sorted(Producer.objects.values_list("version", flat=True)) == versions
    assert AuditEntry.objects.count() == audit_count + 1  # only the import's own entry


@pytest.mark.django_db
def test_import_updates_existing_producer_by_registration_number(province_staff, setting, producer_record, food_set):
    row = register_row(
        so_dkkd=producer_record.registration_number,
        ten_chu_the=producer_record.name,
        nguoi_dai_dien="Người đại diện mới",
        ma_so_thue="",
        dien_thoai="",
        email="",
        dia_chi=producer_record.address,
        ten_san_pham="",
        ma_bo_san_pham="",
        mo_ta="",
    )

    registry_import = _preview(province_staff, xlsx_bytes([row]))

    assert registry_import.report["counts"]["producers"] == {"create": 0, "update": 1, "unchanged": 0}
    assert registry_import.report["actions"] == [
        {
            "row": 2,
            "entity": "producer",
            "action": "update",
            "label": producer_record.name,
            "changed": ["representative"],
        }
    ]
    services.registry_import_commit(registry_import=registry_import, actor=province_staff)
    producer_record.refresh_from_db()
    assert (producer_record.representative, producer_record.version) == ("Người đại diện mới", 2)


@pytest.mark.django_db
def test_one_bad_row_stops_the_whole_import(province_staff, setting):
    rows = [*TWO_PRODUCERS, register_row(so_dkkd="2401000902", ma_xa="99999", ten_chu_the="HTX Lỗi")]

    registry_import = _preview(province_staff, xlsx_bytes(rows))

    assert registry_import.state == ImportState.FAILED
    assert registry_import.report["errors"] == [
        {"row": 5, "column": "ma_xa", "message": "Không có xã mã “99999” trong tỉnh."}
    ]
    with pytest.raises(ValidationError):
        services.registry_import_commit(registry_import=registry_import, actor=province_staff)
    assert (Producer.objects.count(), Product.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_commit_rechecks_and_refuses_when_the_registry_changed_since_preview(province_staff, setting, commune):
    registry_import = _preview(province_staff, xlsx_bytes([register_row()]))
    f.ProducerFactory(commune=commune, name="HTX Khác", registration_number="2401000901")
    other = f.ProducerFactory(commune=commune, name="HTX Thứ ba", registration_number="2401000902")
    rows = [register_row(), register_row(so_dkkd="2401000902", ten_chu_the=other.name, ma_xa="07528")]
    mixed = _preview(province_staff, xlsx_bytes(rows))
    Producer.objects.filter(pk=other.pk).delete()

    committed = services.registry_import_commit(registry_import=registry_import, actor=province_staff)

    # The first file now updates the producer someone registered meanwhile: still consistent, so it commits.
    assert committed.state == ImportState.COMMITTED
    assert Producer.objects.get(registration_number="2401000901").name == "HTX Gà đồi Đồng Tiến"
    assert mixed.state == ImportState.FAILED


@pytest.mark.django_db
def test_row_errors_name_row_column_and_problem(province_staff, setting):
    rows = [
        register_row(loai_hinh="Công ty cổ phần", email="khong-phai-email"),
        register_row(so_dkkd="2401000903", ma_huyen="219", ten_san_pham="Gà", ma_bo_san_pham="99"),
        register_row(so_dkkd="2401000904", nguoi_dai_dien="", ten_san_pham=""),
    ]

    report = _preview(province_staff, xlsx_bytes(rows)).report

    assert report["errors"] == [
        {
            "row": 2,
            "column": "loai_hinh",
            "message": "Loại hình “Công ty cổ phần” không hợp lệ; dùng HTX, DN, THT hoặc HKD.",
        },
        {"row": 2, "column": "email", "message": str(EmailValidator.message)},
        {"row": 3, "column": "ma_xa", "message": "Xã “Xã Đồng Tiến” không thuộc Huyện Lục Ngạn."},
        {"row": 4, "column": "nguoi_dai_dien", "message": "Thiếu dữ liệu bắt buộc."},
    ]


@pytest.mark.django_db
def test_duplicate_registration_numbers_with_conflicting_data_are_reported(province_staff, setting):
    rows = [
        register_row(),
        register_row(ten_chu_the="HTX Gà đồi Đồng Tiến MỚI", ten_san_pham="Trứng gà"),
    ]

    registry_import = _preview(province_staff, xlsx_bytes(rows))

    assert registry_import.state == ImportState.FAILED
    assert registry_import.report["errors"] == [
        {
            "row": 3,
            "column": "ten_chu_the",
            "message": "Số đăng ký kinh doanh 2401000901 đã có ở dòng 2 với giá trị khác "
            "(“HTX Gà đồi Đồng Tiến” ≠ “HTX Gà đồi Đồng Tiến MỚI”).",
        }
    ]


@pytest.mark.django_db
def test_duplicate_product_rows_with_conflicting_sets_are_reported(province_staff, setting):
    rows = [register_row(), register_row(ten_san_pham="gà đồi đồng tiến", ma_bo_san_pham="06")]

    report = _preview(province_staff, xlsx_bytes(rows)).report

    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "ma_bo_san_pham")]


@pytest.mark.django_db
def test_csv_in_utf8_with_and_without_bom_and_semicolons_is_read(province_staff, setting):
    plain = _preview(province_staff, csv_bytes(TWO_PRODUCERS), "dang-ky.csv")
    bom = _preview(province_staff, csv_bytes(TWO_PRODUCERS, encoding="utf-8-sig"), "dang-ky.csv")
    semicolons = _preview(province_staff, csv_bytes(TWO_PRODUCERS, delimiter=";"), "dang-ky.csv")

    for registry_import in (plain, bom, semicolons):
        assert registry_import.state == ImportState.PREVIEWED
        assert registry_import.report["counts"]["products"] == {"create": 3, "update": 0, "unchanged": 0}


@pytest.mark.django_db
def test_csv_in_windows_1258_is_refused(province_staff, setting):
    content = csv_bytes(TWO_PRODUCERS, encoding="cp1258")

    messages = _file_error(province_staff, content, "dang-ky.csv")

    assert len(messages) == 1
    assert messages[0].startswith("Tệp CSV không ở mã hoá UTF-8 (byte không hợp lệ ở vị trí ")
    assert "Windows-1258 hoặc TCVN3" in messages[0]


@pytest.mark.django_db
def test_csv_in_utf16_is_refused(province_staff, setting):
    messages = _file_error(province_staff, csv_bytes(TWO_PRODUCERS, encoding="utf-16"), "dang-ky.csv")

    assert messages == [
        "Tệp CSV đang ở mã UTF-16. Hãy lưu lại với mã hoá UTF-8 "
        "(trong Excel: Lưu thành → “CSV UTF-8 (Comma delimited)”)."
    ]


@pytest.mark.django_db
def test_wrong_columns_are_refused_naming_them(province_staff, setting):
    columns = [c for c in COLUMNS if c != "so_dkkd"] + ["ghi_chu"]

    messages = _file_error(province_staff, xlsx_bytes([register_row()], columns=columns), "dang-ky.xlsx")

    assert messages == [
        "Dòng tiêu đề không đúng mẫu: thiếu cột so_dkkd; có cột không thuộc mẫu ghi_chu. "
        "Hãy dùng tệp mẫu tải về từ trang này."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "file_name", "message"),
    [
        (b"", "dang-ky.csv", "Tệp trống, không có dữ liệu."),
        (b"\n\n", "dang-ky.csv", "Tệp trống, không có dữ liệu."),
        (",".join(COLUMNS).encode() + b"\n", "dang-ky.csv", "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."),
        (b"PK\x03\x04 not really a workbook", "dang-ky.xlsx", None),
        (b"ma_huyen", "dang-ky.xls", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
    ],
    ids=["empty", "blank-lines", "header-only", "broken-xlsx", "old-xls"],
)
def test_unusable_files_are_refused_with_a_message(province_staff, setting, content, file_name, message):
    messages = _file_error(province_staff, content, file_name)

    expected = message or "Không đọc được tệp Excel. Hãy lưu tệp ở định dạng Excel Workbook (.xlsx) rồi tải lên lại."
    assert messages == [expected]


@pytest.mark.django_db
def test_empty_xlsx_is_refused(province_staff, setting):
    output = io.BytesIO()
    openpyxl.Workbook().save(output)

    assert _file_error(province_staff, output.getvalue(), "trong.xlsx") == ["Tệp trống, không có dữ liệu."]


@pytest.mark.django_db
def test_codes_typed_as_numbers_in_excel_get_their_leading_zeros_back(province_staff, setting):
    row = register_row(ma_huyen=215, ma_xa=7243, so_dkkd=2401000901, ma_bo_san_pham=2)

    registry_import = _preview(province_staff, xlsx_bytes([row]))

    assert registry_import.report["errors"] == []
    services.registry_import_commit(registry_import=registry_import, actor=province_staff)
    assert Producer.objects.get().registration_number == "2401000901"


@pytest.mark.django_db
def test_upload_over_the_size_limit_is_refused_in_the_page(province_staff, setting, client_for):
    big = SimpleUploadedFile("lon.csv", b"a" * (10 * 1024 * 1024 + 1), content_type="text/csv")

    response = client_for(province_staff).post(reverse("products:import_upload"), {"file": big})

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["Tệp lớn hơn giới hạn cho phép (10 MB)."]}
    assert not RegistryImport.objects.exists()


@pytest.mark.django_db
def test_upload_preview_and_commit_through_the_pages(province_staff, setting, client_for):
    client = client_for(province_staff)
    upload = SimpleUploadedFile("dang-ky.xlsx", xlsx_bytes(TWO_PRODUCERS))

    response = client.post(reverse("products:import_upload"), {"file": upload})

    registry_import = RegistryImport.objects.get()
    assert response.url == reverse("products:import_preview", args=[registry_import.pk])
    preview = client.get(response.url)
    assert preview.context["report"]["counts"]["producers"] == {"create": 2, "update": 0, "unchanged": 0}
    assert preview.context["can_commit"] is True
    assert "Công ty TNHH Mỳ Chũ" in preview.content.decode()

    committed = client.post(reverse("products:import_commit", args=[registry_import.pk]), follow=True)

    registry_import.refresh_from_db()
    assert registry_import.state == ImportState.COMMITTED
    assert [str(m) for m in committed.context["messages"]] == ["Đã nhập danh sách vào hệ thống."]
    assert Producer.objects.count() == 2


@pytest.mark.django_db
def test_committing_twice_is_refused(province_staff, setting, client_for):
    registry_import = _preview(province_staff, xlsx_bytes(TWO_PRODUCERS))
    services.registry_import_commit(registry_import=registry_import, actor=province_staff)

    response = client_for(province_staff).post(
        reverse("products:import_commit", args=[registry_import.pk]), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Chỉ có thể ghi một lần nhập đã kiểm tra thử và không có lỗi."
    ]
    assert Product.objects.count() == 3


@pytest.mark.django_db
def test_preview_of_another_provinces_import_is_not_found(province_staff, setting, client_for):
    other_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))
    foreign = RegistryImport.objects.create(
        uploaded_by=other_staff,
        province=other_staff.staff_province,
        file_name="phu-tho.xlsx",
        file_sha256="0" * 64,
        content=b"",
        state=ImportState.PREVIEWED,
        report={},
    )

    response = client_for(province_staff).get(reverse("products:import_preview", args=[foreign.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_template_has_the_documented_header_and_an_example_that_imports(province_staff, setting, client_for):
    response = client_for(province_staff).get(reverse("products:import_template"))

    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows == [COLUMNS, EXAMPLE_ROW]
    registry_import = _preview(province_staff, response.content, "mau.xlsx")
    assert registry_import.report["errors"] == []
    assert registry_import.report["counts"]["products"] == {"create": 1, "update": 0, "unchanged": 0}
