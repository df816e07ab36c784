"""The evaluation predicates and scoped lists, table by table: who may edit a dossier in which
state, who on a council scores, which council's dossiers a member sees, decisions listed once.
(The same roles of another province: hardening/test_second_province.py.)"""

import pytest

from evaluation.enums import DossierState, Level
from evaluation.models import DecisionItem, Dossier
from evaluation.rules.councils import scores_assignment, sits_on_council
from evaluation.rules.dossiers import can_edit_dossier
from evaluation.selectors.councils import decisions_visible_to
from evaluation.selectors.dossiers import dossiers_visible_to
from evaluation.services.councils import council_assign
from evaluation.tests.factories import CouncilMemberFactory, DossierFactory
from evaluation.tests.test_certificates_helpers import recognition_decision
from evaluation.tests.test_councils import accepted_dossier, make_council
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "state", "allowed"),
    [
        ("district_officer", DossierState.DRAFT, True),
        ("district_officer", DossierState.RETURNED, True),
        ("district_officer", DossierState.SUBMITTED, False),
        ("producer", DossierState.DRAFT, True),
        ("producer", DossierState.SUBMITTED, False),
        ("producer", DossierState.ACCEPTED, False),
        ("province_staff", DossierState.RETURNED, True),
        ("province_staff", DossierState.DECIDED, False),
        ("other_producer", DossierState.DRAFT, False),
        ("other_district_officer", DossierState.DRAFT, False),
        ("plain_user", DossierState.DRAFT, False),
    ],
)
def test_a_dossier_is_edited_by_who_prepares_it_and_only_while_editable(persona, producer_record, who, state, allowed):
    dossier = DossierFactory(product=f.ProductFactory(producer=producer_record), state=state)
    assert can_edit_dossier.test(persona(who), dossier) is allowed


@pytest.fixture
def council_with_support_team(province, district):
    council, members = make_council(province=province, jurisdiction=district)
    helper = CouncilMemberFactory(council=council, user=f.UserFactory(username="to-giup-viec"), is_support_team=True)
    retired = CouncilMemberFactory(council=council, user=f.UserFactory(username="da-nghi"), active=False)
    return council, members, helper, retired


def test_the_support_team_and_a_retired_member_do_not_score(council_with_support_team, commune, district_officer):
    council, members, helper, retired = council_with_support_team
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]

    assert [scores_assignment.test(m.user, assignment) for m in (members[0], members[3], helper, retired)] == [
        True,
        True,
        False,
        False,
    ]
    assert [sits_on_council.test(m.user, council) for m in (helper, retired)] == [False, False]


def test_a_member_sees_the_dossiers_of_the_councils_they_sit_on_only(province, district, commune, district_officer):
    council, (chair, *_rest) = make_council(province=province, jurisdiction=district)
    other_council, (other_chair, *_others) = make_council(province=province, jurisdiction=district)
    ours, theirs, unassigned = (accepted_dossier(commune=commune, checker=district_officer) for _ in range(3))
    council_assign(council=council, dossiers=[ours], by=district_officer)
    council_assign(council=other_council, dossiers=[theirs], by=district_officer)
    retired = CouncilMemberFactory(council=council, user=f.UserFactory(username="da-nghi"), active=False)

    assert list(dossiers_visible_to(chair.user)) == [ours]
    assert list(dossiers_visible_to(other_chair.user)) == [theirs]
    assert list(dossiers_visible_to(retired.user)) == []
    assert unassigned in Dossier.objects.all()


def test_a_decision_with_several_dossiers_of_the_district_is_listed_once(
    province, district, commune, district_officer, province_staff
):
    decision = recognition_decision(province=province, level=Level.PROVINCE, by=province_staff)
    for _ in range(3):
        DecisionItem.objects.create(
            decision=decision, dossier=DossierFactory(product__producer__commune=commune), recognised_stars=4
        )

    listed = list(decisions_visible_to(district_officer))

    assert (listed, listed[0].item_count) == ([decision], 3)
