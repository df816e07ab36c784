"""Panels the apps above the registry add to its producer and product pages (issue 22), the way
they add panels to the role home page (core/dashboard.py): an app's `page_panels.py` registers a
provider per page, and the registry's views ask for what is registered without importing it.

A provider is `provider(user, obj) -> list[PagePanel]`, called with the viewing user and the
producer or product of the page (already checked visible to that user). A panel is a template
rendered with the page's context plus the panel's own `context` (`{% page_panel panel %}`),
in one of the page's slots:

- "facts": rows (`<dt>`/`<dd>`) of the page's description list;
- "sections": sections below it.

A provider builds querysets, not rows, where it can: a panel costs its queries only when its
template reads them, so adding one does not change what the page itself costs.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from .panels import Providers

PAGES = ("producer", "product")
SLOTS = ("facts", "sections")


@dataclass(frozen=True)
class PagePanel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    slot: str = "sections"


_providers = Providers("page_panels")


def register(page: str):
    """Decorator: register a provider for `page` (one of PAGES)."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}; pages with panels: {PAGES}")

    def decorator(provider):
        _providers.register((page, provider))
        return provider

    return decorator


def page_panels_for(page: str, user, obj) -> dict[str, list[PagePanel]]:
    """The panels of `page` for `user` and `obj`, by slot, each slot in `order`."""
    slots: dict[str, list[PagePanel]] = defaultdict(list)
    for registered_page, provider in _providers:
        if registered_page == page:
            for panel in provider(user, obj):
                if panel.slot not in SLOTS:
                    raise ValueError(f"{provider.__module__}.{provider.__name__}: unknown slot {panel.slot!r}")
                slots[panel.slot].append(panel)
    return {slot: sorted(slots[slot], key=lambda panel: panel.order) for slot in SLOTS}
