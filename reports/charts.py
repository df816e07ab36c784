"""Bar charts drawn in Python: no JavaScript, no CDN. One layout, two drawings — inline SVG for the
PDF and the dashboard (presentation attributes only: the CSP forbids style attributes), and a PNG
(Pillow, the report's DejaVu fonts) for the Word twin, where an SVG would not show."""

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .formatting import vn_int

STAR_COLOURS = {"5": "#7b1fa2", "4": "#1565c0", "3": "#2e7d32"}
BAR_COLOUR = "#1565c0"
FONT = "DejaVu Sans, sans-serif"
WIDTH, LABEL_WIDTH, ROW_HEIGHT, TOP, VALUE_WIDTH = 640, 170, 22, 30, 110
# The PNG is drawn at twice the SVG's user units, so that it stays sharp at a page's width in Word.
PNG_SCALE = 2


@dataclass
class Text:
    x: float
    y: float  # the baseline, as in SVG
    text: str
    size: int
    bold: bool = False
    anchor: str = "start"  # "start" or "end"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    tooltip: str = ""


@dataclass
class Layout:
    title: str
    height: int
    shapes: list = field(default_factory=list)


def bars_layout(
    title: str,
    rows: list[tuple[str, dict[str, int]]],
    colours: dict[str, str],
    legend: dict[str, str] | None = None,
    value_format=vn_int,
) -> Layout:
    """One bar per row, stacked by series (`colours` gives the series order and colours)."""
    top = TOP + (18 if legend else 0)
    layout = Layout(title=title, height=top + ROW_HEIGHT * max(len(rows), 1) + 10)
    largest = max((sum(values.values()) for _label, values in rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest
    layout.shapes.append(Text(0, 16, title, 13, bold=True))
    if legend:
        x = LABEL_WIDTH
        for key, label in legend.items():
            layout.shapes.append(Bar(x, 24, 10, 10, colours[key]))
            layout.shapes.append(Text(x + 14, 33, str(label), 10))
            x += 14 + 7 * len(str(label)) + 16
    for index, (label, values) in enumerate(rows):
        y = top + index * ROW_HEIGHT
        layout.shapes.append(Text(LABEL_WIDTH - 6, y + 15, label, 11, anchor="end"))
        x = LABEL_WIDTH
        for key, colour in colours.items():
            width = values.get(key, 0) * scale
            if width:
                tooltip = f"{label}: {value_format(values[key])}"
                layout.shapes.append(Bar(x, y + 3, width, ROW_HEIGHT - 6, colour, tooltip))
                x += width
        layout.shapes.append(Text(x + 4, y + 15, value_format(sum(values.values())), 11))
    return layout


def svg(layout: Layout) -> SafeString:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {layout.height}" '
        f'width="100%" role="img" aria-label="{escape(layout.title)}" font-family="{FONT}">'
    ]
    for shape in layout.shapes:
        if isinstance(shape, Text):
            weight = ' font-weight="bold"' if shape.bold else ""
            anchor = ' text-anchor="end"' if shape.anchor == "end" else ""
            parts.append(
                f'<text x="{shape.x:g}" y="{shape.y:g}" font-size="{shape.size}"{weight}{anchor}>'
                f"{escape(shape.text)}</text>"
            )
        elif shape.tooltip:
            parts.append(
                f'<rect x="{shape.x:.1f}" y="{shape.y:g}" width="{shape.width:.1f}" height="{shape.height:g}" '
                f'fill="{shape.colour}"><title>{escape(shape.tooltip)}</title></rect>'
            )
        else:
            parts.append(
                f'<rect x="{shape.x:g}" y="{shape.y:g}" width="{shape.width:g}" height="{shape.height:g}" '
                f'fill="{shape.colour}"/>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _font(size: int, bold: bool):
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(settings.BASE_DIR) / "static" / "fonts" / name), size * PNG_SCALE)


def png(layout: Layout) -> bytes:
    """The same chart as `svg(layout)`, as a PNG on white."""
    from PIL import Image, ImageDraw

    s = PNG_SCALE
    image = Image.new("RGB", (WIDTH * s, layout.height * s), "white")
    draw = ImageDraw.Draw(image)
    for shape in layout.shapes:
        if isinstance(shape, Text):
            # SVG places text by its baseline; Pillow's "ls"/"rs" anchors do the same.
            draw.text(
                (shape.x * s, shape.y * s),
                shape.text,
                fill="black",
                font=_font(shape.size, shape.bold),
                anchor="rs" if shape.anchor == "end" else "ls",
            )
        else:
            draw.rectangle(
                [shape.x * s, shape.y * s, (shape.x + shape.width) * s - 1, (shape.y + shape.height) * s - 1],
                fill=shape.colour,
            )
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def horizontal_bars(
    title: str,
    rows: list[tuple[str, dict[str, int]]],
    colours: dict[str, str],
    legend: dict[str, str] | None = None,
    value_format=vn_int,
) -> SafeString:
    return svg(bars_layout(title, rows, colours, legend, value_format))


def stars_by_district_layout(title: str, by_district: list[dict]) -> Layout:
    rows = [(row["name"], {k: v for k, v in row["stars"].items() if v}) for row in by_district]
    legend = {key: f"{key} sao" for key in ("3", "4", "5")}
    colours = {key: STAR_COLOURS[key] for key in ("3", "4", "5")}
    return bars_layout(title, rows, colours, legend)


def simple_bars_layout(title: str, rows: list[tuple[str, int]], value_format=vn_int) -> Layout:
    return bars_layout(
        title, [(label, {"v": value}) for label, value in rows], {"v": BAR_COLOUR}, value_format=value_format
    )


def stars_by_district(title: str, by_district: list[dict]) -> SafeString:
    return svg(stars_by_district_layout(title, by_district))


def simple_bars(title: str, rows: list[tuple[str, int]], value_format=vn_int) -> SafeString:
    return svg(simple_bars_layout(title, rows, value_format))
