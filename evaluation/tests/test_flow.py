"""The whole path of a dossier on PostgreSQL, for both frameworks: accepted → council scores →
routed along the framework's chain → the next council scores → a decision records the stars."""

import datetime
from decimal import Decimal as D

import pytest

from evaluation.enums import DossierState, Level, Outcome
from evaluation.models import Certificate, DecisionItem
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.decisions import decision_record
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import RoundFactory, build_sheet, framework
from evaluation.tests.test_councils import P55, P75, P80, P85, accepted_dossier, make_council, score

pytestmark = pytest.mark.integration

P100 = {"1.1": 40, "4.1": 25, "6.1": 35}
P90 = {"1.1": 40, "4.1": 15, "6.1": 35}


def run_council(council, members, dossier, cards, by):
    """Assign, have the first len(cards) members score, close; returns the closed assignment."""
    assignment = council_assign(council=council, dossiers=[dossier], by=by)[0]
    for member, points in zip(members, cards, strict=False):
        score(assignment, member, points)
    assignment_close(assignment=assignment, by=members[0].user)
    dossier.refresh_from_db()
    return assignment


def record(level, unit, province, dossier, stars, by, number):
    return decision_record(
        province=province,
        issuer_unit=unit,
        level=level,
        number=number,
        date=datetime.date(2026, 10, 30),
        signer="Nguyễn Văn Ký",
        authority="UBND",
        items=[(dossier, stars)],
        by=by,
    )


@pytest.fixture
def councils(province, district):
    district_council = make_council(province=province, jurisdiction=district)
    province_council = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    return district_council, province_council


def test_flow_148_district_forwards_province_recognises_4_stars(
    councils, province, commune, district_officer, province_staff
):
    (district_council, d_members), (province_council, p_members) = councils
    dossier = accepted_dossier(commune=commune, checker=district_officer)

    district_result = run_council(district_council, d_members, dossier, [P85, P80, P75], district_officer)
    assert (district_result.mean_score, district_result.final_stars, district_result.outcome) == (
        D("80.00"),
        4,
        Outcome.FORWARD,
    )
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.PROVINCE)

    province_result = run_council(province_council, p_members, dossier, [P85, P85, P80, P75], province_staff)
    assert (province_result.mean_score, province_result.final_stars, province_result.outcome) == (
        D("81.25"),
        4,
        Outcome.RECOGNISE,
    )
    assert (dossier.state, dossier.current_level) == (DossierState.SCORED, Level.PROVINCE)

    decision = record(Level.PROVINCE, province, province, dossier, 4, province_staff, "123/QĐ-UBND")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED
    assert list(DecisionItem.objects.filter(decision=decision).values_list("recognised_stars", "assignment")) == [
        (4, province_result.pk)
    ]
    assert list(Certificate.objects.filter(dossier=dossier).values_list("stars", "issuing_level")) == [
        (4, Level.PROVINCE)
    ]


def test_flow_148_district_recognises_3_stars(councils, district, province, commune, district_officer):
    (district_council, d_members), _province = councils
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    result = run_council(district_council, d_members, dossier, [P55, P55, P55], district_officer)
    assert (result.mean_score, result.final_stars, result.outcome, dossier.state, dossier.current_level) == (
        D("55.00"),
        3,
        Outcome.RECOGNISE,
        DossierState.SCORED,
        Level.DISTRICT,
    )
    record(Level.DISTRICT, district, province, dossier, 3, district_officer, "45/QĐ-UBND")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED
    assert list(Certificate.objects.filter(dossier=dossier).values_list("stars", "issuing_level")) == [
        (3, Level.DISTRICT)
    ]


def test_flow_148_province_sends_3_stars_back_to_the_district(
    councils, district, province, commune, district_officer, province_staff
):
    (district_council, d_members), (province_council, p_members) = councils
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    run_council(district_council, d_members, dossier, [P75, P75, P75], district_officer)
    result = run_council(province_council, p_members, dossier, [P55, P55, P55], province_staff)
    assert (result.final_stars, result.outcome, dossier.state, dossier.current_level) == (
        3,
        Outcome.BACK_TO_LOWER,
        DossierState.SCORED,
        Level.DISTRICT,
    )
    record(Level.DISTRICT, district, province, dossier, 3, district_officer, "46/QĐ-UBND")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED


@pytest.mark.parametrize(("granted", "level", "stars"), [(True, Level.CENTRAL, 5), (False, Level.PROVINCE, 4)])
def test_flow_148_potential_5_stars_and_the_central_outcome(
    councils, province, commune, district_officer, province_staff, granted, level, stars
):
    (district_council, d_members), (province_council, p_members) = councils
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    run_council(district_council, d_members, dossier, [P100, P100, P90], district_officer)
    result = run_council(province_council, p_members, dossier, [P100, P100, P90], province_staff)
    assert (result.mean_score, result.final_stars, result.outcome, dossier.state, dossier.current_level) == (
        D("96.67"),
        5,
        Outcome.FORWARD,
        DossierState.FORWARDED,
        Level.CENTRAL,
    )
    record(level, province, province, dossier, stars, province_staff, f"9{stars}/QĐ")
    dossier.refresh_from_db()
    assert (dossier.state, list(dossier.decision_items.values_list("recognised_stars", flat=True))) == (
        DossierState.DECIDED,
        [stars],
    )


@pytest.mark.parametrize(
    ("cards", "mean", "stars", "outcome", "state"),
    [
        ([{"4.1": 25, "6.1": 20}] * 3, "85.00", 4, Outcome.RECOGNISE, DossierState.SCORED),
        ([{"4.1": 0, "6.1": 20}] * 3, "60.00", 3, Outcome.RECOGNISE, DossierState.SCORED),
        ([{"4.1": 25, "6.1": 35}] * 3, "100.00", 5, Outcome.FORWARD, DossierState.FORWARDED),
        ([{"4.1": 0, "6.1": 5}] * 3, "45.00", 2, Outcome.NOT_RECOGNISED, DossierState.SCORED),
    ],
)
def test_flow_1489_commune_check_then_province(province, commune, province_staff, cards, mean, stars, outcome, state):
    framework_1489 = framework("148+1489")
    round_obj = RoundFactory(framework=framework_1489, province=province)
    dossier = accepted_dossier(
        commune=commune,
        checker=province_staff,
        round_obj=round_obj,
        sheet=build_sheet(framework_obj=framework_1489),
        level=Level.COMMUNE,
        commune_assessment={"1.1": {"points": "40"}},
    )
    # The commune's check (done in the dossier pages) forwards the dossier to the province.
    dossier_transition(dossier, DossierState.FORWARDED, by=province_staff, level=Level.PROVINCE, by_service=True)
    council, members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    result = run_council(council, members, dossier, cards, province_staff)
    assert (str(result.mean_score), result.final_stars, result.outcome, dossier.state) == (mean, stars, outcome, state)
    assert next(c for c in result.result["criteria"] if c["code"] == "1.1") == {
        "code": "1.1",
        "name": "Tiêu chí 1.1",
        "part": "A",
        "max": "40.00",
        "score": "40.00",
        "commune": True,
        "requirements": {"3": "10.00", "4": "20.00", "5": "20.00"},
    }
    if outcome == Outcome.RECOGNISE:
        record(Level.PROVINCE, province, province, dossier, stars, province_staff, f"{stars}/QĐ-1489")
        dossier.refresh_from_db()
        assert (dossier.state, list(Certificate.objects.filter(dossier=dossier).values_list("stars", flat=True))) == (
            DossierState.DECIDED,
            [stars],
        )
