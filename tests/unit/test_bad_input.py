"""Hostile and broken input through the CLI: one clear line and exit 3, or a report with warnings.

Never a traceback, never exit 1. (Time and memory bounds are measured by benchmarks/bench_corpus.py;
unit tests carry no wall-clock limits.)
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from inspector.ingest import MAX_INPUT_BYTES
from tests.conftest import ROOT
from tests.support.cli_run import analyze_json, run_cli
from tests.support.long_chain import long_chain

MSG_FIXTURES = ROOT / "tests" / "fixtures" / "msg"
DATE = b"Mon, 30 Nov 2026 08:00:00 +0000"


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


# --- refused: exit 3 with one line --------------------------------------------------------------------

REFUSED: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "only-blank-lines": (b"\r\n\r\n  \n", "empty"),
    "random-bytes": (random.Random(1).randbytes(8192), "binary data"),
    "random-text": (bytes(random.Random(2).choice(b"abcdefghij;()<> \r\n") for _ in range(20000)), "no e-mail header"),
    "random-after-ole-magic": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(4096), "OLE"),
    "pdf": (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    "zip": (b"PK\x03\x04" + bytes(100), "ZIP"),
    "mbox": (
        b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\n\nx\n\nFrom c@d Tue Jan  2 00:00:00 2024\nFrom: c@d\n\ny\n",
        "mbox",
    ),
    "mostly-control-bytes": (b"\x00\x01\x02\x03garbage\x04\x05", "binary"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unreadable_input_is_one_line_and_exit_3(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, words = REFUSED[case]
    rc, report, err = analyze_json(capsys, _write(tmp_path, f"{case}.eml", data))
    assert rc == 3 and report is None
    assert words in err


def test_corrupt_msg_is_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = analyze_json(capsys, str(MSG_FIXTURES / "truncated.msg"))
    assert rc == 3
    assert "corrupt or truncated" in err


def test_folder_missing_file_and_oversized_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert analyze_json(capsys, str(tmp_path))[0] == 3
    rc, _, err = analyze_json(capsys, str(tmp_path / "nope.eml"))
    assert rc == 3 and "no such file" in err
    big = tmp_path / "huge.eml"
    with big.open("wb") as fh:
        fh.write(b"From: a@example.com\r\n")
        fh.truncate(MAX_INPUT_BYTES + 10)  # sparse: costs no disk
    rc, _, err = analyze_json(capsys, str(big))
    assert rc == 3 and "larger than" in err


# --- read: exit 0, a report that says what was wrong ----------------------------------------------------


def _truncated_mime() -> bytes:
    return (
        b"From: a@example.com\r\nTo: b@example.com\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        b'--XX\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n'
        b'Content-Disposition: attachment; filename="a.pdf"\r\n\r\nJVBERi0xLjQK\r\nJVBER'
    )


def _nested_comments(depth: int) -> bytes:
    deep = b"(" * depth + b"c" + b")" * depth
    return (
        b"Received: from x.example " + deep + b" by y.example; " + DATE + b"\r\n"
        b"From: " + b"(" * depth + b"a@example.com\r\n"  # never closed
        b"Reply-To: " + deep + b" r@example.com\r\n"
        b"Subject: " + deep + b"\r\n\r\nbody\r\n"
    )


def _nested_multipart(depth: int) -> bytes:
    head = b"From: a@example.com\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
    parts = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(depth))
    return head + parts + b"Content-Type: text/plain\r\n\r\nx\r\n"


def _check_truncated_mime(report: dict) -> None:  # type: ignore[type-arg]
    assert any("MIME" in w for w in report["warnings"])
    assert report["content"]["text_body"].startswith("hello")


def _check_non_utf8(report: dict) -> None:  # type: ignore[type-arg]
    # Bytes that are not UTF-8 are shown as latin-1, not dropped or replaced.
    assert report["identities"]["from_header"].startswith("été")
    assert report["identities"]["subject"].startswith("\x81\x82\x83")


def _check_long_line(report: dict) -> None:  # type: ignore[type-arg]
    assert len(report["identities"]["subject"]) == 2 * 1024 * 1024


def _check_many_received(report: dict) -> None:  # type: ignore[type-arg]
    names = [h["name"] for h in report["headers"]]
    assert names.count("Received") == 5000


def _check_headers_read(report: dict) -> None:  # type: ignore[type-arg]
    assert report["headers"], "the header fields should still be listed"


def _check_control_bytes(report: dict) -> None:  # type: ignore[type-arg]
    assert any("NUL or other control bytes" in w for w in report["warnings"])
    assert report["identities"]["subject"] == "x"


def _check_mime_bomb(report: dict) -> None:  # type: ignore[type-arg]
    assert report["identities"]["subject"] == "nested"


READ: dict[str, tuple[Callable[[], bytes], Callable[[dict], None]]] = {  # type: ignore[type-arg]
    "truncated-mime": (_truncated_mime, _check_truncated_mime),
    "non-utf8-headers": (
        lambda: (
            b"Received: from x (x [192.0.2.1]) by y; " + DATE + b"\r\n"
            b"From: \xe9t\xe9 \xff <a@ex\xe9mple.com>\r\n"
            b"Subject: \x81\x82\x83 =?bogus?q?x?= =?utf-8?b?////?=\r\n\r\nbody\r\n"
        ),
        _check_non_utf8,
    ),
    "2mb-subject-line": (
        lambda: b"From: a@example.com\r\nSubject: " + b"A" * (2 * 1024 * 1024) + b"\r\n\r\nbody\r\n",
        _check_long_line,
    ),
    "2mb-received-line": (
        lambda: (
            b"Received: from " + b"h" * (2 * 1024 * 1024) + b" by x; " + DATE + b"\r\nFrom: a@example.com\r\n\r\nb\r\n"
        ),
        _check_headers_read,
    ),
    "2mb-encoded-words": (
        lambda: b"From: " + b"=?utf-8?q?=C3=A9?= " * 110_000 + b"<a@example.com>\r\nSubject: x\r\n\r\nbody\r\n",
        _check_headers_read,
    ),
    "2mb-folded-field": (
        # 2 MB in 20,000 folded lines (benchmarks/bench_corpus.py times the 700,000-line worst case).
        lambda: b"From: a@example.com\r\nSubject: x" + (b"\r\n " + b"y" * 100) * 20_000 + b"\r\n\r\nbody\r\n",
        _check_headers_read,
    ),
    "5000-received": (
        lambda: long_chain(5000),
        _check_many_received,
    ),
    "nested-comments": (lambda: _nested_comments(50_000), _check_headers_read),
    "nested-comments-500": (lambda: _nested_comments(500), _check_headers_read),
    "nested-multipart": (lambda: _nested_multipart(3000), _check_mime_bomb),
    "junk-auth-headers": (
        lambda: (
            b"DKIM-Signature: v=1; a=rsa-sha256; d=" + b"x" * 100_000 + b"; s=s; b=;bh=\r\n"
            b"ARC-Seal: i=99999999999999999999; a=rsa-sha256; cv=none; d=a; s=b; b=\r\n"
            b"Authentication-Results: " + b"a; " * 50_000 + b"\r\nFrom: a@example.com\r\n\r\nbody\r\n"
        ),
        _check_headers_read,
    ),
    "header-only-no-body": (lambda: b"From: a@example.com\r\nSubject: cut here", _check_headers_read),
    "lone-cr-line-ends": (lambda: b"From: a@example.com\rSubject: x\r\rbody\r", _check_headers_read),
    # A stray NUL must not stop the analysis (an attacker could use one to hide a message): a warning instead.
    "nul-in-headers": (lambda: b"From: a@example.com\x00\x00\r\nSubject: x\r\n\r\nbody\x00\r\n", _check_control_bytes),
}


@pytest.mark.parametrize("case", sorted(READ))
def test_broken_but_readable_input_gives_a_report(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, check = READ[case]
    rc, report, err = analyze_json(capsys, _write(tmp_path, f"{case}.eml", make()))
    assert rc == 0, err
    assert report is not None
    check(report)


def test_text_output_of_hostile_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The human-readable report copes too (it prints decoded values, which may hold control bytes)."""
    path = _write(tmp_path, "x.eml", _nested_comments(2000) + b"X-Ctl: \x1b[31mred\x07\r\n")
    rc, out, _ = run_cli(capsys, "analyze", path, "--offline")
    assert rc == 0 and out


