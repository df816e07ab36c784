"""Scorecards: opening (after a conflict declaration), autosaving answers, submitting.

Lock order everywhere: the assignment row, then the scorecard row (council closing takes the
assignment row too), so a submit and a close never interleave.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from .. import scoring
from ..enums import AssignmentState, ScorecardState, SheetState
from ..models import (
    AnswerOption,
    ConflictDeclaration,
    CouncilAssignment,
    CouncilMember,
    Criterion,
    CriterionCase,
    Scorecard,
    ScorecardAnswer,
)


@dataclass
class SheetOption:
    id: int
    number: int
    text: str
    points: Decimal
    marker: int | None


@dataclass
class SheetCriterion:
    """A criterion as scored on one dossier: its case chosen, its options and maximum for that case."""

    id: int
    code: str
    name: str
    part: str
    group: str
    evidence: str
    max_points: Decimal
    case_name: str = ""
    options: list[SheetOption] = field(default_factory=list)
    # Under QĐ 1489 some criteria are the commune's: members do not score them.
    commune_points: Decimal | None = None
    # A star marker printed on the criterion itself: from that level up it must score above 0.
    min_star: int | None = None

    @property
    def scored_by_members(self) -> bool:
        return self.commune_points is None

    def requirements(self, star_levels) -> dict[int, Decimal]:
        return scoring.requirements_from_options(((o.points, o.marker) for o in self.options), star_levels)


def commune_assessment_points(dossier) -> dict[str, Decimal]:
    """The commune's points per criterion code: values may be points or {"points": …}."""
    points = {}
    for code, value in (dossier.commune_assessment or {}).items():
        raw = value.get("points") if isinstance(value, dict) else value
        if raw is not None and raw != "":
            points[str(code)] = Decimal(str(raw))
    return points


def sheet_criteria(dossier, sheet=None, *, only_id: int | None = None) -> list[SheetCriterion]:
    """The dossier's sheet as scored for that dossier (cases chosen, commune criteria marked),
    or just one of its criteria. Three flat queries whatever the sheet's size (rows, not model
    instances: the scorecard page and every autosave read the whole sheet), and none while the
    process keeps a published sheet's rows (`_frozen_sheet_rows`).
    """
    sheet_id = sheet.pk if sheet is not None else dossier.sheet_id
    framework = dossier.round.framework
    commune_codes = set(framework.commune_criteria or [])
    commune_points = commune_assessment_points(dossier)
    choices = dossier.case_choices or {}
    frozen = _frozen_sheet_rows(sheet) if sheet is not None else None
    if frozen is not None:
        rows, cases_of, options_of = frozen
        if only_id is not None:
            rows = [row for row in rows if row[0] == only_id]
    else:
        rows, cases_of, options_of = _read_sheet_rows(sheet_id, only_id)
    result = []
    for criterion_id, code, name, part, group, evidence, max_points, min_star in rows:
        cases = cases_of.get(criterion_id, {})
        chosen = scoring.case_for(list(cases), choices.get(code))
        case = cases.get(chosen) if chosen else None
        result.append(
            SheetCriterion(
                id=criterion_id,
                code=code,
                name=name,
                part=part,
                group=group,
                evidence=evidence,
                max_points=case[2] if case else max_points,
                case_name=case[1] if case else "",
                options=options_of.get((criterion_id, case[0] if case else None), []),
                commune_points=commune_points.get(code, Decimal(0)) if code in commune_codes else None,
                min_star=min_star,
            )
        )
    return result


SHEET_ROWS_SECONDS = 24 * 3600


def _frozen_sheet_rows(sheet):
    """A published (or retired) sheet never changes: a correction is a new version. Its rows are
    kept in the process's fragments cache, keyed by id and publication time (a test database may
    give a new sheet an id used before). None for a draft: read it each time."""
    if sheet.state == SheetState.DRAFT or sheet.published_at is None:
        return None
    key = f"ocop:sheet-rows:v2:{sheet.pk}:{sheet.published_at.timestamp()}"
    store = caches["fragments"]
    found = store.get(key)
    if found is None:
        found = _read_sheet_rows(sheet.pk)
        store.set(key, found, SHEET_ROWS_SECONDS)
    return found


