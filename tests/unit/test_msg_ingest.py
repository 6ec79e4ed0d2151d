"""Reading Outlook .msg items: transport headers, bodies, attachments, sent items, damaged files."""

from __future__ import annotations

import hashlib
import random
import shutil
import struct
from pathlib import Path

import pytest

from inspector.errors import InputError
from inspector.ingest import load_bytes, load_file
from inspector.ingest.message import Message, SourceFormat
from inspector.ingest.msg import NO_TRANSPORT_HEADERS
from tests.conftest import ROOT
from tests.support.msg_writer import (
    HTML_BODY,
    PDF_ATTACHMENT,
    PLAIN_BODY,
    STRING8_HEADERS,
    TXT_ATTACHMENT,
    UNICODE_HEADERS,
    MsgAttachment,
    build_msg,
    write_cfb,
)

FIXTURES = ROOT / "tests" / "fixtures" / "msg"


def _load(name: str) -> Message:
    return load_file(FIXTURES / name)


def test_unicode_transport_headers() -> None:
    msg = _load("unicode-headers.msg")
    assert msg.format is SourceFormat.MSG
    assert msg.body is None and not msg.has_body
    assert [h.name for h in msg.headers] == [
        "Received",
        "Authentication-Results",
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "MIME-Version",
        "Content-Type",
    ]
    assert msg.get("Subject").value == "Grüße aus Köln – Rechnung 42"  # type: ignore[union-attr]
    assert msg.get("From").decoded == "Jörg Müller <joerg@example-bank.test>"  # type: ignore[union-attr]
    assert msg.get("From").value.startswith("=?utf-8?q?")  # type: ignore[union-attr]
    # raw: the header block as UTF-8 with CRLF, without Exchange's "Version 2.0" banner or the blank line.
    expected = UNICODE_HEADERS.split("\r\n", 1)[1].removesuffix("\r\n").encode("utf-8")
    assert msg.raw == expected
    assert msg.get("Received").raw.endswith(b"(CET)\r\n")  # type: ignore[union-attr]
    assert msg.text_body == "Hallo Zoë,\r\nanbei die Rechnung.\r\n"
    assert msg.warnings == ()


def test_string8_transport_headers_keep_their_bytes() -> None:
    msg = _load("string8-headers.msg")
    assert msg.raw == STRING8_HEADERS.removesuffix(b"\r\n")
    assert b"Subject: Men\xfc du jour\r\n" in msg.raw
    # Not UTF-8, so shown as latin-1 (every byte survives).
    assert msg.get("From").value == "Café Support <support@example-bank.test>"  # type: ignore[union-attr]
    assert msg.get("Return-Path").value == "<bounce@example-bank.test>"  # type: ignore[union-attr]
    # The plain body is 8-bit in the item's code page (1252).
    assert msg.text_body == "Soupe à l'oignon\r\n"


def test_html_plain_and_two_attachments() -> None:
    msg = _load("html-attachments.msg")
    assert msg.text_body == PLAIN_BODY
    assert msg.html_body == HTML_BODY.decode("utf-8")
    assert "\u2014" in msg.html_body  # the meta charset (utf-8) was honoured
    assert [(a.filename, a.content_type, a.size, a.sha256) for a in msg.attachments] == [
        ("Invoice_Nov_2026.pdf", "application/pdf", len(PDF_ATTACHMENT), hashlib.sha256(PDF_ATTACHMENT).hexdigest()),
        ("README.TXT", "text/plain", len(TXT_ATTACHMENT), hashlib.sha256(TXT_ATTACHMENT).hexdigest()),
    ]
    assert msg.get("Reply-To").value == "refunds@collector.test"  # type: ignore[union-attr]


