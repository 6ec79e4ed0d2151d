"""The RFC rules the verification engine must follow, one case each, through the loopback DNS server.

An adversarial audit listed the MUST/SHOULD rules of RFC 7208 (SPF), RFC 6376 + 8301 + 8463 (DKIM), RFC 9989
with RFC 7489 beside it (DMARC), RFC 8617 (ARC) and the DNS failure rules, and checked our answer for each
against a real DNS server on loopback (`tests/support/dns_server.py`: UDP, TCP fallback, SERVFAIL, dropped
queries). Each row names its rule and section; the table is the audit's record (its report lists it), and a
row that changes answer fails here. Rules with a suite or a dedicated test of their own (the openspf suite,
the ValiMail ARC suite, `test_dmarc_rfc9989.py`, `test_dkim_key_records.py`) are not repeated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from inspector.auth.dmarc import check_dmarc
from inspector.auth.spf import check_spf
from inspector.dns.adapters import install_spf_hook
from inspector.dns.live import LiveSource
from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult, DkimSignatureResult, SpfResult
from inspector.model.report import Identities
from tests.conftest import SHARED
from tests.support.dns_server import LoopbackDnsServer
from tests.support.signing import KEY_NAME, MESSAGE, PUBLIC, arc_seal, check_arc_live, check_dkim_live, sign
from tests.support.zones import logged, txt

IP = "192.0.2.10"
D = "example.net"
#: A dropped query costs this long (TIMEOUT rows).
LIFETIME = 0.5


def _a(name: str, *ips: str) -> dict[str, Any]:
    return {"name": name, "type": "A", "rdata": list(ips)}


def _strings(name: str, *strings: str) -> dict[str, Any]:
    """One TXT record made of several character-strings (RFC 7208 §3.3, RFC 6376 §3.6.2.2: joined, no space)."""
    return {"name": name, "type": "TXT", "rdata": [list(strings)]}


def _fail(name: str, status: str, rtype: str = "TXT") -> dict[str, Any]:
    return {"name": name, "type": rtype, "status": status}


# --- SPF (RFC 7208) -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpfRule:
    rule: str
    zone: list[dict[str, Any]]
    expected: AuthResult
    mail_from: str = f"user@{D}"
    ip: str = IP


SPF_RULES = [
    SpfRule("§4.5 'v=spf1' is case-insensitive (ABNF literal)", [txt(D, f"V=SPF1 IP4:{IP} -ALL")], AuthResult.PASS),
    SpfRule(
        "§3.3 a record in several strings is joined", [_strings(D, "v=spf1 ip4:192.0.2.", "10 -all")], AuthResult.PASS
    ),
    SpfRule("§4.5 two SPF records: permerror", [txt(D, f"v=spf1 ip4:{IP} -all", "v=spf1 -all")], AuthResult.PERMERROR),
    SpfRule("§4.5 'v=spf10' is not an SPF record", [txt(D, "v=spf10 -all", f"v=spf1 ip4:{IP} -all")], AuthResult.PASS),
    SpfRule("§4.7 no mechanism matches, no redirect: neutral", [txt(D, "v=spf1")], AuthResult.NEUTRAL),
    SpfRule(
        "§3.1 a type-99 SPF record alone is not looked at: none",
        [{"name": D, "type": "SPF", "rdata": [[f"v=spf1 ip4:{IP} -all"]]}],
        AuthResult.NONE,
    ),
    SpfRule("§4.3 the domain after the last '@'", [txt(D, f"v=spf1 ip4:{IP} -all")], AuthResult.PASS, f'"a@b"@{D}'),
    SpfRule(
        "§4.3 a trailing dot on the MAIL FROM domain", [txt(D, f"v=spf1 ip4:{IP} -all")], AuthResult.PASS, f"user@{D}."
    ),
    SpfRule("§4.3 a single-label domain: none, no query", [], AuthResult.NONE, "user@localhost"),
    SpfRule(
        "§5.2 include of a domain without a record: permerror",
        [txt(D, "v=spf1 include:inc.example.net -all")],
        AuthResult.PERMERROR,
    ),
    SpfRule(
        "§5.2 include whose lookup fails: temperror",
        [txt(D, "v=spf1 include:inc.example.net -all"), _fail("inc.example.net", "SERVFAIL")],
        AuthResult.TEMPERROR,
    ),
    SpfRule(
        "§5.2 include with a trailing dot",
        [txt(D, "v=spf1 include:inc.example.net. -all"), txt("inc.example.net", f"v=spf1 ip4:{IP} -all")],
        AuthResult.PASS,
    ),
    SpfRule(
        "§6.1 redirect to a domain without a record: permerror",
        [txt(D, "v=spf1 redirect=r.example.net")],
        AuthResult.PERMERROR,
    ),
    SpfRule(
        "§6.1 redirect with a record is followed",
        [txt(D, "v=spf1 redirect=r.example.net"), txt("r.example.net", f"v=spf1 ip4:{IP} -all")],
        AuthResult.PASS,
    ),
    SpfRule(
        "§6.1 redirect is ignored when 'all' is present",
        [txt(D, "v=spf1 -all redirect=r.example.net"), txt("r.example.net", f"v=spf1 ip4:{IP} -all")],
        AuthResult.FAIL,
    ),
    SpfRule(
        "§6 a modifier given twice: permerror",
        [txt(D, "v=spf1 redirect=a.example.net redirect=b.example.net")],
        AuthResult.PERMERROR,
    ),
    SpfRule("§6 an unknown modifier is ignored", [txt(D, f"v=spf1 foo=bar ip4:{IP} -all")], AuthResult.PASS),
    SpfRule("§4.6.1 an unknown mechanism: permerror", [txt(D, "v=spf1 foo:bar -all")], AuthResult.PERMERROR),
    SpfRule(
        "§4.6.4 ten DNS mechanisms are allowed",
        [txt(D, "v=spf1 " + " ".join(f"a:h{i}.example.net" for i in range(10)) + f" ip4:{IP} -all")]
        + [_a(f"h{i}.example.net", "192.0.2.1") for i in range(10)],
        AuthResult.PASS,
    ),
    SpfRule(
        "§4.6.4 an eleventh DNS mechanism: permerror",
        [txt(D, "v=spf1 " + " ".join(f"a:h{i}.example.net" for i in range(11)) + f" ip4:{IP} -all")]
        + [_a(f"h{i}.example.net", "192.0.2.1") for i in range(11)],
        AuthResult.PERMERROR,
    ),
    SpfRule(
        "§4.6.4 two void lookups are allowed",
        [txt(D, f"v=spf1 a:v1.example.net a:v2.example.net ip4:{IP} -all")],
        AuthResult.PASS,
    ),
    SpfRule(
        "§4.6.4 a third void lookup: permerror",
        [txt(D, f"v=spf1 a:v1.example.net a:v2.example.net a:v3.example.net ip4:{IP} -all")],
        AuthResult.PERMERROR,
    ),
    SpfRule(
        "§4.6.4 more than ten MX names: permerror",
        [txt(D, "v=spf1 mx -all"), {"name": D, "type": "MX", "rdata": [[i, f"m{i}.example.net"] for i in range(11)]}]
        + [_a(f"m{i}.example.net", "192.0.2.1") for i in range(11)],
        AuthResult.PERMERROR,
    ),
    SpfRule(
        "§5.5 ptr: a validated name under the domain matches",
        [
            txt(D, "v=spf1 ptr -all"),
            {"name": "10.2.0.192.in-addr.arpa", "type": "PTR", "rdata": ["mx.example.net"]},
            _a("mx.example.net", IP),
        ],
        AuthResult.PASS,
    ),
    SpfRule(
        "§5.5 ptr: a name whose A record is another IP does not",
        [
            txt(D, "v=spf1 ptr -all"),
            {"name": "10.2.0.192.in-addr.arpa", "type": "PTR", "rdata": ["mx.example.net"]},
            _a("mx.example.net", "192.0.2.11"),
        ],
        AuthResult.FAIL,
    ),
    SpfRule(
        "§5.6 ip6 cidr matches an IPv6 client",
        [txt(D, "v=spf1 ip6:2001:db8::/32 -all")],
        AuthResult.PASS,
        ip="2001:db8:1::5",
    ),
    SpfRule("§5.6 ip6 never matches an IPv4 client", [txt(D, "v=spf1 ip6:2001:db8::/32 -all")], AuthResult.FAIL),
    SpfRule(
        "§5.6 ip6 cidr /129: permerror",
        [txt(D, "v=spf1 ip6:2001:db8::/129 -all")],
        AuthResult.PERMERROR,
        ip="2001:db8::1",
    ),
    SpfRule(
        "§5.3 a//64: the IPv6 prefix of a dual cidr",
        [txt(D, "v=spf1 a//64 -all"), {"name": D, "type": "AAAA", "rdata": ["2001:db8:1::1"]}],
        AuthResult.PASS,
        ip="2001:db8:1::99",
    ),
    SpfRule(
        "§7.3 %{ir} reverses the IP",
        [txt(D, "v=spf1 exists:%{ir}.x.example.net -all"), _a("10.2.0.192.x.example.net", "127.0.0.2")],
        AuthResult.PASS,
    ),
    SpfRule(
        "§7.3 %{d2} keeps the two right-hand labels",
        [
            txt("a.b.example.net", "v=spf1 exists:%{d2}.x.example.net -all"),
            _a("example.net.x.example.net", "127.0.0.2"),
        ],
        AuthResult.PASS,
        "user@a.b.example.net",
    ),
    SpfRule(
        "§7.3 %{l} is everything before the last '@'",
        [txt(D, "v=spf1 exists:%{l}.x.example.net -all"), _a("a\\@b.x.example.net", "127.0.0.2")],
        AuthResult.PASS,
        f"a@b@{D}",
    ),
    SpfRule(
        "§2.4 null sender: the HELO identity", [txt("mail.example.org", f"v=spf1 ip4:{IP} -all")], AuthResult.PASS, ""
    ),
    SpfRule("§4.4 SERVFAIL on the record: temperror", [_fail(D, "SERVFAIL")], AuthResult.TEMPERROR),
    SpfRule("§4.4 no answer at all: temperror", [_fail(D, "TIMEOUT")], AuthResult.TEMPERROR),
    SpfRule(
        "§5 an 'a' lookup failing before the match: temperror",
        [txt(D, f"v=spf1 a:sf.example.net ip4:{IP} -all"), _fail("sf.example.net", "SERVFAIL", "A")],
        AuthResult.TEMPERROR,
    ),
    SpfRule(
        "§3.4 a record longer than 512 bytes (TCP fallback)",
        [
            _strings(
                D,
                f"v=spf1 ip4:{IP} " + " ".join(f"ip4:10.{i}.0.0/16" for i in range(12)),
                *(f" exists:{c * 200}.example" for c in "abcdef"),
                " -all",
            )
        ],
        AuthResult.PASS,
    ),
]


@pytest.mark.parametrize("case", SPF_RULES, ids=[c.rule for c in SPF_RULES])
def test_spf_rule(case: SpfRule) -> None:
    install_spf_hook()
    with LoopbackDnsServer(case.zone) as server, logged(LiveSource(server.address, lifetime=LIFETIME)) as log:
        r = check_spf(case.ip, case.mail_from, "mail.example.org", identity_source="test", log=log)
    assert r.result is case.expected, (r.result, r.reason)


def test_spf_exp_text_is_the_domains_own_explanation() -> None:
    """§6.2: exp= is fetched and its macros expanded for a fail; several TXT records there give no explanation."""
    install_spf_hook()
    exp = [txt(D, "v=spf1 -all exp=e.example.net"), txt("e.example.net", "%{i} is not one of %{d}'s servers")]
    with LoopbackDnsServer(exp) as server, logged(LiveSource(server.address, lifetime=LIFETIME)) as log:
        r = check_spf(IP, f"user@{D}", "mail.example.org", identity_source="test", log=log)
    assert (r.result, r.explanation, r.explanation_from_domain) == (
        AuthResult.FAIL,
        f"{IP} is not one of {D}'s servers",
        True,
    )
    two = [txt(D, "v=spf1 -all exp=e.example.net"), txt("e.example.net", "one", "two")]
    with LoopbackDnsServer(two) as server, logged(LiveSource(server.address, lifetime=LIFETIME)) as log:
        r = check_spf(IP, f"user@{D}", "mail.example.org", identity_source="test", log=log)
    assert r.result is AuthResult.FAIL and not r.explanation_from_domain


# --- DMARC (RFC 9989, with the RFC 7489 answer beside it) -------------------------------------------------------


@dataclass(frozen=True)
class DmarcRule:
    rule: str
    zone: list[dict[str, Any]]
    author: str
    expected: AuthResult
    policy: str | None
    rfc7489: tuple[AuthResult, str | None]
    dkim: tuple[str, ...] = ()
    spf: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _rec(name: str, *values: str) -> dict[str, Any]:
    return txt(name, *values)


P = "v=DMARC1; p=reject"
DMARC_RULES = [
    DmarcRule(
        "§4.8 a record in several strings is joined",
        [_strings("_dmarc.example.com", "v=DMARC1; ", "p=reject")],
        "example.com",
        AuthResult.FAIL,
        "reject",
        (AuthResult.FAIL, "reject"),
        ("other.example",),
    ),
    DmarcRule(
        "§4.10 several records at the From domain: discarded, none",
        [_rec("_dmarc.example.com", P, "v=DMARC1; p=none")],
        "example.com",
        AuthResult.NONE,
        None,
        (AuthResult.NONE, None),
        ("other.example",),
    ),
    DmarcRule(
        "§4.10 several records discarded, the walk goes on (7489 stops)",
        [
            _rec("_dmarc.mail.example.com", P, "v=DMARC1; p=none"),
            _rec("_dmarc.example.com", "v=DMARC1; p=none; sp=quarantine"),
        ],
        "mail.example.com",
        AuthResult.FAIL,
        "quarantine",
        (AuthResult.NONE, None),
        ("other.example",),
    ),
    DmarcRule(
        "§4.7 v=DMARC1 is case-sensitive",
        [_rec("_dmarc.example.com", "v=dmarc1; p=reject")],
        "example.com",
        AuthResult.NONE,
        None,
        (AuthResult.NONE, None),
        ("other.example",),
    ),
    DmarcRule(
        "§4.7 tag values are case-insensitive literals",
        [_rec("_dmarc.example.com", "v=DMARC1; p=Reject; adkim=S")],
        "mail.example.com",
        AuthResult.FAIL,
        "reject",
        (AuthResult.FAIL, "reject"),
        ("example.com",),
    ),
    DmarcRule(
        "§4.7 t=y lowers reject to quarantine (7489 has no t=)",
        [_rec("_dmarc.example.com", "v=DMARC1; p=reject; t=y")],
        "example.com",
        AuthResult.FAIL,
        "quarantine",
        (AuthResult.FAIL, "reject"),
        ("other.example",),
    ),
    DmarcRule(
        "§A.6 pct is removed: the policy applies to all failing mail",
        [_rec("_dmarc.example.com", "v=DMARC1; p=reject; pct=0")],
        "example.com",
        AuthResult.FAIL,
        "reject",
        (AuthResult.FAIL, "reject"),
        ("other.example",),
    ),
    DmarcRule(
        "§4.10.1 no p= but a valid rua=: p=none",
        [_rec("_dmarc.example.com", "v=DMARC1; rua=mailto:d@example.com")],
        "example.com",
        AuthResult.FAIL,
        "none",
        (AuthResult.FAIL, "none"),
        ("other.example",),
    ),
    DmarcRule(
        "§4.10.1 an invalid p= and no rua=: no DMARC processing",
        [_rec("_dmarc.example.com", "v=DMARC1; p=rejekt")],
        "example.com",
        AuthResult.NONE,
        None,
        (AuthResult.NONE, None),
        ("other.example",),
    ),
    DmarcRule(
        "§4.7 sp= for an existing subdomain",
        [_rec("_dmarc.example.com", "v=DMARC1; p=none; sp=reject"), _a("sub.example.com", "192.0.2.1")],
        "sub.example.com",
        AuthResult.FAIL,
        "reject",
        (AuthResult.FAIL, "reject"),
        ("other.example",),
    ),
    DmarcRule(
        "§4.7 np= for a subdomain that does not exist (NXDOMAIN)",
        [_rec("_dmarc.example.com", "v=DMARC1; p=none; sp=quarantine; np=reject")],
        "nx.example.com",
        AuthResult.FAIL,
        "reject",
        (AuthResult.FAIL, "reject"),
        ("other.example",),
    ),
    DmarcRule(
        "§A.4 a name with only NODATA exists (sp=); RFC 9091 says not (np=)",
        [_rec("_dmarc.example.com", "v=DMARC1; p=none; sp=quarantine; np=reject"), txt("nodata.example.com", "x")],
        "nodata.example.com",
        AuthResult.FAIL,
        "quarantine",
        (AuthResult.FAIL, "reject"),
        ("other.example",),
    ),
    # RFC 7489 takes bank.example (not on the Public Suffix List) as the organisational domain of both names.
    DmarcRule(
        "§4.10.2 psd=y: the PSD policy when the org domain publishes none",
        [_rec("_dmarc.bank.example", "v=DMARC1; p=reject; psd=y"), _a("giant.bank.example", "192.0.2.1")],
        "giant.bank.example",
        AuthResult.FAIL,
        "reject",
        (AuthResult.PASS, "reject"),
        ("mega.bank.example",),
    ),
    DmarcRule(
        "§4.10.2 psd=n: the walk stops, that name is the org domain",
        [_rec("_dmarc.mail.example.com", "v=DMARC1; p=reject; psd=n"), _rec("_dmarc.example.com", "v=DMARC1; p=none")],
        "x.mail.example.com",
        AuthResult.FAIL,
        "reject",
        (AuthResult.PASS, "none"),
        ("example.com",),
    ),
    DmarcRule(
        "§4.10.2 relaxed: a signature of a subdomain aligns",
        [_rec("_dmarc.example.com", P)],
        "example.com",
        AuthResult.PASS,
        "reject",
        (AuthResult.PASS, "reject"),
        ("mail.example.com",),
    ),
    DmarcRule(
        "§4.10.2 strict: a signature of a subdomain does not align",
        [_rec("_dmarc.example.com", "v=DMARC1; p=reject; adkim=s")],
        "example.com",
        AuthResult.FAIL,
        "reject",
        (AuthResult.FAIL, "reject"),
        ("mail.example.com",),
    ),
    DmarcRule(
        "§4.10.2 strict SPF alignment",
        [_rec("_dmarc.example.com", "v=DMARC1; p=reject; aspf=s")],
        "example.com",
        AuthResult.FAIL,
        "reject",
        (AuthResult.FAIL, "reject"),
        spf="bounce.example.com",
    ),
    DmarcRule(
        "§4.4 any passing aligned signature counts, not only the first",
        [_rec("_dmarc.example.com", P)],
        "example.com",
        AuthResult.PASS,
        "reject",
        (AuthResult.PASS, "reject"),
        ("other.example", "example.com"),
    ),
    DmarcRule(
        "RFC 8616 §6: A-label and U-label are one name",
        [_rec("_dmarc.xn--bcher-kva.example", P)],
        "bücher.example",
        AuthResult.PASS,
        "reject",
        (AuthResult.PASS, "reject"),
        ("xn--bcher-kva.example",),
    ),
    DmarcRule(
        "§4.10.1 SERVFAIL at the From domain: temperror",
        [_fail("_dmarc.example.com", "SERVFAIL")],
        "example.com",
        AuthResult.TEMPERROR,
        None,
        (AuthResult.TEMPERROR, None),
        ("example.com",),
    ),
    DmarcRule(
        "§4.10.1 no answer at the From domain: temperror",
        [_fail("_dmarc.example.com", "TIMEOUT")],
        "example.com",
        AuthResult.TEMPERROR,
        None,
        (AuthResult.TEMPERROR, None),
        ("example.com",),
    ),
]


@pytest.mark.parametrize("case", DMARC_RULES, ids=[c.rule for c in DMARC_RULES])
def test_dmarc_rule(case: DmarcRule) -> None:
    ids = Identities(from_header=f"<a@{case.author}>", from_address=f"a@{case.author}", from_domain=case.author)
    sigs = tuple(DkimSignatureResult(index=i, domain=d, result=AuthResult.PASS) for i, d in enumerate(case.dkim))
    spf = (
        SpfResult(result=AuthResult.PASS, domain=case.spf, mail_from=f"b@{case.spf}", identity="mailfrom")
        if case.spf
        else SpfResult()
    )
    with LoopbackDnsServer(case.zone) as server, logged(LiveSource(server.address, lifetime=LIFETIME)) as log:
        r = check_dmarc(ids, spf, sigs, log=log, header_only=False)
    assert (r.result, r.policy) == (case.expected, case.policy), r.reason
    assert r.rfc7489 is not None
    assert (r.rfc7489.result, r.rfc7489.policy) == case.rfc7489, r.rfc7489.reason


# --- DKIM (RFC 6376, RFC 8301, RFC 8463) ---------------------------------------------------------------------------

KEY_1024 = (
    "v=DKIM1; k=rsa; p="
    + (
        (SHARED / "conformance" / "dkimpy-testdata" / "data" / "1024_testkey_wo_markers.pub.txt")
        .read_text(encoding="ascii")
        .strip()
        .split("p=")[-1]
    )
)


def _key(record: str = PUBLIC) -> list[dict[str, Any]]:
    return [{"name": KEY_NAME, "type": "TXT", "rdata": [[record[i : i + 255] for i in range(0, len(record), 255)]]}]


@dataclass(frozen=True)
class DkimRule:
    rule: str
    message: bytes
    zone: list[dict[str, Any]]
    expected: AuthResult
    kind: str | None = None


DKIM_RULES = [
    DkimRule("§6.1 a valid rsa-sha256 signature passes", sign(), _key(), AuthResult.PASS),
    DkimRule(
        "RFC 8301 §3.1 rsa-sha1 must not be considered valid",
        sign(algorithm=b"rsa-sha1"),
        _key(),
        AuthResult.FAIL,
        "weak-algorithm",
    ),
    DkimRule("§3.6.2.2 a key in several strings is joined", sign(), _key(), AuthResult.PASS),
    DkimRule(
        "§6.1.3 body changed after signing: fail",
        sign().replace(b"figures are", b"figures were"),
        _key(),
        AuthResult.FAIL,
        "body-hash",
    ),
    DkimRule(
        "§6.1.3 a signed header changed: fail",
        sign().replace(b"Quarterly figures", b"Quarterly invoice"),
        _key(),
        AuthResult.FAIL,
        "signature",
    ),
    DkimRule("§6.1.2 no key record: permerror", sign(), [], AuthResult.PERMERROR, "no-key"),
    DkimRule(
        "§6.1.2 SERVFAIL fetching the key: temperror",
        sign(),
        [_fail(KEY_NAME, "SERVFAIL")],
        AuthResult.TEMPERROR,
        "dns-temporary",
    ),
    DkimRule(
        "§6.1.2 no answer fetching the key: temperror",
        sign(),
        [_fail(KEY_NAME, "TIMEOUT")],
        AuthResult.TEMPERROR,
        "dns-temporary",
    ),
    DkimRule(
        "§3.6.1 empty p=: the key is revoked", sign(), _key("v=DKIM1; k=rsa; p="), AuthResult.PERMERROR, "key-revoked"
    ),
    DkimRule(
        "§3.6.1 a key record of another version is discarded",
        sign(),
        _key(PUBLIC.replace("v=DKIM1", "v=DKIM2")),
        AuthResult.PERMERROR,
        "key-version",
    ),
    DkimRule(
        "§3.6.1 h= in the key must list the signature's hash",
        sign(),
        _key(PUBLIC + "; h=sha1"),
        AuthResult.PERMERROR,
        "key-hash",
    ),
    DkimRule(
        "§3.6.1 s= in the key must allow e-mail", sign(), _key(PUBLIC + "; s=web"), AuthResult.PERMERROR, "key-service"
    ),
    DkimRule("§3.6.1 an s= list with email is fine", sign(), _key(PUBLIC + "; s=email:web"), AuthResult.PASS),
    DkimRule(
        "§3.6.1 k= must match a= (RFC 8463 ed25519 vs rsa)",
        sign().replace(b"a=rsa-sha256", b"a=ed25519-sha256"),
        _key(),
        AuthResult.PERMERROR,
        "key-type-mismatch",
    ),
    DkimRule("§3.6.1 key flag t=y: still verified (testing noted)", sign(), _key(PUBLIC + "; t=y"), AuthResult.PASS),
    DkimRule(
        "RFC 8301 §3.2 a 1024-bit key is the minimum accepted",
        sign(private=(SHARED / "conformance" / "dkimpy-testdata" / "data" / "1024_testkey.key").read_bytes()),
        _key(KEY_1024),
        AuthResult.PASS,
    ),
]


@pytest.mark.parametrize("case", DKIM_RULES, ids=[c.rule for c in DKIM_RULES])
def test_dkim_rule(case: DkimRule) -> None:
    (r,) = check_dkim_live(load_bytes(case.message), case.zone)
    assert (r.result, r.error_kind) == (case.expected, case.kind), r.reason


def test_dkim_key_flag_t_s_needs_i_equal_to_d() -> None:
    """§3.6.1 t=s: the i= domain must be d= itself, not a subdomain."""
    import dkim

    from tests.support.signing import PRIVATE, SIGNED_HEADERS

    signed = (
        dkim.sign(
            MESSAGE,
            b"sel",
            b"example.com",
            PRIVATE,
            identity=b"@mail.example.com",
            include_headers=list(SIGNED_HEADERS),
        )
        + MESSAGE
    )
    (r,) = check_dkim_live(load_bytes(signed), _key())
    assert r.result is AuthResult.PASS, r.reason
    (r,) = check_dkim_live(load_bytes(signed), _key(PUBLIC + "; t=s"))
    assert (r.result, r.error_kind) == (AuthResult.PERMERROR, "key-strict-identity"), r.reason


# --- ARC (RFC 8617) ------------------------------------------------------------------------------------------------


def test_arc_rules() -> None:
    sealed = arc_seal(MESSAGE)
    r = check_arc_live(load_bytes(sealed), _key())
    assert (r.result, r.cv) == (AuthResult.PASS, "pass"), r.reason
    # §5.2 step 4: the newest AMS must validate; a body changed after the last seal breaks it.
    r = check_arc_live(load_bytes(sealed.replace(b"figures are", b"figures were")), _key())
    assert r.result is AuthResult.FAIL, r.reason
    # A key lookup that fails on the server side is DNS trouble, not a broken chain.
    r = check_arc_live(load_bytes(sealed), [_fail(KEY_NAME, "SERVFAIL")])
    assert r.result is AuthResult.TEMPERROR, r.reason
    # RFC 8301 applies to ARC's signatures too: an rsa-sha1 set does not validate.
    r = check_arc_live(load_bytes(arc_seal(MESSAGE, algorithm=b"rsa-sha1")), _key())
    assert r.result is AuthResult.FAIL, r.reason
