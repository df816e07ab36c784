"""Scorecards: autosave, comments where points are withheld, submit lock, cases, commune criteria,
and other members' scores hidden until the council closes."""

from decimal import Decimal as D

import pytest
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation.enums import ScorecardState
from evaluation.models import AnswerOption, Criterion, CriterionCase, ScorecardAnswer
from evaluation.selectors.councils import scorecards_readable_by
from evaluation.services.councils import assignment_close, conflict_declare, council_assign
from evaluation.services.scorecards import (
    scorecard_answer,
    scorecard_open,
    scorecard_submit,
    sheet_criteria,
)
from evaluation.tests.factories import RoundFactory, build_sheet, framework
from evaluation.tests.test_councils import P55, P85, accepted_dossier, make_council, score


@pytest.fixture
def council(province, district):
    return make_council(province=province, jurisdiction=district)


@pytest.fixture
def assignment(council, commune, district_officer):
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    return council_assign(council=council[0], dossiers=[dossier], by=district_officer)[0]


def _open(assignment, member):
    conflict_declare(assignment=assignment, member=member, has_conflict=False, reason="", by=member.user)
    return scorecard_open(assignment=assignment, user=member.user)


def _option(criterion, points):
    return next(o for o in criterion.options if o.points == D(points))


def test_autosave_is_an_idempotent_upsert(assignment, council):
    member = council[1][2]
    card = _open(assignment, member)
    criterion = next(c for c in sheet_criteria(assignment.dossier) if c.code == "1.1")
    for _ in range(2):
        scorecard_answer(
            scorecard=card, criterion_id=criterion.id, option_id=_option(criterion, 20).id, comment="", by=member.user
        )
    scorecard_answer(
        scorecard=card, criterion_id=criterion.id, option_id=_option(criterion, 40).id, comment="", by=member.user
    )
    card.refresh_from_db()
    assert list(ScorecardAnswer.objects.filter(scorecard=card).values_list("criterion__code", "points")) == [
        ("1.1", D("40.00"))
    ]
    assert (card.total, card.state, card.sheet_id) == (D("40.00"), ScorecardState.DRAFT, assignment.dossier.sheet_id)


def test_answer_refuses_an_option_of_another_criterion(assignment, council):
    member = council[1][2]
    card = _open(assignment, member)
    criteria = {c.code: c for c in sheet_criteria(assignment.dossier)}
    with pytest.raises(ValidationError) as error:
        scorecard_answer(
            scorecard=card,
            criterion_id=criteria["1.1"].id,
            option_id=criteria["4.1"].options[0].id,
            comment="",
            by=member.user,
        )
    assert error.value.messages == ["Phương án trả lời không thuộc tiêu chí này."]


def test_only_the_owner_writes_a_card(assignment, council):
    owner, other = council[1][2], council[1][3]
    card = _open(assignment, owner)
    criterion = sheet_criteria(assignment.dossier)[0]
    with pytest.raises(PermissionDenied):
        scorecard_answer(
            scorecard=card, criterion_id=criterion.id, option_id=criterion.options[0].id, comment="", by=other.user
        )


def test_submit_refuses_an_incomplete_card(assignment, council):
    member = council[1][2]
    card = score(assignment, member, P85, submit=False)
    ScorecardAnswer.objects.filter(scorecard=card, criterion__code="4.1").delete()
    with pytest.raises(ValidationError) as error:
        scorecard_submit(scorecard=card, by=member.user)
    assert error.value.messages == ["Còn 1 tiêu chí chưa chấm."]


def test_submit_requires_a_comment_where_points_are_withheld(assignment, council):
    member = council[1][2]
    card = score(assignment, member, P55, submit=False, comment="")
    with pytest.raises(ValidationError) as error:
        scorecard_submit(scorecard=card, by=member.user)
    assert error.value.messages == ["Cần ghi nhận xét ở các tiêu chí bị trừ điểm: 1.1, 6.1."]


def test_submit_locks_the_card(assignment, council):
    member = council[1][2]
    card = score(assignment, member, P85)
    assert (card.state, card.total) == (ScorecardState.SUBMITTED, D("85.00"))
    criterion = sheet_criteria(assignment.dossier)[0]
    with pytest.raises(ValidationError) as error:
        scorecard_answer(
            scorecard=card, criterion_id=criterion.id, option_id=criterion.options[0].id, comment="", by=member.user
        )
    assert error.value.messages == ["Phiếu chấm đã nộp, không sửa được."]


