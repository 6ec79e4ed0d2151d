"""The pipeline: Message + settings + DnsSource → Report.

Every stage runs guarded: an unexpected exception inside one check becomes a warning and an
``error`` section state, never a traceback, and the other checks still run. Set the environment
variable ``INSPECTOR_DEBUG=1`` to let such exceptions propagate while developing.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TypeVar

from inspector import __version__
from inspector.auth.arc import check_arc
from inspector.auth.dkim import MAX_SIGNATURES, check_dkim
from inspector.auth.dmarc import author_domains, check_dmarc
from inspector.auth.dmarc_treewalk import walk_targets
from inspector.auth.recorded import compare, parse_recorded
from inspector.auth.spf import check_spf
from inspector.chain import ChainAnalysis, analyze_chain
from inspector.content import content_view
from inspector.content.disguise import undisguised
from inspector.dns.adapters import install_spf_hook
from inspector.dns.context import use_dns
from inspector.dns.offline import OfflineSource
from inspector.dns.plan import Question, plan, prefetch, signature_domain
from inspector.dns.session import DnsSession, dns_session
from inspector.dns.source import DnsSource, LoggingSource, QueryLog, SourceKind
from inspector.filters import decode_filters, summarise
from inspector.history.fingerprint import agent_header, message_fingerprint
from inspector.history.links import with_link_findings
from inspector.history.stage import LinkFindings, history_stage
from inspector.identities import Identities, domain_of, read_identities
from inspector.ingest.message import Message
from inspector.lookalike import check_message, identity_facts
from inspector.model.auth import (
    ArcResult,
    AuthResult,
    Disagreement,
    DkimSignatureResult,
    DmarcResult,
    RecordedResult,
    SpfResult,
)
from inspector.model.chain import numbered
from inspector.model.filters import FilterField
from inspector.model.history import HistorySection
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import (
    DnsInfo,
    HeaderView,
    Report,
    SectionState,
    SourceInfo,
)
from inspector.model.vocabulary import Section
from inspector.orgdomain import host_org
from inspector.settings import AnalysisSettings
from inspector.verdict import decide
from inspector.verdict.caveats import collect as collect_caveats

T = TypeVar("T")

#: Header views beyond this many fields are cut (a 5,000-Received message stays displayable).
MAX_HEADER_VIEWS = 10_000


def parse_now(settings: AnalysisSettings) -> datetime:
    """The reference "now" for time checks: the settings' pin, else the clock (UTC)."""
    if settings.now:
        try:
            dt = datetime.fromisoformat(settings.now.replace("Z", "+00:00"))
            return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)


