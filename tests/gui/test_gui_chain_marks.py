"""The chain canvas draws a break as the engine's bracket (after one hop, at or before another), labels that wrap
instead of being cut, and a zoom button that says the zoom.

Expected places come from reading the messages: in rspamd-arcbad.eml outlook.com signs at the Microsoft hop 3
and its body hash no longer matches, freebsd.org's own signature (hop 5) still matches, and the list hosts
mx1.freebsd.org / mailman.nyi.freebsd.org receive hops 4 and 5.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF
from pytestqt.qtbot import QtBot

from inspector.gui.chain_view import (
    MAX_DETAIL_LINES,
    BreakBracket,
    HopCard,
    MarkLine,
    _fonts,
    place_breaks,
)
from inspector.gui.main_window import MainWindow
from inspector.gui.safe_text import tooltip
from inspector.model.chain import Break, Hop
from tests.conftest import SHARED
from tests.gui.sample_reports import rich_report

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"
TWINE = SHARED / "corpora" / "real-chains" / "mailbits-twine_release.eml"

SIMPLE = (
    b"Received: from mail.example.net (mail.example.net [198.51.100.9])\r\n"
    b"\tby mx.corp.example.com (Postfix) with ESMTPS id 4ABC\r\n"
    b"\tfor <bob@corp.example.com>; Mon, 30 Nov 2026 04:00:05 +0000\r\n"
    b"Received: from [192.0.2.44] (unknown [192.0.2.44])\r\n"
    b"\tby mail.example.net (Postfix) with ESMTPSA id 1XYZ\r\n"
    b"\tfor <bob@corp.example.com>; Mon, 30 Nov 2026 04:00:01 +0000\r\n"
    b"From: Alice <alice@example.net>\r\nTo: bob@corp.example.com\r\nSubject: plain hello\r\n"
    b"Date: Mon, 30 Nov 2026 04:00:00 +0000\r\nMessage-ID: <1@example.net>\r\n\r\nhello\r\n"
)


def open_file(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(path)])
    assert window.current_report() is not None


def card_box(card: HopCard) -> QRectF:
    """The card itself in scene coordinates (without the arrow gap above it or the badges)."""
    return card.mapRectToScene(card.card_rect())


def bracket_of(window: MainWindow, mark: MarkLine) -> BreakBracket:
    found = [b for b in window.chain.brackets if b.toolTip() == mark.toolTip()]
    assert len(found) == 1
    return found[0]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_whole_and_fitting(mark: MarkLine) -> None:
    """Every line fits the label's width and together they are the whole label: nothing cut."""
    fonts = _fonts()
    head_fm, detail_fm = QFontMetricsF(fonts["bold"]), QFontMetricsF(fonts["small"])
    for line in mark.head_lines:
        assert head_fm.horizontalAdvance(line) <= mark.width - 12 + 0.5, line
    for line in mark.detail_lines:
        assert detail_fm.horizontalAdvance(line) <= mark.width - 12 + 0.5, line
    assert squash("".join(mark.lines())) == squash(mark.headline + mark.detail)
    assert mark.toolTip() == tooltip(mark.text)
    assert mark.height >= len(mark.lines()) * detail_fm.lineSpacing()


def test_arcbad_body_break_brackets_hops_4_and_5_and_names_the_list(qtbot: QtBot, window: MainWindow) -> None:
    open_file(qtbot, window, ARCBAD)
    cards = window.chain.view.cards
    assert len(cards) == 8
    body = next(m for m in window.chain.break_items if "body changed" in m.text)
    assert body.text.startswith(
        "✖ body changed between hop 3 and hop 5 — most likely the mailing list at freebsd.org "
        "(mx1.freebsd.org, mailman.nyi.freebsd.org)"
    )
    assert "body hash of DKIM d=outlook.com" in body.text  # the evidence follows the answer
    # The label sits below Microsoft's hop 3 and above hop 4; the bracket runs from it into hop 5, not past it.
    label_y = body.scenePos().y()
    assert card_box(cards[2]).bottom() < label_y < card_box(cards[3]).top()
    bracket = bracket_of(window, body).sceneBoundingRect()
    assert bracket.top() < card_box(cards[3]).top()
    assert card_box(cards[4]).top() < bracket.bottom() < card_box(cards[4]).bottom() + 4
    assert bracket.right() <= card_box(cards[4]).left() + 4  # in the gutter, ending at the card's edge
    # The ARC restart is bracketed from hop 4 to hop 6, in a column of its own beside the body bracket.
    restart = next(m for m in window.chain.break_items if "ARC chain restarted" in m.text)
    assert restart.text.startswith("✖ ARC chain restarted between hop 3 and hop 6 — ")
    assert "mx1.freebsd.org" in restart.text.split(":")[0]
    rb = bracket_of(window, restart).sceneBoundingRect()
    assert card_box(cards[5]).top() < rb.bottom() < card_box(cards[5]).bottom() + 4
    assert abs(rb.left() - bracket.left()) >= 10
    for mark in [*window.chain.break_items, window.chain.boundary_item]:
        assert mark is not None
        assert_whole_and_fitting(mark)


