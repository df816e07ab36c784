"""The annual report and the national summary as PDFs (WeasyPrint), from a frozen snapshot only."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .document import chart_images, report_context
from .national_document import national_context

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


def report_html(snapshot: dict) -> tuple[str, str]:
    """The annual report's final HTML and its stylesheet."""
    context = report_context(snapshot)
    header = f"{context['province_name']} · {context['title']}"
    css = render_to_string("reports/pdf/annual_report.css", {"fonts": font_urls(), "header": _css_string(header)})
    return render_to_string("reports/pdf/annual_report.html", context), css


def national_html(snapshot: dict) -> tuple[str, str]:
    """The national summary's final HTML and its stylesheet (the annual report's)."""
    context = national_context(snapshot)
    css = render_to_string(
        "reports/pdf/annual_report.css", {"fonts": font_urls(), "header": _css_string(context["header"])}
    )
    return render_to_string("reports/pdf/national_summary.html", context), css


def html_to_pdf(html: str, css: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which web processes that never render
    # a report need not pay for.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from ocop_portal.core.pdf import pdf_document, static_only_url_fetcher

    font_config = FontConfiguration()
    document = pdf_document(html)
    return document.write_pdf(
        stylesheets=[CSS(string=css, font_config=font_config, url_fetcher=static_only_url_fetcher())],
        font_config=font_config,
    )


def render_pdf(snapshot: dict) -> bytes:
    return html_to_pdf(*report_html(snapshot))


def render_national_pdf(snapshot: dict) -> bytes:
    return html_to_pdf(*national_html(snapshot))


def render_docx(snapshot: dict) -> bytes:
    """The annual report's Word twin, from the same HTML as the PDF (ocop_portal.core.docx)."""
    from ocop_portal.core.docx import html_to_docx

    html, _css = report_html(snapshot)
    return html_to_docx(html, title=report_context(snapshot)["title"], images=chart_images(snapshot["figures"]))


def render_national_docx(snapshot: dict) -> bytes:
    """The national summary's Word twin, from the same HTML as its PDF."""
    from ocop_portal.core.docx import html_to_docx

    html, _css = national_html(snapshot)
    return html_to_docx(html, title=national_context(snapshot)["title"])
