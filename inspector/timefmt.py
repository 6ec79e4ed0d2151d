"""Durations in words, the same everywhere (chain notes, DKIM time judgements, the views).

Two styles: `span` is the compact one for figures beside a hop or a signature ("12 min", "3.5 h");
`words_span` writes whole words for sentences about the Date header and signature times ("3 days").
"""

from __future__ import annotations


def span(seconds: float) -> str:
    """An unsigned duration in the largest sensible unit: "45 s", "12 min", "3.5 h", "4.2 days"."""
    s = abs(seconds)
    if s < 120:
        return f"{s:.0f} s"
    if s < 7200:
        return f"{s / 60:.0f} min"
    if s < 172800:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.1f} days"


def words_span(seconds: float) -> str:
    """An unsigned duration in plain words, rounded: "3 days", "5 hours", "20 minutes", "40 seconds"."""
    s = abs(seconds)
    if s >= 1.5 * 86400:
        return f"{round(s / 86400)} days"
    if s >= 86400:
        return "1 day"
    if s >= 1.5 * 3600:
        return f"{round(s / 3600)} hours"
    if s >= 3600:
        return "1 hour"
    if s >= 90:
        return f"{round(s / 60)} minutes"
    return f"{round(s)} seconds"


def signed_span(seconds: float) -> str:
    """A delay with its sign: "+12 min", "−3 s" (a negative delay means a clock is off)."""
    return ("−" if seconds < 0 else "+") + span(seconds)
