"""The History tab: what the analyst's own past mail says about this sender, and the buttons that teach it.

The findings and what the store knew come from the report (`Report.history`: the engine compared, the view
renders). "This message is genuine — remember its sender", "Forget this sender" and "Wipe the history…"
write to the store; each write runs on the thread pool (SQLite in a worker thread, never in the event loop)
and reports back by a queued signal. Remembering parses nothing: the report already holds every fact the
history records (`inspector.history.stage.facts_of_report`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.gui.safe_text import plain_label, shown, tooltip
from inspector.gui.style import BADGE_COLOURS
from inspector.history_cli import sender_lines
from inspector.model.content import NEW_LINK_DOMAIN
from inspector.model.history import KnownSender
from inspector.model.report import Report
from inspector.orgdomain import dmarc_org_domain
from inspector.report.wording import severity_class

REMEMBER_TEXT = "This message is genuine — remember its sender"
FORGET_TEXT = "Forget this sender"
WIPE_TEXT = "Wipe the whole history…"
#: Links new for the sender listed in the findings tree (the Links table lists them all).
MAX_LINK_ROWS = 10


class _TaskSignals(QObject):
    done = Signal(str, object)  # what happened (a sentence), the sender as now known (KnownSender | None)
    failed = Signal(str)


class StoreTask(QRunnable):
    """One write to the history store, run on the pool; the view keeps a reference until it reports."""

    def __init__(self, work: Callable[[], tuple[str, KnownSender | None]]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = _TaskSignals()

    def run(self) -> None:
        # The store (sqlite3) is imported by the first task, not with the window (start-up time).
        from inspector.history.store import HistoryError

        try:
            text, known = self.work()
        except (HistoryError, OSError) as exc:
            self.signals.failed.emit(f"The sender history could not be changed: {exc}")
            return
        except Exception as exc:  # a worker must never die silently (BLE001: re-raised in debug mode)
            if os.environ.get("INSPECTOR_DEBUG"):
                raise
            self.signals.failed.emit(f"The sender history could not be changed: {type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(text, known)


def _lookup_known(path: str, address: str) -> KnownSender | None:
    from inspector.history.checks import known_sender
    from inspector.history.store import open_history

    with open_history(path, readonly=True) as store:
        return known_sender(store.lookup(address, dmarc_org_domain(address.rsplit("@", 1)[-1])))


class HistoryView(QWidget):
    """The sender-history findings, what the store knows about the sender, and remember / forget / wipe."""

    #: Emitted after a write to the store finished (the sentence shown in the status line).
    storeChanged = Signal(str)

    def __init__(self, pool: QThreadPool, store_path: Callable[[], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pool = pool
        self.store_path = store_path
        self.report: Report | None = None
        self.tasks: list[StoreTask] = []
        #: Asked before wiping (a test replaces it).
        self.confirm_wipe: Callable[[str], bool] = self._ask_wipe
        self.note = plain_label(QLabel())
        self.note.setObjectName("historyNote")
        self.note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyFindings")
        self.tree.setHeaderLabels(["Severity", "Finding", "Explanation"])
        self.tree.setWordWrap(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.known = QPlainTextEdit()
        self.known.setObjectName("historyKnown")
        self.known.setReadOnly(True)
        self.remember_button = QPushButton(REMEMBER_TEXT)
        self.remember_button.setObjectName("rememberSender")
        self.remember_button.clicked.connect(self.remember)
        self.forget_button = QPushButton(FORGET_TEXT)
        self.forget_button.setObjectName("forgetSender")
        self.forget_button.clicked.connect(self.forget)
        self.wipe_button = QPushButton(WIPE_TEXT)
        self.wipe_button.setObjectName("wipeHistory")
        self.wipe_button.clicked.connect(self.wipe)
        self.status = plain_label(QLabel())
        self.status.setObjectName("historyStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.remember_button, self.forget_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.wipe_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 3)
        layout.addWidget(plain_label(QLabel("What the history knows about this sender:")))
        layout.addWidget(self.known, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._refresh_buttons()

    # -- showing ------------------------------------------------------------------------------------------
    def set_report(self, report: Report) -> None:
        """Show `report`'s history section."""
        self.report = report
        h = report.history
        self.note.setText(shown(h.note))
        self.tree.clear()
        rows = [(f.severity, f.kind, f.explanation, f.evidence) for f in h.findings]
        # The history's link findings live on the links themselves (content.links[].findings, the one place
        # they are stated); they are listed here too, each with the link it is about.
        rows += [
            (f.severity, f.kind, f.explanation, (f"link: {link.url_defanged}",))
            for link in report.content.links
            for f in link.findings
            if f.kind == NEW_LINK_DOMAIN
        ][:MAX_LINK_ROWS]
        for severity, kind, explanation, evidence in rows:
            item = QTreeWidgetItem([shown(x, single_line=True) for x in (severity, kind, explanation)])
            item.setToolTip(2, tooltip(explanation))
            item.setBackground(0, QBrush(QColor(BADGE_COLOURS[severity_class(severity)])))
            item.setForeground(0, QBrush(QColor("white")))
            for line in evidence:
                sub = QTreeWidgetItem(["", "", shown(line, single_line=True)])
                item.addChild(sub)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        if not rows:
            empty = "Nothing unusual against the sender's history." if h.available else "No history findings."
            self.tree.addTopLevelItem(QTreeWidgetItem(["", "", empty]))
        self._show_known(h.sender)
        self.status.setText("")
        self._refresh_buttons()

    def _show_known(self, known: KnownSender | None) -> None:
        if known is None:
            text = "Nothing: this sender is not in the history." if self.report else ""
        else:
            text = "\n".join(sender_lines(known))
        self.known.setPlainText(shown(text))

    def link_finding_rows(self) -> list[str]:
        """The explanations of the link rows listed (tests)."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [it.text(2) for it in items if it is not None and it.text(1) == NEW_LINK_DOMAIN]

    def finding_kinds(self) -> list[str]:
        """The kinds listed (tests)."""
        return [f.kind for f in self.report.history.findings] if self.report else []

    def _address(self) -> str | None:
        if self.report is None:
            return None
        return (self.report.identities.from_address or "").strip().lower() or None

    def _refresh_buttons(self) -> None:
        can = self._address() is not None and bool(self.store_path())
        self.remember_button.setEnabled(can)
        self.forget_button.setEnabled(can)
        self.wipe_button.setEnabled(bool(self.store_path()))

    # -- writing (on the pool) ----------------------------------------------------------------------------
    def _start(self, work: Callable[[], tuple[str, KnownSender | None]]) -> StoreTask:
        task = StoreTask(work)
        task.signals.done.connect(self._done)
        task.signals.failed.connect(self._failed)
        self.tasks.append(task)
        for b in (self.remember_button, self.forget_button, self.wipe_button):
            b.setEnabled(False)
        self.status.setText("Updating the sender history…")
        self.pool.start(task)
        return task

    def remember(self) -> StoreTask | None:
        """Record this message's sender as genuine (its address, organisation and infrastructure facts)."""
        path, report = self.store_path(), self.report
        if not path or report is None or self._address() is None:
            return None
        fingerprint = report.history.fingerprint or report.source.sha256

        def work() -> tuple[str, KnownSender | None]:
            from inspector.history.stage import facts_of_report
            from inspector.history.store import open_history

            facts = facts_of_report(report)
            if facts.address is None:
                return "This message has no sender address to remember.", None
            with open_history(path) as store:
                result = store.learn([(fingerprint, facts)])
            known = _lookup_known(path, facts.address or "")
            if result.learnt:
                return f"Remembered {facts.address} as a genuine sender.", known
            return f"{facts.address}: this message was already in the history.", known

        return self._start(work)

    def forget(self) -> StoreTask | None:
        """Remove this sender's address (and its counts) from the store."""
        path, address = self.store_path(), self._address()
        if not path or address is None:
            return None

        def work() -> tuple[str, KnownSender | None]:
            from inspector.history.store import open_history

            with open_history(path) as store:
                removed = store.forget(address)
            return (f"Forgot {address}." if removed else f"{address} was not in the history."), None

        return self._start(work)

    def wipe(self) -> StoreTask | None:
        """Forget everything the store holds, after asking."""
        path = self.store_path()
        if not path or not self.confirm_wipe(path):
            return None

        def work() -> tuple[str, KnownSender | None]:
            from inspector.history.stage import close_readers
            from inspector.history.store import open_history

            if os.path.isfile(path):
                with open_history(path) as store:
                    store.wipe()
            close_readers()
            return "The sender history was wiped: nothing learnt is left.", None

        return self._start(work)

    def _ask_wipe(self, path: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Wipe the sender history",
            shown(f"Forget every sender learnt so far?\n\n{path}\n\nThis cannot be undone."),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _finish(self) -> None:
        sender = self.sender()
        self.tasks = [t for t in self.tasks if t.signals is not sender]
        self._refresh_buttons()

    def _done(self, text: str, known: object) -> None:
        self._finish()
        self.status.setText(shown(text + " The next analysis compares with the updated history."))
        self._show_known(known if isinstance(known, KnownSender) else None)
        self.storeChanged.emit(text)

    def _failed(self, text: str) -> None:
        self._finish()
        self.status.setText(shown(text))
