"""Limits on what we hand to dkimpy.

dkimpy's header parser (`dkim.util`/`rfc822_parse`) appends each folded line to the previous bytes,
which is quadratic in the number of continuation lines: a hostile header of 700,000 folded lines took
about 30 s. No real message has more than a few thousand header lines, so beyond `MAX_HEADER_LINES`
the cryptographic checks are refused by local policy (RFC 8601 ``policy``) with a reason, and the rest
of the analysis goes on.
"""

from __future__ import annotations

from inspector.ingest.message import Message

#: More header lines than this are not handed to dkimpy.
MAX_HEADER_LINES = 20_000


def header_line_count(message: Message) -> int:
    """Physical lines in the header block, folding included."""
    return sum(h.raw.count(b"\n") or 1 for h in message.headers)


def too_large_reason(message: Message) -> str | None:
    """Why the header block is too large to verify, or None when it is fine."""
    n = header_line_count(message)
    if n > MAX_HEADER_LINES:
        return (
            f"not verified: the header block has {n:,} lines (limit {MAX_HEADER_LINES:,}), a sign of a crafted message"
        )
    return None
