"""The Word (.docx) twin of a document the portal prints as a PDF (python-docx).

Offices finish and sign documents in Word, so the annual report, the council minutes and the
decisions come as .docx too. The twin is made from **the same HTML** the PDF is made from (the
document templates and `templates/official/`), so the two cannot drift apart: headings,
paragraphs, data tables, the official header (national name, motto, number, place and date) and
the signature block with "Nơi nhận". Charts come as the PNGs the caller draws of them (a figure's
data-chart names its image) with their title as the caption; a chart without one is named. The first line says the
PDF is the record of what the portal computed; the Word file is the working copy.

Page and type follow Nghị định 30/2020 (A4, margins 20/15/20/30 mm, Times New Roman 13 pt).
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import html as lxml_html

RECORD_NOTICE = (
    "Bản Word để cơ quan hoàn thiện, ký ban hành. Bản PDF do Cổng thông tin OCOP tạo là bản ghi số liệu "
    "đã chốt; nếu có khác biệt, số liệu theo bản PDF."
)
FONT = "Times New Roman"
CHART_WIDTH_MM = 160  # the text's width on A4 with NĐ 30's margins (210 − 30 − 15 = 165 mm)


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _paragraph(container, text: str, *, bold=False, italic=False, size=None, align=None, indent=False):
    paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(3)
    return paragraph


def _cell_paragraphs(cell, element) -> None:
    """The <div> lines of a header/signature cell as centred paragraphs, bold and italic as printed."""
    cell.paragraphs[0].text = ""
    first = True
    for div in element.iter("div"):
        if div.getchildren():
            continue
        text = _text(div)
        classes = _classes(div)
        if "official-sign-space" in classes:
            for _ in range(3):  # room for the signature and the seal
                cell.add_paragraph()
            continue
        if not text:
            continue
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = paragraph.add_run(text)
        run.bold = bool(classes & BOLD)
        run.italic = bool(classes & ITALIC)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)


BOLD = {"official-issuer", "official-national", "official-motto", "official-sign-title", "official-sign-name"}
ITALIC = {"official-date"}


def _frame_table(document, element) -> None:
    """The official header or signature table: borderless, one column per <td>."""
    cells = element.xpath("./tr/td | ./tbody/tr/td")
    table = document.add_table(rows=1, cols=len(cells))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, td in zip(table.rows[0].cells, cells, strict=True):
        if "official-recipients" in _classes(td):
            _recipients(cell, td)
        else:
            _cell_paragraphs(cell, td)


def _recipients(cell, td) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for div in td.iter("div"):
        text = _text(div)
        if not text:
            continue
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = paragraph.add_run(text)
        label = "official-recipients-label" in _classes(div)
        run.bold = run.italic = label
        run.font.size = Pt(12 if label else 11)
        paragraph.paragraph_format.space_after = Pt(0)


def _data_table(document, element) -> None:
    caption = element.find("caption")
    if caption is not None and _text(caption):
        _paragraph(document, _text(caption), bold=True)
    rows = element.xpath("./thead/tr | ./tbody/tr | ./tr")
    width = max((len(row.xpath("./th|./td")) for row in rows), default=0)
    if not width:
        return
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for tr in rows:
        cells = tr.xpath("./th|./td")
        row = table.add_row().cells
        for index, cell in enumerate(cells[:width]):
            colspan = int(cell.get("colspan") or 1)
            target = row[index].merge(row[min(width, index + colspan) - 1]) if colspan > 1 else row[index]
            target.text = _text(cell)
            for paragraph in target.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)
                    run.bold = cell.tag == "th"
    document.add_paragraph()


def _figure(document, figure, images: dict[str, bytes]) -> None:
    """A chart: its PNG (`images`, by the figure's data-chart) at the text's width with its title as
    the caption below; without one, the title and a pointer to the PDF."""
    chart = figure.xpath(".//*[local-name()='svg']")
    # Its name: the aria-label, else the svg's own <title> (not a bar's tooltip).
    label = chart[0].get("aria-label") if chart else ""
    if chart and not label:
        own = chart[0].xpath("./*[local-name()='title']")
        label = own[0].text_content() if own else ""
    name = " ".join((label or "").split())
    image = images.get(figure.get("data-chart") or "")
    if image is None:
        _paragraph(document, f"(Biểu đồ{': ' + name if name else ''} — xem bản PDF.)", italic=True)
        return
    document.add_picture(io.BytesIO(image), width=Mm(CHART_WIDTH_MM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if name:
        _paragraph(document, f"Biểu đồ: {name}", italic=True, size=11, align=WD_ALIGN_PARAGRAPH.CENTER)


def _walk(document, element, images: dict[str, bytes]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        classes = _classes(child)
        if tag == "table" and ({"official-header", "official-signature"} & classes):
            _frame_table(document, child)
        elif tag == "table":
            _data_table(document, child)
        elif "official-title" in classes:
            for div in child.iter("div"):
                if _text(div):
                    _paragraph(document, _text(div), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif tag in ("h1", "h2", "h3"):
            _paragraph(document, _text(child), bold=True, size={"h1": 14, "h2": 13, "h3": 13}[tag])
        elif tag == "p":
            text = _text(child)
            if text:
                centred = bool({"authority", "decides"} & classes)
                _paragraph(
                    document,
                    text,
                    italic=bool({"empty", "note"} & classes),
                    bold=centred,
                    align=WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY,
                    indent=not ({"item", "note"} & classes) and not centred,
                )
        elif tag in ("ul", "ol"):
            for item in child.iter("li"):
                _paragraph(document, f"- {_text(item)}")
        elif tag == "figure":
            _figure(document, child, images)
        elif tag in ("section", "div", "body"):
            _walk(document, child, images)


def html_to_docx(html: str, *, title: str = "", images: dict[str, bytes] | None = None) -> bytes:
    """The .docx twin of a printed document's HTML (see the module docstring); `images` are the
    PNGs of its charts by their figure's data-chart."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    if title:
        document.core_properties.title = title
    _paragraph(document, RECORD_NOTICE, italic=True, size=10)
    root = lxml_html.document_fromstring(html)
    body = root.find("body")
    _walk(document, body if body is not None else root, images or {})
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, in order, whitespace normalised (for tests and
    for checking a twin against its PDF)."""
    document = Document(io.BytesIO(content))
    parts = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                for paragraph in cell.iter(qn("w:p")):
                    parts.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return " ".join(" ".join(parts).split())
