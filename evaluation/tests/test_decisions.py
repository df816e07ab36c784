"""Decisions: who may record them, which stars the chain allows, numbers unique per issuer,
and the producer's gap report."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.enums import DossierState, Level
from evaluation.models import Decision
from evaluation.selectors.councils import gap_report
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.decisions import decision_record
from evaluation.tests.test_councils import P55, accepted_dossier, make_council, score


@pytest.fixture
def scored_3_stars(province, district, commune, district_officer):
    """A dossier the district council scored 55 (3★, recognised by the district)."""
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    for member in members[:3]:
        score(assignment, member, P55, comment="Thiếu hồ sơ")
    assignment_close(assignment=assignment, by=members[0].user)
    dossier.refresh_from_db()
    return dossier


def _record(dossier, *, level=Level.DISTRICT, unit=None, stars=3, by, number="12/QĐ-UBND", late_reason=""):
    return decision_record(
        province=dossier.province,
        issuer_unit=unit or dossier.district,
        level=level,
        number=number,
        date=datetime.date(2026, 7, 10),
        signer="Trần Văn Ký",
        authority="UBND huyện Yên Thế",
        items=[(dossier, stars)],
        by=by,
        late_reason=late_reason,
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("district_officer", True),
        ("province_staff", True),
        ("other_district_officer", False),
        ("producer", False),
        ("plain_user", False),
    ],
)
def test_decision_record_permission(persona, scored_3_stars, who, allowed):
    user = persona(who)
    if allowed:
        decision = _record(scored_3_stars, by=user)
        scored_3_stars.refresh_from_db()
        assert (
            decision.level,
            scored_3_stars.state,
            list(decision.items.values_list("recognised_stars", flat=True)),
        ) == (
            Level.DISTRICT,
            DossierState.DECIDED,
            [3],
        )
    else:
        with pytest.raises(PermissionDenied):
            _record(scored_3_stars, by=user)


@pytest.mark.parametrize(("level", "stars"), [(Level.DISTRICT, 4), (Level.PROVINCE, 3), (Level.PROVINCE, 4)])
def test_decision_refuses_stars_the_result_and_chain_do_not_allow(
    scored_3_stars, province_staff, province, level, stars
):
    unit = province if level == Level.PROVINCE else None
    with pytest.raises(ValidationError):
        _record(scored_3_stars, level=level, unit=unit, stars=stars, by=province_staff)
    scored_3_stars.refresh_from_db()
    assert (scored_3_stars.state, Decision.objects.count()) == (DossierState.SCORED, 0)


def test_decision_number_is_unique_per_issuer(scored_3_stars, district_officer, commune, province, district):
    _record(scored_3_stars, by=district_officer)
    council, members = make_council(province=province, jurisdiction=district)
    second = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[second], by=district_officer)[0]
    for member in members[:3]:
        score(assignment, member, P55)
    assignment_close(assignment=assignment, by=members[0].user)
    second.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        _record(second, by=district_officer)
    assert error.value.message_dict == {"number": ["Số quyết định đã được dùng cho cơ quan này."]}
    _record(second, by=district_officer, number="13/QĐ-UBND")
    assert list(Decision.objects.order_by("number").values_list("number", flat=True)) == ["12/QĐ-UBND", "13/QĐ-UBND"]


def test_decision_refuses_a_dossier_outside_the_issuer(scored_3_stars, province_staff, other_district):
    with pytest.raises(ValidationError) as error:
        _record(scored_3_stars, unit=other_district, by=province_staff)
    assert error.value.messages == [f"Hồ sơ “{scored_3_stars.product.name}” không thuộc địa bàn của cơ quan ban hành."]


def test_gap_report_after_the_decision(scored_3_stars, district_officer):
    assert gap_report(scored_3_stars) is None  # nothing before the decision
    _record(scored_3_stars, by=district_officer)
    scored_3_stars.refresh_from_db()
    report = gap_report(scored_3_stars)
    assert (report.stars, report.mean, report.next_stars, report.next_min_score) == (3, D("55.00"), 4, D("70.00"))
    assert [(r.code, r.score, r.max_points, r.lost, r.next_required, r.short_of_next) for r in report.rows] == [
        ("1.1", D("10.00"), D("40.00"), D("30.00"), D("20.00"), True),
        ("4.1", D("25.00"), D("25.00"), D("0.00"), None, False),
        ("6.1", D("20.00"), D("35.00"), D("15.00"), D("5.00"), False),
    ]


def test_gap_report_uses_the_mean_not_members_scores(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    score(assignment, members[0], P55)
    score(assignment, members[1], P55)
    score(assignment, members[2], {"1.1": 20, "4.1": 15, "6.1": 20})  # 55 as well, another way
    assignment_close(assignment=assignment, by=members[0].user)
    dossier.refresh_from_db()
    _record(dossier, by=district_officer)
    dossier.refresh_from_db()
    rows = {r.code: r.score for r in gap_report(dossier).rows}
    assert rows == {"1.1": D("13.33"), "4.1": D("21.67"), "6.1": D("20.00")}
