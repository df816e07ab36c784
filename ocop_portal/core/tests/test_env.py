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
