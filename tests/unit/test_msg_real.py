"""Real Outlook-made .msg files (not written by our own test writer) read correctly."""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.ingest import load_file
from inspector.ingest.message import SourceFormat
from tests.conftest import ROOT

REAL = ROOT / "tests" / "fixtures" / "msg" / "real"


def test_delivery_notification_with_transport_headers() -> None:
    msg = load_file(REAL / "other.msg")
    assert msg.format is SourceFormat.MSG and msg.body is None
    subject = msg.get("Subject")
    assert subject is not None and subject.decoded == "投递状态通知 (Failure Notice)"
    assert msg.text_body is not None and msg.text_body.startswith("Hi. This is an automatically generated")
    assert [(a.filename, a.content_type) for a in msg.attachments] == [("default_attachment.eml", "message/rfc822")]
    report = analyze(msg)
    assert report.identities.return_path == ""  # a bounce: null sender
    assert report.spf.client_ip == "60.30.204.58"
    assert report.spf.identity == "helo" and report.spf.helo is not None
    assert any(h.by_host == "esa2.mentor.iphmx.com" and h.from_ip == "60.30.204.58" for h in report.hops)


def test_unsent_item_is_a_report_with_a_clear_warning() -> None:
    msg = load_file(REAL / "outer.msg")
    assert msg.format is SourceFormat.MSG
    assert any("no transport headers" in w for w in msg.warnings)
    assert [a.content_type for a in msg.attachments] == ["application/vnd.ms-outlook"]
    report = analyze(msg)
    assert report.identities.subject == "outer subject"
    assert report.hops == ()
