"""The authentication panel: SPF, each DKIM signature, DMARC, ARC — badge, provenance, expandable detail.

A tree (not cards) because it is keyboard-navigable for free, expands per check, and the analyst's
detail (selector, key size, alignment, DNS record text, the receiver's own result) nests under the line
a helpdesk worker reads.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from inspector.gui.safe_text import shown, tooltip
from inspector.gui.style import badge_colour, placeholder
from inspector.gui.wrapping import keep_wrapped
from inspector.model.auth import AuthResult
from inspector.model.report import Report
from inspector.report.check_cards import MAX_ROWS, CheckCard, check_cards
from inspector.report.wording import detail_text

COLUMNS = ("Check", "Our result", "Source of facts", "Receiver recorded", "Detail")
#: Checks the table always shows whole, however their text wraps (at 1024×600 it once showed one).
MIN_ROWS_SHOWN = 3


class AuthPanel(QWidget):
    """Every authentication check of one report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("authTree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((130, 120, 330, 280)):
            self.tree.setColumnWidth(col, width)
        # Detail keeps a third of the width and wraps (it shrank to "mailfrom …" at 1024×600).
        keep_wrapped(self.tree, header, (0.11, 0.11, 0.22, 0.22, 0.34))
        self.tree.setStyleSheet("QTreeView::item { padding: 2px 0px; }")
        self.tree.setMinimumHeight(self._height_for(MIN_ROWS_SHOWN * (self.tree.fontMetrics().lineSpacing() + 6)))
        # The first checks' wrapped height depends on the column widths: measured again when they change.
        self.tree.viewport().installEventFilter(self)
        self._fitted_width = -1
        self.empty = placeholder("No message analysed yet.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        self.tree.hide()

    # -- building rows ----------------------------------------------------------------------------------
    def _top(self, check: str, result: AuthResult | None, prov: str, recorded: str, detail: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [shown(x, single_line=True) for x in (check, result.value if result else "", prov, recorded, detail)]
        )
        bold = QFont(item.font(0))
        bold.setBold(True)
        item.setFont(0, bold)
        if result is not None:
            item.setBackground(1, QBrush(badge_colour(result)))
            item.setForeground(1, QBrush(QColor("white")))
            item.setFont(1, bold)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
        item.setToolTip(4, tooltip(detail))
        self.tree.addTopLevelItem(item)
        return item

    @staticmethod
    def _child(parent: QTreeWidgetItem, label: str, value: object) -> None:
        # At most MAX_ROWS rows per check (10,000 word-wrapped rows would freeze the GUI thread for minutes).
        if parent.childCount() > MAX_ROWS:
            return
        if parent.childCount() == MAX_ROWS:
            more = QTreeWidgetItem(["… more lines not shown here (all are in the JSON export)"])
            parent.addChild(more)
            more.setFirstColumnSpanned(True)
            return
        text = detail_text(value)
        if text is None:
            return
        # One spanned line "Label: value": details are long and read best as a sentence under the check.
        child = QTreeWidgetItem([shown(f"{label}:  {text}")])
        child.setToolTip(0, tooltip(text))
        parent.addChild(child)
        child.setFirstColumnSpanned(True)

    def _card(self, card: CheckCard) -> None:
        item = self._top(card.title, card.status, card.source, card.recorded, card.summary)
        for row in card.details:
            self._child(item, row.label, row.value)
        for line in card.dns:
            self._child(item, "DNS", line)
        for line in card.receivers:
            self._child(item, "Receiver", line)
        if card.omitted and item.childCount() <= MAX_ROWS:
            more = QTreeWidgetItem([f"… {card.omitted:,} more lines not shown here (all are in the JSON export)"])
            item.addChild(more)
            more.setFirstColumnSpanned(True)
        if card.expanded:
            item.setExpanded(True)

    # -- public -----------------------------------------------------------------------------------------
    def set_report(self, report: Report) -> None:
        """Show every check of `report`: the engine's check cards (`inspector.report.check_cards`), as rows."""
        self.tree.clear()
        for card in check_cards(report, see="Details"):
            self._card(card)
        self.empty.hide()
        self.tree.show()
        self._fitted_width = -1
        QTimer.singleShot(0, self.fit_height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.tree.viewport().width() != self._fitted_width:
            QTimer.singleShot(0, self.fit_height)
        return False

    def fit_height(self) -> None:
        """Give the table the height of its first MIN_ROWS_SHOWN checks as wrapped now, so a short window
        (the splitter, the page's scroll area) never squeezes them out of sight."""
        tree = self.tree
        count = min(MIN_ROWS_SHOWN, tree.topLevelItemCount())
        if count == 0 or not tree.isVisible():
            return
        tree.doItemsLayout()  # the rows measured at the columns' current widths
        items = [tree.topLevelItem(i) for i in range(count)]
        rows = sum(tree.visualItemRect(item).height() for item in items if item is not None)
        self._fitted_width = tree.viewport().width()
        tree.setMinimumHeight(self._height_for(rows))

    def _height_for(self, rows: int) -> int:
        tree = self.tree
        scroll = tree.horizontalScrollBar().sizeHint().height() if tree.horizontalScrollBar().isVisible() else 0
        return tree.header().sizeHint().height() + rows + 2 * tree.frameWidth() + scroll + 2

    def top_level_checks(self) -> list[str]:
        """The check names shown (for tests and keyboard users' screen readers)."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [it.text(0) for it in items if it is not None]
