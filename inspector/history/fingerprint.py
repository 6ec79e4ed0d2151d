"""What identifies a message for the sender history, without the store or the learning pipeline.

Every analysis computes its message's fingerprint and mail program (`Report.history`), so these live apart from
`learn` (the chain pipeline, the file reader) and `store` (SQLite): an analysis imports only this file unless a
history store is in use (start-up time).
"""

from __future__ import annotations

import hashlib

from inspector.ingest.headers import blank_line
from inspector.ingest.message import Message

#: Compound-file (Outlook .msg) magic: its header block cannot be cut off by a blank line.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def header_block(data: bytes) -> bytes:
    """The header block of a message file (up to and with the first blank line); a .msg whole."""
    if data.startswith(_OLE_MAGIC):
        return data
    blank = blank_line(data)  # where ``\r?\n\r?\n`` first matches
    return data[: blank[1]] if blank else data


def fingerprint(data: bytes) -> str:
    """A learnt message's fingerprint: SHA-256 of its bytes (says whether it was learnt, and nothing of it)."""
    return hashlib.sha256(data).hexdigest()


def message_fingerprint(data: bytes) -> str:
    """A message's identity for learning: its header block, line endings and trailing blanks normalised.

    The header block (every Received line, the Message-ID, the Date) tells one delivery from another, and is
    the same whether the message was exported as a file, into an mbox (which adds a From_ line outside it and
    quotes ">From" in the body) or into a Maildir, so a mailbox learnt twice in two formats counts once.
    """
    head = header_block(data)
    if not head.startswith(_OLE_MAGIC):
        head = b"\n".join(line.rstrip() for line in head.replace(b"\r\n", b"\n").split(b"\n")).strip()
    return fingerprint(head)


def agent_header(message: Message) -> str | None:
    """The mail program, as the message names it (X-Mailer, else User-Agent)."""
    for name in ("X-Mailer", "User-Agent"):
        field = message.get(name)
        if field is not None and field.decoded.strip():
            return field.decoded
    return None
