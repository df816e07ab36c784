"""Council services (evaluation/services/councils.py): what the mutation run of 07/12/2026 found no
test for (docs/mutation.md) — the refusals' words, who each audit entry names and what it
records, a member's seat kept but inactive after removal, the council's and the member's own
fields, the province's rules for a council of another province's staff, assignment's minimum
and its notice, the declaration's stored reason and flags, the closing's notices and stored
figures, and written opinions that do not settle."""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from evaluation.enums import AssignmentState, DossierState, Level, MemberRole, Outcome
from evaluation.models import (
    ConflictDeclaration,
    Council,
    CouncilAssignment,
    CouncilMember,
    Dossier,
    DossierTransition,
    ProvinceCouncilRules,
    RoundDeadline,
)
from evaluation.services.councils import (
    assignment_close,
    assignment_status,
    conflict_declare,
    conflict_flags,
    council_assign,
    council_create,
    council_member_add,
    council_member_remove,
    council_rules_change,
    legal_floors,
    province_council_rules_set,
    rules_province_id,
)
from evaluation.tests.factories import CouncilFactory
from evaluation.tests.test_councils import P55, P75, P80, P85, accepted_dossier, make_council, score
from ocop_portal.core.models import AuditEntry, Notification
from ocop_portal.testing import factories as f
from ocop_portal.testing.concurrency import run_while_held

pytestmark = pytest.mark.django_db

NOT_YOURS = "Bạn không có quyền sửa Hội đồng này."


def _district_council(by, district, **rules):
    return council_create(
        province=district.parent,
        level=Level.DISTRICT,
        jurisdiction=district,
        name="Hội đồng OCOP huyện Yên Thế",
        term_start=datetime.date(2026, 1, 1),
        by=by,
        **rules,
    )


def _entries(action, obj):
    return AuditEntry.objects.filter(action=action, object_id=str(obj.pk)).order_by("id")


# --- the province's rules ------------------------------------------------------------------------


def test_the_legal_floors_shown_beside_the_rules():
    assert legal_floors() == {"quorum_ratio": D("0.75"), "min_members": 3}


def test_whose_rules_each_user_works_under(province, province_staff, district_officer, commune_officer, plain_user):
    assert [rules_province_id(u) for u in (province_staff, district_officer, commune_officer, plain_user)] == [
        province.pk,
        province.pk,
        None,
        None,
    ]


def test_an_unknown_rule_is_named_in_the_refusal(province, province_staff, district, district_officer):
    expected = ["Quy tắc không có: so_phieu, ty_le."]
    with pytest.raises(ValidationError) as error:
        province_council_rules_set(province=province, by=province_staff, ty_le=D("0.8"), so_phieu=4)
    assert error.value.messages == expected
    council = _district_council(district_officer, district)
    with pytest.raises(ValidationError) as error:
        council_rules_change(council=council, by=district_officer, ty_le=D("0.8"), so_phieu=4)
    assert error.value.messages == expected
    assert not ProvinceCouncilRules.objects.exists()


def test_only_the_provinces_staff_are_told_they_may_set_its_rules(province, district_officer):
    for user in (district_officer, AnonymousUser()):
        with pytest.raises(PermissionDenied) as error:
            province_council_rules_set(province=province, by=user, min_members=5)
        assert str(error.value) == "Chỉ cán bộ của tỉnh được đặt quy tắc Hội đồng của tỉnh."


def test_a_second_change_starts_from_the_stored_rules_and_names_who(province, province_staff):
    colleague = f.UserFactory(username="staff-2", staff_province=province)
    province_council_rules_set(province=province, by=province_staff, min_members=5)
    row = province_council_rules_set(province=province, by=colleague, quorum_ratio=D("0.9"))
    row.refresh_from_db()
    assert (row.quorum_ratio, row.min_members, row.max_spread, row.updated_by) == (D("0.9"), 5, D("10"), colleague)
    assert ProvinceCouncilRules.objects.count() == 1
    entries = list(_entries("council.province_rules_changed", row).values_list("actor", "changes"))
    assert entries == [
        (province_staff.pk, {"min_members": ["3", "5"]}),
        (colleague.pk, {"quorum_ratio": ["0.750", "0.900"]}),
    ]


def test_a_district_council_brought_up_is_audited_in_the_staffs_name(
    province, district, province_staff, district_officer
):
    council = _district_council(district_officer, district, min_members=4)
    province_council_rules_set(province=province, by=province_staff, min_members=5, max_spread=D("8"))
    council.refresh_from_db()
    assert (council.quorum_ratio, council.min_members, council.max_spread) == (D("0.75"), 5, D("8"))
    entry = _entries("council.rules_changed", council).get()
    assert (entry.actor, entry.note, entry.changes) == (
        province_staff,
        "Theo quy tắc Hội đồng của tỉnh.",
        {"min_members": ["4", "5"], "max_spread": ["10.00", "8.00"]},
    )


