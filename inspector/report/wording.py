"""The words every view uses for the same fact: the GUI panels, the chain canvas, the ticket summary and the
printable HTML report all read their labels and sentences from here.

Why a module of its own: the HTML exporter must tell the same story as the screen, in the same words,
without importing Qt. These helpers were written for the GUI (`inspector/gui/auth_panel.py`,
`chain_view.py`, `lookalike_view.py`, `body_view.py`) and the first exporter; they only turn Report
values into text, so they live engine-side and the views import them. Nothing here decides a fact: every
verdict, delay, placement and boundary comes from the Report.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from inspector.model.auth import (
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
from inspector.model.chain import Break, Hop, PlacedArtefact, TrustBoundary, numbered
from inspector.model.content import AttachedFile, Link, LinkFinding, QrCode
from inspector.model.filters import FilterSeverity
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import DnsInfo, Level, ReasonWeight, Report, SectionState, hop_number, section_state
from inspector.model.vocabulary import Severity
from inspector.report.indicators import banner_reasons, ticket_caveats, ticket_indicators
from inspector.report.safe_text import visible
from inspector.timefmt import signed_span


class Badge(enum.StrEnum):
    """The colour group a view gives a value (a CSS class in the HTML export, a palette entry in the GUI).

    Not a report field: the views' one vocabulary onto which every severity scale of the report is mapped
    (below), so a ``high`` look-alike, a ``danger`` filter field and a failing DMARC all read "bad" everywhere.
    """

    GOOD = "good"
    BAD = "bad"
    WARN = "warn"
    UNKNOWN = "unknown"
    NONE = "none"


LEVEL_WORD = {
    Level.OK: "No problem found",
    Level.SUSPICIOUS: "Suspicious",
    Level.DANGEROUS: "Dangerous",
    Level.UNVERIFIED: "Not confirmed",  # the sender, or (body changed after arrival) the content: see the summary
    Level.NOT_ANALYSED: "Not analysed",
}

#: Result words grouped by the colour a badge gets (the same groups in the GUI and the HTML report).
GOOD = frozenset({AuthResult.PASS})
BAD = frozenset({AuthResult.FAIL, AuthResult.PERMERROR})
WARN = frozenset({AuthResult.SOFTFAIL, AuthResult.NEUTRAL, AuthResult.TEMPERROR, AuthResult.POLICY})
UNKNOWN = frozenset({AuthResult.NOT_VERIFIABLE})

#: Look-alike and link severity → badge group.
SEVERITY_CLASS: dict[Severity, Badge] = {
    Severity.HIGH: Badge.BAD,
    Severity.MEDIUM: Badge.WARN,
    Severity.LOW: Badge.UNKNOWN,
    Severity.INFO: Badge.NONE,
}
#: A filter field's severity → badge group (the filters' own scale, read the same in the GUI and the export).
FILTER_SEVERITY_CLASS: dict[FilterSeverity, Badge] = {
    FilterSeverity.INFO: Badge.NONE,
    FilterSeverity.NOTICE: Badge.UNKNOWN,
    FilterSeverity.WARNING: Badge.WARN,
    FilterSeverity.DANGER: Badge.BAD,
}
#: A verdict reason's weight → badge group.
REASON_WEIGHT_CLASS: dict[ReasonWeight, Badge] = {
    ReasonWeight.DANGEROUS: Badge.BAD,
    ReasonWeight.SUSPICIOUS: Badge.WARN,
    ReasonWeight.UNVERIFIED: Badge.UNKNOWN,
    ReasonWeight.NOTE: Badge.NONE,
}

#: A label and a value for one line of a check's detail (empty values are skipped by the views).
Detail = tuple[str, object]


def result_class(result: AuthResult) -> Badge:
    """The badge group of a result word: good, bad, warn, unknown or none."""
    if result in GOOD:
        return Badge.GOOD
    if result in BAD:
        return Badge.BAD
    if result in WARN:
        return Badge.WARN
    if result in UNKNOWN:
        return Badge.UNKNOWN
    return Badge.NONE


def severity_class(severity: Severity) -> Badge:
    """The badge group of a look-alike or link severity (a word outside the vocabulary reads as a warning)."""
    return SEVERITY_CLASS.get(severity, Badge.WARN)


def provenance_label(provenance: Provenance, dns: DnsInfo | None = None) -> str:
    """Where a result's facts came from, in words a helpdesk worker understands."""
    if provenance is Provenance.LIVE_DNS:
        return "live DNS"
    if provenance is Provenance.SNAPSHOT:
        when = dns.snapshot_created_at if dns is not None else None
        return f"DNS snapshot captured {when}" if when else "DNS snapshot"
    if provenance is Provenance.OFFLINE:
        if dns is not None and dns.problem == "unreachable":
            return "not verifiable: no DNS server answered"
        return "not verifiable offline"
    if provenance is Provenance.MESSAGE_ONLY:
        return "from the message alone"
    if provenance is Provenance.RECORDED:
        return "recorded by the receiver"
    if provenance is Provenance.MIXED:
        return "live DNS and snapshot"
    return "—"


