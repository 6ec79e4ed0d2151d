"""The triage table (issue 16 item 5) with pytest-qt: real runs over real corpus messages, in real processes.

Inputs are built at test time from ../shared corpora (never copied into the project): a folder with junk
files in it, an mbox, a Maildir, many files with an unreadable one in the middle. The table must fill in
input order, the CSV and JSONL exports must be what ``inspector analyze --csv --campaigns`` / ``--jsonl``
print for the same inputs, selecting a row must open that message's own report, and Cancel must end the
driver process and its workers for real.
"""

from __future__ import annotations

import json
import mailbox
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from inspector.gui.main_window import MainWindow
from inspector.gui.triage_model import COLUMNS, ERROR, verdict_word
from inspector.gui.triage_view import TriageView
from inspector.gui.triage_window import open_triage
from inspector.model.vocabulary import JobState
from tests.support.cli_run import run_cli
from tests.support.corpora import phishing_messages

RUN_TIMEOUT_MS = 120_000


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)


@pytest.fixture
def win(window: MainWindow) -> Iterator[MainWindow]:
    """The shared window fixture, and every triage run ended afterwards."""
    yield window
    window.manager.cancel_all()
    window.manager.batch_pool.waitForDone(20_000)


def drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)


def triage_page(window: MainWindow) -> TriageView:
    page = window.pages.currentWidget()
    assert isinstance(page, TriageView), page
    return page


def wait_done(qtbot: QtBot, view: TriageView) -> None:
    # The relay sets the run's state, then its `ended` signal reaches the page (queued): wait for both.
    qtbot.waitUntil(
        lambda: view.run.state is not JobState.RUNNING and not view.cancel_button.isEnabled(), timeout=RUN_TIMEOUT_MS
    )
    assert view.run.state is JobState.DONE


def column(view: TriageView, name: str) -> list[str]:
    col = COLUMNS.index(name)
    return [str(view.proxy.index(r, col).data()) for r in range(view.proxy.rowCount())]


