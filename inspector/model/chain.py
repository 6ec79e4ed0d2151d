"""Report sections for the Received chain: hops, the trust boundary and where authentication broke.

Contract fields (docs/architecture.md §4) come first in each class; everything after them was added for the
chain view and defaults to "nothing known", so older producers and consumers keep working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inspector.model.vocabulary import BodyHashMatch, Confidence, HopKind, TrustZone


def numbered(numbers: Sequence[int], index: int) -> int:
    """The number a sentence gives the hop at chain `index`: its number in the whole chain (`numbers`, one per
    listed hop, hidden hops counted: `Hop.number`), or its listed position when `numbers` does not cover it
    (nothing hidden, or a caller without them). Every sentence naming a hop goes through here or through
    `Hop.number_shown`, so the words say the number the hop views show (hop 2,751 after a hidden gap)."""
    return numbers[index] if 0 <= index < len(numbers) else index + 1


@dataclass(frozen=True, slots=True)
class PlacedArtefact:
    """An authentication artefact (DKIM signature, ARC set, A-R, Received-SPF) placed on a hop.

    `kind` is "dkim-signature", "arc-set", "authentication-results" or "received-spf"; `identity` the
    signing domain (d=) or the authserv-id / SPF receiver; `header_indexes` where its field(s) stand in the
    header block (0 = top). `hop_index` is the chain index of the hop whose organisation added it, None when
    it could not be placed; `placement` says how it was placed. `body_hash` is "match", "mismatch",
    "not checked" (no body available), "not applicable" or "malformed".
    """

    kind: str
    identity: str
    header_indexes: tuple[int, ...]
    hop_index: int | None = None
    placement: str = "unplaced"
    instance: int | None = None
    selector: str | None = None
    signed_headers: tuple[str, ...] = ()
    signed_at: str | None = None
    body_hash: BodyHashMatch = BodyHashMatch.NOT_APPLICABLE
    body_length_limit: int | None = None
    #: For A-R / AAR / Received-SPF: "method=result (comment) header.d=…" summaries, in order.
    results: tuple[str, ...] = ()
    detail: str = ""
    #: Signature time (t=) minus the time of the hop it is placed on, in seconds; None when either is unknown.
    signed_vs_hop_seconds: float | None = None
    #: A plain sentence when t= falls well outside the hop's stay (before its receipt, after the next hop's).
    timing_note: str = ""


@dataclass(frozen=True, slots=True)
class Hop:
    """One Received field, as the report shows it (chain order: oldest first)."""

    index: int
    header_index: int
    raw: str
    from_host: str | None = None
    from_helo: str | None = None
    from_rdns: str | None = None
    from_ip: str | None = None
    by_host: str | None = None
    by_ip: str | None = None
    protocol: str | None = None
    tls: str | None = None
    queue_id: str | None = None
    for_addr: str | None = None
    envelope_from: str | None = None
    timestamp: str | None = None
    delay_seconds: float | None = None
    is_boundary: bool = False
    #: "internal", "boundary", "external-claimed", "unknown".
    trust_zone: TrustZone = TrustZone.UNKNOWN
    warnings: tuple[str, ...] = ()
    #: smtp_relay, submission, content_filter, lmtp_delivery, fetch, list_expansion, local_injection,
    #: internal_provider, synthetic, junk, unparseable.
    kind: HopKind = HopKind.SMTP_RELAY
    #: Which MTA shape decided HELO vs rDNS: postfix, exim, qmail, exchange, zmailer, communigate, generic …
    parse_profile: str = "generic"
    #: present, none_found ("unknown", "softdnserr" …), not_recorded (the MTA never logs it), flagged (may be forged).
    rdns_state: str = "not_recorded"
    from_port: int | None = None
    #: public, private, loopback, link_local, shared, documentation, reserved, invalid; None without an IP.
    ip_scope: str | None = None
    ident: str | None = None
    #: The authentication marker that made this hop a submission ("ESMTPA", "Authenticated sender: x" …).
    auth: str | None = None
    by_software: str | None = None
    via: str | None = None
    #: Parsed from the `with` value and comments: esmtp, tls, auth, utf8, lmtp, http, mapi, local, fetch.
    flags: tuple[str, ...] = ()
    tls_version: str | None = None
    tls_cipher: str | None = None
    date_raw: str | None = None
    #: Offset as written, in minutes east of UTC (None when no zone was given).
    tz_offset_minutes: int | None = None
    #: numeric, named, ambiguous_name, unknown (-0000 or no zone: read as UTC), none (no date).
    tz_state: str = "none"
    date_issues: tuple[str, ...] = ()
    #: Organisational domain of `by_host` (Public Suffix List), the ADMD that wrote this hop.
    org_domain: str | None = None
    #: normal, same_second, minor_skew, major_skew, timezone_label_error, delay, significant_delay,
    #: major_delay; None for the first dated hop or a hop without a date.
    delay_state: str | None = None
    #: Estimated clock error of this hop's host (observed minus a consistent timeline), when it stands out.
    skew_seconds: float | None = None
    annotations: tuple[str, ...] = ()
    artefacts: tuple[PlacedArtefact, ...] = ()
    #: Where the hop comes from: "received" (a Received field, or one part of a glued one), "x_received"
    #: (Google's internal X-Received trace line, kind internal_provider) or "synthetic_originating_ip" (built
    #: from X-Originating-IP-style headers, kind "synthetic": a claimed address, never a trust boundary).
    source: str = "received"
    #: The header a synthetic hop was built from ("X-Originating-IP", …); None otherwise.
    source_header: str | None = None
    #: Trace hops hidden between the previous listed hop and this one when the chain was truncated (both
    #: ends are kept, the middle is hidden); this hop's `delay_seconds` then spans them all.
    hidden_before: int = 0
    #: The hop's number in the whole chain, 1 for the oldest, counting the hidden hops before it (hop 2,751
    #: after 2,500 hidden ones is listed at `index` 250); None in a report built without it (`number_shown`).
    number: int | None = None

    @property
    def number_shown(self) -> int:
        """The number every view shows for this hop: `number`, else its listed position (nothing hidden)."""
        return self.number if self.number is not None else self.index + 1


@dataclass(frozen=True, slots=True)
class TrustBoundary:
    """The hop where the receiving organisation took the message in.

    Also carries the chain-wide figures the report has no other place for: transit times before and after
    the boundary, the truncation marker, artefacts that could not be placed and the forwarder's boundary
    that an ARC chain records.
    """

    hop_index: int | None = None
    client_ip: str | None = None
    helo: str | None = None
    mail_from: str | None = None
    #: "high", "medium", "low", "none".
    confidence: Confidence = Confidence.NONE
    evidence: tuple[str, ...] = ()
    #: settings, anchored (A-R / Received-SPF IP), inferred, originating, none.
    method: str = "none"
    #: Position of the boundary hop's Received field in the header block (0 = top); `hop_index` is its chain index.
    header_index: int | None = None
    receiver: str | None = None
    client_rdns: str | None = None
    authserv_id: str | None = None
    #: The IP the trusted A-R / Received-SPF says it evaluated, and whether a hop carries it.
    evaluated_ip: str | None = None
    evaluated_ip_in_chain: bool | None = None
    #: The ingress of the original organisation as its ARC-Authentication-Results record it (forwarded mail).
    original_client_ip: str | None = None
    original_hop_index: int | None = None
    seconds_before_boundary: float | None = None
    seconds_after_boundary: float | None = None
    total_seconds: float | None = None
    #: More Received fields than the display cap: the oldest and the newest hops (and the boundary) are
    #: listed, the middle is hidden; each listed hop's `hidden_before` says where (`hops_omitted` in all).
    truncated: bool = False
    received_count: int = 0
    hops_omitted: int = 0
    unplaced: tuple[PlacedArtefact, ...] = ()
    #: The Date header in UTC (ISO 8601), None when missing or unreadable.
    date_header: str | None = None
    #: Date minus the oldest dated trace hop, and minus the boundary hop (the newest dated hop without a
    #: boundary), in seconds: negative means the Date is earlier.
    date_vs_first_hop_seconds: float | None = None
    date_vs_boundary_seconds: float | None = None
    #: Plain sentences about the Date header against the chain (missing, unreadable, far future / past).
    time_findings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Break:
    """Where the story breaks: the body or a signed header changed between two hops.

    `after_hop` / `before_hop` are chain indexes: the change happened after the first and at or before the
    second (None when open-ended). `what` is a short kind ("body changed", "subject tagged", "From rewritten",
    "DKIM verdict changed", "ARC chain restarted", "continuity").
    """

    what: str
    after_hop: int | None
    before_hop: int | None
    evidence: str
    #: Hosts whose hop lies inside the bracket, oldest first (the candidates for the change).
    suspects: tuple[str, ...] = ()
