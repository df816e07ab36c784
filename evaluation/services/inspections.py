"""Post-certification inspections (QĐ 26/2026 Art. 9), led by the province's OCOP office.

- a plan per province and year (`inspection_plan_create`);
- periodic (in the plan of its year) and ad-hoc inspections of a certificate in force, checking
  that the criteria are still met and / or the use of the OCOP mark (`inspection_create`);
- findings with evidence files, checked like a dossier's evidence (`inspection_finding_add`);
- the conclusion, whose date starts the 15-day revocation clock (`inspection_conclude`);
- public misuse reports opened into or linked to an inspection of their certificate;
- a breach whose Art. 8 ground (b)–(d) leads straight to a revocation decision, through the
  revocation service (competence by stars, the 15-day clock) (`inspection_finding_revoke`).

Every refusal is a translated ValidationError (or PermissionDenied) raised before anything is
written; writes are audited.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log, notify

from ..enums import CertificateStatus, Level, RevocationGround
from ..models import Certificate, FindingFile, Inspection, InspectionFinding, InspectionPlan, MisuseReport
from ..models.inspections import FINDING_GROUNDS, FindingSubject, InspectionKind, InspectionState
from ..rules.inspections import can_manage_inspection
from .certificates.revocation import (
    certificates_revoke_by_decision,
    grounds_for,
    revocation_clock_days,
    revoking_level,
)
from .certificates.status import format_date
from .evidence import _inspect as check_upload  # the one upload check (content, size, images)

MAX_FILES_PER_FINDING = 10


def _require(by, obj) -> None:
    if not can_manage_inspection.test(by, obj):
        raise PermissionDenied(_("Chỉ cán bộ Sở của tỉnh đã cấp giấy chứng nhận được quản lý việc kiểm tra này."))


def _clean_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- plans ------------------------------------------------------------------------------------


def inspection_plan_create(*, province, year: int, title: str, by, note: str = "") -> InspectionPlan:
    """The province's plan of inspections for `year` (one per province and year).

    Side effects: one InspectionPlan row and its audit entry."""
    plan = InspectionPlan(
        province=province,
        year=year,
        title=_clean_text(title, "title", _("Hãy ghi tên kế hoạch.")),
        note=(note or "").strip(),
        created_by=by,
    )
    _require(by, plan)
    plan.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
            audit_log(actor=by, action="inspection_plan.create", obj=plan, changes={"year": ["", str(year)]})
    except IntegrityError as error:
        raise ValidationError({"year": _("Năm %(year)s đã có kế hoạch kiểm tra.") % {"year": year}}) from error
    return plan


# --- inspections ------------------------------------------------------------------------------


def _last_day_in_force(certificate: Certificate) -> datetime.date:
    return certificate.extended_until or certificate.valid_until


def _check_new_inspection(certificate, kind, plan, planned_on, checks_criteria, checks_mark) -> None:
    if kind not in InspectionKind.values:
        raise ValidationError({"kind": _("Hình thức kiểm tra không hợp lệ.")})
    if certificate.status not in CertificateStatus.in_force():
        raise ValidationError(
            {
                "certificate": _(
                    "Giấy chứng nhận %(number)s đang ở trạng thái “%(status)s”: chỉ kiểm tra sản phẩm có giấy "
                    "chứng nhận còn hiệu lực."
                )
                % {"number": certificate.number, "status": certificate.get_status_display()}
            }
        )
    if not (checks_criteria or checks_mark):
        raise ValidationError(
            _("Hãy chọn ít nhất một nội dung kiểm tra: duy trì tiêu chí hoặc sử dụng biểu trưng OCOP.")
        )
    first, last = certificate.valid_from, _last_day_in_force(certificate)
    if not first <= planned_on <= last:
        raise ValidationError(
            {
                "planned_on": _("Ngày kiểm tra phải trong thời hạn hiệu lực của giấy chứng nhận (%(start)s – %(end)s).")
                % {"start": format_date(first), "end": format_date(last)}
            }
        )
    if kind == InspectionKind.PERIODIC and plan is None:
        raise ValidationError({"plan": _("Kiểm tra định kỳ phải thuộc kế hoạch kiểm tra của năm.")})
    if plan is not None:
        if plan.province_id != certificate.province_id:
            raise ValidationError({"plan": _("Kế hoạch kiểm tra phải của tỉnh đã cấp giấy chứng nhận.")})
        if planned_on.year != plan.year:
            raise ValidationError(
                {"planned_on": _("Ngày kiểm tra phải trong năm của kế hoạch (%(year)s).") % {"year": plan.year}}
            )


def inspection_create(
    *,
    certificate: Certificate,
    kind: str,
    planned_on: datetime.date,
    lead: str,
    by,
    plan: InspectionPlan | None = None,
    checks_criteria: bool = True,
    checks_mark: bool = True,
    misuse_report: MisuseReport | None = None,
) -> Inspection:
    """Plan one inspection of a certificate in force, on a day it is in force.

    A periodic inspection belongs to the plan of its year; an ad-hoc one may (e.g. one opened for a
    public misuse report, which is then linked to it). Side effects: one Inspection row, the
    report's link, audit entries. Raises PermissionDenied unless `by` is staff of the certificate's
    province."""
    _require(by, certificate)
    _check_new_inspection(certificate, kind, plan, planned_on, checks_criteria, checks_mark)
    if misuse_report is not None:
        _check_report(misuse_report, certificate)
    inspection = Inspection(
        plan=plan,
        certificate=certificate,
        province_id=certificate.province_id,
        kind=kind,
        checks_criteria=checks_criteria,
        checks_mark=checks_mark,
        planned_on=planned_on,
        lead=_clean_text(lead, "lead", _("Hãy ghi đơn vị chủ trì, phối hợp.")),
        created_by=by,
    )
    inspection.full_clean()
    with transaction.atomic():
        inspection.save()
        changes = {"kind": ["", kind], "planned_on": ["", planned_on.isoformat()]}
        audit_log(actor=by, action="inspection.create", obj=inspection, changes=changes, note=certificate.number)
        if misuse_report is not None:
            _link(misuse_report, inspection, by)
    return inspection


def _check_report(report: MisuseReport, certificate: Certificate) -> None:
    if report.certificate_id != certificate.pk:
        raise ValidationError(
            {
                "misuse_report": _("Phản ánh này không về giấy chứng nhận của lần kiểm tra (%(number)s).")
                % {"number": certificate.number}
            }
        )
    if report.inspection_id is not None:
        raise ValidationError({"misuse_report": _("Phản ánh này đã gắn với một lần kiểm tra khác.")})


def _link(report: MisuseReport, inspection: Inspection, by) -> None:
    report.inspection = inspection
    report.handled = True
    report.save(update_fields=["inspection", "handled"])
    audit_log(
        actor=by,
        action="certificate.misuse_report_inspection",
        obj=report,
        changes={"inspection": ["", str(inspection.pk)], "handled": ["False", "True"]},
    )


def misuse_report_link(*, report: MisuseReport, inspection: Inspection, by) -> MisuseReport:
    """Link a public misuse report to an inspection of its certificate (the report is then
    handled). Side effects: the report's link and flag, one audit entry."""
    _require(by, inspection)
    if report.certificate_id is None:
        raise ValidationError(_("Phản ánh không gắn với giấy chứng nhận nào nên không gắn được với lần kiểm tra."))
    _check_report(report, inspection.certificate)
    with transaction.atomic():
        _link(report, inspection, by)
    return report


