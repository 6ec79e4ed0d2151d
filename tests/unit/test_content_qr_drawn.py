"""QR codes with no picture in them: drawn with vectors in a PDF, built from HTML table cells, CSS grids and
blocks, drawn in SVG, or carried as a ``data:`` image in the body — decoded offline and judged as links.

Every fixture is built here from segno's module matrix (segno is a test dependency): a PDF content stream
written by hand into a pypdf page, HTML tables and grids, SVG documents; nothing is fetched or rendered.
Negative cases (a colour layout table, a chequerboard, a huge table, a PDF of 100,000 rectangles, an
invoice's ruled table) must give no code, and the bounds must stop the readers before anything is painted.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from email.message import EmailMessage

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from inspector.analyze import analyze
from inspector.content import qr_draw, qr_html, qr_pdf, qr_svg, qr_text
from inspector.content.attachments import inspect_attachments
from inspector.content.judge import judge
from inspector.content.stage import _context
from inspector.ingest import load_bytes
from inspector.ingest.message import Attachment
from inspector.settings import AnalysisSettings

LURE = "https://paypa1.com/mfa-reset"

Matrix = list[list[bool]]


def modules(text: str = LURE) -> Matrix:
    """The QR code's modules (True = dark), without its quiet zone."""
    return [[bool(v) for v in row] for row in segno.make(text, error="m", micro=False).matrix]


def runs(row: list[bool]) -> list[tuple[int, int, bool]]:
    """(start, length, dark) for each run of equal modules in a row."""
    out: list[tuple[int, int, bool]] = []
    start = 0
    for k in range(1, len(row) + 1):
        if k == len(row) or row[k] != row[start]:
            out.append((start, k - start, row[start]))
            start = k
    return out


def att(name: str, data: bytes, ctype: str = "application/octet-stream") -> Attachment:
    return Attachment(name, ctype, len(data), hashlib.sha256(data).hexdigest(), data)


def judged(*files: Attachment, inline: tuple[Attachment, ...] = (), html: str = "") -> tuple:  # type: ignore[type-arg]
    ctx = _context(AnalysisSettings(), frozenset(), frozenset(), frozenset())
    assert ctx is not None
    return inspect_attachments(
        files, inline, "", lambda url, text: judge(url, text, "link", ctx), qr_html.codes_in(html) if html else ()
    )


# -- PDF builders ---------------------------------------------------------------------------------------------


def pdf_pages(*contents: bytes, forms: dict[str, bytes] | None = None, page_size: int = 600) -> bytes:
    """A PDF whose pages draw `contents` (content streams written by hand); `forms` become Form XObjects
    (name → content, one unit square of bounding box) in every page's resources."""
    writer = PdfWriter()
    for content in contents:
        writer.add_blank_page(page_size, page_size)
        page = writer.pages[-1]
        resources = DictionaryObject()
        if forms:
            table = DictionaryObject()
            for name, body in forms.items():
                form = DecodedStreamObject()
                form.set_data(body)
                form.update(
                    {
                        NameObject("/Type"): NameObject("/XObject"),
                        NameObject("/Subtype"): NameObject("/Form"),
                        NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0)] + [NumberObject(1)] * 2),
                    }
                )
                table[NameObject("/" + name)] = writer._add_object(form)
            resources[NameObject("/XObject")] = table
        page[NameObject("/Resources")] = resources
        stream = DecodedStreamObject()
        stream.set_data(content)
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(stream)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rects_content(m: Matrix, x0: float = 100, y0: float = 300, unit: float = 4) -> bytes:
    """A module per rectangle (``re f``, y up the page), on a white background, after a line of text, the way
    a PDF library's QR widget draws it."""
    ops = [b"BT /F1 12 Tf 100 550 Td (Scan to keep your mailbox active) Tj ET", b"1 g 0 0 600 600 re f", b"0 g"]
    size = len(m)
    for y, row in enumerate(m):
        for x, dark in enumerate(row):
            if dark:
                ops.append(f"{x0 + x * unit} {y0 + (size - 1 - y) * unit} {unit} {unit} re f".encode())
    return b"\n".join(ops)