def test_stdin_pasted_headers(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(b"From: a@example.com\nSubject: pasted\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    rc, report, _ = analyze_json(capsys, "-")
    assert rc == 0 and report is not None
    assert report["source"]["format"] == "headers"

    fake = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    rc, _, err = analyze_json(capsys, "-")
    assert rc == 3 and "empty" in err


def test_usage_errors_are_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "m.eml", b"From: a@example.com\r\n\r\nx\r\n")
    rc, _, err = run_cli(capsys, "analyze", path, "--client-ip", "not-an-ip")
    assert rc == 2 and err.count("\n") == 1
    rc, _, err = run_cli(capsys, "analyze", path, "--offline", "--nameserver", "127.0.0.1")
    assert rc == 2
    with pytest.raises(SystemExit) as info:
        run_cli(capsys, "analyze", path, "--no-such-option")
    assert info.value.code == 2
    assert run_cli(capsys)[0] == 2


def test_small_file_is_read_without_a_64_mb_buffer(tmp_path: Path) -> None:
    import tracemalloc

    from inspector.ingest import load_file

    path = _write(tmp_path, "small.eml", b"From: a@example.com\r\nSubject: s\r\n\r\nbody\r\n")
    tracemalloc.start()
    try:
        load_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"reading a 50-byte file peaked at {peak} bytes"
