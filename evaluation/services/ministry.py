"""The 5★ dossier to the Ministry under QĐ 26/2026 (Art. 6.3, 7.3, 7.4).

A dossier whose provincial result is gated 5★ is forwarded to the Ministry's level by the council's
closing (routing by the gated stars, scoring.route). Under a framework with
`procedure.ministry_package`, three steps of the province's follow, in order:

1. the provincial chairman approves the result (`five_star_approve`: number, date, signer);
2. the province sends the 5★ dossier as one package (`five_star_send`): its letter, the advisory
   team's report, the council's report (minutes), the approval decision, the dossier and the
   extra test results — refused with the list of what is missing (`package_missing`);
3. the Ministry's outcome is recorded (`decisions.central_outcome_record`): granted → the 5★
   decision and certificate; not granted → the Ministry's score and the stars its result
   supports, on which the province certifies 3★/4★ by its own decision (Art. 7.4), or nothing
   when the result supports no recognised stars (the dossier ends "not recognised").

`dossier_standing` says, for any dossier, where it stands: decided, not recognised, or which level
acts next — the table-driven tests check that no dossier ends where no level can act.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from .. import scoring
from ..enums import AdvisoryKind, AssignmentState, DossierState, JobKind, Level, MinistryOutcome, Outcome
from ..models import AdvisoryRecord, CouncilAssignment, Dossier, MinistrySubmission
from .advisory import has_site_visit, open_test_requests, site_visit_required
from .transitions import dossiers_lock


def package_required(dossier: Dossier) -> bool:
    return bool((dossier.round.framework.procedure or {}).get("ministry_package"))


def _is_province_staff(user, dossier: Dossier) -> bool:
    return bool(user.is_authenticated and user.staff_province_id and user.staff_province_id == dossier.province_id)


def _provincial_result(dossier: Dossier) -> CouncilAssignment | None:
    return (
        CouncilAssignment.objects.filter(dossier=dossier, level=Level.PROVINCE, state=AssignmentState.CLOSED)
        .order_by("-closed_at", "-id")
        .first()
    )


def waiting_for_the_ministry(dossier: Dossier) -> bool:
    """Forwarded to the last level as potential 5★ by the province's council."""
    result = _provincial_result(dossier)
    return bool(
        dossier.state == DossierState.FORWARDED
        and dossier.current_level == Level.CENTRAL
        and result is not None
        and result.outcome == Outcome.FORWARD
    )


def submission_of(dossier: Dossier) -> MinistrySubmission | None:
    return MinistrySubmission.objects.filter(dossier=dossier).first()