def paths_content(m: Matrix) -> bytes:
    """Runs of modules as closed paths (``m l l l h``) in one fill, under a scaling matrix, in RGB."""
    ops = [b"q 0.9 0.9 0.9 rg 0 0 600 600 re f Q", b"q 3 0 0 3 120 200 cm 0.05 0.05 0.1 rg"]
    size = len(m)
    for y, row in enumerate(m):
        for start, length, dark in runs(row):
            if dark:
                top, end = size - y, start + length
                ops.append(f"{start} {top} m {end} {top} l {end} {top - 1} l {start} {top - 1} l h".encode())
    ops.append(b"f Q")
    return b"\n".join(ops)


def form_content(m: Matrix) -> bytes:
    """Each dark module placed as a Form XObject (``/Mod Do``) under its own ``cm``: no path on the page."""
    ops = [b"0 0 0 1 k"]
    size = len(m)
    for y, row in enumerate(m):
        for x, dark in enumerate(row):
            if dark:
                ops.append(f"q 5 0 0 5 {150 + 5 * x} {150 + 5 * (size - 1 - y)} cm /Mod Do Q".encode())
    return b"\n".join(ops)


# -- PDF: QR codes drawn as vectors ---------------------------------------------------------------------------


def test_pdf_qr_drawn_as_rectangles_is_decoded_and_judged() -> None:
    _rows, codes = judged(att("Mailbox_notice.pdf", pdf_pages(rects_content(modules())), "application/pdf"))
    (code,) = codes
    assert code.where == "Mailbox_notice.pdf, page 1 (vector drawing)"
    assert code.url_defanged == "hxxps://paypa1[.]com/mfa-reset" and code.domain == "paypa1.com"
    assert {f.kind for f in code.findings} >= {"lookalike", "qr-code"}
    assert "page 1 (vector drawing)" in next(f.explanation for f in code.findings if f.kind == "qr-code")


def test_pdf_qr_drawn_as_paths_under_a_matrix_and_on_a_later_page() -> None:
    blank = b"BT /F1 12 Tf 72 720 Td (Page one: nothing to scan) Tj ET"
    _rows, codes = judged(att("policy.pdf", pdf_pages(blank, paths_content(modules())), "application/pdf"))
    assert [c.where for c in codes] == ["policy.pdf, page 2 (vector drawing)"]
    assert codes[0].domain == "paypa1.com"


def test_pdf_qr_drawn_with_a_form_xobject_per_module() -> None:
    data = pdf_pages(form_content(modules()), forms={"Mod": b"0 0 1 1 re f"})
    _rows, codes = judged(att("scan.pdf", data, "application/pdf"))
    assert [c.domain for c in codes] == ["paypa1.com"]


def test_pdf_written_by_segno_strokes_its_modules() -> None:
    buf = io.BytesIO()
    segno.make(LURE, error="m").save(buf, kind="pdf", scale=3)
    _rows, codes = judged(att("qr.pdf", buf.getvalue(), "application/pdf"))
    assert [c.where for c in codes] == ["qr.pdf, page 1 (vector drawing)"]


def test_pdf_light_modules_on_a_dark_field_and_white_fill_are_read_by_colour() -> None:
    m = modules()
    # Dark field, then the light modules painted white over it: the same code.
    side = 4 * len(m)
    ops = [f"0 0 0 rg 100 300 {side} {side} re f".encode(), b"1 1 1 rg"]
    for y, row in enumerate(m):
        for x, dark in enumerate(row):
            if not dark:
                ops.append(f"{100 + 4 * x} {300 + 4 * (len(m) - 1 - y)} 4 4 re f".encode())
    frame = b"1 g 0 0 600 600 re f 1 g 80 280 150 150 re f"
    _rows, codes = judged(att("x.pdf", pdf_pages(frame + b"\n" + b"\n".join(ops)), "application/pdf"))
    assert [c.domain for c in codes] == ["paypa1.com"]


def test_pdf_without_a_qr_code_gives_none() -> None:
    chequer = b"\n".join(
        f"{100 + 4 * x} {100 + 4 * y} 4 4 re f".encode() for y in range(25) for x in range(25) if (x + y) % 2
    )
    ruled = b"\n".join(
        [b"BT /F1 10 Tf 72 700 Td (Invoice 2025-117) Tj ET", b"0.5 w 0 G"]
        + [f"72 {600 - 20 * k} m 520 {600 - 20 * k} l S".encode() for k in range(20)]
        + [f"{72 + 90 * k} 220 m {72 + 90 * k} 600 l S".encode() for k in range(6)]
    )
    _rows, codes = judged(att("chequer.pdf", pdf_pages(chequer, ruled), "application/pdf"))
    assert codes == ()


