"""Each evaluation predicate, person by person (docs/mutation.md): the holder of the role here, the
same role elsewhere (another district, a sibling commune, another province), a user with no
role, the anonymous visitor, and no object at all. The objects are model instances, unsaved
where the predicate reads only their fields.

Besides the roles, the cases a wrong `and`/`or` would let through: a certificate or dossier with
no district (a 2025 commune answers to its province) is no district officer's, a council of the
province is no district officer's, a commune officer checks only at the commune's level, a
retired or support-team seat neither sees nor scores."""

import pytest
from django.contrib.auth.models import AnonymousUser

from evaluation.enums import DossierState, JobKind, Level, MemberRole, SheetState
from evaluation.models import Certificate, Council, Dossier, Inspection, InspectionPlan, Job, ScoreSheet
from evaluation.rules.certificates import (
    is_officer_of_certificate_commune,
    is_officer_of_certificate_district,
    is_producer_of_certificate,
    is_staff_of_certificate_province,
)
from evaluation.rules.councils import (
    manages_assignment,
    manages_council,
    presides_assignment,
    scores_assignment,
    sits_on_council,
)
from evaluation.rules.dossiers import (
    can_check_dossier,
    can_edit_dossier,
    can_manage_round,
    can_view_dossier,
    dossier_is_editable,
    is_at_commune_level,
    is_commune_officer_for,
    is_council_member_for,
    is_district_officer_for,
    is_producer_of,
    is_province_staff_for,
)
from evaluation.rules.fairness import sees_job, sees_member_fairness
from evaluation.rules.inspections import is_staff_of_inspection_province
from evaluation.rules.sheets import corrects_for_province, edits_sheet, sheet_is_draft, sheet_is_settled
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, DossierFactory, RoundFactory
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db

PEOPLE = (
    "staff",
    "staff_elsewhere",
    "officer",
    "officer_elsewhere",
    "commune_officer",
    "sibling_commune_officer",
    "producer",
    "other_producer",
    "plain",
    "anonymous",
)


@pytest.fixture
def people(
    province,
    province_staff,
    district_officer,
    other_district_officer,
    commune_officer,
    other_commune_officer,
    producer,
    other_producer,
    plain_user,
):
    elsewhere = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    return {
        "staff": province_staff,
        "staff_elsewhere": f.UserFactory(username="staff-bn", staff_province=elsewhere),
        "officer": district_officer,
        "officer_elsewhere": other_district_officer,
        "commune_officer": commune_officer,
        "sibling_commune_officer": other_commune_officer,
        "producer": producer,
        "other_producer": other_producer,
        "plain": plain_user,
        "anonymous": AnonymousUser(),
    }


def _who(predicate, people, obj) -> set[str]:
    return {name for name in PEOPLE if predicate.test(people[name], obj)}


@pytest.fixture
def product(producer_record):
    return f.ProductFactory(producer=producer_record)


@pytest.fixture
def province_commune(province):
    """A commune answering to the province directly (after 2025): its records have no district."""
    return f.CommuneFactory(parent=province, code="07999", name="Xã Tân Sỏi")


@pytest.fixture
def province_product(province_commune):
    return f.ProductFactory(producer=f.ProducerFactory(commune=province_commune))


def _certificate(product):
    return Certificate(
        product=product, producer=product.producer, province_id=product.province_id, district_id=product.district_id
    )


# Certificates -----------------------------------------------------------------------------------


def test_a_certificate_is_acted_on_by_the_staff_officers_and_producer_it_concerns(people, product):
    certificate = _certificate(product)

    assert _who(is_staff_of_certificate_province, people, certificate) == {"staff"}
    assert _who(is_officer_of_certificate_district, people, certificate) == {"officer"}
    assert _who(is_officer_of_certificate_commune, people, certificate) == {"commune_officer"}
    assert _who(is_producer_of_certificate, people, certificate) == {"producer"}


def test_a_certificate_without_a_district_is_no_district_officers(people, province_product):
    certificate = _certificate(province_product)

    assert certificate.district_id is None
    assert _who(is_officer_of_certificate_district, people, certificate) == set()
    assert _who(is_staff_of_certificate_province, people, certificate) == {"staff"}


@pytest.mark.parametrize(
    "predicate",
    [
        is_staff_of_certificate_province,
        is_officer_of_certificate_district,
        is_officer_of_certificate_commune,
        is_producer_of_certificate,
        is_staff_of_inspection_province,
    ],
)
def test_no_certificate_is_nobodys(people, predicate):
    assert _who(predicate, people, None) == set()


