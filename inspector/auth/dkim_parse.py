"""The message as dkimpy needs it (header fields and CRLF body), parsed without dkimpy's two blind spots.

dkimpy's ``rfc822_parse`` only accepts a field name followed directly by ``:``. RFC 5322 §4.5.3 obsolete
syntax allows white space before the colon (``X-Relay-Info : scanned``); some relays still write it, and
dkimpy then rejects the *whole message*, so every DKIM signature became permerror and ARC failed, while
mailauth and Mail::DKIM pass. RFC 6376 §3.4.2 says what such a name means: relaxed canonicalisation
deletes the white space before the colon, simple keeps the bytes as they are. `parse` keeps the name's
exact bytes in an `_ObsName`, a ``bytes`` whose ``lower()`` is the bare lower-case name: dkimpy's header
selection (``select_headers`` compares ``name.lower()`` with h=) and its relaxed canonicalisation
(``name.lower().rstrip()``) then see the real name, while simple canonicalisation hashes the original bytes.

dkimpy's ARC verifier finds the raw ARC-Message-Signature again by looking for ``b" i=N;"`` in its lower-cased
value, which is missing when the field starts ``ARC-Message-Signature:i=1;`` (as kernel.org's lists write
it), when a tag follows ``;`` without a space, or when i= is the last tag: it then raised an IndexError and
the chain was reported as failed. `_ArcValue` gives that lookup a normalised lower-case form; hashing still
uses the exact bytes.

Everything else is dkimpy's own behaviour: CRLF or LF line ends, a leading mbox ``From `` line skipped, and
any other line that is not a field is a format error (``MessageFormatError``).
"""

from __future__ import annotations

import re
from typing import Any

import dkim

from inspector.ingest.headers import blank_line

_LINE_END = re.compile(rb"\r?\n")
#: A message whose first line is already empty (no header at all).
_LEADING_EMPTY = re.compile(rb"\r?\n")
#: A field name (RFC 5322 ftext) and, obsolete syntax, white space before the colon.
_FIELD = re.compile(rb"([\x21-\x39\x3b-\x7e]+)([ \t]*):")
_SEMICOLON = re.compile(rb"[ \t\r\n]*;[ \t\r\n]*")
_TAG_EQUALS = re.compile(rb"(^|; )([a-z]+)[ \t\r\n]*=[ \t\r\n]*")


class _ObsName(bytes):
    """A field name written with white space before the colon: the bytes as written, the name for comparison."""

    def lower(self) -> bytes:
        return bytes(self).rstrip(b" \t").lower()


class _ArcValue(bytes):
    """An ARC-Message-Signature value whose ``lower()`` always holds ``" i=N;"`` for dkimpy's lookup."""

    def lower(self) -> bytes:
        flat = _SEMICOLON.sub(b"; ", bytes(self).lower().strip(b" \t\r\n"))
        return b" " + _TAG_EQUALS.sub(rb"\1\2=", flat).rstrip(b"; ") + b";"


def parse(message: bytes) -> tuple[list[list[bytes]], bytes]:
    """(header fields as [name, value-with-CRLF], CRLF body), as ``dkim.rfc822_parse`` returns them.

    Only the header block is split into lines: the body (most of a message's bytes) gets its CRLF line ends
    from two C-level replacements, the same bytes as splitting it on CRLF-or-LF and joining with CRLF, in a
    tenth of the time (this ran for the DKIM and again for the ARC verifier of every message).
    """
    head, body = _split_head(message)
    headers: list[list[bytes]] = []
    for line in _LINE_END.split(head) if head else ():
        if line[:1] in (b" ", b"\t"):
            if not headers:
                raise dkim.MessageFormatError(f"Unexpected continuation line before any header: {line[:80]!r}")
            headers[-1][1] += line + b"\r\n"
        else:
            m = _FIELD.match(line)
            if m is not None:
                name = m.group(1) + m.group(2)
                headers.append([_ObsName(name) if m.group(2) else name, line[m.end() :] + b"\r\n"])
            elif not line.startswith(b"From "):
                raise dkim.MessageFormatError(f"Unexpected characters in RFC822 header: {line[:80]!r}")
    for h in headers:
        if h[0].lower() == b"arc-message-signature":
            h[1] = _ArcValue(h[1])
    return headers, crlf_lines(body)


def _split_head(message: bytes) -> tuple[bytes, bytes]:
    """The header lines (without the line end before the empty line) and the bytes after the empty line.

    Lines end in CRLF or LF; the first empty line ends the header block. No empty line: all of it is header
    and the body is empty (as when the message ends right after its last field).
    """
    lead = _LEADING_EMPTY.match(message)
    if lead is not None:
        return b"", message[lead.end() :]
    blank = blank_line(message)  # where ``\r?\n\r?\n`` first matches
    if blank is None:
        head = message[:-2] if message.endswith(b"\r\n") else message[:-1] if message.endswith(b"\n") else message
        return head, b""
    return message[: blank[0]], message[blank[1] :]


def crlf_lines(data: bytes) -> bytes:
    """`data` with every line end (CRLF or a bare LF) written as CRLF; a bare CR stays as it is."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def verifier(cls: Any, message: bytes, **kwargs: Any) -> Any:
    """A ``dkim.DKIM`` or ``dkim.ARC`` object for `message`, parsed by `parse` instead of dkimpy."""
    obj = cls(None, **kwargs)
    obj.headers, obj.body = parse(message)
    return obj
