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
    Detected.MBOX: "this is an mbox mailbox with several messages; save one message as .eml, "
    "or analyse them all with --jsonl or --csv",
    Detected.BINARY: "this file holds binary data, not an e-mail message",
    Detected.UNKNOWN: "no e-mail header fields were found at the start of this file",
}


#: Control bytes that text in any mail charset does not use. Not counted: tab, LF, VT, FF, CR (text layout),
#: SO and SI (ISO-2022-KR and -CN shift in and out) and ESC (every ISO-2022 charset switches character sets
#: with it: ISO-2022-JP, the standard Japanese mail charset, is 7-bit text full of ESC). NUL and the rest
#: are what binary data (images, archives, executables, compressed streams) is made of: about one byte in
#: eleven of such data is one of these, and none of any charset's text is.
_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x10, 0x1B), *range(0x1C, 0x20), 0x7F])


def looks_binary(sample: bytes) -> bool:
    """True when `sample` is binary data rather than text in some charset.

    A stray NUL or control byte in a real message must not hide it, so it takes more than 2 % of such bytes
    (and more than 8 in all, unless they are a tenth of a short sample); random or compressed data has about 9 %.
    """
    binary = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return binary > max(8, len(sample) // 50) or binary * 10 > len(sample)


def _text_sample(head: bytes) -> bytes:
    """The bytes that must be text: the first 4 KB, but only up to the end of the header block when the data
    starts with header fields (a body in a legitimate 8-bit UTF-16 or UTF-32 charset is full of NULs)."""
    start = head[:4096]
    if _FIELD_NAME.match(start) or start.startswith(b"From "):
        ends = [i for i in (start.find(b"\n\n"), start.find(b"\r\n\r\n"), start.find(b"\r\r\n\r\r\n")) if i > 0]
        if ends:
            return start[: min(ends)]
    return start


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
    if looks_binary(_text_sample(head)):
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
