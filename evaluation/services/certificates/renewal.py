"""Renewal: evidence still valid carried over into a re-evaluation or upgrade dossier."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from ...enums import DossierKind, DossierState
from ...models import Certificate, Dossier, EvidenceFile
from ...rules.dossiers import can_prepare_dossier


def evidence_carry_over(*, dossier: Dossier, by) -> list[EvidenceFile]:
    """Copy into a re-evaluation/upgrade dossier the evidence of the renewed certificate's dossier
    that is still valid (no end date, or one after today). The copies reference the same stored
    file (nothing is uploaded again) and point to their source. Idempotent: a source already
    carried into this dossier is skipped.

    Side effects: EvidenceFile rows and one audit entry. Raises PermissionDenied when `by` may not
    prepare the dossier, ValidationError when it renews nothing or can no longer be edited.
    """
    if not can_prepare_dossier.test(by, dossier):
        raise PermissionDenied(_("Bạn không có quyền chuẩn bị hồ sơ này."))
    if dossier.kind not in (DossierKind.REEVALUATION, DossierKind.UPGRADE) or dossier.renews_certificate_id is None:
        raise ValidationError(
            _("Chỉ hồ sơ đánh giá lại hoặc nâng hạng gắn với một giấy chứng nhận mới dùng lại minh chứng.")
        )
    if dossier.state not in DossierState.editable_states():
        raise ValidationError(_("Hồ sơ không còn ở trạng thái được bổ sung minh chứng."))
    source_dossier_id = Certificate.objects.values_list("dossier_id", flat=True).get(pk=dossier.renews_certificate_id)
    if source_dossier_id is None:
        return []
    today = timezone.localdate()
    already = EvidenceFile.objects.filter(dossier=dossier, carried_over_from=OuterRef("pk"))
    sources = (
        EvidenceFile.objects.filter(dossier_id=source_dossier_id)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=today))
        .exclude(Exists(already))
        .order_by("id")
    )
    with transaction.atomic():
        copies = EvidenceFile.objects.bulk_create(
            [
                EvidenceFile(
                    dossier=dossier,
                    evidence_type=source.evidence_type,
                    topic=source.topic,
                    file=source.file.name,
                    original_name=source.original_name,
                    content_type=source.content_type,
                    size=source.size,
                    sha256=source.sha256,
                    valid_until=source.valid_until,
                    carried_over_from=source,
                    uploaded_by=by,
                )
                for source in sources
            ]
        )
        if copies:
            audit_log(
                actor=by,
                action="dossier.evidence_carried_over",
                obj=dossier,
                changes={"evidence": ["", ", ".join(copy.original_name for copy in copies)]},
            )
    return copies
