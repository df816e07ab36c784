"""The client address behind the trusted proxy (issue 18, Medium 5): the sign-in lock-out and
every rate limit key on it, and a client cannot choose it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from ocop_portal.core.client_address import client_address
from ocop_portal.env import env_networks
from ocop_portal.testing.factories import PASSWORD

PROXY = "127.0.0.1"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        (PROXY, "", PROXY),  # nothing forwarded: the proxy itself
        (PROXY, "203.0.113.9", "203.0.113.9"),
        (PROXY, "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # the client prepended 1.1.1.1: ignored
        (PROXY, "203.0.113.9, 10.0.0.2", "203.0.113.9"),  # a second trusted proxy (10.0.0.0/8)
        (PROXY, "10.0.0.3, 10.0.0.2", "10.0.0.3"),  # only proxies: the farthest one
        (PROXY, "203.0.113.9, not-an-address", PROXY),  # a broken entry: what the proxy vouches for
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("198.51.100.5", "203.0.113.9", "198.51.100.5"),  # not from a trusted proxy: header ignored
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.255.255.255", "203.0.113.9", "203.0.113.9"),
        ("11.0.0.0", "203.0.113.9", "11.0.0.0"),  # just outside the trusted network
    ],
)
def test_the_client_is_the_first_address_no_trusted_proxy_wrote(settings, remote, forwarded, client):
    settings.OCOP_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def test_no_trusted_proxy_means_remote_addr(settings):
    settings.OCOP_TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(request) == PROXY


def test_trusted_proxies_are_checked_at_start_up(monkeypatch):
    monkeypatch.setenv("OCOP_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert env_networks("OCOP_TRUSTED_PROXIES", []) == ["127.0.0.1", "10.0.0.0/8"]
    monkeypatch.setenv("OCOP_TRUSTED_PROXIES", "127.0.0.1, nginx")
    with pytest.raises(ImproperlyConfigured, match="'nginx' is not an IP address or network"):
        env_networks("OCOP_TRUSTED_PROXIES", [])


@pytest.mark.django_db
def test_a_lock_out_through_the_proxy_locks_only_that_client(client, settings, district_officer):
    """On main, five bad passwords from anyone behind nginx locked the account for everyone."""
    settings.AXES_ENABLED = True
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(
            url, {"username": "officer", "password": "sai"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66"
        )
    locked = client.post(
        url, {"username": "officer", "password": PASSWORD}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66"
    )
    owner = client.post(
        url, {"username": "officer", "password": PASSWORD}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert (locked.status_code, owner.status_code) == (429, 302)


@pytest.mark.django_db
def test_the_misuse_limit_through_the_proxy_is_per_client(client):
    from api.tests.factories import make_certificate
    from evaluation.tests.test_verify import _report_url
    from ocop_portal.testing import factories as f

    certificate = make_certificate(f.ProductFactory(), stars=3)
    data = {"message": "Nhãn giả"}
    statuses = [
        client.post(_report_url(certificate), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66").status_code
        for _ in range(6)
    ]
    other = client.post(_report_url(certificate), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert (statuses, other.status_code) == ([302] * 5 + [429], 302)


@pytest.mark.django_db
def test_the_api_throttle_through_the_proxy_is_per_client(settings):
    settings.OCOP_API_PUBLIC_LIST_RATE = "2/minute"
    url = "/api/v1/public/certified-products/"
    proxy = APIClient(REMOTE_ADDR=PROXY)
    first = [proxy.get(url, HTTP_X_FORWARDED_FOR="203.0.113.66").status_code for _ in range(3)]
    other = proxy.get(url, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code
    assert (first, other) == ([200, 200, 429], 200)
