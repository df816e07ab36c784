"""The council's rules, table by table (DOMAIN.md §5b). Pure functions: no database."""

from decimal import Decimal as D

import pytest

from evaluation import scoring
from evaluation.enums import Level, MemberRole, Outcome
from evaluation.scoring import Band, GateCriterion, GateFailure, Seat, Step

pytestmark = pytest.mark.unit

BANDS = (
    Band(5, D("90"), True),
    Band(4, D("70"), True),
    Band(3, D("50"), True),
    Band(2, D("30"), False),
    Band(1, D("0"), False),
)

CHAIN_148 = (
    Step(1, Level.DISTRICT, True, (3,), D("70")),
    Step(2, Level.PROVINCE, True, (4,), D("90")),
    Step(3, Level.CENTRAL, True, (5,), None),
)
CHAIN_1489 = (
    Step(1, Level.COMMUNE, False, (), None),
    Step(2, Level.PROVINCE, True, (3, 4), D("90")),
    Step(3, Level.CENTRAL, True, (5,), None),
)


@pytest.mark.parametrize(
    ("raw", "decimals", "rounded"),
    [
        ("49.995", 2, "50.00"),
        ("49.994", 2, "49.99"),
        ("69.995", 2, "70.00"),
        ("69.9949", 2, "69.99"),
        ("89.995", 2, "90.00"),
        ("89.994", 2, "89.99"),
        ("70.125", 2, "70.13"),
        ("70.135", 2, "70.14"),
        ("69.95", 1, "70.0"),
        ("69.94", 1, "69.9"),
        ("69.5", 0, "70"),
    ],
)
def test_round_score_half_up(raw, decimals, rounded):
    assert scoring.round_score(D(raw), decimals) == D(rounded)
    assert str(scoring.round_score(D(raw), decimals)) == rounded


@pytest.mark.parametrize(
    ("mean_raw", "stars"),
    [
        ("100", 5),
        ("90", 5),
        ("89.995", 5),
        ("89.994", 4),
        ("89.99", 4),
        ("70", 4),
        ("69.995", 4),
        ("69.994", 3),
        ("69.99", 3),
        ("50", 3),
        ("49.995", 3),
        ("49.994", 2),
        ("30", 2),
        ("29.99", 1),
        ("0", 1),
    ],
)
def test_band_after_rounding(mean_raw, stars):
    assert scoring.band_for(scoring.round_score(D(mean_raw), 2), BANDS).stars == stars


def test_mean_of_totals_is_rounded_half_up_before_banding():
    assert scoring.mean([D("69.99"), D("69.99"), D("70.00")], 2) == D("69.99")  # 69.9933…
    assert scoring.mean([D("69.99"), D("70.00")], 2) == D("70.00")  # 69.995 → 70.00
    assert scoring.band_for(scoring.mean([D("69.99"), D("70.00")], 2), BANDS).stars == 4


CHAIR = Seat(1, MemberRole.CHAIR)
VICE_2 = Seat(2, MemberRole.VICE_CHAIR, order=2)
VICE_1 = Seat(3, MemberRole.VICE_CHAIR, order=1)
M4, M5, M6 = Seat(4, MemberRole.MEMBER), Seat(5, MemberRole.MEMBER), Seat(6, MemberRole.SECRETARY)
SEATS = [CHAIR, VICE_2, VICE_1, M4, M5, M6]


@pytest.mark.parametrize(
    ("recused", "presiding"),
    [
        (set(), 1),
        ({1}, 3),  # first vice-chair by order, not by id
        ({1, 3}, 2),
        ({1, 2, 3}, None),
    ],
)
def test_presiding_member(recused, presiding):
    eligible = scoring.eligible_members(SEATS, recused)
    result = scoring.presiding_member(eligible)
    assert (result.member_id if result else None) == presiding


