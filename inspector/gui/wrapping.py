"""Wrapped cells in tree and table views: rows as tall as their text needs at the column's current width.

Qt's item views wrap text only when the row is already tall enough, and the default delegate measures a
row as one line, so a long cell is elided ("mailfrom …" at 1024×600) however `setWordWrap(True)` is set.
`WrapDelegate` measures each cell at its column's width; `keep_wrapped` re-measures the rows whenever a
column or the view changes width, and shares the width out so the text columns never shrink to nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)

#: The tallest a wrapped cell may grow, in lines (a 100 KB value stays a cell, not a page).
MAX_LINES = 12


class WrapDelegate(QStyledItemDelegate):
    """Measures a cell's height at its column's width, so wrapped text is shown whole (up to MAX_LINES)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        width = self._width(index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text or width <= 20:
            return hint
        metrics = option.fontMetrics
        rect = metrics.boundingRect(QRect(0, 0, width - 10, 100_000), int(Qt.TextFlag.TextWordWrap), text)
        lines = max(1, min(MAX_LINES, round(rect.height() / max(1, metrics.lineSpacing()))))
        return QSize(hint.width(), max(hint.height(), lines * metrics.lineSpacing() + 6))

    def _width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        view = self.view
        if isinstance(view, QTreeView):
            depth = 0
            parent = index.parent()
            while parent.isValid() and depth < 32:
                depth += 1
                parent = parent.parent()
            if view.isFirstColumnSpanned(index.row(), index.parent()):
                return view.viewport().width() - view.indentation() * (depth + 1)
            width = view.header().sectionSize(index.column())
            return width - view.indentation() * (depth + 1) if index.column() == 0 else width
        if isinstance(view, QTableView):
            return view.horizontalHeader().sectionSize(index.column())
        return view.viewport().width()


class _Relayout(QObject):
    """Re-measures the rows when the view is resized; shares the width out by `shares`."""

    def __init__(self, view: QAbstractItemView, header: QHeaderView, shares: Sequence[float]) -> None:
        super().__init__(view)
        self.view = view
        self.header = header
        self.shares = list(shares)
        header.sectionResized.connect(lambda *_: self.view.scheduleDelayedItemsLayout())
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.shares:
            width = self.view.viewport().width()
            total = sum(self.shares)
            for col, share in enumerate(self.shares[:-1]):
                self.header.resizeSection(col, max(60, int(width * share / total)))
            self.view.scheduleDelayedItemsLayout()
        return False


def keep_wrapped(view: QTreeView | QTableView, header: QHeaderView, shares: Sequence[float] = ()) -> None:
    """Wrap `view`'s cells at their column's width; with `shares`, columns take those parts of the width."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setItemDelegate(WrapDelegate(view))
    _Relayout(view, header, shares)
