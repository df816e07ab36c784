"""Support history on the registry's producer page (core/page_panels.py): the registry shows it
without importing support (issue 22)."""

from ocop_portal.core.page_panels import PagePanel, register

from .selectors import grants_for_producer


@register("producer")
def producer_support_history(user, producer) -> list[PagePanel]:
    grants = grants_for_producer(user, producer)  # read when the panel is drawn
    return [PagePanel("support/_producer_history_panel.html", {"support_grants": grants}, order=20)]