@pytest.mark.parametrize(
    ("recused", "submitted", "required", "met"),
    [
        (set(), {1, 2, 3, 4, 5}, 5, True),  # ceil(0.75 × 6) = 5
        (set(), {1, 2, 3, 4}, 5, False),
        (set(), {2, 3, 4, 5, 6}, 5, False),  # five cards but not the chair's
        ({1}, {3, 4, 5, 6}, 4, True),  # chair recused: ceil(0.75 × 5) = 4, first vice-chair presides
        ({1}, {2, 4, 5, 6}, 4, False),  # … and must be among them
        ({4, 5}, {1, 2, 3}, 3, True),  # recused members leave the count: ceil(0.75 × 4) = 3
        ({4, 5}, {1, 2, 4, 5}, 3, False),  # recused members' cards never count
    ],
)
def test_quorum(recused, submitted, required, met):
    eligible = scoring.eligible_members(SEATS, recused)
    result = scoring.quorum(eligible, submitted, ratio=D("0.75"))
    assert (result.required, result.met) == (required, met)


@pytest.mark.parametrize(
    ("ratio", "required"),
    [
        ("0.01", 5),  # issue 18: a council row asking for 1 % still needs ceil(75 % × 6) = 5
        ("0.749", 5),
        ("0.75", 5),
        ("0.834", 6),  # a stricter province rule applies: ceil(0.834 × 6) = 6
    ],
)
def test_quorum_ratio_never_below_the_legal_floor(ratio, required):
    result = scoring.quorum(SEATS, {1, 2, 3, 4, 5}, ratio=D(ratio))
    assert (result.required, result.met) == (required, required == 5)


@pytest.mark.parametrize(("minimum", "required"), [(0, 3), (1, 3), (2, 3), (3, 3), (4, 4)])
def test_quorum_never_rests_on_fewer_cards_than_the_floor(minimum, required):
    """Two eligible members (the others recused): 75 % of 2 is 2 cards, the floor asks 3."""
    eligible = [CHAIR, VICE_1, M4]
    two = scoring.quorum(eligible[:2], {1, 3}, ratio=D("0.75"), minimum=minimum)
    three = scoring.quorum(eligible, {1, 3, 4}, ratio=D("0.75"), minimum=minimum)
    assert (two.required, two.met) == (required, False)
    assert (three.required, three.met) == (required, required == 3)


def test_quorum_always_needs_the_presiding_members_card():
    eligible = scoring.eligible_members(SEATS, set())
    result = scoring.quorum(eligible, {2, 3, 4, 5, 6}, ratio=D("0.75"))
    assert (result.required, result.submitted, result.presiding_submitted, result.met) == (5, 5, False, False)


@pytest.mark.parametrize(
    ("totals", "max_spread", "spread", "ok"),
    [
        (["80", "70"], "10", "10", True),
        (["80.01", "70"], "10", "10.01", False),
        (["75", "75", "75"], "10", "0", True),
        (["90", "60", "75"], "10", "30", False),
        (["90", "60"], "30", "30", True),
    ],
)
def test_spread(totals, max_spread, spread, ok):
    values = [D(t) for t in totals]
    assert scoring.spread(values) == D(spread)
    assert scoring.spread_ok(values, D(max_spread)) is ok


def test_latest_revision_replaces_original_in_the_mean():
    cards = [(1, 1, D("90")), (2, 1, D("60")), (2, 2, D("80")), (1, 2, D("85"))]
    assert scoring.latest_totals(cards) == {1: D("85"), 2: D("80")}
    assert scoring.mean(scoring.latest_totals(cards).values(), 2) == D("82.50")


def test_criterion_means_use_the_same_rounding():
    points = [{"1.1": D("10"), "6.1": D("5")}, {"1.1": D("20"), "6.1": D("5")}, {"1.1": D("20"), "6.1": D("0")}]
    assert scoring.criterion_means(points, 2) == {"1.1": D("16.67"), "6.1": D("3.33")}


@pytest.mark.parametrize(
    ("options", "requirements"),
    [
        ([(0, None), (10, 3), (20, 4), (40, None)], {3: D(10), 4: D(20), 5: D(20)}),
        ([(0, None), (5, 3), (20, None), (35, None)], {3: D(5), 4: D(5), 5: D(5)}),
        ([(0, None), (3, 4), (5, 5)], {4: D(3), 5: D(5)}),
        ([(0, None), (15, None), (25, None)], {}),
    ],
)
def test_requirements_from_options(options, requirements):
    assert scoring.requirements_from_options(((D(p), m) for p, m in options), [1, 2, 3, 4, 5]) == requirements