def section_note(report: Report, name: str, *, see: str | None = None) -> str:
    """What stands in a check's detail when its section did not run to the end ("" when it did, or partly).

    `see` names where the error is explained (the GUI's Details tab); the printable report has no such place.
    """
    st = section_state(report, name)
    if st is SectionState.ERROR:
        return f"could not be completed (internal error{f'; see {see}' if see else ''})"
    if st is SectionState.NOT_ANALYSED:
        return "not analysed"
    return ""


#: The chain section of a message without any Received field (analysed, nothing to draw).
NO_HOPS = "This message has no Received fields: it never crossed a mail server, or they were removed."
#: The lookalike section when the checks ran and found nothing.
NO_LOOKALIKES = "No lookalike or impersonation found among the message's identities."


def lookup_line(rec: DnsLookupRecord) -> str:
    """One DNS question and its answer as a line of text."""
    when = f", captured {rec.captured_at}" if rec.captured_at else ""
    data = "; ".join(rec.records)
    return f"{rec.rtype} {rec.name} → {rec.status} ({rec.source}{when})" + (f": {data}" if data else "")


def recorded_for(report: Report, method: str, domain: str | None = None) -> list[RecordedResult]:
    """The receivers' own results for one method (trusted ones first), optionally for one DKIM domain."""
    out = [r for r in report.recorded if r.method.lower() == method]
    if domain is not None:
        same = [r for r in out if (r.properties.get("header.d") or "").lower() == domain.lower()]
        out = same or [r for r in out if "header.d" not in r.properties]
    return sorted(out, key=lambda r: (not r.trusted, r.header_index))


def recorded_summary(recs: Sequence[RecordedResult]) -> str:
    """The receiver's result beside ours, in one short phrase ("pass by mx1.example.org (+1)")."""
    if not recs:
        return "—"
    r = recs[0]
    who = r.authserv_id or "(no authserv-id)"
    more = f" (+{len(recs) - 1})" if len(recs) > 1 else ""
    return f"{r.result} by {who}{'' if r.trusted else ', untrusted'}{more}"


def recorded_trust(r: RecordedResult) -> str:
    """Whether a recorded result is trusted, and why."""
    trust = "trusted" if r.trusted else "not trusted"
    if r.trust_basis:
        trust += f": {r.trust_basis}"
    if r.parsed_by == "tolerant":
        trust += "; non-standard header, read tolerantly"
    return trust


def recorded_line(r: RecordedResult) -> str:
    """One recorded result as a sentence: what, who wrote it, and whether it is trusted."""
    reason = f" ({r.reason})" if r.reason else (f" ({r.comment})" if r.comment else "")
    who = r.authserv_id or "(no authserv-id)"
    return f"{r.method}={r.result}{reason} — {r.header} by {who} ({recorded_trust(r)})"


def disagreement_line(x: Disagreement) -> str:
    """Where the receiver's record differs from ours, with both results."""
    return f"{x.explanation} (receiver: {x.recorded}, us: {x.recomputed})"


def detail_text(value: object) -> str | None:
    """A detail value as text, None when there is nothing to show (tuples become comma lists)."""
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


# -- the checks ---------------------------------------------------------------------------------------------


def spf_summary(s: SpfResult) -> str:
    """The one-line detail of SPF."""
    return " ".join(
        x
        for x in (
            f"{s.identity or 'mailfrom'} {s.domain}" if s.domain else "no SPF identity",
            f"client {s.client_ip}" if s.client_ip else "",
            f"— {s.reason}" if s.reason else "",
        )
        if x
    )


def spf_details(s: SpfResult) -> list[Detail]:
    """SPF's expandable detail: identity, where it came from, the matching mechanism and the record."""
    explanation = s.explanation
    if explanation and s.explanation_from_domain:
        explanation += " (the domain's own words)"
    return [
        ("Domain", s.domain),
        ("Identity", s.identity),
        ("Client IP", s.client_ip),
        ("HELO", s.helo),
        ("MAIL FROM", s.mail_from),
        ("Taken from", s.identity_source),
        ("Mechanism", s.mechanism),
        ("Explanation", explanation),
        ("SPF record", s.record),
        ("DNS lookups", s.dns_lookups),
        ("Void lookups", s.void_lookups),
    ]


