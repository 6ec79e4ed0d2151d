"""The triage table's side pane: the selected message's full analysis, beside the table.

The pane is the single-message window's own report views (``report_views.ReportViews``: banner, checks,
chain, hops, headers, body, history …), filled from the row's stored report (the triage run's spool, no
second analysis), so an analyst can walk the table with the arrow keys and read each message in full
without leaving it. Enter or a double-click still opens the message as its own entry in the window.

Filling every view takes tens of milliseconds for a large report, so holding an arrow key must not queue
one fill per row: the first selection change fills the pane at once, further changes within
``REFRESH_MS`` are folded into one fill of the row selected last (leading and trailing edge).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from inspector.gui.report_views import ReportViews
from inspector.gui.safe_text import shown
from inspector.model.report import Report

#: The shortest time between two fills of the pane while the selection moves (keyboard auto-repeat).
REFRESH_MS = 90
HINT = "Select a message to see its full analysis here; Enter or a double-click opens it on its own."


class TriagePane(QWidget):
    """What the selected row's message is: a one-line header (where it came from, Open) over its report."""

    #: The user asked to open the shown message as its own entry (the Open button).
    openRequested = Signal()
    #: A status-bar message (the banner's "copied", the history tab's writes).
    status = Signal(str)

    def __init__(
        self, pool: QThreadPool, history_path: Callable[[], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("triagePane")
        self.label = QLabel(HINT)
        self.label.setObjectName("triageSelection")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.open_button = QPushButton("Open on its own")
        self.open_button.setObjectName("triageOpen")
        self.open_button.setToolTip("Open this message's analysis as its own entry in the list (Enter)")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.openRequested.emit)
        self.views = ReportViews(pool, history_path)
        self.views.setObjectName("triageReport")
        # The pane shows a stored report: re-analysing it offline belongs to the opened entry, not here.
        self.views.banner.offers_reanalysis = False
        self.views.banner.copied.connect(lambda _t: self.status.emit("Summary copied to the clipboard"))
        self.views.history.storeChanged.connect(self.status.emit)
        self.placeholder = QLabel(HINT)
        self.placeholder.setObjectName("triagePanePlaceholder")
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.views)
        header = QHBoxLayout()
        header.setContentsMargins(6, 0, 6, 0)
        header.addWidget(self.label, 1)
        header.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        self._load: Callable[[], tuple[str, Report | None, str]] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._cooled)
        self._pending = False
        #: How many times the views were filled (tests: auto-repeat is folded).
        self.fills = 0

    @property
    def report(self) -> Report | None:
        """The report shown (None when nothing, or a message that could not be analysed, is selected)."""
        return self.views.report if self.stack.currentWidget() is self.views else None

    def show_row(self, load: Callable[[], tuple[str, Report | None, str]] | None) -> None:
        """Show the selected row: `load` gives (label, report or None, why not); None clears the pane.

        The first change fills at once; changes during the next REFRESH_MS wait and the last one wins.
        """
        self._load = load
        if self._timer.isActive():
            self._pending = True
            return
        self._fill()
        self._timer.start()

    def _cooled(self) -> None:
        if self._pending:
            self._pending = False
            self._fill()
            self._timer.start()

    def flush(self) -> None:
        """Fill the pane now with the latest selection (before reading it: tests, the Open button)."""
        if self._pending:
            self._pending = False
            self._fill()

    def _fill(self) -> None:
        if self._load is None:
            self.label.setText(HINT)
            self.open_button.setEnabled(False)
            self.views.report = None
            self.stack.setCurrentWidget(self.placeholder)
            return
        label, report, why = self._load()
        if report is None:
            self.label.setText(shown(f"{label} could not be analysed: {why}"))
            self.open_button.setEnabled(False)
            self.placeholder.setText(shown(f"{label} could not be analysed:\n\n{why}"))
            self.views.report = None
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.label.setText(shown(label, single_line=True))
        self.views.show_report(report)
        self.fills += 1
        self.open_button.setEnabled(True)
        self.stack.setCurrentWidget(self.views)
