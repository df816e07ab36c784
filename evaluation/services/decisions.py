"""Recognition decisions: a People's Committee approves council results and sets the stars."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from .. import scoring
from ..enums import AssignmentState, DecisionKind, DossierState, Level, Outcome
from ..models import CouncilAssignment, CouncilMember, Decision, DecisionItem, Dossier
from .certificates.issuing import products_lock
from .rounds import round_check_deadline_for, round_late_override_audit
from .transitions import dossiers_lock


def decision_issuer_allowed(user, *, province, issuer_unit, level: str) -> bool:
    """Province staff record any level's decision in their province; a district officer records
    their own district's decisions."""
    if not user.is_authenticated:
        return False
    if user.staff_province_id and user.staff_province_id == province.pk:
        return True
    return bool(level == Level.DISTRICT and user.officer_district_id and user.officer_district_id == issuer_unit.pk)


def last_closed_assignment(dossier: Dossier) -> CouncilAssignment | None:
    return (
        CouncilAssignment.objects.filter(dossier=dossier, state=AssignmentState.CLOSED)
        .order_by("-closed_at", "-id")
        .first()
    )


def decidable_stars(dossier: Dossier, level: str) -> tuple[CouncilAssignment | None, list[int]]:
    """The council result a decision at `level` approves for this dossier, and the stars it may
    recognise (read from the framework's chain and bands):

    - a SCORED dossier whose result is recognised at `level`: exactly the council's stars;
    - a dossier FORWARDED to the last level of the chain (potential 5★, routed by its gated
      stars): that level grants exactly those stars; when it does not, the forwarding level
      recognises the recognised stars below them that the central result supports (DOMAIN.md
      §5b: 4★, or 3★).
    """
    assignment = last_closed_assignment(dossier)
    if assignment is None:
        return None, []
    framework = dossier.round.framework
    chain = sorted(scoring.chain_from_framework(framework), key=lambda s: s.order)
    certifies = {step.level: step.certifies_stars for step in chain}
    if dossier.state == DossierState.SCORED:
        if (
            assignment.outcome == Outcome.FORWARD
            and dossier.current_level == assignment.level == level
            and chain
            and assignment.level != chain[-1].level
        ):
            # Sent up, and the level above did not grant (central_outcome_record): this level
            # recognises the stars the central result supports below the potential ones (DOMAIN.md
            # §5b: 4★, or 3★ — under QĐ 148 too, where the province otherwise certifies 4★ only).
            # When the Ministry's result was recorded with its score (QĐ 26/2026 Art. 7.4), exactly
            # the stars that result supports, if this level certifies them.
            from .ministry import supported_after_not_granted

            supported = supported_after_not_granted(dossier)
            if supported is not None:
                return assignment, [supported] if supported in certifies.get(level, ()) else []
            return assignment, _recognised_below(framework, assignment.final_stars)
        if (
            assignment.outcome in (Outcome.RECOGNISE, Outcome.BACK_TO_LOWER)
            and dossier.current_level == level
            and assignment.final_stars in certifies.get(level, ())
        ):
            return assignment, [assignment.final_stars]
        return assignment, []
    if (
        dossier.state == DossierState.FORWARDED
        and assignment.outcome == Outcome.FORWARD
        and chain
        and dossier.current_level == chain[-1].level
    ):
        if level == dossier.current_level:
            return assignment, [assignment.final_stars] if assignment.final_stars in certifies[level] else []
        if level == assignment.level:
            from .ministry import package_required

            if package_required(dossier):
                # QĐ 26/2026 Art. 7.4: the province certifies below 5★ only on the Ministry's result.
                return assignment, []
            return assignment, _recognised_below(framework, assignment.final_stars)
    return assignment, []


def _recognised_below(framework, stars: int) -> list[int]:
    bands = scoring.bands_from_framework(framework)
    return sorted(band.stars for band in bands if band.stars < stars and scoring.is_recognised(band.stars, bands))