def inspection_open_for_report(*, report: MisuseReport, planned_on: datetime.date, lead: str, by) -> Inspection:
    """An ad-hoc inspection of the reported certificate's use of the mark, linked to the report."""
    if report.certificate_id is None:
        raise ValidationError(_("Phản ánh không gắn với giấy chứng nhận nào nên không mở được kiểm tra."))
    return inspection_create(
        certificate=report.certificate,
        kind=InspectionKind.AD_HOC,
        planned_on=planned_on,
        lead=lead,
        by=by,
        checks_criteria=False,
        checks_mark=True,
        misuse_report=report,
    )


# --- findings ---------------------------------------------------------------------------------


def _require_open(inspection: Inspection) -> None:
    if inspection.state != InspectionState.PLANNED:
        raise ValidationError(_("Lần kiểm tra đã có kết luận, không thể thêm phát hiện."))


def inspection_finding_add(
    *,
    inspection: Inspection,
    subject: str,
    breach: bool,
    description: str,
    by,
    proposed_ground: str = "",
    files=(),
) -> InspectionFinding:
    """Record one finding with its evidence files (PDF, JPEG, PNG, checked by content like a
    dossier's evidence; at most MAX_FILES_PER_FINDING). Only a breach may propose a revocation
    ground, one of Art. 8 (b)–(d) open to the certificate today.

    Side effects: the finding, its files (stored under random names) and an audit entry; a refused
    file refuses the whole finding and nothing is stored."""
    _require(by, inspection)
    _require_open(inspection)
    if subject not in FindingSubject.values:
        raise ValidationError({"subject": _("Nội dung kiểm tra không hợp lệ.")})
    description = _clean_text(description, "description", _("Hãy ghi nội dung phát hiện."))
    if proposed_ground:
        if not breach:
            raise ValidationError(
                {"proposed_ground": _("Chỉ đề xuất căn cứ thu hồi khi phát hiện có vi phạm, không đạt.")}
            )
        if proposed_ground not in FINDING_GROUNDS or proposed_ground not in grounds_for(
            inspection.certificate, timezone.localdate()
        ):
            raise ValidationError(
                {"proposed_ground": _("Căn cứ thu hồi từ kết quả kiểm tra là Điều 8 điểm b, c hoặc d.")}
            )
    files = list(files)
    if len(files) > MAX_FILES_PER_FINDING:
        raise ValidationError(
            {"files": _("Tối đa %(count)s tệp cho một phát hiện.") % {"count": MAX_FILES_PER_FINDING}}
        )
    checked = [(uploaded, *check_upload(uploaded)) for uploaded in files]
    finding = InspectionFinding(
        inspection=inspection,
        subject=subject,
        breach=bool(breach),
        description=description,
        proposed_ground=proposed_ground,
        created_by=by,
    )
    finding.full_clean()
    stored: list[FindingFile] = []
    try:
        with transaction.atomic():
            finding.save()
            for uploaded, kind, sha256, size in checked:
                record = FindingFile(
                    finding=finding,
                    original_name=(uploaded.name or "")[-255:],
                    content_type=kind.content_type,
                    size=size,
                    sha256=sha256,
                    uploaded_by=by,
                )
                record.file.save(f"{uuid.uuid4().hex}.{kind.extension}", uploaded, save=False)
                stored.append(record)
                record.save()
            audit_log(
                actor=by,
                action="inspection.finding_add",
                obj=inspection,
                changes={"finding": ["", f"{finding.get_subject_display()}: {description[:120]}"]},
                note=" ".join(record.sha256 for record in stored),
            )
    except Exception:
        for record in stored:
            record.file.delete(save=False)
        raise
    return finding