def dkim_summary(d: DkimSignatureResult) -> str:
    """The one-line detail of one DKIM signature."""
    return f"d={d.domain or '?'} s={d.selector or '?'}; body {d.body_hash}" + (f" — {d.reason}" if d.reason else "")


def dkim_details(d: DkimSignatureResult) -> list[Detail]:
    """One signature's expandable detail: key, cause, body hashes, l=, time states, the key record."""
    key = " ".join(x for x in (d.key_type, f"{d.key_size} bits" if d.key_size else None) if x) or None
    return [
        ("Signing domain (d=)", d.domain),
        ("Selector (s=)", d.selector),
        ("Algorithm", d.algorithm),
        ("Cause", d.error_kind),
        ("Key", key),
        ("Key flags", d.key_flags),
        ("Header only", "yes: no body available, only the header signature was checked" if d.header_only else None),
        ("Body hash", d.body_hash),
        ("Body hash computed", d.computed_body_hash),
        ("Body hash expected (bh=)", d.expected_body_hash),
        ("Header signature", d.header_signature),
        ("Canonicalization", d.canonicalization),
        ("Identity (i=)", d.identity),
        ("Signed headers", d.signed_headers),
        ("Body length (l=)", d.body_length_limit),
        ("Unsigned body bytes", d.unsigned_body_bytes),
        ("Signed at", d.signed_at),
        ("Expires", d.expires_at),
        ("Time at delivery", " — ".join(x for x in (d.time_state_delivery, d.time_at_delivery) if x) or None),
        ("Time now", " — ".join(x for x in (d.time_state_now, d.time_now) if x) or None),
        ("Warnings", d.warnings),
        ("Key record", d.key_record),
    ]


def dmarc_alignment(m: DmarcResult) -> str:
    """The alignment of both identifiers in four words ("SPF aligned, DKIM not aligned")."""
    spf_al = "aligned" if m.spf_aligned else "not aligned"
    dkim_al = "aligned" if m.dkim_aligned else "not aligned"
    return f"SPF {spf_al}, DKIM {dkim_al}"


_UNAVAILABLE_DNS = frozenset({"OFFLINE", "NOT_IN_SNAPSHOT"})


def dmarc_policy(m: DmarcResult) -> str | None:
    """What we know of the From domain's DMARC policy, in words; None when DMARC was not run.

    "no policy published" only when the lookup answered and there was no record: a lookup that could not
    be made (offline, not in the snapshot, DNS trouble) or a broken record leaves the policy unknown.
    """
    if m.policy:
        return f"policy {m.policy}"
    if m.result is AuthResult.NOT_ANALYSED:
        return None
    if m.result is AuthResult.NONE and m.record is None and m.record_domain is None:
        return "no policy published"
    statuses = {rec.status.upper() for rec in m.dns}
    if m.record is None and "NOT_IN_SNAPSHOT" in statuses:
        return "policy not known (record not in the DNS snapshot)"
    if m.record is None and "UNREACHABLE" in statuses:
        return "policy not known (no DNS server answered)"
    if m.record is None and (statuses & _UNAVAILABLE_DNS or m.provenance is Provenance.OFFLINE):
        return "policy not known (record not available offline)"
    return "policy not known"


def dmarc_summary(m: DmarcResult) -> str:
    """The one-line detail of DMARC."""
    parts = [f"From {m.from_domain or '(no From domain)'}", dmarc_policy(m)]
    head = ", ".join(p for p in parts if p)
    text = f"{head}; {dmarc_alignment(m)}" + (f" — {m.reason}" if m.reason else "")
    if m.differences and m.rfc7489 is not None:
        o = m.rfc7489
        text += f" [RFC 7489 differs: dmarc={o.result.value}, policy {o.policy or 'none found'}; see details]"
    return text


_WALK_OUTCOME = {
    "record": "DMARC record",
    "no-record": "no DMARC record",
    "several-records": "several DMARC records, all discarded",
    "trouble": "DNS trouble",
    "unavailable": "not available here",
}
_EXISTS: dict[bool | None, str | None] = {True: "yes (sp= applies)", False: "no, NXDOMAIN (np= applies)", None: None}
_ORG_METHOD = {"dns-tree-walk": "DNS tree walk, RFC 9989", "psl-fallback": "Public Suffix List fallback"}


def dmarc_walk_lines(m: DmarcResult) -> tuple[str, ...]:
    """The RFC 9989 DNS tree walk from the From domain, one line per question."""
    out: list[str] = []
    for s in m.tree_walk:
        what = _WALK_OUTCOME.get(s.outcome, s.outcome)
        if s.psd and s.psd != "u":
            what += f" (psd={s.psd})"
        if s.assumed_empty:
            what += " — a public suffix, taken as publishing no record"
        out.append(f"_dmarc.{s.domain}: {what} [{s.status}]")
    return tuple(out)


