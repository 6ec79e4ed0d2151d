"""Issue 11 item 5: a message saved with CR CR LF or mixed line endings reads as the CRLF original did;
Amazon SES's Authentication-Results form parses without junk methods."""

from __future__ import annotations

import hashlib
import re

import pytest

from inspector.analyze import analyze
from inspector.ingest import load_bytes
from inspector.parse.auth_results import parse as parse_ar_value
from inspector.settings import AnalysisSettings

LINES = [
    "Return-Path: <bounce@mailer.example.net>",
    "Authentication-Results: amazonses.com;",
    " spf=fail (spf: domain of mailer.example.net does not designate 203.0.113.9 as permitted sender)",
    " client-ip=203.0.113.9; envelope-from=bounce@mailer.example.net; helo=mailer.example.net;",
    " dkim=none header.i=@victim.example;",
    " dmarc=fail header.from=victim.example;",
    "X-SES-Spam-Verdict: PASS",
    "Received: from mailer.example.net (mailer.example.net [203.0.113.9])",
    "\tby inbound-smtp.us-east-1.amazonaws.com with SMTP id abc123",
    "\tfor finance@victim.example; Mon, 01 Dec 2025 10:00:05 +0000 (UTC)",
    "Received: from [10.0.0.5] (unknown [10.0.0.5])",
    "\tby mailer.example.net with ESMTP id 42; Mon, 01 Dec 2025 10:00:04 +0000",
    "From: CEO <ceo@victim.example>",
    "To: finance@victim.example",
    "Subject: urgent wire transfer",
    "Date: Mon, 01 Dec 2025 10:00:00 +0000",
    "Message-ID: <1@mailer.example.net>",
    "",
    "Please pay the attached invoice today.",
    "",
]
CRLF = "\r\n".join(LINES).encode()
SETTINGS = AnalysisSettings(trusted_authserv_ids=("amazonses.com",), now="2025-12-01T12:00:00Z")


def _variants() -> dict[str, bytes]:
    lf = "\n".join(LINES).encode()
    mixed = "".join(line + ("\n" if i % 3 else "\r\n") for i, line in enumerate(LINES)).encode()
    return {
        "cr-cr-lf": CRLF.replace(b"\r\n", b"\r\r\n"),
        "mixed": mixed,
        "cr-only": CRLF.replace(b"\r\n", b"\r"),
        "lf": lf,
    }


def _recorded(data: bytes) -> list[tuple[str, str, bool]]:
    report = analyze(load_bytes(data), SETTINGS)
    return [(r.method, r.result, r.trusted) for r in report.recorded]


@pytest.mark.parametrize("name", sorted(_variants()))
def test_line_endings_do_not_lose_authentication_results(name: str) -> None:
    data = _variants()[name]
    expected = _recorded(CRLF)
    assert ("dmarc", "fail", True) in expected
    assert _recorded(data) == expected


@pytest.mark.parametrize("name", ["cr-cr-lf", "mixed", "cr-only"])
def test_normalised_file_keeps_its_evidence_hash_and_says_so(name: str) -> None:
    data = _variants()[name]
    msg = load_bytes(data)
    assert msg.sha256 == hashlib.sha256(data).hexdigest()
    assert msg.raw == re.sub(rb"\r*\n|\r", b"\r\n", data)
    assert b"\r\r" not in msg.raw and msg.raw.count(b"\n") == msg.raw.count(b"\r\n")
    assert msg.body is not None and b"Please pay" in msg.body
    assert any("line endings" in w for w in msg.warnings)


@pytest.mark.parametrize("name", sorted(_variants()))
def test_verdict_does_not_depend_on_line_endings(name: str) -> None:
    base = analyze(load_bytes(CRLF), SETTINGS).verdict.level
    assert analyze(load_bytes(_variants()[name]), SETTINGS).verdict.level is base


def test_crlf_file_is_not_touched() -> None:
    msg = load_bytes(CRLF)
    assert msg.raw == CRLF and not any("line endings" in w for w in msg.warnings)


def test_ses_authentication_results_form() -> None:
    value = (
        "amazonses.com; spf=pass (spf: domain of example.com designates 209.85.220.41 as permitted sender) "
        "client-ip=209.85.220.41; envelope-from=user@example.com; helo=mail-sor-f41.google.com; "
        "dkim=pass header.i=@example.com; dmarc=none header.from=example.com;"
    )
    parsed = parse_ar_value(value)
    assert parsed.authserv_id == "amazonses.com"
    assert [r.method for r in parsed.results] == ["spf", "dkim", "dmarc"]
    spf = parsed.results[0].properties
    assert spf["smtp.mailfrom"] == "user@example.com"
    assert spf["smtp.helo"] == "mail-sor-f41.google.com"
    assert spf["client-ip"] == "209.85.220.41"
