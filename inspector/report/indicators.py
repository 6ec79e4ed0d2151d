"""What a ticket needs beside the verdict: the indicators an analyst pastes into a SIEM or a block list, and
the limits of the verdict. Plain strings from the report's typed facts; no view recomputes them.

Every URL is the engine's defanged form (``hxxps://evil[.]example/``): a ticket is read in tools that make
links clickable. Attachment hashes and QR codes come from `wording.content_iocs` (the content stage's own).
"""

from __future__ import annotations

from collections.abc import Iterable

from inspector.model.report import Caveat, ReasonWeight, Report, VerdictReason

#: Most links listed in a ticket (the JSON export has them all).
MAX_TICKET_ITEMS = 50


def banner_caveats(report: Report) -> tuple[Caveat, ...]:
    """The caveats the banner shows beside the level: every one (each changes what the verdict can mean)."""
    return report.caveats


def banner_reasons(report: Report) -> tuple[VerdictReason, ...]:
    """The verdict's reasons for the banner: those that state a caveat's fact are left to the caveat line
    (one fact, said once); the others in the verdict's order. Reports without findings fall back to the
    plain reasons."""
    v = report.verdict
    if not v.findings:
        return tuple(VerdictReason("", ReasonWeight.NOTE, r) for r in v.reasons)
    kinds = {c.kind.value for c in report.caveats}
    return tuple(f for f in v.findings if not kinds.intersection(f.facts))


def sender_ips(report: Report) -> list[str]:
    """The sending side's IP as your organisation saw it (the trust boundary's client), and the original
    organisation's ingress for forwarded mail, each with its reverse name when known."""
    b = report.boundary
    out: list[str] = []
    if b.client_ip:
        out.append(b.client_ip + (f" ({b.client_rdns})" if b.client_rdns else ""))
    if b.original_client_ip and b.original_client_ip != b.client_ip:
        out.append(f"{b.original_client_ip} (before forwarding)")
    return out


def _first(items: Iterable[str]) -> list[str]:
    out = list(dict.fromkeys(i for i in items if i))
    if len(out) > MAX_TICKET_ITEMS:
        out = [*out[:MAX_TICKET_ITEMS], f"… and {len(out) - MAX_TICKET_ITEMS} more (in the JSON export)"]
    return out


def ticket_indicators(report: Report) -> list[str]:
    """The ticket's indicator lines: sender IPs and defanged links (attachment hashes and QR codes are
    `wording.content_iocs`, beside these in the ticket)."""
    lines = [f"Sender IP: {ip}" for ip in sender_ips(report)]
    content = report.content
    links = [link.url_defanged for link in content.links if link.role == "link"]
    lines += [f"Link: {u}" for u in _first(links)]
    resources = [link.url_defanged for link in content.links if link.role != "link"]
    lines += [f"Loads: {u}" for u in _first(resources)]
    return lines


def ticket_caveats(report: Report) -> list[str]:
    """The caveats as ticket lines."""
    return [f"Limit: {c.text}" for c in report.caveats]
