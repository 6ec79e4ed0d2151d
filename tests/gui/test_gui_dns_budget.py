"""The GUI's one DNS budget setting reaches the engine, and a dead resolver comes back as a report fact."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from inspector.dns.live import LiveSource
from inspector.dns.session import UNREACHABLE_SENTENCE
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import GuiSettings, OrgSettings
from inspector.gui.settings_dialog import SettingsDialog
from inspector.settings import DEFAULT_DNS_BUDGET
from tests.conftest import SHARED
from tests.support.dns_server import closed_port

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"


def test_budget_is_saved_and_reaches_the_analysis(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    assert gui_settings.load().dns_budget == DEFAULT_DNS_BUDGET
    assert gui_settings.analysis_settings().dns_budget == DEFAULT_DNS_BUDGET
    dlg = SettingsDialog(gui_settings)
    qtbot.addWidget(dlg)
    dlg.budget.setValue(4)
    dlg.accept()
    assert gui_settings.load().dns_budget == 4.0
    assert gui_settings.analysis_settings().dns_budget == 4.0


def test_a_stored_nonsense_budget_falls_back_to_the_default(gui_settings: GuiSettings) -> None:
    for junk in ("abc", "0", "-3", "1e9", "nan"):
        gui_settings.store.setValue("dns/budget", junk)
        assert gui_settings.load().dns_budget == DEFAULT_DNS_BUDGET, junk
    gui_settings.save(OrgSettings(dns_budget=7.0))
    assert gui_settings.load().dns_budget == 7.0


def test_dead_resolver_gives_a_report_that_says_so(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    address = f"127.0.0.1:{closed_port()}"
    pool = QThreadPool()
    window = MainWindow(gui_settings, dns_override=lambda: LiveSource(address), pool=pool)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(ARCBAD)])
    pool.waitForDone(10_000)
    report = window.current_report()
    assert report is not None
    assert report.dns.problem == "unreachable"
    assert any(r.startswith(UNREACHABLE_SENTENCE) for r in report.verdict.reasons)
