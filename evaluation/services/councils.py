"""Councils: set-up, assignment of dossiers, conflict declarations and closing with a result.

The rules themselves are pure functions in evaluation/scoring.py; this module loads what they
need, applies them and stores the outcome.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.jurisdiction import covers
from ocop_portal.core.services import audit_log, notify

from .. import scoring
from ..enums import AssignmentState, DossierKind, DossierState, Level, MemberRole, Outcome, ScorecardState
from ..models import (
    ConflictDeclaration,
    Council,
    CouncilAssignment,
    CouncilMember,
    Dossier,
    ProvinceCouncilRules,
    Scorecard,
)
from ..rules.councils import can_close_assignment, manages_council
from ..selectors.councils import recused_member_ids, scoring_members, seating_of
from .advisory import check_site_visit
from .rounds import round_check_deadline_for, round_late_override_audit
from .scorecards import sheet_criteria
from .transitions import dossier_transition, dossiers_lock

JURISDICTION_LEVEL = {Level.DISTRICT: UnitLevel.DISTRICT, Level.PROVINCE: UnitLevel.PROVINCE}


# --- set-up ----------------------------------------------------------------------------------


# The rules a council may have, their defaults (DOMAIN.md §5b) and how each may be tightened.
RULE_DEFAULTS = {
    "quorum_ratio": scoring.QUORUM_RATIO_FLOOR,
    "min_members": scoring.MIN_MEMBERS_FLOOR,
    "max_spread": Decimal(10),
}


def rules_province_id(user) -> int | None:
    """The province whose council rules `user` works under: their own as staff, their district's
    as a district officer; None for everyone else (pages and API alike)."""
    if user.staff_province_id:
        return user.staff_province_id
    if user.officer_district_id:
        return user.officer_district.parent_id
    return None


def province_council_rules(province_id) -> dict:
    """The province's rules for its councils: its own row, or the defaults of DOMAIN.md §5b."""
    row = ProvinceCouncilRules.objects.filter(province_id=province_id).values(*RULE_DEFAULTS).first()
    return row or dict(RULE_DEFAULTS)


def _as_stored(name: str, value):
    """A rule's value as its column keeps it (10 → 10.00), so the audit reads the same always."""
    places = getattr(ProvinceCouncilRules._meta.get_field(name), "decimal_places", None)
    return value if places is None else Decimal(value).quantize(Decimal(1).scaleb(-places))


def legal_floors() -> dict:
    """The floors no council may go below (DOMAIN.md §5b), for showing beside the rules."""
    return {"quorum_ratio": scoring.QUORUM_RATIO_FLOOR, "min_members": scoring.MIN_MEMBERS_FLOOR}


def _stricter(first: dict, second: dict) -> dict:
    return {
        "quorum_ratio": max(first["quorum_ratio"], second["quorum_ratio"]),
        "min_members": max(first["min_members"], second["min_members"]),
        "max_spread": min(first["max_spread"], second["max_spread"]),
    }


def _check_floors(rules) -> None:
    """The legal floors, for everyone: ≥ 75 % of the members including the presiding one, at
    least MIN_MEMBERS_FLOOR cards, a spread that is not negative."""
    if not (scoring.QUORUM_RATIO_FLOOR <= rules.quorum_ratio <= 1):
        raise ValidationError(
            {"quorum_ratio": _("Tỷ lệ tối thiểu phải từ 0,75 đến 1 (ít nhất 75 % thành viên, có người chủ trì).")}
        )
    if rules.min_members < scoring.MIN_MEMBERS_FLOOR:
        raise ValidationError(
            {"min_members": _("Số phiếu tối thiểu không được ít hơn %(n)s.") % {"n": scoring.MIN_MEMBERS_FLOOR}}
        )
    if rules.max_spread < 0:
        raise ValidationError({"max_spread": _("Chênh lệch tối đa không được âm.")})