def dmarc_rfc7489_line(m: DmarcResult) -> str | None:
    """The RFC 7489 answer in one line, or None when it was not computed."""
    o = m.rfc7489
    if o is None:
        return None
    where = f"record _dmarc.{o.record_domain}" if o.record_domain else "no record"
    policy = f"policy {o.policy}" if o.policy else "no policy"
    return f"dmarc={o.result.value}, {policy}, {where}, organisational domain {o.org_domain or '?'}"


def dmarc_differences_text(m: DmarcResult) -> str | None:
    """ "RFC 7489 differs: …" in one paragraph, or None when both standards give the same answer."""
    if not m.differences:
        return None
    return f"RFC 7489 ({dmarc_rfc7489_line(m)}) differs from {m.standard}: " + "; ".join(m.differences)


def dmarc_details(m: DmarcResult) -> list[Detail]:
    """DMARC's expandable detail: the record, where it was found, why each identifier (did not) align."""
    org = m.org_domain
    if org and m.org_domain_method:
        org = f"{org} ({_ORG_METHOD.get(m.org_domain_method, m.org_domain_method)})"
    testing = None
    if m.testing:
        testing = f"t=y: {m.policy_before_testing or 'none'} published, {m.policy or 'none'} applied"
    return [
        ("Standard", m.standard if m.result is not AuthResult.NOT_ANALYSED else None),
        ("From domain", m.from_domain),
        ("Organisational domain", org),
        ("Effective policy", m.policy or (dmarc_policy(m) or "").removeprefix("policy ")),
        ("Testing (t=)", testing),
        ("Public suffix domain (psd=)", m.psd if m.psd and m.psd != "u" else None),
        ("From domain exists", _EXISTS.get(m.author_exists)),
        ("Record", m.record),
        ("Record found at", m.record_domain),
        ("Author domains", m.author_domains if len(m.author_domains) > 1 else None),
        ("Record source", m.record_source),
        ("Alignment", f"{dmarc_alignment(m)} (adkim={m.adkim}, aspf={m.aspf})"),
        ("Why", m.alignment),
        ("Policy fallback", m.policy_fallback),
        ("Ignored tags", m.ignored_tags or None),
        ("Passed by", m.aligned_by),
        ("Percentage (pct=)", m.pct),
        ("Provisional", "yes: rests on a header-only DKIM check (no body)" if m.provisional else None),
        ("Findings", m.findings),
        ("DNS tree walk", dmarc_walk_lines(m) or None),
        ("RFC 7489 answer", dmarc_rfc7489_line(m)),
        ("Differs from RFC 7489", m.differences or None),
    ]


def arc_summary(a: ArcResult) -> str:
    """The one-line detail of ARC."""
    cv = f", cv={a.cv}" if a.cv else ""
    return f"{len(a.instances)} ARC set(s){cv}" + (f" — {a.reason}" if a.reason else "")


def arc_details(a: ArcResult) -> list[Detail]:
    """ARC's expandable detail: each set with its seal, cv and message signature, then the chain's errors."""
    out: list[Detail] = []
    for inst in a.instances:
        out.append(
            (
                f"Set i={inst.instance}",
                f"seal {inst.seal_domain or '(no d=)'} ({inst.as_valid}, cv={inst.cv or '(none)'}); "
                f"message signature {inst.ams_domain or '(no d=)'} ({inst.ams_valid}, body {inst.ams_body_hash})",
            )
        )
        out.append((f"  i={inst.instance} why", inst.reason))
        out.append((f"  i={inst.instance} recorded", inst.authentication_results))
    out.append(("Structural errors", a.structural_errors))
    out.append(("Chain ended", "a sealer already reported cv=fail" if a.chain_terminated else None))
    if a.oldest_pass is not None:
        out.append(("Oldest pass", _oldest_pass_words(a)))
    out.append(("Header only", "yes: AMS body hashes could not be checked" if a.header_only else None))
    return out


def _oldest_pass_words(a: ArcResult) -> str:
    """What RFC 8617's oldest-pass says about the message, in words."""
    if a.oldest_pass == 1:
        return "i=1: every set's message signature still validates (the message is as the first sealer saw it)"
    return (
        f"i={a.oldest_pass}: the message signatures of the sets below it no longer validate (the message was "
        f"changed before the set i={a.oldest_pass} was added)"
    )


def lookalike_reading(f: LookalikeFinding) -> str | None:
    """How the domain is written and how a reader sees it, when the two differ."""
    if f.a_label and f.u_label and f.a_label != f.u_label:
        return f"As written: {f.a_label}    As a reader sees it: {f.u_label}"
    return None


