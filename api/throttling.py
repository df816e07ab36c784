"""Throttles on the public API endpoints (no key needed): verification by code and the list of
certified products. Per client address (the one the trusted proxies report, as for the pages'
rate limits and the sign-in lock-out: ocop_portal/core/client_address.py), counted in the default
cache (Redis in production), so every gunicorn worker shares one count. Answered 429 with
`Retry-After`.

The rates are settings (`OCOP_API_PUBLIC_VERIFY_RATE`, `OCOP_API_PUBLIC_LIST_RATE`, DRF's
"<count>/<second|minute|hour|day>"), read on each request rather than from DRF's class
attribute, which is bound once at import and would ignore a changed setting.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from ocop_portal.core.client_address import client_address


class PublicRateThrottle(SimpleRateThrottle):
    """One counter per scope and client address."""

    setting_name = ""

    def get_rate(self):
        return getattr(settings, self.setting_name)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class PublicVerifyThrottle(PublicRateThrottle):
    scope = "public_verify"
    setting_name = "OCOP_API_PUBLIC_VERIFY_RATE"


class PublicListThrottle(PublicRateThrottle):
    scope = "public_list"
    setting_name = "OCOP_API_PUBLIC_LIST_RATE"
