"""Small screens (issue 16, item 4): at 1024×600 and 1366×768 the checks table keeps several rows in sight.

At 1024×600 the authentication table was about one row high: the banner, the tab bar, the chain canvas and
the raw Received box took the rest. The table now has a minimum height (MIN_ROWS_SHOWN checks of three
wrapped lines), the chain a minimum canvas, and the report page scrolls as a whole only when those
minimums do not fit — never at 1366×768.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QTreeWidget
from pytestqt.qtbot import QtBot

from inspector.gui.auth_panel import MIN_ROWS_SHOWN
from inspector.gui.main_window import MainWindow
from tests.conftest import SAMPLES, SHARED

#: A real phishing message whose DMARC detail wraps to six lines at 1024 px (the worst row seen).
LONG_DETAIL = SHARED / "corpora" / "phishing_pot_sample" / "email" / "sample-1261.eml"
SAMPLE = SAMPLES / "paypal-lookalike.eml"


def rows_in_sight(window: MainWindow) -> tuple[int, int]:
    """(checks whose row is wholly visible on screen, checks of which at least a part is)."""
    tree: QTreeWidget = window.auth.tree
    # The part of the table's viewport the window really shows (the page may be scrolled).
    scroll = window.report_page.page_scroll.viewport()
    top_left = tree.viewport().mapTo(scroll, QPoint(0, 0))
    shown_part = QRect(top_left, tree.viewport().size()).intersected(scroll.rect())
    whole = partly = 0
    for i in range(tree.topLevelItemCount()):
        rect = tree.visualItemRect(tree.topLevelItem(i))
        on_page = QRect(rect.topLeft() + top_left, rect.size())
        if shown_part.contains(on_page):
            whole += 1
        if shown_part.intersects(on_page):
            partly += 1
    return whole, partly


def show(qtbot: QtBot, window: MainWindow, path: Path, size: tuple[int, int]) -> None:
    window.resize(*size)
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(path)])
    window.show_view("auth")
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(20)


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
@pytest.mark.parametrize("path", [SAMPLE, LONG_DETAIL], ids=["sample", "long-detail"])
def test_the_checks_table_shows_several_rows(
    qtbot: QtBot, window: MainWindow, path: Path, size: tuple[int, int]
) -> None:
    show(qtbot, window, path, size)
    assert window.auth.tree.topLevelItemCount() >= MIN_ROWS_SHOWN + 1
    whole, partly = rows_in_sight(window)
    assert whole >= MIN_ROWS_SHOWN, (whole, partly)
    # The chain canvas keeps room for a hop card too.
    assert window.chain.view.viewport().height() >= 60


def test_no_page_scrolling_at_1366x768(qtbot: QtBot, window: MainWindow) -> None:
    show(qtbot, window, LONG_DETAIL, (1366, 768))
    assert not window.report_page.page_scroll.verticalScrollBar().isVisible()
