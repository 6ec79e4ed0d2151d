"""Reading RFC 5322 messages (.eml) and pasted header text."""

from __future__ import annotations

import codecs
import email.policy
import hashlib
import re
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message as EmailMessageBase

from inspector.errors import InputError
from inspector.ingest.headers import (
    MAX_HEADER_FIELDS,
    decode_rfc2047,
    parse_header_block,
    parse_header_block_bounded,
    split_head_body,
)
from inspector.ingest.message import Attachment, Limit, Message, SourceFormat

#: MIME parts read; the rest are not examined (a `Limit`). The standard parser does the work before any limit
#: applied afterwards can, so the bytes it gets are cut first (`_bounded_mime`): 1 MB of tiny parts took 13 s.
MAX_PARTS = 500
#: MIME nesting levels read (a 36 KB file nests 502 levels; real mail nests fewer than ten).
MAX_DEPTH = 32
#: Attachment names listed from the part of a message that was not examined.
MAX_HIDDEN_NAMES = 10

_BOUNDARY = re.compile(rb"""boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))""", re.IGNORECASE)
_DELIMITER = re.compile(rb"^--([^\r\n]{1,200}?)[ \t]*\r?$", re.MULTILINE)
_NAME = re.compile(rb"""\b(?:file)?name\*?(?:\*?\d+\*?)?\s*=\s*"?([^"\r\n;]{1,200})""", re.IGNORECASE)


