"""The province's advisory team (tổ tư vấn / tổ giúp việc, QĐ 26/2026 Art. 7.3): it reviews each
dossier, visits sites, may ask for extra tests and writes its assessment report to the council's
chair. Its members are the support-team seats of a provincial council the dossier is assigned to;
the province's OCOP office (province staff) records for it as well.

A framework names the product groups whose dossiers need a site visit before the council may
score (`procedure.site_visit_groups`: group VI, tourism services, under QĐ 26/2026): no member's
card is submitted and no result closed at the province without one.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from ..enums import AdvisoryKind, DossierState, Level, MemberRole
from ..models import AdvisoryRecord, CouncilMember, Dossier

# The states in which a dossier is at (or has passed through) the province's council.
ADVISORY_STATES = (DossierState.ACCEPTED, DossierState.FORWARDED, DossierState.IN_SCORING, DossierState.SCORED)


def advises(user, dossier: Dossier) -> bool:
    """Province staff of the dossier's province, or a support-team seat on a provincial council
    the dossier is assigned to."""
    if not user.is_authenticated:
        return False
    if user.staff_province_id and user.staff_province_id == dossier.province_id:
        return True
    return CouncilMember.objects.filter(
        user=user,
        active=True,
        is_support_team=True,
        council__level=Level.PROVINCE,
        council__assignments__dossier_id=dossier.pk,
    ).exists()


def at_the_province(dossier: Dossier) -> bool:
    return dossier.state in ADVISORY_STATES and dossier.current_level in (Level.PROVINCE, Level.CENTRAL)


def site_visit_required(dossier: Dossier) -> bool:
    """The dossier's product set belongs to a group its framework requires a site visit for."""
    groups = (dossier.round.framework.procedure or {}).get("site_visit_groups") or []
    return bool(groups) and dossier.sheet.product_set.group.code in groups


def has_site_visit(dossier: Dossier) -> bool:
    return AdvisoryRecord.objects.filter(dossier=dossier, kind=AdvisoryKind.SITE_VISIT).exists()


def check_site_visit(dossier: Dossier, level: str) -> None:
    """Refuse scoring at the province before the required site visit (ValidationError)."""
    if level != Level.PROVINCE:
        return
    dossier = Dossier.objects.select_related("round__framework", "sheet__product_set__group").get(pk=dossier.pk)
    if site_visit_required(dossier) and not has_site_visit(dossier):
        raise ValidationError(
            _(
                "Sản phẩm dịch vụ du lịch: tổ tư vấn phải khảo sát thực tế trước khi Hội đồng chấm điểm "
                "(hồ sơ chưa có biên bản khảo sát thực tế)."
            ),
            code="site_visit_required",
        )


def open_test_requests(dossier: Dossier):
    """The extra tests asked for that have no result yet."""
    return AdvisoryRecord.objects.filter(dossier=dossier, kind=AdvisoryKind.TEST_REQUEST, results__isnull=True)


def advisory_record(
    *,
    dossier: Dossier,
    kind: str,
    on: datetime.date,
    text: str,
    by,
    answers: AdvisoryRecord | None = None,
) -> AdvisoryRecord:
    """Record one step of the advisory team on `dossier`.

    Side effects: one AdvisoryRecord and an audit entry. Raises PermissionDenied for someone
    outside the team, ValidationError (nothing written) for a dossier not at the province, an
    empty text, a date in the future, or a test result that answers no open request of this
    dossier.
    """
    if not advises(by, dossier):
        raise PermissionDenied(_("Chỉ tổ tư vấn, tổ giúp việc của Hội đồng tỉnh ghi nhận bước này."))
    if kind not in AdvisoryKind.values:
        raise ValidationError({"kind": _("Loại ghi nhận không hợp lệ.")})
    if not at_the_province(dossier):
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(state)s”, chưa (hoặc không còn) ở bước của Hội đồng tỉnh.")
            % {"state": dossier.get_state_display()}
        )
    if not (text or "").strip():
        raise ValidationError({"text": _("Hãy ghi nội dung.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("Ngày ghi nhận không được sau hôm nay.")})
    if kind == AdvisoryKind.TEST_RESULT:
        if answers is None or not open_test_requests(dossier).filter(pk=answers.pk).exists():
            raise ValidationError({"answers": _("Hãy chọn đề nghị kiểm nghiệm chưa có kết quả của hồ sơ này.")})
    else:
        answers = None
    with transaction.atomic():
        record = AdvisoryRecord.objects.create(
            dossier=dossier, kind=kind, on=on, text=text.strip(), answers=answers, by=by
        )
        audit_log(
            actor=by,
            action=f"advisory.{kind}",
            obj=dossier,
            changes={"record": record.pk, "on": on.isoformat(), **({"answers": answers.pk} if answers else {})},
        )
        if kind == AdvisoryKind.REPORT:
            _send_report_to_the_chair(dossier, record)
    return record


def _send_report_to_the_chair(dossier: Dossier, record: AdvisoryRecord) -> None:
    """The report goes to the chair of each provincial council the dossier is before."""
    from django.urls import reverse

    from ocop_portal.core.services import notify

    chairs = [
        seat.user
        for seat in CouncilMember.objects.filter(
            active=True,
            role=MemberRole.CHAIR,
            council__level=Level.PROVINCE,
            council__assignments__dossier_id=dossier.pk,
        ).select_related("user")
    ]
    if chairs:
        notify(
            recipients=chairs,
            subject=_("Báo cáo của tổ tư vấn về hồ sơ “%(product)s” (%(date)s)")
            % {"product": dossier.product.name, "date": record.on.strftime("%d/%m/%Y")},
            body=record.text,
            url=reverse("evaluation:dossier_detail", args=[dossier.pk]),
        )
