"""Review fixes outside the chain canvas: the analysis list (a distinct "could not read" icon, the status never
cut), refused HTML resources remembered once each, DKIM "none" badge, and DMARC wording when the policy was never
looked up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from inspector.gui.body_view import MAX_REQUESTED, BodyView
from inspector.gui.main_window import STATUS_ROLE, MainWindow, list_label
from inspector.gui.style import BADGE_COLOURS, LEVEL_COLOURS
from inspector.model.auth import AuthResult
from inspector.model.report import ContentView, Level, SectionState
from tests.conftest import SAMPLES, SHARED
from tests.gui.sample_reports import rich_report

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"
PAYPAL = SAMPLES / "paypal-lookalike.eml"


def icon_image(item: QListWidgetItem) -> QImage:
    return item.icon().pixmap(14, 14).toImage()


def colours(img: QImage) -> set[str]:
    """The opaque colours of an icon."""
    out = set()
    for x in range(img.width()):
        for y in range(img.height()):
            c = img.pixelColor(x, y)
            if c.alpha() > 200:
                out.add(c.name())
    return out


def test_unreadable_file_is_grey_question_not_a_red_dot(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "a-rather-long-reported-message-file-name-saved-from-outlook-on-monday.eml"
    bad.write_bytes(b"hello, this is just a note\nnothing else\n")
    with qtbot.waitSignals([window.analysisDone, window.analysisDone], timeout=30_000):
        window.open_paths([str(PAYPAL), str(bad)])
    qtbot.waitUntil(lambda: not window.jobs, timeout=30_000)
    good, failed = window.entries
    assert good.report is not None and good.report.verdict.level is Level.DANGEROUS  # the sample is phishing
    assert failed.state == "failed"
    assert failed.item.text().endswith(" — could not read")
    assert failed.item.data(STATUS_ROLE) == "could not read"
    danger = QColor(LEVEL_COLOURS[Level.DANGEROUS]).name()
    assert danger in colours(icon_image(good.item))
    unreadable = colours(icon_image(failed.item))
    assert unreadable and danger not in unreadable
    # Neutral: every opaque pixel is a grey (red, green and blue within a few steps of each other).
    for name in unreadable:
        c = QColor(name)
        assert max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) <= 8, name


def test_list_elides_the_name_never_the_verdict(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    long_copy = tmp_path / ("FW Urgent invoice payment overdue please review before friday " * 2 + ".eml")
    long_copy.write_bytes(PAYPAL.read_bytes())
    with qtbot.waitSignals([window.analysisDone, window.analysisDone], timeout=30_000):
        window.open_paths([str(long_copy), str(ARCBAD)])
    qtbot.waitUntil(lambda: not window.jobs, timeout=30_000)
    window.splitter.setSizes([200, 1000])
    qtbot.wait(10)
    lst = window.list
    assert lst.horizontalScrollBar().maximum() == 0  # nothing scrolls sideways out of sight
    fm = lst.fontMetrics()
    for entry in window.entries:
        status = entry.item.data(STATUS_ROLE)
        assert status in ("Dangerous", "No problem found", "Suspicious")
        rect = lst.visualItemRect(entry.item)
        assert rect.width() <= lst.viewport().width()
        width = rect.width() - lst.iconSize().width() - 12
        shown = list_label(entry.request.label, status, width, fm)
        assert shown.endswith(f" — {status}")
        assert fm.horizontalAdvance(shown) <= width
    first = list_label(window.entries[0].request.label, "Dangerous", 180, fm)
    assert "…" in first and first.startswith("FW Urg") and first.endswith(".eml — Dangerous")


def test_refused_resources_are_remembered_once_each(qtbot: QtBot) -> None:
    view = BodyView()
    qtbot.addWidget(view)
    urls = [f"https://track{i}.example/p.gif" for i in range(7)]
    html = "<p>" + "".join(f'<img src="{u}">' for u in urls) + "text " * 400 + "</p>"
    view.set_content(ContentView(True, None, html, (), ()))
    view.show()
    view.tabs.setCurrentIndex(2)
    for width in (300, 500, 700, 400, 900, 350):  # each re-layout asks Qt to load the images again
        view.resize(width, 400)
        view.browser.grab()
    assert view.browser.requested == set(urls)
    for i in range(MAX_REQUESTED + 50):
        view.browser.loadResource(2, f"https://x{i}.example/")
    assert len(view.browser.requested) == MAX_REQUESTED
    view.set_content(ContentView(True, "plain", None, (), ()))
    assert view.browser.requested == set()


def test_dkim_without_signature_gets_a_grey_none_badge(qtbot: QtBot, window: MainWindow) -> None:
    window.show_report(rich_report(dkim=()))
    row = window.auth.tree.topLevelItem(1)
    assert row is not None and row.text(0) == "DKIM"
    assert row.text(1) == "none"
    assert row.background(1).color().name() == QColor(BADGE_COLOURS["none"]).name()
    assert row.text(2) == "from the message alone"
    assert row.text(4) == "no DKIM-Signature in the message"
    sections = {**rich_report().sections, "dkim": SectionState.NOT_ANALYSED}
    window.show_report(rich_report(dkim=(), sections=sections))
    row = window.auth.tree.topLevelItem(1)
    assert row is not None and row.text(1) == AuthResult.NOT_ANALYSED.value and row.text(4) == "not analysed"


def test_offline_dmarc_does_not_claim_no_policy(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.analysisDone, timeout=30_000):
        window.open_paths([str(ARCBAD)])
    report = window.current_report()
    assert report is not None and report.dmarc.result is AuthResult.NOT_VERIFIABLE
    row = window.auth.tree.topLevelItem(window.auth.top_level_checks().index("DMARC"))
    assert row is not None
    detail = row.text(4)
    assert detail.startswith("From outlook.com, policy not known (record not available offline);")
    assert "none published" not in detail
    children = [row.child(i).text(0) for i in range(row.childCount())]
    assert "Effective policy:  not known (record not available offline)" in children
    ticket = window.banner.summary_text()  # what "Copy summary for a ticket" puts on the clipboard
    assert "policy None" not in ticket and "None" not in ticket.split("Evidence:")[0]
    assert "DMARC: not-verifiable (From outlook.com, policy not known (record not available offline))" in ticket
