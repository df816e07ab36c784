"""Answering score sheets the way a member (or producer) would, aiming at a total and a star level.

The choice respects the sheet's mandatory gate: every criterion gets at least the option its star
markers require for the aimed stars (above 0 where the criterion itself is marked for them), then
criteria are raised, in a member-specific order, as far as the aimed total allows. Different seeds
give members different but close totals, well within the council's spread rule.
"""

import random
from decimal import Decimal

from evaluation.models import CouncilMember
from evaluation.services.councils import conflict_declare
from evaluation.services.scorecards import (
    SheetCriterion,
    SheetOption,
    scorecard_answer,
    scorecard_open,
    scorecard_submit,
    sheet_criteria,
)

STAR_LEVELS = (1, 2, 3, 4, 5)
COMMENTS = (
    "Hồ sơ minh chứng chưa đầy đủ cho mức điểm cao hơn.",
    "Chưa có hợp đồng tiêu thụ ổn định ngoài tỉnh.",
    "Bao bì, nhãn mác cần hoàn thiện thêm thông tin truy xuất.",
    "Quy mô sản xuất còn nhỏ so với yêu cầu của mức tối đa.",
    "Câu chuyện sản phẩm chưa được trình bày trên bao bì.",
)


def choose_options(criteria: list[SheetCriterion], *, target: Decimal, stars: int, seed: int) -> dict[int, SheetOption]:
    """One option per member-scored criterion: gate minimums for `stars`, raised towards `target`."""
    chosen: dict[int, SheetOption] = {}
    scored = [c for c in criteria if c.scored_by_members and c.options]
    for criterion in scored:
        required = criterion.requirements(STAR_LEVELS).get(stars, Decimal(0))
        # A star marker on the criterion itself (3.6 "Sở hữu trí tuệ****"): from that level up it
        # must score above 0 (scoring.GateCriterion.positive_from).
        above_zero = criterion.min_star is not None and stars >= criterion.min_star
        eligible = sorted(
            (o for o in criterion.options if o.points >= required and (o.points > 0 or not above_zero)),
            key=lambda o: o.points,
        )
        chosen[criterion.id] = eligible[0] if eligible else max(criterion.options, key=lambda o: o.points)
    total = sum((o.points for o in chosen.values()), Decimal(0))
    order = list(scored)
    random.Random(seed).shuffle(order)
    for criterion in order:
        current = chosen[criterion.id]
        for option in sorted(criterion.options, key=lambda o: o.points, reverse=True):
            if option.points <= current.points:
                break
            if total - current.points + option.points <= target:
                total += option.points - current.points
                chosen[criterion.id] = option
                break
    return chosen


def comment_for(criterion: SheetCriterion, option: SheetOption, seed: int) -> str:
    """Members must say why wherever they withhold points (the producer's gap report reads it)."""
    if option.points >= criterion.max_points:
        return ""
    return COMMENTS[(seed + criterion.id) % len(COMMENTS)]


def score_as_member(assignment, user, *, target: Decimal, stars: int, seed: int, submit: bool = True, share=1.0):
    """Declare no conflict, open the card, answer (a `share` of the criteria when left as a
    draft) and submit. Returns the scorecard."""
    member = CouncilMember.objects.get(council_id=assignment.council_id, user=user)
    if not assignment.declarations.filter(member=member).exists():
        conflict_declare(assignment=assignment, member=member, has_conflict=False, reason="", by=user)
    card = scorecard_open(assignment=assignment, user=user)
    criteria = sheet_criteria(assignment.dossier, card.sheet)
    choices = choose_options(criteria, target=target, stars=stars, seed=seed)
    answered = [c for c in criteria if c.id in choices]
    for criterion in answered[: round(len(answered) * share)]:
        option = choices[criterion.id]
        scorecard_answer(
            scorecard=card,
            criterion_id=criterion.id,
            option_id=option.id,
            comment=comment_for(criterion, option, seed),
            by=user,
        )
    if submit:
        scorecard_submit(scorecard=card, by=user)
    return card
