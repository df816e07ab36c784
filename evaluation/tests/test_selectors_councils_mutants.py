"""The council reads as the pages use them (docs/mutation.md): which councils, assignments and
decisions each role sees and manages — never those of another province's holder of the same role
—, the member's work list and "next dossier", who may be searched for a seat, which dossiers a
council or a decision may take, the signature a new decision starts from, and the producer's gap
report."""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import AnonymousUser

from evaluation.enums import AssignmentState, DecisionKind, DossierState, Level, MemberRole, ScorecardState
from evaluation.models import (
    ConflictDeclaration,
    CouncilAssignment,
    Decision,
    DecisionItem,
    RoundDeadline,
    Scorecard,
)
from evaluation.selectors.councils import (
    SEAT_SEARCH_LIMIT,
    GapRow,
    accounts_seated_elsewhere,
    accounts_seated_in,
    assignment_for_scorecard,
    assignment_presiding_member,
    assignments_visible_to,
    council_assignments,
    council_for_page,
    council_members,
    councils_managed_by,
    councils_visible_to,
    decidable_dossiers,
    decision_items,
    decisions_visible_to,
    dossiers_assignable_to,
    gap_report,
    latest_signature,
    member_work_list,
    next_to_score,
    recused_member_ids,
    scorecards_readable_by,
    scoring_members,
    seat_candidates,
    visible_assignment,
)
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, DossierFactory, RoundFactory
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_ninh():
    """Province B: a district, its officer, its staff and a council of the district."""
    province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    district = f.DistrictFactory(parent=province, code="256", name="Huyện Yên Phong")
    commune = f.CommuneFactory(parent=district, code="09193", name="Xã Đông Phong")
    return {
        "province": province,
        "district": district,
        "commune": commune,
        "staff": f.UserFactory(username="staff-bn", full_name="Cán bộ Sở Bắc Ninh", staff_province=province),
        "officer": f.UserFactory(username="officer-bn", full_name="Cán bộ Yên Phong", officer_district=district),
        "council": CouncilFactory(province=province, jurisdiction=district, name="Hội đồng OCOP huyện Yên Phong"),
    }


@pytest.fixture
def councils(province, district, other_district):
    return {
        "tinh": CouncilFactory(
            province=province, jurisdiction=province, level=Level.PROVINCE, name="Hội đồng OCOP Bắc Giang"
        ),
        "yen_the": CouncilFactory(province=province, jurisdiction=district, name="Hội đồng OCOP huyện Yên Thế"),
        "luc_ngan": CouncilFactory(province=province, jurisdiction=other_district, name="Hội đồng OCOP huyện Lục Ngạn"),
    }


def _dossier(commune, *, state=DossierState.ACCEPTED, level=Level.DISTRICT, name="Gà đồi Yên Thế", round_obj=None):
    product = f.ProductFactory(producer=f.ProducerFactory(commune=commune), name=name)
    extra = {"round": round_obj} if round_obj else {}
    return DossierFactory(product=product, state=state, current_level=level, **extra)


def _assign(council, dossier, **fields):
    return CouncilAssignment.objects.create(council=council, dossier=dossier, level=council.level, **fields)


# Councils ----------------------------------------------------------------------------------------


def test_each_role_sees_and_manages_its_own_councils_only(
    councils, province_staff, district_officer, other_district_officer, bac_ninh
):
    tinh, yen_the, luc_ngan = councils["tinh"], councils["yen_the"], councils["luc_ngan"]
    # The Yên Thế officer also sits on Lục Ngạn's council (an expert seat), and once sat on the
    # province's (retired).
    CouncilMemberFactory(council=luc_ngan, user=district_officer)
    CouncilMemberFactory(council=tinh, user=district_officer, active=False)
    member = f.UserFactory(username="chuyen-gia", full_name="Chuyên gia Nông nghiệp")
    CouncilMemberFactory(council=yen_the, user=member)

    # district councils first, each level in Vietnamese order of the name
    assert list(councils_visible_to(province_staff)) == [luc_ngan, yen_the, tinh]
    assert list(councils_visible_to(district_officer)) == [luc_ngan, yen_the]
    assert list(councils_visible_to(other_district_officer)) == [luc_ngan]
    assert list(councils_visible_to(member)) == [yen_the]
    assert set(councils_managed_by(province_staff)) == {tinh, yen_the, luc_ngan}
    assert set(councils_managed_by(district_officer)) == {yen_the}
    assert set(councils_managed_by(member)) == set()

    # Bắc Ninh's holders of the same roles see and manage only Bắc Ninh's council
    for user in (bac_ninh["staff"], bac_ninh["officer"]):
        assert list(councils_visible_to(user)) == [bac_ninh["council"]]
        assert list(councils_managed_by(user)) == [bac_ninh["council"]]
    seated_bn = f.UserFactory(username="tv-bn")
    CouncilMemberFactory(council=bac_ninh["council"], user=seated_bn)
    assert list(councils_visible_to(seated_bn)) == [bac_ninh["council"]]
    assert list(councils_managed_by(seated_bn)) == []

    for user in (AnonymousUser(), f.UserFactory(username="norole")):
        assert list(councils_visible_to(user)) == []
        assert list(councils_managed_by(user)) == []


def test_a_councils_member_count_is_its_active_scoring_members(councils, province_staff):
    yen_the = councils["yen_the"]
    for role in (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER):
        CouncilMemberFactory(council=yen_the, role=role)
    CouncilMemberFactory(council=yen_the, active=False)
    CouncilMemberFactory(council=yen_the, role=MemberRole.SECRETARY, is_support_team=True)
    CouncilMemberFactory(council=councils["tinh"])

    counts = {c.pk: c.member_count for c in councils_visible_to(province_staff)}

    assert counts == {yen_the.pk: 3, councils["tinh"].pk: 1, councils["luc_ngan"].pk: 0}


