"""A server-side cache of the public verification page (/verify/<code>/), the page QR codes on
labels open: consumer traffic that must cost about what serving a static file costs.

`VerifyPageCacheMiddleware` sits right after WhiteNoise, so a hit skips sessions, auth, CSRF, the
URL resolver and the database. It stores GET 200 responses of the verify page that set no cookie,
per code and active language, for OCOP_VERIFY_CACHE_SECONDS, and serves them to GET/HEAD requests
whose only cookies are the language and CSRF cookies (the page has no form, so neither changes
it). A session or messages cookie takes the normal path: signed-in visitors and a flashed "thank
you" are never stored nor answered from the cache.

The two public lists (certified products, revoked certificates; already marked
`Cache-Control: public` for OCOP_PUBLIC_PAGE_MAX_AGE) are answered the same way for anonymous
visitors, per language and query string. Their pages are kept in each process's own bounded
"fragments" cache, never in Redis: any query string makes a page, and a flood of searches must not
fill the shared cache. One shared generation token covers every list page. A signed-in visitor's
certified-products page is rendered (the session may carry messages), but its results come from
the same "fragments" cache under the same generation (`list_generation`; the template caches them).

Invalidation: every service that changes a certificate or its history calls
`verify_pages_invalidate_on_commit`, which also bumps the lists' generation. Each code has a
generation token; a stored page carries the token read *before* the page was rendered and is
served only while that token is current. Merely deleting the page would lose to a render that read
the row before the commit and stored its page after the delete; with the token that page is never
served. The TTL bounds how long changes that are not certificate changes (a product or producer
renamed) take to show.
"""

import hashlib
import logging
import re
import secrets
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse

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


LIST_GENERATION_KEY = "ocop:public-list:generation"


def _list_page_key(request, language: str) -> str:
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()[:32]
    return f"ocop:public-list:page:{request.path_info}:{language}:{query}"


def _list_paths() -> frozenset[str]:
    return frozenset({reverse("public:certified_products"), reverse("public:revoked_certificates")})


def list_page_seconds() -> int:
    """As long as shared caches may keep these pages anyway (their Cache-Control max-age)."""
    return getattr(settings, "OCOP_PUBLIC_PAGE_MAX_AGE", 300) if settings.OCOP_VERIFY_CACHE_SECONDS else 0


def list_generation() -> str | None:
    """The public lists' current generation token, for a view that caches part of a list page
    itself (the results of a signed-in visitor's search). None when list caching is off or the
    cache cannot be reached: the caller then renders without caching. Read it *before* reading
    the rows, as the middleware does."""
    if not list_page_seconds():
        return None
    try:
        generation = cache.get(LIST_GENERATION_KEY)
        if generation is None:
            cache.add(LIST_GENERATION_KEY, secrets.token_hex(8), timeout=_GENERATION_SECONDS)
            generation = cache.get(LIST_GENERATION_KEY)  # ours, or the one an invalidation just set
    except Exception:
        logger.warning("Public list cache unavailable", exc_info=True)
        return None
    return generation


def verify_pages_invalidate(codes: Iterable[str]) -> None:
    """Make the cached verification pages of these public codes unusable, in every language."""
    codes = [code for code in codes if code]
    if not codes:
        return
    tokens = {_generation_key(code): secrets.token_hex(8) for code in codes}
    tokens[LIST_GENERATION_KEY] = secrets.token_hex(8)  # a changed certificate may change any list
    cache.set_many(tokens, timeout=_GENERATION_SECONDS)
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
    if match is None or _foreign_cookies(request):
        return None
    return match[1]


def _foreign_cookies(request) -> bool:
    """A cookie other than the language and CSRF ones (a session, a flashed message)."""
    return bool(set(request.COOKIES) - {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME})


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
        self._list_paths = None

    def __call__(self, request):
        code = _cacheable_code(request)
        if code is not None:
            page_key = _page_key(code, _language(request))
            return self._answer(request, cache, page_key, _generation_key(code), settings.OCOP_VERIFY_CACHE_SECONDS)
        if self._is_list(request):
            page_key = _list_page_key(request, _language(request))
            return self._answer(request, caches["fragments"], page_key, LIST_GENERATION_KEY, list_page_seconds())
        return self.get_response(request)

    def _is_list(self, request) -> bool:
        if request.method not in ("GET", "HEAD") or not list_page_seconds() or _foreign_cookies(request):
            return False
        if self._list_paths is None:
            self._list_paths = _list_paths()
        return request.path_info in self._list_paths

    def _answer(self, request, pages, page_key: str, generation_key: str, seconds: int):
        """Answer from `pages` while the page's generation is current, else render and store it
        there for `seconds`. Generation tokens always live in the shared cache."""
        try:
            if pages is cache:  # the verify page: page and token in one round trip
                found = cache.get_many([page_key, generation_key])
                page, generation = found.get(page_key), found.get(generation_key)
            else:
                generation = cache.get(generation_key)
                page = pages.get(page_key) if generation is not None else None
        except Exception:  # the cache is an accelerator: without it the page is still served
            logger.warning("Public page cache unavailable", exc_info=True)
            return self.get_response(request)
        if page is not None and page[0] == generation:
            request.get_host()  # the Host check CommonMiddleware would make (DisallowedHost → 400)
            return HttpResponse(page[2], headers=page[1])
        return self._render_and_store(request, pages, page_key, generation_key, generation, seconds)

    def _render_and_store(self, request, pages, page_key: str, generation_key: str, generation, seconds: int):
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
            pages.set(page_key, (generation, dict(response.headers.items()), response.content), seconds)
        except Exception:
            logger.warning("Public page not stored in the cache", exc_info=True)
        return response
