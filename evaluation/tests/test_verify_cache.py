"""The verification page's own cache (evaluation.verify_cache): what a hit costs and returns, who
is never answered from it, and that every certificate change shows on the next request."""

import datetime

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import DossierKind, RevocationGround
from evaluation.services.certificates import certificates_refresh_statuses, certificates_revoke_by_decision
from evaluation.verify_cache import VerifyPageCacheMiddleware, _generation_key, verify_pages_invalidate
from evaluation.views.public import verify

from .test_certificates_helpers import issue, product_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with freeze_time("2026-07-15 03:00") as clock:
        yield clock


@pytest.fixture
def certificate(producer_record):
    return issue(product_of(producer_record, "Gà đồi Yên Thế"), stars=4)


@pytest.fixture
def url(certificate):
    return reverse("public:verify", args=[certificate.public_code])


def _revoke(certificate, by):
    certificates_revoke_by_decision(
        certificates=[certificate],
        decision_number="47/QĐ-UBND",
        decision_date=datetime.date(2026, 7, 14),
        decision_signer="Lê Văn Tỉnh",
        decision_authority="Ủy ban nhân dân tỉnh Bắc Giang",
        ground=RevocationGround.PRODUCTION_STOPPED,
        note="",
        by=by,
    )


def test_a_hit_is_byte_identical_to_the_miss_and_runs_no_query(client, url, django_assert_num_queries):
    miss = client.get(url)
    with django_assert_num_queries(0):
        hit = client.get(url)

    assert (hit.status_code, hit.content) == (200, miss.content)
    assert dict(hit.headers) == dict(miss.headers)
    assert "default-src 'self'" in miss["Content-Security-Policy"]
    assert (hit["Content-Language"], hit["X-Frame-Options"], hit["Vary"]) == ("vi", "DENY", "Cookie")
    assert set(hit["Cache-Control"].split(", ")) == {"private", "no-cache"}


def test_head_and_csrf_cookie_are_answered_from_the_cache(client, url, settings, django_assert_num_queries):
    client.get(url)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    with django_assert_num_queries(0):
        head = client.head(url)
        with_csrf_cookie = client.get(url)

    assert (head.status_code, head.content, with_csrf_cookie.status_code) == (200, b"", 200)


def test_languages_are_cached_separately(client, url, settings, django_assert_num_queries):
    vietnamese = client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url)
    with django_assert_num_queries(0):
        english_hit = client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"  # not offered: Vietnamese, as the locale middleware says
    with django_assert_num_queries(0):
        unsupported = client.get(url)

    assert (vietnamese["Content-Language"], english["Content-Language"]) == ("vi", "en")
    assert "Còn hiệu lực" in vietnamese.content.decode() and "Còn hiệu lực" not in english.content.decode()
    assert (english_hit.content, unsupported.content) == (english.content, vietnamese.content)


def test_a_revocation_shows_on_the_next_request(
    client, url, certificate, province_staff, django_capture_on_commit_callbacks
):
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        _revoke(certificate, province_staff)

    body = client.get(url).content.decode()

    assert '<span class="badge text-bg-danger">Đã thu hồi</span>' in body


def test_a_supersession_shows_on_the_next_request(client, url, certificate, django_capture_on_commit_callbacks):
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        newer = issue(certificate.product, stars=5, on=datetime.date(2026, 7, 14), kind=DossierKind.UPGRADE)

    body = client.get(url).content.decode()

    assert '<span class="badge text-bg-info">Đã được thay thế</span>' in body
    assert reverse("public:verify", args=[newer.public_code]) in body


def test_the_daily_expiry_shows_on_the_next_request(client, url, django_capture_on_commit_callbacks):
    client.get(url)  # valid until 10/07/2029
    with django_capture_on_commit_callbacks(execute=True):
        # The job replaying a later day; the clock stays put, so the cached page has not expired.
        certificates_refresh_statuses(datetime.date(2029, 7, 11))
    body = client.get(url).content.decode()

    assert "Giấy chứng nhận này đã hết hiệu lực." in body


def test_other_edits_show_once_the_page_expires(client, url, certificate, frozen, settings):
    settings.OCOP_VERIFY_CACHE_SECONDS = 300
    client.get(url)
    certificate.product.name = "Gà đồi Yên Thế loại 1"
    certificate.product.save()

    before = client.get(url).content.decode()
    frozen.tick(datetime.timedelta(seconds=301))
    after = client.get(url).content.decode()

    assert ("Gà đồi Yên Thế loại 1" in before, "Gà đồi Yên Thế loại 1" in after) == (False, True)


def _render_while_a_change_commits(certificate):
    def get_response(request):
        response = verify(request, code=certificate.public_code)  # reads the row before the commit
        verify_pages_invalidate([certificate.public_code])  # the commit's invalidation
        return response

    return VerifyPageCacheMiddleware(get_response)


def test_a_render_that_raced_an_invalidation_is_never_served(client, url, certificate, django_assert_num_queries):
    client.get(url)
    verify_pages_invalidate([certificate.public_code])  # the code has a generation, no page

    _render_while_a_change_commits(certificate)(RequestFactory().get(url))

    with django_assert_num_queries(2):
        client.get(url)


def test_a_first_render_that_raced_an_invalidation_is_not_stored(client, url, certificate, django_assert_num_queries):
    _render_while_a_change_commits(certificate)(RequestFactory().get(url))

    with django_assert_num_queries(2):
        client.get(url)


