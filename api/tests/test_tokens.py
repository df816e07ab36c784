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


# --- issue 18, Low 10: keys die with the password, may expire, may only read --------------------


def _api(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_changing_the_password_revokes_every_key(client_for, producer, other_producer):
    from api.services import api_token_create
    from ocop_portal.testing.factories import PASSWORD

    keys = [api_token_create(user=producer, name=f"Khóa {n}")[1] for n in range(2)]
    other = api_token_create(user=other_producer, name="Khác")[1]
    client = client_for(producer)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"},
    )
    assert response.status_code == 302
    assert [_api(key).get("/api/v1/producers/").status_code for key in keys] == [401, 401]
    assert _api(other).get("/api/v1/producers/").status_code == 200
    assert ApiToken.objects.filter(user=producer).count() == 0


def test_a_password_reset_revokes_every_key(producer):
    from django.contrib.auth.forms import SetPasswordForm

    from api.services import api_token_create

    key = api_token_create(user=producer, name="Kịch bản")[1]
    form = SetPasswordForm(producer, {"new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"})
    assert form.is_valid(), form.errors
    form.save()
    assert _api(key).get("/api/v1/producers/").status_code == 401


def test_signing_in_keeps_the_keys(client, producer):
    from api.services import api_token_create
    from ocop_portal.testing.factories import PASSWORD

    key = api_token_create(user=producer, name="Kịch bản")[1]
    assert client.login(username="producer", password=PASSWORD)
    assert _api(key).get("/api/v1/producers/").status_code == 200


def test_a_key_stops_at_its_expiry(producer):
    import datetime

    from freezegun import freeze_time

    from api.services import api_token_create

    with freeze_time("2026-07-01 03:00"):
        key = api_token_create(user=producer, name="Một tuần", lifetime_days=7)[1]
    with freeze_time("2026-07-08 02:59:59"):
        assert _api(key).get("/api/v1/producers/").status_code == 200
    with freeze_time("2026-07-08 03:00"):
        expired = _api(key).get("/api/v1/producers/")
    assert (expired.status_code, expired.json()["detail"]) == (401, "Khóa API đã hết hạn.")
    assert ApiToken.objects.get(user=producer).expires_at == datetime.datetime(2026, 7, 8, 3, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (365, True), (366, False)])
def test_a_keys_lifetime_is_one_to_365_days(client_for, producer, days, ok):
    response = client_for(producer).post("/api/tokens/", {"name": "Khóa", "lifetime_days": days})
    assert (response.status_code, ApiToken.objects.filter(user=producer).exists()) == (
        (200, True) if ok else (400, False)
    )


def test_a_read_only_key_reads_and_never_writes(client_for, producer, producer_record):
    key = client_for(producer).post("/api/tokens/", {"name": "Chỉ đọc", "read_only": "on"}).context["new_key"]
    api = _api(key)
    assert api.get("/api/v1/producers/").status_code == 200
    refused = api.patch(f"/api/v1/producers/{producer_record.pk}/", {"phone": "0912345678"})
    assert (refused.status_code, refused.json()["detail"]) == (403, "Khóa API này chỉ được đọc.")
    producer_record.refresh_from_db()
    assert producer_record.phone != "0912345678"
