"""The hop table: every hop of the Received chain as one sortable row, like Microsoft's Message Header
Analyzer, and more — both clocks (UTC and the analyst's own), a delay bar per hop, the trust boundary and
the hops where SPF, DKIM and ARC were judged marked in words, and a visible row where a long chain was cut.

Everything comes from the Report: the engine computes each hop's delay (`Hop.delay_seconds`), the time before
and after the trust boundary (`TrustBoundary.seconds_before_boundary` …), which hop SPF judged
(`SpfResult.hop_index`), where DKIM signatures and ARC sets were placed (`Hop.artefacts`) and how many hops a
truncated chain hides before each listed one (`Hop.hidden_before`). This view only formats and sorts them;
the one figure it derives is the bar length (a hop's delay over the longest one), which is drawing, not a fact.

A QAbstractTableModel (never a QTableWidget with an item per cell) keeps a 3,000-row chain cheap: cells are
formatted when painted, sorting reorders a list of row numbers, and rows have a uniform height. Message text
is only ever item text (never interpreted) with controls and bidi characters made visible (`safe_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.gui import table_copy
from inspector.gui.safe_text import shown, tooltip
from inspector.gui.style import BOUNDARY, NEGATIVE_DELAY, placeholder
from inspector.model.chain import Hop
from inspector.model.report import Report, SectionState, hop_number
from inspector.report.wording import NO_HOPS, artefact_badge, delay_label, delay_text, is_claimed, section_state

#: Column titles, in order; `COL` maps a short key to its number.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("hop", "Hop"),
    ("from", "From"),
    ("by", "By"),
    ("with", "With"),
    ("id", "ID"),
    ("for", "For"),
    ("utc", "Date (UTC)"),
    ("local", "Date (your time)"),
    ("delay", "Delay"),
    ("bar", "Delay bar"),
    ("marks", "Marks"),
)
COL = {key: n for n, (key, _title) in enumerate(COLUMNS)}
#: What a sorted column is compared by (numbers for hop, dates and delay; folded text otherwise).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The delay bar's length: this hop's delay over the longest delay of the chain (-1 … 1); None without one.
BAR_ROLE = Qt.ItemDataRole.UserRole + 2
#: "hop" or "hidden" (the "N hops hidden" row of a truncated chain).
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
#: Longest text put in one cell (the tooltip carries up to its own cap).
MAX_CELL_CHARS = 300
#: Delay states the engine calls slow: their bars are drawn in the warning colour.
SLOW_STATES = ("significant_delay", "major_delay")
BAR_COLOUR = "#5c7fb8"
#: A delay across hidden hops (a truncated chain): drawn hatched, never compared with the others.
ACROSS_HIDDEN_COLOUR = "#757575"
#: Widths Fit shrinks a column to before it shrinks any column further (the names and marks keep the most).
FIT_FLOORS = {
    "hop": 44,
    "from": 150,
    "by": 130,
    "with": 60,
    "id": 50,
    "for": 50,
    "utc": 150,
    "local": 150,
    "delay": 55,
    "bar": 80,
    "marks": 300,
}
SLOW_COLOUR = "#a15c00"


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: a hop, or the marker for the hops a truncated chain hides before hop `hop`."""

    hop: Hop
    hidden: int = 0

    @property
    def is_hidden_marker(self) -> bool:
        return self.hidden > 0


def parse_utc(timestamp: str | None) -> datetime | None:
    """The engine's ISO 8601 UTC time as an aware datetime (None when absent or unreadable)."""
    if not timestamp:
        return None
    try:
        when = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def local_text(when: datetime, tz: tzinfo | None) -> str:
    """`when` in the analyst's time zone (the system's when `tz` is None), with its offset."""
    local = when.astimezone(tz)
    offset = local.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if len(offset) == 5 else offset
    return f"{local:%Y-%m-%d %H:%M:%S} {offset}"


