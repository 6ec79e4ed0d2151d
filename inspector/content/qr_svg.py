"""QR codes drawn as SVG shapes (``<rect>`` per module, a ``<path>`` of runs, thick lines), read, never rendered.

An SVG attachment, an inline SVG image or an ``<svg>`` written into the HTML body can draw a QR code with no
picture in it. This reader walks the document's shapes — ``rect``, ``path`` (straight segments; curves reduced
to their end points, arcs to their end points), ``polygon``, ``polyline``, ``line``, and ``<use>`` of an element
of the same document (a module defined once and placed many times) — with their ``transform``
(and their groups'), fill, stroke, stroke width and line cap, fill rule, ``display``/``visibility`` and
opacity, from attributes, ``style`` and simple ``<style>`` rules (`qr_css`), and hands the painted polygons
to `qr_draw`. Nothing else is done with the document: scripts are not run, ``<use>`` of another file, ``<image>`` links,
fonts, filters and external references are never followed (an ``<image>`` whose ``href`` is a ``data:`` URI
is handed back so the caller can decode it as a picture). The document is parsed by the same lxml HTML
parser as the body (`html_links.parse`: no network, no entities), which also reads SVG.

Bounds: elements walked (`MAX_ELEMENTS`), nesting (`MAX_DEPTH`), path commands (`MAX_PATH_NUMBERS`) and the
polygon bound of `qr_draw`.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any

from inspector.content import qr, qr_css
from inspector.content.qr_draw import MAX_POLYGONS, Paint, Point, decode_paints, stroke_quad

MAX_ELEMENTS = 50_000
MAX_DEPTH = 32
MAX_PATH_NUMBERS = 400_000
#: Elements whose content is never drawn where it stands (definitions, masks, text, scripts, foreign HTML).
_SKIPPED = frozenset(
    ("defs", "clippath", "mask", "pattern", "symbol", "marker", "script", "style", "text", "foreignobject",
     "lineargradient", "radialgradient", "filter", "title", "desc", "metadata")
)  # fmt: skip
_PATH_TOKEN = re.compile(r"[MmLlHhVvZzCcSsQqTtAa]|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)", re.I)
#: Numbers each path command takes, and which of them is the end point (x index).
_ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}
_INHERITED = ("fill", "stroke", "stroke-width", "fill-rule", "stroke-linecap", "visibility")
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

Matrix = tuple[float, float, float, float, float, float]


def _times(m: Matrix, n: Matrix) -> Matrix:
    """The transform `m` applied inside `n` (n ∘ m): a child's transform inside its group's."""
    a, b, c, d, e, f = n
    p, q, r, s, t, u = m
    return (a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f)


def transform(text: str | None) -> Matrix:
    """An SVG ``transform`` list as one matrix (unknown or damaged parts are left out)."""
    out = _IDENTITY
    for m in _TRANSFORM.finditer((text or "")[:2000]):
        nums = [float(v) for v in re.findall(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", m.group(2))]
        kind = m.group(1).lower()
        step = _step(kind, nums)
        if step is not None:
            out = _times(step, out)
    return out


def _step(kind: str, n: list[float]) -> Matrix | None:
    if kind == "matrix" and len(n) == 6:
        return (n[0], n[1], n[2], n[3], n[4], n[5])
    if kind == "translate" and n:
        return (1.0, 0.0, 0.0, 1.0, n[0], n[1] if len(n) > 1 else 0.0)
    if kind == "scale" and n:
        return (n[0], 0.0, 0.0, n[1] if len(n) > 1 else n[0], 0.0, 0.0)
    if kind == "rotate" and n:
        a = math.radians(n[0])
        rot = (math.cos(a), math.sin(a), -math.sin(a), math.cos(a), 0.0, 0.0)
        if len(n) == 3:
            return _times((1.0, 0.0, 0.0, 1.0, -n[1], -n[2]), _times(rot, (1.0, 0.0, 0.0, 1.0, n[1], n[2])))
        return rot
    if kind == "skewx" and n:
        return (1.0, 0.0, math.tan(math.radians(n[0])), 1.0, 0.0, 0.0)
    if kind == "skewy" and n:
        return (1.0, math.tan(math.radians(n[0])), 0.0, 1.0, 0.0, 0.0)
    return None


def path_subpaths(d: str) -> list[tuple[list[Point], bool]]:
    """A path's ``d`` as subpaths of points (closed or not), in user units."""
    subpaths: list[tuple[list[Point], bool]] = []
    toks = _PATH_TOKEN.findall(d[: MAX_PATH_NUMBERS * 4])[:MAX_PATH_NUMBERS]
    x = y = sx = sy = 0.0
    cmd = ""
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.isalpha():
            cmd = tok
            i += 1
            if cmd in "Zz":
                if subpaths:
                    subpaths[-1] = (subpaths[-1][0], True)
                x, y = sx, sy
                continue
        low = cmd.lower()
        n = _ARITY.get(low, 0)
        if not n or i + n > len(toks) or any(t.isalpha() for t in toks[i : i + n]):
            i += 1
            continue
        args = [float(t) for t in toks[i : i + n]]
        i += n
        rel = cmd.islower()
        if low == "h":
            x = x + args[0] if rel else args[0]
        elif low == "v":
            y = y + args[0] if rel else args[0]
        else:
            ex, ey = args[-2], args[-1]
            x, y = (x + ex, y + ey) if rel else (ex, ey)
        if low == "m":
            sx, sy = x, y
            subpaths.append(([(x, y)], False))
            cmd = "l" if rel else "L"  # further pairs after a moveto are linetos
        elif subpaths:
            subpaths[-1][0].append((x, y))
        else:
            subpaths.append(([(0.0, 0.0), (x, y)], False))
    return subpaths


