"""The message's journey: one card per hop from origin (top) to mailbox (bottom), on a QGraphicsView.

Each card is one lightweight QGraphicsItem that paints its own text (no child text items), so a
3,000-hop message builds in well under a second and only visible cards are ever painted. The gap above
a card carries the arrow from the previous hop with its delay; the trust boundary and every break are
drawn as labelled full-width lines in those gaps. Artefacts placed on a hop by the engine (DKIM
signatures, ARC sets, receivers' results) are drawn as badges to the right of the card that made them.
Everything is read from the Report: the view computes no delay, boundary or placement itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.gui.style import BADGE_COLOURS, BOUNDARY, BREAK, NEGATIVE_DELAY, palette, placeholder
from inspector.report.chain_model import Break, Hop
from inspector.report.model import Report, SectionState
from inspector.report.wording import (
    artefact_badge,
    boundary_text,
    break_text,
    chain_legend,
    delay_label,
    hop_text,
    is_claimed,
)

CARD_W = 600.0
CARD_H = 78.0
GAP = 34.0  # arrow + delay label between two cards
MARK_H = 30.0  # extra height for each boundary/break line in a gap
BADGE_X = CARD_W + 24.0
BADGE_W = 420.0
BADGE_H = 18.0
LEFT = 10.0


@dataclass(frozen=True, slots=True)
class Badge:
    """One artefact drawn beside a hop: text and a colour."""

    text: str
    colour: str


def hop_badges(hop: Hop, report: Report | None = None) -> list[Badge]:
    """The artefacts the engine placed on `hop` (signatures, seals, recorded results), as badges."""
    out = []
    for art in hop.artefacts:
        text, group = artefact_badge(art, report)
        out.append(Badge(text, BADGE_COLOURS[group]))
    return out


class HopCard(QGraphicsItem):
    """One hop: host names, IP, protocol/TLS, time and the delay since the previous hop."""

    def __init__(self, hop: Hop, claimed: bool, badges: Sequence[Badge], top_gap: float, first: bool) -> None:
        super().__init__()
        self.hop = hop
        self.claimed = claimed
        self.badges = list(badges)
        self.top_gap = top_gap
        self.first = first
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, True)
        h = hop
        words = hop_text(h, claimed)
        self.title = words.title
        self.subtitle = words.subtitle
        self.by_line = words.by_line
        self.time_line = words.time_line
        self.bad_clock = h.skew_seconds is not None
        self.clock_note = words.clock_note
        self.zone = words.zone
        tip = [h.raw, ""]
        tip += [f"• {a}" for a in h.annotations]
        tip += [f"⚠ {w}" for w in h.warnings]
        self.card_warnings = list(words.warnings)
        self.setToolTip("\n".join(tip)[:4000])

    def boundingRect(self) -> QRectF:
        height = self.top_gap + CARD_H
        width = BADGE_X + BADGE_W if self.badges else CARD_W
        n = max(0, len(self.badges) - 3)
        return QRectF(0, -self.top_gap, width + 4, height + n * (BADGE_H + 4) + 4)

    def card_rect(self) -> QRectF:
        """The card itself, in item coordinates."""
        return QRectF(0, 0, CARD_W, CARD_H)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pal = palette()
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        base = pal.color(QPalette.ColorRole.Base)
        alt = pal.color(QPalette.ColorRole.AlternateBase)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        fonts = _fonts()

        # Arrow from the previous hop, with the delay.
        if not self.first:
            x = 40.0
            painter.setPen(QPen(muted, 1.5))
            painter.drawLine(QPointF(x, -self.top_gap + 2), QPointF(x, -4))
            path = QPainterPath(QPointF(x - 5, -10))
            path.lineTo(QPointF(x, -3))
            path.lineTo(QPointF(x + 5, -10))
            painter.drawPath(path)
            d = self.hop.delay_seconds
            if d is not None:
                painter.setFont(fonts["small_bold"] if d < 0 else fonts["small"])
                painter.setPen(QColor(NEGATIVE_DELAY) if d < 0 else muted)
                label = delay_label(self.hop) or ""
                painter.drawText(QRectF(x + 10, -GAP + 4, CARD_W, 20), Qt.AlignmentFlag.AlignVCenter, label)

        rect = self.card_rect()
        border = QColor(BOUNDARY) if self.hop.is_boundary else pal.color(QPalette.ColorRole.Mid)
        pen = QPen(border, 2.5 if self.hop.is_boundary else 1.2)
        if self.claimed:
            pen.setStyle(Qt.PenStyle.DashLine)
        if self.isSelected():
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 3)
        painter.setPen(pen)
        painter.setBrush(QBrush(alt if self.claimed else base))
        painter.drawRoundedRect(rect, 6, 6)

        inner = rect.adjusted(10, 6, -10, -6)
        painter.setPen(text)
        painter.setFont(fonts["bold"])
        fm = QFontMetricsF(fonts["bold"])
        zone_w = 0.0
        if self.zone:
            zf = fonts["small_italic"]
            zone_w = QFontMetricsF(zf).horizontalAdvance(self.zone) + 6
        painter.drawText(
            QRectF(inner.left(), inner.top(), inner.width() - zone_w, 18),
            Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(self.title, Qt.TextElideMode.ElideMiddle, inner.width() - zone_w),
        )
        if self.zone:
            painter.setFont(fonts["small_italic"])
            painter.setPen(QColor(BOUNDARY) if self.hop.is_boundary else muted)
            painter.drawText(
                QRectF(inner.right() - zone_w, inner.top(), zone_w, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.zone,
            )
        painter.setFont(fonts["normal"])
        fmn = QFontMetricsF(fonts["normal"])
        painter.setPen(muted if self.claimed else text)
        y = inner.top() + 18
        second = self.by_line if not self.subtitle else f"{self.subtitle}   {self.by_line}"
        painter.drawText(
            QRectF(inner.left(), y, inner.width(), 17),
            Qt.AlignmentFlag.AlignVCenter,
            fmn.elidedText(second, Qt.TextElideMode.ElideRight, inner.width()),
        )
        y += 17
        time_line = self.time_line
        if self.bad_clock:
            painter.setPen(QColor(NEGATIVE_DELAY))
            time_line += self.clock_note
        painter.drawText(
            QRectF(inner.left(), y, inner.width(), 17),
            Qt.AlignmentFlag.AlignVCenter,
            fmn.elidedText(time_line, Qt.TextElideMode.ElideRight, inner.width()),
        )
        if self.card_warnings:
            y += 17
            painter.setPen(QColor(NEGATIVE_DELAY))
            painter.setFont(fonts["small"])
            warn = f"⚠ {self.card_warnings[0]}" + (
                f" (+{len(self.card_warnings) - 1})" if len(self.card_warnings) > 1 else ""
            )
            painter.drawText(
                QRectF(inner.left(), y - 1, inner.width(), 14),
                Qt.AlignmentFlag.AlignVCenter,
                QFontMetricsF(fonts["small"]).elidedText(warn, Qt.TextElideMode.ElideRight, inner.width()),
            )

        # Artefacts this hop added.
        painter.setFont(fonts["small_bold"])
        fms = QFontMetricsF(fonts["small_bold"])
        by = 2.0
        for b in self.badges:
            r = QRectF(BADGE_X, by, BADGE_W, BADGE_H)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(b.colour)))
            painter.drawRoundedRect(r, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(
                r.adjusted(6, 0, -6, 0),
                Qt.AlignmentFlag.AlignVCenter,
                fms.elidedText(b.text, Qt.TextElideMode.ElideRight, BADGE_W - 12),
            )
            by += BADGE_H + 4
        if self.badges:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(CARD_W, CARD_H / 2), QPointF(BADGE_X - 2, BADGE_H / 2 + 2))


class MarkLine(QGraphicsItem):
    """A labelled full-width line: the trust boundary (blue) or a break (red)."""

    def __init__(self, text: str, colour: str, width: float, kind: str) -> None:
        super().__init__()
        self.text = text
        self.colour = colour
        self.width = width
        self.kind = kind
        self.setToolTip(text)

    def boundingRect(self) -> QRectF:
        return QRectF(0, -2, self.width, MARK_H)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colour = QColor(self.colour)
        pen = QPen(colour, 2.5, Qt.PenStyle.SolidLine if self.kind == "break" else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(0, 4), QPointF(self.width, 4))
        fonts = _fonts()
        painter.setFont(fonts["bold"])
        fm = QFontMetricsF(fonts["bold"])
        painter.drawText(
            QRectF(4, 7, self.width - 8, MARK_H - 9),
            Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(self.text, Qt.TextElideMode.ElideRight, self.width - 8),
        )


_FONT_CACHE: dict[str, QFont] = {}


def _fonts() -> dict[str, QFont]:
    if not _FONT_CACHE:
        base = QFont()
        normal = QFont(base)
        normal.setPointSizeF(max(8.0, base.pointSizeF() * 0.95))
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        small_bold = QFont(small)
        small_bold.setBold(True)
        small_italic = QFont(small)
        small_italic.setItalic(True)
        _FONT_CACHE.update(normal=normal, bold=bold, small=small, small_bold=small_bold, small_italic=small_italic)
    return _FONT_CACHE


class ChainGraphicsView(QGraphicsView):
    """The zoomable, scrollable canvas; arrow keys move between hops."""

    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.cards: list[HopCard] = []
        self.zoom = 1.0

    def set_zoom(self, factor: float) -> None:
        """Absolute zoom, clamped to 10 %–400 %."""
        factor = max(0.1, min(4.0, factor))
        self.resetTransform()
        self.scale(factor, factor)
        self.zoom = factor
        self.zoomChanged.emit(factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.set_zoom(self.zoom * step)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.cards:
            current = next((i for i, c in enumerate(self.cards) if c.isSelected()), None)
            step = 1 if key == Qt.Key.Key_Down else -1
            target = 0 if current is None else current + step
            target = max(0, min(len(self.cards) - 1, target))
            self.select_card(target)
            event.accept()
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_zoom(self.zoom * 1.15)
            return
        if key == Qt.Key.Key_Minus:
            self.set_zoom(self.zoom / 1.15)
            return
        if key == Qt.Key.Key_0:
            self.set_zoom(1.0)
            return
        super().keyPressEvent(event)

    def select_card(self, index: int) -> None:
        """Select hop card `index` and scroll it into view."""
        scene = self.scene()
        if scene is None or not (0 <= index < len(self.cards)):
            return
        scene.clearSelection()
        card = self.cards[index]
        card.setSelected(True)
        self.ensureVisible(card.sceneBoundingRect(), 20, 40)


class ChainView(QWidget):
    """The chain canvas, zoom buttons, and the raw Received line of the selected hop."""

    hopSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self.scene = QGraphicsScene(self)
        self.view = ChainGraphicsView()
        self.view.setObjectName("chainCanvas")
        self.view.setScene(self.scene)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("rawReceived")
        self.raw.setReadOnly(True)
        self.raw.setPlaceholderText("Select a hop to see its raw Received line.")
        self.raw.setMaximumBlockCount(2000)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.raw.setFont(mono)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(4, 2, 4, 2)
        for text, tip, slot in (
            ("−", "Zoom out (−, Ctrl+wheel)", lambda: self.view.set_zoom(self.view.zoom / 1.15)),
            ("100 %", "Actual size (0)", lambda: self.view.set_zoom(1.0)),
            ("+", "Zoom in (+, Ctrl+wheel)", lambda: self.view.set_zoom(self.view.zoom * 1.15)),
            ("Fit", "Fit the width of the chain", self.fit_width),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addWidget(self.legend, 1)

        canvas = QWidget()
        cl = QVBoxLayout(canvas)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(buttons)
        cl.addWidget(self.view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(canvas)
        self.splitter.addWidget(self.raw)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 90])

        self.empty = placeholder("No message analysed yet.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.boundary_item: MarkLine | None = None
        self.break_items: list[MarkLine] = []

    # -- building ---------------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the shown report."""
        self.scene.clear()
        self.view.cards = []
        self.boundary_item = None
        self.break_items = []
        self.raw.clear()
        self.stack.setCurrentWidget(self.empty)

    def set_report(self, report: Report) -> None:
        """Lay out every hop of `report`."""
        self.clear()
        self.report = report
        hops = report.hops
        state = report.sections.get("hops", SectionState.NOT_ANALYSED)
        if not hops:
            if state is SectionState.ERROR:
                msg = "The Received chain could not be analysed (internal error; see Details)."
            elif state is SectionState.ANALYSED:
                msg = "This message has no Received fields: it never crossed a mail server, or they were removed."
            else:
                msg = "The Received chain was not analysed for this message."
            self.empty.setText(msg)
            return
        boundary_idx = report.boundary.hop_index
        if boundary_idx is None:
            boundary_idx = next((h.index for h in hops if h.is_boundary), None)
        breaks_after: dict[int, list[Break]] = {}
        for br in report.breaks:
            key = -1 if br.after_hop is None else br.after_hop
            breaks_after.setdefault(key, []).append(br)
        any_badges = False
        width = CARD_W
        y = 6.0
        # Breaks before the first hop (after_hop None) go on top.
        for br in breaks_after.get(-1, []):
            self._add_mark(break_text(br), BREAK, y, "break")
            y += MARK_H
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        for pos, hop in enumerate(hops):
            marks: list[tuple[str, str, str]] = []
            if pos > 0:
                for br in breaks_after.get(hops[pos - 1].index, []):
                    marks.append((break_text(br), BREAK, "break"))
            if boundary_idx is not None and hop.index == boundary_idx:
                marks.append((boundary_text(report.boundary, hops), BOUNDARY, "boundary"))
            gap = 0.0 if pos == 0 else GAP
            if marks:
                # The marks sit in the gap above this card, below the previous card's arrow start.
                y += 4
                for text, colour, kind in marks:
                    item = self._add_mark(text, colour, y, kind)
                    if kind == "boundary":
                        self.boundary_item = item
                    y += MARK_H
                gap = max(gap, 26.0) if pos > 0 else 0.0
            y += gap
            claimed = is_claimed(hop, boundary_idx)
            badges = hop_badges(hop, report)
            any_badges = any_badges or bool(badges)
            card = HopCard(hop, claimed, badges, gap, first=pos == 0)
            card.setPos(LEFT, y)
            self.scene.addItem(card)
            self.view.cards.append(card)
            y += CARD_H + max(0, len(badges) - 3) * (BADGE_H + 4)
        for br in breaks_after.get(hops[-1].index, []):
            y += 8
            self._add_mark(break_text(br), BREAK, y, "break")
            y += MARK_H
        if any_badges:
            width = BADGE_X + BADGE_W
        lines: list[MarkLine | None] = [self.boundary_item, *self.break_items]
        for mark in lines:
            if mark is not None:
                mark.prepareGeometryChange()
                mark.width = width
        self.scene.setSceneRect(QRectF(0, 0, width + 2 * LEFT + 10, y + 16))
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self._update_legend(report)
        self.stack.setCurrentWidget(self.splitter)
        self.view.horizontalScrollBar().setValue(0)
        self.view.verticalScrollBar().setValue(0)

    def _add_mark(self, text: str, colour: str, y: float, kind: str) -> MarkLine:
        item = MarkLine(text, colour, BADGE_X + BADGE_W, kind)
        item.setPos(LEFT, y)
        item.setZValue(1)
        self.scene.addItem(item)
        if kind == "break":
            self.break_items.append(item)
        return item

    def _update_legend(self, report: Report) -> None:
        self.legend.setText(chain_legend(report))

    # -- interaction ------------------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        selected = [c for c in self.view.cards if c.isSelected()] if self.scene.selectedItems() else []
        if not selected:
            return
        hop = selected[0].hop
        lines = [hop.raw]
        if hop.warnings:
            lines.append("")
            lines += [f"⚠ {w}" for w in hop.warnings]
        self.raw.setPlainText("\n".join(lines))
        self.hopSelected.emit(hop.index)

    def select_hop(self, position: int) -> None:
        """Select the hop at `position` in chain order."""
        self.view.select_card(position)

    def fit_width(self) -> None:
        """Zoom so the chain's width fills the view."""
        rect = self.scene.sceneRect()
        if rect.width() <= 0:
            return
        avail = self.view.viewport().width() - 8
        self.view.set_zoom(avail / rect.width())

    def zoom_by(self, factor: float) -> None:
        """Multiply the zoom (menu actions)."""
        self.view.set_zoom(self.view.zoom * factor)

    def card_count(self) -> int:
        """How many hop cards are drawn."""
        return len(self.view.cards)
