"""Strict readers for settings taken from the environment.

django-environ parses URLs well but accepts any string as a boolean ("yes please" is False);
a provincial server must not start with a setting it misread, so every reader here fails with
ImproperlyConfigured naming the variable and what it expected.
"""

import os

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, default: str | None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_str(name: str, default: str | None = None) -> str:
    value = _raw(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name, None)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true/false, 1/0, yes/no or on/off.")


# Variables only a deployment sets: with any of them present, DEBUG must be said explicitly.
DEPLOYMENT_VARIABLES = ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")


def env_debug() -> bool:
    """DEBUG, which must be set explicitly wherever the environment is a deployment's (any of
    DEPLOYMENT_VARIABLES set): a forgotten DEBUG silently meant True, tracebacks and settings on
    every error page. With none of them — the newcomer's `make run` on SQLite — it is True;
    `make test` sets it."""
    if _raw("DEBUG", None) is None and any(os.environ.get(name) for name in DEPLOYMENT_VARIABLES):
        raise ImproperlyConfigured(
            "Set DEBUG explicitly (false in production, true for development): "
            f"it may not be left out where {', '.join(DEPLOYMENT_VARIABLES)} are set."
        )
    return env_bool("DEBUG", True)


# SECRET_KEY values that are known to the world: .env.example's, Django's and ours for `make run`.
PLACEHOLDER_MARKERS = ("change-me", "changeme", "change_me", "dev-only", "insecure", "placeholder", "example", "xxxxx")
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 16


def secret_key_weakness(key: str) -> str | None:
    """Why `key` must not sign a production portal's sessions and tokens, or None."""
    lowered = key.lower()
    marker = next((m for m in PLACEHOLDER_MARKERS if m in lowered), None)
    if marker:
        return f"SECRET_KEY is a placeholder (it contains {marker!r}): generate one, e.g. " + _GENERATE
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters: " + _GENERATE
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return f"SECRET_KEY has fewer than {SECRET_KEY_MIN_DISTINCT} different characters: " + _GENERATE
    return None


_GENERATE = "python -c 'import secrets; print(secrets.token_urlsafe(50))'."


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name, None)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name, None)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_db(name: str, default: str) -> dict:
    value = _raw(name, default)
    try:
        config = environ.Env.db_url_config(value)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ImproperlyConfigured(f"{name}={value!r} is not a database URL: {exc}") from None
    scheme = value.split(":", 1)[0]
    if scheme not in environ.Env.DB_SCHEMES or not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name}={value!r} names an unknown database scheme {scheme!r}.")
    return config


def env_networks(name: str, default: list[str]) -> list[str]:
    """A comma-separated list of IP addresses or networks (CIDR), each checked."""
    import ipaddress

    values = env_list(name, default)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {value!r} is not an IP address or network.") from None
    return values


RATE_PERIODS = ("second", "minute", "hour", "day")


def env_rate(name: str, default: str) -> str:
    """A request rate as Django REST framework reads it: "<count>/<second|minute|hour|day>"."""
    value = _raw(name, default)
    count, _slash, period = value.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in RATE_PERIODS:
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate: use e.g. 60/minute (second, minute, hour or day).")
    return value


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = _raw(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(sorted(choices))}.")
    return value
