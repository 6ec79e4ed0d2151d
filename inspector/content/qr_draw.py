"""QR codes that are drawn, not pictured: module grids and vector shapes painted onto a bounded canvas.

A QR code needs no image: a PDF can draw each module as a filled rectangle, an SVG as ``<rect>`` elements, an
HTML mail as a table whose cells are black or white. Filters that look for pictures see none ("quishing"
without an image). The readers of those formats (`qr_pdf`, `qr_svg`, `qr_html`) turn what they read into
either a grid of dark/light cells (`decode_matrix`) or a list of painted polygons (`Paint`, `decode_paints`);
this module paints them with Pillow onto a white canvas no larger than `MAX_CANVAS` pixels a side, and the
same zxing-cpp decoder as for pictures (`qr.decode_pil`) reads it. Nothing is rendered but shapes: no text, no
fonts, no images fetched, no scripts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from inspector.content import qr

#: Longest canvas edge in pixels (a page drawing is scaled to fit), and polygons painted per drawing.
MAX_CANVAS = 1_200
MAX_POLYGONS = 40_000
#: Sides of a module grid: a QR code has 21 to 177 modules a side (plus its quiet zone).
MIN_SIDE = 21
MAX_SIDE = 200
#: Share of dark cells in a grid that can be a QR code (its data is masked to about half dark).
MIN_DARK = 0.2
MAX_DARK = 0.8
#: Pixels per module when a grid is painted, and the quiet zone (in modules) added around it.
MODULE_PX = 4
QUIET = 4

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Paint:
    """One fill: its subpaths (closed polygons in drawing units), dark or light, and the fill rule
    (`evenodd`: a subpath inside another cuts a hole, as ``f*`` in PDF or ``fill-rule: evenodd``)."""

    polygons: tuple[tuple[Point, ...], ...]
    dark: bool
    evenodd: bool = False


def luminance_dark(r: float, g: float, b: float) -> bool:
    """True when an RGB colour (0–1) is dark enough to be a QR module (a phone's camera sees it as black)."""
    return 0.299 * r + 0.587 * g + 0.114 * b < 0.5


def css_dark(value: str) -> bool | None:
    """A CSS or HTML colour (``#000``, ``black``, ``rgb(0,0,0)``, legacy ``bgcolor="000000"``) as dark (True),
    light (False) or not a colour / transparent (None)."""
    from PIL import ImageColor

    text = value.strip().lower()
    if not text or text in ("transparent", "none", "inherit", "initial", "unset", "currentcolor"):
        return None
    if len(text) in (3, 6) and all(c in "0123456789abcdef" for c in text):
        text = "#" + text  # bgcolor="000000": browsers read it as a hex colour
    try:
        rgb = ImageColor.getrgb(text)
    except ValueError:
        return None
    if len(rgb) == 4 and rgb[3] < 128:
        return None
    return luminance_dark(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255)


def stroke_quad(p: Point, q: Point, half: float, extend: bool) -> tuple[Point, ...] | None:
    """A stroked line segment as the quadrilateral it covers, `half` the line width either side (a projecting
    or round cap, `extend`, lengthens it by half the width at both ends); None for a zero-length segment."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return None
    ux, uy = dx / length, dy / length
    if extend:
        p = (p[0] - ux * half, p[1] - uy * half)
        q = (q[0] + ux * half, q[1] + uy * half)
    nx, ny = -uy * half, ux * half
    return ((p[0] + nx, p[1] + ny), (q[0] + nx, q[1] + ny), (q[0] - nx, q[1] - ny), (p[0] - nx, p[1] - ny))


def plausible_grid(matrix: Sequence[Sequence[bool]]) -> bool:
    """True when a grid of cells could be a QR code: square-ish, 21 to 200 cells a side, 20–80 % dark."""
    rows = len(matrix)
    cols = max((len(r) for r in matrix), default=0)
    if not (MIN_SIDE <= rows <= MAX_SIDE and MIN_SIDE <= cols <= MAX_SIDE):
        return False
    if max(rows, cols) > 1.5 * min(rows, cols):
        return False
    dark = sum(sum(1 for c in r if c) for r in matrix)
    return MIN_DARK <= dark / (rows * cols) <= MAX_DARK


def matrix_image(matrix: Sequence[Sequence[bool]]) -> object:
    """A grid of dark/light cells painted `MODULE_PX` pixels a cell with a white quiet zone (a Pillow image)."""
    from PIL import Image

    rows = len(matrix)
    cols = max(len(r) for r in matrix)
    raw = bytearray()
    for r in matrix:
        line = bytes(0 if c else 255 for c in r) + b"\xff" * (cols - len(r))
        raw += line
    image = Image.frombytes("L", (cols, rows), bytes(raw))
    framed = Image.new("L", (cols + 2 * QUIET, rows + 2 * QUIET), 255)
    framed.paste(image, (QUIET, QUIET))
    return framed.resize((framed.width * MODULE_PX, framed.height * MODULE_PX), Image.Resampling.NEAREST)


def decode_matrix(matrix: Sequence[Sequence[bool]]) -> list[str]:
    """The QR payloads of a grid of cells (empty when it is not plausibly a QR code: nothing is decoded)."""
    if not plausible_grid(matrix):
        return []
    try:
        return qr.decode_pil(matrix_image(matrix))
    except qr.QrError:
        return []


def _bbox(polygons: Sequence[Sequence[Point]]) -> tuple[float, float, float, float] | None:
    xs = [x for p in polygons for x, _ in p]
    ys = [y for p in polygons for _, y in p]
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def module_box(paints: Sequence[Paint]) -> tuple[tuple[float, float, float, float], float] | None:
    """Where a QR code could sit in a drawing, and its module size; None when the drawing cannot be one.

    A QR code is drawn with many shapes a module thick (a module, a run of modules, a line one module wide);
    the module size is taken as the 20th percentile of the shapes' short sides (most shapes of a QR code are
    that thick; a logo or a frame are few), and the code is where the shapes of about that thickness are. A
    drawing whose module-thick shapes span fewer than 19 or more than `MAX_SIDE` modules, or are far from
    square, is no QR code (an invoice's ruled table: hairlines over hundreds of their own widths); it is
    then not painted at all, which keeps ordinary PDFs and SVGs cheap."""
    sized: list[tuple[float, tuple[float, float, float, float]]] = []
    for paint in paints:
        for poly in paint.polygons:
            box = _bbox((poly,))
            if box is not None:
                thick = min(box[2] - box[0], box[3] - box[1])
                if thick > 0:
                    sized.append((thick, box))
    if len(sized) < MIN_SIDE // 2:
        return None
    unit = sorted(t for t, _ in sized)[len(sized) // 5]
    near = [b for t, b in sized if t <= 1.5 * unit]
    if len(near) < MIN_SIDE // 2:
        return None
    box = (min(b[0] for b in near), min(b[1] for b in near), max(b[2] for b in near), max(b[3] for b in near))
    across, down = (box[2] - box[0]) / unit, (box[3] - box[1]) / unit
    if not MIN_SIDE - 2 <= max(across, down) <= MAX_SIDE or max(across, down) > 1.6 * min(across, down):
        return None
    return box, unit


def _axis_rect(poly: Sequence[Point]) -> bool:
    """True for a 4-corner polygon whose sides are horizontal and vertical (painted as a rectangle: faster)."""
    if len(poly) != 4:
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = poly
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)


def render(paints: Sequence[Paint], box: Sequence[float], y_up: bool, scale: float | None = None) -> object:
    """The paints inside `box` (x0, y0, x1, y1 in drawing units) on a white canvas, `scale` pixels a unit (at
    most `MAX_CANVAS` pixels a side); `y_up` for PDF coordinates (the y axis points up the page)."""
    from PIL import Image, ImageChops, ImageDraw

    x0, y0, x1, y1 = box
    width, height = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    fit = MAX_CANVAS / max(width, height)
    scale = min(scale, fit) if scale else fit
    margin = 0.0
    size = (max(1, min(MAX_CANVAS, int(width * scale))), max(1, min(MAX_CANVAS, int(height * scale))))
    canvas = Image.new("L", size, 255)
    draw = ImageDraw.Draw(canvas)

    def at(p: Point) -> tuple[float, float]:
        y = (y1 - p[1]) if y_up else (p[1] - y0)
        return (p[0] - x0) * scale + margin, y * scale + margin

    for paint in paints:
        colour = 0 if paint.dark else 255
        polys = [[at(p) for p in poly] for poly in paint.polygons if len(poly) >= 3]
        if len(polys) == 1 or (not paint.evenodd and all(_axis_rect(p) for p in polys)):
            for poly in polys:
                if _axis_rect(poly):
                    xs, ys = [p[0] for p in poly], [p[1] for p in poly]
                    left, top = min(xs), min(ys)
                    draw.rectangle((left, top, max(left, max(xs) - 1), max(top, max(ys) - 1)), fill=colour)
                else:
                    draw.polygon(poly, fill=colour)
            continue
        # Several subpaths with holes: each one flips the pixels it covers (even-odd; for the non-zero rule a
        # hole is drawn the other way round, which flips the same pixels), then the mask is painted.
        mask = Image.new("1", size, 0)
        for poly in polys:
            xs, ys = [p[0] for p in poly], [p[1] for p in poly]
            left, top = max(0, int(min(xs))), max(0, int(min(ys)))
            right, bottom = min(size[0], int(max(xs)) + 1), min(size[1], int(max(ys)) + 1)
            if right <= left or bottom <= top:
                continue
            piece = Image.new("1", (right - left, bottom - top), 0)
            ImageDraw.Draw(piece).polygon([(x - left, y - top) for x, y in poly], fill=1)
            region = (left, top, right, bottom)
            mask.paste(ImageChops.logical_xor(mask.crop(region), piece), region)
        canvas.paste(colour, (0, 0, size[0], size[1]), mask)
    return canvas


def decode_paints(paints: Sequence[Paint], y_up: bool = False) -> list[str]:
    """The QR payloads of a drawing: where its module-thick shapes are (`module_box`), with a quiet zone of
    four modules, painted at `MODULE_PX` × 2 pixels a module and decoded. Nothing is painted for a drawing
    that cannot be a QR code."""
    found = module_box(paints)
    if found is None:
        return []
    (x0, y0, x1, y1), unit = found
    pad = QUIET * unit
    try:
        return qr.decode_pil(render(paints, (x0 - pad, y0 - pad, x1 + pad, y1 + pad), y_up, 2 * MODULE_PX / unit))
    except qr.QrError:
        return []