def _read_sheet_rows(sheet_id: int, only_id: int | None = None):
    """(criterion rows, cases by criterion and code, options by criterion and case)."""
    criteria = Criterion.objects.filter(sheet_id=sheet_id)
    if only_id is not None:
        criteria = criteria.filter(pk=only_id)
    rows = list(
        criteria.order_by("group__part__code", "order", "id").values_list(
            "id",
            "code",
            "name",
            "group__part__code",
            "group__name",
            "evidence",
            "max_points",
            "mandatory_min_star",
        )
    )
    ids = [row[0] for row in rows]
    cases_of: dict[int, dict[str, tuple]] = {}
    for case_id, criterion_id, code, name, max_points in (
        CriterionCase.objects.filter(criterion_id__in=ids)
        .order_by("criterion_id", "code")
        .values_list("id", "criterion_id", "code", "name", "max_points")
    ):
        cases_of.setdefault(criterion_id, {})[code] = (case_id, name, max_points)
    options_of: dict[tuple[int, int | None], list[SheetOption]] = {}
    for option_id, criterion_id, case_id, number, text, points, marker in (
        AnswerOption.objects.filter(criterion_id__in=ids)
        .order_by("criterion_id", "number", "id")
        .values_list("id", "criterion_id", "case_id", "number", "text", "points", "min_star_marker")
    ):
        options_of.setdefault((criterion_id, case_id), []).append(SheetOption(option_id, number, text, points, marker))
    return rows, cases_of, options_of


def member_for(assignment: CouncilAssignment, user) -> CouncilMember | None:
    return (
        CouncilMember.objects.filter(council_id=assignment.council_id, user=user, active=True, is_support_team=False)
        .select_related("user")
        .order_by("order", "id")
        .first()
    )


def scorecard_current(*, assignment: CouncilAssignment, member: CouncilMember) -> Scorecard | None:
    """The member's card at the assignment's current revision, or None: a read, never a write
    (the page's GET; opening a card is scorecard_open, on a POST)."""
    card = (
        Scorecard.objects.filter(assignment=assignment, member=member, revision=assignment.revision)
        .select_related("sheet")
        .order_by()
        .first()
    )
    if card is not None:
        card.assignment, card.member = assignment, member
    return card


def scoring_member(*, assignment: CouncilAssignment, user, member: CouncilMember | None = None) -> CouncilMember:
    """The user's seat if they may score this dossier: a member of the council who declared no
    conflict. Raises PermissionDenied for a non-member or a recused member, ValidationError
    (code "undeclared") before the declaration. A read, never a write."""
    member = member or member_for(assignment, user)
    if member is None:
        raise PermissionDenied(_("Bạn không phải thành viên chấm điểm của Hội đồng này."))
    declaration = ConflictDeclaration.objects.filter(assignment=assignment, member=member).order_by().first()
    if declaration is None:
        raise ValidationError(_("Hãy khai báo xung đột lợi ích trước khi mở phiếu chấm."), code="undeclared")
    if declaration.has_conflict:
        raise PermissionDenied(_("Bạn đã khai báo xung đột lợi ích với hồ sơ này nên không chấm điểm."))
    return member


@dataclass(frozen=True)
class UnopenedScorecard:
    """What opening the member's card would give, without opening it (a GET never writes): the
    sheet, the starting total and, in reconciliation, the answers carried from the member's
    latest earlier card."""

    assignment: CouncilAssignment
    sheet: object
    revision: int
    total: Decimal
    answers: list


def scorecard_unopened(*, assignment: CouncilAssignment, member: CouncilMember) -> UnopenedScorecard:
    """The card `scorecard_open` would create for `member` now. Raises ValidationError once the
    council has closed the dossier, as opening would."""
    if assignment.state == AssignmentState.CLOSED:
        raise ValidationError(_("Hội đồng đã kết thúc chấm hồ sơ này."))
    previous = Scorecard.objects.filter(assignment=assignment, member=member).order_by("-revision").first()
    if previous is not None:
        return UnopenedScorecard(
            assignment, previous.sheet, assignment.revision, previous.total, list(previous.answers.all())
        )
    sheet = assignment.dossier.sheet
    return UnopenedScorecard(assignment, sheet, assignment.revision, _commune_total(assignment.dossier), [])


