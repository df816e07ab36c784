"""The official-document frame's rules (NĐ 30/2020, Phụ lục I), each pinned from both sides."""

import datetime

import pytest

from ocop_portal.core.official import (
    agriculture_department,
    date_line,
    number_line,
    people_committee,
    place_name,
    recipient_lines,
    signer_lines,
)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2019, 3, 9), "Quảng Trị, ngày 09 tháng 3 năm 2019"),
        (datetime.date(2019, 3, 10), "Quảng Trị, ngày 10 tháng 3 năm 2019"),
        (datetime.date(2019, 2, 28), "Quảng Trị, ngày 28 tháng 02 năm 2019"),
        (datetime.date(2019, 1, 5), "Quảng Trị, ngày 05 tháng 01 năm 2019"),
        (datetime.date(2019, 12, 31), "Quảng Trị, ngày 31 tháng 12 năm 2019"),
    ],
)
def test_the_date_line_pads_days_below_10_and_the_months_1_and_2(date, expected):
    assert date_line("Quảng Trị", date) == expected


def test_a_date_not_yet_known_prints_as_dotted_blanks():
    assert date_line("Bắc Ninh", None, year=2026) == "Bắc Ninh, ngày …… tháng …… năm 2026"


def test_the_number_is_the_one_given_or_a_blank_before_the_symbol():
    assert (number_line("78/BC-SNN", "BC-SNN"), number_line("  ", "BC-SNN")) == ("Số: 78/BC-SNN", "Số: ……/BC-SNN")


@pytest.mark.parametrize(
    ("on", "name"),
    [
        (datetime.date(2025, 2, 28), "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"),
        (datetime.date(2025, 3, 1), "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
    ],
)
def test_the_department_is_named_as_it_was_on_the_documents_date(on, name):
    assert agriculture_department(on) == name


def test_place_governing_body_signer_and_recipients():
    assert [place_name(n) for n in ("Tỉnh Bắc Ninh", "Thành phố Hà Nội", "Huyện Yên Thế", "Đà Nẵng")] == [
        "Bắc Ninh",
        "Hà Nội",
        "Yên Thế",
        "Đà Nẵng",
    ]
    assert people_committee("Tỉnh Bắc Giang") == "UBND TỈNH BẮC GIANG"
    assert signer_lines("KT. Giám đốc / Phó Giám đốc") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert recipient_lines("- UBND tỉnh (b/c);\n\nLưu: VT.") == ["- UBND tỉnh (b/c);", "- Lưu: VT."]
