"""PDFs load only the portal's static files (issue 18, Also: WeasyPrint's URL fetcher)."""

import pytest
from django.conf import settings
from PIL import Image

from ocop_portal.core.pdf import pdf_document, static_only_url_fetcher

FONT = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans.ttf"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/static/../ocop_portal/settings.py",  # out of static by ..
        f"file://{settings.BASE_DIR}/db.sqlite3",
        "http://127.0.0.1:9/internal",
        "https://example.com/x.png",
        "file://fileserver/share/x.png",
    ],
)
def test_anything_but_static_files_is_refused(url):
    with pytest.raises(ValueError, match="Only the portal's static files"):
        static_only_url_fetcher().fetch(url)


def test_static_files_and_data_uris_are_served():
    fetcher = static_only_url_fetcher()
    font = fetcher.fetch(FONT.as_uri())
    assert font.read(4) == FONT.read_bytes()[:4]
    font.close()
    assert fetcher.fetch("data:text/plain;base64,b2s=").read() == b"ok"


def test_a_file_outside_static_never_reaches_the_pdf(tmp_path):
    from weasyprint import HTML

    picture = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    html = f'<p>Gà đồi</p><img src="{picture.as_uri()}">'
    assert b"/Subtype /Image" in HTML(string=html).write_pdf()  # WeasyPrint's default: loaded
    assert b"/Subtype /Image" not in pdf_document(html).write_pdf()


def test_the_static_fonts_still_load():
    import subprocess

    style = f'@font-face {{ font-family: Portal; src: url("{FONT.as_uri()}") }} p {{ font-family: Portal }}'
    html = f"<style>{style}</style><p>Gà đồi</p>"
    fonts = subprocess.run(["pdffonts", "-"], input=pdf_document(html).write_pdf(), capture_output=True, check=True)
    assert "+Portal " in fonts.stdout.decode()
