"""Settings persistence and validation, the safe HTML view, the --screenshot entry point, dark palettes."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings, QUrl
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector.dns.live import LiveSource
from inspector.dns.offline import OfflineSource
from inspector.dns.snapshot import SnapshotSource
from inspector.gui.body_view import BodyView
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import DnsMode, GuiSettings, OrgSettings, dns_factory_for, validate
from inspector.gui.settings_dialog import SettingsDialog
from inspector.model.content import Link
from inspector.model.report import ContentView
from tests.conftest import ROOT, SHARED
from tests.gui.sample_reports import rich_report

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"


def test_settings_persist_across_instances(tmp_path: Path) -> None:
    path = str(tmp_path / "s.ini")
    org = OrgSettings(
        protected_domains=("example.com",),
        own_domains=("example.org", "example.net"),
        trusted_authserv_ids=("mx.example.org",),
        trusted_networks=("192.0.2.0/24",),
        dns_mode=DnsMode.NAMESERVER,
        nameserver="127.0.0.1:5353",
    )
    GuiSettings(QSettings(path, QSettings.Format.IniFormat)).save(org)
    again = GuiSettings(QSettings(path, QSettings.Format.IniFormat))
    assert again.load() == org
    engine = again.analysis_settings()
    assert engine.protected_domains == ("example.com",)
    assert engine.trusted_authserv_ids == ("mx.example.org",)
    assert engine.trusted_networks == ("192.0.2.0/24",)


def test_dns_modes_build_the_right_source(tmp_path: Path) -> None:
    snap = tmp_path / "snap.json"
    snap.write_text('{"format": "dns-snapshot/1", "created_at": "2026-11-30T03:50:00Z", "records": []}')
    assert isinstance(dns_factory_for(OrgSettings(dns_mode=DnsMode.OFFLINE))(), OfflineSource)
    s = dns_factory_for(OrgSettings(dns_mode=DnsMode.OFFLINE, snapshot_file=str(snap)))()
    assert isinstance(s, SnapshotSource) and s.created_at == "2026-11-30T03:50:00Z"
    live = dns_factory_for(OrgSettings(dns_mode=DnsMode.NAMESERVER, nameserver="127.0.0.1:5353"))()
    assert isinstance(live, LiveSource) and live.nameserver == "127.0.0.1:5353"
    system = dns_factory_for(OrgSettings(dns_mode=DnsMode.SYSTEM))()
    assert isinstance(system, LiveSource) and system.nameserver is None


def test_validation_names_the_bad_values() -> None:
    problems = validate(OrgSettings(trusted_networks=("10.0.0.0/8", "not-a-net"), dns_mode=DnsMode.NAMESERVER))
    assert len(problems) == 2
    assert "not-a-net" in problems[0]
    assert problems[1].startswith("DNS server")
    assert validate(OrgSettings(trusted_networks=("2001:db8::/32",))) == []


def test_settings_dialog_refuses_then_saves(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    dlg = SettingsDialog(gui_settings)
    qtbot.addWidget(dlg)
    dlg.networks.setPlainText("192.0.2.0/33")
    dlg.protected.setPlainText("PayPal.com.\n\n  example.com ")
    dlg.accept()
    assert dlg.result() == 0
    assert "192.0.2.0/33" in dlg.error.text()
    assert gui_settings.load().protected_domains == ()
    dlg.networks.setPlainText("192.0.2.0/24")
    dlg.mode_offline.setChecked(True)
    dlg.accept()
    saved = gui_settings.load()
    assert saved.protected_domains == ("paypal.com", "example.com")
    assert saved.dns_mode is DnsMode.OFFLINE


def test_settings_reach_the_analysis(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    gui_settings.save(OrgSettings(protected_domains=("outlook.com",), dns_mode=DnsMode.OFFLINE))
    window = MainWindow(gui_settings)
    qtbot.addWidget(window)
    assert window.dns_label.text() == "DNS: offline (no queries)"
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(ARCBAD)])
    report = window.current_report()
    assert report is not None
    assert report.dns.mode == "offline"


def test_html_view_never_loads_anything(qtbot: QtBot) -> None:
    view = BodyView()
    qtbot.addWidget(view)
    html = (
        '<p>Hi<img src="https://track.example/pixel.gif"><img src="cid:logo@x">'
        '<a href="https://paypa1.com/login">login</a>'
        '<link rel=stylesheet href="https://cdn.example/x.css"><script>document.write("x")</script></p>'
    )
    view.set_content(ContentView(True, None, html, (Link("hxxps://paypa1[.]com/login", "here", "paypa1.com"),), ()))
    # Plain text has nothing, so the HTML source is shown first; rendering happens only on request.
    assert view.tabs.currentIndex() == 1
    assert view.browser.toPlainText() == ""
    view.show()
    view.tabs.setCurrentIndex(2)
    view.browser.grab()  # lay out and paint: images are requested now
    assert "login" in view.browser.toPlainText()
    assert "document.write" not in view.browser.toPlainText()
    # Every resource the page names was asked for and refused (nothing fetched, nothing rendered).
    assert any("track.example" in r for r in view.browser.requested)
    # Answered with a placeholder, never None (None lets Qt load the resource itself).
    answer = view.browser.loadResource(2, QUrl("https://track.example/pixel.gif"))
    assert isinstance(answer, QImage) and not answer.isNull()
    assert not view.browser.openLinks() and not view.browser.openExternalLinks()
    assert view.links.row_texts(0)[2] == "hxxps://paypa1[.]com/login"


def test_dark_palette_is_followed(qtbot: QtBot, tmp_path: Path) -> None:
    from inspector.gui.style import is_dark

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    try:
        dark = QPalette()
        dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
        dark.setColor(QPalette.ColorRole.Base, QColor("#2a2b2e"))
        dark.setColor(QPalette.ColorRole.Text, QColor("#e8eaed"))
        app.setPalette(dark)
        assert is_dark()
        # Never os.devnull: QSettings saves by renaming a temporary file over its path, and as root that turns
        # /dev/null into a regular file for the whole machine.
        settings = GuiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, persist_state=False)
        qtbot.addWidget(window)
        window.show_report(rich_report())
        window.tabs.setCurrentIndex(0)
        image = window.chain.view.viewport().grab().toImage()
        card = window.chain.view.cards[1]
        centre = window.chain.view.mapFromScene(card.mapToScene(card.card_rect().topLeft()) + QPointF(300, 70))
        # The card is painted with the palette's (dark) base colour, not a fixed light one.
        assert image.pixelColor(centre).lightness() < 100
    finally:
        app.setPalette(old)
    assert not is_dark()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshot_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "inspector", "gui", str(ARCBAD), "--offline", "--screenshot", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert _png_size(out) == (1360, 860)


def test_screenshot_of_a_bad_file_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.eml"
    bad.write_bytes(b"")
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "inspector", "gui", str(bad), "--offline", "--screenshot", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 3
    assert out.is_file()


def test_many_void_qt_calls_do_not_exhaust_none() -> None:
    """PySide6 6.12 on Python 3.11 steals a reference to None per void call; the GUI pins None (qt_compat)."""
    import sys

    from PySide6.QtWidgets import QLabel

    from inspector.gui.qt_compat import none_is_stolen

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(200_000):
        label.setMargin(0)
    assert sys.getrefcount(None) > 0
    if sys.version_info < (3, 12) and none_is_stolen():
        assert before > 1 << 40  # the buggy build is installed: None must have been pinned


def test_desktop_file_open_event_is_forwarded() -> None:
    """macOS sends a FileOpen event when a message is double-clicked while the app runs."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    from inspector.gui.app import FileOpenForwarder

    opened: list[list[str]] = []
    forwarder = FileOpenForwarder(opened.append)
    app = QCoreApplication.instance()
    assert app is not None
    app.installEventFilter(forwarder)
    try:
        sample = str(ROOT / "resources" / "samples" / "paypal-lookalike.eml")
        QCoreApplication.sendEvent(app, QFileOpenEvent(sample))
    finally:
        app.removeEventFilter(forwarder)
    assert opened == [[sample]]