def test_sent_item_is_a_report_with_the_warning() -> None:
    msg = _load("sent-item.msg")
    assert NO_TRANSPORT_HEADERS in msg.warnings
    assert msg.get("Received") is None
    assert msg.get("From").value == '"Ana Lima" <ana.lima@corp.example>'  # type: ignore[union-attr]
    assert msg.get("To").value == '"Ben Ode" <ben.ode@partner.test>'  # type: ignore[union-attr]
    assert msg.get("Cc").value == '"Cy Finance" <finance@corp.example>'  # type: ignore[union-attr]
    assert msg.get("Subject").value == "Quarterly figures"  # type: ignore[union-attr]
    assert msg.get("Date").value == "Mon, 30 Nov 2026 07:14:00 +0000"  # type: ignore[union-attr]
    assert msg.get("Message-ID").value == "<sent-1@corp.example>"  # type: ignore[union-attr]
    assert msg.get("Sender") is None  # same address as From
    assert msg.raw == b"".join(h.raw for h in msg.headers)


def test_truncated_msg_is_one_clear_line() -> None:
    with pytest.raises(InputError) as info:
        _load("truncated.msg")
    text = str(info.value)
    assert "corrupt or truncated" in text and "\n" not in text


def test_format_comes_from_content_and_evidence_is_untouched(tmp_path: Path) -> None:
    target = tmp_path / "looks-like.eml"
    shutil.copyfile(FIXTURES / "html-attachments.msg", target)
    before = (target.read_bytes(), target.stat().st_mtime_ns)
    msg = load_file(target)
    assert msg.format is SourceFormat.MSG
    assert msg.sha256 == hashlib.sha256(before[0]).hexdigest()
    assert msg.size == len(before[0]) and msg.path == str(target)
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before


def test_directory_beyond_the_first_megabyte_is_still_a_msg() -> None:
    # The writer puts the directory last, so a 1.5 MB attachment pushes every stream name past 1 MB.
    big = bytes(random.Random(7).randbytes(1_500_000))
    data = build_msg(
        {0x0037001F: "big", 0x007D001F: "From: a@example.com\r\nSubject: big\r\n\r\n"},
        attachments=[MsgAttachment(big, long_filename="big.bin")],
    )
    assert "__substg1.0_".encode("utf-16-le") not in data[: 1 << 20]
    msg = load_bytes(data)
    assert msg.format is SourceFormat.MSG
    assert msg.attachments[0].size == 1_500_000
    assert msg.attachments[0].sha256 == hashlib.sha256(big).hexdigest()


def test_other_ole_files_are_refused() -> None:
    word_like = write_cfb({"WordDocument": b"\xec\xa5" + b"\x00" * 600, "\x05SummaryInformation": b"\x00" * 80})
    with pytest.raises(InputError, match="not an Outlook message"):
        load_bytes(word_like)


def test_item_with_nothing_to_analyse_is_refused() -> None:
    with pytest.raises(InputError, match="nothing to analyse"):
        load_bytes(build_msg({0x1000001F: "only a body"}))


def test_lf_and_cr_line_ends_become_crlf() -> None:
    headers = "Received: from a.example\n\tby b.example; Mon, 30 Nov 2026 08:00:00 +0000\rFrom: x@a.example\n\n"
    msg = load_bytes(build_msg({0x007D001F: headers}))
    assert (
        msg.raw
        == b"Received: from a.example\r\n\tby b.example; Mon, 30 Nov 2026 08:00:00 +0000\r\nFrom: x@a.example\r\n"
    )
    assert [h.name for h in msg.headers] == ["Received", "From"]


def test_html_body_as_unicode_string_and_embedded_nul() -> None:
    msg = load_bytes(
        build_msg({0x007D001F: "From: x@a.example\r\n", 0x1013001F: "<p>h\u00e9llo</p>\x00junk", 0x0037001F: "s"})
    )
    assert msg.html_body == "<p>h\u00e9llo</p>"


