"""Measure a rendered PDF against GB/T 9704-2012, in millimetres, from its ink and its text.

Positions are read from what is printed: the page is rasterised (PyMuPDF) and ink rows and
columns are found in the picture, so a rule or a glyph is where it shows, not where a
bounding box says. Text (for lines, characters and which page holds what) comes from the PDF's
text layer. The page is A4 portrait, origin at the top left, y downwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pymupdf as fitz
import numpy as np

MM = 72 / 25.4  # points per millimetre
DPI = 200
PX_MM = DPI / 25.4  # pixels per millimetre

# GB/T 9704-2012 5.2.2: 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm.
TOP, LEFT, WIDTH, HEIGHT = 37.0, 28.0, 156.0, 225.0
BOTTOM, RIGHT = TOP + HEIGHT, LEFT + WIDTH
# 5.3: 误差不超过1mm (also the ±1 mm of 5.2.2).
TOLERANCE = 1.0
LINE_PITCH = HEIGHT / 22  # 6.2: 22 lines a page
CHAR_PITCH = WIDTH / 28  # 6.2: 28 characters a line
SIZE_4_MM = 14 / MM  # 4号 = 14 pt


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    chars: list[tuple[str, float, float]] = field(default_factory=list)  # (char, x0, x1) in mm


@dataclass
class Rule:
    """A horizontal rule as printed: its centre line, ends and thickness, and whether red."""

    y: float
    x0: float
    x1: float
    thickness: float
    red: bool


@dataclass
class Page:
    number: int
    lines: list[Line]
    rules: list[Rule]
    ink: np.ndarray  # bool, True where anything dark or coloured is printed
    red: np.ndarray  # bool, True where red is printed
    picture: object  # the rasterised page (a PyMuPDF Pixmap): .save(path) writes a PNG

    def ink_rows(self, y0: float, y1: float, x0: float = 0, x1: float = 210) -> list[int]:
        a, b, c, d = (round(v * PX_MM) for v in (y0, y1, x0, x1))
        rows = np.nonzero(self.ink[a:b, c:d].any(axis=1))[0]
        return [a + int(r) for r in rows]

    def ink_box(self, y0: float, y1: float, x0: float = 0, x1: float = 210):
        """(x0, y0, x1, y1) in mm of the ink inside a region, or None."""
        a, b, c, d = (round(v * PX_MM) for v in (y0, y1, x0, x1))
        region = self.ink[a:b, c:d]
        ys, xs = np.nonzero(region)
        if len(ys) == 0:
            return None
        return ((c + xs.min()) / PX_MM, (a + ys.min()) / PX_MM, (c + xs.max() + 1) / PX_MM,
                (a + ys.max() + 1) / PX_MM)

    def find(self, text: str) -> Line | None:
        return next((line for line in self.lines if text in line.text.replace(" ", "")), None)


def measure(pdf: bytes) -> list[Page]:
    document = fitz.open(stream=pdf, filetype="pdf")
    pages = []
    for index, page in enumerate(document):
        pix = page.get_pixmap(dpi=DPI, alpha=False)
        rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3).astype(int)
        r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
        red = (r > 170) & (g < 110) & (b < 110)
        ink = (rgb.min(axis=2) < 160) | red
        pages.append(Page(index + 1, _lines(page), _rules(ink, red), ink, red, pix))
    return pages


def _lines(page) -> list[Line]:
    found: list[Line] = []
    raw = page.get_text("rawdict")
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            chars = [(c["c"], c["bbox"][0] / MM, c["bbox"][2] / MM, span["size"], span["origin"][1] / MM)
                     for span in line["spans"] for c in span["chars"]]
            if not chars:
                continue
            text = "".join(c[0] for c in chars)
            if not text.strip():
                continue
            found.append(Line(text=text, x0=min(c[1] for c in chars), x1=max(c[2] for c in chars),
                              baseline=max(c[4] for c in chars), size=max(c[3] for c in chars),
                              chars=[(c[0], c[1], c[2]) for c in chars]))
    # One printed line may come as several text lines (runs in different faces): merge by baseline.
    merged: list[Line] = []
    for line in sorted(found, key=lambda found_line: (round(found_line.baseline, 1), found_line.x0)):
        last = merged[-1] if merged else None
        if last and abs(last.baseline - line.baseline) < 0.5:
            last.text += line.text
            last.chars += line.chars
            last.x0, last.x1 = min(last.x0, line.x0), max(last.x1, line.x1)
            last.size = max(last.size, line.size)
        else:
            merged.append(line)
    return merged


def _rules(ink: np.ndarray, red: np.ndarray) -> list[Rule]:
    """Rows where a run of ink at least 100 mm long lies: rules (text never runs unbroken)."""
    min_run = round(100 * PX_MM)
    found: list[Rule] = []
    rows = []
    for y in range(ink.shape[0]):
        row = ink[y]
        if row.sum() < min_run:
            continue
        # Longest unbroken run in the row.
        padded = np.concatenate(([0], row.astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(padded))
        starts, ends = edges[::2], edges[1::2]
        longest = int(np.argmax(ends - starts))
        if ends[longest] - starts[longest] >= min_run:
            rows.append((y, int(starts[longest]), int(ends[longest]), bool(red[y, starts[longest]:ends[longest]].mean() > 0.5)))
    # Consecutive rows are one rule.
    group: list[tuple[int, int, int, bool]] = []
    for row in rows + [(-10, 0, 0, False)]:
        if group and row[0] != group[-1][0] + 1:
            ys = [g[0] for g in group]
            found.append(Rule(y=(min(ys) + max(ys) + 1) / 2 / PX_MM, x0=min(g[1] for g in group) / PX_MM,
                              x1=max(g[2] for g in group) / PX_MM, thickness=len(group) / PX_MM,
                              red=group[0][3]))
            group = []
        if row[0] >= 0:
            group.append(row)
    return found


def red_mark_top(page: Page) -> float | None:
    """Top of the red 发文机关标志 (the first red ink that is not a rule)."""
    rule_rows = {round(r.y * PX_MM) for r in page.rules if r.red}
    ys = np.nonzero(page.red.any(axis=1))[0]
    for y in ys:
        if all(abs(int(y) - rr) > 4 for rr in rule_rows):
            return int(y) / PX_MM
    return None


def page_number_dash(page: Page):
    """The 一字线 left of the page number: (centre y, x0, x1, length) in mm, from the ink under
    the type area. The dash is the ink row cluster thinner than 1 mm; digits are taller."""
    box = page.ink_box(BOTTOM + 1, 297)
    if box is None:
        return None
    a, b = round((BOTTOM + 1) * PX_MM), page.ink.shape[0]
    region = page.ink[a:b]
    cols = np.nonzero(region.any(axis=0))[0]
    # Leftmost connected ink run of columns is the left dash.
    start = cols[0]
    end = start
    while end + 1 < region.shape[1] and region[:, end + 1].any():
        end += 1
    dash = region[:, start:end + 1]
    ys = np.nonzero(dash.any(axis=1))[0]
    return ((a + (ys.min() + ys.max() + 1) / 2) / PX_MM, start / PX_MM, (end + 1) / PX_MM,
            (end + 1 - start) / PX_MM, (ys.max() + 1 - ys.min()) / PX_MM, box)
