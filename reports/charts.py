"""Bar charts as inline SVG, drawn in Python: no JavaScript, no CDN, the same markup in the PDF
and on the dashboard. Presentation attributes only (no style attributes: the CSP forbids them)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .formatting import vn_int

STAR_COLOURS = {"5": "#7b1fa2", "4": "#1565c0", "3": "#2e7d32"}
BAR_COLOUR = "#1565c0"
FONT = "DejaVu Sans, sans-serif"
WIDTH, LABEL_WIDTH, ROW_HEIGHT, TOP, VALUE_WIDTH = 640, 170, 22, 30, 110


def horizontal_bars(
    title: str,
    rows: list[tuple[str, dict[str, int]]],
    colours: dict[str, str],
    legend: dict[str, str] | None = None,
    value_format=vn_int,
) -> SafeString:
    """One bar per row, stacked by series (`colours` gives the series order and colours)."""
    top = TOP + (18 if legend else 0)
    height = top + ROW_HEIGHT * max(len(rows), 1) + 10
    largest = max((sum(values.values()) for _label, values in rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="{FONT}">',
        f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    if legend:
        x = LABEL_WIDTH
        for key, label in legend.items():
            parts.append(f'<rect x="{x}" y="24" width="10" height="10" fill="{colours[key]}"/>')
            parts.append(f'<text x="{x + 14}" y="33" font-size="10">{escape(label)}</text>')
            x += 14 + 7 * len(str(label)) + 16
    for index, (label, values) in enumerate(rows):
        y = top + index * ROW_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" font-size="11" text-anchor="end">{escape(label)}</text>'
        )
        x = LABEL_WIDTH
        for key, colour in colours.items():
            width = values.get(key, 0) * scale
            if width:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{ROW_HEIGHT - 6}" fill="{colour}">'
                    f"<title>{escape(label)}: {value_format(values[key])}</title></rect>"
                )
                x += width
        total = sum(values.values())
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}" font-size="11">{escape(value_format(total))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stars_by_district(title: str, by_district: list[dict]) -> SafeString:
    rows = [(row["name"], {k: v for k, v in row["stars"].items() if v}) for row in by_district]
    legend = {key: f"{key} sao" for key in ("3", "4", "5")}
    colours = {key: STAR_COLOURS[key] for key in ("3", "4", "5")}
    return horizontal_bars(title, rows, colours, legend)


def simple_bars(title: str, rows: list[tuple[str, int]], value_format=vn_int) -> SafeString:
    return horizontal_bars(
        title, [(label, {"v": value}) for label, value in rows], {"v": BAR_COLOUR}, value_format=value_format
    )
