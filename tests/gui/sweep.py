"""Walk every widget of a window: hover everything that has a tooltip (real QHelpEvents, as a mouse would),
and collect every string the window shows (labels, items, tooltips, editors, titles, painted hop cards).

Used in-process by the tests and as a script (`python tests/gui/sweep.py MESSAGE`) that the OS-level test
runs under strace: it opens MESSAGE offline, brings each view to the front and hovers everything.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGraphicsView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QTableView,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from shiboken6 import isValid


@dataclass
class Shown:
    """What a window showed: plain texts (never interpreted), rich-capable texts with their format."""

    plain: list[str] = field(default_factory=list)
    #: (text, interpreted?) — tooltips and labels that Qt may read as rich text.
    rich: list[tuple[str, bool]] = field(default_factory=list)
    tooltips_shown: list[str] = field(default_factory=list)


def _tree_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    out: list[QTreeWidgetItem] = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        it = stack.pop()
        if it is None:
            continue
        out.append(it)
        stack += [it.child(i) for i in range(it.childCount())]
    return out


def _hover(app: QApplication, widget: QWidget, pos: QPoint, shown: Shown) -> None:
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))
    app.sendEvent(widget, event)
    app.processEvents()
    if QToolTip.isVisible():
        shown.tooltips_shown.append(QToolTip.text())
    QToolTip.hideText()


def _is_rich(text: str, fmt: Qt.TextFormat) -> bool:
    from PySide6.QtGui import Qt as GuiQt

    if fmt == Qt.TextFormat.PlainText:
        return False
    if fmt == Qt.TextFormat.RichText:
        return True
    return bool(GuiQt.mightBeRichText(text))


def collect(window: QWidget, app: QApplication, hover: bool = True) -> Shown:
    """Every string the window's widgets show now; with `hover`, every tooltip is also really shown."""
    shown = Shown()
    shown.plain.append(window.windowTitle())
    for w in window.findChildren(QWidget):
        if not isValid(w):
            continue
        if w.toolTip():
            shown.rich.append((w.toolTip(), True))
        if isinstance(w, QLabel):
            shown.rich.append((w.text(), _is_rich(w.text(), w.textFormat())))
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            shown.plain.append(w.toPlainText())
        elif isinstance(w, QTabWidget):
            shown.plain += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QTreeWidget):
            for it in _tree_items(w):
                for c in range(w.columnCount()):
                    shown.plain.append(it.text(c))
                    if it.toolTip(c):
                        shown.rich.append((it.toolTip(c), True))
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                it = w.item(i)
                shown.plain.append(it.text())
                if it.toolTip():
                    shown.rich.append((it.toolTip(), True))
        elif isinstance(w, QTableWidget):
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    cell = w.item(r, c)
                    if cell is not None:
                        shown.plain.append(cell.text())
                        if cell.toolTip():
                            shown.rich.append((cell.toolTip(), True))
        elif isinstance(w, QTableView) and w.model() is not None:
            m = w.model()
            for r in range(m.rowCount()):
                for c in range(m.columnCount()):
                    ix = m.index(r, c)
                    shown.plain.append(str(m.data(ix, Qt.ItemDataRole.DisplayRole) or ""))
                    tip = m.data(ix, Qt.ItemDataRole.ToolTipRole)
                    if tip:
                        shown.rich.append((str(tip), True))
        elif isinstance(w, QGraphicsView) and w.scene() is not None:
            for item in w.scene().items():
                if item.toolTip():
                    shown.rich.append((item.toolTip(), True))
                for attr in ("title", "subtitle", "by_line", "time_line", "zone", "text", "headline", "detail"):
                    value = getattr(item, attr, None)
                    if isinstance(value, str):
                        shown.plain.append(value)
                for attr in ("card_warnings", "head_lines", "detail_lines"):
                    shown.plain += [str(x) for x in getattr(item, attr, [])]
                shown.plain += [b.text for b in getattr(item, "badges", [])]
    if hover:
        hover_all(window, app, shown)
    return shown


def hover_all(window: QWidget, app: QApplication, shown: Shown) -> None:
    """Send a tooltip event over every item, card and widget that has a tooltip, in every view."""
    from inspector.gui.main_window import VIEWS, MainWindow

    names = list(VIEWS) if isinstance(window, MainWindow) else [None]
    for name in names:
        if isinstance(window, MainWindow) and name is not None:
            window.show_view(name)
            app.processEvents()
        for w in window.findChildren(QWidget):
            # Hovering can delete short-lived widgets (a tooltip's label) taken into this list: skip them.
            if not isValid(w) or not w.isVisible():
                continue
            if w.toolTip():
                _hover(app, w, QPoint(2, 2), shown)
            if isinstance(w, QTreeWidget):
                w.expandAll()
                for it in _tree_items(w):
                    for c in range(w.columnCount()):
                        if it.toolTip(c):
                            w.scrollToItem(it)
                            rect = w.visualItemRect(it)
                            x = w.header().sectionViewportPosition(c) + 3
                            _hover(app, w.viewport(), QPoint(x, rect.center().y()), shown)
            elif isinstance(w, (QListWidget, QTableWidget)):
                items = (
                    [w.item(i) for i in range(w.count())]
                    if isinstance(w, QListWidget)
                    else [w.item(r, c) for r in range(w.rowCount()) for c in range(w.columnCount())]
                )
                for it in items:
                    if it is not None and it.toolTip():
                        w.scrollToItem(it)
                        _hover(app, w.viewport(), w.visualItemRect(it).center(), shown)
            elif isinstance(w, QAbstractItemView) and isinstance(w, QTableView) and w.model() is not None:
                m = w.model()
                for r in range(m.rowCount()):
                    for c in range(m.columnCount()):
                        ix = m.index(r, c)
                        if m.data(ix, Qt.ItemDataRole.ToolTipRole):
                            w.scrollTo(ix)
                            rect: QRect = w.visualRect(ix)
                            _hover(app, w.viewport(), rect.center(), shown)
            elif isinstance(w, QGraphicsView) and w.scene() is not None:
                for item in w.scene().items():
                    if item.toolTip():
                        w.ensureVisible(item.sceneBoundingRect(), 0, 0)
                        app.processEvents()
                        pt = item.sceneBoundingRect().center()
                        _hover(app, w.viewport(), w.mapFromScene(pt), shown)


def main(argv: list[str]) -> int:
    """Open MESSAGE offline, show every view, hover everything; print how many tooltips were shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from inspector.dns.offline import OfflineSource
    from inspector.gui.app import make_app, wait_for_jobs
    from inspector.gui.main_window import MainWindow
    from inspector.gui.settings import GuiSettings

    app = make_app()
    # A throw-away INI file, never os.devnull: QSettings saves by renaming a temporary file over its path, and
    # as root that replaces the /dev/null device with a regular file.
    settings_dir = tempfile.mkdtemp(prefix="sweep-settings-")
    atexit.register(shutil.rmtree, settings_dir, True)
    settings = GuiSettings(QSettings(os.path.join(settings_dir, "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, dns_override=OfflineSource, dns_override_label="offline", persist_state=False)
    window.show()
    window.open_paths([argv[0]])
    wait_for_jobs(window, 120_000)
    shown = collect(window, app)
    print(f"tooltips shown: {len(shown.tooltips_shown)}")
    window.close()
    return 0 if window.current_report() is not None else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