# --- conclusion -------------------------------------------------------------------------------


def inspection_conclude(
    *, inspection: Inspection, concluded_on: datetime.date, conclusion: str, by, today: datetime.date | None = None
) -> Inspection:
    """Record the inspection's conclusion, dated no earlier than the inspection and no later than
    today: the date an Art. 8 revocation's 15-day clock starts from. The producer's users are told.

    Side effects: the inspection's state, date and text, one audit entry, notifications."""
    _require(by, inspection)
    _require_open(inspection)
    today = today or timezone.localdate()
    conclusion = _clean_text(conclusion, "conclusion", _("Hãy ghi kết luận kiểm tra."))
    if not inspection.planned_on <= concluded_on <= today:
        raise ValidationError(
            {
                "concluded_on": _("Ngày kết luận phải từ ngày kiểm tra đến hôm nay (%(start)s – %(end)s).")
                % {"start": format_date(inspection.planned_on), "end": format_date(today)}
            }
        )
    with transaction.atomic():
        locked = Inspection.objects.select_for_update(no_key=True).get(pk=inspection.pk)
        _require_open(locked)
        inspection.state = InspectionState.CONCLUDED
        inspection.concluded_on = concluded_on
        inspection.conclusion = conclusion
        inspection.save(update_fields=["state", "concluded_on", "conclusion"])
        audit_log(
            actor=by,
            action="inspection.conclude",
            obj=inspection,
            changes={
                "state": [InspectionState.PLANNED, InspectionState.CONCLUDED],
                "concluded_on": ["", concluded_on.isoformat()],
            },
        )
        _notify_producer(inspection)
    return inspection