def five_star_approve(*, dossier: Dossier, number: str, date: datetime.date, signer: str, by) -> MinistrySubmission:
    """Record the provincial chairman's approval of a potential 5★ result (Art. 7.3).

    Side effects: a MinistrySubmission and an audit entry. Raises PermissionDenied for anyone but
    the province's staff, ValidationError (nothing written) for a dossier not waiting for the
    Ministry, an approval already recorded, a missing number or signer, a date in the future.
    """
    dossier = Dossier.objects.select_related("round__framework", "product").get(pk=dossier.pk)
    if not _is_province_staff(by, dossier):
        raise PermissionDenied(_("Chỉ cán bộ Sở của tỉnh ghi nhận phê duyệt của Chủ tịch UBND tỉnh."))
    if not waiting_for_the_ministry(dossier):
        raise ValidationError(_("Hồ sơ không phải hồ sơ tiềm năng 5 sao chờ gửi Bộ."))
    errors = {}
    if not number.strip():
        errors["number"] = _("Cần số quyết định phê duyệt.")
    if not signer.strip():
        errors["signer"] = _("Cần người ký.")
    if date > timezone.localdate():
        errors["date"] = _("Ngày phê duyệt không được sau hôm nay.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dossiers_lock([dossier.pk])
        if MinistrySubmission.objects.filter(dossier=dossier).exists():
            raise ValidationError(_("Kết quả đã được Chủ tịch UBND tỉnh phê duyệt."))
        submission = MinistrySubmission.objects.create(
            dossier=dossier,
            approval_number=number.strip(),
            approval_date=date,
            approval_signer=signer.strip(),
            approved_by=by,
        )
        audit_log(
            actor=by,
            action="dossier.five_star_approved",
            obj=dossier,
            changes={"number": submission.approval_number, "date": date.isoformat(), "signer": signer.strip()},
        )
    return submission


def package_missing(dossier: Dossier, *, letter_number: str = "", letter_date=None) -> list[str]:
    """What the 5★ package still lacks (Art. 6.3), one readable line each; empty when complete.
    Without a letter given, the letter already recorded counts."""
    from .dossiers import dossier_missing_items

    submission = submission_of(dossier)
    missing = []
    if submission is None:
        missing.append(_("Quyết định phê duyệt kết quả của Chủ tịch UBND tỉnh."))
    has_letter = bool(letter_number.strip() and letter_date) or bool(
        submission and submission.letter_number and submission.letter_date
    )
    if not has_letter:
        missing.append(_("Công văn đề nghị của UBND tỉnh (số và ngày)."))
    if not AdvisoryRecord.objects.filter(dossier=dossier, kind=AdvisoryKind.REPORT).exists():
        missing.append(_("Báo cáo đánh giá của tổ tư vấn."))
    result = _provincial_result(dossier)
    if result is None or not result.result:
        missing.append(_("Báo cáo (biên bản) của Hội đồng cấp tỉnh."))
    if dossier_missing_items(dossier):
        missing.append(_("Hồ sơ của chủ thể (phiếu đăng ký, tự đánh giá, minh chứng) chưa đầy đủ."))
    pending = list(open_test_requests(dossier).values_list("on", flat=True))
    if pending:
        missing.append(
            _("Kết quả kiểm nghiệm bổ sung: còn %(count)s đề nghị chưa có kết quả (ngày %(dates)s).")
            % {"count": len(pending), "dates": ", ".join(day.strftime("%d/%m/%Y") for day in pending)}
        )
    if site_visit_required(dossier) and not has_site_visit(dossier):
        missing.append(_("Biên bản khảo sát thực tế (sản phẩm dịch vụ du lịch)."))
    return missing


def package_target(dossier_id: int) -> str:
    return f"ministry:{dossier_id}"


def five_star_send(*, dossier: Dossier, letter_number: str, letter_date: datetime.date, by) -> MinistrySubmission:
    """Send the 5★ dossier to the Ministry as one package (Art. 6.3).

    Side effects: the letter and the sending time on the MinistrySubmission, an audit entry, and
    the package built as a job (a ZIP with a SHA-256 manifest, evaluation/bundles/ministry.py).
    Raises PermissionDenied for anyone but the province's staff, ValidationError (nothing
    written) listing what is missing, or when already sent.
    """
    from .jobs import job_request

    dossier = Dossier.objects.select_related("round__framework", "product", "province", "sheet").get(pk=dossier.pk)
    if not _is_province_staff(by, dossier):
        raise PermissionDenied(_("Chỉ cán bộ Sở của tỉnh gửi hồ sơ đề nghị Bộ công nhận 5 sao."))
    if not waiting_for_the_ministry(dossier):
        raise ValidationError(_("Hồ sơ không phải hồ sơ tiềm năng 5 sao chờ gửi Bộ."))
    if letter_date and letter_date > timezone.localdate():
        raise ValidationError({"letter_date": _("Ngày công văn không được sau hôm nay.")})
    missing = package_missing(dossier, letter_number=letter_number or "", letter_date=letter_date)
    if missing:
        raise ValidationError([_("Chưa gửi được hồ sơ đề nghị Bộ công nhận 5 sao, còn thiếu:"), *missing])
    with transaction.atomic():
        submission = MinistrySubmission.objects.select_for_update(no_key=True).get(dossier=dossier)
        if submission.sent_at:
            raise ValidationError(_("Hồ sơ đã được gửi Bộ."))
        submission.letter_number = letter_number.strip()
        submission.letter_date = letter_date
        submission.sent_at = timezone.now()
        submission.sent_by = by
        submission.package_job = job_request(
            kind=JobKind.MINISTRY_PACKAGE,
            target=package_target(dossier.pk),
            province=dossier.province,
            dossier=dossier,
            by=by,
        )
        submission.save()
        audit_log(
            actor=by,
            action="dossier.five_star_sent",
            obj=dossier,
            changes={"letter": submission.letter_number, "date": letter_date.isoformat()},
        )
    return submission


def outcome_check(dossier: Dossier, *, granted: bool, score, stars) -> tuple[MinistrySubmission | None, int | None]:
    """Before the Ministry's outcome is recorded: under a framework with the package, the package
    must have been sent; a "not granted" needs the Ministry's score, and the stars its result
    supports (its band unless given; below 5). Returns (the submission, the supported stars)."""
    submission = submission_of(dossier)
    if package_required(dossier) and (submission is None or not submission.sent_at):
        raise ValidationError(_("Hồ sơ chưa được gửi Bộ: hãy trình Chủ tịch phê duyệt và gửi hồ sơ trước."))
    if submission is not None and submission.outcome:
        raise ValidationError(_("Kết quả của Bộ đã được ghi nhận."))
    if granted:
        return submission, None
    if score is None:
        if package_required(dossier):
            raise ValidationError({"score": _("Cần điểm của Bộ để tỉnh công nhận hạng sao theo kết quả (Điều 7.4).")})
        return submission, None
    score = Decimal(str(score))
    if not (Decimal(0) <= score <= dossier.round.framework.total_points):
        raise ValidationError({"score": _("Điểm của Bộ phải từ 0 đến 100.")})
    bands = scoring.bands_from_framework(dossier.round.framework)
    band = scoring.band_for(score, bands)
    band_stars = band.stars if band else 0
    supported = band_stars if stars in (None, "") else int(stars)
    if supported > band_stars:
        raise ValidationError({"stars": _("Hạng sao không được cao hơn hạng theo điểm của Bộ.")})
    if supported >= 5:
        raise ValidationError(
            {"stars": _("Bộ không công nhận 5 sao: hãy ghi hạng sao theo kết quả của Bộ (dưới 5 sao).")}
        )
    return submission, supported


def outcome_store(submission, *, granted: bool, score, stars, number: str, date) -> None:
    if submission is None:
        return
    submission.outcome = MinistryOutcome.GRANTED if granted else MinistryOutcome.NOT_GRANTED
    submission.ministry_score = None if score is None else Decimal(str(score))
    submission.supported_stars = stars
    submission.outcome_number = number.strip()
    submission.outcome_date = date
    submission.outcome_recorded_at = timezone.now()
    submission.save()


def supported_after_not_granted(dossier: Dossier) -> int | None:
    """The stars the Ministry's recorded "not granted" supports, None when not recorded."""
    submission = submission_of(dossier)
    if submission is None or submission.outcome != MinistryOutcome.NOT_GRANTED:
        return None
    return submission.supported_stars


# --- where a dossier stands ------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """`end`: "decided", "not_recognised" or "" while open; `level` acts next with `action`
    ("decide" with `stars`, "approve", "send", "ministry_outcome", "score", "check")."""

    end: str = ""
    level: str = ""
    action: str = ""
    stars: tuple = ()


def dossier_standing(dossier: Dossier) -> Standing:
    from .decisions import decidable_stars, last_closed_assignment

    dossier = Dossier.objects.select_related("round__framework").get(pk=dossier.pk)
    if dossier.state == DossierState.DECIDED:
        return Standing(end="decided")
    if dossier.state == DossierState.WITHDRAWN:
        return Standing(end="withdrawn")
    if dossier.state in (DossierState.DRAFT, DossierState.RETURNED, DossierState.SUBMITTED):
        return Standing(level=dossier.current_level, action="check")
    if dossier.state in (DossierState.ACCEPTED, DossierState.IN_SCORING):
        return Standing(level=dossier.current_level, action="score")
    assignment = last_closed_assignment(dossier)
    if dossier.state == DossierState.FORWARDED and (assignment is None or assignment.level != dossier.current_level):
        if dossier.current_level == Level.CENTRAL and package_required(dossier):
            submission = submission_of(dossier)
            if submission is None:
                return Standing(level=Level.PROVINCE, action="approve")
            if not submission.sent_at:
                return Standing(level=Level.PROVINCE, action="send")
            return Standing(level=Level.CENTRAL, action="ministry_outcome", stars=(5,))
        if dossier.current_level == Level.CENTRAL:
            return Standing(level=Level.CENTRAL, action="ministry_outcome", stars=(5,))
        return Standing(level=dossier.current_level, action="score")
    for level in (dossier.current_level, *(s.level for s in scoring.chain_from_framework(dossier.round.framework))):
        _assignment, stars = decidable_stars(dossier, level)
        if stars:
            return Standing(level=level, action="decide", stars=tuple(stars))
    if assignment is not None and assignment.outcome == Outcome.NOT_RECOGNISED:
        return Standing(end="not_recognised")
    supported = supported_after_not_granted(dossier)
    if supported is not None and not scoring.is_recognised(
        supported, scoring.bands_from_framework(dossier.round.framework)
    ):
        return Standing(end="not_recognised")
    return Standing()  # stranded: no level can act (the tests require this never happens)
