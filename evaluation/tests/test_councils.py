"""Council services: set-up, assignment, conflicts, quorum, reconciliation and closing.

The module-level helpers (`make_council`, `accepted_dossier`, `score`) are shared by the
scorecard, decision and flow tests.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.enums import AssignmentState, DossierState, Level, MemberRole, Outcome, ScorecardState
from evaluation.models import CouncilAssignment, DossierTransition, Scorecard
from evaluation.selectors.councils import assignment_presiding_member
from evaluation.services.councils import (
    assignment_close,
    conflict_declare,
    conflict_flags,
    council_assign,
    council_create,
    council_member_add,
)
from evaluation.services.scorecards import scorecard_answer, scorecard_open, scorecard_submit, sheet_criteria
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, DossierFactory
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

DEFAULT_ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER, MemberRole.MEMBER)


def make_council(*, province, jurisdiction, level=Level.DISTRICT, roles=DEFAULT_ROLES, **overrides):
    """A council with members in `roles` order (vice-chairs numbered by their position)."""
    council = CouncilFactory(province=province, jurisdiction=jurisdiction, level=level, **overrides)
    members = [
        CouncilMemberFactory(
            council=council,
            role=role,
            order=position,
            user=f.UserFactory(full_name=f"Thành viên {position + 1} HĐ {council.pk}"),
        )
        for position, role in enumerate(roles)
    ]
    return council, members


def accepted_dossier(*, commune, checker, round_obj=None, level=Level.DISTRICT, **kwargs):
    """A dossier moved draft → submitted → accepted through the state machine."""
    product = f.ProductFactory(producer=f.ProducerFactory(commune=commune))
    extra = {"round": round_obj} if round_obj else {}
    dossier = DossierFactory(product=product, current_level=level, **extra, **kwargs)
    dossier_transition(dossier, DossierState.SUBMITTED, by=checker)
    dossier_transition(dossier, DossierState.ACCEPTED, by=checker)
    return dossier


def score(assignment, member, points=None, *, submit=True, comment="Chưa đạt mức tối đa"):
    """Declare no conflict (if not yet), fill the card with the options worth `points` per
    criterion code (the maximum where not given) and submit."""
    points = points or {}
    if not assignment.declarations.filter(member=member).exists():
        conflict_declare(assignment=assignment, member=member, has_conflict=False, reason="", by=member.user)
    card = scorecard_open(assignment=assignment, user=member.user)
    for criterion in sheet_criteria(assignment.dossier):
        if not criterion.scored_by_members:
            continue
        wanted = D(points.get(criterion.code, criterion.max_points))
        option = next(o for o in criterion.options if o.points == wanted)
        note = comment if wanted < criterion.max_points else ""
        scorecard_answer(scorecard=card, criterion_id=criterion.id, option_id=option.id, comment=note, by=member.user)
    if submit:
        scorecard_submit(scorecard=card, by=member.user)
    card.refresh_from_db()
    return card


# 85 = 40 + 25 + 20; 75 = 40 + 15 + 20; 55 = 10 + 25 + 20 (MINI_SHEET in factories.py)
P85 = {"1.1": 40, "4.1": 25, "6.1": 20}
P75 = {"1.1": 40, "4.1": 15, "6.1": 20}
P80 = {"1.1": 20, "4.1": 25, "6.1": 35}
P55 = {"1.1": 10, "4.1": 25, "6.1": 20}
P65_NO_FOOD_SAFETY = {"1.1": 40, "4.1": 25, "6.1": 0}


@pytest.fixture
def district_council(province, district):
    return make_council(province=province, jurisdiction=district)


@pytest.fixture
def dossier(commune, district_officer):
    return accepted_dossier(commune=commune, checker=district_officer)


@pytest.fixture
def assignment(district_council, dossier, district_officer):
    council, _members = district_council
    return council_assign(council=council, dossiers=[dossier], by=district_officer)[0]


# --- set-up ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "level", "unit", "allowed"),
    [
        ("province_staff", Level.PROVINCE, "province", True),
        ("province_staff", Level.DISTRICT, "district", True),
        ("district_officer", Level.DISTRICT, "district", True),
        ("district_officer", Level.DISTRICT, "other_district", False),
        ("district_officer", Level.PROVINCE, "province", False),
        ("other_district_officer", Level.DISTRICT, "district", False),
        ("producer", Level.DISTRICT, "district", False),
    ],
)
def test_council_create_permission(persona, province, who, level, unit, allowed):
    user = persona(who)
    jurisdiction = persona(unit)
    kwargs = {
        "province": province,
        "level": level,
        "jurisdiction": jurisdiction,
        "name": "Hội đồng OCOP",
        "term_start": datetime.date(2026, 1, 1),
        "by": user,
    }
    if allowed:
        council = council_create(**kwargs)
        assert (council.level, council.jurisdiction, council.quorum_ratio, council.max_spread) == (
            level,
            jurisdiction,
            D("0.750"),
            D("10.00"),
        )
    else:
        with pytest.raises(PermissionDenied):
            council_create(**kwargs)


def test_council_create_refuses_a_jurisdiction_of_the_wrong_level(province, district, province_staff):
    with pytest.raises(ValidationError) as error:
        council_create(
            province=province,
            level=Level.PROVINCE,
            jurisdiction=district,
            name="HĐ tỉnh",
            term_start=datetime.date(2026, 1, 1),
            by=province_staff,
        )
    assert error.value.message_dict == {"jurisdiction": ["Địa bàn không phù hợp với cấp của Hội đồng."]}


def test_council_create_keeps_rule_overrides(province, province_staff):
    council = council_create(
        province=province,
        level=Level.PROVINCE,
        jurisdiction=province,
        name="HĐ tỉnh",
        term_start=datetime.date(2026, 1, 1),
        quorum_ratio=D("0.8"),
        min_members=5,
        max_spread=D("15"),
        by=province_staff,
    )
    council.refresh_from_db()
    assert (council.quorum_ratio, council.min_members, council.max_spread) == (D("0.8"), 5, D("15"))


def test_council_member_add_refuses_a_second_chair(district_council, district_officer):
    council, _members = district_council
    with pytest.raises(ValidationError) as error:
        council_member_add(council=council, user=f.UserFactory(), role=MemberRole.CHAIR, by=district_officer)
    assert error.value.message_dict == {"role": ["Hội đồng đã có Chủ tịch."]}


def test_council_assign_moves_the_dossier_into_scoring(assignment, dossier):
    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level, assignment.level, assignment.state) == (
        DossierState.IN_SCORING,
        Level.DISTRICT,
        Level.DISTRICT,
        AssignmentState.SCORING,
    )


def test_council_assign_refuses_another_districts_dossier(district_council, other_commune, other_district_officer):
    council, _members = district_council
    foreign = accepted_dossier(commune=other_commune, checker=other_district_officer)
    with pytest.raises(PermissionDenied):
        council_assign(council=council, dossiers=[foreign], by=other_district_officer)
    with pytest.raises(ValidationError):
        council_assign(council=council, dossiers=[foreign], by=council_province_staff(council))
    foreign.refresh_from_db()
    assert foreign.state == DossierState.ACCEPTED


def council_province_staff(council):
    return f.UserFactory(staff_province=council.province)


def test_council_assign_refuses_a_draft(district_council, commune, district_officer):
    council, _members = district_council
    draft = DossierFactory(product=f.ProductFactory(producer=f.ProducerFactory(commune=commune)))
    with pytest.raises(ValidationError):
        council_assign(council=council, dossiers=[draft], by=district_officer)
    assert CouncilAssignment.objects.count() == 0


# --- conflicts of interest ------------------------------------------------------------------------


def test_conflict_flags_name_each_likely_conflict(assignment, district_council, dossier):
    _council, members = district_council
    member = members[2]
    member.producer = dossier.product.producer
    member.commune = dossier.product.commune
    member.save()
    dossier.consultant = member.user
    dossier.save()
    assignment.refresh_from_db()
    assert conflict_flags(assignment, member) == [
        "Thành viên thuộc chủ thể có sản phẩm này.",
        "Thành viên cư trú hoặc công tác tại xã của chủ thể/sản phẩm.",
        "Thành viên là người tư vấn hồ sơ này.",
    ]


def test_conflict_flags_empty_without_links(assignment, district_council):
    assert conflict_flags(assignment, district_council[1][3]) == []


def test_member_must_declare_before_opening_the_scorecard(assignment, district_council):
    member = district_council[1][2]
    with pytest.raises(ValidationError) as error:
        scorecard_open(assignment=assignment, user=member.user)
    assert error.value.messages == ["Hãy khai báo xung đột lợi ích trước khi mở phiếu chấm."]


def test_recused_member_cannot_open_the_scorecard(assignment, district_council):
    member = district_council[1][2]
    declaration = conflict_declare(
        assignment=assignment, member=member, has_conflict=True, reason="Người thân của chủ thể", by=member.user
    )
    assert (declaration.has_conflict, declaration.reason) == (True, "Người thân của chủ thể")
    with pytest.raises(PermissionDenied):
        scorecard_open(assignment=assignment, user=member.user)
    assert Scorecard.objects.filter(member=member).count() == 0


def test_conflict_needs_a_reason(assignment, district_council):
    member = district_council[1][2]
    with pytest.raises(ValidationError) as error:
        conflict_declare(assignment=assignment, member=member, has_conflict=True, reason=" ", by=member.user)
    assert error.value.message_dict == {"reason": ["Hãy nêu lý do xung đột lợi ích."]}


def test_only_the_member_declares_for_themselves(assignment, district_council):
    members = district_council[1]
    with pytest.raises(PermissionDenied):
        conflict_declare(assignment=assignment, member=members[2], has_conflict=False, reason="", by=members[0].user)


# --- quorum and closing -------------------------------------------------------------------------------


def test_close_refuses_without_quorum(assignment, district_council):
    chair, vice, m1, _m2 = district_council[1]
    score(assignment, chair, P85)
    score(assignment, vice, P85)
    with pytest.raises(ValidationError) as error:
        assignment_close(assignment=assignment, by=chair.user)
    assert error.value.messages == ["Chưa đủ số phiếu: 2/3 phiếu đã nộp."]
    score(assignment, m1, P85)
    assignment_close(assignment=assignment, by=chair.user)
    assert assignment.state == AssignmentState.CLOSED


def test_close_refuses_without_the_chairs_card(assignment, district_council, district_officer):
    chair, vice, m1, m2 = district_council[1]
    for member in (vice, m1, m2):
        score(assignment, member, P85)
    score(assignment, chair, P85, submit=False)
    with pytest.raises(ValidationError) as error:
        assignment_close(assignment=assignment, by=district_officer)
    assert error.value.messages == ["Người chủ trì phiên họp chưa nộp phiếu chấm."]


def test_first_vice_chair_presides_when_the_chair_recuses(province, district, commune, district_officer):
    council, (chair, vice2, vice1, m1) = make_council(
        province=province,
        jurisdiction=district,
        roles=(MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER),
    )
    vice2.order, vice1.order = 2, 1
    vice2.save()
    vice1.save()
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    conflict_declare(assignment=assignment, member=chair, has_conflict=True, reason="Tư vấn hồ sơ", by=chair.user)
    assert assignment_presiding_member(assignment) == vice1
    score(assignment, vice2, P85)
    score(assignment, m1, P85)
    with pytest.raises(PermissionDenied):
        assignment_close(assignment=assignment, by=chair.user)
    with pytest.raises(PermissionDenied):
        assignment_close(assignment=assignment, by=vice2.user)
    with pytest.raises(ValidationError):  # 2 of ceil(0.75 × 3) = 3 cards
        assignment_close(assignment=assignment, by=vice1.user)
    score(assignment, vice1, P75)
    assignment_close(assignment=assignment, by=vice1.user)
    assert (assignment.state, assignment.mean_score, assignment.result["quorum"]) == (
        AssignmentState.CLOSED,
        D("81.67"),
        {"eligible": 3, "required": 3, "submitted": 3, "presiding": vice1.pk},
    )
    assert assignment.result["recused"] == [
        {"member": chair.pk, "name": chair.user.display_name, "reason": "Tư vấn hồ sơ"}
    ]


def test_spread_beyond_the_maximum_opens_reconciliation(assignment, district_council):
    chair, vice, m1, m2 = district_council[1]
    score(assignment, m2, P55)
    for member in (chair, vice, m1):
        score(assignment, member, P85)
    assignment_close(assignment=assignment, by=chair.user)
    assert assignment.state == AssignmentState.RECONCILIATION  # 85 − 55 > 10
    assert assignment.revision == 2


def test_close_stores_the_result_and_forwards(assignment, district_council, dossier):
    chair, vice, m1, m2 = district_council[1]
    score(assignment, chair, P85)
    score(assignment, vice, P80)
    score(assignment, m1, P75)
    conflict_declare(assignment=assignment, member=m2, has_conflict=True, reason="Cùng xã", by=m2.user)
    assignment_close(assignment=assignment, by=chair.user)
    dossier.refresh_from_db()
    assert (
        assignment.state,
        assignment.mean_score,
        assignment.band_stars,
        assignment.final_stars,
        assignment.outcome,
        dossier.state,
        dossier.current_level,
    ) == (AssignmentState.CLOSED, D("80.00"), 4, 4, Outcome.FORWARD, DossierState.FORWARDED, Level.PROVINCE)
    result = assignment.result
    assert [(c["code"], c["score"], c["max"]) for c in result["criteria"]] == [
        ("1.1", "33.33", "40.00"),
        ("4.1", "21.67", "25.00"),
        ("6.1", "25.00", "35.00"),
    ]
    assert [(m["name"], m["totals"], m["counted"], m["present"]) for m in result["members"]] == [
        (chair.user.display_name, {"1": "85.00"}, "85.00", True),
        (vice.user.display_name, {"1": "80.00"}, "80.00", True),
        (m1.user.display_name, {"1": "75.00"}, "75.00", True),
    ]
    assert (result["failures"], result["route_level"], result["spread"]) == ([], Level.PROVINCE, "10.00")
    transitions = list(DossierTransition.objects.filter(dossier=dossier).values_list("to_state", "level"))
    assert transitions[-2:] == [(DossierState.SCORED, Level.DISTRICT), (DossierState.FORWARDED, Level.PROVINCE)]


def test_gate_failure_is_named_in_the_result(assignment, district_council, dossier):
    chair, vice, m1, m2 = district_council[1]
    for member in (chair, vice, m1, m2):
        score(assignment, member, P65_NO_FOOD_SAFETY)
    assignment_close(assignment=assignment, by=chair.user)
    dossier.refresh_from_db()
    assert (assignment.mean_score, assignment.band_stars, assignment.final_stars, assignment.outcome) == (
        D("65.00"),
        3,
        2,
        Outcome.NOT_RECOGNISED,
    )
    assert assignment.result["failures"] == [
        {"code": "6.1", "name": "Tiêu chí 6.1", "stars": 3, "score": "0.00", "required": "5.00"}
    ]
    assert dossier.state == DossierState.SCORED


def test_a_closed_assignment_is_not_closed_twice(assignment, district_council, district_officer):
    chair, vice, m1, _m2 = district_council[1]
    for member in (chair, vice, m1):
        score(assignment, member, P55)
    assignment_close(assignment=assignment, by=chair.user)
    with pytest.raises(ValidationError) as error:
        assignment_close(assignment=assignment, by=district_officer)
    assert error.value.messages == ["Hồ sơ này đã có kết quả chấm."]
    assert AuditEntry.objects.filter(action="assignment.closed").count() == 1


# --- reconciliation -------------------------------------------------------------------------------


def test_spread_opens_reconciliation_and_revised_scores_replace_originals(assignment, district_council, dossier):
    chair, vice, m1, m2 = district_council[1]
    score(assignment, chair, P85)
    score(assignment, vice, P85)
    score(assignment, m1, P55)
    assignment_close(assignment=assignment, by=chair.user)
    assert (assignment.state, assignment.revision) == (AssignmentState.RECONCILIATION, 2)

    # m1 revises from 55 to 75; the revision-2 card starts as a copy of the original
    revised = scorecard_open(assignment=assignment, user=m1.user)
    assert (revised.revision, revised.total, revised.state) == (2, D("55.00"), ScorecardState.DRAFT)
    assert revised.answers.count() == 3
    score(assignment, m1, P75)
    assignment_close(assignment=assignment, by=chair.user)

    assert (assignment.state, assignment.mean_score, assignment.final_stars) == (
        AssignmentState.CLOSED,
        D("81.67"),
        4,
    )
    assert list(Scorecard.objects.filter(member=m1).values_list("revision", "total", "state")) == [
        (1, D("55.00"), ScorecardState.SUBMITTED),
        (2, D("75.00"), ScorecardState.SUBMITTED),
    ]
    m1_row = next(m for m in assignment.result["members"] if m["member"] == m1.pk)
    assert (m1_row["totals"], m1_row["counted"]) == ({"1": "55.00", "2": "75.00"}, "75.00")
    assert next(m for m in assignment.result["members"] if m["member"] == m2.pk)["present"] is False


def test_reconciliation_without_any_revision_cannot_close(assignment, district_council):
    chair, vice, m1, _m2 = district_council[1]
    score(assignment, chair, P85)
    score(assignment, vice, P85)
    score(assignment, m1, P55)
    assignment_close(assignment=assignment, by=chair.user)
    with pytest.raises(ValidationError) as error:
        assignment_close(assignment=assignment, by=chair.user)
    assert error.value.messages == ["Chênh lệch vẫn vượt mức cho phép; các thành viên cần chấm lại."]
    assert (assignment.state, assignment.revision) == (AssignmentState.RECONCILIATION, 2)


def test_rule_overrides_change_spread_and_quorum(province, district, commune, district_officer):
    council, (chair, vice, m1, _m2) = make_council(province=province, jurisdiction=district, max_spread=D("30"))
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    score(assignment, chair, P85)
    score(assignment, vice, P55)
    score(assignment, m1, P85)
    assignment_close(assignment=assignment, by=chair.user)
    assert (assignment.state, assignment.mean_score, assignment.final_stars, assignment.outcome) == (
        AssignmentState.CLOSED,
        D("75.00"),
        4,
        Outcome.FORWARD,
    )
