"""The fairness reads (docs/mutation.md): the presiding member's summary of one dossier (each
member's latest submitted card, nothing before every eligible card is in), the department's
yearly member table (the province's closed assignments of the year and of the provinces carried
into it, never another province's) and which mandatory criteria cost products their stars."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from evaluation.enums import AssignmentState, DossierState, Level, MemberRole, ScorecardState
from evaluation.models import CouncilAssignment, Scorecard
from evaluation.selectors.fairness import SetFailures, fairness_year_table, gate_failures, session_fairness
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, DossierFactory, RoundFactory
from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


def _dossier(commune, round_obj=None, product_set=None, name="Gà đồi Yên Thế"):
    product = f.ProductFactory(
        producer=f.ProducerFactory(commune=commune), name=name, **({"product_set": product_set} if product_set else {})
    )
    return DossierFactory(product=product, state=DossierState.SCORED, **({"round": round_obj} if round_obj else {}))


def _closed(council, dossier, result, **fields):
    return CouncilAssignment.objects.create(
        council=council,
        dossier=dossier,
        level=council.level,
        state=fields.pop("state", AssignmentState.CLOSED),
        result=result,
        **fields,
    )


def _member(member, counted, first=None):
    return {
        "member": member.pk,
        "name": member.user.full_name,
        "totals": {"1": str(first if first is not None else counted)},
        "counted": None if counted is None else str(counted),
    }


# The department's yearly member table ----------------------------------------------------------------


@pytest.fixture
def year(province, district, commune):
    """Yên Thế's council, 2026: round 2 (a dossier whose two members' first cards were 10 points
    apart, allowed 5), round 1 (the member recused; and a closed dossier without a mean), one still
    scoring; a 2025 dossier; the council of a province carried into this one; Bắc Ninh's council."""
    council = CouncilFactory(province=province, jurisdiction=district, name="Hội đồng OCOP huyện Yên Thế")
    chair = CouncilMemberFactory(
        council=council, role=MemberRole.CHAIR, user=f.UserFactory(full_name="Lê Văn An"), order=0
    )
    member = CouncilMemberFactory(council=council, user=f.UserFactory(full_name="Trần Thị Bình"), order=1)
    first_round = RoundFactory(province=province, year=2026, number=1)
    second_round = RoundFactory(province=province, year=2026, number=2)
    _closed(council, _dossier(commune, first_round), {})  # closed without a result: no mean
    _closed(
        council,
        _dossier(commune, second_round),
        {"members": [_member(chair, 80), _member(member, 70)], "recused": [], "mean": "75.00", "max_spread": "5.00"},
    )
    _closed(
        council,
        _dossier(commune, first_round),
        {
            "members": [_member(chair, 90)],
            "recused": [{"member": member.pk, "name": "Trần Thị Bình", "reason": "Người nhà"}],
            "mean": "90.00",
        },
    )
    _closed(
        council,
        _dossier(commune, first_round),
        {"members": [_member(chair, 60)], "recused": [], "mean": "60.00"},
        state=AssignmentState.SCORING,
    )
    _closed(
        council,
        _dossier(commune, RoundFactory(province=province, year=2025, number=1)),
        {"members": [_member(chair, 60)], "recused": [], "mean": "60.00"},
    )
    old = f.ProvinceFactory(code="23", name="Tỉnh Hà Bắc")
    AdministrativeUnit.objects.filter(pk=old.pk).update(carried_into=province)
    old_district = f.DistrictFactory(parent=old, code="200", name="Huyện Hiệp Hòa")
    old_council = CouncilFactory(province=old, jurisdiction=old_district, name="Hội đồng OCOP huyện Hiệp Hòa")
    expert = CouncilMemberFactory(
        council=old_council, role=MemberRole.VICE_CHAIR, user=f.UserFactory(full_name="Đỗ Văn Chung")
    )
    old_round = RoundFactory(province=old, year=2026, number=1)
    _closed(
        old_council,
        _dossier(f.CommuneFactory(parent=old_district, code="07000"), old_round),
        {"members": [_member(expert, 66)], "mean": "66.00"},  # no "recused" stored
    )
    bac_ninh = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    bn_district = f.DistrictFactory(parent=bac_ninh, code="256", name="Huyện Yên Phong")
    bn_council = CouncilFactory(province=bac_ninh, jurisdiction=bn_district, name="Hội đồng OCOP huyện Yên Phong")
    stranger = CouncilMemberFactory(council=bn_council, user=f.UserFactory(full_name="Vũ Văn Dũng"))
    _closed(
        bn_council,
        _dossier(f.CommuneFactory(parent=bn_district, code="09193"), RoundFactory(province=bac_ninh, year=2026)),
        {"members": [_member(stranger, 50)], "recused": [], "mean": "50.00"},
    )
    return {
        "council": council,
        "old_council": old_council,
        "rounds": (first_round, second_round, old_round),
        "bac_ninh": bac_ninh,
    }


