"""Small helpers the registry views share."""

import rules
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ocop_portal.core.forms import add_service_errors

from .. import services
from ..enums import AuditAction
from ..selectors import last_change

PAGE_SIZE = 25


def require(user, permission: str, obj=None) -> None:
    """403 unless the rule allows it (the object has already been found through a selector)."""
    if not rules.has_perm(permission, user, obj):
        raise PermissionDenied


class KeysFirstPaginator(Paginator):
    """Reads a page's primary keys first (walking the ordering index, joining only what the
    filters need), then those rows with their related rows and annotations. A deep page then
    no longer joins and annotates every row it skips: one more query, the same for every page."""

    def _get_page(self, object_list, number, paginator):
        keys = list(object_list.values_list("pk", flat=True))
        return super()._get_page(list(self.object_list.filter(pk__in=keys)), number, paginator)


def paginate(request, queryset):
    return KeysFirstPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def display_value(model, field_name: str, value) -> str:
    """A stored value as a person reads it: choice labels instead of codes, '—' for empty."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:  # audit rows may name pseudo-fields such as "photo"
        field = None
    if field is not None and field.choices:
        value = dict(field.flatchoices).get(value, value)
    text = "" if value is None else str(value)
    return text or "—"


def field_label(model, field_name: str) -> str:
    try:
        return capfirst(model._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:
        return {"photo": _("Ảnh")}.get(field_name, field_name)


def audit_rows(entries) -> list[dict]:
    """Audit entries ready for the trail table: action label, and each change in readable words."""
    labels = dict(AuditAction.choices)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for field_name, values in (entry.changes or {}).items():
            if not isinstance(values, list | tuple) or len(values) != 2:
                changes.append({"label": field_name, "old": "", "new": str(values)})
                continue
            old, new = values
            changes.append(
                {
                    "label": field_label(model, field_name) if model else field_name,
                    "old": display_value(model, field_name, old) if model else old,
                    "new": display_value(model, field_name, new) if model else new,
                }
            )
        rows.append({"entry": entry, "action": labels.get(entry.action, entry.action), "changes": changes})
    return rows


def render_conflict(request, *, record, fields: tuple, submitted: dict, back_url: str):
    """The optimistic-lock refusal: what the user typed next to what the other person saved."""
    model = type(record)
    rows = []
    for field_name in fields:
        if field_name not in submitted:
            continue
        theirs = getattr(record, field_name)
        mine = submitted[field_name]
        rows.append(
            {
                "label": field_label(model, field_name),
                "mine": display_value(model, field_name, mine),
                "theirs": display_value(model, field_name, theirs),
                "differs": str(mine or "") != str(theirs or ""),
            }
        )
    context = {"record": record, "rows": rows, "last_change": last_change(record), "back_url": back_url}
    return render(request, "products/conflict.html", context, status=409)


def save_edit(request, form, *, update, fields: tuple, done_message: str, done_url):
    """The POST half of an edit page with optimistic locking, for a valid `form`: `update(
    expected_version=…, data=…)` saves it. Returns the response to send (the conflict page, or a
    redirect to `done_url` with `done_message`), or None when the service refused the data: its
    errors are then on the form, shown again with what was typed."""
    try:
        update(expected_version=form.cleaned_data["version"], data=form.service_data())
    except services.VersionConflict as conflict:
        return render_conflict(
            request, record=conflict.current, fields=fields, submitted=form.service_data(), back_url=request.path
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done_message)
    return redirect(done_url)
