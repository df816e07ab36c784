"""Two-factor sign-in for province staff and superusers (issue 18, Also): TOTP with django-otp,
required where DEBUG is off, offered to everyone."""

from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop_portal.accounts.two_factor import PENDING_KEY
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")
TWO_FACTOR = reverse("accounts:two_factor")


@pytest.fixture
def required(settings):
    settings.OCOP_REQUIRE_TWO_FACTOR = True


def _code(hex_key: str) -> str:
    return f"{TOTP(unhexlify(hex_key.encode())).token():06d}"


def _enrol(client) -> str:
    page = client.get(TWO_FACTOR)
    assert page.status_code == 200 and page.context["secret"]
    key = client.session[PENDING_KEY]
    response = client.post(f"{TWO_FACTOR}?next={HOME}", {"code": _code(key)})
    assert response["Location"] == HOME
    return key


@pytest.mark.parametrize("who", ["province_staff", "superuser"])
def test_staff_and_superusers_enrol_before_any_page(client_for, persona, required, who):
    user = persona(who) if who != "superuser" else f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_for(user)
    assert client.get(HOME)["Location"] == f"{TWO_FACTOR}?next={HOME}"
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not TOTPDevice.objects.exists()  # showing the enrolment page stores nothing
    _enrol(client)
    assert TOTPDevice.objects.get(user=user).confirmed is True
    assert client.get(HOME).status_code == 200


def test_a_new_session_asks_for_the_code_and_refuses_a_wrong_one(client, client_for, province_staff, required):
    key = _enrol(client_for(province_staff))
    client.logout()
    client.force_login(province_staff)
    assert client.get(HOME).status_code == 302
    wrong = client.post(TWO_FACTOR, {"code": "000000" if _code(key) != "000000" else "111111"})
    assert "Mã không đúng hoặc đã hết hạn." in wrong.content.decode()
    assert client.get(HOME).status_code == 302
    device = TOTPDevice.objects.get(user=province_staff)
    device.throttle_reset()
    device.last_t = -1
    device.save()
    assert client.post(TWO_FACTOR, {"code": _code(key)}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_others_are_not_forced_but_may_enrol(client_for, producer, required):
    client = client_for(producer)
    assert client.get(HOME).status_code == 200
    _enrol(client)
    client.logout()
    client.force_login(producer)
    assert client.get(HOME).status_code == 302  # enrolled: the code is asked for from now on


def test_nobody_is_forced_where_it_is_off(client_for, province_staff, settings):
    settings.OCOP_REQUIRE_TWO_FACTOR = False
    assert client_for(province_staff).get(HOME).status_code == 200


def test_the_api_with_an_unverified_session_answers_403(client_for, province_staff, required):
    response = client_for(province_staff).get("/api/v1/producers/")
    assert (response.status_code, response.json()["detail"]) == (403, "Hãy xác thực hai bước trước.")


def test_a_next_elsewhere_is_not_followed(client_for, producer):
    client = client_for(producer)
    client.get(TWO_FACTOR)
    response = client.post(f"{TWO_FACTOR}?next=https://evil.example/", {"code": _code(client.session[PENDING_KEY])})
    assert response["Location"] == HOME


def test_production_settings_require_it():
    import subprocess
    import sys

    from django.conf import settings

    from ocop_portal.accounts.tests.test_security import production_env

    code = "from django.conf import settings; print(settings.OCOP_REQUIRE_TWO_FACTOR)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip().splitlines()[-1:] == ["True"], result.stderr
