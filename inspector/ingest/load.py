"""Loading evidence: a file or bytes in, a :class:`Message` out, read-only and bounded.

The format is detected from the content (never the name); larger inputs than `MAX_INPUT_BYTES` and text
that holds no mail header at all are refused with an `InputError` the CLI and the GUI show as is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from typing import BinaryIO

from inspector.errors import InputError
from inspector.fileio import NotRegularFile, open_regular
from inspector.ingest.detect import OLE_MAGIC, REFUSAL, Detected, detect
from inspector.ingest.eml import read_eml
from inspector.ingest.header_text import header_text_problem
from inspector.ingest.message import Message
from inspector.ingest.normalize import normalize

#: At least one of these must be present for text to count as a message (or its headers).
MAIL_FIELDS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "received",
        "return-path",
        "reply-to",
        "sender",
        "dkim-signature",
        "authentication-results",
        "arc-seal",
        "mime-version",
        "content-type",
        "delivered-to",
        "x-mailer",
        "received-spf",
        "in-reply-to",
        "references",
    }
)

#: Larger inputs are refused: no real message is this big, and we must stay bounded.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def load_file(path: str | os.PathLike[str]) -> Message:
    """Read an evidence file without modifying it and return the Message it holds."""
    p = os.fspath(path)
    try:
        # Read-only, no locking, no atime games: the evidence stays as it was. A FIFO or a device is refused
        # without blocking (a pipe with no writer would hang the CLI and the window forever).
        with open_regular(p) as fh:
            data = read_bounded(fh)
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise InputError(
                f"{p} is a folder, not a message file (--jsonl or --csv analyse every message in it)"
            ) from None
        raise InputError(f"{p} is {exc.kind}, not a message file; save the message to a file first") from None
    except IsADirectoryError:
        raise InputError(f"{p} is a folder, not a message file") from None
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{p} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB; not a single message")
    return load_bytes(data, path=p)


def read_bounded(fh: BinaryIO) -> bytes:
    """At most MAX_INPUT_BYTES + 1 bytes, in 1 MB chunks.

    Why not ``fh.read(MAX_INPUT_BYTES + 1)``: that allocates the whole 64 MB buffer up front, even for
    an empty file. Chunks also work for pipes and devices, whose size is unknown.
    """
    chunks: list[bytes] = []
    total = 0
    while total <= MAX_INPUT_BYTES:
        chunk = fh.read(min(1 << 20, MAX_INPUT_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def load_bytes(data: bytes, path: str | None = None) -> Message:
    """Detect the format of `data` from its content and read it."""
    sha = hashlib.sha256(data).hexdigest()  # of the evidence as read, before any normalisation
    size = len(data)  # likewise: the report describes the evidence file, not the normalised bytes
    fixes: list[str] = []
    if not data.startswith(OLE_MAGIC):
        data, fixes = normalize(data)
    kind = detect(data)
    if kind is Detected.MSG:
        # The .msg reader (and olefile) only for an OLE file, not with every start. Every OLE file: the .msg
        # reader refuses other Office files itself.
        from inspector.ingest.msg import read_msg

        return read_msg(data, path, sha256=sha)
    if kind in (Detected.EML, Detected.HEADERS):
        msg = read_eml(data, path, sha256=sha, warnings=fixes)
        if not any(h.lname in MAIL_FIELDS for h in msg.headers):
            raise InputError(REFUSAL[Detected.UNKNOWN])
        problem = header_text_problem(data, MAIL_FIELDS)
        if problem is not None:
            # More lines that are not fields than fields: a fragment of text, not a message (the same rule
            # as for pasted text and standard input).
            raise InputError(problem)
        return dataclasses.replace(msg, size=size) if msg.size != size else msg
    raise InputError(REFUSAL[kind])
