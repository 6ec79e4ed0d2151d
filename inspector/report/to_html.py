"""The Report as one self-contained, printable HTML page (the GUI's "Export ▸ HTML report").

Why by hand and not with a template engine: the page is small, and the one property that matters —
every value escaped, no script, no external resource — is easier to prove for a few f-strings that all
go through :func:`esc` than for a template language with auto-escape switches. The page carries its CSS
inline, has no ``<script>``, no ``src=``/``<link>``/``url(``, and links in the message are shown
defanged as text, never as anchors. The wording helpers (`provenance_label`, `ticket_summary`) live here
so the GUI and the exporter say the same thing; this module never imports Qt.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from inspector.report.auth_model import AuthResult, DnsLookupRecord, Provenance, RecordedResult
from inspector.report.model import DnsInfo, Level, Report, SectionState

#: Body text included in the printable report is cut here (the evidence file is the full record).
MAX_BODY_CHARS = 100_000
#: Header fields and hops listed in the printable report before "… n more".
MAX_ROWS = 5_000

LEVEL_WORD = {
    Level.OK: "No problem found",
    Level.SUSPICIOUS: "Suspicious",
    Level.DANGEROUS: "Dangerous",
    Level.NOT_ANALYSED: "Not analysed",
}

#: Result words grouped by the colour a badge gets (the same groups in the GUI).
GOOD = frozenset({AuthResult.PASS})
BAD = frozenset({AuthResult.FAIL, AuthResult.PERMERROR})
WARN = frozenset({AuthResult.SOFTFAIL, AuthResult.NEUTRAL, AuthResult.TEMPERROR, AuthResult.POLICY})
UNKNOWN = frozenset({AuthResult.NOT_VERIFIABLE})


def esc(value: object) -> str:
    """HTML-escape anything (None becomes an empty string); quotes too, so it is safe in attributes."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def result_class(result: AuthResult) -> str:
    """The badge group of a result word: good, bad, warn, unknown or none."""
    if result in GOOD:
        return "good"
    if result in BAD:
        return "bad"
    if result in WARN:
        return "warn"
    if result in UNKNOWN:
        return "unknown"
    return "none"


def provenance_label(provenance: Provenance, dns: DnsInfo | None = None) -> str:
    """Where a result's facts came from, in words a helpdesk worker understands."""
    if provenance is Provenance.LIVE_DNS:
        return "live DNS"
    if provenance is Provenance.SNAPSHOT:
        when = dns.snapshot_created_at if dns is not None else None
        return f"DNS snapshot captured {when}" if when else "DNS snapshot"
    if provenance is Provenance.OFFLINE:
        return "not verifiable offline"
    if provenance is Provenance.MESSAGE_ONLY:
        return "from the message alone"
    if provenance is Provenance.RECORDED:
        return "recorded by the receiver"
    if provenance is Provenance.MIXED:
        return "live DNS and snapshot"
    return "—"


def section_state(report: Report, name: str) -> SectionState:
    """The state of one report section; sections the engine did not mention count as not analysed."""
    return report.sections.get(name, SectionState.NOT_ANALYSED)


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


def ticket_summary(report: Report) -> str:
    """A short plain-text summary for a helpdesk ticket: verdict, reasons, identities, each check."""
    v = report.verdict
    ids = report.identities
    lines = [f"Email Header Inspector: {LEVEL_WORD[v.level].upper()}" + (f" — {v.summary}" if v.summary else "")]
    lines += [f"  - {r}" for r in v.reasons]
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
            f"DKIM #{d.index + 1}: {d.result.value} d={d.domain} s={d.selector} body={d.body_hash}"
            + (f" — {d.reason}" if d.reason else "")
            + f" [{provenance_label(d.provenance, report.dns)}]"
        )
    m = report.dmarc
    lines.append(
        f"DMARC: {m.result.value}"
        + (f" (From {m.from_domain}, policy {m.policy})" if m.from_domain else "")
        + f" [{provenance_label(m.provenance, report.dns)}]"
    )
    a = report.arc
    lines.append(f"ARC: {a.result.value} ({len(a.instances)} set(s)) [{provenance_label(a.provenance, report.dns)}]")
    for b in report.breaks:
        lines.append(f"Break: {b.what}" + (f" — {b.evidence}" if b.evidence else ""))
    for f in report.lookalikes:
        lines.append(f"Lookalike: {f.field} {f.value} resembles {f.resembles} ({f.kind})")
    lines.append("")
    lines.append(f"Evidence: {report.source.format} sha256={report.source.sha256}")
    lines.append(f"DNS: {report.dns.description}")
    return "\n".join(lines) + "\n"