def decision_record(
    *,
    province,
    issuer_unit,
    level: str,
    number: str,
    date: datetime.date,
    signer: str,
    authority: str,
    items,
    by,
    late_reason: str = "",
    signer_title: str = "",
) -> Decision:
    """Record a recognition decision for [(dossier, stars), …].

    Side effects, in one transaction: the Decision and its DecisionItems; each dossier moves to
    DECIDED at `level` through dossier_transition (notifying its producer and officers); audit
    entries; certificates issued by evaluation.services.certificates. Raises PermissionDenied for
    a user who may not issue it, ValidationError for a duplicate number, a dossier outside the
    issuer's area, or stars the council's result and the framework's chain do not allow, and
    after a round's decision deadline at `level` — unless province staff give `late_reason`,
    recorded in the audit log (round_check_deadline_for).
    """
    if not decision_issuer_allowed(by, province=province, issuer_unit=issuer_unit, level=level):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận quyết định này."))
    items = list(items)
    if not items:
        raise ValidationError(_("Quyết định phải có ít nhất một hồ sơ."))
    if Decision.objects.filter(issuer_unit=issuer_unit, number=number.strip()).exists():
        raise ValidationError({"number": _("Số quyết định đã được dùng cho cơ quan này.")})
    checked = []
    for given, stars in items:
        # Read the dossier afresh: the caller's copy may predate the council's closing.
        dossier = Dossier.objects.select_related("product", "round__framework").get(pk=given.pk)
        _check_area(dossier, province=province, issuer_unit=issuer_unit, level=level)
        assignment, allowed = decidable_stars(dossier, level)
        if int(stars) not in allowed:
            raise ValidationError(
                _("Hồ sơ “%(dossier)s”: không thể công nhận %(stars)s sao ở cấp này.")
                % {"dossier": dossier.product.name, "stars": stars}
            )
        _check_not_sole_scorer(assignment, dossier, by)
        checked.append((dossier, int(stars), assignment))
    rounds = {dossier.round_id: dossier.round for dossier, _stars, _assignment in checked}
    late = [
        round_check_deadline_for(round_, level=level, step="decision", by=by, late_reason=late_reason)
        for _id, round_ in sorted(rounds.items())
    ]
    try:
        with transaction.atomic():
            # Every row this decision moves or certifies, locked before its first audit entry.
            dossiers_lock(dossier.pk for dossier, _stars, _assignment in checked)
            products_lock(dossier.product_id for dossier, _stars, _assignment in checked)
            decision = Decision.objects.create(
                province=province,
                issuer_unit=issuer_unit,
                level=level,
                kind=DecisionKind.RECOGNITION,
                number=number.strip(),
                date=date,
                signer=signer,
                signer_title=signer_title.strip(),
                authority=authority,
                created_by=by,
            )
            for dossier, stars, assignment in checked:
                DecisionItem.objects.create(
                    decision=decision, dossier=dossier, assignment=assignment, recognised_stars=stars
                )
                _decide(dossier, decision, stars, by)
            audit_log(
                actor=by,
                action="decision.recorded",
                obj=decision,
                changes={"level": level, "items": [[d.pk, s] for d, s, _a in checked]},
            )
            for override in late:
                round_late_override_audit(override, obj=decision, by=by)
            from .certificates import certificates_issue_for_decision

            certificates_issue_for_decision(decision=decision, by=by)
    except IntegrityError as error:
        raise ValidationError({"number": _("Số quyết định đã được dùng cho cơ quan này.")}) from error
    return decision


def _decide(dossier: Dossier, decision: Decision, stars: int, by) -> None:
    from .transitions import dossier_transition

    note = _("Quyết định %(number)s: %(stars)s sao") % {"number": decision.number, "stars": stars}
    dossier_transition(dossier, DossierState.DECIDED, by=by, level=decision.level, note=note, by_service=True)


def _check_not_sole_scorer(assignment: CouncilAssignment | None, dossier: Dossier, by) -> None:
    """Whoever records the decision must not be the only person whose card made the result: the
    council's quorum floors make such a result impossible from now on, and this holds for any
    result stored before them."""
    if assignment is None:
        return
    counted = [row["member"] for row in (assignment.result or {}).get("members", []) if row.get("counted")]
    users = set(CouncilMember.objects.filter(pk__in=counted).values_list("user_id", flat=True))
    if users == {by.pk}:
        raise ValidationError(
            _("Hồ sơ “%(dossier)s”: người duy nhất chấm điểm không thể tự ghi nhận quyết định.")
            % {"dossier": dossier.product.name}
        )