GATE = [
    GateCriterion("1.1", "Tổ chức sản xuất", D("0"), {3: D(10), 4: D(20), 5: D(20)}),
    GateCriterion("6.1", "An toàn thực phẩm", D("0"), {3: D(5), 4: D(5), 5: D(5)}),
    GateCriterion("3.6", "Sở hữu trí tuệ", D("0"), {4: D(3), 5: D(5)}),
]


def _gate(scores):
    return [GateCriterion(c.code, c.name, D(scores[c.code]), c.requirements) for c in GATE]


@pytest.mark.parametrize(
    ("band", "scores", "final", "failures"),
    [
        (5, {"1.1": 20, "6.1": 5, "3.6": 5}, 5, ()),
        (5, {"1.1": 20, "6.1": 5, "3.6": 3}, 4, (GateFailure("3.6", "Sở hữu trí tuệ", 5, D(3), D(5)),)),
        (5, {"1.1": "19.99", "6.1": 5, "3.6": 5}, 3, (GateFailure("1.1", "Tổ chức sản xuất", 4, D("19.99"), D(20)),)),
        (4, {"1.1": 20, "6.1": 5, "3.6": 0}, 3, (GateFailure("3.6", "Sở hữu trí tuệ", 4, D(0), D(3)),)),
        (4, {"1.1": 20, "6.1": 5, "3.6": 3}, 4, ()),
        (
            4,
            {"1.1": 10, "6.1": "4.5", "3.6": 3},
            2,
            (GateFailure("6.1", "An toàn thực phẩm", 3, D("4.5"), D(5)),),
        ),
        (
            3,
            {"1.1": 5, "6.1": 0, "3.6": 0},
            2,
            (
                GateFailure("1.1", "Tổ chức sản xuất", 3, D(5), D(10)),
                GateFailure("6.1", "An toàn thực phẩm", 3, D(0), D(5)),
            ),
        ),
        (3, {"1.1": 10, "6.1": 5, "3.6": 0}, 3, ()),  # 3.6 only gates 4★ and up
        (2, {"1.1": 0, "6.1": 0, "3.6": 0}, 2, ()),  # nothing gates below 3★
    ],
)
def test_mandatory_gate(band, scores, final, failures):
    result = scoring.mandatory_gate(band, _gate(scores))
    assert (result.band_stars, result.final_stars, result.failures) == (band, final, failures)


@pytest.mark.parametrize(
    ("score", "band", "final", "failures"),
    [
        # 3.6 "Sở hữu trí tuệ****": from 4★ up it must score above 0 (DOMAIN.md §5b, last rule)
        ("0", 5, 3, (GateFailure("3.6", "Sở hữu trí tuệ", 4, D(0), D(0), above=True),)),
        ("0.00", 4, 3, (GateFailure("3.6", "Sở hữu trí tuệ", 4, D(0), D(0), above=True),)),
        ("0.01", 5, 5, ()),
        ("0.33", 4, 4, ()),  # a mean above 0 passes: one member of three saw a trademark
        ("0", 3, 3, ()),  # the marker gates 4★ and up only
    ],
)
def test_criterion_level_marker_needs_more_than_zero(score, band, final, failures):
    criterion = GateCriterion("3.6", "Sở hữu trí tuệ", D(score), {}, positive_from=4)
    result = scoring.mandatory_gate(band, [criterion])
    assert (result.final_stars, result.failures) == (final, failures)


@pytest.mark.parametrize(
    ("case_codes", "chosen", "case"),
    [((), None, None), (("a", "b"), "b", "b"), (("a", "b"), None, "a"), (("b", "a"), "x", "a")],
)
def test_case_for(case_codes, chosen, case):
    assert scoring.case_for(case_codes, chosen) == case


CHAIN_26_2026 = CHAIN_1489  # commune intake → provincial council (3★, 4★) → Ministry (5★)


