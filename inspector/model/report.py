"""The Report: the one immutable, versioned object every view renders.

The GUI, the CLI text, the JSON and the HTML exporters all read this object and nothing else; no view
recomputes a fact. Section dataclasses live beside this module (`auth`, `chain`,
`lookalike`) so each part of the engine owns its own shapes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from inspector.ingest.message import Limit
from inspector.model.auth import (
    ArcInstance,
    ArcResult,
    AuthResult,
    Disagreement,
    DkimSignatureResult,
    DmarcResult,
    DnsLookupRecord,
    Provenance,
    RecordedResult,
    SpfResult,
)
from inspector.model.chain import Break, Hop, TrustBoundary
from inspector.model.content import AttachedFile, DisguisedText, Link, LinkFinding, QrCode  # noqa: F401  (re-exported for readers)
from inspector.model.filters import FilterField, FilterSeverity, FilterSummary, FilterVerdict
from inspector.model.history import HistoryFinding, HistorySection, KnownSender
from inspector.model.lookalike import LookalikeFinding

SCHEMA = "inspector.report/1"

__all__ = [
    "SCHEMA",
    "ArcInstance",
    "ArcResult",
    "AuthResult",
    "Break",
    "Caveat",
    "CaveatKind",
    "ContentView",
    "Disagreement",
    "DkimSignatureResult",
    "DmarcResult",
    "DnsInfo",
    "DnsLookupRecord",
    "FilterField",
    "FilterSeverity",
    "FilterSummary",
    "FilterVerdict",
    "HeaderView",
    "HistoryFinding",
    "HistorySection",
    "Hop",
    "Identities",
    "KnownSender",
    "Level",
    "Limit",
    "LookalikeFinding",
    "MailKind",
    "Provenance",
    "ReasonWeight",
    "RecordedResult",
    "Report",
    "SectionState",
    "SourceInfo",
    "SpfResult",
    "TrustBoundary",
    "Verdict",
    "VerdictReason",
    "section_state",
]


class SectionState(enum.StrEnum):
    """Whether a section of the report was computed."""

    ANALYSED = "analysed"
    PARTIAL = "partial"
    NOT_ANALYSED = "not-analysed"
    ERROR = "error"


class Level(enum.StrEnum):
    """The traffic light."""

    OK = "ok"
    SUSPICIOUS = "suspicious"
    DANGEROUS = "dangerous"
    #: Nothing wrong was found, but neither a re-check here nor a trusted receiver's record establishes who
    #: sent the message (no transport headers, no DNS, no signature): "could not confirm who sent this".
    UNVERIFIED = "unverified"
    NOT_ANALYSED = "not-analysed"


class ReasonWeight(enum.StrEnum):
    """What one verdict reason does to the level: raises it, says what is unconfirmed, or only informs."""

    DANGEROUS = "dangerous"
    SUSPICIOUS = "suspicious"
    UNVERIFIED = "unverified"
    NOTE = "note"


class MailKind(enum.StrEnum):
    """What kind of traffic a message is, from its own headers (see `inspector.mail_kind`)."""

    ORDINARY = "ordinary"
    #: A delivery status notification (RFC 3464 ``multipart/report; report-type=delivery-status``) or a
    #: non-delivery report from a MAILER-DAEMON/postmaster/null sender.
    BOUNCE = "bounce"
    #: An automatic reply (RFC 3834 ``Auto-Submitted: auto-replied``, vacation and challenge-response mail).
    AUTO_REPLY = "auto-reply"
    #: A feedback report (RFC 5965 ARF) or a disposition notification (RFC 8098 read receipt).
    REPORT = "report"


@dataclass(frozen=True, slots=True)
class WrapperInfo:
    """The "report phishing" forward a reported message was attached to (batch analysis unwraps it).

    `sha256` and `size` are the forward's as read; `part` the MIME part path of the original inside it
    ("2", "2.1"; "2/2" for a forward attached to a forward; inside an Outlook .msg forward, the attachment's
    number from 1); `from_header` and `subject` the forward's own, as written (raw header text), so the
    analyst can tell who reported it.
    """

    sha256: str
    size: int
    part: str
    from_header: str | None = None
    subject: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """The evidence: where it was read from and its hash.

    In a batch, a message from an mbox or a Maildir also says which (`container`, `container_format`
    ``mbox``/``maildir``) and where in it (`index`: position from 0 in an mbox, the key in a Maildir); a
    message that was attached to a report forward names the forward (`wrapper`), and `sha256` and `size`
    are then the original's own.
    """

    path: str | None
    sha256: str
    format: str
    size: int
    container: str | None = None
    container_format: str | None = None
    index: int | str | None = None
    wrapper: WrapperInfo | None = None


@dataclass(frozen=True, slots=True)
class DnsInfo:
    """Which DNS the analysis used."""

    mode: str
    description: str
    snapshot_created_at: str | None = None
    #: The whole-analysis DNS time budget in seconds (live DNS only).
    budget_seconds: float | None = None
    #: What went wrong with DNS itself, not with any record: ``unreachable`` (no server answered at all)
    #: or ``budget-exhausted`` (the time budget ran out); None when DNS behaved.
    problem: str | None = None
    #: The sentence every view shows for `problem`.
    note: str | None = None


@dataclass(frozen=True, slots=True)
class HeaderView:
    """One header field for display: raw and decoded."""

    index: int
    name: str
    value: str
    decoded: str


@dataclass(frozen=True, slots=True)
class Identities:
    """The identities the message claims, as read from its headers."""

    from_header: str | None = None
    from_display_name: str | None = None
    from_address: str | None = None
    from_domain: str | None = None
    reply_to: tuple[str, ...] = ()
    return_path: str | None = None
    sender: str | None = None
    subject: str | None = None
    date: str | None = None
    message_id: str | None = None
    to: str | None = None
    #: Why the From domain cannot be a real internet domain, in words ("has no dot …"); None when it can be
    #: (or when there is no From domain at all: see the "no domain" finding).
    from_domain_problem: str | None = None
    #: The mailing list the message came through, from its List-Id (RFC 2919), e.g. ``dev.lists.example.org``.
    mailing_list: str | None = None
    #: What is wrong with the From field itself, in words: several From fields, none, several addresses in one
    #: (receivers may then show another sender than the one checked). The same sentences are report warnings.
    from_issues: tuple[str, ...] = ()
    #: Every address of the From field, parsed on the raw field (RFC 5322), then those of any further From
    #: field (a message should have one): DMARC checks each one's domain.
    from_addresses: tuple[str, ...] = ()
    #: The decoded text of an RFC 2047 encoded word in the From display name that contains "@", "<" or ">"
    #: ("Mailsploit"): a mail program that shows the decoded name may show it instead of the real address.
    from_encoded_address: str | None = None
    #: The headers that show the message came through a mailing list (``List-Id``, ``X-BeenThere``,
    #: ``X-Mailman-Version``, ``X-Google-Group-Id``, a "X via Group" From …), as ``Name: value`` (short).
    list_evidence: tuple[str, ...] = ()
    #: The mailing list's own domains named by that evidence (List-Id namespace, List-Post host, X-BeenThere,
    #: Sender …), lowercase, most specific first.
    list_domains: tuple[str, ...] = ()
    #: What kind of traffic this is (bounce, auto-reply, report, or ordinary), from the message's own headers.
    kind: MailKind = MailKind.ORDINARY
    #: The headers that show `kind` (``Content-Type: multipart/report; report-type=delivery-status`` …).
    kind_evidence: tuple[str, ...] = ()
    #: The From address's local part is a system mailbox (MAILER-DAEMON, postmaster: RFC 5321 §4.5.1, RFC 2142)
    #: that only the domain's operator can send as.
    from_system_mailbox: bool = False
    #: Facts the look-alike stage computed (it holds the brand table and the free-mail list): the brand whose
    #: own sending domain the From domain is (not one of its public mailbox services), else None.
    from_brand: str | None = None
    #: The From domain is a free mailbox service anyone can sign up for (gmail.com, hotmail.be …); None when
    #: the look-alike stage did not run.
    from_freemail: bool | None = None
    #: The Reply-To addresses on a free mailbox service.
    reply_to_freemail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ContentView:
    """The body, made safe to show: text, HTML source (never rendered live), defanged links."""

    has_body: bool = False
    text_body: str | None = None
    html_body: str | None = None
    #: Every link and loaded resource of the text and HTML bodies, judged (`inspector.content`).
    links: tuple[Link, ...] = ()
    #: Every attachment (and every file found inside an archive or attached message), typed from its bytes
    #: and judged (`inspector.content.attachments`); never opened, executed or rendered.
    attachments: tuple[AttachedFile, ...] = ()
    #: QR codes decoded from image attachments, inline images and images inside PDFs, judged as links.
    qr: tuple[QrCode, ...] = ()
    #: Bounds hit while listing the content (links, body length); also in `Report.limits`.
    limits: tuple[Limit, ...] = ()
    #: Words of the subject, the sender's name or the body disguised to slip past keyword filters (marks and
    #: invisible characters inside words: `inspector.content.disguise`).
    disguised: tuple[DisguisedText, ...] = ()


@dataclass(frozen=True, slots=True)
class VerdictReason:
    """One reason of the verdict with the rule that gave it, so reasons can be counted and tested by rule."""

    #: The verdict rule's identity (``dmarc-failure``, ``impersonation`` …), stable across wording changes.
    rule: str
    level: ReasonWeight
    text: str
    #: The facts this reason states (``body-changed``, ``dns-unreachable`` …; `CaveatKind` values among them).
    #: Two reasons stating the same facts say one thing twice: the verdict keeps the first (the weightier).
    facts: tuple[str, ...] = ()
    #: Rules whose reason stated the same facts and was merged into this one (the census still counts them).
    also: tuple[str, ...] = ()


class CaveatKind(enum.StrEnum):
    """What limits the meaning of a verdict: a part of the evidence or of the checks that is missing."""

    #: No Received field at all (a sent or draft Outlook item, a copy): where it came from cannot be checked.
    NO_TRANSPORT_HEADERS = "no-transport-headers"
    #: The Received chain was longer than the engine reads: hops in its middle were not examined.
    CHAIN_TRUNCATED = "chain-truncated"
    #: A section of the analysis failed with an internal error: its result is missing.
    CHECK_FAILED = "check-failed"
    #: No DNS server answered this workstation: nothing that needs DNS was re-checked.
    DNS_UNREACHABLE = "dns-unreachable"
    #: The analysis' DNS time budget ran out: some answers are missing.
    DNS_BUDGET_EXHAUSTED = "dns-budget-exhausted"
    #: SPF, DKIM or DMARC could not be re-checked (offline, or not in the snapshot).
    NOT_VERIFIABLE = "not-verifiable"
    #: A bound of the reader was hit (MIME parts, header fields …): parts of the message were not examined.
    CONTENT_NOT_EXAMINED = "content-not-examined"
    #: Pasted headers only: body hashes, links and attachments could not be checked.
    NO_BODY = "no-body"


@dataclass(frozen=True, slots=True)
class Caveat:
    """A warning that changes what the verdict can mean: every view shows it beside the verdict, not only in
    the analysis notes (a green banner over "nothing could be checked" misleads)."""

    kind: CaveatKind
    text: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The plain-language answer for a helpdesk worker."""

    level: Level = Level.NOT_ANALYSED
    reasons: tuple[str, ...] = ()
    summary: str = ""
    #: The same reasons as `reasons`, in the same order, each with its rule and weight.
    findings: tuple[VerdictReason, ...] = ()
    #: For `Level.UNVERIFIED`: what is missing to establish the sender, as short noun phrases
    #: ("transport headers", "DNS", "a DKIM signature", "a trusted receiver's record").
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the engine found about one message."""

    source: SourceInfo
    dns: DnsInfo
    generated_at: str
    tool_version: str
    schema: str = SCHEMA
    identities: Identities = field(default_factory=Identities)
    spf: SpfResult = field(default_factory=SpfResult)
    dkim: tuple[DkimSignatureResult, ...] = ()
    arc: ArcResult = field(default_factory=ArcResult)
    dmarc: DmarcResult = field(default_factory=DmarcResult)
    recorded: tuple[RecordedResult, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    hops: tuple[Hop, ...] = ()
    boundary: TrustBoundary = field(default_factory=TrustBoundary)
    breaks: tuple[Break, ...] = ()
    lookalikes: tuple[LookalikeFinding, ...] = ()
    #: The receivers' anti-spam filter headers, decoded field by field, each trusted or claimed by the sender.
    filters: tuple[FilterField, ...] = ()
    #: One line per filter vendor (trusted fields first), for the banner-side views, the ticket and the export.
    filter_summaries: tuple[FilterSummary, ...] = ()
    verdict: Verdict = field(default_factory=Verdict)
    headers: tuple[HeaderView, ...] = ()
    content: ContentView = field(default_factory=ContentView)
    #: Per section ("spf", "dkim", "arc", "dmarc", "recorded", "hops", "lookalikes", "filters", "verdict"): its state.
    #: Keys are `Section` members (a StrEnum: plain strings compare and look up alike).
    sections: dict[str, SectionState] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    #: Per section in the error state: what went wrong (exception type and message), as the pipeline caught it.
    errors: dict[str, str] = field(default_factory=dict)
    #: Bounds the engine hit (MIME parts, nesting, header fields, attachments, links …): parts of the message
    #: that were not examined. The verdict names them; a banner must never be green over unread content.
    limits: tuple[Limit, ...] = ()
    #: The sender against the analyst's own past mail (`inspector.history`); `available` False without a store.
    history: HistorySection = field(default_factory=HistorySection)
    #: The warnings that change what the verdict can mean, typed (`inspector.verdict.caveats`): the banner
    #: shows these; the other `warnings` are analysis notes for the Details view.
    caveats: tuple[Caveat, ...] = ()


def hop_number(report: Report, index: int) -> int:
    """The number a view shows for the hop at chain `index` (`Hop.number_shown`: counted in the whole chain,
    hidden hops included); `index + 1` when the report has no such hop."""
    return report.hops[index].number_shown if 0 <= index < len(report.hops) else index + 1


def section_state(report: Report, name: str) -> SectionState:
    """The state of one report section; sections the engine did not mention count as not analysed.

    A fact of the model, not a wording: the verdict stage reads it, and it must not import the renderers.
    """
    return report.sections.get(name, SectionState.NOT_ANALYSED)
