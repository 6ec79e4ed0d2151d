"""The triage table: many messages at once (a folder, an mbox, a Maildir, many files), sorted and acted on.

A triage run (``jobs.TriageRun``) analyses every message in a worker pool off the GUI process and hands the
rows over in batches; this page shows them as they arrive, with progress and Cancel, a verdict filter and a
free-text filter, the campaigns found so far, and beside the table the selected message's full analysis
(``triage_pane.py``: the window's own report views, from the stored report). Enter or a double-click opens
the message as its own entry in the window (`openReport`). The table exports as CSV (the CLI's ``--csv``)
and the reports as JSONL (the CLI's ``--jsonl``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QAbstractItemModel, QItemSelection, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.fileio import open_regular
from inspector.gui.export_job import CANCELLED, ExportJob
from inspector.gui.jobs import TriageRow, TriageRun, same_run_label
from inspector.gui.safe_text import shown, tooltip
from inspector.gui.triage_model import COLUMNS, ERROR, TriageFilter, TriageModel, verdict_word
from inspector.gui.triage_pane import TriagePane
from inspector.model.report import Level, Report
from inspector.model.vocabulary import JobState

#: Narrower than this, the selected message's analysis goes below the table instead of beside it.
BESIDE_MIN_WIDTH = 1200
#: Dropping this many message files at once opens the triage table instead of one analysis each.
MANY_FILES = 10
#: The verdict filter's choices: (label, verdict values shown; None = all).
VERDICT_FILTERS: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("All verdicts", None),
    ("Dangerous", frozenset({Level.DANGEROUS.value})),
    ("Dangerous or suspicious", frozenset({Level.DANGEROUS.value, Level.SUSPICIOUS.value})),
    ("Suspicious", frozenset({Level.SUSPICIOUS.value})),
    (verdict_word(Level.UNVERIFIED.value), frozenset({Level.UNVERIFIED.value})),
    (verdict_word(Level.OK.value), frozenset({Level.OK.value})),
    ("Could not analyse", frozenset({ERROR})),
)
#: Shared indicators listed under a campaign.
MAX_SHARED_SHOWN = 8


def is_mailbox_file(path: str) -> bool:
    """Does `path` start like an mbox (a ``From `` line)? Reads one line, never blocks (FIFOs are refused)."""
    from inspector.batch.mbox import STRICT_FROM_LINE

    try:
        with open_regular(path) as fh:
            first = fh.readline(1024)
    except OSError:
        return False
    return bool(STRICT_FROM_LINE.match(first)) or (first.startswith(b"From ") and first.endswith(b"\n"))


def wants_triage(paths: Sequence[str]) -> bool:
    """Open these paths as a triage table? Folders (a Maildir too), mbox files, or many files."""
    if len(paths) >= MANY_FILES:
        return True
    return any(os.path.isdir(p) or is_mailbox_file(p) for p in paths)


class TriageTable(QTableView):
    """The table; Enter opens the current row's analysis (a double-click does too)."""

    activatedRow = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activatedRow.emit()
            return
        super().keyPressEvent(event)


def make_table(proxy: QAbstractItemModel) -> TriageTable:
    """The table view as the triage page shows it (also what the benchmark measures)."""
    table = TriageTable()
    table.setObjectName("triageTable")
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # arrival order until the user sorts
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(22)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    for col, width in enumerate((135, 125, 165, 205, 230, 90, 70, 200)):
        header.resizeSection(col, width)
    return table


