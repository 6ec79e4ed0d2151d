"""The Report as one self-contained, printable HTML page (the GUI's "Export ▸ HTML report").

Why by hand and not with a template engine: the page is small, and the one property that matters —
every value escaped, no script, no external resource — is easier to prove for a few f-strings that all
go through :func:`esc` than for a template language with auto-escape switches. The page carries its CSS
inline, has no ``<script>``, no ``src=``/``href=``/``<link>``/``url(``, a Content-Security-Policy that
forbids loading anything, and links in the message are shown defanged as text, never as anchors.

It tells the story in the order a helpdesk worker reads it — verdict, who the message claims to be,
the checks at a glance (ours beside the receiver's), lookalikes, the journey hop by hop with the trust
boundary and the breaks — then the analyst's detail: every check with its DNS answers, the receivers'
records, the body's links and attachments, and every header field raw and decoded. The words come from
:mod:`inspector.report.wording`, the same helpers the GUI uses. Every badge carries a symbol and a word
beside its colour, so a black-and-white print keeps the meaning. Output is bounded: at most
:data:`MAX_HOPS` hop cards, :data:`MAX_HEADER_ROWS` header fields and :data:`MAX_HEADER_CHARS`
characters of header text, each value cut at a length the page can carry.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

from inspector.model.auth import AuthResult
from inspector.model.chain import Hop, PlacedArtefact
from inspector.model.content import Link
from inspector.model.report import Report, SectionState, hop_number
from inspector.report.check_cards import CheckCard, check_cards
from inspector.report.safe_text import visible
from inspector.report.wording import (
    FILTER_SEVERITY_CLASS,
    LEVEL_WORD,
    NO_HOPS,
    NO_LOOKALIKES,
    Detail,
    artefact_badge,
    boundary_text,
    break_text,
    chain_legend,
    delay_label,
    delay_text,
    detail_text,
    hop_text,
    is_claimed,
    lookalike_reading,
    lookup_line,
    provenance_label,
    recorded_for,
    recorded_trust,
    result_class,
    risk_word,
    section_state,
    severity_class,
    size_text,
    ticket_summary,
)

__all__ = [
    "LEVEL_WORD",
    "esc",
    "lookup_line",
    "provenance_label",
    "recorded_for",
    "report_to_html",
    "result_class",
    "section_state",
    "ticket_summary",
]

#: Body text included in the printable report is cut here (the evidence file is the full record).
MAX_BODY_CHARS = 20_000
#: Hop cards drawn (the engine already keeps at most 500 hops; this guards hand-built reports).
MAX_HOPS = 500
#: Header fields listed, and the total characters of header text, before "… n more fields omitted".
MAX_HEADER_ROWS = 2_000
MAX_HEADER_CHARS = 1_000_000
#: Receivers' recorded results, links and attachments listed.
MAX_ROWS = 500
#: Longest single value shown (a header value, a detail line); hop card lines are cut shorter.
MAX_VALUE_CHARS = 10_000
MAX_CARD_CHARS = 2_000


SYMBOL = {"good": "✔", "bad": "✖", "warn": "⚠", "unknown": "?", "none": "•"}
LEVEL_CLASS_SYMBOL = {"ok": "✔", "suspicious": "⚠", "dangerous": "✖", "unverified": "?", "not-analysed": "•"}


def esc(value: object, limit: int = MAX_VALUE_CHARS) -> str:
    """HTML-escape anything (None becomes ""): quotes too, invisible and reordering characters made visible,
    and values longer than `limit` cut with a note of how much is left out."""
    if value is None:
        return ""
    text = str(value)
    more = ""
    if len(text) > limit:
        more = f" … ({len(text) - limit:,} more characters)"
        text = text[:limit]
    return html.escape(visible(text.replace("\r\n", "\n")), quote=True) + more


# -- CSS ------------------------------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;font-size:10.5pt;line-height:1.35;color:#1b1b1b;
background:#fff;margin:1.5em auto;max-width:62em;padding:0 1em;overflow-wrap:anywhere}
h1{font-size:17pt;margin:0}
h2{font-size:13pt;margin:1.6em 0 .5em;border-bottom:2px solid #999;padding-bottom:.15em}
h3{font-size:11pt;margin:1em 0 .3em}
p{margin:.35em 0}
ul{margin:.3em 0;padding-left:1.4em}
table{border-collapse:collapse;width:100%;margin:.35em 0;table-layout:fixed}
th,td{border:1px solid #c8c8c8;padding:.25em .45em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#eee}
thead{display:table-header-group}
table.kv th{width:13em;background:#f6f6f6;font-weight:normal;color:#333}
.mono,pre{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:8.8pt}
pre,.pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0}
.muted{color:#5c5c5c}
.small{font-size:9pt}
.verdict{padding:.8em 1.1em;border-radius:6px;border:3px solid;margin-bottom:.6em}
.verdict .level{font-size:19pt;font-weight:bold;letter-spacing:.03em}
.verdict .summary{font-size:12pt;font-weight:bold;margin:.3em 0}
.verdict.ok{border-color:#2e7d32;background:#e8f5e9}.verdict.ok .level{color:#1b5e20}
.verdict.suspicious{border-color:#a15c00;background:#fff3e0}.verdict.suspicious .level{color:#7a4500}
.verdict.dangerous{border-color:#c62828;background:#ffebee}.verdict.dangerous .level{color:#a31515}
.verdict.not-analysed{border-color:#616161;background:#f2f2f2}.verdict.not-analysed .level{color:#424242}
.verdict.unverified{border-color:#455a8a;background:#eceff6}.verdict.unverified .level{color:#2f3f66}
.badge{display:inline-block;padding:0 .45em;border-radius:4px;color:#fff;font-weight:bold;max-width:100%;
border:1px solid transparent}
.badge.good{background:#2e7d32}.badge.bad{background:#c62828}.badge.warn{background:#a15c00}
.badge.unknown{background:#455a8a}.badge.none{background:#6d6d6d}
.badge.word{white-space:nowrap;font-size:.92em}
.art{display:block;margin:.15em 0}
.check{border:1px solid #bbb;border-radius:6px;padding:.5em .8em;margin:.7em 0;break-inside:avoid-page}
.check .head{font-size:11.5pt}
.check .prov{color:#333}
.sub{font-weight:bold;margin:.5em 0 .15em;font-size:9.5pt;color:#333}
.chain{margin:.5em 0}
.hop{border:1.5px solid #9e9e9e;border-radius:6px;padding:.4em .7em;break-inside:avoid;background:#fff}
.hop.claimed{border-style:dashed;background:#f7f7f7;color:#3a3a3a}
.hop.boundary{border:3px solid #1565c0}
.hop.internal{border-color:#6d6d6d}
.hop .hh{display:flex;justify-content:space-between;gap:1em;font-weight:bold}
.hop .zone{font-weight:normal;font-style:italic;color:#555;white-space:nowrap}
.hop.boundary .zone{color:#1565c0;font-weight:bold}
.hop .line{margin:.1em 0}
.hop .warn{color:#8e24aa;font-size:9pt}
.hop .note{color:#333;font-size:9pt}
.hop .raw{color:#444;border-top:1px dotted #bbb;margin-top:.3em;padding-top:.2em;font-size:8pt}
.gap{padding:.15em 0 .15em 1.6em;color:#555;font-size:9pt;border-left:2px solid #9e9e9e;margin-left:1.2em}
.gap .neg{color:#8e24aa;font-weight:bold}
.clock{color:#8e24aa;font-weight:bold}
.mark{font-weight:bold;padding:.3em .5em;margin:.35em 0;break-inside:avoid}
.mark.boundary{color:#0d47a1;border-top:3px dashed #1565c0;border-bottom:3px dashed #1565c0;background:#e3f2fd}
.mark.break{color:#8e0000;border-top:3px solid #d32f2f;border-bottom:3px solid #d32f2f;background:#fdecea}
.mark.omitted{color:#333;border:2px dotted #777;background:#f4f4f4;font-weight:normal}
tr.decoded td{border-top:none;color:#333}
footer{margin-top:2em;color:#555;font-size:9pt;border-top:1px solid #bbb;padding-top:.4em}
@page{margin:14mm 12mm}
@media print{
 body{margin:0;max-width:none;padding:0;font-size:10pt}
 .verdict,.badge,.mark,.hop,.gap,thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 section.pb{break-before:page}
 h2,h3,.sub{break-after:avoid}
 tr,.hop,.mark{break-inside:avoid}
 .check{break-inside:auto}
 .hop .raw{break-inside:auto}
}
"""


