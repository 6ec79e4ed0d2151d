"""Reported-as-attachment messages: the original inside a user's "report phishing" forward.

A user who reports a message with Outlook's "Report" button, Gmail's "Forward as attachment" or a
phishing-report add-in sends a new message whose ``message/rfc822`` part is the original, byte for byte.
Outlook for Windows forwarding "as attachment" attaches the item as an Outlook ``.msg`` instead
(``application/vnd.ms-outlook``, base64): that part is unwrapped too, and the original is then read by the
.msg reader (``inspector/ingest/msg.py``, through ``load_bytes``) like a dropped ``.msg`` file. A part counts
as an Outlook item only when its decoded bytes are an OLE compound file, and is announced either by that
content type or by a ``.msg`` file name (some clients send ``application/octet-stream``).
Analysing the forward would judge the user's own mail system; the evidence is the attached original. So a
batch analyses each attached original instead, and the report names the wrapper (`source.wrapper`).

The original's bytes are cut out of the wrapper as they stand (never re-serialised by the email package,
which would refold headers and break every DKIM signature). Bounded: at most MAX_PARTS parts are looked at,
multiparts are entered at most MAX_MULTIPART_DEPTH deep, and a forward of a forward is unwrapped at most
MAX_WRAP_DEPTH times. Only a message that looks like a person's forward is unwrapped (:func:`is_report_forward`):
a bounce quotes the returned message as ``message/rfc822`` too, and there the bounce itself is what arrived.
An attached message is unwrapped again only when it is itself such a forward (a helpdesk forwarding a
user's report on to the SOC).
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message as EmailMessage
from email.parser import BytesHeaderParser
from email.policy import compat32

#: Parts looked at in one wrapper (a MIME bomb must not stall the reader).
MAX_PARTS = 200
#: Multipart levels entered inside one wrapper.
MAX_MULTIPART_DEPTH = 5
#: Forwards of forwards unwrapped at most this many times.
MAX_WRAP_DEPTH = 3

_HEAD_END = re.compile(rb"\r?\n\r?\n")
#: What an attached message announces itself with (a cheap test before any parsing), in lower case.
_MARKERS = (b"message/rfc822", b"application/vnd.ms-outlook")
#: The ``.msg`` file-name ending, which counts when no word character (``[A-Za-z0-9_]``) follows it.
_MSG_SUFFIX = b".msg"
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: The first bytes of an OLE compound file (``inspector.ingest.detect.OLE_MAGIC``): an Outlook item.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OUTLOOK_TYPE = "application/vnd.ms-outlook"
#: Forward prefixes of the common mail programs, in their languages (FW/Fwd, WG, TR, RV, VS, ENC, Doorst, I).
_FORWARD_SUBJECT = re.compile(
    r"^\s*(?:\[\s*fwd?\s*\]|(?:fwd?|wg|tr|rv|vs|enc|doorst|i|fs|vb|pd|rif)\s*:)", re.IGNORECASE
)
_REPORT_WORDS = re.compile(
    r"phish|spam|scam|fraud|suspicious|suspect|report(?:ed)? (?:message|mail|e-mail|email)", re.I
)
_SYSTEM_SENDER = re.compile(r"mailer-daemon|postmaster|<>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Attached:
    """An original found inside a wrapper: its MIME part path ("2", "2.1" …, "/" between wrappers) and bytes."""

    part: str
    data: bytes


def has_marker(data: bytes) -> bool:
    """Does `data` name an attached message anywhere ("message/rfc822", "application/vnd.ms-outlook", or a
    word ending ".msg"), in any ASCII case?

    Asked of every message of a batch, nearly always to answer no. A case-insensitive regular expression with
    three alternatives took 0.64 ms of a 40 KB message (6 % of its whole analysis); one lower-cased copy and
    three substring searches (C loops) take a few hundredths of that, with the same answer.
    """
    low = data.lower()
    if any(marker in low for marker in _MARKERS):
        return True
    at = low.find(_MSG_SUFFIX)
    while at >= 0:
        end = at + len(_MSG_SUFFIX)
        if end == len(low) or low[end] not in _WORD_BYTES:
            return True
        at = low.find(_MSG_SUFFIX, end)
    return False


def _split_head(data: bytes) -> tuple[bytes, bytes]:
    if data.startswith(b"\r\n"):
        return b"", data[2:]
    if data.startswith(b"\n"):
        return b"", data[1:]
    m = _HEAD_END.search(data)
    if m is None:
        return data, b""
    return data[: m.start()], data[m.end() :]


def _headers(head: bytes) -> EmailMessage:
    return BytesHeaderParser(policy=compat32).parsebytes(head + b"\n\n")


def _parts(body: bytes, boundary: str) -> list[bytes]:
    """The bodies between the boundary lines of a multipart (preamble and epilogue dropped)."""
    delim = re.compile(
        rb"(?:\A|\r?\n)--" + re.escape(boundary.encode("ascii", "replace")) + rb"(--)?[ \t]*(?:\r?\n|\Z)"
    )
    out: list[bytes] = []
    start: int | None = None
    for m in delim.finditer(body):
        if start is not None:
            out.append(body[start : m.start()])
            if len(out) >= MAX_PARTS:
                break
        if m.group(1):  # the close delimiter
            start = None
            break
        start = m.end()
    if start is not None and len(out) < MAX_PARTS:
        out.append(body[start:])  # no close delimiter: the last part runs to the end
    return out


def _decode(body: bytes, encoding: str) -> bytes:
    """message/rfc822 must be 7bit/8bit/binary (RFC 2046 §5.2.1), but some clients base64 it anyway."""
    enc = encoding.strip().lower()
    try:
        if enc == "base64":
            return base64.b64decode(body, validate=False)
        if enc == "quoted-printable":
            return quopri.decodestring(body)
    except (binascii.Error, ValueError):
        return body
    return body


def _filename(head: EmailMessage) -> str:
    try:
        return str(head.get_filename() or "")
    except (ValueError, LookupError, UnicodeError, HeaderParseError):
        return ""


def _outlook_item(head: EmailMessage, body: bytes) -> bytes | None:
    """The bytes of an attached Outlook .msg item, or None when this part is not one."""
    ctype = head.get_content_type()
    if ctype != OUTLOOK_TYPE and not (
        head.get_content_maintype() in ("application", "message") and _filename(head).lower().endswith(".msg")
    ):
        return None
    data = _decode(body, str(head.get("content-transfer-encoding", "")))
    return data if data.startswith(OLE_MAGIC) else None


def _walk(head: EmailMessage, body: bytes, path: str, depth: int, found: list[Attached], budget: list[int]) -> None:
    ctype = head.get_content_type()
    if ctype == "message/rfc822" and path:
        found.append(Attached(path, _decode(body, str(head.get("content-transfer-encoding", "")))))
        return
    if path and head.get_content_maintype() != "multipart":
        item = _outlook_item(head, body)
        if item is not None:
            found.append(Attached(path, item))
        return
    if head.get_content_maintype() != "multipart" or ctype == "multipart/report" or depth >= MAX_MULTIPART_DEPTH:
        return
    boundary = head.get_boundary()
    if not boundary:
        return
    for number, part in enumerate(_parts(body, boundary), start=1):
        budget[0] -= 1
        if budget[0] < 0:
            return
        part_head, part_body = _split_head(part)
        sub = f"{path}.{number}" if path else str(number)
        _walk(_headers(part_head), part_body, sub, depth + 1, found, budget)


def _subject(head: EmailMessage) -> str:
    raw = str(head.get("subject", ""))
    try:
        return str(make_header(decode_header(raw)))
    except (ValueError, LookupError, UnicodeError, HeaderParseError):
        return raw


def is_report_forward(head: EmailMessage) -> bool:
    """Does this header block look like a person forwarding a message, rather than a mail system's notice?

    Bounces quote the returned message as ``message/rfc822`` too, often without ``multipart/report`` ("failure
    notice", "Undeliverable: …" from MAILER-DAEMON); analysing the quoted original there would hide the
    bounce itself. A forward says so in its subject ("FW:", "Fwd:", "[Fwd]", "WG:", "TR:" …) or names what
    is reported ("phishing", "spam", "suspicious" …), and no mail system wrote it.
    """
    sender = str(head.get("from", "")) + " " + str(head.get("return-path", ""))
    if _SYSTEM_SENDER.search(sender) or head.get("x-failed-recipients") is not None:
        return False
    if str(head.get("auto-submitted", "")).strip().lower().startswith("auto-replied"):
        return False
    subject = _subject(head)
    return bool(_FORWARD_SUBJECT.search(subject) or _REPORT_WORDS.search(subject))


def attached_messages(data: bytes) -> list[Attached]:
    """The ``message/rfc822`` and Outlook ``.msg`` parts of a report forward, in order; empty for anything else
    (the usual case).

    Cheap for ordinary mail: without the words "message/rfc822", "vnd.ms-outlook" or ".msg" nothing is parsed.
    An Outlook item (OLE, not MIME) is read by the .msg reader instead (:func:`_outlook_originals`).
    """
    if data.startswith(OLE_MAGIC):
        return _outlook_originals(data)
    if not has_marker(data):
        return []
    head_bytes, body = _split_head(data)
    head = _headers(head_bytes)
    if not is_report_forward(head):
        return []
    found: list[Attached] = []
    _walk(head, body, "", 0, found, [MAX_PARTS])
    return [a for a in found if a.data.strip()]


#: What an Outlook item holding an attached message carries somewhere in its bytes (the embedded item's
#: storage name, or the type or name of an attached .eml/.msg), in UTF-16 and in 8-bit properties.
_OUTLOOK_MARKERS = tuple(
    word.encode(codec)
    for word in ("__substg1.0_3701000d", "message/rfc822", ".eml", ".msg", OUTLOOK_TYPE)
    for codec in ("utf-16-le", "latin-1")
)


def _outlook_originals(data: bytes) -> list[Attached]:
    """The originals attached to an Outlook item that is a report forward (an Outlook "Forward as attachment"
    or "Report phishing" item saved as .msg): an Outlook item embedded in it (a sub-storage, which the .msg
    reader writes out as a .msg of its own), an attached .msg file, or an attached .eml. `part` is the
    attachment's number in the item, from 1. Nothing else of the item is looked into."""
    low = data.lower()  # "REPORT~1.MSG", "__substg1.0_3701000D": any case (ASCII letters only are folded)
    if not any(marker in low for marker in _OUTLOOK_MARKERS):
        return []
    from inspector.errors import InputError
    from inspector.ingest.msg import read_msg

    try:
        item = read_msg(data)
    except InputError:
        return []
    if not is_report_forward(_headers(item.raw)):
        return []
    found: list[Attached] = []
    for number, att in enumerate(item.attachments[:MAX_PARTS], start=1):
        name = att.filename.lower()
        if att.data.startswith(OLE_MAGIC):
            if att.content_type == OUTLOOK_TYPE or name.endswith(".msg"):
                found.append(Attached(str(number), att.data))
        elif (att.content_type == "message/rfc822" or name.endswith(".eml")) and att.data.strip():
            found.append(Attached(str(number), att.data))
    return found


def wrapper_headers(data: bytes) -> EmailMessage:
    """The header fields of a wrapper (a MIME message, or an Outlook item through the .msg reader), for the
    report's description of the forward (who reported, when, with which subject)."""
    if data.startswith(OLE_MAGIC):
        from inspector.errors import InputError
        from inspector.ingest.msg import read_msg

        try:
            return _headers(read_msg(data).raw)
        except InputError:
            return _headers(b"")
    return _headers(_split_head(data)[0])


def unwrap(data: bytes) -> list[Attached]:
    """The originals to analyse in place of `data`: each attached message, itself unwrapped when it is a
    forward too (at most MAX_WRAP_DEPTH levels); empty when `data` is not a forward with attachments."""
    return _unwrap(data, 0)


def _unwrap(data: bytes, depth: int) -> list[Attached]:
    if depth >= MAX_WRAP_DEPTH:
        return []
    out: list[Attached] = []
    for att in attached_messages(data):
        inner = _unwrap(att.data, depth + 1)
        if inner:
            out.extend(Attached(f"{att.part}/{i.part}", i.data) for i in inner)
        else:
            out.append(att)
    return out
