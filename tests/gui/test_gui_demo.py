"""The bundled sample (the window with no FILE): its snapshot serves that one analysis, not the next ones."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from inspector.gui.app import demo_files, open_demo
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import DnsMode, GuiSettings, OrgSettings, describe_mode
from tests.conftest import SHARED

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"


def test_status_bar_shows_the_reports_own_dns_and_the_next_file_uses_the_settings(
    qtbot: QtBot, gui_settings: GuiSettings
) -> None:
    # Offline in the settings: distinct from the demo's snapshot, and no socket is opened.
    gui_settings.save(OrgSettings(dns_mode=DnsMode.OFFLINE))
    pool = QThreadPool()
    window = MainWindow(gui_settings, pool=pool)
    qtbot.addWidget(window)
    window.show()
    assert demo_files() is not None, "the bundled sample ships in resources/samples"

    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        assert open_demo(window) is not None
    demo = window.current_report()
    assert demo is not None
    # The demo itself was checked against its bundled snapshot, and says so.
    assert demo.dns.mode == "snapshot"
    assert "paypal-lookalike.dns.json" in demo.dns.description
    # The status bar says where this report's answers came from (its provenance), not the settings' mode;
    # the mode the next analysis uses is in its tooltip.
    assert window.dns_label.text() == f"DNS of this report: {demo.dns.description}"
    assert "paypal-lookalike.dns.json" in window.dns_label.text()
    assert "New analyses use: offline (no queries)" in window.dns_label.toolTip()
    assert describe_mode(gui_settings.load()) == "DNS: offline (no queries)"

    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(ARCBAD)])
    later = window.current_report()
    assert later is not None and later is not demo
    assert later.source.path is not None and later.source.path.endswith("rspamd-arcbad.eml")
    assert later.dns.mode == "offline"
    assert window.dns_label.text() == "DNS of this report: offline (no DNS)"
    # Back on the demo: its own provenance again.
    window.list.setCurrentRow(0)
    assert "paypal-lookalike.dns.json" in window.dns_label.text()
    pool.waitForDone(10_000)


def test_status_bar_with_live_settings_does_not_claim_live_for_the_snapshot_demo(
    qtbot: QtBot, gui_settings: GuiSettings
) -> None:
    """The reported case: settings say live (system resolver), the demo is answered from its snapshot."""
    gui_settings.save(OrgSettings(dns_mode=DnsMode.SYSTEM))
    pool = QThreadPool()
    window = MainWindow(gui_settings, pool=pool)
    qtbot.addWidget(window)
    window.show()
    assert window.dns_label.text() == "DNS: live (system resolver)"  # nothing analysed yet: the next one's
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        assert open_demo(window) is not None
    demo = window.current_report()
    assert demo is not None and demo.dns.mode == "snapshot"
    assert "live" not in window.dns_label.text()
    assert window.dns_label.text().startswith("DNS of this report: DNS snapshot paypal-lookalike.dns.json")
    assert "New analyses use: live (system resolver)" in window.dns_label.toolTip()
    pool.waitForDone(10_000)