# -- small pieces ---------------------------------------------------------------------------------------------


def _badge_group(group: str, word: str) -> str:
    return f'<span class="badge {group}">{SYMBOL.get(group, "•")} {esc(word, 300)}</span>'


def _badge(result: AuthResult) -> str:
    """A result word (short, from a fixed list): kept on one line."""
    group = result_class(result)
    return f'<span class="badge {group} word">{SYMBOL[group]} {esc(result.value)}</span>'


def _kv(rows: Iterable[Detail], limit: int = MAX_VALUE_CHARS) -> str:
    """A two-column table of label / value; empty values are left out (as in the GUI)."""
    body = []
    for label, value in rows:
        text = detail_text(value)
        if text is None:
            continue
        cls = ' class="mono"' if label in _MONO_LABELS else ""
        body.append(f"<tr><th>{esc(label.strip(), 200)}</th><td{cls}>{esc(text, limit)}</td></tr>")
    return f'<table class="kv">{"".join(body)}</table>' if body else ""


_MONO_LABELS = frozenset(
    {
        "SPF record",
        "Record",
        "Key record",
        "Body hash computed",
        "Body hash expected (bh=)",
        "Mechanism",
        "Signed headers",
        "SHA-256",
    }
)


def _not_analysed(report: Report, name: str) -> str | None:
    state = section_state(report, name)
    if state is SectionState.ANALYSED or state is SectionState.PARTIAL:
        return None
    word = "could not be completed (internal error)" if state is SectionState.ERROR else "was not analysed"
    return f'<p class="muted">This section {word}.</p>'


