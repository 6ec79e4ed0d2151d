"""Synthetic triage rows (the batch's Outcome and Summary, no analysis), for model tests and the benchmark.

Deterministic: row n's verdict, date, sender and subject are functions of n, so a test can count what a
filter or a sort must give without asking the model.
"""

from __future__ import annotations

from inspector.batch.readers import Origin
from inspector.batch.run import Outcome
from inspector.batch.summary import Summary
from inspector.gui.jobs import TriageRow

LEVELS = ("ok", "suspicious", "dangerous", "unverified")


def synthetic_row(n: int) -> TriageRow:
    """Row n: every 97th an error row, the others cycling through the verdicts."""
    origin = Origin("/evidence/box.mbox", container="/evidence/box.mbox", container_format="mbox", index=n)
    if n % 97 == 13:
        return TriageRow(n, Outcome(origin, error={"kind": "unreadable", "message": f"message {n} is broken"}))
    day = 1 + (n * 7) % 28
    summary = Summary(
        verdict=LEVELS[n % len(LEVELS)],
        date=f"Tue, {day:02d} Dec 2026 10:{n % 60:02d}:00 +0000",
        from_=f"Sender {n % 50} <s{n % 50}@example{n % 7}.test>",
        reply_to="",
        subject=f"Invoice {n} for account {n % 11}",
        top_reason=f"reason kind {n % 5}",
        filter_verdict="spam (Microsoft 365)" if n % 3 == 0 else "",
        sort_date=f"2026-12-{day:02d}T10:{n % 60:02d}:00Z",
    )
    return TriageRow(n, Outcome(origin, summary=summary, sha256=f"{n:064x}"))


def synthetic_rows(count: int) -> list[TriageRow]:
    return [synthetic_row(n) for n in range(count)]
