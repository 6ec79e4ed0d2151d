"""The message's journey: one card per hop from origin (top) to mailbox (bottom), on a QGraphicsView.

Each card is one lightweight QGraphicsItem that paints its own text (no child text items), so a
3,000-hop message builds in well under a second and only visible cards are ever painted. The gap above
a card carries the arrow from the previous hop with its delay; the trust boundary is a labelled line in
the gap above the boundary hop. A break is the engine's bracket, not a point: the change happened after
`after_hop` and at or before `before_hop`, so it is drawn as a red bracket in a gutter left of the cards,
spanning exactly the hops that could have made the change, with its label (the plain answer first, then
the evidence) on top. Labels wrap onto further lines (laid out once with QTextLayout) instead of being
cut; the full text is also the tooltip. Artefacts placed on a hop by the engine (DKIM signatures, ARC
sets, receivers' results) are drawn as badges to the right of the card that made them. Everything is
read from the Report: the view computes no delay, boundary or placement itself.
"""

from __future__ import annotations

import bisect
import itertools
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
    QTextLayout,
    QTextOption,
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

from inspector.gui.safe_text import shown, tooltip
from inspector.gui.style import BADGE_COLOURS, BOUNDARY, BREAK, NEGATIVE_DELAY, palette, placeholder
from inspector.model.chain import Break, Hop
from inspector.model.report import Report, SectionState
from inspector.report.wording import (
    NO_HOPS,
    artefact_badge,
    boundary_text,
    break_headline,
    break_text,
    chain_legend,
    delay_label,
    hop_text,
    is_claimed,
    section_state,
)

CARD_W = 600.0
CARD_H = 78.0
GAP = 34.0  # arrow + delay label between two cards
MARK_PAD = 6.0  # space above and below each boundary/break label
BADGE_X = CARD_W + 24.0
BADGE_W = 420.0
BADGE_H = 18.0
LEFT = 10.0
#: Width of one bracket column in the break gutter, and the most columns drawn (more breaks share the last).
BRACKET_COL = 14.0
MAX_BRACKET_COLS = 5
#: Below this zoom (scene units per pixel) cards and labels are drawn as boxes and bands, without text.
MIN_TEXT_LOD = 0.3
#: The smallest zoom Fit may choose (a 3,000-hop chain is about 340,000 units tall).
MIN_FIT_ZOOM = 0.0005
#: Colour of the "N hops hidden" line of a truncated chain.
HIDDEN = "#757575"
#: Line caps for hostile text: the tooltip carries the rest.
MAX_HEAD_LINES = 4
MAX_DETAIL_LINES = 6
MAX_MARK_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Badge:
    """One artefact drawn beside a hop: text and a colour."""

    text: str
    colour: str


#: Badges drawn beside one hop; a hostile message can place thousands of signatures on one hop, and each
#: badge is painted on every repaint. The rest are counted in one last badge (all are in the auth panel's
#: totals and the JSON).
MAX_BADGES = 8


