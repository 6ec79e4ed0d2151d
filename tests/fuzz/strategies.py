"""Inputs for the fuzz targets: random bytes and text, plus structure-aware mutations of real-looking mail.

Pure random bytes rarely get past the first check of a parser; every target also gets values assembled from
the tokens its grammar uses (header names, ``;``, ``=``, ``<>``, comments, encoded words, folding), mixed with
control characters, NULs, surrogate-escaped bytes and very long runs.
"""

from __future__ import annotations

from hypothesis import strategies as st

TOKENS = [
    "from",
    "by",
    "with",
    "id",
    "for",
    "via",
    ";",
    "=",
    "(",
    ")",
    "((",
    "))",
    "<",
    ">",
    "<>",
    "[",
    "]",
    "@",
    ",",
    ":",
    '"',
    "\\",
    "'",
    " ",
    "\t",
    "\r\n ",
    "\r\n\t",
    "\n",
    "\r",
    "\x00",
    "\x1b[2J",
    "\u202e",
    "\u009b",
    "=?utf-8?b?",
    "=?utf-8?q?",
    "?=",
    "=?iso-2022-jp?b?GyRCJCYbKEI=?=",
    "example.com",
    "mx.example.net",
    "[192.0.2.1]",
    "[IPv6:2001:db8::1]",
    "192.0.2.1",
    "ESMTPS",
    "SMTP",
    "spf=pass",
    "dkim=fail",
    "dmarc=none",
    "header.d=",
    "smtp.mailfrom=",
    "reason=",
    "action=",
    "v=1",
    "a=rsa-sha256",
    "d=",
    "s=",
    "h=from:to",
    "bh=",
    "b=",
    "t=1",
    "x=0",
    "l=10",
    "i=@",
    "q=dns/txt",
    "c=relaxed/simple",
    "z=",
    "Mon, 1 Dec 2025 10:00:00 +0000",
    "+9999",
    "-0000",
    "UTC",
    "a@b",
    '"x"@y',
    "group:",
    "user",
    "=41",
    "x" * 300,
    "(" * 200,
    "<" * 50,
]

token_text = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=40).map("".join)
header_text = st.one_of(token_text, st.text(max_size=400))

FIELDS = [
    "From",
    "To",
    "Reply-To",
    "Sender",
    "Subject",
    "Received",
    "Authentication-Results",
    "DKIM-Signature",
    "ARC-Seal",
    "Content-Type",
    "MIME-Version",
    "Return-Path",
    "Message-ID",
    "Date",
    "List-Id",
]


@st.composite
def message_bytes(draw: st.DrawFn) -> bytes:
    """A message-shaped byte string: fields from FIELDS with fuzzed values, line endings, a MIME-ish body."""
    eol = draw(st.sampled_from([b"\r\n", b"\n", b"\r\r\n", b"\r"]))
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        name = draw(st.sampled_from(FIELDS) | st.text("abcXYZ-:", min_size=0, max_size=6))
        value = draw(header_text)
        lines.append(f"{name}: {value}".encode("utf-8", "surrogateescape"))
    body = draw(st.one_of(st.binary(max_size=300), token_text.map(lambda s: s.encode("utf-8", "replace"))))
    boundary = draw(st.sampled_from([b"", b"b", b"x" * 70]))
    if boundary:
        lines.append(b'Content-Type: multipart/mixed; boundary="' + boundary + b'"')
        body = (
            b"--"
            + boundary
            + eol
            + b"Content-Type: text/html"
            + eol
            + eol
            + body
            + eol
            + b"--"
            + boundary
            + b"--"
            + eol
        )
    return eol.join(lines) + eol + eol + body
