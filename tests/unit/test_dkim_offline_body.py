"""A changed body fails DKIM even offline: the body hash needs no DNS, so it is a fact, not "not verifiable"."""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult
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


def test_crafted_header_with_huge_folding_is_refused_by_policy_quickly() -> None:
    """dkimpy's header parser is quadratic in folded lines; beyond the limit we refuse, with a reason."""
    from inspector.auth.dkimpy_limits import MAX_HEADER_LINES

    raw = (SAMPLES / "paypal-lookalike.eml").read_bytes()
    folded = b"X-Junk: a\r\n" + b"\tb\r\n" * (MAX_HEADER_LINES + 10)
    report = analyze(load_bytes(folded + raw), dns=OfflineSource())
    assert report.dkim[0].result is AuthResult.POLICY
    assert "header block has" in report.dkim[0].reason
    assert report.arc.result is AuthResult.NONE  # no ARC sets: nothing to refuse
