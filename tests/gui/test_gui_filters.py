"""The Filters tab (issue 14): each vendor a group with its summary line, each field a row (label, value,
meaning, written by), trusted and claimed rows told apart; message text shown as plain text."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.gui.filters_view import CLAIMED_WORD, NO_FILTERS, TRUSTED_WORD, FiltersView
from inspector.gui.main_window import VIEWS
from inspector.ingest import load_bytes, load_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "filters"


def test_filters_view_lists_vendors_and_marks_trust(qtbot: QtBot) -> None:
    view = FiltersView()
    qtbot.addWidget(view)
    view.set_report(analyze(load_file(FIXTURES / "barracuda-tagged.eml")))
    assert view.vendor_count() == 1
    group = view.tree.topLevelItem(0)
    assert group is not None and group.text(0).startswith("Barracuda rated this spam")
    assert group.isExpanded()
    rows = view.rows()
    assert rows[[r[0] for r in rows].index("Tag level")][:2] == ("Tag level", "3.5")
    assert all(r[3] == TRUSTED_WORD for r in rows)

    view.set_report(analyze(load_file(FIXTURES / "forged-below-boundary.eml")))
    assert view.vendor_count() >= 4
    assert all(r[3] == CLAIMED_WORD for r in view.rows())
    first = view.tree.topLevelItem(0)
    assert first is not None and first.text(0).startswith("Claimed by the sender")


def test_filters_view_without_filters_and_hostile_values(qtbot: QtBot) -> None:
    view = FiltersView()
    qtbot.addWidget(view)
    view.set_report(analyze(load_bytes(b"From: a@example.com\r\nSubject: x\r\n\r\n")))
    assert view.empty.text() == NO_FILTERS and view.tree.isHidden()
    hostile = "X-Spam-Flag: <img src=file:///dev/zero>\u202e\r\nFrom: a@example.com\r\n\r\n".encode()
    view.set_report(analyze(load_bytes(hostile)))
    (row,) = view.rows()
    assert "<img" in row[1]  # shown as text, never interpreted
    assert view.tree.topLevelItem(0).child(0).toolTip(1).startswith("<p style=")  # type: ignore[union-attr]


def test_filters_is_a_named_view() -> None:
    assert "filters" in VIEWS
