"""Usability and accessibility checks the journeys run on every page they visit.

A journey calls `ux.page("name")` after each navigation; the checks record problems instead of
stopping the journey, so one run reports every page's problems and still drives the journey to its
end. The test asserts `ux.problems == []` last.
"""

from dataclasses import dataclass, field

from .waiting import wait_until

PHONE = {"width": 360, "height": 740}

# Every visible form control must have an accessible name from a <label>, aria-label or
# aria-labelledby (placeholders and titles are not labels).
UNLABELLED_CONTROLS_JS = """
() => {
  const skipped = new Set(["hidden", "submit", "button", "reset", "image"]);
  const named = (el) => {
    if ([...(el.labels || [])].some((label) => label.textContent.trim())) return true;
    if ((el.getAttribute("aria-label") || "").trim()) return true;
    return (el.getAttribute("aria-labelledby") || "").split(/\\s+/).some((id) => {
      const target = id && document.getElementById(id);
      return target && target.textContent.trim();
    });
  };
  return [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => !skipped.has((el.getAttribute("type") || "").toLowerCase()))
    .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
    .filter((el) => !named(el))
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}[name=${el.name || ""}]`);
}
"""

# Elements that stick out past the right edge of the viewport (what makes the page scroll sideways).
OVERFLOWING_JS = """
(limit) => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      let scroller = el.parentElement, clipped = false;
      while (scroller && scroller !== document.body) {
        const style = getComputedStyle(scroller);
        if (/(auto|scroll|hidden|clip)/.test(style.overflowX)) { clipped = true; break; }
        scroller = scroller.parentElement;
      }
      if (!clipped) out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
        `${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : ""}` +
        ` (right edge ${Math.round(box.right)}px)`);
    }
    if (out.length >= limit) break;
  }
  return out;
}
"""

# WCAG 2.1 AA contrast of visible text against its composited background (solid colours only).
LOW_CONTRAST_JS = """
() => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) { layers.push(colour); if (colour.a >= 1) break; }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = ({ r, g, b }) => {
    const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const seen = new Map();
  for (const el of document.body.querySelectorAll("*")) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
    if (!text || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    if (el.closest(".visually-hidden, .visually-hidden-focusable, [disabled], .disabled, option")) continue;
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const needed = large ? 3 : 4.5;
    if (ratio + 0.005 < needed) {
      const key = `${style.color} on rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`;
      if (!seen.has(key)) {
        const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
        const name = [el.tagName.toLowerCase(), ...classes.filter(Boolean)].join(".");
        seen.set(key, `${name} “${text.slice(0, 30)}”: ${ratio.toFixed(2)}:1 < ${needed}:1 (${key})`);
      }
    }
  }
  return [...seen.values()];
}
"""

# The focused element shows a visible focus indicator (an outline, or at least a box-shadow ring).
FOCUS_STYLE_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", id: el.id, name: el.name || "",
    checked: !!el.checked, outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
    boxShadow: style.boxShadow,
  };
}
"""


@dataclass
class Ux:
    """Records usability problems page by page; see the module docstring."""

    browser_page: object
    problems: list = field(default_factory=list)
    visited: list = field(default_factory=list)

    def note(self, condition: bool, message: str) -> bool:
        if not condition:
            self.problems.append(message)
        return condition

    def page(self, name: str, *, phone: bool = True, labels: bool = True, contrast: bool = False):
        """Check the page now shown: `lang`, labelled controls, no sideways scroll at 360 px."""
        page = self.browser_page
        # A click that navigates may still be committing the new document: wait until there is one.
        page.wait_for_load_state("domcontentloaded")
        wait_until(page, "document.documentElement !== null && document.readyState !== 'loading'")
        where = f"{name} ({page.url})"
        self.visited.append(where)
        lang = page.evaluate("document.documentElement.lang")
        self.note(bool(lang) and lang.startswith("vi"), f"{where}: <html lang> is {lang!r}, expected 'vi'")
        if labels:
            unlabelled = page.evaluate(UNLABELLED_CONTROLS_JS)
            self.note(not unlabelled, f"{where}: form controls without a label: {', '.join(unlabelled)}")
        if contrast:
            for failure in page.evaluate(LOW_CONTRAST_JS):
                self.problems.append(f"{where}: low contrast: {failure}")
        if phone:
            self.fits_phone(name)

    def fits_phone(self, name: str):
        page = self.browser_page
        before = page.viewport_size
        if before != PHONE:
            page.set_viewport_size(PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = page.evaluate(OVERFLOWING_JS, 5)
            self.problems.append(
                f"{name} ({page.url}): {width} px wide at 360 px (scrolls sideways); widest: {'; '.join(culprits)}"
            )
        if before != PHONE:
            page.set_viewport_size(before)

    def assert_clean(self):
        assert self.problems == [], "Usability problems:\n- " + "\n- ".join(self.problems)


FIELD_ERROR_JS = """
(el, text) => {
  const wrapper = el.closest(".mb-3, fieldset, .form-group") || el.parentElement;
  const describedBy = (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
  return {
    near: !!wrapper && wrapper.textContent.includes(text),
    described: describedBy.some((id) => {
      const target = document.getElementById(id);
      return target && target.textContent.includes(text);
    }),
    invalid: el.getAttribute("aria-invalid") === "true",
    label: [...(el.labels || [])].map((label) => label.textContent.replace(/\\s+/g, " ").trim()).join(" "),
  };
}
"""


def field_error(control, text: str) -> dict:
    """Where `text` (an error) stands relative to the form control `control` (a Locator)."""
    return control.evaluate(FIELD_ERROR_JS, text)


def check_field_error(ux: Ux, control, text: str, where: str):
    """The error is shown next to the field and announced with it (aria-describedby/invalid)."""
    found = field_error(control, text)
    ux.note(found["near"], f"{where}: error “{text}” is not shown next to the field “{found['label']}”")
    ux.note(
        found["described"] or found["invalid"],
        f"{where}: field “{found['label']}” is not tied to its error “{text}” "
        '(no aria-invalid="true" and no aria-describedby pointing at the message)',
    )


def check_required_marked(ux: Ux, control, where: str):
    """A required field says so in its label (an asterisk or the word 'bắt buộc')."""
    label = control.evaluate("(el) => [...(el.labels || [])].map((l) => l.textContent).join(' ')")
    ux.note("*" in label or "bắt buộc" in label, f"{where}: required field “{label.strip()}” is not marked")
