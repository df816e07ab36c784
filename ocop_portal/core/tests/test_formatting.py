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
