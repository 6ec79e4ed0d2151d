"""The History tab (issue 17): findings and what the store knows, "remember its sender", "forget this sender"
and wiping the store, each write on the thread pool (the event loop stays free)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.gui.history_view import FORGET_TEXT, REMEMBER_TEXT, HistoryView
from inspector.gui.main_window import VIEWS, MainWindow
from inspector.gui.settings import GuiSettings, history_path
from inspector.history.learn import learn_messages
from inspector.history.store import open_history
from inspector.ingest import load_bytes, load_file
from inspector.settings import AnalysisSettings
from tests.support.corpora import LEGIT

SUPPLIER = LEGIT / "james__12.eml"
ADDRESS = "comptetest15.linagora@avocat.fr"


def _report(store: str | None, data: bytes | None = None) -> object:
    message = load_bytes(data) if data is not None else load_file(SUPPLIER)
    return analyze(message, AnalysisSettings(history=store))


def _view(qtbot: QtBot, store: str) -> tuple[HistoryView, QThreadPool]:
    pool = QThreadPool()
    view = HistoryView(pool, lambda: store)
    qtbot.addWidget(view)
    return view, pool


def test_remember_then_forget_the_sender(qtbot: QtBot, tmp_path: Path) -> None:
    store = str(tmp_path / "history.sqlite3")
    view, pool = _view(qtbot, store)
    view.set_report(_report(store))  # type: ignore[arg-type]
    assert view.remember_button.text() == REMEMBER_TEXT and view.forget_button.text() == FORGET_TEXT
    assert "does not exist" in view.note.text()
    assert "not in the history" in view.known.toPlainText()
    assert view.remember_button.isEnabled()

    with qtbot.waitSignal(view.storeChanged, timeout=20_000):
        task = view.remember()
        assert task is not None
        assert not view.remember_button.isEnabled()  # while the write runs
    pool.waitForDone(5_000)
    assert "Remembered comptetest15.linagora@avocat.fr" in view.status.text()
    assert "comptetest15.linagora@avocat.fr (address): 1 message" in view.known.toPlainText()
    assert "66.37.25.0/24" in view.known.toPlainText()
    with open_history(store, readonly=True) as h:
        found = h.lookup(ADDRESS, "avocat.fr")
    assert found.address is not None and found.address.messages == 1

    # Remembering the same message again counts nothing twice.
    with qtbot.waitSignal(view.storeChanged, timeout=20_000):
        view.remember()
    assert "already in the history" in view.status.text()

    # A new analysis now compares with what was remembered.
    report = _report(store)
    assert report.history.available and report.history.sender is not None  # type: ignore[attr-defined]
    view.set_report(report)  # type: ignore[arg-type]
    assert "Nothing unusual" in view.tree.topLevelItem(0).text(2)  # type: ignore[union-attr]

    with qtbot.waitSignal(view.storeChanged, timeout=20_000):
        view.forget()
    pool.waitForDone(5_000)
    assert f"Forgot {ADDRESS}" in view.status.text()
    with open_history(store, readonly=True) as h:
        assert h.lookup(ADDRESS, "avocat.fr").address is None


def test_findings_are_listed_with_their_evidence(qtbot: QtBot, tmp_path: Path) -> None:
    store = str(tmp_path / "history.sqlite3")
    base = SUPPLIER.read_bytes()
    with open_history(store) as h:
        learn_messages(h, [base, base.replace(b"Mime4j.10cd", b"Mime4j.11cd")])
    crafted = base.replace(b"Reply-To: " + ADDRESS.encode(), b"Reply-To: pay@quick-invoices.net")
    view, _pool = _view(qtbot, store)
    view.set_report(_report(store, crafted))  # type: ignore[arg-type]
    assert view.finding_kinds() == ["new-reply-to"]
    top = view.tree.topLevelItem(0)
    assert top is not None and top.text(0) == "medium" and top.text(1) == "new-reply-to"
    assert "quick-invoices.net" in top.text(2)
    assert top.childCount() >= 1 and "Reply-To domain: quick-invoices.net" in top.child(0).text(2)


def test_wipe_asks_first_and_empties_the_store(qtbot: QtBot, tmp_path: Path) -> None:
    store = str(tmp_path / "history.sqlite3")
    with open_history(store) as h:
        learn_messages(h, [SUPPLIER.read_bytes()])
    view, pool = _view(qtbot, store)
    view.set_report(_report(store))  # type: ignore[arg-type]
    view.confirm_wipe = lambda _path: False
    assert view.wipe() is None
    with open_history(store, readonly=True) as h:
        assert h.stats().messages == 1
    view.confirm_wipe = lambda _path: True
    with qtbot.waitSignal(view.storeChanged, timeout=20_000):
        view.wipe()
    pool.waitForDone(5_000)
    assert "wiped" in view.status.text()
    with open_history(store, readonly=True) as h:
        assert h.stats().messages == 0 and h.stats().senders == 0


def test_the_window_has_a_history_tab_fed_by_the_report(
    qtbot: QtBot, window: MainWindow, gui_settings: GuiSettings, tmp_path: Path
) -> None:
    assert "history" in VIEWS
    store = history_path(gui_settings.load())  # the default store, in the test's private data folder
    with open_history(store) as h:
        base = SUPPLIER.read_bytes()
        learn_messages(h, [base, base.replace(b"Mime4j.10cd", b"Mime4j.11cd")])
    crafted = tmp_path / "crafted.eml"
    crafted.write_bytes(
        SUPPLIER.read_bytes().replace(b"Reply-To: " + ADDRESS.encode(), b"Reply-To: x@invoices.example.net")
    )
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(crafted)])
    window.show_view("history")
    assert window.tabs.currentWidget() is window.history
    assert window.history.finding_kinds() == ["new-reply-to"]
    assert window.tabs.tabText(window.tabs.indexOf(window.history)) == "History (1)"
    report = window.current_report()
    assert report is not None and report.history.store == store
