"""Sample evidence files for demo dossiers: a one-page PDF and a small PNG, made in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

_PDF_TEMPLATE = """%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R
/Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length {length} >> stream
{stream}
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def sample_pdf(name: str, title: str) -> SimpleUploadedFile:
    """A valid one-page PDF whose only line is `title` (ASCII: the demo's files are placeholders)."""
    text = title.encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 16 Tf 72 770 Td (OCOP demo - {text}) Tj ET"
    content = _PDF_TEMPLATE.format(length=len(stream), stream=stream).encode("ascii")
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def sample_png(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    image = Image.new("RGB", (320, 200), colour)
    ImageDraw.Draw(image).rectangle((20, 20, 300, 180), outline=(255, 255, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
