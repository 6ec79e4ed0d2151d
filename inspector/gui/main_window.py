"""The main window: drop or open messages, see each analysis; everything else is a view of a Report.

Several dropped files become a list of analyses (left); the selected one fills the right side with the
verdict banner and the tabs. Each analysis runs in a child process relayed by a job on a QThreadPool
(`worker.py`); while it runs the page shows what it is doing (the DNS question being asked) and a Cancel
button that ends the child.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from inspector.dns.source import DnsSource
from inspector.gui import table_copy
from inspector.gui.dns_status import dns_status
from inspector.gui.export import export_html, export_json, suggested_name
from inspector.gui.jobs import JobManager, JobState
from inspector.gui.report_views import TAB_TITLES, VIEWS, ReportViews
from inspector.gui.safe_text import shown, tooltip, warning_box
from inspector.gui.settings import (
    DnsMode,
    GuiSettings,
    analysis_inputs_changed,
    build_source,
    describe_mode,
    history_path,
)
from inspector.gui.style import LEVEL_COLOURS
from inspector.gui.worker import AnalysisJob, AnalysisRequest, WarmUp
from inspector.model.report import Report
from inspector.report.wording import LEVEL_WORD

FILE_FILTER = "Messages (*.eml *.msg *.txt);;All files (*)"

__all__ = ["VIEWS", "Entry", "MainWindow"]  # VIEWS lives in report_views.py; `--tab` names come from here


@dataclass
class Entry:
    """One analysis in the list."""

    job_id: int
    request: AnalysisRequest
    item: QListWidgetItem
    state: JobState = JobState.RUNNING
    report: Report | None = None
    error: str = ""
    progress: str = "starting"
    #: The page this entry shows instead of a report (a triage table: `triage_view.TriageView`).
    page: QWidget | None = None


#: Colour of the neutral icons (running, cancelled, could not read): not a verdict colour.
NEUTRAL = "#9e9e9e"
UNREADABLE = "#757575"
#: The item data role holding the words after the file name ("Dangerous", "could not read"): drawn in full.
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1


def _dot(colour: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(1, 1, 12, 12)
    p.end()
    return QIcon(pix)


def _unreadable_icon() -> QIcon:
    """A grey ring with a question mark: the file could not be read, which says nothing about danger."""
    pix = QPixmap(14, 14)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(UNREADABLE), 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QRectF(1.5, 1.5, 11, 11))
    font = QFont()
    font.setPixelSize(10)
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(0, 0, 14, 14), Qt.AlignmentFlag.AlignCenter, "?")
    p.end()
    return QIcon(pix)


class AnalysisItemDelegate(QStyledItemDelegate):
    """Draws "file name — status" with the status always whole: a long file name is elided in its middle."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        status = index.data(STATUS_ROLE)
        if not status:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "").removesuffix(f" — {status}")
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget).adjusted(2, 0, -2, 0)
        text = list_label(name, str(status), rect.width(), opt.fontMetrics)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        painter.drawText(
            rect,
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """As tall as the style wants, but never wider than the list: the name is elided, never scrolled."""
        hint = super().sizeHint(option, index)
        widget = option.widget
        viewport = getattr(widget, "viewport", None)
        width = viewport().width() if callable(viewport) else hint.width()
        return QSize(min(hint.width(), max(width, 40)), hint.height())


def list_label(name: str, status: str, width: int, metrics: QFontMetrics) -> str:
    """What the list shows for `name — status` in `width` pixels (the delegate's rule, for tests)."""
    tail = f" — {status}"
    return (
        metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, max(0, width - metrics.horizontalAdvance(tail))) + tail
    )


def local_paths(mime: QMimeData) -> list[str]:
    """The local files in a drag or on the clipboard."""
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


