"""Issue 14 item 7: a DNS server that never answers. The window shows progress, says that no server answers,
words every result as our DNS failing (never the domain's records), and offers offline or a snapshot.

The server is the loopback test server in `silent` mode (reads every packet, answers none), and a closed
loopback port; never real DNS. The analysis runs in the child process, as in the app.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from inspector.dns.live import LiveSource
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import GuiSettings
from inspector.gui.worker import UNREACHABLE_PROGRESS
from inspector.model.report import CaveatKind
from inspector.report.to_json import report_to_json
from inspector.report.wording import ticket_summary
from tests.support.dns_server import LoopbackDnsServer, closed_port

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"
SNAPSHOT = ROOT / "resources" / "samples" / "paypal-lookalike.dns.json"


@pytest.fixture(params=["silent", "closed"])
def dead_dns(request: pytest.FixtureRequest) -> object:
    if request.param == "closed":
        yield f"127.0.0.1:{closed_port()}"
        return
    server = LoopbackDnsServer([], silent=True).start()
    try:
        yield server.address
    finally:
        server.stop()


def test_unreachable_dns_is_said_and_offers_a_way_out(
    qtbot: QtBot, gui_settings: GuiSettings, dead_dns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = QThreadPool()
    window = MainWindow(gui_settings, dns_override=functools.partial(LiveSource, dead_dns), pool=pool)
    qtbot.addWidget(window)
    window.show()
    progress: list[str] = []
    shown_progress = window._job_progress

    def record(job_id: int, text: str) -> None:
        progress.append(text)
        shown_progress(job_id, text)

    window._job_progress = record  # type: ignore[method-assign]  # connected by _start, before the job runs
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(SAMPLE)])
        assert window.pages.currentWidget() is window.busy  # progress while DNS is asked
    assert any("checking that a DNS server answers" in p for p in progress)
    assert UNREACHABLE_PROGRESS in progress
    report = window.current_report()
    assert report is not None and report.dns.problem == "unreachable"
    # Worded as our DNS failing, never as the domain's record having changed.
    everything = report_to_json(report) + ticket_summary(report) + window.banner.caveats_label.text()
    assert "may have changed" not in everything
    assert "No DNS server answered" in window.banner.caveats_label.text()
    assert CaveatKind.DNS_UNREACHABLE in {c.kind for c in report.caveats}
    banner = window.banner
    assert banner.offline_button.isVisible() and banner.snapshot_button.isVisible()

    # "Analyse offline": the same message again, offline, as a new analysis.
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        qtbot.mouseClick(banner.offline_button, Qt.MouseButton.LeftButton)
    offline = window.current_report()
    assert offline is not None and offline.dns.mode == "offline" and offline.dns.problem is None
    assert not banner.offline_button.isVisible()
    assert window.current_entry().request.label.endswith("(offline)")  # type: ignore[union-attr]

    # "Use a snapshot…": the file the user picks.
    window.list.setCurrentRow(0)
    monkeypatch.setattr("inspector.gui.main_window.QFileDialog.getOpenFileName", lambda *a, **k: (str(SNAPSHOT), ""))
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        qtbot.mouseClick(window.banner.snapshot_button, Qt.MouseButton.LeftButton)
    snap = window.current_report()
    assert snap is not None and snap.dns.mode == "snapshot"
    assert json.loads(report_to_json(snap))["dns"]["problem"] is None
    pool.waitForDone(10_000)
