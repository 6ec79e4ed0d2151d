"""SPF: identities, the result details, and offline/DNS-failure outcomes kept apart."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from inspector.auth.spf import check_spf
from inspector.dns.adapters import install_spf_hook
from inspector.dns.offline import OfflineSource
from inspector.dns.snapshot import SnapshotSource
from inspector.dns.source import DnsSource
from inspector.model.auth import AuthResult, Provenance, SpfResult
from tests.support.zones import logged, txt


def run(
    entries: list[dict[str, Any]] | DnsSource,
    ip: str | None = "192.0.2.10",
    mail_from: str | None = "alice@example.com",
    helo: str | None = "mail.example.com",
    **kw: Any,
) -> SpfResult:
    install_spf_hook()
    source = entries if not isinstance(entries, list) else SnapshotSource(entries, label="snap.json")
    with logged(source) as log:
        return check_spf(ip, mail_from, helo, identity_source="test", log=log, **kw)


ZONE = [
    txt("example.com.", "v=spf1 ip4:192.0.2.0/28 include:_spf.example.net -all exp=exp.example.com"),
    txt("_spf.example.net.", "v=spf1 a:relay.example.net ~all"),
    {"name": "relay.example.net.", "type": "A", "status": "NOERROR", "rdata": ["198.51.100.7"]},
    txt("exp.example.com.", "%{i} is not one of %{d}'s servers"),
    txt("mail.example.com.", "v=spf1 a -all"),
    {"name": "mail.example.com.", "type": "A", "status": "NOERROR", "rdata": ["192.0.2.99"]},
]


def test_pass_reports_domain_mechanism_lookups_and_record() -> None:
    r = run(ZONE)
    assert (r.result, r.domain, r.identity, r.mechanism) == (
        AuthResult.PASS,
        "example.com",
        "mailfrom",
        "ip4:192.0.2.0/28",
    )
    assert r.record is not None and r.record.startswith("v=spf1 ip4:192.0.2.0/28")
    assert r.provenance is Provenance.SNAPSHOT
    assert r.explanation == "example.com authorises 192.0.2.10 to send its mail (matched ip4:192.0.2.0/28)"
    assert not r.explanation_from_domain


def test_fail_with_the_domains_own_explanation_and_counts() -> None:
    r = run(ZONE, ip="203.0.113.5")
    assert r.result is AuthResult.FAIL and r.mechanism == "-all"
    assert r.explanation == "203.0.113.5 is not one of example.com's servers" and r.explanation_from_domain
    assert r.dns_lookups == 2  # include + a
    assert r.void_lookups == 0


def test_softfail_through_include_counts_the_include() -> None:
    zone = [txt("example.com.", "v=spf1 include:_spf.example.net ~all"), *ZONE[1:3]]
    r = run(zone, ip="198.51.100.7")
    assert r.result is AuthResult.PASS and r.mechanism == "include:_spf.example.net"


def test_null_sender_checks_the_helo_identity() -> None:
    r = run(ZONE, ip="192.0.2.99", mail_from="")
    assert (r.result, r.identity, r.domain) == (AuthResult.PASS, "helo", "mail.example.com")
    assert r.reason == ""


def test_unknown_mail_from_checks_helo_and_says_so() -> None:
    r = run(ZONE, ip="192.0.2.99", mail_from=None)
    assert r.identity == "helo" and "MAIL FROM) is unknown" in r.reason


def test_offline_is_not_verifiable_and_names_the_record() -> None:
    r = run(OfflineSource())
    assert r.result is AuthResult.NOT_VERIFIABLE
    assert "TXT example.com. OFFLINE" in r.reason
    assert r.provenance is Provenance.OFFLINE


def test_record_missing_from_snapshot_deep_in_an_include_is_not_verifiable() -> None:
    r = run(ZONE[:1], ip="203.0.113.5")
    assert r.result is AuthResult.NOT_VERIFIABLE
    assert "_spf.example.net. NOT_IN_SNAPSHOT (not in snap.json)" in r.reason


def test_servfail_and_timeout_are_temperror() -> None:
    for status in ("SERVFAIL", "TIMEOUT"):
        r = run([txt("example.com.", "", status=status)])
        assert r.result is AuthResult.TEMPERROR and status in r.reason


def test_no_record_is_none_and_void_lookups_count() -> None:
    r = run([{"name": "example.com.", "type": "TXT", "status": "NXDOMAIN"}])
    assert r.result is AuthResult.NONE and r.explanation == "example.com publishes no SPF record"
    voids = [
        txt("example.com.", "v=spf1 a:v1.example.com a:v2.example.com a:v3.example.com -all"),
        *({"name": f"v{i}.example.com.", "type": "A", "status": "NXDOMAIN"} for i in (1, 2, 3)),
    ]
    r2 = run(voids)
    assert r2.result is AuthResult.PERMERROR and "Void lookup limit" in r2.reason


def test_exp_not_in_snapshot_keeps_the_fail_and_says_a_lookup_was_missing() -> None:
    r = run([e for e in ZONE if e["name"] != "exp.example.com."], ip="203.0.113.5")
    assert r.result is AuthResult.FAIL and not r.explanation_from_domain
    assert "exp.example.com" in r.reason


def test_missing_or_bad_identity_is_not_analysed_not_a_crash() -> None:
    assert run(ZONE, ip=None).result is AuthResult.NOT_ANALYSED
    bad = run(ZONE, ip="not-an-ip")
    assert bad.result is AuthResult.NOT_ANALYSED and "not an IP address" in bad.reason
    none = run(ZONE, mail_from="", helo=None)
    assert none.result is AuthResult.NOT_ANALYSED and "null sender and no HELO" in none.reason


def test_ipv4_mapped_ipv6_and_brackets_are_unwrapped() -> None:
    assert run(ZONE, ip="::ffff:192.0.2.10").result is AuthResult.PASS
    assert run(ZONE, ip="[192.0.2.10]").result is AuthResult.PASS


def test_t_macro_replays_at_the_given_time() -> None:
    # %{t} is only allowed in explanations (RFC 7208 §7.3).
    zone = [txt("example.com.", "v=spf1 -all exp=exp.example.com"), txt("exp.example.com.", "refused at %{t}")]
    at = datetime.fromtimestamp(1_700_000_000, UTC)
    assert run(zone, at=at).explanation == "refused at 1700000000"


def test_hostile_identities_do_not_raise() -> None:
    for mail_from, helo in (("a@" + "x" * 300 + ".com", "h"), ("@@@", "[1.2.3.4]"), ("a@", "..."), ("<>", "\x7f")):
        r = run([], mail_from=mail_from, helo=helo)
        assert isinstance(r.result, AuthResult)