#: What a link's or a file's risk is called (words, not colour alone), by severity; None: nothing found.
RISK_WORDS = {"high": "⚠ High risk", "medium": "⚠ Risky", "low": "Low", "info": "Info", None: "—"}


def risk_word(risk: object) -> str:
    """The words for a risk (`Link.risk`, a file's worst severity); an unknown value is shown as it is."""
    return RISK_WORDS.get(None if risk is None else str(risk), str(risk))


def link_details(link: Link) -> str:
    """A link's facts in lines, for a tooltip or a text report: what it shows, its domain, the wrappers it
    was found behind and each finding, and its risk when its findings together raise it (`Link.risk_note`).
    The URL itself stays defanged (the caller shows `url_defanged`)."""
    lines = [f"Shows: {link.text}" if link.text else "Shows: the address itself"]
    if link.domain:
        lines.append(f"Domain: {link.domain}")
    if link.role != "link":
        lines.append("Loaded by the mail client (an image, a style sheet), not clicked")
    lines.extend(f"Behind: {v}" for v in link.via)
    lines.extend(f"[{f.severity}] {f.explanation}" for f in link.findings)
    if link.risk_note:
        lines.append(f"Risk: {risk_word(link.risk)}, together: {link.risk_note}")
    return "\n".join(lines)


#: Content severities the banner names (lower ones stay in the Links and Attachments tables).
_BANNER_SEVERITIES = ("high", "medium")


def _worst_content(report: Report) -> tuple[int, str, str, int] | None:
    """(rank: 0 high / 1 medium, where, explanation, how many others) of the worst content finding."""
    content = report.content
    found: list[tuple[int, int, int, str, str]] = []

    def add(source: int, k: int, findings: Sequence[LinkFinding], where: str, medium_counts: bool = True) -> None:
        named = [f for f in findings if f.severity in _BANNER_SEVERITIES and (medium_counts or f.severity == "high")]
        if named:
            f = min(named, key=lambda x: _BANNER_SEVERITIES.index(x.severity))
            found.append((_BANNER_SEVERITIES.index(f.severity), source, k, where, f.explanation or f.kind))

    for k, att in enumerate(content.attachments):
        add(0, k, att.findings, f"attachment {att.filename or '(unnamed)'}")
    for k, qr in enumerate(content.qr):
        add(1, k, qr.findings, f"QR code in {qr.where or 'an image'} ({qr.url_defanged})")
    for k, link in enumerate(content.links):
        where = f"link {link.url_defanged}"
        if link.risk_note and link.risk in _BANNER_SEVERITIES:
            # Findings that together raise the link's risk are named together, at that risk.
            found.append((_BANNER_SEVERITIES.index(link.risk), 2, k, where, link.risk_note))
        else:
            add(2, k, link.findings, where, medium_counts=link.role == "link")
    if not found:
        return None
    rank, _src, _k, where, explanation = min(found, key=lambda t: t[:3])
    return rank, where, explanation, len(found) - 1


def worst_content_finding(report: Report) -> str | None:
    """The one content finding the banner names: the most severe (high, then medium) of the engine's
    findings on attachments, QR codes and the links the reader clicks (a loaded image only when high),
    ties going to attachments, then QR codes, then links in message order. None when nothing is risky."""
    worst = _worst_content(report)
    if worst is None:
        return None
    rank, where, explanation, more = worst
    # A medium finding is worth a look, not an alarm (the verdict decides the level): words to match.
    word = "Dangerous content" if rank == 0 else "Worth checking in the content"
    return f"{word} — {where}: {explanation}" + (f" (and {more} more in the Body tab)" if more else "")


def content_line(report: Report, shown_reasons: Sequence[str]) -> str | None:
    """The banner's content line: the worst content finding, unless one of the reasons the banner already
    shows says it (the verdict names risky links and attachments itself; saying it twice is noise)."""
    worst = _worst_content(report)
    if worst is None:
        return None
    said = worst[2].strip().rstrip(".").casefold()
    if said and any(said in r.casefold() for r in shown_reasons):
        return None
    return worst_content_finding(report)


def size_text(n: object) -> str:
    """A byte count in bytes, KiB or MiB (anything that is not a number is shown as it is)."""
    try:
        value = float(int(str(n)))
    except (ValueError, OverflowError):
        return str(n)
    for unit in ("bytes", "KiB", "MiB"):
        if value < 1024 or unit == "MiB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return str(n)


# -- the chain ----------------------------------------------------------------------------------------------

DELAY_NOTES = {
    "minor_skew": "  (negative: small clock difference)",
    "major_skew": "  (negative: a clock is wrong)",
    "timezone_label_error": "  (a time-zone label looks wrong)",
    "significant_delay": "  (significant delay)",
    "major_delay": "  (held for a long time)",
}


