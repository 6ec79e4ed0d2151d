"""QR codes drawn as vector shapes on a PDF page, read from the page's content stream (never rendered).

Many QR generators do not put a picture in the PDF: they draw every module (or every run of modules) as a
filled rectangle (``x y w h re f``), as a path (``m l l l h f``), or as a thick stroked line (segno draws each
row's runs as ``m l S`` with a one-module line width). A scanner that looks for image objects finds none. This
module reads the operators that draw shapes, with the current transformation matrix (``cm``, saved and
restored by ``q``/``Q``), the fill and stroke colours (gray, RGB, CMYK, separations: dark or light), the line
width and cap, and Form XObjects (``Do``; their ``/Matrix`` and resources), and hands the painted polygons to
`qr_draw`, which paints them onto a bounded canvas for zxing-cpp. Text is not drawn (a QR code is never
text), images are left to `pdf._images`, curves are reduced to their end points, clipping is ignored.

Bounds: pages read (`pdf.MAX_QR_PAGES`), decoded content bytes per page (`MAX_CONTENT_BYTES`), operators per
page, Form XObjects included (`MAX_OPERATORS`), form nesting (`MAX_FORM_DEPTH`), polygons
(`qr_draw.MAX_POLYGONS`) and wall time per page (`MAX_SECONDS`); a page over a bound is not decoded.
"""

from __future__ import annotations

import itertools
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inspector.content import qr
from inspector.content.qr_draw import MAX_POLYGONS, Paint, Point, decode_paints, luminance_dark, stroke_quad

MAX_CONTENT_BYTES = 2_000_000
MAX_OPERATORS = 60_000
MAX_FORM_DEPTH = 4
MAX_SECONDS = 1.0
#: Path operators a page needs before it is read at all (a QR code of 21×21 modules needs dozens).
MIN_PATH_OPERATORS = 10

_TOKENS = re.compile(
    rb"%[^\r\n]*"  # comment
    rb"|\((?:\\.|[^\\()])*\)"  # string; nested parentheses are not followed (no backtracking blow-up)
    rb"|<<|>>|<[0-9A-Fa-f\s]*>"  # dictionary marks, hex string
    rb"|/[^\s/\[\]()<>{}%]*"  # name
    rb"|[+-]?(?:\d+\.?\d*|\.\d+)"  # number
    rb"|[A-Za-z'\"*][A-Za-z0-9'\"*]*"  # operator
    rb"|[\[\]{}]",
    re.S,
)
_PATH_OPS = re.compile(rb"(?<![A-Za-z0-9/])(?:re|l|c|m|Do)(?![A-Za-z0-9])")
#: Text objects hold no path (PDF 32000-1, 8.2, figure 9), inline images only pixels: both are cut before
#: tokenising (a page of text is then fast), each from its start operator to its end operator.
_OBJECT_ENDS = {
    b"BT": re.compile(rb"(?<![A-Za-z0-9])ET(?![A-Za-z0-9])"),
    b"BI": re.compile(rb"\sEI(?![A-Za-z0-9])"),
}
_OBJECT_START = re.compile(rb"(?<![A-Za-z0-9])(BT|BI)(?![A-Za-z0-9])")
_NUMBER_START = frozenset(b"0123456789+-.")
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

Matrix = tuple[float, float, float, float, float, float]


class _Stop(Exception):
    """A bound was reached: the page is not decoded."""


def tokens(data: bytes) -> list[bytes]:
    """The tokens of a content stream, text objects and inline images left out."""
    data = data[:MAX_CONTENT_BYTES]
    if b"BT" in data or b"BI" in data:
        data = _cut_objects(data)
    return _TOKENS.findall(data)


def _cut_objects(data: bytes) -> bytes:
    """The content without its text objects and inline images, in one pass (an object never ended runs to
    the end of the stream and is cut whole)."""
    kept: list[bytes] = []
    pos = 0
    while True:
        start = _OBJECT_START.search(data, pos)
        if start is None:
            break
        kept.append(data[pos : start.start()])
        end = _OBJECT_ENDS[start.group(1)].search(data, start.end())
        if end is None:
            return b" ".join(kept)
        pos = end.end()
    kept.append(data[pos:])
    return b" ".join(kept)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m × n (PDF matrices, row vectors): `cm` sets CTM to M × CTM."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


