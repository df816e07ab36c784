"""Writes to the reference data: product groups and product sets, per legal framework."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.accounts.rules import require_shared_reference_editor
from ocop_portal.core.services import audit_log, model_changes, snapshot

from ..models import ProductGroup, ProductSet
from ..validators import normalise_spaces

NAME_FIELDS = ("name", "name_en")
SET_CREATE_FIELDS = ("code", "name", "name_en", "subgroup_code", "subgroup_name")


class ReferenceAuditAction(models.TextChoices):
    """Audit-log action codes for the reference data (core.AuditEntry.action)."""

    GROUP_UPDATED = "product_group.updated", gettext_lazy("Sửa nhóm sản phẩm")
    SET_CREATED = "product_set.created", gettext_lazy("Thêm bộ sản phẩm")
    SET_UPDATED = "product_set.updated", gettext_lazy("Sửa bộ sản phẩm")


def _check_group_name_unique(group: ProductGroup) -> None:
    clash = (
        ProductGroup.objects.filter(framework_code=group.framework_code, name__iexact=group.name)
        .exclude(pk=group.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {"name": _("Tên này đã dùng cho nhóm “%(group)s” của cùng khung pháp lý.") % {"group": clash}},
            code="duplicate_group_name",
        )


def _check_set_unique(product_set: ProductSet) -> None:
    same_framework = ProductSet.objects.filter(framework_code=product_set.framework_code).exclude(pk=product_set.pk)
    clash = same_framework.filter(code__iexact=product_set.code).first()
    if clash is not None:
        raise ValidationError(
            {"code": _("Mã %(code)s đã dùng cho bộ sản phẩm “%(set)s”.") % {"code": product_set.code, "set": clash}},
            code="duplicate_set_code",
        )
    clash = same_framework.filter(name__iexact=product_set.name).first()
    if clash is not None:
        raise ValidationError(
            {"name": _("Tên này đã dùng cho bộ sản phẩm “%(set)s” của cùng khung pháp lý.") % {"set": clash}},
            code="duplicate_set_name",
        )


def _tidy(obj, fields) -> None:
    for field in fields:
        setattr(obj, field, normalise_spaces(getattr(obj, field)))


def product_group_update(*, group: ProductGroup, actor, name: str, name_en: str = "") -> ProductGroup:
    """Rename a product group (Vietnamese and English names; the code stays).

    Saving identical values writes nothing. Side effects: the ProductGroup row and one audit entry.
    """
    require_shared_reference_editor(actor)
    with transaction.atomic():
        current = ProductGroup.objects.select_for_update(no_key=True).get(pk=group.pk)
        before = snapshot(current, NAME_FIELDS)
        current.name, current.name_en = name, name_en
        _tidy(current, NAME_FIELDS)
        _check_group_name_unique(current)
        current.full_clean()
        changes = model_changes(before, current, NAME_FIELDS)
        if changes:
            current.save(update_fields=list(changes))
            audit_log(actor=actor, action=ReferenceAuditAction.GROUP_UPDATED, obj=current, changes=changes)
    return current


def product_set_update(*, product_set: ProductSet, actor, name: str, name_en: str = "") -> ProductSet:
    """Rename a product set (the code, and so the score sheets bound to it, stay).

    Saving identical values writes nothing. Side effects: the ProductSet row and one audit entry.
    """
    require_shared_reference_editor(actor)
    with transaction.atomic():
        current = ProductSet.objects.select_for_update(no_key=True).get(pk=product_set.pk)
        before = snapshot(current, NAME_FIELDS)
        current.name, current.name_en = name, name_en
        _tidy(current, NAME_FIELDS)
        _check_set_unique(current)
        current.full_clean()
        changes = model_changes(before, current, NAME_FIELDS)
        if changes:
            current.save(update_fields=list(changes))
            audit_log(actor=actor, action=ReferenceAuditAction.SET_UPDATED, obj=current, changes=changes)
    return current


def product_set_create(
    *,
    group: ProductGroup,
    actor,
    code: str,
    name: str,
    name_en: str = "",
    subgroup_code: str = "",
    subgroup_name: str = "",
) -> ProductSet:
    """Add a product set to `group`, under the group's legal framework.

    Side effects: one ProductSet row and one audit entry.
    """
    require_shared_reference_editor(actor)
    product_set = ProductSet(
        framework_code=group.framework_code,
        group=group,
        code=code,
        name=name,
        name_en=name_en,
        subgroup_code=subgroup_code,
        subgroup_name=subgroup_name,
    )
    _tidy(product_set, SET_CREATE_FIELDS)
    _check_set_unique(product_set)
    product_set.full_clean()
    with transaction.atomic():
        product_set.save()
        created = model_changes({}, product_set, SET_CREATE_FIELDS)
        changes = {field: change for field, change in created.items() if change[1]}
        audit_log(actor=actor, action=ReferenceAuditAction.SET_CREATED, obj=product_set, changes=changes)
    return product_set