def test_assignments_are_seen_by_their_councils_managers_and_members_only(
    councils, commune, other_commune, province_staff, district_officer, other_district_officer, bac_ninh
):
    here = _assign(councils["yen_the"], _dossier(commune))
    there = _assign(councils["luc_ngan"], _dossier(other_commune, name="Vải thiều Lục Ngạn"))
    member = CouncilMemberFactory(council=councils["luc_ngan"]).user
    retired = CouncilMemberFactory(council=councils["yen_the"], active=False).user
    theirs = _assign(bac_ninh["council"], _dossier(bac_ninh["commune"], name="Gà Đông Phong"))
    seated_bn = CouncilMemberFactory(council=bac_ninh["council"]).user

    assert set(assignments_visible_to(province_staff)) == {here, there}
    assert set(assignments_visible_to(district_officer)) == {here}
    assert set(assignments_visible_to(other_district_officer)) == {there}
    assert set(assignments_visible_to(member)) == {there}
    assert set(assignments_visible_to(retired)) == set()
    for user in (bac_ninh["staff"], bac_ninh["officer"], seated_bn):
        assert set(assignments_visible_to(user)) == {theirs}
    assert set(assignments_visible_to(AnonymousUser())) == set()


# The member's work list ---------------------------------------------------------------------------


@pytest.fixture
def work(councils, commune, province):
    """A member of Yên Thế's council (and of the province's support team) with four of its
    assignments: one they recused from, one with a draft card, one with a card submitted, one
    closed; one assignment of the province's council."""
    earlier_round = RoundFactory(province=province)
    RoundDeadline.objects.create(round=earlier_round, level=Level.DISTRICT, scoring=datetime.date(2026, 6, 30))
    round_obj = RoundFactory(province=province)
    RoundDeadline.objects.create(round=round_obj, level=Level.PROVINCE, scoring=datetime.date(2026, 9, 30))
    RoundDeadline.objects.create(round=round_obj, level=Level.DISTRICT, scoring=datetime.date(2026, 8, 15))
    yen_the = councils["yen_the"]
    seat = CouncilMemberFactory(council=yen_the, user=f.UserFactory(username="tv", full_name="Lê Thị Hoa"))
    CouncilMemberFactory(council=councils["tinh"], user=seat.user, is_support_team=True)
    colleague = CouncilMemberFactory(council=yen_the)
    names = ("Gà đồi", "Mật ong", "Miến dong", "Rượu làng Vân", "Vải thiều")
    recused, drafted, submitted, closed, provincial = (
        _dossier(commune, name=name, round_obj=round_obj) for name in names
    )
    assignments = {
        "recused": _assign(yen_the, recused),
        "drafted": _assign(yen_the, drafted),
        "submitted": _assign(yen_the, submitted, state=AssignmentState.RECONCILIATION, revision=2),
        "closed": _assign(yen_the, closed, state=AssignmentState.CLOSED),
        "provincial": _assign(councils["tinh"], provincial),
    }
    ConflictDeclaration.objects.create(
        assignment=assignments["recused"], member=seat, has_conflict=True, reason="Họ hàng"
    )
    ConflictDeclaration.objects.create(assignment=assignments["drafted"], member=seat, has_conflict=False)
    ConflictDeclaration.objects.create(assignment=assignments["drafted"], member=colleague, has_conflict=True)
    ConflictDeclaration.objects.create(assignment=assignments["submitted"], member=seat, has_conflict=False)
    sheet = recused.sheet
    Scorecard.objects.create(assignment=assignments["drafted"], member=seat, sheet=sheet)
    Scorecard.objects.create(assignment=assignments["recused"], member=colleague, sheet=sheet)
    # the first revision's card was submitted; the second's only drafted... then submitted too
    card = assignments["submitted"]
    Scorecard.objects.create(assignment=card, member=seat, sheet=sheet, revision=1, state=ScorecardState.SUBMITTED)
    Scorecard.objects.create(assignment=card, member=seat, sheet=sheet, revision=2, state=ScorecardState.SUBMITTED)
    return {"seat": seat, "colleague": colleague, **assignments}


def test_the_work_list_is_the_open_assignments_of_the_members_scoring_seats(work):
    rows = {a.pk: a for a in member_work_list(work["seat"].user)}

    # by state ("reconciliation" before "scoring"), then as opened
    assert list(rows) == [work["submitted"].pk, work["recused"].pk, work["drafted"].pk]
    assert {
        key: (
            rows[work[key].pk].declared,
            rows[work[key].pk].recused,
            rows[work[key].pk].my_card_state,
            rows[work[key].pk].scoring_deadline,
        )
        for key in ("recused", "drafted", "submitted")
    } == {
        "recused": (True, True, None, datetime.date(2026, 8, 15)),
        "drafted": (True, False, ScorecardState.DRAFT, datetime.date(2026, 8, 15)),
        "submitted": (True, False, ScorecardState.SUBMITTED, datetime.date(2026, 8, 15)),
    }
    colleague = {a.pk: a for a in member_work_list(work["colleague"].user)}
    assert (colleague[work["drafted"].pk].declared, colleague[work["drafted"].pk].recused) == (True, True)
    assert (colleague[work["recused"].pk].declared, colleague[work["recused"].pk].my_card_state) == (
        False,
        ScorecardState.DRAFT,
    )
    assert list(member_work_list(AnonymousUser())) == []


def test_a_card_of_an_earlier_revision_is_not_the_members_card_now(work):
    Scorecard.objects.filter(assignment=work["submitted"], revision=2).delete()

    rows = {a.pk: a for a in member_work_list(work["seat"].user)}

    assert rows[work["submitted"].pk].my_card_state is None


def test_a_retired_seat_has_no_work_list(work):
    type(work["seat"]).objects.filter(pk=work["seat"].pk).update(active=False)

    assert list(member_work_list(work["seat"].user)) == []
    assert next_to_score(work["seat"].user, work["recused"]) is None