def _check_rules(council: Council, by, previous: dict | None = None) -> None:
    """The legal floors for everyone; rules looser than the province's (or than the council's
    before, for a change) only for the province's staff. A district officer runs their own council
    within the province's rules: they may tighten them, never loosen them."""
    _check_floors(council)
    # The province's staff: a merged province's staff too, on a council carried from its
    # predecessor (the same jurisdiction as `manages_council`).
    if covers(by.staff_province_id, council.province_id):
        return
    before = province_council_rules(council.province_id)
    if previous:
        before = _stricter(previous, before)
    own = {name: getattr(council, name) for name in RULE_DEFAULTS}
    # looser: what the stricter of the two would change (one notion of "stricter" for both checks)
    looser = {name: value != own[name] for name, value in _stricter(own, before).items()}
    message = _("Chỉ cán bộ cấp tỉnh được nới quy tắc này; cấp huyện chỉ được đặt chặt hơn.")
    if any(looser.values()):
        raise ValidationError({name: message for name, loose in looser.items() if loose})


def province_council_rules_set(*, province, by, **rules) -> ProvinceCouncilRules:
    """Set the province's rules for its councils (any of quorum_ratio, min_members, max_spread;
    the others keep their value). Only the province's own staff, within the legal floors.

    Side effects: the province's row (created on first use) with an audit entry of old and new
    values; every district council of the province whose rules are looser is brought up to the
    new ones (each audited): the province's rules bind its districts from the next closing on.
    Province-level councils keep the rules their act set. Raises PermissionDenied or
    ValidationError (nothing changes)."""
    if not (by.is_authenticated and by.staff_province_id and by.staff_province_id == province.pk):
        raise PermissionDenied(_("Chỉ cán bộ của tỉnh được đặt quy tắc Hội đồng của tỉnh."))
    unknown = set(rules) - set(RULE_DEFAULTS)
    if unknown:
        raise ValidationError(_("Quy tắc không có: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    with transaction.atomic():
        row = ProvinceCouncilRules.objects.select_for_update(no_key=True).filter(
            province=province
        ).first() or ProvinceCouncilRules(province=province, **RULE_DEFAULTS)
        previous = {name: _as_stored(name, getattr(row, name)) for name in RULE_DEFAULTS}
        for name, value in rules.items():
            setattr(row, name, value)
        _check_floors(row)
        row.full_clean(exclude=["province", "updated_by"])
        changes = {
            name: [str(previous[name]), str(_as_stored(name, getattr(row, name)))]
            for name in RULE_DEFAULTS
            if previous[name] != _as_stored(name, getattr(row, name))
        }
        if not changes:
            return row  # nothing to change: nothing written
        row.updated_by = by
        row.save()
        row.refresh_from_db()  # the values as stored (0.9 → 0.900) for the councils
        audit_log(actor=by, action="council.province_rules_changed", obj=row, changes=changes)
        floor = {name: getattr(row, name) for name in RULE_DEFAULTS}
        districts = Council.objects.select_for_update(no_key=True).filter(province=province, level=Level.DISTRICT)
        for council in districts.order_by("pk"):
            own = {name: getattr(council, name) for name in RULE_DEFAULTS}
            tightened = _stricter(own, floor)
            if tightened == own:
                continue
            for name, value in tightened.items():
                setattr(council, name, value)
            council.save(update_fields=list(RULE_DEFAULTS))
            audit_log(
                actor=by,
                action="council.rules_changed",
                obj=council,
                changes={
                    name: [str(own[name]), str(tightened[name])]
                    for name in RULE_DEFAULTS
                    if own[name] != tightened[name]
                },
                note=_("Theo quy tắc Hội đồng của tỉnh."),
            )
    return row


def council_create(
    *,
    province,
    level: str,
    jurisdiction,
    name: str,
    term_start: datetime.date,
    by,
    term_end: datetime.date | None = None,
    establishing_decision: str = "",
    quorum_ratio: Decimal | None = None,
    min_members: int | None = None,
    max_spread: Decimal | None = None,
) -> Council:
    """Create a council. Rule overrides left as None take the province's rules (its
    ProvinceCouncilRules, or the defaults of DOMAIN.md §5b).

    Side effects: one Council row and an audit entry. Raises PermissionDenied unless `by`
    manages councils there (province staff; a district officer for their own district's
    council), ValidationError for a jurisdiction of the wrong level, rules below the legal floors
    or a district officer loosening the province's rules.
    """
    council = Council(
        province=province,
        level=level,
        jurisdiction=jurisdiction,
        name=name,
        term_start=term_start,
        term_end=term_end,
        establishing_decision=establishing_decision,
    )
    defaults = province_council_rules(province.pk)
    for field_name, value in (("quorum_ratio", quorum_ratio), ("min_members", min_members), ("max_spread", max_spread)):
        setattr(council, field_name, defaults[field_name] if value is None else value)
    if not manages_council(by, council):
        raise PermissionDenied(_("Bạn không có quyền lập Hội đồng ở địa bàn này."))
    expected = JURISDICTION_LEVEL.get(level)
    if expected is None or jurisdiction.level != expected:
        raise ValidationError({"jurisdiction": _("Địa bàn không phù hợp với cấp của Hội đồng.")})
    own_province = jurisdiction.pk if expected == UnitLevel.PROVINCE else jurisdiction.parent_id
    if own_province != province.pk:
        raise ValidationError({"jurisdiction": _("Địa bàn không thuộc tỉnh.")})
    _check_rules(council, by)
    if term_end and term_end < term_start:
        raise ValidationError({"term_end": _("Nhiệm kỳ kết thúc trước khi bắt đầu.")})
    council.full_clean()
    with transaction.atomic():
        council.save()
        audit_log(
            actor=by,
            action="council.created",
            obj=council,
            changes={"level": level, **{name: str(getattr(council, name)) for name in RULE_DEFAULTS}},
        )
    return council


def council_rules_change(*, council: Council, by, **rules) -> Council:
    """Change a council's rules (quorum_ratio, min_members, max_spread). The same floors and the
    same division as at creation: province staff within the legal floors, the district's officer
    only tighter than the rules in force.

    Side effects: the Council row and an audit entry with the old and new values.
    """
    if not manages_council(by, council):
        raise PermissionDenied(_("Bạn không có quyền sửa Hội đồng này."))
    unknown = set(rules) - set(RULE_DEFAULTS)
    if unknown:
        raise ValidationError(_("Quy tắc không có: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = Council.objects.select_for_update(no_key=True).get(pk=council.pk)
        previous = {name: getattr(locked, name) for name in RULE_DEFAULTS}
        for name, value in rules.items():
            setattr(locked, name, value)
        _check_rules(locked, by, previous)
        locked.full_clean()
        locked.save(update_fields=list(RULE_DEFAULTS))
        changes = {
            name: [str(previous[name]), str(getattr(locked, name))]
            for name in RULE_DEFAULTS
            if previous[name] != getattr(locked, name)
        }
        audit_log(actor=by, action="council.rules_changed", obj=locked, changes=changes)
    return locked


def council_member_add(
    *,
    council: Council,
    user,
    role: str,
    by,
    order: int = 0,
    organisation: str = "",
    commune=None,
    producer=None,
    is_support_team: bool = False,
) -> CouncilMember:
    """Seat a member (or a support-team helper, who does not score).

    Side effects: one CouncilMember row and an audit entry. Raises ValidationError for a second
    chair, a user already seated, or a user who may not sit on this council (seat_refusal).
    """
    if not manages_council(by, council):
        raise PermissionDenied(_("Bạn không có quyền sửa Hội đồng này."))
    refusal = seat_refusal(user, council)
    if refusal:
        raise ValidationError({"user": refusal})
    if role == MemberRole.CHAIR and council.members.filter(role=MemberRole.CHAIR, active=True).exists():
        raise ValidationError({"role": _("Hội đồng đã có Chủ tịch.")})
    if council.members.filter(user=user).exists():
        raise ValidationError({"user": _("Người này đã có trong Hội đồng.")})
    member = CouncilMember(
        council=council,
        user=user,
        role=role,
        order=order,
        organisation=organisation,
        commune=commune,
        producer=producer,
        is_support_team=is_support_team,
    )
    member.full_clean()
    with transaction.atomic():
        member.save()
        audit_log(actor=by, action="council.member_added", obj=council, changes={"member": str(user), "role": role})
    return member


def seat_refusal(user, council: Council) -> str | None:
    """Why `user` may not sit on `council`, or None. Members come from the council's jurisdiction:
    a user bound to a place (province staff, district officer) must be bound inside it, and one
    seated on another province's council belongs to that province; the experts of the offices,
    whose accounts carry no role, may sit. Never a producer's account (it would read competitors'
    dossiers) and never the superuser (administration is no council seat)."""
    if not user.is_active or user.is_superuser:
        return _("Tài khoản này không thể làm thành viên Hội đồng.")
    if hasattr(user, "producer_membership"):
        return _("Tài khoản của chủ thể sản xuất không thể làm thành viên Hội đồng.")
    if council.level == Level.DISTRICT:
        inside_district = user.officer_district_id in (None, council.jurisdiction_id)
    else:
        inside_district = user.officer_district_id is None or (user.officer_district.parent_id == council.province_id)
    inside_province = user.staff_province_id in (None, council.province_id)
    elsewhere = (
        CouncilMember.objects.filter(user=user, active=True).exclude(council__province_id=council.province_id).exists()
    )
    if not (inside_district and inside_province) or elsewhere:
        return _("Người này không thuộc địa bàn của Hội đồng.")
    return None


def council_member_remove(*, member: CouncilMember, by, note: str = "") -> CouncilMember:
    """Take a member off the council: the seat is kept inactive (their cards and declarations stay
    in the record of sessions they sat in), so they no longer count for quorum or score new
    dossiers. A chair is replaced by seating a new one after removing them.

    Side effects: CouncilMember.active, an audit entry on the council.
    """
    council = member.council
    if not manages_council(by, council):
        raise PermissionDenied(_("Bạn không có quyền sửa Hội đồng này."))
    with transaction.atomic():
        locked = CouncilMember.objects.select_for_update(no_key=True).get(pk=member.pk)
        if not locked.active:
            raise ValidationError(_("Thành viên này đã không còn trong Hội đồng."))
        locked.active = False
        locked.save(update_fields=["active"])
        audit_log(
            actor=by,
            action="council.member_removed",
            obj=council,
            changes={"member": str(locked.user), "role": locked.role},
            note=note,
        )
    return locked


def dossier_fits_council(dossier: Dossier, council: Council) -> bool:
    if dossier.current_level != council.level or dossier.province_id != council.province_id:
        return False
    if council.level == Level.DISTRICT:
        return dossier.district_id == council.jurisdiction_id
    return True


def council_assign(*, council: Council, dossiers, by) -> list[CouncilAssignment]:
    """Put accepted (or forwarded) dossiers before the council.

    Side effects: one CouncilAssignment per dossier; each dossier goes to IN_SCORING at the
    council's level through dossier_transition; audit entries; members are notified.
    Raises ValidationError for a dossier of another level/jurisdiction or in another state.
    """
    if not manages_council(by, council):
        raise PermissionDenied(_("Bạn không có quyền phân công Hội đồng này."))
    seated = council.members.filter(active=True, is_support_team=False)
    minimum = max(council.min_members, scoring.MIN_MEMBERS_FLOOR)
    if seated.count() < minimum or not seated.filter(role=MemberRole.CHAIR).exists():
        raise ValidationError(
            _("Hội đồng cần có Chủ tịch và ít nhất %(n)s thành viên chấm điểm trước khi nhận hồ sơ.") % {"n": minimum}
        )
    assignments = []
    dossiers = list(dossiers)
    with transaction.atomic():
        dossiers_lock(dossier.pk for dossier in dossiers)
        for dossier in dossiers:
            if dossier.state not in (DossierState.ACCEPTED, DossierState.FORWARDED) or not dossier_fits_council(
                dossier, council
            ):
                raise ValidationError(
                    _("Hồ sơ “%(dossier)s” không thể trình Hội đồng này.") % {"dossier": dossier.product.name}
                )
            if CouncilAssignment.objects.filter(dossier=dossier, level=council.level).exists():
                raise ValidationError(
                    _("Hồ sơ “%(dossier)s” đã được trình Hội đồng cấp này.") % {"dossier": dossier.product.name}
                )
            assignment = CouncilAssignment.objects.create(council=council, dossier=dossier, level=council.level)
            dossier_transition(dossier, DossierState.IN_SCORING, by=by, level=council.level, by_service=True)
            audit_log(actor=by, action="assignment.created", obj=assignment, changes={"council": council.pk})
            assignments.append(assignment)
        if assignments:
            members = [
                m.user for m in council.members.filter(active=True, is_support_team=False).select_related("user")
            ]
            notify(
                recipients=members,
                subject=_("%(council)s: %(count)s hồ sơ cần chấm điểm")
                % {"council": council, "count": len(assignments)},
            )
    return assignments


# --- conflicts of interest -----------------------------------------------------------------


def conflict_flags(assignment: CouncilAssignment, member: CouncilMember) -> list[str]:
    """Likely conflicts the portal sees by itself, in words, for the member to consider."""
    dossier = assignment.dossier
    product = dossier.product
    flags = []
    if member.producer_id and member.producer_id == product.producer_id:
        flags.append(_("Thành viên thuộc chủ thể có sản phẩm này."))
    membership = getattr(member.user, "producer_membership", None)
    if membership is not None:
        flags.append(_("Thành viên có tài khoản của chủ thể “%(producer)s”.") % {"producer": membership.producer.name})
    if member.commune_id and member.commune_id in (product.commune_id, product.producer.commune_id):
        flags.append(_("Thành viên cư trú hoặc công tác tại xã của chủ thể/sản phẩm."))
    if dossier.consultant_id and dossier.consultant_id == member.user_id:
        flags.append(_("Thành viên là người tư vấn hồ sơ này."))
    return flags


def conflict_declare(
    *, assignment: CouncilAssignment, member: CouncilMember, has_conflict: bool, reason: str, by
) -> ConflictDeclaration:
    """Record a member's declaration for one dossier (once; a recusal cannot be undone here).

    Side effects: one ConflictDeclaration with the portal's flags at the time, audit entry; with
    no conflict, the member's draft scorecard (scorecard_open).
    Raises ValidationError when a conflict has no reason, when already declared or closed.
    """
    if member.user_id != by.pk:
        raise PermissionDenied(_("Chỉ thành viên tự khai báo xung đột lợi ích."))
    if assignment.state == AssignmentState.CLOSED:
        raise ValidationError(_("Hội đồng đã kết thúc chấm hồ sơ này."))
    if has_conflict and not reason.strip():
        raise ValidationError({"reason": _("Hãy nêu lý do xung đột lợi ích.")})
    if ConflictDeclaration.objects.filter(assignment=assignment, member=member).exists():
        raise ValidationError(_("Bạn đã khai báo cho hồ sơ này."))
    with transaction.atomic():
        declaration = ConflictDeclaration.objects.create(
            assignment=assignment,
            member=member,
            has_conflict=has_conflict,
            reason=reason.strip(),
            flagged=conflict_flags(assignment, member),
        )
        audit_log(
            actor=by,
            action="assignment.conflict_declared",
            obj=assignment,
            changes={"member": member.pk, "has_conflict": has_conflict},
            note=reason,
        )
    if not has_conflict:
        # The member's draft is opened here, on this POST: the scorecard page's GET creates nothing.
        from .scorecards import scorecard_open

        scorecard_open(assignment=assignment, user=by, member=member)
    return declaration


# --- state of an assignment ----------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentStatus:
    quorum: scoring.Quorum
    totals: dict  # member id → latest submitted total
    spread: Decimal
    max_spread: Decimal
    eligible_ids: frozenset = frozenset()

    @property
    def spread_ok(self) -> bool:
        return self.spread <= self.max_spread


def assignment_status(assignment: CouncilAssignment) -> AssignmentStatus:
    """Quorum and spread as they stand (for the chair's page and for closing)."""
    members = scoring_members(assignment.council)
    eligible = scoring.eligible_members(seating_of(members), recused_member_ids(assignment))
    eligible_ids = {seat.member_id for seat in eligible}
    cards = Scorecard.objects.filter(
        assignment=assignment, state=ScorecardState.SUBMITTED, member_id__in=eligible_ids
    ).values_list("member_id", "revision", "total")
    totals = scoring.latest_totals(cards)
    council = assignment.council
    return AssignmentStatus(
        quorum=scoring.quorum(eligible, totals, ratio=council.quorum_ratio, minimum=council.min_members),
        totals=totals,
        spread=scoring.spread(totals.values()),
        max_spread=council.max_spread,
        eligible_ids=frozenset(eligible_ids),
    )


# --- closing ---------------------------------------------------------------------------------


def assignment_close(*, assignment: CouncilAssignment, by, late_reason: str = "") -> CouncilAssignment:
    """Close scoring on one dossier, or open reconciliation when members' totals spread too far.

    Side effects (under a lock on the assignment row, so it runs once and sees every card
    submitted before it): either state RECONCILIATION with revision + 1 (members then revise;
    originals kept), or state CLOSED with mean, stars, outcome and the result JSON stored, the
    dossier moved to SCORED (and FORWARDED to the next level when the outcome forwards);
    audit entries; notifications. Raises ValidationError without quorum, when already closed or
    after the round's scoring deadline at this level — unless province staff give `late_reason`,
    recorded in the audit log (round_check_deadline_for).
    """
    if not can_close_assignment(by, assignment):
        raise PermissionDenied(_("Bạn không có quyền kết thúc phiên chấm hồ sơ này."))
    return _assignment_close(assignment, by=by, late_reason=late_reason)


def _assignment_close(assignment: CouncilAssignment, *, by, late_reason: str = "") -> CouncilAssignment:
    with transaction.atomic():
        locked = (
            CouncilAssignment.objects.select_for_update(no_key=True, of=("self",))
            .select_related("council", "dossier__round__framework", "dossier__product")
            .get(pk=assignment.pk)
        )
        if locked.state == AssignmentState.CLOSED:
            raise ValidationError(_("Hồ sơ này đã có kết quả chấm."))
        late = round_check_deadline_for(
            locked.dossier.round, level=locked.level, step="scoring", by=by, late_reason=late_reason
        )
        # The dossier this may move, locked before the first audit entry (dossiers_lock).
        dossiers_lock([locked.dossier_id])
        check_site_visit(locked.dossier, locked.level)
        status = assignment_status(locked)
        if not status.quorum.met:
            raise ValidationError(_quorum_message(status.quorum))
        if not status.spread_ok:
            if (
                locked.state == AssignmentState.RECONCILIATION
                and not locked.scorecards.filter(revision=locked.revision, state=ScorecardState.SUBMITTED).exists()
            ):
                raise ValidationError(_("Chênh lệch vẫn vượt mức cho phép; các thành viên cần chấm lại."))
            locked.state = AssignmentState.RECONCILIATION
            locked.revision += 1
            locked.save(update_fields=["state", "revision"])
            audit_log(
                actor=by,
                action="assignment.reconciliation",
                obj=locked,
                changes={"spread": str(status.spread), "revision": locked.revision},
            )
            if written_opinions(locked):
                _notify_members(
                    locked,
                    _(
                        "Ý kiến bằng văn bản chênh lệch vượt mức cho phép: Hội đồng họp để thống nhất và chấm lại "
                        "(Điều 7 khoản 6)."
                    ),
                )
            else:
                _notify_members(locked, _("Chênh lệch điểm vượt mức cho phép: đề nghị thống nhất và chấm lại."))
        else:
            _close_with_result(locked, status, by)
        round_late_override_audit(late, obj=locked, by=by)
    assignment.refresh_from_db()
    return assignment


def written_opinions(assignment: CouncilAssignment) -> bool:
    """A re-evaluation decided by written opinions (QĐ 26/2026 Art. 7.6, the framework's
    `procedure.written_opinions`): at the province, members score as usual and the council meets
    only when their totals spread beyond the council's rule."""
    dossier = assignment.dossier
    return bool(
        assignment.level == Level.PROVINCE
        and dossier.kind == DossierKind.REEVALUATION
        and (dossier.round.framework.procedure or {}).get("written_opinions")
    )


def written_opinions_settle(*, assignment: CouncilAssignment, by) -> bool:
    """Once every eligible member of a written-opinions re-evaluation has sent their card (first
    revision), settle it without anyone pressing "close": within the spread rule the result stands
    without a meeting; beyond it, reconciliation opens — the council meets (assignment_close's
    two branches). Returns True when it settled. A round past its scoring deadline is left to the
    province's staff (a late close needs their reason)."""
    assignment = CouncilAssignment.objects.select_related("council", "dossier__round__framework").get(pk=assignment.pk)
    if assignment.state != AssignmentState.SCORING or assignment.revision != 1 or not written_opinions(assignment):
        return False
    status = assignment_status(assignment)
    if not status.eligible_ids or set(status.totals) != set(status.eligible_ids):
        return False
    try:
        _assignment_close(assignment, by=by)
    except (ValidationError, PermissionDenied):
        return False
    return True


def _quorum_message(quorum: scoring.Quorum) -> str:
    if quorum.submitted < quorum.required:
        return _("Chưa đủ số phiếu: %(submitted)s/%(required)s phiếu đã nộp.") % {
            "submitted": quorum.submitted,
            "required": quorum.required,
        }
    return _("Người chủ trì phiên họp chưa nộp phiếu chấm.")


def _close_with_result(assignment: CouncilAssignment, status: AssignmentStatus, by) -> None:
    result = assignment_result(assignment, status)
    assignment.state = AssignmentState.CLOSED
    assignment.closed_at = timezone.now()
    assignment.closed_by = by
    assignment.mean_score = Decimal(result["mean"])
    assignment.band_stars = result["band_stars"]
    assignment.final_stars = result["final_stars"]
    assignment.outcome = result["outcome"]
    assignment.result = result
    assignment.save()
    audit_log(
        actor=by,
        action="assignment.closed",
        obj=assignment,
        changes={"mean": result["mean"], "final_stars": result["final_stars"], "outcome": result["outcome"]},
    )
    dossier = assignment.dossier
    back_level = result["route_level"] if result["outcome"] == Outcome.BACK_TO_LOWER else None
    dossier_transition(dossier, DossierState.SCORED, by=by, level=back_level, by_service=True)
    if result["outcome"] == Outcome.FORWARD:
        dossier_transition(dossier, DossierState.FORWARDED, by=by, level=result["route_level"], by_service=True)


def assignment_result(assignment: CouncilAssignment, status: AssignmentStatus) -> dict:
    """The council's result as stored (and shown in the minutes): every figure as text."""
    dossier = assignment.dossier
    framework = dossier.round.framework
    decimals = framework.rounding_decimals
    bands = scoring.bands_from_framework(framework)
    chain = scoring.chain_from_framework(framework)
    members = scoring_members(assignment.council)
    declarations = {
        d.member_id: d for d in ConflictDeclaration.objects.filter(assignment=assignment).select_related("member__user")
    }
    recused = {pk for pk, d in declarations.items() if d.has_conflict}
    # The cards of the members whose totals make the mean (eligible, submitted): criterion
    # scores come from the same members (DOMAIN.md §5b).
    cards = list(
        Scorecard.objects.filter(assignment=assignment, state=ScorecardState.SUBMITTED, member_id__in=status.totals)
        .prefetch_related("answers")
        .order_by("member_id", "revision")
    )
    latest = {}
    for card in cards:
        latest[card.member_id] = card
    criteria = sheet_criteria(dossier, cards[0].sheet if cards else dossier.sheet)
    member_points = [{c.code: _points_of(card, c) for c in criteria} for card in latest.values()]
    criterion_scores = scoring.criterion_means(member_points, decimals)
    star_levels = sorted(b.stars for b in bands)
    gate_criteria = [
        scoring.GateCriterion(
            c.code, c.name, criterion_scores[c.code], c.requirements(star_levels), positive_from=c.min_star
        )
        for c in criteria
    ]
    mean_score = scoring.mean(status.totals.values(), decimals)
    band = scoring.band_for(mean_score, bands)
    gate = scoring.mandatory_gate(band.stars if band else 0, gate_criteria)
    route = scoring.route(chain, assignment.level, gate.final_stars, bands)
    by_member = {m.pk: m for m in members}
    method = {}
    if written_opinions(assignment):
        # decided by written opinions (no meeting) unless reconciliation made the council meet
        method = {"method": "written" if assignment.revision == 1 else "meeting"}
    return {
        **method,
        "framework": framework.code,
        "level": assignment.level,
        "decimals": decimals,
        "mean": str(mean_score),
        "band_stars": gate.band_stars,
        "final_stars": gate.final_stars,
        "recognised": scoring.is_recognised(gate.final_stars, bands),
        "outcome": route.outcome,
        "route_level": route.level,
        "spread": str(status.spread),
        "max_spread": str(status.max_spread),
        "quorum": {
            "eligible": status.quorum.eligible,
            "required": status.quorum.required,
            "submitted": status.quorum.submitted,
            "presiding": status.quorum.presiding_id,
        },
        "members": [
            {
                "member": m.pk,
                "name": m.user.display_name,
                "role": m.role,
                "present": m.pk in status.totals,
                "totals": {str(c.revision): str(c.total) for c in cards if c.member_id == m.pk},
                "counted": str(status.totals[m.pk]) if m.pk in status.totals else None,
            }
            for m in members
            if m.pk not in recused
        ],
        "recused": [
            {"member": pk, "name": by_member[pk].user.display_name if pk in by_member else "", "reason": d.reason}
            for pk, d in declarations.items()
            if d.has_conflict
        ],
        "criteria": [
            {
                "code": c.code,
                "name": c.name,
                "part": c.part,
                "max": str(c.max_points),
                "score": str(criterion_scores[c.code]),
                "commune": not c.scored_by_members,
                "requirements": {str(k): str(v) for k, v in c.requirements(star_levels).items()},
                **({"positive_from": c.min_star} if c.min_star else {}),
            }
            for c in criteria
        ],
        "failures": [
            {
                "code": f.code,
                "name": f.name,
                "stars": f.stars,
                "score": str(f.score),
                "required": str(f.required),
                **({"above": True} if f.above else {}),
            }
            for f in gate.failures
        ],
    }


def _points_of(card: Scorecard, criterion) -> Decimal:
    if not criterion.scored_by_members:
        return criterion.commune_points
    for answer in card.answers.all():
        if answer.criterion_id == criterion.id:
            return answer.points
    return Decimal(0)


def _notify_members(assignment: CouncilAssignment, subject: str) -> None:
    from django.urls import reverse

    members = [m.user for m in scoring_members(assignment.council)]
    url = reverse("evaluation:assignment_detail", args=[assignment.pk])
    notify(recipients=members, subject=f"{assignment.dossier.product.name}: {subject}", url=url)
