"""Lookalike and impersonation findings, each with the engine's explanation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from inspector.gui.safe_text import shown, tooltip
from inspector.gui.style import BADGE_COLOURS, placeholder
from inspector.model.report import Report, SectionState
from inspector.report.wording import NO_LOOKALIKES, lookalike_reading, section_state, severity_class

COLUMNS = ("Severity", "Field", "Value", "Resembles", "Kind")


class LookalikeView(QWidget):
    """One row per finding; the explanation wraps beneath it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("lookalikeTree")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setWordWrap(True)
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._show)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation.setMargin(6)
        self.empty = placeholder("No message analysed yet.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.explanation)
        self.tree.hide()
        self.explanation.hide()

    def set_report(self, report: Report) -> None:
        """Show the lookalike findings of `report`, or why there are none."""
        self.tree.clear()
        state = section_state(report, "lookalikes")
        if not report.lookalikes:
            if state is SectionState.ANALYSED:
                self.empty.setText(NO_LOOKALIKES)
            elif state is SectionState.ERROR:
                self.empty.setText("The lookalike checks could not be completed (internal error; see Details).")
            else:
                self.empty.setText("The lookalike checks were not run for this message.")
            self.empty.show()
            self.tree.hide()
            self.explanation.hide()
            return
        for f in report.lookalikes:
            item = QTreeWidgetItem(
                [shown(x, single_line=True) for x in (f.severity, f.field, f.value, f.resembles, f.kind)]
            )
            item.setToolTip(2, tooltip(f.explanation))
            colour = BADGE_COLOURS[severity_class(f.severity)]
            item.setBackground(0, QBrush(QColor(colour)))
            item.setForeground(0, QBrush(QColor("white")))
            reading = lookalike_reading(f)
            full = f.explanation + (f"\n{reading}" if reading else "")
            item.setData(0, Qt.ItemDataRole.UserRole, full)
            self.tree.addTopLevelItem(item)
            sub = QTreeWidgetItem([shown(f.explanation)])
            item.addChild(sub)
            sub.setFirstColumnSpanned(True)
            item.setExpanded(True)
        self.empty.hide()
        self.tree.show()
        self.explanation.show()
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def _show(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        text = current.data(0, Qt.ItemDataRole.UserRole) or current.text(0)
        self.explanation.setText(shown(text))

    def finding_count(self) -> int:
        """How many findings are listed."""
        return self.tree.topLevelItemCount()
