"""The printable certificate (A4, Vietnamese) and the QR code printed on product labels.

The QR code encodes the absolute public verification URL; the PDF embeds it as an SVG data URI.
Fonts are the DejaVu files shipped in static/fonts (full Vietnamese coverage), declared with
@font-face so the output does not depend on the machine's fonts.
"""

import base64
import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ocop_portal.core.pdf import pdf_document

from ..models import Certificate

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONT_FILES = {
    ("DejaVu Serif", "normal", "normal"): "DejaVuSerif.ttf",
    ("DejaVu Serif", "bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("DejaVu Serif", "normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("DejaVu Sans", "bold", "normal"): "DejaVuSans-Bold.ttf",
}


def _qr(url: str) -> segno.QRCode:
    # Level M survives a scuffed label and still fits a short URL in a small symbol.
    return segno.make_qr(url, error="m")


def qr_svg(url: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True, title=url)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


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
