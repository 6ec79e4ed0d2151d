"""Per-message speed-ups (issue 16 item 3) give exactly what the code they replaced gave.

Each faster path is checked against the slower expression it replaced, kept here as the oracle, on random
inputs built from the characters that matter and on corpus messages. (These pass on the old code too: they
prove the rewrite changed no answer; the speed figures are in benchmarks/bench_batch.py.)
"""

from __future__ import annotations

import dataclasses
import pickle
import random
import re
from collections.abc import Iterable

from inspector.auth.bodyhash import relaxed_body
from inspector.chain.artefacts import CanonicalBodies
from inspector.ingest import eml, headers
from inspector.ingest.message import HeaderField
from tests.support.corpora import phishing_messages


def _corpus(n: int = 60) -> list[bytes]:
    return [p.read_bytes() for p in phishing_messages()[:n]]


def _random(pieces: list[bytes], count: int = 20_000, seed: int = 16) -> list[bytes]:
    rng = random.Random(seed)
    return [b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(count)]


def _lines_one_by_one(block: bytes) -> list[bytes]:
    pos, n, out = 0, len(block), []
    while pos < n:
        lf = block.find(b"\n", pos)
        cr = block.find(b"\r", pos, lf if lf >= 0 else n)
        if cr >= 0 and (lf < 0 or cr < lf):
            end = cr + 2 if block[cr + 1 : cr + 2] == b"\n" else cr + 1
        elif lf >= 0:
            end = lf + 1
        else:
            end = n
        out.append(block[pos:end])
        pos = end
    return out


def test_header_lines_split_at_once_are_the_lines_read_one_by_one() -> None:
    pieces = [b"\r", b"\n", b"\r\n", b"a", b" ", b"\x0b", b"\x0c", b"\x1c", b"\x85", b"\xe2\x80\xa8"]
    for block in _random(pieces) + _corpus():
        assert list(headers._lines(block)) == _lines_one_by_one(block), block


def test_relaxed_body_white_space_runs_as_before() -> None:
    old = re.compile(rb"[ \t]+")
    for body in _random([b" ", b"\t", b"a", b"\r\n", b"  ", b" \t"]) + _corpus():
        expected = old.sub(b" ", body).replace(b" \r\n", b"\r\n")
        if expected.endswith(b" "):
            expected = expected[:-1]
        end = len(expected)
        while end >= 2 and expected[end - 2 : end] == b"\r\n":
            end -= 2
        assert relaxed_body(body) == (expected[:end] + b"\r\n" if end else b""), body


def _spans(matches: Iterable[re.Match[bytes]]) -> list[tuple[int, int, tuple[bytes | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


def test_mime_prescan_finds_the_same_boundaries_and_delimiter_lines() -> None:
    pieces = [b"--", b"-", b"\n", b"\r\n", b"\r", b"boundary", b"BOUNDARY", b"Boundary=", b"=", b" ", b'"', b"abc"]
    pieces += [b"x--", b";", b'boundary="q"', b"--abc--", b"--abc", b"\t"]
    for data in _random(pieces) + _corpus():
        assert _spans(eml._boundary_params(data)) == _spans(eml._BOUNDARY.finditer(data)), data
        assert _spans(eml._delimiter_lines(data)) == _spans(eml._DELIMITER.finditer(data)), data


def test_chain_wire_body_is_every_bare_lf_made_crlf() -> None:
    for body in _random([b"\r", b"\n", b"\r\n", b"a", b"\r\r", b"\n\n"]) + _corpus():
        bodies = CanonicalBodies(body)
        bodies.canonical("relaxed/simple")
        assert bodies._wire == re.sub(rb"(?<!\r)\n", b"\r\n", body)


def test_header_field_lname_is_made_once_and_stays_out_of_comparisons() -> None:
    field = HeaderField(0, "X-Mixed-Case", "v", "v", b"X-Mixed-Case: v")
    assert field.lname == "x-mixed-case"
    assert pickle.loads(pickle.dumps(field)).lname == "x-mixed-case"
    assert dataclasses.replace(field, name="Subject").lname == "subject"
    assert field == HeaderField(0, "X-Mixed-Case", "v", "v", b"X-Mixed-Case: v")
    assert "lname" not in repr(field)


def test_blank_line_is_where_the_regex_finds_the_end_of_the_header() -> None:
    pattern = re.compile(rb"\r?\n\r?\n")
    for data in _random([b"\r", b"\n", b"\r\n", b"a", b"\r\r", b"\n\n", b" "]) + _corpus():
        m = pattern.search(data)
        assert headers.blank_line(data) == (m.span() if m else None), data


def test_ip_text_is_the_address_as_text() -> None:
    import ipaddress

    from inspector.chain.ipaddr import ip_text

    written = ("192.0.2.1", "2001:db8::1", "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1", "fe80::1%eth0")
    for text in written:
        ip = ipaddress.ip_address(text)
        assert ip_text(ip) == str(ip)


def test_control_bytes_are_still_counted_per_field() -> None:
    block = b"Subject: a\x00b\r\nFrom: x@example.org\r\nX-A: \x01\r\n \x02\r\n"
    fields, warnings, _ = headers.parse_header_block_bounded(block)
    assert len(fields) == 3
    assert "2 header field(s) contain NUL or other control bytes, a sign of a crafted message" in warnings
    clean, clean_warnings, _ = headers.parse_header_block_bounded(b"Subject: a\r\nFrom: x@example.org\r\n")
    assert len(clean) == 2 and not clean_warnings
