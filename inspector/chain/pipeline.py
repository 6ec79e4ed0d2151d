"""The chain stage's pipeline: Received fields in, hops, the trust boundary, delays and breaks out.

`analyze_chain` parses every Received field (`received.py`; a field holding glued trace fields becomes
several hops) and Google's X-Received lines (`synthetic.py`), finds the trust boundary (`boundary.py`) on
all of them, keeps at most `MAX_HOPS` for display (both ends: the oldest `HEAD_HOPS`, where the sender's own
hops are, and the newest, plus the boundary; each hop says how many were hidden before it), puts synthetic hops from
X-Originating-IP-style headers at the origin end (never a boundary), then computes delays and skew
(`timeline.py`), places DKIM / ARC / A-R / Received-SPF on hops to localise breaks (`placement.py`) and
compares the Date header and signature times with the hops (`datecheck.py`). Nothing here raises for any
input; `analyze.py` guards the stage as well.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from inspector.chain.artefacts import parse_auth_results, parse_received_spf
from inspector.chain.boundary import find_boundary
from inspector.chain.datecheck import check_date, signature_timing
from inspector.chain.dates import iso_utc
from inspector.chain.ipaddr import ip_text
from inspector.chain.orgdomain import admd, org_domain
from inspector.chain.placement import Artefact, collect, find_breaks, place
from inspector.chain.received import ParsedHop, parse_received, parse_received_field
from inspector.chain.synthetic import synthetic_hops, x_received_hop
from inspector.chain.timeline import HopTime, build_timeline
from inspector.identities import domain_of, envelope_address, getaddresses, list_id
from inspector.ingest.message import HeaderField, Message
from inspector.model.chain import Break, Hop, TrustBoundary
from inspector.model.vocabulary import HopKind, TrustZone
from inspector.settings import AnalysisSettings

#: Hops shown at most; beyond this the chain is marked truncated (the boundary is always kept).
MAX_HOPS = 500
#: Of those, the oldest hops kept: the sender's first hops (where the message really started, and where a
#: forged history begins) matter most, so truncation keeps both ends and hides the middle.
HEAD_HOPS = MAX_HOPS // 2
#: Received fields parsed at most (RFC 5321 loop detection needs ≥100; 5,000 keeps hostile input bounded).
MAX_PARSED = 5000


@dataclass(frozen=True)
class ChainAnalysis:
    """What the chain stage hands to the rest of the pipeline."""

    hops: tuple[Hop, ...] = ()
    boundary: TrustBoundary = field(default_factory=TrustBoundary)
    breaks: tuple[Break, ...] = ()
    #: When the receiving organisation accepted the message (the boundary hop's date), for DKIM t=/x=.
    delivery_time: datetime | None = None
    warnings: tuple[str, ...] = ()
    analysed: bool = False
    truncated: bool = False


def analyze_chain(message: Message, settings: AnalysisSettings) -> ChainAnalysis:
    """Parse every Received field, find the trust boundary, time the hops and localise breaks."""
    warnings: list[str] = []
    fields = [f for f in message.headers if f.lname in ("received", "x-received")]
    received_count = sum(1 for f in fields if f.lname == "received")
    fields, unread = _bounded_fields(fields, warnings)
    parsed: list[ParsedHop] = []  # newest first
    #: Position in `parsed` of the first hop after the unread middle (None: every field was read).
    gap_at: int | None = None
    for k, f in enumerate(fields):
        if unread and k == len(fields) - HEAD_HOPS:
            gap_at = len(parsed)
        if f.lname == "received" and len(parsed) < MAX_PARSED:
            parsed.extend(parse_received_field(f.value, f.index))
        elif f.lname == "received":
            parsed.append(parse_received(f.value, f.index))  # enough hops already: no splitting
        else:
            x = x_received_hop(f)
            if x is not None:
                parsed.append(x)
    ars = [parse_auth_results(f.value, f.index) for f in message.headers if f.lname == "authentication-results"][:200]
    aars = [
        parse_auth_results(f.value, f.index, arc=True)
        for f in message.headers
        if f.lname == "arc-authentication-results"
    ][:200]
    spfs = [parse_received_spf(f.value, f.index) for f in message.headers if f.lname == "received-spf"][:200]
    b = find_boundary(parsed, ars, spfs, aars, settings)
    warnings.extend(b.warnings)

    keep = kept_positions(len(parsed), (b.pos, b.original_pos))
    truncated = len(keep) < len(parsed) or unread > 0
    if truncated:
        warnings.append(
            f"{len(parsed) + unread} Received fields: only the oldest and the newest {len(keep)} hops are listed "
            "(the middle of the chain is hidden)"
        )
    # Synthetic hops (X-Originating-IP …) go at the origin end, after the boundary was found without them.
    synthetic, confirmations = synthetic_hops(message.headers, {h.from_ip for h in parsed if h.from_ip})
    chain = synthetic + [parsed[i] for i in reversed(keep)]  # oldest first
    hidden = [0] * len(synthetic) + _hidden_before(list(reversed(keep)), gap_at, unread)
    to_chain = {orig: k + len(synthetic) for k, orig in enumerate(reversed(keep))}
    bpos = to_chain.get(b.pos) if b.pos is not None else None
    opos = to_chain.get(b.original_pos) if b.original_pos is not None else None
    # Each hop's number in the whole chain: its listed position plus the hops hidden before it. The hops
    # carry it (`Hop.number`) and every sentence of this stage that names a hop says it.
    numbers = [k + 1 + n for k, n in enumerate(itertools.accumulate(hidden))]

    zones = _zones(chain, bpos, b.originating)
    greylist = [f.value for f in message.headers if f.lname == "x-greylist"][:5]
    list_signals = _list_signals(message)
    tl = build_timeline(
        chain, bpos, [z in (TrustZone.INTERNAL, TrustZone.BOUNDARY) for z in zones], greylist, list_signals
    )
    warnings.extend(tl.warnings)

    arts = collect(message, ars, spfs, aars)
    place(arts, chain)
    signature_timing(arts, chain, numbers)
    warnings.extend(a.timing for a in arts if a.timing)
    dates = check_date(message, chain, bpos)
    warnings.extend(dates.findings)
    list_admd = _list_admd(message)
    breaks, bwarn = find_breaks(arts, chain, message, list_admd, numbers) if chain else ([], [])
    warnings.extend(bwarn)
    junk = [h for h in chain if h.kind in ("junk", "unparseable")]
    if junk:
        warnings.append(
            f"{len(junk)} Received line(s) are not trace lines (junk or unparseable), e.g. {junk[0].raw[:40]!r}"
        )

    for ht, h, n in zip(tl.per_hop, chain, hidden, strict=True):
        if h.from_ip in confirmations and h.source == "received":
            ht.annotations.append(confirmations[h.from_ip])
        if n and ht.delay is not None:
            ht.annotations.append(f"this delay spans the {n:,} hidden hop{'s' if n != 1 else ''} before this one")
    arts_by_hop: dict[int, list[Artefact]] = {}
    for a in arts:
        if a.hop is not None:
            arts_by_hop.setdefault(a.hop, []).append(a)
    prev = _previous_trace_hops(chain)
    hops = tuple(
        _hop(k, h, zones[k], k == bpos, tl.per_hop[k], prev[k], arts_by_hop.get(k, []), hidden[k], numbers[k])
        for k, h in enumerate(chain)
    )
    boundary_hop = chain[bpos] if bpos is not None else None
    mail_from, mf_note = _mail_from(boundary_hop, message)
    evidence = list(b.evidence)
    if mf_note:
        evidence.append(mf_note)
    boundary = TrustBoundary(
        hop_index=bpos,
        client_ip=boundary_hop.from_ip if boundary_hop else None,
        helo=boundary_hop.from_helo if boundary_hop else None,
        mail_from=mail_from,
        confidence=b.confidence,
        evidence=tuple(evidence),
        method=b.method,
        header_index=boundary_hop.header_index if boundary_hop else None,
        receiver=b.receiver,
        client_rdns=boundary_hop.from_rdns if boundary_hop else None,
        authserv_id=b.authserv_id,
        evaluated_ip=b.evaluated_ip,
        evaluated_ip_in_chain=b.evaluated_ip_in_chain,
        original_client_ip=b.original_ip,
        original_hop_index=opos,
        seconds_before_boundary=tl.before_boundary,
        seconds_after_boundary=tl.after_boundary,
        total_seconds=tl.total,
        truncated=truncated,
        received_count=received_count,
        hops_omitted=len(parsed) + len(synthetic) + unread - len(chain),
        unplaced=tuple(a.placed() for a in arts if a.hop is None),
        date_header=dates.date_header,
        date_vs_first_hop_seconds=dates.vs_first_hop,
        date_vs_boundary_seconds=dates.vs_boundary,
        time_findings=tuple(dates.findings),
    )
    return ChainAnalysis(
        hops=hops,
        boundary=boundary,
        breaks=tuple(breaks),
        delivery_time=boundary_hop.when if boundary_hop else None,
        warnings=tuple(dict.fromkeys(warnings)),
        analysed=True,
        truncated=truncated,
    )


def _bounded_fields(fields: list[HeaderField], warnings: list[str]) -> tuple[list[HeaderField], int]:
    """At most `MAX_PARSED` trace fields (newest first) and how many were left unread: both ends are read."""
    if len(fields) <= MAX_PARSED:
        return fields, 0
    unread = len(fields) - MAX_PARSED
    warnings.append(
        f"{len(fields)} Received / X-Received fields; the oldest {HEAD_HOPS} and the newest "
        f"{MAX_PARSED - HEAD_HOPS} were read, {unread:,} in the middle were not"
    )
    return fields[: MAX_PARSED - HEAD_HOPS] + fields[-HEAD_HOPS:], unread


def kept_positions(count: int, must: Iterable[int | None]) -> list[int]:
    """Which of `count` parsed hops (newest first) are listed: all when they fit, else both ends.

    The oldest `HEAD_HOPS` (the sender's side) and the newest `MAX_HOPS - HEAD_HOPS` (the receiving side);
    a hop in `must` (the boundary, the forwarder's boundary) that falls in the hidden middle takes the place
    of the innermost newest-side hop, so the cap holds and the boundary is always listed.
    """
    if count <= MAX_HOPS:
        return list(range(count))
    must = tuple(must)
    tail = MAX_HOPS - HEAD_HOPS
    keep = set(range(tail)) | set(range(count - HEAD_HOPS, count))
    drop = tail - 1
    for pos in must:
        if pos is not None and 0 <= pos < count and pos not in keep:
            while drop in must:
                drop -= 1
            keep.discard(drop)
            drop -= 1
            keep.add(pos)
    return sorted(keep)


def _hidden_before(kept_oldest_first: list[int], gap_at: int | None, unread: int) -> list[int]:
    """For each listed hop (oldest first, by position in the newest-first parse), how many trace hops
    were hidden between it and the previous listed one, counting the unread fields when the gap is there."""
    out: list[int] = []
    for k, pos in enumerate(kept_oldest_first):
        if k == 0:
            out.append(0)
            continue
        older = kept_oldest_first[k - 1]
        n = older - pos - 1
        if gap_at is not None and pos < gap_at <= older:
            n += unread
        out.append(n)
    return out


def _zones(chain: list[ParsedHop], bpos: int | None, originating: bool) -> list[TrustZone]:
    if bpos is None:
        zones = [TrustZone.INTERNAL if originating else TrustZone.UNKNOWN] * len(chain)
    else:
        zones = [
            TrustZone.EXTERNAL_CLAIMED if k < bpos else TrustZone.BOUNDARY if k == bpos else TrustZone.INTERNAL
            for k in range(len(chain))
        ]
    # A synthetic hop is a claim whatever side wrote its header.
    return [
        TrustZone.EXTERNAL_CLAIMED if h.source == "synthetic_originating_ip" else z
        for h, z in zip(chain, zones, strict=True)
    ]


def _list_signals(message: Message) -> list[str]:
    out = []
    for name in ("list-id", "x-mailman-version", "x-mailman-approved-at", "x-beenthere", "mailing-list", "precedence"):
        f = message.get(name)
        if f is not None and (name != "precedence" or f.value.strip().lower() == "list"):
            out.append(f"{f.name}: {f.value[:120]}")
    return out


def _list_admd(message: Message) -> str | None:
    """The mailing list's ADMD from List-Id, List-Post or X-BeenThere, read with `inspector.identities`."""
    for name in ("list-id", "list-post", "x-beenthere"):
        f = message.get(name)
        if f is None:
            continue
        if name == "list-id":
            lid = list_id(f.value)
            a = admd(domain_of(lid) or lid) if lid else None
        else:
            addresses = getaddresses([f.value.replace("mailto:", "")])
            a = next((d for _, addr in addresses if (d := admd(domain_of(addr)))), None)
        if a:
            return a
    return None


def _mail_from(hop: ParsedHop | None, message: Message) -> tuple[str | None, str | None]:
    if hop is None:
        return None, None
    if hop.envelope_from is not None:
        return hop.envelope_from, "MAIL FROM taken from the boundary hop's envelope-from"
    rp = message.get("return-path")
    if rp is not None:
        return envelope_address(rp.value), "MAIL FROM taken from Return-Path (written at final delivery)"
    return None, None


def _hop(
    k: int,
    h: ParsedHop,
    zone: TrustZone,
    is_boundary: bool,
    t: HopTime,
    prev: ParsedHop | None,
    arts: list[Artefact],
    hidden_before: int = 0,
    number: int | None = None,
) -> Hop:
    warnings = list(h.warnings)
    if zone is TrustZone.EXTERNAL_CLAIMED:
        warnings.append("claimed by the sending side — unverifiable")
    if h.kind in ("junk", "unparseable"):
        warnings.append("not a trace line: shown as written")
    cont = _continuity(h, prev)
    if cont:
        warnings.append(cont)
    return Hop(
        index=k,
        header_index=h.header_index,
        raw=h.raw,
        from_host=h.from_host,
        from_helo=h.from_helo,
        from_rdns=h.from_rdns,
        from_ip=h.from_ip or h.ip_invalid,
        by_host=h.by_host,
        by_ip=ip_text(h.by_ip) if h.by_ip is not None else None,
        protocol=h.protocol,
        tls=h.tls,
        queue_id=h.queue_id,
        for_addr=h.for_addr,
        envelope_from=h.envelope_from,
        timestamp=iso_utc(h.when) if h.when else None,
        delay_seconds=t.delay,
        is_boundary=is_boundary,
        trust_zone=zone,
        warnings=tuple(dict.fromkeys(warnings)),
        kind=HopKind(h.kind),
        parse_profile=h.profile,
        rdns_state=h.rdns_state,
        from_port=h.from_port,
        ip_scope=h.ip_scope,
        ident=h.ident,
        auth=h.auth,
        by_software=h.by_software,
        via=h.via,
        flags=tuple(h.flags),
        tls_version=h.tls_version,
        tls_cipher=h.tls_cipher,
        date_raw=h.date_raw,
        tz_offset_minutes=h.tz_offset_minutes,
        tz_state=h.tz_state,
        date_issues=tuple(h.date_issues),
        org_domain=org_domain(h.by_host),
        delay_state=t.state,
        skew_seconds=t.skew,
        annotations=tuple(t.annotations),
        artefacts=tuple(a.placed() for a in arts),
        source=h.source,
        source_header=h.source_header,
        hidden_before=hidden_before,
        number=number,
    )


def _previous_trace_hops(chain: list[ParsedHop]) -> list[ParsedHop | None]:
    """For each hop (oldest first), the nearest older Received hop that is a trace line, in one pass."""
    out: list[ParsedHop | None] = []
    prev: ParsedHop | None = None
    for h in chain:
        out.append(prev)
        if h.kind not in ("junk", "unparseable") and h.source == "received":
            prev = h
    return out


def _continuity(h: ParsedHop, prev: ParsedHop | None) -> str | None:
    """Does this hop's sending side match the previous (older) trace hop's receiving side?"""
    if h.kind in ("junk", "unparseable") or h.source != "received" or (h.from_name is None and h.ip is None):
        return None
    if prev is None or (not prev.by_host and prev.by_ip is None):
        return None
    names = {n.lower().rstrip(".") for n in (h.from_rdns, h.from_helo, h.from_name) if n}
    by = (prev.by_host or "").lower().rstrip(".")
    if by in names or (prev.by_ip is not None and prev.by_ip == h.ip):
        return None
    by_admd = admd(prev.by_host)
    if by_admd and any(admd(n) == by_admd for n in names):
        return None
    if h.ip is not None and h.ip_scope in ("loopback", "private", "link_local"):
        return None  # internal relays often name themselves differently
    return (
        f"continuity: the previous hop says {prev.by_host or prev.by_ip} received the message, but this hop says it "
        f"came from {h.from_host or h.from_ip}"
    )
