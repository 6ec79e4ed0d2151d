"""One rule for which sender-history store an analysis reads, the same in the GUI and on the command line
(`inspector.paths.history_for_analysis`), and the history's link finding shown in the GUI's Links table.

Before, the GUI passed the default store's path even when that file did not exist (its reports said "No
sender history yet: … does not exist") while the command line passed none ("no store was used"): the same
message gave two reports. Now both read the file the user chose (even a missing one: the report then says
so), else the default store when it exists, else none; "remember this sender" still writes the default store.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import GuiSettings, history_path
from inspector.history.learn import learn_messages
from inspector.history.store import open_history
from inspector.history_cli import history_path_for_analysis
from inspector.ingest import load_bytes
from inspector.model.content import NEW_LINK_DOMAIN
from inspector.paths import default_history_path, history_for_analysis
from inspector.report.to_json import report_to_dict
from inspector.settings import AnalysisSettings
from tests.support.link_mail import OWN_SITE, PORTAL, SUPPLIER, TRACKED, invoice_mail


def _cli(history: str | None = None, no_history: bool = False) -> str | None:
    return history_path_for_analysis(argparse.Namespace(history=history, no_history=no_history))


def _gui(settings: GuiSettings, chosen: str = "") -> str | None:
    settings.save(dataclasses.replace(settings.load(), history_file=chosen))
    return settings.analysis_settings().history


def test_no_default_store_means_no_store_in_both(gui_settings: GuiSettings) -> None:
    assert not default_history_path().exists()
    assert history_for_analysis(None) is None
    assert _cli() is None and _gui(gui_settings) is None
    # The same message gives the same history section either way.
    data = invoice_mail(1)
    cli_doc = report_to_dict(analyze(load_bytes(data), _settings(_cli())))
    gui_doc = report_to_dict(analyze(load_bytes(data), gui_settings.analysis_settings()))
    assert cli_doc["history"] == gui_doc["history"]
    assert "no history store was used" in gui_doc["history"]["note"]
    # Remembering a sender still writes the default store, which the analyses then read.
    assert history_path(gui_settings.load()) == str(default_history_path())


def test_an_existing_default_store_is_read_by_both(gui_settings: GuiSettings) -> None:
    open_history(default_history_path()).close()
    assert _cli() == _gui(gui_settings) == str(default_history_path())


def test_a_chosen_store_is_read_by_both_even_when_missing(gui_settings: GuiSettings, tmp_path: Path) -> None:
    chosen = str(tmp_path / "team.sqlite3")
    assert _cli(chosen) == _gui(gui_settings, chosen) == chosen
    report = analyze(load_bytes(invoice_mail(1)), _settings(chosen))
    assert report.history.note.startswith("No sender history yet:") and chosen in report.history.note
    assert _cli(chosen, no_history=True) is None


def _settings(history: str | None) -> AnalysisSettings:
    return AnalysisSettings(history=history)


def test_the_links_table_shows_a_link_new_for_the_sender(
    qtbot: QtBot, window: MainWindow, gui_settings: GuiSettings, tmp_path: Path
) -> None:
    with open_history(history_path(gui_settings.load())) as h:
        learn_messages(h, [invoice_mail(n, (PORTAL, OWN_SITE, TRACKED), day=n) for n in range(1, 6)])
    lure = tmp_path / "lure.eml"
    lure.write_bytes(invoice_mail(9, (PORTAL, "https://secure-acme-invoices.test/pay"), day=20, month="May"))
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(lure)])
    report = window.current_report()
    assert report is not None
    flagged = [x.domain for x in report.content.links if any(f.kind == NEW_LINK_DOMAIN for f in x.findings)]
    assert flagged == ["secure-acme-invoices.test"]
    table = window.body.links
    findings = table.columns.index("Findings")
    rows = [table.item(r, findings).text() for r in range(table.rowCount())]  # type: ignore[union-attr]
    assert any(
        f"[low] {SUPPLIER} has sent you 5 messages with links" in r and "none linked to secure-acme-invoices.test" in r
        for r in rows
    ), rows
    # The History tab lists it too, from the same link finding.
    window.show_view("history")
    listed = window.history.link_finding_rows()
    assert len(listed) == 1 and listed[0].endswith("none linked to secure-acme-invoices.test.")
    assert window.history.finding_kinds() == []  # the header history itself found nothing