def delay_text(seconds: float) -> str:
    """A delay in the largest sensible unit, signed when negative."""
    return signed_span(seconds)


def delay_label(hop: Hop) -> str | None:
    """The words on the arrow into `hop`: the delay and what the engine made of it."""
    d = hop.delay_seconds
    if d is None:
        return None
    label = delay_text(d) + DELAY_NOTES.get(hop.delay_state or "", "")
    if d < 0 and not hop.delay_state:
        label += "  (negative: a clock is wrong)"
    return label


def boundary_text(boundary: TrustBoundary, hops: Sequence[Hop]) -> str:
    """The words on the trust-boundary line."""
    who = f" ({boundary.receiver})" if boundary.receiver else ""
    text = f"▼ received by your organisation{who} here"
    hop = next((h for h in hops if h.index == boundary.hop_index), None)
    if boundary.client_ip:
        text += f"; SPF judged {boundary.client_ip}"
    elif hop is not None and hop.from_ip:
        text += f"; connecting IP {hop.from_ip}"
    if boundary.confidence and boundary.confidence not in ("none", "high"):
        text += f" (confidence: {boundary.confidence})"
    text += "   ▲ above: claimed by the sending side"
    return text


def _hop_range(br: Break, hops: Sequence[Hop] = ()) -> str:
    """Where a break happened, in card numbers: the engine's `after_hop` / `before_hop` bracket, each hop
    named by the number the hop views show (`Hop.number_shown`: hidden hops counted; the listed position
    when `hops` does not cover it)."""
    numbers = [h.number_shown for h in hops]
    a = None if br.after_hop is None else numbered(numbers, br.after_hop)
    b = None if br.before_hop is None else numbered(numbers, br.before_hop)
    if a is not None and b is not None:
        # The engine's bracket is (after, before]: a bracket of one hop, or an empty one, names one hop.
        # Hidden hops between the two (a truncated chain) keep the bracket open: "between hop 250 and hop 2751".
        return f"at hop {b}" if b <= a + 1 else f"between hop {a} and hop {b}"
    if a is not None:
        return f"after hop {a}"
    if b is not None:
        return f"at or before hop {b}"
    return "somewhere on the way"


def _org_of(host: str) -> str:
    from inspector.auth.orgdomain import org_domain

    return org_domain(host) if "." in host else host


def break_suspects(br: Break, mailing_list: str | None = None) -> str:
    """Who most likely made the change, from the engine's suspects and the message's mailing list (List-Id)."""
    hosts = [h for h in br.suspects if h][:8]
    if not hosts:
        return ""
    list_org = _org_of(mailing_list) if mailing_list else None
    at_list = [h for h in hosts if list_org and _org_of(h) == list_org]
    others = [h for h in hosts if h not in at_list]
    if at_list and not others:
        return f"most likely the mailing list at {list_org} ({', '.join(at_list)})"
    if at_list:
        return f"the mailing list at {list_org} ({', '.join(at_list)}) or {', '.join(others)}"
    if len(hosts) == 1:
        return f"at {hosts[0]}"
    orgs = list(dict.fromkeys(_org_of(h) for h in hosts))
    if len(orgs) == 1 and orgs[0] not in hosts:
        return f"at {orgs[0]} ({', '.join(hosts)})"
    return f"at one of {', '.join(hosts)}"


def break_headline(br: Break, mailing_list: str | None = None, hops: Sequence[Hop] = ()) -> str:
    """The plain answer first: what changed, between which hops (numbered as `hops` show them), and who
    most likely did it."""
    who = break_suspects(br, mailing_list)
    return f"✖ {br.what} {_hop_range(br, hops)}" + (f" — {who}" if who else "")


def break_text(
    br: Break, mailing_list: str | None = None, *, headline: str | None = None, hops: Sequence[Hop] = ()
) -> str:
    """The words on a break line: the plain answer, then the engine's evidence (pass `headline` when the
    caller already has `break_headline`: it looks up organisational domains for every suspect). Pass the
    report's `hops`: a break is named by the hops' numbers in the whole chain, as the hop views show them."""
    head = break_headline(br, mailing_list, hops) if headline is None else headline
    return head + (f": {br.evidence}" if br.evidence else "")


def is_claimed(hop: Hop, boundary_index: int | None) -> bool:
    """True for a hop the sending side wrote (above the boundary): it can be forged."""
    return hop.trust_zone == "external-claimed" or (
        boundary_index is not None and hop.index < boundary_index and hop.trust_zone != "internal"
    )