def scorecard_open(*, assignment: CouncilAssignment, user, member: CouncilMember | None = None) -> Scorecard:
    """The user's scorecard at the assignment's current revision, created if missing.

    `member` is the user's seat (`member_for`) when the caller has already loaded it. Side
    effects: may create a draft Scorecard; in reconciliation the new revision is prefilled from
    the member's latest earlier card (the original stays untouched). Raises PermissionDenied for
    a non-member or a recused member, ValidationError before a declaration (code "undeclared")
    or once closed.
    """
    member = scoring_member(assignment=assignment, user=user, member=member)
    # Every request after the first finds its card: read it without taking the assignment lock.
    current = scorecard_current(assignment=assignment, member=member)
    if current is not None:
        return current
    with transaction.atomic():
        locked = CouncilAssignment.objects.select_for_update(no_key=True).get(pk=assignment.pk)
        current = (
            Scorecard.objects.filter(assignment=locked, member=member, revision=locked.revision).order_by().first()
        )
        if current is not None:
            return current
        if locked.state == AssignmentState.CLOSED:
            raise ValidationError(_("Hội đồng đã kết thúc chấm hồ sơ này."))
        previous = Scorecard.objects.filter(assignment=locked, member=member).order_by("-revision").first()
        card = Scorecard.objects.create(
            assignment=locked,
            member=member,
            sheet=previous.sheet if previous else locked.dossier.sheet,
            revision=locked.revision,
            total=previous.total if previous else Decimal(0),
        )
        if previous is not None:
            ScorecardAnswer.objects.bulk_create(
                ScorecardAnswer(
                    scorecard=card,
                    criterion_id=a.criterion_id,
                    option_id=a.option_id,
                    points=a.points,
                    comment=a.comment,
                )
                for a in previous.answers.all()
            )
        else:
            card.total = _commune_total(locked.dossier)
            card.save(update_fields=["total"])
        audit_log(actor=user, action="scorecard.opened", obj=card, changes={"revision": card.revision})
    return card


def _commune_total(dossier, sheet_id: int | None = None) -> Decimal:
    """The commune's points on the criteria of this sheet it assesses (QĐ 1489)."""
    codes = set(dossier.round.framework.commune_criteria or [])
    if not codes:
        return Decimal(0)
    on_sheet = Criterion.objects.filter(sheet_id=sheet_id or dossier.sheet_id, code__in=codes).values_list(
        "code", flat=True
    )
    points = commune_assessment_points(dossier)
    return sum((points.get(code, Decimal(0)) for code in on_sheet), Decimal(0))


def scorecard_answer(
    *,
    scorecard: Scorecard,
    criterion_id: int,
    option_id: int | None,
    comment: str,
    by,
    criteria: list[SheetCriterion] | None = None,
) -> ScorecardAnswer | None:
    """Save one answer of a draft card (idempotent upsert) and refresh the card's total.

    `criteria` is the card's sheet as scored (`sheet_criteria`) when the caller already has it;
    otherwise the one criterion is read. Side effects: creates/updates one ScorecardAnswer (or
    deletes it when option_id is None), updates Scorecard.total from the stored answers. Raises
    PermissionDenied for another member's card, ValidationError for a submitted card, an
    unknown option or a commune criterion (and then changes nothing).
    """
    if scorecard.member.user_id != by.pk:
        raise PermissionDenied(_("Đây không phải phiếu chấm của bạn."))
    dossier = scorecard.assignment.dossier
    if criteria is None:
        criteria = sheet_criteria(dossier, scorecard.sheet, only_id=criterion_id)
    criterion = next((c for c in criteria if c.id == criterion_id), None)
    if criterion is None or not criterion.scored_by_members:
        raise ValidationError(_("Tiêu chí không thuộc phiếu chấm."))
    option = None
    if option_id is not None:
        option = next((o for o in criterion.options if o.id == option_id), None)
        if option is None:
            raise ValidationError(_("Phương án trả lời không thuộc tiêu chí này."))
    with transaction.atomic():
        card = Scorecard.objects.select_for_update(no_key=True).get(pk=scorecard.pk)
        if card.state != ScorecardState.DRAFT:
            raise ValidationError(_("Phiếu chấm đã nộp, không sửa được."))
        answer = None
        if option is None:
            ScorecardAnswer.objects.filter(scorecard=card, criterion_id=criterion_id).delete()
        else:
            # One INSERT … ON CONFLICT: the card's row lock already serialises its answers.
            answer = ScorecardAnswer(
                scorecard=card,
                criterion_id=criterion_id,
                option_id=option.id,
                points=option.points,
                comment=comment.strip(),
            )
            ScorecardAnswer.objects.bulk_create(
                [answer],
                update_conflicts=True,
                unique_fields=["scorecard", "criterion"],
                update_fields=["option", "points", "comment"],
            )
        answered = ScorecardAnswer.objects.filter(scorecard=card).aggregate(points=Sum("points"))["points"]
        card.total = (answered or Decimal(0)) + _commune_total(dossier, card.sheet_id)
        card.save(update_fields=["total", "updated_at"])
    scorecard.total = card.total
    return answer


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    points: Decimal
    missing_comments: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.answered == self.total and not self.missing_comments


