"""What saving or pasting adds to a message is removed, with a warning; the evidence hash stays the file's."""

from __future__ import annotations

import hashlib

import pytest

from inspector.ingest import load_bytes
from inspector.ingest.message import SourceFormat

HEADERS = "Received: from a.example (a.example [192.0.2.1]) by mx.example; Mon, 30 Nov 2026 04:00:00 +0000\r\n"
HEADERS += "From: Sender <s@a.example>\r\nSubject: Grüße\r\n"


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        (b"\xef\xbb\xbf" + HEADERS.encode(), "byte-order mark"),
        (b"\r\n\r\n  " + HEADERS.encode(), "blank lines or spaces before the first header"),
        (b"Microsoft Mail Internet Headers Version 2.0\r\n" + HEADERS.encode(), "Microsoft Mail Internet Headers"),
        (b"\xff\xfe" + HEADERS.encode("utf-16-le"), "UTF-16"),
        (HEADERS.encode("utf-16-le"), "UTF-16"),
    ],
)
def test_additions_are_removed(data: bytes, warning: str) -> None:
    msg = load_bytes(data)
    assert [h.name for h in msg.headers] == ["Received", "From", "Subject"]
    assert msg.get("Subject").decoded == "Grüße"  # type: ignore[union-attr]
    assert any(warning in w for w in msg.warnings), msg.warnings
    assert msg.sha256 == hashlib.sha256(data).hexdigest()


def test_a_message_file_with_a_blank_body_has_the_empty_body() -> None:
    """A file with a header/body separator has a body, the blank one, and its hash is checked (issue 10 item 4).

    Only pasted headers and .msg files are header-only; a body wiped after signing must fail DKIM, not pass it.
    """
    msg = load_bytes(HEADERS.encode() + b"\r\n\r\n")
    assert msg.body == b"\r\n" and msg.format is SourceFormat.EML
    assert any("body is empty" in w for w in msg.warnings)
    bare = load_bytes(HEADERS.encode())
    assert bare.body == b"" and bare.format is SourceFormat.EML
    assert any("paste them as headers" in w for w in bare.warnings)


def test_a_real_body_is_kept() -> None:
    msg = load_bytes(HEADERS.encode() + b"\r\nhello\x00 world\r\n")
    assert msg.body == b"hello\x00 world\r\n" and msg.format is SourceFormat.EML


def test_return_path_with_a_second_at_in_the_local_part_is_kept() -> None:
    """parseaddr gives up on "bounces+user@host=example.com@bounce.example"; the report must not blank it."""
    from inspector.identities import read_identities

    raw = b"Return-Path: <bounces+user@host=example.com@bounce.example>\r\n" + HEADERS.encode() + b"\r\nbody\r\n"
    ids, _ = read_identities(load_bytes(raw))
    assert ids.return_path == "bounces+user@host=example.com@bounce.example"
    null, _ = read_identities(load_bytes(b"Return-Path: <>\r\n" + HEADERS.encode() + b"\r\nbody\r\n"))
    assert null.return_path == ""