def _notify_producer(inspection: Inspection) -> None:
    from ocop_portal.accounts.models import User

    certificate = inspection.certificate
    users = User.objects.filter(is_active=True, producer_membership__producer_id=certificate.producer_id)
    notify(
        recipients=users,
        subject=_("Kết luận kiểm tra sản phẩm OCOP %(product)s") % {"product": certificate.product.name},
        body=inspection.conclusion[:500],
        url=reverse("evaluation:inspection_detail", args=[inspection.pk]),
    )


# --- revocation from a finding ----------------------------------------------------------------


def finding_revocation_initial(finding: InspectionFinding, today: datetime.date | None = None) -> dict:
    """What a revocation decision from this finding starts with: its ground, the conclusion date,
    the body that decides (the Ministry for 5★) and a note naming the conclusion."""
    inspection = finding.inspection
    central = revoking_level(inspection.certificate) != Level.PROVINCE
    note = _("Kết luận kiểm tra ngày %(date)s: %(finding)s") % {
        "date": format_date(inspection.concluded_on) if inspection.concluded_on else "",
        "finding": finding.description,
    }
    return {
        "ground": finding.proposed_ground,
        "concluded_on": inspection.concluded_on,
        "decision_date": today or timezone.localdate(),
        "decision_authority": _("Bộ Nông nghiệp và Môi trường") if central else _("Ủy ban nhân dân tỉnh"),
        "note": note[:2000],
    }


def finding_revocation_deadline(finding: InspectionFinding, today: datetime.date | None = None) -> datetime.date | None:
    """The last day a revocation decision on the finding's ground may be dated: the conclusion
    date plus the framework's revocation clock (15 days under QĐ 26/2026), or None (no ground, not
    concluded, or a ground without a clock)."""
    concluded_on = finding.inspection.concluded_on
    if not (finding.proposed_ground and concluded_on):
        return None
    days = revocation_clock_days(finding.proposed_ground, today or timezone.localdate())
    return concluded_on + datetime.timedelta(days=days) if days is not None else None


def finding_can_lead_to_revocation(finding: InspectionFinding) -> bool:
    return bool(
        finding.breach
        and finding.proposed_ground
        and finding.revocation_decision_id is None
        and finding.inspection.state == InspectionState.CONCLUDED
        and finding.inspection.certificate.status in CertificateStatus.in_force()
    )


def inspection_finding_revoke(
    *,
    finding: InspectionFinding,
    decision_number: str,
    decision_date: datetime.date,
    decision_signer: str,
    decision_authority: str,
    note: str,
    by,
) -> Certificate:
    """Revoke the inspected certificate on the finding's Art. 8 ground, the inspection's
    conclusion date being the one the 15-day clock runs from (`certificates_revoke_by_decision`:
    the province decides 3★/4★, a 5★ revocation is recorded as the Ministry's).

    Side effects: those of the revocation service, the finding's link to the decision and one
    audit entry — all or nothing."""
    inspection = finding.inspection
    _require(by, inspection)
    if inspection.state != InspectionState.CONCLUDED:
        raise ValidationError(_("Chỉ thu hồi sau khi lần kiểm tra có kết luận."))
    if not (finding.breach and finding.proposed_ground):
        raise ValidationError(_("Phát hiện này không đề xuất căn cứ thu hồi."))
    if finding.revocation_decision_id is not None:
        raise ValidationError(_("Đã có quyết định thu hồi từ phát hiện này."))
    with transaction.atomic():
        [certificate] = certificates_revoke_by_decision(
            certificates=[inspection.certificate],
            decision_number=decision_number,
            decision_date=decision_date,
            decision_signer=decision_signer,
            decision_authority=decision_authority,
            ground=finding.proposed_ground,
            note=note,
            by=by,
            concluded_on=inspection.concluded_on,
        )
        finding.revocation_decision = certificate.revocation_decision
        finding.save(update_fields=["revocation_decision"])
        audit_log(
            actor=by,
            action="inspection.finding_revocation",
            obj=inspection,
            changes={"revocation_decision": ["", str(certificate.revocation_decision)]},
            note=RevocationGround(finding.proposed_ground).label,
        )
    return certificate
