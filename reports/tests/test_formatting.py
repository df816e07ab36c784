import pytest

from reports.formatting import short_group_name, short_unit_name, vn_count, vn_date, vn_int, vn_money, vn_percent


@pytest.mark.unit
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (vn_int(1234567), "1.234.567"),
        (vn_int(0), "0"),
        (vn_count(8), "08"),
        (vn_count(12), "12"),
        (vn_money(460_000_000), "460.000.000 đồng"),
        (vn_money(73_600_000, "đ"), "73.600.000 đ"),
        (vn_percent(61, 35), "174%"),
        (vn_percent(1, 8), "13%"),  # 12,5 → 13: half-up
        (vn_percent(5, 0), ""),
        (vn_date("2021-10-22"), "22/10/2021"),
        (short_unit_name("Huyện Yên Thế", "Huyện"), "Yên Thế"),
        (short_unit_name("Thành phố Bắc Giang", "Thành phố"), "TP. Bắc Giang"),
        (short_group_name("Ngành thực phẩm"), "thực phẩm"),
        (short_group_name("Đồ uống"), "đồ uống"),
    ],
)
def test_formatting_writes_the_vietnamese_way(value, expected):
    assert value == expected


def test_document_numbers_never_break_and_the_text_is_escaped():
    from reports.templatetags.report_text import keep_numbers

    assert keep_numbers("Quyết định số 649/QĐ-UBND ngày 29/03/2018 <b>") == (
        'Quyết định số <span class="nobr">649/QĐ-UBND</span> ngày <span class="nobr">29/03/2018</span> &lt;b&gt;'
    )
