"""QR codes in an HTML body or page that hold no image file: cell grids, inline SVG and ``data:`` images.

Quishing mails since 2023 evade image scanning by building the QR code out of HTML: a table whose cells are
black or white (``bgcolor``, ``style="background:#000"``, or a class with that background), a CSS grid of
``<div>`` cells, rows of inline blocks; or by drawing it in an ``<svg>`` written into the body; or by putting
the picture in the HTML itself as a ``data:`` URI (``<img src="data:image/png;base64,...">``), which is no
attachment and no ``cid:`` part. Each is read here from the same lxml parse as the links (`html_links.parse`:
nothing loaded), turned into a grid of dark/light cells or a drawing (`qr_draw`) and decoded by zxing-cpp.

Grids: a table (``colspan``/``rowspan`` expanded), an element with ``display: grid`` (columns from
``grid-template-columns``; ``span`` and explicit ``grid-row``/``grid-column`` placement read), an element whose
children are rows of cells (flex rows, ``<div>`` rows; a cell's width in pixels counts as that many modules of
the narrowest cell), or a flat run of cells broken by ``<br>`` or wrapped by the container's width (or a
square number of cells). A cell's colour comes from its ``bgcolor``, ``background``/``background-color``
(attribute, ``style`` or a simple ``<style>`` rule), else from a single coloured child, its row or the table;
a cell without a colour is light. Only grids 21–200 cells a side, square-ish and 20–80 % dark are decoded.

Bounds: the body is cut and parsed as for the links; `MAX_CANDIDATES` grids looked at, `MAX_DECODES` decoded
(grids, SVGs and data: images together), `MAX_DATA_BYTES` per data: image.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from inspector.content import qr, qr_css, qr_svg, qr_text
from inspector.content.html_links import MAX_ELEMENTS, MAX_HTML_BYTES, parse
from inspector.content.qr_draw import MAX_SIDE, MIN_SIDE, decode_matrix, plausible_grid

if TYPE_CHECKING:
    from lxml import etree  # imported by the first HTML body (`html_links.parse`), not with the engine

MAX_CANDIDATES = 200
MAX_DECODES = 8
MAX_DATA_BYTES = 5_000_000
#: Cells looked at per candidate grid (a 200 × 200 grid; a larger one is not a QR code a phone reads).
MAX_CELLS = MAX_SIDE * MAX_SIDE
#: Cells whose colour is read in one document, all candidate grids together (a hostile page of thousands
#: of big tables is looked at up to here; the largest QR code has 31,329 modules).
MAX_CELL_READS = 60_000
#: Tags a grid of cells is built from (counted in the raw text, prefixes: ``<p`` counts ``<pre`` too).
_CELL_TAGS = ("<td", "<th", "<div", "<span", "<p", "<i", "<b", "<li", "<font", "<a", "<em", "<s", "<u")
_DATA_IMAGE = re.compile(r"(?i)data:image/([a-z0-9.+-]{1,30})((?:;[^,;]{0,100}){0,4}),")
_CSS_DATA_URL = re.compile(r"""(?i)url\(\s*['"]?(data:image/[^'")\s]+)""")
_REPEAT = re.compile(r"(?i)repeat\(\s*(\d{1,4})\s*,([^()]*(?:\([^()]*\)[^()]*)*)\)")
_SPAN = re.compile(r"(?i)span\s+(\d{1,4})")
_TABLE_PARTS = ("tbody", "thead", "tfoot")

Cell = tuple[bool | None, int]  # (dark, light or no colour; columns it covers)


#: What a cheap look at the raw body finds: (a data: image, an ``<svg>``, enough cells for a grid, block
#: characters).
Signs = tuple[bool, bool, bool, bool]


def signs(html_text: str) -> Signs:
    """What a cheap look at the raw body finds (`Signs`); the content stage asks once and hands the answer to
    `codes_in`."""
    head = html_text[:MAX_HTML_BYTES]
    lower = head.lower()
    return "data:image/" in lower, "<svg" in lower, _enough_cells(lower), qr_text.might_hold(head)


def _enough_cells(lower: str) -> bool:
    """At least `MIN_SIDE` × 3 tags a grid may be built from (counted until there are enough)."""
    count = 0
    for tag in _CELL_TAGS:
        count += lower.count(tag)
        if count >= MIN_SIDE * 3:
            return True
    return False


def might_hold(html_text: str) -> bool:
    """Could the body hold a QR code with no image file? Most mail cannot, and is then not parsed again."""
    return any(signs(html_text))


#: Elements that start a new line of text where they begin and end (for QR codes written as characters).
_LINE_BREAKS = frozenset(
    ("br", "p", "div", "tr", "li", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "center")
)


def text_lines(root: Any) -> str:
    """The document's text with a line break for each ``<br>`` and block element (scripts and styles left
    out): the lines a reader sees, where a QR code written with block characters is looked for."""
    from lxml import etree

    parts: list[str] = []
    skipped = 0
    for n, (event, el) in enumerate(etree.iterwalk(root, events=("start", "end"))):
        if n >= 2 * MAX_ELEMENTS:
            break
        tag = _tag(el)
        if event == "start":
            if tag in ("script", "style"):
                skipped += 1
            if tag in _LINE_BREAKS:
                parts.append("\n")
            if el.text and not skipped:
                parts.append(el.text)
        else:
            if tag in ("script", "style"):
                skipped -= 1
            if tag in _LINE_BREAKS and tag != "br":
                parts.append("\n")
            if el.tail and not skipped:
                parts.append(el.tail)
    return "".join(parts)


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower().rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(MAX_SIDE, int(str(value).strip())))
    except ValueError:
        return 1


