"""Recognise what a file is from its content, never from its name."""

from __future__ import annotations

import enum
import re

from inspector.ingest.headers import _FIELD_NAME


class Detected(enum.Enum):
    """What the bytes look like."""

    EML = "eml"
    HEADERS = "headers"
    #: Any OLE compound file: Outlook's, or another Office file that the .msg reader refuses.
    MSG = "msg"
    EMPTY = "empty"
    #: Not returned by `detect`; names the refusal the .msg reader gives an OLE file that is not an Outlook item.
    OLE_OTHER = "ole-other"
    ZIP = "zip"
    PDF = "pdf"
    MBOX = "mbox"
    BINARY = "binary"
    UNKNOWN = "unknown"


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MBOX_SEPARATOR = re.compile(rb"^From \S+ .*\d{4}\r?$", re.MULTILINE)

#: A plain-language description of each format we refuse, for the one-line error.
REFUSAL = {
    Detected.EMPTY: "the file is empty",
    Detected.OLE_OTHER: "this is an OLE/Office file but not an Outlook message (.msg)",
    Detected.ZIP: "this is a ZIP archive (or an Office document); extract the .eml or .msg first",
    Detected.PDF: "this is a PDF document, not an e-mail message",
    Detected.MBOX: "this is an mbox mailbox with several messages; save one message as .eml",
    Detected.BINARY: "this file holds binary data, not an e-mail message",
    Detected.UNKNOWN: "no e-mail header fields were found at the start of this file",
}


def detect(data: bytes) -> Detected:
    """Classify `data` by its first bytes and its first lines."""
    if not data.strip():
        return Detected.EMPTY
    if data.startswith(OLE_MAGIC):
        # Every OLE compound file goes to the .msg reader, which refuses other Office files itself
        # (REFUSAL[OLE_OTHER]) after reading the directory: looking for Outlook's stream names here would
        # only see the first part of a large file, and scanned the bytes a second time.
        return Detected.MSG
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return Detected.ZIP
    if data.lstrip()[:5] == b"%PDF-":
        return Detected.PDF
    head = data[:65536]
    start = head[:4096]
    # A stray NUL or control byte in a real message must not hide it; binary data has them everywhere.
    control = sum(1 for b in start if b < 9 or 13 < b < 32 or b == 127)
    if control > max(8, len(start) // 100) or control * 10 > len(start):
        return Detected.BINARY
    if head.startswith(b"From ") and len(_MBOX_SEPARATOR.findall(data[: 8 << 20])) > 1:
        return Detected.MBOX
    # Accept a leading mbox "From " line on a single message (many tools save that way).
    first_lines = head.splitlines()[:5]
    if first_lines and first_lines[0].startswith(b"From "):
        first_lines = first_lines[1:]
    if not first_lines or not _FIELD_NAME.match(first_lines[0]):
        return Detected.UNKNOWN
    if b"\r\n\r\n" in data or b"\n\n" in data:
        return Detected.EML
    return Detected.HEADERS
