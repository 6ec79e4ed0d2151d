"""The main window end to end: drop, paste, open, every panel populated, bad input, exports, settings."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from inspector.gui.main_window import MainWindow
from inspector.gui.settings import GuiSettings
from inspector.model.report import Level, SectionState
from tests.conftest import SHARED
from tests.gui.sample_reports import rich_report

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"
TWINE = SHARED / "corpora" / "real-chains" / "mailbits-twine_release.eml"


def header_count(path: Path) -> int:
    """How many header fields the file has, read with the standard library (independent of the engine)."""
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    return len(msg.items())


def drop(window: MainWindow, paths: list[Path]) -> None:
    """Simulate dropping files on the window (QMimeData kept alive for the event's lifetime)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)


def test_drop_eml_fills_every_panel(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        drop(window, [ARCBAD])
    assert window.pages.currentWidget() is window.report_page
    report = window.current_report()
    assert report is not None
    assert report.source.path == str(ARCBAD)
    # Banner: From and Subject of the file.
    assert "vstakhov@outlook.com" in window.banner.identity_label.text()
    assert "test MS arc" in window.banner.identity_label.text()
    # Auth panel: SPF, one row per DKIM-Signature in the file, DMARC, ARC.
    n_sigs = ARCBAD.read_bytes().count(b"\nDKIM-Signature:")
    checks = window.auth.top_level_checks()
    assert checks[0] == "SPF"
    assert sum(1 for c in checks if c.startswith("DKIM")) == max(1, n_sigs)
    assert "DMARC" in checks and "ARC" in checks
    # Headers: every field of the file.
    assert window.headers.model.rowCount() == header_count(ARCBAD)
    # Body: the plain text of the message.
    assert "test" in window.body.text.toPlainText().lower()
    assert "Headers (" in window.tabs.tabText(window.tabs.indexOf(window.headers))


def test_chain_view_shows_boundary_and_break_for_rspamd_arcbad(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(ARCBAD)])
    report = window.current_report()
    assert report is not None
    assert report.sections.get("hops") is SectionState.ANALYSED
    # The file has 7 Received fields above the list and through it; one card per hop the engine reports.
    assert window.chain.card_count() == len(report.hops) > 0
    assert window.chain.boundary_item is not None
    assert "received by your organisation" in window.chain.boundary_item.text
    # The FreeBSD list changed the body: outlook.com's DKIM body hash no longer matches.
    assert window.chain.break_items, "no break drawn"
    assert any("body" in b.text.lower() for b in window.chain.break_items)


def test_several_dropped_files_become_a_list(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignals([window.analysisDone, window.analysisDone], timeout=30_000):
        drop(window, [ARCBAD, TWINE])
    qtbot.waitUntil(lambda: not window.jobs, timeout=30_000)
    assert len(window.entries) == 2
    assert window.list.isVisible()
    assert all(e.state == "done" for e in window.entries)
    window.list.setCurrentRow(1)
    report = window.current_report()
    assert report is not None and report.source.path == str(TWINE)
    assert window.headers.model.rowCount() == header_count(TWINE)


def test_paste_headers_from_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    head = ARCBAD.read_bytes().split(b"\n\n", 1)[0].decode("utf-8", "replace")
    QGuiApplication.clipboard().setText(head)
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.act_paste.trigger()
    report = window.current_report()
    assert report is not None
    assert report.source.format == "headers"
    assert report.content.has_body is False
    assert "no body" in window.body.notice.text()


def test_file_open_dialog(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(TWINE)], ""))
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.act_open.trigger()
    assert window.current_report() is not None
    assert window.settings.recent_files()[0] == str(TWINE)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "empty"),
        (bytes(range(256)) * 40, ""),
        (b"hello, this is just a note\nnothing else\n", ""),
    ],
)
def test_bad_file_shows_a_readable_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "bad.eml"
    bad.write_bytes(content)
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(bad)])
    entry = window.current_entry()
    assert entry is not None and entry.state == "failed"
    assert window.pages.currentWidget() is window.error_label
    text = window.error_label.text()
    assert "bad.eml cannot be analysed" in text
    assert "Traceback" not in text and "internal error" not in text
    assert expected in text.lower()
    assert not window.act_export_html.isEnabled()


def test_missing_file_shows_a_readable_message(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(tmp_path / "gone.eml")])
    assert "no such file" in window.error_label.text()


