"""One message's row in a triage table: the few facts a person sorts and acts on.

Read from the Report, never recomputed: the verdict level and its first reason, the message's own Date,
From, Reply-To and Subject (as written), and the receiving filter's verdict when the report carries one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inspector.model.report import Report

#: The filter conclusions from most to least serious (the report's own order, `model.filters.VERDICT_ORDER`).
_FILTER_ORDER = ("malware", "phishing", "spoofing", "impersonation", "spam", "bulk", "bypassed", "clean")


@dataclass(frozen=True, slots=True)
class Summary:
    """The triage row of one analysed message."""

    verdict: str
    date: str
    from_: str
    reply_to: str
    subject: str
    top_reason: str
    filter_verdict: str


def _value(obj: Any) -> str | None:
    value = getattr(obj, "value", obj)
    return value if isinstance(value, str) else None


def filter_verdict(report: Report) -> str:
    """The most serious conclusion a trusted receiver's filter wrote (``phishing (Microsoft)``), else "".

    Only the receiving organisation's own filter headers count (a sender can paste ``SCL:-1`` into its mail);
    empty when the report has no filter section (older reports) or no trusted filter concluded anything.
    """
    best: tuple[int, str] | None = None
    for s in getattr(report, "filter_summaries", ()) or ():
        verdict = _value(getattr(s, "verdict", None))
        if not getattr(s, "trusted", False) or verdict not in _FILTER_ORDER:
            continue
        rank = _FILTER_ORDER.index(verdict)
        vendor = getattr(s, "vendor", "") or ""
        text = f"{verdict} ({vendor})" if vendor else verdict
        if best is None or rank < best[0]:
            best = (rank, text)
    return best[1] if best else ""


def summary_of(report: Report) -> Summary:
    """The triage row of `report`."""
    ids = report.identities
    return Summary(
        verdict=report.verdict.level.value,
        date=ids.date or "",
        from_=ids.from_header or "",
        reply_to=", ".join(ids.reply_to),
        subject=ids.subject or "",
        top_reason=report.verdict.reasons[0] if report.verdict.reasons else "",
        filter_verdict=filter_verdict(report),
    )
