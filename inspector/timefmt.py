"""Durations in words, the same everywhere (chain notes, DKIM time judgements, the views)."""

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


def signed_span(seconds: float) -> str:
    """A delay with its sign: "+12 min", "−3 s" (a negative delay means a clock is off)."""
    return ("−" if seconds < 0 else "+") + span(seconds)
