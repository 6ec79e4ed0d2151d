"""Hop table and hop cards on long chains: time to fill, sort, Fit and paint (figures only, no asserts).

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_hops_views.py [--screenshots DIR]`.
Two inputs: a 3,000-Received message through the engine (which lists both ends, 500 hops, and hides the
middle) and a hand-built report of 3,000 hops straight into the views (no cap at all). With --screenshots,
the window is saved after Fit on the hop cards and on the hop table, for looking at.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 3


def timed_chain(n: int) -> bytes:
    """`n` Received fields with varied delays (a slow relay every 97 hops), newest first."""
    start = datetime(2026, 11, 30, 4, 0, 0, tzinfo=UTC)
    when = start
    fields = []
    for i in range(n):
        when += timedelta(seconds=600 if i % 97 == 50 else (i * 7) % 40)
        date = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
        fields.append(
            f"Received: from h{i}.relay{i % 9}.example (h{i}.relay{i % 9}.example [198.51.{i // 250}.{i % 250 + 1}]) "
            f"by h{i + 1}.relay{(i + 1) % 9}.example with ESMTPS id Q{i}; {date}\r\n"
        )
    return ("".join(reversed(fields)) + "From: a@relay1.example\r\nSubject: long\r\n\r\nbody\r\n").encode()


def best(fn: Callable[[], None]) -> float:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from inspector.analyze import analyze
    from inspector.dns.offline import OfflineSource
    from inspector.gui.app import make_app
    from inspector.gui.hops_table import COL
    from inspector.gui.main_window import MainWindow
    from inspector.gui.settings import GuiSettings
    from inspector.ingest import load_bytes
    from inspector.settings import AnalysisSettings
    from tests.gui.sample_reports import many_hops_report

    shots = Path(sys.argv[sys.argv.index("--screenshots") + 1]) if "--screenshots" in sys.argv else None
    make_app()
    engine_report = analyze(load_bytes(timed_chain(3000)), AnalysisSettings(), OfflineSource())
    reports = {"engine, 3,000 Received (500 listed)": engine_report, "hand-built, 3,000 hops": many_hops_report(3000)}
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(
            GuiSettings(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat)),
            dns_override=OfflineSource,
            dns_override_label="offline (benchmark)",
        )
        window.resize(1360, 860)
        window.show()
        QApplication.processEvents()
        for name, report in reports.items():

            def fill(report: object = report) -> None:
                window.show_report(report)  # type: ignore[arg-type]
                window.banner.report = None

            def table_paint() -> None:
                window.show_view("hops-table")
                window.repaint()

            def sort() -> None:
                window.hops_table.table.sortByColumn(COL["delay"], Qt.SortOrder.DescendingOrder)
                window.hops_table.table.sortByColumn(COL["hop"], Qt.SortOrder.AscendingOrder)

            def fit_cards() -> None:
                window.show_view("chain")
                window.chain.fit()
                window.repaint()

            print(f"{name}:")
            print(f"  show_report (all views)     {best(fill) * 1000:8.1f} ms")
            print(f"  hop table shown + painted   {best(table_paint) * 1000:8.1f} ms")
            print(f"  sort by delay and back      {best(sort) * 1000:8.1f} ms")
            print(f"  Fit on the cards + painted  {best(fit_cards) * 1000:8.1f} ms")
            print(f"  cards {window.chain.card_count()}, table rows {window.hops_table.model.rowCount()}")
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            window.show_report(engine_report)
            window.show_view("chain")
            QApplication.processEvents()
            window.chain.fit()
            QApplication.processEvents()
            window.grab().save(str(shots / "cards-fit-3000.png"))
            window.show_view("hops-table")
            QApplication.processEvents()
            window.hops_table.fit()
            window.hops_table.table.scrollTo(
                window.hops_table.model.index(250, 0), window.hops_table.table.ScrollHint.PositionAtCenter
            )
            QApplication.processEvents()
            window.grab().save(str(shots / "table-3000.png"))
            window.show_report(reports["hand-built, 3,000 hops"])
            window.show_view("chain")
            QApplication.processEvents()
            window.chain.fit()
            QApplication.processEvents()
            window.grab().save(str(shots / "cards-fit-3000-uncapped.png"))
            print(f"screenshots in {shots}")
        window.close()


if __name__ == "__main__":
    main()
