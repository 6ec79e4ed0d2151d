"""Issue 10 items 7 and 9 (SPF part), through a loopback DNS server; each failed before the fix."""

from __future__ import annotations

from typing import Any

from inspector.auth.spf import MAX_DOMAIN_CHARS, check_spf, malformed_domain
from inspector.dns.adapters import install_spf_hook
from inspector.model.auth import AuthResult, SpfResult
from tests.support.dns_server import LoopbackDnsServer
from tests.support.signing import LIFETIME
from tests.support.zones import logged, txt

IP = "192.0.2.10"


def a(name: str, *ips: str) -> dict[str, Any]:
    return {"name": name, "type": "A", "rdata": list(ips)}


def ptr(ip: str, *names: str) -> dict[str, Any]:
    rev = ".".join(reversed(ip.split("."))) + ".in-addr.arpa"
    return {"name": rev, "type": "PTR", "rdata": list(names)}


def spf(entries: list[dict[str, Any]], mail_from: str, helo: str = "mail.example.org") -> tuple[SpfResult, Any]:
    """SPF for IP with `entries` served on loopback; also returns the server's query log."""
    from inspector.dns.live import LiveSource

    install_spf_hook()
    with LoopbackDnsServer(entries) as server, logged(LiveSource(server.address, lifetime=LIFETIME)) as log:
        result = check_spf(IP, mail_from, helo, identity_source="test", log=log)
        return result, list(server.queries)


# --- item 7: the domain follows the LAST "@" ------------------------------------------------------------


def test_domain_is_after_the_last_at_sign() -> None:
    """phishing_pot's anonymised senders (bounces+phishing@pot=hotmail.com@host) and quoted "a@b"@d."""
    zone = [txt("bounce.example.net", f"v=spf1 ip4:{IP} -all"), txt("b", "v=spf1 -all")]
    for sender in (
        "bounces+phishing@pot=hotmail.com@bounce.example.net",
        '"a@b"@bounce.example.net',
        "phish.me.again+caf_=phishing@pot=hotmail.com@bounce.example.net",
    ):
        r, _ = spf(zone, sender)
        assert (r.result, r.domain, r.identity) == (AuthResult.PASS, "bounce.example.net", "mailfrom"), sender


def test_local_part_macro_keeps_everything_before_the_last_at() -> None:
    """%{l} is the local part up to the last "@" (RFC 7208 §7.3), so exists: sees the whole of it."""
    zone = [txt("example.net", "v=spf1 exists:%{l}._l.example.net -all")]
    r, queries = spf(zone, "a@b@example.net")
    assert r.domain == "example.net"
    # DNS writes the "@" inside a label as "\\@" in text form: the whole local part "a@b" was expanded.
    assert ("a\\@b._l.example.net.", "A") in {(n, t) for n, t, _ in queries}, queries


# --- item 9: macro expansions longer than 253 characters are truncated from the left ----------------------


def _truncated(name: str) -> str:
    """RFC 7208 §7.3, written out independently: drop labels on the left until the name fits in 253."""
    labels = name.split(".")
    while len(".".join(labels)) > MAX_DOMAIN_CHARS:
        labels = labels[1:]
    return ".".join(labels)


def test_long_macro_expansion_is_truncated_from_the_left_not_temperror() -> None:
    """Before: pyspf dropped one label only; the over-long name made the lookup fail (temperror)."""
    local = ".".join(["x" * 60] * 4)  # 243 characters
    expanded = f"{local}.{local}._spf.example.net"
    target = _truncated(expanded)
    assert len(expanded) > MAX_DOMAIN_CHARS + 64 and len(target) <= MAX_DOMAIN_CHARS
    zone = [txt("example.net", "v=spf1 exists:%{l}.%{l}._spf.example.net -all"), a(target, "127.0.0.2")]
    r, queries = spf(zone, f"{local}@example.net")
    assert r.result is AuthResult.PASS, r.reason
    assert (target + ".", "A") in {(n, t) for n, t, _ in queries}


# --- item 9: the address lookups of PTR names are not void lookups ---------------------------------------


def test_ptr_names_without_addresses_are_not_void_lookups() -> None:
    """Before: three stale reverse names counted as three void lookups: permerror (limit 2)."""
    zone = [
        txt("example.org", "v=spf1 ptr -all"),
        ptr(IP, "old1.example.org.", "old2.example.org.", "old3.example.org.", "mail.example.org."),
        a("mail.example.org", IP),
    ]
    r, _ = spf(zone, "alice@example.org")
    assert (r.result, r.void_lookups) == (AuthResult.PASS, 0), r.reason


def test_void_lookups_of_mechanisms_still_count() -> None:
    """The fix is only for PTR names: three empty a: lookups are still a permerror (RFC 7208 §4.6.4)."""
    zone = [txt("example.org", "v=spf1 a:n1.example.org a:n2.example.org a:n3.example.org -all")]
    r, _ = spf(zone, "alice@example.org")
    assert r.result is AuthResult.PERMERROR


# --- item 9: u@localhost and other names that cannot hold a record are "none" -----------------------------


def test_single_label_domain_is_none_without_a_query() -> None:
    """Before: pyspf asked for localhost's TXT and applied what it found ("fail" here)."""
    zone = [txt("localhost", "v=spf1 -all"), txt("mail", "v=spf1 -all")]
    r, queries = spf(zone, "u@localhost")
    assert (r.result, r.identity, r.domain) == (AuthResult.NONE, "mailfrom", "localhost")
    assert "RFC 7208 §4.3" in r.reason and queries == []
    helo, queries = spf(zone, "", helo="mail")
    assert (helo.result, helo.identity) == (AuthResult.NONE, "helo") and queries == []


def test_malformed_domain_reasons() -> None:
    assert malformed_domain("example.com") is None and malformed_domain("example.com.") is None
    assert malformed_domain("localhost") is not None
    assert malformed_domain("[192.0.2.1]") is not None
    assert malformed_domain("a..example.com") is not None
    assert malformed_domain(("x" * 64) + ".example.com") is not None
