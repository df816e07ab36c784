"""Rounds (đợt đánh giá): creation, editing, per-level deadlines, and the round's state machine.

The deadline check lives here too (`round_check_deadline`), so every service that acts within a
round — dossiers here, councils and decisions elsewhere — refuses a late action with the same
message and leaves nothing changed.
"""

import datetime
import itertools
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.core.services import audit_log, model_changes, snapshot

from ..enums import Level, RoundState
from ..models import Framework, FrameworkLevel, Round, RoundDeadline
from ..rules.dossiers import can_manage_round

ROUND_FIELDS = ("year", "number", "framework", "title", "opens_on", "expired_framework_reason")
DEADLINE_STEPS = ("submission", "completeness_check", "scoring", "decision")

# The round's one state machine: (from, to) pairs allowed. A closed round stays closed; a new
# round is opened instead, so results already decided are never reopened by accident.
ROUND_TRANSITIONS = {
    (RoundState.PLANNED, RoundState.OPEN),
    (RoundState.OPEN, RoundState.CLOSED),
}

_LATE_MESSAGES = {
    "submission": gettext_lazy("Đã quá hạn nộp hồ sơ của đợt này (%(date)s)."),
    "completeness_check": gettext_lazy("Đã quá hạn kiểm tra hồ sơ của đợt này (%(date)s)."),
    "scoring": gettext_lazy("Đã quá hạn Hội đồng chấm điểm của đợt này (%(date)s)."),
    "decision": gettext_lazy("Đã quá hạn ban hành quyết định của đợt này (%(date)s)."),
}


@dataclass(frozen=True)
class DeadlineInput:
    level: str
    submission: datetime.date | None = None
    completeness_check: datetime.date | None = None
    scoring: datetime.date | None = None
    decision: datetime.date | None = None


def _require_manager(round_: Round, by) -> None:
    if not can_manage_round.test(by, round_):
        raise PermissionDenied(_("Chỉ cán bộ Sở NN&PTNT của tỉnh được quản lý đợt đánh giá."))


def _save_round(round_: Round) -> None:
    round_.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            round_.save()
    except IntegrityError as error:
        raise ValidationError(
            {"number": _("Năm %(year)s đã có đợt %(number)s.") % {"year": round_.year, "number": round_.number}}
        ) from error


def _check_framework(round_: Round) -> None:
    """A round opening on a date its framework is not in force needs an explicit reason
    (DOMAIN.md §1: a historical round, or a dossier finishing under the old rules)."""
    if not round_.opens_on or round_.framework.in_force_on(round_.opens_on):
        round_.expired_framework_reason = ""
        return
    if not round_.expired_framework_reason.strip():
        framework = round_.framework
        raise ValidationError(
            {
                "expired_framework_reason": _(
                    "“%(framework)s” không còn hiệu lực vào ngày mở đợt %(opens)s (hiệu lực %(start)s – %(end)s). "
                    "Hãy chọn khung đang có hiệu lực hoặc ghi rõ lý do dùng khung này."
                )
                % {
                    "framework": framework,
                    "opens": _short_date(round_.opens_on),
                    "start": _short_date(framework.valid_from),
                    "end": _short_date(framework.valid_until) or "…",
                }
            }
        )


def round_create(
    *,
    province,
    year: int,
    number: int,
    by,
    framework: Framework | None = None,
    title: str = "",
    opens_on: datetime.date | None = None,
    expired_framework_reason: str = "",
) -> Round:
    """Create a planned round in `province`.

    Without `framework`, the round takes the framework in force on its opening date (today when
    none is given). A framework not in force on `opens_on` needs `expired_framework_reason` (the
    round page always asks the opening date; without one nothing is checked).
    Side effects: one Round row and an audit entry. Raises PermissionDenied unless `by` is the
    province's staff, ValidationError when the year already has that round number, or for an
    expired framework chosen without a reason.
    """
    from ..reference import framework_in_force

    if framework is None:
        framework = framework_in_force(opens_on or timezone.localdate())
        if framework is None:
            raise ValidationError({"framework": _("Không có khung pháp lý nào có hiệu lực vào ngày mở đợt.")})
    round_ = Round(
        province=province,
        framework=framework,
        year=year,
        number=number,
        title=title,
        opens_on=opens_on,
        expired_framework_reason=expired_framework_reason.strip(),
    )
    _require_manager(round_, by)
    _check_framework(round_)
    with transaction.atomic():
        _save_round(round_)
        changes = {"state": ["", round_.state], "framework": ["", framework.code]}
        if round_.expired_framework_reason:
            changes["expired_framework_reason"] = ["", round_.expired_framework_reason]
        audit_log(actor=by, action="round.create", obj=round_, changes=changes)
    return round_


