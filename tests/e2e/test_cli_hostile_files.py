"""Issue 12 item 9: output files never replace the evidence, non-regular files never block, the snapshot
loader is bounded, exports honour the umask. The CLI and the ingest loader the GUI uses."""

from __future__ import annotations

import base64
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from inspector.dns.offline import OfflineSource
from inspector.dns.recording import RecordingSource
from inspector.errors import InputError, UsageError
from inspector.ingest import load_bytes, load_file
from tests.support.cli_run import run_cli

POSIX = pytest.mark.skipif(os.name == "nt", reason="FIFOs, devices and umask are POSIX")
MESSAGE = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nbody\r\n"


def _evidence(tmp_path: Path) -> Path:
    p = tmp_path / "evidence.eml"
    p.write_bytes(MESSAGE)
    return p


@pytest.mark.parametrize("link", ["same", "hard", "sym"])
def test_record_dns_refuses_the_evidence_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, link: str) -> None:
    ev = _evidence(tmp_path)
    target = ev
    if link == "hard":
        target = tmp_path / "hardlink.json"
        os.link(ev, target)
    elif link == "sym":
        target = tmp_path / "symlink.json"
        target.symlink_to(ev)
    rc, out, err = run_cli(capsys, "analyze", str(ev), "--offline", "--record-dns", str(target))
    assert rc == 2 and out == ""
    assert "message file being analysed" in err
    assert ev.read_bytes() == MESSAGE


def test_dns_capture_refuses_the_evidence_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ev = _evidence(tmp_path)
    link = tmp_path / "link.json"
    os.link(ev, link)
    rc, _, err = run_cli(capsys, "dns-capture", str(ev), "-o", str(link), "--nameserver", "127.0.0.1:9")
    assert rc == 2 and "message file being analysed" in err
    assert ev.read_bytes() == MESSAGE


def test_recorder_itself_refuses_the_evidence(tmp_path: Path) -> None:
    """The engine's own guard (the GUI and any caller get it, whatever they checked before)."""
    ev = _evidence(tmp_path)
    msg = load_file(str(ev))
    with pytest.raises(UsageError):
        RecordingSource(OfflineSource()).save(str(ev), messages=[msg])
    assert ev.read_bytes() == MESSAGE


@POSIX
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.eml"
    os.mkfifo(fifo)
    result: list[BaseException | None] = []

    def work() -> None:
        try:
            load_file(str(fifo))
            result.append(None)
        except BaseException as exc:  # noqa: BLE001
            result.append(exc)

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(30)  # a generous bound only to keep a regression from hanging the suite forever
    if t.is_alive():
        # unblock the reader so the thread ends, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert isinstance(result[0], InputError)
    assert "named pipe" in str(result[0])


@POSIX
def test_device_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run_cli(capsys, "analyze", "/dev/zero", "--offline")
    assert rc == 3 and "device" in err


@POSIX
def test_snapshot_device_and_fifo_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ev = _evidence(tmp_path)
    rc, _, err = run_cli(capsys, "analyze", str(ev), "--dns-snapshot", "/dev/zero")
    assert rc == 2 and "not a regular file" in err
    fifo = tmp_path / "snap.json"
    os.mkfifo(fifo)
    rc, _, err = run_cli(capsys, "analyze", str(ev), "--dns-snapshot", str(fifo))
    assert rc == 2 and "named pipe" in err


def test_snapshot_too_large(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspector.dns.snapshot as snapshot

    monkeypatch.setattr(snapshot, "MAX_SNAPSHOT_BYTES", 1000)
    ev = _evidence(tmp_path)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "dns-snapshot/1", "records": [], "pad": "x" * 2000}))
    rc, _, err = run_cli(capsys, "analyze", str(ev), "--dns-snapshot", str(big))
    assert rc == 2 and "larger than" in err


@pytest.mark.parametrize("depth", [40, 100_000])
def test_snapshot_too_deep(capsys: pytest.CaptureFixture[str], tmp_path: Path, depth: int) -> None:
    ev = _evidence(tmp_path)
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "dns-snapshot/1", "records": ' + "[" * depth + "]" * depth + "}")
    rc, out, err = run_cli(capsys, "analyze", str(ev), "--dns-snapshot", str(deep))
    assert rc == 2 and out == ""
    assert "nested" in err and err.count("\n") == 1


@POSIX
@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_recorded_snapshot_honours_umask(capsys: pytest.CaptureFixture[str], tmp_path: Path, umask: int) -> None:
    ev = _evidence(tmp_path)
    out = tmp_path / "snap.json"
    old = os.umask(umask)
    try:
        rc, _, _ = run_cli(capsys, "analyze", str(ev), "--offline", "--record-dns", str(out))
    finally:
        os.umask(old)
    assert rc == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_iso_2022_jp_is_text_not_binary() -> None:
    """Issue 11 item 9: 7-bit ISO-2022-JP (ESC sequences everywhere) is the standard Japanese mail charset."""
    body = "会議は明日です。よろしくお願いします。\n" * 20
    subject = "=?ISO-2022-JP?B?" + base64.b64encode("緊急ミーティング".encode("iso2022_jp")).decode() + "?="
    head = (
        "From: =?ISO-2022-JP?B?GyRCJCYkayROQnNMaRsoSg==?= <uruno@example.jp>\r\n"
        f"Subject: {subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n"
        "Content-Transfer-Encoding: 7bit\r\n\r\n"
    )
    msg = load_bytes(head.encode("ascii") + body.encode("iso2022_jp"))
    assert msg.text_body is not None and "会議は明日です" in msg.text_body
    sub = msg.get("Subject")
    assert sub is not None and sub.decoded == "緊急ミーティング"


@pytest.mark.parametrize("name", ["mailcore2__17.eml", "mailcore2__1.eml"])
def test_real_iso_2022_jp_messages_read(shared: Path, name: str) -> None:
    msg = load_file(str(shared / "corpora" / "legit-dev" / name))
    assert msg.headers and (msg.text_body or msg.html_body)


def _text_codecs() -> list[str]:
    import codecs
    import encodings.aliases

    names = sorted(set(encodings.aliases.aliases.values()))
    out = []
    for n in names:
        try:
            if codecs.lookup(n)._is_text_encoding:
                out.append(n)
        except LookupError:
            continue
    return out


@pytest.mark.parametrize("codec", _text_codecs())
def test_every_text_charset_reads(codec: str) -> None:
    """Every charset Python knows: the message is read and its body decoded in that charset."""
    text = "Hello world, price 10 EUR. Grüße. 日本語."
    plain = codec in ("idna", "punycode")
    body = text.encode("ascii", "replace") if plain else text.encode(codec, errors="replace")
    head = f"From: a@example.org\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset={codec}\r\n"
    msg = load_bytes(head.encode() + b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body)
    assert msg.text_body is not None
    assert "Hello" in msg.text_body


@pytest.mark.parametrize(
    "blob",
    [
        bytes(range(256)) * 64,
        b"\x89PNG\r\n\x1a\n" + os.urandom(8192),
        b"\x7fELF\x02\x01\x01" + bytes(9) + os.urandom(8192),
        b"\x1f\x8b\x08\x00" + os.urandom(8192),
    ],
)
def test_binary_data_still_refused(blob: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        load_bytes(blob)
