"""An Outlook item attached inside an Outlook .msg forward is unwrapped (issue 16 item 1, loose end of s20).

Outlook's "Forward as attachment" and "Report phishing" store the original as an embedded message object:
the attachment's sub-storage ``__substg1.0_3701000D`` (PR_ATTACH_DATA_OBJ, ATTACH_EMBEDDED_MSG), not bytes.
A helpdesk that saves such a forward as .msg hands the inspector the wrapper; the batch must analyse the
original inside it, with the wrapper named, exactly as for a MIME forward. The items are written by
``tests/support/msg_writer.py`` (MS-CFB and MS-OXMSG by hand, read back by olefile); the real Outlook file
``tests/fixtures/msg/real/outer.msg`` (BSD-2, see its SOURCE.md) carries an embedded item too.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.batch.readers import Item, Origin
from inspector.batch.run import BatchJob, DnsChoice, analyse_item, report_from_blob
from inspector.batch.unwrap import unwrap
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes
from inspector.ingest.msg import read_msg
from tests.conftest import ROOT
from tests.support.cli_run import run_cli
from tests.support.msg_writer import MsgAttachment, MsgEmbedded, MsgRecipient, build_msg

MSG = ROOT / "tests" / "fixtures" / "msg"
WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

#: The original: a phish as the helpdesk's server received it.
PHISH_HEADERS = (
    "Received: from mail.paypa1-secure.test (mail.paypa1-secure.test [203.0.113.66])\r\n"
    "\tby mx1.corp.example with ESMTPS id 4Q1; Mon, 30 Nov 2026 08:14:03 +0100\r\n"
    "Authentication-Results: mx1.corp.example; spf=pass smtp.mailfrom=paypa1-secure.test; dkim=none\r\n"
    "From: PayPal Service <service@paypa1-secure.test>\r\nTo: ana.lima@corp.example\r\n"
    "Subject: Your account is on hold\r\nDate: Mon, 30 Nov 2026 08:14:00 +0100\r\n"
    "Message-ID: <hold-1@paypa1-secure.test>\r\n\r\n"
)
#: The forward, as it reached the phishing mailbox.
FORWARD_HEADERS = (
    "Received: from exch1.corp.example (10.0.0.5) by mx1.corp.example; Tue, 1 Dec 2026 10:00:02 +0100\r\n"
    "From: Ana Lima <ana.lima@corp.example>\r\nTo: phishing@corp.example\r\n"
    "Subject: FW: Your account is on hold\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\n"
    "Message-ID: <fw-1@corp.example>\r\n\r\n"
)


def original() -> MsgEmbedded:
    return MsgEmbedded(
        {0x0037001F: "Your account is on hold", 0x007D001F: PHISH_HEADERS, 0x1000001F: "Log in to restore it."},
        "Your account is on hold",
        recipients=[MsgRecipient("Ana Lima", "ana.lima@corp.example")],
    )


def forward(*attachments: MsgAttachment | MsgEmbedded, headers: str = FORWARD_HEADERS) -> bytes:
    subject = next(line for line in headers.split("\r\n") if line.startswith("Subject: "))[9:]
    props = {0x0037001F: subject, 0x007D001F: headers, 0x1000001F: "Please check this one.\r\n"}
    return build_msg(props, recipients=[MsgRecipient("Phishing", "phishing@corp.example")], attachments=attachments)


def sent_forward(*attachments: MsgAttachment | MsgEmbedded) -> bytes:
    """The same forward saved from the reporter's Sent Items: no transport headers, only item properties."""
    return build_msg(
        {
            0x0037001F: "FW: Your account is on hold",
            0x0042001F: "Ana Lima",
            0x5D02001F: "ana.lima@corp.example",
            0x00390040: WHEN,
            0x1000001F: "Please check this one.\r\n",
        },
        recipients=[MsgRecipient("Phishing", "phishing@corp.example")],
        attachments=attachments,
    )


def analyse(data: bytes, path: str = "/evidence/report.msg") -> list:  # type: ignore[type-arg]
    job = BatchJob(dns=DnsChoice(offline=True), report_blob=True)
    return analyse_item(Item(Origin(path), data=data), job, OfflineSource())


def test_embedded_original_is_analysed_and_the_forward_named() -> None:
    wrapper = forward(original())
    (found,) = unwrap(wrapper)
    assert found.part == "1"
    (embedded,) = read_msg(wrapper).attachments
    assert found.data == embedded.data  # the item as Outlook saves it on its own: a .msg file

    (outcome,) = analyse(wrapper)
    assert outcome.error is None and outcome.wrapper is not None
    assert outcome.wrapper.part == "1" and outcome.wrapper.subject == "FW: Your account is on hold"
    assert outcome.wrapper.from_header == "Ana Lima <ana.lima@corp.example>"
    assert outcome.wrapper.sha256 == hashlib.sha256(wrapper).hexdigest()
    assert outcome.sha256 == hashlib.sha256(found.data).hexdigest()
    report = report_from_blob(outcome.report_blob)
    assert report.source.format == "msg" and report.source.wrapper == outcome.wrapper
    # The original's story, not the forward's: its sender, its receiving hop, its look-alike domain.
    assert report.identities.from_domain == "paypa1-secure.test"
    assert any(h.from_ip == "203.0.113.66" for h in report.hops)
    assert report.identities.subject == "Your account is on hold"


