"""Hostile messages in the triage table, its campaign list and its side pane (the hostile audit).

A folder of hostile messages (markup naming files in a watched canary folder, controls and bidi in every
header) is analysed as a triage run; then every widget of the triage page is swept and every tooltip really
hovered (the table's cells, the campaign list's shared indicators, the side pane's report views). Nothing the
messages carry may be interpreted as Qt rich text, no raw control or bidi character may reach a widget, and
the kernel must report no open of a file the messages name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector.batch.stream import CampaignInfo
from inspector.gui.main_window import MainWindow
from inspector.gui.triage_view import TriageView
from inspector.model.vocabulary import JobState
from tests.gui.file_watch import Inotify, inotify_available, python_opens
from tests.gui.hostile import MARK, hostile_message, make_canary
from tests.gui.sweep import collect
from tests.gui.test_gui_hostile import assert_shown_as_text, interpreted

needs_inotify = pytest.mark.skipif(not inotify_available(), reason="inotify is Linux-only")


@pytest.fixture
def canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = make_canary(tmp_path / "canary")
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def win(window: MainWindow) -> Iterator[MainWindow]:
    yield window
    window.manager.cancel_all()
    window.manager.batch_pool.waitForDone(20_000)


def _folder(tmp_path: Path, canary: Path) -> Path:
    """Three copies of the hostile message (one campaign: the same attachment, subject and sender)."""
    folder = tmp_path / "reported"
    folder.mkdir()
    data = hostile_message(canary)
    for n in range(3):
        (folder / f"m{n}.eml").write_bytes(data.replace(b"Message-ID: <x@", f"Message-ID: <{n}x@".encode()))
    return folder


@needs_inotify
def test_triage_page_shows_every_message_string_as_text(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, canary: Path
) -> None:
    folder = _folder(tmp_path, canary)
    watch = Inotify([canary])
    try:
        with python_opens(str(canary), "attacker.example", "rel.png", "rel-import.css") as py:
            win.open_paths([str(folder)])
            view = win.pages.currentWidget()
            assert isinstance(view, TriageView)
            qtbot.waitUntil(
                lambda: view.run.state is not JobState.RUNNING and not view.cancel_button.isEnabled(),
                timeout=120_000,
            )
            assert view.model.rowCount() == 3
            assert view.campaigns, "the three copies must form a campaign (its indicators are swept too)"
            view.campaign_list.expandAll()
            view.select_row(0)
            view.pane.flush()
            assert view.pane.report is not None
            shown = collect(view, QApplication.instance())  # type: ignore[arg-type]
        opened = watch.events()
    finally:
        watch.close()
    assert opened == [] and py == [], f"Qt opened files the messages named: {sorted(set(opened))[:20]}"
    assert_shown_as_text(shown)
    # The table's cells were swept: the subject is there, as text.
    subjects = [str(view.proxy.index(r, 3).data(Qt.ItemDataRole.ToolTipRole) or "") for r in range(3)]
    assert any(MARK in s for s in subjects), subjects
    # The campaign list's indicators, hovered for real, with a shared value that is markup (a subject is
    # one; its lower-cased masked form escapes the sweep's MARK count, so it is checked here directly).
    value = f"<b>{MARK}</b><img src='file://{canary}/subject.png'> <address> \u202e"
    first = view.campaigns[0]
    view.set_campaigns([CampaignInfo(1, first.size, None, None, (("subject", value, 3),), first.positions)])
    view.campaign_list.expandAll()
    watch = Inotify([canary])
    try:
        shown = collect(view, QApplication.instance())  # type: ignore[arg-type]
        opened = watch.events()
    finally:
        watch.close()
    assert opened == [], opened
    assert len(shown.tooltips_shown) >= 2, shown.tooltips_shown
    assert_shown_as_text(shown)
    tips = [interpreted(t, True) for t in shown.tooltips_shown]
    assert any("<address>" in t and "⟨U+202E⟩" in t for t in tips), tips


def test_no_export_replaces_an_evidence_file(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    """The save dialog asks "replace it?" and the export then replaced the file it named, also a message file
    or the mailbox being analysed (or a link to one). Every export now refuses an evidence file, says why,
    and leaves it as it was; the CLI refused already (`--record-dns`, `dns-capture -o`)."""
    from inspector.gui.export import export_html, export_json
    from tests.support.corpora import phishing_messages

    folder = tmp_path / "reported"
    folder.mkdir()
    for n, src in enumerate(phishing_messages()[:2]):
        (folder / f"m{n}.eml").write_bytes(src.read_bytes())
    evidence = folder / "m1.eml"
    before = evidence.read_bytes()
    link = tmp_path / "link.eml"
    link.symlink_to(evidence)
    win.open_paths([str(folder)])
    view = win.pages.currentWidget()
    assert isinstance(view, TriageView)
    qtbot.waitUntil(
        lambda: view.run.state is not JobState.RUNNING and not view.cancel_button.isEnabled(), timeout=120_000
    )
    for target, export in ((evidence, view.export_csv_dialog), (link, view.export_jsonl_dialog)):
        assert export(str(target)) is not None
        qtbot.waitUntil(lambda: view.export_job is None, timeout=60_000)
        assert view.last_export is not None and view.last_export[1] == 0
        assert "evidence file" in view.export_error, view.export_error
        assert evidence.read_bytes() == before and link.is_symlink()
    # The single message's exports (File ▸ Export HTML/JSON Report…) likewise.
    view.select_row(1)
    view.pane.flush()
    report = view.pane.report
    assert report is not None and report.source.path == str(evidence)
    for write in (export_html, export_json):
        with pytest.raises(OSError, match="evidence file"):
            write(report, str(link))
    assert evidence.read_bytes() == before
    # A new file beside the evidence is written as before.
    export_json(report, str(folder / "m1.report.json"))
    assert (folder / "m1.report.json").stat().st_size > 0
