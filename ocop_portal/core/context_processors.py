from django.conf import settings


def portal(request):
    """What the base layout needs on every page: the unread-notification count for the bell."""
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"unread_notifications": unread, "OCOP_PROVINCE_CODE": settings.OCOP_PROVINCE_CODE}