def test_pdf_ruled_table_is_not_even_painted(monkeypatch: pytest.MonkeyPatch) -> None:
    # An invoice's table: hairlines 0.5 pt thick over hundreds of their own widths, text, a filled header.
    ruled = b"\n".join(
        [b"BT /F1 10 Tf 72 700 Td (Invoice 2025-117) Tj ET", b"0.9 g 72 600 448 20 re f", b"0.5 w 0 G"]
        + [f"72 {600 - 20 * k} m 520 {600 - 20 * k} l S".encode() for k in range(20)]
        + [f"{72 + 90 * k} 220 m {72 + 90 * k} 600 l S".encode() for k in range(6)]
    )

    def no_painting(*_args: object, **_kw: object) -> object:
        raise AssertionError("a drawing that cannot be a QR code is not painted")

    monkeypatch.setattr(qr_draw, "render", no_painting)
    _rows, codes = judged(att("invoice.pdf", pdf_pages(ruled), "application/pdf"))
    assert codes == ()


def test_pdf_of_100k_rectangles_stops_at_the_operator_bound_before_painting(monkeypatch: pytest.MonkeyPatch) -> None:
    # The first rectangles are even a real QR code: past the bound, the page is not decoded at all.
    content = (
        rects_content(modules()) + b"\n" + b"\n".join(b"%d %d 1 1 re f" % (k % 600, k // 600) for k in range(100_000))
    )
    assert content.count(b" re f") > qr_pdf.MAX_OPERATORS // 2

    def no_painting(*_args: object, **_kw: object) -> object:
        raise AssertionError("a page over the bound must not be painted")

    monkeypatch.setattr(qr_draw, "render", no_painting)
    rows, codes = judged(att("many.pdf", pdf_pages(content), "application/pdf"))
    assert codes == () and not any(f.kind == "malformed" for f in rows[0].findings)


def test_pdf_content_tokens_skip_text_strings_and_inline_images() -> None:
    toks = qr_pdf.tokens(b"BT (1 0 0 1 0 0 cm 0 0 9 9 re f) Tj ET q BI /W 1 /H 1 ID \x00re f\xff EI Q 1 2 m")
    assert toks == [b"q", b"Q", b"1", b"2", b"m"]


def test_pdf_picture_inside_a_form_xobject() -> None:
    """A page wrapped in a Form XObject (merged, imported or printed to PDF) carries its QR picture inside
    the form's own resources: the image reader looks there too."""
    from PIL import Image

    png = io.BytesIO()
    segno.make(LURE, error="m").save(png, kind="png", scale=6, border=4)
    img = Image.open(io.BytesIO(png.getvalue())).convert("L")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    image = DecodedStreamObject()
    image.set_data(img.tobytes())
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(img.width),
            NameObject("/Height"): NumberObject(img.height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    form = DecodedStreamObject()
    form.set_data(f"q {img.width} 0 0 {img.height} 0 0 cm /Im0 Do Q".encode())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(595), NumberObject(842)]),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
            ),
        }
    )
    page = writer.pages[0]
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Fm0"): writer._add_object(form)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"q 1 0 0 1 50 400 cm /Fm0 Do Q")
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(content)])
    out = io.BytesIO()
    writer.write(out)
    _rows, codes = judged(att("merged.pdf", out.getvalue(), "application/pdf"))
    assert [(c.where, c.domain) for c in codes] == [("merged.pdf, page 1", "paypa1.com")]


def test_hostile_content_streams_tokenise_in_one_pass() -> None:
    # Unended text objects and inline images, unended strings, nested parentheses: each is one linear scan.
    assert qr_pdf.tokens(b"1 2 m " + b"BT " * 200_000) == [b"1", b"2", b"m"]
    assert qr_pdf.tokens(b"q " + b"BI ID " * 100_000) == [b"q"]
    assert qr_pdf.tokens(b"(" * 300_000 + b"x" * 300_000)[-1] == b"x" * 300_000
    assert qr_pdf.tokens(b"(a(b)c) Tj 1 2 l")[-3:] == [b"1", b"2", b"l"]


# -- HTML: tables, CSS grids, blocks ---------------------------------------------------------------------------


