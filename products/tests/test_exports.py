import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from ocop_portal.testing import factories as f

PRODUCER_HEADER = (
    "Tên chủ thể",
    "Loại hình",
    "Số đăng ký kinh doanh",
    "Mã số thuế",
    "Người đại diện",
    "Điện thoại",
    "Thư điện tử",
    "Huyện",
    "Xã",
    "Địa chỉ",
    "Số sản phẩm",
    "Hạng sao cao nhất",
)
PRODUCT_HEADER = (
    "Tên sản phẩm",
    "Chủ thể",
    "Số đăng ký kinh doanh",
    "Loại hình chủ thể",
    "Nhóm sản phẩm",
    "Bộ sản phẩm",
    "Huyện",
    "Xã",
    "Trạng thái",
    "Hạng sao",
)


def _sheet_rows(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


@pytest.mark.django_db
def test_producer_xlsx_export_has_the_filtered_rows(province_staff, product_record, other_product_record, client_for):
    producer = product_record.producer
    producer.tax_code, producer.phone = "2400567890", "0204 3871 234"
    producer.save()

    response = client_for(province_staff).get(
        reverse("products:producer_export", args=["xlsx"]), {"district": producer.district_id}
    )

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert _sheet_rows(response.content) == [
        PRODUCER_HEADER,
        (
            "HTX Gà đồi Yên Thế",
            "Hợp tác xã",
            producer.registration_number,
            "2400567890",
            "Trần Thị Hoa",
            "0204 3871 234",
            None,
            "Huyện Yên Thế",
            "Xã Đồng Tiến",
            "Thôn Đông",
            1,
            None,
        ),
    ]


@pytest.mark.django_db
def test_product_csv_export_is_utf8_with_bom_and_scoped_to_the_officer(
    district_officer, product_record, other_product_record, client_for
):
    response = client_for(district_officer).get(reverse("products:product_export", args=["csv"]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        list(PRODUCT_HEADER),
        [
            "Gà đồi Yên Thế",
            "HTX Gà đồi Yên Thế",
            product_record.producer.registration_number,
            "Hợp tác xã",
            "I. Thực phẩm",
            "02. Thịt, thủy sản, trứng, sữa tươi",
            "Huyện Yên Thế",
            "Xã Đồng Tiến",
            "Đang sản xuất",
            "",
        ],
    ]


@pytest.mark.django_db
def test_product_xlsx_export_search_matches_registration_number(province_staff, product_record, client_for):
    f.ProductFactory(name="Mật ong", product_set=product_record.product_set)

    response = client_for(province_staff).get(
        reverse("products:product_export", args=["xlsx"]), {"q": product_record.producer.registration_number}
    )

    assert [row[0] for row in _sheet_rows(response.content)] == ["Tên sản phẩm", "Gà đồi Yên Thế"]


@pytest.mark.django_db
def test_export_writes_formula_like_text_as_text(province_staff, commune, client_for):
    f.ProducerFactory(commune=commune, name='=HYPERLINK("http://x")')

    response = client_for(province_staff).get(reverse("products:producer_export", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


@pytest.mark.django_db
def test_unknown_export_format_is_not_found(province_staff, client_for):
    response = client_for(province_staff).get(reverse("products:producer_export", args=["pdf"]))

    assert response.status_code == 404