def _row(row):
    return (
        row["council"],
        row["name"],
        row["role"],
        row["seated"],
        row["scored"],
        row["recused"],
        row["trips"],
        row["leniency"],
        row["recusal_rate"],
    )


def test_the_years_member_table_reads_the_provinces_closed_dossiers_of_the_year(year, province):
    table = fairness_year_table(province_id=province.pk, year=2026)

    assert (table["province_id"], table["year"], table["dossiers"]) == (province.pk, 2026, 3)
    assert datetime.datetime.fromisoformat(table["computed_at"]).tzinfo is not None
    assert [_row(r) for r in table["year_rows"]] == [
        ("Hội đồng OCOP huyện Hiệp Hòa", "Đỗ Văn Chung", "vice_chair", 1, 1, 0, 0, "0.00", "0.0000"),
        ("Hội đồng OCOP huyện Yên Thế", "Lê Văn An", "chair", 2, 2, 0, 1, "2.50", "0.0000"),
        ("Hội đồng OCOP huyện Yên Thế", "Trần Thị Bình", "member", 2, 1, 1, 1, "-5.00", "0.5000"),
    ]
    first_round, second_round, old_round = year["rounds"]
    # rounds by number, then as created
    assert [(r["id"], r["title"], r["dossiers"]) for r in table["rounds"]] == [
        (first_round.pk, str(first_round), 1),
        (old_round.pk, str(old_round), 1),
        (second_round.pk, str(second_round), 1),
    ]
    assert [_row(r)[1:7] for r in table["rounds"][2]["rows"]] == [
        ("Lê Văn An", "chair", 1, 1, 0, 1),
        ("Trần Thị Bình", "member", 1, 1, 0, 1),
    ]
    assert [_row(r)[1:7] for r in table["rounds"][0]["rows"]] == [
        ("Lê Văn An", "chair", 1, 1, 0, 0),
        ("Trần Thị Bình", "member", 1, 0, 1, 0),
    ]


def test_another_provinces_table_holds_none_of_these_members(year):
    table = fairness_year_table(province_id=year["bac_ninh"].pk, year=2026)

    assert (table["dossiers"], [r["name"] for r in table["year_rows"]]) == (1, ["Vũ Văn Dũng"])
    assert fairness_year_table(province_id=year["bac_ninh"].pk, year=2025)["year_rows"] == []


# Which mandatory criteria cost products their stars ---------------------------------------------------


def _failure(code, stars):
    return {"code": code, "name": f"Tiêu chí {code}", "stars": stars, "score": "0.00", "required": "5.00"}


@pytest.fixture
def failures(province, district, commune):
    council = CouncilFactory(province=province, jurisdiction=district)
    round_obj = RoundFactory(province=province, year=2026, number=1)
    group = f.ProductGroupFactory(name="Thực phẩm")
    sets = {
        code: f.ProductSetFactory(code=code, name=name, group=group)
        for code, name in (
            ("01", "Rau, củ, quả, hạt tươi"),
            ("02", "Chè tươi, chè chế biến"),
            ("03", "Gạo, ngũ cốc"),
            ("04", "Mật ong"),
            ("05", "Thịt, trứng, sữa tươi"),
        )
    }

    def closed(code, *, band=3, final=3, failed=None, **fields):
        dossier = fields.pop("dossier", None) or _dossier(commune, round_obj, sets[code])
        result = {} if failed is None else {"failures": failed}
        return _closed(fields.pop("council", council), dossier, result, band_stars=band, final_stars=final, **fields)

    lowered_twice = closed("02", final=2, failed=[_failure("6.1", 3), _failure("1.1", 4)], band=4)
    closed("02", final=2, failed=[_failure("6.1", 3), _failure("4.1", 3)])
    closed("02")
    closed("05", final=2, failed=[_failure("1.1", 3)])
    closed("01", final=1, band=3)  # lowered, but no failure stored
    twice = closed("04")
    provincial = CouncilFactory(province=province, jurisdiction=province, level=Level.PROVINCE)
    closed("04", dossier=twice.dossier, council=provincial)  # closed at two levels: counted once
    closed("03")
    closed("03", final=2, state=AssignmentState.SCORING)
    closed(
        "01",
        final=2,
        failed=[_failure("1.1", 3)],
        dossier=_dossier(commune, RoundFactory(province=province, year=2025)),
    )
    return {"sets": sets, "lowered_twice": lowered_twice}


