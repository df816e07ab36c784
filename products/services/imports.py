"""Importing a provincial register: a dry-run preview first, then an all-or-nothing commit."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from ..enums import AuditAction, ImportState
from ..importing import ImportPlan, plan_import
from ..models import RegistryImport
from ..register_file import read_table
from ..validators import upload_limit_text
from .registry import VersionConflict, producer_create, producer_update, product_create, product_update


def registry_import_preview(*, actor, province, file_name: str, content: bytes, max_bytes: int) -> RegistryImport:
    """Check a register file against the province's registry without changing it.

    Raises ValidationError (code "bad_file") when the file itself is unusable; nothing is stored
    then. Otherwise stores the file and its row-by-row report as a RegistryImport, PREVIEWED when
    it can be committed, FAILED when some rows are wrong. Side effects: that one row.
    """
    if len(content) > max_bytes:
        raise ValidationError(
            _("Tệp lớn hơn giới hạn cho phép (%(limit)s).") % {"limit": upload_limit_text()}, code="bad_file"
        )
    rows = read_table(content, file_name)
    plan = plan_import(rows, province)
    registry_import = RegistryImport(
        uploaded_by=actor,
        province=province,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        state=ImportState.FAILED if plan.errors else ImportState.PREVIEWED,
        report=plan.report(),
    )
    registry_import.save()
    return registry_import


def registry_import_commit(*, registry_import: RegistryImport, actor) -> RegistryImport:
    """Apply a previewed import in one transaction, or nothing at all.

    The file is checked again against the registry as it is now (it may have changed since the
    preview); any error marks the import FAILED and writes nothing else. Side effects: the
    producers and products created or updated (each with its audit entry), the import marked
    COMMITTED, one audit entry for the import.
    """
    with transaction.atomic():
        locked = RegistryImport.objects.select_for_update(no_key=True).get(pk=registry_import.pk)
        if locked.state != ImportState.PREVIEWED:
            raise ValidationError(_("Chỉ có thể ghi một lần nhập đã kiểm tra thử và không có lỗi."), code="state")
        plan = plan_import(read_table(bytes(locked.content), locked.file_name), locked.province)
        if not plan.errors:
            try:
                with transaction.atomic():
                    _apply(plan, actor=actor, note=_("Nhập từ tệp “%(name)s”") % {"name": locked.file_name})
            except (ValidationError, VersionConflict) as error:
                plan.error(None, "", _("Không ghi được: %(error)s") % {"error": _error_text(error)})
        locked.report = plan.report()
        if plan.errors:
            locked.state = ImportState.FAILED
            locked.save(update_fields=["state", "report"])
            return locked
        locked.state = ImportState.COMMITTED
        locked.committed_at = timezone.now()
        locked.save(update_fields=["state", "report", "committed_at"])
        audit_log(actor=actor, action=AuditAction.IMPORT_COMMITTED, obj=locked, changes=locked.report["counts"])
    return locked


def _error_text(error) -> str:
    if isinstance(error, VersionConflict):
        return _("“%(record)s” vừa được người khác sửa; hãy kiểm tra thử lại.") % {"record": error.current}
    return " ".join(error.messages)


def _apply(plan: ImportPlan, *, actor, note: str) -> None:
    producers = {}
    for registration, producer_plan in plan.producers.items():
        values = producer_plan.values
        if producer_plan.action == "create":
            producers[registration] = producer_create(actor=actor, note=note, **values)
        elif producer_plan.action == "update":
            producers[registration] = producer_update(
                producer=producer_plan.existing,
                actor=actor,
                expected_version=producer_plan.existing.version,
                data={field: values[field] for field in producer_plan.changed},
                note=note,
            )
        else:
            producers[registration] = producer_plan.existing
    for product_plan in plan.products.values():
        values = product_plan.values
        if product_plan.action == "create":
            product_create(actor=actor, producer=producers[product_plan.registration_number], note=note, **values)
        elif product_plan.action == "update":
            product_update(
                product=product_plan.existing,
                actor=actor,
                expected_version=product_plan.existing.version,
                data={field: values[field] for field in product_plan.changed},
                note=note,
            )
