"""Filter fields shared by the API's list endpoints."""

from django import forms
from django_filters import rest_framework as filters

FIRST_YEAR, LAST_YEAR = 1990, 2100


class YearFilter(filters.NumberFilter):
    """A calendar year: a whole number in a sane range (a `__year` lookup on 0 cannot be built)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)
