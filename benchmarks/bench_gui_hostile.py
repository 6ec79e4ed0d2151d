"""Hostile messages in the desktop app: file access on hover, a 10,000-signature report, Cancel.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui_hostile.py` (strace optional). Prints
figures; asserts nothing.

1. File-system calls (open, stat, access, …) on paths the message names, while the app analyses the hostile
   test message (tests/gui/hostile.py), shows every view and hovers every tooltip at scale factor 2
   (`strace -f -e trace=%file`; skipped without strace).
2. Building and painting the views of a report with 10,000 DKIM signatures (GUI thread).
3. Cancel: from the click to the analysis process being gone, while DNS answers after 30 s.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def file_access(tmp: Path) -> None:
    from tests.gui.hostile import canary_names, hostile_message

    if shutil.which("strace") is None:
        print("file access on hover: skipped (no strace)")
        return
    canary = tmp / "canary"
    canary.mkdir()
    for name in canary_names():
        (canary / name).write_bytes(b"x")
    msg = tmp / "hostile.eml"
    msg.write_bytes(hostile_message(canary, dev_zero=True))
    log = tmp / "strace.log"
    env = dict(os.environ, QT_SCALE_FACTOR="2", PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    proc = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(log), sys.executable, "-m", "tests.gui.sweep", str(msg)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    took = time.perf_counter() - started
    needles = (str(canary), "attacker.example", "rel.png", "rel-import.css", "/dev/zero")
    hits = [line for line in log.read_text(errors="replace").splitlines() if any(n in line for n in needles)]
    print(
        f"file access on hover: {proc.stdout.strip()}; {len(hits)} file-system calls on message-named paths "
        f"(exit {proc.returncode}, {took:.1f} s under strace)"
    )


def huge_report(tmp: Path) -> None:
    from PySide6.QtCore import QSettings

    from inspector.analyze import analyze
    from inspector.dns.offline import OfflineSource
    from inspector.gui.app import make_app
    from inspector.gui.main_window import MainWindow
    from inspector.gui.settings import GuiSettings
    from inspector.ingest import load_file
    from inspector.settings import AnalysisSettings
    from tests.gui.test_gui_analysis_process import many_signatures

    app = make_app()
    report = analyze(load_file(str(many_signatures(tmp / "sigs.eml", 10_000))), AnalysisSettings(), OfflineSource())
    window = MainWindow(
        GuiSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)), persist_state=False
    )
    window.show()
    app.processEvents()
    started = time.perf_counter()
    window.show_report(report)
    app.processEvents()
    window.repaint()
    took = time.perf_counter() - started
    print(
        f"10,000 DKIM signatures: show_report + paint {took:.2f} s ({window.auth.tree.topLevelItemCount()} auth rows)"
    )
    window.close()


def cancel_latency(tmp: Path) -> None:
    from PySide6.QtCore import QSettings, QThreadPool

    from inspector.dns.live import LiveSource
    from inspector.gui.app import make_app
    from inspector.gui.main_window import MainWindow
    from inspector.gui.settings import GuiSettings
    from tests.conftest import SHARED
    from tests.support.dns_server import LoopbackDnsServer

    app = make_app()
    arcbad = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"
    with LoopbackDnsServer([], delay=30.0, answer_root=True) as server:
        pool = QThreadPool()
        window = MainWindow(
            GuiSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)),
            dns_override=functools.partial(LiveSource, server.address),
            pool=pool,
            persist_state=False,
        )
        job = window.jobs[window.open_paths([str(arcbad)])[0]]
        deadline = time.monotonic() + 60
        while "asking DNS" not in window.busy_label.text() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        pid = job.child_pid
        started = time.perf_counter()
        window.cancel_current()
        pool.waitForDone(30_000)
        gone = not os.path.exists(f"/proc/{pid}") if pid else False
        print(f"Cancel with DNS stalled 30 s: analysis process gone={gone} after {time.perf_counter() - started:.2f} s")
        window.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        file_access(Path(tmp))
        huge_report(Path(tmp))
        cancel_latency(Path(tmp))


if __name__ == "__main__":
    main()