class _Spent(Exception):
    """The budget of cells read in one document is used up: no further grid is looked at."""


class _Page:
    """One parsed document: its simple style rules, and the colour of elements (memoised)."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.sheet = qr_css.rules([s.text or "" for s in root.iter("style")][:50])
        self._styles: dict[Any, dict[str, str]] = {}
        #: Cells whose colour may still be read, over all candidate grids (`MAX_CELL_READS`).
        self.cells_left = MAX_CELL_READS

    def style(self, el: Any) -> dict[str, str]:
        found = self._styles.get(el)
        if found is None:
            found = self._styles[el] = qr_css.style_of(el, self.sheet)
        return found

    def own_colour(self, el: Any) -> bool | None:
        """The element's own background: dark, light, or none."""
        style = self.style(el)
        if not style and "bgcolor" not in el.attrib:
            return None
        for value in (style.get("background-color"), style.get("background"), el.get("bgcolor")):
            found = qr_css.colour_dark(value)
            if found is not None:
                return found
        return None

    def cell_colour(self, el: Any) -> bool | None:
        """A cell's background, else that of a lone coloured child (``<td><div style="background:#000">``).
        Raises `_Spent` past the document's budget of cells."""
        self.cells_left -= 1
        if self.cells_left < 0 or not qr.spend_drawing():
            raise _Spent
        found = self.own_colour(el)
        child = el
        for _ in range(3):
            if found is not None or len(child) != 1:
                break
            child = child[0]
            found = self.own_colour(child)
        return found


def _rows_to_matrix(rows: list[list[Cell]], default: bool = False) -> list[list[bool]]:
    """Rows of (colour, span) cells as a grid of dark cells (a cell without a colour takes `default`)."""
    return [[default if c is None else c for c, span in row for _ in range(span)] for row in rows]


