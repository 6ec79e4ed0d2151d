"""A changed body fails DKIM even offline: the body hash needs no DNS, so it is a fact, not "not verifiable"."""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes
from inspector.report.auth_model import AuthResult
from tests.conftest import SAMPLES


def test_modified_body_fails_offline_and_intact_body_is_not_verifiable() -> None:
    raw = (SAMPLES / "paypal-lookalike.eml").read_bytes()
    intact = analyze(load_bytes(raw), dns=OfflineSource()).dkim[0]
    assert intact.result is AuthResult.NOT_VERIFIABLE
    assert intact.body_hash == "pass"
    changed = analyze(load_bytes(raw.replace(b"24 hours", b"48 hours")), dns=OfflineSource()).dkim[0]
    assert changed.result is AuthResult.FAIL
    assert changed.body_hash == "fail"
    assert changed.header_signature == "not-checked"
    assert "body hash mismatch" in changed.reason