def _section(sid: str, title: str, body: str, page_break: bool = True) -> str:
    cls = "sec pb" if page_break else "sec"
    return f'<section class="{cls}" id="{sid}"><h2>{esc(title)}</h2>{body}</section>'


# -- sections -------------------------------------------------------------------------------------------------


def _verdict(report: Report) -> str:
    v = report.verdict
    level = v.level.value
    reasons = "".join(f"<li>{esc(r, 2000)}</li>" for r in v.reasons[:50])
    return (
        f'<header class="verdict {esc(level)}"><div class="level">'
        f"{LEVEL_CLASS_SYMBOL.get(level, '•')} {esc(LEVEL_WORD[v.level].upper())}</div>"
        + (f'<p class="summary">{esc(v.summary, 2000)}</p>' if v.summary else "")
        + (f"<ul>{reasons}</ul>" if reasons else "")
        + "</header>"
    )


def _message(report: Report) -> str:
    ids = report.identities
    claims = _kv(
        [
            ("From", ids.from_header),
            ("Reply-To", ", ".join(ids.reply_to)),
            ("Return-Path", ids.return_path),
            ("Sender", ids.sender),
            ("To", ids.to),
            ("Subject", ids.subject),
            ("Date", ids.date),
            ("Message-ID", ids.message_id),
            ("Mailing list", ids.mailing_list),
            ("From domain problem", ids.from_domain_problem),
        ],
        2000,
    )
    return _section(
        "message",
        "The message",
        '<p class="muted small">What the message claims, as written in its header (any of it can be forged; '
        "the checks below say what holds).</p>" + claims,
        page_break=False,
    )


def _evidence(report: Report) -> str:
    src = report.source
    evidence = _kv(
        [
            ("Evidence file", src.path),
            ("Format", src.format),
            ("Size", f"{size_text(src.size)} ({src.size:,} bytes)" if isinstance(src.size, int) else src.size),
            ("SHA-256", src.sha256),
            ("DNS used", report.dns.description),
            ("DNS mode", report.dns.mode),
            ("Snapshot captured", report.dns.snapshot_created_at),
            ("DNS time budget", f"{report.dns.budget_seconds:g} s" if report.dns.budget_seconds is not None else None),
            ("DNS problem", report.dns.note),
        ],
        2000,
    )
    return _section(
        "evidence",
        "Evidence and DNS",
        '<p class="muted small">The file this report was made from (its SHA-256 identifies it) and where the DNS '
        "answers behind every result came from.</p>" + evidence,
        page_break=False,
    )


def _glance(report: Report) -> str:
    cards = check_cards(report, limit=MAX_ROWS)
    rows = [
        f"<tr><td><b>{esc(c.title)}</b></td><td>{_badge(c.status) if c.status is not None else ''}</td>"
        f"<td>{esc(c.source, 300)}</td><td>{esc(c.recorded, 500)}</td><td>{esc(c.summary, 1500)}</td></tr>"
        for c in cards
        if c.key != "differences"
    ]
    body = (
        '<table><colgroup><col style="width:10%"><col style="width:19%"><col style="width:16%">'
        '<col style="width:18%"><col></colgroup>'
        "<thead><tr><th>Check</th><th>Our result</th><th>Source of facts</th><th>Receiver recorded</th>"
        "<th>Detail</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        '<p class="muted small">Our result is re-verified by this tool; the receiver\'s is what the receiving '
        "server wrote into the message. ✔ pass: the check succeeded · ✖ fail / permerror: it failed · "
        "⚠ softfail / neutral / temperror: weak or temporary · ? not-verifiable: the DNS this workstation "
        "needs is not available (never a failure) · • none / not-analysed: nothing to check or not run.</p>"
    )
    for c in cards:
        if c.key == "differences":
            items = "".join(f"<li>{esc(row.value, 2000)}</li>" for row in c.details)
            body += f"<h3>Where the receiver's record differs from ours</h3><ul>{items}</ul>"
    return _section("glance", "The checks at a glance", body, page_break=False)


