"""The canonical body (RFC 6376 §3.4.3-3.4.4) for body hashes, computed once per message and algorithm.

DKIM checks every signature and ARC every AMS against the same body, in one of only two canonical forms
(simple, relaxed); canonicalising is a pass over the whole body, so a message with several signatures and
ARC sets paid for it several times. The cache is small (the message being analysed, in both forms) and
keyed on the body's bytes, so the DKIM and ARC parsers' separate copies of one body share it.

The two algorithms are written here rather than taken from dkimpy: dkimpy 1.1.8's relaxed body
canonicalisation keeps the white space at the end of the last line when the body does not end in CRLF
(``"text  "`` became ``"text \\r\\n"``, RFC 6376 §3.4.4 says ``"text\\r\\n"``), so such a signature failed
with "body hash mismatch" where mailauth and Mail::DKIM pass. `install` puts the corrected function into
dkimpy too, because dkimpy's ARC verifier hashes the AMS body itself. Both functions are linear in the body
(a body of a million empty lines must not cost a million copies).
"""

from __future__ import annotations

import re
from functools import lru_cache

from dkim.canonicalization import ALGORITHMS, CanonicalizationPolicy, Relaxed, Simple

#: Cached (body, algorithm) pairs: both forms of the current message; more would only keep old bodies alive.
_CACHE_SIZE = 4
#: A run of white space that is not already one space (a lone space needs no replacing: matching every space
#: between words made the pass three times slower, with the same bytes out).
_WSP_RUN = re.compile(rb" [ \t]+|\t[ \t]*")


def _content_end(body: bytes) -> int:
    """Where the body ends once every empty line at its end (RFC 6376 §3.4.3) is ignored."""
    end = len(body)
    while end >= 2 and body[end - 2 : end] == b"\r\n":
        end -= 2
    return end


def simple_body(body: bytes) -> bytes:
    """RFC 6376 §3.4.3: trailing empty lines removed; an empty body, or a missing final CRLF, gets a CRLF."""
    return body[: _content_end(body)] + b"\r\n"


def relaxed_body(body: bytes) -> bytes:
    """RFC 6376 §3.4.4: white space runs become one space, none at line ends, trailing empty lines removed.

    The last line keeps no trailing white space even when the body does not end in CRLF (the CRLF is then
    added, as for simple); an empty body stays empty.
    """
    body = _WSP_RUN.sub(b" ", body).replace(b" \r\n", b"\r\n")
    if body.endswith(b" "):
        body = body[:-1]
    end = _content_end(body)
    return body[:end] + b"\r\n" if end else b""


def install() -> None:
    """Make dkimpy's own body canonicalisation the corrected one (idempotent; pure functions, thread-safe)."""
    Relaxed.canonicalize_body = staticmethod(relaxed_body)
    Simple.canonicalize_body = staticmethod(simple_body)


install()


def canonical_body(wire_crlf: bytes, c: bytes) -> bytes:
    """The body (CRLF line ends, as dkimpy parses it) canonicalised as the c= value `c` says.

    Raises dkimpy's ``InvalidCanonicalizationPolicyError`` for a c= it does not know, as dkimpy does.
    """
    algorithm = CanonicalizationPolicy.from_c_value(c).body_algorithm
    return _canonical(wire_crlf, algorithm.name)


@lru_cache(maxsize=_CACHE_SIZE)
def _canonical(wire_crlf: bytes, name: bytes) -> bytes:
    body: bytes = ALGORITHMS[name].canonicalize_body(wire_crlf)
    return body
