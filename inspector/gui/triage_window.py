"""Where the triage table meets the main window: opening folders and mailboxes, the list entry, the menu.

A triage run is one entry in the window's analysis list ("Triage: folder — 50 messages"); its page is the
table (`triage_view.TriageView`). Opening a message from the table adds that message's analysis to the list
and shows it in the usual report views; the triage entry stays, one click (or Alt+Up) away. Kept apart from
``main_window.py`` so the window only calls three functions.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QMenu

from inspector.gui import table_copy
from inspector.gui.jobs import default_jobs
from inspector.gui.safe_text import shown, tooltip
from inspector.gui.settings import history_path
from inspector.gui.triage_view import TriageView, wants_triage
from inspector.gui.worker import AnalysisRequest, can_send
from inspector.model.report import Report
from inspector.model.vocabulary import JobState

if TYPE_CHECKING:
    from inspector.gui.main_window import Entry, MainWindow

__all__ = ["add_open_actions", "open_triage", "wants_triage"]

MBOX_FILTER = "Mailboxes (*.mbox *.mbx *.mbs);;All files (*)"


def add_open_actions(window: MainWindow, menu: QMenu) -> None:
    """File ▸ Open Folder or Maildir… and File ▸ Open Mailbox (mbox)…"""
    act = menu.addAction("Open &Folder or Maildir…")
    act.setShortcut("Ctrl+Shift+O")
    act.setStatusTip("Analyse every message in a folder (recursively) or a Maildir, as one table")
    act.triggered.connect(lambda _c=False: _open_folder(window))
    window.act_open_folder = act  # type: ignore[attr-defined]
    act = menu.addAction("Open &Mailbox (mbox)…")
    act.setStatusTip("Analyse every message of an mbox file, as one table")
    act.triggered.connect(lambda _c=False: _open_mbox(window))
    window.act_open_mbox = act  # type: ignore[attr-defined]


def _open_folder(window: MainWindow) -> None:
    path = QFileDialog.getExistingDirectory(window, "Open folder or Maildir")
    if path:
        open_triage(window, [path])


def _open_mbox(window: MainWindow) -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, "Open mailbox", "", MBOX_FILTER)
    if paths:
        open_triage(window, paths)


def _dns_choice(window: MainWindow) -> object:
    """The batch's DNS: the command line's choice, else the settings' (a factory the workers can rebuild)."""
    from inspector.batch.run import DnsChoice

    factory = window.dns_override or window.settings.dns_factory()
    if not can_send(factory):  # a test's lambda: the batch cannot send it to its workers
        return DnsChoice(offline=True)
    return DnsChoice(factory=factory)


def open_triage(window: MainWindow, paths: Sequence[str], jobs: int | None = None) -> int:
    """Start a triage run over `paths` and show its table; returns the run's id."""
    from inspector.batch.run import BatchJob
    from inspector.gui.main_window import Entry

    if window.remember_recent:
        for p in paths:
            window.settings.add_recent(os.path.abspath(p))
    job = BatchJob(settings=window.settings.analysis_settings(), dns=_dns_choice(window))  # type: ignore[arg-type]
    run = window.manager.start_triage(paths, job, jobs or default_jobs())
    # The pane's History tab writes where the window's does: the chosen or default store.
    view = TriageView(run, paths, pool=window.pool, history_path=lambda: history_path(window.settings.load()))
    label = f"Triage: {view.label}"
    item = QListWidgetItem(shown(label, single_line=True))
    item.setIcon(window._dot("#1565c0"))
    item.setToolTip(tooltip("\n".join(paths)))
    entry = Entry(run.run_id, AnalysisRequest(label), item, page=view)
    window.entries.append(entry)
    window.list.addItem(item)
    window.list.setVisible(len(window.entries) > 1)
    window.pages.addWidget(view)
    table_copy.install(window)  # the table and the pane's report views copy whole rows too
    view.openReport.connect(lambda name, report: show_opened(window, name, report))
    view.status.connect(lambda text: window.statusBar().showMessage(text, 6000))
    view.ended.connect(lambda state, e=entry: _ended(window, e, state))
    run.signals.rows.connect(lambda _rows, e=entry: _count(e))
    window.list.setCurrentRow(len(window.entries) - 1)
    window._show_current()
    return run.run_id


def _count(entry: Entry) -> None:
    view = entry.page
    if isinstance(view, TriageView):
        entry.item.setText(shown(f"{entry.request.label} — {view.model.rowCount()} messages", single_line=True))


def _ended(window: MainWindow, entry: Entry, state: str) -> None:
    entry.state = JobState(state)
    _count(entry)
    window.analysisDone.emit(entry.job_id)


def show_opened(window: MainWindow, label: str, report: Report) -> int:
    """Show a message opened from the triage table in the report views (as a finished list entry)."""
    from inspector.gui.main_window import Entry
    from inspector.gui.style import LEVEL_COLOURS
    from inspector.report.wording import LEVEL_WORD

    for entry in window.entries:
        if entry.report is report or (
            entry.report is not None
            and entry.page is None
            and entry.report.source.sha256 == report.source.sha256
            and entry.request.label == label
        ):
            window.list.setCurrentRow(window.entries.index(entry))
            return entry.job_id
    item = QListWidgetItem(shown(label, single_line=True))
    entry = Entry(window.manager.new_id(), AnalysisRequest(label), item, state=JobState.DONE, report=report)
    window.entries.append(entry)
    window.list.addItem(item)
    level = report.verdict.level
    window._set_status(entry, window._dot(LEVEL_COLOURS[level]), LEVEL_WORD[level])
    window.list.setVisible(len(window.entries) > 1)
    window.list.setCurrentRow(len(window.entries) - 1)
    return entry.job_id