def test_next_to_score_skips_recused_submitted_closed_and_the_one_just_scored(work):
    user = work["seat"].user

    assert next_to_score(user, work["recused"]) == work["drafted"]
    assert next_to_score(user, work["drafted"]) is None  # the last one is submitted
    # a draft of the current revision is still to score; an older revision's submission does not count
    Scorecard.objects.filter(assignment=work["submitted"], revision=2).update(state=ScorecardState.DRAFT)
    assert next_to_score(user, work["drafted"]) == work["submitted"]
    Scorecard.objects.filter(assignment=work["submitted"], revision=2).delete()
    assert next_to_score(user, work["drafted"]) == work["submitted"]
    # the colleague recused from the drafted dossier, not from the first one
    assert next_to_score(work["colleague"].user, work["submitted"]) == work["recused"]


def test_next_to_score_follows_the_work_lists_order(work, commune, councils):
    later = _assign(councils["yen_the"], _dossier(commune, name="Chè xanh"))
    user = work["seat"].user

    assert next_to_score(user, work["submitted"]) == work["drafted"]
    Scorecard.objects.filter(assignment=work["drafted"]).update(state=ScorecardState.SUBMITTED)
    assert next_to_score(user, work["submitted"]) == later
    assert next_to_score(user, later) is None


# Seats -------------------------------------------------------------------------------------------


@pytest.fixture
def people(province, district, other_district, bac_ninh, councils, producer):
    staff = f.UserFactory(username="so-nn", full_name="Cán bộ Sở Nông nghiệp", staff_province=province)
    officer = f.UserFactory(username="yt-1", full_name="Cán bộ Phòng Kinh tế Yên Thế", officer_district=district)
    neighbour = f.UserFactory(
        username="ln-1", full_name="Cán bộ Phòng Kinh tế Lục Ngạn", officer_district=other_district
    )
    expert = f.UserFactory(username="cg-1", full_name="Cán bộ Viện Chăn nuôi")
    CouncilMemberFactory(council=councils["luc_ngan"], user=expert)
    retired = f.UserFactory(username="cg-2", full_name="Cán bộ hưu trí")
    CouncilMemberFactory(council=councils["luc_ngan"], user=retired, active=False)
    elsewhere = f.UserFactory(username="cg-bn", full_name="Cán bộ Viện Bắc Ninh")
    CouncilMemberFactory(council=bac_ninh["council"], user=elsewhere)
    f.UserFactory(username="so-nghi", full_name="Cán bộ đã nghỉ", staff_province=province, is_active=False)
    f.UserFactory(username="root", full_name="Cán bộ quản trị", staff_province=province, is_superuser=True)
    producer.full_name = "Cán bộ kiêm chủ HTX"
    producer.staff_province = province
    producer.save()
    return {"staff": staff, "officer": officer, "neighbour": neighbour, "expert": expert}


def _usernames(council, query):
    return [u.username for u in seat_candidates(council, query)]


def test_seat_candidates_are_the_areas_people_in_name_order(councils, people, bac_ninh):
    # Vietnamese order: "Cán bộ Phòng…" < "Cán bộ Sở…" < "Cán bộ Viện…"
    assert _usernames(councils["yen_the"], "  cán bộ ") == ["yt-1", "so-nn", "cg-1"]
    assert _usernames(councils["tinh"], "Cán bộ") == ["ln-1", "yt-1", "so-nn", "cg-1"]
    assert _usernames(councils["yen_the"], "yt") == ["yt-1"]  # by username too
    assert _usernames(councils["yen_the"], "Nông nghiệp") == ["so-nn"]
    assert _usernames(bac_ninh["council"], "Cán bộ") == ["staff-bn", "cg-bn", "officer-bn"]


def test_seat_candidates_need_two_characters_and_stop_at_the_limit(councils, people, province):
    assert _usernames(councils["yen_the"], "c") == []
    assert _usernames(councils["yen_the"], " c ") == []
    assert _usernames(councils["yen_the"], "cg") == ["cg-1"]
    for n in range(SEAT_SEARCH_LIMIT):
        f.UserFactory(username=f"tt-{n:02d}", full_name="Cán bộ Trung tâm", staff_province=province)

    found = _usernames(councils["yen_the"], "Cán bộ")

    assert len(found) == SEAT_SEARCH_LIMIT == 20
    assert found[:3] == ["yt-1", "so-nn", "tt-00"]  # the same name: by username
    assert found[-1] == "tt-17"


# Dossiers a council or a decision may take --------------------------------------------------------


def test_a_council_is_offered_the_accepted_or_forwarded_dossiers_of_its_level_and_area(
    councils, commune, other_commune, bac_ninh, province
):
    shared = RoundFactory(province=province)

    def dossier(where, name, state=DossierState.ACCEPTED, level=Level.DISTRICT):
        return _dossier(where, state=state, level=level, name=name, round_obj=shared)

    accepted = dossier(commune, "Miến dong")
    forwarded = dossier(commune, "Gà đồi", DossierState.FORWARDED)
    dossier(commune, "Mật ong", DossierState.SUBMITTED)
    dossier(commune, "Chè xanh", DossierState.SCORED)
    _assign(councils["yen_the"], dossier(commune, "Bánh chưng"))
    neighbours = dossier(other_commune, "Vải thiều")
    at_province = dossier(commune, "Rượu làng Vân", level=Level.PROVINCE)
    neighbours_at_province = dossier(other_commune, "Cam", DossierState.FORWARDED, Level.PROVINCE)
    # scored by the district's council, now before the province's
    assigned_below = dossier(commune, "Ba kích", DossierState.FORWARDED, Level.PROVINCE)
    _assign(councils["yen_the"], assigned_below)
    _dossier(bac_ninh["commune"], level=Level.PROVINCE, name="Gà Đông Phong")

    # a later round's dossier first (rounds newest first), then by name
    later = _dossier(commune, name="Xôi gấc", round_obj=RoundFactory(province=province, number=shared.number + 1))
    assert list(dossiers_assignable_to(councils["yen_the"])) == [later, forwarded, accepted]
    assert list(dossiers_assignable_to(councils["luc_ngan"])) == [neighbours]
    assert list(dossiers_assignable_to(councils["tinh"])) == [assigned_below, neighbours_at_province, at_province]


