"""PDF attachments read for what they do, with pypdf (BSD-3-Clause), never rendered.

A PDF can run JavaScript in the reader's viewer, start it the moment the file opens (``/OpenAction``, the
``/AA`` additional actions), launch a program (``/Launch``), submit a form to a server, carry other files
(``/EmbeddedFile``), or be a one-page lure whose only content is a link or a QR code. Every object of the
file is looked at (object streams too, where malware hides its actions), up to `MAX_OBJECTS`; names written
with ``#xx`` escapes (``/J#61vaScript``) are decoded by the parser. When pypdf cannot read the file at all, a
bounded scan of the raw tokens still finds the action names, and the failure is a finding. The images of the
first pages are handed to the QR decoder (pixel bounds checked before anything is decoded), and QR codes drawn
with vector shapes on those pages are read from their content streams (`qr_pdf`).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any

#: Objects looked at per file (a real invoice has hundreds; a hostile file may claim millions).
MAX_OBJECTS = 20_000
#: Pages whose images are decoded for QR codes, images per page, and pixels per image.
MAX_QR_PAGES = 3
MAX_QR_IMAGES = 6
MAX_QR_PIXELS = 12_000_000
#: Images smaller than this edge (icons, tracking pixels) or longer than `MAX_ASPECT` times their width
#: (banners, rules) cannot hold a QR code a phone reads: they are not decoded.
MIN_QR_EDGE = 40
MAX_ASPECT = 4
#: Bytes of a file the raw token scan reads when the parser fails.
MAX_RAW_SCAN = 8_000_000
MAX_URIS = 50
#: Bytes after the last ``%%EOF`` that are still handed to the parser.
MAX_TRAILING = 1024
#: Levels of dictionaries written inside one object that are looked into.
MAX_NESTING = 6
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_RAW_NAMES = re.compile(rb"/(JavaScript|JS|OpenAction|AA|Launch|URI|EmbeddedFile|SubmitForm|RichMedia|XFA)\b")
_RAW_URI = re.compile(rb"/URI\s*\(([^)]{1,2000})\)")


@dataclass(slots=True)
class PdfSigns:
    """What a PDF does when opened or clicked (see the module)."""

    javascript: bool = False
    open_action: bool = False
    auto_javascript: bool = False
    launch: list[str] = field(default_factory=list)
    submit_form: bool = False
    embedded_files: list[str] = field(default_factory=list)
    uris: list[str] = field(default_factory=list)
    pages: int | None = None
    #: Decoded images (Pillow images) of the first pages, with where they were: for the QR decoder.
    images: list[tuple[str, Any]] = field(default_factory=list)
    #: QR payloads drawn as vector shapes on the first pages (see `qr_pdf`), with where they were.
    drawn_codes: list[tuple[str, list[str]]] = field(default_factory=list)
    encrypted: bool = False
    error: str | None = None
    not_examined: str | None = None


def _name(value: object) -> str:
    return str(value) if value is not None else ""


def _text(value: Any) -> str:
    try:
        obj = value.get_object() if hasattr(value, "get_object") else value
    except Exception:  # noqa: BLE001
        return ""
    if isinstance(obj, bytes):
        return obj.decode("latin-1")
    return str(obj)


def _action(obj: Any, signs: PdfSigns, depth: int = 0) -> None:
    """One dictionary and the dictionaries written inside it (an annotation's ``/A`` action, a ``/Next``
    chain): an action (``/S``), JavaScript, an embedded file. Indirect references are not followed here:
    every indirect object is visited on its own (`_walk`)."""
    if depth < MAX_NESTING:
        for value in list(obj.values())[:200]:
            if hasattr(value, "keys") and hasattr(value, "get"):
                _action(value, signs, depth + 1)
            elif isinstance(value, list):
                for item in value[:200]:
                    if hasattr(item, "keys") and hasattr(item, "get"):
                        _action(item, signs, depth + 1)
    kind = _name(obj.get("/S"))
    if "/JS" in obj or kind == "/JavaScript":
        signs.javascript = True
    if kind == "/Launch":
        target = obj.get("/F") or obj.get("/Win") or ""
        if hasattr(target, "get") and not isinstance(target, (str, bytes)):
            target = target.get("/F") or target.get("/UF") or ""
        signs.launch.append(_text(target)[:200] or "a program")
    elif kind == "/URI" and len(signs.uris) < MAX_URIS:
        uri = _text(obj.get("/URI"))
        if uri:
            signs.uris.append(uri[:4000])
    elif kind in ("/SubmitForm", "/ImportData"):
        signs.submit_form = True
    if _name(obj.get("/Type")) == "/Filespec" and "/EF" in obj:
        signs.embedded_files.append((_text(obj.get("/UF")) or _text(obj.get("/F")) or "(unnamed)")[:200])


def _auto(reader: Any, signs: PdfSigns) -> None:
    """The actions that run when the document (or a page) opens, and whether one of them is JavaScript."""
    root = reader.trailer["/Root"].get_object()
    starts = [root.get("/OpenAction"), root.get("/AA")]
    signs.open_action = any(s is not None for s in starts)
    names = root.get("/Names")
    names = names.get_object() if names is not None else None
    if names is not None and hasattr(names, "get") and names.get("/JavaScript") is not None:
        # Document-level scripts in the name tree run when the document opens.
        signs.auto_javascript = signs.javascript = True
    for start in starts:
        try:
            obj = start.get_object() if start is not None else None
        except Exception:  # noqa: BLE001
            continue
        if obj is None or not hasattr(obj, "get"):
            continue
        items = [obj, *(v for v in obj.values() if hasattr(v, "get_object"))]
        for item in items:
            try:
                action = item.get_object()
            except Exception:  # noqa: BLE001
                continue
            if hasattr(action, "get") and ("/JS" in action or _name(action.get("/S")) == "/JavaScript"):
                signs.auto_javascript = True


def _objects(reader: Any) -> list[tuple[int, int]]:
    ids: list[tuple[int, int]] = []
    for gen, table in reader.xref.items():
        ids.extend((num, gen) for num in table)
    ids.extend((num, 0) for num in reader.xref_objStm)
    return ids


def _walk(reader: Any, signs: PdfSigns) -> None:
    ids = _objects(reader)
    if len(ids) > MAX_OBJECTS:
        signs.not_examined = f"more than {MAX_OBJECTS:,} objects: only the first {MAX_OBJECTS:,} were read"
    for num, gen in ids[:MAX_OBJECTS]:
        try:
            obj = reader.get_object(_indirect(num, gen, reader))
        except Exception:  # noqa: BLE001 - one damaged object is not the file
            continue
        if hasattr(obj, "get") and hasattr(obj, "keys"):
            try:
                _action(obj, signs)
            except Exception:  # noqa: BLE001
                continue


def _indirect(num: int, gen: int, reader: Any) -> Any:
    from pypdf.generic import IndirectObject

    return IndirectObject(num, gen, reader)


def _images(reader: Any, signs: PdfSigns) -> None:
    """Image XObjects of the first pages that could hold a QR code, decoded here (see `_pixels`): those of the
    page's resources, and those inside its Form XObjects (a page imported, merged or printed to PDF is often
    wrapped in a form, its pictures with it), up to `MAX_FORM_DEPTH` forms deep."""
    for index, page in enumerate(reader.pages[:MAX_QR_PAGES]):
        try:
            candidates = _xobjects(page.get("/Resources"), 0)
        except Exception:  # noqa: BLE001
            continue
        taken = 0
        for x in candidates:
            if taken >= MAX_QR_IMAGES:
                break
            image = _pixels(x)
            if image is not None:
                signs.images.append((f"page {index + 1}", image))
                taken += 1


#: Form XObjects looked into for pictures, and how deep.
MAX_FORM_DEPTH = 3


def _xobjects(resources: Any, depth: int) -> list[Any]:
    """The image XObjects of a resources dictionary, then those of its forms' resources (bounded)."""
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if hasattr(resources, "get") else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    if xobjects is None or not hasattr(xobjects, "values"):
        return []
    found: list[Any] = []
    for ref in list(xobjects.values())[: MAX_QR_IMAGES * 4]:
        try:
            x = ref.get_object()
        except Exception:  # noqa: BLE001 - a damaged object is skipped
            continue
        if _name(x.get("/Subtype")) == "/Image":
            found.append(x)
        elif _name(x.get("/Subtype")) == "/Form" and depth < MAX_FORM_DEPTH:
            found.extend(_xobjects(x.get("/Resources"), depth + 1))
        if len(found) >= MAX_QR_IMAGES * 4:
            break
    return found[: MAX_QR_IMAGES * 4]


