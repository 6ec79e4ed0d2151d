"""Skeletons, IDNA forms and script detection."""

from __future__ import annotations

from inspector.lookalike.hosts import parse_host
from inspector.lookalike.scripts import is_mixed_confusable, is_whole_script_lookalike
from inspector.lookalike.skeleton import ascii_fold, tr39, visual


def test_tr39_on_displayed_case_maps_capital_i_to_l() -> None:
    assert visual("PayPaI") == visual("paypal")
    # Lower-casing first would lose it: "paypai" is a different skeleton.
    assert visual("paypai") != visual("paypal")


def test_tr39_data_is_loaded() -> None:
    assert tr39("раураl") == "paypal"  # Cyrillic р а у


def test_extended_folding() -> None:
    assert ascii_fold("dhӏ") == ascii_fold("dhl")
    assert visual("paypàl") == visual("paypal")
    assert ascii_fold("rnicrosoft") == ascii_fold("microsoft")
    assert ascii_fold("vvalmart") == ascii_fold("walmart")
    assert ascii_fold("cl") == ascii_fold("d")


def test_uts46_not_idna2003() -> None:
    host = parse_host("faß.de")
    assert host is not None
    assert host.a_label == "xn--fa-hia.de"  # IDNA 2003 would give fass.de
    assert host.u_label == "faß.de"


def test_punycode_keeps_both_forms() -> None:
    host = parse_host("xn--pypal-4ve.com")
    assert host is not None
    assert host.a_label == "xn--pypal-4ve.com"
    assert host.u_label == "pаypal.com"
    assert host.is_idn


def test_scripts() -> None:
    assert is_mixed_confusable("pаypal")
    assert not is_mixed_confusable("paypal")
    assert not is_mixed_confusable("bücher")
    assert is_whole_script_lookalike("раураӏ")


def test_registrable_domain_is_icann_only() -> None:
    host = parse_host("brand-login.github.io")
    assert host is not None
    assert host.registrable == "github.io"
    assert host.sub_labels == ("brand-login",)
