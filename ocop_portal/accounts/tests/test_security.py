import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from ocop_portal.testing.factories import PASSWORD


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, settings, district_officer):
    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "officer", "password": "sai-mat-khau"})
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def production_env() -> dict:
    """A production-like environment for a child `manage.py` (DEBUG off, a strong key)."""
    # The browser tests allow async-unsafe ORM calls in this process; production never does.
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "k" * 30 + "-Zq8#vR2!mW7@xL4$pN9^tB6&yH3*cJ5",
        "ALLOWED_HOSTS": "ocop.example.gov.vn",
        "DATABASE_URL": "sqlite:////tmp/ocop-deploy-check.sqlite3",
    }


def test_production_settings_pass_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=django_settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_password_reset_requests_are_rate_limited_per_client(client, settings, district_officer):
    """Issue 18, Also: each request sends an e-mail; five an hour per client address."""
    from django.core import mail

    district_officer.email = "canbo@yenthe.gov.vn"
    district_officer.save()
    url = reverse("accounts:password_reset")
    statuses = [
        client.post(url, {"email": "canbo@yenthe.gov.vn"}, REMOTE_ADDR="203.0.113.7").status_code for _ in range(6)
    ]
    refused = client.post(url, {"email": "canbo@yenthe.gov.vn"}, REMOTE_ADDR="203.0.113.7")
    other = client.post(url, {"email": "canbo@yenthe.gov.vn"}, REMOTE_ADDR="198.51.100.2")
    assert statuses == [302] * 5 + [429]
    assert "quá nhiều lần trong một giờ" in refused.content.decode()
    assert other.status_code == 302
    assert len(mail.outbox) == 6
