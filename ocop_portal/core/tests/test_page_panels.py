"""Apps above the registry add panels to its producer and product pages (issue 22)."""

import pytest

from ocop_portal.core import page_panels
from ocop_portal.core.page_panels import PagePanel, page_panels_for, register


def _registered(page):
    return [
        f"{provider.__module__}.{provider.__name__}"
        for registered_page, provider in page_panels._providers
        if registered_page == page
    ]


def test_the_apps_above_the_registry_contribute_its_page_panels():
    list(page_panels._providers)  # autodiscovery, as the first page does
    assert _registered("producer") == [
        "evaluation.page_panels.producer_certificates",
        "support.page_panels.producer_support_history",
    ]
    assert _registered("product") == ["evaluation.page_panels.product_certificates"]


def test_panels_come_by_slot_in_order(monkeypatch):
    monkeypatch.setattr(page_panels, "_providers", page_panels.Providers("no_such_module"))

    @register("product")
    def later(user, obj):
        return [PagePanel("b.html", order=20), PagePanel("facts.html", slot="facts")]

    @register("product")
    def earlier(user, obj):
        return [PagePanel("a.html", {"obj": obj}, order=10)]

    @register("producer")
    def elsewhere(user, obj):
        return [PagePanel("producer.html")]

    panels = page_panels_for("product", None, "the product")
    assert [p.template for p in panels["sections"]] == ["a.html", "b.html"]
    assert [p.template for p in panels["facts"]] == ["facts.html"]
    assert panels["sections"][0].context == {"obj": "the product"}


def test_an_unknown_page_or_slot_is_refused(monkeypatch):
    monkeypatch.setattr(page_panels, "_providers", page_panels.Providers("no_such_module"))
    with pytest.raises(ValueError, match="unknown page"):
        register("dossier")

    @register("producer")
    def misplaced(user, obj):
        return [PagePanel("x.html", slot="sidebar")]

    with pytest.raises(ValueError, match="unknown slot"):
        page_panels_for("producer", None, None)
