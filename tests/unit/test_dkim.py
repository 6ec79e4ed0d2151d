"""DKIM verification: each outcome kept apart, header-only, l=, t=/x=, hostile input."""

from __future__ import annotations

from datetime import datetime, timedelta

from inspector.dns.snapshot import SnapshotSource
from inspector.ingest.eml import read_eml, read_pasted_headers
from inspector.ingest.message import Message
from inspector.model.auth import AuthResult, DkimSignatureResult, Provenance
from tests.conftest import SHARED
from tests.support.zones import txt
from tests.support.zones_dkim import dkim_verifier_dns, status, verify_message

DV = SHARED / "conformance" / "dkim_verifier-testdata"
A2 = (DV / "data" / "rfc6376-A.2.eml").read_bytes()
KEY = "brisbane._domainkey.example.com"


def run(msg: Message, entries: list[dict], delivery: datetime | None = None) -> tuple[DkimSignatureResult, ...]:
    return verify_message(msg, SnapshotSource(entries), delivery=delivery)


def good_key() -> list[dict]:
    return [e for e in dkim_verifier_dns(DV / "dns.yml") if e["name"] == KEY]


def test_pass_reports_the_signature_details() -> None:
    (r,) = run(read_eml(A2), good_key())
    assert (r.result, r.body_hash, r.header_signature) == (AuthResult.PASS, "pass", "pass")
    assert (r.domain, r.selector, r.algorithm, r.key_size, r.key_type) == (
        "example.com",
        "brisbane",
        "rsa-sha256",
        1024,
        "rsa",
    )
    assert r.canonicalization == "simple/simple"
    assert r.signed_headers == ("received", "from", "to", "subject", "date", "message-id")
    assert r.provenance is Provenance.SNAPSHOT and r.dns[0].name == KEY + "."
    assert any("1024-bit" in w for w in r.warnings)


def test_offline_is_not_verifiable_and_names_the_record_but_still_checks_the_body() -> None:
    (r,) = run(read_eml(A2), [])
    assert r.result is AuthResult.NOT_VERIFIABLE
    assert KEY + "." in r.reason and r.error_kind == "dns-unavailable"
    assert r.body_hash == "pass" and r.header_signature == "not-checked"
    assert r.provenance is Provenance.OFFLINE


def test_dns_outcomes_are_distinct() -> None:
    msg = read_eml(A2)
    kinds = {
        "NXDOMAIN": (AuthResult.PERMERROR, "no-key"),
        "SERVFAIL": (AuthResult.TEMPERROR, "dns-temporary"),
        "TIMEOUT": (AuthResult.TEMPERROR, "dns-temporary"),
    }
    for st, expected in kinds.items():
        (r,) = run(msg, [status(KEY, st)])
        assert (r.result, r.error_kind) == expected, st
        assert st in r.reason
    (r,) = run(msg, [txt(KEY, "v=DKIM1; p=")])
    assert (r.result, r.error_kind) == (AuthResult.PERMERROR, "key-revoked")


def test_body_and_header_failures_are_reported_separately() -> None:
    (body,) = run(read_eml((DV / "data" / "rfc6376-A.2-body_modified.eml").read_bytes()), good_key())
    assert (body.result, body.body_hash, body.header_signature) == (AuthResult.FAIL, "fail", "pass")
    (head,) = run(read_eml((DV / "data" / "rfc6376-A.2-header_subject_modified.eml").read_bytes()), good_key())
    assert (head.result, head.body_hash, head.header_signature) == (AuthResult.FAIL, "pass", "fail")


def test_header_only_checks_the_header_signature() -> None:
    head = A2.split(b"\r\n\r\n", 1)[0].decode()
    (r,) = run(read_pasted_headers(head), good_key())
    assert (r.result, r.body_hash, r.header_signature, r.header_only) == (AuthResult.PASS, "not-checked", "pass", True)
    (bad,) = run(read_pasted_headers(head.replace("Subject: Is dinner ready?", "Subject: Is lunch ready?")), good_key())
    assert (bad.result, bad.header_signature) == (AuthResult.FAIL, "fail")


