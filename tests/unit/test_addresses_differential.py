"""Issue 12 item 4: addresses are parsed on the raw field (RFC 5322); encoded words are display text only.

The differential test compares `parse_address_list` with an independent RFC 5322 parser, the standard
library's ``email.headerregistry`` (``email.policy.default``), over generated well-formed address fields.
"""

from __future__ import annotations

import base64
import email.policy
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.analyze import analyze
from inspector.ingest import load_bytes
from inspector.ingest.addresses import parse_address_list

ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~"

atom = st.text(alphabet=ATEXT, min_size=1, max_size=8).filter(lambda s: "=?" not in s)
dot_atom = st.lists(atom, min_size=1, max_size=3).map(".".join)
qtext = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=0, max_size=10)
quoted = qtext.map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"')
label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
domain = st.one_of(
    st.lists(label, min_size=2, max_size=4).map(".".join),
    st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: "[" + ".".join(map(str, t)) + "]"),
)
local = st.one_of(dot_atom, dot_atom, quoted.filter(lambda q: len(q) > 2))
addr_spec = st.tuples(local, domain).map(lambda t: f"{t[0]}@{t[1]}")
comment = st.text(alphabet="abc xyz", min_size=0, max_size=6).map(lambda s: f"({s})")
cfws = st.one_of(st.just(" "), st.just("  "), comment.map(lambda c: f" {c} "))
encoded = st.text(alphabet="abcdef XYZ.", min_size=1, max_size=10).map(
    lambda s: "=?utf-8?b?" + base64.b64encode(s.encode()).decode() + "?="
)
word = st.one_of(atom, atom, quoted, encoded)
phrase = st.lists(word, min_size=1, max_size=4).map(" ".join)
name_addr = st.tuples(st.one_of(st.just(""), phrase), addr_spec, st.sampled_from(["", " "])).map(
    lambda t: (f"{t[0]} " if t[0] else "") + f"<{t[1]}>"
)
mailbox = st.one_of(name_addr, name_addr, addr_spec, st.tuples(addr_spec, comment).map(lambda t: f"{t[0]} {t[1]}"))
mailbox_list = st.lists(mailbox, min_size=1, max_size=4).map(", ".join)
group = st.tuples(phrase, st.lists(mailbox, min_size=0, max_size=3)).map(lambda t: f"{t[0]}: {', '.join(t[1])};")
address_list = st.lists(st.one_of(mailbox, mailbox, mailbox, group), min_size=1, max_size=4).map(", ".join)


def _canonical(addr: str) -> str:
    """local@domain with a quoted local part written by its content (``"a b"@x`` is ``a b@x``): headerregistry
    unquotes some parts that need quotes (``"."@x`` becomes ``.@x``), so quoting itself is not compared."""
    if "@" not in addr:
        return addr
    loc, dom = addr.rsplit("@", 1)
    if loc.startswith('"') and loc.endswith('"') and len(loc) >= 2:
        loc = re.sub(r"\\(.)", r"\1", loc[1:-1])
    return f"{loc}@{dom}"


def reference(value: str) -> list[tuple[str, str]]:
    header = email.policy.default.header_factory("To", value)
    return [(a.display_name, _canonical(a.addr_spec)) for a in header.addresses]  # type: ignore[attr-defined]


def ours(value: str) -> list[tuple[str, str]]:
    return [(_squeeze(m.display), _canonical(m.address)) for m in parse_address_list(value).mailboxes]


def _squeeze(display: str) -> str:
    """Display names compared without white space: RFC 2047 §6.2 drops the space between two adjacent encoded
    words, which ``email.headerregistry`` keeps (``=?..?= =?..?=`` reads "X X" there, "XX" here)."""
    return "".join(display.split())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(address_list)
def test_agrees_with_email_headerregistry(value: str) -> None:
    ref = [(_squeeze(d), a) for d, a in reference(value)]
    assert ours(value) == ref


# --- Mailsploit: an encoded display name cannot supply or replace the address --------------------------------


def _b(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def _msg(from_value: str) -> bytes:
    return f"From: {from_value}\r\nTo: v@example.org\r\nSubject: x\r\n\r\nbody\r\n".encode()


def test_encoded_display_name_cannot_replace_the_address() -> None:
    value = _b("PayPal <service@paypal.com>") + " <a@evil.example>"
    box = parse_address_list(value).mailboxes[0]
    assert box.address == "a@evil.example"
    assert box.display == "PayPal <service@paypal.com>"
    assert box.encoded_address == "PayPal <service@paypal.com>"


def test_encoded_word_alone_is_no_address() -> None:
    """A From field that is nothing but an encoded word has no address, whatever its decoded text says."""
    parsed = parse_address_list(_b("service@paypal.com"))
    assert parsed.mailboxes == ()
    assert parsed.encoded_address == "service@paypal.com"


def test_encoded_nul_cannot_cut_the_address() -> None:
    value = _b("service@paypal.com\x00") + " <a@evil.example>"
    assert parse_address_list(value).mailboxes[0].address == "a@evil.example"


def test_identities_use_the_raw_field_and_flag_the_encoded_address() -> None:
    report = analyze(load_bytes(_msg(_b("service@paypal.com") + " <a@evil.example>")))
    ids = report.identities
    assert ids.from_address == "a@evil.example" and ids.from_domain == "evil.example"
    assert ids.from_display_name == "service@paypal.com"
    assert ids.from_encoded_address == "service@paypal.com"
    assert report.dmarc.from_domain == "evil.example"


def test_wiping_out_the_address_is_impossible() -> None:
    """The 2017 form: an encoded word that decodes to a closing ">" and junk must not blank the address."""
    report = analyze(load_bytes(_msg(_b('"x" <') + " <a@evil.example>")))
    assert report.identities.from_domain == "evil.example"


def test_encoded_and_quoted_impersonation_read_alike() -> None:
    quoted = analyze(load_bytes(_msg('"PayPal Service" <service@paypal-secure.example>')))
    encoded = analyze(load_bytes(_msg(_b("PayPal Service") + " <service@paypal-secure.example>")))
    assert encoded.identities.from_display_name == quoted.identities.from_display_name
    assert encoded.verdict.level is quoted.verdict.level
    assert [f.kind for f in encoded.lookalikes] == [f.kind for f in quoted.lookalikes]


def test_reply_to_and_sender_are_parsed_raw() -> None:
    data = (
        f"From: a@evil.example\r\nReply-To: {_b('x@paypal.com')} <r@evil.example>\r\n"
        f"Sender: {_b('y@paypal.com')} <s@evil.example>\r\nSubject: x\r\n\r\nbody\r\n"
    ).encode()
    ids = analyze(load_bytes(data)).identities
    assert ids.reply_to == ("r@evil.example",)
    assert ids.sender == "s@evil.example"


def test_deep_comments_do_not_crash() -> None:
    value = "(" * 5000 + "x" + ")" * 5000 + " <a@example.org>"
    assert parse_address_list(value).mailboxes[0].address == "a@example.org"


def test_folded_domain_literal_keeps_no_line_break() -> None:
    """Found by the fuzzing harness (tests/fuzz): an unclosed domain literal kept a folded line break."""
    (box,) = parse_address_list("a@b[\r\n ").mailboxes
    assert box.address == "a@b["
    (box,) = parse_address_list("a@[192.0.2.1\r\n ]").mailboxes
    assert box.address == "a@[192.0.2.1]"
    (box,) = parse_address_list('a@b"\r\n ').mailboxes  # an open quoted string (second fuzz run)
    assert "\r" not in box.address and "\n" not in box.address