class TriageView(QWidget):
    """One triage run's page."""

    #: (label, Report): the user asked for a message's full analysis.
    openReport = Signal(str, object)
    #: A status-bar message.
    status = Signal(str)
    #: The run ended (its final JobState value).
    ended = Signal(str)

    def __init__(
        self,
        run: TriageRun,
        paths: Sequence[str],
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
        history_path: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._history_path = history_path
        self.setObjectName("triageView")
        self.run = run
        self.label = same_run_label(paths)
        self.campaigns: list = []
        #: The export being written (one at a time), and whether the page was closed meanwhile.
        self.export_job: ExportJob | None = None
        #: Why the last export failed ("" when it did not).
        self.export_error = ""
        self._export_what = ("rows", 0)
        #: The last export's (path, rows or reports written, error: "" / CANCELLED / why).
        self.last_export: tuple[str, int, str] | None = None
        self._closed = False
        self.model = TriageModel(self)
        self.proxy = TriageFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        run.signals.rows.connect(self.model.add_rows)
        run.signals.rows.connect(lambda _rows: self._update_counts())
        run.signals.progress.connect(self._progress)
        run.signals.campaigns.connect(self.set_campaigns)
        run.signals.ended.connect(self._ended)

    # -- construction -----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(shown(f"Triage: {self.label}", single_line=True))
        self.title.setObjectName("triageTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.bar = QProgressBar()
        self.bar.setObjectName("triageProgress")
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(320)
        self.counts = QLabel("starting…")
        self.counts.setObjectName("triageCounts")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("triageCancel")
        self.cancel_button.clicked.connect(self.cancel)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.bar)
        top.addWidget(self.counts, 1)
        top.addWidget(self.cancel_button)

        self.verdict_filter = QComboBox()
        self.verdict_filter.setObjectName("triageVerdictFilter")
        for label, _levels in VERDICT_FILTERS:
            self.verdict_filter.addItem(label)
        self.verdict_filter.currentIndexChanged.connect(lambda i: self.proxy.set_levels(VERDICT_FILTERS[i][1]))
        self.verdict_filter.currentIndexChanged.connect(lambda _i: self._update_counts())
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("triageTextFilter")
        self.text_filter.setPlaceholderText("Filter: sender, subject, reason, source…")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self.proxy.set_text)
        self.text_filter.textChanged.connect(lambda _t: self._update_counts())
        self.export_csv_button = QPushButton("Export table (CSV)…")
        self.export_csv_button.clicked.connect(lambda: self.export_csv_dialog())
        self.export_jsonl_button = QPushButton("Export reports (JSONL)…")
        self.export_jsonl_button.clicked.connect(lambda: self.export_jsonl_dialog())
        self.export_bar = QProgressBar()
        self.export_bar.setObjectName("triageExportProgress")
        self.export_bar.setMaximumWidth(160)
        self.export_bar.setFormat("writing %p%")
        self.export_cancel = QPushButton("Stop export")
        self.export_cancel.setObjectName("triageExportCancel")
        self.export_cancel.clicked.connect(self.cancel_export)
        filters = QHBoxLayout()
        filters.addWidget(self.verdict_filter)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.export_csv_button)
        filters.addWidget(self.export_jsonl_button)
        self.below_button = QPushButton("Analysis below")
        self.below_button.setObjectName("triageBelow")
        self.below_button.setCheckable(True)
        self.below_button.setToolTip("Show the selected message's analysis below the table instead of beside it")
        self.below_button.toggled.connect(self._place_pane)
        filters.addWidget(self.below_button)
        filters.addWidget(self.export_bar)
        filters.addWidget(self.export_cancel)
        self.export_bar.hide()
        self.export_cancel.hide()

        self.table = make_table(self.proxy)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.activatedRow.connect(self.open_current)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.campaign_list = QTreeWidget()
        self.campaign_list.setObjectName("triageCampaigns")
        self.campaign_list.setHeaderLabels(["Campaign", "Messages"])
        self.campaign_list.setColumnWidth(0, 200)
        self.campaign_list.itemSelectionChanged.connect(self._campaign_selected)
        self.show_all_button = QPushButton("Show all messages")
        self.show_all_button.clicked.connect(self.campaign_list.clearSelection)
        campaigns = QWidget()
        cl = QVBoxLayout(campaigns)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.campaign_list, 1)
        cl.addWidget(self.show_all_button)

        self.pane = TriagePane(self._pool, self._history_path)
        self.pane.openRequested.connect(self.open_current)
        self.pane.status.connect(self.status.emit)
        self.banner = self.pane.views.banner
        self.open_button = self.pane.open_button
        self.selection_label = self.pane.label

        # The table over the campaigns on the left, the selected message's analysis on the right.
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.setObjectName("triageLeft")
        self.left.addWidget(self.table)
        self.left.addWidget(campaigns)
        self.left.setStretchFactor(0, 4)
        self.left.setStretchFactor(1, 1)
        self.left.setSizes([560, 140])
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("triageSplit")
        self.split.addWidget(self.left)
        self.split.addWidget(self.pane)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([560, 640])
        self.split.setChildrenCollapsible(False)
        #: Until the user chooses, the pane goes below the table on a narrow window (see `resizeEvent`).
        self._placed_by_user = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.split, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Beside the table the pane needs width: narrower than BESIDE_MIN_WIDTH it goes below (until the
        user chose with the button)."""
        super().resizeEvent(event)
        if not self._placed_by_user:
            below = event.size().width() < BESIDE_MIN_WIDTH
            if below != self.below_button.isChecked():
                self.below_button.blockSignals(True)
                self.below_button.setChecked(below)
                self.below_button.blockSignals(False)
                self._place_pane(below, by_user=False)

    def _place_pane(self, below: bool, by_user: bool = True) -> None:
        self._placed_by_user = self._placed_by_user or by_user
        self.split.setOrientation(Qt.Orientation.Vertical if below else Qt.Orientation.Horizontal)
        self.left.setOrientation(Qt.Orientation.Horizontal if below else Qt.Orientation.Vertical)
        total = self.split.height() if below else self.split.width()
        self.split.setSizes([total * 2 // 5, total - total * 2 // 5] if below else [total * 9 // 20, total * 11 // 20])
        self.left.setSizes([800, 200] if below else [560, 140])

    # -- the run ----------------------------------------------------------------------------------------
    def _progress(self, items: int, total: int, skipped: int) -> None:
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(items, total))
        else:  # not known (an mbox is still being read): a busy bar, the counts say how far it got
            self.bar.setRange(0, 0)
        self._update_counts()

    def _update_counts(self) -> None:
        rows = self.model.rowCount()
        errors = self.model.errors
        parts = [f"{rows} messages"]
        if self.run.state is JobState.RUNNING:
            if self.run.total:
                parts[0] = f"{self.run.items} of {self.run.total} inputs read, {rows} messages"
            elif self.run.items:
                parts[0] = f"{self.run.items} inputs read (the mailbox is still being read), {rows} messages"
        if errors:
            parts.append(f"{errors} could not be analysed")
        if self.run.skipped:
            parts.append(f"{self.run.skipped} files skipped (not messages)")
        if self.proxy.rowCount() != rows:
            parts.append(f"{self.proxy.rowCount()} shown")
        if self.run.state is JobState.CANCELLED:
            parts.append("cancelled")
        self.counts.setText(" · ".join(parts))

    def _ended(self, _run_id: int, state: str, message: str) -> None:
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self._update_counts()
        if state == JobState.FAILED.value:
            self.counts.setText(shown(f"{self.counts.text()} · stopped: {message}", single_line=True))
        self.ended.emit(state)

    def cancel(self) -> None:
        """Stop the run (the rows so far stay, and can be sorted, opened and exported)."""
        if self.run.state is JobState.RUNNING:
            self.run.cancel()
            self.cancel_button.setEnabled(False)
            self.counts.setText(f"{self.counts.text()} · cancelling…")

    @property
    def running(self) -> bool:
        return self.run.state is JobState.RUNNING

    # -- campaigns --------------------------------------------------------------------------------------
    def set_campaigns(self, campaigns: list) -> None:
        """Show the campaigns found so far and number the rows by them."""
        self.campaigns = campaigns
        self.model.set_campaigns({p: c.number for c in campaigns for p in c.positions})
        selected = self.proxy.campaign
        self.campaign_list.blockSignals(True)
        self.campaign_list.clear()
        for c in campaigns:
            item = QTreeWidgetItem([f"#{c.number}", str(c.size)])
            item.setData(0, Qt.ItemDataRole.UserRole, c.number)
            item.setToolTip(
                0,
                tooltip(
                    f"Campaign #{c.number}: {c.size} messages, first seen {c.first_seen or '?'}, "
                    f"last seen {c.last_seen or '?'}"
                ),
            )
            for label, when in (("first seen", c.first_seen), ("last seen", c.last_seen)):
                child = QTreeWidgetItem([f"{label}: {when or 'unknown'}", ""])
                child.setData(0, Qt.ItemDataRole.UserRole, c.number)
                item.addChild(child)
            for kind, value, count in c.shared[:MAX_SHARED_SHOWN]:
                child = QTreeWidgetItem([shown(f"{kind}: {value}", single_line=True)[:200], f"{count}"])
                child.setData(0, Qt.ItemDataRole.UserRole, c.number)
                child.setToolTip(0, tooltip(f"{kind}: {value} (in {count} of {c.size} messages)"))
                item.addChild(child)
            self.campaign_list.addTopLevelItem(item)
            item.setExpanded(len(campaigns) <= 6)
            if c.number == selected:
                item.setSelected(True)
        if not campaigns:
            self.campaign_list.addTopLevelItem(QTreeWidgetItem(["No campaign (yet)", ""]))
        self.campaign_list.blockSignals(False)

    def _campaign_selected(self) -> None:
        items = self.campaign_list.selectedItems()
        number = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        self.proxy.set_campaign(number if isinstance(number, int) else None)
        self._update_counts()

    # -- selection --------------------------------------------------------------------------------------
    def current_row(self) -> TriageRow | None:
        index = self.table.currentIndex()
        return self.proxy.triage_row(index.row()) if index.isValid() else None

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        """The selection moved: show that message in the pane (its stored report, never a new analysis)."""
        selected = self.table.selectionModel().selectedRows()
        row = self.proxy.triage_row(selected[0].row()) if selected else None
        self.pane.show_row(None if row is None else functools.partial(self._load, row))

    def _load(self, row: TriageRow) -> tuple[str, Report | None, str]:
        report = self.run.open_report(row)
        why = "" if report is not None else str((row.outcome.error or {}).get("message", ""))
        return self._row_label(row), report, why

    @staticmethod
    def _row_label(row: TriageRow) -> str:
        from inspector.gui.triage_model import source_text

        where = source_text(row)
        return os.path.basename(where) or where

    def open_current(self) -> None:
        """Open the selected message's full analysis (the window's report views)."""
        row = self.current_row()
        if row is None:
            return
        report = self.run.open_report(row)
        if report is not None:
            self.openReport.emit(self._row_label(row), report)

    def select_row(self, proxy_row: int) -> None:
        """Select the row shown at `proxy_row` (tests, keyboard helpers)."""
        index = self.proxy.index(proxy_row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(proxy_row)
        self.pane.flush()

    def sort_by(self, column: str, descending: bool = False) -> None:
        """Sort by a column name of COLUMNS."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(COLUMNS.index(column), order)

    # -- exports ----------------------------------------------------------------------------------------
    def _suggested(self, ext: str) -> str:
        stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in self.label)[:60] or "triage"
        return f"{stem}.triage.{ext}"

    def export_csv_dialog(self, path: str | None = None) -> ExportJob | None:
        """Export the rows shown (filter and order as on screen) as CSV, in the background."""
        from inspector.gui.triage_export import csv_lines

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export table", self._suggested("csv"), "CSV (*.csv)")
        if not path:
            return None
        rows = self.proxy.shown_rows()  # taken now, on the GUI thread: later sorting does not change the file
        return self._start_export(path, functools.partial(csv_lines, rows), len(rows) + 1, "rows", -1)

    def export_jsonl_dialog(self, path: str | None = None) -> ExportJob | None:
        """Export the reports of the rows shown as JSONL, in the background."""
        from inspector.gui.triage_export import jsonl_lines

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export reports", self._suggested("jsonl"), "JSON lines (*.jsonl)"
            )
        if not path:
            return None
        rows = self.proxy.shown_rows()
        return self._start_export(
            path, functools.partial(jsonl_lines, rows, self.run.open_report), len(rows), "reports", 0
        )

    def _start_export(
        self, path: str, lines: Callable[[], Iterable[str]], total: int, what: str, offset: int
    ) -> ExportJob | None:
        if self.export_job is not None:
            self.status.emit("An export is still being written; stop it or wait for it first")
            return None
        job = ExportJob(path, lines, total, self._evidence())
        job.signals.progress.connect(self._export_progress)
        # A bound method, never a lambda: the signal comes from a pool thread and must be queued to this one.
        job.signals.done.connect(self._export_done)
        self.export_job = job
        self._export_what = (what, offset)
        self.export_csv_button.setEnabled(False)
        self.export_jsonl_button.setEnabled(False)
        self.export_bar.setRange(0, max(1, total))
        self.export_bar.setValue(0)
        self.export_bar.show()
        self.export_cancel.setEnabled(True)
        self.export_cancel.show()
        self._pool.start(job)
        return job

    def _evidence(self) -> list[str | None]:
        """The files the run read (every message file and mailbox): an export may not replace one."""
        out: list[str | None] = list(self.run.paths)
        for row in self.model.rows:
            out += [row.outcome.origin.path, row.outcome.origin.container]
        return list(dict.fromkeys(out))

    def _export_progress(self, written: int, total: int) -> None:
        self.export_bar.setValue(min(written, total))

    def cancel_export(self) -> None:
        """Stop the export being written (the file is left as it was)."""
        if self.export_job is not None:
            self.export_job.cancel()
            self.export_cancel.setEnabled(False)

    def _export_done(self, path: str, n: int, error: str) -> None:
        what, offset = self._export_what
        n = n + offset if n else 0
        self.last_export = (path, n, error)
        self.export_job = None
        self.export_csv_button.setEnabled(True)
        self.export_jsonl_button.setEnabled(True)
        self.export_bar.hide()
        self.export_cancel.hide()
        if self._closed:
            self.run.spool.close()
            return
        if error == CANCELLED:
            self.status.emit(shown(f"Export stopped; {path} was not written", single_line=True))
        elif error:
            self.export_error = f"Could not write {path}: {error}."
            self.status.emit(shown(self.export_error, single_line=True))
            box = QMessageBox(QMessageBox.Icon.Warning, "Export failed", shown(self.export_error), parent=self)
            box.setObjectName("exportError")
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # not exec(): the table stays usable behind it
        else:
            self.status.emit(shown(f"{n} {what} written to {path}", single_line=True))

    def close_run(self) -> None:
        """The page goes away: stop the run and drop the stored reports."""
        self.run.cancel()
        self._closed = True
        if self.export_job is not None:
            self.export_job.cancel()  # the spool closes when it has stopped (`_export_done`)
        elif self.run.state is not JobState.RUNNING:
            self.run.spool.close()
