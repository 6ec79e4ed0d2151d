"""Issue 10 item 2: internationalised names are compared and looked up in A-label form (RFC 8616).

A From domain written ``bücher.test`` is the same name as a signature's ``d=xn--bcher-kva.test``; DNS
names with underscore labels (``_dmarc``, ``_domainkey``) are converted label by label so a snapshot or
the loopback server finds the record.
"""

from __future__ import annotations

import pytest

from inspector.analyze import analyze
from inspector.auth.orgdomain import org_domain
from inspector.auth.spf import check_spf
from inspector.dns.adapters import install_spf_hook
from inspector.dns.live import LiveSource
from inspector.dns.names import same_name, to_ascii
from inspector.dns.snapshot import SnapshotSource
from inspector.dns.source import DnsStatus, normalize_name
from inspector.ingest import load_bytes
from inspector.lookalike import check_message
from inspector.model.auth import AuthResult
from inspector.model.report import Identities, Level
from inspector.settings import AnalysisSettings
from tests.conftest import SHARED
from tests.support.dmarc_run import rec, run_loopback, sig, spf_pass
from tests.support.dns_server import LoopbackDnsServer
from tests.support.zones import logged

U = "bücher.test"
A = "xn--bcher-kva.test"
REJECT = [rec(f"_dmarc.{A}.", "v=DMARC1; p=reject")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("_dmarc.bücher.test", "_dmarc.xn--bcher-kva.test."),
        ("_DMARC.BÜCHER.Test.", "_dmarc.xn--bcher-kva.test."),
        ("sel._domainkey.bücher.test", "sel._domainkey.xn--bcher-kva.test."),
        ("_spf.mail.bücher.test", "_spf.mail.xn--bcher-kva.test."),
        ("_dmarc.xn--bcher-kva.test", "_dmarc.xn--bcher-kva.test."),
        ("_dmarc.bücher。test", "_dmarc.xn--bcher-kva.test."),
        ("☃.example", "xn--n3h.example."),
        (b"s._domainkey.b\xc3\xbccher.test.", "s._domainkey.xn--bcher-kva.test."),
    ],
)
def test_normalize_name_converts_label_by_label(name: str | bytes, expected: str) -> None:
    assert normalize_name(name) == expected


def test_a_snapshot_finds_the_record_asked_for_in_unicode() -> None:
    snap = SnapshotSource(REJECT, label="t.json")
    with logged(snap):
        ans = snap.query(normalize_name("_dmarc.bücher.test"), "TXT")
    assert ans.status is DnsStatus.NOERROR


def test_comparison_helpers() -> None:
    assert same_name(U, A) and same_name("MAIL.Bücher.test.", "mail." + A)
    assert not same_name(U, "bucher.test") and not same_name(None, A)
    assert to_ascii("ex ample.com") == "ex ample.com"  # junk stays junk (it will not resolve), never raises
    assert org_domain("mail." + U) == org_domain(A) == A


def test_unicode_from_aligns_with_its_a_label_signature_through_dns() -> None:
    r, asked = run_loopback(REJECT, f"joerg@{U}", dkim=(sig(A),))
    assert r.result is AuthResult.PASS, r.reason
    assert r.policy == "reject" and r.dkim_aligned
    assert any("A-label form" in s for s in r.alignment)
    assert (f"_dmarc.{A}.", "TXT") in asked


def test_a_label_from_aligns_with_a_unicode_signature_and_subdomains_relax() -> None:
    r, _ = run_loopback(REJECT, f"joerg@{A}", dkim=(sig("mail." + U),))
    assert r.result is AuthResult.PASS and r.dkim_aligned


def test_spf_domain_in_the_other_spelling_aligns() -> None:
    r, _ = run_loopback(REJECT, f"joerg@{U}", spf=spf_pass(A))
    assert r.result is AuthResult.PASS and r.spf_aligned
    strict = [rec(f"_dmarc.{A}.", "v=DMARC1; p=reject; aspf=s")]
    r2, _ = run_loopback(strict, f"joerg@{A}", spf=spf_pass(U))
    assert r2.result is AuthResult.PASS and r2.spf_aligned


def test_a_different_domain_still_fails() -> None:
    r, _ = run_loopback(REJECT, f"joerg@{U}", dkim=(sig("bucher.test"),))
    assert r.result is AuthResult.FAIL and r.policy == "reject"


def test_spf_checks_a_unicode_mail_from_at_its_a_label_domain() -> None:
    install_spf_hook()
    zone = [rec(f"{A}.", "v=spf1 ip4:192.0.2.1 -all")]
    with LoopbackDnsServer(zone) as server, logged(LiveSource(server.address, lifetime=1.0)) as log:
        r = check_spf("192.0.2.1", f"joerg@{U}", f"mx.{U}", identity_source="test", log=log)
    assert r.result is AuthResult.PASS, r.reason
    assert r.domain == A and r.record == "v=spf1 ip4:192.0.2.1 -all"


@pytest.mark.parametrize(("mine", "shown"), [(U, A), (A, U)])
def test_own_domain_in_the_other_spelling_is_no_lookalike(mine: str, shown: str) -> None:
    for kind in ("protected_domains", "own_domains"):
        settings = AnalysisSettings(**{kind: (mine,)})
        ids = Identities(
            from_header=f"<j@{shown}>", from_address=f"j@{shown}", from_domain=shown, reply_to=(f"j@{mine}",)
        )
        assert not check_message(ids, (sig(mine),), settings)


def test_signed_unicode_from_end_to_end_is_not_dangerous() -> None:
    import dkim

    data_dir = SHARED / "conformance" / "dkimpy-testdata" / "data"
    head = f"From: Jörg <joerg@{U}>\r\nTo: bob@receiver.test\r\nSubject: Bücher\r\n\r\n".encode()
    body = b"Hallo\r\n"
    signature = dkim.sign(
        head + body,
        b"test",
        A.encode(),
        (data_dir / "test.private").read_bytes(),
        include_headers=[b"from", b"subject"],
    )
    pub = (data_dir / "test.txt").read_text().strip()
    zone = [rec(f"test._domainkey.{A}.", pub), *REJECT]
    with LoopbackDnsServer(zone) as server:
        r = analyze(load_bytes(signature + head + body), AnalysisSettings(), LiveSource(server.address, lifetime=1.0))
    assert r.dkim[0].result is AuthResult.PASS
    assert r.dmarc.result is AuthResult.PASS, r.dmarc.reason
    assert r.verdict.level is not Level.DANGEROUS
