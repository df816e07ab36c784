import pytest
from django.core.exceptions import ImproperlyConfigured

from ocop_portal.env import env_bool, env_db, env_int


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("Yes", True), ("off", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", default=not expected) is expected


def test_env_bool_malformed_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='perhaps' is not a boolean"):
        env_bool("DEBUG", default=True)


def test_env_int_malformed_names_the_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT='twenty-five' is not a whole number"):
        env_int("EMAIL_PORT", 25)


def test_env_db_rejects_unknown_scheme(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "oracle-ish://x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_db("DATABASE_URL", "sqlite:///x")


def test_env_db_parses_postgres_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop")
    config = env_db("DATABASE_URL", "sqlite:///x")
    assert (config["ENGINE"], config["NAME"], config["HOST"]) == (
        "django.db.backends.postgresql",
        "ocop",
        "127.0.0.1",
    )


def test_settings_module_refuses_malformed_debug_at_start_up():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "sometimes", "DJANGO_SETTINGS_MODULE": "ocop_portal.settings"}
    result = subprocess.run([sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "DEBUG='sometimes' is not a boolean" in result.stderr


# --- issue 18, Low 9: placeholder secrets and a silent DEBUG ------------------------------------

ENV_EXAMPLE_KEY = "change-me-to-a-long-random-string-of-at-least-fifty-characters-xxxxxxxx"
GOOD_KEY = "k" * 30 + "-Zq8#vR2!mW7@xL4$pN9^tB6&yH3*cJ5"


@pytest.mark.parametrize(
    ("key", "weak"),
    [
        (ENV_EXAMPLE_KEY, True),  # what .env.example used to ship, and passed
        ("dev-only-insecure-key-change-me", True),
        ("django-insecure-" + "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ", True),
        ("Zq8#vR2!mW7@xL4$pN9^tB6&yH3*cJ5" + "a" * 18, True),  # 49 characters
        ("Zq8#vR2!mW7@xL4$pN9^tB6&yH3*cJ5" + "a" * 19, False),  # 50
        ("abcdefghijklmno" * 4, True),  # 15 different characters
        ("abcdefghijklmnop" * 4, False),  # 16
        (GOOD_KEY, False),
    ],
)
def test_secret_key_weakness(key, weak):
    from ocop_portal.env import secret_key_weakness

    assert (secret_key_weakness(key) is not None) is weak


def _manage(*args, **env):
    import os
    import subprocess
    import sys

    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**base, "DJANGO_SETTINGS_MODULE": "ocop_portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_env_example_secret_key_stops_check_deploy():
    result = _manage(
        "check", "--deploy", DEBUG="false", SECRET_KEY=ENV_EXAMPLE_KEY, ALLOWED_HOSTS="ocop.example.gov.vn"
    )
    assert result.returncode != 0
    assert "SECRET_KEY is a placeholder (it contains 'change-me')" in result.stderr


def test_a_deployment_without_debug_does_not_start():
    result = _manage("check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="ocop.example.gov.vn")
    assert result.returncode != 0
    assert "Set DEBUG explicitly" in result.stderr


def test_the_newcomers_bare_environment_still_runs_with_debug_on():
    result = _manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert (result.returncode, result.stdout.strip().splitlines()[-1:]) == (0, ["True"]), result.stderr