def test_a_district_council_already_stricter_is_left_unaudited_and_the_next_one_brought_up(
    province, district, province_staff, district_officer
):
    council = _district_council(district_officer, district, min_members=6, max_spread=D("5"))
    looser = _district_council(district_officer, district)
    province_council_rules_set(province=province, by=province_staff, min_members=5)
    assert not _entries("council.rules_changed", council).exists()
    council.refresh_from_db()
    looser.refresh_from_db()
    assert (council.min_members, council.max_spread, looser.min_members) == (6, D("5"), 5)


def test_another_provinces_district_councils_keep_their_rules(province, district, province_staff):
    hanoi = f.ProvinceFactory(code="01", name="Thành phố Hà Nội")
    hanoi_district = f.DistrictFactory(parent=hanoi, code="001", name="Quận Ba Đình")
    elsewhere = CouncilFactory(province=hanoi, jurisdiction=hanoi_district, level=Level.DISTRICT)
    province_council_rules_set(province=province, by=province_staff, min_members=5)
    elsewhere.refresh_from_db()
    assert elsewhere.min_members == 3


# --- a council's set-up ----------------------------------------------------------------------------


def test_a_new_council_is_audited_with_its_level_and_rules(province, district, district_officer):
    council = _district_council(district_officer, district, max_spread=D("8"))
    council.refresh_from_db()
    assert (council.establishing_decision, council.term_end) == ("", None)  # none given
    entry = _entries("council.created", council).get()
    assert (entry.actor, entry.changes) == (
        district_officer,
        {"level": Level.DISTRICT, "quorum_ratio": "0.75", "min_members": "3", "max_spread": "8"},
    )


def test_a_council_keeps_its_term_and_establishing_decision(province, province_staff):
    council = council_create(
        province=province,
        level=Level.PROVINCE,
        jurisdiction=province,
        name="Hội đồng OCOP tỉnh Bắc Giang",
        term_start=datetime.date(2026, 1, 1),
        term_end=datetime.date(2026, 12, 31),
        establishing_decision="1234/QĐ-UBND",
        by=province_staff,
    )
    council.refresh_from_db()
    assert (council.term_end, council.establishing_decision) == (datetime.date(2026, 12, 31), "1234/QĐ-UBND")


def test_a_term_ending_before_it_starts_is_refused_a_one_day_term_is_not(province, province_staff):
    def create(end):
        return council_create(
            province=province,
            level=Level.PROVINCE,
            jurisdiction=province,
            name="Hội đồng OCOP tỉnh",
            term_start=datetime.date(2026, 3, 1),
            term_end=end,
            by=province_staff,
        )

    with pytest.raises(ValidationError) as error:
        create(datetime.date(2026, 2, 28))
    assert error.value.message_dict == {"term_end": ["Nhiệm kỳ kết thúc trước khi bắt đầu."]}
    assert create(datetime.date(2026, 3, 1)).term_end == datetime.date(2026, 3, 1)


def test_a_council_over_another_provinces_district_is_refused(province, province_staff):
    hanoi = f.ProvinceFactory(code="01", name="Thành phố Hà Nội")
    foreign = f.DistrictFactory(parent=hanoi, code="001", name="Quận Ba Đình")
    with pytest.raises(ValidationError) as error:
        council_create(
            province=province,
            level=Level.DISTRICT,
            jurisdiction=foreign,
            name="Hội đồng OCOP",
            term_start=datetime.date(2026, 1, 1),
            by=province_staff,
        )
    assert error.value.message_dict == {"jurisdiction": ["Địa bàn không thuộc tỉnh."]}
    assert not Council.objects.exists()


def test_a_council_elsewhere_is_refused_in_words(province, other_district, district_officer):
    with pytest.raises(PermissionDenied) as error:
        _district_council(district_officer, other_district)
    assert str(error.value) == "Bạn không có quyền lập Hội đồng ở địa bàn này."


def test_a_change_of_rules_is_audited_with_the_old_and_new_values(district, district_officer, province_staff):
    council = _district_council(district_officer, district)
    changed = council_rules_change(council=council, by=district_officer, min_members=5, quorum_ratio=D("0.75"))
    assert Council.objects.get(pk=council.pk).min_members == 5
    assert changed.min_members == 5
    entry = _entries("council.rules_changed", council).get()
    assert (entry.actor, entry.changes) == (district_officer, {"min_members": ["3", "5"]})


