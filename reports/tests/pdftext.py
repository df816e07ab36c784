import subprocess


def pdf_text(content: bytes) -> str:
    """The PDF's text (poppler's pdftotext) with whitespace normalised to single spaces."""
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def read_file(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()
