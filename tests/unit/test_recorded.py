"""Recorded results: parsing (authres, tolerant fallback, Received-SPF), trust, and plain-words comparison."""

from __future__ import annotations

import pytest

from inspector.auth.recorded import (
    compare,
    is_probably_forged,
    parse_recorded,
)
from inspector.ingest import load_bytes
from inspector.model.auth import (
    ArcResult,
    AuthResult,
    DkimSignatureResult,
    DmarcResult,
    DnsLookupRecord,
    RecordedResult,
    SpfResult,
)
from inspector.parse.auth_results import Resinfo
from inspector.parse.auth_results import parse as parse_ar_value
from inspector.settings import AnalysisSettings
from tests.conftest import SHARED

ARH = SHARED / "conformance" / "dkim_verifier-testdata" / "data" / "arh"


def recorded(
    path_or_bytes: bytes | str, ids: tuple[str, ...] = (), boundary: int | None = None
) -> list[RecordedResult]:
    raw = path_or_bytes if isinstance(path_or_bytes, bytes) else (ARH / path_or_bytes).read_bytes()
    out = parse_recorded(load_bytes(raw), AnalysisSettings(trusted_authserv_ids=ids), boundary)
    assert out is not None
    return list(out)


def test_topmost_authserv_id_is_trusted_and_others_are_not() -> None:
    rs = recorded("multiple_arh-same_and_different_authserv.eml")
    trusted = {(r.method, r.properties.get("header.d")) for r in rs if r.trusted}
    assert trusted == {
        ("spf", None),
        ("dkim", "example.com"),
        ("dkim", "football.example.com"),
        ("dkim", "last.example.com"),
    }
    outlook = next(r for r in rs if r.properties.get("header.d") == "outlook.com")
    assert outlook.authserv_id is None and not outlook.trusted and outlook.parsed_by == "tolerant"


def test_configured_ids_with_a_leading_dot_trust_subdomains() -> None:
    rs = recorded("multiple_arh-same_and_different_authserv.eml", ids=(".example.net",))
    domains = {r.properties.get("header.d") for r in rs if r.trusted and r.method == "dkim"}
    assert domains == {"example.com", "football.example.com", "last.example.com", "foo.example.com"}
    rs2 = recorded("multiple_arh-same_and_different_authserv.eml", ids=("unrelated.com",))
    assert [r.properties.get("header.d") for r in rs2 if r.trusted] == ["unrelated.com"]


def test_microsoft_form_without_authserv_id_is_read_and_trusted_when_topmost() -> None:
    rs = recorded("multiple_arh-newest_no_authserv.eml")
    top = rs[0]
    assert (top.authserv_id, top.method, top.result, top.trusted) == (None, "dkim", "pass", True)
    assert top.properties["header.d"] == "01.example.com"
    assert not next(r for r in rs if r.properties.get("header.d") == "unrelated.com").trusted


def test_real_microsoft_header_with_action_and_compauth() -> None:
    p = parse_ar_value(
        "spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=contoso.com; dkim=pass (signature was verified) "
        "header.d=contoso.com;dmarc=pass action=none header.from=contoso.com;compauth=pass reason=100"
    )
    assert p.authserv_id is None and p.parsed_by == "tolerant"
    got = [(r.method, r.result) for r in p.results]
    assert got == [("spf", "pass"), ("dkim", "pass"), ("dmarc", "pass"), ("compauth", "pass")]
    assert p.results[2].properties == {"action": "none", "header.from": "contoso.com"}
    assert p.results[3].reason == "100"


def test_authres_refusal_falls_back_to_the_tolerant_parser() -> None:
    p = parse_ar_value("mx.example.net; dkim=pass header.d=example.com; spf=")
    assert p.parsed_by == "tolerant" and p.authserv_id == "mx.example.net"
    assert p.results == (
        Resinfo("dkim", "pass", None, {"header.d": "example.com"}, (), (("header.d", "example.com"),)),
    )
    ok = parse_ar_value("mx.example.net; dkim=pass (1024-bit key) header.d=example.com header.s=s1")
    assert ok.parsed_by == "authres"
    assert ok.results[0].properties == {"header.d": "example.com", "header.s": "s1"}


def test_arc_authentication_results_carry_their_instance_and_are_not_trusted_by_position() -> None:
    raw = (
        b"ARC-Authentication-Results: i=2; relay.example.org; dkim=pass header.d=example.com\r\n"
        b"Authentication-Results: mx.example.net; arc=pass\r\n"
        b"From: a@example.com\r\n\r\n"
    )
    rs = recorded(raw)
    aar = next(r for r in rs if r.header == "ARC-Authentication-Results")
    assert (aar.instance, aar.authserv_id, aar.trusted) == (2, "relay.example.org", False)
    assert "ARC" in aar.trust_basis