def test_another_district_is_told_the_council_is_not_theirs(district, district_officer, other_district_officer):
    council = _district_council(district_officer, district)
    with pytest.raises(PermissionDenied) as error:
        council_rules_change(council=council, by=other_district_officer, min_members=5)
    assert str(error.value) == NOT_YOURS
    with pytest.raises(PermissionDenied) as error:
        council_member_add(council=council, user=f.UserFactory(), role=MemberRole.MEMBER, by=other_district_officer)
    assert str(error.value) == NOT_YOURS


# --- members ------------------------------------------------------------------------------------


def test_a_member_is_seated_with_what_was_given_and_audited(province, district, district_officer, commune):
    council = _district_council(district_officer, district)
    expert = f.UserFactory(username="chuyen-gia", full_name="Lê Thị Lan")
    member = council_member_add(
        council=council,
        user=expert,
        role=MemberRole.VICE_CHAIR,
        order=2,
        organisation="Phòng Nông nghiệp",
        commune=commune,
        by=district_officer,
    )
    member.refresh_from_db()
    assert (member.role, member.order, member.organisation, member.commune, member.is_support_team, member.active) == (
        MemberRole.VICE_CHAIR,
        2,
        "Phòng Nông nghiệp",
        commune,
        False,
        True,
    )
    entry = _entries("council.member_added", council).get()
    assert (entry.actor, entry.changes) == (district_officer, {"member": str(expert), "role": MemberRole.VICE_CHAIR})


def test_a_member_from_a_producer_is_seated_with_it(district, district_officer, producer_record):
    council = _district_council(district_officer, district)
    member = council_member_add(
        council=council, user=f.UserFactory(), role=MemberRole.MEMBER, producer=producer_record, by=district_officer
    )
    member.refresh_from_db()
    assert member.producer == producer_record


def test_a_member_seated_without_details_has_none(district, district_officer):
    council = _district_council(district_officer, district)
    member = council_member_add(council=council, user=f.UserFactory(), role=MemberRole.MEMBER, by=district_officer)
    member.refresh_from_db()
    assert (member.order, member.organisation, member.commune, member.producer) == (0, "", None, None)


def test_a_chair_after_the_first_was_removed_and_a_vice_chair_beside_the_chair(province, district, district_officer):
    council, (chair, *_rest) = make_council(province=province, jurisdiction=district)
    vice = council_member_add(council=council, user=f.UserFactory(), role=MemberRole.VICE_CHAIR, by=district_officer)
    assert vice.role == MemberRole.VICE_CHAIR
    council_member_remove(member=chair, by=district_officer)
    new_chair = council_member_add(council=council, user=f.UserFactory(), role=MemberRole.CHAIR, by=district_officer)
    assert list(council.members.filter(role=MemberRole.CHAIR, active=True)) == [new_chair]