def test_decidable_dossiers_are_scored_or_back_from_the_central_level_in_scope(
    commune, other_commune, province_staff, district_officer, other_district_officer, bac_ninh
):
    scored = _dossier(commune, state=DossierState.SCORED, name="Gà đồi")
    scored_at_province = _dossier(commune, state=DossierState.SCORED, level=Level.PROVINCE, name="Mật ong")
    central = _dossier(other_commune, state=DossierState.FORWARDED, level=Level.CENTRAL, name="Vải thiều")
    _dossier(commune, state=DossierState.FORWARDED, level=Level.PROVINCE, name="Chè xanh")
    _dossier(commune, state=DossierState.IN_SCORING, name="Miến dong")
    _dossier(commune, state=DossierState.DECIDED, name="Bánh chưng")
    _dossier(other_commune, state=DossierState.DECIDED, level=Level.CENTRAL, name="Cam Bố Hạ")
    theirs = _dossier(bac_ninh["commune"], state=DossierState.SCORED, name="Gà Đông Phong")

    assert list(decidable_dossiers(province_staff)) == [scored, scored_at_province, central]
    assert list(decidable_dossiers(district_officer)) == [scored]
    assert list(decidable_dossiers(other_district_officer)) == []
    assert list(decidable_dossiers(bac_ninh["staff"])) == [theirs]
    assert list(decidable_dossiers(bac_ninh["officer"])) == [theirs]
    assert list(decidable_dossiers(AnonymousUser())) == []


# Scorecards ---------------------------------------------------------------------------------------


def test_a_members_own_cards_until_the_close_then_everyones_in_seat_order(councils, commune):
    yen_the = councils["yen_the"]
    first = CouncilMemberFactory(council=yen_the, order=2)
    second = CouncilMemberFactory(council=yen_the, order=1)
    assignment = _assign(yen_the, _dossier(commune), revision=2)
    sheet = assignment.dossier.sheet
    mine = [
        Scorecard.objects.create(assignment=assignment, member=first, sheet=sheet, revision=r, state=s)
        for r, s in ((2, ScorecardState.DRAFT), (1, ScorecardState.SUBMITTED))
    ]
    theirs = Scorecard.objects.create(assignment=assignment, member=second, sheet=sheet, state=ScorecardState.SUBMITTED)

    assert list(scorecards_readable_by(first.user, assignment)) == [mine[1], mine[0]]
    assert list(scorecards_readable_by(second.user, assignment)) == [theirs]
    CouncilAssignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.CLOSED)
    assignment.refresh_from_db()
    assert list(scorecards_readable_by(first.user, assignment)) == [theirs, mine[1], mine[0]]


# Decisions ----------------------------------------------------------------------------------------


def _decision(unit, *, province, level=Level.DISTRICT, date, signer, number, kind=DecisionKind.RECOGNITION):
    return Decision.objects.create(
        province=province,
        issuer_unit=unit,
        level=level,
        kind=kind,
        number=number,
        date=date,
        signer=signer,
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        authority=f"UBND {unit.name}",
        created_by=f.UserFactory(),
    )


def test_a_new_decision_starts_from_the_units_latest_recognition_signature(province, district, other_district):
    assert latest_signature(issuer_unit_id=district.pk, level=Level.DISTRICT) == {}
    _decision(district, province=province, date=datetime.date(2025, 6, 1), signer="Nguyễn Văn An", number="1/QĐ")
    _decision(district, province=province, date=datetime.date(2026, 3, 1), signer="Trần Văn Bình", number="2/QĐ")
    _decision(district, province=province, date=datetime.date(2026, 3, 1), signer="Lê Văn Cường", number="3/QĐ")
    _decision(district, province=province, date=datetime.date(2025, 1, 1), signer="Phạm Văn Dũng", number="0/QĐ")
    _decision(
        district,
        province=province,
        date=datetime.date(2026, 9, 1),
        signer="Hoàng Văn Em",
        number="9/QĐ-TH",
        kind=DecisionKind.REVOCATION,
    )
    _decision(other_district, province=province, date=datetime.date(2026, 12, 1), signer="Vũ Văn Phúc", number="4/QĐ")
    _decision(
        district,
        province=province,
        level=Level.PROVINCE,
        date=datetime.date(2026, 12, 1),
        signer="Đỗ Văn Giang",
        number="5/QĐ",
    )

    assert latest_signature(issuer_unit_id=district.pk, level=Level.DISTRICT) == {
        "signer": "Lê Văn Cường",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "authority": f"UBND {district.name}",
    }
    assert latest_signature(issuer_unit_id=other_district.pk, level=Level.DISTRICT)["signer"] == "Vũ Văn Phúc"
    assert latest_signature(issuer_unit_id=other_district.pk, level=Level.PROVINCE) == {}


# The gap report's rows ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "required", "above", "short"),
    [
        ("10.00", None, False, False),
        ("19.99", "20.00", False, True),
        ("20.00", "20.00", False, False),
        ("0.00", "0.00", True, True),
        ("0.01", "0.00", True, False),
    ],
)
def test_a_criterion_is_short_of_the_next_level_below_its_mark_or_at_a_mark_it_must_pass(score, required, above, short):
    row = GapRow(
        code="1.1",
        name="Tiêu chí 1.1",
        part="A",
        score=D(score),
        max_points=D("40.00"),
        lost=D("40.00") - D(score),
        next_required=None if required is None else D(required),
        next_above=above,
    )

    assert row.short_of_next is short


# Accounts seated in a province ------------------------------------------------------------------------


