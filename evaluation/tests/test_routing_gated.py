"""Routing by the gated stars (DOMAIN.md §5b) under the three chains, on PostgreSQL: councils
close through the services, decisions go through `decision_record`, and at every step the level
the route names can decide the stars (`decidable_stars`). The cases include a score ≥ 90 whose
mandatory gate leaves 4★ or 3★ (an option's 5★ or 4★ mark missed, the criterion-level 4★ mark
of 3.6 "Sở hữu trí tuệ" at 0, the commune's criterion below its 4★ mark) and the central
"not granted" outcome."""

import pytest
from django.core.exceptions import ValidationError

from evaluation.enums import DossierState, Level, Outcome
from evaluation.models import Certificate, Criterion
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.decisions import decidable_stars
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import RoundFactory, build_sheet, framework
from evaluation.tests.test_councils import accepted_dossier, make_council, score
from evaluation.tests.test_flow import record

pytestmark = pytest.mark.integration

# A 40/25/35 sheet with a 5★ mark (4.1), a 4★ mark (6.2), a 4★ mark on the commune's
# criterion 1.1 just below its top, and 3.6 carrying the criterion-level 4★ marker.
GATED_SHEET = [
    ("A", 1, "1.1", [(0, None), (10, 3), (30, None), (32, 4), (35, None)]),
    ("A", 3, "3.6", [(0, None), (1, None), (5, None)]),
    ("B", 4, "4.1", [(0, None), (20, None), (23, 5), (25, None)]),
    ("C", 6, "6.1", [(0, None), (5, 3), (20, None), (30, None)]),
    ("C", 6, "6.2", [(0, None), (2, None), (4, 4), (5, None)]),
]

# name → (points below the maximum, commune's 1.1 points), mean and gated stars
CASES = {
    "full": ({}, "35"),  # 100, 5★
    "misses_5_mark": ({"4.1": 20}, "35"),  # 95, gated 4★
    "misses_4_mark": ({"6.2": 2}, "35"),  # 97, gated 3★
    "ip_at_zero": ({"3.6": 0}, "35"),  # 95, gated 3★ (criterion-level marker)
    "commune_below_4_mark": ({"1.1": 30}, "30"),  # 95, gated 3★ (the commune's criterion under 1489)
    "four_stars": ({"1.1": 10, "4.1": 20, "6.1": 20}, "10"),  # 60 … see MEANS
    "misses_3_mark": ({"6.1": 0}, "35"),  # 70, gated 2★
}
MEANS = {
    "full": ("100.00", 5),
    "misses_5_mark": ("95.00", 4),
    "misses_4_mark": ("97.00", 3),
    "ip_at_zero": ("95.00", 3),
    "commune_below_4_mark": ("95.00", 3),
    "four_stars": ("60.00", 3),
    "misses_3_mark": ("70.00", 2),
}


def _sheet(framework_obj):
    sheet = build_sheet(framework_obj=framework_obj, spec=GATED_SHEET)
    Criterion.objects.filter(sheet=sheet, code="3.6").update(mandatory_min_star=4)
    return sheet


def _close(council, members, dossier, points, by):
    assignment = council_assign(council=council, dossiers=[dossier], by=by)[0]
    for member in members[:3]:
        score(assignment, member, points)
    assignment_close(assignment=assignment, by=members[0].user)
    assignment.refresh_from_db()
    dossier.refresh_from_db()
    return assignment


def _decide(dossier, level, stars, by, number):
    unit = dossier.district if level == Level.DISTRICT else dossier.province
    return record(level, unit, dossier.province, dossier, stars, by, number)


def _dossier_148(province, commune, district_officer):
    fw = framework("148")
    return accepted_dossier(
        commune=commune,
        checker=district_officer,
        round_obj=RoundFactory(framework=fw, province=province),
        sheet=_sheet(fw),
    )


def _assert_decidable_where_routed(dossier, assignment):
    """The invariant: a recognised result is decidable at the level the route names."""
    if assignment.outcome in (Outcome.RECOGNISE, Outcome.BACK_TO_LOWER):
        assert decidable_stars(dossier, dossier.current_level)[1] == [assignment.final_stars]
    elif assignment.outcome == Outcome.FORWARD and dossier.current_level == Level.CENTRAL:
        assert decidable_stars(dossier, Level.CENTRAL)[1] == [assignment.final_stars] == [5]


