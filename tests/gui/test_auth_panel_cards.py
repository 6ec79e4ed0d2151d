"""The GUI's authentication panel renders the engine's check cards, and tells the same facts as the export.

Before the cards, the panel and the HTML export each built their own rows from the report, and differed (a
message without DKIM signature: "none · from the message alone" on screen, no badge and no source in the
export). Both now lay out `inspector.report.check_cards`; these tests read what each view shows.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from inspector.gui.auth_panel import AuthPanel
from inspector.gui.style import BADGE_COLOURS
from inspector.report.check_cards import check_cards
from inspector.report.to_html import report_to_html
from tests.unit.test_check_cards import glance_rows, reports, words

NAMES = ["paypal-snapshot", "arc-and-receivers", "pasted-headers", "sample", "mailbits-twine_release.eml"]


def top_rows(panel: AuthPanel) -> list[QTreeWidgetItem]:
    items = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    return [it for it in items if it is not None]


@pytest.mark.parametrize("name", NAMES)
def test_the_panel_shows_each_card_and_its_lines(qtbot: QtBot, name: str) -> None:
    report = reports()[name]
    panel = AuthPanel()
    qtbot.addWidget(panel)
    panel.set_report(report)
    cards = check_cards(report, see="Details")
    rows = top_rows(panel)
    assert [r.text(0) for r in rows] == [c.title for c in cards]
    for row, card in zip(rows, cards, strict=True):
        assert row.text(1) == (card.status.value if card.status else "")
        assert (row.text(2), row.text(3), row.text(4)) == (card.source, card.recorded, card.summary)
        if card.status is not None:
            assert row.background(1).color().name() == QColor(BADGE_COLOURS[card.level]).name()
        children = [row.child(i).text(0) for i in range(row.childCount())]
        expected = [
            *(f"{r.label}:  {r.value}" for r in card.details),
            *(f"DNS:  {line}" for line in card.dns),
            *(f"Receiver:  {line}" for line in card.receivers),
        ]
        assert children == expected
        assert row.isExpanded() == card.expanded


@pytest.mark.parametrize("name", NAMES)
def test_the_panel_and_the_export_tell_the_same_facts(qtbot: QtBot, name: str) -> None:
    """Title, result word, source of facts, receiver's record and summary of every check, view against view."""
    report = reports()[name]
    panel = AuthPanel()
    qtbot.addWidget(panel)
    panel.set_report(report)
    on_screen = [
        (r.text(0), r.text(1) or None, *(words(r.text(i)) for i in (2, 3, 4)))
        for r in top_rows(panel)
        if r.text(0) != "Differences"
    ]
    exported = [
        (title, badge.split()[-1] if badge else None, source, recorded, summary)
        for title, badge, source, recorded, summary in glance_rows(report_to_html(report))
    ]
    assert on_screen == exported
    assert len(on_screen) >= 4
