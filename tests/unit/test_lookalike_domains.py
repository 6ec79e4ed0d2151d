"""Domain look-alike checks: one test per kind, and the false-positive traps.

Expected values come from reading the cases: each candidate below is a known trick (or a real, unrelated
business) for the protected domain beside it.
"""

from __future__ import annotations

import pytest

from inspector.lookalike.domains import find_domain_match, match_domain
from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import protected_target, reference_for


def judge(candidate: str, protected: str) -> str | None:
    ref = reference_for()
    target = protected_target(protected, ref)
    host = parse_host(candidate)
    assert target is not None and host is not None
    m = match_domain(host, target, ref)
    return m.kind if m else None


@pytest.mark.parametrize(
    ("candidate", "protected", "kind"),
    [
        ("paypa1.com", "paypal.com", "homoglyph"),
        ("PayPaI.com", "paypal.com", "homoglyph"),  # capital I read as l: skeleton on the displayed case
        ("rnicrosoft.com", "microsoft.com", "homoglyph"),
        ("xn--pypal-4ve.com", "paypal.com", "idn-homoglyph"),  # Cyrillic а, given as punycode
        ("pаypal.com", "paypal.com", "idn-homoglyph"),  # the same, raw Unicode
        ("xn--80aa0cbo65f.com", "paypal.com", "idn-homoglyph"),  # whole-script Cyrillic раураӏ
        ("paypàl.com", "paypal.com", "idn-homoglyph"),  # Latin diacritic, folded away
        ("paypl.com", "paypal.com", "typo"),
        ("paypla.com", "paypal.com", "typo"),
        ("pay-pal.com", "paypal.com", "typo"),
        ("paypal.top", "paypal.com", "tld-swap"),
        ("pay.pal.com", "paypal.com", "split-name"),
        ("wwwpaypal.com", "paypal.com", "www-prefix"),
        ("www-paypal.com", "paypal.com", "www-prefix"),
        ("paypal.com.secure-login.net", "paypal.com", "target-embedding"),
        ("paypal-com-verify.top", "paypal.com", "target-embedding"),
        ("paypalcom.com", "paypal.com", "target-embedding"),
        ("paypal.login-4821.ru", "paypal.com", "brand-in-subdomain"),
        ("paypal-support.com", "paypal.com", "combosquat"),
        ("paypalwallet.co", "paypal.com", "combosquat"),
        ("secure-paypal.com", "paypal.com", "combosquat"),
        ("paypal-wallet.firebaseapp.com", "paypal.com", "free-hosting"),
        ("microsoft-support.onmicrosoft.com", "microsoft.com", "shared-tenant"),
        ("dhl-notice.com", "dhl.com", "combosquat"),  # short brand + lure word
        ("dhlnotice.co", "dhl.com", "combosquat"),
        ("officesupport.com", "office.com", "combosquat"),  # common-word brand + lure word
    ],
)
def test_each_kind_is_detected(candidate: str, protected: str, kind: str) -> None:
    assert judge(candidate, protected) == kind


@pytest.mark.parametrize(
    ("candidate", "protected"),
    [
        # Brand-owned domains, including the classic Return-Path amazonses.com.
        ("amazonses.com", "amazon.com"),
        ("paypal-community.com", "paypal.com"),
        ("microsoftonline.com", "microsoft.com"),
        ("dhl.de", "dhl.com"),
        ("accounts.google.com", "google.com"),
        # Short brands: one-letter neighbours that are real organisations.
        ("ubs.com", "ups.com"),
        ("usps.com", "ups.com"),
        ("dhs.gov", "dhl.com"),
        ("us.com", "ups.com"),
        ("xe.com", "x.com"),
        # Dictionary-word brands.
        ("applebees.com", "apple.com"),
        ("officedepot.com", "office.com"),
        ("livejournal.com", "live.com"),
        ("chess.com", "chase.com"),
        ("case.edu", "chase.com"),
        ("pcloud.com", "icloud.com"),
        ("cooking.com", "booking.com"),
        ("office-on-the.net", "office.com"),
        # Other near misses that are real businesses.
        ("paytm.com", "paypal.com"),
        ("paypay.ne.jp", "paypal.com"),
        ("shopify.com", "spotify.com"),
        ("boeing.com", "booking.com"),
        ("g.mail.com", "gmail.com"),
        ("book.ing.com", "booking.com"),
        ("yahoo.co.jp", "yahoo.com"),
        ("bücher.de", "paypal.com"),
    ],
)
def test_false_positive_traps_are_not_flagged(candidate: str, protected: str) -> None:
    assert judge(candidate, protected) is None


def test_user_protected_domain_gets_typo_and_combo_checks() -> None:
    ref = reference_for(("contoso-bank.example",))
    host = parse_host("contoso-bamk.example")
    assert host is not None
    m = find_domain_match(host, ref)
    assert m is not None and m.resembles == "contoso-bank.example" and m.kind == "typo"


def test_find_domain_match_searches_the_whole_brand_table() -> None:
    ref = reference_for()
    cases = [
        ("netfl1x.com", "netflix.com"),
        ("docusign-secure.com", "docusign.com"),
        ("wellsfargo.com.verify-id.net", "wellsfargo.com"),
        ("c0inbase.com", "coinbase.com"),
    ]
    for cand, resembles in cases:
        host = parse_host(cand)
        assert host is not None
        m = find_domain_match(host, ref)
        assert m is not None, cand
        assert m.resembles == resembles


def test_explanation_names_the_character() -> None:
    ref = reference_for()
    target = protected_target("paypal.com", ref)
    host = parse_host("paypa1.com")
    assert target is not None and host is not None
    m = match_domain(host, target, ref)
    assert m is not None
    assert "DIGIT ONE" in m.explanation and "paypal.com" in m.explanation


def test_unremarkable_domains_match_nothing() -> None:
    ref = reference_for()
    for cand in ["example.com", "university-of-somewhere.edu", "smith-plumbing.co.uk", "mail.example.org"]:
        host = parse_host(cand)
        assert host is not None
        assert find_domain_match(host, ref) is None, cand


@pytest.mark.parametrize(
    "junk", ["", ".", "..", "@", "a" * 5000, "xn--", "xn--zz-.com", "\x00.com", "[1.2.3.4]", "é" * 300]
)
def test_hostile_hostnames_never_raise(junk: str) -> None:
    host = parse_host(junk)
    if host is not None:
        find_domain_match(host, reference_for())