@pytest.mark.parametrize(
    ("case", "district_route", "province_route", "decided"),
    [
        ("full", (Outcome.FORWARD, Level.PROVINCE), (Outcome.FORWARD, Level.CENTRAL), (Level.CENTRAL, 5)),
        ("misses_5_mark", (Outcome.FORWARD, Level.PROVINCE), (Outcome.RECOGNISE, Level.PROVINCE), (Level.PROVINCE, 4)),
        ("misses_4_mark", (Outcome.RECOGNISE, Level.DISTRICT), None, (Level.DISTRICT, 3)),
        ("ip_at_zero", (Outcome.RECOGNISE, Level.DISTRICT), None, (Level.DISTRICT, 3)),
        ("commune_below_4_mark", (Outcome.RECOGNISE, Level.DISTRICT), None, (Level.DISTRICT, 3)),
        ("four_stars", (Outcome.RECOGNISE, Level.DISTRICT), None, (Level.DISTRICT, 3)),
        ("misses_3_mark", (Outcome.NOT_RECOGNISED, None), None, None),
    ],
)
def test_148_district_then_province(
    province, district, commune, district_officer, province_staff, case, district_route, province_route, decided
):
    dossier = _dossier_148(province, commune, district_officer)
    points, _commune = CASES[case]
    council, members = make_council(province=province, jurisdiction=district)
    result = _close(council, members, dossier, points, district_officer)
    assert (str(result.mean_score), result.final_stars) == MEANS[case]
    assert (result.outcome, result.result["route_level"]) == district_route
    _assert_decidable_where_routed(dossier, result)
    if province_route:
        p_council, p_members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
        result = _close(p_council, p_members, dossier, points, province_staff)
        assert (result.outcome, result.result["route_level"]) == province_route
        _assert_decidable_where_routed(dossier, result)
    if decided is None:
        assert dossier.state == DossierState.SCORED
        assert all(decidable_stars(dossier, level)[1] == [] for level in (Level.DISTRICT, Level.PROVINCE))
        return
    level, stars = decided
    _decide(dossier, level, stars, province_staff, f"{case}/QĐ")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED
    assert list(Certificate.objects.filter(dossier=dossier).values_list("stars", "issuing_level")) == [(stars, level)]


@pytest.mark.parametrize(
    ("district_case", "province_case", "province_route", "decided"),
    [
        # the province's own result decides: ≥ 90 with a 5★ mark missed is 4★ at the province …
        ("full", "misses_5_mark", (Outcome.RECOGNISE, Level.PROVINCE), (Level.PROVINCE, 4)),
        # … and ≥ 90 with a 4★ mark missed goes back to the district for 3★
        ("misses_5_mark", "misses_4_mark", (Outcome.BACK_TO_LOWER, Level.DISTRICT), (Level.DISTRICT, 3)),
        ("misses_5_mark", "ip_at_zero", (Outcome.BACK_TO_LOWER, Level.DISTRICT), (Level.DISTRICT, 3)),
        ("misses_5_mark", "misses_3_mark", (Outcome.NOT_RECOGNISED, None), None),
    ],
)
def test_148_province_result_differs_from_the_district(
    province, district, commune, district_officer, province_staff, district_case, province_case, province_route, decided
):
    dossier = _dossier_148(province, commune, district_officer)
    council, members = make_council(province=province, jurisdiction=district)
    assert _close(council, members, dossier, CASES[district_case][0], district_officer).outcome == Outcome.FORWARD
    p_council, p_members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    result = _close(p_council, p_members, dossier, CASES[province_case][0], province_staff)
    assert (result.outcome, result.result["route_level"]) == province_route
    _assert_decidable_where_routed(dossier, result)
    if decided:
        _decide(dossier, *decided, province_staff, "77/QĐ")
        dossier.refresh_from_db()
        assert dossier.state == DossierState.DECIDED


def _commune_chain_dossier(code, province, commune, province_staff, commune_points):
    fw = framework(code)
    assessment = {"1.1": {"points": commune_points}} if "1.1" in fw.commune_criteria else {}
    dossier = accepted_dossier(
        commune=commune,
        checker=province_staff,
        round_obj=RoundFactory(framework=fw, province=province),
        sheet=_sheet(fw),
        level=Level.COMMUNE,
        commune_assessment=assessment,
    )
    dossier_transition(dossier, DossierState.FORWARDED, by=province_staff, level=Level.PROVINCE, by_service=True)
    return dossier