def analyze(message: Message, settings: AnalysisSettings | None = None, dns: DnsSource | None = None) -> Report:
    """Run every check on `message` and return the report.

    `dns` defaults to offline: the engine never reaches the network unless it is given a live source.
    """
    settings = settings or AnalysisSettings()
    source: DnsSource = dns if dns is not None else OfflineSource()
    log = QueryLog()
    logged = LoggingSource(source, log)
    install_spf_hook()
    now = parse_now(settings)
    sections: dict[str, SectionState] = {}
    errors: dict[str, str] = {}
    warnings: list[str] = list(message.warnings)

    def stage(name: Section, fn: Callable[[], T | None], default: T) -> T:
        try:
            value = fn()
        except Exception as exc:
            if os.environ.get("INSPECTOR_DEBUG"):
                raise
            warnings.append(f"internal error while checking {name}: {type(exc).__name__}: {exc}")
            sections[name] = SectionState.ERROR
            errors[name] = f"{type(exc).__name__}: {exc}"[:500]
            return default
        if value is None:
            sections.setdefault(name, SectionState.NOT_ANALYSED)
            return default
        sections.setdefault(name, SectionState.ANALYSED)
        return value

    no_identities: tuple[Identities, list[str]] = (Identities(), [])
    identities, id_findings = stage(Section.IDENTITIES, lambda: read_identities(message), no_identities)
    warnings.extend(id_findings)
    chain = stage(Section.HOPS, lambda: _chain_or_none(message, settings), ChainAnalysis())
    warnings.extend(chain.warnings)
    boundary = chain.boundary

    client_ip = settings.client_ip or boundary.client_ip
    helo = settings.helo or boundary.helo
    mail_from = (
        settings.mail_from
        if settings.mail_from is not None
        else (boundary.mail_from if boundary.mail_from is not None else identities.return_path)
    )
    if settings.client_ip:
        id_source = "given on the command line / in settings"
    elif boundary.client_ip:
        numbers = [h.number_shown for h in chain.hops]  # as the hop views show them (hidden hops counted)
        id_source = f"trust boundary (hop {numbered(numbers, boundary.hop_index or 0)}, oldest first)"
    else:
        id_source = "no connecting IP could be determined"

    session = DnsSession(settings.dns_budget)
    with dns_session(session), use_dns(logged):
        if source.kind is SourceKind.LIVE:
            from inspector.dns.live import probe_first

            # Is any DNS server there at all (≤ PROBE_WINDOW)? Then ask every independent question at
            # once; the checks below read cached answers.
            probe_first(source)
            try:
                questions, spf_domain = _planned_questions(message, identities, client_ip, mail_from, helo)
            except Exception:  # the plan is only a speed-up: without it every check still asks for itself
                if os.environ.get("INSPECTOR_DEBUG"):
                    raise
                questions, spf_domain = [], None
            prefetch(logged, questions, spf_domain)
        spf = stage(
            Section.SPF,
            # %{t} macros are replayed at delivery time, as the receiver evaluated them.
            lambda: check_spf(client_ip, mail_from, helo, identity_source=id_source, log=log, at=chain.delivery_time),
            SpfResult(),
        )
        no_dkim: tuple[DkimSignatureResult, ...] = ()
        dkim = stage(
            Section.DKIM, lambda: check_dkim(message, log=log, now=now, delivery_time=chain.delivery_time), no_dkim
        )
        arc = stage(Section.ARC, lambda: check_arc(message, log=log), ArcResult())
        dmarc = stage(
            Section.DMARC,
            lambda: check_dmarc(identities, spf, dkim, log=log, header_only=not message.has_body),
            DmarcResult(from_domain=identities.from_domain),
        )
    no_recorded: tuple[RecordedResult, ...] = ()
    no_disagreements: tuple[Disagreement, ...] = ()
    no_lookalikes: tuple[LookalikeFinding, ...] = ()
    recorded = stage(Section.RECORDED, lambda: parse_recorded(message, settings, boundary.header_index), no_recorded)
    disagreements = stage(Section.DISAGREEMENTS, lambda: compare(recorded, spf, dkim, arc, dmarc), no_disagreements)
    # A brand disguised in the name with marks or invisible characters (Pa̷yPal) is read as the reader reads it.
    read_as = undisguised(identities.from_display_name) if identities.from_display_name else None
    lookalikes = stage(
        Section.LOOKALIKES,
        lambda: check_message(identities, dkim, settings, display_name_read_as=read_as),
        no_lookalikes,
    )
    no_filters: tuple[FilterField, ...] = ()
    filters = stage(
        Section.FILTERS, lambda: decode_filters(message.headers, chain.hops, boundary, recorded), no_filters
    )
    if sections.get(Section.LOOKALIKES) is SectionState.ANALYSED:
        # The brand table and the free-mail list live in the look-alike stage: it states those facts once.
        identities = stage(Section.LOOKALIKES, lambda: identity_facts(identities, settings), identities)

    verified = _orgs(s.domain for s in dkim if s.result is AuthResult.PASS)
    senders = _orgs([identities.from_domain, domain_of(identities.sender), domain_of(identities.return_path)])
    content = content_view(
        message,
        settings,
        verified | senders,
        verified,
        _mailing_orgs(message),
        display_name=identities.from_display_name,
        subject=identities.subject,
    )

    no_history: tuple[HistorySection, LinkFindings] = (HistorySection(), {})
    history, link_findings = stage(
        Section.HISTORY,
        lambda: history_stage(
            settings,
            identities,
            chain.boundary,
            chain.hops,
            dkim,
            agent_header(message),
            now.date(),
            fingerprint=message_fingerprint(message.raw),
            links=content.links,
        ),
        no_history,
    )
    if not history.available and sections.get("history") is SectionState.ANALYSED:
        sections["history"] = SectionState.NOT_ANALYSED  # no store: nothing was compared
    content = with_link_findings(content, link_findings)
    report = Report(
        source=SourceInfo(message.path, message.sha256, message.format.value, message.size),
        dns=_dns_info(source, session),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        tool_version=__version__,
        identities=identities,
        spf=_with_judged_hop(spf, chain),
        dkim=dkim,
        arc=arc,
        dmarc=dmarc,
        recorded=recorded,
        disagreements=disagreements,
        hops=chain.hops,
        boundary=chain.boundary,
        breaks=chain.breaks,
        lookalikes=lookalikes,
        filters=filters,
        filter_summaries=summarise(filters),
        headers=tuple(HeaderView(h.index, h.name, h.value, h.decoded) for h in message.headers[:MAX_HEADER_VIEWS]),
        content=content,
        history=history,
        limits=(*message.limits, *content.limits),
        sections=sections,
        warnings=tuple(warnings),
        errors=errors,
    )
    verdict = stage(Section.VERDICT, lambda: decide(report), report.verdict)
    report = dataclasses.replace(
        report, verdict=verdict, sections=dict(sections), warnings=tuple(warnings), errors=dict(errors)
    )
    # Read last: a section that failed above is itself a caveat.
    return dataclasses.replace(report, caveats=collect_caveats(report))


