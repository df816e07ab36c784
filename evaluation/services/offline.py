"""Answers a council member made offline, sent when the connection returns.

The device sends each answer with the one it started from (its base: the option and comment it
last had from the server). The answer is saved only when the server still holds that base and the
card can still be changed; otherwise nothing is written and the conflict comes back with the
server's value, so the member sees both and chooses (never silently overwritten, never lost:
the device keeps its value until the member decides).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import AssignmentState, ScorecardState
from ..models import ConflictDeclaration, CouncilAssignment, Scorecard, ScorecardAnswer
from .scorecards import member_for, scorecard_answer, sheet_criteria


class ConflictReason:
    CHANGED = "changed"  # the answer was changed elsewhere (another device) since the device's base
    SUBMITTED = "submitted"  # the card was submitted meanwhile
    CLOSED = "closed"  # the council closed scoring on the dossier
    RECUSED = "recused"  # the member declared a conflict of interest meanwhile
    REVISION = "revision"  # reconciliation opened: the card is an earlier revision


@dataclass(frozen=True)
class ServerAnswer:
    option_id: int | None
    comment: str


class AnswerConflict(Exception):
    def __init__(self, reason: str, server: ServerAnswer):
        super().__init__(reason)
        self.reason = reason
        self.server = server

    @property
    def message(self) -> str:
        return {
            ConflictReason.CHANGED: _("Câu trả lời này đã được sửa ở nơi khác sau khi bạn sửa trên máy này."),
            ConflictReason.SUBMITTED: _("Phiếu chấm đã được nộp nên không sửa được nữa."),
            ConflictReason.CLOSED: _("Hội đồng đã kết thúc chấm hồ sơ này."),
            ConflictReason.RECUSED: _("Bạn đã khai báo xung đột lợi ích với hồ sơ này nên không chấm điểm."),
            ConflictReason.REVISION: _("Hội đồng đã mở lần chấm lại: hãy mở phiếu chấm mới."),
        }[self.reason]


def _server_answer(card: Scorecard, criterion_id: int) -> ServerAnswer:
    stored = (
        ScorecardAnswer.objects.filter(scorecard=card, criterion_id=criterion_id).values("option_id", "comment").first()
    )
    return ServerAnswer(stored["option_id"], stored["comment"]) if stored else ServerAnswer(None, "")


def scorecard_answer_sync(
    *,
    assignment: CouncilAssignment,
    user,
    card_id: int,
    criterion_id: int,
    option_id: int | None,
    comment: str,
    base_option_id: int | None,
    base_comment: str,
) -> ScorecardAnswer | None:
    """Save an answer made offline if nothing changed under it.

    Side effects: as scorecard_answer (one ScorecardAnswer upserted or deleted, the card's total).
    Raises AnswerConflict (nothing written) when the card changed since the device's base, or
    can no longer be changed; PermissionDenied for a card that is not the user's; ValidationError
    for an option or criterion not on the card.
    """
    member = member_for(assignment, user)
    card = (
        Scorecard.objects.filter(pk=card_id, assignment_id=assignment.pk, member=member).select_related("sheet").first()
        if member is not None
        else None
    )
    if card is None:
        raise PermissionDenied(_("Đây không phải phiếu chấm của bạn."))
    criteria = sheet_criteria(assignment.dossier, card.sheet)
    with transaction.atomic():
        # The card's row lock, as every autosave takes it: two devices' answers queue here.
        locked = Scorecard.objects.select_for_update(no_key=True).get(pk=card.pk)
        server = _server_answer(locked, criterion_id)
        current = CouncilAssignment.objects.values("state", "revision").get(pk=assignment.pk)
        if ConflictDeclaration.objects.filter(assignment_id=assignment.pk, member=member, has_conflict=True).exists():
            raise AnswerConflict(ConflictReason.RECUSED, server)
        if current["state"] == AssignmentState.CLOSED:
            raise AnswerConflict(ConflictReason.CLOSED, server)
        if locked.state != ScorecardState.DRAFT:
            raise AnswerConflict(ConflictReason.SUBMITTED, server)
        if locked.revision != current["revision"]:
            raise AnswerConflict(ConflictReason.REVISION, server)
        if server != ServerAnswer(base_option_id, base_comment.strip()):
            if server == ServerAnswer(option_id, comment.strip()):
                return None  # the same answer reached the server another way: nothing to do
            raise AnswerConflict(ConflictReason.CHANGED, server)
        locked.member, locked.assignment, locked.sheet = member, assignment, card.sheet
        return scorecard_answer(
            scorecard=locked,
            criterion_id=criterion_id,
            option_id=option_id,
            comment=comment,
            by=user,
            criteria=criteria,
        )
