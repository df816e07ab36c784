"""Filters for the printed report's text."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# Document and certificate numbers ("649/QĐ-UBND", "78/BC-SNN", "OCOP-24-2021-057") and dates.
NUMBER = re.compile(r"\b[\w.]*\d[\w.]*(?:[/-][\w.]+)+")


@register.filter
def keep_numbers(text) -> str:
    """The text, escaped, with each document number or date in a span that never breaks across
    lines (a reader must not see '649/' at the end of one line and 'QĐ-UBND' on the next)."""
    escaped = str(escape(text))
    return mark_safe(NUMBER.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', escaped))
