"""A server-side cache of the public verification page (/verify/<code>/), the page QR codes on
labels open: consumer traffic that must cost about what serving a static file costs.

`VerifyPageCacheMiddleware` sits right after WhiteNoise, so a hit skips sessions, auth, CSRF, the
URL resolver and the database. It stores GET 200 responses of the verify page that set no cookie,
per code and active language, for OCOP_VERIFY_CACHE_SECONDS, and serves them to GET/HEAD requests
whose only cookies are the language and CSRF cookies (the page has no form, so neither changes
it). A session or messages cookie takes the normal path: signed-in visitors and a flashed "thank
you" are never stored nor answered from the cache.

Invalidation: every service that changes a certificate or its history calls
`verify_pages_invalidate_on_commit`. Each code has a generation token; a stored page carries the
token read *before* the page was rendered and is served only while that token is current. Merely
deleting the page would lose to a render that read the row before the commit and stored its page
after the delete; with the token that page is never served. The TTL bounds how long changes that
are not certificate changes (a product or producer renamed) take to show.
"""

import logging
import re
import secrets
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

logger = logging.getLogger(__name__)

# Public codes are secrets.token_urlsafe-style strings; the URL conf uses the same pattern.
VERIFY_CODE_PATTERN = r"[A-Za-z0-9_-]{6,20}"
# The verify route as evaluation.public_urls mounts it at the site root (a test checks they agree).
_VERIFY_PATH = re.compile(rf"^/verify/({VERIFY_CODE_PATTERN})/$")
# Generations outlive pages; an evicted generation only costs a render (the page is then unusable).
_GENERATION_SECONDS = 24 * 3600


def _page_key(code: str, language: str) -> str:
    return f"ocop:verify:page:{code}:{language}"


def _generation_key(code: str) -> str:
    return f"ocop:verify:generation:{code}"


def verify_pages_invalidate(codes: Iterable[str]) -> None:
    """Make the cached verification pages of these public codes unusable, in every language."""
    codes = [code for code in codes if code]
    if not codes:
        return
    cache.set_many({_generation_key(code): secrets.token_hex(8) for code in codes}, timeout=_GENERATION_SECONDS)
    cache.delete_many([_page_key(code, language) for code in codes for language, _name in settings.LANGUAGES])


def verify_pages_invalidate_on_commit(*certificates) -> None:
    """Invalidate the certificates' verification pages once the current transaction commits (at
    once outside one). A failure is logged, never raised into the service that committed."""
    transaction.on_commit(
        partial(verify_pages_invalidate, [certificate.public_code for certificate in certificates]), robust=True
    )


def _language(request) -> str:
    # As ocop_portal.core.middleware.VietnameseFirstLocaleMiddleware chooses it.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _cacheable_code(request) -> str | None:
    """The public code when this request may be answered from the cache, else None."""
    if request.method not in ("GET", "HEAD") or not settings.OCOP_VERIFY_CACHE_SECONDS:
        return None
    match = _VERIFY_PATH.match(request.path_info)
    if match is None:
        return None
    if set(request.COOKIES) - {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}:
        return None
    return match[1]


def _storable(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        # A per-request CSP nonce would be replayed to every visitor: never store such a page.
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


class VerifyPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = _cacheable_code(request)
        if code is None:
            return self.get_response(request)
        page_key, generation_key = _page_key(code, _language(request)), _generation_key(code)
        try:
            found = cache.get_many([page_key, generation_key])
        except Exception:  # the cache is an accelerator: without it the page is still served
            logger.warning("Verify page cache unavailable", exc_info=True)
            return self.get_response(request)
        page, generation = found.get(page_key), found.get(generation_key)
        if page is not None and generation is not None and page[0] == generation:
            request.get_host()  # the Host check CommonMiddleware would make (DisallowedHost → 400)
            return HttpResponse(page[2], headers=page[1])
        return self._render_and_store(request, page_key, generation_key, generation)

    def _render_and_store(self, request, page_key: str, generation_key: str, generation: str | None):
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        try:
            if generation is None:
                # First page of this code (or its generation was evicted). Adding the token only
                # now keeps 404 probes from filling the cache; if the add fails, an invalidation
                # (or another render) came in meanwhile, and this render may be stale: skip it.
                generation = secrets.token_hex(8)
                if not cache.add(generation_key, generation, timeout=_GENERATION_SECONDS):
                    return response
            headers = dict(response.headers.items())
            cache.set(page_key, (generation, headers, response.content), settings.OCOP_VERIFY_CACHE_SECONDS)
        except Exception:
            logger.warning("Verify page not stored in the cache", exc_info=True)
        return response
