from decimal import Decimal

from django import template

register = template.Library()


def format_vnd(amount) -> str:
    """1234567 → '1.234.567 đ' in every language: money is always written the Vietnamese way."""
    if amount is None or amount == "":
        return ""
    value = Decimal(amount).quantize(Decimal(1))
    sign = "-" if value < 0 else ""
    digits = f"{abs(int(value)):,}".replace(",", ".")
    return f"{sign}{digits}\u00a0đ"


@register.filter
def vnd(amount):
    return format_vnd(amount)


@register.filter
def stars(count):
    if not count:
        return ""
    return "★" * int(count)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()
