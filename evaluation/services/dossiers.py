"""Dossiers (hồ sơ): opening one, the registration form, the self-assessment, and the steps a
district (or commune) takes before a council: submit, return, accept, withdraw.

Every state change goes through `dossier_transition()`; the functions here add what the step
needs first (deadlines, completeness, the commune's assessment). Edits use optimistic locking on
`Dossier.version`: a save made on a stale page raises `DossierConflict`, never overwrites.

Stored shapes other code reads:
- `Dossier.registration`: {field key → value} for the keys of `REGISTRATION_FIELDS`.
- `Dossier.case_choices`: {criterion code → case code} for criteria scored in one case.
- `Dossier.commune_assessment`: {criterion code → {"option": option id, "points": "10.00"}}.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.core.jurisdiction import covers
from ocop_portal.core.services import audit_log

from ..enums import CertificateStatus, DossierKind, DossierState, EvidenceType
from ..models import (
    AnswerOption,
    Certificate,
    Criterion,
    Dossier,
    FrameworkLevel,
    Round,
    SelfAssessmentAnswer,
)
from ..rules.dossiers import can_check_dossier, can_prepare_dossier
from ..selectors.sheets import published_sheet_for
from .reevaluation import check_reevaluation_filing
from .rounds import round_check_deadline, round_require_open
from .transitions import dossier_transition


@dataclass(frozen=True)
class RegistrationField:
    label: str
    required: bool


# The registration form (phiếu đăng ký sản phẩm dự thi OCOP) as the portal keeps it: what the
# district needs to check a dossier and the council to read it. Required ones gate submission.
REGISTRATION_FIELDS: dict[str, RegistrationField] = {
    "product_description": RegistrationField(gettext_lazy("Mô tả sản phẩm"), True),
    "production_capacity": RegistrationField(gettext_lazy("Quy mô, công suất sản xuất"), True),
    "raw_material_source": RegistrationField(gettext_lazy("Nguồn nguyên liệu"), True),
    "main_markets": RegistrationField(gettext_lazy("Thị trường tiêu thụ chính"), True),
    "workers": RegistrationField(gettext_lazy("Số lao động"), False),
    "annual_revenue": RegistrationField(gettext_lazy("Doanh thu năm gần nhất (đồng)"), False),
    "packaging": RegistrationField(gettext_lazy("Quy cách đóng gói"), False),
    "contact_name": RegistrationField(gettext_lazy("Người liên hệ"), True),
    "contact_phone": RegistrationField(gettext_lazy("Điện thoại liên hệ"), True),
    "contact_email": RegistrationField(gettext_lazy("Thư điện tử liên hệ"), False),
}

# Evidence every dossier must carry before it can be submitted; the rest depends on the criteria
# the producer claims. A province can change the list with settings.OCOP_REQUIRED_EVIDENCE_TYPES.
DEFAULT_REQUIRED_EVIDENCE_TYPES = (EvidenceType.BUSINESS_REGISTRATION, EvidenceType.PHOTOS)


class DossierConflict(ValidationError):
    """The dossier changed since the page was loaded (optimistic locking)."""


def required_evidence_types() -> list[str]:
    return list(getattr(settings, "OCOP_REQUIRED_EVIDENCE_TYPES", DEFAULT_REQUIRED_EVIDENCE_TYPES))


def may_open_dossier_for(user, product) -> bool:
    """The same people who prepare a dossier: province staff, the district's or the commune's
    officer, the producer."""
    if not user.is_authenticated:
        return False
    membership = getattr(user, "producer_membership", None)
    return bool(
        covers(user.staff_province_id, product.province_id)
        or (user.officer_district_id and user.officer_district_id == product.district_id)
        or (user.officer_commune_id and user.officer_commune_id == product.commune_id)
        or (membership is not None and membership.producer_id == product.producer_id)
    )


def _first_level(round_: Round) -> FrameworkLevel:
    level = FrameworkLevel.objects.filter(framework_id=round_.framework_id).order_by("order").first()
    if level is None:
        raise ValidationError(_("Khung pháp lý của đợt chưa có cấp đánh giá nào."))
    return level


def _renewed_certificate(product, kind: str, certificate: Certificate | None) -> Certificate | None:
    if kind == DossierKind.NEW:
        if certificate is not None:
            raise ValidationError({"renews_certificate": _("Hồ sơ đánh giá mới không gắn với giấy chứng nhận cũ.")})
        return None
    if certificate is None:
        certificate = Certificate.objects.filter(product=product, status__in=CertificateStatus.in_force()).first()
        if certificate is None:
            raise ValidationError(
                {
                    "renews_certificate": _(
                        "Sản phẩm chưa có giấy chứng nhận còn hiệu lực để đánh giá lại hoặc nâng hạng."
                    )
                }
            )
    if certificate.product_id != product.pk:
        raise ValidationError({"renews_certificate": _("Giấy chứng nhận này không phải của sản phẩm đã chọn.")})
    return certificate


def dossier_create(*, product, round: Round, kind: str, by, renews_certificate: Certificate | None = None) -> Dossier:
    """Open a dossier for `product` in `round`, on the product set's published sheet.

    Side effects: one Dossier row (DRAFT, at the framework's first level) and an audit entry.
    Raises PermissionDenied when `by` may not prepare dossiers for the product, ValidationError
    when the round is not open or past its submission deadline, the product set has no published
    sheet, the product already has an open dossier in the round, or the certificate does not fit.
    """
    if not may_open_dossier_for(by, product):
        raise PermissionDenied(_("Bạn không được lập hồ sơ cho sản phẩm này."))
    if round.province_id != product.province_id:
        raise ValidationError({"round": _("Đợt đánh giá này không thuộc tỉnh của sản phẩm.")})
    round_require_open(round)
    first = _first_level(round)
    round_check_deadline(round, level=first.level, step="submission")
    sheet = published_sheet_for(round.framework, product.product_set, province_id=round.province_id)
    if sheet is None:
        raise ValidationError(
            _("Bộ sản phẩm “%(set)s” chưa có phiếu đánh giá đã ban hành theo “%(framework)s”.")
            % {"set": product.product_set, "framework": round.framework}
        )
    certificate = _renewed_certificate(product, kind, renews_certificate)
    dossier = Dossier(
        product=product,
        round=round,
        kind=kind,
        sheet=sheet,
        current_level=first.level,
        district_id=product.district_id,
        province_id=product.province_id,
        renews_certificate=certificate,
        created_by=by,
    )
    dossier.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            dossier.save()
            audit_log(
                actor=by,
                action="dossier.create",
                obj=dossier,
                changes={"state": ["", dossier.state], "kind": ["", kind], "sheet": ["", str(sheet)]},
            )
    except IntegrityError as error:
        existing = Dossier.objects.filter(product=product, round=round).exclude(state=DossierState.WITHDRAWN).first()
        if existing is None:
            raise
        raise ValidationError(
            _("Sản phẩm “%(product)s” đã có hồ sơ số %(number)s trong đợt này (%(state)s).")
            % {"product": product, "number": existing.pk, "state": existing.get_state_display()}
        ) from error
    return dossier


def _require_preparer(dossier: Dossier, by) -> None:
    if not can_prepare_dossier.test(by, dossier):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))


def _bump_version(dossier: Dossier, version: int, **fields) -> None:
    """Write `fields` only if nobody saved since `version` and the dossier is still editable."""
    updated = Dossier.objects.filter(pk=dossier.pk, version=version, state__in=DossierState.editable_states()).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if updated:
        return
    current = Dossier.objects.get(pk=dossier.pk)
    if current.state not in DossierState.editable_states():
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(state)s”, không thể sửa.") % {"state": current.get_state_display()}
        )
    raise DossierConflict(
        _(
            "Hồ sơ đã được lưu bởi người khác sau khi bạn mở trang (phiên bản %(yours)s, hiện tại %(current)s). "
            "Hãy tải lại trang để xem nội dung mới trước khi sửa tiếp."
        )
        % {"yours": version, "current": current.version}
    )


def dossier_update_registration(*, dossier: Dossier, data: dict, version: int, by) -> Dossier:
    """Save registration form fields (a partial set is fine: autosave sends what it has).

    Side effects: Dossier.registration and version (+1), an audit entry with the changed keys.
    Raises DossierConflict on a stale `version`, ValidationError when not editable.
    """
    _require_preparer(dossier, by)
    unknown = set(data) - set(REGISTRATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("Trường không có trong phiếu đăng ký: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    merged = {**dossier.registration, **data}
    changed = {
        key: [dossier.registration.get(key, ""), value]
        for key, value in data.items()
        if dossier.registration.get(key, "") != value
    }
    with transaction.atomic():
        _bump_version(dossier, version, registration=merged)
        if changed:
            audit_log(actor=by, action="dossier.registration", obj=dossier, changes=changed)
    dossier.refresh_from_db()
    return dossier


def _sheet_criteria(sheet_id: int) -> dict[int, Criterion]:
    criteria = Criterion.objects.filter(sheet_id=sheet_id).prefetch_related("options__case", "cases")
    return {criterion.pk: criterion for criterion in criteria}


def dossier_save_self_assessment(
    *, dossier: Dossier, answers: dict[int, int | None], case_choices: dict[str, str], version: int, by
) -> Dossier:
    """Save the producer's self-assessment: `answers` maps criterion id → option id (None clears
    it), `case_choices` maps criterion code → case code for criteria with cases.

    An answer whose option belongs to a case other than the criterion's chosen case is refused;
    changing a case drops the answer given under the old one. Side effects: SelfAssessmentAnswer
    rows, Dossier.case_choices and version (+1), an audit entry with the changes.
    """
    _require_preparer(dossier, by)
    criteria = _sheet_criteria(dossier.sheet_id)
    by_code = {criterion.code: criterion for criterion in criteria.values()}
    cases = dict(dossier.case_choices)
    errors = []
    for code, case_code in case_choices.items():
        criterion = by_code.get(code)
        if criterion is None or (case_code and case_code not in {case.code for case in criterion.cases.all()}):
            errors.append(_("Trường hợp “%(case)s” không có ở tiêu chí %(code)s.") % {"case": case_code, "code": code})
        elif case_code:
            cases[code] = case_code
        else:
            cases.pop(code, None)
    chosen: dict[int, AnswerOption | None] = {}
    for criterion_id, option_id in answers.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            errors.append(_("Tiêu chí không thuộc phiếu đánh giá của hồ sơ."))
            continue
        if option_id in (None, ""):
            chosen[criterion.pk] = None
            continue
        option = next((o for o in criterion.options.all() if o.pk == int(option_id)), None)
        if option is None:
            errors.append(_("Mức điểm đã chọn không thuộc tiêu chí %(code)s.") % {"code": criterion.code})
        elif option.case_id and (option.case.code != cases.get(criterion.code)):
            errors.append(
                _("Tiêu chí %(code)s: mức điểm đã chọn không thuộc trường hợp đang áp dụng.") % {"code": criterion.code}
            )
        else:
            chosen[criterion.pk] = option
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _bump_version(dossier, version, case_choices=cases)
        before = dict(SelfAssessmentAnswer.objects.filter(dossier=dossier).values_list("criterion_id", "option_id"))
        for criterion_id, option in chosen.items():
            if option is None:
                SelfAssessmentAnswer.objects.filter(dossier=dossier, criterion_id=criterion_id).delete()
            else:
                SelfAssessmentAnswer.objects.update_or_create(
                    dossier=dossier, criterion_id=criterion_id, defaults={"option": option}
                )
        _drop_answers_outside_case(dossier, criteria, cases)
        after = dict(SelfAssessmentAnswer.objects.filter(dossier=dossier).values_list("criterion_id", "option_id"))
        changes = {
            criteria[cid].code: [str(before.get(cid) or ""), str(after.get(cid) or "")]
            for cid in set(before) | set(after)
            if before.get(cid) != after.get(cid)
        }
        if cases != dossier.case_choices:
            changes["case_choices"] = [dossier.case_choices, cases]
        if changes:
            audit_log(actor=by, action="dossier.self_assessment", obj=dossier, changes=changes)
    dossier.refresh_from_db()
    return dossier


def _drop_answers_outside_case(dossier: Dossier, criteria: dict[int, Criterion], cases: dict[str, str]) -> None:
    for criterion in criteria.values():
        if not criterion.cases.all():
            continue
        stale = SelfAssessmentAnswer.objects.filter(dossier=dossier, criterion=criterion)
        chosen_case = cases.get(criterion.code)
        stale = stale.exclude(option__case__code=chosen_case) if chosen_case else stale
        stale.delete()


def self_assessment_total(dossier: Dossier) -> Decimal:
    return sum(
        SelfAssessmentAnswer.objects.filter(dossier=dossier).values_list("option__points", flat=True), Decimal(0)
    )


def dossier_missing_items(dossier: Dossier) -> list[str]:
    """What still stops the dossier from being submitted, one readable line per missing thing."""
    if dossier.round.framework.dossier_forms:
        # the official forms 01 and 02 (QĐ 26/2026 Annex III) take the registration form's place
        from .filing import filing_missing_items

        missing = filing_missing_items(dossier)
    else:
        missing = [
            _("Phiếu đăng ký: chưa điền “%(field)s”.") % {"field": spec.label}
            for key, spec in REGISTRATION_FIELDS.items()
            if spec.required and not str(dossier.registration.get(key, "")).strip()
        ]
    criteria = _sheet_criteria(dossier.sheet_id)
    answered = dict(
        SelfAssessmentAnswer.objects.filter(dossier=dossier).values_list("criterion_id", "option__case__code")
    )
    unanswered = [
        criterion.code
        for criterion in sorted(criteria.values(), key=lambda c: c.order)
        if criterion.options.all()
        and (
            criterion.pk not in answered
            or (criterion.cases.all() and answered[criterion.pk] != dossier.case_choices.get(criterion.code))
        )
    ]
    if unanswered:
        missing.append(
            _("Tự đánh giá: còn %(count)s tiêu chí chưa chọn mức điểm (%(codes)s).")
            % {"count": len(unanswered), "codes": ", ".join(unanswered)}
        )
    present = set(dossier.evidence.values_list("evidence_type", flat=True))
    missing += [
        _("Minh chứng: thiếu “%(type)s”.") % {"type": EvidenceType(kind).label}
        for kind in required_evidence_types()
        if kind not in present
    ]
    return missing


def dossier_submit(*, dossier: Dossier, by) -> Dossier:
    """Submit a draft, or resubmit a returned dossier, to the level it is at.

    A first submission must be in time for the level's submission deadline; a resubmission after
    a return must be in time for the completeness-check deadline (the return itself happens in
    the check window, so holding it to the passed submission date would make every return final).
    Raises ValidationError listing every missing item when the dossier is incomplete, and for a
    re-evaluation filed outside its framework's window (QĐ 26/2026: 180–120 days before expiry).
    Side effects: those of dossier_transition (state, history, audit, notifications); under a
    framework with official forms also the registration number and a SubmittedCopy (filing.py).
    """
    _require_preparer(dossier, by)
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(no_key=True, of=("self",))
            .select_related("round__framework", "renews_certificate")
            .get(pk=dossier.pk)
        )
        if locked.state not in DossierState.editable_states():
            raise ValidationError(
                _("Hồ sơ đang ở trạng thái “%(state)s”, không thể nộp.") % {"state": locked.get_state_display()}
            )
        round_require_open(locked.round)
        step = "submission" if locked.state == DossierState.DRAFT else "completeness_check"
        round_check_deadline(locked.round, level=locked.current_level, step=step)
        first_filing = locked.state == DossierState.DRAFT
        if locked.kind == DossierKind.REEVALUATION and first_filing and locked.renews_certificate_id:
            check_reevaluation_filing(locked.round.framework, locked.renews_certificate, timezone.localdate())
        missing = dossier_missing_items(locked)
        if missing:
            raise ValidationError(missing)
        if not locked.round.framework.dossier_forms:
            return dossier_transition(dossier, DossierState.SUBMITTED, by=by)
        # Official forms: the registration number (first filing) and the frozen copy, in this
        # transaction, so a refused or failed submission keeps neither.
        from .filing import allocate_registration_number, record_submission

        allocate_registration_number(locked)
        dossier_transition(dossier, DossierState.SUBMITTED, by=by)
        record_submission(dossier, by)
        return dossier


def _require_checker(dossier: Dossier, by) -> None:
    if not can_check_dossier.test(by, dossier):
        raise PermissionDenied(_("Chỉ cán bộ kiểm tra hồ sơ của địa bàn được thực hiện bước này."))


def dossier_return(*, dossier: Dossier, by, reasons: str) -> Dossier:
    """Return a submitted dossier for completion, with the reasons the producer will read.

    Side effects: those of dossier_transition; Dossier.return_reasons keeps the reasons.
    """
    _require_checker(dossier, by)
    if not reasons.strip():
        raise ValidationError({"note": _("Hãy ghi rõ lý do trả lại hồ sơ.")})
    round_check_deadline(dossier.round, level=dossier.current_level, step="completeness_check")
    return dossier_transition(dossier, DossierState.RETURNED, by=by, note=reasons.strip())


def dossier_accept(
    *, dossier: Dossier, by, commune_assessment: dict[str, int] | None = None, note: str = ""
) -> Dossier:
    """Accept a submitted dossier after the completeness check.

    At a level that only checks (the commune under QĐ 148 + 1489), `commune_assessment` maps each
    of the framework's commune criteria on the sheet to the chosen option id; it is recorded and
    the dossier is forwarded to the next level in the same transaction; under a framework with
    official forms (QĐ 26/2026) the commune's form 03 must be written first (four narrative
    topics, filing.filing_save_form03), and the request goes to the province with it. Side effects: those of
    dossier_transition (once, or twice when forwarded) and Dossier.commune_assessment.
    """
    _require_checker(dossier, by)
    round_check_deadline(dossier.round, level=dossier.current_level, step="completeness_check")
    level = FrameworkLevel.objects.get(framework_id=dossier.round.framework_id, level=dossier.current_level)
    if level.scores:
        dossier_transition(dossier, DossierState.ACCEPTED, by=by, note=note)
        return dossier
    if dossier.round.framework.dossier_forms:
        # QĐ 26/2026 Art. 7.2: the commune's narrative report (form 03) goes with the request
        from .filing import form03_missing, forms_of

        missing = form03_missing(forms_of(dossier).form03)
        if missing:
            raise ValidationError(missing)
    assessment = _commune_assessment(dossier, commune_assessment or {})
    following = (
        FrameworkLevel.objects.filter(framework_id=level.framework_id, order__gt=level.order).order_by("order").first()
    )
    if following is None:
        raise ValidationError(_("Khung pháp lý không có cấp tiếp theo để chuyển hồ sơ."))
    with transaction.atomic():
        dossier_transition(dossier, DossierState.ACCEPTED, by=by, note=note)
        Dossier.objects.filter(pk=dossier.pk).update(commune_assessment=assessment)
        audit_log(
            actor=by, action="dossier.commune_assessment", obj=dossier, changes={"commune_assessment": assessment}
        )
        dossier_transition(dossier, DossierState.FORWARDED, by=by, level=following.level, by_service=True)
    return dossier


def _commune_assessment(dossier: Dossier, chosen: dict[str, int]) -> dict:
    codes = dossier.round.framework.commune_criteria
    criteria = Criterion.objects.filter(sheet_id=dossier.sheet_id, code__in=codes).prefetch_related("options")
    result, errors = {}, []
    for criterion in sorted(criteria, key=lambda c: c.order):
        option_id = chosen.get(criterion.code)
        option = next((o for o in criterion.options.all() if option_id and o.pk == int(option_id)), None)
        if option is None:
            errors.append(_("Hãy chọn mức đánh giá của xã cho tiêu chí %(code)s.") % {"code": criterion.code})
        else:
            result[criterion.code] = {"option": option.pk, "points": str(option.points)}
    if errors:
        raise ValidationError(errors)
    return result


def dossier_withdraw(*, dossier: Dossier, by, note: str = "") -> Dossier:
    """Withdraw a dossier that no council has taken up yet (the product may then open another).

    Side effects: those of dossier_transition.
    """
    _require_preparer(dossier, by)
    return dossier_transition(dossier, DossierState.WITHDRAWN, by=by, note=note.strip())