# -- HTML --------------------------------------------------------------------------------------------------

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10.5pt;color:#1b1b1b;margin:1.5em;max-width:60em}
h1{font-size:15pt;margin:0 0 .3em}
h2{font-size:12pt;margin:1.4em 0 .4em;border-bottom:1px solid #bbb;padding-bottom:.15em}
table{border-collapse:collapse;width:100%;margin:.3em 0}
th,td{border:1px solid #ccc;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#f0f0f0}
td.mono,pre,.mono{font-family:"DejaVu Sans Mono",monospace;font-size:9pt;white-space:pre-wrap;word-break:break-all}
.verdict{padding:.7em 1em;border-radius:6px;color:#fff}
.verdict.ok{background:#2e7d32}.verdict.suspicious{background:#a15c00}
.verdict.dangerous{background:#c62828}.verdict.not-analysed{background:#616161}
.badge{display:inline-block;padding:.05em .5em;border-radius:4px;color:#fff;font-weight:bold}
.badge.good{background:#2e7d32}.badge.bad{background:#c62828}.badge.warn{background:#a15c00}
.badge.unknown{background:#455a8a}.badge.none{background:#6d6d6d}
tr.boundary td{border-top:3px solid #1565c0}
tr.claimed td{color:#555;font-style:italic}
tr.break td{background:#fde8e8;color:#8e0000;font-weight:bold}
.neg{color:#8e24aa;font-weight:bold}
.muted{color:#666}
footer{margin-top:2em;color:#666;font-size:9pt}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
"""


def _badge(result: AuthResult) -> str:
    return f'<span class="badge {result_class(result)}">{esc(result.value)}</span>'


def _rows(pairs: Iterable[tuple[str, object]]) -> str:
    return "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in pairs if v not in (None, "", ()))


def _not_analysed(report: Report, name: str) -> str | None:
    state = section_state(report, name)
    if state is SectionState.ANALYSED or state is SectionState.PARTIAL:
        return None
    word = "could not be completed (internal error)" if state is SectionState.ERROR else "was not analysed"
    return f'<p class="muted">This section {word}.</p>'


def _dns_list(records: Sequence[DnsLookupRecord]) -> str:
    if not records:
        return ""
    return "<br>".join(esc(lookup_line(r)) for r in records)


def _recorded_text(recs: Sequence[RecordedResult]) -> str:
    return "; ".join(
        f"{r.method}={r.result} by {r.authserv_id or '(no authserv-id)'}{'' if r.trusted else ' (untrusted)'}"
        for r in recs
    )


def _auth_section(report: Report) -> str:
    dns = report.dns
    out = ["<h2>Authentication (re-verified by this tool)</h2>"]
    out.append(
        "<table><tr><th>Check</th><th>Result</th><th>Source of facts</th><th>Detail</th><th>Receiver recorded</th></tr>"
    )
    s = report.spf
    detail = f"{s.identity or 'mailfrom'} {s.domain or '?'}, client {s.client_ip or '?'}; {s.reason}"
    out.append(
        f"<tr><td>SPF</td><td>{_badge(s.result)}</td><td>{esc(provenance_label(s.provenance, dns))}</td>"
        f"<td>{esc(detail)}<br>{_dns_list(s.dns)}</td><td>{esc(_recorded_text(recorded_for(report, 'spf')))}</td></tr>"
    )
    if not report.dkim:
        word = "no signature" if section_state(report, "dkim") is SectionState.ANALYSED else "not analysed"
        out.append(f"<tr><td>DKIM</td><td colspan=4>{esc(word)}</td></tr>")
    for d in report.dkim:
        detail = (
            f"d={d.domain} s={d.selector} a={d.algorithm} key {d.key_size or '?'} bits; body hash {d.body_hash}; "
            f"{d.reason}"
        )
        if d.warnings:
            detail += " Warnings: " + "; ".join(d.warnings)
        out.append(
            f"<tr><td>DKIM #{d.index + 1}</td><td>{_badge(d.result)}</td>"
            f"<td>{esc(provenance_label(d.provenance, dns))}</td><td>{esc(detail)}<br>{_dns_list(d.dns)}</td>"
            f"<td>{esc(_recorded_text(recorded_for(report, 'dkim', d.domain)))}</td></tr>"
        )
    m = report.dmarc
    detail = (
        f"From {m.from_domain or '?'} (org {m.org_domain or '?'}), policy {m.policy or 'none published'}; "
        f"SPF aligned {'yes' if m.spf_aligned else 'no'}, DKIM aligned {'yes' if m.dkim_aligned else 'no'}; {m.reason}"
    )
    out.append(
        f"<tr><td>DMARC</td><td>{_badge(m.result)}</td><td>{esc(provenance_label(m.provenance, dns))}</td>"
        f"<td>{esc(detail)}<br>{_dns_list(m.dns)}</td>"
        f"<td>{esc(_recorded_text(recorded_for(report, 'dmarc')))}</td></tr>"
    )
    a = report.arc
    detail = f"{len(a.instances)} ARC set(s); {a.reason}"
    if a.structural_errors:
        detail += " Errors: " + "; ".join(a.structural_errors)
    out.append(
        f"<tr><td>ARC</td><td>{_badge(a.result)}</td><td>{esc(provenance_label(a.provenance, dns))}</td>"
        f"<td>{esc(detail)}</td><td>{esc(_recorded_text(recorded_for(report, 'arc')))}</td></tr>"
    )
    out.append("</table>")
    if report.disagreements:
        out.append("<p><b>Where the receiver's record differs from ours:</b></p><ul>")
        out += [f"<li>{esc(x.explanation)}</li>" for x in report.disagreements]
        out.append("</ul>")
    if report.recorded:
        out.append(
            "<p><b>Results recorded by receivers</b></p><table><tr><th>Header</th><th>authserv-id</th>"
            "<th>Trusted</th><th>Method</th><th>Result</th><th>Reason</th></tr>"
        )
        for r in report.recorded[:MAX_ROWS]:
            out.append(
                f"<tr><td>{esc(r.header)}</td><td>{esc(r.authserv_id)}</td><td>{'yes' if r.trusted else 'no'}</td>"
                f"<td>{esc(r.method)}</td><td>{esc(r.result)}</td><td>{esc(r.reason)}</td></tr>"
            )
        out.append("</table>")
    return "".join(out)


def _chain_section(report: Report) -> str:
    out = ["<h2>Received chain (origin first)</h2>"]
    na = _not_analysed(report, "hops")
    if na and not report.hops:
        return out[0] + na
    b = report.boundary
    if b.hop_index is not None:
        out.append(
            f"<p>Received by your organisation at hop {b.hop_index + 1}"
            + (f"; SPF judged {esc(b.client_ip)}" if b.client_ip else "")
            + f" (confidence {esc(b.confidence)}). Hops above it are claimed by the sending side and can be forged.</p>"
        )
    breaks_after: dict[int | None, list[str]] = {}
    for br in report.breaks:
        breaks_after.setdefault(br.after_hop, []).append(f"{br.what}" + (f": {br.evidence}" if br.evidence else ""))
    out.append("<table><tr><th>#</th><th>From</th><th>By</th><th>Protocol / TLS</th><th>Time</th><th>Delay</th></tr>")
    for text in breaks_after.get(None, []):
        out.append(f'<tr class="break"><td colspan=6>Break: {esc(text)}</td></tr>')
    for h in report.hops[:MAX_ROWS]:
        cls = "boundary" if h.is_boundary else ("claimed" if h.trust_zone == "external-claimed" else "")
        delay = ""
        if h.delay_seconds is not None:
            delay = (
                f'<span class="neg">{h.delay_seconds:+.0f} s</span>'
                if h.delay_seconds < 0
                else f"+{h.delay_seconds:.0f} s"
            )
        src = " ".join(x for x in (h.from_host, f"[{h.from_ip}]" if h.from_ip else None) if x)
        proto = " / ".join(x for x in (h.protocol, h.tls) if x)
        mark = " (trust boundary)" if h.is_boundary else ""
        out.append(
            f'<tr class="{cls}"><td>{h.index + 1}{esc(mark)}</td><td>{esc(src)}</td><td>{esc(h.by_host)}</td>'
            f"<td>{esc(proto)}</td><td>{esc(h.timestamp)}</td><td>{delay}</td></tr>"
        )
        for text in breaks_after.get(h.index, []):
            out.append(f'<tr class="break"><td colspan=6>Break after hop {h.index + 1}: {esc(text)}</td></tr>')
    if len(report.hops) > MAX_ROWS:
        out.append(f"<tr><td colspan=6>… {len(report.hops) - MAX_ROWS} more hops</td></tr>")
    out.append("</table>")
    return "".join(out)


def _lookalike_section(report: Report) -> str:
    out = ["<h2>Lookalike and impersonation findings</h2>"]
    if not report.lookalikes:
        na = _not_analysed(report, "lookalikes")
        return out[0] + (na or "<p>None found.</p>")
    out.append("<table><tr><th>Field</th><th>Value</th><th>Resembles</th><th>Kind</th><th>Explanation</th></tr>")
    for f in report.lookalikes:
        out.append(
            f"<tr><td>{esc(f.field)}</td><td class=mono>{esc(f.value)}</td><td>{esc(f.resembles)}</td>"
            f"<td>{esc(f.kind)}</td><td>{esc(f.explanation)}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def _content_section(report: Report) -> str:
    c = report.content
    out = ["<h2>Body (never rendered, never fetched)</h2>"]
    if not c.has_body:
        out.append('<p class="muted">The evidence has no body (pasted headers or an Outlook .msg).</p>')
    if c.links:
        out.append("<p><b>Links (defanged)</b></p><ul>")
        out += [f'<li class="mono">{esc(u)}</li>' for u in c.links]
        out.append("</ul>")
    if c.attachments:
        out.append(
            "<p><b>Attachments (listed, never opened)</b></p>"
            "<table><tr><th>Name</th><th>Type</th><th>Size</th><th>SHA-256</th></tr>"
        )
        for att in c.attachments:
            out.append(
                f"<tr><td>{esc(att.get('filename'))}</td><td>{esc(att.get('content_type'))}</td>"
                f"<td>{esc(att.get('size'))}</td><td class=mono>{esc(att.get('sha256'))}</td></tr>"
            )
        out.append("</table>")
    if c.text_body:
        text = c.text_body[:MAX_BODY_CHARS]
        more = " (cut)" if len(c.text_body) > MAX_BODY_CHARS else ""
        out.append(f"<details><summary>Plain-text body{more}</summary><pre>{esc(text)}</pre></details>")
    return "".join(out)


def report_to_html(report: Report) -> str:
    """The whole report as one HTML document: inline CSS, no scripts, no external resources."""
    v = report.verdict
    ids = report.identities
    level = v.level.value
    title = ids.subject or report.source.path or report.source.sha256
    parts = [
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>Email Header Inspector report: {esc(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f'<div class="verdict {esc(level)}"><h1>{esc(LEVEL_WORD[v.level])}</h1>',
        f"<p>{esc(v.summary)}</p>" if v.summary else "",
        "<ul>" + "".join(f"<li>{esc(r)}</li>" for r in v.reasons) + "</ul>" if v.reasons else "",
        "</div>",
        "<h2>Message</h2><table>",
        _rows(
            [
                ("From", ids.from_header),
                ("Reply-To", ", ".join(ids.reply_to)),
                ("Return-Path", ids.return_path),
                ("Sender", ids.sender),
                ("To", ids.to),
                ("Subject", ids.subject),
                ("Date", ids.date),
                ("Message-ID", ids.message_id),
                ("Evidence file", report.source.path),
                ("Format", report.source.format),
                ("SHA-256", report.source.sha256),
                ("Size", f"{report.source.size} bytes"),
                ("DNS", report.dns.description),
            ]
        ),
        "</table>",
        _auth_section(report),
        _chain_section(report),
        _lookalike_section(report),
        _content_section(report),
    ]
    if report.warnings:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{esc(w)}</li>" for w in report.warnings) + "</ul>")
    parts.append("<h2>All header fields (raw)</h2><table><tr><th>#</th><th>Name</th><th>Value</th></tr>")
    for hv in report.headers[:MAX_ROWS]:
        parts.append(f"<tr><td>{hv.index}</td><td>{esc(hv.name)}</td><td class=mono>{esc(hv.value)}</td></tr>")
    if len(report.headers) > MAX_ROWS:
        parts.append(f"<tr><td colspan=3>… {len(report.headers) - MAX_ROWS} more fields</td></tr>")
    parts.append("</table>")
    parts.append(
        f"<footer>Generated {esc(report.generated_at)} by Email Header Inspector {esc(report.tool_version)} "
        f"(report schema {esc(report.schema)}).</footer></body></html>\n"
    )
    return "".join(parts)