def _drawn(reader: Any, signs: PdfSigns) -> None:
    """QR codes drawn with vector shapes (rectangles, paths, thick lines) on the first pages."""
    from inspector.content import qr_pdf

    for index, page in enumerate(reader.pages[:MAX_QR_PAGES]):
        found = qr_pdf.decode_page(page)
        if found:
            signs.drawn_codes.append((f"page {index + 1} (vector drawing)", found))


#: Colour spaces whose samples Pillow takes as they are: (colour space, bits per component) → Pillow mode.
_MODES = {("/DeviceGray", 8): "L", ("/DeviceGray", 1): "1", ("/DeviceRGB", 8): "RGB", ("/DeviceCMYK", 8): "CMYK"}
_ICC_MODES = {1: "L", 3: "RGB", 4: "CMYK"}


def qr_sized(width: int, height: int) -> bool:
    """True when an image of this size can hold a readable QR code: not an icon, not a banner, not a bomb."""
    if width < MIN_QR_EDGE or height < MIN_QR_EDGE or width * height > MAX_QR_PIXELS:
        return False
    return max(width, height) <= MAX_ASPECT * min(width, height)


def _pixels(x: Any) -> Any:
    """A Pillow image of an image XObject, or None. JPEG and JPEG 2000 streams go to Pillow as files; other
    streams are decoded by pypdf (Flate, LZW, ASCII85, run-length) and taken as raw samples when their colour
    space is plain (gray, RGB, CMYK, or ICC-based with 1, 3 or 4 components); masks, indexed colours, CCITT and
    JBIG2 are skipped. The declared size is checked before anything is decoded."""
    from PIL import Image

    try:
        if _name(x.get("/Subtype")) != "/Image":
            return None
        width, height = int(x.get("/Width", 0)), int(x.get("/Height", 0))
        if not qr_sized(width, height) or x.get("/ImageMask"):
            return None
        filters = x.get("/Filter")
        last = _name(filters[-1] if isinstance(filters, list) and filters else filters)
        if last in ("/DCTDecode", "/JPXDecode"):
            image = Image.open(io.BytesIO(x.get_data()), formats=("JPEG", "JPEG2000"))
            image.draft("L", (width // 2, height // 2))
            image.load()
            return image
        space = x.get("/ColorSpace")
        space = space.get_object() if hasattr(space, "get_object") else space
        bits = int(x.get("/BitsPerComponent", 8))
        if isinstance(space, list) and space and _name(space[0]) == "/ICCBased":
            mode = _ICC_MODES.get(int(space[1].get_object().get("/N", 0))) if bits == 8 else None
        else:
            mode = _MODES.get((_name(space), bits))
        if mode is None:
            return None
        data = x.get_data()
        return Image.frombytes(mode, (width, height), data) if data else None
    except Exception:  # noqa: BLE001 - an image that cannot be decoded is skipped
        return None


def _raw_scan(data: bytes, signs: PdfSigns) -> None:
    """The action names in the raw bytes (``#xx`` escapes decoded): a fallback for files pypdf refuses."""
    raw = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data[:MAX_RAW_SCAN])
    names = {m.group(1) for m in _RAW_NAMES.finditer(raw)}
    signs.javascript = signs.javascript or bool(names & {b"JavaScript", b"JS"})
    signs.open_action = signs.open_action or bool(names & {b"OpenAction", b"AA"})
    if b"Launch" in names and not signs.launch:
        signs.launch.append("a program")
    signs.submit_form = signs.submit_form or b"SubmitForm" in names
    if not signs.uris:
        signs.uris = [m.group(1).decode("latin-1") for m in _RAW_URI.finditer(raw)][:MAX_URIS]


def inspect_pdf(data: bytes, want_images: bool = True) -> PdfSigns:
    """What the PDF `data` does (see the module); a file pypdf cannot read is scanned raw, `error` set."""
    from pypdf import PdfReader  # lazily: only messages with a PDF pay for the import

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    signs = PdfSigns()
    end = data.rfind(b"%%EOF")
    if end == -1:
        # No end marker: pypdf would walk the whole file backwards looking for one, line by line.
        signs.error = "no end-of-file marker"
        _raw_scan(data, signs)
        return signs
    if len(data) - end > MAX_TRAILING:
        # Bytes appended after the last end marker (padding to slip past scanners' size limits) are not PDF:
        # cut before pypdf searches them backwards line by line (seconds for a few hundred kilobytes).
        data = data[: end + 5]
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        signs.encrypted = bool(reader.is_encrypted)
        if signs.encrypted:
            # An encrypted PDF's strings and streams cannot be read without the key; its names still can.
            reader.decrypt("")
        signs.pages = len(reader.pages)
        _auto(reader, signs)
        _walk(reader, signs)
        if want_images:
            _images(reader, signs)
            _drawn(reader, signs)
    except Exception as exc:  # noqa: BLE001 - hostile PDFs: a finding, never a crash
        signs.error = type(exc).__name__
        _raw_scan(data, signs)
    return signs
