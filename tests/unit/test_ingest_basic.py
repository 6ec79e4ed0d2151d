"""Ingest: format detection from content, exact bytes, refusal of non-messages."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from inspector.errors import InputError
from inspector.ingest import load_bytes, load_file, read_pasted_headers
from inspector.ingest.message import SourceFormat

EML = (
    b"Received: from mx.example.net (mx.example.net [192.0.2.1])\r\n"
    b"\tby mail.example.org with ESMTPS id 123; Mon, 30 Nov 2026 04:00:00 +0000\r\n"
    b"From: =?utf-8?q?J=C3=B6rg?= <joerg@example.net>\r\n"
    b"Subject: hello\r\n"
    b"\r\n"
    b"body line\r\n"
)


def test_eml_keeps_exact_bytes_and_hash(tmp_path: Path) -> None:
    p = tmp_path / "m.dat"  # the extension says nothing
    p.write_bytes(EML)
    before = p.stat().st_mtime_ns
    msg = load_file(p)
    assert msg.format is SourceFormat.EML
    assert msg.raw == EML
    assert msg.body == b"body line\r\n"
    assert msg.sha256 == hashlib.sha256(EML).hexdigest()
    assert p.read_bytes() == EML and p.stat().st_mtime_ns == before
    assert [h.name for h in msg.headers] == ["Received", "From", "Subject"]
    assert msg.get("from") is not None and msg.get("from").decoded == "Jörg <joerg@example.net>"  # type: ignore[union-attr]
    assert msg.get("received").raw.endswith(b"+0000\r\n")  # type: ignore[union-attr]


def test_lf_only_message() -> None:
    msg = load_bytes(EML.replace(b"\r\n", b"\n"))
    assert msg.format is SourceFormat.EML
    assert msg.body == b"body line\n"


def test_pasted_headers_have_no_body() -> None:
    msg = read_pasted_headers(EML.decode().split("\r\n\r\n")[0].replace("\r\n", "\n"))
    assert msg.format is SourceFormat.HEADERS
    assert msg.body is None
    assert len(msg.headers) == 3


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "OLE"),
        (b"\x00\x01\x02garbage", "binary"),
        (b"root:x:0:0:root:/root:/bin/bash\n", "no e-mail header"),
        (
            b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\n\nx\nFrom c@d Tue Jan  2 00:00:00 2024\nFrom: c@d\n\ny\n",
            "mbox",
        ),
    ],
)
def test_refuses_non_messages(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        load_bytes(data)


def test_non_utf8_header_survives() -> None:
    msg = load_bytes(b"From: \xe9t\xe9 <a@example.com>\nSubject: x\n\nbody\n")
    assert msg.get("From") is not None
    assert "a@example.com" in msg.get("From").value  # type: ignore[union-attr]
