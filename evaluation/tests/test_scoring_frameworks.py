"""The frameworks as loaded from data/ocop-criteria (DOMAIN.md §4, §5b): each boundary of the
bands and of the chain's forwarding, from both sides, read through the same functions the
council's closing uses."""

from decimal import Decimal as D

import pytest

from evaluation import scoring
from evaluation.enums import Level, Outcome
from evaluation.scoring import Band, Step
from evaluation.tests.factories import framework

pytestmark = pytest.mark.django_db


def _rules(code):
    loaded = framework(code)
    return scoring.chain_from_framework(loaded), scoring.bands_from_framework(loaded)


@pytest.mark.parametrize(
    ("code", "level", "stars", "outcome", "target"),
    [
        # QĐ 148: the district sends gated 4★ and 5★ up, the province 5★ (potential 5★)
        ("148", Level.DISTRICT, 3, Outcome.RECOGNISE, Level.DISTRICT),
        ("148", Level.DISTRICT, 4, Outcome.FORWARD, Level.PROVINCE),
        ("148", Level.PROVINCE, 4, Outcome.RECOGNISE, Level.PROVINCE),
        ("148", Level.PROVINCE, 5, Outcome.FORWARD, Level.CENTRAL),
        ("148", Level.PROVINCE, 3, Outcome.BACK_TO_LOWER, Level.DISTRICT),
        ("148", Level.DISTRICT, 2, Outcome.NOT_RECOGNISED, None),
        # QĐ 148 + 1489 and QĐ 26/2026: the province certifies 3★ and 4★, the Ministry 5★
        ("148+1489", Level.PROVINCE, 4, Outcome.RECOGNISE, Level.PROVINCE),
        ("148+1489", Level.PROVINCE, 5, Outcome.FORWARD, Level.CENTRAL),
        ("148+1489", Level.PROVINCE, 3, Outcome.RECOGNISE, Level.PROVINCE),
        ("148+1489", Level.PROVINCE, 2, Outcome.NOT_RECOGNISED, None),
        ("26/2026", Level.PROVINCE, 4, Outcome.RECOGNISE, Level.PROVINCE),
        ("26/2026", Level.PROVINCE, 5, Outcome.FORWARD, Level.CENTRAL),
        ("26/2026", Level.PROVINCE, 3, Outcome.RECOGNISE, Level.PROVINCE),
        ("26/2026", Level.PROVINCE, 2, Outcome.NOT_RECOGNISED, None),
    ],
)
def test_loaded_framework_routes_each_gated_result(code, level, stars, outcome, target):
    chain, bands = _rules(code)
    assert scoring.route(chain, level, stars, bands) == scoring.Route(outcome, target)


@pytest.mark.parametrize("code", ["148", "148+1489", "26/2026", "1048"])
def test_every_loaded_chain_certifies_every_recognised_star(code):
    chain, bands = _rules(code)
    assert scoring.chain_problems(chain, bands) == []


@pytest.mark.parametrize(
    ("score", "stars", "recognised"),
    [
        ("90.00", 5, True),
        ("89.99", 4, True),
        ("70.00", 4, True),
        ("69.99", 3, True),
        ("50.00", 3, True),
        ("49.99", 2, False),
        ("30.00", 2, False),
        ("29.99", 1, False),
    ],
)
def test_loaded_bands(score, stars, recognised):
    _chain, bands = _rules("148")
    band = scoring.band_for(D(score), bands)
    assert (band.stars, scoring.is_recognised(band.stars, bands)) == (stars, recognised)


def test_back_to_lower_goes_to_the_nearest_level_that_certifies_the_stars():
    # Two earlier levels certify 3★: a 3★ result at the top goes back to the one just below it.
    chain = (
        Step(1, Level.COMMUNE, True, (3,), None),
        Step(2, Level.DISTRICT, True, (3,), D("70")),
        Step(3, Level.PROVINCE, True, (4, 5), None),
    )
    bands = (Band(5, D("90"), True), Band(4, D("70"), True), Band(3, D("50"), True), Band(2, D("30"), False))
    assert scoring.route(chain, Level.PROVINCE, 3, bands) == scoring.Route(Outcome.BACK_TO_LOWER, Level.DISTRICT)
