"""Hourly allowances per client address for the public forms (misuse reports, certificate
look-ups, password-reset requests), counted in the default cache (Redis in production, shared by
every worker). The client is the address the trusted proxies report (core/client_address.py)."""

from django.core.cache import cache

from .client_address import client_address

RATE_WINDOW_SECONDS = 3600


def over_rate_limit(request, scope: str, limit: int) -> bool:
    """Count this request against the client's hourly allowance for `scope`; True when over it."""
    key = f"ocop:rate:{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    return count > limit
