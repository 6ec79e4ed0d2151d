"""Report sections for SPF, DKIM, ARC, DMARC and the receivers' recorded results."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from inspector.model.vocabulary import CheckOutcome
from inspector.orgdomain import dmarc_org_domain


class AuthResult(enum.StrEnum):
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


class Provenance(enum.StrEnum):
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
    #: True when `explanation` is the domain's own exp= text (attacker-controllable words), False for ours.
    explanation_from_domain: bool = False
    #: The SPF record published at `domain`, as evaluated.
    record: str | None = None
    #: Chain index (oldest first) of the hop whose connection `client_ip` is: the hop SPF judged, for the
    #: chain views; None when no listed hop carries that IP (given on the command line, or no chain).
    hop_index: int | None = None


@dataclass(frozen=True, slots=True)
class DkimSignatureResult:
    """One DKIM-Signature, verified on its own."""

    index: int
    domain: str | None = None
    selector: str | None = None
    algorithm: str | None = None
    result: AuthResult = AuthResult.NOT_ANALYSED
    #: "pass", "fail" or "not-checked" (no body: .msg or pasted headers).
    body_hash: CheckOutcome = CheckOutcome.NOT_CHECKED
    #: "pass", "fail", "not-checked" (no key available) for the header signature alone.
    header_signature: CheckOutcome = CheckOutcome.NOT_CHECKED
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
    #: Machine-readable cause behind `result` ("syntax", "no-key", "key-revoked", "dns-temporary",
    #: "dns-unavailable", "weak-key", "weak-algorithm" (rsa-sha1, RFC 8301), "body-hash", "body-hash-mismatch"
    #: (body changed and the key could not be used), "signature", "expired", "internal", "key-…"), None on pass.
    error_kind: str | None = None
    #: True when the message has no body (.msg, pasted headers): only the header signature was checked.
    header_only: bool = False
    #: "rsa" or "ed25519", from the key record.
    key_type: str | None = None
    #: Key flags (t= of the key record), e.g. ("y",) for a key in testing mode.
    key_flags: tuple[str, ...] = ()
    #: The body hash we computed (base64) and the one the signature carries (bh=).
    computed_body_hash: str | None = None
    expected_body_hash: str | None = None
    #: Length of the canonicalised body, all of it (l= covers `body_length_limit` of these bytes).
    canonical_body_length: int | None = None
    #: t=/x= state at delivery and now: "valid", "expired", "future", "no-time", "unknown".
    time_state_delivery: str | None = None
    time_state_now: str | None = None
    #: Signed header fields (lower-case names) of which the message holds more instances than h= covers: a
    #: copy was added above the signed one after signing (RFC 6376 §8.15). The signature still verifies (the
    #: domain did sign the message), but a mail client may show the added copy.
    added_headers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArcInstance:
    """One ARC set (ARC-Authentication-Results + ARC-Message-Signature + ARC-Seal with one i=)."""

    instance: int
    seal_domain: str | None = None
    seal_selector: str | None = None
    ams_domain: str | None = None
    ams_selector: str | None = None
    ams_valid: CheckOutcome = CheckOutcome.NOT_CHECKED
    as_valid: CheckOutcome = CheckOutcome.NOT_CHECKED
    cv: str | None = None
    authentication_results: str | None = None
    ams_body_hash: CheckOutcome = CheckOutcome.NOT_CHECKED
    header_index: int | None = None
    #: Why AMS/AS did not validate, or what could not be checked.
    reason: str = ""
    ams_algorithm: str | None = None
    seal_algorithm: str | None = None


@dataclass(frozen=True, slots=True)
class ArcResult:
    """ARC chain validation (RFC 8617)."""

    result: AuthResult = AuthResult.NOT_ANALYSED
    reason: str = ""
    instances: tuple[ArcInstance, ...] = ()
    structural_errors: tuple[str, ...] = ()
    provenance: Provenance = Provenance.NONE
    dns: tuple[DnsLookupRecord, ...] = ()
    #: The chain validation status as RFC 8617 names it: "none", "pass" or "fail" (None: not computed).
    cv: str | None = None
    #: The highest instance number (the newest ARC set), 0 when unsigned.
    latest_instance: int = 0
    #: True when the message has no body: AMS body hashes could not be checked.
    header_only: bool = False
    #: True when a sealer already reported cv=fail: the chain ended there (dkimpy's cv None).
    chain_terminated: bool = False
    #: Machine-readable cause when the chain was not judged: "internal" (the verifier itself failed; never
    #: reported as fail), else None.
    error_kind: str | None = None
    #: RFC 8617 §5.2 "oldest-pass" (``arc.oldest-pass`` in Authentication-Results): the oldest instance whose
    #: ARC-Message-Signature still validates, every newer one validating too; what passed the chain unchanged
    #: since that hop. Only for a chain that passes (None otherwise).
    oldest_pass: int | None = None


@dataclass(frozen=True, slots=True)
class DmarcTreeWalkStep:
    """One question of the RFC 9989 DNS Tree Walk (§4.10): ``_dmarc.<domain>`` TXT and what it held."""

    domain: str
    status: str
    #: "record", "no-record", "several-records" (all discarded), "trouble" or "unavailable".
    outcome: str
    #: The record's psd= value ("y", "n", "u"), None when the step found no single record.
    psd: str | None = None
    #: True when the question failed at a public suffix and was taken as "no record there".
    assumed_empty: bool = False


@dataclass(frozen=True, slots=True)
class DmarcRfc7489:
    """The RFC 7489 (+ RFC 9091 ``np=``) answer, kept beside the RFC 9989 one.

    A receiver that wrote the message's Authentication-Results may still run RFC 7489: organisational
    domain from the Public Suffix List, discovery stopping at several records, ``pct=`` sampling, no
    ``t=``/``psd=``, and ``np=`` for names without A/AAAA/MX records (RFC 9091 §2.1).
    """

    result: AuthResult = AuthResult.NOT_ANALYSED
    policy: str | None = None
    org_domain: str | None = None
    record_domain: str | None = None
    #: "from-domain", "org-domain" or None.
    record_source: str | None = None
    spf_aligned: bool = False
    dkim_aligned: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DmarcResult:
    """DMARC evaluated by us over every passing DKIM signature and SPF: RFC 9989, with RFC 7489 beside it.

    The top-level fields are the RFC 9989 answer (`standard`); `rfc7489` holds the older answer and
    `differences` says, in words, where and why the two differ.
    """

    result: AuthResult = AuthResult.NOT_ANALYSED
    #: The policy a receiver applies to this From when DMARC fails (RFC 9989: p at the From domain, sp for an
    #: existing subdomain, np for a non-existent one, then t=y lowers it one step): "none", "quarantine",
    #: "reject", or None when no policy applies.
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
    #: Every author domain in the From field (DMARC is evaluated for each; the worst one is reported).
    author_domains: tuple[str, ...] = ()
    #: Why each authenticated identifier did or did not align, one sentence each.
    alignment: tuple[str, ...] = ()
    #: "from-domain", "org-domain", "psd" (a Public Suffix Domain's record, RFC 9989 §4.10.1) or None:
    #: where the policy record was found.
    record_source: str | None = None
    #: "rua" when a broken p= was replaced by p=none because rua= is valid (RFC 7489 §6.6.3 step 6).
    policy_fallback: str | None = None
    #: Tags of the record that were ignored (unknown, invalid value, repeated, not tag=value), in order;
    #: each also has a finding saying why (RFC 9989 §4.8: never a reason for permerror).
    ignored_tags: tuple[str, ...] = ()
    #: The standard the top-level answer follows.
    standard: str = "RFC 9989"
    #: t=y: the Domain Owner is testing, receivers apply one level less (reject → quarantine → none).
    testing: bool = False
    #: The policy sp/np/p select before the t=y downgrade (equals `policy` unless `testing`).
    policy_before_testing: str | None = None
    #: The psd= value of the record the policy came from ("y", "n", "u"), None without a record.
    psd: str | None = None
    #: How `org_domain` was found: "dns-tree-walk" (RFC 9989 §4.10.2) or "psl-fallback" (the walk could not
    #: finish; see the findings).
    org_domain_method: str | None = None
    #: Whether the From domain exists in DNS (asked only when np= could apply): RFC 9989 counts any answer
    #: but NXDOMAIN as existing. None when not asked or DNS could not tell.
    author_exists: bool | None = None
    #: The DNS Tree Walk from the From domain, question by question.
    tree_walk: tuple[DmarcTreeWalkStep, ...] = ()
    #: The RFC 7489 answer for the same message (None when DMARC could not be evaluated at all).
    rfc7489: DmarcRfc7489 | None = None
    #: Where the RFC 7489 answer differs from the RFC 9989 one, and why; empty when they agree.
    differences: tuple[str, ...] = ()


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
    #: Why this result is (not) trusted, in words.
    trust_basis: str = ""
    #: "authres", "tolerant" (authres refused it, e.g. Microsoft's form without authserv-id), "received-spf".
    parsed_by: str = "authres"
    #: The receiver's comment after the result, e.g. "1024-bit key".
    comment: str | None = None
    #: It claims a trusted receiver but stands where that receiver cannot have written it (came with the
    #: message): probably forged to make the message look checked. The recorded-results reader sets it; left
    #: None by another producer, it is read from `trust_basis` ending in "probably forged".
    forged: bool | None = None
    #: For DMARC: the policy the receiver says applied (``reject``, ``quarantine``, ``none``), from Microsoft's
    #: ``action=`` or ``p=``/``policy=`` in its comment (``sp`` for a ``header.from`` below its organisational
    #: domain); None if unsaid.
    policy: str | None = None
    #: For DMARC: the subdomain policy (``sp=``) the receiver wrote, which applies when From is a subdomain.
    subdomain_policy: str | None = None
    #: For DKIM: the signing domain (``header.d``, else the domain of ``header.i``), lowercase; None otherwise.
    signing_domain: str | None = None

    def __post_init__(self) -> None:
        # Derived once, here, whoever builds the record (the parser, an importer, a test): the verdict reads
        # these typed facts and never the receiver's comment text.
        if self.forged is None:
            object.__setattr__(self, "forged", not self.trusted and self.trust_basis.endswith(FORGED_MARK))
        method = self.method.lower()
        if self.policy is None and method == "dmarc":
            object.__setattr__(self, "policy", _policy(self.properties, self.comment, self.reason))
        if self.subdomain_policy is None and method == "dmarc":
            found = _POLICY_IN_TEXT.findall(" ".join(filter(None, (self.comment, self.reason))))
            sp = next((v.lower() for k, v in found if k.lower() == "sp"), None)
            object.__setattr__(self, "subdomain_policy", sp)
        if self.signing_domain is None and method == "dkim":
            object.__setattr__(self, "signing_domain", _signing_domain(self.properties))


#: How the recorded-results reader ends the trust basis of a field it judges forged.
FORGED_MARK = "probably forged"
#: Header names (lowercase) of a receiver's Authentication-Results: the standard field, and Microsoft's
#: ``X-MS-Exchange-Authentication-Results``, Exchange Online's internal copy of its results in its own form (no
#: authserv-id). Both are judged by the same positional trust rules (`inspector.auth.recorded`): in the receiver's
#: region it is the receiver's own result; below it (where the real mail seen so far has it: written by an
#: earlier Microsoft tenant the message passed through, a forwarder or the sender's own) it is not trusted.
AUTH_RESULTS_HEADERS = frozenset({"authentication-results", "x-ms-exchange-authentication-results"})
#: Receivers' words for DMARC enforcement: Microsoft's action= (o… = overridden by the tenant), p=/policy=.
_ACTION_POLICY = {"reject": "reject", "oreject": "reject", "quarantine": "quarantine", "oquarantine": "quarantine"}
_POLICY_IN_TEXT = re.compile(r"\b(sp|p|policy)=(reject|quarantine|none)\b", re.IGNORECASE)


def _policy(props: dict[str, str], comment: str | None, reason: str | None) -> str | None:
    """The DMARC policy a receiver says applied: Microsoft's ``action=``, or p=/sp=/policy= in its comment.

    ``sp=`` counts for a subdomain From (``header.from`` below its organisational domain).
    """
    action = (props.get("action") or "").lower()
    if action in _ACTION_POLICY:
        return _ACTION_POLICY[action]
    found = {k.lower(): v.lower() for k, v in _POLICY_IN_TEXT.findall(" ".join(filter(None, (comment, reason))))}
    from_domain = (props.get("header.from") or "").strip().rstrip(".").lower()
    subdomain = bool(from_domain) and dmarc_org_domain(from_domain) not in (None, from_domain)
    if subdomain and "sp" in found:
        return found["sp"]
    return found.get("p") or found.get("policy")


def _signing_domain(props: dict[str, str]) -> str | None:
    """The DKIM signing domain a receiver recorded: ``header.d``, else the domain of ``header.i``; lowercase."""
    d = (props.get("header.d") or "").strip().rstrip(".").lower()
    if d and d != "none":
        return d
    i = props.get("header.i") or ""
    if "@" in i:
        return i.rsplit("@", 1)[1].strip().strip("<>").rstrip(".").lower() or None
    return None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Where the receiver's recorded result differs from ours, in plain words."""

    method: str
    recorded: str
    recomputed: str
    explanation: str