def table_grid(page: _Page, table: Any) -> list[list[bool]] | None:
    """A table's cells as a grid, ``colspan`` and ``rowspan`` expanded; None when it cannot be a QR code."""
    rows: list[Any] = table.xpath("tr | tbody/tr | thead/tr | tfoot/tr")
    if not MIN_SIDE <= len(rows) <= MAX_SIDE or not _wide_enough(rows):
        return None
    table_colour = page.own_colour(table)
    grid: list[list[bool]] = []
    pending: dict[int, tuple[int, bool]] = {}  # column → (rows still covered, colour) for rowspans
    for tr in rows:
        cells = list(tr.iterchildren("td", "th"))
        if len(cells) > MAX_SIDE:
            return None
        row_colour = page.own_colour(tr)
        inherited = row_colour if row_colour is not None else table_colour
        line: dict[int, bool] = {k: dark for k, (_left, dark) in pending.items()}
        started: dict[int, tuple[int, bool]] = {}
        col = 0
        for cell in cells:
            while col in pending:
                col += 1
            colour = page.cell_colour(cell)
            dark = bool(inherited) if colour is None else colour
            span, down = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            for k in range(span):
                line[col + k] = dark
                if down > 1:
                    started[col + k] = (down - 1, dark)
            col += span
            if col > MAX_SIDE:
                return None
        pending = {k: (left - 1, dark) for k, (left, dark) in pending.items() if left > 1}
        pending.update(started)
        width = max(line, default=-1) + 1
        grid.append([line.get(k, bool(inherited)) for k in range(width)])
    return grid


def _wide_enough(rows: list[Any]) -> bool:
    """True when some row spans at least `MIN_SIDE` columns (colspans counted; colours not read yet): a
    layout table of two or three columns is turned away before any style is looked at."""
    for tr in rows[: MIN_SIDE * 2]:
        width = 0
        for cell in tr.iterchildren("td", "th"):
            width += _span(cell.get("colspan"))
            if width >= MIN_SIDE:
                return True
    return False


def _columns(template: str) -> int:
    """How many columns ``grid-template-columns`` makes (``repeat(25, 4px)``, ``4px 4px ...``)."""
    count = 0

    def repeat(m: re.Match[str]) -> str:
        nonlocal count
        count += int(m.group(1)) * max(1, len(m.group(2).split()))
        return " "

    rest = _REPEAT.sub(repeat, template[:4000])
    rest = re.sub(r"\[[^\]]*\]", " ", rest)  # line names
    rest = re.sub(r"\([^()]*\)", "", rest)  # minmax(...) and the like: one column each
    return count + len(rest.split())


def css_grid(page: _Page, el: Any) -> list[list[bool]] | None:
    """An element laid out with ``display: grid`` as a grid of its children's colours."""
    columns = _columns(page.style(el).get("grid-template-columns", ""))
    if not MIN_SIDE <= columns <= MAX_SIDE:
        return None
    cells = [c for c in el if _tag(c)][:MAX_CELLS]
    placed: dict[tuple[int, int], bool] = {}
    row = col = 0
    for cell in cells:
        style = page.style(cell)
        dark = bool(page.cell_colour(cell))
        r0 = qr_css.number(style.get("grid-row-start") or style.get("grid-row") or style.get("grid-area"))
        c0 = qr_css.number(style.get("grid-column-start") or style.get("grid-column"))
        span_m = _SPAN.search(style.get("grid-column", "") + " " + style.get("grid-column-end", ""))
        span = min(MAX_SIDE, int(span_m.group(1))) if span_m else 1
        if r0 is not None and c0 is not None and 1 <= r0 <= MAX_SIDE and 1 <= c0 <= MAX_SIDE:
            row, col = int(r0) - 1, int(c0) - 1
        elif col + span > columns:
            row, col = row + 1, 0
        for k in range(span):
            placed[(row, col + k)] = dark
        col += span
        if col >= columns:
            row, col = row + 1, 0
        if row > MAX_SIDE:
            return None
    if not placed:
        return None
    rows = max(r for r, _ in placed) + 1
    return [[placed.get((r, c), False) for c in range(columns)] for r in range(rows)]


def _width(page: _Page, el: Any) -> float | None:
    value = page.style(el).get("width") or el.get("width")
    found = qr_css.number(value)
    return found if found and found > 0 else None


def _weighted(page: _Page, rows: list[list[Any]]) -> list[list[Cell]]:
    """Rows of cell elements as (colour, span): a cell's width in units of the narrowest cell's width."""
    widths = [w for row in rows for w in (_width(page, c) for c in row[:MAX_SIDE]) if w]
    unit = min(widths) if widths and len(widths) >= sum(len(r) for r in rows) * 0.9 else None
    out: list[list[Cell]] = []
    for row in rows:
        cells: list[Cell] = []
        for c in row[:MAX_SIDE]:
            w = _width(page, c) if unit else None
            span = max(1, min(MAX_SIDE, round(w / unit))) if w and unit else 1
            cells.append((page.cell_colour(c), span))
        out.append(cells)
    return out


