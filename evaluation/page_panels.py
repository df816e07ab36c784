"""The certificates on the registry's producer and product pages (core/page_panels.py): the
registry shows what evaluation certified without importing evaluation (issue 22)."""

from ocop_portal.core.page_panels import PagePanel, register

from .selectors.certificates import certificate_history


@register("producer")
def producer_certificates(user, producer) -> list[PagePanel]:
    certificates = certificate_history(user, producer=producer)  # read when the panel is drawn
    return [
        PagePanel(
            "evaluation/_registry_certificates.html",
            {"certificates": certificates, "show_product": True},
            order=10,
        )
    ]


@register("product")
def product_certificates(user, product) -> list[PagePanel]:
    certificates = list(certificate_history(user, product=product))  # one query for both panels
    context = {
        "certificates": certificates,
        "certificate_in_force": next((c for c in certificates if c.in_force), None),
        "show_product": False,
    }
    return [
        PagePanel("evaluation/_product_stars.html", context, order=10, slot="facts"),
        PagePanel("evaluation/_registry_certificates.html", context, order=10),
    ]