def _check_area(dossier: Dossier, *, province, issuer_unit, level: str) -> None:
    inside = dossier.province_id == province.pk
    if level == Level.DISTRICT:
        inside = inside and dossier.district_id == issuer_unit.pk
    if not inside:
        raise ValidationError(
            _("Hồ sơ “%(dossier)s” không thuộc địa bàn của cơ quan ban hành.") % {"dossier": dossier.product.name}
        )


def central_outcome_record(
    *,
    dossier: Dossier,
    granted: bool,
    number: str,
    date: datetime.date,
    signer: str,
    authority: str,
    by,
    note: str = "",
    score=None,
    stars=None,
) -> Decision | None:
    """Record the outcome of the last level of the chain (the central council) for a dossier
    forwarded to it as potential 5★ (DOMAIN.md §5b).

    Granted: the central recognition decision (number, date, signer, authority) through
    decision_record — the dossier DECIDED, its certificate issued — and that Decision returned.
    Not granted: the central document is recorded on the dossier, which goes back to the
    forwarding level as SCORED (a transition and an audit entry of its own), where the province
    recognises the stars it certifies below the potential ones (4★) by its own decision; None
    returned. Province staff of the dossier's province only.

    Under a framework with the 5★ package (QĐ 26/2026), the package must have been sent
    (services/ministry.py) and a "not granted" carries the Ministry's `score` and, optionally,
    the `stars` its result supports (the score's band otherwise): the province then certifies
    exactly those stars (Art. 7.4), or none when they are not recognised. The outcome is stored
    on the dossier's MinistrySubmission.
    """
    from .ministry import outcome_check, outcome_store

    dossier = Dossier.objects.select_related("round__framework", "province").get(pk=dossier.pk)
    chain = sorted(scoring.chain_from_framework(dossier.round.framework), key=lambda s: s.order)
    top = chain[-1].level if chain else None
    if not decision_issuer_allowed(by, province=dossier.province, issuer_unit=dossier.province, level=top or ""):
        raise PermissionDenied(_("Chỉ cán bộ Sở NN&PTNT của tỉnh ghi nhận kết quả của cấp trung ương."))
    if dossier.state != DossierState.FORWARDED or dossier.current_level != top:
        raise ValidationError(_("Hồ sơ không chờ kết quả của cấp trung ương."))
    if not number.strip():
        raise ValidationError({"number": _("Cần số văn bản của cấp trung ương.")})
    submission, supported = outcome_check(dossier, granted=granted, score=score, stars=stars)
    if granted:
        _assignment, allowed = decidable_stars(dossier, top)
        with transaction.atomic():
            outcome_store(submission, granted=True, score=score, stars=None, number=number, date=date)
            return decision_record(
                province=dossier.province,
                issuer_unit=dossier.province,
                level=top,
                number=number,
                date=date,
                signer=signer,
                authority=authority,
                items=[(dossier, max(allowed))],
                by=by,
            )
    from .transitions import dossier_transition

    assignment = last_closed_assignment(dossier)
    text = _("Cấp trung ương không công nhận %(stars)s sao (văn bản %(number)s ngày %(date)s, %(authority)s).") % {
        "stars": assignment.final_stars,
        "number": number.strip(),
        "date": date.strftime("%d/%m/%Y"),
        "authority": authority,
    }
    with transaction.atomic():
        dossier_transition(
            dossier,
            DossierState.SCORED,
            by=by,
            level=assignment.level,
            note=f"{text} {note.strip()}".strip(),
            by_service=True,
        )
        outcome_store(submission, granted=False, score=score, stars=supported, number=number, date=date)
        audit_log(
            actor=by,
            action="dossier.central_not_granted",
            obj=dossier,
            changes={
                "number": number.strip(),
                "date": date.isoformat(),
                "signer": signer,
                "authority": authority,
                **({"score": str(score), "supported_stars": supported} if score is not None else {}),
            },
            note=note,
        )
    return None
