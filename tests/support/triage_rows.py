"""Synthetic triage rows (the batch's Outcome and Summary, no analysis), for model tests and the benchmark.

Deterministic: row n's verdict, date, sender and subject are functions of n, so a test can count what a
filter or a sort must give without asking the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from inspector.batch.readers import Origin
from inspector.batch.run import Outcome
from inspector.batch.summary import Summary
from inspector.gui.jobs import TriageRow, TriageRun

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


def run_with_reports(count: int, messages: Sequence[Path]) -> tuple[TriageRun, list[TriageRow]]:
    """A triage run (never started) whose spool holds the real reports of `messages` (analysed offline,
    through the batch's own worker function), and `count` synthetic rows pointing at them in turn: what
    the table and its side pane see after a real run, without running one."""
    from inspector.batch.readers import Item
    from inspector.batch.run import BatchJob, DnsChoice, analyse_item
    from inspector.dns.offline import OfflineSource

    job = BatchJob(dns=DnsChoice(offline=True), report_blob=True, report_json=False)
    run = TriageRun(1, ["synthetic"], job, 1)
    spots = []
    for path in messages:
        outcome = analyse_item(Item(Origin(str(path)), data=path.read_bytes()), job, OfflineSource())[0]
        assert outcome.report_blob is not None, outcome.error
        spots.append(run.spool.put(outcome.report_blob))
    rows = synthetic_rows(count)
    for row in rows:
        if row.outcome.error is None:
            row.spool = spots[row.position % len(spots)]
    return run, rows
