"""Report sections for SPF, DKIM, ARC, DMARC and the receivers' recorded results."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class AuthResult(enum.Enum):
    """RFC 8601 result words, plus the engine's own states.

    ``not-verifiable``: the check needed DNS this workstation does not have (offline, or the snapshot
    lacks the record). It is never a failure. ``not-analysed``: the check was not run at all.
    """

    PASS = "pass"
    FAIL = "fail"
    SOFTFAIL = "softfail"
    NEUTRAL = "neutral"
    NONE = "none"
    TEMPERROR = "temperror"
    PERMERROR = "permerror"
    POLICY = "policy"
    NOT_VERIFIABLE = "not-verifiable"
    NOT_ANALYSED = "not-analysed"


class Provenance(enum.Enum):
    """Where the facts behind a result came from."""

    LIVE_DNS = "live-dns"
    SNAPSHOT = "dns-snapshot"
    OFFLINE = "not-verifiable-offline"
    MESSAGE_ONLY = "message-only"
    RECORDED = "recorded-by-receiver"
    MIXED = "mixed"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class DnsLookupRecord:
    """One DNS question a check asked, and the answer it got (shown as the result's provenance)."""

    name: str
    rtype: str
    status: str
    source: str
    captured_at: str | None = None
    records: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SpfResult:
    """SPF as re-run by us (RFC 7208) for the connection at the trust boundary."""

    result: AuthResult = AuthResult.NOT_ANALYSED
    domain: str | None = None
    client_ip: str | None = None
    helo: str | None = None
    mail_from: str | None = None
    #: "mailfrom" or "helo": which identity was checked (a null sender falls back to HELO).
    identity: str | None = None
    #: Where client_ip/helo/mail_from came from ("command line", "trust boundary hop 3", …).
    identity_source: str | None = None
    explanation: str | None = None
    mechanism: str | None = None
    dns_lookups: int | None = None
    void_lookups: int | None = None
    reason: str = ""
    provenance: Provenance = Provenance.NONE
    dns: tuple[DnsLookupRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class DkimSignatureResult:
    """One DKIM-Signature, verified on its own."""

    index: int
    domain: str | None = None
    selector: str | None = None
    algorithm: str | None = None
    result: AuthResult = AuthResult.NOT_ANALYSED
    #: "pass", "fail" or "not-checked" (no body: .msg or pasted headers).
    body_hash: str = "not-checked"
    #: "pass", "fail", "not-checked" (no key available) for the header signature alone.
    header_signature: str = "not-checked"
    reason: str = ""
    key_size: int | None = None
    canonicalization: str | None = None
    signed_headers: tuple[str, ...] = ()
    identity: str | None = None
    body_length_limit: int | None = None
    unsigned_body_bytes: int | None = None
    signed_at: str | None = None
    expires_at: str | None = None
    #: Judgement of t=/x= at delivery (trusted Received) and now, in words.
    time_at_delivery: str | None = None
    time_now: str | None = None
    header_index: int | None = None
    warnings: tuple[str, ...] = ()
    key_record: str | None = None
    provenance: Provenance = Provenance.NONE
    dns: tuple[DnsLookupRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ArcInstance:
    """One ARC set (ARC-Authentication-Results + ARC-Message-Signature + ARC-Seal with one i=)."""

    instance: int
    seal_domain: str | None = None
    seal_selector: str | None = None
    ams_domain: str | None = None
    ams_selector: str | None = None
    ams_valid: str = "not-checked"
    as_valid: str = "not-checked"
    cv: str | None = None
    authentication_results: str | None = None
    ams_body_hash: str = "not-checked"
    header_index: int | None = None


@dataclass(frozen=True, slots=True)
class ArcResult:
    """ARC chain validation (RFC 8617)."""

    result: AuthResult = AuthResult.NOT_ANALYSED
    reason: str = ""
    instances: tuple[ArcInstance, ...] = ()
    structural_errors: tuple[str, ...] = ()
    provenance: Provenance = Provenance.NONE
    dns: tuple[DnsLookupRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class DmarcResult:
    """DMARC (RFC 7489) evaluated by us over every passing DKIM signature and SPF."""

    result: AuthResult = AuthResult.NOT_ANALYSED
    #: Effective policy for this From: "none", "quarantine", "reject", or None when no record.
    policy: str | None = None
    from_domain: str | None = None
    org_domain: str | None = None
    record: str | None = None
    record_domain: str | None = None
    p: str | None = None
    sp: str | None = None
    np: str | None = None
    adkim: str = "r"
    aspf: str = "r"
    pct: int | None = None
    spf_aligned: bool = False
    dkim_aligned: bool = False
    #: Which identifier produced the pass ("dkim d=example.com", "spf example.com"), or None.
    aligned_by: str | None = None
    reason: str = ""
    #: True when the result rests on header-only DKIM (no body available).
    provisional: bool = False
    findings: tuple[str, ...] = ()
    provenance: Provenance = Provenance.NONE
    dns: tuple[DnsLookupRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class RecordedResult:
    """One result a receiver wrote (Authentication-Results, ARC-Authentication-Results, Received-SPF)."""

    header: str
    header_index: int
    authserv_id: str | None
    trusted: bool
    method: str
    result: str
    reason: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    instance: int | None = None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Where the receiver's recorded result differs from ours, in plain words."""

    method: str
    recorded: str
    recomputed: str
    explanation: str
