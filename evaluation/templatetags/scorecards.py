"""The scorecard page's answer options, assembled here rather than in a template loop: a sheet
part shows up to ~25 criteria of 3-5 options each, and those ~100 radio buttons were about 40 % of
the time the template language spent on the criteria (9 nodes per option)."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_CHECKED = mark_safe(" checked")


@register.simple_tag
def answer_options(criterion, answer, marker_title):
    """One Bootstrap radio per option of `criterion` (a SheetCriterion), the saved one checked;
    an option that is the minimum for a star rating says so (`marker_title` on its mark)."""
    chosen = answer.option_id if answer is not None else None
    return format_html_join(
        "\n",
        '<div class="form-check">'
        '<input class="form-check-input" type="radio" name="option" id="option-{0}" value="{0}"{1}>'
        '<label class="form-check-label" for="option-{0}">{2} — <strong>{3}</strong>{4}</label>'
        "</div>",
        (
            (
                option.id,
                _CHECKED if option.id == chosen else "",
                option.text,
                localize(option.points),
                format_html(' <span class="stars" title="{}">({}★)</span>', marker_title, option.marker)
                if option.marker
                else "",
            )
            for option in criterion.options
        ),
    )