def block_grid(page: _Page, el: Any) -> list[list[bool]] | None:
    """An element whose children are rows of cells (flex rows, ``<div>`` rows), or a flat run of cells that
    ``<br>`` breaks into rows or the container's width wraps."""
    children = [c for c in el if _tag(c)]
    if len(children) > MAX_CELLS:
        return None
    rowish = [c for c in children if 2 <= len(c) <= MAX_SIDE]
    if (
        MIN_SIDE <= len(rowish) <= MAX_SIDE
        and len(rowish) >= 0.9 * len(children)
        and sum(len(c) for c in rowish) >= MIN_SIDE * 4  # a QR code's rows hold many runs; a list's two or three
    ):
        return _rows_to_matrix(_weighted(page, [[c for c in row if _tag(c)] for row in rowish]))
    if any(_tag(c) == "br" for c in children):
        rows: list[list[Any]] = []
        line: list[Any] = []
        for c in children:
            if _tag(c) == "br":
                rows.append(line)
                line = []
            else:
                line.append(c)
        rows.append(line)
        rows = [r for r in rows if r]
        return _rows_to_matrix(_weighted(page, rows)) if MIN_SIDE <= len(rows) <= MAX_SIDE else None
    return _wrapped(page, el, children)


def _wrapped(page: _Page, el: Any, cells: list[Any]) -> list[list[bool]] | None:
    """A flat run of same-sized cells wrapped into rows by the container's width (or a square number of them)."""
    if len(cells) < MIN_SIDE * MIN_SIDE:
        return None
    outer, inner = _width(page, el), _width(page, cells[0])
    columns = round(outer / inner) if outer and inner else 0
    if not MIN_SIDE <= columns <= MAX_SIDE:
        side = math.isqrt(len(cells))
        columns = side if side * side == len(cells) else 0
    if not columns:
        return None
    colours = [bool(page.cell_colour(c)) for c in cells]
    return [colours[k : k + columns] for k in range(0, len(colours), columns)]


#: Tables of 21 rows or more, and elements of 21 children or more: found by libxml2, not by a Python loop.
_GRID_CANDIDATES = (
    "//table[count(tr) + count(tbody/tr) + count(thead/tr) + count(tfoot/tr) >= 21]"
    " | //*[count(*) >= 21][not(self::table or self::tr or self::tbody or self::thead or self::tfoot"
    " or self::svg or self::select or self::ul or self::ol or self::head or self::html)]"
)


def _grids(page: _Page) -> list[tuple[str, list[list[bool]]]]:
    """The candidate grids of the document that could be QR codes, with what they were built from."""
    from lxml import etree

    found: list[tuple[str, list[list[bool]]]] = []
    try:
        candidates = page.root.xpath(_GRID_CANDIDATES)
    except etree.LxmlError:
        return found
    for el in candidates[:MAX_CANDIDATES]:
        grid: list[list[bool]] | None
        try:
            if _tag(el) == "table":
                grid, what = table_grid(page, el), "HTML table"
            elif "grid" in page.style(el).get("display", ""):
                grid, what = css_grid(page, el), "CSS grid"
            else:
                grid, what = block_grid(page, el), "HTML blocks"
        except _Spent:
            break
        if grid and plausible_grid(grid):
            found.append((what, grid))
    return found


def data_uri_bytes(uri: str) -> tuple[str, bytes] | None:
    """A ``data:image/...`` URI's subtype and bytes (base64 or percent-encoded); None when it is not one."""
    from urllib.parse import unquote_to_bytes

    m = _DATA_IMAGE.match(uri.strip())
    if m is None:
        return None
    payload = uri.strip()[m.end() : m.end() + MAX_DATA_BYTES * 2]
    try:
        if "base64" in m.group(2).lower():
            data = base64.b64decode(payload, validate=False)  # characters outside the alphabet are skipped
        else:
            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None
    return m.group(1).lower(), data[:MAX_DATA_BYTES]


