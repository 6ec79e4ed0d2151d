"""Desktop-app timings: drop → fully drawn (typical message, 3,000-hop message) and start-up to a shown window.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py` (or under Xvfb). Prints figures;
asserts nothing. "Fully drawn" = the worker's report is in every view and the whole window has been
painted once synchronously (`repaint()`), which includes the visible part of the chain canvas.
"""

from __future__ import annotations

import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.long_chain import long_chain  # noqa: E402

RUNS = 5


def drop_to_drawn(path: Path, snapshot: Path | None) -> tuple[list[float], int]:
    """Times (s) from open_paths to a painted window, and the hop cards drawn."""
    from PySide6.QtCore import QSettings, QThreadPool
    from PySide6.QtWidgets import QApplication

    from inspector.dns.offline import OfflineSource
    from inspector.dns.snapshot import SnapshotSource
    from inspector.dns.source import DnsSource
    from inspector.gui.app import make_app
    from inspector.gui.main_window import MainWindow
    from inspector.gui.settings import GuiSettings

    app = make_app()
    times = []
    cards = 0
    with tempfile.TemporaryDirectory() as tmp:
        settings = GuiSettings(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
        for _ in range(RUNS):
            pool = QThreadPool()
            window = MainWindow(settings, persist_state=False, pool=pool)
            window.resize(1360, 860)
            window.show()
            QApplication.processEvents()
            done: list[int] = []
            window.analysisDone.connect(done.append)

            # A partial (not a closure) so the analysis runs in the child process, as in the app; with
            # BENCH_IN_THREAD=1 a lambda keeps it in the pool thread (the pre-process design) for comparison.
            dns: Callable[[], DnsSource] = (
                functools.partial(SnapshotSource.from_file, snapshot) if snapshot else OfflineSource
            )
            if os.environ.get("BENCH_IN_THREAD"):
                dns = lambda inner=dns: inner()  # noqa: E731 - unpicklable on purpose

            # BENCH_IDLE=S: the app sits idle S seconds before the drop (its analysis process is then warm).
            idle_until = time.monotonic() + float(os.environ.get("BENCH_IDLE", "0"))
            while time.monotonic() < idle_until:
                app.processEvents()
                time.sleep(0.01)
            t0 = time.perf_counter()
            window.open_paths([str(path)], dns_override=dns)
            while not done:
                app.processEvents()
                time.sleep(0.0005)
            window.repaint()
            times.append(time.perf_counter() - t0)
            cards = window.chain.card_count()
            window.close()
            pool.waitForDone(10_000)
            window.deleteLater()
            QApplication.processEvents()
    return times, cards


def view_only(hops: int) -> list[float]:
    """Times to show a hand-built report with `hops` hops (no engine), to separate the view's share."""
    from PySide6.QtCore import QSettings

    from inspector.gui.app import make_app
    from inspector.gui.main_window import MainWindow
    from inspector.gui.settings import GuiSettings
    from tests.gui.sample_reports import many_hops_report

    make_app()
    report = many_hops_report(hops)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(GuiSettings(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat)))
        window.resize(1360, 860)
        window.show()
        for _ in range(RUNS):
            t0 = time.perf_counter()
            window.show_report(report)
            window.repaint()
            out.append(time.perf_counter() - t0)
            window.banner.report = None
        window.close()
    return out


def startup_child() -> None:
    """Runs in a fresh interpreter: import, build and show the window, print seconds since T0."""
    t0 = float(os.environ["BENCH_T0"])
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from inspector.gui.app import make_app
    from inspector.gui.main_window import MainWindow
    from inspector.gui.settings import GuiSettings

    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(GuiSettings(QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat)))
        window.show()
        QApplication.processEvents()
        window.repaint()
        print(f"{time.time() - t0:.6f}")
        window.close()


def startup() -> list[float]:
    """Process start → window shown, in fresh interpreters."""
    out = []
    for _ in range(RUNS):
        env = dict(os.environ, BENCH_T0=f"{time.time():.6f}")
        proc = subprocess.run(
            [sys.executable, __file__, "--startup-child"], env=env, capture_output=True, text=True, check=True
        )
        out.append(float(proc.stdout.strip().splitlines()[-1]))
    return out


def fmt(xs: list[float]) -> str:
    med, lo, hi = statistics.median(xs) * 1000, min(xs) * 1000, max(xs) * 1000
    return f"median {med:.0f} ms (min {lo:.0f}, max {hi:.0f}, n={len(xs)})"


def main() -> None:
    if "--startup-child" in sys.argv:
        startup_child()
        return
    sample = ROOT / "resources" / "samples" / "paypal-lookalike.eml"
    snap = ROOT / "resources" / "samples" / "paypal-lookalike.dns.json"
    typical = sample if sample.is_file() else ROOT.parent / "shared" / "corpora" / "real-chains" / "rspamd-arcbad.eml"
    print(f"platform: {os.environ.get('QT_QPA_PLATFORM')}, python {sys.version.split()[0]}")
    t, cards = drop_to_drawn(typical, snap if typical == sample and snap.is_file() else None)
    print(f"drop → fully drawn, typical message ({typical.name}, {cards} hops): {fmt(t)}")
    with tempfile.TemporaryDirectory() as tmp:
        long_msg = Path(tmp) / "3000-hops.eml"
        long_msg.write_bytes(long_chain(3000))
        t, cards = drop_to_drawn(long_msg, None)
        print(f"drop → fully drawn, 3,000-Received message (offline; {cards} hop cards drawn): {fmt(t)}")
    print(f"view only, hand-built report with 3,000 hops: {fmt(view_only(3000))}")
    print(f"start-up → window shown (fresh interpreter): {fmt(startup())}")


if __name__ == "__main__":
    main()
