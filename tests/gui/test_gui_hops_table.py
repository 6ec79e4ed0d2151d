"""The hop table (issue 14, items 6 and 8) and Fit on the hop cards.

Messages are built here and analysed by the real engine (offline), so every figure the table shows is the
engine's: the tests compare cells with the report, never with figures computed again in the test.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.chain.pipeline import HEAD_HOPS, MAX_HOPS
from inspector.dns.offline import OfflineSource
from inspector.gui.chain_view import ChainView, HopCard
from inspector.gui.hops_table import BAR_COLOUR, BAR_ROLE, COL, DelayBarDelegate, HopsTable, HopsTableModel
from inspector.gui.main_window import VIEWS, MainWindow
from inspector.ingest import load_bytes, load_file
from inspector.model.auth import AuthResult, SpfResult
from inspector.model.chain import PlacedArtefact
from inspector.model.report import Report
from inspector.report.wording import delay_text
from inspector.settings import AnalysisSettings
from tests.conftest import SHARED
from tests.gui.sample_reports import many_hops_report, rich_report

START = datetime(2026, 11, 30, 4, 0, 0, tzinfo=UTC)
#: Seconds after the previous hop, oldest first: a slow hop (3), a clock behind (4) and a quick one.
GAPS = (0, 5, 1800, -40, 2, 7)


def message(gaps: tuple[int, ...] = GAPS, n: int | None = None) -> bytes:
    """Received fields (newest on top) from h{i} to h{i+1}; hop i is dated START + the sum of the gaps."""
    count = n if n is not None else len(gaps)
    when = START
    fields = []
    for i in range(count):
        when += timedelta(seconds=gaps[i] if i < len(gaps) else 60)
        date = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
        fields.append(
            f"Received: from h{i}.relay.example (h{i}.relay.example [198.51.{i // 250}.{i % 250 + 1}]) "
            f"by h{i + 1}.relay.example with ESMTPS id Q{i} for <u@corp.example>; {date}\r\n"
        )
    return ("".join(reversed(fields)) + "From: a@relay.example\r\nSubject: hops\r\n\r\nbody\r\n").encode()


def report_of(raw: bytes) -> Report:
    return analyze(load_bytes(raw), AnalysisSettings(), OfflineSource())


@pytest.fixture
def table(qtbot: QtBot) -> HopsTable:
    view = HopsTable(tz=timezone(timedelta(hours=5, minutes=30)))
    qtbot.addWidget(view)
    view.resize(1300, 500)
    view.show()
    return view


def column(view: HopsTable, key: str) -> list[str]:
    m = view.model
    return [str(m.data(m.index(r, COL[key]))) for r in range(m.rowCount())]


def test_rows_show_the_reports_hops_and_delays(table: HopsTable) -> None:
    report = report_of(message())
    table.set_report(report)
    assert table.model.rowCount() == len(report.hops) == len(GAPS)
    assert column(table, "hop") == [str(h.index + 1) for h in report.hops]
    assert column(table, "from")[2] == "h2.relay.example [198.51.0.3]"
    assert column(table, "by")[2] == "h3.relay.example"
    assert column(table, "with")[2] == "ESMTPS · TLS"  # as the hop card says it
    assert column(table, "id")[2] == "Q2"
    assert column(table, "for")[2] == "<u@corp.example>" or column(table, "for")[2] == "u@corp.example"
    # Delays are the engine's, formatted; the first hop has none.
    expected = ["" if h.delay_seconds is None else delay_text(h.delay_seconds) for h in report.hops]
    assert [c.split(" (")[0] for c in column(table, "delay")] == expected
    assert report.hops[2].delay_seconds == 1800 and column(table, "delay")[2] == "+30 min"
    assert "a clock is wrong" in column(table, "delay")[3]
    # The summary line carries the engine's total and the boundary split.
    assert report.boundary.total_seconds is not None
    assert f"Total delivery time: {delay_text(report.boundary.total_seconds).lstrip('+')}" in table.summary.text()


def test_utc_and_local_columns(table: HopsTable) -> None:
    report = report_of(message())
    table.set_report(report)
    utc, local = column(table, "utc"), column(table, "local")
    assert utc[0] == "2026-11-30 04:00:00Z" and report.hops[0].timestamp == "2026-11-30T04:00:00Z"
    assert local[0] == "2026-11-30 09:30:00 +05:30"  # the analyst's zone (+05:30 in this test)
    assert utc[2] == "2026-11-30 04:30:05Z" and local[2] == "2026-11-30 10:00:05 +05:30"
    table.model.set_time_zone(timezone(timedelta(hours=-8)))
    assert column(table, "local")[0] == "2026-11-29 20:00:00 -08:00"
    assert column(table, "utc")[0] == "2026-11-30 04:00:00Z"


def test_sorting_by_delay_date_and_back_to_chain_order(table: HopsTable) -> None:
    report = report_of(message())
    table.set_report(report)
    table.table.sortByColumn(COL["delay"], Qt.SortOrder.DescendingOrder)
    delays = [table.model.row_at(r).hop.delay_seconds for r in range(table.model.rowCount())]
    assert delays[0] == 1800 and delays[-1] is None  # no delay (the first hop) always goes last
    numbers = [d for d in delays if d is not None]
    assert numbers == sorted(numbers, reverse=True)
    table.table.sortByColumn(COL["delay"], Qt.SortOrder.AscendingOrder)
    assert table.model.row_at(0).hop.delay_seconds == -40
    table.table.sortByColumn(COL["from"], Qt.SortOrder.DescendingOrder)
    assert column(table, "from")[0].startswith("h5.")
    table.table.sortByColumn(COL["hop"], Qt.SortOrder.AscendingOrder)
    assert column(table, "hop") == [str(i + 1) for i in range(len(GAPS))]
    # A selection follows its row through a sort.
    table.table.selectRow(2)
    table.table.sortByColumn(COL["delay"], Qt.SortOrder.DescendingOrder)
    selected = table.table.selectionModel().selectedRows()
    assert [table.model.row_at(i.row()).hop.index for i in selected] == [2]


def test_delay_bars_are_drawn_by_a_delegate(table: HopsTable, qtbot: QtBot) -> None:
    report = report_of(message())
    table.set_report(report)
    delegate = table.table.itemDelegateForColumn(COL["bar"])
    assert isinstance(delegate, DelayBarDelegate)
    m = table.model
    bars = [m.data(m.index(r, COL["bar"]), BAR_ROLE) for r in range(m.rowCount())]
    assert bars[0] is None  # no delay, no bar
    assert bars[2] == (1.0, "#a15c00")  # the longest delay fills the cell, in the slow colour
    assert bars[3] is not None and bars[3][0] < 0  # a negative delay: a wrong clock, drawn apart
    assert bars[1] is not None and bars[1][1] == BAR_COLOUR and 0 < bars[1][0] < 0.01
    table.table.horizontalHeader().resizeSection(COL["bar"], 200)
    qtbot.waitExposed(table)
    image: QImage = table.table.viewport().grab().toImage()
    ratio = table.table.viewport().devicePixelRatioF()

    def pixel(row: int, fx: float) -> QColor:
        rect = table.table.visualRect(m.index(row, COL["bar"]))
        return image.pixelColor(int((rect.left() + rect.width() * fx) * ratio), int(rect.center().y() * ratio))

    assert pixel(2, 0.9).name() == "#a15c00"  # the 30-minute bar reaches across the cell
    assert pixel(4, 0.9).name() != "#a15c00" and pixel(4, 0.9).name() != BAR_COLOUR  # a 2 s bar does not


def test_marks_name_the_boundary_and_the_judged_hops(table: HopsTable) -> None:
    base = rich_report()
    b = base.boundary.hop_index
    assert b is not None
    dkim = PlacedArtefact("dkim-signature", "paypa1.com", (4,), hop_index=0, placement="by organisation")
    arc = PlacedArtefact("arc-set", "relay.example", (5,), hop_index=b, instance=1, placement="by organisation")
    hops = list(base.hops)
    hops[0] = dataclasses.replace(hops[0], artefacts=(dkim,))
    hops[b] = dataclasses.replace(hops[b], artefacts=(arc,))
    report = dataclasses.replace(
        base,
        hops=tuple(hops),
        spf=SpfResult(result=AuthResult.FAIL, client_ip=hops[b].from_ip, hop_index=b),
    )
    table.set_report(report)
    marks = column(table, "marks")
    assert marks[b].startswith("▼ BOUNDARY") and "SPF judged here: fail" in marks[b] and "ARC i=1" in marks[b]
    assert "DKIM d=paypa1.com" in marks[0] and "claimed" in marks[0]
    assert all("SPF judged" not in m for k, m in enumerate(marks) if k != b)
    m = table.model
    assert m.data(m.index(b, COL["from"]), Qt.ItemDataRole.FontRole).bold()
    assert f"SPF judged hop {b + 1}" in table.summary.text()


@pytest.mark.parametrize("path", sorted((SHARED / "corpora" / "real-chains").glob("*.eml")), ids=lambda p: p.name)
def test_engine_marks_the_hop_spf_judged(path: Path, table: HopsTable) -> None:
    report = analyze(load_file(path), AnalysisSettings(), OfflineSource())
    assert report.spf.client_ip is not None and report.spf.hop_index is not None
    judged = report.hops[report.spf.hop_index]
    assert judged.from_ip == report.spf.client_ip and judged.is_boundary
    table.set_report(report)
    marks = column(table, "marks")
    assert [k for k, m in enumerate(marks) if "SPF judged here" in m] == [report.spf.hop_index]


def test_no_judged_hop_without_a_connection() -> None:
    report = report_of(message())  # no trust boundary can be found: nothing was judged
    assert report.spf.client_ip is None and report.spf.hop_index is None


def test_truncation_keeps_both_ends_with_a_hidden_row(qtbot: QtBot, table: HopsTable) -> None:
    n = 3000
    report = report_of(message(n=n))
    assert report.boundary.truncated and len(report.hops) == MAX_HOPS
    table.set_report(report)
    m = table.model
    assert m.rowCount() == MAX_HOPS + 1
    froms = column(table, "from")
    assert froms[0].startswith("h0.")  # the sender's first hop
    assert froms[-1].startswith(f"h{n - 1}.")  # the newest
    assert froms[HEAD_HOPS] == f"… {n - MAX_HOPS:,} hops hidden (a long chain: the oldest and newest hops are listed)"
    assert m.row_at(HEAD_HOPS).is_hidden_marker and froms[HEAD_HOPS + 1].startswith(f"h{n - (MAX_HOPS - HEAD_HOPS)}.")
    assert "across 2,500 hidden hops" in column(table, "delay")[HEAD_HOPS + 1]
    assert "2,500 hidden in the middle" in table.summary.text()
    # Each hop is shown with its number in the whole chain: after the gap, hop 2,751, not the 251st listed.
    numbers = column(table, "hop")
    assert numbers[HEAD_HOPS + 1] == str(n - (MAX_HOPS - HEAD_HOPS) + 1) and numbers[-1] == str(n)
    # Sorting by hop keeps the marker in its place; by delay it goes last (it has no delay).
    table.table.sortByColumn(COL["hop"], Qt.SortOrder.DescendingOrder)
    assert m.row_at(MAX_HOPS - HEAD_HOPS).is_hidden_marker
    table.table.sortByColumn(COL["delay"], Qt.SortOrder.DescendingOrder)
    assert m.row_at(0).hop.hidden_before == n - MAX_HOPS  # the delay across the gap is the longest
    assert any(m.row_at(r).is_hidden_marker for r in range(m.rowCount() - 2, m.rowCount()))
    # The hop cards show the same gap, as a line of their own.
    chain = ChainView()
    qtbot.addWidget(chain)
    chain.set_report(report)
    assert [i.headline for i in chain.hidden_items] == [f"… {n - MAX_HOPS:,} hops hidden here"]
    card_above = chain.view.cards[HEAD_HOPS - 1].scenePos().y()
    card_below = chain.view.cards[HEAD_HOPS].scenePos().y()
    assert card_above < chain.hidden_items[0].scenePos().y() < card_below


class _Counter(QObject):
    """Counts paint events of a widget."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_three_thousand_hops_stay_responsive(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 hops straight into the views (no engine cap): only what is visible is formatted and painted,
    and Fit draws the cards as boxes; the event loop keeps turning throughout."""
    report = many_hops_report(3000)
    window.resize(1360, 860)
    formatted: list[int] = []
    real_text = HopsTableModel._text
    monkeypatch.setattr(
        HopsTableModel, "_text", lambda self, n, row, key: formatted.append(n) or real_text(self, n, row, key)
    )
    full, outline = [0], [0]
    real_paint, real_outline = HopCard.paint, HopCard._paint_outline

    def paint(self: HopCard, *a: object) -> None:
        full[0] += 1
        real_paint(self, *a)  # type: ignore[arg-type]

    def boxes(self: HopCard, *a: object) -> None:
        outline[0] += 1
        real_outline(self, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(HopCard, "paint", paint)
    monkeypatch.setattr(HopCard, "_paint_outline", boxes)
    window.show_report(report)
    window.show_view("hops-table")
    counter = _Counter()
    window.hops_table.table.viewport().installEventFilter(counter)
    qtbot.waitUntil(lambda: counter.paints > 0)
    assert window.hops_table.model.rowCount() == 3000
    # Only the rows on screen (and the sample Fit measures) were formatted, not 3,000 × 11 cells.
    assert len(set(formatted)) <= 400
    formatted.clear()
    window.hops_table.table.sortByColumn(COL["from"], Qt.SortOrder.DescendingOrder)  # 3,000 keys, once
    window.hops_table.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.hops_table.table.rowAt(0) > 2000)
    # The hop cards: Fit shows the whole chain and paints every card as a cheap box.
    window.show_view("chain")
    chain = window.chain
    assert chain.card_count() == 3000 and not chain.chain_fits()
    chain.fit()
    assert chain.chain_fits()
    full[0] = outline[0] = 0
    chain.view.viewport().repaint()
    assert outline[0] >= 2900 and full[0] == outline[0]  # every card reached, each as an outline
    # The event loop still turns: a queued call runs.
    ticks: list[int] = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks))


def test_fit_shows_the_whole_chain_and_the_table_fits_the_window(qtbot: QtBot, table: HopsTable) -> None:
    report = report_of(message(n=40))
    chain = ChainView()
    qtbot.addWidget(chain)
    chain.resize(900, 600)
    chain.show()
    chain.set_report(report)
    qtbot.waitExposed(chain)
    assert not chain.chain_fits()  # 40 cards are far taller than the window at 100 %
    next(b for b in chain.findChildren(type(chain.zoom_button)) if b.text() == "Fit").click()
    assert chain.chain_fits() and chain.view.zoom < 0.3
    table.set_report(report)
    table.resize(700, 400)
    qtbot.waitUntil(lambda: table.table.viewport().width() < 700)
    assert table.table.horizontalScrollBar().maximum() > 0  # the natural widths are wider than 700 px
    table.fit_button.click()
    assert table.row_width() <= table.table.viewport().width()
    qtbot.waitUntil(lambda: table.table.horizontalScrollBar().maximum() == 0)


def test_copy_rows_as_tab_separated_text(table: HopsTable) -> None:
    table.set_report(report_of(message()))
    sel = table.table.selectionModel()
    for r in (1, 2):
        sel.select(
            table.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
    text = table.table.copy_rows()
    lines = text.splitlines()
    assert lines[0].startswith("Hop\tFrom\tBy") and len(lines) == 3
    assert lines[2].split("\t")[:3] == ["3", "h2.relay.example [198.51.0.3]", "h3.relay.example"]
    assert QGuiApplication.clipboard().text() == text


def test_hostile_host_names_stay_text(table: HopsTable) -> None:
    base = rich_report()
    evil = "<img src=file:///dev/zero>\u202eexe.pdf"
    hops = (dataclasses.replace(base.hops[0], from_host=evil, by_host=f"<b>{evil}</b>"), *base.hops[1:])
    table.set_report(dataclasses.replace(base, hops=hops))
    cell = column(table, "from")[0]
    assert "<img" in cell and "\u202e" not in cell  # the bidi override is shown as a visible code
    assert column(table, "by")[0].startswith("<b><img")
    tip = table.model.data(table.model.index(0, COL["marks"]), Qt.ItemDataRole.ToolTipRole)
    assert str(tip).startswith("<p style=")


def test_hops_table_is_a_named_view(window: MainWindow) -> None:
    assert "hops-table" in VIEWS
    window.show_report(report_of(message()))
    window.show_view("hops-table")
    assert window.tabs.currentWidget() is window.hops_table and window.current_view() == "hops-table"
    # Selecting a hop card selects its row.
    window.chain.view.select_card(3)
    assert [i.row() for i in window.hops_table.table.selectionModel().selectedRows()] == [3]
    assert window.hops_table.raw.toPlainText().startswith("from h3.relay.example")
    # And selecting a row selects its card (after a sort, by the hop, not the row number).
    table = window.hops_table.table
    table.sortByColumn(COL["hop"], Qt.SortOrder.DescendingOrder)
    table.selectRow(0)
    last = len(window.chain.view.cards) - 1
    assert window.chain.view.cards[last].isSelected() and not window.chain.view.cards[3].isSelected()
    assert window.hops_table.raw.toPlainText().startswith(f"from h{last}.relay.example")
    assert window.chain.raw.toPlainText().startswith(f"from h{last}.relay.example")
