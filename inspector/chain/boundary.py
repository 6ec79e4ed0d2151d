"""The trust boundary: the hop where the receiving organisation took the message in from outside.

Order of evidence (docs/notes/received-chain.md §4.2): the analyst's settings (trusted networks, own domains, trusted
authserv-ids); else the client IP that the receiver's own Authentication-Results / Received-SPF say they
evaluated; else SpamAssassin's inference, walking from the newest hop while hops are private, loopback,
authenticated, content filters or same-organisation rDNS. Works on hops in header order (newest first).

Big providers relay between their own servers over public addresses (Microsoft 365: mailbox ← CAS ←
EOP frontend, all on public IPv6 such as 2603:10b6::/32, with HELO names under prod.outlook.com), so
SpamAssassin's private-address rule stops the walk on the first internal hop. The walk therefore also
continues over a *provider-internal* hop, which needs three things at once:

1. the hop was written by the receiving organisation: its by-host is in the receiving ADMD (the ADMD of
   the newest hops, which the receiver wrote itself);
2. the client *says* it belongs to the same ADMD: its HELO (or rDNS) is in the receiving ADMD;
3. something the *receiver* recorded ties the client's address to its own network: the client IP and
   the by-IP the receiving host wrote about itself in the same field share a long prefix (/32 for
   IPv6, /24 for IPv4), or both lie in one of the provider's internal ranges (`_PROVIDER_INTERNAL`).

Why this does not trust a forged HELO: at the real boundary the client chooses its HELO, so (2) alone is
worth nothing (68 of the 400 phishing_pot boundaries carry a HELO in the receiver's own domain), but the
client cannot choose its address, and (3) compares that address with the address the receiving host
recorded for itself. At a provider's edge the receiving host records a private or IPv4 frontend address
(EOP: ``by …mail.protection.outlook.com (10.13.x.x)``), so an outside sender with a forged
``*.prod.outlook.com`` HELO — even one renting an address in the provider's cloud — fails (3) unless it
sits next to the receiving host itself. Hints that an outside sender can also produce are not used on
their own: ``via Frontend Transport`` is written by the EOP frontend at the real boundary as well, and
``with Microsoft SMTP Server`` by every Exchange hop. ``with mapi`` / ``with HTTPS`` already count as
authenticated submission. The residual risk is an outside client inside the receiving host's own /32
or /24 (a tenant of the same hosting network) that also forges a HELO in the receiver's domain.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from inspector.chain.artefacts import AuthResults, ReceivedSpf
from inspector.chain.ipaddr import GOOGLE_INTERNAL, in_networks, ip_text, scope
from inspector.chain.orgdomain import admd
from inspector.chain.received import ParsedHop
from inspector.model.vocabulary import Confidence
from inspector.settings import AnalysisSettings, authserv_id_matches

_INTERNAL_KINDS = frozenset(
    {"content_filter", "lmtp_delivery", "local_injection", "internal_provider", "list_expansion"}
)
_SKIP_KINDS = frozenset({"junk", "unparseable"})
_INTERNAL_SCOPES = frozenset({"loopback", "private", "link_local", "shared"})
#: Prefix the client address must share with the receiving host's own address (condition 3 above).
_SHARED_PREFIX = {4: 24, 6: 32}
#: Ranges a provider uses between its own servers, with the ADMD that must be both sides of the hop; the
#: client and the receiving host must each lie in one of the ADMD's ranges. Google's ``2002:…`` internal
#: ids are in docs/notes/received-chain.md (§2.1, §6.1). Microsoft's come from the 396 Microsoft 365 deliveries of
#: phishing_pot: every internal Exchange Online hop is between addresses in 2603:1000::/24 (2603:1096,
#: 10a6, 10b6, 10d6, 1026 — crossing regions, so a /32 is too narrow) or from an EOP frontend in
#: 2a01:111::/32 to such an address; both are Microsoft allocations. At the edge the EOP frontend records
#: a private address for itself, so a sender from these ranges (another tenant) is still the boundary.
_PROVIDER_INTERNAL: dict[str, tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]] = {
    "microsoft.com": (ipaddress.ip_network("2603:1000::/24"), ipaddress.ip_network("2a01:111::/32")),
    "google.com": (GOOGLE_INTERNAL,),
}


@dataclass(slots=True)
class BoundaryResult:
    """Where the boundary is (index into the newest-first list) and why."""

    pos: int | None = None
    method: str = "none"
    confidence: Confidence = Confidence.NONE
    evidence: list[str] = field(default_factory=list)
    receiver: str | None = None
    authserv_id: str | None = None
    evaluated_ip: str | None = None
    evaluated_ip_in_chain: bool | None = None
    original_pos: int | None = None
    original_ip: str | None = None
    originating: bool = False
    warnings: list[str] = field(default_factory=list)


def _receiving_admd(hops: list[ParsedHop]) -> str | None:
    for h in hops[:6]:
        if h.kind in _SKIP_KINDS or h.source != "received":
            continue
        a = admd(h.by_host)
        if a:
            return a
    return None


def _provider_internal(h: ParsedHop, receiving: set[str]) -> str | None:
    """Why `h` is a hop between two servers of the receiving provider (see the module docstring), or None."""
    if not receiving or h.ip is None or h.by_ip is None or h.ip.version != h.by_ip.version:
        return None
    org = admd(h.by_host)
    if org is None or org not in receiving or admd(h.from_rdns or h.from_helo) != org:
        return None
    if h.ip_scope != "public" or scope(h.by_ip) != "public":
        return None
    prefix = _SHARED_PREFIX[h.ip.version]
    bits = 32 if h.ip.version == 4 else 128
    client, host = h.from_ip, ip_text(h.by_ip)
    if (int(h.ip) ^ int(h.by_ip)).bit_length() <= bits - prefix:
        return f"client {client} and receiving host {host} share a /{prefix}, and both names are in {org}"
    nets = _PROVIDER_INTERNAL.get(org, ())
    client_net = next((n for n in nets if h.ip in n), None)
    host_net = next((n for n in nets if h.by_ip in n), None)
    if client_net is not None and host_net is not None:
        where = str(client_net) if client_net == host_net else f"{client_net} and {host_net}"
        return f"client {client} and receiving host {host} are both in {org}'s internal ranges ({where})"
    return None


def _walk(
    hops: list[ParsedHop], settings: AnalysisSettings, own: set[str], receiving: set[str] | None = None
) -> tuple[int | None, list[str], bool]:
    """SpamAssassin-style inference; returns (position, notes, crossed-something-doubtful)."""
    notes: list[str] = []
    doubtful = False
    receiving = receiving if receiving is not None else own
    provider_hops = 0
    for i, h in enumerate(hops):
        label = f"hop from {h.from_host or h.from_ip or '?'} to {h.by_host or '?'}"
        if h.source != "received":
            continue  # X-Received lines carry no client; synthetic hops are never a boundary
        if h.kind in _SKIP_KINDS:
            doubtful = True
            notes.append(f"skipped a line that is not a trace line ({h.raw[:40]!r})")
            continue
        if h.kind == "fetch":
            notes.append(f"{label}: fetched by POP/IMAP; the chain restarts below it")
            continue
        if h.ip is None:
            if h.from_name is not None and h.kind not in _INTERNAL_KINDS and h.auth is None:
                doubtful = True
            continue
        ip = ip_text(h.ip)
        if in_networks(ip, settings.trusted_networks):
            notes.append(f"{label}: {ip} is in the trusted networks")
            continue
        if h.ip_scope in _INTERNAL_SCOPES:
            continue
        if h.auth is not None:
            notes.append(f"{label}: authenticated ({h.auth})")
            continue
        if h.kind in _INTERNAL_KINDS:
            continue
        rdns_admd = admd(h.from_rdns) if h.rdns_state == "present" else None
        if rdns_admd and (rdns_admd in own or (not own and rdns_admd == admd(h.by_host))):
            continue
        why = _provider_internal(h, receiving)
        if why is not None:
            provider_hops += 1
            if provider_hops <= 3:
                notes.append(f"{label}: provider-internal hop ({why})")
            continue
        return i, notes, doubtful
    return None, notes, doubtful


def walk_only(hops: list[ParsedHop], settings: AnalysisSettings) -> int | None:
    """The hop (index, newest first) the inference alone picks, ignoring recorded A-R / SPF (for the census)."""
    own = {a for a in (admd(d) for d in settings.own_domains) if a}
    recv = _receiving_admd(hops)
    return _walk(hops, settings, own, own | ({recv} if recv else set()))[0]


@dataclass(slots=True)
class _Anchor:
    """The client IPs the receiver says it evaluated, and the first of them that a Received hop carries."""

    ips: list[str] = field(default_factory=list)
    pos: int | None = None
    ip: str | None = None


def find_boundary(
    hops: list[ParsedHop],
    ars: list[AuthResults],
    spfs: list[ReceivedSpf],
    aars: list[AuthResults],
    settings: AnalysisSettings,
) -> BoundaryResult:
    """Locate the boundary among `hops` (newest first). Never raises on odd input.

    Steps: who the receiver is; which of its records can be trusted (`_trusted_records`); the hop carrying
    the IP they say was evaluated (`_anchor`); SpamAssassin's walk (`_walk`); then the decision in the
    order of evidence (`_decide`), and the warnings and notes around it.
    """
    res = BoundaryResult()
    own = {a for a in (admd(d) for d in settings.own_domains) if a}
    recv = _receiving_admd(hops)
    res.receiver = recv
    trusted_ars, trusted_spfs = _trusted_records(hops, ars, spfs, settings, own, res)
    if trusted_ars:
        res.authserv_id = trusted_ars[0].authserv_id  # who the receiver is; not yet evidence of where
    outside = _first_outside_field(hops, settings, own, recv)
    if outside is not None:
        trusted_ars = [a for a in trusted_ars if a.header_index < outside]
        trusted_spfs = [s for s in trusted_spfs if s.header_index < outside]
    first_any, first_received = _first_positions(hops)
    anchor = _anchor(trusted_ars, trusted_spfs, first_received, res)
    walk_pos, notes, doubtful = _walk(hops, settings, own, own | ({recv} if recv else set()))
    _decide(res, hops, settings, own, anchor, trusted_spfs, walk_pos, doubtful)
    res.evidence.extend(notes[:10])
    if res.pos is not None:
        _warn_trusted_record_below(res, hops[res.pos + 1 :], ars, trusted_ars)
    _original_ingress(res, aars, first_any)
    return res


def _first_outside_field(
    hops: list[ParsedHop], settings: AnalysisSettings, own: set[str], recv: str | None
) -> int | None:
    """The header index of the first Received written outside the receiving organisation.

    Only fields above it can anchor: one further down came with the message (RFC 8601 §5), and its
    "evaluated IP" would move the boundary where the sender wants it.
    """
    trusted_ids = _trusted_ids(settings)
    receiving = own | ({recv} if recv else set()) | {a for a in (admd(t.lstrip(".")) for t in trusted_ids) if a}
    return next(
        (
            h.header_index
            for h in hops
            if h.source == "received" and h.kind not in _SKIP_KINDS and admd(h.by_host) not in (receiving | {None})
        ),
        None,
    )


def _trusted_ids(settings: AnalysisSettings) -> set[str]:
    return {t.lower().strip() for t in settings.trusted_authserv_ids if t.strip()}


def _trusted_records(
    hops: list[ParsedHop],
    ars: list[AuthResults],
    spfs: list[ReceivedSpf],
    settings: AnalysisSettings,
    own: set[str],
    res: BoundaryResult,
) -> tuple[list[AuthResults], list[ReceivedSpf]]:
    """The receiver's own Authentication-Results and Received-SPF: by the configured authserv-ids, else by
    the receiving organisation (own domains and the ADMD of the newest hops)."""
    trusted_ids = _trusted_ids(settings)
    if trusted_ids:
        trusted_ars = [a for a in ars if authserv_id_matches(a.authserv_id, settings.trusted_authserv_ids)]
        trusted_spfs = [
            s
            for s in spfs
            if s.receiver
            and (
                authserv_id_matches(s.receiver, settings.trusted_authserv_ids)
                or admd(s.receiver) in {admd(t) for t in trusted_ids}
            )
        ]
        if not trusted_ars and not trusted_spfs:
            res.evidence.append("no Authentication-Results carries a trusted authserv-id")
        return trusted_ars, trusted_spfs
    wanted = own | ({res.receiver} if res.receiver else set())
    trusted_ars = [a for a in ars if a.authserv_id and admd(a.authserv_id) in wanted]
    idless = _receivers_idless_ar(ars, hops, wanted)
    if idless is not None:
        trusted_ars.append(idless)
    first_foreign = next(
        (h.header_index for h in hops if h.kind not in _SKIP_KINDS and admd(h.by_host) not in (wanted | {None})),
        None,
    )
    trusted_spfs = [
        s
        for s in spfs
        if (s.receiver and admd(s.receiver) in wanted)
        or (not s.receiver and first_foreign is not None and s.header_index < first_foreign)
    ]
    return trusted_ars, trusted_spfs


def _anchor(
    trusted_ars: list[AuthResults],
    trusted_spfs: list[ReceivedSpf],
    first_received: dict[str, int],
    res: BoundaryResult,
) -> _Anchor:
    """The first evaluated IP that a Received hop carries; records the evaluated IP (and its absence) on `res`."""
    # Each evaluated IP once, in order; a hostile block repeats thousands (200 fields x 60 policy.iprev).
    anchor = _Anchor(
        ips=list(
            dict.fromkeys(
                [s.client_ip for s in trusted_spfs if s.client_ip]
                + [ip for a in trusted_ars for ip in a.evaluated_ips()]
            )
        )
    )
    for ip in anchor.ips:
        pos = first_received.get(ip)
        if pos is not None:
            anchor.pos, anchor.ip = pos, ip
            break
    if anchor.ips:
        res.evaluated_ip = anchor.ip or anchor.ips[0]
        res.evaluated_ip_in_chain = anchor.pos is not None
        if anchor.pos is None:
            res.warnings.append(
                f"the receiver says it evaluated {anchor.ips[0]}, but no Received hop carries that IP "
                "(hidden hops, rewritten headers or a forged Authentication-Results)"
            )
    return anchor


def _decide(
    res: BoundaryResult,
    hops: list[ParsedHop],
    settings: AnalysisSettings,
    own: set[str],
    anchor: _Anchor,
    trusted_spfs: list[ReceivedSpf],
    walk_pos: int | None,
    doubtful: bool,
) -> None:
    """The order of evidence: the settings, else the receiver's anchor, else the walk, else "originating"."""
    if settings.trusted_networks or own:
        res.pos, res.method = walk_pos, "settings"
        res.evidence.append("trusted networks / own domains from the settings decided which hops are internal")
        res.confidence = (
            Confidence.HIGH if walk_pos is not None and (anchor.pos in (None, walk_pos)) else Confidence.MEDIUM
        )
    elif anchor.pos is not None:
        _decide_anchored(res, hops, anchor.pos, anchor, trusted_spfs, walk_pos)
    elif walk_pos is not None:
        res.pos, res.method = walk_pos, "inferred"
        res.confidence = Confidence.LOW if doubtful or anchor.ips else Confidence.MEDIUM
        res.evidence.append(
            f"first hop (from the top) whose client is public, unauthenticated and outside the receiving "
            f"organisation: {_label(hops[walk_pos])}"
        )
        if doubtful:
            res.evidence.append("lines without an IP or junk lines were crossed on the way")
    elif any(h.kind not in _SKIP_KINDS for h in hops):
        res.method, res.originating = "originating", True
        res.confidence = Confidence.LOW
        res.evidence.append(
            "every hop is internal, loopback or authenticated: the message looks sent from this organisation "
            "(no inbound boundary)"
        )


