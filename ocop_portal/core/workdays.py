"""Working days in Vietnam: Monday to Friday, minus the public holidays (Tết, Hùng Kings, 30/4,
1/5, National Day, …) and plus the Saturdays the government makes working days in exchange for a
bridge day — all from the maintained `holidays` library, never a list written here.

A clock of N working days "from receipt" runs from the next working day: day N is the last day
in time (`add_working_days(received, N)`). Pure functions of dates.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays

COUNTRY = "VN"
# Warn the people a clock binds when this many working days or fewer are left.
WARN_WORKING_DAYS = 3


@lru_cache(maxsize=64)
def _calendar(year: int):
    return holidays.country_holidays(COUNTRY, years=range(year - 1, year + 2))


def is_working_day(day: datetime.date) -> bool:
    return _calendar(day.year).is_working_day(day)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `start` (start itself not counted); with a negative
    count, the `-count`-th working day before it."""
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + datetime.timedelta(days=n)))


@dataclass(frozen=True)
class Clock:
    """A time limit in working days, as of `today`."""

    started: datetime.date
    working_days: int
    deadline: datetime.date
    today: datetime.date

    @property
    def left(self) -> int:
        """Working days left after today, up to the deadline (0 on the deadline, < 0 once late)."""
        return working_days_between(self.today, self.deadline)

    @property
    def overdue(self) -> bool:
        return self.today > self.deadline

    @property
    def warn(self) -> bool:
        return not self.overdue and self.left <= WARN_WORKING_DAYS


def working_day_clock(started: datetime.date, working_days: int, today: datetime.date) -> Clock:
    return Clock(started, working_days, add_working_days(started, working_days), today)