def test_declared_stream_size_beyond_the_file_is_skipped_not_allocated() -> None:
    data = bytearray(build_msg({0x0037001F: "s", 0x007D001F: "From: x@a.example\r\nSubject: s\r\n"}))
    name = "__substg1.0_007D001F".encode("utf-16-le")
    at = data.find(name)
    assert at > 0 and at % 128 == 0
    struct.pack_into("<Q", data, at + 120, 0xFFFFFFF0)  # ~4 GB claimed by a 4 kB file
    msg = load_bytes(bytes(data))
    # The transport headers are unusable, so the item is read like a draft, with a damage warning.
    assert NO_TRANSPORT_HEADERS in msg.warnings
    assert any("damaged" in w and "007D001F" in w for w in msg.warnings)


def test_degenerate_directory_tree_is_an_input_error() -> None:
    # 3,000 siblings chained through their right pointers: olefile recurses once per entry.
    n = 3000
    data = bytearray(write_cfb({f"s{i:05d}": b"" for i in range(n)} | {"__substg1.0_0037001F": b"s\x00"}))
    dir_start = struct.unpack_from("<I", data, 48)[0]
    base = 512 + dir_start * 512
    entries = n + 2
    for sid in range(1, entries):
        off = base + sid * 128
        struct.pack_into("<II", data, off + 68, 0xFFFFFFFF, sid + 1 if sid + 1 < entries else 0xFFFFFFFF)
    struct.pack_into("<I", data, base + 76, 1)  # root's child: the first of the chain
    with pytest.raises(InputError, match=r"corrupt or truncated.*nested too deeply"):
        load_bytes(bytes(data))


def _mutations(seed: int, count: int) -> list[bytes]:
    rnd = random.Random(seed)
    originals = [p.read_bytes() for p in sorted(FIXTURES.glob("*.msg")) if p.name != "truncated.msg"]
    out = []
    for i in range(count):
        data = bytearray(originals[i % len(originals)])
        for _ in range(rnd.randint(1, 12)):
            pos = rnd.randrange(len(data))
            data[pos] = rnd.randrange(256)
        out.append(bytes(data))
    return out


@pytest.mark.parametrize("data", _mutations(20261130, 400), ids=lambda d: hashlib.sha256(d).hexdigest()[:10])
def test_random_corruption_gives_a_message_or_one_input_error(data: bytes) -> None:
    try:
        msg = load_bytes(data)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert msg.format in (SourceFormat.MSG, SourceFormat.EML, SourceFormat.HEADERS)


@pytest.mark.parametrize("cut", range(512, 14336, 512))
def test_every_truncation_gives_a_message_or_one_input_error(cut: int) -> None:
    data = (FIXTURES / "html-attachments.msg").read_bytes()[:cut]
    try:
        load_bytes(data)
    except InputError as exc:
        assert "\n" not in str(exc)


def test_embedded_outlook_item_becomes_a_msg_file_of_its_own() -> None:
    """An Outlook item attached to another is a sub-storage, not bytes: it is handed over as the .msg file
    Outlook writes when the attached item is saved on its own (its 24-byte property header grown to 32)."""
    inner = {"__properties_version1.0": b"\x00" * 24, "__substg1.0_0037001F": "inner".encode("utf-16-le")}
    props = struct.pack("<IIii", 0x37050003, 6, 5, 0)  # PR_ATTACH_METHOD = 5 (embedded message)
    data = write_cfb(
        {
            "__properties_version1.0": b"\x00" * 32,
            "__substg1.0_007D001F": "From: x@a.example\r\n".encode("utf-16-le"),
            "__attach_version1.0_#00000000": {
                "__properties_version1.0": b"\x00" * 8 + props,
                "__substg1.0_3001001F": "Forwarded item".encode("utf-16-le"),
                "__substg1.0_3701000D": inner,
            },
        }
    )
    (att,) = load_bytes(data).attachments
    assert att.filename == "Forwarded item"
    assert att.content_type == "application/vnd.ms-outlook"
    assert att.data.startswith(b"\xd0\xcf\x11\xe0") and att.size == len(att.data)
    assert att.sha256 == hashlib.sha256(att.data).hexdigest()
    saved = load_bytes(att.data)
    assert saved.format is SourceFormat.MSG
    subject = saved.get("Subject")
    assert subject is not None and subject.decoded == "inner"
