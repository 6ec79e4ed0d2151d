"""What the window does before it is on screen (issue 18 item 7, start-up time): nothing that can wait.

The warm-up (engine imports in a pool thread, the warm analysis child) and the first analysis (the bundled
sample or the command line's files) start once the event loop runs after the window was shown; before, they
held the GIL and the CPU while the window was being built and mapped.
"""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from inspector.gui import worker
from inspector.gui.app import open_initial
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import DnsMode, GuiSettings, OrgSettings


def test_the_warm_up_starts_after_the_window_is_shown(
    qtbot: QtBot, gui_settings: GuiSettings, monkeypatch: MonkeyPatch
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(worker.WarmUp, "run", lambda self: ran.append("warm-up"))
    pool = QThreadPool()
    window = MainWindow(gui_settings, pool=pool, persist_state=False)
    qtbot.addWidget(window)
    qtbot.wait(50)
    pool.waitForDone(5_000)
    assert ran == []  # built, not shown: nothing started
    window.show()
    assert ran == []  # not during show() itself either
    qtbot.waitUntil(lambda: ran == ["warm-up"], timeout=5_000)
    window.hide()
    window.show()
    qtbot.wait(50)
    pool.waitForDone(5_000)
    assert ran == ["warm-up"]  # once per window


def test_the_first_analysis_starts_once_the_event_loop_runs(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    gui_settings.save(OrgSettings(dns_mode=DnsMode.OFFLINE))
    window = MainWindow(gui_settings, pool=QThreadPool(), persist_state=False)
    qtbot.addWidget(window)
    window.show()
    open_initial(window, [], None, defer=True)
    assert window.entries == []  # not yet: the window is shown first
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        qtbot.waitUntil(lambda: len(window.entries) == 1, timeout=5_000)
    report = window.current_report()
    assert report is not None and report.dns.mode == "snapshot"  # the bundled sample with its snapshot


def test_screenshot_mode_opens_at_once(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    gui_settings.save(OrgSettings(dns_mode=DnsMode.OFFLINE))
    window = MainWindow(gui_settings, pool=QThreadPool(), persist_state=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        open_initial(window, [], None, defer=False)
        assert len(window.entries) == 1
