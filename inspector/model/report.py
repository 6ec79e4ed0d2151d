"""The Report: the one immutable, versioned object every view renders.

The GUI, the CLI text, the JSON and the HTML exporters all read this object and nothing else; no view
recomputes a fact. Section dataclasses live beside this module (`auth`, `chain`,
`lookalike`) so each part of the engine owns its own shapes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

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
from inspector.model.lookalike import LookalikeFinding

SCHEMA = "inspector.report/1"

__all__ = [
    "SCHEMA",
    "ArcInstance",
    "ArcResult",
    "AuthResult",
    "Break",
    "ContentView",
    "Disagreement",
    "DkimSignatureResult",
    "DmarcResult",
    "DnsInfo",
    "DnsLookupRecord",
    "HeaderView",
    "Hop",
    "Identities",
    "Level",
    "LookalikeFinding",
    "Provenance",
    "RecordedResult",
    "Report",
    "SectionState",
    "SourceInfo",
    "SpfResult",
    "TrustBoundary",
    "Verdict",
    "section_state",
]


class SectionState(enum.Enum):
    """Whether a section of the report was computed."""

    ANALYSED = "analysed"
    PARTIAL = "partial"
    NOT_ANALYSED = "not-analysed"
    ERROR = "error"


class Level(enum.Enum):
    """The traffic light."""

    OK = "ok"
    SUSPICIOUS = "suspicious"
    DANGEROUS = "dangerous"
    NOT_ANALYSED = "not-analysed"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """The evidence: where it was read from and its hash."""

    path: str | None
    sha256: str
    format: str
    size: int


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


@dataclass(frozen=True, slots=True)
class ContentView:
    """The body, made safe to show: text, HTML source (never rendered live), defanged links."""

    has_body: bool = False
    text_body: str | None = None
    html_body: str | None = None
    links: tuple[str, ...] = ()
    attachments: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The plain-language answer for a helpdesk worker."""

    level: Level = Level.NOT_ANALYSED
    reasons: tuple[str, ...] = ()
    summary: str = ""


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
    verdict: Verdict = field(default_factory=Verdict)
    headers: tuple[HeaderView, ...] = ()
    content: ContentView = field(default_factory=ContentView)
    #: Per section ("spf", "dkim", "arc", "dmarc", "recorded", "hops", "lookalikes", "verdict"): its state.
    sections: dict[str, SectionState] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def section_state(report: Report, name: str) -> SectionState:
    """The state of one report section; sections the engine did not mention count as not analysed.

    A fact of the model, not a wording: the verdict stage reads it, and it must not import the renderers.
    """
    return report.sections.get(name, SectionState.NOT_ANALYSED)