def _lookalikes(report: Report) -> str:
    if not report.lookalikes:
        na = _not_analysed(report, "lookalikes")
        text = na or f"<p>{NO_LOOKALIKES}</p>"
        return _section("lookalikes", "Lookalike and impersonation findings", text, page_break=False)
    rows = []
    for f in report.lookalikes[:MAX_ROWS]:
        reading = lookalike_reading(f)
        # Both forms when they differ (an IDN), else the one domain the finding is about.
        labels = "" if reading or not f.a_label else f"domain: {f.a_label}"
        rows.append(
            f"<tr><td>{_badge_group(severity_class(f.severity), f.severity)}</td><td>{esc(f.field, 200)}</td>"
            f'<td class="mono">{esc(f.value, 1000)}</td><td>{esc(f.resembles, 500)}</td><td>{esc(f.kind, 200)}</td>'
            f"<td>{esc(f.explanation, 2000)}"
            + (f'<br><span class="mono small">{esc(reading, 1000)}</span>' if reading else "")
            + (f'<br><span class="muted small mono">{esc(labels, 1000)}</span>' if labels else "")
            + "</td></tr>"
        )
    body = (
        '<p class="muted small">Source of facts: the message alone (its From, Reply-To, Return-Path, Sender '
        "and signing domains).</p>"
        '<table><colgroup><col style="width:11%"><col style="width:12%"><col style="width:20%">'
        '<col style="width:13%"><col style="width:13%"><col></colgroup>'
        "<thead><tr><th>Severity</th><th>Field</th><th>Value</th><th>Resembles</th><th>Kind</th>"
        "<th>Explanation</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    return _section("lookalikes", "Lookalike and impersonation findings", body, page_break=False)


def _history(report: Report) -> str:
    """The sender against the analyst's history: the findings with their evidence, and what was known."""
    title = "Sender history"
    h = report.history
    if not h.available and not h.findings:
        return _section("history", title, f'<p class="muted">{esc(h.note, 1000)}</p>', page_break=False)
    rows = [
        f"<tr><td>{_badge_group(severity_class(f.severity), f.severity)}</td><td>{esc(f.kind, 100)}</td>"
        f"<td>{esc(f.explanation, 2000)}"
        + "".join(f'<br><span class="muted small mono">{esc(e, 500)}</span>' for e in f.evidence[:10])
        + "</td></tr>"
        for f in h.findings[:MAX_ROWS]
    ]
    body = f'<p class="muted small">{esc(h.note, 1000)} Store: {esc(h.store or "", 500)}</p>'
    if rows:
        body += (
            '<table><colgroup><col style="width:11%"><col style="width:18%"><col></colgroup>'
            "<thead><tr><th>Severity</th><th>Finding</th><th>Explanation</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
    else:
        body += "<p>Nothing unusual against the sender's history.</p>"
    k = h.sender
    if k is not None:
        body += _kv(
            [
                ("Known", f"{k.key} ({k.scope}): {k.messages} messages, {k.first_seen or '?'} to {k.last_seen or '?'}"),
                ("Providers", ", ".join(k.providers or k.hosts) or "unknown"),
                ("Networks", ", ".join(k.networks) or "unknown"),
                ("Signed by", ", ".join(k.signing_domains) or "never signed"),
                ("Display names", ", ".join(k.display_names) or "none"),
                ("Links lead to", _link_habit(k.link_messages, k.link_domains)),
            ]
        )
    return _section("history", title, body, page_break=False)


def _link_habit(messages: int, domains: tuple[str, ...]) -> str:
    """Where a known sender's links went (never its own domain or click tracking), for the history section."""
    if not messages:
        return "no learnt messages with links"
    where = ", ".join(domains) if domains else "only its own domain or click tracking"
    return f"{where} ({messages} messages with links)"


def _filters(report: Report) -> str:
    """The receivers' filter verdicts: one summary line per vendor, then each decoded field (issue 14)."""
    title = "Your mail filters' verdicts"
    if not report.filters:
        na = _not_analysed(report, "filters")
        return _section("filters", title, na or "<p>No anti-spam filter headers in this message.</p>", False)
    lines = "".join(
        f"<li>{_badge_group('good' if s.trusted else 'unknown', 'your filter' if s.trusted else 'claimed')} "
        f"{esc(s.text, 1000)}</li>"
        for s in report.filter_summaries
    )
    rows = []
    for f in report.filters[:MAX_ROWS]:
        who = "your mail filter" if f.trusted else "claimed by the sender"
        rows.append(
            f"<tr><td>{esc(f.vendor, 200)}</td><td>{esc(f.label, 200)}</td>"
            f'<td class="mono">{esc(f.value or "(empty)", 500)}</td><td>{esc(f.meaning, 1000)}</td>'
            f"<td>{_badge_group(FILTER_SEVERITY_CLASS[f.severity], f.severity.value)}</td>"
            f'<td>{esc(who, 100)}<br><span class="muted small">{esc(f.trust_basis, 1000)}</span></td>'
            f'<td class="mono small">{esc(f.header, 200)}</td></tr>'
        )
    body = (
        '<p class="muted small">Source of facts: the filter headers in the message. Only those written inside '
        "your organisation (after the trust boundary) are your filter's word; the others came with the message "
        "and anyone can write them.</p>"
        f"<ul>{lines}</ul>"
        '<table><colgroup><col style="width:10%"><col style="width:15%"><col style="width:14%"><col>'
        '<col style="width:8%"><col style="width:18%"><col style="width:12%"></colgroup>'
        "<thead><tr><th>Filter</th><th>Field</th><th>Value</th><th>Meaning</th><th>Severity</th>"
        "<th>Written by</th><th>Header</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    return _section("filters", title, body, page_break=False)


def _artefact(art: PlacedArtefact, report: Report) -> str:
    text, group = artefact_badge(art, report)
    extra = []
    if art.kind in ("authentication-results", "received-spf") or (art.kind == "arc-set" and art.results):
        extra += list(art.results[:20])
    if art.detail:
        extra.append(art.detail)
    more = "".join(f"<br>{esc(x, 1000)}" for x in extra)
    return (
        f'<span class="art">{_badge_group(group, text)}'
        + (f'<span class="small mono muted">{more}</span>' if more else "")
        + "</span>"
    )


def _hop_card(h: Hop, claimed: bool, report: Report) -> str:
    words = hop_text(h, claimed)
    internal = "internal" if h.trust_zone == "internal" else ""
    zone_cls = "boundary" if h.is_boundary else "claimed" if claimed else internal
    lines = [
        f'<div class="hh"><span>{esc(words.title, MAX_CARD_CHARS)}</span>'
        + (f'<span class="zone">{esc(words.zone)}</span>' if words.zone else "")
        + "</div>"
    ]
    if words.subtitle:
        lines.append(f'<div class="line">{esc(words.subtitle, MAX_CARD_CHARS)}</div>')
    lines.append(f'<div class="line">{esc(words.by_line, MAX_CARD_CHARS)}</div>')
    clock = f'<span class="clock">{esc(words.clock_note)}</span>' if words.clock_note else ""
    lines.append(f'<div class="line">{esc(words.time_line, 300)}{clock}</div>')
    for w in words.warnings[:20]:
        lines.append(f'<div class="warn">⚠ {esc(w, MAX_CARD_CHARS)}</div>')
    for a in h.annotations[:20]:
        lines.append(f'<div class="note">• {esc(a, MAX_CARD_CHARS)}</div>')
    if h.artefacts:
        lines.append('<div class="sub">Added here</div>' + "".join(_artefact(a, report) for a in h.artefacts[:30]))
    lines.append(f'<div class="raw mono">Received: {esc(h.raw, MAX_CARD_CHARS)}</div>')
    return f'<article class="hop {zone_cls}" id="hop-{h.number_shown}">{"".join(lines)}</article>'


def _chain(report: Report) -> str:
    title = "The journey: Received chain, origin first"
    na = _not_analysed(report, "hops")
    if not report.hops:
        return _section("chain", title, na or f"<p>{NO_HOPS}</p>")
    b = report.boundary
    hops = report.hops[:MAX_HOPS]
    out = [f"<p><b>{esc(chain_legend(report))}</b></p>"]
    out.append(
        '<p class="muted small">Source of facts: the Received fields, each written by the server that took the '
        "message in. Hops above the trust boundary were written by the sending side and can be forged "
        "(dashed cards).</p>"
    )
    out.append(_chain_cards(report, hops))
    if len(report.hops) > MAX_HOPS:
        out.append(f'<div class="mark omitted">… {len(report.hops) - MAX_HOPS:,} more hops not shown.</div>')
    if b.hop_index is not None:
        out.append("<h3>How the trust boundary was found</h3>" + _kv(_boundary_facts(report, b.hop_index), 3000))
    if b.unplaced:
        items = "".join(f"<li>{_artefact(a, report)}</li>" for a in b.unplaced[:MAX_ROWS])
        out.append(f"<h3>Artefacts that could not be placed on a hop</h3><ul>{items}</ul>")
    return _section("chain", title, "".join(out))


def _boundary_facts(report: Report, hop_index: int) -> list[Detail]:
    """How the trust boundary (at `hop_index`) was found, as label / value rows."""
    b = report.boundary
    evaluated = None
    if b.evaluated_ip:
        evaluated = b.evaluated_ip + ("" if b.evaluated_ip_in_chain in (None, True) else " (no hop carries it)")
    ingress = None
    if b.original_client_ip:
        at = f" at hop {hop_number(report, b.original_hop_index)}" if b.original_hop_index is not None else ""
        ingress = b.original_client_ip + at
    return [
        (
            "Received by your organisation at",
            f"hop {hop_number(report, hop_index)}" + (f" ({b.receiver})" if b.receiver else ""),
        ),
        ("Connecting IP (SPF judged)", b.client_ip),
        ("Its reverse DNS", b.client_rdns),
        ("HELO", b.helo),
        ("MAIL FROM", b.mail_from),
        ("Found by", b.method),
        ("Confidence", b.confidence),
        ("Receiver's authserv-id", b.authserv_id),
        ("IP the receiver says it evaluated", evaluated),
        ("Forwarder's ingress (from ARC)", ingress),
        ("Transit before your organisation", _duration(b.seconds_before_boundary)),
        ("Transit inside your organisation", _duration(b.seconds_after_boundary)),
        ("Total transit", _duration(b.total_seconds)),
        ("Evidence", b.evidence),
    ]


def _chain_cards(report: Report, hops: Sequence[Hop]) -> str:
    """The hop cards in order, with the gaps, breaks, boundary and omitted-hops marks between them."""
    b = report.boundary
    # Breaks are drawn after the hop they follow; an open start goes on top.
    breaks_after: dict[int, list[str]] = {}
    for br in report.breaks:
        breaks_after.setdefault(-1 if br.after_hop is None else br.after_hop, []).append(
            break_text(br, report.identities.mailing_list, hops=report.hops)
        )
    boundary_idx = b.hop_index
    if boundary_idx is None:
        boundary_idx = next((h.index for h in hops if h.is_boundary), None)
    out = ['<div class="chain">']
    out.extend(_break_marks(breaks_after.get(-1, [])))
    for pos, hop in enumerate(hops):
        if hop.hidden_before:
            out.append(
                f'<div class="mark omitted">… {hop.hidden_before:,} hops hidden here ({b.hops_omitted:,} of '
                f"{b.received_count:,} Received fields in all): the report lists the oldest and the newest "
                f"{len(hops):,} hops; the evidence file has them all.</div>"
            )
        if pos > 0:
            out.extend(_break_marks(breaks_after.get(hops[pos - 1].index, [])))
            out.append(_gap(hop))
        if boundary_idx is not None and hop.index == boundary_idx:
            out.append(f'<div class="mark boundary">{esc(boundary_text(b, hops), 3000)}</div>')
        out.append(_hop_card(hop, is_claimed(hop, boundary_idx), report))
    out.extend(_break_marks(breaks_after.get(hops[-1].index, [])))
    out.append("</div>")
    return "".join(out)


def _break_marks(texts: list[str]) -> list[str]:
    return [f'<div class="mark break">{esc(text, 3000)}</div>' for text in texts]


def _gap(hop: Hop) -> str:
    """The arrow between two cards, with the delay (negative delays marked)."""
    label = delay_label(hop)
    neg = hop.delay_seconds is not None and hop.delay_seconds < 0
    return (
        '<div class="gap">↓ '
        + (f'<span class="{"neg" if neg else ""}">{esc(label)}</span>' if label else "")
        + "</div>"
    )


def _duration(seconds: float | None) -> str | None:
    return None if seconds is None else delay_text(seconds).lstrip("+")


def _check_card(card: CheckCard) -> str:
    """One check of the engine's check cards as an HTML card: head, source line, summary, detail rows."""
    badge = _badge(card.status) if card.status is not None else ""
    body = _kv((row.label, row.value) for row in card.details)
    if card.dns:
        items = "".join(f"<li>{esc(line, 4000)}</li>" for line in card.dns)
        body += f'<div class="sub">DNS answers used</div><ul class="mono small">{items}</ul>'
    if card.receivers:
        items = "".join(f"<li>{esc(line, 4000)}</li>" for line in card.receivers)
        body += f'<div class="sub">What the receivers recorded</div><ul class="small">{items}</ul>'
    if card.omitted:
        body += f'<p class="muted small">… {card.omitted:,} more lines (all are in the JSON export)</p>'
    return (
        f'<div class="check"><div class="head"><b>{esc(card.title)}</b> {badge}</div>'
        f'<p class="prov small">Source of facts: <b>{esc(card.source or "—", 300)}</b> · '
        f"Receiver recorded: {esc(card.recorded, 500)}</p>"
        f"<p>{esc(card.summary, 3000)}</p>{body}</div>"
    )


def _auth_detail(report: Report) -> str:
    # The differences with the receiver are listed under "The checks at a glance".
    out = [_check_card(c) for c in check_cards(report, limit=MAX_ROWS) if c.key != "differences"]
    if report.recorded:
        rows = "".join(
            f'<tr><td>{esc(r.header, 200)}<br><span class="muted small">field {r.header_index}'
            + (f", i={r.instance}" if r.instance is not None else "")
            + f"</span></td><td>{esc(r.authserv_id, 300)}</td><td>{esc(recorded_trust(r), 1000)}</td>"
            f"<td>{esc(r.method, 100)}</td><td>{esc(r.result, 100)}</td>"
            f"<td>{esc(r.reason or r.comment, 1000)}</td></tr>"
            for r in report.recorded[:MAX_ROWS]
        )
        more = (
            f'<p class="muted">… {len(report.recorded) - MAX_ROWS:,} more recorded results</p>'
            if len(report.recorded) > MAX_ROWS
            else ""
        )
        out.append(
            "<h3>Every result the receivers recorded</h3>"
            '<table><colgroup><col style="width:16%"><col style="width:15%"><col><col style="width:9%">'
            '<col style="width:9%"><col style="width:22%"></colgroup>'
            "<thead><tr><th>Header</th><th>authserv-id</th><th>Trusted?</th><th>Method</th><th>Result</th>"
            f"<th>Reason / comment</th></tr></thead><tbody>{rows}</tbody></table>{more}"
        )
    return _section("auth", "Authentication in detail (re-verified by this tool)", "".join(out))


def _content(report: Report) -> str:
    c = report.content
    out = []
    if not c.has_body:
        out.append('<p class="muted">The evidence has no body (pasted headers or an Outlook .msg).</p>')
    else:
        out.append(
            '<p class="muted small">Shown safely: the HTML is never rendered, links are defanged and shown as '
            "text, attachments are listed and never opened.</p>"
        )
    out.append(f"<h3>Links ({len(c.links):,}, defanged)</h3>")
    if c.links:
        rows = []
        for link in list[object](c.links[:MAX_ROWS]):
            if not isinstance(link, Link):  # a hand-built report may hold anything: shown, never a crash
                rows.append(f'<tr><td></td><td class="mono">{esc(link, 2000)}</td><td></td><td></td><td></td></tr>')
                continue
            via = "".join(f'<br><span class="muted">behind {esc(v, 2000)}</span>' for v in link.via)
            found = "<br>".join(f"[{esc(f.severity)}] {esc(f.explanation, 2000)}" for f in link.findings)
            if link.risk_note:  # the findings together raise the link's risk (`Link.risk`): say why
                found += f"<br><b>Together:</b> {esc(link.risk_note, 2000)}"
            rows.append(
                f"<tr><td>{esc(risk_word(link.risk), 100)}</td>"
                f'<td class="mono">{esc(link.url_defanged, 2000)}{via}</td><td>{esc(link.text, 300)}</td>'
                f"<td>{esc(link.domain or '')}</td><td>{found}</td></tr>"
            )
        if len(c.links) > MAX_ROWS:
            rows.append(f'<tr><td colspan="5">… {len(c.links) - MAX_ROWS:,} more</td></tr>')
        out.append(
            '<table class="small"><tr><th>Risk</th><th>Destination</th><th>Shown as</th><th>Domain</th>'
            "<th>Findings</th></tr>" + "".join(rows) + "</table>"
        )
    else:
        out.append('<p class="muted">No links.</p>')
    out.append(f"<h3>Attachments ({len(c.attachments):,}, typed from their bytes, never opened)</h3>")
    if c.attachments:
        rows = []
        for att in c.attachments[:MAX_ROWS]:
            size = att.size
            where = f'<br><span class="muted small">inside {esc(att.part, 500)}</span>' if att.part else ""
            found = "<br>".join(f"[{esc(f.severity)}] {esc(f.explanation, 2000)}" for f in att.findings)
            rows.append(
                f"<tr><td>{esc(att.filename, 500)}{where}</td>"
                f"<td>{esc(att.detected_type or 'not recognised', 300)}"
                f'<br><span class="muted small">declared {esc(att.declared_type, 300)}</span></td>'
                f"<td>{esc(size_text(size), 100)}"
                + f'<br><span class="muted small">{size:,} bytes</span>'
                + f'</td><td class="mono">{esc(att.sha256, 200)}</td><td>{found}</td></tr>'
            )
        out.append(
            '<table><colgroup><col><col style="width:16%"><col style="width:10%"><col style="width:22%"><col>'
            "</colgroup><thead><tr><th>Name</th><th>Type</th><th>Size</th><th>SHA-256</th><th>Findings</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>"
        )
    else:
        out.append('<p class="muted">No attachments.</p>')
    if c.qr:
        rows = []
        for q in c.qr[:MAX_ROWS]:
            found = "<br>".join(f"[{esc(f.severity)}] {esc(f.explanation, 2000)}" for f in q.findings)
            rows.append(
                f'<tr><td>{esc(q.where, 500)}</td><td class="mono">{esc(q.url_defanged, 2000)}</td>'
                f"<td>{found}</td></tr>"
            )
        out.append(
            f"<h3>QR codes ({len(c.qr):,}, decoded from images and drawings, defanged)</h3>"
            "<table><thead><tr><th>Where</th><th>Opens</th><th>Findings</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
    if c.disguised:
        rows = [
            f"<tr><td>{esc(d.field)}</td><td>[{esc(d.severity)}] {esc(d.kind)}</td>"
            f'<td class="mono">{esc(", ".join(d.words), 1000)}</td><td>{esc(d.explanation, 2000)}</td></tr>'
            for d in c.disguised
        ]
        out.append(
            "<h3>Disguised words (marks or invisible characters inside words)</h3>"
            "<table><thead><tr><th>Where</th><th>Trick</th><th>Words</th><th>What it means</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table>"
        )
    text, what = (c.text_body, "Plain-text body") if c.text_body else (c.html_body, "HTML source (not rendered)")
    if text:
        cut = len(text) > MAX_BODY_CHARS
        note = f" (the first {MAX_BODY_CHARS:,} of {len(text):,} characters)" if cut else ""
        out.append(f"<h3>{esc(what)}{esc(note)}</h3><pre>{esc(text[:MAX_BODY_CHARS], MAX_BODY_CHARS)}</pre>")
    return _section("body", "The body: links and attachments", "".join(out))


def _headers(report: Report) -> str:
    rows = []
    used = 0
    shown = 0
    for hv in report.headers[:MAX_HEADER_ROWS]:
        if used > MAX_HEADER_CHARS:
            break
        raw = hv.value
        decoded = hv.decoded if hv.decoded != hv.value else None
        used += min(len(raw), MAX_VALUE_CHARS) + (min(len(decoded), MAX_VALUE_CHARS) if decoded else 0)
        rows.append(
            f'<tr><td>{esc(hv.index)}</td><td>{esc(hv.name, 300)}</td><td class="mono pre">{esc(raw)}</td></tr>'
        )
        if decoded is not None:
            rows.append(
                f'<tr class="decoded"><td></td><td class="muted small">decoded</td>'
                f'<td class="pre">{esc(decoded)}</td></tr>'
            )
        shown += 1
    more = len(report.headers) - shown
    note = (
        f'<p class="mark omitted">… {more:,} more header fields omitted from this printable report '
        "(the evidence file and the JSON report have them all).</p>"
        if more > 0
        else ""
    )
    body = (
        f'<p class="muted small">{len(report.headers):,} fields in message order (0 = top), raw as written; '
        "where RFC 2047 decoding changes a value, the decoded form follows on its own line. Invisible and "
        "direction-changing characters are shown as ⟨U+…⟩.</p>"
        '<table><colgroup><col style="width:6%"><col style="width:20%"><col></colgroup>'
        "<thead><tr><th>#</th><th>Field</th><th>Value</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + note
    )
    return _section("headers", "All header fields (raw and decoded)", body)


def _warnings_and_footer(report: Report) -> str:
    out = ""
    if report.warnings:
        items = "".join(f"<li>{esc(w, 2000)}</li>" for w in report.warnings[:MAX_ROWS])
        out += _section("warnings", "Analysis notes", f"<ul>{items}</ul>", page_break=False)
    out += (
        f"<footer>Generated {esc(report.generated_at)} by Email Header Inspector {esc(report.tool_version)} "
        f"(report schema {esc(report.schema)}) from evidence SHA-256 {esc(report.source.sha256)}; "
        f"DNS: {esc(report.dns.description)}. This page loads nothing and runs nothing.</footer>"
    )
    return out


def _guarded(build: Callable[[Report], str], report: Report, sid: str, title: str) -> str:
    """One section, or a note that it could not be drawn: a malformed value never costs the whole page."""
    try:
        return build(report)
    except Exception:  # noqa: BLE001 - hostile or hand-built reports must still export
        return _section(sid, title, '<p class="muted">This part of the report could not be drawn.</p>', False)


def report_to_html(report: Report) -> str:
    """The whole report as one HTML document: inline CSS, no scripts, no external resources."""
    ids = report.identities
    title = ids.subject or report.source.path or report.source.sha256
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'\">",
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Email Header Inspector report: {esc(title, 200)}</title>",
        f"<style>{_CSS}</style></head><body>",
        _guarded(_verdict, report, "verdict", "Verdict"),
        _guarded(_message, report, "message", "The message"),
        _guarded(_glance, report, "glance", "The checks at a glance"),
        _guarded(_evidence, report, "evidence", "Evidence and DNS"),
        _guarded(_lookalikes, report, "lookalikes", "Lookalike and impersonation findings"),
        _guarded(_filters, report, "filters", "Your mail filters' verdicts"),
        _guarded(_history, report, "history", "Sender history"),
        _guarded(_chain, report, "chain", "The journey"),
        _guarded(_auth_detail, report, "auth", "Authentication in detail"),
        _guarded(_content, report, "body", "The body"),
        _guarded(_headers, report, "headers", "All header fields"),
        _guarded(_warnings_and_footer, report, "warnings", "Analysis notes"),
        "</body></html>\n",
    ]
    return "".join(parts)