BOUNDARY_MSG = (
    b"Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com\r\n"
    b"Received: from internal by mx2.example.net; Mon, 1 Jan 2024 00:00:02 +0000\r\n"
    b"Received: from mail.example.com (mail.example.com [192.0.2.1])\r\n"
    b" by mx.example.net; Mon, 1 Jan 2024 00:00:01 +0000\r\n"
    b"Received-SPF: pass (mx.example.net: domain of a@example.com designates 192.0.2.1) client-ip=192.0.2.1\r\n"
    b"Received: from laptop by mail.example.com; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
    b"Authentication-Results: mx.example.net; dkim=pass header.d=example.com\r\n"
    b"From: a@example.com\r\n\r\n"
)


def test_headers_below_the_senders_hop_are_not_trusted_even_with_the_same_id() -> None:
    rs = recorded(BOUNDARY_MSG, boundary=2)
    by = {(r.header, r.method): r for r in rs}
    assert by[("Authentication-Results", "spf")].trusted
    assert by[("Received-SPF", "spf")].trusted
    forged = by[("Authentication-Results", "dkim")]
    assert not forged.trusted and "sender" in forged.trust_basis and is_probably_forged(forged)
    # Without the boundary the receiving region ends at the second Received: Received-SPF is outside it.
    rs2 = recorded(BOUNDARY_MSG)
    assert not next(r for r in rs2 if r.header == "Received-SPF").trusted


@pytest.mark.parametrize(
    "value",
    ["", ";;;", "(((", "=", "a; b; c=", "x; " + "dkim=pass " * 5000, "\x7f\xff; spf=pass", '"; dkim=pass'],
)
def test_hostile_values_never_raise(value: str) -> None:
    raw = f"Authentication-Results: {value}\r\nReceived-SPF: {value}\r\nFrom: a@b.c\r\n\r\n".encode("utf-8", "replace")
    recorded(raw)


def _hostile_fields() -> bytes:
    """200 Authentication-Results fields (Microsoft's form, no authserv-id) of 50 results each, ~19,000 chars."""
    lines = []
    for i in range(200):
        parts = [f"DKIM/1=pass (first of field {i}) header.d=a.example", "spf=pass smtp.mailfrom=x@example.com"]
        parts += [f"x-m{j}=fail (note {j}) policy.p={'a' * 370}" for j in range(2, 50)]
        lines.append("Authentication-Results: " + "; ".join(parts))
    return ("\r\n".join(lines) + "\r\nFrom: a@example.com\r\n\r\nbody\r\n").encode("ascii")


def test_comments_of_many_large_fields_are_found_per_method() -> None:
    # Each result gets the comment written right after its own method=result; spf= has none.
    rs = recorded(_hostile_fields())
    assert len(rs) == 200 * 50
    assert sum(r.trusted for r in rs) == 50  # only the topmost field is the receiver's
    for i in range(200):
        field = rs[i * 50 : (i + 1) * 50]
        assert {r.header_index for r in field} == {i}
        assert (field[0].method, field[0].result, field[0].comment) == ("dkim", "pass", f"first of field {i}")
        assert (field[1].method, field[1].comment) == ("spf", None)
        assert [(r.method, r.result, r.comment) for r in field[2:]] == [
            (f"x-m{j}", "fail", f"note {j}") for j in range(2, 50)
        ]


def test_a_comment_that_trails_the_properties_is_read() -> None:
    # rspamd (linaro-mm-sig__10.eml in legit-dev, the receiver's own field) writes the DMARC policy after the
    # properties; only a comment right after "dmarc=fail" was read, so the policy read as none.
    field = (
        "Authentication-Results: mail.lfdr.de;\r\n"
        '\tdkim=fail ("body hash did not verify") header.d=deltatee.com header.s=20200525 header.b=cU4+yxkJ;\r\n'
        "\tspf=pass (mail.lfdr.de: domain of a@lists.linaro.org designates 44.210.186.118 as permitted sender)"
        " smtp.mailfrom=a@lists.linaro.org (client-ip=44.210.186.118; helo=lists.linaro.org);\r\n"
        '\tdmarc=fail reason="SPF not aligned (relaxed)" header.from=deltatee.com (policy=quarantine)\r\n'
    )
    rs = {r.method: r for r in recorded((field + "From: a@deltatee.com\r\n\r\nbody\r\n").encode())}
    assert rs["dmarc"].comment == "policy=quarantine" and rs["dmarc"].policy == "quarantine"
    # A ";" inside a comment does not split the resinfo; both of its comments are kept, in order.
    assert rs["spf"].comment is not None and rs["spf"].comment.startswith("mail.lfdr.de: domain of")
    assert rs["spf"].comment.endswith("client-ip=44.210.186.118; helo=lists.linaro.org")
    assert rs["dkim"].result == "fail"


