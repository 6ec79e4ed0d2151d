"""The one Received-SPF reader (inspector.parse.received_spf), and the chain and the recorded results agreeing.

Before issue 13 item 3 the chain (to find the receiver and the IP it judged) and the recorded-results reader
(to show the result beside ours) each parsed the field; the chain also took ``receiver=`` and ``client-ip=``
out of a comment, so the two named different receivers for one field.
"""

from __future__ import annotations

import pytest

from inspector.auth.recorded import parse_recorded
from inspector.chain.artefacts import parse_received_spf
from inspector.ingest import load_bytes
from inspector.parse import received_spf
from inspector.settings import AnalysisSettings

GMAIL = (
    "softfail (mx.example.net: transitioning domain of a@example.com does not designate 192.0.2.1 as "
    'permitted sender) client-ip=192.0.2.1; envelope-from="a@example.com"; helo=mail.example.com;'
)
POLICYD = (
    "Pass (mailfrom) identity=mailfrom; client-ip=2001:db8::25; helo=out.example.org;\r\n"
    "\tenvelope-from=bounce@example.org; receiver=<UNKNOWN>"
)
EXIM = (
    "pass (example.org: 192.0.2.7 is authorized to use 'a@example.org' in 'mfrom' identity (mechanism "
    "'ip4:192.0.2.0/24' matched)) receiver=MX.Example.NET; identity=mailfrom; envelope-from=\"a@example.org\"; "
    "helo=out.example.org; client-ip=192.0.2.7"
)
DESIGNATES = "pass (google.com: domain of a@example.com designates 192.0.2.9 as permitted sender)"


def test_gmail_form() -> None:
    f = received_spf.parse(GMAIL)
    assert (f.word, f.result, f.receiver) == ("softfail", "softfail", "mx.example.net")
    assert f.pairs == {"client-ip": "192.0.2.1", "envelope-from": "a@example.com", "helo": "mail.example.com"}
    assert f.comment is not None and f.comment.startswith("mx.example.net:")


def test_policyd_and_exim_forms() -> None:
    f = received_spf.parse(POLICYD)
    assert (f.result, f.receiver, f.comment) == ("pass", "<UNKNOWN>", "mailfrom")
    assert f.pairs["client-ip"] == "2001:db8::25" and f.pairs["envelope-from"] == "bounce@example.org"
    e = received_spf.parse(EXIM)
    assert (e.result, e.receiver, e.pairs["client-ip"]) == ("pass", "MX.Example.NET", "192.0.2.7")
    assert e.comment is not None and "(mechanism 'ip4:192.0.2.0/24' matched)" in e.comment


def test_designated_ip_and_unknown_words() -> None:
    assert received_spf.parse(DESIGNATES).designated_ip == "192.0.2.9"
    odd = received_spf.parse("Passed (x) client-ip=1")
    assert (odd.word, odd.result) == ("passed", None)
    assert received_spf.parse("").word is None and received_spf.parse("(((").comments == ()


def _recorded_spf(value: str) -> tuple[str | None, str | None]:
    raw = (
        "Received: from a.example (a.example [192.0.2.1]) by mx.example.net; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
        f"Received-SPF: {value}\r\nFrom: a@example.com\r\n\r\nbody\r\n"
    ).encode()
    r = next(x for x in parse_recorded(load_bytes(raw), AnalysisSettings(), None) if x.header == "Received-SPF")
    return r.authserv_id, r.properties.get("client-ip")


@pytest.mark.parametrize(
    "value",
    [
        GMAIL,
        POLICYD,
        EXIM,
        DESIGNATES,
        "pass (receiver=relay.example; client-ip=192.0.2.55) smtp.mailfrom=a.example",
        "fail (a comment: with blanks) receiver=mx.example.net",
    ],
)
def test_chain_and_recorded_results_read_the_same_receiver(value: str) -> None:
    chain = parse_received_spf(value, 0)
    receiver, client_ip = _recorded_spf(value)
    assert chain.receiver == (receiver.lower() if receiver else None)
    if client_ip is not None and chain.client_ip is not None:
        assert chain.client_ip == client_ip
    assert chain.result == received_spf.parse(value).result