def round_update(*, round_: Round, by, **fields) -> Round:
    """Change year, number, framework or title. The framework is fixed once dossiers exist, because
    each dossier took its sheet and its chain of levels from it.

    Side effects: the Round row and an audit entry listing the changed fields.
    """
    _require_manager(round_, by)
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise ValueError(f"round_update got unknown fields: {sorted(unknown)}")
    if round_.state == RoundState.CLOSED:
        raise ValidationError(_("Đợt đã đóng, không thể sửa."))
    new_framework = fields.get("framework")
    if new_framework is not None and new_framework.pk != round_.framework_id and round_.dossiers.exists():
        raise ValidationError({"framework": _("Đợt đã có hồ sơ nên không thể đổi khung pháp lý.")})
    before = snapshot(round_, ROUND_FIELDS)
    for name, value in fields.items():
        setattr(round_, name, value)
    _check_framework(round_)
    with transaction.atomic():
        _save_round(round_)
        changes = model_changes(before, round_, ROUND_FIELDS)
        if changes:
            audit_log(actor=by, action="round.update", obj=round_, changes=changes)
    return round_


def round_set_deadlines(*, round_: Round, deadlines: list[DeadlineInput], by) -> list[RoundDeadline]:
    """Replace the round's per-level deadlines.

    Each level must belong to the round's framework, and within a level the steps must be in
    order (submission ≤ check ≤ scoring ≤ decision). Side effects: RoundDeadline rows created,
    updated or deleted (a level with no dates at all); one audit entry.
    """
    _require_manager(round_, by)
    chain = set(FrameworkLevel.objects.filter(framework_id=round_.framework_id).values_list("level", flat=True))
    errors = []
    for item in deadlines:
        if item.level not in chain:
            errors.append(_("Cấp “%(level)s” không thuộc khung pháp lý của đợt.") % {"level": Level(item.level).label})
            continue
        dates = [(step, getattr(item, step)) for step in DEADLINE_STEPS if getattr(item, step)]
        for (first_step, first), (second_step, second) in itertools.pairwise(dates):
            if second < first:
                errors.append(
                    _("%(level)s: “%(second)s” (%(second_date)s) không được trước “%(first)s” (%(first_date)s).")
                    % {
                        "level": Level(item.level).label,
                        "first": RoundDeadline._meta.get_field(first_step).verbose_name,
                        "second": RoundDeadline._meta.get_field(second_step).verbose_name,
                        "first_date": _short_date(first),
                        "second_date": _short_date(second),
                    }
                )
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for item in deadlines:
            values = {step: getattr(item, step) for step in DEADLINE_STEPS}
            if not any(values.values()):
                RoundDeadline.objects.filter(round=round_, level=item.level).delete()
                continue
            deadline, _created = RoundDeadline.objects.update_or_create(round=round_, level=item.level, defaults=values)
            saved.append(deadline)
        audit_log(
            actor=by,
            action="round.deadlines",
            obj=round_,
            changes={
                d.level: [step + "=" + (_short_date(getattr(d, step)) or "-") for step in DEADLINE_STEPS] for d in saved
            },
        )
    return saved


def round_transition(round_: Round, to: str, *, by) -> Round:
    """The one function that changes Round.state: planned → open → closed.

    Side effects: the Round row (locked while changing) and an audit entry. Raises
    ValidationError for a move the table forbids, PermissionDenied unless `by` is the province's
    staff.
    """
    _require_manager(round_, by)
    with transaction.atomic():
        locked = Round.objects.select_for_update(no_key=True).get(pk=round_.pk)
        if (locked.state, to) not in ROUND_TRANSITIONS:
            raise ValidationError(
                _("Không thể chuyển đợt từ “%(from)s” sang “%(to)s”.")
                % {"from": RoundState(locked.state).label, "to": RoundState(to).label}
            )
        previous = locked.state
        locked.state = to
        locked.save(update_fields=["state"])
        audit_log(actor=by, action=f"round.{to}", obj=locked, changes={"state": [previous, to]})
    round_.refresh_from_db()
    return round_


def round_require_open(round_: Round) -> None:
    if round_.state != RoundState.OPEN:
        raise ValidationError(
            _("Đợt “%(round)s” không mở nhận hồ sơ (trạng thái: %(state)s).")
            % {"round": round_, "state": RoundState(round_.state).label}
        )


def round_deadline(round_: Round, *, level: str, step: str) -> datetime.date | None:
    if step not in DEADLINE_STEPS:
        raise ValueError(f"unknown deadline step {step!r}")
    return RoundDeadline.objects.filter(round=round_, level=level).values_list(step, flat=True).first()


def round_check_deadline(round_: Round, *, level: str, step: str, today: datetime.date | None = None) -> None:
    """Refuse (ValidationError) an action of `step` at `level` after that day's deadline.

    The deadline day itself is still in time. A level without that deadline has no limit.
    """
    deadline = round_deadline(round_, level=level, step=step)
    today = today or timezone.localdate()
    if deadline is not None and today > deadline:
        raise ValidationError(str(_LATE_MESSAGES[step]) % {"date": _short_date(deadline)})


