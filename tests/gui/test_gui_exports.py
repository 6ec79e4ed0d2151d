"""GUI exports and the recent-files list (issue 12, item 9): non-UTF-8 file names are kept, never a crash;
exports get the permissions the user's umask gives; --screenshot leaves the recent-files list alone."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.gui.export import export_html, export_json, suggested_name
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import GuiSettings
from inspector.report.to_json import report_to_json
from tests.conftest import SAMPLES

LATIN1_NAME = b"lat\xe9.eml"


@pytest.fixture
def latin1_message(tmp_path: Path) -> Path:
    """A message whose file name is Latin-1 bytes (not valid UTF-8)."""
    if sys.platform != "linux":
        pytest.skip("needs a file system that stores arbitrary bytes in names")
    source = next(iter(sorted(SAMPLES.glob("*.eml"))))
    target = os.fsencode(tmp_path) + b"/" + LATIN1_NAME
    shutil.copyfile(source, target)
    return Path(os.fsdecode(target))


def test_non_utf8_name_survives_analysis_export_and_recent_list(
    qtbot: QtBot, window: MainWindow, gui_settings: GuiSettings, latin1_message: Path, tmp_path: Path
) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(latin1_message)])
    report = window.current_report()
    assert report is not None
    out = tmp_path / "out.json"
    export_json(report, str(out))
    data = json.loads(out.read_text(encoding="utf-8"))  # valid UTF-8 JSON
    # Exactly the CLI's document: report_to_json escapes the lone surrogate itself (no second pass needed).
    text = report_to_json(report)
    assert out.read_bytes() == (text + "\n").encode("utf-8")
    assert "\\udce9" in text and not any("\ud800" <= ch <= "\udfff" for ch in text)
    # The name is kept exactly: the JSON string gives the same bytes back.
    assert os.fsencode(data["source"]["path"]).endswith(LATIN1_NAME)
    export_html(report, str(tmp_path / "out.html"))
    assert "lat\ufffd.eml" in (tmp_path / "out.html").read_text(encoding="utf-8")
    assert suggested_name(report, "json") == "lat_.report.json"
    # The recent-files list keeps the real path (QSettings alone would drop the byte).
    assert os.fsencode(window.settings.recent_files()[0]) == os.fsencode(os.path.abspath(latin1_message))
    assert GuiSettings(gui_settings.store).recent_files()[0] == os.path.abspath(latin1_message)
    # The list and the title show a visible replacement, never a crash.
    assert "\ufffd" in window.windowTitle()


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_exports_follow_the_umask(qtbot: QtBot, window: MainWindow, tmp_path: Path, umask: int) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(next(iter(sorted(SAMPLES.glob("*.eml")))))])
    report = window.current_report()
    assert report is not None
    old = os.umask(umask)
    try:
        for write, name in ((export_json, "r.json"), (export_html, "r.html")):
            write(report, str(tmp_path / name))
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
    finally:
        os.umask(old)


def test_window_without_remember_recent_writes_no_recent_file(
    qtbot: QtBot, gui_settings: GuiSettings, tmp_path: Path
) -> None:
    from PySide6.QtCore import QThreadPool

    from inspector.dns.offline import OfflineSource

    pool = QThreadPool()
    w = MainWindow(gui_settings, dns_override=OfflineSource, pool=pool, persist_state=False)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.analysisDone, timeout=60_000):
        w.open_paths([str(next(iter(sorted(SAMPLES.glob("*.eml")))))])
    pool.waitForDone(10_000)
    assert gui_settings.recent_files() == []