def html_table(m: Matrix, how: str = "bgcolor") -> str:
    rows = []
    for row in m:
        if how == "bgcolor":
            cells = "".join(f'<td bgcolor="{"#000000" if d else "#FFFFFF"}" width="4" height="4"></td>' for d in row)
        elif how == "class":
            cells = "".join(f'<td class="{"q1" if d else "q0"}"></td>' for d in row)
        else:  # colspan runs, light cells left without a colour
            cells = "".join(
                f'<td colspan="{n}" style="background-color:#1a1a1a"></td>' if d else f'<td colspan="{n}"></td>'
                for _s, n, d in runs(row)
            )
        rows.append(f"<tr>{cells}</tr>")
    style = "<style>td.q1 { background: rgb(0, 0, 0) } .q0{background:white}</style>" if how == "class" else ""
    return (
        f"<html><head>{style}</head><body><p>Your mailbox needs re-validation. Scan the code below.</p>"
        f'<table cellpadding="0" cellspacing="0" border="0"><tbody>{"".join(rows)}</tbody></table></body></html>'
    )


@pytest.mark.parametrize("how", ["bgcolor", "class", "colspan"])
def test_html_table_qr_is_decoded_and_judged(how: str) -> None:
    _rows, codes = judged(html=html_table(modules(), how))
    (code,) = codes
    assert code.where == "message body (HTML table)"
    assert code.domain == "paypa1.com" and "lookalike" in {f.kind for f in code.findings}


