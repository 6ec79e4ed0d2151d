"""The triage table's model with 10,000 synthetic rows: batched inserts, sorting, filtering, campaigns.

No wall-clock limits here (the figures are printed by ``benchmarks/bench_triage_table.py``); these tests
check that a batch is one insert, that the sorted and filtered views are exactly what the rows say, and
that the table view copes with the whole model.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from inspector.gui.triage_model import COLUMNS, ERROR, LEVEL_ROLE, SEVERITY, TriageFilter, TriageModel
from tests.support.triage_rows import LEVELS, synthetic_row, synthetic_rows

N = 10_000
BATCH = 500


def filled() -> tuple[TriageModel, TriageFilter, list[int]]:
    model = TriageModel()
    proxy = TriageFilter()
    proxy.setSourceModel(model)
    inserts: list[int] = []
    model.rowsInserted.connect(lambda _p, first, last: inserts.append(last - first + 1))
    rows = synthetic_rows(N)
    for start in range(0, N, BATCH):
        model.add_rows(rows[start : start + BATCH])
    return model, proxy, inserts


def test_ten_thousand_rows_arrive_in_batches(qtbot: QtBot) -> None:
    model, proxy, inserts = filled()
    assert model.rowCount() == proxy.rowCount() == N
    assert inserts == [BATCH] * (N // BATCH)  # one insert per batch, never one per row
    assert [r.position for r in model.rows] == list(range(N))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # arrival order, as the triage page starts
    table.resize(900, 600)
    table.show()
    table.scrollToBottom()
    qtbot.wait(10)
    last = proxy.index(N - 1, COLUMNS.index("Subject"))
    assert last.data() == f"Invoice {N - 1} for account {(N - 1) % 11}"


def test_sort_by_verdict_date_and_text(qtbot: QtBot) -> None:
    _model, proxy, _ = filled()
    proxy.sort(COLUMNS.index("Verdict"), Qt.SortOrder.AscendingOrder)
    levels = [proxy.index(r, 0).data(LEVEL_ROLE) for r in range(N)]
    assert levels == sorted(levels, key=SEVERITY.index)
    assert levels[0] == "dangerous" and levels[-1] == "ok"
    proxy.sort(COLUMNS.index("Date"), Qt.SortOrder.DescendingOrder)
    dates = [r.outcome.summary.sort_date if r.outcome.summary else "" for r in proxy.shown_rows()]
    assert dates == sorted(dates, reverse=True)
    proxy.sort(COLUMNS.index("From"), Qt.SortOrder.AscendingOrder)
    froms = [proxy.index(r, COLUMNS.index("From")).data().lower() for r in range(N)]
    assert froms == sorted(froms)


def test_filter_by_verdict_text_and_campaign(qtbot: QtBot) -> None:
    model, proxy, _ = filled()
    errors = [r for r in model.rows if r.outcome.error is not None]
    proxy.set_levels(frozenset({ERROR}))
    assert proxy.rowCount() == len(errors) > 0
    assert all("is broken" in proxy.index(r, COLUMNS.index("Top reason")).data() for r in range(proxy.rowCount()))
    proxy.set_levels(frozenset({"dangerous", "suspicious"}))
    expected = sum(
        1 for r in model.rows if r.outcome.summary and r.outcome.summary.verdict in ("dangerous", "suspicious")
    )
    assert proxy.rowCount() == expected
    proxy.set_text("ACCOUNT 7")  # any case, over every shown column
    expected = sum(
        1
        for r in model.rows
        if r.outcome.summary
        and r.outcome.summary.verdict in ("dangerous", "suspicious")
        and "account 7" in r.outcome.summary.subject.lower()
    )
    assert proxy.rowCount() == expected > 0
    proxy.set_levels(None)
    proxy.set_text("")
    model.set_campaigns({p: 1 for p in range(0, N, 100)} | {5: 2, 6: 2})
    assert proxy.index(0, COLUMNS.index("Campaign")).data() == "#1"
    assert proxy.index(5, COLUMNS.index("Campaign")).data() == "#2"
    assert proxy.index(1, COLUMNS.index("Campaign")).data() == ""
    proxy.set_campaign(2)
    assert [r.position for r in proxy.shown_rows()] == [5, 6]
    proxy.set_campaign(None)
    assert proxy.rowCount() == N


def test_message_text_is_shown_as_visible_codes(qtbot: QtBot) -> None:
    import dataclasses

    row = synthetic_row(1)
    assert row.outcome.summary is not None
    hostile = dataclasses.replace(row.outcome.summary, subject="Pay\u202etxt.exe\x07 <b>now</b>", from_="a\nb")
    row.outcome = dataclasses.replace(row.outcome, summary=hostile)
    model = TriageModel()
    model.add_rows([row])
    subject = model.index(0, COLUMNS.index("Subject")).data()
    assert "\u202e" not in subject and "\x07" not in subject and "<b>now</b>" in subject
    assert "\n" not in model.index(0, COLUMNS.index("From")).data()
    assert LEVELS[1] == model.index(0, 0).data(LEVEL_ROLE)


def test_side_pane_follows_the_keyboard_over_ten_thousand_rows(qtbot: QtBot) -> None:
    """Issue 16: the selected row's full analysis beside the table, from the stored report, with 10,000 rows;
    holding an arrow key fills the pane once at the start and once where the selection stops."""
    from inspector.gui.triage_view import TriageView
    from tests.support.corpora import phishing_messages
    from tests.support.triage_rows import run_with_reports

    messages = phishing_messages()[:3]
    run, rows = run_with_reports(N, messages)
    view = TriageView(run, ["synthetic"])
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    for start in range(0, N, BATCH):
        view.model.add_rows(rows[start : start + BATCH])
    assert view.pane.report is None and "Select a message" in view.pane.placeholder.text()

    view.table.setFocus()
    view.select_row(0)
    first = view.pane.report
    assert first is not None and first.source.path == str(messages[0])
    assert view.pane.views.auth.tree.topLevelItemCount() > 0  # the window's own views, filled
    assert view.open_button.isEnabled()
    fills = view.pane.fills
    for _ in range(20):  # keyboard auto-repeat: no event-loop turn between the presses
        qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == 20
    qtbot.waitUntil(lambda: view.pane.report is not None and view.pane.report.source.path == str(messages[20 % 3]))
    assert view.pane.fills - fills <= 2  # folded: not one fill per row passed
    assert "box.mbox" in view.pane.label.text()

    view.select_row(13)  # an error row: no report, and why
    assert view.pane.report is None and not view.open_button.isEnabled()
    assert "message 13 is broken" in view.pane.placeholder.text()

    view.select_row(40)
    with qtbot.waitSignal(view.openReport) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args[1].source.path == str(messages[40 % 3])
    run.spool.close()


def test_progress_bar_known_unknown_and_exact_totals(qtbot: QtBot) -> None:
    """Issue 16 item 3: a folder's total is known from its listing; while an mbox is read it is not (a busy
    bar, the counts say so); once reading ended it is exact."""
    from inspector.gui.jobs import TriageRun
    from inspector.gui.triage_view import TriageView
    from inspector.model.vocabulary import JobState

    run = TriageRun(1, ["box.mbox"], _job(), 1)
    view = TriageView(run, ["box.mbox"])
    qtbot.addWidget(view)
    run.items, run.total = 3, 10
    run.signals.progress.emit(3, 10, 0)
    assert (view.bar.minimum(), view.bar.maximum(), view.bar.value()) == (0, 10, 3)
    assert "3 of 10 inputs read" in view.counts.text()
    run.items, run.total = 40, 0
    run.signals.progress.emit(40, 0, 0)
    assert (view.bar.minimum(), view.bar.maximum()) == (0, 0)  # busy: the total is not known yet
    assert "40 inputs read (the mailbox is still being read)" in view.counts.text()
    run.items, run.total, run.total_final = 41, 120, True
    run.signals.progress.emit(41, 120, 0)
    assert (view.bar.maximum(), view.bar.value()) == (120, 41)
    assert run.state is JobState.RUNNING
    run.spool.close()


def _job() -> object:
    from inspector.batch.run import BatchJob, DnsChoice

    return BatchJob(dns=DnsChoice(offline=True))


def test_pane_goes_below_the_table_on_a_narrow_window(qtbot: QtBot) -> None:
    from inspector.gui.jobs import TriageRun
    from inspector.gui.triage_view import BESIDE_MIN_WIDTH, TriageView

    run = TriageRun(1, ["box.mbox"], _job(), 1)
    view = TriageView(run, ["box.mbox"])
    qtbot.addWidget(view)
    view.show()
    view.resize(BESIDE_MIN_WIDTH + 200, 700)
    qtbot.waitUntil(lambda: view.width() == BESIDE_MIN_WIDTH + 200)
    assert view.split.orientation() is Qt.Orientation.Horizontal and not view.below_button.isChecked()
    view.resize(1000, 580)  # a 1024x600 screen
    qtbot.waitUntil(lambda: view.split.orientation() is Qt.Orientation.Vertical)
    assert view.below_button.isChecked()
    view.below_button.click()  # the user wants it beside anyway: that choice stays
    assert view.split.orientation() is Qt.Orientation.Horizontal
    view.resize(900, 580)
    qtbot.wait(20)
    assert view.split.orientation() is Qt.Orientation.Horizontal
    run.spool.close()