class PasteDialog(QDialog):
    """Paste header text (from a mail client's "show original") to analyse it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste headers")
        self.edit = QPlainTextEdit(text)
        self.edit.setPlaceholderText("Paste the message headers here (everything above the first empty line).")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Analyse")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        #: Why the text was refused (shown under the text; the dialog stays open to fix it).
        self.error = QLabel()
        self.error.setObjectName("pasteError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(720, 480)

    def accept(self) -> None:
        """Analyse only text that reads as header fields; otherwise say why and stay open."""
        from inspector.ingest.header_text import pasted_text_problem

        problem = pasted_text_problem(self.edit.toPlainText())
        if problem is not None:
            self.error.setText(shown(f"Not analysed: {problem}."))
            self.error.show()
            return
        super().accept()


class MainWindow(QMainWindow):
    """The application window."""

    #: Emitted (job id) once an analysis has ended in any way and the window shows its result.
    analysisDone = Signal(int)

    def __init__(
        self,
        settings: GuiSettings | None = None,
        *,
        dns_override: Callable[[], DnsSource] | None = None,
        dns_override_label: str | None = None,
        pool: QThreadPool | None = None,
        persist_state: bool = True,
        remember_recent: bool | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or GuiSettings()
        self.dns_override = dns_override
        self.dns_override_label = dns_override_label
        self.pool = pool or QThreadPool.globalInstance()
        #: Owns the analyses, the pool and the triage runs (`jobs.py`); the window shows what they report.
        self.manager = JobManager(self.pool, self)
        self.manager.finished.connect(self._job_finished)
        self.manager.failed.connect(self._job_failed)
        self.manager.progress.connect(self._job_progress)
        #: False for --screenshot: a deterministic layout, and the user's saved layout left alone.
        self.persist_state = persist_state
        #: False for --screenshot (default: as persist_state): opening files leaves the recent list alone.
        self.remember_recent = persist_state if remember_recent is None else remember_recent
        self.entries: list[Entry] = []
        #: Why the last paste was refused ("" when it was analysed).
        self.paste_refusal = ""
        #: The list's status icons, painted once per window (key: a colour, or "unreadable").
        self._icons: dict[str, QIcon] = {}
        self.setWindowTitle("Email Header Inspector")
        self.setAcceptDrops(True)
        from inspector.gui.app import app_icon

        self.setWindowIcon(app_icon())
        self._build_pages()
        self._build_menus()
        self._build_status()
        self._restore_state()
        self._refresh_actions()
        table_copy.install(self)  # Ctrl+C copies whole rows in every list and table; Ctrl+V there starts nothing
        self._warm_up = WarmUp()
        self._warm_up.setAutoDelete(False)  # we keep the reference (see worker.py)
        self._warm_up_started = False

    # -- construction -----------------------------------------------------------------------------------
    def _build_pages(self) -> None:
        self.list = QListWidget()
        self.list.setObjectName("analysisList")
        self.list.setMinimumWidth(200)
        self.list.currentRowChanged.connect(self._show_row)
        self.list.setIconSize(QSize(14, 14))
        self.list.setItemDelegate(AnalysisItemDelegate(self.list))
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)

        # Welcome / drop zone.
        self.welcome = QLabel(
            "Drop .eml or .msg files here\n\n"
            "or File ▸ Open… (Ctrl+O), or paste raw headers (Ctrl+V)\n\n"
            "Nothing is sent anywhere except the DNS questions the checks need;\n"
            "attachments are never opened and remote content is never loaded."
        )
        self.welcome.setObjectName("dropZone")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.welcome.setStyleSheet(
            "#dropZone { border: 2px dashed palette(mid); border-radius: 12px; font-size: 13pt; margin: 24px; }"
        )

        # Busy page.
        self.busy = QWidget()
        bl = QVBoxLayout(self.busy)
        bl.addStretch(1)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy_label.setWordWrap(True)
        # Room for the step and a two-line DNS notice ("No DNS server answers …"), never clipped.
        self.busy_label.setMinimumHeight(self.busy_label.fontMetrics().lineSpacing() * 5)
        self.busy_label.setContentsMargins(24, 0, 24, 0)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(420)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel_current)
        bl.addWidget(self.busy_label)
        bl.addWidget(self.busy_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        bl.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        bl.addStretch(2)

        # Error page.
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("font-size: 12pt; margin: 24px;")

        # Report page: the banner over the tabs (report_views.py; the triage table's side pane is another one).
        # The history store "remember" writes: the chosen or default file, even before it exists (analyses
        # read it only once it does: `inspector.paths.history_for_analysis`).
        self.report_page = ReportViews(self.pool, lambda: history_path(self.settings.load()))
        rv = self.report_page
        self.banner, self.auth, self.chain, self.hops_table = rv.banner, rv.auth, rv.chain, rv.hops_table
        self.lookalikes, self.filters, self.headers, self.body = rv.lookalikes, rv.filters, rv.headers, rv.body
        self.details, self.overview, self.tabs, self.history = rv.details, rv.overview, rv.tabs, rv.history
        self.banner.copied.connect(lambda _t: self.statusBar().showMessage("Summary copied to the clipboard", 4000))
        self.banner.analyseOffline.connect(lambda: self.reanalyse_current())
        self.banner.useSnapshot.connect(self.reanalyse_with_snapshot)
        self.history.storeChanged.connect(lambda text: self.statusBar().showMessage(text, 6000))

        self.pages = QStackedWidget()
        for w in (self.welcome, self.busy, self.error_label, self.report_page):
            self.pages.addWidget(w)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([290, 1000])
        self.list.hide()
        self.setCentralWidget(self.splitter)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&File")
        self.act_open = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.act_paste = self._action(
            "Analyse &Clipboard",
            self.paste_clipboard,
            QKeySequence.StandardKey.Paste,
            "Analyse copied headers or files",
        )
        self.act_paste_dialog = self._action("&Paste Headers…", self.paste_dialog, "Ctrl+Shift+V")
        self.recent_menu = m.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_export_html = self._action("Export &HTML Report…", self.export_html_dialog, "Ctrl+E")
        self.act_export_json = self._action("Export &JSON Report…", self.export_json_dialog, "Ctrl+Shift+E")
        self.act_close = self._action("Close &Analysis", self.close_current, QKeySequence.StandardKey.Close)
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        m.addAction(self.act_open)
        from inspector.gui.triage_window import add_open_actions

        add_open_actions(self, m)
        m.addAction(self.act_paste)
        m.addAction(self.act_paste_dialog)
        m.addMenu(self.recent_menu)
        m.addSeparator()
        m.addAction(self.act_export_html)
        m.addAction(self.act_export_json)
        m.addSeparator()
        m.addAction(self.act_close)
        m.addAction(self.act_quit)

        e = bar.addMenu("&Edit")
        self.act_copy_summary = self._action("&Copy Summary for a Ticket", self.banner.copy_summary, "Ctrl+Shift+C")
        self.act_settings = self._action("&Settings…", self.settings_dialog, QKeySequence.StandardKey.Preferences)
        if self.act_settings.shortcut().isEmpty():
            self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        e.addAction(self.act_copy_summary)
        e.addSeparator()
        e.addAction(self.act_settings)

        v = bar.addMenu("&View")
        for i, name in enumerate(TAB_TITLES):
            v.addAction(self._action(name, functools.partial(self.tabs.setCurrentIndex, i), f"Ctrl+{i + 1}"))
        v.addSeparator()
        v.addAction(self._action("Zoom &In (chain)", lambda: self.chain.zoom_by(1.15), QKeySequence.StandardKey.ZoomIn))
        v.addAction(
            self._action("Zoom &Out (chain)", lambda: self.chain.zoom_by(1 / 1.15), QKeySequence.StandardKey.ZoomOut)
        )
        v.addAction(self._action("&Fit Chain Width", self.chain.fit_width, "Ctrl+0"))
        v.addSeparator()
        v.addAction(self._action("&Next Analysis", lambda: self._step(1), "Alt+Down"))
        v.addAction(self._action("&Previous Analysis", lambda: self._step(-1), "Alt+Up"))
        v.addAction(self._action("Analysis &List", self.list.setFocus, "F6"))

        h = bar.addMenu("&Help")
        h.addAction(self._action("&About", self.about))

    @property
    def jobs(self) -> dict[int, AnalysisJob]:
        """The running analyses by job id (owned by the job layer)."""
        return self.manager.jobs

    def _build_status(self) -> None:
        self.dns_label = QLabel()
        self.dns_label.setObjectName("dnsModeLabel")
        self.dns_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.dns_label)
        self.update_dns_label()

    def update_dns_label(self) -> None:
        """Show where the shown report's DNS answers came from (its own provenance), else what the next
        analysis will use."""
        if self.dns_override_label:
            next_mode = f"DNS: {self.dns_override_label}"
        else:
            next_mode = describe_mode(self.settings.load())
        text, tip = dns_status(self.current_report(), next_mode)
        self.dns_label.setText(shown(text, single_line=True))
        self.dns_label.setToolTip(tooltip(tip))

    def _restore_state(self) -> None:
        if not self.persist_state:
            self.resize(1280, 820)
            return
        geo = self.settings.window_state("geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 820)
        for key, splitter in (("main_splitter", self.splitter), ("overview", self.overview)):
            state = self.settings.window_state(key)
            if state is not None:
                splitter.restoreState(state)
        state = self.settings.window_state("state")
        if state is not None:
            self.restoreState(state)

    def save_window_state(self) -> None:
        """Remember size, position and splitters for the next run."""
        if not self.persist_state:
            return
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("state", self.saveState())
        self.settings.set_window_state("main_splitter", QByteArray(self.splitter.saveState()))
        self.settings.set_window_state("overview", QByteArray(self.overview.saveState()))
        self.settings.sync()

    # -- starting analyses ------------------------------------------------------------------------------
    def open_paths(self, paths: Sequence[str], dns_override: Callable[[], DnsSource] | None = None) -> list[int]:
        """Analyse each file (a folder, an mbox or many files: one triage table); returns the job ids."""
        from inspector.gui import triage_window

        if dns_override is None and triage_window.wants_triage(paths):
            return [triage_window.open_triage(self, paths)]
        ids = []
        for p in paths:
            if self.remember_recent:
                self.settings.add_recent(os.path.abspath(p))
            ids.append(self._start(AnalysisRequest(os.path.basename(p) or p, path=p, dns_override=dns_override)))
        return ids

    def analyse_text(self, text: str) -> int:
        """Analyse pasted header text."""
        label = f"Pasted headers {datetime.now().strftime('%H:%M:%S')}"
        return self._start(AnalysisRequest(label, pasted=text))

    def _start(self, request: AnalysisRequest) -> int:
        job_id = self.manager.new_id()
        item = QListWidgetItem(shown(request.label, single_line=True))
        item.setIcon(self._dot(NEUTRAL))
        item.setToolTip(tooltip(request.path or request.label))
        entry = Entry(job_id, request, item)
        self.entries.append(entry)
        self.list.addItem(item)
        self.list.setVisible(len(self.entries) > 1)
        self._launch(entry)
        return job_id

    def _launch(self, entry: Entry) -> None:
        """Start `entry`'s analysis with the current settings (a new one, or a re-analysis)."""
        job_id, request = entry.job_id, entry.request
        settings = self.settings.analysis_settings()
        # The one place the DNS is chosen: the request's own (demo), the command line's, else the settings'.
        factory = request.dns_override or self.dns_override or self.settings.dns_factory()
        if len(self.entries) == 1 or self.list.currentRow() < 0 or self._current_is_idle():
            self.list.setCurrentRow(len(self.entries) - 1)
        self._show_current()
        self.manager.start(request, settings, factory, job_id)

    def reanalyse_open(self) -> int:
        """Analyse every open message again with the current settings (trusted ids, networks, domains or the
        DNS mode changed: each verdict may change). Returns how many were started."""
        started = 0
        for entry in self.entries:
            if entry.page is not None:  # a triage table: its rows keep the settings they were analysed with
                continue
            if entry.state is JobState.RUNNING:
                self.manager.cancel(entry.job_id)
            entry.job_id = self.manager.new_id()
            entry.state, entry.report, entry.error, entry.progress = JobState.RUNNING, None, "", "starting"
            entry.item.setIcon(self._dot(NEUTRAL))
            entry.item.setText(shown(entry.request.label, single_line=True))
            entry.item.setData(STATUS_ROLE, None)
            self._launch(entry)
            started += 1
        return started

    def reanalyse_current(self, snapshot: str | None = None) -> int | None:
        """Analyse the shown message again offline, or with the DNS snapshot file `snapshot`: the way out the
        banner offers when no DNS server answered (our DNS failed, not the sender's records)."""
        entry = self.current_entry()
        if entry is None:
            return None
        factory = functools.partial(build_source, DnsMode.OFFLINE, "", snapshot or "")
        label = f"{entry.request.label} ({'with a DNS snapshot' if snapshot else 'offline'})"
        return self._start(dataclasses.replace(entry.request, label=label, dns_override=factory))

    def reanalyse_with_snapshot(self) -> None:
        """Ask for a DNS snapshot file (`inspector dns-capture`) and analyse the shown message with it."""
        path, _ = QFileDialog.getOpenFileName(self, "DNS snapshot", "", "DNS snapshots (*.json);;All files (*)")
        if path:
            self.reanalyse_current(path)

    def _current_is_idle(self) -> bool:
        e = self.current_entry()
        return e is None or e.state is not JobState.RUNNING

    # -- job results (GUI thread, queued) -----------------------------------------------------------------
    def _entry(self, job_id: int) -> Entry | None:
        return next((e for e in self.entries if e.job_id == job_id), None)

    def _job_finished(self, job_id: int, report: object) -> None:
        entry = self._entry(job_id)
        if entry is None or entry.state is JobState.CANCELLED or not isinstance(report, Report):
            return
        entry.state = JobState.DONE
        entry.report = report
        level = report.verdict.level
        self._set_status(entry, self._dot(LEVEL_COLOURS[level]), LEVEL_WORD[level])
        if entry is self.current_entry():
            self._show_current()
        self.analysisDone.emit(job_id)

    def _job_failed(self, job_id: int, message: str) -> None:
        entry = self._entry(job_id)
        if entry is None or entry.state is JobState.CANCELLED:
            return
        entry.state = JobState.FAILED
        entry.error = message
        self._set_status(entry, self._unreadable(), "could not read")
        if entry is self.current_entry():
            self._show_current()
        self.analysisDone.emit(job_id)

    def _dot(self, colour: str) -> QIcon:
        icon = self._icons.get(colour)
        if icon is None:
            icon = self._icons[colour] = _dot(colour)
        return icon

    def _unreadable(self) -> QIcon:
        icon = self._icons.get("unreadable")
        if icon is None:
            icon = self._icons["unreadable"] = _unreadable_icon()
        return icon

    @staticmethod
    def _set_status(entry: Entry, icon: QIcon, status: str) -> None:
        entry.item.setIcon(icon)
        entry.item.setText(f"{shown(entry.request.label, single_line=True)} — {status}")
        entry.item.setData(STATUS_ROLE, status)
        entry.item.setToolTip(tooltip(f"{entry.request.path or entry.request.label}\n{status}"))

    def _job_progress(self, job_id: int, text: str) -> None:
        entry = self._entry(job_id)
        if entry is None or entry.state is not JobState.RUNNING:
            return
        entry.progress = text
        if entry is self.current_entry():
            self.busy_label.setText(shown(f"Analysing {entry.request.label}…\n{text}"))

    def cancel_current(self) -> None:
        """Cancel the shown analysis (the window is free at once; a DNS query in flight ends in the background)."""
        entry = self.current_entry()
        if entry is None or entry.state is not JobState.RUNNING:
            return
        if entry.page is not None:  # a triage run: its page says so, the rows so far stay
            entry.page.cancel()  # type: ignore[attr-defined]
            return
        self.manager.cancel(entry.job_id)
        entry.state = JobState.CANCELLED
        entry.error = "Analysis cancelled."
        self._set_status(entry, self._dot(NEUTRAL), "cancelled")
        self._show_current()
        self.analysisDone.emit(entry.job_id)

    # -- showing ----------------------------------------------------------------------------------------
    def current_entry(self) -> Entry | None:
        """The analysis shown on the right."""
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _show_row(self, _row: int) -> None:
        self._show_current()

    def _show_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            self.pages.setCurrentWidget(self.welcome)
            self.setWindowTitle("Email Header Inspector")
        elif entry.page is not None:
            self.pages.setCurrentWidget(entry.page)
        elif entry.state is JobState.RUNNING:
            self.busy_label.setText(shown(f"Analysing {entry.request.label}…\n{entry.progress}"))
            self.pages.setCurrentWidget(self.busy)
        elif entry.state in (JobState.FAILED, JobState.CANCELLED):
            if entry.state is JobState.FAILED:
                self.error_label.setText(shown(f"{entry.request.label} cannot be analysed:\n\n{entry.error}"))
            else:
                self.error_label.setText(shown(f"The analysis of {entry.request.label} was cancelled."))
            self.pages.setCurrentWidget(self.error_label)
        elif entry.report is not None and self.banner.report is not entry.report:
            self.show_report(entry.report)
        else:
            self.pages.setCurrentWidget(self.report_page)
        if entry is not None:
            self.setWindowTitle(f"{shown(entry.request.label, single_line=True)} — Email Header Inspector")
        self.update_dns_label()
        self._refresh_actions()

    def show_report(self, report: Report) -> None:
        """Fill every view from `report`."""
        self.report_page.show_report(report)
        self.pages.setCurrentWidget(self.report_page)
        table_copy.install(self)  # views a report page creates on demand
        self._refresh_actions()

    def show_view(self, name: str) -> None:
        """Bring the view called `name` (a key of VIEWS) to the front; the HTML view renders on demand."""
        self.report_page.show_view(name)

    def current_view(self) -> str:
        """The name of the view in front (the first name when two share a tab)."""
        return self.report_page.current_view()

    def current_report(self) -> Report | None:
        """The report shown, if any."""
        e = self.current_entry()
        return e.report if e is not None and e.state is JobState.DONE else None

    def _refresh_actions(self) -> None:
        has = self.current_report() is not None
        for act in (self.act_export_html, self.act_export_json, self.act_copy_summary):
            act.setEnabled(has)
        self.act_close.setEnabled(self.current_entry() is not None)

    def _step(self, delta: int) -> None:
        if self.entries:
            self.list.setCurrentRow(max(0, min(len(self.entries) - 1, self.list.currentRow() + delta)))

    def close_current(self) -> None:
        """Remove the shown analysis from the list."""
        entry = self.current_entry()
        if entry is None:
            return
        if entry.state is JobState.RUNNING:
            self.cancel_current()
        if entry.page is not None:
            entry.page.close_run()  # type: ignore[attr-defined]
            self.pages.removeWidget(entry.page)
            entry.page.deleteLater()
        row = self.entries.index(entry)
        self.entries.pop(row)
        self.list.takeItem(row)
        self.list.setVisible(len(self.entries) > 1)
        self._show_current()

    # -- menus and dialogs --------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        """File ▸ Open…"""
        paths, _ = QFileDialog.getOpenFileNames(self, "Open messages", "", FILE_FILTER)
        if paths:
            self.open_paths(paths)

    def paste_clipboard(self) -> None:
        """Ctrl+V: analyse copied files, or copied header text."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None:
            paths = local_paths(mime)
            if paths:
                self.open_paths(paths)
                return
            text = mime.text()
            if text.strip():
                self.analyse_pasted(text)
                return
        self.statusBar().showMessage("The clipboard holds no text or files to analyse", 5000)

    def analyse_pasted(self, text: str) -> int | None:
        """Analyse pasted or dropped text if it reads as header fields; otherwise refuse it and say why
        (a chat sentence or a fragment is not a message: no verdict about nothing)."""
        from inspector.ingest.header_text import pasted_text_problem

        problem = pasted_text_problem(text)
        if problem is None:
            self.paste_refusal = ""
            return self.analyse_text(text)
        self.paste_refusal = f"The pasted text was not analysed: {problem}."
        self.statusBar().showMessage(shown(self.paste_refusal, single_line=True), 15_000)
        box = QMessageBox(QMessageBox.Icon.Information, "Not e-mail headers", shown(self.paste_refusal), parent=self)
        box.setObjectName("pasteRefusal")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the window stays responsive
        return None

    def paste_dialog(self) -> None:
        """File ▸ Paste Headers…"""
        dlg = PasteDialog(QGuiApplication.clipboard().text(), self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.edit.toPlainText().strip():
            self.analyse_text(dlg.edit.toPlainText())

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            act = self.recent_menu.addAction(shown(path, single_line=True).replace("&", "&&"))
            act.triggered.connect(lambda _c=False, p=path: self.open_paths([p]))
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List").triggered.connect(lambda _c=False: self.settings.clear_recent())

    def export_html_dialog(self) -> None:
        """File ▸ Export HTML Report…"""
        self._export("html", "HTML report (*.html)", export_html)

    def export_json_dialog(self) -> None:
        """File ▸ Export JSON Report…"""
        self._export("json", "JSON report (*.json)", export_json)

    def _export(self, ext: str, filt: str, write: Callable[[Report, str], None]) -> None:
        report = self.current_report()
        if report is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export report", suggested_name(report, ext), filt)
        if not path:
            return
        try:
            write(report, path)
        except OSError as exc:
            warning_box(self, "Export failed", f"Could not write {path}:\n{exc.strerror or exc}")
            return
        self.statusBar().showMessage(shown(f"Report written to {path}", single_line=True), 6000)

    def settings_dialog(self) -> None:
        """Edit ▸ Settings…"""
        from inspector.gui.settings_dialog import SettingsDialog

        before = self.settings.load()
        dlg = SettingsDialog(self.settings, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.update_dns_label()
            if analysis_inputs_changed(before, self.settings.load()) and self.reanalyse_open():
                self.statusBar().showMessage("Settings saved; the open messages are analysed again", 5000)
            else:
                self.statusBar().showMessage("Settings saved; they apply to the next analysis", 5000)

    def about(self) -> None:
        """Help ▸ About: our licence and Qt's LGPL notice with where its texts are (inspector/gui/about.py)."""
        import PySide6
        from PySide6.QtCore import qVersion

        from inspector.gui.about import about_html

        QMessageBox.about(self, "About Email Header Inspector", about_html(qVersion(), PySide6.__version__))

    # -- drag and drop ------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if local_paths(mime) or mime.hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        paths = local_paths(mime)
        if paths:
            self.open_paths(paths)
            event.acceptProposedAction()
        elif mime.hasText() and mime.text().strip():
            self.analyse_pasted(mime.text())
            event.acceptProposedAction()
        else:
            event.ignore()

    # -- lifetime -----------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # Dark/light switch: the chain canvas paints from the palette; repaint it.
            self.chain.view.viewport().update()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._warm_up_started:
            # After the window is up, not while it is being shown: the warm-up imports the engine (holding the
            # GIL) and spawns the analysis child, which on two cores delayed the first paint (start-up time).
            self._warm_up_started = True
            QTimer.singleShot(0, lambda: self.pool.start(self._warm_up))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self.manager.cancel_all()
        super().closeEvent(event)