def test_dropping_a_folder_with_junk_fills_the_table_in_order(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    msgs = phishing_messages()[:4]
    folder = tmp_path / "reported"
    (folder / "sub").mkdir(parents=True)
    for n, src in enumerate(msgs[:3]):
        (folder / f"m{n}.eml").write_bytes(src.read_bytes())
    (folder / "sub" / "z.eml").write_bytes(msgs[3].read_bytes())
    (folder / "a-picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "empty.eml").write_bytes(b"")
    (folder / "notes.txt").write_text("remember to check these tomorrow\n")
    (folder / "archive.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 64)

    drop(win, [folder])
    view = triage_page(win)
    wait_done(qtbot, view)

    assert view.model.rowCount() == 4
    assert view.run.skipped == 4  # the picture, the empty file, the notes and the archive: not rows
    expected = [str(folder / f"m{n}.eml") for n in range(3)] + [str(folder / "sub" / "z.eml")]
    assert [r.outcome.origin.path for r in view.model.rows] == expected
    words = column(view, "Verdict")
    assert words == [verdict_word(r.outcome.summary.verdict) for r in view.model.rows]
    assert all(view.proxy.index(r, 0).data(Qt.ItemDataRole.DecorationRole) is not None for r in range(4))
    assert column(view, "Subject")[0] == view.model.rows[0].outcome.summary.subject[:300]
    assert "4 messages" in view.counts.text() and "4 files skipped" in view.counts.text()
    # The progress total: 8 files listed up front, exact at the end; every input done.
    assert (view.run.total, view.run.total_final, view.run.items) == (8, True, 8)
    assert (view.bar.maximum(), view.bar.value()) == (1, 1)  # ended: a full bar
    # The run is one entry of the window's list, and the window knows it is no longer busy.
    assert not win.manager.busy
    assert win.entries[-1].page is view and win.entries[-1].state is JobState.DONE


def test_mbox_of_corpus_messages_in_mbox_order_with_their_own_reports(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    from inspector.analyze import analyze
    from inspector.dns.offline import OfflineSource
    from inspector.ingest import load_bytes
    from inspector.settings import AnalysisSettings

    datas = [p.read_bytes() for p in phishing_messages()[10:16]]
    box = mailbox.mbox(str(tmp_path / "reported.mbox"), create=True)
    for data in datas:
        box.add(data)
    box.close()

    run_id = open_triage(win, [str(tmp_path / "reported.mbox")], jobs=2)
    view = triage_page(win)
    assert view.run.run_id == run_id
    wait_done(qtbot, view)

    rows = view.model.rows
    # The mbox's total is known once it has been read (one pass), and every one of its messages was done.
    assert (view.run.total, view.run.total_final, view.run.items) == (len(datas), True, len(datas))
    assert [r.outcome.origin.index for r in rows] == list(range(len(datas)))
    assert {r.outcome.origin.container_format for r in rows} == {"mbox"}
    assert len(rows) == len(datas)
    for row in rows:
        # Read back through mailbox: the bytes the reader gave the worker (From_ line and escaping undone).
        report = view.run.open_report(row)
        assert report is not None
        direct = analyze(
            load_bytes(report_bytes(tmp_path / "reported.mbox", row.outcome.origin.index)),
            AnalysisSettings(),
            OfflineSource(),
        )
        assert report.source.sha256 == direct.source.sha256
        assert report.verdict.level == direct.verdict.level and report.verdict.reasons == direct.verdict.reasons
        assert row.outcome.summary.top_reason == (direct.verdict.reasons[0] if direct.verdict.reasons else "")


def report_bytes(mbox_path: Path, index: int) -> bytes:
    from inspector.batch.readers import iter_inputs

    items = list(iter_inputs([str(mbox_path)]))
    data = items[index].data
    assert data is not None
    return data


def test_maildir_rows_carry_their_keys(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    md = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    keys = [md.add(p.read_bytes()) for p in phishing_messages()[20:23]]
    md.close()

    drop(win, [tmp_path / "Maildir"])
    view = triage_page(win)
    wait_done(qtbot, view)

    assert [r.outcome.origin.index for r in view.model.rows] == sorted(keys)
    assert {r.outcome.origin.container_format for r in view.model.rows} == {"maildir"}
    assert all(s.endswith(tuple(sorted(keys))) or "#" in s for s in column(view, "Source"))


def test_many_files_with_an_unreadable_one_in_the_middle(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    good = phishing_messages()[30:40]
    junk = tmp_path / "junk.eml"
    junk.write_bytes(bytes(range(256)) * 16)
    paths = [*good[:5], junk, *good[5:]]

    drop(win, paths)
    view = triage_page(win)
    wait_done(qtbot, view)

    assert [r.outcome.origin.path for r in view.model.rows] == [str(p) for p in paths]
    levels = [view.model.level(i) for i in range(len(paths))]
    assert levels[5] == ERROR and ERROR not in levels[:5] + levels[6:]
    assert column(view, "Verdict")[5] == "Could not analyse"
    assert "binary" in column(view, "Top reason")[5]
    assert "1 could not be analysed" in view.counts.text()
    # The error row has no report to open; the others do.
    view.select_row(5)
    assert not view.open_button.isEnabled() and view.pane.report is None
    assert "could not be analysed" in view.pane.placeholder.text()
    view.select_row(6)
    assert view.open_button.isEnabled() and view.pane.report is not None


@pytest.fixture(scope="module")
def folder_of_12(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("twelve")
    for n, src in enumerate(phishing_messages()[:12]):
        (folder / f"{n:02d}.eml").write_bytes(src.read_bytes())
    return folder


def test_selection_shows_the_verdict_and_enter_opens_the_full_analysis(
    qtbot: QtBot, win: MainWindow, folder_of_12: Path
) -> None:
    drop(win, [folder_of_12])
    view = triage_page(win)
    wait_done(qtbot, view)
    view.sort_by("Verdict")  # most serious first
    row = view.proxy.triage_row(2)
    assert row is not None

    view.select_row(2)
    assert view.banner.report is not None and view.banner.report.source.sha256 == row.outcome.sha256
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    report = win.current_report()
    assert report is not None and report.source.sha256 == row.outcome.sha256
    assert report.source.path == row.outcome.origin.path
    assert win.pages.currentWidget() is win.report_page
    assert win.headers.model.rowCount() == len(report.headers)
    # The table is one click away, and opening the same row again does not add a second entry.
    entries = len(win.entries)
    win.list.setCurrentRow(win.entries.index(next(e for e in win.entries if e.page is view)))
    assert win.pages.currentWidget() is view
    view.open_current()
    assert len(win.entries) == entries


def test_sort_and_filter_on_a_real_run(qtbot: QtBot, win: MainWindow, folder_of_12: Path) -> None:
    drop(win, [folder_of_12])
    view = triage_page(win)
    wait_done(qtbot, view)
    n = view.model.rowCount()

    view.sort_by("Verdict")
    order = ["dangerous", "suspicious", "unverified", ERROR, "ok"]
    shown_levels = [view.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 11) for r in range(n)]
    assert shown_levels == sorted(shown_levels, key=order.index)
    view.sort_by("Date", descending=True)
    dates = [r.outcome.summary.sort_date for r in view.proxy.shown_rows()]
    assert dates == sorted(dates, reverse=True)

    view.verdict_filter.setCurrentIndex(3)  # Suspicious
    assert {
        view.model.level(view.proxy.mapToSource(view.proxy.index(r, 0)).row()) for r in range(view.proxy.rowCount())
    } <= {"suspicious"}
    suspicious = sum(1 for i in range(n) if view.model.level(i) == "suspicious")
    assert view.proxy.rowCount() == suspicious
    view.verdict_filter.setCurrentIndex(0)
    subject = view.model.rows[4].outcome.summary.subject
    word = max(subject.split(), key=len)
    view.text_filter.setText(word.upper())  # any case
    assert 1 <= view.proxy.rowCount() < n
    assert all(
        word.lower() in " ".join(column(view, c)[r] for c in COLUMNS).lower() for r in range(view.proxy.rowCount())
    )
    view.text_filter.setText("")
    assert view.proxy.rowCount() == n


def test_csv_and_jsonl_exports_are_the_clis_output(
    qtbot: QtBot, win: MainWindow, folder_of_12: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drop(win, [folder_of_12])
    view = triage_page(win)
    wait_done(qtbot, view)

    job = view.export_csv_dialog(str(tmp_path / "table.csv"))
    assert job is not None
    qtbot.waitUntil(lambda: view.export_job is None, timeout=RUN_TIMEOUT_MS)
    job = view.export_jsonl_dialog(str(tmp_path / "reports.jsonl"))
    assert job is not None
    qtbot.waitUntil(lambda: view.export_job is None, timeout=RUN_TIMEOUT_MS)

    # The same settings as the window's analyses: its sender-history store (the GUI always names one).
    history = win.settings.analysis_settings().history
    same = ["--history", history] if history else ["--no-history"]
    rc, csv_out, _ = run_cli(
        capsys, "analyze", str(folder_of_12), "--offline", "--csv", "--campaigns", "--jobs", "1", *same
    )
    assert rc == 0
    assert (tmp_path / "table.csv").read_bytes() == csv_out.encode("utf-8")  # byte for byte
    rc, jsonl_out, _ = run_cli(capsys, "analyze", str(folder_of_12), "--offline", "--jsonl", "--jobs", "1", *same)

    def strip(line: str) -> dict[str, Any]:
        doc = json.loads(line)
        doc.pop("generated_at", None)
        return doc

    mine = (tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert [strip(x) for x in mine] == [strip(x) for x in jsonl_out.splitlines()]

    # Filtered and sorted: the export is the rows shown, in the order shown.
    view.verdict_filter.setCurrentIndex(1)  # Dangerous
    view.sort_by("From")
    job = view.export_csv_dialog(str(tmp_path / "dangerous.csv"))
    assert job is not None
    view.sort_by("Date")  # sorting while it is written does not change the file
    qtbot.waitUntil(lambda: view.export_job is None, timeout=RUN_TIMEOUT_MS)
    lines = (tmp_path / "dangerous.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + view.proxy.rowCount()
    assert all(line.startswith("dangerous,") for line in lines[1:])
    view.sort_by("From")
    from inspector.gui.triage_export import csv_text

    assert (tmp_path / "dangerous.csv").read_text(encoding="utf-8") == csv_text(view.proxy.shown_rows())


def test_campaigns_column_and_panel(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    # The same message three times is one campaign (same network, From organisation, subject …).
    src = phishing_messages()[0].read_bytes()
    folder = tmp_path / "wave"
    folder.mkdir()
    for n in range(3):
        (folder / f"copy{n}.eml").write_bytes(src)
    (folder / "other.eml").write_bytes(phishing_messages()[100].read_bytes())

    drop(win, [folder])
    view = triage_page(win)
    wait_done(qtbot, view)

    assert column(view, "Campaign")[:3] == ["#1"] * 3 and column(view, "Campaign")[3] == ""
    (campaign,) = view.campaigns
    assert campaign.size == 3 and campaign.positions == (0, 1, 2) and campaign.shared
    top = view.campaign_list.topLevelItem(0)
    assert top is not None and top.text(0) == "#1" and top.text(1) == "3"
    children = [top.child(i).text(0) for i in range(top.childCount())]
    assert children[0].startswith("first seen: ") and any(c.startswith("ip24: ") or ": " in c for c in children[2:])
    top.setSelected(True)  # choosing the campaign filters the table to it
    assert view.proxy.rowCount() == 3


def test_cancel_ends_the_driver_and_its_workers(qtbot: QtBot, win: MainWindow) -> None:
    from inspector.gui.main_window import MainWindow as _MW  # noqa: F401 - the window fixture's class

    paths = [str(p) for p in phishing_messages()[:200]]
    open_triage(win, paths, jobs=2)
    view = triage_page(win)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.run.driver_pid is not None, timeout=RUN_TIMEOUT_MS)
    driver = view.run.driver_pid
    assert driver is not None
    workers = children_of(driver)

    with qtbot.waitSignal(view.ended, timeout=RUN_TIMEOUT_MS):
        view.cancel_button.click()

    assert view.run.state is JobState.CANCELLED
    assert view.model.rowCount() < len(paths)
    assert not pid_alive(driver)
    qtbot.waitUntil(lambda: not any(pid_alive(w) for w in workers), timeout=10_000)
    rows = view.model.rowCount()
    qtbot.wait(300)
    assert view.model.rowCount() == rows  # nothing arrives after the end
    assert "cancelled" in view.counts.text()


def children_of(pid: int) -> list[int]:
    """The child processes of `pid` (Linux /proc), for checking that cancel ends them."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def pid_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_file_menu_opens_a_folder_and_a_mailbox(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.eml").write_bytes(phishing_messages()[5].read_bytes())
    box = mailbox.mbox(str(tmp_path / "box.mbox"), create=True)
    box.add(phishing_messages()[6].read_bytes())
    box.add(phishing_messages()[7].read_bytes())
    box.close()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(tmp_path / "box.mbox")], ""))

    win.act_open_folder.trigger()  # type: ignore[attr-defined]
    first = triage_page(win)
    win.act_open_mbox.trigger()  # type: ignore[attr-defined]
    second = triage_page(win)
    wait_done(qtbot, first)
    wait_done(qtbot, second)

    assert first is not second
    assert first.model.rowCount() == 1 and second.model.rowCount() == 2
    assert [e.page for e in win.entries] == [first, second]
    # Closing a triage entry removes its page and its stored reports.
    win.close_current()
    assert [e.page for e in win.entries] == [first]
    assert win.pages.indexOf(second) == -1


def test_what_opens_the_table_and_what_stays_a_single_analysis(tmp_path: Path) -> None:
    from inspector.gui.triage_view import MANY_FILES, wants_triage

    one = phishing_messages()[0]
    box = tmp_path / "box"
    box.write_bytes(b"From sender@example.com Tue Dec  1 09:00:00 2026\n" + one.read_bytes())
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert not wants_triage([str(one)])
    assert not wants_triage([str(p) for p in phishing_messages()[: MANY_FILES - 1]])  # still a list
    assert wants_triage([str(p) for p in phishing_messages()[:MANY_FILES]])
    assert wants_triage([str(tmp_path)])  # a folder
    assert wants_triage([str(one), str(box)])  # an mbox, whatever its name
    assert not wants_triage([str(fifo)])  # never opened for reading (it would block): the analysis says why
    assert not wants_triage([str(tmp_path / "missing.eml")])
