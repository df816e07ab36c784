"""The printable certificate (A4, Vietnamese) and the QR code printed on product labels.

The QR code encodes the absolute public verification URL; the PDF embeds it as an SVG data URI.
Fonts are the DejaVu files shipped in static/fonts (full Vietnamese coverage), declared with
@font-face so the output does not depend on the machine's fonts.
"""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ocop_portal.core.pdf import pdf_document
from ocop_portal.core.qr import qr_png, qr_svg

from ..models import Certificate

__all__ = ["certificate_pdf", "qr_png", "qr_svg"]

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONT_FILES = {
    ("DejaVu Serif", "normal", "normal"): "DejaVuSerif.ttf",
    ("DejaVu Serif", "bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("DejaVu Serif", "normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("DejaVu Sans", "bold", "normal"): "DejaVuSans-Bold.ttf",
}


def _font_faces() -> list[dict]:
    return [
        {"family": family, "weight": weight, "style": style, "url": (FONT_DIR / name).as_uri()}
        for (family, weight, style), name in FONT_FILES.items()
    ]


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate as an A4 PDF. `certificate` should come with product, producer, district,
    decision and product set group loaded (certificates_visible_to does that)."""
    qr_data_uri = "data:image/svg+xml;base64," + base64.b64encode(qr_svg(verify_url, scale=4)).decode("ascii")
    with translation.override("vi"):  # a certificate is a Vietnamese legal document
        html = render_to_string(
            "evaluation/certificates/certificate_pdf.html",
            {
                "certificate": certificate,
                "verify_url": verify_url,
                "qr_data_uri": qr_data_uri,
                "font_faces": _font_faces(),
            },
        )
    return pdf_document(html).write_pdf()