def _with_judged_hop(spf: SpfResult, chain: ChainAnalysis) -> SpfResult:
    """`spf` with the chain index of the hop whose connection it judged: the boundary hop when its IP was
    checked, else the hop that carries the IP given in settings; None when no listed hop carries it."""
    if not spf.client_ip:
        return spf
    hop = next((h for h in chain.hops if h.is_boundary and h.from_ip == spf.client_ip), None)
    hop = hop or next((h for h in chain.hops if h.from_ip == spf.client_ip and h.source == "received"), None)
    return dataclasses.replace(spf, hop_index=hop.index) if hop is not None else spf


def _chain_or_none(message: Message, settings: AnalysisSettings) -> ChainAnalysis | None:
    chain = analyze_chain(message, settings)
    return chain if chain.analysed else None


def _planned_questions(
    message: Message, identities: Identities, client_ip: str | None, mail_from: str | None, helo: str | None
) -> tuple[list[Question], str | None]:
    """The DNS questions the checks will ask, known from the headers alone (see inspector.dns.plan),
    and the SPF domain whose include:/redirect= chain is fetched alongside."""
    spf_domain: str | None = None
    if client_ip:
        sender = (mail_from or "").strip().strip("<>").strip()
        spf_domain = sender.rsplit("@", 1)[1] if "@" in sender else (sender or (helo or "").strip() or None)
    dkim = [h.raw.split(b":", 1)[-1] for h in message.get_all("DKIM-Signature")[:MAX_SIGNATURES]]
    arc = [h.raw.split(b":", 1)[-1] for name in ("ARC-Seal", "ARC-Message-Signature") for h in message.get_all(name)]
    authors = author_domains(identities)
    # Relaxed alignment asks for the organisational domain of each other identifier (a DMARC tree walk).
    others = [d for d in (signature_domain(v) for v in dkim) if d] + ([spf_domain] if spf_domain else [])
    questions = plan(
        signatures=dkim + arc,
        spf_domain=spf_domain,
        author_domains=authors,
        identifier_domains=[d for d in dict.fromkeys(x.lower() for x in others) if d not in authors],
        walk=lambda d: [f"_dmarc.{t}." for t in walk_targets(d)],
    )
    return questions, spf_domain


def _dns_info(source: DnsSource, session: DnsSession | None = None) -> DnsInfo:
    created = getattr(source, "created_at", None)
    if session is None or source.kind is not SourceKind.LIVE:
        return DnsInfo(mode=source.kind.value, description=source.describe(), snapshot_created_at=created)
    return DnsInfo(
        mode=source.kind.value,
        description=source.describe(),
        snapshot_created_at=created,
        budget_seconds=session.budget,
        problem=session.problem,
        note=session.note(),
    )


_UNSUB_HOST = re.compile(r"(?i)<https?://([^/:>?#\s]{1,253})")


def _orgs(names: Iterable[str | None]) -> frozenset[str]:
    """The organisations of `names` (the sender's: From and verified DKIM signers), for judging links: their
    own click tracking is how they send links, not a lure."""
    return frozenset(o for o in (host_org(n) for n in names if n) if o)


def _mailing_orgs(message: Message) -> frozenset[str]:
    """The organisations of the web addresses in List-Unsubscribe: the mailing service that sent the message."""
    hosts = [m.group(1) for f in message.get_all("List-Unsubscribe")[:5] for m in _UNSUB_HOST.finditer(f.value[:4000])]
    return _orgs(hosts[:10])
