"""Council governance (issue 18, High 2): the legal floors of a council's rules, who may set
them, and that one person can never certify a product alone."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.enums import AssignmentState, DossierState, Level, MemberRole
from evaluation.models import Council, CouncilAssignment, Decision
from evaluation.services.councils import (
    assignment_close,
    council_assign,
    council_create,
    council_member_add,
    council_rules_change,
)
from evaluation.tests.factories import CouncilMemberFactory
from evaluation.tests.test_councils import P55, accepted_dossier, make_council, score
from evaluation.tests.test_decisions import _record

pytestmark = pytest.mark.django_db


def _create(by, unit, **rules):
    return council_create(
        province=unit.parent or unit,
        level=Level.DISTRICT if unit.parent_id else Level.PROVINCE,
        jurisdiction=unit,
        name="HĐ OCOP",
        term_start=datetime.date(2026, 1, 1),
        by=by,
        **rules,
    )


def test_a_district_officer_cannot_certify_a_product_alone(district, commune, district_officer):
    """The reported path: a council with quorum 1 %, the officer seated alone as chair, assigned,
    scored, closed. Each step is refused now, and a council row set that way before the fix
    still needs three cards with the presiding member's."""
    with pytest.raises(ValidationError) as error:
        _create(district_officer, district, quorum_ratio=D("0.01"))
    assert set(error.value.message_dict) == {"quorum_ratio"}

    council = _create(district_officer, district)
    council_member_add(council=council, user=district_officer, role=MemberRole.CHAIR, by=district_officer)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    with pytest.raises(ValidationError) as error:
        council_assign(council=council, dossiers=[dossier], by=district_officer)
    assert error.value.messages == ["Hội đồng cần có Chủ tịch và ít nhất 3 thành viên chấm điểm trước khi nhận hồ sơ."]

    # A row from before the fix: 1 %, assigned directly.
    Council.objects.filter(pk=council.pk).update(quorum_ratio=D("0.01"), min_members=1)
    assignment = CouncilAssignment.objects.create(council=council, dossier=dossier, level=Level.DISTRICT)
    dossier.state = DossierState.IN_SCORING
    dossier.save(update_fields=["state"])
    [seat] = council.members.all()
    score(assignment, seat, P55)
    with pytest.raises(ValidationError) as error:
        assignment_close(assignment=assignment, by=district_officer)
    assert error.value.messages == ["Chưa đủ số phiếu: 1/3 phiếu đã nộp."]
    assert CouncilAssignment.objects.get(pk=assignment.pk).state != AssignmentState.CLOSED


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"quorum_ratio": D("0.749")}, "quorum_ratio"),
        ({"min_members": 2}, "min_members"),
        ({"max_spread": D("-0.01")}, "max_spread"),
    ],
)
def test_nobody_sets_rules_below_the_legal_floors(province, province_staff, rules, field):
    with pytest.raises(ValidationError) as error:
        _create(province_staff, province, **rules)
    assert set(error.value.message_dict) == {field}
    assert not Council.objects.exists()


def test_floors_themselves_are_accepted(province, province_staff):
    council = _create(province_staff, province, quorum_ratio=D("0.75"), min_members=3, max_spread=D("0"))
    assert (council.quorum_ratio, council.min_members, council.max_spread) == (D("0.75"), 3, D("0"))


@pytest.mark.parametrize(
    ("rules", "allowed"),
    [
        ({"quorum_ratio": D("0.8"), "min_members": 5, "max_spread": D("8")}, True),  # stricter
        ({"max_spread": D("10")}, True),  # the province's own
        ({"max_spread": D("10.01")}, False),
        ({"max_spread": D("30")}, False),
    ],
)
def test_a_district_officer_keeps_within_the_provinces_rules(
    district, district_officer, province_staff, rules, allowed
):
    if allowed:
        council = _create(district_officer, district, **rules)
        assert all(getattr(council, name) == value for name, value in rules.items())
    else:
        with pytest.raises(ValidationError) as error:
            _create(district_officer, district, **rules)
        assert error.value.message_dict == {
            "max_spread": ["Chỉ cán bộ cấp tỉnh được nới quy tắc này; cấp huyện chỉ được đặt chặt hơn."]
        }
        # The same rules are the province's to give.
        assert _create(province_staff, district, **rules).max_spread == rules["max_spread"]


def test_changing_rules_follows_the_same_division(district, district_officer, other_district_officer, province_staff):
    council = _create(district_officer, district, min_members=5)
    with pytest.raises(ValidationError):
        council_rules_change(council=council, by=district_officer, min_members=4)
    council = council_rules_change(council=council, by=district_officer, min_members=6)
    with pytest.raises(PermissionDenied):
        council_rules_change(council=council, by=other_district_officer, min_members=7)
    council = council_rules_change(council=council, by=province_staff, min_members=3, quorum_ratio=D("0.9"))
    council.refresh_from_db()
    assert (council.min_members, council.quorum_ratio) == (3, D("0.9"))
    with pytest.raises(ValidationError):
        council_rules_change(council=council, by=province_staff, quorum_ratio=D("0.5"))


def test_a_councils_minimum_counts_at_closing(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district, min_members=4)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    for member in members[:3]:
        score(assignment, member, P55)
    with pytest.raises(ValidationError) as error:
        assignment_close(assignment=assignment, by=members[0].user)
    assert error.value.messages == ["Chưa đủ số phiếu: 3/4 phiếu đã nộp."]
    score(assignment, members[3], P55)
    assert assignment_close(assignment=assignment, by=members[0].user).state == AssignmentState.CLOSED


def test_a_sole_scorer_never_records_the_decision(province, district, commune, district_officer):
    """A result stored before the floors, resting on the officer's own card: they may not turn it
    into a decision (another officer of the district may)."""
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    for member in members[:3]:
        score(assignment, member, P55)
    assignment_close(assignment=assignment, by=members[0].user)
    assignment.refresh_from_db()
    # Rewrite the stored result as the one-member council of the report left it.
    CouncilMemberFactory(council=council, user=district_officer, role=MemberRole.MEMBER, order=9)
    officer_seat = council.members.get(user=district_officer)
    result = dict(assignment.result)
    result["members"] = [{"member": officer_seat.pk, "counted": "55.00", "present": True}]
    CouncilAssignment.objects.filter(pk=assignment.pk).update(result=result)
    with pytest.raises(ValidationError) as error:
        _record(dossier, by=district_officer)
    assert error.value.messages == [
        f"Hồ sơ “{dossier.product.name}”: người duy nhất chấm điểm không thể tự ghi nhận quyết định."
    ]
    assert not Decision.objects.exists()
    colleague = type(district_officer).objects.create(username="dong-nghiep", officer_district=district)
    assert _record(dossier, by=colleague).items.count() == 1