def from_text(h: Hop) -> str:
    """Who handed the message over: the name it gave (HELO, else rDNS) and the IP."""
    name = h.from_host or h.from_helo or h.from_rdns or ""
    extra = f" (rDNS {h.from_rdns})" if h.from_rdns and h.from_rdns != name else ""
    ip = f" [{h.from_ip}]" if h.from_ip else ""
    return f"{name}{extra}{ip}".strip() or "(not given)"


def with_text(h: Hop) -> str:
    """The protocol and TLS, as the hop wrote them."""
    tls = h.tls_version or h.tls or ("TLS" if "tls" in h.flags else None)
    parts = [p for p in (h.protocol, tls, f"auth: {h.auth}" if h.auth else None) if p]
    return " · ".join(parts)


def marks_text(h: Hop, report: Report, boundary_index: int | None) -> str:
    """What happened at this hop, in words: the boundary, the SPF judgement, DKIM/ARC placed on it."""
    marks: list[str] = []
    if h.is_boundary:
        marks.append("▼ BOUNDARY")
    elif is_claimed(h, boundary_index):
        marks.append("claimed")
    elif h.trust_zone == "internal":
        marks.append("inside your organisation")
    if report.spf.hop_index is not None and report.spf.hop_index == h.index:
        marks.append(f"SPF judged here: {report.spf.result.value}")
    for art in h.artefacts[:6]:
        marks.append(artefact_badge(art, report)[0])
    if len(h.artefacts) > 6:
        marks.append(f"… {len(h.artefacts) - 6} more artefacts")
    if h.skew_seconds is not None:
        marks.append(f"clock off by ≈{delay_text(h.skew_seconds).lstrip('+')}")
    return " · ".join(marks)


def summary_text(report: Report) -> str:
    """The line above the table: total delivery time and the time before/after the trust boundary."""
    b = report.boundary
    parts = []
    if b.total_seconds is not None:
        parts.append(f"Total delivery time: {delay_text(b.total_seconds).lstrip('+')}")
    else:
        parts.append("Total delivery time: unknown (fewer than two dated hops)")
    if b.hop_index is not None:
        before = "unknown" if b.seconds_before_boundary is None else delay_text(b.seconds_before_boundary).lstrip("+")
        after = "unknown" if b.seconds_after_boundary is None else delay_text(b.seconds_after_boundary).lstrip("+")
        parts.append(f"before your organisation (sender's side, claimed): {before}")
        parts.append(f"inside your organisation: {after}")
        parts.append(f"trust boundary at hop {hop_number(report, b.hop_index)}")
    else:
        parts.append("no trust boundary found")
    if report.spf.hop_index is not None:
        parts.append(f"SPF judged hop {hop_number(report, report.spf.hop_index)}")
    if b.truncated and b.hops_omitted:
        parts.append(
            f"{len(report.hops):,} of {len(report.hops) + b.hops_omitted:,} hops listed (both ends; "
            f"{b.hops_omitted:,} hidden in the middle)"
        )
    return "   ·   ".join(parts)