@dataclass(slots=True)
class _Gs:
    """The graphics state this reader keeps: matrix, colours (dark or light), line width and cap."""

    ctm: Matrix = _IDENTITY
    fill_dark: bool = True
    stroke_dark: bool = True
    fill_space: str = "gray"
    stroke_space: str = "gray"
    width: float = 1.0
    cap: int = 0

    def copy(self) -> _Gs:
        return _Gs(self.ctm, self.fill_dark, self.stroke_dark, self.fill_space, self.stroke_space, self.width, self.cap)


def _colour_dark(values: list[Any], space: str) -> bool:
    """A colour operator's operands as dark or light: by count (gray, RGB, CMYK) or as a tint (separation:
    1 is full ink). A pattern or an unknown space counts as dark, like the initial black."""
    nums = [v for v in values if isinstance(v, float)]
    if len(nums) != len(values) or not nums:
        return True
    if space == "tint" and len(nums) == 1:
        return nums[0] >= 0.5
    if len(nums) == 1:
        return nums[0] < 0.5
    if len(nums) == 3:
        return luminance_dark(*nums)
    if len(nums) == 4:
        c, m, y, k = nums
        return luminance_dark((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return True


@dataclass(slots=True)
class _Reader:
    """One page's drawing, operator by operator (see the module)."""

    resolve: Callable[[Any, bytes], Any]
    started: float
    gs: _Gs = field(default_factory=_Gs)
    stack: list[_Gs] = field(default_factory=list)
    subpaths: list[tuple[list[Point], bool]] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)
    polygons: int = 0
    operators: int = 0
    forms: dict[int, list[bytes]] = field(default_factory=dict)

    def at(self, x: float, y: float) -> Point:
        a, b, c, d, e, f = self.gs.ctm
        return a * x + c * y + e, b * x + d * y + f

    def run(self, toks: list[bytes], resources: Any, depth: int) -> None:
        operands: list[Any] = []
        for tok in toks:
            first = tok[0]
            if first in _NUMBER_START:
                try:
                    operands.append(float(tok))
                except ValueError:
                    operands.append(None)
            elif first == 0x2F:  # a name
                operands.append(tok)
            elif 0x41 <= first <= 0x7A or first in (0x27, 0x22, 0x2A):
                self.operators += 1
                if self.operators > MAX_OPERATORS or not qr.spend_drawing():
                    raise _Stop
                if not self.operators & 0xFFF and time.monotonic() - self.started > MAX_SECONDS:
                    raise _Stop
                handler = _OPERATORS.get(tok)
                if handler is not None:
                    handler(self, operands, resources, depth)
                operands = []
            else:
                operands.append(None)  # strings, arrays, dictionaries: operands of operators not read here

    # -- paths ---------------------------------------------------------------------------------------------

    def add_point(self, p: Point, new: bool) -> None:
        if new or not self.subpaths:
            self.subpaths.append(([p], False))
        else:
            self.subpaths[-1][0].append(p)

    def close(self) -> None:
        if self.subpaths:
            points, _ = self.subpaths[-1]
            self.subpaths[-1] = (points, True)

    def fill(self, evenodd: bool) -> None:
        polys = tuple(tuple(points) for points, _ in self.subpaths if len(points) >= 3)
        if polys:
            self.count(len(polys))
            self.paints.append(Paint(polys, self.gs.fill_dark, evenodd))

    def stroke(self) -> None:
        a, b, c, d, _, _ = self.gs.ctm
        half = max(self.gs.width, 0.0) * math.sqrt(abs(a * d - b * c)) / 2
        if half <= 0:
            return
        for points, closed in self.subpaths:
            ends = [*points, points[0]] if closed and len(points) > 2 else points
            for p, q in itertools.pairwise(ends):
                quad = stroke_quad(p, q, half, self.gs.cap == 2)
                if quad is not None:
                    self.count(1)
                    self.paints.append(Paint((quad,), self.gs.stroke_dark))

    def count(self, n: int) -> None:
        self.polygons += n
        if self.polygons > MAX_POLYGONS:
            raise _Stop


def _nums(operands: list[Any], n: int) -> list[float] | None:
    """The last `n` operands when they are all numbers (the operator's own), else None."""
    tail = operands[-n:] if len(operands) >= n else None
    if tail is None:
        return None
    for v in tail:
        if type(v) is not float:
            return None
    return tail


def _op_q(r: _Reader, _o: list[Any], _res: Any, _d: int) -> None:
    if len(r.stack) < 256:
        r.stack.append(r.gs.copy())


def _op_big_q(r: _Reader, _o: list[Any], _res: Any, _d: int) -> None:
    if r.stack:
        r.gs = r.stack.pop()


def _op_cm(r: _Reader, o: list[Any], _res: Any, _d: int) -> None:
    m = _nums(o, 6)
    if m is not None:
        r.gs.ctm = _times((m[0], m[1], m[2], m[3], m[4], m[5]), r.gs.ctm)


def _op_re(r: _Reader, o: list[Any], _res: Any, _d: int) -> None:
    v = _nums(o, 4)
    if v is not None:
        x, y, w, h = v
        r.subpaths.append(([r.at(x, y), r.at(x + w, y), r.at(x + w, y + h), r.at(x, y + h)], True))


def _op_m(r: _Reader, o: list[Any], _res: Any, _d: int) -> None:
    v = _nums(o, 2)
    if v is not None:
        r.add_point(r.at(v[0], v[1]), True)


def _op_l(r: _Reader, o: list[Any], _res: Any, _d: int) -> None:
    v = _nums(o, 2)  # the last pair: for curves (c, v, y) the end point
    if v is not None:
        r.add_point(r.at(v[0], v[1]), False)


def _op_h(r: _Reader, _o: list[Any], _res: Any, _d: int) -> None:
    r.close()


def _painter(fill: bool, evenodd: bool, stroke: bool, close: bool) -> Callable[[_Reader, list[Any], Any, int], None]:
    def paint(r: _Reader, _o: list[Any], _res: Any, _d: int) -> None:
        if close:
            r.close()
        if fill:
            r.fill(evenodd)
        if stroke:
            r.stroke()
        r.subpaths = []

    return paint


def _op_w(r: _Reader, o: list[Any], _res: Any, _d: int) -> None:
    v = _nums(o, 1)
    if v is not None:
        r.gs.width = v[0]


def _op_j(r: _Reader, o: list[Any], _res: Any, _d: int) -> None:
    v = _nums(o, 1)
    if v is not None:
        r.gs.cap = int(v[0])


def _colour_op(stroke: bool, space: str | None) -> Callable[[_Reader, list[Any], Any, int], None]:
    """g/G, rg/RG, k/K set the space and the colour; sc/scn/SC/SCN the colour in the current space."""

    def op(r: _Reader, o: list[Any], _res: Any, _d: int) -> None:
        current = space or (r.gs.stroke_space if stroke else r.gs.fill_space)
        dark = _colour_dark(o, current)
        if stroke:
            r.gs.stroke_dark, r.gs.stroke_space = dark, current
        else:
            r.gs.fill_dark, r.gs.fill_space = dark, current

    return op


def _space_op(stroke: bool) -> Callable[[_Reader, list[Any], Any, int], None]:
    """cs/CS: a separation or DeviceN space takes tints (1 = full ink); every space starts at its dark end
    except a tint, which starts at 1 (full ink) too: dark either way."""

    def op(r: _Reader, o: list[Any], res: Any, _d: int) -> None:
        name = o[-1] if o and isinstance(o[-1], bytes) else b""
        kind = "gray"
        if name not in (b"/DeviceGray", b"/G", b"/DeviceRGB", b"/RGB", b"/DeviceCMYK", b"/CMYK", b"/Pattern"):
            described = r.resolve(res, b"/ColorSpace" + b" " + name)
            if isinstance(described, list) and described and str(described[0]) in ("/Separation", "/DeviceN"):
                kind = "tint"
        if stroke:
            r.gs.stroke_space, r.gs.stroke_dark = kind, True
        else:
            r.gs.fill_space, r.gs.fill_dark = kind, True

    return op


def _op_do(r: _Reader, o: list[Any], res: Any, depth: int) -> None:
    """A Form XObject drawn: its content read with its matrix and resources (a module drawn once as a form
    and placed many times is read each time, its tokens once)."""
    if depth >= MAX_FORM_DEPTH or not o or not isinstance(o[-1], bytes):
        return
    form = r.resolve(res, b"/XObject " + o[-1])
    if form is None or str(form.get("/Subtype")) != "/Form":
        return
    key = id(form)
    toks = r.forms.get(key)
    if toks is None:
        try:
            toks = tokens(form.get_data())
        except Exception:  # noqa: BLE001 - a form that cannot be decoded draws nothing here
            toks = []
        r.forms[key] = toks
    saved = r.gs.copy()
    matrix = form.get("/Matrix")
    try:
        m = tuple(float(v) for v in matrix) if matrix is not None else _IDENTITY
    except (TypeError, ValueError):
        m = _IDENTITY
    if len(m) == 6:
        r.gs.ctm = _times((m[0], m[1], m[2], m[3], m[4], m[5]), r.gs.ctm)
    inner = form.get("/Resources")
    r.run(toks, inner.get_object() if inner is not None else res, depth + 1)
    r.gs = saved


_OPERATORS: dict[bytes, Callable[[_Reader, list[Any], Any, int], None]] = {
    b"q": _op_q,
    b"Q": _op_big_q,
    b"cm": _op_cm,
    b"re": _op_re,
    b"m": _op_m,
    b"l": _op_l,
    b"c": _op_l,
    b"v": _op_l,
    b"y": _op_l,
    b"h": _op_h,
    b"f": _painter(True, False, False, False),
    b"F": _painter(True, False, False, False),
    b"f*": _painter(True, True, False, False),
    b"B": _painter(True, False, True, False),
    b"B*": _painter(True, True, True, False),
    b"b": _painter(True, False, True, True),
    b"b*": _painter(True, True, True, True),
    b"S": _painter(False, False, True, False),
    b"s": _painter(False, False, True, True),
    b"n": _painter(False, False, False, False),
    b"w": _op_w,
    b"J": _op_j,
    b"g": _colour_op(False, "gray"),
    b"G": _colour_op(True, "gray"),
    b"rg": _colour_op(False, "rgb"),
    b"RG": _colour_op(True, "rgb"),
    b"k": _colour_op(False, "cmyk"),
    b"K": _colour_op(True, "cmyk"),
    b"sc": _colour_op(False, None),
    b"scn": _colour_op(False, None),
    b"SC": _colour_op(True, None),
    b"SCN": _colour_op(True, None),
    b"cs": _space_op(False),
    b"CS": _space_op(True),
    b"Do": _op_do,
}


def _resolve(resources: Any, key: bytes) -> Any:
    """``/XObject /Fm0`` or ``/ColorSpace /CS0`` looked up in a resources dictionary (None when absent)."""
    try:
        kind, name = key.decode("latin-1").split(" ", 1)
        table = resources.get_object().get(kind) if resources is not None else None
        table = table.get_object() if table is not None else None
        value = table.get(name) if table is not None else None
        return value.get_object() if value is not None else None
    except Exception:  # noqa: BLE001 - a damaged resource draws nothing
        return None


def page_content(page: Any) -> bytes:
    """The page's content streams decoded and joined, cut at `MAX_CONTENT_BYTES`."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = list(contents) if isinstance(contents, list) else [contents]
    out = bytearray()
    for s in streams[:64]:
        out += s.get_object().get_data() + b"\n"
        if len(out) >= MAX_CONTENT_BYTES:
            break
    return bytes(out[:MAX_CONTENT_BYTES])


def page_paints(page: Any) -> list[Paint]:
    """The shapes one page paints, in order; empty when the page draws too little to be a QR code, or when a
    bound was reached."""
    data = page_content(page)
    path_ops = len(_PATH_OPS.findall(data))
    if path_ops > MAX_OPERATORS or (path_ops < MIN_PATH_OPERATORS and b"Do" not in data):
        return []  # over the bound before a token is read, or too little drawn to be a QR code
    resources = page.get("/Resources")
    reader = _Reader(_resolve, time.monotonic())
    try:
        reader.run(tokens(data), resources.get_object() if resources is not None else None, 0)
    except _Stop:
        return []
    return reader.paints


def decode_page(page: Any) -> list[str]:
    """The QR payloads drawn as vectors on a pypdf page (see the module); never raises for a damaged page."""
    try:
        paints = page_paints(page)
    except Exception:  # noqa: BLE001 - hostile PDFs: a page that cannot be read holds no code here
        return []
    return decode_paints(paints, y_up=True) if paints else []
