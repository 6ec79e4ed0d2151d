"""The per-message speed-ups give exactly the answers of the code they replaced (kept here as the reference).

Each faster path (header lookup by index, alias-key lookup by word runs, vendor-table entries per field
name, the domain-match memo, the JSON field-name cache) is compared with the former implementation over
the phishing and legit corpora's real inputs and over hand-made edge cases. The end-to-end proof is the
batch JSONL output over both corpora, byte-identical before and after (benchmarks/compare_jsonl.py).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from pathlib import Path

import pytest

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.filters import decode
from inspector.filters.registry import VENDORS
from inspector.ingest import load_bytes
from inspector.ingest.message import HeaderField, Message
from inspector.lookalike import display_names, domains
from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import build_reference, reference_for
from inspector.lookalike.skeleton import ascii_fold
from inspector.lookalike.words import split_words
from inspector.report.to_json import to_plain
from tests.support.corpora import phishing_messages


def _messages(limit: int = 60) -> list[Message]:
    out = []
    for path in phishing_messages()[:limit]:
        try:
            out.append(load_bytes(path.read_bytes(), path=str(path)))
        except Exception:  # noqa: BLE001 - a corpus file the reader refuses is simply not an input here
            continue
    return out


def test_header_lookup_by_index_matches_a_scan() -> None:
    for msg in _messages():
        names = {h.name for h in msg.headers} | {"X-Nope", "RECEIVED", "dkim-signature", ""}
        for name in names:
            scan = [h for h in msg.headers if h.name.lower() == name.lower()]
            assert msg.get_all(name) == scan
            assert msg.get(name) == (scan[0] if scan else None)
    msg = _messages(1)[0]
    first = msg.get_all("Received")
    first.clear()  # a caller changing its list does not change the message
    assert msg.get_all("Received") == [h for h in msg.headers if h.lname == "received"]


def test_header_index_is_not_part_of_the_message_value() -> None:
    msg = _messages(1)[0]
    twin = dataclasses.replace(msg)
    msg.get("From")
    assert msg == twin and repr(msg) == repr(twin)


def _old_alias_scan(folded: list[str], joined: str, ref: object) -> list[str]:
    return [k for k in ref.alias_index if f" {k} " in f" {joined} "]  # type: ignore[attr-defined]


DISPLAYS = [
    "PayPal Service",
    "Microsoft Office 365 Team",
    "Apple ID Support",
    "N e t f l i x",
    "  Amazon  Prime  ",
    "bank of america alerts",
    "Wells Fargo Online",
    "DHL Express Delivery",
    "",
    "—",
    "Office",
    "office 365 office 365",
    "Chase   Bank",
    "PayPaI Secure Center",
    "Mіcrosoft Account Team",
]


def test_alias_lookup_by_word_runs_matches_the_scan() -> None:
    ref = reference_for()
    displays = list(DISPLAYS)
    for msg in _messages(200):
        h = msg.get("From")
        if h is not None:
            displays.append(h.decoded.split("<")[0])
    displays += [" ".join(k.split()[:3]) for k in list(ref.alias_index)[::7]]  # every kind of key, as text
    for display in displays:
        words = split_words(display)
        folded = [ascii_fold(w) for w in words]
        joined = " ".join(folded)
        assert display_names._alias_keys_in(folded, joined, ref) == _old_alias_scan(folded, joined, ref), display


def test_alias_lookup_handles_odd_keys_and_spaced_words() -> None:
    ref = dataclasses.replace(reference_for(), alias_index={"pay pal": (), " odd": (), "a  b": (), "x": (), "pay": ()})
    for folded in (["pay", "pal"], ["a", "", "b"], ["x y", "pay"], ["", "odd"], ["pay", "pal", "x"]):
        joined = " ".join(folded)
        assert display_names._alias_keys_in(folded, joined, ref) == _old_alias_scan(folded, joined, ref), folded


def _old_vendor_of(lname: str, value: str) -> object:
    candidates = [(v, v.headers[lname]) for v in VENDORS if lname in v.headers]
    for vendor, spec in candidates:
        if spec.when is not None and re.search(spec.when, value[:2000]):
            return vendor, spec
    for vendor, spec in candidates:
        if spec.when is None:
            return vendor, spec
    for vendor in VENDORS:
        if any(lname.startswith(p) for p in vendor.prefixes):
            return vendor, decode._UNKNOWN_HEADER
    return None


def test_vendor_entries_per_name_match_the_table_scan() -> None:
    names = {n for v in VENDORS for n in v.headers} | {p + "x" for v in VENDORS for p in v.prefixes}
    names |= {"received", "x-unknown", ""}
    values = [""] + [h.value for m in _messages(80) for h in m.headers]
    for name in sorted(names):
        vals = values if name in {n for v in VENDORS for n in v.headers} else values[:20]
        for value in vals:
            assert decode._vendor_of(name, value) == _old_vendor_of(name, value), (name, value[:80])


def test_domain_match_memo_gives_the_computed_answer() -> None:
    ref = reference_for()
    other = build_reference(("contoso-bank.example",))
    hosts = [
        "paypa1.com",
        "secure-paypal.com.evil.example",
        "micros0ft-support.com",
        "gmail.com",
        "contoso-bank.example",
        "c0ntoso-bank.example",
        "xn--pypal-4ve.com",
    ]
    for text in hosts * 2:
        host = parse_host(text)
        assert host is not None
        for r in (ref, other):
            assert domains.find_domain_match(host, r) == domains._find_domain_match(host, r), (text, r is ref)
    # The answer depends on the reference: a protected domain only counts under the reference protecting it.
    host = parse_host("c0ntoso-bank.example")
    assert host is not None
    assert domains.find_domain_match(host, other) != domains.find_domain_match(host, ref)


def _old_to_plain(obj: object) -> object:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _old_to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, dict):
        return {str(k): _old_to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_old_to_plain(v) for v in obj]
    if isinstance(obj, bytes):
        return obj.decode("utf-8", errors="replace")
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    return str(obj)


class _Colour(enum.StrEnum):
    RED = "red"


class _Level(enum.IntEnum):
    HIGH = 3


@pytest.mark.parametrize("value", [_Colour.RED, _Level.HIGH, True, 1.5, None, b"\xff", ("a", 1), {1: "x"}, Path("/p")])
def test_to_plain_of_odd_values_is_unchanged(value: object) -> None:
    assert to_plain(value) == _old_to_plain(value)
    assert type(to_plain(value)) is type(_old_to_plain(value))


def test_to_plain_of_real_reports_is_unchanged() -> None:
    for msg in _messages(25):
        report = analyze(msg, dns=OfflineSource())
        assert to_plain(report) == _old_to_plain(report)


def test_header_field_names_stay_fields() -> None:
    """The index is a cache of `headers`: HeaderField itself is unchanged (its lname is still derived)."""
    field = HeaderField(0, "Subject", "x", "x", b"Subject: x")
    assert field.lname == "subject"