def _renders(client, url) -> bool:
    """True when the request went through the view (it read the certificate)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return any('FROM "evaluation_certificate"' in query["sql"] for query in captured.captured_queries)


def test_signed_in_visitors_are_not_answered_from_the_cache(client, url, province_staff):
    staff = Client()
    staff.force_login(province_staff)

    assert [_renders(staff, url), _renders(staff, url)] == [True, True]  # nothing served to a session
    assert [_renders(client, url), _renders(client, url)] == [True, False]  # nor stored from one
    assert _renders(staff, url) is True


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_session_or_messages_cookie_takes_the_normal_path(client, url, cookie):
    client.get(url)
    client.cookies[cookie] = "anything"

    assert [_renders(client, url), _renders(client, url)] == [True, True]


def test_an_unknown_code_is_not_cached(client, django_assert_num_queries):
    client.get("/verify/AAAAAAAAAAA/")
    with django_assert_num_queries(1):
        response = client.get("/verify/AAAAAAAAAAA/")

    assert response.status_code == 404
    assert cache.get(_generation_key("AAAAAAAAAAA")) is None  # 404 probes leave nothing in the cache


def test_a_hit_still_checks_the_host(client, url):
    client.get(url)
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400


def test_zero_seconds_turns_the_cache_off(client, url, settings, django_assert_num_queries):
    settings.OCOP_VERIFY_CACHE_SECONDS = 0
    client.get(url)
    with django_assert_num_queries(2):
        client.get(url)


def test_the_report_page_and_post_are_never_cached(client, certificate, django_assert_num_queries):
    report = reverse("public:verify_report", args=[certificate.public_code])
    client.get(report)
    with django_assert_num_queries(1):
        client.get(report)


# --- the public lists ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["public:certified_products", "public:revoked_certificates"])
def test_an_anonymous_list_page_is_answered_from_the_process_cache(
    client, certificate, name, django_assert_num_queries
):
    url = reverse(name)
    miss = client.get(url, {"q": "Gà"})
    with django_assert_num_queries(0):
        hit = client.get(url, {"q": "Gà"})
    other_search = client.get(url, {"q": "Vải"})

    assert (hit.status_code, hit.content, dict(hit.headers)) == (200, miss.content, dict(miss.headers))
    assert hit.context is None and other_search.context is not None  # replayed; another search is rendered


def test_a_revocation_shows_on_the_lists_at_once(
    client, certificate, province_staff, django_capture_on_commit_callbacks
):
    certified, revoked = reverse("public:certified_products"), reverse("public:revoked_certificates")
    assert "Gà đồi Yên Thế" in client.get(certified).content.decode()
    assert "Gà đồi Yên Thế" not in client.get(revoked).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _revoke(certificate, province_staff)

    assert "Gà đồi Yên Thế" not in client.get(certified).content.decode()
    assert "Gà đồi Yên Thế" in client.get(revoked).content.decode()


def test_list_pages_are_never_stored_in_the_shared_cache(client, certificate):
    client.get(reverse("public:certified_products"), {"q": "Gà"})
    client.get(reverse("public:certified_products"), {"q": "Gà"})

    assert not [key for key in cache._cache if "public-list:page" in key]


def test_signed_in_visitors_get_the_lists_rendered(client, certificate, province_staff):
    client.force_login(province_staff)
    client.get(reverse("public:certified_products"))
    second = client.get(reverse("public:certified_products"))

    assert second.context is not None  # rendered by the view, not replayed


def _reads_certificates(queries) -> bool:
    """The results' count or rows (the filter's province list only asks whether certificates exist)."""
    return any(
        query["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "evaluation_certificate"')
        or '"evaluation_certificate"."public_code"' in query["sql"]
        for query in queries
    )


def test_a_signed_in_search_takes_its_results_from_the_list_cache(
    client, certificate, province_staff, django_capture_on_commit_callbacks
):
    """The page is rendered for a signed-in visitor (messages, session), but the results are the
    public ones: read once per generation, and read again after any certificate change."""
    client.force_login(province_staff)
    url = reverse("public:certified_products")
    first = client.get(url, {"q": "Gà"})
    with CaptureQueriesContext(connection) as again:
        second = client.get(url, {"q": "Gà"})
    with CaptureQueriesContext(connection) as other:
        client.get(url, {"q": "Gà", "page": "2"})

    assert second.content == first.content and "Gà đồi Yên Thế" in second.content.decode()
    assert second.context is not None  # the page itself is rendered
    assert not _reads_certificates(again.captured_queries)
    assert _reads_certificates(other.captured_queries)  # another query string is another fragment

    with django_capture_on_commit_callbacks(execute=True):
        _revoke(certificate, province_staff)
    with CaptureQueriesContext(connection) as after:
        revoked = client.get(url, {"q": "Gà"})

    assert _reads_certificates(after.captured_queries)
    assert "Gà đồi Yên Thế" not in revoked.content.decode()


def test_without_the_cache_a_signed_in_search_is_still_answered(client, certificate, province_staff, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    client.force_login(province_staff)
    monkeypatch.setattr(caches["default"], "get", unreachable)

    response = client.get(reverse("public:certified_products"), {"q": "Gà"})

    assert response.status_code == 200 and "Gà đồi Yên Thế" in response.content.decode()


def test_with_list_caching_off_a_signed_in_search_reads_its_results_each_time(
    client, certificate, province_staff, settings
):
    settings.OCOP_VERIFY_CACHE_SECONDS = 0
    client.force_login(province_staff)
    client.get(reverse("public:certified_products"), {"q": "Gà"})
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("public:certified_products"), {"q": "Gà"})

    assert _reads_certificates(again.captured_queries)
