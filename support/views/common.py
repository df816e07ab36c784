"""What every support view shares: the one permission check and the year being looked at."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ocop_portal.core.years import year_options

from .. import selectors

FIRST_YEAR, LAST_YEAR = 2000, 2100


def require_perm(request, perm: str, obj=None) -> None:
    """403 unless the user holds the django-rules permission (on `obj` when given).

    Objects are loaded through a visibility selector first, so an unseen object is already a 404.
    """
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def selected_year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


def year_choices(user, year: int) -> list[int]:
    """From the first year with budget lines to this year, and the one on screen, newest first."""
    return year_options(selectors.grant_years_visible_to(user), year)
