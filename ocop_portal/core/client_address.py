"""The client's address, for sign-in lock-outs (django-axes) and every rate limit (issue 18,
Medium 5).

Behind the documented nginx → gunicorn set-up REMOTE_ADDR is always the proxy (127.0.0.1): keyed
on it, five bad passwords from anyone locked an account for everyone and one visitor used up
everybody's misuse-report and look-up allowance. The address is taken instead from the proxies
the deployment trusts (settings.OCOP_TRUSTED_PROXIES, addresses or networks): when the request
comes from one of them, X-Forwarded-For is read from the right — each trusted proxy appends the
address it saw — and the first address that is not a trusted proxy is the client. A client can
prepend whatever it likes to the header; it never gets past the part its own proxy wrote. A
request from anywhere else is keyed on REMOTE_ADDR, whatever headers it carries.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(value, strict=False) for value in trusted)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request) -> str:
    """The client's address as the trusted proxies report it (see the module's docstring)."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.OCOP_TRUSTED_PROXIES))

    def trusted(address) -> bool:
        return address is not None and any(address in network for network in networks)

    current = _address(remote)
    if not trusted(current):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # a forged or broken entry: keep the last address a trusted proxy vouched for
        current = address
        if not trusted(address):
            break
    return str(current)