def test_html_table_with_rowspans() -> None:
    m = modules()
    # Vertical pairs of equal dark modules in even rows merged with rowspan=2 (the row below leaves them out).
    rows = []
    for y, row in enumerate(m):
        cells = []
        for x, dark in enumerate(row):
            merged_above = y % 2 == 1 and m[y - 1][x] and dark
            merged_here = y % 2 == 0 and y + 1 < len(m) and dark and m[y + 1][x]
            if merged_above:
                continue
            span = ' rowspan="2"' if merged_here else ""
            cells.append(f'<td{span} bgcolor="{"black" if dark else "white"}"></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    _rows, codes = judged(html="<table>" + "".join(rows) + "</table>")
    assert [c.where for c in codes] == ["message body (HTML table)"]


def test_css_grid_flex_rows_and_inline_blocks() -> None:
    m = modules()
    n = len(m)
    grid = (
        f'<div style="display:grid; grid-template-columns: repeat({n}, 5px)">'
        + "".join(f'<div style="background:{"#000" if d else "#fff"};height:5px"></div>' for row in m for d in row)
        + "</div>"
    )
    flex = (
        "<div>"
        + "".join(
            '<div style="display:flex">'
            + "".join(
                f'<span style="width:{4 * k}px;height:4px;background-color:{"#000" if d else "#fff"}"></span>'
                for _s, k, d in runs(row)
            )
            + "</div>"
            for row in m
        )
        + "</div>"
    )
    inline = (
        '<div style="line-height:0">'
        + "<br>".join(
            "".join(
                f'<i style="display:inline-block;width:4px;height:4px;background:{"black" if d else "white"}"></i>'
                for d in row
            )
            for row in m
        )
        + "</div>"
    )
    wrapped = (
        f'<div style="width:{4 * n}px">'
        + "".join(
            f'<span style="float:left;width:4px;height:4px;background:{"black" if d else "white"}"></span>'
            for row in m
            for d in row
        )
        + "</div>"
    )
    wheres = []
    for body in (grid, flex, inline, wrapped):
        _rows, codes = judged(html=f"<html><body>{body}</body></html>")
        assert [c.domain for c in codes] == ["paypa1.com"], body[:80]
        wheres.append(codes[0].where)
    assert wheres == ["message body (CSS grid)"] + ["message body (HTML blocks)"] * 3


def test_html_tables_that_are_not_qr_codes_give_nothing_and_are_not_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    palette = ["#ff0000", "#00ff00", "#0000ff", "#333333", "#eeeeee", "navy", "gold"]
    layout = (
        "<table>"
        + "".join(
            "<tr>" + "".join(f'<td bgcolor="{palette[(x * y) % 7]}">{x}</td>' for x in range(24)) + "</tr>"
            for y in range(24)
        )
        + "</table>"
    )
    chequer = (
        "<table>"
        + "".join(
            "<tr>" + "".join(f'<td bgcolor="{"black" if (x + y) % 2 else "white"}"></td>' for x in range(25)) + "</tr>"
            for y in range(25)
        )
        + "</table>"
    )
    calendar = (
        "<table>"
        + "".join("<tr>" + "".join(f"<td>{d}</td>" for d in range(7)) + "</tr>" for _ in range(40))
        + "</table>"
    )
    for body in (layout, chequer, calendar):
        _rows, codes = judged(html=body)
        assert codes == ()
    huge = (
        "<table>"
        + "<tr>"
        + "<td bgcolor=black></td><td></td>" * 150
        + "</tr>" * 1
        + ("<tr>" + "<td bgcolor=black></td><td></td>" * 150 + "</tr>") * 299
        + "</table>"
    )
    decoded: list[object] = []
    monkeypatch.setattr(qr_html, "decode_matrix", lambda g: decoded.append(g) or [])
    assert qr_html.codes_in(huge) == [] and decoded == []  # 300 × 300: over the bound, never decoded


def test_a_plain_newsletter_is_not_parsed_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    monkeypatch.setattr(qr_html, "parse", lambda text: parsed.append(text))
    body = "<html><body>" + "<table><tr><td>News</td><td><a href='https://example.com/a'>read</a></td></tr></table>" * 5
    assert qr_html.codes_in(body + "</body></html>") == [] and parsed == []


def test_the_content_stage_parses_a_body_once_for_links_and_drawn_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector.content import html_links, stage

    calls: list[int] = []
    real = html_links.parse

    def counted(text: str) -> object:
        calls.append(len(text))
        return real(text)

    for module in (html_links, stage, qr_html):
        monkeypatch.setattr(module, "parse", counted)
    msg = EmailMessage()
    msg["From"] = "IT <it@example.com>"
    msg.set_content("Open the HTML version.")
    html = html_table(modules()).replace("</body>", '<p><a href="https://example.com/help">help</a></p></body>')
    msg.add_alternative(html, subtype="html")
    view = stage.content_view(load_bytes(msg.as_bytes()))
    assert [c.where for c in view.qr] == ["message body (HTML table)"]
    assert [link.domain for link in view.links] == ["example.com"] and len(calls) == 1


# -- SVG and data: images --------------------------------------------------------------------------------------


def svg_rects(m: Matrix) -> str:
    return (
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33">'
        "<script>alert(1)</script>"
        '<rect width="33" height="33" fill="#fff"/><g transform="translate(4 4)" style="fill:#000">'
        + "".join(
            f'<rect x="{x}" y="{y}" width="1" height="1"/>' for y, r in enumerate(m) for x, d in enumerate(r) if d
        )
        + "</g></svg>"
    )


def segno_svg() -> str:
    buf = io.BytesIO()
    segno.make(LURE, error="m").save(buf, kind="svg", scale=4)
    return buf.getvalue().decode()


def test_svg_attachment_and_inline_svg_image_drawn_with_rects() -> None:
    rows, codes = judged(att("fax.svg", svg_rects(modules()).encode(), "image/svg+xml"))
    assert [c.where for c in codes] == ["attachment fax.svg (SVG drawing)"]
    assert "svg-script" in {f.kind for f in rows[0].findings}
    _rows, inline = judged(inline=(att("image002.svg@01DC", segno_svg().encode(), "image/svg+xml"),))
    assert [(c.where, c.domain) for c in inline] == [("inline image image002.svg@01DC", "paypa1.com")]


def test_svg_in_the_body_and_data_images() -> None:
    png = io.BytesIO()
    segno.make(LURE, error="m").save(png, kind="png", scale=5)
    png_uri = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    svg_uri = "data:image/svg+xml;base64," + base64.b64encode(svg_rects(modules()).encode()).decode()
    body = segno_svg().split("?>", 1)[1]
    for html, where in (
        (f"<html><body><p>Scan:</p>{body}</body></html>", "message body (inline SVG)"),
        (f'<html><body><img alt="scan" src="{png_uri}"></body></html>', "message body (inline data: image)"),
        (f'<html><body><img src="{svg_uri}"></body></html>', "message body (inline data: image)"),
        (f"<html><body><div style=\"background-image:url('{png_uri}');width:200px\"></div></body></html>",
         "message body (inline data: image)"),
    ):  # fmt: skip
        _rows, codes = judged(html=html)
        assert [(c.where, c.domain) for c in codes] == [(where, "paypa1.com")], where


def test_svg_module_defined_once_and_placed_with_use() -> None:
    m = modules()
    uses = "".join(f'<use xlink:href="#m" x="{x}" y="{y}"/>' for y, r in enumerate(m) for x, d in enumerate(r) if d)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 40">'
        '<defs><rect id="m" width="1" height="1" fill="#000"/></defs><g transform="translate(4,4)">'
        + uses
        + '</g><use href="https://example.com/remote.svg#x"/></svg>'
    )
    _rows, codes = judged(att("scan.svg", svg.encode(), "image/svg+xml"))
    assert [(c.where, c.domain) for c in codes] == [("attachment scan.svg (SVG drawing)", "paypa1.com")]


