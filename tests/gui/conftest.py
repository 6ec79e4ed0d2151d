"""GUI test fixtures: offscreen Qt, Qt warnings fail the test, settings in a temporary INI file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QThreadPool
from pytestqt.qtbot import QtBot

from inspector.gui.app import _OFFSCREEN_NOISE
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import GuiSettings


@pytest.fixture(autouse=True)
def fail_on_qt_warnings(qtlog: object) -> Iterator[None]:
    """Any Qt warning or critical message during a GUI test fails it, except the offscreen plugin's harmless
    notices (see docs/notes/style-and-packaging.md §5, pitfall 5), which the app itself filters with the same list."""
    yield
    records = getattr(qtlog, "records", [])
    bad = [
        r.message
        for r in records
        if r.log_type_name in ("WARNING", "CRITICAL", "FATAL") and not any(i in r.message for i in _OFFSCREEN_NOISE)
    ]
    assert not bad, f"Qt warnings: {bad}"


@pytest.fixture
def gui_settings(tmp_path: Path) -> GuiSettings:
    """Settings in a throw-away INI file (never the user's)."""
    return GuiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: QtBot, gui_settings: GuiSettings) -> Iterator[MainWindow]:
    """A shown main window that analyses offline, with its own thread pool."""
    from inspector.dns.offline import OfflineSource

    pool = QThreadPool()
    w = MainWindow(gui_settings, dns_override=OfflineSource, dns_override_label="offline (tests)", pool=pool)
    qtbot.addWidget(w)
    w.show()
    yield w
    for job in list(w.jobs.values()):
        job.cancel()
    pool.waitForDone(10_000)