def _decide_anchored(
    res: BoundaryResult,
    hops: list[ParsedHop],
    pos: int,
    anchor: _Anchor,
    trusted_spfs: list[ReceivedSpf],
    walk_pos: int | None,
) -> None:
    """The boundary is the hop carrying the IP the receiver evaluated; the walk agreeing makes it high."""
    res.pos, res.method = pos, "anchored"
    who = res.authserv_id or (trusted_spfs[0].receiver if trusted_spfs else None) or "the receiver"
    res.evidence.append(f"{who} recorded that it evaluated {anchor.ip}; hop {_label(hops[pos])} carries it")
    if walk_pos == pos:
        res.confidence = Confidence.HIGH
        res.evidence.append("the private/authenticated-hop inference picks the same hop")
    else:
        res.confidence = Confidence.MEDIUM
        if walk_pos is not None:
            res.evidence.append(f"the inference alone would have picked {_label(hops[walk_pos])}")


def _warn_trusted_record_below(
    res: BoundaryResult, below: list[ParsedHop], ars: list[AuthResults], trusted_ars: list[AuthResults]
) -> None:
    """A record claiming the receiver's authserv-id among the hops `below` the boundary: possibly forged."""
    nxt = next((h.header_index for h in below if h.kind not in _SKIP_KINDS), None)
    last = max((h.header_index for h in below), default=None)
    if nxt is None or last is None:
        return
    ids = {a.authserv_id for a in trusted_ars}
    for a in ars:
        # Interleaved with the claimed hops (not merely appended after the whole block by a filter).
        if a.authserv_id in ids and nxt < a.header_index < last:
            res.warnings.append(
                f"an Authentication-Results claiming {a.authserv_id} sits below the trust boundary: the receiver "
                "should have removed it (RFC 8601 §5) — possibly forged"
            )
            return


