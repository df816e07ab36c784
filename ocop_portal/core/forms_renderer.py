"""The portal's form renderer: Django's own widgets from their Jinja2 templates, any other widget
template (the admin's and django.contrib.auth's ship only template-language ones) from the
template language.

Django's `Jinja2` renderer alone looks in `jinja2/` directories only, so the admin's widgets
(`admin/widgets/foreign_key_raw_id.html`, `auth/widgets/read_only_password_hash.html`, …) were
not found and every admin change page with one of them answered 500.
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.translation import gettext

# Django's empty choice (ModelChoiceField.empty_label, BLANK_CHOICE_DASH)
DASHES = "---------"


def empty_choice_label(attrs: dict) -> str:
    """What the empty choice of a select says: "Tất cả" in a list's filters (which mark their
    selects with data-empty-label), "Chọn…" in a form (issue 19, item 8)."""
    return attrs.get("data-empty-label") or gettext("Chọn…")


def relabel_empty_choice(widget: dict) -> None:
    """Rewrite Django's "---------" empty option of a select widget's context in place."""
    for _group, options, _index in widget.get("optgroups") or ():
        for option in options:
            if option["label"] == DASHES and option["value"] in ("", None):
                option["label"] = empty_choice_label(widget.get("attrs") or {})


class PortalFormRenderer(Jinja2):
    def __init__(self):
        super().__init__()
        self._template_language = DjangoTemplates()
        # Names known to exist only as template-language templates: the miss is not searched again.
        self._not_in_jinja2: set[str] = set()

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict) and "optgroups" in widget:
            relabel_empty_choice(widget)
        return super().render(template_name, context, request=request)

    def get_template(self, template_name):
        if template_name not in self._not_in_jinja2:
            try:
                return super().get_template(template_name)
            except TemplateDoesNotExist:
                self._not_in_jinja2.add(template_name)
        return self._template_language.get_template(template_name)
