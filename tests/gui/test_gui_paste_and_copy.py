"""Issue 14 item 7: pasted text that is not header fields is refused (paste dialog, Ctrl+V, `analyze -`, a
file); Ctrl+V in a list or table starts nothing; Ctrl+C copies whole rows; settings explain themselves and
re-analyse the open messages when a trusted id, network, domain or the DNS mode changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QDialog, QTableView
from pytestqt.qtbot import QtBot

from inspector.errors import InputError
from inspector.gui.main_window import MainWindow, PasteDialog
from inspector.gui.settings import OrgSettings
from inspector.gui.settings_dialog import HINTS, SettingsDialog
from inspector.gui.table_copy import selected_rows_text
from inspector.ingest import load_bytes, read_pasted_headers

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"
CHAT = "hey, did you get my invoice? call me when you can"
FRAGMENT = "Subject: your parcel\nclick here to pay the customs fee now"
REAL = SAMPLE.read_bytes().split(b"\n\n", 1)[0].decode()


@pytest.mark.parametrize("text", [CHAT, FRAGMENT])
def test_engine_refuses_text_that_is_not_header_fields(text: str) -> None:
    with pytest.raises(InputError):
        read_pasted_headers(text)
    with pytest.raises(InputError):
        load_bytes(text.encode())


@pytest.mark.parametrize("text", [CHAT, FRAGMENT])
def test_analyze_stdin_refuses_it_with_exit_3(text: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "inspector", "analyze", "-", "--offline"],
        input=text.encode(),
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 3, run.stdout
    assert b"Traceback" not in run.stderr and run.stderr.strip()


def test_real_headers_are_accepted() -> None:
    assert read_pasted_headers(REAL).get("from") is not None


def _clipboard(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


@pytest.mark.parametrize("text", [CHAT, FRAGMENT])
def test_ctrl_v_refuses_and_starts_nothing(qtbot: QtBot, window: MainWindow, text: str) -> None:
    _clipboard(text)
    window.paste_clipboard()
    assert window.entries == []
    assert "not" in window.statusBar().currentMessage() or window.paste_refusal
    assert "header" in window.paste_refusal


def test_ctrl_v_accepts_real_headers(qtbot: QtBot, window: MainWindow) -> None:
    _clipboard(REAL)
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.paste_clipboard()
    assert window.current_report() is not None


def test_paste_dialog_refuses_in_place(qtbot: QtBot, window: MainWindow) -> None:
    dlg = PasteDialog(FRAGMENT, window)
    qtbot.addWidget(dlg)
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error.isVisibleTo(dlg) and "header fields" in dlg.error.text()
    dlg.edit.setPlainText(REAL)
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_ctrl_v_in_a_list_or_table_starts_nothing(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(SAMPLE), str(SAMPLE)])
    qtbot.waitUntil(lambda: all(e.state == "done" for e in window.entries), timeout=60_000)
    _clipboard(REAL)
    for view in (window.list, window.headers.findChild(QTableView)):
        assert view is not None
        window.show_view("headers")
        view.setFocus()
        before = len(window.entries)
        qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(20)
        assert len(window.entries) == before


def test_ctrl_c_copies_whole_rows_tab_separated(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(SAMPLE)])
    window.show_view("headers")
    view = window.headers.findChild(QTableView)
    assert view is not None
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.selectRow(0)
    view.selectionModel().select(
        view.model().index(2, 0), view.selectionModel().SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows
    )
    view.setFocus()
    _clipboard("")
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    lines = copied.split("\n")
    columns = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(view.model().columnCount())]
    assert lines[0] == "\t".join(str(c) for c in columns)  # the column titles first …
    assert len(lines) == 3  # … then each selected row once, whole
    for line, row in zip(lines[1:], (0, 2), strict=True):
        data = [view.model().index(row, c).data() for c in range(view.model().columnCount())]
        cells = ["" if d is None else str(d) for d in data]
        assert line.split("\t") == [" ".join(c.split()) for c in cells]
    assert copied == selected_rows_text(view)
    # The authentication tree too: a whole row, every column.
    window.show_view("auth")
    tree = window.auth.tree
    tree.setCurrentItem(tree.topLevelItem(0))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    head, row = QGuiApplication.clipboard().text().split("\n")
    assert head.startswith("Check\tOur result")
    assert row.split("\t")[:2] == ["SPF", "not-verifiable"] and len(row.split("\t")) == 5
    # The analysis list: one column, the label and its status.
    window.list.setFocus()
    window.list.setCurrentRow(0)
    qtbot.keyClick(window.list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert "paypal-lookalike.eml" in QGuiApplication.clipboard().text()


def test_every_setting_has_a_line_with_an_example(qtbot: QtBot, window: MainWindow) -> None:
    dlg = SettingsDialog(window.settings, window)
    qtbot.addWidget(dlg)
    for key, text in HINTS.items():
        label = dlg.findChild(type(dlg.error), f"hint_{key}")
        assert label is not None and label.text() == text and "e.g." in text


def test_changing_trust_settings_reanalyses_open_messages(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspector.gui.main_window as mw

    used: list[tuple[str, ...]] = []

    class Spy(mw.AnalysisJob):
        def __init__(self, job_id: int, request: object, settings: object, factory: object) -> None:
            used.append(tuple(getattr(settings, "trusted_authserv_ids", ())))
            super().__init__(job_id, request, settings, factory)  # type: ignore[arg-type]

    import inspector.gui.jobs as jobs

    monkeypatch.setattr(jobs, "AnalysisJob", Spy)  # the job layer (gui/jobs.py) creates the window's jobs
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(SAMPLE)])
    first = window.current_report()
    assert first is not None and used == [()]

    def save_and_accept(self: SettingsDialog) -> int:
        self.settings.save(OrgSettings(trusted_authserv_ids=("mx9.example.org",)))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SettingsDialog, "exec", save_and_accept)
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.settings_dialog()
    again = window.current_report()
    assert again is not None and again is not first
    assert used[-1] == ("mx9.example.org",) and len(used) == 2  # the open message, with the new settings
    assert len(window.entries) == 1  # analysed again in place, not added
    assert "analysed again" in window.statusBar().currentMessage()


def test_unrelated_setting_does_not_reanalyse(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(SAMPLE)])
    first = window.current_report()
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: int(QDialog.DialogCode.Accepted))
    window.settings_dialog()
    assert window.current_report() is first