def _short_date(value: datetime.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


@dataclass(frozen=True)
class LateOverride:
    """A step taken after its deadline because province staff said why (round_check_deadline_for)."""

    round: Round
    level: str
    step: str
    deadline: datetime.date
    reason: str


def round_check_deadline_for(
    round_: Round, *, level: str, step: str, by, late_reason: str = "", today: datetime.date | None = None
) -> LateOverride | None:
    """round_check_deadline for a step province staff may still take late, stating why.

    In time → None. Late without a reason → the deadline's ValidationError (naming the override
    to province staff). Late with a reason → PermissionDenied unless `by` manages the round;
    for the round's staff a LateOverride the caller records with round_late_override_audit
    inside its own transaction, after its row locks.
    """
    deadline = round_deadline(round_, level=level, step=step)
    today = today or timezone.localdate()
    if deadline is None or today <= deadline:
        return None
    reason = late_reason.strip()
    late = str(_LATE_MESSAGES[step]) % {"date": _short_date(deadline)}
    if not reason:
        if can_manage_round.test(by, round_):
            late += " " + _("Cán bộ Sở vẫn có thể thực hiện sau hạn khi ghi rõ lý do.")
        raise ValidationError({"late_reason": late})
    if not can_manage_round.test(by, round_):
        raise PermissionDenied(_("Chỉ cán bộ Sở NN&PTNT của tỉnh được thực hiện sau hạn."))
    return LateOverride(round=round_, level=level, step=step, deadline=deadline, reason=reason)


def round_late_override_audit(override: LateOverride | None, *, obj, by) -> None:
    """The audit entry of a step taken after its deadline (nothing for a step in time)."""
    if override is None:
        return
    audit_log(
        actor=by,
        action="round.late_override",
        obj=obj,
        changes={
            "round": override.round.pk,
            "level": override.level,
            "step": override.step,
            "deadline": _short_date(override.deadline),
        },
        note=override.reason,
    )


def round_from_template(*, province, year: int, pair: int, by) -> Round:
    """A round from the framework's Art. 5 pairs (QĐ 26/2026: commune requests by 30/4 → decided
    by 30/6; by 30/10 → by 30/12), under the framework in force on the request date.

    The round opens the day after the previous pair's request date (1 January for the first), or
    on the framework's first day if later. Deadlines: at the level that only checks, the request
    date is its completeness check and the producer files 15 working days (the framework's
    clock) before it; the province decides by the decision date. Extra rounds are made with
    round_create. Side effects: as round_create and round_set_deadlines. Raises ValidationError
    for a pair the framework does not define.
    """
    from ocop_portal.core.workdays import add_working_days

    from ..reference import framework_in_force

    def on(month_day: str) -> datetime.date:
        month, day = (int(part) for part in month_day.split("-"))
        return datetime.date(year, month, day)

    probe = framework_in_force(datetime.date(year, 12, 31))
    pairs = list(probe.round_pairs if probe else [])
    if not 1 <= pair <= len(pairs):
        raise ValidationError({"pair": _("Khung pháp lý không quy định đợt %(pair)s trong năm.") % {"pair": pair}})
    request_by, decide_by = on(pairs[pair - 1]["request_by"]), on(pairs[pair - 1]["decide_by"])
    framework = framework_in_force(request_by)
    if framework is None or framework.pk != probe.pk:
        raise ValidationError(
            {
                "pair": _("Ngày %(date)s chưa thuộc thời gian hiệu lực của “%(framework)s”.")
                % {"date": _short_date(request_by), "framework": probe}
            }
        )
    opens = on(pairs[pair - 2]["request_by"]) + datetime.timedelta(days=1) if pair > 1 else datetime.date(year, 1, 1)
    opens = max(opens, framework.valid_from)
    check_days = framework.clock("commune_check_working_days") or 0
    levels = list(FrameworkLevel.objects.filter(framework=framework).order_by("order"))
    with transaction.atomic():
        round_ = round_create(
            province=province,
            framework=framework,
            year=year,
            number=pair,
            title=_("Đợt %(pair)s năm %(year)s (xã đề nghị trước %(request)s, quyết định trước %(decide)s)")
            % {"pair": pair, "year": year, "request": _short_date(request_by), "decide": _short_date(decide_by)},
            opens_on=opens,
            by=by,
        )
        deadlines = []
        for level in levels:
            if level.level == Level.CENTRAL:
                continue
            if not level.scores:
                deadlines.append(
                    DeadlineInput(
                        level=level.level,
                        submission=add_working_days(request_by, -check_days),
                        completeness_check=request_by,
                    )
                )
            else:
                deadlines.append(DeadlineInput(level=level.level, decision=decide_by))
        round_set_deadlines(round_=round_, deadlines=deadlines, by=by)
    return round_
