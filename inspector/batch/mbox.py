"""A streaming mbox reader: one message's bytes at a time, whatever the size of the mailbox.

Why not :class:`mailbox.mbox`: it opens the file for writing when it can (``rb+``: the evidence must never
be opened that way), it scans the whole file into a table of offsets before the first message comes out,
and it hands back ``>From `` lines still escaped, so a DKIM body hash over a line that began with "From "
fails. ``benchmarks/bench_batch.py`` prints both readers' peak memory on the same generated mailbox.

The format (RFC 4155, and the mboxo / mboxrd variants): a message starts at a line beginning with "From "
at the start of the file or after an empty line; the empty line before it belongs to the mailbox, not to
the message. Writers escape a body line that begins with "From " as ">From " (mboxo) or add one ">" to
any ``>*From `` line (mboxrd); reading, one ">" is taken off every ``>+From `` line, which restores both
(an mboxo line that really began with ">From " is ambiguous in the format itself and loses its ">").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

#: Lines are read at most this long at a time, so a file without line breaks is still read in bounded pieces.
LINE_CHUNK = 1 << 20

_ESCAPED_FROM = re.compile(rb">+From ")
#: A From_ line as writers produce it: "From SENDER DATE" ending in a year (optionally a zone). Accepted as a
#: separator even without the empty line before it (some writers leave that out).
STRICT_FROM_LINE = re.compile(rb"From \S+ .*\d{4}(?: [+-]\d{4})?\r?\n?\Z")


@dataclass(frozen=True, slots=True)
class MboxEntry:
    """One message of an mbox: its position (0 = first), the byte offset of its From_ line, and its bytes.

    `data` is None when the message was larger than the reader's limit (`size` says how large): it is
    skipped without being held in memory, and the caller reports it as unreadable.
    """

    index: int
    offset: int
    data: bytes | None
    size: int


def is_from_line(line: bytes) -> bool:
    """True for a line that can start an mbox message ("From " at the start of a line)."""
    return line.startswith(b"From ")


def _is_blank(line: bytes) -> bool:
    return line in (b"\n", b"\r\n")


class _Message:
    """The message being collected: its lines (unescaped), or only its size once it is too large."""

    def __init__(self, index: int, offset: int, limit: int) -> None:
        self.index = index
        self.offset = offset
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.too_big = False

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.too_big:
            return
        if self.size > self.limit:
            self.too_big = True
            self.parts = []
            return
        self.parts.append(piece)

    def entry(self) -> MboxEntry:
        data = None if self.too_big else b"".join(self.parts)
        return MboxEntry(self.index, self.offset, data, self.size)


def iter_mbox(fh: BinaryIO, *, max_message: int) -> Iterator[MboxEntry]:
    """Yield the messages of the mbox open in `fh`, in order, holding at most one message in memory.

    Text before the first From_ line is not a message and is skipped. A message larger than
    `max_message` bytes comes out with ``data=None`` (its size counted, its bytes never kept).
    """
    current: _Message | None = None
    pending_blank: bytes | None = None  # an empty line that may be the separator before the next From_
    at_line_start = True
    prev_blank = True  # the start of the file counts as "after an empty line"
    offset = 0
    index = 0
    while True:
        line = fh.readline(LINE_CHUNK)
        if not line:
            break
        start = offset
        offset += len(line)
        if at_line_start and is_from_line(line) and (prev_blank or STRICT_FROM_LINE.match(line)):
            if current is not None:
                yield current.entry()
            current = _Message(index, start, max_message)
            index += 1
            pending_blank = None
            at_line_start = line.endswith(b"\n")
            while not at_line_start:  # the rest of an over-long From_ line
                rest = fh.readline(LINE_CHUNK)
                if not rest:
                    break
                offset += len(rest)
                at_line_start = rest.endswith(b"\n")
            prev_blank = False
            continue
        blank = at_line_start and _is_blank(line)
        if current is not None:
            if pending_blank is not None:
                current.add(pending_blank)
                pending_blank = None
            if blank:
                pending_blank = line
            else:
                if at_line_start and _ESCAPED_FROM.match(line):
                    line = line[1:]
                current.add(line)
        prev_blank = blank
        at_line_start = line.endswith(b"\n")
    if current is not None:
        yield current.entry()
