"""A message with a very long Received chain, for the size bounds (tests) and the timings (benchmarks).

Newest first, as a receiver stacks them: the topmost field is hop 0 (``from h1 by h0``), and each field's
``from`` host is the ``by`` host of the field below it, so the chain is consistent and only its length is
hostile. Every field is folded once and carries the same date.
"""

from __future__ import annotations

DATE = "Mon, 30 Nov 2026 08:00:00 +0000"


def _field(i: int) -> str:
    """The Received field of hop `i` (0 = topmost), with its CRLF."""
    return (
        f"Received: from h{i + 1}.example (h{i + 1}.example [192.0.2.{i % 250 + 1}])\r\n"
        f"\tby h{i}.example with ESMTP id {i}; {DATE}\r\n"
    )


def long_chain(n: int) -> bytes:
    """A whole message with `n` Received fields, a From, a Subject and a one-line body."""
    fields = "".join(_field(i) for i in range(n))
    return (fields + "From: a@example.com\r\nSubject: long chain\r\n\r\nbody\r\n").encode("ascii")