def hop_badges(hop: Hop, report: Report | None = None) -> list[Badge]:
    """The artefacts the engine placed on `hop` (signatures, seals, recorded results), as badges."""
    out = []
    for art in hop.artefacts[:MAX_BADGES]:
        text, group = artefact_badge(art, report)
        out.append(Badge(shown(text, single_line=True), BADGE_COLOURS[group]))
    rest = len(hop.artefacts) - MAX_BADGES
    if rest > 0:
        out.append(Badge(f"… and {rest:,} more on this hop (see Authentication and the JSON export)", "#6d6d6d"))
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
        # Painted with drawText (never interpreted), but host names are the sender's words: controls and
        # bidi characters are shown as codes so a name cannot reorder the card.
        self.title = shown(words.title, single_line=True)
        self.subtitle = shown(words.subtitle, single_line=True)
        self.by_line = shown(words.by_line, single_line=True)
        self.time_line = shown(words.time_line, single_line=True)
        self.bad_clock = h.skew_seconds is not None
        self.clock_note = shown(words.clock_note, single_line=True)
        self.zone = shown(words.zone, single_line=True)
        tip = [h.raw, ""]
        tip += [f"• {a}" for a in h.annotations]
        tip += [f"⚠ {w}" for w in h.warnings]
        self.card_warnings = [shown(w, single_line=True) for w in words.warnings]
        self.setToolTip(tooltip("\n".join(tip)))

    def boundingRect(self) -> QRectF:
        height = self.top_gap + CARD_H
        width = BADGE_X + BADGE_W if self.badges else CARD_W
        n = max(0, len(self.badges) - 3)
        return QRectF(0, -self.top_gap, width + 4, height + n * (BADGE_H + 4) + 4)

    def card_rect(self) -> QRectF:
        """The card itself, in item coordinates."""
        return QRectF(0, 0, CARD_W, CARD_H)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if option.levelOfDetailFromTransform(painter.worldTransform()) < MIN_TEXT_LOD:
            self._paint_outline(painter)
            return
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

    def _paint_outline(self, painter: QPainter) -> None:
        """The card as a plain box (zoomed out so far that text cannot be read): cheap for thousands of
        cards, and the boundary, claimed hops and negative delays still stand out by colour, each at least
        two pixels tall however far the chain is squeezed (Fit on a long chain)."""
        pal = palette()
        px = 1.0 / max(abs(painter.worldTransform().m22()), 1e-6)  # one screen pixel, in scene units
        painter.setPen(Qt.PenStyle.NoPen)
        if self.hop.is_boundary:
            painter.setBrush(QColor(BOUNDARY))
            painter.drawRect(QRectF(0, 0, CARD_W, max(CARD_H, 3 * px)))
        else:
            role = QPalette.ColorRole.Mid if self.claimed else QPalette.ColorRole.Dark
            painter.setBrush(pal.color(role))
            painter.drawRect(QRectF(0, 0, CARD_W, CARD_H))
        d = self.hop.delay_seconds
        if d is not None and d < 0:
            painter.setBrush(QColor(NEGATIVE_DELAY))
            painter.drawRect(QRectF(0, -GAP / 2, CARD_W / 3, max(4.0, 2 * px)))


