"""The trust boundary: the hop where the receiving organisation took the message in from outside.

Order of evidence (research note §4.2): the analyst's settings (trusted networks, own domains, trusted
authserv-ids); else the client IP that the receiver's own Authentication-Results / Received-SPF say they
evaluated; else SpamAssassin's inference, walking from the newest hop while hops are private, loopback,
authenticated, content filters or same-organisation rDNS. Works on hops in header order (newest first).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inspector.chain.artefacts import AuthResults, ReceivedSpf
from inspector.chain.ipaddr import in_networks
from inspector.chain.orgdomain import admd
from inspector.chain.received import ParsedHop
from inspector.settings import AnalysisSettings

_INTERNAL_KINDS = frozenset(
    {"content_filter", "lmtp_delivery", "local_injection", "internal_provider", "list_expansion"}
)
_SKIP_KINDS = frozenset({"junk", "unparseable"})
_INTERNAL_SCOPES = frozenset({"loopback", "private", "link_local", "shared"})


@dataclass(slots=True)
class BoundaryResult:
    """Where the boundary is (index into the newest-first list) and why."""

    pos: int | None = None
    method: str = "none"
    confidence: str = "none"
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
        if h.kind in _SKIP_KINDS:
            continue
        a = admd(h.by_host)
        if a:
            return a
    return None


def _walk(hops: list[ParsedHop], settings: AnalysisSettings, own: set[str]) -> tuple[int | None, list[str], bool]:
    """SpamAssassin-style inference; returns (position, notes, crossed-something-doubtful)."""
    notes: list[str] = []
    doubtful = False
    for i, h in enumerate(hops):
        label = f"hop from {h.from_host or h.from_ip or '?'} to {h.by_host or '?'}"
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
        ip = str(h.ip)
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
        return i, notes, doubtful
    return None, notes, doubtful


def walk_only(hops: list[ParsedHop], settings: AnalysisSettings) -> int | None:
    """The hop (index, newest first) the inference alone picks, ignoring recorded A-R / SPF (for the census)."""
    own = {a for a in (admd(d) for d in settings.own_domains) if a}
    return _walk(hops, settings, own)[0]


def find_boundary(
    hops: list[ParsedHop],
    ars: list[AuthResults],
    spfs: list[ReceivedSpf],
    aars: list[AuthResults],
    settings: AnalysisSettings,
) -> BoundaryResult:
    """Locate the boundary among `hops` (newest first). Never raises on odd input."""
    res = BoundaryResult()
    own = {a for a in (admd(d) for d in settings.own_domains) if a}
    recv = _receiving_admd(hops)
    res.receiver = recv
    trusted_ids = {t.lower().strip() for t in settings.trusted_authserv_ids if t.strip()}
    if trusted_ids:
        trusted_ars = [a for a in ars if a.authserv_id in trusted_ids]
        trusted_spfs = [
            s
            for s in spfs
            if s.receiver and (s.receiver in trusted_ids or admd(s.receiver) in {admd(t) for t in trusted_ids})
        ]
        if not trusted_ars and not trusted_spfs:
            res.evidence.append("no Authentication-Results carries a trusted authserv-id")
    else:
        wanted = own | ({recv} if recv else set())
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
    if trusted_ars:
        res.authserv_id = trusted_ars[0].authserv_id
    anchor_ips: list[str] = []
    for s in trusted_spfs:
        if s.client_ip and s.client_ip not in anchor_ips:
            anchor_ips.append(s.client_ip)
    for a in trusted_ars:
        for ip in a.evaluated_ips():
            if ip not in anchor_ips:
                anchor_ips.append(ip)
    anchor_pos: int | None = None
    anchor_ip: str | None = None
    for ip in anchor_ips:
        pos = next((i for i, h in enumerate(hops) if h.from_ip == ip), None)
        if pos is not None:
            anchor_pos, anchor_ip = pos, ip
            break
    if anchor_ips:
        res.evaluated_ip = anchor_ip or anchor_ips[0]
        res.evaluated_ip_in_chain = anchor_pos is not None
        if anchor_pos is None:
            res.warnings.append(
                f"the receiver says it evaluated {anchor_ips[0]}, but no Received hop carries that IP "
                "(hidden hops, rewritten headers or a forged Authentication-Results)"
            )
    walk_pos, notes, doubtful = _walk(hops, settings, own)
    configured = bool(settings.trusted_networks or own)
    if configured:
        res.pos, res.method = walk_pos, "settings"
        res.evidence.append("trusted networks / own domains from the settings decided which hops are internal")
        res.confidence = "high" if walk_pos is not None and (anchor_pos in (None, walk_pos)) else "medium"
    elif anchor_pos is not None:
        res.pos, res.method = anchor_pos, "anchored"
        who = res.authserv_id or (trusted_spfs[0].receiver if trusted_spfs else None) or "the receiver"
        res.evidence.append(f"{who} recorded that it evaluated {anchor_ip}; hop {_label(hops[anchor_pos])} carries it")
        if walk_pos == anchor_pos:
            res.confidence = "high"
            res.evidence.append("the private/authenticated-hop inference picks the same hop")
        else:
            res.confidence = "medium"
            if walk_pos is not None:
                res.evidence.append(f"the inference alone would have picked {_label(hops[walk_pos])}")
    elif walk_pos is not None:
        res.pos, res.method = walk_pos, "inferred"
        res.confidence = "low" if doubtful or anchor_ips else "medium"
        res.evidence.append(
            f"first hop (from the top) whose client is public, unauthenticated and outside the receiving "
            f"organisation: {_label(hops[walk_pos])}"
        )
        if doubtful:
            res.evidence.append("lines without an IP or junk lines were crossed on the way")
    elif any(h.kind not in _SKIP_KINDS for h in hops):
        res.method, res.originating = "originating", True
        res.confidence = "low"
        res.evidence.append(
            "every hop is internal, loopback or authenticated: the message looks sent from this organisation "
            "(no inbound boundary)"
        )
    res.evidence.extend(notes[:10])
    if res.pos is not None:
        nxt = next((h.header_index for h in hops[res.pos + 1 :] if h.kind not in _SKIP_KINDS), None)
        last = max((h.header_index for h in hops[res.pos + 1 :]), default=None)
        ids = {a.authserv_id for a in trusted_ars}
        for a in ars:
            # Interleaved with the claimed hops (not merely appended after the whole block by a filter).
            if a.authserv_id in ids and nxt is not None and last is not None and nxt < a.header_index < last:
                res.warnings.append(
                    f"an Authentication-Results claiming {a.authserv_id} sits below the trust boundary: the receiver "
                    "should have removed it (RFC 8601 §5) — possibly forged"
                )
                break
    # A forwarder's own ingress, as the oldest ARC-Authentication-Results records it.
    for a in sorted((a for a in aars if a.instance is not None), key=lambda a: (a.instance or 0, a.header_index)):
        ips = a.evaluated_ips()
        if ips:
            res.original_ip = ips[0]
            res.original_pos = next((i for i, h in enumerate(hops) if h.from_ip == ips[0]), None)
            break
    return res


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
