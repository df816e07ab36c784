import functools
import re
from decimal import Decimal

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ocop_portal.core.forms_renderer import DASHES, empty_choice_label

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


def _decimal_comma(value: Decimal, places: int) -> str:
    """12.5 → '12,5' (the Vietnamese decimal comma, trailing zeros dropped)."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".") if places else f"{value:.0f}"
    return text.replace(".", ",")


@register.filter
def percent(ratio):
    """A ratio as a percentage: 0.750 → '75 %', 0.667 → '66,7 %'."""
    if ratio is None or ratio == "":
        return ""
    return f"{_decimal_comma(Decimal(ratio) * 100, 1)}\u00a0%"


@register.filter
def file_size(size):
    """Bytes as people read them: 445 → '445 B', 12 600 → '12,3 KB', 1 572 864 → '1,5 MB'."""
    if size is None or size == "":
        return ""
    value = Decimal(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{_decimal_comma(value, 0 if unit == 'B' else 1)}\u00a0{unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _confidence_words() -> dict:
    # Longest first: "partly confirmed" before "confirmed", "subgroup/set" before "group".
    return {
        "partly confirmed": gettext("đối chiếu được một phần với văn bản gốc"),
        "confirmed": gettext("đã đối chiếu với văn bản gốc"),
        "third-party": gettext("theo nguồn thứ cấp, chưa đối chiếu văn bản gốc"),
        "unverified": gettext("chưa kiểm chứng"),
        "subgroup/set": gettext("phân nhóm và bộ sản phẩm"),
        "group": gettext("nhóm"),
    }


_CONFIDENCE_TERMS = re.compile(r"\b(partly confirmed|confirmed|third-party|unverified|subgroup/set|group)\b")


@register.filter
def confidence(text):
    """The reference data's confidence notes ('group: confirmed; subgroup/set: third-party') in
    the reader's language; free text (a sheet imported from a file) is shown as written."""
    if not text:
        return ""
    words = _confidence_words()
    return _CONFIDENCE_TERMS.sub(lambda match: words[match.group(1)], text)


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


@register.filter
def filter_field(field):
    """A list-filter field in Bootstrap 5 markup (label, widget, errors, help), as crispy's
    `as_crispy_field` writes it, but assembled here: crispy's templates cost about a millisecond
    per field, and a list page renders up to seven filters on every request."""
    widget = field.field.widget
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    attrs = {"class": f"{css} is-invalid" if field.errors else css}
    if isinstance(widget, forms.Select):
        attrs["data-empty-label"] = gettext("Tất cả")
    described_by = []
    if field.errors:
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}_errors")
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    errors = format_html_join("", '<strong class="d-block">{}</strong>', ((error,) for error in field.errors))
    return format_html(
        '<div id="div_{id}" class="mb-3"><label for="{id}" class="form-label">{label}{required}</label>'
        "{widget}{errors}{help}</div>",
        id=field.auto_id,
        label=field.label,
        required=mark_safe('<span class="asteriskField">*</span>') if field.field.required else "",
        widget=_select_html(field, attrs) if _is_plain_select(widget) else field.as_widget(attrs=attrs),
        errors=format_html('<div id="{}_errors" class="invalid-feedback">{}</div>', field.auto_id, errors)
        if field.errors
        else "",
        help=format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else "",
    )


# The same markup for the small forms of much-visited pages (the product page's photo upload).
register.filter("form_field", filter_field)


def _is_plain_select(widget) -> bool:
    return type(widget) is forms.Select and not widget.allow_multiple_selected


_OPTION_SEPARATOR = mark_safe("\n  ")


def _select_html(field, attrs: dict):
    """A single-choice `<select>` written as Django's own widget template writes it, byte for
    byte (a test compares them), without its per-option dict and template include: those cost
    ~25 µs an option, several milliseconds for a list page's filters. Option groups fall back to
    the widget."""
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    chosen = widget.format_value(field.value())
    options, selected = [], False
    for value, label in widget.choices:
        if isinstance(label, (list, tuple)):
            return field.as_widget(attrs=attrs)
        text = "" if value is None else str(value)
        if label == DASHES and text == "":
            label = empty_choice_label(attrs)
        is_selected = not selected and text in chosen
        selected = selected or is_selected
        options.append(
            format_html('<option value="{}"{}>{}</option>', text, mark_safe(" selected") if is_selected else "", label)
        )
    return format_html(
        '<select name="{}"{}>{}{}\n</select>',
        field.html_name,
        _attrs_html(widget.build_attrs(widget.attrs, attrs)),
        _OPTION_SEPARATOR if options else "",
        mark_safe(_OPTION_SEPARATOR.join(options)),  # each option escaped by format_html
    )


def _attrs_html(attrs: dict):
    """Django's attrs.html: `False` leaves the attribute out, `True` writes its name alone."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


@functools.cache
def _choice_labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


@register.filter
def display(obj, field_name: str):
    """`{{ row|display:"state" }}` shows what `row.get_state_display` shows, from a table built
    once per field: Django's method rebuilds and hashes every choice on each call, which a list of
    25 rows with three choice columns pays 75 times per page."""
    value = getattr(obj, field_name)
    return _choice_labels(type(obj), field_name).get(value, value)


@register.simple_tag(takes_context=True)
def page_panel(context, panel):
    """Render a page panel (core/page_panels.py): its template with the page's context and the
    panel's own, as {% include %} would."""
    template = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return mark_safe(template.render(context))


def address_parts(*parts) -> str:
    """An address written once: the street address, then each administrative unit it does not
    already name ("Xã Đồng Tiến" after an address "Xã Đồng Tiến" is not repeated; issue 19.13)."""
    written: list[str] = []
    seen: set[str] = set()
    for part in parts:
        text = str(part or "").strip()
        if not text or text.casefold() in seen:
            continue
        written.append(text)
        seen.update(segment.strip().casefold() for segment in text.split(","))
    return ", ".join(written)


@register.simple_tag
def address(*parts):
    """{% address producer.address producer.commune.name district.name %}"""
    return address_parts(*parts)
