"""Ctrl+C on every list, table and tree of the window copies the selected rows whole, as tab-separated text;
Ctrl+V there does nothing (it used to start an analysis of whatever was on the clipboard).

Qt's item views copy only the current cell on Ctrl+C. One event filter, installed on every item view of the
window (`install`), turns the selection into rows: the column titles, then each selected row once, in the
view's order, its cells joined by tabs (tabs and line breaks inside a cell become spaces, so a spreadsheet or
a ticket keeps the shape). Views with a Copy of their own (the hop table, the links and attachments tables)
call the same `copy_selected_rows`. The window's "Analyse clipboard" shortcut is Ctrl+V too: while a view has
focus, the filter claims the key (ShortcutOverride), so the shortcut does not fire; the menu item still works.
"""

from __future__ import annotations

import contextlib
import re

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTreeView, QWidget

_SPACES = re.compile(r"[\t\r\n\u2028\u2029]+")
#: Most rows copied at once (a 10,000-row header table copies in well under a second).
MAX_COPY_ROWS = 20_000
_PROPERTY = "inspectorRowCopy"


def _row_key(view: QAbstractItemView, index: QModelIndex) -> tuple[int, ...]:
    """A sort key in display order: the row path from the top (tree rows under their parent)."""
    path: list[int] = []
    i = index
    while i.isValid() and len(path) < 64:
        path.append(i.row())
        i = i.parent()
    return tuple(reversed(path))


def selected_rows_text(view: QAbstractItemView, *, header: bool = True) -> str:
    """The selected rows of `view` (else its current row) as tab-separated lines, every column, with the
    column titles first. A view or model with a ``row_texts(row)`` method gives its own texts for its rows
    (a drawn cell, such as a delay bar, as a number)."""
    model = view.model()
    selection = view.selectionModel()
    indexes = selection.selectedIndexes() if selection is not None else []
    if not indexes and view.currentIndex().isValid():
        indexes = [view.currentIndex()]
    rows: dict[tuple[int, ...], QModelIndex] = {}
    for index in indexes:
        first = index.siblingAtColumn(0)
        rows.setdefault(_row_key(view, first), first)
        if len(rows) >= MAX_COPY_ROWS:
            break
    if not rows:
        return ""
    hidden = getattr(view, "isColumnHidden", None)
    columns = [c for c in range(_columns(model)) if not (callable(hidden) and hidden(c))]
    own = getattr(view, "row_texts", None) or getattr(model, "row_texts", None)
    lines = []
    if header and _has_header(view):
        titles = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) for c in columns]
        if any(t is not None for t in titles):
            lines.append("\t".join(_cell(t) for t in titles))
    for key in sorted(rows):
        first = rows[key]
        if callable(own) and not first.parent().isValid():
            texts = [str(x) for x in own(first.row())]
            cells = [_cell(texts[c]) if c < len(texts) else "" for c in columns]
        else:
            cells = [
                _cell(model.index(first.row(), c, first.parent()).data(Qt.ItemDataRole.DisplayRole)) for c in columns
            ]
        lines.append("\t".join(cells))
    return "\n".join(lines)


def _has_header(view: QAbstractItemView) -> bool:
    """Whether the view shows column titles (a table's or a tree's header; a list has none)."""
    if isinstance(view, QTableView):
        return not view.horizontalHeader().isHidden()
    if isinstance(view, QTreeView):
        return not view.isHeaderHidden()
    return False


def _columns(model: QAbstractItemModel) -> int:
    """How many columns `model` has (a list model's count is private in the bindings: one column)."""
    try:
        return int(model.columnCount(QModelIndex()))
    except TypeError:
        return 1


def _cell(value: object) -> str:
    return _SPACES.sub(" ", "" if value is None else str(value)).strip()


def copy_selected_rows(view: QAbstractItemView) -> str:
    """Put the selected rows of `view` on the clipboard (`selected_rows_text`); returns the text."""
    text = selected_rows_text(view)
    if text:
        QGuiApplication.clipboard().setText(text)
    return text


class RowCopy(QObject):
    """The event filter: Ctrl+C copies rows, Ctrl+V is claimed and ignored."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QAbstractItemView) or not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            if event.matches(QKeySequence.StandardKey.Copy) or event.matches(QKeySequence.StandardKey.Paste):
                event.accept()  # ours, not the window's shortcut
                return True
            return False
        if event.type() == QEvent.Type.KeyPress:
            if event.matches(QKeySequence.StandardKey.Copy):
                # An exception out of an event filter ends the process: a copy that fails copies nothing.
                with contextlib.suppress(Exception):
                    copy_selected_rows(watched)
                return True
            if event.matches(QKeySequence.StandardKey.Paste):
                return True  # nothing to paste into a list or a table
        return False


def install(root: QWidget) -> None:
    """Give every item view under `root` (and `root` itself, if it is one) the row copy; idempotent."""
    views = root.findChildren(QAbstractItemView)
    if isinstance(root, QAbstractItemView):
        views.append(root)
    helper = root.findChild(RowCopy, "rowCopy")
    if helper is None:
        helper = RowCopy(root)
        helper.setObjectName("rowCopy")
    for view in views:
        if not view.property(_PROPERTY):
            view.installEventFilter(helper)
            view.setProperty(_PROPERTY, True)