def test_forward_saved_from_sent_items_is_unwrapped_too() -> None:
    (outcome,) = analyse(sent_forward(original()))
    assert outcome.wrapper is not None and outcome.wrapper.subject == "FW: Your account is on hold"
    report = report_from_blob(outcome.report_blob)
    assert report.identities.from_domain == "paypa1-secure.test"


def test_attached_eml_and_msg_files_inside_a_msg_forward() -> None:
    eml = PHISH_HEADERS.replace("\r\n\r\n", "\r\nContent-Type: text/plain\r\n\r\n").encode() + b"Log in.\r\n"
    as_file = build_msg({0x0037001F: "Your account is on hold", 0x007D001F: PHISH_HEADERS})
    wrapper = forward(
        MsgAttachment(b"%PDF-1.4 a screenshot", long_filename="screenshot.pdf", mime="application/pdf"),
        MsgAttachment(eml, long_filename="Your account is on hold.eml", mime="message/rfc822"),
        MsgAttachment(as_file, long_filename="Your account is on hold.msg", mime="application/octet-stream"),
    )
    assert [(a.part, a.data) for a in unwrap(wrapper)] == [("2", eml), ("3", as_file)]
    outcomes = analyse(wrapper)
    assert [o.wrapper.part for o in outcomes] == ["2", "3"]
    assert [report_from_blob(o.report_blob).source.format for o in outcomes] == ["eml", "msg"]


def test_msg_forward_inside_a_mime_forward_is_unwrapped_twice() -> None:
    """The helpdesk forwards the user's .msg report on to the SOC as a MIME message."""
    wrapper = forward(original())
    mime = (
        b"From: Helpdesk <helpdesk@corp.example>\r\nTo: soc@corp.example\r\nSubject: FW: phishing report\r\n"
        b"Date: Tue, 01 Dec 2026 11:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n'
        b"--b0\r\nContent-Type: text/plain\r\n\r\nFrom a user.\r\n"
        b'--b0\r\nContent-Type: application/vnd.ms-outlook; name="report.msg"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(wrapper) + b"\r\n--b0--\r\n"
    )
    (found,) = unwrap(mime)
    assert found.part == "2/1" and found.data == read_msg(wrapper).attachments[0].data
    (outcome,) = analyse(mime, "/evidence/soc.eml")
    assert outcome.wrapper is not None and outcome.wrapper.part == "2/1"
    assert outcome.wrapper.subject == "FW: phishing report"


@pytest.mark.parametrize("name", ["real/outer.msg", "real/other.msg", "html-attachments.msg"])
def test_items_that_are_not_forwards_are_analysed_as_themselves(name: str) -> None:
    """outer.msg (real, embedded item, subject "outer subject") and other.msg (real bounce with an attached
    .eml) are not a person's forward: the item itself is the evidence."""
    data = (MSG / name).read_bytes()
    assert unwrap(data) == []
    (outcome,) = analyse(data)
    assert outcome.wrapper is None and outcome.sha256 == hashlib.sha256(data).hexdigest()


def test_real_outlook_embedded_item_is_unwrapped_from_a_forward_subject() -> None:
    """The real file's embedded item, once its wrapper says it is a forward: the item Outlook wrote, read."""
    real = load_bytes((MSG / "real" / "outer.msg").read_bytes())
    (embedded,) = real.attachments
    wrapper = forward(MsgAttachment(embedded.data, long_filename="test.msg", mime="application/vnd.ms-outlook"))
    (found,) = unwrap(wrapper)
    assert found.data == embedded.data
    (outcome,) = analyse(wrapper)
    assert outcome.error is None and report_from_blob(outcome.report_blob).identities.subject == "test"


def test_damaged_msg_forward_is_analysed_as_itself_never_a_crash() -> None:
    wrapper = forward(original())
    for cut in (0.2, 0.5, 0.8, 0.95):
        damaged = wrapper[: int(len(wrapper) * cut)]
        assert isinstance(unwrap(damaged), list)
        outcomes = analyse(damaged)
        assert len(outcomes) >= 1 and all(o.error is None or o.error["kind"] == "unreadable" for o in outcomes)


def test_cli_jsonl_names_the_msg_wrapper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.msg"
    path.write_bytes(forward(original()))
    code, out, _err = run_cli(capsys, "analyze", str(path), "--jsonl", "--offline", "--jobs", "1")
    assert code == 0
    (line,) = out.splitlines()
    report = json.loads(line)
    assert report["source"]["wrapper"]["part"] == "1"
    assert report["source"]["wrapper"]["subject"] == "FW: Your account is on hold"
    assert report["source"]["format"] == "msg"