def _points(text: str | None) -> list[Point]:
    nums = [float(v) for v in re.findall(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", (text or "")[:400_000])]
    return list(zip(nums[0::2], nums[1::2], strict=False))


@dataclass(slots=True)
class _Walk:
    """One SVG document's shapes in paint order, and the ``data:`` images it holds."""

    sheet: qr_css.Rules
    #: Elements by id, for ``<use>`` (references inside the document only).
    ids: dict[str, Any] = field(default_factory=dict)
    paints: list[Paint] = field(default_factory=list)
    data_images: list[str] = field(default_factory=list)
    seen: int = 0
    polygons: int = 0

    def visit(self, el: Any, ctm: Matrix, inherited: dict[str, str], depth: int) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            self.seen += 1
            if self.seen > MAX_ELEMENTS or self.polygons > MAX_POLYGONS or not qr.spend_drawing():
                return
            tag = tag.lower().rsplit("}", 1)[-1].rsplit(":", 1)[-1]
            if tag in _SKIPPED:
                continue
            props = self.props(child, inherited)
            if props.get("display", "").strip() == "none" or _opacity(props) < 0.5:
                continue
            here = _times(transform(child.get("transform")), ctm) if child.get("transform") else ctm
            if tag == "image":
                href = child.get("href") or child.get("xlink:href") or child.get("{http://www.w3.org/1999/xlink}href")
                if href and href.strip()[:11].lower() == "data:image/" and len(self.data_images) < 5:
                    self.data_images.append(href.strip())
                continue
            if tag in ("g", "svg", "a", "switch"):
                if depth < MAX_DEPTH:
                    self.visit(child, here, {k: props[k] for k in _INHERITED if k in props}, depth + 1)
                continue
            if tag == "use":
                self.use(child, here, props, depth)
                continue
            if props.get("visibility", "").strip() in ("hidden", "collapse"):
                continue
            self.shape(tag, child, here, props)

    def use(self, el: Any, ctm: Matrix, props: dict[str, str], depth: int) -> None:
        """``<use href="#id" x y>``: the element with that id drawn again, moved by x, y. Only references
        inside the document are followed (a module defined once and placed many times); the walk's element
        count bounds a chain of uses that multiplies itself."""
        href = (el.get("href") or el.get("xlink:href") or el.get("{http://www.w3.org/1999/xlink}href") or "").strip()
        target = self.ids.get(href[1:]) if href.startswith("#") else None
        if target is None or depth >= MAX_DEPTH:
            return
        moved = _times((1.0, 0.0, 0.0, 1.0, qr_css.number(el.get("x")) or 0.0, qr_css.number(el.get("y")) or 0.0), ctm)
        inherited = {k: props[k] for k in _INHERITED if k in props}
        tag = target.tag.lower().rsplit("}", 1)[-1] if isinstance(target.tag, str) else ""
        if tag in ("g", "svg", "symbol"):
            self.visit(target, moved, inherited, depth + 1)
            return
        self.seen += 1
        if not qr.spend_drawing():
            return
        own = self.props(target, inherited)
        if target.get("transform"):
            moved = _times(transform(target.get("transform")), moved)
        if own.get("display", "").strip() != "none" and _opacity(own) >= 0.5:
            self.shape(tag, target, moved, own)

    def props(self, el: Any, inherited: dict[str, str]) -> dict[str, str]:
        out = dict(inherited)
        for name in (*_INHERITED, "display", "opacity", "fill-opacity"):
            value = el.get(name)
            if value is not None:
                out[name] = value
        out.update(qr_css.style_of(el, self.sheet))
        return out

    def shape(self, tag: str, el: Any, ctm: Matrix, props: dict[str, str]) -> None:
        subpaths = _shape_subpaths(tag, el)
        if not subpaths:
            return

        def at(p: Point) -> Point:
            a, b, c, d, e, f = ctm
            return a * p[0] + c * p[1] + e, b * p[0] + d * p[1] + f

        fill = qr_css.colour_dark(props.get("fill", "black"))
        if fill is not None and tag not in ("line", "polyline"):
            polys = tuple(tuple(at(p) for p in pts) for pts, _ in subpaths if len(pts) >= 3)
            if polys:
                self.polygons += len(polys)
                self.paints.append(Paint(polys, fill, props.get("fill-rule", "").strip() == "evenodd"))
        stroke = qr_css.colour_dark(props.get("stroke"))
        width = qr_css.number(props.get("stroke-width", "1"))
        if stroke is None or not width or width <= 0:
            return
        a, b, c, d, _, _ = ctm
        half = width * math.sqrt(abs(a * d - b * c)) / 2
        extend = props.get("stroke-linecap", "").strip() in ("square", "round")
        for pts, closed in subpaths:
            ends = [*pts, pts[0]] if closed and len(pts) > 2 else pts
            for p, q in itertools.pairwise(ends):
                quad = stroke_quad(at(p), at(q), half, extend)
                if quad is not None:
                    self.polygons += 1
                    self.paints.append(Paint((quad,), stroke))


def _opacity(props: dict[str, str]) -> float:
    low = 1.0
    for name in ("opacity", "fill-opacity"):
        value = qr_css.number(props.get(name))
        if value is not None:
            low = min(low, value / 100 if props.get(name, "").strip().endswith("%") else value)
    return low


def _shape_subpaths(tag: str, el: Any) -> list[tuple[list[Point], bool]]:
    def num(name: str) -> float:
        return qr_css.number(el.get(name)) or 0.0

    if tag == "rect":
        x, y, w, h = num("x"), num("y"), num("width"), num("height")
        if w <= 0 or h <= 0:
            return []
        return [([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], True)]
    if tag == "path":
        return path_subpaths(el.get("d") or "")
    if tag in ("polygon", "polyline"):
        pts = _points(el.get("points"))
        return [(pts, tag == "polygon")] if len(pts) >= 2 else []
    if tag == "line":
        return [([(num("x1"), num("y1")), (num("x2"), num("y2"))], False)]
    return []


def svg_paints(svg: Any, sheet: qr_css.Rules | None = None) -> tuple[list[Paint], list[str]]:
    """The shapes an ``<svg>`` element paints, in order, and the ``data:`` image URIs it holds."""
    if sheet is None:
        sheet = qr_css.rules([s.text or "" for s in svg.iter("style")][:20])
    ids: dict[str, Any] = {}
    for n, el in enumerate(svg.iter()):
        if n >= MAX_ELEMENTS:
            break
        key = el.get("id") if isinstance(el.tag, str) else None
        if key and key not in ids:
            ids[key] = el
    walk = _Walk(sheet, ids)
    root_props = walk.props(svg, {})
    ctm = transform(svg.get("transform")) if svg.get("transform") else _IDENTITY
    walk.visit(svg, ctm, {k: root_props[k] for k in _INHERITED if k in root_props}, 0)
    return walk.paints, walk.data_images


def svg_codes(svg: Any, sheet: qr_css.Rules | None = None) -> tuple[list[str], list[str]]:
    """The QR payloads an ``<svg>`` element draws, and its ``data:`` image URIs (for the caller to decode)."""
    paints, images = svg_paints(svg, sheet)
    return (decode_paints(paints) if paints else []), images


def svg_elements(root: Any, limit: int = 5) -> list[Any]:
    """The outermost ``<svg>`` elements of a parsed document (an SVG file parsed as HTML, or a body)."""
    found: list[Any] = []
    for n, el in enumerate(root.iter("svg", "{http://www.w3.org/2000/svg}svg")):
        if n >= 1_000:
            break
        parent = el.getparent()
        nested = False
        while parent is not None:
            if isinstance(parent.tag, str) and parent.tag.lower().endswith("svg"):
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            found.append(el)
            if len(found) >= limit:
                break
    return found