def test_accounts_seated_in_a_province_and_elsewhere(councils, province, bac_ninh):
    from django.contrib.auth import get_user_model

    here = CouncilMemberFactory(council=councils["yen_the"]).user
    retired_here = CouncilMemberFactory(council=councils["tinh"], active=False).user
    there = CouncilMemberFactory(council=bac_ninh["council"]).user
    both = CouncilMemberFactory(council=councils["luc_ngan"]).user
    CouncilMemberFactory(council=bac_ninh["council"], user=both)
    f.UserFactory(username="chua-ngoi")
    users = get_user_model().objects

    assert set(users.filter(accounts_seated_in(province.pk))) == {here, retired_here, both}
    assert set(users.filter(accounts_seated_elsewhere(province.pk))) == {there, both}
    assert set(users.filter(accounts_seated_in(bac_ninh["province"].pk))) == {there, both}
    assert set(users.filter(accounts_seated_elsewhere(bac_ninh["province"].pk))) == {here, retired_here, both}


# Decisions ------------------------------------------------------------------------------------------


@pytest.fixture
def decisions(province, district, other_district, commune, other_commune, bac_ninh):
    """Yên Thế's and Lục Ngạn's district decisions, a provincial decision listing products of
    both districts, a provincial decision without items yet, and Bắc Ninh's."""

    def items(decision, *where):
        for place, name in where:
            DecisionItem.objects.create(
                decision=decision, dossier=_dossier(place, state=DossierState.DECIDED, name=name), recognised_stars=3
            )
        return decision

    return {
        "yen_the": items(
            _decision(district, province=province, date=datetime.date(2026, 7, 1), signer="Trần Văn Ký", number="1/QĐ"),
            (commune, "Miến dong"),
        ),
        "luc_ngan": items(
            _decision(
                other_district, province=province, date=datetime.date(2026, 7, 2), signer="Lê Văn Hải", number="2/QĐ"
            ),
            (other_commune, "Vải thiều"),
        ),
        "tinh": items(
            _decision(
                province,
                province=province,
                level=Level.PROVINCE,
                date=datetime.date(2026, 9, 1),
                signer="Ngô Văn Tỉnh",
                number="3/QĐ",
            ),
            (commune, "Gà đồi"),
            (other_commune, "Mật ong"),
            (other_commune, "Bánh chưng"),
        ),
        "yen_the_empty": _decision(
            district, province=province, date=datetime.date(2026, 6, 1), signer="Trần Văn Ký", number="6/QĐ"
        ),
        "tinh_empty": _decision(
            province,
            province=province,
            level=Level.PROVINCE,
            date=datetime.date(2026, 9, 1),
            signer="Ngô Văn Tỉnh",
            number="4/QĐ",
        ),
        "bac_ninh": items(
            _decision(
                bac_ninh["district"],
                province=bac_ninh["province"],
                date=datetime.date(2026, 8, 1),
                signer="Đào Văn Ninh",
                number="5/QĐ",
            ),
            (bac_ninh["commune"], "Gà Đông Phong"),
        ),
    }


def test_each_role_sees_its_decisions_newest_first_counting_its_own_lines(
    decisions, province_staff, district_officer, other_district_officer, bac_ninh
):
    def listed(user):
        return [(d.number, d.item_count) for d in decisions_visible_to(user)]

    assert listed(province_staff) == [("4/QĐ", 0), ("3/QĐ", 3), ("2/QĐ", 1), ("1/QĐ", 1), ("6/QĐ", 0)]
    assert listed(district_officer) == [("3/QĐ", 1), ("1/QĐ", 1), ("6/QĐ", 0)]
    assert listed(other_district_officer) == [("3/QĐ", 2), ("2/QĐ", 1)]
    assert listed(bac_ninh["staff"]) == listed(bac_ninh["officer"]) == [("5/QĐ", 1)]
    assert listed(AnonymousUser()) == []
    assert listed(f.UserFactory(username="norole")) == []


def test_a_decisions_lines_are_those_of_the_users_dossiers_in_name_order(
    decisions, province_staff, district_officer, other_district_officer, bac_ninh
):
    def names(user):
        return [item.dossier.product.name for item in decision_items(decisions["tinh"], user)]

    assert names(province_staff) == ["Bánh chưng", "Gà đồi", "Mật ong"]
    assert names(district_officer) == ["Gà đồi"]
    assert names(other_district_officer) == ["Bánh chưng", "Mật ong"]
    assert names(f.UserFactory(username="root", is_superuser=True)) == ["Bánh chưng", "Gà đồi", "Mật ong"]
    assert names(bac_ninh["staff"]) == names(bac_ninh["officer"]) == []
    assert names(f.UserFactory(username="norole")) == []


# The producer's gap report ----------------------------------------------------------------------------


@pytest.fixture
def decided(councils, commune):
    """A dossier the district's council scored (4★, mean 75) and whose result names three of the
    sheet's criteria and two criteria marked to be positive from 4★ and 5★."""
    dossier = _dossier(commune, state=DossierState.DECIDED)
    criteria = {c.code: c for c in dossier.sheet.criteria.all()}
    result = {
        "criteria": [
            {
                "code": "1.1",
                "name": "Tiêu chí 1.1",
                "part": "A",
                "max": "40.00",
                "score": "30.00",
                "requirements": {"5": "35.00"},
            },
            {"code": "4.1", "name": "Tiêu chí 4.1", "part": "B", "max": "25.00", "score": "25.00", "requirements": {}},
            {
                "code": "6.1",
                "name": "Tiêu chí 6.1",
                "part": "C",
                "max": "35.00",
                "score": "20.00",
                "requirements": {"4": "5.00"},
            },
            {
                "code": "3.6",
                "name": "Sở hữu trí tuệ",
                "part": "B",
                "max": "3.00",
                "score": "0.00",
                "requirements": {},
                "positive_from": 5,
            },
            {
                "code": "3.7",
                "name": "Truy xuất nguồn gốc",
                "part": "B",
                "max": "2.00",
                "score": "2.00",
                "requirements": {},
                "positive_from": 4,
            },
        ]
    }
    assignment = _assign(
        councils["yen_the"],
        dossier,
        state=AssignmentState.CLOSED,
        closed_at=datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC),
        mean_score=D("75.00"),
        band_stars=4,
        final_stars=4,
        result=result,
    )
    return {"dossier": dossier, "assignment": assignment, "criteria": criteria}


