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