@pytest.mark.parametrize("code", ["148+1489", "26/2026"])
@pytest.mark.parametrize(
    ("case", "route", "decided"),
    [
        ("full", (Outcome.FORWARD, Level.CENTRAL), (Level.CENTRAL, 5)),
        ("misses_5_mark", (Outcome.RECOGNISE, Level.PROVINCE), (Level.PROVINCE, 4)),
        ("misses_4_mark", (Outcome.RECOGNISE, Level.PROVINCE), (Level.PROVINCE, 3)),
        ("ip_at_zero", (Outcome.RECOGNISE, Level.PROVINCE), (Level.PROVINCE, 3)),
        ("commune_below_4_mark", (Outcome.RECOGNISE, Level.PROVINCE), (Level.PROVINCE, 3)),
        ("four_stars", (Outcome.RECOGNISE, Level.PROVINCE), (Level.PROVINCE, 3)),
        ("misses_3_mark", (Outcome.NOT_RECOGNISED, None), None),
    ],
)
def test_commune_chains(province, commune, province_staff, code, case, route, decided):
    points, commune_points = CASES[case]
    dossier = _commune_chain_dossier(code, province, commune, province_staff, commune_points)
    council, members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    result = _close(council, members, dossier, points, province_staff)
    assert (str(result.mean_score), result.final_stars) == MEANS[case]
    assert (result.outcome, result.result["route_level"]) == route
    _assert_decidable_where_routed(dossier, result)
    if decided is None:
        assert decidable_stars(dossier, Level.PROVINCE)[1] == []
        return
    _decide(dossier, *decided, province_staff, f"{case}/QĐ")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED


@pytest.mark.parametrize("code", ["148", "148+1489", "26/2026"])
@pytest.mark.parametrize("stars", [4, 3])
def test_central_not_granted_the_province_recognises_what_the_result_supports(
    province, district, commune, district_officer, province_staff, code, stars
):
    if code == "148":
        dossier = _dossier_148(province, commune, district_officer)
        council, members = make_council(province=province, jurisdiction=district)
        _close(council, members, dossier, {}, district_officer)
    else:
        dossier = _commune_chain_dossier(code, province, commune, province_staff, "35")
    p_council, p_members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    result = _close(p_council, p_members, dossier, {}, province_staff)
    assert (result.outcome, dossier.current_level) == (Outcome.FORWARD, Level.CENTRAL)
    assert decidable_stars(dossier, Level.CENTRAL)[1] == [5]
    if code == "26/2026":
        # Art. 7.4: below 5★ only on the Ministry's result, once the 5★ dossier was sent to it
        assert decidable_stars(dossier, Level.PROVINCE)[1] == []
        _ministry_not_granted(dossier, province_staff, stars)
        dossier.refresh_from_db()
        assert decidable_stars(dossier, Level.PROVINCE)[1] == [stars]
    else:
        assert decidable_stars(dossier, Level.PROVINCE)[1] == [3, 4]
    with pytest.raises(ValidationError):
        _decide(dossier, Level.PROVINCE, 5, province_staff, "1/QĐ")
    _decide(dossier, Level.PROVINCE, stars, province_staff, "2/QĐ")
    dossier.refresh_from_db()
    assert (dossier.state, list(Certificate.objects.filter(dossier=dossier).values_list("stars", flat=True))) == (
        DossierState.DECIDED,
        [stars],
    )


def _ministry_not_granted(dossier, staff, stars):
    """Approve, send (the package's contents arranged directly) and record a "not granted" whose
    score supports `stars` (QĐ 26/2026 Art. 6.3, 7.4)."""
    import datetime

    from django.utils import timezone

    from evaluation.enums import AdvisoryKind
    from evaluation.models import AdvisoryRecord
    from evaluation.services.decisions import central_outcome_record
    from evaluation.services.ministry import five_star_approve, five_star_send
    from evaluation.tests.test_dossiers_fixtures import make_complete

    make_complete(dossier, staff)
    day = timezone.localdate()
    five_star_approve(dossier=dossier, number="12/QĐ-UBND", date=day, signer="Chủ tịch", by=staff)
    AdvisoryRecord.objects.create(dossier=dossier, kind=AdvisoryKind.REPORT, on=day, text="Báo cáo", by=staff)
    five_star_send(dossier=dossier, letter_number="3/UBND", letter_date=day, by=staff)
    central_outcome_record(
        dossier=dossier,
        granted=False,
        score={4: "85", 3: "65"}[stars],
        number="9/BNNMT",
        date=datetime.date(2026, 11, 20),
        signer="Bộ trưởng",
        authority="Bộ Nông nghiệp và Môi trường",
        by=staff,
    )