def test_twine_subject_tag_is_at_hop_3_and_body_break_spans_3_to_5(qtbot: QtBot, window: MainWindow) -> None:
    open_file(qtbot, window, TWINE)
    cards = window.chain.view.cards
    tag = next(m for m in window.chain.break_items if "subject tagged" in m.text)
    # gmail.com signed at hop 2; mail.python.org (the list, List-Id distutils-sig.python.org) received hop 3.
    assert tag.text.startswith(
        "✖ subject tagged at hop 3 — most likely the mailing list at python.org (mail.python.org)"
    )
    tb = bracket_of(window, tag).sceneBoundingRect()
    assert card_box(cards[2]).top() < tb.bottom() < card_box(cards[2]).bottom()
    body = next(m for m in window.chain.break_items if "body changed" in m.text)
    assert body.text.startswith("✖ body changed between hop 2 and hop 5 — most likely the mailing list at python.org")
    bb = bracket_of(window, body).sceneBoundingRect()
    assert bb.top() < card_box(cards[2]).top() and card_box(cards[4]).top() < bb.bottom() < card_box(cards[4]).bottom()


def test_boundary_label_is_whole_when_no_hop_has_badges(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    msg = tmp_path / "simple.eml"
    msg.write_bytes(SIMPLE)
    open_file(qtbot, window, msg)
    assert all(not c.badges for c in window.chain.view.cards)
    mark = window.chain.boundary_item
    assert mark is not None
    assert "SPF judged 198.51.100.9" in mark.text
    assert_whole_and_fitting(mark)
    drawn = " ".join(mark.lines())
    assert "SPF judged 198.51.100.9" in drawn and "▲ above: claimed by the sending side" in drawn
    # The label lies inside the scene the view shows.
    assert window.chain.scene.sceneRect().contains(mark.sceneBoundingRect())


def test_hostile_break_text_is_capped_and_still_fits(qtbot: QtBot, window: MainWindow) -> None:
    evidence = "x" * 300 + " " + "word " * 20_000
    report = rich_report(breaks=(Break("body changed", 2, 3, evidence, suspects=("lists.example.org",)),))
    window.show_report(report)
    (mark,) = window.chain.break_items
    assert len(mark.detail_lines) == MAX_DETAIL_LINES
    assert mark.detail_lines[-1].endswith("…")
    fm = QFontMetricsF(_fonts()["small"])
    assert all(fm.horizontalAdvance(line) <= mark.width - 12 + 0.5 for line in mark.lines())


def hops(n: int) -> list[Hop]:
    return [Hop(i, n - i, f"from h{i} by h{i + 1}", by_host=f"h{i + 1}") for i in range(n)]


def test_place_breaks_spans_and_columns() -> None:
    chain = hops(8)
    placed = {
        pb.brk.what: pb
        for pb in place_breaks(
            [
                Break("body", 2, 4, ""),
                Break("restart", 2, 5, ""),
                Break("later", 5, 7, ""),
                Break("open end", 6, None, ""),
                Break("open start", None, 0, ""),
            ],
            chain,
        )
    }
    assert (placed["body"].first, placed["body"].last) == (3, 4)
    assert (placed["restart"].first, placed["restart"].last) == (3, 5)
    # Same start: the longer bracket is outside (column 0) so the nested one does not cross it.
    assert placed["restart"].column < placed["body"].column
    assert (placed["later"].first, placed["later"].last) == (6, 7)
    assert (placed["open end"].first, placed["open end"].last) == (7, 7)
    assert (placed["open start"].first, placed["open start"].last) == (0, 0)
    assert placed["later"].column != placed["open end"].column  # they overlap on card 8
    # Hops missing from a truncated report map to the nearest kept card.
    kept = [h for h in chain if h.index not in (3, 4)]
    (pb,) = place_breaks([Break("body", 2, 4, "")], kept)
    assert (pb.first, pb.last) == (3, 2)  # nothing kept inside the bracket: a label above index 5, no span


@pytest.mark.parametrize("clicks", [0, 1, 2])
def test_zoom_button_shows_the_zoom(qtbot: QtBot, window: MainWindow, clicks: int) -> None:
    window.show_report(rich_report())
    chain = window.chain
    for _ in range(clicks):
        chain.zoom_by(1.15)
    assert chain.zoom_button.text() == f"{round(1.15**clicks * 100)} %"
    chain.view.set_zoom(0.05)
    assert chain.zoom_button.text() == "10 %"
    chain.fit_width()
    assert chain.zoom_button.text() == f"{round(chain.view.zoom * 100)} %"
    chain.zoom_button.click()
    assert chain.zoom_button.text() == "100 %"
