"""DMARC: discovery, record errors, alignment over every DKIM signature and SPF, DNS outcomes kept apart."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.auth.dmarc import check_dmarc
from inspector.dns.snapshot import SnapshotSource
from inspector.model.auth import AuthResult, DkimSignatureResult, DmarcResult, Provenance, SpfResult
from inspector.model.report import Identities
from tests.support.zones import logged, txt


def nx(name: str) -> dict[str, Any]:
    return {"name": name, "type": "TXT", "status": "NXDOMAIN"}


def sig(domain: str, result: AuthResult = AuthResult.PASS, **kw: Any) -> DkimSignatureResult:
    return DkimSignatureResult(index=0, domain=domain, result=result, **kw)


def run(
    entries: list[dict[str, Any]],
    from_header: str = "Alice <alice@example.com>",
    *,
    spf: SpfResult | None = None,
    dkim: tuple[DkimSignatureResult, ...] = (),
    header_only: bool = False,
    identities: Identities | None = None,
) -> DmarcResult:
    ids = identities or Identities(
        from_header=from_header, from_address=from_header.split("<")[-1].rstrip(">"), from_domain=_dom(from_header)
    )
    with logged(SnapshotSource(entries, label="test.json")) as log:
        return check_dmarc(ids, spf or SpfResult(), dkim, log=log, header_only=header_only)


def _dom(h: str) -> str | None:
    return h.rsplit("@", 1)[1].rstrip(">").lower() if "@" in h else None


REJECT = [txt("_dmarc.example.com.", "v=DMARC1; p=reject; rua=mailto:d@example.com")]


def test_every_passing_dkim_signature_is_considered_not_only_the_first() -> None:
    sigs = (sig("other.net", AuthResult.FAIL), sig("example.com"))
    for order in (sigs, tuple(reversed(sigs))):
        r = run(REJECT, dkim=order)
        assert r.result is AuthResult.PASS
        assert r.dkim_aligned and r.aligned_by == "DKIM d=example.com"
        assert r.policy == "reject"


def test_relaxed_alignment_uses_the_organisational_domain() -> None:
    r = run(REJECT, dkim=(sig("mail.example.com"),))
    assert r.result is AuthResult.PASS and r.org_domain == "example.com"
    # Two different registrable domains under a multi-label public suffix never align.
    r2 = run([txt("_dmarc.shop.co.uk.", "v=DMARC1; p=reject")], "<a@shop.co.uk>", dkim=(sig("evil.co.uk"),))
    assert r2.result is AuthResult.FAIL
    assert "different organisation" in r2.reason


def test_strict_dkim_alignment_needs_the_exact_domain() -> None:
    rec = [txt("_dmarc.example.com.", "v=DMARC1; p=quarantine; adkim=s")]
    r = run(rec, dkim=(sig("mail.example.com"),))
    assert r.result is AuthResult.FAIL
    assert r.adkim == "s" and r.policy == "quarantine"
    assert any("strict mode needs exactly example.com" in s for s in r.alignment)


def test_spf_alignment_and_strict_spf() -> None:
    spf = SpfResult(result=AuthResult.PASS, domain="bounce.example.com", mail_from="x@bounce.example.com")
    assert run(REJECT, spf=spf).aligned_by == "SPF bounce.example.com"
    strict = [txt("_dmarc.example.com.", "v=DMARC1; p=reject; aspf=s")]
    r = run(strict, spf=spf)
    assert r.result is AuthResult.FAIL and not r.spf_aligned


def test_subdomain_uses_the_org_record_and_sp() -> None:
    entries = [nx("_dmarc.news.example.com."), txt("_dmarc.example.com.", "v=DMARC1; p=none; sp=reject")]
    r = run(entries, "<a@news.example.com>")
    assert (r.result, r.policy, r.record_domain, r.record_source) == (
        AuthResult.FAIL,
        "reject",
        "example.com",
        "org-domain",
    )


def test_several_records_are_discarded_and_the_walk_goes_on() -> None:
    entries = [
        txt("_dmarc.a.example.com.", "v=DMARC1; p=reject", "v=DMARC1; p=none"),
        txt("_dmarc.example.com.", "v=DMARC1; p=quarantine"),
        nx("_dmarc.com."),
    ]
    r = run(entries, "<x@a.example.com>")
    # RFC 9989 §4.10 step 2: both records at a.example.com are discarded; example.com's applies.
    assert (r.result, r.policy, r.record_domain) == (AuthResult.FAIL, "quarantine", "example.com")
    assert any("2 DMARC records" in f for f in r.findings)
    # RFC 7489 §6.6.3 step 5 stops there with none, and the report says why they differ.
    assert r.rfc7489 is not None and r.rfc7489.result is AuthResult.NONE
    assert any("several DMARC records" in d for d in r.differences)


def test_non_dmarc_txt_records_are_ignored() -> None:
    entries = [txt("_dmarc.example.com.", "google-site-verification=abc", "v=DMARC1; p=reject")]
    assert run(entries, dkim=(sig("example.com"),)).result is AuthResult.PASS


def test_missing_p_is_none_but_a_valid_rua_makes_it_p_none() -> None:
    assert run([txt("_dmarc.example.com.", "v=DMARC1; sp=reject")]).result is AuthResult.NONE
    r = run([txt("_dmarc.example.com.", "v=DMARC1; p=rejekt; rua=mailto:r@example.com")])
    assert r.result is AuthResult.FAIL and r.policy == "none" and r.policy_fallback == "rua"


def test_pct_below_100_is_explained() -> None:
    r = run([txt("_dmarc.example.com.", "v=DMARC1; p=reject; pct=25")])
    assert r.pct == 25 and r.policy == "reject"
    assert any("pct=25" in f and "RFC 9989 removed pct" in f for f in r.findings)
    assert r.rfc7489 is not None and "quarantine for the rest" in r.rfc7489.reason
    assert any("pct=25" in d for d in r.differences)


def test_servfail_is_temperror() -> None:
    r = run([txt("_dmarc.example.com.", status="SERVFAIL")], dkim=(sig("example.com"),))
    assert r.result is AuthResult.TEMPERROR and "SERVFAIL" in r.reason


def test_missing_from_snapshot_is_not_verifiable_and_names_the_record_but_alignment_is_computed() -> None:
    r = run([], dkim=(sig("example.com"),))
    assert r.result is AuthResult.NOT_VERIFIABLE
    assert "_dmarc.example.com." in r.reason and "NOT_IN_SNAPSHOT" in r.reason
    assert r.dkim_aligned and r.provenance is Provenance.OFFLINE
    assert any("would pass" in f for f in r.findings)


def test_org_lookup_not_in_snapshot_is_not_verifiable() -> None:
    r = run([nx("_dmarc.a.example.com.")], "<x@a.example.com>")
    assert r.result is AuthResult.NOT_VERIFIABLE and "_dmarc.example.com." in r.reason


def test_aligned_identifier_that_could_not_be_verified_is_not_a_fail() -> None:
    r = run(REJECT, dkim=(sig("example.com", AuthResult.NOT_VERIFIABLE),))
    assert r.result is AuthResult.NOT_VERIFIABLE
    spf = SpfResult(result=AuthResult.NOT_ANALYSED, mail_from="b@example.com", reason="no connecting IP")
    assert run(REJECT, spf=spf).result is AuthResult.NOT_VERIFIABLE
    r3 = run(REJECT, dkim=(sig("example.com", AuthResult.TEMPERROR),))
    assert r3.result is AuthResult.TEMPERROR


def test_header_only_dkim_makes_the_result_provisional() -> None:
    header_only_sig = sig("example.com", AuthResult.NOT_VERIFIABLE, header_signature="pass", body_hash="not-checked")
    r = run(REJECT, dkim=(header_only_sig,), header_only=True)
    assert r.result is AuthResult.PASS and r.provisional
    spf = SpfResult(result=AuthResult.PASS, domain="example.com")
    assert not run(REJECT, dkim=(header_only_sig,), spf=spf, header_only=True).provisional
    assert not run(REJECT, dkim=(sig("example.com"),)).provisional


def test_no_from_domain_is_a_finding_not_a_crash() -> None:
    r = run([], identities=Identities(from_header='"Test User"'))
    assert r.result is AuthResult.PERMERROR and "no domain" in r.reason
    r2 = run([], identities=Identities())
    assert r2.result is AuthResult.PERMERROR and "no From field" in r2.reason


@pytest.mark.parametrize("hostile", ["a" * 300 + ".com", "exa mple.com", "x..com"])
def test_hostile_from_domains(hostile: str) -> None:
    r = run([], identities=Identities(from_header=f"<u@{hostile}>", from_domain=hostile))
    assert r.result is AuthResult.PERMERROR and "not a valid domain" in r.reason


def test_no_record_anywhere_is_none() -> None:
    r = run([nx("_dmarc.a.example.com."), nx("_dmarc.example.com.")], "<x@a.example.com>")
    assert r.result is AuthResult.NONE and r.policy is None
    assert "_dmarc.a.example.com, _dmarc.example.com" in r.reason


def test_np_when_existence_is_unknown_falls_back_to_sp_with_a_finding() -> None:
    entries = [nx("_dmarc.gone.example.com."), txt("_dmarc.example.com.", "v=DMARC1; p=none; sp=quarantine; np=reject")]
    r = run(entries, "<x@gone.example.com>")
    assert r.policy == "quarantine"
    assert any("could not tell whether gone.example.com exists" in f for f in r.findings)
