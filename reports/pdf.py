"""The annual report as a PDF (WeasyPrint), rendered from a frozen snapshot only."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .document import report_context

FONT_FILES = {
    "serif": "DejaVuSerif.ttf",
    "serif_bold": "DejaVuSerif-Bold.ttf",
    "serif_italic": "DejaVuSerif-Italic.ttf",
    "sans": "DejaVuSans.ttf",
    "sans_bold": "DejaVuSans-Bold.ttf",
}


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def font_urls() -> dict[str, str]:
    fonts_dir = Path(settings.BASE_DIR) / "static" / "fonts"
    return {key: (fonts_dir / name).resolve().as_uri() for key, name in FONT_FILES.items()}


def render_pdf(snapshot: dict) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which web processes that never render
    # a report need not pay for.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    context = report_context(snapshot)
    header = f"{context['province_name']} · {context['title']}"
    css = render_to_string("reports/pdf/annual_report.css", {"fonts": font_urls(), "header": _css_string(header)})
    html = render_to_string("reports/pdf/annual_report.html", context)
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[CSS(string=css, font_config=font_config)], font_config=font_config)
