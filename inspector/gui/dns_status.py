"""The status bar's DNS line: where the shown report's DNS answers came from, else what the next analysis uses.

The line used to describe only the DNS mode of the settings, so the bundled sample, analysed from its own
snapshot, showed "DNS: live (system resolver)" beside a report that never asked a live server. The report
says which source answered (`DnsInfo`, filled by the engine from the source it used), so that is what the
line shows while a report is on screen; the mode for new analyses goes into the tooltip.
"""

from __future__ import annotations

from inspector.model.report import Report


def dns_status(report: Report | None, next_mode: str) -> tuple[str, str]:
    """(status text, tooltip) for the shown `report` (None: nothing shown), given the settings' `next_mode`
    (``describe_mode``'s "DNS: …" line)."""
    upcoming = next_mode.removeprefix("DNS: ")
    if report is None:
        return next_mode, f"New analyses use: {upcoming} (Edit ▸ Settings)"
    dns = report.dns
    text = f"DNS of this report: {dns.description}"
    if dns.problem:
        text += f" ({dns.problem.replace('-', ' ')})"
    tip = f"Where this report's DNS answers came from: {dns.description}"
    if dns.note:
        tip += f"\n{dns.note}"
    return text, f"{tip}\nNew analyses use: {upcoming} (Edit ▸ Settings)"
