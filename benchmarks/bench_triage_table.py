"""Triage table figures (issue 16 item 5): how long the GUI thread is busy with 10,000 rows. Printed only.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_triage_table.py [--rows 10000] [--batch 500]

Synthetic rows (``tests/support/triage_rows.py``) are fed to the real model, proxy and table view
(``triage_view.make_table``) the way a triage run feeds them (one insert per batch), and the script prints,
in milliseconds of GUI-thread time:

- insert: per batch (median, worst, and the last 5 % of batches, when the table is fullest), which is the
  longest the window cannot react while rows arrive: batches of --batch rows in arrival order and sorted by
  verdict, and batches of 15 rows sorted by verdict (a two-core run hands over ≈15 rows per 100 ms);
- sort: each column once over all rows;
- filter: a verdict filter, a free-text filter, clearing them;
- campaigns: numbering every row after a regrouping;
- paint: one full repaint of the table at the top and at the bottom;
- side pane: a whole triage page (``TriageView``) over the same rows, each pointing at one of three real
  phishing reports (analysed offline, stored in the run's spool): one selection (the pane filled from the
  stored report), and 60 Down presses 33 ms apart (keyboard auto-repeat) — how many fills that costs and
  the longest the event loop was held.

The load average is printed too: the machine is shared, and wall time is only as good as the CPU left.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from inspector.gui.triage_model import COLUMNS, TriageFilter, TriageModel
    from inspector.gui.triage_view import make_table
    from tests.support.triage_rows import synthetic_rows

    rows = synthetic_rows(args.rows)
    print(f"load average: {os.getloadavg()[0]:.2f}")
    for batch, sort in ((args.batch, -1), (args.batch, 0), (15, 0)):
        model = TriageModel()
        proxy = TriageFilter()
        proxy.setSourceModel(model)
        table = make_table(proxy)
        table.sortByColumn(sort, Qt.SortOrder.AscendingOrder)
        table.resize(1300, 800)
        table.show()
        app.processEvents()
        inserts = []
        for start in range(0, len(rows), batch):
            t = time.perf_counter()
            model.add_rows(rows[start : start + batch])
            app.processEvents()
            inserts.append(ms(t))
        order = "sorted by verdict" if sort >= 0 else "arrival order"
        last = inserts[-max(1, len(inserts) // 20) :]
        print(
            f"insert {len(rows)} rows in batches of {batch:>3} ({order}): median {statistics.median(inserts):.1f} ms, "
            f"worst {max(inserts):.1f} ms, last 5% median {statistics.median(last):.1f} ms, total {sum(inserts):.0f} ms"
        )
    for col, name in enumerate(COLUMNS):
        t = time.perf_counter()
        table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
        app.processEvents()
        print(f"sort by {name:<15} {ms(t):7.1f} ms")
    for label, action in (
        ("verdict filter (dangerous)", lambda: proxy.set_levels(frozenset({"dangerous"}))),
        ("text filter ('account 7')", lambda: proxy.set_text("account 7")),
        ("clear both", lambda: (proxy.set_levels(None), proxy.set_text(""))),
    ):
        t = time.perf_counter()
        action()
        app.processEvents()
        print(f"{label:<28} {ms(t):7.1f} ms ({proxy.rowCount()} rows shown)")
    t = time.perf_counter()
    model.set_campaigns({p: 1 + p % 40 for p in range(0, len(rows), 3)})
    app.processEvents()
    print(f"campaign numbers on every row {ms(t):7.1f} ms")
    for where, scroll in (("top", table.scrollToTop), ("bottom", table.scrollToBottom)):
        scroll()
        t = time.perf_counter()
        table.viewport().repaint()
        print(f"repaint at the {where:<6}          {ms(t):7.1f} ms")
    side_pane(app, rows_count=len(rows))


def side_pane(app: QApplication, rows_count: int) -> None:
    """The selected row's full analysis beside the 10,000-row table, as an analyst walks it with the keys."""
    from PySide6.QtTest import QTest

    from inspector.gui.triage_view import TriageView
    from tests.support.corpora import phishing_messages
    from tests.support.triage_rows import run_with_reports

    run, rows = run_with_reports(rows_count, phishing_messages()[:3])
    view = TriageView(run, ["synthetic"])
    view.resize(1366, 720)
    view.show()
    for start in range(0, rows_count, 500):
        view.model.add_rows(rows[start : start + 500])
    app.processEvents()
    view.table.setFocus()
    fills = []
    for row in (0, 1, 2, 3, 4):
        t = time.perf_counter()
        view.select_row(row * 3 + 1)
        app.processEvents()
        fills.append(ms(t))
    print(f"side pane: select a row and fill it  median {statistics.median(fills):.1f} ms, worst {max(fills):.1f} ms")
    before = view.pane.fills
    worst = 0.0
    t0 = time.perf_counter()
    for _ in range(60):
        t = time.perf_counter()
        QTest.keyClick(view.table, Qt.Key.Key_Down)
        app.processEvents()
        worst = max(worst, ms(t))
        while ms(t) < 33:
            app.processEvents()
            time.sleep(0.002)
    QTest.qWait(200)
    print(
        f"side pane: 60 Down presses 33 ms apart: {view.pane.fills - before} fills in {ms(t0):.0f} ms, "
        f"longest press-to-idle {worst:.1f} ms, pane shows row {view.table.currentIndex().row()}"
    )
    view.close()
    run.spool.close()


if __name__ == "__main__":
    main()
