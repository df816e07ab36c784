"""Year selectors (issue 19, point 9): a span without gaps from the first year with data to this
year, and the year on screen wherever it lies."""

import datetime

from freezegun import freeze_time

from ocop_portal.core.years import year_options

TODAY = datetime.date(2026, 12, 7)


@freeze_time(TODAY)
def test_from_the_first_year_with_data_to_this_year():
    assert year_options([2021], 2021) == [2026, 2025, 2024, 2023, 2022, 2021]
    assert year_options([2022, 2019], 2021) == list(range(2026, 2018, -1))


@freeze_time(TODAY)
def test_the_year_on_screen_is_offered_wherever_it_lies():
    assert year_options([2021], 2018) == list(range(2026, 2017, -1))
    assert year_options([2021], 2028) == list(range(2028, 2020, -1))
    assert year_options([], 2026) == [2026]


@freeze_time(datetime.date(2027, 1, 1))
def test_the_new_year_is_offered_from_its_first_day():
    assert year_options([2026], 2026) == [2027, 2026]
