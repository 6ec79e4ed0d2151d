"""An Outlook .msg attached to a message is opened for its own attachments, like an attached .eml (issue 15).

The .msg items are written by ``tests/support/msg_writer.py`` (including an Outlook item embedded in another,
stored as a sub-storage as Outlook does) or are the real Outlook files of ``tests/fixtures/msg``. Nothing in
them is run: the attachments inside are typed from their bytes and judged like any attachment.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector.analyze import analyze
from inspector.content import archives
from inspector.ingest import load_bytes
from inspector.model.content import AttachedFile
from tests.conftest import ROOT
from tests.support.msg_writer import MsgAttachment, MsgEmbedded, MsgRecipient, build_msg
from tests.unit.test_content_attachments import kinds, message, pe_program, report_of

MSG = ROOT / "tests" / "fixtures" / "msg"
OUTLOOK = "application/vnd.ms-outlook"
WHEN = datetime(2026, 11, 30, 7, 14, tzinfo=UTC)
HEADERS = (
    "Received: from mail.billing-portal.test (mail.billing-portal.test [203.0.113.9])\r\n"
    "\tby mx1.corp.example with ESMTPS; Mon, 30 Nov 2026 08:14:03 +0100\r\n"
    "From: Billing <billing@billing-portal.test>\r\nTo: staff@corp.example\r\nSubject: Invoice 7781\r\n"
    "Date: Mon, 30 Nov 2026 08:14:00 +0100\r\nMessage-ID: <inv-7781@billing-portal.test>\r\n\r\n"
)


def outlook_item(*attachments: MsgAttachment | MsgEmbedded, subject: str = "Invoice 7781") -> bytes:
    return build_msg(
        {0x0037001F: subject, 0x007D001F: HEADERS, 0x1000001F: "Invoice attached.\r\n", 0x3FFD0003: 65001},
        recipients=[MsgRecipient("Staff", "staff@corp.example")],
        attachments=attachments,
    )


def program(name: str = "Invoice.pdf.exe") -> MsgAttachment:
    return MsgAttachment(pe_program(), long_filename=name, mime="application/octet-stream")


def rows_by_name(report_rows: tuple[AttachedFile, ...]) -> dict[str, AttachedFile]:
    return {r.filename: r for r in report_rows}


def test_attached_msg_is_opened_and_its_program_named_once() -> None:
    item = outlook_item(program())
    report = report_of(message(("Invoice 7781.msg", OUTLOOK, item)))
    outer, nested = report.content.attachments
    assert outer.detected_type == OUTLOOK and outer.filename == "Invoice 7781.msg"
    assert nested.filename == "Invoice.pdf.exe" and nested.part == "Invoice 7781.msg"
    assert kinds(nested)["executable"] == "high" and kinds(nested)["double-extension"] == "high"
    assert kinds(outer)["attached-message"] == "high"
    words = next(f.explanation for f in outer.findings if f.kind == "attached-message")
    assert words == "The attached message Invoice 7781.msg carries Invoice.pdf.exe (a program)."
    reasons = [f for f in report.verdict.findings if f.rule == "dangerous-attachments"]
    assert len(reasons) == 1 and "Invoice 7781.msg" in reasons[0].text


def test_attached_msg_sent_as_octet_stream_is_typed_from_its_bytes() -> None:
    item = outlook_item(program("setup.exe"))
    report = report_of(message(("scan.dat", "application/octet-stream", item)))
    outer, nested = report.content.attachments
    assert outer.detected_type == OUTLOOK and nested.part == "scan.dat"
    assert kinds(nested)["executable"] == "high"


def test_harmless_attachments_of_an_attached_msg_are_listed_without_warnings() -> None:
    item = (MSG / "html-attachments.msg").read_bytes()
    report = report_of(message(("account.msg", OUTLOOK, item)))
    rows = rows_by_name(report.content.attachments)
    assert set(rows) == {"account.msg", "Invoice_Nov_2026.pdf", "README.TXT"}
    assert rows["Invoice_Nov_2026.pdf"].part == "account.msg"
    assert rows["Invoice_Nov_2026.pdf"].detected_type == "application/pdf"
    assert "attached-message" not in kinds(rows["account.msg"]) and "malformed" not in kinds(rows["account.msg"])
    assert not [f for f in report.verdict.findings if f.rule == "dangerous-attachments"]


def test_outlook_item_embedded_in_an_attached_msg_is_opened_too() -> None:
    """Outlook stores an item attached to an item as a sub-storage: the reader hands it over as a .msg file
    of its own, which is opened in turn (the program two levels down is found and named)."""
    inner = MsgEmbedded(
        {0x0037001F: "Remittance", 0x007D001F: HEADERS, 0x1000001F: "See attached.\r\n"},
        "Remittance",
        attachments=[program("remittance.js")],
    )
    report = report_of(message(("FW Remittance.msg", OUTLOOK, outlook_item(inner, subject="FW: Remittance"))))
    outer, embedded, script = report.content.attachments
    assert embedded.filename == "Remittance" and embedded.detected_type == OUTLOOK
    assert embedded.part == "FW Remittance.msg"
    assert script.part == "FW Remittance.msg/Remittance"
    assert kinds(script)["executable"] == "high"
    assert kinds(embedded)["attached-message"] == "high" and kinds(outer)["attached-message"] == "high"


def test_real_outlook_file_with_an_embedded_item() -> None:
    """tests/fixtures/msg/real/outer.msg (an Outlook-made file, BSD-2, see SOURCE.md) carries an item."""
    report = report_of(message(("outer.msg", OUTLOOK, (MSG / "real" / "outer.msg").read_bytes())))
    outer, embedded = report.content.attachments
    assert outer.detected_type == OUTLOOK and embedded.detected_type == OUTLOOK
    assert embedded.filename == "test" and embedded.part == "outer.msg"
    assert not [f for f in (*outer.findings, *embedded.findings) if f.severity == "high"]


def test_a_msg_file_analysed_directly_has_its_embedded_items_judged() -> None:
    inner = MsgEmbedded({0x0037001F: "Your parcel"}, "Your parcel", attachments=[program("label.pdf.scr")])
    report = analyze(load_bytes(outlook_item(inner, subject="FW: Your parcel")))
    embedded, nested = report.content.attachments
    assert embedded.detected_type == OUTLOOK and nested.part == "Your parcel"
    assert kinds(nested)["executable"] == "high"


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_damaged_attached_msg_is_a_finding_never_a_crash(cut: float) -> None:
    item = outlook_item(program())
    report = report_of(message(("broken.msg", OUTLOOK, item[: int(len(item) * cut)])))
    row = report.content.attachments[0]
    assert row.filename == "broken.msg"
    assert "malformed" in kinds(row)


def test_nesting_of_attached_messages_is_bounded() -> None:
    data = outlook_item(program())
    for level in range(archives.MAX_DEPTH + 2):
        data = outlook_item(MsgAttachment(data, long_filename=f"level{level}.msg", mime=OUTLOOK))
    report = analyze(load_bytes(data))
    rows = report.content.attachments
    assert len(rows) == archives.MAX_DEPTH + 1
    assert "not-examined" in kinds(rows[-1]) and "nested too deep" in rows[-1].findings[0].explanation
