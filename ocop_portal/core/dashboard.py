"""The role home page is assembled from panels each app contributes.

An app adds a `dashboard.py` with `panels(user) -> list[Panel]`; core finds them at start-up
(autodiscovery, core/panels.py), so core never imports the apps that build on it.
"""

from dataclasses import dataclass, field

from .panels import Providers


@dataclass
class Panel:
    title: str
    count: int | None = None
    url: str = ""
    items: list = field(default_factory=list)
    order: int = 100
    tone: str = "primary"


_providers = Providers("dashboard")
register = _providers.register


def panels_for(user) -> list[Panel]:
    collected: list[Panel] = []
    for provider in _providers:
        collected.extend(provider(user))
    return sorted(collected, key=lambda panel: panel.order)