def _card(assignment, criteria, comments, *, revision=1, state=ScorecardState.SUBMITTED):
    card = Scorecard.objects.create(
        assignment=assignment,
        member=CouncilMemberFactory(council=assignment.council),
        sheet=assignment.dossier.sheet,
        revision=revision,
        state=state,
    )
    for code, comment in comments.items():
        option = criteria[code].options.order_by("number").first()
        card.answers.create(criterion=criteria[code], option=option, points=option.points, comment=comment)
    return card


def test_the_gap_report_reads_each_criterion_against_the_next_star_level(decided):
    report = gap_report(decided["dossier"])

    assert (report.assignment, report.stars, report.mean, report.next_stars, report.next_min_score) == (
        decided["assignment"],
        4,
        D("75.00"),
        5,
        D("90.00"),
    )
    assert [
        (r.code, r.name, r.part, r.score, r.max_points, r.lost, r.next_required, r.next_above) for r in report.rows
    ] == [
        ("1.1", "Tiêu chí 1.1", "A", D("30.00"), D("40.00"), D("10.00"), D("35.00"), False),
        ("4.1", "Tiêu chí 4.1", "B", D("25.00"), D("25.00"), D("0.00"), None, False),
        ("6.1", "Tiêu chí 6.1", "C", D("20.00"), D("35.00"), D("15.00"), None, False),
        ("3.6", "Sở hữu trí tuệ", "B", D("0.00"), D("3.00"), D("3.00"), D("0"), True),  # positive from 5★
        ("3.7", "Truy xuất nguồn gốc", "B", D("2.00"), D("2.00"), D("0.00"), D("0"), True),
    ]
    assert [r.short_of_next for r in report.rows] == [True, False, False, True, False]


def test_the_gap_report_counts_the_stars_of_the_latest_decision(decided, province, district):
    dossier = decided["dossier"]
    for number, day, stars in (("8/QĐ", datetime.date(2026, 8, 1), 5), ("7/QĐ", datetime.date(2026, 7, 10), 3)):
        decision = _decision(district, province=province, date=day, signer="Trần Văn Ký", number=number)
        DecisionItem.objects.create(decision=decision, dossier=dossier, recognised_stars=stars)

    report = gap_report(dossier)

    assert (report.stars, report.next_stars, report.next_min_score) == (5, None, None)
    assert [(r.next_required, r.next_above, r.short_of_next) for r in report.rows] == [(None, False, False)] * 5


def test_the_gap_report_without_a_decision_item_counts_the_councils_stars(decided):
    CouncilAssignment.objects.filter(pk=decided["assignment"].pk).update(final_stars=None)

    report = gap_report(decided["dossier"])

    assert (report.stars, report.next_stars, report.next_min_score) == (0, 1, D("0"))
    assert report.rows[0].next_required is None  # "1.1" has no 1★ requirement


def test_the_gap_report_reads_the_latest_closed_assignment(decided, councils):
    dossier = decided["dossier"]
    later = _assign(
        councils["tinh"],
        dossier,
        state=AssignmentState.CLOSED,
        closed_at=datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC),
        mean_score=D("92.00"),
        final_stars=5,
        result={"criteria": []},
    )
    CouncilAssignment.objects.create(council=councils["luc_ngan"], dossier=dossier, level=Level.COMMUNE)

    assert gap_report(dossier).assignment == later
    CouncilAssignment.objects.filter(pk=later.pk).update(closed_at=decided["assignment"].closed_at)
    assert gap_report(dossier).assignment == later  # the same moment: the last one


def test_no_gap_report_before_the_decision_or_without_a_closed_assignment(decided, commune):
    dossier = decided["dossier"]
    dossier.state = DossierState.FORWARDED
    assert gap_report(dossier) is None
    undecided = _dossier(commune, state=DossierState.DECIDED, name="Chè xanh")
    assert gap_report(undecided) is None


def test_the_gap_report_shows_the_final_revisions_submitted_comments_below_full_marks(decided):
    assignment, criteria = decided["assignment"], decided["criteria"]
    CouncilAssignment.objects.filter(pk=assignment.pk).update(revision=2)
    _card(assignment, criteria, {"1.1": "  Thiếu giấy chứng nhận VietGAP ", "6.1": "Bao bì chưa đạt"}, revision=2)
    _card(assignment, criteria, {"1.1": "Chưa có vùng nguyên liệu", "4.1": "Rất tốt"}, revision=2)
    _card(assignment, criteria, {"1.1": "Thiếu giấy chứng nhận VietGAP", "6.1": ""}, revision=2)
    _card(assignment, criteria, {"1.1": "Nhận xét của lần chấm đầu"}, revision=1)
    _card(assignment, criteria, {"1.1": "Bản nháp chưa nộp"}, revision=2, state=ScorecardState.DRAFT)

    rows = {r.code: r.comments for r in gap_report(decided["dossier"]).rows}

    assert rows == {
        "1.1": ("Chưa có vùng nguyên liệu", "Thiếu giấy chứng nhận VietGAP"),
        "4.1": (),  # full marks: a comment is not a gap
        "6.1": ("Bao bì chưa đạt",),
        "3.6": (),
        "3.7": (),
    }


# Who sits and presides --------------------------------------------------------------------------------


