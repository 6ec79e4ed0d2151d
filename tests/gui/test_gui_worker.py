"""Responsiveness: the analysis runs in the pool, the event loop keeps running while DNS is slow, cancel works."""

from __future__ import annotations

import functools
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from pytestqt.qtbot import QtBot

from inspector.dns.live import LiveSource
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import GuiSettings
from inspector.gui.worker import AnalysisJob, AnalysisRequest, WarmUp
from inspector.model.report import Report
from inspector.settings import AnalysisSettings
from tests.conftest import SHARED
from tests.support.dns_server import LoopbackDnsServer

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"
DELAY = 0.25


def test_event_loop_keeps_running_during_slow_dns(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    with LoopbackDnsServer([], delay=DELAY) as server:
        pool = QThreadPool()
        window = MainWindow(gui_settings, dns_override=functools.partial(LiveSource, server.address), pool=pool)
        qtbot.addWidget(window)
        window.show()
        ticks: list[int] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()
        started = time.monotonic()
        with qtbot.waitSignal(window.analysisDone, timeout=60_000):
            window.open_paths([str(ARCBAD)])
            # While the worker waits for DNS, the window shows what it is doing.
            qtbot.waitUntil(lambda: "asking DNS" in window.busy_label.text(), timeout=10_000)
            assert window.pages.currentWidget() is window.busy
        elapsed = time.monotonic() - started
        timer.stop()
        pool.waitForDone(10_000)
    n = len(server.queries)
    assert n >= 2, server.queries
    # Every answer waited DELAY (questions are asked together, so the analysis took at least two DELAYs: the
    # reachability probe, then the questions); a 10 ms timer on a free event loop ticks all the while.
    assert elapsed >= 2 * DELAY
    assert len(ticks) >= int(elapsed / 0.010 * 0.3), (len(ticks), elapsed, n)
    report = window.current_report()
    assert report is not None
    assert "127.0.0.1" in report.dns.description


def questions(server: LoopbackDnsServer) -> list[tuple[str, str, str]]:
    """The questions about the message (not the engine's ". NS" reachability probe, which says nothing)."""
    return [q for q in server.queries if q[:2] != (".", "NS")]


def test_cancel_frees_the_window_at_once(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    with LoopbackDnsServer([], delay=1.0) as server:
        pool = QThreadPool()
        window = MainWindow(gui_settings, dns_override=functools.partial(LiveSource, server.address), pool=pool)
        qtbot.addWidget(window)
        window.show()
        window.open_paths([str(ARCBAD)])
        qtbot.waitUntil(lambda: len(questions(server)) >= 1, timeout=10_000)
        with qtbot.waitSignal(window.analysisDone, timeout=1_000):
            qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        entry = window.current_entry()
        assert entry is not None and entry.state == "cancelled"
        assert window.pages.currentWidget() is window.error_label
        assert "cancelled" in window.error_label.text()
        # The engine asks independent questions together: those already leaving when the user cancelled
        # reach the server within moments (the server answers each only after 1 s).
        qtbot.wait(300)
        asked_at_cancel = len(questions(server))
        pool.waitForDone(15_000)
    # After the cancel no further question was sent (those in flight completed).
    assert len(questions(server)) == asked_at_cancel
    assert entry.report is None


def test_job_delivers_report_on_the_gui_thread(qtbot: QtBot) -> None:
    from inspector.dns.offline import OfflineSource

    job = AnalysisJob(7, AnalysisRequest("arcbad", path=str(ARCBAD)), AnalysisSettings(), OfflineSource)
    seen: list[bool] = []
    gui_thread = threading.current_thread()
    job.signals.finished.connect(lambda _id, _r: seen.append(threading.current_thread() is gui_thread))
    with qtbot.waitSignal(job.signals.finished, timeout=30_000) as blocker:
        QThreadPool.globalInstance().start(job)
    job_id, report = blocker.args
    assert job_id == 7 and isinstance(report, Report)
    assert seen == [True]
    QThreadPool.globalInstance().waitForDone(5_000)


def test_job_reports_unreadable_input(qtbot: QtBot, tmp_path: Path) -> None:
    from inspector.dns.offline import OfflineSource

    bad = tmp_path / "x.eml"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    job = AnalysisJob(1, AnalysisRequest("x", path=str(bad)), AnalysisSettings(), OfflineSource)
    with qtbot.waitSignal(job.signals.failed, timeout=30_000) as blocker:
        QThreadPool.globalInstance().start(job)
    assert blocker.args[0] == 1
    assert blocker.args[1] and "Traceback" not in blocker.args[1]
    QThreadPool.globalInstance().waitForDone(5_000)


def test_unreadable_snapshot_in_settings_is_a_readable_failure(qtbot: QtBot, tmp_path: Path) -> None:
    from inspector.gui.settings import DnsMode, OrgSettings, dns_factory_for

    factory = dns_factory_for(OrgSettings(dns_mode=DnsMode.OFFLINE, snapshot_file=str(tmp_path / "none.json")))
    job = AnalysisJob(2, AnalysisRequest("arcbad", path=str(ARCBAD)), AnalysisSettings(), factory)
    with qtbot.waitSignal(job.signals.failed, timeout=30_000) as blocker:
        QThreadPool.globalInstance().start(job)
    assert "cannot read DNS snapshot" in blocker.args[1]
    QThreadPool.globalInstance().waitForDone(5_000)


def test_warm_up_builds_the_public_suffix_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector.auth import orgdomain

    monkeypatch.setattr(orgdomain, "_psl", None)
    WarmUp().run()
    psl = orgdomain._psl
    assert psl is not None
    # The list the analyses will use: the same object, and a real one (co.uk is a public suffix).
    assert orgdomain.shared_list() is psl
    assert psl.privatesuffix("mail.example.co.uk") == "example.co.uk"
