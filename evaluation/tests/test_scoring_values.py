"""The council's pure rules compared as whole values, and at their edges: no cards, no eligible
member, a member's card missing a criterion (DOMAIN.md §5b). Companion of test_scoring.py."""

from decimal import Decimal as D

import pytest

from evaluation import scoring
from evaluation.enums import MemberRole
from evaluation.scoring import Band, Quorum, Seat

pytestmark = pytest.mark.unit

CHAIR, VICE = Seat(1, MemberRole.CHAIR), Seat(2, MemberRole.VICE_CHAIR, order=1)
M3, M4 = Seat(3, MemberRole.MEMBER), Seat(4, MemberRole.MEMBER)


@pytest.mark.parametrize(
    ("eligible", "submitted", "quorum", "met"),
    [
        ([CHAIR, VICE, M3, M4], {1, 2, 3}, Quorum(4, 3, 3, 1, True), True),
        ([CHAIR, VICE, M3, M4], {2, 3, 4}, Quorum(4, 3, 3, 1, False), False),  # never without the chair
        ([VICE, M3, M4], {2, 3, 4, 9}, Quorum(3, 3, 3, 2, True), True),  # 9 is not seated
        ([CHAIR, M3], {1, 3}, Quorum(2, 3, 2, 1, True), False),  # fewer than three cards: no result
        ([M3, M4], {3, 4}, Quorum(2, 3, 2, None, False), False),  # nobody may preside
        ([], set(), Quorum(0, 3, 0, None, False), False),  # an empty council decides nothing
    ],
)
def test_quorum_as_a_whole(eligible, submitted, quorum, met):
    result = scoring.quorum(eligible, submitted, ratio=D("0.75"))
    assert (result, result.met) == (quorum, met)


def test_spread_and_mean_of_no_cards():
    assert scoring.spread([]) == D(0)
    assert scoring.spread_ok([], D(10)) is True
    with pytest.raises(ValueError, match=r"^mean of no values$"):
        scoring.mean([], 2)


@pytest.mark.parametrize(("decimals", "rounded"), [(0, "67"), (1, "66.7"), (2, "66.67"), (3, "66.667")])
def test_mean_rounds_to_the_frameworks_decimals(decimals, rounded):
    assert str(scoring.mean([D(60), D(70), D(70)], decimals)) == rounded


def test_a_criterion_missing_from_a_card_counts_as_zero():
    points = [{"1.1": D(10), "6.1": D(5)}, {"1.1": D(20)}]
    assert scoring.criterion_means(points, 2) == {"1.1": D("15.00"), "6.1": D("2.50")}


def test_latest_revision_wins_whatever_the_order_of_the_cards():
    assert scoring.latest_totals([(1, 2, D(80)), (1, 1, D(60)), (2, 1, D(70))]) == {1: D(80), 2: D(70)}


BANDS = (Band(5, D("90"), True), Band(4, D("70"), True), Band(3, D("50"), True), Band(2, D("30"), False))


@pytest.mark.parametrize(
    ("stars", "bands", "recognised"),
    [
        (3, BANDS, True),
        (2, BANDS, False),
        # a framework that marks 2★ as recognised still recognises nothing below 3★ (DOMAIN.md §4)
        (2, (Band(2, D("30"), True),), False),
        (4, (Band(4, D("70"), False),), False),
        (6, BANDS, False),
    ],
)
def test_is_recognised(stars, bands, recognised):
    assert scoring.is_recognised(stars, bands) is recognised


@pytest.mark.parametrize(("final", "next_stars"), [(2, 3), (3, 4), (4, 5), (5, None)])
def test_next_star_level(final, next_stars):
    band = scoring.next_star_level(final, BANDS)
    assert (band.stars if band else None) == next_stars


GATE_1 = [scoring.GateCriterion("0.1", "Đăng ký kinh doanh", D(0), {1: D(5), 2: D(5), 3: D(5)})]


@pytest.mark.parametrize(
    ("band", "criteria", "final", "failed_at"),
    [
        (0, [], 0, None),  # no band reached: nothing to gate
        (3, GATE_1, 0, 1),  # a requirement from 1★ fails at the first level
        (2, [], 2, None),
    ],
)
def test_mandatory_gate_edges(band, criteria, final, failed_at):
    result = scoring.mandatory_gate(band, criteria)
    assert (result.final_stars, [f.stars for f in result.failures]) == (final, [failed_at] if failed_at else [])


STEP = scoring.Step


@pytest.mark.parametrize(
    ("chain", "level", "stars", "route"),
    [
        # back to the earlier level that certifies the stars, past one that does not
        (
            (
                STEP(1, "commune", True, (3,), None),
                STEP(2, "district", True, (), None),
                STEP(3, "province", True, (4,), None),
            ),
            "province",
            3,
            ("back_to_lower", "commune"),
        ),
        # stars above what this level certifies go to the later level that certifies them,
        # whatever the forward threshold says (routing reads the gated stars, DOMAIN.md §5b)
        (
            (STEP(1, "district", True, (3,), D("80")), STEP(2, "province", True, (4, 5), None)),
            "district",
            4,
            ("forward", "province"),
        ),
        # … past a later level that neither scores nor certifies them
        (
            (
                STEP(1, "district", True, (3,), None),
                STEP(2, "commune", False, (), None),
                STEP(3, "province", True, (4, 5), None),
            ),
            "district",
            5,
            ("forward", "province"),
        ),
        # … or back to the nearest earlier level that certifies them, when this one certifies nothing
        (
            (
                STEP(1, "commune", True, (3,), None),
                STEP(2, "district", True, (3,), None),
                STEP(3, "province", True, (), None),
            ),
            "province",
            3,
            ("back_to_lower", "district"),
        ),
    ],
)
def test_route_along_the_chain(chain, level, stars, route):
    assert scoring.route(chain, level, stars, BANDS) == scoring.Route(*route)


@pytest.mark.parametrize(
    "chain",
    [
        # no level certifies 4★: such a result could be decided nowhere
        (STEP(1, "district", True, (3,), None), STEP(2, "province", True, (5,), None)),
        (STEP(1, "district", True, (), None), STEP(2, "province", True, (), None)),
    ],
)
def test_a_chain_that_would_strand_a_result_is_refused(chain):
    assert 4 in scoring.chain_problems(chain, BANDS)
    with pytest.raises(ValueError, match="no level of the chain certifies 4 stars"):
        scoring.route(chain, "province", 4, BANDS)


def test_a_score_below_every_band_has_no_band():
    assert scoring.band_for(D("29.99"), BANDS) is None
    assert scoring.band_for(D("30.00"), BANDS).stars == 2


def test_a_level_outside_the_chain_is_an_error():
    chain = (STEP(1, "district", True, (3,), D("70")),)
    with pytest.raises(ValueError, match="'province' is not in the framework's chain"):
        scoring.route(chain, "province", 4, BANDS)
