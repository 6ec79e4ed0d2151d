"""The Report as plain text for the terminal (`inspector analyze` without --json).

Every line passes through :func:`visible` on its way out: message and DNS text reaches a terminal, and a
raw ESC, an 8-bit CSI or a bidi override would let the message repaint the screen (a fake "Verdict: OK"),
set the clipboard or a hyperlink, or reorder what the analyst reads. A line break inside a value (an
RFC 2047-encoded ``=0A``) is shown as ``^J`` instead of starting a line the message wrote.
"""

from __future__ import annotations

from inspector.model.content import Link
from inspector.model.report import Report, SectionState
from inspector.report.indicators import banner_caveats, banner_reasons
from inspector.report.safe_text import visible
from inspector.report.wording import break_text, dmarc_differences_text, risk_word

#: Risky links listed in the text report (the JSON and HTML reports list every link).
MAX_TEXT_LINKS = 20


def _line(label: str, value: object) -> str:
    return f"  {label:<14} {value}"


def report_to_text(report: Report) -> str:
    """A compact, readable summary: verdict first, then each check with its provenance."""
    out: list[str] = []
    for part in (
        _verdict,
        _message,
        _authentication,
        _recorded,
        _chain,
        _lookalikes,
        _disguised,
        _risky_links,
        _history,
        _filters,
        _warnings,
    ):
        out.extend(part(report))
    return "\n".join(visible(line, single_line=True) for line in out) + "\n"


def _verdict(report: Report) -> list[str]:
    v = report.verdict
    out = [f"Verdict: {v.level.value.upper()}" + (f" — {v.summary}" if v.summary else "")]
    # A reason that states a caveat's fact is left to the caveat line (one fact, said once), as in the banner.
    out.extend(f"  • {r.text}" for r in banner_reasons(report))
    # What limits the verdict's meaning stands beside it, not only among the warnings at the end.
    out.extend(f"  ⚠ {c.text}" for c in banner_caveats(report))
    return out


def _message(report: Report) -> list[str]:
    ids = report.identities
    out = ["", "Message", _line("From", ids.from_header or "(none)")]
    if ids.reply_to:
        out.append(_line("Reply-To", ", ".join(ids.reply_to)))
    if ids.return_path is not None:
        out.append(_line("Return-Path", ids.return_path or "<> (null sender)"))
    out.append(_line("Subject", ids.subject or "(none)"))
    out.append(_line("Source", f"{report.source.format} sha256={report.source.sha256}"))
    out.append(_line("DNS", report.dns.description))
    if report.dns.note:
        out.append(_line("DNS problem", report.dns.note))
    return out


def _authentication(report: Report) -> list[str]:
    out = ["", "Authentication (re-verified)"]
    s = report.spf
    spf_id = f"{s.identity or 'mailfrom'} {s.domain}" if s.domain else "no identity"
    out.append(_line("SPF", f"{s.result.value} ({spf_id}, client {s.client_ip or '?'}) {s.reason}".rstrip()))
    if not report.dkim:
        analysed = report.sections.get("dkim") is SectionState.ANALYSED
        out.append(_line("DKIM", "none (no signature)" if analysed else "not analysed"))
    for d in report.dkim:
        out.append(
            _line(
                f"DKIM #{d.index + 1}",
                f"{d.result.value} d={d.domain} s={d.selector} body={d.body_hash} {d.reason}".rstrip(),
            )
        )
    a = report.arc
    out.append(_line("ARC", f"{a.result.value} ({len(a.instances)} set(s)) {a.reason}".rstrip()))
    m = report.dmarc
    pol = f" policy={m.policy}" if m.policy else ""
    out.append(_line("DMARC", f"{m.result.value} from={m.from_domain}{pol} {m.reason}".rstrip()))
    differs = dmarc_differences_text(m)
    if differs:
        out.append(_line("DMARC 7489", differs))
    return out


