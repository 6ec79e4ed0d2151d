"""One message's row in a triage table: the few facts a person sorts and acts on.

Read from the Report, never recomputed: the verdict level and its first reason, the message's own Date,
From, Reply-To and Subject (as written), and the receiving filter's verdict when the report carries one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime

from inspector.model.filters import VERDICT_ORDER
from inspector.model.report import Report


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
    #: The Date header as an ISO 8601 UTC time ("" when it is missing or cannot be read): what a table
    #: sorts by, since the header text itself sorts by weekday name.
    sort_date: str = ""


def filter_verdict(report: Report) -> str:
    """The most serious conclusion a trusted receiver's filter wrote (``spam (Microsoft 365)``), else "".

    Only the receiving organisation's own filter headers count (a sender can paste ``SCL:-1`` into its
    mail); empty when no trusted filter concluded anything.
    """
    concluded = [s for s in report.filter_summaries if s.trusted and s.verdict is not None]
    if not concluded:
        return ""
    best = min(concluded, key=lambda s: VERDICT_ORDER.index(s.verdict) if s.verdict in VERDICT_ORDER else 99)
    assert best.verdict is not None
    return f"{best.verdict.value} ({best.vendor})" if best.vendor else best.verdict.value


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
        sort_date=iso_date(ids.date),
    )


def iso_date(text: str | None) -> str:
    """An RFC 5322 date as ISO 8601 UTC (``2026-12-01T09:00:00Z``), "" when it cannot be read."""
    if not text:
        return ""
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return ""
