"""The public endpoints are throttled per client address; signed-in endpoints are not."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient

from ocop_portal.env import env_rate


def _client(address: str) -> APIClient:
    return APIClient(REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("setting", "path"),
    [
        ("OCOP_API_PUBLIC_VERIFY_RATE", "verify"),
        ("OCOP_API_PUBLIC_LIST_RATE", "/api/v1/public/certified-products/"),
    ],
)
def test_the_request_after_the_rate_answers_429_and_says_when_to_retry(settings, world, setting, path):
    setattr(settings, setting, "3/minute")
    url = f"/api/v1/public/verify/{world['certificate'].public_code}/" if path == "verify" else path
    client = _client("203.0.113.7")

    answers = [client.get(url).status_code for _ in range(4)]
    refused = client.get(url)

    assert answers == [200, 200, 200, 429]
    assert (refused.status_code, 0 < int(refused["Retry-After"]) <= 60) == (429, True)


def test_each_address_has_its_own_count_and_forwarded_for_is_not_trusted(settings, world):
    settings.OCOP_API_PUBLIC_LIST_RATE = "2/minute"
    url = "/api/v1/public/certified-products/"
    first = _client("203.0.113.7")
    spoofing = [first.get(url, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]

    assert spoofing == [200, 200, 429]
    assert _client("203.0.113.8").get(url).status_code == 200


def test_verification_and_the_list_count_separately(settings, world):
    settings.OCOP_API_PUBLIC_LIST_RATE = "1/minute"
    settings.OCOP_API_PUBLIC_VERIFY_RATE = "1/minute"
    client = _client("203.0.113.7")
    verify = f"/api/v1/public/verify/{world['certificate'].public_code}/"

    answers = [client.get(url).status_code for url in (verify, "/api/v1/public/certified-products/", verify)]

    assert answers == [200, 200, 429]


def test_signed_in_endpoints_are_not_throttled_by_the_public_rates(settings, api, world, province_staff):
    settings.OCOP_API_PUBLIC_LIST_RATE = "1/minute"
    client = api(province_staff)

    assert [client.get("/api/v1/certificates/").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize("raw", ["60/minute", "1/second", "1000/day", "5/hour"])
def test_env_rate_accepts_drf_rates(monkeypatch, raw):
    monkeypatch.setenv("OCOP_API_PUBLIC_VERIFY_RATE", raw)
    assert env_rate("OCOP_API_PUBLIC_VERIFY_RATE", "60/minute") == raw


@pytest.mark.parametrize("raw", ["60", "0/minute", "-1/minute", "60/fortnight", "many/minute", "60/min"])
def test_env_rate_refuses_anything_else_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("OCOP_API_PUBLIC_VERIFY_RATE", raw)
    with pytest.raises(ImproperlyConfigured, match="OCOP_API_PUBLIC_VERIFY_RATE="):
        env_rate("OCOP_API_PUBLIC_VERIFY_RATE", "60/minute")