def test_svg_shapes_in_definitions_hidden_or_transparent_are_not_drawn() -> None:
    m = modules()
    shapes = "".join(
        f'<rect x="{x}" y="{y}" width="1" height="1"/>' for y, r in enumerate(m) for x, d in enumerate(r) if d
    )
    for wrap in ("<defs>{}</defs>", '<g style="display:none">{}</g>', '<g opacity="0.1">{}</g>'):
        root = qr_html.parse(f'<svg viewBox="0 0 33 33">{wrap.format(shapes)}</svg>')
        assert root is not None
        (svg,) = qr_svg.svg_elements(root)
        assert qr_svg.svg_codes(svg)[0] == [], wrap


def test_svg_path_commands_and_transforms() -> None:
    subpaths = qr_svg.path_subpaths("M1 1h2v2H1z m5 0 l1 0 1 1 c0 0 0 0 -1 1 Z")
    assert subpaths[0] == ([(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0)], True)
    assert subpaths[1][0][:3] == [(6.0, 1.0), (7.0, 1.0), (8.0, 2.0)]
    a, b, c, d, e, f = qr_svg.transform("translate(10 20) scale(2)")
    assert (a * 1 + c * 1 + e, b * 1 + d * 1 + f) == (12.0, 22.0)


# -- the report and the verdict --------------------------------------------------------------------------------


def test_html_table_quishing_is_a_verdict_reason() -> None:
    msg = EmailMessage()
    msg["From"] = "IT Support <it@example.com>"
    msg["To"] = "user@example.org"
    msg["Subject"] = "Mailbox re-validation"
    msg["Date"] = "Mon, 01 Sep 2025 10:00:00 +0000"
    msg["Message-ID"] = "<q1@example.com>"
    msg.set_content("Scan the code in the HTML version of this message.")
    msg.add_alternative(html_table(modules(), "class"), subtype="html")
    report = analyze(load_bytes(msg.as_bytes()))
    assert [c.where for c in report.content.qr] == ["message body (HTML table)"]
    assert "quishing" in {f.rule for f in report.verdict.findings}
    assert any("QR code" in r and "paypa1.com" in r for r in report.verdict.reasons)


def test_html_attachment_with_a_table_qr() -> None:
    _rows, codes = judged(att("Secure_Message.html", html_table(modules()).encode(), "text/html"))
    assert [c.where for c in codes] == ["attachment Secure_Message.html (HTML table)"]


def test_a_page_of_many_big_tables_stops_at_the_cell_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    reads = [0]
    real = qr_html._Page.cell_colour

    def counted(self: qr_html._Page, el: object) -> bool | None:
        reads[0] += 1
        return real(self, el)

    monkeypatch.setattr(qr_html._Page, "cell_colour", counted)
    table = "<table>" + ("<tr>" + "<td></td>" * 40 + "</tr>") * 40 + "</table>"
    assert qr_html.codes_in("<html><body>" + table * 200 + "</body></html>") == []
    assert qr_html.MAX_CELL_READS <= reads[0] <= qr_html.MAX_CELL_READS + 1


# -- block characters ----------------------------------------------------------------------------------------


def half_blocks(m: Matrix) -> list[str]:
    """The code as a terminal QR printer writes it: each character two modules, one above the other."""
    rows = [*m, [False] * len(m[0])] if len(m) % 2 else list(m)
    glyph = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return ["".join(glyph[a, b] for a, b in zip(rows[y], rows[y + 1], strict=True)) for y in range(0, len(rows), 2)]


