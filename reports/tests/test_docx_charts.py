"""The Word twin draws the report's charts: the PNGs of the same layouts as the PDF's SVGs, each
with its title as the caption (they were only named, 'xem bản PDF')."""

import io

import pytest
from docx import Document
from PIL import Image

from ocop_portal.core.docx import docx_text
from reports.charts import STAR_COLOURS, png, simple_bars_layout, svg
from reports.pdf import render_docx
from reports.services import build_snapshot


@pytest.mark.integration
def test_the_word_twin_has_the_pdfs_charts_as_images_with_their_captions(bac_giang_2021):
    snapshot = build_snapshot(province=bac_giang_2021, year=2021, version=1)

    content = render_docx(snapshot)

    document = Document(io.BytesIO(content))
    # The PDF prints two charts for 2021 (no grant: no chart of support by content).
    assert len(document.inline_shapes) == 2
    text = docx_text(content)
    assert "Biểu đồ: Sản phẩm được công nhận năm 2021 theo huyện và hạng sao (số liệu minh họa)" in text
    assert "Biểu đồ: Sản phẩm đề xuất đánh giá năm 2021 theo nhóm" in text
    assert "xem bản PDF" not in text
    first = document.inline_shapes[0]
    blip = first._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = Image.open(io.BytesIO(document.part.related_parts[blip].blob)).convert("RGB")
    # The bars are drawn in the stars' colours, as in the PDF.
    colours = {colour for _count, colour in image.getcolors(maxcolors=1_000_000)}
    assert {tuple(int(STAR_COLOURS[s][i : i + 2], 16) for i in (1, 3, 5)) for s in ("3", "4")} <= colours


def test_the_png_and_the_svg_are_drawn_from_one_layout():
    layout = simple_bars_layout("Sản phẩm theo nhóm", [("Thực phẩm", 53), ("Đồ uống", 9)])

    image = Image.open(io.BytesIO(png(layout)))
    markup = svg(layout)

    assert image.size == (640 * 2, layout.height * 2)
    assert 'aria-label="Sản phẩm theo nhóm"' in markup and markup.count("<rect") == 2
