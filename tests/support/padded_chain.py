"""Real messages made long: older hops put below their Received chain, so the chain's middle is hidden.

Every hop of the original message keeps its place and its number in the whole chain grows by exactly the
padding; its listed position grows by less (the hidden hops are not listed). Tests use this to check that a
sentence names a hop by the number the hop views show. The added hops are under ``older.example`` (RFC 2606)
with documentation addresses (RFC 5737), dated 2001 so they are older than any real hop.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

#: Older hops put below the chain: more than the display cap (`inspector.chain.MAX_HOPS`), so the middle is
#: hidden.
PAD = 600


def padded(raw: bytes, count: int = PAD) -> bytes:
    """`raw` with `count` older Received fields inserted below its oldest one (the sender's side)."""
    nl = b"\r\n" if b"\r\n" in raw[:4000] else b"\n"
    head, sep, body = raw.partition(nl + nl)
    lines = head.split(nl)
    last = max(i for i, line in enumerate(lines) if line[:9].lower() == b"received:")
    end = last + 1
    while end < len(lines) and lines[end][:1] in (b" ", b"\t"):
        end += 1
    start = datetime(2001, 1, 1, tzinfo=UTC)
    fake = []
    for i in reversed(range(count)):  # newest first, as Received fields stand
        when = (start + timedelta(seconds=i)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        fake.append(
            f"Received: from p{i}.older.example (p{i}.older.example [192.0.2.{i % 250 + 1}]) "
            f"by p{i + 1}.older.example with SMTP id P{i}; {when}".encode()
        )
    return nl.join([*lines[:end], *fake, *lines[end:]]) + sep + body