def test_real_rspamd_field_reads_the_enforced_policy() -> None:
    path = SHARED / "corpora" / "legit-dev" / "linaro-mm-sig__10.eml"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    from inspector.analyze import analyze
    from inspector.ingest import load_file

    (dmarc,) = [r for r in analyze(load_file(path)).recorded if r.method == "dmarc"]
    assert dmarc.trusted and dmarc.result == "fail" and dmarc.policy == "quarantine"


# ------------------------------------------------------------------------------------------------ compare


def rec(method: str, result: str, **props: str) -> RecordedResult:
    return RecordedResult("Authentication-Results", 0, "mx.example.net", True, method, result, properties=props)


def test_not_verifiable_spf_says_what_the_receiver_saw() -> None:
    spf = SpfResult(result=AuthResult.NOT_VERIFIABLE, domain="example.com")
    (d,) = compare([rec("spf", "pass")], spf, (), ArcResult(), DmarcResult())
    assert d.explanation == "could not re-check offline; the receiver (mx.example.net) recorded spf=pass"


def test_key_no_longer_published() -> None:
    key = DnsLookupRecord("s1._domainkey.example.com.", "TXT", "NXDOMAIN", "live")
    sig = DkimSignatureResult(0, domain="example.com", selector="s1", result=AuthResult.PERMERROR, dns=(key,))
    (d,) = compare(
        [rec("dkim", "pass", **{"header.d": "example.com"})], SpfResult(), (sig,), ArcResult(), DmarcResult()
    )
    assert "saw dkim=pass for d=example.com at delivery; the key is no longer published" in d.explanation


def test_revoked_key_and_changed_body_are_told_apart() -> None:
    key = DnsLookupRecord("s1._domainkey.example.com.", "TXT", "NOERROR", "live", records=("v=DKIM1; p=",))
    revoked = DkimSignatureResult(0, domain="example.com", result=AuthResult.PERMERROR, dns=(key,))
    body = DkimSignatureResult(0, domain="example.com", result=AuthResult.FAIL, body_hash="fail")
    r = [rec("dkim", "pass", **{"header.d": "example.com"})]
    assert "revoked" in compare(r, SpfResult(), (revoked,), ArcResult(), DmarcResult())[0].explanation
    assert "body no longer matches" in compare(r, SpfResult(), (body,), ArcResult(), DmarcResult())[0].explanation


def test_the_dkim_checks_error_kind_names_a_missing_or_revoked_key() -> None:
    # No DNS record kept with the result: what the DKIM check concluded is enough.
    r = [rec("dkim", "pass", **{"header.d": "example.com"})]
    gone = DkimSignatureResult(0, domain="example.com", result=AuthResult.PERMERROR, error_kind="no-key")
    revoked = DkimSignatureResult(0, domain="example.com", result=AuthResult.PERMERROR, error_kind="key-revoked")
    assert compare(r, SpfResult(), (gone,), ArcResult(), DmarcResult())[0].explanation.endswith(
        "the key is no longer published"
    )
    assert compare(r, SpfResult(), (revoked,), ArcResult(), DmarcResult())[0].explanation.endswith(
        "the key has since been revoked (empty p=)"
    )


def test_agreement_gives_nothing_and_untrusted_results_are_ignored() -> None:
    spf = SpfResult(result=AuthResult.PASS, domain="example.com")
    dmarc = DmarcResult(result=AuthResult.PASS)
    sig = DkimSignatureResult(0, domain="example.com", result=AuthResult.PASS)
    recs = [
        rec("spf", "pass", **{"smtp.mailfrom": "a@example.com"}),
        rec("dkim", "pass", **{"header.d": "example.com"}),
    ]
    recs.append(rec("dmarc", "pass"))
    untrusted = RecordedResult("Authentication-Results", 5, "evil", False, "dmarc", "fail")
    assert compare([*recs, untrusted], spf, (sig,), ArcResult(), dmarc) == ()


def test_spf_identity_mismatch_is_named() -> None:
    spf = SpfResult(result=AuthResult.FAIL, domain="example.com", client_ip="192.0.2.9")
    (d,) = compare(
        [rec("spf", "pass", **{"smtp.mailfrom": "b@bounce.example.org"})], spf, (), ArcResult(), DmarcResult()
    )
    assert "recorded spf=pass at delivery; re-checking gives fail" in d.explanation
    assert "the receiver checked bounce.example.org, we checked example.com" in d.explanation


def test_recorded_signature_that_is_gone() -> None:
    (d,) = compare([rec("dkim", "pass", **{"header.d": "gone.example"})], SpfResult(), (), ArcResult(), DmarcResult())
    assert d.recomputed == "absent" and "no DKIM-Signature by gone.example" in d.explanation


def test_dmarc_difference_in_words() -> None:
    dmarc = DmarcResult(result=AuthResult.FAIL, reason="no identifier both passed and aligned")
    (d,) = compare([rec("dmarc", "pass")], SpfResult(), (), ArcResult(), dmarc)
    assert d.explanation.startswith(
        "the receiver (mx.example.net) recorded dmarc=pass at delivery; re-checking gives fail"
    )