def test_a_user_is_seated_once(province, district, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    with pytest.raises(ValidationError) as error:
        council_member_add(council=council, user=members[2].user, role=MemberRole.MEMBER, by=district_officer)
    assert error.value.message_dict == {"user": ["Người này đã có trong Hội đồng."]}
    assert council.members.count() == 4


def test_a_removed_member_keeps_an_inactive_seat_and_is_audited(province, district, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    member = members[3]
    removed = council_member_remove(member=member, by=district_officer, note="Chuyển công tác")
    assert removed.active is False
    member.refresh_from_db()
    assert (member.active, member.role) == (False, MemberRole.MEMBER)
    entry = _entries("council.member_removed", council).get()
    assert (entry.actor, entry.note, entry.changes) == (
        district_officer,
        "Chuyển công tác",
        {"member": str(member.user), "role": MemberRole.MEMBER},
    )
    with pytest.raises(ValidationError) as error:
        council_member_remove(member=member, by=district_officer)
    assert error.value.messages == ["Thành viên này đã không còn trong Hội đồng."]
    assert _entries("council.member_removed", council).count() == 1


def test_only_who_manages_the_council_removes_a_member(province, district, other_district_officer, province_staff):
    _council, members = make_council(province=province, jurisdiction=district)
    with pytest.raises(PermissionDenied) as error:
        council_member_remove(member=members[3], by=other_district_officer)
    assert str(error.value) == NOT_YOURS
    assert CouncilMember.objects.get(pk=members[3].pk).active is True
    assert council_member_remove(member=members[3], by=province_staff).active is False
    entry = AuditEntry.objects.get(action="council.member_removed")
    assert (entry.actor, entry.note) == (province_staff, "")  # no reason given


# --- assignment ---------------------------------------------------------------------------------


def test_a_council_takes_dossiers_with_its_own_minimum_of_scoring_members(
    province, district, commune, district_officer
):
    council, _members = make_council(province=province, jurisdiction=district, min_members=5)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    message = "Hội đồng cần có Chủ tịch và ít nhất 5 thành viên chấm điểm trước khi nhận hồ sơ."
    council_member_add(
        council=council, user=f.UserFactory(), role=MemberRole.MEMBER, is_support_team=True, by=district_officer
    )
    with pytest.raises(ValidationError) as error:  # 4 scorers and a helper
        council_assign(council=council, dossiers=[dossier], by=district_officer)
    assert error.value.messages == [message]
    council_member_add(council=council, user=f.UserFactory(), role=MemberRole.MEMBER, by=district_officer)
    [assignment] = council_assign(council=council, dossiers=[dossier], by=district_officer)
    assert assignment.state == AssignmentState.SCORING


def test_a_council_whose_chair_left_takes_no_dossier(province, district, commune, district_officer):
    roles = (MemberRole.CHAIR, MemberRole.VICE_CHAIR) + (MemberRole.MEMBER,) * 3
    council, members = make_council(province=province, jurisdiction=district, roles=roles)
    council_member_remove(member=members[0], by=district_officer)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    with pytest.raises(ValidationError) as error:
        council_assign(council=council, dossiers=[dossier], by=district_officer)
    assert error.value.messages == ["Hội đồng cần có Chủ tịch và ít nhất 3 thành viên chấm điểm trước khi nhận hồ sơ."]


def test_the_scoring_members_are_told_how_many_dossiers_came(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    helper = council_member_add(
        council=council, user=f.UserFactory(), role=MemberRole.MEMBER, is_support_team=True, by=district_officer
    )
    council_member_remove(member=members[3], by=district_officer)
    council_member_add(council=council, user=f.UserFactory(), role=MemberRole.MEMBER, by=district_officer)
    dossiers = [accepted_dossier(commune=commune, checker=district_officer) for _ in range(2)]
    assignments = council_assign(council=council, dossiers=dossiers, by=district_officer)
    notices = Notification.objects.filter(subject__contains="cần chấm điểm")
    seated = set(council.members.filter(active=True, is_support_team=False).values_list("user", flat=True))
    assert set(notices.values_list("recipient", flat=True)) == seated
    assert helper.user_id not in seated and members[3].user_id not in seated
    assert set(notices.values_list("subject", flat=True)) == {f"{council.name}: 2 hồ sơ cần chấm điểm"}
    assert [(e.actor, e.changes) for e in AuditEntry.objects.filter(action="assignment.created")] == [
        (district_officer, {"council": council.pk})
    ] * 2
    assert len(assignments) == 2


def test_a_dossier_goes_before_one_council_of_a_level(province, district, commune, district_officer):
    council, _members = make_council(province=province, jurisdiction=district)
    second, _ = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    council_assign(council=council, dossiers=[dossier], by=district_officer)
    dossier.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        council_assign(council=second, dossiers=[dossier], by=district_officer)
    assert error.value.messages == [f"Hồ sơ “{dossier.product.name}” không thể trình Hội đồng này."]


def test_a_refused_dossier_is_named(province, district, commune, district_officer):
    council, _members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer, level=Level.PROVINCE)
    with pytest.raises(ValidationError) as error:
        council_assign(council=council, dossiers=[dossier], by=district_officer)
    assert error.value.messages == [f"Hồ sơ “{dossier.product.name}” không thể trình Hội đồng này."]


def test_assigning_without_managing_is_refused_in_words(province, district, commune, other_district_officer):
    council, _members = make_council(province=province, jurisdiction=district)
    with pytest.raises(PermissionDenied) as error:
        council_assign(council=council, dossiers=[], by=other_district_officer)
    assert str(error.value) == "Bạn không có quyền phân công Hội đồng này."


# --- conflicts of interest ------------------------------------------------------------------------


def test_a_declaration_keeps_its_reason_trimmed_the_flags_and_is_audited(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    [assignment] = council_assign(council=council, dossiers=[dossier], by=district_officer)
    member = members[2]
    CouncilMember.objects.filter(pk=member.pk).update(commune=commune)
    member.refresh_from_db()
    declaration = conflict_declare(
        assignment=assignment, member=member, has_conflict=True, reason="  Cùng xã với chủ thể  ", by=member.user
    )
    declaration.refresh_from_db()
    assert (declaration.has_conflict, declaration.reason, declaration.flagged) == (
        True,
        "Cùng xã với chủ thể",
        ["Thành viên cư trú hoặc công tác tại xã của chủ thể/sản phẩm."],
    )
    entry = _entries("assignment.conflict_declared", assignment).get()
    assert (entry.actor, entry.changes, entry.note) == (
        member.user,
        {"member": member.pk, "has_conflict": True},
        "  Cùng xã với chủ thể  ",
    )
    assert not assignment.scorecards.filter(member=member).exists()
    with pytest.raises(ValidationError) as error:
        conflict_declare(assignment=assignment, member=member, has_conflict=False, reason="", by=member.user)
    assert error.value.messages == ["Bạn đã khai báo cho hồ sơ này."]


def test_no_conflict_opens_the_members_draft(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    [assignment] = council_assign(council=council, dossiers=[dossier], by=district_officer)
    conflict_declare(assignment=assignment, member=members[1], has_conflict=False, reason="", by=members[1].user)
    assert list(assignment.scorecards.values_list("member", "revision")) == [(members[1].pk, 1)]


def test_only_the_member_is_told_they_declare_for_themselves(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    [assignment] = council_assign(council=council, dossiers=[dossier], by=district_officer)
    with pytest.raises(PermissionDenied) as error:
        conflict_declare(assignment=assignment, member=members[2], has_conflict=False, reason="", by=members[1].user)
    assert str(error.value) == "Chỉ thành viên tự khai báo xung đột lợi ích."


# --- who may sit --------------------------------------------------------------------------------


def test_an_expert_without_a_place_sits_on_the_provincial_council(province, province_staff):
    council = CouncilFactory(province=province, jurisdiction=province, level=Level.PROVINCE)
    expert = f.UserFactory(username="chuyen-gia", full_name="Phạm Văn Minh")
    assert council_member_add(council=council, user=expert, role=MemberRole.MEMBER, by=province_staff).user == expert


def test_a_seat_on_another_council_of_the_province_is_no_bar(province, district, district_officer, province_staff):
    district_council = CouncilFactory(province=province, jurisdiction=district, level=Level.DISTRICT)
    council_member_add(council=district_council, user=district_officer, role=MemberRole.MEMBER, by=province_staff)
    provincial = CouncilFactory(province=province, jurisdiction=province, level=Level.PROVINCE)
    member = council_member_add(council=provincial, user=district_officer, role=MemberRole.MEMBER, by=province_staff)
    assert member.council == provincial


def test_others_seats_elsewhere_and_a_seat_left_elsewhere_are_no_bar(province, province_staff):
    hanoi = f.ProvinceFactory(code="01", name="Thành phố Hà Nội")
    hanoi_council = CouncilFactory(province=hanoi, jurisdiction=hanoi, level=Level.PROVINCE)
    CouncilMember.objects.create(council=hanoi_council, user=f.UserFactory(username="ha-noi"), role=MemberRole.MEMBER)
    moved = f.UserFactory(username="da-chuyen", full_name="Hoàng Thị Thu")
    CouncilMember.objects.create(council=hanoi_council, user=moved, role=MemberRole.MEMBER, active=False)
    council = CouncilFactory(province=province, jurisdiction=province, level=Level.PROVINCE)
    for user in (f.UserFactory(username="bac-giang"), moved):
        assert council_member_add(council=council, user=user, role=MemberRole.MEMBER, by=province_staff).user == user


# --- the legal floors' words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"min_members": 2}, {"min_members": ["Số phiếu tối thiểu không được ít hơn 3."]}),
        ({"max_spread": D("-0.01")}, {"max_spread": ["Chênh lệch tối đa không được âm."]}),
    ],
)
def test_below_a_legal_floor_the_refusal_says_which(province, province_staff, rules, message):
    with pytest.raises(ValidationError) as error:
        province_council_rules_set(province=province, by=province_staff, **rules)
    assert error.value.message_dict == message


# --- which dossiers a council takes -----------------------------------------------------------------


def test_the_provincial_council_takes_forwarded_dossiers_of_every_district(
    province, commune, other_commune, province_staff
):
    council, _members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    dossiers = [
        accepted_dossier(commune=place, checker=province_staff, level=Level.PROVINCE)
        for place in (commune, other_commune)
    ]
    Dossier.objects.filter(pk=dossiers[1].pk).update(state=DossierState.FORWARDED)  # by the district's council
    dossiers[1].refresh_from_db()
    assert dossiers[1].state == DossierState.FORWARDED
    assignments = council_assign(council=council, dossiers=dossiers, by=province_staff)
    assert [a.dossier for a in assignments] == dossiers
    last = DossierTransition.objects.filter(dossier=dossiers[0]).latest("id")
    assert (last.to_state, last.level, last.by) == (DossierState.IN_SCORING, Level.PROVINCE, province_staff)


def test_a_council_refuses_a_dossier_of_another_province(province, province_staff):
    hanoi = f.ProvinceFactory(code="01", name="Thành phố Hà Nội")
    ba_dinh = f.CommuneFactory(parent=f.DistrictFactory(parent=hanoi, code="001", name="Quận Ba Đình"))
    hanoi_staff = f.UserFactory(username="staff-hn", staff_province=hanoi)
    foreign = accepted_dossier(commune=ba_dinh, checker=hanoi_staff, level=Level.PROVINCE)
    council, _members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    with pytest.raises(ValidationError) as error:
        council_assign(council=council, dossiers=[foreign], by=province_staff)
    assert error.value.messages == [f"Hồ sơ “{foreign.product.name}” không thể trình Hội đồng này."]


def test_a_dossier_already_before_a_council_of_the_level_is_refused_in_words(
    province, district, commune, district_officer
):
    council, _members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    CouncilAssignment.objects.create(council=council, dossier=dossier, level=Level.DISTRICT)  # recorded before
    with pytest.raises(ValidationError) as error:
        council_assign(council=council, dossiers=[dossier], by=district_officer)
    assert error.value.messages == [f"Hồ sơ “{dossier.product.name}” đã được trình Hội đồng cấp này."]


def test_no_dossier_no_notice(province, district, district_officer):
    council, _members = make_council(province=province, jurisdiction=district)
    assert council_assign(council=council, dossiers=[], by=district_officer) == []
    assert not Notification.objects.exists()


# --- conflicts seen by the portal ---------------------------------------------------------------------


@pytest.fixture
def session(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    [assignment] = council_assign(council=council, dossiers=[dossier], by=district_officer)
    return assignment, members


def test_links_to_other_producers_places_and_consultants_are_not_conflicts(
    session, other_commune, other_producer_record
):
    assignment, members = session
    member = members[2]
    CouncilMember.objects.filter(pk=member.pk).update(producer=other_producer_record, commune=other_commune)
    member.refresh_from_db()
    dossier = assignment.dossier
    dossier.consultant = members[3].user
    dossier.save()
    assignment.refresh_from_db()
    assert conflict_flags(assignment, member) == []


def test_the_products_commune_and_the_producers_are_each_a_conflict(session, sibling_commune):
    assignment, members = session
    product = assignment.dossier.product
    product.commune = sibling_commune  # made in another commune than the producer's seat
    product.save()
    assignment.refresh_from_db()
    flag = ["Thành viên cư trú hoặc công tác tại xã của chủ thể/sản phẩm."]
    for place in (sibling_commune, product.producer.commune):
        CouncilMember.objects.filter(pk=members[2].pk).update(commune=place)
        members[2].refresh_from_db()
        assert conflict_flags(assignment, members[2]) == flag


def test_no_declaration_once_closed(session):
    assignment, members = session
    CouncilAssignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.CLOSED)
    assignment.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        conflict_declare(assignment=assignment, member=members[3], has_conflict=False, reason="", by=members[3].user)
    assert error.value.messages == ["Hội đồng đã kết thúc chấm hồ sơ này."]


# --- the state of a session and its closing ----------------------------------------------------


def test_the_status_counts_the_eligible_members_submitted_cards(session):
    assignment, (chair, vice, m1, m2) = session
    score(assignment, chair, P85)
    score(assignment, vice, P75)
    score(assignment, m1, P55, submit=False)
    conflict_declare(assignment=assignment, member=m2, has_conflict=True, reason="Cùng xã", by=m2.user)
    status = assignment_status(assignment)
    assert (status.totals, status.spread, status.max_spread, status.spread_ok, status.eligible_ids) == (
        {chair.pk: D("85.00"), vice.pk: D("75.00")},
        D("10.00"),
        D("10.00"),
        True,
        frozenset({chair.pk, vice.pk, m1.pk}),
    )
    assert (status.quorum.eligible, status.quorum.required, status.quorum.submitted, status.quorum.met) == (
        3,
        3,
        2,
        False,
    )


def test_closing_someone_elses_session_is_refused_in_words(session, other_district_officer):
    assignment, _members = session
    with pytest.raises(PermissionDenied) as error:
        assignment_close(assignment=assignment, by=other_district_officer)
    assert str(error.value) == "Bạn không có quyền kết thúc phiên chấm hồ sơ này."


def test_a_spread_too_far_tells_the_scoring_members_and_is_audited(session, district_officer):
    assignment, (chair, vice, m1, m2) = session
    helper = council_member_add(
        council=assignment.council,
        user=f.UserFactory(),
        role=MemberRole.MEMBER,
        is_support_team=True,
        by=district_officer,
    )
    score(assignment, chair, P85)
    score(assignment, vice, P85)
    score(assignment, m1, P55)
    Notification.objects.all().delete()
    returned = assignment_close(assignment=assignment, by=chair.user)
    assert (returned.state, returned.revision) == (AssignmentState.RECONCILIATION, 2)
    stored = CouncilAssignment.objects.get(pk=assignment.pk)
    assert (stored.state, stored.revision) == (AssignmentState.RECONCILIATION, 2)
    entry = _entries("assignment.reconciliation", assignment).get()
    assert (entry.actor, entry.changes) == (chair.user, {"spread": "30.00", "revision": 2})
    product = assignment.dossier.product.name
    notices = Notification.objects.all()
    assert {n.recipient_id for n in notices} == {m.user_id for m in (chair, vice, m1, m2)}
    assert helper.user_id not in {n.recipient_id for n in notices}
    assert {(n.subject, n.url) for n in notices} == {
        (
            f"{product}: Chênh lệch điểm vượt mức cho phép: đề nghị thống nhất và chấm lại.",
            reverse("evaluation:assignment_detail", args=[assignment.pk]),
        )
    }


def test_a_revision_still_too_far_opens_another_round(session):
    assignment, (chair, vice, m1, _m2) = session
    score(assignment, chair, P85)
    score(assignment, vice, P85)
    score(assignment, m1, P55)
    assignment_close(assignment=assignment, by=chair.user)
    score(assignment, m1, {"1.1": 20, "4.1": 25, "6.1": 20})  # 65: still 20 below
    assignment_close(assignment=assignment, by=chair.user)
    assert (assignment.state, assignment.revision) == (AssignmentState.RECONCILIATION, 3)
    assert _entries("assignment.reconciliation", assignment).count() == 2


@freeze_time("2026-07-15 03:00")
def test_a_closing_records_who_when_and_what_and_moves_the_dossier_in_their_name(session):
    assignment, (chair, vice, m1, m2) = session
    score(assignment, chair, P85)
    score(assignment, vice, P80)
    score(assignment, m1, P75)
    conflict_declare(assignment=assignment, member=m2, has_conflict=True, reason="Cùng xã", by=m2.user)
    returned = assignment_close(assignment=assignment, by=chair.user)
    assert returned is assignment
    stored = CouncilAssignment.objects.get(pk=assignment.pk)
    assert (stored.closed_by, stored.closed_at, stored.mean_score, stored.band_stars, stored.final_stars) == (
        chair.user,
        timezone.now(),
        D("80.00"),
        4,
        4,
    )
    entry = _entries("assignment.closed", assignment).get()
    assert (entry.actor, entry.changes) == (
        chair.user,
        {"mean": "80.00", "final_stars": 4, "outcome": Outcome.FORWARD},
    )
    moves = DossierTransition.objects.filter(dossier=assignment.dossier).order_by("id")
    assert list(moves.values_list("to_state", "level", "by"))[-2:] == [
        (DossierState.SCORED, Level.DISTRICT, chair.user_id),
        (DossierState.FORWARDED, Level.PROVINCE, chair.user_id),
    ]
    result = stored.result
    assert {k: v for k, v in result.items() if k not in ("members", "recused", "criteria", "failures")} == {
        "framework": "148",
        "level": Level.DISTRICT,
        "decimals": 2,
        "mean": "80.00",
        "band_stars": 4,
        "final_stars": 4,
        "recognised": True,
        "outcome": Outcome.FORWARD,
        "route_level": Level.PROVINCE,
        "spread": "10.00",
        "max_spread": "10.00",
        "quorum": {"eligible": 3, "required": 3, "submitted": 3, "presiding": chair.pk},
    }
    assert result["members"] == [
        {
            "member": m.pk,
            "name": m.user.display_name,
            "role": m.role,
            "present": True,
            "totals": {"1": total},
            "counted": total,
        }
        for m, total in ((chair, "85.00"), (vice, "80.00"), (m1, "75.00"))
    ]
    assert result["recused"] == [{"member": m2.pk, "name": m2.user.display_name, "reason": "Cùng xã"}]
    assert result["failures"] == []
    assert result["criteria"] == [
        {
            "code": "1.1",
            "name": "Tiêu chí 1.1",
            "part": "A",
            "max": "40.00",
            "score": "33.33",  # (40 + 20 + 40) / 3
            "commune": False,
            "requirements": {"3": "10.00", "4": "20.00", "5": "20.00"},
        },
        {
            "code": "4.1",
            "name": "Tiêu chí 4.1",
            "part": "B",
            "max": "25.00",
            "score": "21.67",
            "commune": False,
            "requirements": {},
        },
        {
            "code": "6.1",
            "name": "Tiêu chí 6.1",
            "part": "C",
            "max": "35.00",
            "score": "25.00",
            "commune": False,
            "requirements": {"3": "5.00", "4": "5.00", "5": "5.00"},
        },
    ]


# --- lock strength: FOR NO KEY UPDATE, so rows referencing the locked one are not held back ------


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_member_may_be_seated_while_the_councils_rules_change(province, district, province_staff):
    council = CouncilFactory(province=province, jurisdiction=district, level=Level.DISTRICT)
    kind, value = run_while_held(
        lambda: council_rules_change(council=council, by=province_staff, min_members=5),
        lambda: CouncilMember.objects.create(council=council, user=f.UserFactory(), role=MemberRole.MEMBER).pk,
    )
    assert kind == "ok", value
    assert Council.objects.get(pk=council.pk).min_members == 5


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_member_may_be_seated_while_the_province_tightens_its_rules(province, district, province_staff):
    council = CouncilFactory(province=province, jurisdiction=district, level=Level.DISTRICT)
    kind, value = run_while_held(
        lambda: province_council_rules_set(province=province, by=province_staff, min_members=5),
        lambda: CouncilMember.objects.create(council=council, user=f.UserFactory(), role=MemberRole.MEMBER).pk,
    )
    assert kind == "ok", value
    assert Council.objects.get(pk=council.pk).min_members == 5


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_declaration_may_be_recorded_while_the_member_is_removed(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    [assignment] = council_assign(council=council, dossiers=[dossier], by=district_officer)
    member = members[3]
    kind, value = run_while_held(
        lambda: council_member_remove(member=member, by=district_officer),
        lambda: (
            ConflictDeclaration.objects.create(
                assignment=assignment, member=member, has_conflict=True, reason="Người thân của chủ thể", flagged=[]
            ).pk
        ),
    )
    assert kind == "ok", value
    assert CouncilMember.objects.get(pk=member.pk).active is False


def test_province_staff_closing_late_without_a_reason_are_told_to_give_one(session, province_staff):
    assignment, members = session
    for member in members[:3]:
        score(assignment, member, P55)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    RoundDeadline.objects.update_or_create(
        round=assignment.dossier.round, level=Level.DISTRICT, defaults={"scoring": yesterday}
    )
    with pytest.raises(ValidationError) as error:
        assignment_close(assignment=assignment, by=province_staff)
    assert set(error.value.message_dict) == {"late_reason"}
    assert CouncilAssignment.objects.get(pk=assignment.pk).state == AssignmentState.SCORING
    assert not AuditEntry.objects.filter(action="round.late_override").exists()


def test_three_stars_at_the_province_go_back_to_the_district(province, commune, province_staff):
    council, members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    dossier = accepted_dossier(commune=commune, checker=province_staff, level=Level.PROVINCE)
    [assignment] = council_assign(council=council, dossiers=[dossier], by=province_staff)
    for member in members[:3]:
        score(assignment, member, P55)
    assignment_close(assignment=assignment, by=members[0].user)
    dossier.refresh_from_db()
    assert (assignment.final_stars, assignment.outcome, assignment.result["route_level"]) == (
        3,
        Outcome.BACK_TO_LOWER,
        Level.DISTRICT,
    )
    assert (dossier.state, dossier.current_level) == (DossierState.SCORED, Level.DISTRICT)
    last = DossierTransition.objects.filter(dossier=dossier).latest("id")
    assert (last.to_state, last.level) == (DossierState.SCORED, Level.DISTRICT)


def test_the_result_reads_this_dossiers_cards_only(province, district, commune, district_officer):
    """The same members score two dossiers; the other one went to a second round of cards."""
    council, (chair, vice, m1, _m2) = make_council(province=province, jurisdiction=district)
    dossiers = [accepted_dossier(commune=commune, checker=district_officer) for _ in range(2)]
    this, other = council_assign(council=council, dossiers=dossiers, by=district_officer)
    score(other, chair, P85)
    score(other, vice, P85)
    score(other, m1, P55)
    assignment_close(assignment=other, by=chair.user)  # reconciliation: revision 2
    score(other, chair, P55)
    score(this, chair, P85)
    score(this, vice, P80)
    score(this, m1, P75)
    assignment_close(assignment=this, by=chair.user)
    assert [(m["member"], m["totals"]) for m in this.result["members"] if m["present"]] == [
        (chair.pk, {"1": "85.00"}),
        (vice.pk, {"1": "80.00"}),
        (m1.pk, {"1": "75.00"}),
    ]
    assert [c["score"] for c in this.result["criteria"]] == ["33.33", "21.67", "25.00"]


def test_a_revision_left_in_draft_is_not_in_the_result(session):
    assignment, (chair, vice, m1, _m2) = session
    score(assignment, chair, P85)
    score(assignment, vice, P85)
    score(assignment, m1, P55)
    assignment_close(assignment=assignment, by=chair.user)  # reconciliation: revision 2
    score(assignment, m1, P75)
    score(assignment, vice, P55, submit=False)  # opened and changed, never sent
    assignment_close(assignment=assignment, by=chair.user)
    totals = {m["member"]: m["totals"] for m in assignment.result["members"] if m["present"]}
    assert totals == {chair.pk: {"1": "85.00"}, vice.pk: {"1": "85.00"}, m1.pk: {"1": "55.00", "2": "75.00"}}
    assert [c["score"] for c in assignment.result["criteria"]] == ["40.00", "21.67", "20.00"]