@dataclass(frozen=True, slots=True)
class HopText:
    """The lines of one hop card."""

    title: str
    subtitle: str
    by_line: str
    time_line: str
    clock_note: str
    zone: str
    warnings: tuple[str, ...]


def hop_text(h: Hop, claimed: bool) -> HopText:
    """A hop card's words: who handed it to whom, how, when, and which side of the boundary it is on."""
    src = h.from_host or h.from_helo or h.from_rdns or "(unnamed host)"
    title = f"{h.number_shown}.  {src}" + (f"  [{h.from_ip}]" if h.from_ip else "")
    extra = []
    if h.from_rdns and h.from_rdns != src:
        extra.append(f"rDNS {h.from_rdns}")
    if h.from_helo and h.from_helo != src:
        extra.append(f"HELO {h.from_helo}")
    tls = h.tls_version or h.tls or ("TLS" if "tls" in h.flags else None)
    kind = {"smtp_relay": None, "junk": "junk line", "unparseable": "unparseable", "lmtp_delivery": None}.get(
        h.kind, h.kind.replace("_", " ")
    )
    via = " · ".join(x for x in (h.protocol, tls, kind, f"auth: {h.auth}" if h.auth else None) if x)
    by_line = f"→ by {h.by_host or '(unnamed)'}" + (f"  ·  {via}" if via else "")
    skew = h.skew_seconds
    clock_note = f"   ⚠ this host's clock looks off by ≈{delay_text(skew).lstrip('+')}" if skew is not None else ""
    if h.is_boundary:
        zone = "received by your organisation"
    elif claimed:
        zone = "claimed — can be forged"
    elif h.trust_zone == "internal":
        zone = "your organisation"
    else:
        zone = ""
    # The zone tag already says "claimed"; the card shows the other warnings.
    warnings = tuple(w for w in h.warnings if not (claimed and w.startswith("claimed by the sending side")))
    return HopText(title, "  ·  ".join(extra), by_line, h.timestamp or "no date", clock_note, zone, warnings)


def artefact_badge(art: PlacedArtefact, report: Report | None) -> tuple[str, str]:
    """One placed artefact as badge text and its colour group, from our verdict on it where we have one."""
    group = "none"
    body = {"match": "body intact", "mismatch": "BODY CHANGED"}.get(art.body_hash, "")
    if art.kind == "dkim-signature":
        result = None
        if report is not None:
            result = next((d.result for d in report.dkim if d.header_index in art.header_indexes), None)
        text = f"DKIM d={art.identity}" + (f" s={art.selector}" if art.selector else "")
        if result is not None:
            text += f": {result.value}"
            group = result_class(result)
        if body:
            text += f" · {body}"
        if art.body_hash == "mismatch":
            group = "bad"
        return text, group
    if art.kind == "arc-set":
        text = f"ARC i={art.instance} {art.identity}"
        if report is not None and art.instance is not None:
            inst = next((i for i in report.arc.instances if i.instance == art.instance), None)
            if inst is not None and inst.cv:
                text += f" cv={inst.cv}"
        if body:
            text += f" · {body}"
        return text, "bad" if art.body_hash == "mismatch" else "unknown"
    label = {"authentication-results": "A-R", "received-spf": "Received-SPF"}.get(art.kind, art.kind)
    results = ", ".join(r.split(" (")[0] for r in art.results[:4])
    return (f"{label} {art.identity}: {results}" if results else f"{label} {art.identity}"), group


def chain_legend(report: Report) -> str:
    """One line under the chain: how many hops, where the boundary is, breaks, negative delays, omissions."""
    n = len(report.hops)
    parts = [f"{n} hop{'s' if n != 1 else ''}, origin at the top"]
    if report.boundary.hop_index is not None:
        parts.append(f"trust boundary at hop {hop_number(report, report.boundary.hop_index)}")
    if report.breaks:
        parts.append(f"{len(report.breaks)} break{'s' if len(report.breaks) != 1 else ''}")
    negative = sum(1 for h in report.hops if h.delay_seconds is not None and h.delay_seconds < 0)
    if negative:
        parts.append(f"{negative} negative delay{'s' if negative != 1 else ''}")
    b = report.boundary
    if b.truncated and b.hops_omitted:
        parts.append(f"{b.hops_omitted:,} of {b.received_count:,} Received fields hidden (the middle of the chain)")
    if b.unplaced:
        parts.append(f"{len(b.unplaced)} artefact(s) not placed on a hop")
    return "   ·   ".join(parts)


# -- the ticket -----------------------------------------------------------------------------------------------


#: Attachment and QR-code lines in a ticket (a message with 500 attachments is summarised, not listed).
MAX_TICKET_ATTACHMENTS = 20
MAX_TICKET_QR = 10