def test_the_presiding_member_is_the_first_eligible_in_the_chain_of_roles(councils, commune):
    council = councils["yen_the"]
    chair = CouncilMemberFactory(council=council, role=MemberRole.CHAIR, order=0)
    second_vice = CouncilMemberFactory(council=council, role=MemberRole.VICE_CHAIR, order=2)
    first_vice = CouncilMemberFactory(council=council, role=MemberRole.VICE_CHAIR, order=1)
    member = CouncilMemberFactory(council=council, order=3)
    CouncilMemberFactory(council=council, role=MemberRole.SECRETARY, is_support_team=True, order=4)
    CouncilMemberFactory(council=council, active=False, order=5)
    assignment = _assign(council, _dossier(commune))

    assert assignment_presiding_member(assignment) == chair
    assert {m.pk for m in scoring_members(council)} == {chair.pk, first_vice.pk, second_vice.pk, member.pk}
    ConflictDeclaration.objects.create(assignment=assignment, member=chair, has_conflict=True, reason="Người thân")
    ConflictDeclaration.objects.create(assignment=assignment, member=member, has_conflict=False)
    elsewhere = _assign(councils["luc_ngan"], _dossier(commune, name="Mật ong"))
    ConflictDeclaration.objects.create(assignment=elsewhere, member=member, has_conflict=True, reason="Góp vốn")
    assert recused_member_ids(assignment) == {chair.pk}
    assert assignment_presiding_member(assignment) == first_vice
    for vice in (first_vice, second_vice):
        ConflictDeclaration.objects.create(assignment=assignment, member=vice, has_conflict=True, reason="Góp vốn")
    assert assignment_presiding_member(assignment) is None  # a member does not preside


# The pages' single reads --------------------------------------------------------------------------------


def test_a_page_opens_only_a_visible_council_or_assignment(councils, commune, district_officer, bac_ninh):
    from django.http import Http404

    assignment = _assign(councils["yen_the"], _dossier(commune))

    assert council_for_page(district_officer, councils["yen_the"].pk) == councils["yen_the"]
    assert visible_assignment(district_officer, assignment.pk) == assignment
    found = assignment_for_scorecard(district_officer, assignment.pk)
    assert (found, found.dossier.product.name, found.dossier.round.framework.code) == (
        assignment,
        "Gà đồi Yên Thế",
        "148",
    )
    for user in (bac_ninh["staff"], bac_ninh["officer"]):
        with pytest.raises(Http404):
            council_for_page(user, councils["yen_the"].pk)
        with pytest.raises(Http404):
            visible_assignment(user, assignment.pk)
        with pytest.raises(Http404):
            assignment_for_scorecard(user, assignment.pk)


def test_a_councils_members_and_assignments_in_page_order(councils, commune):
    council = councils["yen_the"]
    helper = CouncilMemberFactory(council=council, role=MemberRole.SECRETARY, is_support_team=True, order=0)
    second = CouncilMemberFactory(council=council, order=2)
    chair = CouncilMemberFactory(council=council, role=MemberRole.CHAIR, order=1)
    also_second = CouncilMemberFactory(council=council, order=2)
    first, later = (_assign(council, _dossier(commune, name=n)) for n in ("Gà đồi", "Mật ong"))
    _assign(councils["luc_ngan"], _dossier(commune, name="Vải thiều"))

    assert list(council_members(council)) == [chair, second, also_second, helper]
    assert list(council_assignments(council)) == [later, first]


def test_the_next_dossier_is_the_members_own_to_score_on_their_own_councils(work, councils, commune):
    user = work["seat"].user
    # another member's submitted card does not make the dossier scored for this one
    third = CouncilMemberFactory(council=councils["yen_the"])
    Scorecard.objects.create(
        assignment=work["drafted"], member=third, sheet=work["drafted"].dossier.sheet, state=ScorecardState.SUBMITTED
    )
    assert next_to_score(user, work["recused"]) == work["drafted"]
    # Lục Ngạn's dossiers are its members' work, not this member's
    CouncilMemberFactory(council=councils["luc_ngan"])
    _assign(councils["luc_ngan"], _dossier(commune, name="Vải thiều"))
    assert next_to_score(user, work["drafted"]) is None
    # reconciliation comes first, even opened later
    Scorecard.objects.filter(assignment=work["submitted"], revision=2).update(state=ScorecardState.DRAFT)
    assert next_to_score(user, work["recused"]) == work["submitted"]


def test_dossiers_of_one_state_go_as_opened_then_by_id(work, councils, commune):
    user = work["seat"].user
    first, second = (_assign(councils["yen_the"], _dossier(commune, name=n)) for n in ("Chè xanh", "Nấm rơm"))
    moment = first.opened_at
    between = work["drafted"].opened_at + (moment - work["drafted"].opened_at) / 2
    CouncilAssignment.objects.filter(pk=second.pk).update(opened_at=between)

    assert next_to_score(user, work["drafted"]) == second
    assert [a.pk for a in member_work_list(user)][-2:] == [second.pk, first.pk]
    # the same instant: the first opened (lower id) first
    CouncilAssignment.objects.filter(pk=second.pk).update(opened_at=moment)
    CouncilAssignment.objects.filter(pk=first.pk).update(opened_at=moment)
    assert next_to_score(user, work["drafted"]) == first
    assert [a.pk for a in member_work_list(user)][-2:] == [first.pk, second.pk]


def test_the_lists_read_what_their_rows_show_in_one_query(
    work, councils, commune, people, decisions, province_staff, django_assert_num_queries
):
    user = work["seat"].user
    council = councils["yen_the"]
    item = decisions["tinh"].items.get(dossier__product__name="Gà đồi")
    item.assignment = _assign(councils["tinh"], item.dossier, state=AssignmentState.CLOSED)
    item.save()
    _dossier(commune, name="Chè xanh")

    with django_assert_num_queries(1):
        assert [(a.council.name, a.dossier.product.producer.name) for a in member_work_list(user)]
    with django_assert_num_queries(1):
        assert next_to_score(user, work["recused"]).dossier.product.name == "Mật ong"
    with django_assert_num_queries(1):
        assert [c.jurisdiction.name for c in councils_visible_to(province_staff)]
    with django_assert_num_queries(1):
        assert [c.member.user.full_name for c in scorecards_readable_by(work["colleague"].user, work["recused"])]
    with django_assert_num_queries(1):
        rows = [
            (i.dossier.product.producer.name, i.assignment) for i in decision_items(decisions["tinh"], province_staff)
        ]
    assert len(rows) == 3
    with django_assert_num_queries(1):
        assert [(d.product.name, d.round.year) for d in dossiers_assignable_to(council)]
    with django_assert_num_queries(1):
        assert [(u.username, u.full_name) for u in seat_candidates(council, "Cán bộ")]


