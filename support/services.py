"""Writes for support money: budget lines, grants, disbursements, award policies and proposals.

Money rules hold under concurrency on PostgreSQL: every write that can change what a budget line
has committed locks that line's row first (then the grant's), and recomputes the committed total
from the database inside the same transaction. Locks are always taken line → grant, and the audit
log (which takes its own advisory lock) is written last, so writers cannot deadlock.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log, model_changes, snapshot
from ocop_portal.core.templatetags.ocop import format_vnd

from .enums import COMMITTED_STATES, PAYABLE_STATES, AwardKind, GrantState, SupportCategory
from .models import AWARD_AMOUNT_FIELDS, AwardPolicy, BudgetLine, Disbursement, SupportGrant

logger = logging.getLogger(__name__)

# The grant state machine: `grant_transition` is the only writer of `SupportGrant.state`.
# Payments move a grant out of "approved"; a grant with payments cannot be cancelled.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    GrantState.PROPOSED: frozenset({GrantState.APPROVED, GrantState.CANCELLED}),
    GrantState.APPROVED: frozenset({GrantState.PAID_IN_PART, GrantState.PAID, GrantState.CANCELLED}),
    GrantState.PAID_IN_PART: frozenset({GrantState.PAID}),
    GrantState.PAID: frozenset(),
    GrantState.CANCELLED: frozenset(),
}

LINE_FIELDS = (
    "district_id",
    "year",
    "funding_source",
    "category",
    "allocated_amount",
    "decision_number",
    "decision_date",
    "note",
)
GRANT_AMOUNT_FIELDS = ("amount", "decision_number", "decision_date")


# Budget lines -----------------------------------------------------------------------------------


def budget_line_create(
    *,
    by,
    province,
    year: int,
    funding_source: str,
    category: str,
    allocated_amount: int,
    decision_number: str,
    decision_date,
    district=None,
    note: str = "",
) -> BudgetLine:
    """Record money allocated for a year. Side effects: one BudgetLine row, one audit entry."""
    line = BudgetLine(
        province=province,
        district=district,
        year=year,
        funding_source=funding_source,
        category=category,
        allocated_amount=allocated_amount,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    _validate_line_district(line)
    line.full_clean()
    with transaction.atomic():
        line.save()
        audit_log(actor=by, action="support.budget_line_create", obj=line, changes=model_changes({}, line, LINE_FIELDS))
    return line


def budget_line_update(*, line: BudgetLine, by, **values) -> BudgetLine:
    """Change a budget line's fields (any of LINE_FIELDS, with `district` for `district_id`).

    Refuses an allocation below what the line has already committed, and a district that would
    leave some of its grants' producers outside it. Side effects: the row, one audit entry.
    """
    with transaction.atomic():
        locked = BudgetLine.objects.select_for_update(no_key=True).get(pk=line.pk)
        before = snapshot(locked, LINE_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        _validate_line_district(locked)
        locked.full_clean()
        committed = _line_committed(locked.pk)
        if locked.allocated_amount < committed:
            raise ValidationError(
                {
                    "allocated_amount": _("Số phân bổ thấp hơn số đã cam kết %(amount)s")
                    % {"amount": format_vnd(committed - locked.allocated_amount)}
                }
            )
        if locked.district_id and locked.grants.exclude(producer__district_id=locked.district_id).exists():
            raise ValidationError({"district": _("Dòng ngân sách đã có khoản hỗ trợ cho chủ thể ngoài huyện này.")})
        locked.save()
        changes = model_changes(before, locked, LINE_FIELDS)
        if changes:
            audit_log(actor=by, action="support.budget_line_update", obj=locked, changes=changes)
    return locked


def _validate_line_district(line: BudgetLine) -> None:
    if line.district is not None and line.district.parent_id != line.province_id:
        raise ValidationError({"district": _("Huyện không thuộc tỉnh của dòng ngân sách.")})


def _line_committed(line_id: int, *, excluding_grant_id: int | None = None) -> int:
    grants = SupportGrant.objects.filter(budget_line_id=line_id, state__in=COMMITTED_STATES)
    if excluding_grant_id is not None:
        grants = grants.exclude(pk=excluding_grant_id)
    return grants.aggregate(total=Sum("amount"))["total"] or 0


def _check_line_room(line: BudgetLine, amount: int, *, grant_id: int) -> None:
    """Refuse `amount` for grant `grant_id` if the (locked) line has not that much left."""
    remaining = line.allocated_amount - _line_committed(line.pk, excluding_grant_id=grant_id)
    if amount > remaining:
        raise ValidationError(
            _("Vượt số còn lại của dòng ngân sách %(amount)s") % {"amount": format_vnd(amount - remaining)}
        )


# Grants -----------------------------------------------------------------------------------------


def grant_transition(grant: SupportGrant, to: str, *, by, note: str = "", changes: dict | None = None) -> SupportGrant:
    """The one writer of a grant's state. The caller holds the grant's row lock.

    Side effects: the state column, one audit entry (with `changes` made alongside, if any).
    """
    if to not in ALLOWED_TRANSITIONS[grant.state]:
        raise ValidationError(
            _("Không thể chuyển khoản hỗ trợ từ “%(current)s” sang “%(target)s”.")
            % {"current": GrantState(grant.state).label, "target": GrantState(to).label}
        )
    previous = grant.state
    grant.state = to
    grant.save(update_fields=["state", "updated_at"])
    audit_log(
        actor=by,
        action=f"support.grant_{to}",
        obj=grant,
        changes={**(changes or {}), "state": [previous, to]},
        note=note,
    )
    return grant


def grant_propose(
    *,
    by,
    producer,
    budget_line: BudgetLine,
    amount: int,
    description: str,
    product=None,
    units: int = 1,
    counterpart_amount: int = 0,
    total_project_cost: int | None = None,
    source_key: str = "",
) -> SupportGrant:
    """Propose support for a producer. A proposal commits no money until approved.

    Side effects: one SupportGrant row in state "proposed", one audit entry.
    """
    grant = SupportGrant(
        producer=producer,
        product=product,
        budget_line=budget_line,
        amount=amount,
        units=units,
        description=description,
        counterpart_amount=counterpart_amount,
        total_project_cost=total_project_cost,
        source_key=source_key,
        proposed_by=by if by is not None and by.is_authenticated else None,
    )
    _validate_grant(grant)
    with transaction.atomic():
        grant.save()
        audit_log(
            actor=by,
            action="support.grant_propose",
            obj=grant,
            changes=model_changes({}, grant, ("producer_id", "product_id", "budget_line_id", "amount")),
        )
    return grant


def _validate_grant(grant: SupportGrant) -> None:
    errors = {}
    line, producer = grant.budget_line, grant.producer
    if grant.product is not None and grant.product.producer_id != producer.pk:
        errors["product"] = _("Sản phẩm không thuộc chủ thể này.")
    if producer.province_id != line.province_id:
        errors["producer"] = _("Chủ thể không thuộc tỉnh của dòng ngân sách.")
    elif line.district_id is not None and producer.district_id != line.district_id:
        errors["budget_line"] = _("Dòng ngân sách này chỉ dành cho chủ thể của huyện %(district)s.") % {
            "district": line.district
        }
    if grant.total_project_cost is not None and grant.amount + grant.counterpart_amount > grant.total_project_cost:
        errors["total_project_cost"] = _("Tổng kinh phí dự án nhỏ hơn kinh phí hỗ trợ cộng vốn đối ứng %(amount)s.") % {
            "amount": format_vnd(grant.amount + grant.counterpart_amount - grant.total_project_cost)
        }
    if errors:
        raise ValidationError(errors)
    grant.full_clean()


def grant_approve(
    *, grant: SupportGrant, by, decision_number: str, decision_date, amount: int | None = None
) -> SupportGrant:
    """Approve a proposed grant (optionally at a different amount) under a support decision.

    Refused when the line's remaining amount is smaller ("Vượt số còn lại … <by how much> đ").
    Side effects: the grant's amount/decision/state, one audit entry.
    """
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update(no_key=True).get(pk=grant.budget_line_id)
        locked = _lock_grant(grant)
        before = snapshot(locked, GRANT_AMOUNT_FIELDS)
        if amount is not None:
            locked.amount = amount
        locked.decision_number = decision_number
        locked.decision_date = decision_date
        if not decision_number or decision_date is None:
            raise ValidationError(_("Cần số và ngày quyết định hỗ trợ để phê duyệt."))
        if locked.state == GrantState.PROPOSED:
            locked.full_clean()
            _check_line_room(line, locked.amount, grant_id=locked.pk)
            locked.save(update_fields=[*GRANT_AMOUNT_FIELDS, "updated_at"])
        grant_transition(locked, GrantState.APPROVED, by=by, changes=model_changes(before, locked, GRANT_AMOUNT_FIELDS))
    return locked


def grant_change_amount(*, grant: SupportGrant, amount: int, by, note: str = "") -> SupportGrant:
    """Change the amount of an approved or part-paid grant (a supplementary decision).

    Raising it is refused beyond the line's remaining amount; lowering it below what was already
    paid is refused; lowering it to exactly what was paid makes the grant paid.
    Side effects: the grant's amount (and state), one or two audit entries.
    """
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update(no_key=True).get(pk=grant.budget_line_id)
        locked = _lock_grant(grant)
        if locked.state not in PAYABLE_STATES:
            raise ValidationError(_("Chỉ điều chỉnh kinh phí của khoản hỗ trợ đã phê duyệt và chưa chi đủ."))
        paid = _grant_paid(locked.pk)
        if amount < paid:
            raise ValidationError(_("Thấp hơn số đã chi %(amount)s") % {"amount": format_vnd(paid - amount)})
        _check_line_room(line, amount, grant_id=locked.pk)
        before = snapshot(locked, ("amount",))
        locked.amount = amount
        locked.full_clean()
        locked.save(update_fields=["amount", "updated_at"])
        changes = model_changes(before, locked, ("amount",))
        if amount == paid:
            grant_transition(locked, GrantState.PAID, by=by, note=note, changes=changes)
        elif changes:
            audit_log(actor=by, action="support.grant_change_amount", obj=locked, changes=changes, note=note)
    return locked


def grant_cancel(*, grant: SupportGrant, by, note: str) -> SupportGrant:
    """Cancel a proposed or approved (unpaid) grant; its money returns to the line.

    Side effects: the state, one audit entry with the reason.
    """
    if not note.strip():
        raise ValidationError({"note": _("Cần ghi lý do hủy.")})
    with transaction.atomic():
        # The grant's row lock is enough: cancelling only gives money back to the line, which no
        # check of a parallel approval or change can be hurt by.
        locked = _lock_grant(grant)
        grant_transition(locked, GrantState.CANCELLED, by=by, note=note)
    return locked


def _lock_grant(grant: SupportGrant) -> SupportGrant:
    # of=("self",): lock the grant row only; callers that need the line lock it first, by itself.
    return (
        SupportGrant.objects.select_for_update(no_key=True, of=("self",)).select_related("budget_line").get(pk=grant.pk)
    )


def _grant_paid(grant_id: int) -> int:
    return Disbursement.objects.filter(grant_id=grant_id).aggregate(total=Sum("amount"))["total"] or 0


# Disbursements ----------------------------------------------------------------------------------


def disbursement_create(*, grant: SupportGrant, by, paid_on, amount: int, note: str = "") -> Disbursement:
    """Record a payment on an approved grant; refused beyond what the grant has left to pay.

    Side effects: one Disbursement row, its audit entry, and the grant moves to "paid in part"
    or "paid" (with its own audit entry) when the payment changes that.
    """
    with transaction.atomic():
        locked = _lock_grant(grant)
        if locked.state not in PAYABLE_STATES:
            raise ValidationError(_("Chỉ chi cho khoản hỗ trợ đã phê duyệt và chưa chi đủ."))
        if locked.decision_date and paid_on < locked.decision_date:
            raise ValidationError({"paid_on": _("Ngày chi không được trước ngày quyết định hỗ trợ.")})
        paid = _grant_paid(locked.pk)
        left = locked.amount - paid
        if amount > left:
            raise ValidationError(
                _("Vượt số còn lại của khoản hỗ trợ %(amount)s") % {"amount": format_vnd(amount - left)}
            )
        disbursement = Disbursement(grant=locked, paid_on=paid_on, amount=amount, note=note, created_by=by)
        disbursement.full_clean()
        disbursement.save()
        audit_log(
            actor=by,
            action="support.disbursement_create",
            obj=disbursement,
            changes={"amount": ["", str(amount)], "paid_on": ["", paid_on.isoformat()]},
            note=note,
        )
        target = GrantState.PAID if paid + amount == locked.amount else GrantState.PAID_IN_PART
        if target != locked.state:
            grant_transition(locked, target, by=by, changes={"paid": [str(paid), str(paid + amount)]})
    return disbursement


# Results-based awards ---------------------------------------------------------------------------


def award_policy_save(*, province, year: int, by, amounts: dict[str, int]) -> AwardPolicy:
    """Create or change the province's award amounts for a year (`amounts` keyed by AWARD_AMOUNT_FIELDS).

    Side effects: the AwardPolicy row, one audit entry when something changed.
    """
    unknown = set(amounts) - set(AWARD_AMOUNT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown award fields: {sorted(unknown)}")
    with transaction.atomic():
        policy = AwardPolicy.objects.select_for_update(no_key=True).filter(province=province, year=year).first()
        if policy is None:
            policy = AwardPolicy(province=province, year=year)
        before = snapshot(policy, AWARD_AMOUNT_FIELDS) if policy.pk else {}
        for name, value in amounts.items():
            setattr(policy, name, value)
        policy.full_clean()
        policy.save()
        changes = model_changes(before, policy, AWARD_AMOUNT_FIELDS)
        if changes:
            audit_log(actor=by, action="support.award_policy_save", obj=policy, changes=changes)
    return policy


def award_propose_for_recognition(
    *, province, year: int, producer, product, stars: int, kind: str, source_key: str, by=None
) -> SupportGrant | None:
    """Propose the results-based award for one recognition, once. Called when a recognition
    commits, by support's receiver of evaluation.signals.recognition_decided (support/receivers.py).

    Arguments: the province and the year whose award policy applies (normally the decision's
    year), the recognised product and its producer, the stars recognised, `kind` (an AwardKind:
    first recognition, re-evaluation at the same star, upgrade), and `source_key`, a stable
    key of the recognition (e.g. "certificate:<id>") that makes the call idempotent.

    Returns the proposed grant; on a repeat call with the same `source_key` the grant proposed
    the first time (the database's unique constraint on `source_key` settles concurrent calls).
    Returns None, and writes nothing, when no policy applies: no policy for the province and
    year, a zero amount for this kind and star level, stars below 3, or no results-based-award
    budget line for the year (that last case is logged as a warning, since staff must add a line).
    A line of the producer's district is preferred to a province-wide one.

    Side effects: one SupportGrant in state "proposed" (it commits no money until staff approve
    it) and one audit entry.
    """
    if not source_key:
        raise ValueError("award_propose_for_recognition needs a source_key")
    existing = SupportGrant.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing
    policy = AwardPolicy.objects.filter(province=province, year=year).first()
    amount = policy.amount_for(kind=kind, stars=stars) if policy is not None else 0
    if not amount:
        return None
    line = (
        BudgetLine.objects.filter(province=province, year=year, category=SupportCategory.RESULTS_AWARD)
        .filter(Q(district__isnull=True) | Q(district_id=producer.district_id))
        .order_by(F("district_id").asc(nulls_last=True), "id")
        .first()
    )
    if line is None:
        logger.warning(
            "No results-based award budget line for province %s in %s; %s not proposed", province, year, source_key
        )
        return None
    description = _("Thưởng theo kết quả: %(kind)s %(stars)s sao — %(product)s") % {
        "kind": AwardKind(kind).label,
        "stars": stars,
        "product": product,
    }
    try:
        with transaction.atomic():
            return grant_propose(
                by=by,
                producer=producer,
                product=product,
                budget_line=line,
                amount=amount,
                description=description,
                source_key=source_key,
            )
    except (IntegrityError, ValidationError):
        # Another call for the same recognition won the race (the unique constraint, or
        # full_clean's check of it, refused this one): its grant is the award.
        existing = SupportGrant.objects.filter(source_key=source_key).first()
        if existing is None:
            raise
        return existing
