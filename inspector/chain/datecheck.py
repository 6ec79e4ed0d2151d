"""The Date header and signature times against the Received chain (SpamAssassin's date_diff idea).

The idea and the thresholds: docs/notes/received-chain.md §1.2.

A Date far in the future of delivery, or long before the first server saw the message, is what
SpamAssassin's DATE_IN_FUTURE / DATE_IN_PAST rules score; here it becomes a plain sentence ("the Date
says it was written 3 days before the first server saw it"). The comparison points are the oldest dated
trace hop (Received or Google's X-Received; synthetic hops have no time) and the boundary hop (when the
receiving organisation took the message in; the newest dated hop when there is no boundary). Thresholds
leave room for ordinary clock drift and queueing: 15 minutes into the future, 12 hours into the past.

DKIM-Signature and ARC ``t=`` are compared with the hop each signature is placed on (`placement.py`): a
signer holds the message between the hop where its organisation received it and the next hop, so a time
well before the first or after the second means a clock that is off or a signature carried over from
another message. Only times are compared here; verifying the signatures is the DKIM stage's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from inspector.chain.dates import iso_utc, parse_date
from inspector.chain.placement import Artefact
from inspector.chain.received import ParsedHop
from inspector.ingest.message import Message
from inspector.model.chain import numbered
from inspector.timefmt import words_span

#: A Date this far after delivery is a finding (client clocks drift by minutes, not hours).
FUTURE_SECONDS = 15 * 60
#: A Date this far before the first hop is a finding (SpamAssassin's DATE_IN_PAST rules start at 3-6 h;
#: messages written offline and sent later are common, so only half a day counts).
PAST_SECONDS = 12 * 3600
#: Tolerance for signature times against their hop (the signer's and the relay's clocks differ).
SIGNATURE_SLACK = 5 * 60


@dataclass(slots=True)
class DateCheck:
    """What the Date header says against the chain."""

    date_header: str | None = None
    vs_first_hop: float | None = None
    vs_boundary: float | None = None
    findings: list[str] = field(default_factory=list)


def check_date(message: Message, chain: list[ParsedHop], boundary: int | None) -> DateCheck:
    """Compare the Date header with the oldest dated hop and with the boundary hop (`chain` oldest first)."""
    out = DateCheck()
    dates = message.get_all("date")
    if not dates:
        out.findings.append("the message has no Date header (every message must carry one, RFC 5322)")
        return out
    if len(dates) > 1:
        out.findings.append(f"the message has {len(dates)} Date headers; the first one is compared with the chain")
    raw = dates[0].value.strip()
    parsed = parse_date(raw)
    if parsed is None:
        out.findings.append(f"the Date header could not be read as a date: {raw[:80]!r}")
        return out
    written = parsed.when
    out.date_header = iso_utc(written)
    if parsed.tz_state == "unknown":
        out.findings.append(f"the Date header gives no usable time zone ({parsed.raw}); it was read as UTC")
    trace = [h for h in chain if h.source != "synthetic_originating_ip" and h.when is not None]
    if not trace:
        return out
    first = trace[0]
    first_when = trace[0].when or written  # never None: `trace` holds dated hops only (narrowing for mypy)
    out.vs_first_hop = (written - first_when).total_seconds()
    boundary_when = chain[boundary].when if boundary is not None else None
    delivered = boundary_when or trace[-1].when or written
    out.vs_boundary = (written - delivered).total_seconds()
    who = "your organisation received it" if boundary_when is not None else "the last server received it"
    if out.vs_boundary > FUTURE_SECONDS:
        out.findings.append(
            f"the Date says it was written {words_span(out.vs_boundary)} after {who} "
            f"(Date {out.date_header}, received {iso_utc(delivered)}): a wrong clock or a forged Date"
        )
    if out.vs_first_hop < -PAST_SECONDS:
        out.findings.append(
            f"the Date says it was written {words_span(out.vs_first_hop)} before the first server saw it "
            f"(Date {out.date_header}, first hop at {first.by_host or '?'} {iso_utc(first_when)}): "
            "a wrong clock, a message held back, "
            "or an old message sent again"
        )
    return out


def signature_timing(arts: list[Artefact], chain: list[ParsedHop], numbers: Sequence[int] = ()) -> None:
    """Set each placed signature's ``t=`` against its hop, with a note when it falls outside the hop's stay;
    `numbers` are the hops' numbers in the whole chain (`inspector.model.chain.numbered`), as the note says them."""
    for a in arts:
        if a.kind not in ("dkim-signature", "arc-set") or a.hop is None or a.signed_at is None:
            continue
        hop = chain[a.hop]
        if hop.when is None:
            continue
        a.signed_vs_hop = (a.signed_at - hop.when).total_seconds()
        name = f"{'ARC set' if a.kind == 'arc-set' else 'DKIM signature'} d={a.identity or '?'}"
        where = hop.by_host or "its hop"
        if a.signed_vs_hop < -SIGNATURE_SLACK:
            a.timing = (
                f"{name} says it was signed {words_span(a.signed_vs_hop)} before {where} received the message "
                f"(hop {numbered(numbers, a.hop)}): the signer's clock is off, or the signature was made for an "
                "earlier copy"
            )
            continue
        nxt = next(
            (h for h in chain[a.hop + 1 :] if h.source == "received" and h.when is not None),
            None,
        )
        if nxt is not None and nxt.when is not None and (a.signed_at - nxt.when).total_seconds() > SIGNATURE_SLACK:
            late = (a.signed_at - nxt.when).total_seconds()
            a.timing = (
                f"{name} says it was signed {words_span(late)} after the next server ({nxt.by_host or '?'}) had "
                "already received the message: a clock that is off, or a signature placed on the wrong hop"
            )
