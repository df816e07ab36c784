import functools

from django.conf import settings


def portal(request):
    """What the base layout needs on every page: the unread-notification count for the bell and
    the menu entries for the user's roles (remembered in the session, see accounts/navigation.py)."""
    user = getattr(request, "user", None)
    unread, nav = 0, {}
    if user is not None and user.is_authenticated:
        from ocop_portal.accounts.navigation import session_nav_roles

        # Counted when a template shows it (the layout's bell), once: htmx fragments and other
        # templates rendered with the request do not pay for the query.
        unread = functools.cache(user.notifications.filter(read_at__isnull=True).count)
        nav = session_nav_roles(request)
    return {"unread_notifications": unread, "nav_roles": nav, "OCOP_PROVINCE_CODE": settings.OCOP_PROVINCE_CODE}