@pytest.mark.parametrize(
    ("chain", "level", "stars", "outcome", "target"),
    [
        # QĐ 148, district council: gated ≥ 4★ goes up, 3★ stays, < 3★ nothing
        (CHAIN_148, Level.DISTRICT, 5, Outcome.FORWARD, Level.PROVINCE),
        (CHAIN_148, Level.DISTRICT, 4, Outcome.FORWARD, Level.PROVINCE),
        (CHAIN_148, Level.DISTRICT, 3, Outcome.RECOGNISE, Level.DISTRICT),
        (CHAIN_148, Level.DISTRICT, 2, Outcome.NOT_RECOGNISED, None),
        (CHAIN_148, Level.DISTRICT, 1, Outcome.NOT_RECOGNISED, None),
        (CHAIN_148, Level.DISTRICT, 0, Outcome.NOT_RECOGNISED, None),
        # QĐ 148, provincial council on a forwarded dossier
        (CHAIN_148, Level.PROVINCE, 5, Outcome.FORWARD, Level.CENTRAL),
        (CHAIN_148, Level.PROVINCE, 4, Outcome.RECOGNISE, Level.PROVINCE),
        (CHAIN_148, Level.PROVINCE, 3, Outcome.BACK_TO_LOWER, Level.DISTRICT),
        (CHAIN_148, Level.PROVINCE, 2, Outcome.NOT_RECOGNISED, None),
        # the central outcome: 5★ granted there, otherwise the level that certifies the stars
        (CHAIN_148, Level.CENTRAL, 5, Outcome.RECOGNISE, Level.CENTRAL),
        (CHAIN_148, Level.CENTRAL, 4, Outcome.BACK_TO_LOWER, Level.PROVINCE),
        # QĐ 148 + 1489 and QĐ 26/2026: the province certifies 3★ and 4★
        (CHAIN_1489, Level.PROVINCE, 5, Outcome.FORWARD, Level.CENTRAL),
        (CHAIN_1489, Level.PROVINCE, 4, Outcome.RECOGNISE, Level.PROVINCE),
        (CHAIN_1489, Level.PROVINCE, 3, Outcome.RECOGNISE, Level.PROVINCE),
        (CHAIN_1489, Level.PROVINCE, 2, Outcome.NOT_RECOGNISED, None),
        (CHAIN_26_2026, Level.CENTRAL, 4, Outcome.BACK_TO_LOWER, Level.PROVINCE),
        (CHAIN_26_2026, Level.CENTRAL, 3, Outcome.BACK_TO_LOWER, Level.PROVINCE),
    ],
)
def test_route_by_gated_stars(chain, level, stars, outcome, target):
    assert scoring.route(chain, level, stars, BANDS) == scoring.Route(outcome, target)


def test_route_ignores_the_forward_threshold():
    # A province whose district forwards "from 80": a gated 4★ at 75 the district may certify
    # stays there, and a 5★ goes to the level that certifies it.
    chain = (Step(1, Level.DISTRICT, True, (3, 4), D("80")), Step(2, Level.PROVINCE, True, (5,), None))
    assert scoring.route(chain, Level.DISTRICT, 4, BANDS) == scoring.Route(Outcome.RECOGNISE, Level.DISTRICT)
    assert scoring.route(chain, Level.DISTRICT, 5, BANDS) == scoring.Route(Outcome.FORWARD, Level.PROVINCE)


@pytest.mark.parametrize("chain", [CHAIN_148, CHAIN_1489])
def test_no_gated_result_is_left_where_no_level_can_decide(chain):
    """Every (scoring level, stars): the route names a level that certifies exactly those stars,
    or forwards to one that scores, or recognises nothing."""
    certifies = {step.level: step.certifies_stars for step in chain}
    scoring_levels = [step.level for step in chain if step.scores]
    for level in scoring_levels:
        for stars in range(0, 6):
            result = scoring.route(chain, level, stars, BANDS)
            if result.outcome == Outcome.NOT_RECOGNISED:
                assert stars < 3
            elif result.outcome == Outcome.FORWARD:
                assert result.level in scoring_levels and stars in certifies[chain[-1].level] + certifies[result.level]
            else:
                assert stars in certifies[result.level], (level, stars, result)


def test_sound_chains_have_no_problems():
    assert (scoring.chain_problems(CHAIN_148, BANDS), scoring.chain_problems(CHAIN_1489, BANDS)) == ([], [])


@pytest.mark.parametrize(("chain", "stars", "level"), [(CHAIN_148, 3, "district"), (CHAIN_1489, 3, "province")])
def test_certifying_level(chain, stars, level):
    assert scoring.certifying_level(chain, stars) == level
