"""The triage table's model: one row per analysed message, filled in batches as results arrive.

Rows come from the batch engine (``batch/summary.py``'s triage row, the CLI's CSV columns) and are never
recomputed here. A batch of rows is one ``beginInsertRows``, and each row's shown texts and sort keys are
worked out once when it arrives.

Sorting is done by the model itself, in Python's ``sorted`` over the ready keys, not by
QSortFilterProxyModel: the proxy compares two rows by asking the model's ``data()`` for both, a Python call
per comparison, and 10,000 rows took 1.6–2.4 s a column (and as long again to show them all after a
filter). Sorting the model's own rows takes milliseconds; the proxy only filters
(``benchmarks/bench_triage_table.py`` prints the figures).

Everything a message controls is shown through ``safe_text.shown`` (control and bidi characters as
visible codes, one line), and its tooltips through ``safe_text.tooltip`` (escaped: Qt reads every tooltip
as possible rich text, and a Subject ``<img src="file://…">`` would otherwise be loaded on hover).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from inspector.gui.jobs import TriageRow
from inspector.gui.safe_text import shown, tooltip
from inspector.gui.style import LEVEL_COLOURS
from inspector.model.report import Level
from inspector.report.wording import LEVEL_WORD

COLUMNS = ("Verdict", "Date", "From", "Subject", "Top reason", "Filter verdict", "Campaign", "Source")
VERDICT, DATE, FROM, SUBJECT, REASON, FILTER, CAMPAIGN, SOURCE = range(len(COLUMNS))
#: The role holding a cell's sort key (ready values: the proxy compares them without asking Python twice).
SORT_ROLE = Qt.ItemDataRole.UserRole + 10
#: The role holding the row's verdict value ("dangerous" …, or "error").
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 11
#: The verdict value of a message that could not be analysed.
ERROR = "error"
ERROR_COLOUR = "#757575"
#: Most serious first: the order a "Verdict" sort gives (ascending).
SEVERITY = (Level.DANGEROUS.value, Level.SUSPICIOUS.value, Level.UNVERIFIED.value, ERROR, Level.OK.value)
_MAX_CELL = 300


def _icon(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(0, 0, 12, 12, 3, 3)
    p.end()
    return QIcon(pix)


def verdict_word(level: str) -> str:
    """The plain word for a verdict value (the banner's words), "Could not analyse" for an error row."""
    if level == ERROR:
        return "Could not analyse"
    try:
        return LEVEL_WORD[Level(level)]
    except ValueError:
        return level


def source_text(row: TriageRow) -> str:
    """Where the row's message came from, as the CLI writes it (``box.mbox#12``)."""
    global _batch_source
    if _batch_source is None:
        from inspector.batch.command import source_text as batch_source

        _batch_source = batch_source
    return _batch_source(row.outcome.origin, row.outcome)


_batch_source: Callable[[Any, Any], str] | None = None


class _Cells:
    """A row's shown texts, tooltips and sort keys, worked out once."""

    __slots__ = ("hay", "keys", "level", "texts")

    def __init__(self, row: TriageRow) -> None:
        s = row.outcome.summary
        error = row.outcome.error
        self.level = s.verdict if s is not None else ERROR
        reason = s.top_reason if s is not None else (error or {}).get("message", "")
        raw = (
            verdict_word(self.level),
            s.date if s else "",
            s.from_ if s else "",
            s.subject if s else "",
            reason,
            s.filter_verdict if s else "",
            "",
            source_text(row),
        )
        self.texts = [shown(t[:_MAX_CELL], single_line=True) for t in raw]
        self.hay = " ".join(self.texts).lower()
        severity = SEVERITY.index(self.level) if self.level in SEVERITY else len(SEVERITY)
        self.keys: list[object] = [
            severity,
            s.sort_date if s else "",
            *[t.lower() for t in self.texts[2:6]],
            0,
            row.position,
        ]

    def set_campaign(self, number: int | None) -> None:
        self.texts[CAMPAIGN] = f"#{number}" if number else ""
        self.keys[CAMPAIGN] = number or 1 << 30


def _place(keys: list[Any], key: Any, descending: bool) -> int:
    """Where `key` goes in `keys` (sorted ascending, or descending): a binary search either way."""
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        before = keys[mid] > key if descending else not key < keys[mid]
        if before:
            lo = mid + 1
        else:
            hi = mid
    return lo


class TriageModel(QAbstractTableModel):
    """The rows of one triage run, in arrival (input) order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[TriageRow] = []
        self._cells: list[_Cells] = []
        self._icons: dict[str, QIcon] = {}
        #: Rows that are errors (could not be analysed), counted as they arrive.
        self.errors = 0
        #: The column the rows are sorted by (-1: arrival order) and the direction.
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        #: The sort keys of the rows in their shown order, kept while the sort column is unchanged.
        self._sorted_keys: list[tuple[object, int]] | None = None

    # -- filling ------------------------------------------------------------------------------------------
    def add_rows(self, rows: Sequence[TriageRow]) -> None:
        """Append a batch of rows (one insert for the whole batch)."""
        if not rows:
            return
        first = len(self.rows)
        cells = [_Cells(r) for r in rows]
        self.errors += sum(1 for c in cells if c.level == ERROR)
        for r, c in zip(rows, cells, strict=True):
            c.set_campaign(r.campaign)
        if self.sort_column >= 0 and len(rows) * 4 < len(self.rows):
            self._insert_sorted(rows, cells)
            return
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self._cells.extend(cells)
        self.endInsertRows()
        if self.sort_column >= 0:
            self._resort()

    def _key(self, cells: _Cells, row: TriageRow) -> tuple[object, int]:
        return (cells.keys[self.sort_column], row.position)

    def _insert_sorted(self, rows: Sequence[TriageRow], cells: Sequence[_Cells]) -> None:
        """A few rows into a large sorted table: each at its place, the others left where they are."""
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        keys = self._sorted_keys
        if keys is None or len(keys) != len(self.rows):
            keys = self._sorted_keys = [self._key(c, r) for c, r in zip(self._cells, self.rows, strict=True)]
        for row, cell in zip(rows, cells, strict=True):
            key = self._key(cell, row)
            where = _place(keys, key, descending)
            self.beginInsertRows(QModelIndex(), where, where)
            self.rows.insert(where, row)
            self._cells.insert(where, cell)
            keys.insert(where, key)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by `column` (-1: back to arrival order); selections follow their rows."""
        self.sort_column = column if 0 <= column < len(COLUMNS) else -1
        self.sort_order = order
        self._resort()

    def _resort(self) -> None:
        self._sorted_keys = None
        col = self.sort_column
        if col < 0:
            order = sorted(range(len(self.rows)), key=lambda i: self.rows[i].position)
        else:
            keys = [(c.keys[col], r.position) for c, r in zip(self._cells, self.rows, strict=True)]
            order = sorted(
                range(len(keys)), key=keys.__getitem__, reverse=self.sort_order == Qt.SortOrder.DescendingOrder
            )
        if order == list(range(len(order))):
            return
        self.layoutAboutToBeChanged.emit()
        new_row = {old: new for new, old in enumerate(order)}
        persistent = self.persistentIndexList()
        self.rows = [self.rows[i] for i in order]
        self._cells = [self._cells[i] for i in order]
        moved = [self.index(new_row[p.row()], p.column()) if p.isValid() else p for p in persistent]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def set_campaigns(self, by_position: dict[int, int]) -> None:
        """Number every row by its campaign (position → campaign number); rows not in one are cleared."""
        self._number(by_position)
        if self.sort_column == CAMPAIGN:
            self._resort()

    def _number(self, by_position: dict[int, int]) -> None:
        self._sorted_keys = None
        changed = False
        for row, cells in zip(self.rows, self._cells, strict=True):
            number = by_position.get(row.position)
            if number != row.campaign:
                row.campaign = number
                cells.set_campaign(number)
                changed = True
        if changed and self.rows:
            self.dataChanged.emit(self.index(0, CAMPAIGN), self.index(len(self.rows) - 1, CAMPAIGN))

    # -- the model interface ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        cells = self._cells[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cells.texts[col]
        if role == SORT_ROLE:
            return cells.keys[col]
        if role == LEVEL_ROLE:
            return cells.level
        if role == Qt.ItemDataRole.ToolTipRole and col in (FROM, SUBJECT, REASON, SOURCE):
            # A tooltip is rich text to Qt (there is no plain-text tooltip): escaped, never the shown text.
            return tooltip(cells.texts[col])
        if role == Qt.ItemDataRole.DecorationRole and col == VERDICT:
            return self._icon(cells.level)
        return None

    def _icon(self, level: str) -> QIcon:
        icon = self._icons.get(level)
        if icon is None:
            try:
                colour = LEVEL_COLOURS[Level(level)]
            except ValueError:
                colour = ERROR_COLOUR
            icon = self._icons[level] = _icon(colour)
        return icon

    def row_text(self, row: int) -> str:
        """Every shown text of a row, lower-case, for the free-text filter."""
        return self._cells[row].hay

    def level(self, row: int) -> str:
        return self._cells[row].level


class TriageFilter(QSortFilterProxyModel):
    """Sorting by ready keys, and filtering by verdict, campaign and free text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.levels: frozenset[str] | None = None
        self.text = ""
        self.campaign: int | None = None

    def _refilter(self, name: str, value: object) -> None:
        """Change one filter setting and filter the rows again (Qt ≥ 6.10 wants begin/endFilterChange)."""
        begin = getattr(self, "beginFilterChange", None)
        if begin is None:  # Qt < 6.10
            setattr(self, name, value)
            self.invalidateFilter()
            return
        begin()
        setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_levels(self, levels: frozenset[str] | None) -> None:
        """Show only rows with these verdict values (None: every row)."""
        self._refilter("levels", levels)

    def set_text(self, text: str) -> None:
        """Show only rows whose shown text contains `text` (any case)."""
        self._refilter("text", text.strip().lower())

    def set_campaign(self, number: int | None) -> None:
        """Show only the rows of one campaign (None: every row)."""
        self._refilter("campaign", number)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, TriageModel):
            return True
        if self.levels is not None and model.level(source_row) not in self.levels:
            return False
        if self.campaign is not None and model.rows[source_row].campaign != self.campaign:
            return False
        return not self.text or self.text in model.row_text(source_row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's (ready keys, one ``sorted``); the proxy keeps its order and filters."""
        model = self.sourceModel()
        if isinstance(model, TriageModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def triage_row(self, proxy_row: int) -> TriageRow | None:
        """The row shown at `proxy_row`."""
        model = self.sourceModel()
        source = self.mapToSource(self.index(proxy_row, 0))
        if not isinstance(model, TriageModel) or not source.isValid():
            return None
        return model.rows[source.row()]

    def shown_rows(self) -> list[TriageRow]:
        """The rows as shown: filtered and in the shown order (what an export writes)."""
        return [r for r in (self.triage_row(i) for i in range(self.rowCount())) if r is not None]