def test_qr_written_with_block_characters_in_the_text_and_html_bodies() -> None:
    m = modules()
    full = ["".join("██" if d else "  " for d in row) for row in m]
    squares = ["".join("⬛" if d else "⬜" for d in row) for row in m]
    for lines in (half_blocks(m), full, squares):
        text = "Scan to keep your mailbox:\n\n" + "\n".join("    " + line for line in lines) + "\n\nIT Service desk"
        assert qr_text.codes_in(text) == [LURE]
    html = "<p>Scan</p><div style='font-family:monospace'>" + "<br>".join(
        line.replace(" ", "&nbsp;") for line in half_blocks(m)
    )
    _rows, codes = judged(html=html + "</div>")
    assert [(c.where, c.domain) for c in codes] == [("message body (text characters)", "paypa1.com")]
    msg = EmailMessage()
    msg["From"] = "IT <it@example.com>"
    msg["To"] = "user@example.org"
    msg["Subject"] = "Mailbox"
    msg["Date"] = "Mon, 01 Sep 2025 10:00:00 +0000"
    msg["Message-ID"] = "<q2@example.com>"
    msg.set_content("Scan:\n" + "\n".join(half_blocks(m)) + "\n")
    report = analyze(load_bytes(msg.as_bytes()))
    assert [c.where for c in report.content.qr] == ["message body (text characters)"]
    assert "quishing" in {f.rule for f in report.verdict.findings}


def test_block_character_art_that_is_no_qr_code_gives_nothing() -> None:
    bars = "\n".join(f"{name:<8}" + "█" * (k * 3 % 40 + 5) + "░" * 10 for k, name in enumerate("abcdefghijklmn"))
    banner = "\n".join("█" * 30 for _ in range(25))  # a solid block: all dark, never decoded
    chequer = "\n".join("".join("█" if (x + y) % 2 else " " for x in range(25)) for y in range(25))
    for text in (bars, banner, chequer, "Progress: ▓▓▓▓▓▓░░░░ 60 %"):
        assert qr_text.codes_in(text) == []


def test_svg_uses_that_multiply_themselves_stop_at_the_element_bound() -> None:
    groups = ['<g id="g0">' + '<rect width="1" height="1"/>' * 10 + "</g>"]
    for k in range(1, 8):  # 10**8 rectangles if every use were drawn
        groups.append(f'<g id="g{k}">' + f'<use href="#g{k - 1}"/>' * 10 + "</g>")
    root = qr_html.parse('<svg viewBox="0 0 10 10"><defs>' + "".join(groups) + '</defs><use href="#g7"/></svg>')
    assert root is not None
    (svg,) = qr_svg.svg_elements(root)
    paints, _images = qr_svg.svg_paints(svg)
    assert len(paints) <= qr_svg.MAX_ELEMENTS


#: The one-regex look for block characters that `qr_text.might_hold` used before it found the characters with
#: `str.find` (issue 16 item 3): the oracle for the quick look.
_ANY_BLOCK_BEFORE = re.compile(
    r"[█▀▄⬛■◼▓]|&#(?:9608|9600|9604|9619|11035|9632|9724|x2588|x2580|x2584|x2593|x2b1b|x25a0|x25fc);"
    r"|&(?:block|uhblk|lhblk|squf|FilledVerySmallSquare);",
    re.I,
)
_ENTITY_PIECES = [
    "&#9608;",
    "&#x2588;",
    "&#X2B1B;",
    "&block;",
    "&BLOCK;",
    "&uhblk;",
    "&Lhblk;",
    "&squf;",
    "&filledverysmallsquare;",
    "&#9608",
    "&#96080;",
    "&amp;",
    "&#39;",
    "&",
    "#",
    ";",
    "█",
    "▓",
    "◼",
    "■",
    "x2588",
    "<td>",
    "K",
    "ſ",
    "ı",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_ENTITY_PIECES), st.text(max_size=5)), max_size=12).map("".join))
def test_the_quick_look_for_block_characters_equals_the_one_regex(text: str) -> None:
    assert qr_text.might_hold(text) is (_ANY_BLOCK_BEFORE.search(text) is not None)


def test_the_cell_count_stops_early_but_answers_as_the_full_count() -> None:
    for n in (0, 1, 62, 63, 64, 200):
        for tags in (["<td"], ["<td", "<div", "<p", "<span"], ["<li", "<u"]):
            lower = "".join(tags[i % len(tags)] + ">x" for i in range(n))
            full = sum(lower.count(tag) for tag in qr_html._CELL_TAGS) >= qr_draw.MIN_SIDE * 3
            assert qr_html._enough_cells(lower) is full, (n, tags)