def test_an_inspection_its_plan_and_its_certificate_are_managed_by_the_provinces_staff(people, product, province):
    certificate = _certificate(product)
    plan = InspectionPlan(province=province)
    inspection = Inspection(certificate=certificate, province=province)

    assert [_who(is_staff_of_inspection_province, people, obj) for obj in (certificate, plan, inspection)] == [
        {"staff"}
    ] * 3


# Councils ---------------------------------------------------------------------------------------


@pytest.fixture
def councils(province, district):
    """A district council with a chair, a member, a retired member and a support-team helper, and
    the province's council."""
    district_council = CouncilFactory(province=province, level=Level.DISTRICT, jurisdiction=district)
    seats = {
        "chair": CouncilMemberFactory(council=district_council, role=MemberRole.CHAIR),
        "member": CouncilMemberFactory(council=district_council),
        "retired": CouncilMemberFactory(council=district_council, active=False),
        "helper": CouncilMemberFactory(council=district_council, is_support_team=True),
    }
    province_council = CouncilFactory(province=province, level=Level.PROVINCE, jurisdiction=province)
    return district_council, province_council, {name: seat.user for name, seat in seats.items()}


def test_a_district_council_is_managed_by_the_provinces_staff_and_its_districts_officer(people, councils):
    district_council, province_council, _seats = councils

    assert _who(manages_council, people, district_council) == {"staff", "officer"}
    assert _who(manages_council, people, province_council) == {"staff"}
    assert _who(manages_council, people, None) == set()


def test_a_district_officer_whose_district_id_is_the_province_councils_unit_does_not_manage_it(
    province, district_officer
):
    """The level is part of the rule: only a district council's jurisdiction is an officer's."""
    council = Council(province=province, level=Level.PROVINCE, jurisdiction_id=district_officer.officer_district_id)

    assert manages_council.test(district_officer, council) is False


def test_only_an_active_scoring_seat_sits_on_the_council(people, councils):
    district_council, _province_council, seats = councils
    everyone = {**people, **seats}

    sitting = {name for name, user in everyone.items() if sits_on_council.test(user, district_council)}

    assert sitting == {"chair", "member"}
    assert sits_on_council.test(seats["chair"], None) is False


@pytest.fixture
def assignment(councils, product):
    district_council, _province_council, _seats = councils
    dossier = DossierFactory(product=product, state=DossierState.IN_SCORING)
    return district_council.assignments.create(dossier=dossier, level=Level.DISTRICT)


def test_an_assignment_is_managed_by_the_councils_managers_and_scored_by_its_seats(people, councils, assignment):
    _district_council, _province_council, seats = councils
    everyone = {**people, **seats}

    def who(predicate):
        return {name for name, user in everyone.items() if predicate.test(user, assignment)}

    assert who(manages_assignment) == {"staff", "officer"}
    assert who(scores_assignment) == {"chair", "member"}
    assert who(presides_assignment) == {"chair"}
    assert [p.test(seats["chair"], None) for p in (manages_assignment, scores_assignment, presides_assignment)] == [
        False
    ] * 3


def test_nobody_presides_a_council_without_a_chair(people, councils, assignment):
    district_council, _province_council, seats = councils
    district_council.members.filter(role=MemberRole.CHAIR).delete()

    assert {name for name, user in {**people, **seats}.items() if presides_assignment.test(user, assignment)} == set()


# Dossiers and rounds ----------------------------------------------------------------------------


def _dossier(product, *, state=DossierState.DRAFT, level=Level.DISTRICT, pk=None):
    return Dossier(
        pk=pk,
        product=product,
        province_id=product.province_id,
        district_id=product.district_id,
        current_level=level,
        state=state,
    )


def test_a_dossier_is_prepared_by_its_provinces_staff_districts_officer_communes_officer_and_producer(people, product):
    dossier = _dossier(product)

    assert _who(is_province_staff_for, people, dossier) == {"staff"}
    assert _who(is_district_officer_for, people, dossier) == {"officer"}
    assert _who(is_commune_officer_for, people, dossier) == {"commune_officer"}
    assert _who(is_producer_of, people, dossier) == {"producer"}


