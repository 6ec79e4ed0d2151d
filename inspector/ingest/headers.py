"""Splitting a header block into fields, by hand.

Why not `email.parser`: it normalises line endings, re-folds and silently drops or merges malformed
lines, and we need the exact bytes of each field (DKIM canonicalisation) plus a warning for every
junk line an attacker or a broken MTA left. This splitter is linear in the input and never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.header import decode_header, make_header

from inspector.ingest.message import HeaderField

#: A field name per RFC 5322: printable ASCII except colon.
_FIELD_NAME = re.compile(rb"^([\x21-\x39\x3b-\x7e]+)[ \t]*:")
#: Bytes no header should carry (tab, CR and LF are the only control characters RFC 5322 allows).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Decoding display text of one field costs at most this many characters; the raw stays whole.
MAX_DECODE_CHARS = 64 * 1024


def split_head_body(data: bytes) -> tuple[bytes, bytes | None]:
    """Split raw message bytes at the first empty line.

    Returns the header block (including its last line ending) and the body, or None for the body when
    there is no empty line at all (pasted headers, truncated files).
    """
    crlf = data.find(b"\r\n\r\n")
    lf = data.find(b"\n\n")
    candidates = [(crlf, 4), (lf, 2)]
    candidates = [(pos, n) for pos, n in candidates if pos >= 0]
    if data.startswith((b"\r\n", b"\n")):
        # An empty first line: no headers at all.
        skip = 2 if data.startswith(b"\r\n") else 1
        return b"", data[skip:]
    if not candidates:
        return data, None
    pos, n = min(candidates)
    half = n // 2
    return data[: pos + half], data[pos + n :]


def blank_line(data: bytes) -> tuple[int, int] | None:
    """(start, end) of the first line end followed by an empty line: ``re.search(rb"\\r?\\n\\r?\\n", data).span()``.

    Found with two substring searches: that pattern's optional first byte keeps the regex engine from its fast
    literal scan, and it ran over every message several times (DKIM, ARC, the history fingerprint).
    """
    lf_lf = data.find(b"\n\n")
    lf_crlf = data.find(b"\n\r\n", 0, lf_lf + 3 if lf_lf >= 0 else len(data))
    if lf_crlf >= 0 and (lf_lf < 0 or lf_crlf < lf_lf):  # an empty CRLF line comes first
        first, end = lf_crlf, lf_crlf + 3
    elif lf_lf >= 0:
        first, end = lf_lf, lf_lf + 2
    else:
        return None
    return (first - 1 if first > 0 and data[first - 1] == 0x0D else first), end


def to_text(raw: bytes) -> str:
    """Header bytes as text: UTF-8 when valid (RFC 6532), else latin-1 so every byte survives."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def decode_rfc2047(value: str) -> str:
    """Decode RFC 2047 encoded-words for display; fall back to the raw text on any error."""
    if "=?" not in value:
        return value
    text = value[:MAX_DECODE_CHARS]
    try:
        return str(make_header(decode_header(text)))
    except Exception:  # noqa: BLE001 - hostile encoded-words must never stop the analysis
        return text


#: A line break followed by folding white space (RFC 5322 §2.2.3 unfolding).
_UNFOLD = re.compile(r"\r?\n(?=[ \t])")
#: Header fields read per message; the rest are not examined (a `Limit`). Real mail has tens, a long relay
#: chain a few thousand; a million one-line fields (63 MB) took 71 s and 2.4 GB to read and check.
MAX_HEADER_FIELDS = 10_000


#: Blocks up to this size are split in one C call; a larger one line by line (a reader may stop early).
_SPLIT_AT_ONCE = 1 << 20


def _lines(block: bytes) -> Iterator[bytes]:
    """The lines of `block` with their endings (as ``bytes.splitlines(keepends=True)``), one at a time, so a
    reader that stops early never splits the rest of a 60 MB block."""
    if len(block) <= _SPLIT_AT_ONCE:
        yield from block.splitlines(keepends=True)
        return
    pos, n = 0, len(block)
    while pos < n:
        lf = block.find(b"\n", pos)
        cr = block.find(b"\r", pos, lf if lf >= 0 else n)
        if cr >= 0 and (lf < 0 or cr < lf):
            end = cr + 2 if block[cr + 1 : cr + 2] == b"\n" else cr + 1
        elif lf >= 0:
            end = lf + 1
        else:
            end = n
        yield block[pos:end]
        pos = end


def parse_header_block(block: bytes) -> tuple[list[HeaderField], list[str]]:
    """Split a header block into fields in order, with warnings for lines that are not fields.

    A leading mbox ``From `` line is skipped with a warning; a continuation line before any field and
    a line without a colon are reported and skipped, as receivers do. At most `MAX_HEADER_FIELDS` fields are
    read (`parse_header_block_bounded` tells whether the block had more).
    """
    fields, warnings, _rest = parse_header_block_bounded(block)
    return fields, warnings


def parse_header_block_bounded(block: bytes) -> tuple[list[HeaderField], list[str], int | None]:
    """`parse_header_block`, plus the offset in `block` where reading stopped at `MAX_HEADER_FIELDS` (None when
    every field was read)."""
    fields: list[HeaderField] = []
    warnings: list[str] = []
    current: list[bytes] = []
    junk = 0
    stopped: int | None = None

    def flush() -> None:
        if not current:
            return
        raw = b"".join(current)
        m = _FIELD_NAME.match(raw)
        assert m is not None  # only lines that matched start a field
        name = m.group(1).decode("ascii")
        value_raw = raw[m.end() :]
        value = to_text(value_raw)
        unfolded = (_UNFOLD.sub("", value) if "\n" in value else value).strip("\r\n")
        unfolded = unfolded.strip()
        fields.append(
            HeaderField(
                index=len(fields),
                name=name,
                value=unfolded,
                decoded=decode_rfc2047(unfolded),
                raw=raw,
            )
        )
        current.clear()

    offset = 0
    for i, line in enumerate(_lines(block)):
        if line[:1] in (b" ", b"\t"):
            if current:
                current.append(line)
            else:
                junk += 1
            offset += len(line)
            continue
        flush()
        if len(fields) >= MAX_HEADER_FIELDS:
            stopped = offset
            break
        if _FIELD_NAME.match(line):
            current.append(line)
        elif i == 0 and line.startswith(b"From "):
            warnings.append("an mbox 'From ' separator line precedes the headers; it was skipped")
        elif line.strip():
            junk += 1
        offset += len(line)
    flush()
    # Fields are pieces of the block read so far: when it has no control byte none of them has (one scan, not one
    # regex call per field).
    read = len(block) if stopped is None else stopped
    odd = sum(1 for f in fields if _CONTROL_BYTES.search(f.raw)) if _CONTROL_BYTES.search(block, 0, read) else 0
    if odd:
        warnings.append(f"{odd} header field(s) contain NUL or other control bytes, a sign of a crafted message")
    if junk:
        warnings.append(f"{junk} line(s) in the header block are not header fields and were skipped")
    return fields, warnings, stopped