def test_closed_cards_of_members_of_one_order_go_by_member(councils, commune):
    yen_the = councils["yen_the"]
    first, second = (CouncilMemberFactory(council=yen_the, order=1) for _ in range(2))
    assignment = _assign(yen_the, _dossier(commune), revision=2, state=AssignmentState.CLOSED)
    sheet = assignment.dossier.sheet
    cards = [
        Scorecard.objects.create(assignment=assignment, member=member, sheet=sheet, revision=revision)
        for member, revision in ((second, 1), (first, 2), (first, 1))
    ]

    assert list(scorecards_readable_by(first.user, assignment)) == [cards[2], cards[1], cards[0]]


def test_the_provinces_staff_open_any_of_its_councils(councils, province_staff):
    for council in councils.values():
        assert council_for_page(province_staff, council.pk) == council


def test_a_user_both_province_staff_and_district_officer_keeps_both_scopes(
    decisions, province, district, other_commune, councils
):
    both = f.UserFactory(username="kiem-nhiem", staff_province=province, officer_district=district)

    assert [(d.number, d.item_count) for d in decisions_visible_to(both)] == [
        ("4/QĐ", 0),
        ("3/QĐ", 3),
        ("2/QĐ", 1),
        ("1/QĐ", 1),
        ("6/QĐ", 0),
    ]
    assert [i.dossier.product.name for i in decision_items(decisions["tinh"], both)] == [
        "Bánh chưng",
        "Gà đồi",
        "Mật ong",
    ]
    assert set(councils_managed_by(both)) == set(councils.values())
    scored_elsewhere = _dossier(other_commune, state=DossierState.SCORED, name="Vải thiều")
    assert scored_elsewhere in decidable_dossiers(both)


def test_assignments_and_decisions_read_what_their_pages_show_in_one_query(
    work, decisions, province_staff, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = [
            (a.council.name, a.dossier.product.producer.name, a.dossier.round.framework.code, a.dossier.district.name)
            for a in assignments_visible_to(province_staff)
        ]
    assert len(rows) == 5
    with django_assert_num_queries(1):
        assert len([d.issuer_unit.name for d in decisions_visible_to(province_staff)]) == 5
    _dossier(decisions["tinh"].items.first().dossier.product.commune, state=DossierState.SCORED, name="Chè xanh")
    with django_assert_num_queries(1):
        assert [(d.product.name, d.round.framework.code) for d in decidable_dossiers(province_staff)] == [
            ("Chè xanh", "148")
        ]


def test_the_gap_report_holds_its_assignments_framework(decided, django_assert_num_queries):
    report = gap_report(decided["dossier"])

    with django_assert_num_queries(0):
        assert report.assignment.dossier.round.framework.code == "148"


def test_two_decisions_of_one_day_the_last_entered_counts(decided, province, district):
    for number, stars in (("8/QĐ", 5), ("9/QĐ", 3)):
        decision = _decision(
            district, province=province, date=datetime.date(2026, 8, 1), signer="Trần Văn Ký", number=number
        )
        DecisionItem.objects.create(decision=decision, dossier=decided["dossier"], recognised_stars=stars)

    assert gap_report(decided["dossier"]).stars == 3


def test_a_result_stored_without_criteria_gives_a_report_without_rows(decided):
    CouncilAssignment.objects.filter(pk=decided["assignment"].pk).update(result={"mean": "75.00"})

    report = gap_report(decided["dossier"])

    assert (report.stars, report.rows) == (4, [])


def test_the_scoring_members_come_with_their_accounts(councils, django_assert_num_queries):
    for n in range(3):
        CouncilMemberFactory(council=councils["yen_the"], order=n)

    with django_assert_num_queries(1):
        assert len({m.user.full_name for m in scoring_members(councils["yen_the"])}) == 3


def test_the_gap_report_reads_only_its_own_assignments_comments(decided, councils, commune):
    other = _assign(councils["yen_the"], _dossier(commune, name="Mật ong"), state=AssignmentState.CLOSED)
    _card(other, decided["criteria"], {"1.1": "Nhận xét về hồ sơ khác"})

    assert gap_report(decided["dossier"]).rows[0].comments == ()


def test_the_last_closed_counts_even_when_entered_before_another(decided, councils):
    """An assignment entered later but closed earlier (a lower level's, recorded late)."""
    dossier = decided["dossier"]
    CouncilAssignment.objects.create(
        council=councils["luc_ngan"],
        dossier=dossier,
        level=Level.COMMUNE,
        state=AssignmentState.CLOSED,
        closed_at=datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC),
        result={"criteria": []},
    )

    assert gap_report(dossier).assignment == decided["assignment"]


def test_the_council_pages_read_their_rows_in_one_query(councils, commune, province_staff, django_assert_num_queries):
    council = councils["yen_the"]
    for n in range(2):
        CouncilMemberFactory(council=council, order=n)
    first, second = (_assign(council, _dossier(commune, name=n)) for n in ("Gà đồi", "Mật ong"))

    with django_assert_num_queries(1):
        assert len([(m.user.full_name, m.commune, m.producer) for m in council_members(council)]) == 2
    with django_assert_num_queries(1):
        assert [(a.dossier.product.producer.name, a.dossier.round.year) for a in council_assignments(council)]
    with django_assert_num_queries(1):
        found = assignment_for_scorecard(province_staff, second.pk)
        assert (found.dossier.product.name, found.dossier.round.framework.code) == ("Mật ong", "148")
    assert visible_assignment(province_staff, first.pk) == first
