"""API keys: created and revoked by their owner on the page linked from the profile; the key is
shown once and only its hash is stored."""

import pytest
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import hash_key

pytestmark = pytest.mark.django_db


def test_profile_links_to_the_keys_page(client_for, producer):
    response = client_for(producer).get("/accounts/profile/")
    assert 'href="/api/tokens/"' in response.content.decode()


def test_create_shows_the_key_once_and_stores_only_its_hash(client_for, producer):
    client = client_for(producer)
    response = client.post("/api/tokens/", {"name": "Cổng truy xuất"})
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=producer)
    assert (response.status_code, token.name, token.prefix, token.key_hash) == (
        200,
        "Cổng truy xuất",
        key[:8],
        hash_key(key),
    )
    assert key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert key not in client.get("/api/tokens/").content.decode()


def test_key_authenticates_until_revoked(client_for, producer, producer_record):
    page = client_for(producer)
    key = page.post("/api/tokens/", {"name": "Kịch bản"}).context["new_key"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert [p["id"] for p in api.get("/api/v1/producers/").json()["results"]] == [producer_record.pk]
    token = ApiToken.objects.get(user=producer)
    assert token.last_used_at is not None
    revoke = page.post(f"/api/tokens/{token.pk}/revoke/")
    assert (revoke.status_code, revoke["Location"]) == (302, "/api/tokens/")
    assert (api.get("/api/v1/producers/").status_code, ApiToken.objects.count()) == (401, 0)


def test_nobody_revokes_another_users_key(client_for, producer, other_producer):
    client_for(producer).post("/api/tokens/", {"name": "Của tôi"})
    token = ApiToken.objects.get(user=producer)
    response = client_for(other_producer).post(f"/api/tokens/{token.pk}/revoke/")
    assert (response.status_code, ApiToken.objects.filter(pk=token.pk).exists()) == (404, True)


def test_blank_name_is_refused(client_for, producer):
    response = client_for(producer).post("/api/tokens/", {"name": "  "})
    assert (response.status_code, ApiToken.objects.count()) == (400, 0)


def test_anonymous_is_sent_to_sign_in(client_for):
    response = client_for(None).get("/api/tokens/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/api/tokens/")


def test_unknown_key_is_401():
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    assert api.get("/api/v1/producers/").json() == {"detail": "Invalid token."}
