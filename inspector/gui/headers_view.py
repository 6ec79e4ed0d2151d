"""All header fields, searchable, raw or decoded (a model/view table: 10,000 fields stay instant)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.gui.safe_text import shown, tooltip
from inspector.model.report import HeaderView

ModelIndex = QModelIndex | QPersistentModelIndex


class HeaderTableModel(QAbstractTableModel):
    """Rows = header fields in message order; the value column is raw or decoded."""

    HEADERS = ("#", "Field", "Value")

    def __init__(self) -> None:
        super().__init__()
        self.fields: tuple[HeaderView, ...] = ()
        #: Per row, what a search looks in (name, raw and decoded value), lower-cased once per report.
        self.search_text: tuple[str, ...] = ()
        self.decoded = True

    def set_fields(self, fields: tuple[HeaderView, ...]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.fields = fields
        self.search_text = tuple(f"{f.name}\n{f.value}\n{f.decoded}".lower() for f in fields)
        self.endResetModel()

    def set_decoded(self, decoded: bool) -> None:
        """Show decoded (RFC 2047) or raw values."""
        self.decoded = decoded
        if self.fields:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.fields) - 1, 2))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.fields)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self.fields)):
            return None
        f = self.fields[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return f.index
            if col == 1:
                return shown(f.name, single_line=True) if role == Qt.ItemDataRole.DisplayRole else tooltip(f.name)
            value = f.decoded if self.decoded else f.value
            if role == Qt.ItemDataRole.DisplayRole:
                # One line per field in the table (folding whitespace collapsed); the pane below is exact.
                flat = shown(" ".join(value[:2000].split()), single_line=True)
                return flat if len(flat) <= 300 else flat[:300] + "…"
            return tooltip(value[:2000])
        if role == Qt.ItemDataRole.UserRole:
            # Search text: name, raw and decoded, so a search finds either form.
            return self.search_text[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class HeaderSearchProxy(QSortFilterProxyModel):
    """Keeps the rows whose search text holds the typed words (case-insensitive).

    Each keystroke compares the lower-cased needle with text the model lower-cased once, instead of Qt
    fetching and case-folding a freshly built string for every row on every keystroke. Qt's fixed-string
    filter is still set, so Qt re-filters exactly when the search changes.
    """

    def __init__(self, model: HeaderTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_model = model
        self.needle = ""
        self.setSourceModel(model)

    def set_search(self, text: str) -> None:
        """Filter by `text` (empty shows every row)."""
        self.needle = text.lower()
        self.setFilterFixedString(text)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self.needle:
            return True
        haystack = self.table_model.search_text
        return 0 <= source_row < len(haystack) and self.needle in haystack[source_row]


class HeadersView(QWidget):
    """Search box, raw/decoded switch, table, and the full text of the selected field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HeaderTableModel()
        self.proxy = HeaderSearchProxy(self.model, self)
        self.search = QLineEdit()
        self.search.setObjectName("headerSearch")
        self.search.setPlaceholderText("Search header names and values…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.decoded_box = QCheckBox("Decoded (RFC 2047)")
        self.decoded_box.setChecked(True)
        self.decoded_box.toggled.connect(self._set_decoded)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableView()
        self.table.setObjectName("headerTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)  # several rows for Ctrl+C
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 200)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("headerDetail")
        self.detail.setReadOnly(True)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.detail.setFont(mono)
        self.detail.setPlaceholderText("Select a field to see it in full, raw and decoded.")

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.decoded_box)
        bar.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    def set_fields(self, fields: tuple[HeaderView, ...]) -> None:
        """Show these header fields."""
        self.model.set_fields(fields)
        self.detail.clear()
        self._update_count()

    def _filter(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _set_decoded(self, on: bool) -> None:
        self.model.set_decoded(on)

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} fields")

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.proxy.mapToSource(current).row()
        if not (0 <= row < len(self.model.fields)):
            return
        f = self.model.fields[row]
        text = f"{f.name}: {f.value}"
        if f.decoded != f.value:
            text += f"\n\nDecoded:\n{f.name}: {f.decoded}"
        self.detail.setPlainText(shown(text))

    def visible_rows(self) -> int:
        """Rows left after the search filter."""
        return self.proxy.rowCount()
