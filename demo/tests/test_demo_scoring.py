"""The demo's members answer so that the stars they aim at survive the mandatory gate, whatever
the seed (which follows the assignment's id, so any test run before the demo moves it)."""

from decimal import Decimal

import pytest

from demo.scoring import choose_options
from evaluation import scoring
from evaluation.services.scorecards import SheetCriterion, SheetOption


def _criterion(pk, code, points, *, markers=None, min_star=None):
    markers = markers or {}
    options = [SheetOption(pk * 10 + n, n, f"Mức {n}", Decimal(p), markers.get(p)) for n, p in enumerate(points, 1)]
    return SheetCriterion(pk, code, code, "A", "", "", Decimal(max(points)), options=options, min_star=min_star)


SHEET = [
    _criterion(1, "1.1", [0, 3, 5]),
    _criterion(2, "3.6", [0, 2, 4], min_star=4),  # "Sở hữu trí tuệ****": above 0 from 4★
    _criterion(3, "4.1", [1, 5, 10], markers={5: 3, 10: 5}),
]


def _gated_stars(chosen, band_stars):
    gate = [
        scoring.GateCriterion(
            c.code, c.name, chosen[c.id].points, c.requirements(range(1, 6)), positive_from=c.min_star
        )
        for c in SHEET
    ]
    return scoring.mandatory_gate(band_stars, gate).final_stars


@pytest.mark.parametrize("seed", range(12))
def test_a_criterion_marked_for_four_stars_is_answered_above_zero_for_four_stars(seed):
    chosen = choose_options(SHEET, target=Decimal(5), stars=4, seed=seed)  # no room to raise
    assert chosen[2].points == 2  # its smallest positive option, not 0
    assert chosen[3].points == 5  # the 3★ mark
    assert _gated_stars(chosen, 4) == 4


def test_below_the_criterions_mark_zero_is_allowed():
    chosen = choose_options(SHEET, target=Decimal(0), stars=3, seed=1)
    assert chosen[2].points == 0
    assert _gated_stars(chosen, 3) == 3
