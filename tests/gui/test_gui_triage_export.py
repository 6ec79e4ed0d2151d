"""The triage exports run off the GUI thread, with progress, Cancel and a clear reason (issue 16, item 2).

The CSV export used to run on the GUI thread (the window froze while 10,000 rows were written) and a
failure came back as a bare system message. Both exports now go through `export_job.ExportJob` on the pool.
The page is fed 10,000 rows pointing at real reports (``run_with_reports``); that the files equal the
CLI's output byte for byte is checked on a real run in ``test_gui_triage.py``.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from inspector import fileio
from inspector.gui.export_job import CANCELLED
from inspector.gui.triage_export import csv_text
from inspector.gui.triage_view import TriageView
from tests.support.corpora import phishing_messages
from tests.support.triage_rows import run_with_reports

N = 10_000


@pytest.fixture
def view(qtbot: QtBot) -> Any:
    run, rows = run_with_reports(N, phishing_messages()[:3])
    page = TriageView(run, ["synthetic"])
    qtbot.addWidget(page)
    page.show()
    for start in range(0, N, 500):
        page.model.add_rows(rows[start : start + 500])
    yield page
    if page.export_job is not None:
        page.cancel_export()
        qtbot.waitUntil(lambda: page.export_job is None, timeout=60_000)
    run.spool.close()


def read_only_folder(tmp_path: Path) -> Path:
    """A folder this process may not create files in (as root, chmod does not stop it: /sys does)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    for candidate in (folder, Path("/sys")):
        try:
            fd, probe = tempfile.mkstemp(dir=candidate)
        except OSError:
            return candidate
        os.close(fd)
        os.unlink(probe)
    pytest.skip("no folder refuses new files here")


def test_csv_export_runs_in_the_background_and_equals_the_table(qtbot: QtBot, view: TriageView, tmp_path: Path) -> None:
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    job = view.export_csv_dialog(str(tmp_path / "table.csv"))
    assert job is not None and view.export_bar.isVisibleTo(view) and view.export_cancel.isVisibleTo(view)
    assert not view.export_csv_button.isEnabled() and not view.export_jsonl_button.isEnabled()
    qtbot.waitUntil(lambda: view.export_job is None, timeout=60_000)
    timer.stop()
    assert ticks  # the event loop kept turning while the file was written
    assert view.last_export == (str(tmp_path / "table.csv"), N, "")
    assert (tmp_path / "table.csv").read_text(encoding="utf-8") == csv_text(view.proxy.shown_rows())
    assert view.export_bar.isHidden() and view.export_csv_button.isEnabled()


def test_jsonl_export_can_be_cancelled_and_leaves_nothing(qtbot: QtBot, view: TriageView, tmp_path: Path) -> None:
    target = tmp_path / "reports.jsonl"
    job = view.export_jsonl_dialog(str(target))
    assert job is not None
    with qtbot.waitSignal(job.signals.progress, timeout=60_000) as progress:
        pass  # the GUI thread got a progress report while the export was being written
    assert 0 <= progress.args[0] < N and progress.args[1] == N
    view.export_cancel.click()
    qtbot.waitUntil(lambda: view.export_job is None, timeout=60_000)
    assert view.last_export is not None and view.last_export[2] == CANCELLED
    assert not target.exists() and list(tmp_path.iterdir()) == []  # no half file, no temporary file
    assert view.export_job is None and view.export_jsonl_button.isEnabled()


def test_a_read_only_folder_is_a_clear_message(qtbot: QtBot, view: TriageView, tmp_path: Path) -> None:
    folder = read_only_folder(tmp_path)
    target = folder / "table.csv"
    job = view.export_csv_dialog(str(target))
    assert job is not None
    qtbot.waitUntil(lambda: view.export_job is None, timeout=60_000)
    assert view.last_export is not None and view.last_export[1] == 0 and view.last_export[2]
    assert "choose another" in view.export_error and str(target) in view.export_error
    box = view.findChild(QMessageBox, "exportError")
    assert box is not None and box.isVisible() and box.text() == view.export_error
    assert not target.exists()
    box.close()


def test_a_full_disk_is_a_clear_message_and_no_half_file(
    qtbot: QtBot, view: TriageView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up half-way through (the write fails as the system would: ENOSPC)."""
    real_fdopen = os.fdopen

    class FillsUp:
        def __init__(self, fh: Any) -> None:
            self.fh, self.written = fh, 0

        def __enter__(self) -> FillsUp:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def fileno(self) -> int:
            return int(self.fh.fileno())

        def write(self, text: str) -> int:
            self.written += len(text)
            if self.written > 200_000:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return int(self.fh.write(text))

    monkeypatch.setattr(fileio.os, "fdopen", lambda *a, **k: FillsUp(real_fdopen(*a, **k)))
    target = tmp_path / "table.csv"
    job = view.export_csv_dialog(str(target))
    assert job is not None
    qtbot.waitUntil(lambda: view.export_job is None, timeout=60_000)
    assert view.last_export is not None and view.last_export[1] == 0 and "the disk is full" in view.last_export[2]
    assert "the disk is full" in view.export_error
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone
    box = view.findChild(QMessageBox, "exportError")
    assert box is not None
    box.close()