def test_the_gate_failures_by_product_set_most_lowered_first(failures, province):
    found = gate_failures(province_id=province.pk, year=2026)

    assert [(s.code, s.name, s.group, s.scored, len(s.lowered)) for s in found] == [
        ("02", "Chè tươi, chè chế biến", "Thực phẩm", 3, 2),
        ("01", "Rau, củ, quả, hạt tươi", "Thực phẩm", 1, 1),
        ("05", "Thịt, trứng, sữa tươi", "Thực phẩm", 1, 1),
        ("03", "Gạo, ngũ cốc", "Thực phẩm", 1, 0),
        ("04", "Mật ong", "Thực phẩm", 1, 0),
    ]
    tea = found[0]
    assert [(c.code, c.name, c.count, c.levels) for c in tea.ranked] == [
        ("6.1", "Tiêu chí 6.1", 2, [(3, 2)]),
        ("1.1", "Tiêu chí 1.1", 1, [(4, 1)]),
        ("4.1", "Tiêu chí 4.1", 1, [(3, 1)]),
    ]
    assert tea.share(2).quantize(D("0.01")) == D("66.67")
    assert found[1].criteria == {}
    assert SetFailures(1, "09", "Bộ trống", "", 0).share(0) == D(0)


def test_a_criterion_failed_at_two_star_levels_lists_both_highest_first(failures, province):
    CouncilAssignment.objects.filter(pk=failures["lowered_twice"].pk).update(
        result={"failures": [_failure("6.1", 3), _failure("6.1", 4), _failure("1.1", 4)]}
    )

    tea = gate_failures(province_id=province.pk, year=2026)[0]

    first = tea.ranked[0]
    assert (first.code, first.count, first.levels) == ("6.1", 2, [(4, 1), (3, 2)])


def test_another_province_or_year_has_none_of_these_failures(failures, province):
    bac_ninh = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")

    assert gate_failures(province_id=bac_ninh.pk, year=2026) == []
    assert [(s.code, len(s.lowered)) for s in gate_failures(province_id=province.pk, year=2025)] == [("01", 1)]


# The presiding member's summary of one dossier ---------------------------------------------------------


@pytest.fixture
def session(province, district, commune):
    council = CouncilFactory(province=province, jurisdiction=district)
    members = [CouncilMemberFactory(council=council, order=n) for n in range(4)]
    assignment = _closed(council, _dossier(commune), {}, state=AssignmentState.SCORING, revision=2)
    sheet = assignment.dossier.sheet
    criteria = {c.code: c for c in sheet.criteria.all()}

    def card(member, revision, points, state=ScorecardState.SUBMITTED):
        scorecard = Scorecard.objects.create(
            assignment=assignment,
            member=member,
            sheet=sheet,
            revision=revision,
            state=state,
            total=sum(points.values()),
        )
        for code, value in points.items():
            option = criteria[code].options.get(points=value)
            scorecard.answers.create(criterion=criteria[code], option=option, points=value)
        return scorecard

    # the first member revised 85 → 75 in reconciliation; the fourth recused (a draft left behind)
    card(members[0], 1, {"1.1": 40, "4.1": 25, "6.1": 20})
    card(members[0], 2, {"1.1": 40, "4.1": 15, "6.1": 20})
    card(members[1], 1, {"1.1": 20, "4.1": 15, "6.1": 20})
    card(members[2], 1, {"1.1": 40, "4.1": 15, "6.1": 35})
    card(members[3], 1, {"1.1": 0, "4.1": 0, "6.1": 0}, state=ScorecardState.DRAFT)
    card(members[3], 2, {"1.1": 10, "4.1": 0, "6.1": 0})  # submitted before recusing: not eligible
    eligible = [m.pk for m in members[:3]]
    status = SimpleNamespace(eligible_ids=eligible, totals={pk: D(0) for pk in eligible}, max_spread=D("10.00"))
    return assignment, status


def test_the_presiding_member_sees_the_latest_cards_of_the_eligible_members(session):
    assignment, status = session

    found = session_fairness(assignment, status)

    s = found.summary
    assert (s.count, s.mean, s.median, s.low, s.high, s.spread, s.max_spread) == (
        3,
        D("73.33"),
        D("75.00"),
        D("55"),
        D("90"),
        D("35"),
        D("10.00"),
    )
    # 1.1: 40, 20, 40 (half its maximum); 6.1: 20, 20, 35; 4.1 alike (15) is no dispute
    assert [(d.code, d.low, d.high, d.answers) for d in found.disputed] == [
        ("1.1", D("20"), D("40"), ((D("40"), 2), (D("20"), 1))),
        ("6.1", D("20"), D("35"), ((D("35"), 1), (D("20"), 2))),
    ]


def test_nothing_before_every_eligible_card_is_in_or_once_closed(session):
    assignment, status = session

    missing = SimpleNamespace(
        eligible_ids=status.eligible_ids, totals=dict(list(status.totals.items())[:2]), max_spread=D("10")
    )
    assert session_fairness(assignment, missing) is None
    assert session_fairness(assignment, SimpleNamespace(eligible_ids=[], totals={}, max_spread=D("10"))) is None
    assignment.state = AssignmentState.CLOSED
    assert session_fairness(assignment, status) is None
    assignment.state = AssignmentState.RECONCILIATION
    assert session_fairness(assignment, status).summary.count == 3
