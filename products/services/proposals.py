"""A producer's proposed edits to its own record, and their review by the district or province."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log, notify

from ..enums import AuditAction, ProposalState
from ..models import EditProposal, Producer, Product
from .registry import producer_update, product_update

PROPOSABLE_PRODUCER_FIELDS = ("name", "tax_code", "representative", "phone", "email", "address")
PROPOSABLE_PRODUCT_FIELDS = ("name", "description", "status")


def proposable_fields(target) -> tuple[str, ...]:
    return PROPOSABLE_PRODUCT_FIELDS if isinstance(target, Product) else PROPOSABLE_PRODUCER_FIELDS


def _reviewers(producer: Producer):
    return get_user_model().objects.filter(
        Q(officer_district_id=producer.district_id)
        | Q(officer_commune_id=producer.commune_id)
        | Q(staff_province_id=producer.province_id),
        is_active=True,
    )


def edit_proposal_create(
    *, actor, producer: Producer, data: dict, product: Product | None = None, note: str = ""
) -> EditProposal:
    """Record the fields of `data` that differ from the current record as a pending proposal.

    `changes` holds {"fields": {field: [current, proposed]}, "base_version": n, "note": text}.
    Side effects: one EditProposal row, one audit entry, a notification to the district officers
    and province staff of the producer.
    """
    target = product if product is not None else producer
    if product is not None and product.producer_id != producer.pk:
        raise ValueError("the product does not belong to the producer")
    fields = {}
    for field in proposable_fields(target):
        if field in data:
            current, proposed = str(getattr(target, field)), str(data[field]).strip()
            if current != proposed:
                fields[field] = [current, proposed]
    if not fields:
        raise ValidationError(_("Đề nghị chưa thay đổi thông tin nào."), code="no_change")
    proposal = EditProposal(
        producer=producer,
        product=product,
        proposed_by=actor,
        changes={"fields": fields, "base_version": target.version, "note": note.strip()},
    )
    proposal.full_clean()
    with transaction.atomic():
        proposal.save()
        audit_log(actor=actor, action=AuditAction.PROPOSAL_CREATED, obj=proposal, changes=fields, note=note)
        notify(
            recipients=_reviewers(producer),
            subject=_("Đề nghị sửa thông tin của “%(target)s”") % {"target": target},
            body=_("%(user)s đề nghị sửa %(count)s thông tin.") % {"user": actor, "count": len(fields)},
            url=reverse("products:proposal_review", args=[proposal.pk]),
        )
    return proposal


def _lock_pending(proposal: EditProposal) -> EditProposal:
    locked = EditProposal.objects.select_for_update(no_key=True).get(pk=proposal.pk)
    if locked.state != ProposalState.PENDING:
        raise ValidationError(_("Đề nghị này đã được xem xét."), code="already_reviewed")
    return locked


def _close(proposal: EditProposal, *, actor, state: str, note: str, action: str) -> None:
    proposal.state = state
    proposal.reviewed_by = actor
    proposal.reviewed_at = timezone.now()
    proposal.review_note = note.strip()
    proposal.full_clean()
    proposal.save()
    audit_log(actor=actor, action=action, obj=proposal, changes={"state": [ProposalState.PENDING, state]}, note=note)
    notify(
        recipients=[proposal.proposed_by],
        subject=_("Đề nghị sửa thông tin “%(target)s”: %(state)s")
        % {"target": proposal.product or proposal.producer, "state": proposal.get_state_display()},
        body=proposal.review_note,
        url=reverse("products:proposal_review", args=[proposal.pk]),
    )


def edit_proposal_accept(*, proposal: EditProposal, actor, expected_version: int, note: str = "") -> EditProposal:
    """Apply the proposed values to the record (if it is still at `expected_version`) and close it.

    Side effects: the producer or product update (its own audit entry), the proposal closed with
    its audit entry, a notification to the proposer.
    """
    with transaction.atomic():
        locked = _lock_pending(proposal)
        data = {field: values[1] for field, values in locked.changes["fields"].items()}
        reason = _("Theo đề nghị sửa thông tin số %(number)s") % {"number": locked.pk}
        if locked.product_id:
            product_update(
                product=locked.product, actor=actor, expected_version=expected_version, data=data, note=reason
            )
        else:
            producer_update(
                producer=locked.producer, actor=actor, expected_version=expected_version, data=data, note=reason
            )
        _close(locked, actor=actor, state=ProposalState.ACCEPTED, note=note, action=AuditAction.PROPOSAL_ACCEPTED)
    return locked


def edit_proposal_reject(*, proposal: EditProposal, actor, note: str) -> EditProposal:
    """Close the proposal unapplied; the reason is required so the producer knows what to fix.

    Side effects: the proposal row, one audit entry, a notification to the proposer.
    """
    if not note.strip():
        raise ValidationError({"note": _("Hãy ghi lý do không chấp nhận.")}, code="reason_required")
    with transaction.atomic():
        locked = _lock_pending(proposal)
        _close(locked, actor=actor, state=ProposalState.REJECTED, note=note, action=AuditAction.PROPOSAL_REJECTED)
    return locked
