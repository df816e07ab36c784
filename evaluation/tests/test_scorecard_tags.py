"""The scorecard's answer options are written by a template tag (speed); they must read exactly as
the template loop they replaced: the saved option checked, points in the page's language, the
star-rating mark, and option texts escaped."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from evaluation.services.scorecards import SheetCriterion, SheetOption

LOOP = engines["django"].from_string(
    """{% for option in criterion.options %}
<div class="form-check">
  <input class="form-check-input" type="radio" name="option" id="option-{{ option.id }}" value="{{ option.id }}"{% if answer.option_id == option.id %} checked{% endif %}>
  <label class="form-check-label" for="option-{{ option.id }}">{{ option.text }} — <strong>{{ option.points }}</strong>{% if option.marker %} <span class="stars" title="{{ marker_title }}">({{ option.marker }}★)</span>{% endif %}</label>
</div>
{% endfor %}"""  # noqa: E501
)
TAG = engines["django"].from_string("{% load scorecards %}{% answer_options criterion answer marker_title %}")

CRITERION = SheetCriterion(
    id=7,
    code="1.1",
    name="Nguồn nguyên liệu",
    part="A",
    group="Nhóm 1",
    evidence="",
    max_points=Decimal(5),
    options=[
        SheetOption(31, 1, "Không có <hợp đồng>", Decimal(0), None),
        SheetOption(32, 2, "Có hợp đồng một phần", Decimal("2.5"), 3),
        SheetOption(33, 3, "Toàn bộ & ổn định", Decimal(5), 4),
    ],
)


def _tags_only(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("saved", [None, 32, 99])
def test_the_options_read_as_the_template_loop_wrote_them(language, saved):
    answer = None if saved is None else SimpleNamespace(option_id=saved)
    context = {"criterion": CRITERION, "answer": answer, "marker_title": "mức tối thiểu <cho> hạng sao"}
    with translation.override(language):
        ours, theirs = TAG.render(context), LOOP.render(context)

    assert _tags_only(ours) == _tags_only(theirs)
    assert ("checked" in ours) is (saved == 32)
    assert "&lt;hợp đồng&gt;" in ours and "Toàn bộ &amp; ổn định" in ours
    assert (">2,5<" if language == "vi" else ">2.5<") in ours