class HopsTableModel(QAbstractTableModel):
    """The report's hops as rows (plus one "N hops hidden" row per gap), sortable by any column."""

    def __init__(self, tz: tzinfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The analyst's time zone for the "your time" column; None means the system's.
        self.tz = tz
        self.report: Report | None = None
        self.rows: list[Row] = []
        #: Display order: indexes into `rows` (sorting reorders this, never the rows).
        self.order: list[int] = []
        self._longest = 0.0
        self._boundary: int | None = None
        self._times: list[datetime | None] = []
        self._cache: dict[tuple[int, int], str] = {}

    def set_report(self, report: Report | None) -> None:
        """Show `report`'s hops, in chain order (oldest first)."""
        self.beginResetModel()
        self.report = report
        self.rows = []
        self._cache = {}
        if report is not None:
            for h in report.hops:
                if h.hidden_before:
                    self.rows.append(Row(h, h.hidden_before))
                self.rows.append(Row(h))
            b = report.boundary.hop_index
            self._boundary = b if b is not None else next((h.index for h in report.hops if h.is_boundary), None)
        self.order = list(range(len(self.rows)))
        self._times = [parse_utc(r.hop.timestamp) for r in self.rows]
        # The scale: the longest delay between two neighbouring hops (a delay across hidden hops would
        # flatten every other bar; its own bar is drawn full and hatched).
        hops = report.hops if report else ()
        delays = [abs(h.delay_seconds) for h in hops if h.delay_seconds is not None and not h.hidden_before]
        self._longest = max(delays, default=0.0)
        self.endResetModel()

    def set_time_zone(self, tz: tzinfo | None) -> None:
        """Show the "your time" column in `tz` (None: the system's)."""
        self.tz = tz
        self._cache = {k: v for k, v in self._cache.items() if k[1] != COL["local"]}
        if self.rows:
            top, bottom = self.index(0, COL["local"]), self.index(len(self.rows) - 1, COL["local"])
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    # -- Qt model interface -------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(COLUMNS[section][0], "")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_at(self, row: int) -> Row:
        """The row shown at display position `row`."""
        return self.rows[self.order[row]]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.report is None:
            return None
        n = self.order[index.row()]
        row = self.rows[n]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            cached = self._cache.get((n, index.column()))
            if cached is None:
                cached = shown(self._text(n, row, key), single_line=True)[:MAX_CELL_CHARS]
                self._cache[(n, index.column())] = cached
            return cached
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(n, row, key)
        if role == SORT_ROLE:
            return self._sort_key(n, row, key)
        if role == BAR_ROLE:
            return self._bar(row)
        if role == KIND_ROLE:
            return "hidden" if row.is_hidden_marker else "hop"
        return self._style(row, key, role)

    def _text(self, n: int, row: Row, key: str) -> str:
        h = row.hop
        if row.is_hidden_marker:
            if key == "hop":
                return "…"
            if key == "from":
                return f"… {row.hidden:,} hops hidden (a long chain: the oldest and newest hops are listed)"
            return ""
        when = self._times[n]
        texts: dict[str, Callable[[], str]] = {
            "hop": lambda: str(h.number_shown),
            "from": lambda: from_text(h),
            "by": lambda: h.by_host or (f"[{h.by_ip}]" if h.by_ip else ""),
            "with": lambda: with_text(h),
            "id": lambda: h.queue_id or "",
            "for": lambda: h.for_addr or "",
            "utc": lambda: (
                f"{when:%Y-%m-%d %H:%M:%S}Z" if when else ("(no date)" if not h.date_raw else "(unreadable)")
            ),
            "local": lambda: local_text(when, self.tz) if when else "",
            "delay": lambda: _delay_cell(h),
            "bar": lambda: "",
            "marks": lambda: marks_text(h, self.report, self._boundary) if self.report else "",
        }
        return texts[key]()

    def _tooltip(self, n: int, row: Row, key: str) -> str:
        h = row.hop
        if row.is_hidden_marker:
            return tooltip(
                f"{row.hidden:,} hops of this chain are not listed: the report keeps the oldest hops (where the "
                "message started) and the newest (your organisation's side) and hides the middle. The evidence "
                "file has them all; the Headers tab lists every Received field."
            )
        if key in ("delay", "bar"):
            lines = [delay_label(h) or "no delay: this hop or the previous one has no date"]
            lines += list(h.annotations)
            return tooltip("\n".join(lines))
        if key == "utc" and h.date_raw:
            return tooltip(f"As written: {h.date_raw}")
        if key == "local":
            return ""
        # Everything else: the Received line as written (the evidence the cells were read from), then the
        # engine's notes on it, as the hop card's tooltip has it.
        return tooltip("\n".join([h.raw, "", *[f"• {a}" for a in h.annotations], *[f"⚠ {w}" for w in h.warnings]]))

    def _sort_key(self, n: int, row: Row, key: str) -> object:
        h = row.hop
        if key == "hop":
            # The hidden-hops row sorts just before the hop it precedes.
            return h.index - (0.5 if row.is_hidden_marker else 0.0)
        if row.is_hidden_marker:
            return None
        if key in ("utc", "local"):
            when = self._times[n]
            return when.timestamp() if when else None
        if key in ("delay", "bar"):
            return h.delay_seconds
        return self._text(n, row, key).casefold()

    def _bar(self, row: Row) -> tuple[float, str] | None:
        d = row.hop.delay_seconds
        if row.is_hidden_marker or d is None:
            return None
        fraction = max(-1.0, min(1.0, d / self._longest)) if self._longest else (1.0 if d > 0 else 0.0)
        if row.hop.hidden_before:
            return fraction, ACROSS_HIDDEN_COLOUR
        colour = NEGATIVE_DELAY if d < 0 else SLOW_COLOUR if row.hop.delay_state in SLOW_STATES else BAR_COLOUR
        return fraction, colour

    def _style(self, row: Row, key: str, role: int) -> object:
        if row.is_hidden_marker:
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(128, 128, 128, 40), Qt.BrushStyle.Dense4Pattern)
            return None
        h = row.hop
        if role == Qt.ItemDataRole.FontRole and h.is_boundary:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and h.is_boundary:
            colour = QColor(BOUNDARY)
            colour.setAlpha(45)
            return QBrush(colour)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "delay" and h.delay_seconds is not None and h.delay_seconds < 0:
                return QBrush(QColor(NEGATIVE_DELAY))
            if is_claimed(h, self._boundary) and key != "marks":
                return QBrush(QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by `column`; rows without a value (no date, no delay) always go last."""
        self.layoutAboutToBeChanged.emit()
        idx = self.index
        keys = [self._sort_key(n, r, COLUMNS[column][0]) for n, r in enumerate(self.rows)]
        with_value = [n for n in range(len(self.rows)) if keys[n] is not None]
        without = [n for n in range(len(self.rows)) if keys[n] is None]
        descending = order == Qt.SortOrder.DescendingOrder
        with_value.sort(key=lambda n: (keys[n], n), reverse=descending)
        old = self.persistentIndexList()
        old_rows = [self.order[i.row()] for i in old]
        self.order = with_value + without
        where = {n: pos for pos, n in enumerate(self.order)}
        self.changePersistentIndexList(old, [idx(where[n], i.column()) for n, i in zip(old_rows, old, strict=True)])
        self.layoutChanged.emit()

    def display_row_of_hop(self, hop_index: int) -> int | None:
        """Where the hop with chain index `hop_index` is shown now (after sorting)."""
        for pos, n in enumerate(self.order):
            r = self.rows[n]
            if not r.is_hidden_marker and r.hop.index == hop_index:
                return pos
        return None

    def row_texts(self, row: int) -> list[str]:
        """Every column's text of display row `row` (the bar column gives the delay in seconds)."""
        out = []
        for c, (key, _t) in enumerate(COLUMNS):
            if key == "bar":
                d = self.row_at(row).hop.delay_seconds
                out.append("" if d is None or self.row_at(row).is_hidden_marker else f"{d:.0f}")
            else:
                out.append(str(self.data(self.index(row, c)) or ""))
        return out


def _delay_cell(h: Hop) -> str:
    if h.delay_seconds is None:
        return ""
    text = delay_text(h.delay_seconds)
    if h.hidden_before:
        text += f" (across {h.hidden_before:,} hidden hops)"
    elif h.delay_seconds < 0:
        text += " (a clock is wrong)"
    return text


_HEADER_TIPS = {
    "hop": "Position in the chain, oldest (the sender's side) first",
    "from": "The host that handed the message over: the name it gave, its reverse DNS, its IP",
    "by": "The host that received it and wrote this Received line",
    "with": "Protocol and encryption",
    "id": "The receiving host's queue id: ask that host's administrator with it",
    "for": "The recipient this hop says it delivered for",
    "utc": "The hop's time, converted to UTC",
    "local": "The hop's time in your time zone",
    "delay": "Time since the previous dated hop (negative: a clock is wrong)",
    "bar": "The delay as a bar, against the longest delay of this chain",
    "marks": (
        "▼ BOUNDARY: your organisation received the message here (hops above it are claimed by the sending "
        "side and can be forged); the connection SPF judged; DKIM signatures and ARC sets placed on this hop"
    ),
}


class DelayBarDelegate(QStyledItemDelegate):
    """Paints a hop's delay as a bar (the longest delay of the chain spans the cell)."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        bar = index.data(BAR_ROLE)
        if not bar:
            return
        fraction, colour = bar
        rect = QRectF(option.rect).adjusted(4, 5, -4, -5)
        if rect.width() <= 0:
            return
        width = max(2.0, abs(fraction) * rect.width()) if fraction else 1.0
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        if colour == ACROSS_HIDDEN_COLOUR:
            painter.setBrush(QBrush(QColor(colour), Qt.BrushStyle.Dense5Pattern))
            painter.drawRect(QRectF(rect.left(), rect.top(), width, rect.height()))
        elif fraction < 0:
            # A negative delay (a wrong clock) grows from the right edge, hatched, so it never reads as time.
            painter.setBrush(QBrush(QColor(colour), Qt.BrushStyle.BDiagPattern))
            painter.setPen(QPen(QColor(colour), 1))
            painter.drawRect(QRectF(rect.right() - width, rect.top(), width, rect.height()))
        else:
            painter.drawRect(QRectF(rect.left(), rect.top(), width, rect.height()))
        painter.restore()

    def bar_rect(self, option: QStyleOptionViewItem, index: QModelIndex) -> QRectF | None:
        """The bar's rectangle in `option.rect` (None without a delay); for tests and hit-testing."""
        bar = index.data(BAR_ROLE)
        if not bar:
            return None
        fraction, _colour = bar
        rect = QRectF(option.rect).adjusted(4, 5, -4, -5)
        width = max(2.0, abs(fraction) * rect.width()) if fraction else 1.0
        left = rect.right() - width if fraction < 0 else rect.left()
        return QRectF(left, rect.top(), width, rect.height())


class HopsTableView(QTableView):
    """The table; Ctrl+C copies the selected rows as tab-separated text (the window's one row copy)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        table_copy.install(self)

    def copy_rows(self) -> str:
        """Copy the selected rows (every column) as tab-separated lines, with the header line first."""
        return table_copy.copy_selected_rows(self)


class HopsTable(QWidget):
    """The hop-table tab: the summary line, a toolbar with Fit, the table, and the selected hop's raw line."""

    #: The chain index of the hop selected in the table (the hop cards follow it).
    hopSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self.model = HopsTableModel(tz, self)
        self.table = HopsTableView()
        self.table.setObjectName("hopsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.model.modelReset.connect(self._span_markers)
        self.model.layoutChanged.connect(self._span_markers)
        self.bar_delegate = DelayBarDelegate(self.table)
        self.table.setItemDelegateForColumn(COL["bar"], self.bar_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        self.summary = QLabel()
        self.summary.setObjectName("hopsSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Fit every column into the window, so a whole row is visible without scrolling")
        self.fit_button.clicked.connect(self.fit)
        self.zone_label = QLabel()
        self.zone_label.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.summary, 1)
        top.addWidget(self.zone_label)
        top.addWidget(self.fit_button, 0, Qt.AlignmentFlag.AlignTop)
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addLayout(top)
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("hopsTableRaw")
        self.raw.setReadOnly(True)
        self.raw.setPlaceholderText("Select a hop to see its Received line as written and the engine's notes on it.")
        self.raw.setMaximumBlockCount(2000)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.raw.setFont(mono)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.raw)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([500, 90])
        pl.addWidget(split, 1)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.empty = placeholder("No message analysed yet.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._fit_pending = False

    def set_report(self, report: Report) -> None:
        """Show `report`'s hops in chain order."""
        self.raw.clear()
        self.model.set_report(report)
        self.table.horizontalHeader().setSortIndicator(COL["hop"], Qt.SortOrder.AscendingOrder)
        if not report.hops:
            state = section_state(report, "hops")
            self.empty.setText(
                NO_HOPS
                if state is SectionState.ANALYSED
                else "The Received chain could not be analysed (see Details)."
                if state is SectionState.ERROR
                else "The Received chain was not analysed for this message."
            )
            self.stack.setCurrentWidget(self.empty)
            return
        self.summary.setText(shown(summary_text(report)))
        now = datetime.now().astimezone(self.model.tz)
        self.zone_label.setText(f"Your time zone: {now.tzname() or now.strftime('%z')}")
        self.stack.setCurrentIndex(1)
        # Fitted to the window once it has its size (a hidden tab's viewport is not laid out yet).
        self._fit_pending = True
        if self.isVisible():
            self.fit()

    def _span_markers(self) -> None:
        """Each "N hops hidden" row reads across the table (one span per gap: a handful at most)."""
        self.table.clearSpans()
        for pos in range(self.model.rowCount()):
            if self.model.row_at(pos).is_hidden_marker:
                self.table.setSpan(pos, COL["from"], 1, COL["delay"] - COL["from"])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_pending and self.isVisible():
            self.fit()

    def _size_columns(self) -> None:
        """Natural widths from a sample of rows (all rows would be slow on 3,000), each capped."""
        header = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        rows = range(min(self.model.rowCount(), 200))
        for c, (key, title) in enumerate(COLUMNS):
            if key == "bar":
                header.resizeSection(c, 140)
                continue
            texts = [title, *(str(self.model.data(self.model.index(r, c)) or "") for r in rows)]
            widest = max(fm.horizontalAdvance(t) for t in texts) + 24
            header.resizeSection(c, min(widest, 360))

    def fit(self) -> None:
        """Shrink the columns (the widest first) until a whole row fits the viewport: no sideways scrolling."""
        self._fit_pending = False
        self._size_columns()
        header = self.table.horizontalHeader()
        avail = self.table.viewport().width() - 2
        widths = [header.sectionSize(c) for c in range(len(COLUMNS))]
        excess = sum(widths) - avail
        # First down to each column's comfortable floor, widest first; then, on a narrow window, all alike.
        for floors in ([FIT_FLOORS[key] for key, _t in COLUMNS], [36] * len(COLUMNS)):
            while excess > 0:
                shrinkable = [c for c in range(len(widths)) if widths[c] > floors[c]]
                if not shrinkable:
                    break
                c = max(shrinkable, key=lambda k: widths[k] - floors[k])
                step = min(excess, widths[c] - floors[c], max(8, widths[c] // 8))
                widths[c] -= step
                excess -= step
        for c, w in enumerate(widths):
            header.resizeSection(c, w)
        self.table.horizontalScrollBar().setValue(0)
        self.table.scrollToTop()

    def row_width(self) -> int:
        """The width of all columns together (for Fit's tests)."""
        header = self.table.horizontalHeader()
        return sum(header.sectionSize(c) for c in range(len(COLUMNS)))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.model.row_at(current.row())
        if row.is_hidden_marker:
            self.raw.setPlainText(shown(self.model.data(self.model.index(current.row(), COL["from"]))))
            return
        h = row.hop
        lines = [h.raw, *(["", *(f"• {a}" for a in h.annotations)] if h.annotations else [])]
        lines += [f"⚠ {w}" for w in h.warnings]
        self.raw.setPlainText(shown("\n".join(lines)))
        self.hopSelected.emit(h.index)

    def select_hop(self, hop_index: int) -> None:
        """Select and show the hop with chain index `hop_index` (from the hop cards)."""
        row = self.model.display_row_of_hop(hop_index)
        current = self.table.currentIndex()
        if row is not None and current.isValid() and current.row() == row:
            return  # already there (the cards follow the table and the table the cards)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))


def hop_rows(hops: Sequence[Hop]) -> int:
    """Rows a table of `hops` has: one per hop plus one per gap of hidden hops."""
    return len(hops) + sum(1 for h in hops if h.hidden_before)
