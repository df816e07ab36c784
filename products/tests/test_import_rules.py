"""Registry import rules a province relies on, each with the row that would break it: codes whose
leading zeros Excel dropped, units of another province, a registration number another province
also has, empty optional cells, a product cell filled without a product name."""

import pytest

from ocop_portal.testing import factories as f
from products import services
from products.models import Producer

from .factories import register_row, xlsx_bytes

pytestmark = pytest.mark.django_db

LIMIT = 10 * 1024 * 1024


@pytest.fixture
def setting(commune, other_commune, food_set):
    """Units and product sets the rows refer to: 215/07243 (Yên Thế), 219/07528 (Lục Ngạn), set 02."""


def _preview(staff, rows):
    return services.registry_import_preview(
        actor=staff, province=staff.staff_province, file_name="dang-ky.xlsx", content=xlsx_bytes(rows), max_bytes=LIMIT
    )


def test_a_district_code_typed_as_a_number_gets_its_three_digits_back(province_staff, setting, province):
    district = f.DistrictFactory(parent=province, code="018", name="Huyện Mẫu")
    f.CommuneFactory(parent=district, code="00631", name="Xã Mẫu")

    registry_import = _preview(province_staff, [register_row(ma_huyen=18, ma_xa=631)])

    assert registry_import.report["errors"] == []
    services.registry_import_commit(registry_import=registry_import, actor=province_staff)
    assert Producer.objects.get().commune.code == "00631"


def test_an_unknown_district_code_is_an_error(province_staff, setting):
    registry_import = _preview(province_staff, [register_row(ma_huyen="999")])

    assert registry_import.report["errors"] == [
        {"row": 2, "column": "ma_huyen", "message": "Không có huyện mã “999” trong tỉnh."}
    ]


def test_units_of_another_province_are_errors(province_staff, setting):
    other_province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    foreign_district = f.DistrictFactory(parent=other_province, code="256", name="Huyện Yên Phong")
    f.CommuneFactory(parent=foreign_district, code="09193", name="Xã Đông Phong")

    registry_import = _preview(province_staff, [register_row(ma_huyen="256", ma_xa="09193")])

    assert registry_import.report["errors"] == [
        {"row": 2, "column": "ma_huyen", "message": "Không có huyện mã “256” trong tỉnh."},
        {"row": 2, "column": "ma_xa", "message": "Không có xã mã “09193” trong tỉnh."},
    ]


def test_a_registration_number_of_another_province_is_a_new_producer_here(province_staff, setting):
    other_province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    elsewhere = f.ProducerFactory(
        commune=f.CommuneFactory(parent=f.DistrictFactory(parent=other_province)),
        registration_number="2401000901",
        name="HTX khác tỉnh",
    )

    registry_import = _preview(province_staff, [register_row(so_dkkd="2401000901")])
    assert registry_import.report["counts"]["producers"] == {"create": 1, "update": 0, "unchanged": 0}
    services.registry_import_commit(registry_import=registry_import, actor=province_staff)

    elsewhere.refresh_from_db()
    assert (elsewhere.name, elsewhere.version) == ("HTX khác tỉnh", 1)
    assert Producer.objects.filter(registration_number="2401000901").count() == 2


def test_empty_optional_cells_keep_what_the_portal_has(province_staff, setting):
    first = register_row()
    services.registry_import_commit(registry_import=_preview(province_staff, [first]), actor=province_staff)

    again = _preview(province_staff, [register_row(ma_so_thue="", dien_thoai="", email="", mo_ta="")])
    assert again.report["counts"] == {
        "producers": {"create": 0, "update": 0, "unchanged": 1},
        "products": {"create": 0, "update": 0, "unchanged": 1},
    }
    services.registry_import_commit(registry_import=again, actor=province_staff)

    producer = Producer.objects.get()
    assert (producer.tax_code, producer.phone, producer.email, producer.products.get().description) == (
        first["ma_so_thue"],
        first["dien_thoai"],
        first["email"],
        first["mo_ta"],
    )


@pytest.mark.parametrize(("set_code", "description"), [("02", ""), ("", "Gà thả đồi")])
def test_a_product_cell_without_a_product_name_is_an_error(province_staff, setting, set_code, description):
    registry_import = _preview(
        province_staff, [register_row(ten_san_pham="", ma_bo_san_pham=set_code, mo_ta=description)]
    )

    assert registry_import.report["errors"] == [
        {
            "row": 2,
            "column": "ten_san_pham",
            "message": "Thiếu tên sản phẩm cho mã bộ sản phẩm hoặc mô tả đã ghi.",
        }
    ]
