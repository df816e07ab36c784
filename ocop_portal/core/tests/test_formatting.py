import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from ocop_portal.core.templatetags.ocop import format_vnd


@pytest.mark.parametrize(
    ("amount", "text"),
    [(1234567, "1.234.567\u00a0đ"), (0, "0\u00a0đ"), (460_000_000, "460.000.000\u00a0đ"), (-5000, "-5.000\u00a0đ")],
)
def test_vnd_is_written_the_vietnamese_way(amount, text):
    assert format_vnd(amount) == text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_render_as_dd_mm_yyyy_in_both_languages(language):
    with translation.override(language):
        rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": datetime.date(2021, 7, 9)}))
    assert rendered == "09/07/2021"


@pytest.mark.parametrize(
    ("ratio", "text"),
    [("0.750", "75\u00a0%"), ("0.667", "66,7\u00a0%"), ("1", "100\u00a0%"), (None, "")],
)
def test_a_ratio_is_shown_as_a_percentage_with_a_decimal_comma(ratio, text):
    from ocop_portal.core.templatetags.ocop import percent

    assert percent(ratio) == text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0\u00a0B"),
        (445, "445\u00a0B"),
        (1023, "1023\u00a0B"),
        (1024, "1\u00a0KB"),
        (12_600, "12,3\u00a0KB"),
        (1024 * 1024 - 1, "1024\u00a0KB"),
        (1024 * 1024, "1\u00a0MB"),
        (1_572_864, "1,5\u00a0MB"),
        (3 * 1024**3, "3072\u00a0MB"),
    ],
)
def test_file_sizes_read_as_people_write_them(size, text):
    from ocop_portal.core.templatetags.ocop import file_size

    assert file_size(size) == text


@pytest.mark.parametrize(
    ("note", "vi", "en"),
    [
        (
            "group: confirmed; subgroup/set: third-party",
            "nhóm: đã đối chiếu với văn bản gốc; "
            "phân nhóm và bộ sản phẩm: theo nguồn thứ cấp, chưa đối chiếu văn bản gốc",
            "group: checked against the original text; subgroup and set: secondary source, not checked against "
            "the original text",
        ),
        ("partly confirmed", "đối chiếu được một phần với văn bản gốc", "partly checked against the original text"),
        ("unverified", "chưa kiểm chứng", "unverified"),
        ("nhập từ tệp", "nhập từ tệp", "nhập từ tệp"),
    ],
)
def test_confidence_notes_read_in_the_reader_s_language(note, vi, en):
    from ocop_portal.core.templatetags.ocop import confidence

    with translation.override("vi"):
        assert confidence(note) == vi
    with translation.override("en"):
        assert confidence(note) == en


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        (("Xã Đồng Tiến", "Xã Đồng Tiến", "Huyện Yên Thế"), "Xã Đồng Tiến, Huyện Yên Thế"),
        (
            ("Thôn Đồng Tiến, xã Đồng Tiến", "Xã Đồng Tiến", "Huyện Yên Thế"),
            "Thôn Đồng Tiến, xã Đồng Tiến, Huyện Yên Thế",
        ),
        (("Thôn Đồng Tiến", "Xã Đồng Tiến", None), "Thôn Đồng Tiến, Xã Đồng Tiến"),
        (("", "Xã Đồng Tiến", "Huyện Yên Thế"), "Xã Đồng Tiến, Huyện Yên Thế"),
    ],
)
def test_an_address_names_each_unit_once(parts, text):
    """Issue 19.13: the verification page wrote "Xã Đồng Tiến, Xã Đồng Tiến, Huyện Yên Thế"."""
    from ocop_portal.core.templatetags.ocop import address_parts

    assert address_parts(*parts) == text
