"""Which menu entries a signed-in user gets, remembered in the session at sign-in.

Province staff and district officers are known from the user's own columns. Whether someone is
a producer user or sits on a council needs a query; doing it once at sign-in (and on the first
page of an older session) keeps the layout from adding queries to every page. A role gained
mid-session shows in the menu at the next sign-in; the pages themselves always check.
"""

from django.contrib.auth import get_user_model

SESSION_KEY = "ocop_nav"


def nav_roles(user) -> dict:
    return {
        "producer": _has_producer(user),
        "council": user.council_seats.filter(active=True).exists(),
    }


def _has_producer(user) -> bool:
    # request.user is a SimpleLazyObject: ask the user model, not type(user).
    return get_user_model().objects.filter(pk=user.pk, producer_membership__isnull=False).exists()


def remember_nav_roles(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = nav_roles(user)


def session_nav_roles(request) -> dict:
    roles = request.session.get(SESSION_KEY)
    if roles is None:
        roles = request.session[SESSION_KEY] = nav_roles(request.user)
    return roles