def decode_data_uri(uri: str) -> list[str]:
    """The QR payloads of a ``data:`` image (raster formats by `qr.decode_image`, SVG by `qr_svg`)."""
    found = data_uri_bytes(uri)
    if found is None:
        return []
    subtype, data = found
    if subtype.startswith("svg") or data.lstrip()[:5].lower() in (b"<svg ", b"<?xml"):
        return svg_document_codes(data.decode("utf-8", "replace"), allow_data=False)
    try:
        return qr.decode_image(data)
    except qr.QrError:
        return []


def svg_document_codes(text: str, allow_data: bool = True) -> list[str]:
    """The QR payloads an SVG document draws (its shapes, and its embedded data: pictures when `allow_data`)."""
    root = parse(text)
    if root is None:
        return []
    out: list[str] = []
    for svg in qr_svg.svg_elements(root, limit=3):
        codes, images = qr_svg.svg_codes(svg)
        out.extend(codes)
        if allow_data:
            for uri in images[:3]:
                out.extend(decode_data_uri(uri))
    return list(dict.fromkeys(out))[: qr.MAX_CODES]


def _data_uris(root: Any) -> list[str]:
    """The ``data:image/`` URIs the document shows: ``src``, ``background``, ``poster``, CSS ``url()``."""
    found: list[str] = []
    for n, el in enumerate(root.iter()):
        if n >= MAX_ELEMENTS or len(found) >= MAX_DECODES:
            break
        if not isinstance(el.tag, str) or not el.attrib:
            continue
        for name, value in el.attrib.items():
            if value[:40].lower().lstrip().startswith("data:image/") and name.lower() not in ("href", "xlink:href"):
                found.append(value)
            elif name.lower() == "style" and "data:image/" in value.lower():
                found.extend(m.group(1) for m in _CSS_DATA_URL.finditer(value))
    for style in root.iter("style"):
        found.extend(m.group(1) for m in _CSS_DATA_URL.finditer((style.text or "")[:2_000_000]))
    return list(dict.fromkeys(found))[:MAX_DECODES]


def codes_in(
    html_text: str, prefix: str = "message body", root: etree._Element | None = None, found: Signs | None = None
) -> list[tuple[str, list[str]]]:
    """The QR codes of an HTML document that need no image file, each with where it was ("message body (HTML
    table)"); empty for most mail, which `might_hold` turns away unparsed. `root` is the document already
    parsed by `html_links.parse`, when the caller has it (the content stage shares it with the links), and
    `found` its `signs`, when the caller has asked."""
    data, svg, cells, characters = found if found is not None else signs(html_text)
    if not (data or svg or cells or characters):
        return []
    root = root if root is not None else parse(html_text)
    if root is None:
        return []
    page = _Page(root)
    out: list[tuple[str, list[str]]] = []
    budget = [MAX_DECODES]

    def take(what: str, decode: Callable[[], list[str]]) -> None:
        if budget[0] <= 0:
            return
        budget[0] -= 1
        found = decode()
        if found:
            out.append((f"{prefix} ({what})", found))

    for what, grid in _grids(page) if cells else ():
        take(what, lambda g=grid: decode_matrix(g))  # type: ignore[misc]
    for element in qr_svg.svg_elements(root) if svg else ():
        take("inline SVG", lambda s=element: _svg_with_data(s, page.sheet))  # type: ignore[misc]
    for uri in _data_uris(root) if data else ():
        take("inline data: image", lambda u=uri: decode_data_uri(u))  # type: ignore[misc]
    if characters:
        take("text characters", lambda: qr_text.codes_in(text_lines(root)))
    return out


def _svg_with_data(svg: Any, sheet: qr_css.Rules) -> list[str]:
    codes, images = qr_svg.svg_codes(svg, sheet)
    for uri in images[:3]:
        codes.extend(decode_data_uri(uri))
    return codes