def _recorded(report: Report) -> list[str]:
    trusted = [r for r in report.recorded if r.trusted]
    out = ["", "Recorded by the receiver"] if trusted else []
    out.extend(_line(rec.method, f"{rec.result} ({rec.authserv_id})") for rec in trusted)
    out.extend(_line("differs", dis.explanation) for dis in report.disagreements)
    return out


def _chain(report: Report) -> list[str]:
    out = ["", "Received chain (oldest first)"] if report.hops else []
    for h in report.hops:
        if h.hidden_before:
            out.append(f"       … {h.hidden_before:,} hops hidden here (the middle of a long chain)")
        mark = " ◀ trust boundary" if h.is_boundary else ""
        delay = f" +{h.delay_seconds:.0f}s" if h.delay_seconds is not None else ""
        out.append(
            f"  {h.number_shown:>3}. {h.from_host or '?'} [{h.from_ip or '?'}] → {h.by_host or '?'}{delay}{mark}"
        )
    # The same words as the window and the HTML report: the plain answer first, then the evidence.
    listed = report.identities.mailing_list
    out.extend(_line("break", break_text(b, listed, hops=report.hops).removeprefix("✖ ")) for b in report.breaks)
    return out


def _lookalikes(report: Report) -> list[str]:
    out = ["", "Lookalikes"] if report.lookalikes else []
    out.extend(_line(f.field, f"{f.value} resembles {f.resembles}: {f.explanation}") for f in report.lookalikes)
    return out


def _disguised(report: Report) -> list[str]:
    """Words disguised with marks or invisible characters; the latter show as ⟨U+…⟩ codes (see `visible`)."""
    found = report.content.disguised
    out = ["", "Disguised words"] if found else []
    out.extend(_line(d.field, f"[{d.severity}] {d.kind}: {', '.join(d.words)} — {d.explanation}") for d in found)
    return out


def _risky_links(report: Report) -> list[str]:
    """The links whose risk (`Link.risk`: the findings together, as the Links table shows it) is medium or
    high, defanged, each with why: its findings' combination when that raised the risk, else its worst one."""
    # A hand-built report may hold anything in its list: only links are read.
    risky = [x for x in report.content.links if isinstance(x, Link) and x.risk in ("high", "medium")]
    out = ["", "Risky links (defanged)"] if risky else []
    for link in risky[:MAX_TEXT_LINKS]:
        worst = next((f for f in link.findings if f.severity == link.risk), None)
        why = link.risk_note or (worst.explanation if worst is not None else "")
        out.append(f"  {risk_word(link.risk)}: {link.url_defanged} — {why}")
    if len(risky) > MAX_TEXT_LINKS:
        out.append(f"  … {len(risky) - MAX_TEXT_LINKS:,} more (in the JSON report)")
    return out


def _history(report: Report) -> list[str]:
    """The sender against the history; nothing at all when no store was used (the section's note says so in JSON)."""
    h = report.history
    if not h.available and not h.store:
        return []
    out = ["", "Sender history", f"  {h.note}"]
    out.extend(f"  [{f.severity}] {f.kind}: {f.explanation}" for f in h.findings)
    k = h.sender
    if k is not None:
        out.append(
            _line("known", f"{k.key} ({k.scope}): {k.messages} messages, {k.first_seen or '?'} to {k.last_seen or '?'}")
        )
        for label, values in (
            ("providers", k.providers or k.hosts),
            ("networks", k.networks),
            ("signed by", k.signing_domains),
            ("names", k.display_names),
            ("links to", k.link_domains),
        ):
            if values:
                out.append(_line(label, ", ".join(values)))
    return out


def _filters(report: Report) -> list[str]:
    out = ["", "Mail filters"] if report.filter_summaries else []
    out.extend(f"  {s.text}" for s in report.filter_summaries)
    return out


def _warnings(report: Report) -> list[str]:
    out = ["", "Warnings"] if report.warnings else []
    out.extend(f"  ! {w}" for w in report.warnings)
    return out
