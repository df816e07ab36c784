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


def pdf_words(content: bytes) -> list[dict]:
    """Every word of the PDF with its box (poppler's pdftotext -bbox): text, page, x0, x1, y0, y1."""
    import html
    import re

    result = subprocess.run(
        ["/usr/bin/pdftotext", "-enc", "UTF-8", "-bbox", "-", "-"], input=content, capture_output=True, check=True
    )
    words, page = [], 0
    for line in result.stdout.decode("utf-8").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if match:
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            words.append({"text": html.unescape(match.group(5)), "page": page, "x0": x0, "x1": x1, "y0": y0, "y1": y1})
    return words
