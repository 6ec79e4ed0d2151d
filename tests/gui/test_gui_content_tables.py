"""The Body tab's Links and Attachments tables and the banner's content line (issue 15, item 7).

Findings and severities come from the report (built here, or by the real content engine from a message built
here); the tests check that the views show them, mark risky rows in words as well as colour, sort, copy whole
rows and never interpret message text.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.gui.body_view import BodyView
from inspector.gui.content_tables import ATTACHMENT_COLUMNS, LINK_COLUMNS, AttachmentsTable, LinksTable
from inspector.gui.verdict_banner import VerdictBanner
from inspector.ingest import load_bytes
from inspector.model.content import AttachedFile, Link, LinkFinding, QrCode
from inspector.model.report import ContentView
from inspector.report.wording import worst_content_finding
from inspector.settings import AnalysisSettings
from tests.gui.sample_reports import rich_report

LOOKALIKE = LinkFinding("lookalike", "high", "The link 'Sign in' opens paypa1.com, a look-alike of paypal.com.")
SHORT = LinkFinding("shortener", "low", "The link is shortened by bit.ly: its destination is hidden.")
IP = LinkFinding("ip-literal", "medium", "The link goes to a bare IP address.")
LINKS = (
    Link("hxxps://news[.]example/a", "Read more", "news.example"),
    Link("hxxps://bit[.]ly/x", "", "bit.ly", findings=(SHORT,)),
    Link(
        "hxxps://paypa1[.]com/login",
        "Sign in",
        "paypa1.com",
        via=("Microsoft Safe Links: hxxps://eur01.safelinks.protection.outlook[.]com/?url=…",),
        findings=(LOOKALIKE,),
    ),
    Link("hxxp://203.0.113[.]9/x", "<b>Pay</b>\u202etxt.exe", "203.0.113.9", findings=(IP,)),
)


def col(table: LinksTable | AttachmentsTable, name: str) -> list[str]:
    c = table.columns.index(name)
    return [table.item(r, c).text() for r in range(table.rowCount())]  # type: ignore[union-attr]


def test_links_table_columns_and_risky_rows(qtbot: QtBot) -> None:
    table = LinksTable()
    qtbot.addWidget(table)
    table.set_links(LINKS)
    assert table.columns == LINK_COLUMNS and table.rowCount() == 4
    # Most severe first, then in the message's order; the risk is written, not only coloured.
    assert col(table, "Risk") == ["⚠ High risk", "⚠ Risky", "Low", "—"]
    assert col(table, "Destination (defanged)")[0] == "hxxps://paypa1[.]com/login"
    assert col(table, "Domain")[0] == "paypa1.com" and col(table, "Text")[0] == "Sign in"
    assert col(table, "Via wrappers")[0].startswith("Microsoft Safe Links: hxxps://eur01")
    assert "[high] The link 'Sign in' opens paypa1.com" in col(table, "Findings")[0]
    risk = table.item(0, 0)
    assert risk is not None and not risk.icon().isNull()  # an icon beside the words
    assert table.item(0, 2).background().color().alpha() > 0  # type: ignore[union-attr]
    assert table.item(3, 0).icon().isNull() and table.item(3, 2).background().style() == Qt.BrushStyle.NoBrush  # type: ignore[union-attr]
    # Hostile text stays text: markup shown literally, the bidi override as a visible code.
    text = col(table, "Text")[1]
    assert "<b>Pay</b>" in text and "\u202e" not in text


def test_links_table_sorts_by_any_column(qtbot: QtBot) -> None:
    table = LinksTable()
    qtbot.addWidget(table)
    table.set_links(LINKS)
    table.sortItems(table.columns.index("Domain"), Qt.SortOrder.AscendingOrder)
    assert col(table, "Domain") == ["203.0.113.9", "bit.ly", "news.example", "paypa1.com"]
    table.sortItems(0, Qt.SortOrder.DescendingOrder)
    assert col(table, "Risk")[0] == "—" and col(table, "Risk")[-1] == "⚠ High risk"


def test_qr_codes_are_rows_of_the_links_table(qtbot: QtBot) -> None:
    table = LinksTable()
    qtbot.addWidget(table)
    quishing = LinkFinding("lookalike", "high", "The QR code opens paypa1.com, a look-alike of paypal.com.")
    qr = QrCode("attachment scan.png", "hxxps://paypa1[.]com/q", (quishing,), "paypa1.com")
    table.set_links(LINKS[:1], (qr,))
    assert col(table, "Text")[0] == "QR code in attachment scan.png"
    assert (
        col(table, "Risk")[0] == "⚠ High risk" and col(table, "Destination (defanged)")[0] == "hxxps://paypa1[.]com/q"
    )
    assert col(table, "Domain")[0] == "paypa1.com"


def test_attachments_table_shows_types_hash_and_findings(qtbot: QtBot) -> None:
    exe = LinkFinding("executable", "high", "invoice.pdf is a Windows program (PE executable), not a PDF.")
    mismatch = LinkFinding("type-mismatch", "medium", "The name says PDF but the content is a program.")
    rows = (
        AttachedFile("notes.txt", "text/plain", "text/plain", 10, "ab" * 32),
        AttachedFile("invoice.pdf", "application/pdf", "application/x-dosexec", 73_802, "cd" * 32, (mismatch, exe)),
        AttachedFile("logo.png", "image/png", None, 2048, "ef" * 32),
        AttachedFile("x\u202efdp.exe", "application/pdf", None, 1, "12" * 32, name_hides_characters=True),
        AttachedFile("run.exe", "application/octet-stream", "application/x-dosexec", 5, "34" * 32, part="a.zip",
                     members=("run.exe",)),
    )  # fmt: skip
    table = AttachmentsTable()
    qtbot.addWidget(table)
    table.set_attachments(rows)
    assert table.columns == ATTACHMENT_COLUMNS
    names = col(table, "File name")
    assert names[0] == "invoice.pdf" and names[1].startswith("x") and "\u202e" not in names[1]
    assert col(table, "Risk")[:2] == ["⚠ High risk", "⚠ Risky"]
    assert col(table, "Declared type")[0] == "application/pdf"
    assert col(table, "Detected type")[0] == "application/x-dosexec"
    assert col(table, "SHA-256")[0] == "cd" * 32 and col(table, "Size")[0] == "72.1 KiB"
    findings = col(table, "Findings")[0]
    assert findings.index("[high] invoice.pdf is a Windows program") < findings.index("[medium] The name says PDF")
    assert "hidden or text-reversing characters" in col(table, "Findings")[1]
    # What the engine did not recognise is said, never guessed from the name.
    detected = dict(zip(names, col(table, "Detected type"), strict=True))
    assert detected["logo.png"] == "not recognised" and detected["notes.txt"] == "text/plain"
    assert "a.zip/run.exe" in names  # a file found inside an archive says where
    table.sortItems(table.columns.index("Size"), Qt.SortOrder.AscendingOrder)
    assert col(table, "Size") == ["1 bytes", "5 bytes", "10 bytes", "2.0 KiB", "72.1 KiB"]  # by bytes, not text


def test_rows_are_copied_whole(qtbot: QtBot) -> None:
    table = LinksTable()
    qtbot.addWidget(table)
    table.set_links(LINKS)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(table.model().index(0, 0), flags)
    text = table.copy_rows()
    assert text.splitlines()[0] == "\t".join(LINK_COLUMNS)
    assert text.splitlines()[1].split("\t")[:4] == [
        "⚠ High risk",
        "Sign in",
        "hxxps://paypa1[.]com/login",
        "paypa1.com",
    ]
    assert QGuiApplication.clipboard().text() == text


def test_body_view_uses_the_tables(qtbot: QtBot) -> None:
    view = BodyView()
    qtbot.addWidget(view)
    att = AttachedFile("a.pdf", "application/pdf", "application/pdf", 3, "0" * 64)
    view.set_content(ContentView(True, "text", None, LINKS, (att,)))
    assert view.links.rowCount() == 4 and view.attachments.rowCount() == 1
    assert view.tabs.tabText(3) == "Links (4)" and view.tabs.tabText(4) == "Attachments (1)"


def test_banner_names_the_worst_content_finding(qtbot: QtBot) -> None:
    banner = VerdictBanner()
    qtbot.addWidget(banner)
    report = rich_report()
    banner.set_report(dataclasses.replace(report, content=dataclasses.replace(report.content, links=LINKS)))
    assert not banner.content_label.isHidden()
    assert banner.content_label.text() == (
        "▶ Dangerous content — link hxxps://paypa1[.]com/login: The link 'Sign in' opens paypa1.com, a "
        "look-alike of paypal.com. (and 1 more in the Body tab)"
    )
    medium = dataclasses.replace(report.content, links=(LINKS[3],))  # worth a look, not an alarm
    banner.set_report(dataclasses.replace(report, content=medium))
    assert banner.content_label.text() == (
        "▶ Worth checking in the content — link hxxp://203.0.113[.]9/x: The link goes to a bare IP address."
    )
    quiet = dataclasses.replace(report.content, links=LINKS[:2])  # a low finding only: nothing to name
    banner.set_report(dataclasses.replace(report, content=quiet))
    assert banner.content_label.isHidden()


def test_worst_content_finding_prefers_attachments_and_skips_loaded_images() -> None:
    report = rich_report()
    image = Link("hxxp://203.0.113[.]9/p.gif", "", "203.0.113.9", findings=(IP,), role="resource")
    smuggling = LinkFinding("html-smuggling", "high", "Smuggles.")
    att = AttachedFile("a.html", "text/html", "text/html", 9, "0" * 64, (smuggling,))
    content = dataclasses.replace(report.content, links=(image,), attachments=())
    assert worst_content_finding(dataclasses.replace(report, content=content)) is None  # a medium image: not named
    content = dataclasses.replace(report.content, links=LINKS, attachments=(att,))
    worst = worst_content_finding(dataclasses.replace(report, content=content))
    assert worst == "Dangerous content — attachment a.html: Smuggles. (and 2 more in the Body tab)"


def test_engine_findings_reach_the_links_table_and_the_banner(qtbot: QtBot) -> None:
    html = (
        '<p>Your account is locked. <a href="https://paypa1-login.com/verify">https://www.paypal.com/signin</a>'
        ' <a href="https://example.org/help">Help</a></p>'
    )
    raw = (
        "From: PayPal <service@paypal.com>\r\nSubject: locked\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n"
    ).encode()
    report = analyze(load_bytes(raw), AnalysisSettings(), OfflineSource())
    risky = [link for link in report.content.links if link.worst in ("high", "medium")]
    assert risky and risky[0].domain == "paypa1-login.com"
    view = BodyView()
    qtbot.addWidget(view)
    view.set_content(report.content)
    assert col(view.links, "Domain")[0] == "paypa1-login.com"
    assert col(view.links, "Risk")[0] in ("⚠ High risk", "⚠ Risky")
    banner = VerdictBanner()
    qtbot.addWidget(banner)
    banner.set_report(report)
    # The verdict names the link itself: the banner says it once, in the reasons, not again below them.
    assert "opens paypa1-login.com" in banner.reasons_label.text()
    assert banner.content_label.isHidden()


def test_the_content_line_is_kept_when_the_reasons_shown_do_not_say_it(qtbot: QtBot) -> None:
    banner = VerdictBanner()
    qtbot.addWidget(banner)
    base = rich_report()
    content = dataclasses.replace(base.content, links=LINKS)
    said = (
        "A link in the message is not what it seems: the link 'Sign in' opens paypa1.com, a look-alike of paypal.com."
    )
    verdict = dataclasses.replace(base.verdict, reasons=(said,))
    banner.set_report(dataclasses.replace(base, content=content, verdict=verdict))
    assert banner.content_label.isHidden() and "opens paypa1.com" in banner.reasons_label.text()
    # Below the reasons the banner shows (it shows six), the finding is named on its own line.
    crowded = dataclasses.replace(base.verdict, reasons=(*(f"Reason {i}." for i in range(6)), said))
    banner.set_report(dataclasses.replace(base, content=content, verdict=crowded))
    assert not banner.content_label.isHidden() and "opens paypa1.com" in banner.content_label.text()


def test_ctrl_c_on_a_standalone_table_copies_whole_rows(qtbot: QtBot) -> None:
    """The key goes through the window's one row copy (`table_copy`), also outside a window."""
    table = LinksTable()
    qtbot.addWidget(table)
    table.show()
    table.set_links(LINKS)
    QGuiApplication.clipboard().setText("")
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "\t".join(LINK_COLUMNS) and lines[1].split("\t")[1] == "Sign in"
