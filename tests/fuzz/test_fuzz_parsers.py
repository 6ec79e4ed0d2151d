"""Fuzz targets (issue 12, "Done when"): ingest, addresses, Received, Authentication-Results, DKIM tags and the
DNS snapshot loader. Each target states what must hold for any input: no exception but the documented one,
and the invariants below. Run long with ``HYPOTHESIS_PROFILE=fuzz-long`` (tests/fuzz/README.md)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from inspector.analyze import analyze
from inspector.auth.dkim_tags import KeyError_, SignatureSyntaxError, read_key, read_signature
from inspector.chain.received import parse_received_field
from inspector.dns.snapshot import SnapshotSource
from inspector.errors import InputError, UsageError
from inspector.ingest import load_bytes, read_pasted_headers
from inspector.ingest.addresses import parse_address_list
from inspector.parse import auth_results, received_spf
from inspector.report.to_json import report_to_json
from inspector.report.to_text import report_to_text
from tests.fuzz.strategies import header_text, message_bytes


@given(st.one_of(message_bytes(), st.binary(max_size=2000)))
def test_ingest_and_analysis(data: bytes) -> None:
    """Any bytes: a Message or one InputError; a Message always gives a report whose text is terminal-safe."""
    try:
        msg = load_bytes(data)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert msg.sha256 and msg.size == len(data)
    report = analyze(msg)
    text = report_to_text(report)
    assert "\x1b" not in text and "\u202e" not in text and "\u009b" not in text
    json.loads(report_to_json(report))


@given(st.text(max_size=2000))
def test_pasted_headers(text: str) -> None:
    # Text that is not header fields is refused with InputError (issue 14 item 7); nothing else may escape.
    try:
        msg = read_pasted_headers(text)
    except InputError as exc:
        assert str(exc)
        return
    assert msg.body is None


@given(header_text)
def test_address_parser(value: str) -> None:
    parsed = parse_address_list(value)
    for box in parsed.mailboxes:
        # The address comes from the raw text: never from a decoded encoded word.
        if "=?" not in value:
            assert "=?" not in box.address
        assert "\r" not in box.address and "\n" not in box.address


@given(header_text)
def test_received_parser(value: str) -> None:
    hops = parse_received_field(value)
    assert isinstance(hops, list)


@given(header_text)
def test_authentication_results_parser(value: str) -> None:
    parsed = auth_results.parse(value)
    for r in parsed.results:
        assert r.method and isinstance(r.properties, dict)
    assert len(parsed.results) <= auth_results.MAX_RESULTS
    spf = received_spf.parse(value)
    assert spf.result is None or spf.result in received_spf.RESULTS


@given(header_text)
def test_dkim_tags(value: str) -> None:
    raw = value.encode("utf-8", "surrogateescape")
    try:
        sig = read_signature(raw)
    except SignatureSyntaxError:
        return
    with contextlib.suppress(KeyError_):
        read_key(value, sig)


_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.floats(allow_nan=False))
_json = st.recursive(
    _json_leaf,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)
_record = st.fixed_dictionaries(
    {"name": st.text(max_size=20) | st.just("a.example."), "type": st.sampled_from(["TXT", "A", "MX", "x", ""])},
    optional={"status": st.text(max_size=10) | st.just("NOERROR"), "rdata": _json, "ttl": _json},
)


@given(
    st.one_of(
        _json,
        st.fixed_dictionaries({"format": st.just("dns-snapshot/1"), "records": st.lists(_record, max_size=5)}),
    )
)
def test_snapshot_document(doc: Any) -> None:
    try:
        src = SnapshotSource.from_document(doc)
    except UsageError:
        return
    src.query("a.example", "TXT")


@given(st.binary(max_size=500))
def test_snapshot_file(tmp_path_factory: Any, data: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("snap")) / "s.json"
    path.write_bytes(data)
    try:
        SnapshotSource.from_file(path)
    except UsageError as exc:
        assert "\n" not in str(exc)
