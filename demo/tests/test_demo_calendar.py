"""The demo calendar counts its dates back from the day the demo is loaded: on any day of the
range it supports, each date gives the certificate status it is meant to show, the pre-merger
dates fall before 01/07/2025, and the rounds since open under QĐ 26/2026."""

import datetime

import pytest

from demo.context import Calendar
from evaluation.services.certificates.status import status_by_date, valid_until_for
from ocop_portal.core.admin_units import REFORM_DAY

LAW_26 = datetime.date(2026, 5, 22)
START, END = datetime.date(2026, 7, 21), datetime.date(2027, 3, 10)
DAYS = [START + datetime.timedelta(days=n) for n in range(0, (END - START).days + 1, 7)]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_calendar_dates_give_their_statuses(today):
    calendar = Calendar(today)
    for decision in (calendar.expired, calendar.expiring, calendar.window, calendar.older):
        assert decision < REFORM_DAY and decision.weekday() < 5
    assert status_by_date(valid_until_for(calendar.expired), today) == "expired"
    assert status_by_date(valid_until_for(calendar.expiring), today) == "expiring"
    assert status_by_date(valid_until_for(calendar.older), today) == "valid"
    window_left = (valid_until_for(calendar.window) - today).days
    assert 120 <= window_left <= 180
    previous = calendar.previous_round_decision
    assert previous - datetime.timedelta(days=30) >= LAW_26 and previous < today
    assert calendar.current_round[0] == today.year


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_calendar_extension_date_meets_art_12_3(today):
    decision = Calendar(today).extended(law_from=LAW_26, latest_days=120, max_days=180)
    assert decision is not None and decision < REFORM_DAY
    expiry = valid_until_for(decision)
    assert expiry - datetime.timedelta(days=120) < LAW_26  # its window closed before the law
    assert expiry < today <= expiry + datetime.timedelta(days=180)


def test_calendar_has_no_extension_once_no_certificate_can_have_one():
    later = datetime.date(2027, 3, 20)
    assert Calendar(later).extended(law_from=LAW_26, latest_days=120, max_days=180) is None
