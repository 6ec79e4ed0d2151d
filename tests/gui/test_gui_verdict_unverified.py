"""The banner and the exports show the `unverified` level in its own colour and words (issue 11 item 8)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.gui.style import LEVEL_COLOURS
from inspector.gui.verdict_banner import VerdictBanner
from inspector.ingest import load_bytes
from inspector.model.report import Level
from inspector.report.to_html import report_to_html
from inspector.report.to_text import report_to_text

PLAIN = (
    b"From: Dave Smith <dave@smith-plumbing.co.uk>\r\nTo: you@example.net\r\nSubject: Invoice\r\n"
    b"Date: Mon, 30 Nov 2026 09:59:00 +0000\r\nMessage-ID: <2@smith-plumbing.co.uk>\r\n\r\nHello.\r\n"
)


def test_unverified_has_its_own_colour_and_words(qtbot: QtBot) -> None:
    report = analyze(load_bytes(PLAIN))
    assert report.verdict.level is Level.UNVERIFIED
    colours = {c.lower() for c in LEVEL_COLOURS.values()}
    assert len(colours) == len(LEVEL_COLOURS)  # every level its own colour
    banner = VerdictBanner()
    qtbot.addWidget(banner)
    banner.set_report(report)
    assert banner.level_label.text() == "NOT CONFIRMED"
    assert LEVEL_COLOURS[Level.UNVERIFIED] in banner.styleSheet()
    assert banner.summary_label.text().startswith("Could not confirm who sent this")
    assert "transport headers" in banner.reasons_label.text()


def test_exports_name_the_unverified_level() -> None:
    report = analyze(load_bytes(PLAIN))
    assert "Verdict: UNVERIFIED" in report_to_text(report)
    html = report_to_html(report)
    assert 'class="verdict unverified"' in html and "NOT CONFIRMED" in html