def scorecard_progress(criteria, answers_by_criterion: dict) -> Progress:
    """Answered/total and points so far. A comment is required wherever points are withheld
    (an option below the criterion's maximum): the producer's gap report depends on it."""
    scored = [c for c in criteria if c.scored_by_members]
    answered = [c for c in scored if c.id in answers_by_criterion]
    missing = tuple(
        c.code
        for c in answered
        if answers_by_criterion[c.id].points < c.max_points and not answers_by_criterion[c.id].comment.strip()
    )
    points = sum((answers_by_criterion[c.id].points for c in answered), Decimal(0))
    points += sum((c.commune_points for c in criteria if not c.scored_by_members), Decimal(0))
    return Progress(answered=len(answered), total=len(scored), points=points, missing_comments=missing)


def scorecard_submit(*, scorecard: Scorecard, by) -> Scorecard:
    """Validate completeness and lock the card.

    Side effects: locks the assignment row then the card (so a close in progress waits and
    counts this card, or this submit sees the closed council and refuses), sets state
    SUBMITTED and submitted_at, writes an audit entry. Raises ValidationError when incomplete,
    when a comment is missing, or when the council has closed.
    """
    if scorecard.member.user_id != by.pk:
        raise PermissionDenied(_("Đây không phải phiếu chấm của bạn."))
    with transaction.atomic():
        assignment = CouncilAssignment.objects.select_for_update(no_key=True).get(pk=scorecard.assignment_id)
        card = Scorecard.objects.select_for_update(no_key=True).get(pk=scorecard.pk)
        if assignment.state == AssignmentState.CLOSED:
            raise ValidationError(_("Hội đồng đã kết thúc chấm hồ sơ này; phiếu không được nộp."))
        if card.state != ScorecardState.DRAFT:
            raise ValidationError(_("Phiếu chấm đã được nộp."))
        if card.revision != assignment.revision:
            raise ValidationError(_("Phiếu này thuộc lần chấm trước; hãy mở phiếu chấm lại."))
        from .advisory import check_site_visit

        check_site_visit(assignment.dossier, assignment.level)
        criteria = sheet_criteria(assignment.dossier, card.sheet)
        answers = {a.criterion_id: a for a in card.answers.all()}
        progress = scorecard_progress(criteria, answers)
        if progress.answered < progress.total:
            raise ValidationError(
                _("Còn %(missing)s tiêu chí chưa chấm.") % {"missing": progress.total - progress.answered}
            )
        if progress.missing_comments:
            raise ValidationError(
                _("Cần ghi nhận xét ở các tiêu chí bị trừ điểm: %(codes)s.")
                % {"codes": ", ".join(progress.missing_comments)}
            )
        card.total = progress.points
        card.state = ScorecardState.SUBMITTED
        card.submitted_at = timezone.now()
        card.save(update_fields=["total", "state", "submitted_at", "updated_at"])
        audit_log(
            actor=by,
            action="scorecard.submitted",
            obj=card,
            changes={"total": str(card.total), "revision": card.revision},
        )
    scorecard.refresh_from_db()
    from .councils import written_opinions_settle

    written_opinions_settle(assignment=scorecard.assignment, by=by)
    return scorecard
