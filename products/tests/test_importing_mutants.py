"""The registry import's plan (products/importing.py): what the mutation run of issue 24 found no
test for (docs/mutation.md) — the preview's list of what each row would do, in row order, the
cells an error names and its words, empty required unit codes, the product set a product cell
names, rows that repeat a producer or a product with other values, and which differences from
the registry make an update."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop_portal.testing import factories as f
from products import services
from products.enums import ProducerKind
from products.models import Producer

from .factories import register_row, xlsx_bytes

pytestmark = pytest.mark.django_db

LIMIT = 10 * 1024 * 1024


@pytest.fixture
def setting(commune, other_commune, food_set):
    """Units and product sets the rows refer to: 215/07243 (Yên Thế), 219/07528 (Lục Ngạn), set 02."""
    return f.ProductSetFactory(code="06", name="Thực phẩm chế biến")


def _report(staff, rows):
    return services.registry_import_preview(
        actor=staff, province=staff.staff_province, file_name="dang-ky.xlsx", content=xlsx_bytes(rows), max_bytes=LIMIT
    ).report


def _commit(staff, rows):
    registry_import = services.registry_import_preview(
        actor=staff, province=staff.staff_province, file_name="dang-ky.xlsx", content=xlsx_bytes(rows), max_bytes=LIMIT
    )
    return services.registry_import_commit(registry_import=registry_import, actor=staff)


def _errors(staff, rows):
    return [(e["row"], e["column"], e["message"]) for e in _report(staff, rows)["errors"]]


def test_the_preview_lists_each_rows_producer_then_its_product_in_row_order(province_staff, setting):
    rows = [
        register_row(),
        register_row(
            so_dkkd="2401000902", ten_chu_the="HTX Mỳ Chũ", ma_huyen="219", ma_xa="07528", ten_san_pham="Mỳ Chũ"
        ),
        register_row(ten_san_pham="Trứng gà đồi", mo_ta=""),
    ]

    report = _report(province_staff, rows)

    assert report["rows"] == 3
    assert report["errors"] == []
    assert report["actions"] == [
        {"row": 2, "entity": "producer", "action": "create", "label": "HTX Gà đồi Đồng Tiến", "changed": []},
        {"row": 2, "entity": "product", "action": "create", "label": "Gà đồi Đồng Tiến", "changed": []},
        {"row": 3, "entity": "producer", "action": "create", "label": "HTX Mỳ Chũ", "changed": []},
        {"row": 3, "entity": "product", "action": "create", "label": "Mỳ Chũ", "changed": []},
        {"row": 4, "entity": "product", "action": "create", "label": "Trứng gà đồi", "changed": []},
    ]


def test_an_empty_commune_code_is_only_a_missing_cell(province_staff, setting):
    """An empty district cell is no error (a 2025 commune has none: tests below)."""
    assert _errors(province_staff, [register_row(ma_xa="")]) == [(2, "ma_xa", "Thiếu dữ liệu bắt buộc.")]


def test_an_unknown_district_with_a_known_commune_names_only_the_district(province_staff, setting):
    assert _errors(province_staff, [register_row(ma_huyen="998")]) == [
        (2, "ma_huyen", "Không có huyện mã “998” trong tỉnh.")
    ]


def test_a_commune_of_another_district_of_the_province_is_named_with_that_district(province_staff, setting):
    assert _errors(province_staff, [register_row(ma_huyen="219", ma_xa="07243")]) == [
        (2, "ma_xa", "Xã “Xã Đồng Tiến” không thuộc Huyện Lục Ngạn.")
    ]


def test_kinds_are_read_whatever_their_spacing_and_case(province_staff, setting):
    rows = [
        register_row(loai_hinh="  Hợp   tác xã ", ten_san_pham="Gà"),
        register_row(so_dkkd="2401000902", loai_hinh="hkd", ten_san_pham="Trứng"),
        register_row(so_dkkd="2401000903", loai_hinh="Công ty", ten_san_pham="Mật ong"),
    ]

    _commit(province_staff, rows)

    assert dict(Producer.objects.values_list("registration_number", "kind")) == {
        "2401000901": ProducerKind.COOPERATIVE,
        "2401000902": ProducerKind.HOUSEHOLD,
        "2401000903": ProducerKind.ENTERPRISE,
    }


def test_cells_are_saved_with_their_spaces_collapsed(province_staff, setting):
    row = register_row(
        ten_chu_the="  HTX   Gà đồi  ",
        so_dkkd=" 2401 000 901 ",
        ma_so_thue=" 2400 999001 ",
        nguoi_dai_dien=" Nguyễn  Thị Bình ",
        dien_thoai=" 0204  3871 001 ",
        email=" dongtien@example.vn ",
        dia_chi=" Thôn   Đồng Vương ",
        ten_san_pham="  Gà   đồi ",
        mo_ta="  Gà thả đồi  ",
    )

    _commit(province_staff, [row])

    producer = Producer.objects.get()
    assert (
        producer.name,
        producer.registration_number,
        producer.tax_code,
        producer.representative,
        producer.phone,
        producer.email,
        producer.address,
    ) == (
        "HTX Gà đồi",
        "2401000901",
        "2400 999001",
        "Nguyễn Thị Bình",
        "0204 3871 001",
        "dongtien@example.vn",
        "Thôn Đồng Vương",
    )
    product = producer.products.get()
    assert (product.name, product.description, product.product_set.code) == ("Gà đồi", "Gà thả đồi", "02")


def test_a_cell_longer_than_the_registry_keeps_is_named(province_staff, setting):
    assert _errors(province_staff, [register_row(dien_thoai="0" * 21)]) == [
        (2, "dien_thoai", "Giá trị này chỉ có tối đa 20 kí tự (hiện có 21)"),
    ]


def test_a_product_name_longer_than_the_registry_keeps_is_named(province_staff, setting):
    errors = _errors(province_staff, [register_row(ten_san_pham="G" * 256)])

    assert errors == [(2, "ten_san_pham", "Giá trị này chỉ có tối đa 255 kí tự (hiện có 256)")]


@pytest.mark.parametrize(("length", "refused"), [(5000, False), (5001, True)])
def test_a_description_longer_than_the_product_form_takes_is_named(province_staff, setting, length, refused):
    """The form refuses a description over 5.000 characters; the import refused nothing."""
    errors = _errors(province_staff, [register_row(mo_ta="M" * length)])

    assert errors == ([(2, "mo_ta", f"Giá trị này chỉ có tối đa 5000 kí tự (hiện có {length})")] if refused else [])


def test_a_product_without_a_set_code_or_with_an_unknown_one_is_an_error(province_staff, setting):
    rows = [register_row(ma_bo_san_pham=""), register_row(ten_san_pham="Trứng gà", ma_bo_san_pham="99")]

    assert _errors(province_staff, rows) == [
        (2, "ma_bo_san_pham", "Thiếu mã bộ sản phẩm."),
        (3, "ma_bo_san_pham", "Không có bộ sản phẩm mã “99”."),
    ]


def test_a_repeated_producer_in_another_commune_is_a_conflict_on_the_commune_cell(province_staff, setting):
    rows = [register_row(), register_row(ma_huyen="219", ma_xa="07528", ten_san_pham="Trứng gà")]

    assert _errors(province_staff, rows) == [
        (
            3,
            "ma_xa",
            "Số đăng ký kinh doanh 2401000901 đã có ở dòng 2 với giá trị khác (“Xã Đồng Tiến” ≠ “Xã Cấm Sơn”).",
        )
    ]


def test_a_value_missing_on_the_earlier_row_shows_as_empty_in_the_conflict(province_staff, setting):
    rows = [register_row(email=""), register_row(ten_san_pham="Trứng gà")]

    assert _errors(province_staff, rows) == [
        (
            3,
            "email",
            "Số đăng ký kinh doanh 2401000901 đã có ở dòng 2 với giá trị khác (“” ≠ “dongtien@example.vn”).",
        )
    ]


def test_a_value_missing_on_the_later_row_shows_as_empty_in_the_conflict(province_staff, setting):
    rows = [register_row(), register_row(email="", ten_san_pham="Trứng gà")]

    assert _errors(province_staff, rows) == [
        (
            3,
            "email",
            "Số đăng ký kinh doanh 2401000901 đã có ở dòng 2 với giá trị khác (“dongtien@example.vn” ≠ “”).",
        )
    ]


def test_rows_after_a_conflicting_row_are_still_checked_and_planned(province_staff, setting):
    rows = [
        register_row(),
        register_row(ten_chu_the="HTX khác", ten_san_pham="Trứng gà"),
        register_row(ten_san_pham="Gà ĐỒI Đồng Tiến", mo_ta="Gà thả vườn"),
        register_row(so_dkkd="2401000902", ten_san_pham="Mật ong"),
    ]

    report = _report(province_staff, rows)

    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "ten_chu_the"), (4, "mo_ta")]
    assert report["errors"][1]["message"] == (
        "Sản phẩm “Gà ĐỒI Đồng Tiến” đã có ở dòng 2 với giá trị khác (“Gà thả đồi” ≠ “Gà thả vườn”)."
    )
    assert report["counts"] == {
        "producers": {"create": 2, "update": 0, "unchanged": 0},
        "products": {"create": 2, "update": 0, "unchanged": 0},
    }


def test_a_repeated_product_row_that_agrees_is_planned_once(province_staff, setting):
    rows = [register_row(), register_row(ten_san_pham="GÀ ĐỒI ĐỒNG TIẾN"), register_row(ten_san_pham="Trứng gà")]

    report = _report(province_staff, rows)

    assert report["errors"] == []
    assert report["counts"]["products"] == {"create": 2, "update": 0, "unchanged": 0}


def test_a_producer_moved_to_another_commune_is_an_update_of_its_commune(province_staff, setting):
    _commit(province_staff, [register_row()])

    report = _report(province_staff, [register_row(ma_huyen="219", ma_xa="07528")])

    assert report["counts"]["producers"] == {"create": 0, "update": 1, "unchanged": 0}
    assert [(a["entity"], a["action"], a["changed"]) for a in report["actions"]] == [
        ("producer", "update", ["commune"]),
        ("product", "update", ["commune"]),
    ]


def test_a_product_in_another_set_or_with_a_new_description_or_name_case_is_an_update(province_staff, setting):
    _commit(province_staff, [register_row(), register_row(ten_san_pham="Trứng gà")])

    report = _report(
        province_staff,
        [register_row(ma_bo_san_pham="06"), register_row(ten_san_pham="trứng GÀ", mo_ta="Trứng gà ta")],
    )

    assert report["counts"] == {
        "producers": {"create": 0, "update": 0, "unchanged": 1},
        "products": {"create": 0, "update": 2, "unchanged": 0},
    }
    assert [(a["row"], a["label"], a["changed"]) for a in report["actions"]] == [
        (2, "Gà đồi Đồng Tiến", ["product_set"]),
        (3, "trứng GÀ", ["name", "description"]),
    ]


def test_a_filled_optional_cell_that_differs_is_an_update(province_staff, setting):
    _commit(province_staff, [register_row()])

    report = _report(province_staff, [register_row(dien_thoai="0204 3871 999", ma_so_thue="")])

    assert [(a["entity"], a["changed"]) for a in report["actions"]] == [("producer", ["phone"])]


def test_products_of_a_producer_with_the_same_name_elsewhere_are_not_matched(province_staff, setting, commune):
    other_province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    elsewhere = f.ProducerFactory(
        commune=f.CommuneFactory(parent=f.DistrictFactory(parent=other_province)), registration_number="2401000901"
    )
    f.ProductFactory(producer=elsewhere, name="Gà đồi Đồng Tiến")

    report = _report(province_staff, [register_row()])

    assert report["counts"]["products"] == {"create": 1, "update": 0, "unchanged": 0}


def test_every_documented_kind_word_and_the_kinds_own_values_are_read(province_staff, setting):
    words = {
        "HTX": ProducerKind.COOPERATIVE,
        "Hợp tác xã": ProducerKind.COOPERATIVE,
        "DN": ProducerKind.ENTERPRISE,
        "Doanh nghiệp": ProducerKind.ENTERPRISE,
        "Công ty": ProducerKind.ENTERPRISE,
        "THT": ProducerKind.COOPERATIVE_GROUP,
        "Tổ hợp tác": ProducerKind.COOPERATIVE_GROUP,
        "HKD": ProducerKind.HOUSEHOLD,
        "Hộ kinh doanh": ProducerKind.HOUSEHOLD,
        "cooperative": ProducerKind.COOPERATIVE,
        "enterprise": ProducerKind.ENTERPRISE,
        "cooperative_group": ProducerKind.COOPERATIVE_GROUP,
        "household": ProducerKind.HOUSEHOLD,
    }
    rows = [
        register_row(so_dkkd=f"24010009{index:02}", loai_hinh=word, ten_san_pham=f"Sản phẩm {index}")
        for index, word in enumerate(words)
    ]

    _commit(province_staff, rows)

    assert dict(Producer.objects.values_list("registration_number", "kind")) == {
        f"24010009{index:02}": kind for index, kind in enumerate(words.values())
    }


def test_a_commune_code_in_the_district_cell_is_not_a_district(province_staff, setting, province):
    """A 2025 commune answers to the province directly: its code names no district."""
    f.CommuneFactory(parent=province, code="25001", name="Phường Bắc Giang")

    assert _errors(province_staff, [register_row(ma_huyen="25001")]) == [
        (2, "ma_huyen", "Không có huyện mã “25001” trong tỉnh.")
    ]


def test_the_preview_reads_the_registry_in_as_many_queries_for_one_known_producer_as_for_three(province_staff, setting):
    rows = [
        register_row(so_dkkd=f"240100090{index}", ten_chu_the=f"HTX {index}", ten_san_pham=f"Sản phẩm {index}")
        for index in range(3)
    ]
    _commit(province_staff, rows)

    with CaptureQueriesContext(connection) as one:
        report = _report(province_staff, rows[:1])
    with CaptureQueriesContext(connection) as three:
        _report(province_staff, rows)

    assert report["counts"]["products"] == {"create": 0, "update": 0, "unchanged": 1}
    assert len(three) == len(one)


@pytest.fixture
def commune_2025(province):
    """A commune of the 2025 map: directly under the province, no district."""
    return f.CommuneFactory(parent=province, code="07261", name="Xã Yên Thế", valid_from=datetime.date(2025, 7, 1))


def test_a_2025_commune_is_named_without_a_district(province_staff, setting, commune_2025):
    """Since 01/07/2025 communes answer to the province: the district cell stays empty."""
    _commit(province_staff, [register_row(ma_huyen="", ma_xa="7261")])  # refused if the preview had errors

    producer = Producer.objects.get(registration_number="2401000901")
    assert (producer.commune, producer.district) == (commune_2025, None)
    assert producer.province == province_staff.staff_province
    assert producer.products.get().commune == commune_2025


def test_a_2025_commune_under_a_district_code_is_refused(province_staff, setting, commune_2025):
    assert _errors(province_staff, [register_row(ma_huyen="215", ma_xa="07261")]) == [
        (2, "ma_xa", "Xã “Xã Yên Thế” không thuộc Huyện Yên Thế.")
    ]


def test_a_commune_of_a_district_is_found_without_the_district_code(province_staff, setting, commune):
    _commit(province_staff, [register_row(ma_huyen="", ma_xa="07243")])

    assert Producer.objects.get(registration_number="2401000901").commune == commune


def test_a_commune_of_another_province_is_still_unknown(province_staff, setting):
    f.CommuneFactory(parent=f.ProvinceFactory(code="26", name="Tỉnh Phú Thọ"), code="08000")
    assert _errors(province_staff, [register_row(ma_huyen="", ma_xa="08000")]) == [
        (2, "ma_xa", "Không có xã mã “08000” trong tỉnh.")
    ]
