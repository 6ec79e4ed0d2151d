"""The plain-language verdict (placeholder until the lookalike and verdict work lands)."""

from __future__ import annotations

from inspector.report.model import Report, Verdict


def decide(report: Report) -> Verdict | None:
    """Combine every finding into ok / suspicious / dangerous; None while not built."""
    return None
