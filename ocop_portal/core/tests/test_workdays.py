"""Vietnam's working days from the `holidays` library: Tết, 30/4–1/5, make-up Saturdays, and the
N-working-day clock counted from the day after receipt (each edge from both sides)."""

import datetime

import pytest

from ocop_portal.core.workdays import (
    add_working_days,
    is_working_day,
    working_day_clock,
    working_days_between,
)

pytestmark = pytest.mark.unit
D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Friday before Tết
        (D(2026, 2, 16), False),  # 29 Tết (Lunar New Year's Eve), a Monday
        (D(2026, 2, 20), False),  # mùng 4
        (D(2026, 2, 23), True),  # back to work
        (D(2026, 4, 29), True),
        (D(2026, 4, 30), False),  # Reunification Day
        (D(2026, 5, 1), False),  # Labour Day
        (D(2026, 5, 4), True),
        (D(2026, 8, 22), True),  # a Saturday made a working day for the 31/8 bridge
        (D(2026, 8, 31), False),
        (D(2026, 9, 2), False),
        (D(2026, 11, 24), False),  # Vietnam Cultural Day (from 2026)
        (D(2026, 11, 28), False),  # an ordinary Saturday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("received", "days", "deadline"),
    [
        # 15 working days across Tết 2026: received Wed 11/02; 12, 13/02, then the holidays 16–20/02
        # and two weekends skipped, 23/02 is the 3rd and 11/03 the 15th
        (D(2026, 2, 11), 15, D(2026, 3, 11)),
        (D(2026, 2, 11), 1, D(2026, 2, 12)),
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        # across 30/4–1/5 2026 (Thu, Fri) and the weekend
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        (D(2026, 4, 28), 3, D(2026, 5, 5)),
        (D(2026, 4, 20), 15, D(2026, 5, 14)),  # Hùng Kings (observed Mon 27/4) too
        # across Tết 2027 (4–10/02)
        (D(2027, 2, 1), 5, D(2027, 2, 15)),
        (D(2026, 5, 14), -15, D(2026, 4, 20)),
    ],
)
def test_add_working_days(received, days, deadline):
    assert add_working_days(received, days) == deadline


def test_working_days_between_is_the_inverse():
    assert working_days_between(D(2026, 2, 11), D(2026, 3, 11)) == 15
    assert working_days_between(D(2026, 3, 11), D(2026, 2, 11)) == -15
    assert working_days_between(D(2026, 4, 29), D(2026, 5, 3)) == 0


@pytest.mark.parametrize(
    ("today", "left", "warn", "overdue"),
    [
        (D(2026, 4, 20), 15, False, False),
        (D(2026, 5, 8), 4, False, False),
        (D(2026, 5, 11), 3, True, False),  # three working days left: warn
        (D(2026, 5, 14), 0, True, False),  # the deadline itself is still in time
        (D(2026, 5, 15), -1, False, True),
    ],
)
def test_clock_left_warn_overdue(today, left, warn, overdue):
    clock = working_day_clock(D(2026, 4, 20), 15, today)
    assert (clock.deadline, clock.left, clock.warn, clock.overdue) == (D(2026, 5, 14), left, warn, overdue)