def _original_ingress(res: BoundaryResult, aars: list[AuthResults], first_any: dict[str, int]) -> None:
    """A forwarder's own ingress, as the oldest ARC-Authentication-Results records it."""
    for a in sorted((a for a in aars if a.instance is not None), key=lambda a: (a.instance or 0, a.header_index)):
        ips = a.evaluated_ips()
        if ips:
            res.original_ip = ips[0]
            res.original_pos = first_any.get(ips[0])
            return


def _first_positions(hops: list[ParsedHop]) -> tuple[dict[str, int], dict[str, int]]:
    """The first position of each client IP (as text) among all hops, and among Received hops only.

    Built once so matching evaluated IPs to hops is a lookup each, not a scan of the chain per IP (and
    each address is turned into text once, not on every comparison).
    """
    first_any: dict[str, int] = {}
    first_received: dict[str, int] = {}
    for i, h in enumerate(hops):
        if h.ip is None:
            continue
        ip = ip_text(h.ip)
        first_any.setdefault(ip, i)
        if h.source == "received":
            first_received.setdefault(ip, i)
    return first_any, first_received


def _receivers_idless_ar(ars: list[AuthResults], hops: list[ParsedHop], wanted: set[str]) -> AuthResults | None:
    """The receiver's own Authentication-Results when it carries no authserv-id (Microsoft 365's form).

    Only the topmost field is taken (a receiver prepends its own; anything further down could have come
    with the message), and only when it sits above the oldest hop the receiving organisation wrote:
    an id-less field below that was already in the message when the receiver took it in.
    """
    idless = [a for a in ars if a.authserv_id is None and a.results]
    if not idless or not wanted:
        return None
    top = min(idless, key=lambda a: a.header_index)
    if any(a.header_index < top.header_index for a in ars):
        return None  # a field with an id is above it: that one is the receiver's
    receiver_hops = [h.header_index for h in hops if h.kind not in _SKIP_KINDS and admd(h.by_host) in wanted]
    if not receiver_hops or top.header_index > max(receiver_hops):
        return None
    return top


def _label(h: ParsedHop) -> str:
    return f"from {h.from_host or '?'} [{h.from_ip or '?'}] by {h.by_host or '?'}"
