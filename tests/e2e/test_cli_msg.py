"""`inspector analyze` on the Outlook .msg fixtures: the report says what the .msg held."""

from __future__ import annotations

import hashlib

import pytest

from tests.conftest import ROOT
from tests.support.cli_run import analyze_json, run_cli
from tests.support.msg_writer import PDF_ATTACHMENT, TXT_ATTACHMENT

MSG_FIXTURES = ROOT / "tests" / "fixtures" / "msg"


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)


GOOD = ["unicode-headers.msg", "string8-headers.msg", "html-attachments.msg", "sent-item.msg"]


@pytest.mark.parametrize("name", GOOD)
def test_every_good_fixture_is_a_msg_report(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = MSG_FIXTURES / name
    rc, report, _ = analyze_json(capsys, str(path))
    assert rc == 0 and report is not None
    assert report["source"]["format"] == "msg"
    assert report["source"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    # A .msg keeps no wire-format body: body checks cannot run.
    assert report["content"]["has_body"] is False


def test_unicode_headers_are_decoded_for_display(capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = analyze_json(capsys, str(MSG_FIXTURES / "unicode-headers.msg"))
    assert report is not None
    ids = report["identities"]
    assert ids["from_domain"] == "example-bank.test"
    assert ids["from_display_name"] == "Jörg Müller"
    assert ids["subject"] == "Grüße aus Köln – Rechnung 42"
    assert [h["name"] for h in report["headers"]][:2] == ["Received", "Authentication-Results"]


def test_attachments_and_bodies_reach_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = analyze_json(capsys, str(MSG_FIXTURES / "html-attachments.msg"))
    assert report is not None
    content = report["content"]
    assert [(a["filename"], a["size"], a["sha256"]) for a in content["attachments"]] == [
        ("Invoice_Nov_2026.pdf", len(PDF_ATTACHMENT), hashlib.sha256(PDF_ATTACHMENT).hexdigest()),
        ("README.TXT", len(TXT_ATTACHMENT), hashlib.sha256(TXT_ATTACHMENT).hexdigest()),
    ]
    assert "<a href=" in content["html_body"]
    assert content["text_body"].startswith("Dear customer")
    assert report["identities"]["reply_to"] == ["refunds@collector.test"]


def test_sent_item_warns_that_nothing_can_be_verified(capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = analyze_json(capsys, str(MSG_FIXTURES / "sent-item.msg"))
    assert report is not None
    assert (
        "this looks like a sent or draft item: it carries no transport headers, so nothing can be verified"
        in report["warnings"]
    )
    assert report["identities"]["from_address"] == "ana.lima@corp.example"
    assert report["hops"] == []
    rc, out, _ = run_cli(capsys, "analyze", str(MSG_FIXTURES / "sent-item.msg"), "--offline")
    assert rc == 0 and "sent or draft item" in out
