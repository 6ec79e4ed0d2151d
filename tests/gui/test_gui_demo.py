"""The bundled sample (the window with no FILE): its snapshot serves that one analysis, not the next ones."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from inspector.gui.app import demo_files, open_demo
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import DnsMode, GuiSettings, OrgSettings, describe_mode
from tests.conftest import SHARED

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"


def test_demo_leaves_the_status_bar_and_the_next_file_to_the_settings(qtbot: QtBot, gui_settings: GuiSettings) -> None:
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
    # The status bar describes what the next analysis uses: the settings, not the demo's snapshot.
    assert window.dns_label.text() == describe_mode(gui_settings.load()) == "DNS: offline (no queries)"

    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(ARCBAD)])
    later = window.current_report()
    assert later is not None and later is not demo
    assert later.source.path is not None and later.source.path.endswith("rspamd-arcbad.eml")
    assert later.dns.mode == "offline"
    assert window.dns_label.text() == "DNS: offline (no queries)"
    pool.waitForDone(10_000)
