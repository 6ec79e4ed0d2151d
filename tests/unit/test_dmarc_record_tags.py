"""Issue 10 item 1: one bad optional value in a DMARC record never turns a spoof into permerror.

Every case runs through the loopback DNS server: the record is served over real DNS, the spoof (no
aligned identifier) must fail with the published policy kept, and the ignored tag is named in a finding.
"""

from __future__ import annotations

import pytest

from inspector.auth.dmarc_record import RecordError, parse_record
from inspector.model.auth import AuthResult
from tests.support.dmarc_run import rec, run_loopback, sig

SPOOF = (sig("attacker.example"),)


@pytest.mark.parametrize(
    ("record", "tag"),
    [
        ("v=DMARC1; p=reject; adkim=relaxed", "adkim"),
        ("v=DMARC1; p=reject; aspf=strict", "aspf"),
        ("v=DMARC1; p=reject; pct=abc", "pct"),
        ("v=DMARC1; p=reject; pct=100%", "pct"),
        ("v=DMARC1; p=reject; pct=150", "pct"),
        ("v=DMARC1; p=reject; np=bogus", "np"),
        ("v=DMARC1; p=reject; sp=bogus", "sp"),
        ("v=DMARC1; p=reject; fo", "fo"),
        ("v=DMARC1; p=reject; fo=0:1", "fo"),
        ("v=DMARC1; p=reject; t=maybe", "t"),
        ("v=DMARC1; p=reject; psd=perhaps", "psd"),
        ("v=DMARC1; p=reject; rua=not a uri", "rua"),
        ("v=DMARC1; p=reject; adkim=r; adkim=s", "adkim"),
        ("v=DMARC1; p=reject; p=none", "p"),
        ("v=DMARC1; p=reject; future=1", "future"),
        ("v=DMARC1; p=reject; =x", "=x"),
        ("v=DMARC1; p=reject; ri=soon", "ri"),
    ],
)
def test_a_bad_optional_value_is_ignored_and_the_policy_kept(record: str, tag: str) -> None:
    r, _ = run_loopback([rec("_dmarc.example.com.", record)], "ceo@example.com", dkim=SPOOF)
    assert r.result is AuthResult.FAIL, r.reason
    assert r.policy == "reject"
    assert any(tag in f and "ignored" in f for f in r.findings), r.findings


def test_an_invalid_alignment_word_falls_back_to_relaxed() -> None:
    # adkim=strict is not "s": the default (relaxed) applies, so a sub-domain signature aligns.
    r, _ = run_loopback(
        [rec("_dmarc.example.com.", "v=DMARC1; p=reject; adkim=strict")], "a@example.com", dkim=(sig("m.example.com"),)
    )
    assert r.result is AuthResult.PASS and r.adkim == "r"


def test_upper_case_version_tag_is_a_dmarc_record() -> None:
    r, _ = run_loopback([rec("_dmarc.example.com.", "V=DMARC1; P=Reject")], "a@example.com", dkim=SPOOF)
    assert (r.result, r.policy) == (AuthResult.FAIL, "reject")
    # The version value itself is case-sensitive (RFC 9989 §4.8 %s"DMARC1"): v=dmarc1 is no record.
    r2, _ = run_loopback([rec("_dmarc.example.com.", "v=dmarc1; p=reject")], "a@example.com", dkim=SPOOF)
    assert r2.result is AuthResult.NONE and r2.policy is None


def test_invalid_p_without_rua_is_no_policy_not_permerror() -> None:
    r, _ = run_loopback([rec("_dmarc.example.com.", "v=DMARC1; p=rejekt")], "a@example.com", dkim=SPOOF)
    assert r.result is AuthResult.NONE and r.policy is None
    assert "p=rejekt" in r.reason and "no DMARC processing" in r.reason


def test_invalid_p_with_a_valid_rua_is_p_none() -> None:
    r, _ = run_loopback(
        [rec("_dmarc.example.com.", "v=DMARC1; p=rejekt; rua=mailto:r@example.com")], "a@example.com", dkim=SPOOF
    )
    assert (r.result, r.policy, r.policy_fallback) == (AuthResult.FAIL, "none", "rua")


def test_a_term_without_equals_is_ignored_not_permerror() -> None:
    r, _ = run_loopback([rec("_dmarc.example.com.", "v=DMARC1; p=quarantine; reject")], "a@example.com", dkim=SPOOF)
    assert (r.result, r.policy) == (AuthResult.FAIL, "quarantine")
    assert any("'reject' is not tag=value" in f for f in r.findings)


def test_parse_record_reports_each_ignored_tag() -> None:
    parsed = parse_record("v=DMARC1; P=Reject; future=1; adkim=relaxed; adkim=s; pct=50")
    assert parsed.tags == {"p": "reject", "pct": "50"}
    assert parsed.ignored_tags == ("future", "adkim", "adkim")
    assert parsed.removed == {"pct": "50"}
    with pytest.raises(RecordError):
        parse_record("p=reject; v=DMARC1")
