"""A "report phishing" forward that attaches the original as an Outlook .msg is unwrapped (issue 16 loose end).

Outlook for Windows forwarding "as attachment" sends the item as ``application/vnd.ms-outlook`` (base64), not
as ``message/rfc822``. The batch must analyse that attached item, read by the .msg reader, and name the
forward as the wrapper, exactly as for an attached .eml. The .msg items are the committed fixtures (written
by ``tests/support/msg_writer.py``) and a real Outlook file (``tests/fixtures/msg/real``).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from inspector.batch.readers import Item, Origin
from inspector.batch.run import BatchJob, DnsChoice, analyse_item, report_from_blob
from inspector.batch.unwrap import unwrap
from inspector.dns.offline import OfflineSource

MSG = Path(__file__).resolve().parents[1] / "fixtures" / "msg"


def _forward_msg(
    item: bytes, *, ctype: bytes, filename: bytes = b"Suspicious message.msg", subject: bytes = b"FW: suspicious"
) -> bytes:
    body = base64.encodebytes(item)
    return (
        b"From: Helpdesk User <user@corp.example>\r\nTo: phishing@corp.example\r\n"
        b"Subject: " + subject + b"\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n'
        b"--b0\r\nContent-Type: text/plain\r\n\r\nPlease have a look.\r\n"
        b"--b0\r\nContent-Type: " + ctype + b'; name="' + filename + b'"\r\n'
        b"Content-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="' + filename + b'"\r\n\r\n' + body + b"\r\n--b0--\r\n"
    )


@pytest.mark.parametrize("name", ["unicode-headers.msg", "string8-headers.msg", "real/outer.msg"])
def test_attached_outlook_item_comes_out_byte_for_byte(name: str) -> None:
    item = (MSG / name).read_bytes()
    (found,) = unwrap(_forward_msg(item, ctype=b"application/vnd.ms-outlook"))
    assert found.part == "2"
    assert found.data == item


def test_octet_stream_named_msg_is_unwrapped_but_not_other_attachments() -> None:
    item = (MSG / "unicode-headers.msg").read_bytes()
    (found,) = unwrap(_forward_msg(item, ctype=b"application/octet-stream"))
    assert found.data == item
    # Not an OLE file, although announced as an Outlook item: not an original (the forward is analysed).
    assert unwrap(_forward_msg(b"%PDF-1.4 not a message", ctype=b"application/vnd.ms-outlook")) == []
    # An OLE file without an Outlook type or a .msg name (a .doc): not an original either.
    assert unwrap(_forward_msg(item, ctype=b"application/msword", filename=b"invoice.doc")) == []
    # Not a person's forward (a mail system's notice): left alone, as for message/rfc822.
    assert unwrap(_forward_msg(item, ctype=b"application/vnd.ms-outlook", subject=b"Delivery report")) == []


def test_batch_analyses_the_attached_msg_and_names_the_forward() -> None:
    item = (MSG / "unicode-headers.msg").read_bytes()
    forward = _forward_msg(item, ctype=b"application/vnd.ms-outlook")
    job = BatchJob(dns=DnsChoice(offline=True), report_blob=True)

    (outcome,) = analyse_item(Item(Origin("/evidence/report.eml"), data=forward), job, OfflineSource())

    assert outcome.error is None and outcome.summary is not None
    assert outcome.wrapper is not None and outcome.wrapper.part == "2"
    assert outcome.wrapper.subject == "FW: suspicious"
    assert outcome.report_json is not None and '"format": "msg"' in outcome.report_json
    assert outcome.sha256 == hashlib.sha256(item).hexdigest()  # the original's hash, not the forward's
    # The report handed back whole (the GUI's triage table opens it on selection) is the same report.
    assert outcome.report_blob is not None
    report = report_from_blob(outcome.report_blob)
    assert report.source.format == "msg" and report.source.wrapper == outcome.wrapper