def test_a_dossier_without_a_district_is_no_district_officers_and_the_commune_checks_only_at_its_level(
    people, province_product, province_commune
):
    commune_officer = f.UserFactory(username="xa-tan-soi", officer_commune=province_commune)
    at_commune = _dossier(province_product, state=DossierState.SUBMITTED, level=Level.COMMUNE)
    at_province = _dossier(province_product, state=DossierState.SUBMITTED, level=Level.PROVINCE)

    assert _who(is_district_officer_for, people, at_province) == set()
    assert [is_at_commune_level.test(None, d) for d in (at_commune, at_province)] == [True, False]
    assert [can_check_dossier.test(commune_officer, d) for d in (at_commune, at_province)] == [True, False]
    assert _who(can_check_dossier, people, at_province) == {"staff"}


@pytest.mark.parametrize(
    ("state", "editable"),
    [(DossierState.DRAFT, True), (DossierState.RETURNED, True), (DossierState.SUBMITTED, False)],
)
def test_a_dossier_is_edited_only_while_it_is_being_prepared(people, product, state, editable):
    dossier = _dossier(product, state=state)

    assert dossier_is_editable.test(None, dossier) is editable
    assert _who(can_edit_dossier, people, dossier) == (
        {"staff", "officer", "commune_officer", "producer"} if editable else set()
    )


def test_a_dossier_is_seen_by_the_active_seats_of_the_councils_it_is_assigned_to(people, councils, assignment):
    _district_council, _province_council, seats = councils
    dossier = assignment.dossier
    unassigned = _dossier(dossier.product, pk=dossier.pk + 1000)

    members = {name for name, user in seats.items() if is_council_member_for.test(user, dossier)}

    assert members == {"chair", "member", "helper"}
    assert is_council_member_for.test(people["anonymous"], dossier) is False
    assert is_council_member_for.test(seats["member"], unassigned) is False
    assert _who(can_view_dossier, people, dossier) == {"staff", "officer", "commune_officer", "producer"}


def test_a_round_is_managed_by_its_provinces_staff(people, province):
    assert _who(can_manage_round, people, RoundFactory.build(province=province)) == {"staff"}


# Fairness figures and jobs ----------------------------------------------------------------------


def test_member_fairness_is_for_the_provinces_staff_given_the_unit_or_its_id(people, province):
    assert _who(sees_member_fairness, people, province) == {"staff"}
    assert _who(sees_member_fairness, people, province.pk) == {"staff"}
    assert _who(sees_member_fairness, people, None) == set()


def test_a_job_is_seen_by_its_provinces_staff_a_council_pack_by_the_councils_managers_and_seats(
    people, councils, province
):
    district_council, _province_council, seats = councils
    everyone = {**people, **seats}
    bundle = Job(kind=JobKind.DOSSIER_BUNDLE, province=province)
    pack = Job(kind=JobKind.COUNCIL_PACK, province=province, council=district_council)

    def who(job):
        return {name for name, user in everyone.items() if sees_job.test(user, job)}

    assert who(bundle) == {"staff"}
    assert who(pack) == {"staff", "officer", "chair", "member"}
    assert who(None) == set()


# Score sheets -----------------------------------------------------------------------------------


def _sheet(state, province=None):
    return ScoreSheet(state=state, province=province)


def test_a_sheets_state_decides_what_may_be_done_with_it():
    assert [sheet_is_draft.test(None, _sheet(s)) for s in SheetState] == [s == SheetState.DRAFT for s in SheetState]
    assert [sheet_is_settled.test(None, _sheet(s)) for s in SheetState] == [
        s in (SheetState.PUBLISHED, SheetState.RETIRED) for s in SheetState
    ]
    assert (sheet_is_draft.test(None, None), sheet_is_settled.test(None, None)) == (False, False)


def test_a_shared_sheet_is_edited_by_the_national_role_a_correction_by_its_provinces_staff(
    people, national_editor, province
):
    everyone = {**people, "national": national_editor}

    def who(predicate, sheet):
        return {name for name, user in everyone.items() if predicate.test(user, sheet)}

    shared, correction = _sheet(SheetState.DRAFT), _sheet(SheetState.DRAFT, province)

    assert who(edits_sheet, shared) == {"national"}
    assert who(edits_sheet, correction) == {"staff"}
    assert who(edits_sheet, None) == set()
    assert who(corrects_for_province, shared) == {"staff", "staff_elsewhere"}
    assert who(corrects_for_province, correction) == {"staff"}
    assert who(corrects_for_province, None) == set()