def read_eml(
    data: bytes, path: str | None = None, *, sha256: str | None = None, warnings: list[str] | None = None
) -> Message:
    """Build a Message from wire-format bytes, keeping them exactly.

    A message file always has a body, even an empty or blank one, or none written at all (RFC 5322 §3.5:
    the body is optional, and then it is the empty body): DKIM and ARC check their body hash against it.
    Taking a blanked or removed body as "headers only" let a message whose body was wiped after signing
    pass. Header-only checking is for pasted headers and .msg files, which really have lost the body
    (`read_pasted_headers`, the .msg reader).
    """
    head, body = split_head_body(data)
    fields, header_warnings, stopped = parse_header_block_bounded(head)
    warnings = [*(warnings or []), *header_warnings]
    limits: list[Limit] = []
    mime_input = data
    if stopped is not None:
        rest = len(head) - stopped
        limits.append(
            Limit(
                "header-fields",
                MAX_HEADER_FIELDS,
                f"more than {MAX_HEADER_FIELDS:,} header fields: the rest of the header block "
                f"({_size(rest)}) was not examined",
            )
        )
        # The MIME reader gets the fields that were read and the body, not the million it would parse again.
        mime_input = head[:stopped] + b"\r\n" + (body or b"")
    if body is None:
        body = b""
        warnings.append(
            "the file has no empty line after its headers, so the message body is empty and signatures are "
            "checked against the empty body; to check headers alone, paste them as headers instead"
        )
    elif not body.strip():
        warnings.append("the message body is empty (only blank lines); signatures are checked against it")
    mime_input, mime_limits = _bounded_mime(mime_input)
    limits.extend(mime_limits)
    text, html, attachments, inline_images, mime_warnings = _mime_view(mime_input)
    warnings.extend(mime_warnings)
    warnings.extend(f"parts of this message were not examined: {lim.detail}" for lim in limits)
    return Message(
        raw=data,
        headers=tuple(fields),
        body=body,
        format=SourceFormat.EML,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        size=len(data),
        path=path,
        text_body=text,
        html_body=html,
        attachments=attachments,
        inline_images=inline_images,
        warnings=tuple(warnings),
        limits=tuple(limits),
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _bounded_mime(data: bytes) -> tuple[bytes, list[Limit]]:
    """`data` cut where it would exceed `MAX_PARTS` parts or `MAX_DEPTH` nesting levels, and the limits hit.

    One linear pre-scan over the raw bytes, before the standard parser sees them: the boundaries the message
    declares, then every delimiter line of one of them in order. A boundary's first delimiter opens a level
    (it is pushed), a later delimiter of a boundary on the stack returns to that level. The cut is made at the
    start of the delimiter line that opens part `MAX_PARTS` + 1 or level `MAX_DEPTH` + 1; the parser then reads
    a message that simply ends there. Attachment names in the cut-off rest are listed by a cheap scan, so the
    report can say what was not examined (``invoice.exe``) without parsing it.
    """
    declared = {m.group(1) or m.group(2) for m in _boundary_params(data)}
    if not declared:
        return data, []
    stack: list[bytes] = []
    parts = 0
    cut: int | None = None
    limit: tuple[str, int, str] | None = None
    for m in _delimiter_lines(data):
        token = m.group(1)
        closing = token.endswith(b"--") and token[:-2] in declared
        name = token[:-2] if closing else token
        if name not in declared:
            continue
        if name in stack:
            del stack[stack.index(name) + 1 :]
            if closing:
                stack.pop()
                continue
        elif closing:
            continue
        else:
            stack.append(name)
            if len(stack) > MAX_DEPTH:
                cut, limit = m.start(), ("mime-depth", MAX_DEPTH, f"MIME parts nested more than {MAX_DEPTH} levels")
                break
        parts += 1
        if parts > MAX_PARTS:
            cut, limit = m.start(), ("mime-parts", MAX_PARTS, f"more than {MAX_PARTS} MIME parts")
            break
    if cut is None or limit is None:
        return data, []
    rest = data[cut:]
    names: dict[str, None] = {}
    for nm in _NAME.finditer(rest):
        names.setdefault(decode_rfc2047(nm.group(1).decode("utf-8", "replace").strip()), None)
        if len(names) >= MAX_HIDDEN_NAMES:
            break
    what, bound, words = limit
    detail = f"{words}: the rest ({_size(len(rest))}) was not examined"
    if names:
        detail += ", including files named " + ", ".join(names)
    return data[:cut], [Limit(what, bound, detail)]


def _boundary_params(data: bytes) -> Iterator[re.Match[bytes]]:
    """``_BOUNDARY.finditer(data)``, found faster: every match starts with the word "boundary" (any case), so
    the pattern is tried only where a lower-cased copy has it, past the end of the previous match. A
    case-insensitive scan of the whole message cost 0.15 ms of a 40 KB message."""
    low = data.lower()
    pos = 0
    while (at := low.find(b"boundary", pos)) >= 0:
        m = _BOUNDARY.match(data, at)
        if m is None:
            pos = at + 1
            continue
        yield m
        pos = m.end()


def _delimiter_lines(data: bytes) -> Iterator[re.Match[bytes]]:
    """``_DELIMITER.finditer(data)``, found faster: the pattern is tried only at lines that start with "--"."""
    at = 0 if data.startswith(b"--") else _line_start(data, 0)
    while at >= 0:
        m = _DELIMITER.match(data, at)
        at = _line_start(data, at + 1 if m is None else max(m.end(), at + 1))
        if m is not None:
            yield m


def _line_start(data: bytes, pos: int) -> int:
    """Where the next line that starts with "--" at or after `pos` begins (its "--"), or -1."""
    nl = data.find(b"\n--", pos - 1 if pos > 0 else 0)
    return -1 if nl < 0 else nl + 1


def read_pasted_headers(text: str) -> Message:
    """Build a header-only Message from text pasted out of a mail client.

    Pasted text has lost its original bytes, so body checks become "not checked" and DKIM can at most
    verify the header signature. Line endings are normalised to CRLF as on the wire.
    """
    from inspector.ingest.header_text import pasted_bytes, pasted_text_problem

    problem = pasted_text_problem(text)
    if problem is not None:
        # A chat sentence or a fragment is not a message: refused, as a file of the same content is.
        raise InputError(problem)
    data = pasted_bytes(text)
    head, _body = split_head_body(data)
    fields, warnings = parse_header_block(head)
    if _body is not None and _body.strip():
        warnings.append("text after the first empty line was ignored (pasted headers carry no body)")
    return Message(
        raw=head,
        headers=tuple(fields),
        body=None,
        format=SourceFormat.HEADERS,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        path=None,
        warnings=tuple(warnings),
    )


def _mime_view(
    data: bytes,
) -> tuple[str | None, str | None, tuple[Attachment, ...], tuple[Attachment, ...], list[str]]:
    """The readable text, the HTML (as text, never rendered here), the attachment list and the unnamed
    inline images (read for QR codes only)."""
    warnings: list[str] = []
    try:
        # compat32, not email.policy.default: the modern policy parses every header of every part into
        # objects on access (about 1 ms per part: 500 parts took seconds); the views need only the type, the
        # charset and the file name, which compat32 gives as text (the name is decoded below).
        msg = message_from_bytes(data, policy=email.policy.compat32)
    except Exception:  # noqa: BLE001 - hostile MIME must not stop the analysis
        return None, None, (), (), ["the MIME structure could not be parsed; body views are unavailable"]
    text: str | None = None
    html: str | None = None
    attachments: list[Attachment] = []
    inline: list[Attachment] = []
    try:
        for n, part in enumerate(msg.walk()):
            if n >= MAX_PARTS:
                warnings.append(f"more than {MAX_PARTS} MIME parts; the rest are not listed")
                break
            if part.is_multipart():
                continue
            ctype = part.get_content_type()
            disposition = part.get_content_disposition()
            raw_name = part.get_filename()
            filename = decode_rfc2047(" ".join(str(raw_name).split())) if raw_name else None
            if disposition == "attachment" or (filename and ctype not in ("text/plain", "text/html")):
                attachments.append(_attachment(part, filename or "(unnamed)", ctype))
            elif ctype.startswith("image/") and len(inline) < MAX_PARTS:
                inline.append(_attachment(part, part.get("Content-ID", "").strip(" <>")[:200] or "(unnamed)", ctype))
            elif ctype == "text/plain" and text is None:
                text = _part_text(part)
            elif ctype == "text/html" and html is None:
                html = _part_text(part)
    except Exception:  # noqa: BLE001
        warnings.append("part of the MIME structure is malformed; some body parts are not shown")
    if msg.defects:
        warnings.append("MIME defects: " + ", ".join(sorted({type(d).__name__ for d in msg.defects})))
    return text, html, tuple(attachments), tuple(inline), warnings


def _attachment(part: EmailMessageBase, filename: str, ctype: str) -> Attachment:
    raw_payload = part.get_payload(decode=True)
    payload = raw_payload if isinstance(raw_payload, bytes) else b""
    return Attachment(
        filename=filename,
        content_type=ctype,
        size=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
        data=payload,
    )


def _part_text(part: EmailMessageBase) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_text(payload, part.get_content_charset())


def decode_text(payload: bytes, charset: str | None) -> str:
    """`payload` in its declared charset: any text codec Python knows; UTF-8 for an unknown one.

    A hostile charset name may name a codec that is not a text encoding (``base64``, ``rot13``) or one that
    refuses the "replace" handler (``idna``); each falls back to UTF-8 instead of raising.
    """
    name = (charset or "utf-8").strip().strip('"').strip()
    try:
        if codecs.lookup(name)._is_text_encoding:
            return payload.decode(name, errors="replace")
    except Exception:  # noqa: BLE001 - hostile charset names and codec quirks: fall back below
        pass
    return payload.decode("utf-8", errors="replace")


def body_texts(data: bytes) -> tuple[str | None, str | None]:
    """The first text and HTML bodies of wire-format `data`, and nothing else (no attachment is decoded or
    hashed, no header kept): for the sender history's learning, which reads only where links lead and must
    stay fast over a whole mailbox. The same bounds as `read_eml` (`MAX_PARTS`, `MAX_DEPTH`)."""
    bounded, _limits = _bounded_mime(data)
    try:
        msg = message_from_bytes(bounded, policy=email.policy.compat32)
        text: str | None = None
        html: str | None = None
        for n, part in enumerate(msg.walk()):
            if n >= MAX_PARTS or (text is not None and html is not None):
                break
            if part.is_multipart() or part.get_content_disposition() == "attachment" or part.get_filename():
                continue
            ctype = part.get_content_type()
            if ctype == "text/plain" and text is None:
                text = _part_text(part)
            elif ctype == "text/html" and html is None:
                html = _part_text(part)
    except Exception:  # noqa: BLE001 - hostile MIME: no body views, as in `read_eml`
        return None, None
    return text, html
