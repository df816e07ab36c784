"""The years a year selector offers (issue 19, point 9): every year from the first one with data
to this year, without gaps, and the year on screen even when it lies outside that span. Offering
only the years with data (and the one on screen) trapped people: after choosing an empty year
the others were gone, and the current year was missing until something was recorded in it."""

from collections.abc import Iterable

from django.utils import timezone


def year_options(years_with_data: Iterable[int], on_screen: int) -> list[int]:
    """Newest first: from max(this year, on_screen) down to the earliest of the data and on_screen."""
    years = {*years_with_data, on_screen, timezone.localdate().year}
    return list(range(max(years), min(years) - 1, -1))