def attachment_line(att: AttachedFile) -> str:
    """One attachment as an indicator: name, what its bytes are, hash, and its most serious finding's kind."""
    where = f"{att.part}/" if att.part else ""
    worst = next((f for sev in ("high", "medium") for f in att.findings if f.severity == sev), None)
    return (
        f"{where}{att.filename} ({att.detected_type or 'type not recognised'}, {att.size:,} bytes) sha256={att.sha256}"
        + (f" — {worst.severity}: {worst.kind}" if worst else "")
    )


def content_iocs(report: Report) -> list[str]:
    """The attachments' and QR codes' indicators for a ticket (hashes, defanged destinations)."""
    c = report.content
    # A hand-built or imported report may hold anything: rows that are not attachments are left out.
    rows = [a for a in c.attachments if isinstance(a, AttachedFile)]
    lines = [f"Attachment: {attachment_line(a)}" for a in rows[:MAX_TICKET_ATTACHMENTS]]
    if len(rows) > MAX_TICKET_ATTACHMENTS:
        lines.append(f"Attachment: … {len(rows) - MAX_TICKET_ATTACHMENTS} more")
    for q in [q for q in c.qr if isinstance(q, QrCode)][:MAX_TICKET_QR]:
        worst = next((f for sev in ("high", "medium") for f in q.findings if f.severity == sev), None)
        lines.append(f"QR code: {q.where}: {q.url_defanged}" + (f" — {worst.severity}: {worst.kind}" if worst else ""))
    return lines


def ticket_summary(report: Report) -> str:
    """A short plain-text summary for a helpdesk ticket: verdict, reasons, identities, each check."""
    v = report.verdict
    ids = report.identities
    lines = [f"Email Header Inspector: {LEVEL_WORD[v.level].upper()}" + (f" — {v.summary}" if v.summary else "")]
    # A reason that states a caveat's fact is left to the "Limit:" line below (one fact, said once).
    lines += [f"  - {r.text}" for r in banner_reasons(report)]
    lines.append("")
    for label, value in (
        ("From", ids.from_header),
        ("Reply-To", ", ".join(ids.reply_to) if ids.reply_to else None),
        ("Return-Path", ids.return_path),
        ("Subject", ids.subject),
        ("Date", ids.date),
        ("Message-ID", ids.message_id),
    ):
        if value is not None:
            lines.append(f"{label}: {value}")
    lines.append("")
    s = report.spf
    lines.append(
        f"SPF: {s.result.value}"
        + (f" ({s.domain}, client {s.client_ip or '?'})" if s.domain else "")
        + f" [{provenance_label(s.provenance, report.dns)}]"
    )
    if not report.dkim:
        lines.append(
            "DKIM: " + ("no signature" if section_state(report, "dkim") is SectionState.ANALYSED else "not analysed")
        )
    for d in report.dkim:
        lines.append(
            f"DKIM #{d.index + 1}: {d.result.value} d={d.domain or '?'} s={d.selector or '?'} body={d.body_hash}"
            + (f" — {d.reason}" if d.reason else "")
            + f" [{provenance_label(d.provenance, report.dns)}]"
        )
    m = report.dmarc
    policy = dmarc_policy(m)
    lines.append(
        f"DMARC: {m.result.value}"
        + (f" (From {m.from_domain}" + (f", {policy})" if policy else ")") if m.from_domain else "")
        + f" [{provenance_label(m.provenance, report.dns)}]"
    )
    if m.differences and m.rfc7489 is not None:
        lines.append(f"DMARC by RFC 7489: {dmarc_rfc7489_line(m)} — differs: " + "; ".join(m.differences))
    a = report.arc
    lines.append(f"ARC: {a.result.value} ({len(a.instances)} set(s)) [{provenance_label(a.provenance, report.dns)}]")
    for b in report.breaks:
        lines.append("Break: " + break_text(b, ids.mailing_list).removeprefix("✖ "))
    for f in report.lookalikes:
        lines.append(f"Lookalike: {f.field} {f.value} resembles {f.resembles} ({f.kind})")
    for fs in report.filter_summaries:
        lines.append(f"Filter: {fs.text}")
    lines += ticket_caveats(report)
    # Indicators: sender IPs and defanged links (report.indicators), attachment hashes and QR codes (above).
    indicators = [*ticket_indicators(report), *content_iocs(report)]
    if indicators:
        lines += ["", *indicators]
    lines.append("")
    lines.append(f"Evidence: {report.source.format} sha256={report.source.sha256}")
    lines.append(f"DNS: {report.dns.description}")
    # A ticket is pasted into other tools and terminals: message text in it is shown visibly, one line each.
    return "\n".join(visible(line, single_line=True) for line in lines) + "\n"
