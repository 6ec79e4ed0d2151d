"""The warnings that change what a verdict can mean, as typed facts (`Report.caveats`).

The engine writes many warnings (a lexer note about a stray parenthesis, a Date without a time zone …); most
are analysis notes. A few change what the verdict itself can mean: a `.msg` without transport headers, a
Received chain cut short, a check that crashed, a DNS server that never answered, content that was not read.
A banner must not be green while one of these holds and the reader only finds it on a Details tab, so they
are picked here from typed facts of the report (formats, section states, the DNS problem, the boundary's
counts, limits) — never by matching the wording of a warning — and every view shows them with the verdict.
"""

from __future__ import annotations

from inspector.model.auth import AuthResult
from inspector.model.report import Caveat, CaveatKind, Report, SectionState

_SECTION_NAMES = {
    "spf": "SPF",
    "dkim": "DKIM",
    "arc": "ARC",
    "dmarc": "DMARC",
    "hops": "the Received chain",
    "lookalikes": "the look-alike check",
    "recorded": "the receiving server's own results",
    "filters": "the mail filters' headers",
    "disagreements": "the comparison with the receiver",
    "verdict": "the verdict",
}


def collect(report: Report) -> tuple[Caveat, ...]:
    """The caveats of `report`, most fundamental first (what is missing from the evidence, then the checks)."""
    out: list[Caveat] = []
    b = report.boundary
    if b.received_count == 0 and not report.hops:
        if report.source.format == "msg":
            text = (
                "This Outlook item carries no transport headers (a sent or draft copy): where it came from and "
                "who sent it cannot be verified from it"
            )
        else:
            text = "The message has no Received fields (no transport headers): where it came from cannot be checked"
        out.append(Caveat(CaveatKind.NO_TRANSPORT_HEADERS, text))
    if b.truncated or b.hops_omitted:
        omitted = max(b.hops_omitted, b.received_count - len(report.hops))
        out.append(
            Caveat(
                CaveatKind.CHAIN_TRUNCATED,
                f"The Received chain is cut short: {omitted:,} of its {b.received_count:,} Received fields were not "
                "examined, so the route shown is incomplete",
            )
        )
    if report.source.format == "headers":
        out.append(
            Caveat(
                CaveatKind.NO_BODY,
                "Only the headers were given: body signatures, links and attachments could not be checked",
            )
        )
    for limit in report.limits:
        out.append(Caveat(CaveatKind.CONTENT_NOT_EXAMINED, f"Parts of this message were not examined: {limit.detail}"))
    failed = [name for name, state in report.sections.items() if state is SectionState.ERROR]
    if failed:
        names = ", ".join(_SECTION_NAMES.get(n, n) for n in failed)
        out.append(Caveat(CaveatKind.CHECK_FAILED, f"Part of the analysis failed ({names}): its result is missing"))
    if report.dns.problem == "unreachable":
        out.append(Caveat(CaveatKind.DNS_UNREACHABLE, report.dns.note or "No DNS server answered this computer"))
    elif report.dns.problem == "budget-exhausted":
        out.append(Caveat(CaveatKind.DNS_BUDGET_EXHAUSTED, report.dns.note or "The DNS time budget ran out"))
    unchecked = _not_verifiable(report)
    if unchecked and report.dns.problem is None:
        where = "offline" if report.dns.mode == "offline" else f"with {report.dns.description}"
        out.append(
            Caveat(
                CaveatKind.NOT_VERIFIABLE,
                f"{', '.join(unchecked)} could not be re-checked {where} (no DNS answer); that is not a failure",
            )
        )
    return tuple(out)


def _not_verifiable(report: Report) -> list[str]:
    names = [
        n for n, r in (("SPF", report.spf.result), ("DMARC", report.dmarc.result)) if r is AuthResult.NOT_VERIFIABLE
    ]
    if any(s.result is AuthResult.NOT_VERIFIABLE for s in report.dkim):
        names.insert(1, "DKIM")
    return names