def test_weak_key_fails_with_valid_crypto() -> None:
    corpus = SHARED / "conformance" / "mail-dkim-corpus"
    from tests.support.zones_dkim import mail_dkim_fake_dns

    (r,) = run(
        read_eml((corpus / "corpus" / "goodkey_1.txt").read_bytes()), mail_dkim_fake_dns(corpus / "FAKE_DNS.dat")
    )
    assert (r.result, r.error_kind, r.key_size, r.header_signature) == (AuthResult.FAIL, "weak-key", 512, "pass")


def test_key_algorithm_mismatch_does_not_raise() -> None:
    msg = read_eml((DV / "data" / "rfc8463-A.3-key_algo_mismatch.eml").read_bytes())
    results = run(msg, dkim_verifier_dns(DV / "dns.yml"))
    assert [r.error_kind for r in results] == ["key-type-mismatch", "key-type-mismatch"]


def test_time_is_judged_at_delivery_and_now() -> None:
    msg = read_eml(
        (DV / "data" / "original" / "Fastmail from Fastmail - Welcome! Get set up in 3 steps..eml").read_bytes()
    )
    entries = dkim_verifier_dns(DV / "dns.yml")
    signed = run(msg, entries)[0].signed_at
    assert signed is not None
    first = run(msg, entries, delivery=datetime.fromisoformat(signed.replace("Z", "+00:00")) + timedelta(minutes=1))[0]
    assert first.result is AuthResult.PASS
    assert (first.time_state_delivery, first.time_state_now) == ("valid", "expired")
    assert any("expired since delivery" in w for w in first.warnings)
    undated = run(msg, entries)[0]
    assert (undated.result, undated.error_kind) == (AuthResult.PERMERROR, "expired")


def test_body_length_reports_unsigned_bytes() -> None:
    import dkim

    body = b"signed part\r\n"
    data = b"From: a@example.com\r\nTo: b@example.org\r\nSubject: x\r\n\r\n" + body
    key = (SHARED / "conformance" / "dkimpy-testdata" / "data" / "test.private").read_bytes()
    sig = dkim.sign(data, b"test", b"example.com", key, length=True, include_headers=[b"from", b"subject"])
    pub = (SHARED / "conformance" / "dkimpy-testdata" / "data" / "test.txt").read_text().strip()
    (r,) = run(read_eml(sig + data + b"appended by a list\r\n"), [txt("test._domainkey.example.com", pub)])
    assert r.result is AuthResult.PASS
    assert (r.body_length_limit, r.unsigned_body_bytes) == (len(body), len(b"appended by a list\r\n"))
    assert any("not the entire body is signed" in w for w in r.warnings)


def test_hostile_signatures_never_raise() -> None:
    values = [
        b"v=1; a=rsa-sha256; d=; s=; b=; bh=; h=from",
        b";;;==;",
        b"v=1; a=rsa-sha256; d=example.com; s=x; b=!!!; bh=AAAA; h=from",
        b"v=1; a=rsa-sha256; d=example.com; s=x; b=AAAA; bh=AAAA; h=" + b"from:" * 5000,
        b"v=1; a=rsa-sha256; d=ex\xffample.com; s=x; b=AAAA; bh=AAAA; h=from; l=99999999999999999999",
        b"v=1; a=ed25519-sha256; d=example.com; s=x; b=AAAA; bh=AAAA; h=from; x=1; t=2",
    ]
    for v in values:
        msg = read_eml(b"DKIM-Signature: " + v + b"\r\nFrom: a@example.com\r\n\r\nbody\r\n")
        (r,) = run(msg, [txt("x._domainkey.example.com", "v=DKIM1; k=rsa; p=AAAA")])
        assert r.result is AuthResult.PERMERROR and r.reason
