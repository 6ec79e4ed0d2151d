"""Reading RFC 5322 messages (.eml) and pasted header text."""

from __future__ import annotations

import codecs
import email.policy
import hashlib
from email import message_from_bytes
from email.message import EmailMessage

from inspector.ingest.headers import parse_header_block, split_head_body
from inspector.ingest.message import Attachment, Message, SourceFormat

#: Parts beyond this many are not listed (a MIME bomb must not stall the listing).
MAX_PARTS = 500


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
    fields, header_warnings = parse_header_block(head)
    warnings = [*(warnings or []), *header_warnings]
    if body is None:
        body = b""
        warnings.append(
            "the file has no empty line after its headers, so the message body is empty and signatures are "
            "checked against the empty body; to check headers alone, paste them as headers instead"
        )
    elif not body.strip():
        warnings.append("the message body is empty (only blank lines); signatures are checked against it")
    text, html, attachments, mime_warnings = _mime_view(data)
    warnings.extend(mime_warnings)
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
        warnings=tuple(warnings),
    )


def read_pasted_headers(text: str) -> Message:
    """Build a header-only Message from text pasted out of a mail client.

    Pasted text has lost its original bytes, so body checks become "not checked" and DKIM can at most
    verify the header signature. Line endings are normalised to CRLF as on the wire.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8", errors="surrogateescape")
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


def _mime_view(data: bytes) -> tuple[str | None, str | None, tuple[Attachment, ...], list[str]]:
    """The readable text, the HTML (as text, never rendered here) and the attachment list."""
    warnings: list[str] = []
    try:
        msg = message_from_bytes(data, policy=email.policy.default)
    except Exception:  # noqa: BLE001 - hostile MIME must not stop the analysis
        return None, None, (), ["the MIME structure could not be parsed; body views are unavailable"]
    assert isinstance(msg, EmailMessage)
    text: str | None = None
    html: str | None = None
    attachments: list[Attachment] = []
    try:
        for n, part in enumerate(msg.walk()):
            if n >= MAX_PARTS:
                warnings.append(f"more than {MAX_PARTS} MIME parts; the rest are not listed")
                break
            if part.is_multipart():
                continue
            ctype = part.get_content_type()
            disposition = part.get_content_disposition()
            filename = part.get_filename()
            if disposition == "attachment" or (filename and ctype not in ("text/plain", "text/html")):
                raw_payload = part.get_payload(decode=True)
                payload = raw_payload if isinstance(raw_payload, bytes) else b""
                attachments.append(
                    Attachment(
                        filename=filename or "(unnamed)",
                        content_type=ctype,
                        size=len(payload),
                        sha256=hashlib.sha256(payload).hexdigest(),
                    )
                )
            elif ctype == "text/plain" and text is None:
                text = _part_text(part)
            elif ctype == "text/html" and html is None:
                html = _part_text(part)
    except Exception:  # noqa: BLE001
        warnings.append("part of the MIME structure is malformed; some body parts are not shown")
    if msg.defects:
        warnings.append("MIME defects: " + ", ".join(sorted({type(d).__name__ for d in msg.defects})))
    return text, html, tuple(attachments), warnings


def _part_text(part: EmailMessage) -> str:
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
