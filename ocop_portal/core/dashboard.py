"""The role home page is assembled from panels each app contributes.

An app adds a `dashboard.py` with `panels(user) -> list[Panel]`; core finds them at start-up
(autodiscovery), so core never imports the apps that build on it.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass
class Panel:
    title: str
    count: int | None = None
    url: str = ""
    items: list = field(default_factory=list)
    order: int = 100
    tone: str = "primary"


_providers = []
_discovered = False


def register(provider):
    _providers.append(provider)
    return provider


def panels_for(user) -> list[Panel]:
    global _discovered
    if not _discovered:
        # Keyed on a flag, not on an empty list: one app's dashboard imported early must not
        # hide the others.
        autodiscover_modules("dashboard")
        _discovered = True
    collected: list[Panel] = []
    for provider in _providers:
        collected.extend(provider(user))
    return sorted(collected, key=lambda panel: panel.order)
