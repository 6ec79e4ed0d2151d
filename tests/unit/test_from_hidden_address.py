"""A From field with two addresses and no comma between them: DMARC checks both, the reader is told.

RFC 5322 allows one mailbox between two commas. ``<bob@evil.example> alice@bank.example``, a second ``<…>``,
``a@x b@y`` or ``a@x; b@y`` are malformed, and mail programs disagree on which address they show ("Composition
Kills", USENIX Security 2020; mailauth refuses such fields). Before, the parser kept the first address only, so
DMARC passed for the attacker's own domain and the verdict said ok while a mail program could show
alice@bank.example (a p=reject domain). Each case ran through the loopback DNS server.
"""

from __future__ import annotations

import pytest

from inspector.analyze import analyze
from inspector.dns.live import LiveSource
from inspector.ingest import load_bytes
from inspector.ingest.addresses import parse_address_list
from inspector.model.auth import AuthResult
from inspector.model.report import Level
from inspector.settings import AnalysisSettings
from tests.support.dns_server import LoopbackDnsServer
from tests.support.zones import txt

HIDDEN = [
    "<bob@evil.example> alice@bank.example",
    "bob <bob@evil.example> <alice@bank.example>",
    "bob@evil.example alice@bank.example",
    "ceo@bank.example; bob@evil.example",
]


@pytest.mark.parametrize("value", HIDDEN)
def test_both_addresses_are_read_and_the_field_is_called_malformed(value: str) -> None:
    parsed = parse_address_list(value)
    assert {m.domain for m in parsed.mailboxes} == {"evil.example", "bank.example"}, parsed
    assert len(parsed.malformed) == 1 and "without a comma" in parsed.malformed[0]


@pytest.mark.parametrize(
    ("value", "addresses"),
    [
        ("CEO <ceo @ bank . example>", ["ceo@bank.example"]),
        ("ceo@(x)bank.example(y)", ["ceo@bank.example"]),
        ('"ceo@x"@bank.example', ['"ceo@x"@bank.example']),
        ("<@relay.example,@r2.example:ceo@bank.example>", ["ceo@bank.example"]),
        ("John <j@bank.example> (work)", ["j@bank.example"]),
        ("Group: a@bank.example, B <b@bank.example>;", ["a@bank.example", "b@bank.example"]),
    ],
)
def test_well_formed_fields_are_read_as_before(value: str, addresses: list[str]) -> None:
    parsed = parse_address_list(value)
    assert [m.address for m in parsed.mailboxes] == addresses and parsed.malformed == ()


ZONE = [
    txt("_dmarc.bank.example", "v=DMARC1; p=reject"),
    txt("_dmarc.evil.example", "v=DMARC1; p=none"),
    txt("evil.example", "v=spf1 +all"),
]


def _message(from_value: str) -> bytes:
    return (
        "Return-Path: <bob@evil.example>\r\n"
        "Received: from mx.evil.example (mx.evil.example [192.0.2.1]) by mx.receiver.test with ESMTP id 1; "
        "Mon, 30 Nov 2026 06:30:05 +0000\r\n"
        f"From: {from_value}\r\nTo: r@receiver.test\r\nSubject: t\r\n"
        "Date: Mon, 30 Nov 2026 06:29:00 +0000\r\nMessage-ID: <1@evil.example>\r\n\r\nbody\r\n"
    ).encode()


def test_a_hidden_second_author_is_checked_by_dmarc_and_the_verdict_is_dangerous() -> None:
    with LoopbackDnsServer(ZONE) as server:
        source = LiveSource(server.address, lifetime=1.0)
        own = analyze(load_bytes(_message("bob@evil.example")), AnalysisSettings(), source)
        assert own.dmarc.result is AuthResult.PASS  # the attacker's own domain passes: the premise
        for value in HIDDEN:
            report = analyze(load_bytes(_message(value)), AnalysisSettings(), source)
            assert (report.dmarc.result, report.dmarc.from_domain, report.dmarc.policy) == (
                AuthResult.FAIL,
                "bank.example",
                "reject",
            ), value
            assert set(report.dmarc.author_domains) == {"evil.example", "bank.example"}
            assert any("without a comma" in i for i in report.identities.from_issues)
            assert report.verdict.level is Level.DANGEROUS, (value, report.verdict.reasons)


def test_a_second_from_field_is_checked_by_dmarc_too() -> None:
    """RFC 5322 §3.6: one From field. With two, mail programs differ on which they show (Composition Kills'
    first attack); DMARC evaluated the first only, so the attacker's own passing domain hid bank.example."""
    raw = _message("bob@evil.example").replace(
        b"To: r@receiver.test", b"From: alice@bank.example\r\nTo: r@receiver.test"
    )
    with LoopbackDnsServer(ZONE) as server:
        report = analyze(load_bytes(raw), AnalysisSettings(), LiveSource(server.address, lifetime=1.0))
    assert report.identities.from_addresses == ("bob@evil.example", "alice@bank.example")
    assert (report.dmarc.result, report.dmarc.from_domain, report.dmarc.policy) == (
        AuthResult.FAIL,
        "bank.example",
        "reject",
    )
    assert report.verdict.level is Level.DANGEROUS, report.verdict.reasons