def wrap_text(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """`text` broken into lines no wider than `width` (at word boundaries, else anywhere), at most `max_lines`.

    Explicit newlines start a new line. When the text needs more lines, the last one ends in "…".
    """
    fm = QFontMetricsF(font)
    width = max(width, 40.0)
    lines: list[str] = []
    cut = False
    for para in text[:MAX_MARK_CHARS].split("\n"):
        layout = QTextLayout(para, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            if len(lines) >= max_lines:
                cut = True
                break
            lines.append(para[line.textStart() : line.textStart() + line.textLength()].rstrip())
        layout.endLayout()
        if cut:
            break
    if (cut or len(text) > MAX_MARK_CHARS) and lines:
        # elidedText keeps "… " whole when it fits and otherwise cuts the line to end in "…".
        lines[-1] = fm.elidedText(lines[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return lines


class MarkLine(QGraphicsItem):
    """A labelled line across the chain: the trust boundary (blue, dashed) or a break (red).

    The label wraps to the item's width: the headline in bold, then the detail (a break's evidence) in a
    smaller font. `text` is the whole label as one string (tooltip, tests).
    """

    def __init__(self, text: str, colour: str, width: float, kind: str, headline: str = "", detail: str = "") -> None:
        super().__init__()
        self.text = shown(text)
        self.headline = shown(headline or text)
        self.detail = shown(detail)
        self.colour = colour
        self.kind = kind
        self.width = width
        self.head_lines: list[str] = []
        self.detail_lines: list[str] = []
        self.height = 0.0
        self.set_width(width)
        self.setToolTip(tooltip(text, MAX_MARK_CHARS))

    def set_width(self, width: float) -> None:
        """Lay the label out again for `width` (its height follows)."""
        self.prepareGeometryChange()
        self.width = width
        fonts = _fonts()
        inner = width - 12
        self.head_lines = wrap_text(self.headline, fonts["bold"], inner, MAX_HEAD_LINES)
        self.detail_lines = wrap_text(self.detail, fonts["small"], inner, MAX_DETAIL_LINES) if self.detail else []
        self.height = (
            MARK_PAD
            + 4
            + len(self.head_lines) * QFontMetricsF(fonts["bold"]).lineSpacing()
            + len(self.detail_lines) * QFontMetricsF(fonts["small"]).lineSpacing()
            + MARK_PAD
        )

    def lines(self) -> list[str]:
        """Every line drawn, headline first."""
        return self.head_lines + self.detail_lines

    def boundingRect(self) -> QRectF:
        return QRectF(0, -2, self.width + 2, self.height + 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colour = QColor(self.colour)
        style = {"break": Qt.PenStyle.SolidLine, "hidden": Qt.PenStyle.DotLine}.get(self.kind, Qt.PenStyle.DashLine)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < MIN_TEXT_LOD:
            # Too small to read: a band the height of the label, so the line stays visible when fitted.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(
                QBrush(colour, Qt.BrushStyle.Dense4Pattern if self.kind == "hidden" else Qt.BrushStyle.SolidPattern)
            )
            px = 1.0 / max(abs(painter.worldTransform().m22()), 1e-6)  # one screen pixel, in scene units
            painter.drawRect(QRectF(0, 0, self.width, max(self.height, (6 if self.kind == "hidden" else 3) * px)))
            return
        pen = QPen(colour, 2.5, style)
        painter.setPen(pen)
        painter.drawLine(QPointF(0, 4), QPointF(self.width, 4))
        fonts = _fonts()
        y = MARK_PAD + 4
        painter.setFont(fonts["bold"])
        step = QFontMetricsF(fonts["bold"]).lineSpacing()
        for line in self.head_lines:
            painter.drawText(QRectF(6, y, self.width - 12, step), Qt.AlignmentFlag.AlignVCenter, line)
            y += step
        if self.detail_lines:
            painter.setFont(fonts["small"])
            painter.setPen(palette().color(QPalette.ColorRole.Text))
            step = QFontMetricsF(fonts["small"]).lineSpacing()
            for line in self.detail_lines:
                painter.drawText(QRectF(6, y, self.width - 12, step), Qt.AlignmentFlag.AlignVCenter, line)
                y += step


class BreakBracket(QGraphicsItem):
    """The red bracket of one break: down the gutter from its label to the last hop that could have made the
    change, with a tick into that hop's card."""

    def __init__(self, text: str, height: float, tick: float) -> None:
        super().__init__()
        self.height = max(height, 0.0)
        self.tick = max(tick, 0.0)
        self.setToolTip(tooltip(text, MAX_MARK_CHARS))

    def boundingRect(self) -> QRectF:
        return QRectF(-3, 0, self.tick + 6, self.height + 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(QPen(QColor(BREAK), 2.5))
        painter.drawLine(QPointF(0, 0), QPointF(0, self.height))
        painter.drawLine(QPointF(0, self.height), QPointF(self.tick, self.height))


@dataclass(frozen=True, slots=True)
class PlacedBreak:
    """A break laid out: the card positions it spans (first..last, inclusive) and its gutter column."""

    brk: Break
    first: int
    last: int
    column: int


def place_breaks(breaks: Sequence[Break], hops: Sequence[Hop]) -> list[PlacedBreak]:
    """Each break's span in card positions and a gutter column, so brackets that overlap sit side by side.

    The span is the cards after `after_hop` up to and including `before_hop` (an open end runs to the first
    or last card). Hops omitted from a truncated report are mapped to the nearest card on the right side.
    Breaks starting at the same card are ordered longest first, so the outer bracket carries the upper label
    and nested brackets do not cross it.
    """
    n = len(hops)
    indexes = [h.index for h in hops]
    ordered = all(a < b for a, b in itertools.pairwise(indexes))
    spans: list[tuple[int, int, Break]] = []
    for br in breaks:
        if br.after_hop is None:
            first = 0
        elif ordered:
            first = bisect.bisect_right(indexes, br.after_hop)
        else:
            first = next((p for p, i in enumerate(indexes) if i > br.after_hop), n)
        if br.before_hop is None:
            last = n - 1
        elif ordered:
            last = bisect.bisect_right(indexes, br.before_hop) - 1
        else:
            last = max((p for p, i in enumerate(indexes) if i <= br.before_hop), default=-1)
        spans.append((first, max(last, first - 1), br))
    spans.sort(key=lambda t: (t[0], -t[1]))
    ends: list[int] = []
    out: list[PlacedBreak] = []
    for first, last, br in spans:
        col = next((c for c, e in enumerate(ends) if e < first), None)
        if col is None and len(ends) < MAX_BRACKET_COLS:
            ends.append(last)
            col = len(ends) - 1
        elif col is None:
            col = MAX_BRACKET_COLS - 1
        ends[col] = max(ends[col], last) if ends[col] >= first else last
        out.append(PlacedBreak(br, first, last, col))
    return out


def zoom_label(factor: float) -> str:
    """The zoom as the button shows it ("132 %", "0.7 %")."""
    return f"{round(factor * 100)} %" if factor >= 0.02 else f"{factor * 100:.1f} %"


def label_width(headline: str, x: float, right: float, card_x: float) -> float:
    """A label's width from `x`: to the chain's right edge, or wider (up to the badge column's end) when that
    keeps the headline's longest line whole; longer still, it wraps."""
    fm = QFontMetricsF(_fonts()["bold"])
    natural = max((fm.horizontalAdvance(part) for part in headline[:MAX_MARK_CHARS].split("\n")), default=0.0) + 16
    most = card_x + BADGE_X + BADGE_W - x
    return max(right - x, min(natural, most))


def _empty_text(state: SectionState) -> str:
    """What the canvas says when there is no hop to draw."""
    if state is SectionState.ERROR:
        return "The Received chain could not be analysed (internal error; see Details)."
    if state is SectionState.ANALYSED:
        return NO_HOPS
    return "The Received chain was not analysed for this message."


def _boundary_lines(text: str) -> str:
    """The boundary label with "▲ above: …" on a line of its own (it points the other way)."""
    return text.replace("   ▲", "\n▲")


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

    def set_zoom(self, factor: float, floor: float = 0.1) -> None:
        """Absolute zoom, clamped to `floor` (10 % unless Fit asks for less) – 400 %."""
        factor = max(floor, min(4.0, factor))
        self.resetTransform()
        self.scale(factor, factor)
        self.zoom = factor
        self.zoomChanged.emit(factor)

    def set_scales(self, sx: float, sy: float) -> None:
        """An overview: `sx` across and `sy` down (Fit on a chain too long to read whole)."""
        self.resetTransform()
        self.scale(sx, sy)
        self.zoom = sy
        self.zoomChanged.emit(sy)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.set_zoom(self.zoom * step, min(0.1, self.zoom))
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
            self.set_zoom(self.zoom / 1.15, min(0.1, self.zoom))
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


#: The chain canvas (with its zoom toolbar) never gets shorter than this: one hop card stays readable.
CANVAS_MIN_HEIGHT = 130


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
            (
                "−",
                "Zoom out (−, Ctrl+wheel)",
                lambda: self.view.set_zoom(self.view.zoom / 1.15, min(0.1, self.view.zoom)),
            ),
            ("100 %", "Current zoom; click for actual size (0)", lambda: self.view.set_zoom(1.0)),
            ("+", "Zoom in (+, Ctrl+wheel)", lambda: self.view.set_zoom(self.view.zoom * 1.15)),
            ("Fit", "Show the whole chain, every hop, in the window", self.fit),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            if text == "100 %":
                self.zoom_button = b
                # Wide enough for "400 %" so the toolbar does not jump as the zoom changes.
                b.setMinimumWidth(b.fontMetrics().horizontalAdvance("0000 %") + 12)
        self.view.zoomChanged.connect(self._zoom_changed)
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
        self.splitter.setSizes([500, 64])
        # A short window keeps a usable canvas (the toolbar and a hop card) and two lines of the raw line.
        canvas.setMinimumHeight(CANVAS_MIN_HEIGHT)
        self.raw.setMinimumHeight(2 * self.raw.fontMetrics().lineSpacing() + 12)

        self.empty = placeholder("No message analysed yet.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.boundary_item: MarkLine | None = None
        self.break_items: list[MarkLine] = []
        self.brackets: list[BreakBracket] = []
        self.hidden_items: list[MarkLine] = []

    # -- building ---------------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the shown report."""
        self.scene.clear()
        self.view.cards = []
        self.boundary_item = None
        self.break_items = []
        self.brackets = []
        self.hidden_items = []
        self.raw.clear()
        self.stack.setCurrentWidget(self.empty)

    def set_report(self, report: Report) -> None:
        """Lay out every hop of `report`, the boundary line and each break's bracket."""
        self.clear()
        self.report = report
        hops = report.hops
        state = section_state(report, "hops")
        if not hops:
            self.empty.setText(_empty_text(state))
            return
        boundary_idx = report.boundary.hop_index
        if boundary_idx is None:
            boundary_idx = next((h.index for h in hops if h.is_boundary), None)
        placed = place_breaks(report.breaks, hops)
        starting: dict[int, list[PlacedBreak]] = {}
        for pb in placed:
            starting.setdefault(pb.first, []).append(pb)
        ending: dict[int, list[PlacedBreak]] = {}
        for pb in placed:
            ending.setdefault(pb.last, []).append(pb)
        for group in starting.values():
            group.sort(key=lambda pb: pb.column)
        n_cols = 1 + max((pb.column for pb in placed), default=-1)
        card_x = LEFT + (n_cols * BRACKET_COL + 6 if n_cols else 0.0)
        all_badges = [hop_badges(hop, report) for hop in hops]
        right = card_x + (BADGE_X + BADGE_W if any(all_badges) else CARD_W)
        listed = report.identities.mailing_list
        # Each break's words, worked out once: the label, its bracket's tooltip and the label width use them.
        headlines = {id(pb): break_headline(pb.brk, listed, report.hops) for pb in placed}
        texts = {id(pb): break_text(pb.brk, listed, headline=headlines[id(pb)]) for pb in placed}
        # Where each bracket starts (its label's line) and ends (the bottom of its last card).
        bracket_top: dict[int, float] = {}
        y = 6.0
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        for pos, hop in enumerate(hops):
            marks = starting.get(pos, [])
            gap = 0.0 if pos == 0 else GAP
            is_b = boundary_idx is not None and hop.index == boundary_idx
            if hop.hidden_before:
                y += 4
                y += self._add_hidden(hop.hidden_before, card_x, y, label_width("", card_x, right, card_x)).height
            if marks or is_b:
                y += 4
                for pb in marks:
                    x = LEFT + pb.column * BRACKET_COL
                    width = label_width(headlines[id(pb)], x, right, card_x)
                    item = self._add_break(pb.brk, headlines[id(pb)], texts[id(pb)], x, y, width)
                    bracket_top[id(pb)] = y + 4
                    y += item.height
                if is_b:
                    # The boundary line starts at the cards, clear of the brackets in the gutter.
                    text = boundary_text(report.boundary, hops)
                    head = _boundary_lines(text)
                    width = label_width(head, card_x, right, card_x)
                    item = MarkLine(text, BOUNDARY, width, "boundary", headline=head)
                    item.setPos(card_x, y)
                    item.setZValue(1)
                    self.scene.addItem(item)
                    self.boundary_item = item
                    y += item.height
            y += gap
            claimed = is_claimed(hop, boundary_idx)
            badges = all_badges[pos]
            card = HopCard(hop, claimed, badges, gap, first=pos == 0)
            card.setPos(card_x, y)
            self.scene.addItem(card)
            self.view.cards.append(card)
            for pb in ending.get(pos, []):
                if id(pb) in bracket_top:
                    self._add_bracket(pb, texts[id(pb)], bracket_top[id(pb)], y + CARD_H / 2, card_x)
            y += CARD_H + max(0, len(badges) - 3) * (BADGE_H + 4)
        # Breaks that start after the last card (after_hop is the newest hop) go below it.
        for pb in starting.get(len(hops), []):
            y += 10
            x = LEFT + pb.column * BRACKET_COL
            width = label_width(headlines[id(pb)], x, right, card_x)
            item = self._add_break(pb.brk, headlines[id(pb)], texts[id(pb)], x, y, width)
            y += item.height
        widest = max([right, *(m.scenePos().x() + m.width for m in [*self.break_items, self.boundary_item] if m)])
        self.scene.setSceneRect(QRectF(0, 0, widest + LEFT + 10, y + 16))
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self._update_legend(report)
        self.stack.setCurrentWidget(self.splitter)
        self.view.horizontalScrollBar().setValue(0)
        self.view.verticalScrollBar().setValue(0)

    def _add_hidden(self, count: int, x: float, y: float, width: float) -> MarkLine:
        text = (
            f"… {count:,} hops hidden here: a long chain lists its oldest hops (where the message started) and "
            "its newest; the Headers tab has every Received field"
        )
        item = MarkLine(text, HIDDEN, width, "hidden", headline=f"… {count:,} hops hidden here")
        item.setToolTip(tooltip(text))
        item.setPos(x, y)
        item.setZValue(1)
        self.scene.addItem(item)
        self.hidden_items.append(item)
        return item

    def _add_break(self, brk: Break, headline: str, text: str, x: float, y: float, width: float) -> MarkLine:
        item = MarkLine(text, BREAK, width, "break", headline=headline, detail=brk.evidence)
        item.setPos(x, y)
        item.setZValue(1)
        self.scene.addItem(item)
        self.break_items.append(item)
        return item

    def _add_bracket(self, pb: PlacedBreak, text: str, top: float, bottom: float, card_x: float) -> None:
        x = LEFT + pb.column * BRACKET_COL + 1.5
        item = BreakBracket(text, bottom - top, card_x - x)
        item.setPos(x, top)
        item.setZValue(1)
        self.scene.addItem(item)
        self.brackets.append(item)

    def _zoom_changed(self, factor: float) -> None:
        self.zoom_button.setText(zoom_label(factor))

    def _update_legend(self, report: Report) -> None:
        self.legend.setText(shown(chain_legend(report)))

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
        self.raw.setPlainText(shown("\n".join(lines)))
        self.hopSelected.emit(hop.index)

    def fit(self) -> None:
        """Show the whole chain, first hop to last, in the window.

        When the chain fits at a zoom where its words can be read, the zoom is uniform. A long chain cannot
        (3,000 hops in 400 pixels): it becomes an overview instead, as wide as the window and squeezed to its
        height, each card a band, the boundary, breaks, negative delays and hidden hops still marked by
        colour; zoom in (or use the hop table) to read a hop.
        """
        rect = self.scene.sceneRect()
        if rect.width() <= 0 or rect.height() <= 0:
            return
        vp = self.view.viewport()
        sx, sy = (vp.width() - 8) / rect.width(), (vp.height() - 8) / rect.height()
        uniform = min(sx, sy)
        if uniform >= MIN_TEXT_LOD:
            self.view.set_zoom(uniform, MIN_FIT_ZOOM)
        else:
            self.view.set_scales(min(sx, 1.0), max(sy, MIN_FIT_ZOOM))
        self.view.horizontalScrollBar().setValue(0)
        self.view.verticalScrollBar().setValue(0)

    def chain_fits(self) -> bool:
        """True when every hop card is inside the visible part of the canvas (after Fit)."""
        if not self.view.cards:
            return True
        shown_rect = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        first, last = self.view.cards[0], self.view.cards[-1]
        return shown_rect.contains(first.sceneBoundingRect().topLeft()) and shown_rect.contains(
            last.sceneBoundingRect().bottomRight() - QPointF(1, 1)
        )

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

    def select_hop(self, hop_index: int) -> None:
        """Select the card of the hop with chain index `hop_index` (from the hop table), if not already."""
        pos = next((p for p, c in enumerate(self.view.cards) if c.hop.index == hop_index), None)
        if pos is not None and not self.view.cards[pos].isSelected():
            self.view.select_card(pos)

    def card_count(self) -> int:
        """How many hop cards are drawn."""
        return len(self.view.cards)