def test_every_view_from_a_full_report(qtbot: QtBot, window: MainWindow) -> None:
    report = rich_report()
    window.show_report(report)
    assert window.banner.level_label.text() == "DANGEROUS"
    assert "impersonates PayPal" in window.banner.summary_label.text()
    assert "collect-desk.example" in window.banner.reasons_label.text()
    assert window.auth.top_level_checks() == ["SPF", "DKIM #1", "DMARC", "ARC", "Differences"]
    spf = window.auth.tree.topLevelItem(0)
    assert spf is not None
    assert spf.text(1) == "pass"
    assert spf.text(2) == "DNS snapshot captured 2026-11-30T03:50:00Z"
    assert "pass by mx1.example.org" in spf.text(3)
    children = [spf.child(i).text(0) for i in range(spf.childCount())]
    assert any("v=spf1 ip4:45.33.20.10 -all" in c for c in children)
    dkim = window.auth.tree.topLevelItem(1)
    assert dkim is not None and dkim.text(1) == "fail"
    # The receiver's own result stands beside ours.
    assert "pass by mx1.example.org" in dkim.text(3)
    arc = window.auth.tree.topLevelItem(3)
    assert arc is not None and arc.text(2) == "not verifiable offline"
    # Chain: four cards, boundary line with the IP SPF judged, the break with its evidence.
    assert window.chain.card_count() == 4
    assert window.chain.boundary_item is not None
    assert "SPF judged 45.33.20.10" in window.chain.boundary_item.text
    assert len(window.chain.break_items) == 1
    assert window.chain.break_items[0].text.startswith(
        "✖ body changed at hop 4 — at lists.example.org: mailing-list footer"
    )
    cards = window.chain.view.cards
    assert cards[0].claimed and not cards[1].claimed
    assert cards[2].bad_clock and not cards[1].bad_clock
    assert cards[1].badges[0].text.startswith("DKIM d=paypa1.com s=s1: fail")
    # Lookalikes, headers, body.
    assert window.lookalikes.finding_count() == 1
    assert window.tabs.tabText(window.tabs.indexOf(window.lookalikes)) == "Lookalikes (1)"
    assert window.headers.model.rowCount() == 4
    assert window.body.links.row_texts(0)[2] == "hxxps://paypa1[.]com/login"
    assert window.body.links.row_texts(0)[0] == "⚠ High risk"
    assert window.body.attachments.row_texts(0)[5] == "cd" * 32
    assert window.body.attachments.row_texts(0)[4] == "2.0 KiB"
    assert "look-alike of paypal.com" in window.banner.content_label.text()
    assert "ab" * 32 in window.details.toPlainText()


def test_selecting_a_hop_shows_its_raw_received_line(qtbot: QtBot, window: MainWindow) -> None:
    report = rich_report()
    window.show_report(report)
    window.chain.view.setFocus()
    with qtbot.waitSignal(window.chain.hopSelected) as blocker:
        qtbot.keyClick(window.chain.view, Qt.Key.Key_Down)
    assert blocker.args == [0]
    qtbot.keyClick(window.chain.view, Qt.Key.Key_Down)
    assert window.chain.raw.toPlainText().startswith(report.hops[1].raw)
    before = window.chain.view.zoom
    qtbot.keyClick(window.chain.view, Qt.Key.Key_Plus)
    assert window.chain.view.zoom > before


def test_not_analysed_sections_are_shown_as_such(qtbot: QtBot, window: MainWindow) -> None:
    report = rich_report(hops=(), breaks=(), lookalikes=(), sections={})
    window.show_report(report)
    assert window.chain.stack.currentWidget() is window.chain.empty
    assert "not analysed" in window.chain.empty.text()
    assert "not run" in window.lookalikes.empty.text()
    spf = window.auth.tree.topLevelItem(0)
    assert spf is not None and spf.text(4) == "not analysed"


def test_header_search_and_raw_decoded(qtbot: QtBot, window: MainWindow) -> None:
    window.show_report(rich_report())
    hv = window.headers
    qtbot.keyClicks(hv.search, "phishkit")
    assert hv.visible_rows() == 1
    hv.search.clear()
    assert hv.visible_rows() == 4
    # Search matches the decoded form too.
    hv.search.setText("Your account")
    assert hv.visible_rows() == 1
    hv.search.clear()
    index = hv.model.index(0, 2)
    assert hv.model.data(index) == "Your account"
    hv.decoded_box.setChecked(False)
    assert hv.model.data(index) == "=?utf-8?q?Your_account?="


def test_header_search_ignores_case_and_survives_a_new_report(qtbot: QtBot, window: MainWindow) -> None:
    window.show_report(rich_report())
    hv = window.headers
    hv.search.setText("PHISHKIT")
    assert hv.visible_rows() == 1
    hv.search.setText("x-MAILER: ")  # the name and the value, as the search text joins them
    assert hv.visible_rows() == 0
    hv.search.setText("x-mailer")
    assert hv.visible_rows() == 1
    # A new report keeps the search typed in the box and filters the new rows by it.
    window.show_report(rich_report())
    assert hv.visible_rows() == 1
    assert hv.count.text() == "1 of 4"
    hv.search.clear()
    assert hv.visible_rows() == 4


def test_copy_summary_for_a_ticket(qtbot: QtBot, window: MainWindow) -> None:
    window.show_report(rich_report())
    window.entries.clear()
    qtbot.mouseClick(window.banner.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Email Header Inspector: DANGEROUS — This message impersonates PayPal.")
    assert "DKIM #1: fail d=paypa1.com s=s1" in text
    assert "Lookalike: From paypa1.com resembles paypal.com" in text


def test_exports_are_written(qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(TWINE)])
    out_html = tmp_path / "r.html"
    out_json = tmp_path / "r.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out_html), ""))
    window.act_export_html.trigger()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out_json), ""))
    window.act_export_json.trigger()
    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page.lower()
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert doc["schema"] == "inspector.report/1"
    assert doc["source"]["path"] == str(TWINE)


def test_window_state_and_recent_files_persist(qtbot: QtBot, gui_settings: GuiSettings) -> None:
    w = MainWindow(gui_settings)
    qtbot.addWidget(w)
    w.show()
    w.resize(700, 500)
    gui_settings.add_recent("/evidence/a.eml")
    w.close()
    again = MainWindow(GuiSettings(QSettings(gui_settings.store.fileName(), QSettings.Format.IniFormat)))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
    assert again.settings.recent_files() == ["/evidence/a.eml"]


def test_level_colour_in_list(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(TWINE)])
    entry = window.current_entry()
    assert entry is not None and entry.report is not None
    level = entry.report.verdict.level
    assert isinstance(level, Level)
    assert entry.item.text().startswith("mailbits-twine_release.eml — ")
