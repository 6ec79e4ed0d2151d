"""Undo what saving or pasting does to a message before it is read.

Mail clients and editors add things that are not part of the message: a UTF-8 byte-order mark, UTF-16
encoding ("Save as Unicode"), blank lines or indentation before the first header when text is pasted,
and Outlook's "Microsoft Mail Internet Headers Version 2.0" line in its header view. Each is removed
with a warning that says so; the evidence hash in the report stays the hash of the bytes as read.
"""

from __future__ import annotations

import re

from inspector.ingest.headers import _FIELD_NAME

_UTF8_BOM = b"\xef\xbb\xbf"
#: The line Outlook (and old Exchange, in a .msg's transport headers) writes before the header fields.
MS_PREAMBLE = b"Microsoft Mail Internet Headers Version 2.0"
#: Any run of CRs before a LF, or none: one line ending.
_EOL = re.compile(rb"\r*\n")


def _looks_utf16(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when the text has a NUL in every other byte (no BOM), else None."""
    sample = data[:400]
    if len(sample) < 40:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.9 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.9 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def _line_endings(data: bytes) -> tuple[bytes, str | None]:
    """`data` with one line-ending style, and what was changed; unchanged when it already has one.

    Saving a message can double or mix its line endings: CR CR LF (a CRLF file saved again in text mode on
    Windows, as an SES-fed inbox export does), LF lines among CRLF ones (hand edits, concatenation), or bare
    CR (classic Mac). Read as they are, a folded Authentication-Results loses its continuation lines (the
    extra CR makes an empty line that ends the field) and the header block never ends. What went over the
    wire was CRLF, so that is what the message is read (and DKIM re-checked) as; the evidence hash stays the
    hash of the file as read. Pure LF files are left alone (every reader handles them).
    """
    lf = data.count(b"\n")
    cr = data.count(b"\r")
    if not cr:
        return data, None
    if not lf:
        return data.replace(b"\r", b"\r\n"), "bare CR (classic Mac)"
    crlf = data.count(b"\r\n")
    doubled = b"\r\r\n" in data
    if not doubled and crlf in (0, lf):
        return data, None  # one style (CRLF, or LF with stray CRs inside lines, which are content)
    what = "CR CR LF" if doubled else "a mix of CRLF and LF"
    return _EOL.sub(b"\r\n", data), what


def normalize(data: bytes) -> tuple[bytes, list[str]]:
    """The message bytes without the additions above, and a warning for each one removed."""
    warnings: list[str] = []
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _looks_utf16(data)
    if encoding is not None:
        try:
            data = data.decode(encoding).encode("utf-8")
            warnings.append(
                "the file was saved as UTF-16 text and was converted: the original bytes are gone, so "
                "signatures over them may not verify"
            )
        except UnicodeDecodeError:
            pass
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        warnings.append("a UTF-8 byte-order mark before the first header was ignored")
    stripped = data.lstrip(b" \t\r\n")
    if stripped is not data and stripped != data and _FIELD_NAME.match(stripped):
        data = stripped
        warnings.append("blank lines or spaces before the first header were ignored (pasted text?)")
    data, eol = _line_endings(data)
    if eol is not None:
        warnings.append(
            f"the file's line endings were {eol}, as saving sometimes makes them; the message was read with "
            "CRLF line endings (the evidence hash is of the file as read)"
        )
    if data.startswith(MS_PREAMBLE):
        first_end = data.find(b"\n")
        data = data[first_end + 1 :] if first_end >= 0 else b""
        warnings.append(f"Outlook's '{MS_PREAMBLE.decode('ascii')}' line was ignored")
    return data, warnings