def test_other_members_scores_hidden_until_close(assignment, council):
    chair, vice, m1, _m2 = council[1]
    score(assignment, chair, P85)
    score(assignment, vice, P85)
    score(assignment, m1, P85)
    assert [c.member for c in scorecards_readable_by(vice.user, assignment)] == [vice]
    assignment_close(assignment=assignment, by=chair.user)
    assert [c.member for c in scorecards_readable_by(vice.user, assignment)] == [chair, vice, m1]


def test_a_criterion_with_cases_is_scored_in_the_dossiers_case(province, district, commune, district_officer):
    sheet = build_sheet(product_set=None)
    criterion = Criterion.objects.get(sheet=sheet, code="4.1")
    AnswerOption.objects.filter(criterion=criterion).delete()
    company = CriterionCase.objects.create(criterion=criterion, code="a", name="Doanh nghiệp", max_points=25)
    household = CriterionCase.objects.create(criterion=criterion, code="b", name="Hộ kinh doanh", max_points=20)
    for case, points in ((company, (0, 25)), (household, (0, 10, 20))):
        for number, value in enumerate(points, start=1):
            AnswerOption.objects.create(
                criterion=criterion, case=case, number=number, text=f"{case.code}{number}", points=value
            )
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer, sheet=sheet, case_choices={"4.1": "b"})
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    scored = next(c for c in sheet_criteria(dossier) if c.code == "4.1")
    assert (scored.case_name, scored.max_points, [o.points for o in scored.options]) == (
        "Hộ kinh doanh",
        D("20.00"),
        [D("0.00"), D("10.00"), D("20.00")],
    )
    card = score(assignment, members[0], {"4.1": 20})
    assert card.total == D("95.00")  # 40 + 20 (the household case's maximum) + 35
    other_case_option = AnswerOption.objects.get(case=company, points=25)
    with pytest.raises(ValidationError):
        scorecard_answer(
            scorecard=_draft(assignment, members[1]),
            criterion_id=criterion.id,
            option_id=other_case_option.id,
            comment="",
            by=members[1].user,
        )


def _draft(assignment, member):
    return _open(assignment, member)


def test_commune_criteria_are_not_rescored_by_members(province, province_staff, commune):
    framework_1489 = framework("148+1489")
    sheet = build_sheet(framework_obj=framework_1489)
    round_obj = RoundFactory(framework=framework_1489, province=province)
    dossier = accepted_dossier(
        commune=commune,
        checker=province_staff,
        round_obj=round_obj,
        sheet=sheet,
        level="province",
        commune_assessment={"1.1": "20"},
    )
    council, members = make_council(province=province, jurisdiction=province, level="province")
    assignment = council_assign(council=council, dossiers=[dossier], by=province_staff)[0]
    criteria = {c.code: c for c in sheet_criteria(dossier)}
    assert (criteria["1.1"].scored_by_members, criteria["1.1"].commune_points) == (False, D("20"))
    card = score(assignment, members[0], {"4.1": 25, "6.1": 35})
    assert (card.total, card.answers.count()) == (D("80.00"), 2)
    with pytest.raises(ValidationError):
        scorecard_answer(
            scorecard=card,
            criterion_id=criteria["1.1"].id,
            option_id=criteria["1.1"].options[0].id,
            comment="",
            by=members[0].user,
        )


def _sheet_reads(queries) -> int:
    tables = ('FROM "evaluation_criterion"', 'FROM "evaluation_answeroption"')
    return sum(1 for query in queries if any(table in query["sql"] for table in tables))


def test_a_published_sheet_is_read_once_per_process(assignment, council):
    """Published sheets never change (a correction is a new version): the scorecard page and
    every autosave read the whole sheet, so the process keeps its rows."""
    card = _open(assignment, council[1][0])
    assert card.sheet.state == "published" and card.sheet.published_at is not None
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as first:
        criteria = sheet_criteria(assignment.dossier, card.sheet)
    with CaptureQueriesContext(connection) as again:
        same = sheet_criteria(assignment.dossier, card.sheet)
    with CaptureQueriesContext(connection) as one:
        single = sheet_criteria(assignment.dossier, card.sheet, only_id=criteria[-1].id)

    assert _sheet_reads(first.captured_queries) == 2 and _sheet_reads(again.captured_queries) == 0
    assert _sheet_reads(one.captured_queries) == 0
    assert same == criteria and single == [criteria[-1]]


def test_a_draft_sheet_is_read_each_time(assignment, council):
    sheet = _open(assignment, council[1][0]).sheet
    sheet.state, sheet.published_at = "draft", None
    sheet_criteria(assignment.dossier, sheet)
    with CaptureQueriesContext(connection) as again:
        sheet_criteria(assignment.dossier, sheet)

    assert _sheet_reads(again.captured_queries) == 2
