"""A trusted authserv-id means the same to the chain's boundary and to the recorded results."""

from __future__ import annotations

import pytest

from inspector.analyze import analyze
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings, authserv_id_matches

MESSAGE = (
    b"Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=news.sender.example;\r\n"
    b" iprev=pass policy.iprev=198.51.100.7\r\n"
    b"Received: from mail.sender.example (mail.sender.example [198.51.100.7])\r\n"
    b"\tby mx.example.net with ESMTPS id 1; Mon, 30 Nov 2026 04:00:00 +0000\r\n"
    b"From: a@sender.example\r\nSubject: x\r\n\r\nbody\r\n"
)


@pytest.mark.parametrize("trusted", ["mx.example.net", "MX.Example.Net.", ".example.net"])
def test_boundary_and_recorded_agree(trusted: str) -> None:
    report = analyze(load_bytes(MESSAGE), AnalysisSettings(trusted_authserv_ids=(trusted,)))
    assert report.boundary.authserv_id == "mx.example.net"
    assert report.boundary.client_ip == "198.51.100.7"
    assert all(r.trusted for r in report.recorded if r.authserv_id == "mx.example.net")


def test_matching_rule() -> None:
    assert authserv_id_matches("mx.example.net", [".example.net"])
    assert authserv_id_matches("example.net", [".example.net"])
    assert not authserv_id_matches("badexample.net", [".example.net"])
    assert not authserv_id_matches(None, ["mx.example.net"])
