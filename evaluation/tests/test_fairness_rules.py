"""The fairness figures as pure functions: median beside the mean, disputed criteria, leniency,
reconciliation trips and recusal rates."""

from decimal import Decimal as D

import pytest

from evaluation import fairness

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("totals", "mean", "median"),
    [
        (["80", "70", "90"], "80.00", "80.00"),
        (["80", "70", "90", "61"], "75.25", "75.00"),
        # half-up at the third decimal, like the council's score: 70.005 → 70.01, never banker's 70.00
        (["70.00", "70.01"], "70.01", "70.01"),
        (["69.99", "70.00", "70.01", "99"], "77.25", "70.01"),
    ],
)
def test_totals_summary_gives_median_beside_mean_rounded_half_up(totals, mean, median):
    summary = fairness.totals_summary([D(t) for t in totals], max_spread=D("10"), decimals=2)
    assert (summary.mean, summary.median, summary.count) == (D(mean), D(median), len(totals))


@pytest.mark.parametrize(("high", "ok"), [("80.00", True), ("80.01", False)])
def test_totals_summary_spread_holds_up_to_the_maximum_and_not_a_hundredth_beyond(high, ok):
    summary = fairness.totals_summary([D("70.00"), D(high)], max_spread=D("10"), decimals=2)
    assert (summary.low, summary.high, summary.spread, summary.spread_ok) == (D("70.00"), D(high), D(high) - 70, ok)


def test_disagreements_rank_by_range_relative_to_the_maximum_and_hide_who_scored():
    criteria = [("1.1", "Nguyên liệu", D("40")), ("4.1", "Tiếp thị", D("25")), ("6.1", "ATTP", D("5"))]
    members = [
        {"1.1": D("40"), "4.1": D("25"), "6.1": D("5")},
        {"1.1": D("30"), "4.1": D("25"), "6.1": D("0")},
        {"1.1": D("20"), "4.1": D("25"), "6.1": D("5")},
    ]
    found = fairness.disagreements(criteria, members)
    # 6.1 spans its whole 5 points (100 %); 1.1 spans 20 of 40 (50 %); 4.1 everyone agreed
    assert [(d.code, d.low, d.high, d.range, d.share_of_max, d.answers) for d in found] == [
        ("6.1", D("0"), D("5"), D("5"), D("1"), ((D("5"), 2), (D("0"), 1))),
        ("1.1", D("20"), D("40"), D("20"), D("0.5"), ((D("40"), 1), (D("30"), 1), (D("20"), 1))),
    ]


def test_disagreements_break_ties_on_share_by_points_and_keep_the_limit():
    criteria = [(f"{n}.1", f"Tiêu chí {n}", D("10") * n) for n in range(1, 8)]
    # every criterion spans half its maximum: the wider range in points comes first
    members = [{code: D(0) for code, _n, _m in criteria}, {code: m / 2 for code, _n, m in criteria}]
    found = fairness.disagreements(criteria, members, limit=3)
    assert [d.code for d in found] == ["7.1", "6.1", "5.1"]


def test_a_missing_answer_counts_as_zero_points():
    found = fairness.disagreements([("1.1", "x", D("10"))], [{"1.1": D("10")}, {}])
    assert [(d.low, d.high) for d in found] == [(D("0"), D("10"))]


def _result(mean, members, recused=(), max_spread="10.00"):
    return {
        "mean": mean,
        "max_spread": max_spread,
        "members": [
            {"member": pk, "name": f"TV {pk}", "totals": totals, "counted": counted} for pk, totals, counted in members
        ],
        "recused": [{"member": pk, "name": f"TV {pk}", "reason": "Cùng xã"} for pk in recused],
    }


@pytest.mark.parametrize(("low", "tripped"), [("70.00", set()), ("69.99", {1, 3})])
def test_original_trippers_are_both_ends_of_a_spread_beyond_the_maximum(low, tripped):
    result = _result(
        "75.00", [(1, {"1": "80.00", "2": "78.00"}, "78.00"), (2, {"1": "75.00"}, "75.00"), (3, {"1": low}, low)]
    )
    assert fairness.original_trippers(result) == tripped


def test_member_records_compute_leniency_trips_and_recusal_per_council_member():
    closed = [
        # dossier 1: member 1 +5, member 2 −5; member 3 recused
        (7, "HĐ huyện", _result("80.00", [(1, {"1": "85.00"}, "85.00"), (2, {"1": "75.00"}, "75.00")], recused=[3])),
        # dossier 2: spread 20 at revision 1 → reconciliation; both ends tripped; member 3 absent
        (
            7,
            "HĐ huyện",
            _result(
                "72.50",
                [(1, {"1": "90.00", "2": "75.00"}, "75.00"), (2, {"1": "70.00"}, "70.00"), (3, {}, None)],
            ),
        ),
    ]
    records = fairness.member_records(closed, roles={1: "chair", 2: "member", 3: "member"})
    assert [r.as_row() for r in records] == [
        {
            "council_id": 7,
            "council": "HĐ huyện",
            "member_id": 1,
            "name": "TV 1",
            "role": "chair",
            "seated": 2,
            "scored": 2,
            "recused": 0,
            "trips": 1,
            "leniency": "3.75",  # (+5 + 2.5) / 2
            "mean_absolute_deviation": "3.75",
            "trip_rate": "0.5000",
            "recusal_rate": "0.0000",
        },
        {
            "council_id": 7,
            "council": "HĐ huyện",
            "member_id": 2,
            "name": "TV 2",
            "role": "member",
            "seated": 2,
            "scored": 2,
            "recused": 0,
            "trips": 1,
            "leniency": "-3.75",  # (−5 − 2.5) / 2
            "mean_absolute_deviation": "3.75",
            "trip_rate": "0.5000",
            "recusal_rate": "0.0000",
        },
        {
            "council_id": 7,
            "council": "HĐ huyện",
            "member_id": 3,
            "name": "TV 3",
            "role": "member",
            "seated": 2,
            "scored": 0,
            "recused": 1,
            "trips": 0,
            "leniency": None,
            "mean_absolute_deviation": None,
            "trip_rate": None,
            "recusal_rate": "0.5000",
        },
    ]
