"""The canonical body (RFC 6376 §3.4.3-3.4.4) for body hashes, computed once per message and algorithm.

DKIM checks every signature and ARC every AMS against the same body, in one of only two canonical forms
(simple, relaxed); canonicalising is a pass over the whole body, so a message with several signatures and
ARC sets paid for it several times. The canonicalisation itself is dkimpy's, so the hashes are the ones
dkimpy would compute; only the reuse is ours. The cache is small (the message being analysed, in both
forms) and keyed on the body's bytes, so the DKIM and ARC parsers' separate copies of one body share it.
"""

from __future__ import annotations

from functools import lru_cache

from dkim.canonicalization import ALGORITHMS, CanonicalizationPolicy

#: Cached (body, algorithm) pairs: both forms of the current message; more would only keep old bodies alive.
_CACHE_SIZE = 4


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
