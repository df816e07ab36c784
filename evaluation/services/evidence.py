"""Evidence files (minh chứng): upload with the type read from the content, and deletion.

Files are stored under a random name (the user's name is kept only as data) and served only by
the permission-checked download view. Every refusal happens before anything is written, and a
failure after the file is stored removes it again, so a refused upload leaves nothing behind.
"""

import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ocop_portal.core.services import audit_log
from ocop_portal.core.templatetags.ocop import file_size

from ..enums import DossierState, EvidenceTopic, EvidenceType
from ..models import Dossier, EvidenceFile
from ..rules.dossiers import can_prepare_dossier


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    extensions: tuple[str, ...]
    magic: bytes


ALLOWED_KINDS = (
    FileKind("application/pdf", "pdf", ("pdf",), b"%PDF-"),
    FileKind("image/jpeg", "jpg", ("jpg", "jpeg"), b"\xff\xd8\xff"),
    FileKind("image/png", "png", ("png",), b"\x89PNG\r\n\x1a\n"),
)
_CHUNK = 64 * 1024


def sniff_kind(head: bytes) -> FileKind | None:
    """The allowed kind whose signature starts `head`, or None."""
    return next((kind for kind in ALLOWED_KINDS if head.startswith(kind.magic)), None)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _inspect(uploaded) -> tuple[FileKind, str, int]:
    """Check size and content of an uploaded file: (kind, sha256, size) or ValidationError."""
    name = uploaded.name or ""
    size = uploaded.size or 0
    limit = settings.OCOP_MAX_UPLOAD_BYTES
    if size == 0:
        raise ValidationError({"file": _("Tệp “%(name)s” rỗng.") % {"name": name}})
    if size > limit:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” có dung lượng %(size)s, vượt giới hạn %(limit)s.")
                % {"name": name, "size": file_size(size), "limit": file_size(limit)}
            }
        )
    uploaded.seek(0)
    kind = sniff_kind(uploaded.read(16))
    if kind is None:
        raise ValidationError(
            {"file": _("Tệp “%(name)s” không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp).") % {"name": name}}
        )
    if _extension(name) not in kind.extensions:
        raise ValidationError(
            {
                "file": _("Tên tệp “%(name)s” không khớp với nội dung thực (%(kind)s).")
                % {"name": name, "kind": kind.extension.upper()}
            }
        )
    if kind.content_type.startswith("image/"):
        uploaded.seek(0)
        try:
            with Image.open(uploaded) as image:
                image.verify()
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError({"file": _("Ảnh “%(name)s” bị hỏng, không đọc được.") % {"name": name}}) from error
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(_CHUNK), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return kind, digest.hexdigest(), size


def _require_editable(dossier: Dossier, by) -> None:
    if not can_prepare_dossier.test(by, dossier):
        raise PermissionDenied(_("Bạn không có quyền sửa minh chứng của hồ sơ này."))
    if dossier.state not in DossierState.editable_states():
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(state)s”, không thể thay đổi minh chứng.")
            % {"state": dossier.get_state_display()}
        )


def evidence_upload(
    *, dossier: Dossier, evidence_type: str, uploaded, by, valid_until=None, topic: int | None = None
) -> EvidenceFile:
    """Store one evidence file for `dossier`.

    Accepts PDF, JPEG and PNG recognised by their content (the extension must agree), non-empty
    and within settings.OCOP_MAX_UPLOAD_BYTES; `topic` is the row of form 02's evidence table
    (QĐ 26/2026) it supports. Side effects: the file under a uuid name, one
    EvidenceFile row (original name, type, size, sha256), an audit entry.
    """
    _require_editable(dossier, by)
    if evidence_type not in EvidenceType.values:
        raise ValidationError({"evidence_type": _("Loại minh chứng không hợp lệ.")})
    if topic not in (None, "") and int(topic) not in EvidenceTopic.values:
        raise ValidationError({"topic": _("Nội dung minh chứng không có trong Mẫu số 02.")})
    kind, sha256, size = _inspect(uploaded)
    evidence = EvidenceFile(
        dossier=dossier,
        evidence_type=evidence_type,
        topic=int(topic) if topic not in (None, "") else None,
        original_name=(uploaded.name or "")[-255:],
        content_type=kind.content_type,
        size=size,
        sha256=sha256,
        valid_until=valid_until,
        uploaded_by=by,
    )
    evidence.file.save(f"{uuid.uuid4().hex}.{kind.extension}", uploaded, save=False)
    try:
        with transaction.atomic():
            evidence.save()
            audit_log(
                actor=by,
                action="dossier.evidence_upload",
                obj=dossier,
                changes={"evidence": ["", f"{evidence.get_evidence_type_display()}: {evidence.original_name}"]},
                note=sha256,
            )
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def delete_stored_file_unless_shared(storage, name: str) -> None:
    """Remove a stored evidence file once no EvidenceFile row names it any more.

    Carried-over evidence (services/certificates/renewal.py) shares the stored file of its
    source, the decided dossier behind a certificate: the file is reference-counted by the rows
    naming it, and only the last reference's deletion removes it. Run after the deleting
    transaction commits, so a concurrent deletion of the other reference sees this one gone.
    """
    if not EvidenceFile.objects.filter(file=name).exists():
        storage.delete(name)


def evidence_delete(*, evidence: EvidenceFile, by) -> None:
    """Delete an evidence file while its dossier is editable.

    Side effects: the row and an audit entry now; after commit, the stored file unless another
    row (a carried-over copy or its source) still names it.
    """
    _require_editable(evidence.dossier, by)
    storage, name = evidence.file.storage, evidence.file.name
    with transaction.atomic():
        audit_log(
            actor=by,
            action="dossier.evidence_delete",
            obj=evidence.dossier,
            changes={"evidence": [f"{evidence.get_evidence_type_display()}: {evidence.original_name}", ""]},
            note=evidence.sha256,
        )
        evidence.delete()
        transaction.on_commit(lambda: delete_stored_file_unless_shared(storage, name))
