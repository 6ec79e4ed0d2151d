"""Issue 12 item 3: message bytes never reach a terminal raw (CLI text, error lines, ticket summary).

The message below carries terminal escapes in every field a view shows: CSI repaint, OSC 8 hyperlinks,
OSC 52 clipboard writes, window titles, the 8-bit CSI U+009B and bidi overrides, each raw and RFC 2047-encoded.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from pathlib import Path

import pytest

from inspector.analyze import analyze
from inspector.cli import main
from inspector.ingest import load_bytes
from inspector.report.to_text import report_to_text
from inspector.report.wording import ticket_summary
from tests.support.cli_run import run_cli

#: The escapes an attacker sends to a terminal, as text.
PAYLOADS = (
    "\x1b[2J\x1b[HVerdict: OK - sent by paypal.com\x1b[8m",  # CSI: clear screen, home, hide the rest
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",  # OSC 52 clipboard write
    "\x1b]0;Verdict OK\x07",  # window title
    "\u009b31mred",  # 8-bit CSI
    "invoice_2025\u202efdp.exe \u2066isolated\u2069 \u200f",  # bidi
    "line\r\nVerdict: OK",  # a line break inside a value
)


def _enc(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def hostile_message() -> bytes:
    """A message with every payload, raw and encoded, in each displayed field."""
    raw = " ".join(p.replace("\r\n", " ") for p in PAYLOADS)  # raw CR LF would end the field itself
    enc = " ".join(_enc(p) for p in PAYLOADS)
    lines = [
        f"Received: from evil{raw} (host{raw} [192.0.2.1]) by mx.example.net{raw}; Mon, 1 Dec 2025 10:00:00 +0000",
        f"Authentication-Results: mx.example.net{raw}; spf=pass smtp.mailfrom=a@evil.example{raw};"
        f" dkim=pass header.d=evil.example{raw}",
        f"DKIM-Signature: v=1; a=rsa-sha256; d=evil.example{raw}; s=sel{raw}; h=from; bh=AAAA; b=AAAA",
        f"Return-Path: <bounce{raw}@evil.example>",
        f'From: "{raw}" {enc} <a@evil.example>',
        f"Reply-To: {enc} <r{raw}@evil.example>",
        f"Sender: {enc} <s@evil.example>",
        f"To: {enc} <victim@example.org>",
        f"Subject: {raw} {enc}",
        f"Date: Mon, 1 Dec 2025 10:00:00 +0000 {raw}",
        f"Message-ID: <{raw}@evil.example>",
        f"List-Id: {enc} <list{raw}.evil.example>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        f"body {raw}",
        "",
    ]
    return "\r\n".join(lines).encode("utf-8")


def assert_terminal_safe(text: str) -> None:
    """Nothing but printable characters and line feeds: no C0/C1 control, no bidi or invisible format char."""
    for n, line in enumerate(text.split("\n")):
        for c in line:
            cat = unicodedata.category(c)
            assert cat not in ("Cc", "Cf", "Zl", "Zp", "Cs"), f"line {n}: raw {c!r} in {line[:200]!r}"


def test_message_is_read_not_refused() -> None:
    """The test below would prove nothing if the message were refused (it once was: too many ESC bytes)."""
    msg = load_bytes(hostile_message())
    assert msg.get("Subject") is not None


def test_text_report_shows_every_control_visibly() -> None:
    report = analyze(load_bytes(hostile_message()))
    text = report_to_text(report)
    assert_terminal_safe(text)
    # The escapes are shown, not dropped: the analyst sees that the message carried them.
    assert "^[[2J" in text and "⟨U+202E⟩" in text and "⟨U+009B⟩" in text
    # No line of the message can pose as the verdict line.
    assert [ln for ln in text.split("\n") if ln.startswith("Verdict")] == [text.split("\n")[0]]


def test_ticket_summary_shows_every_control_visibly() -> None:
    summary = ticket_summary(analyze(load_bytes(hostile_message())))
    assert_terminal_safe(summary)
    assert "^[]52;" in summary


def test_json_keeps_the_data(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "hostile.eml"
    path.write_bytes(hostile_message())
    rc, out, _ = run_cli(capsys, "analyze", str(path), "--offline", "--json")
    assert rc == 0
    assert "\x1b" not in out and "\u009b" not in out  # escaped by the JSON encoder …
    doc = json.loads(out)
    assert "\x1b]52;" in doc["identities"]["subject"]  # … and still there once decoded
    assert "\u202e" in doc["identities"]["subject"]


def test_cli_text_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "hostile.eml"
    path.write_bytes(hostile_message())
    rc, out, err = run_cli(capsys, "analyze", str(path), "--offline")
    assert rc == 0
    assert_terminal_safe(out)
    assert_terminal_safe(err)


def test_error_lines_that_echo_a_path_are_safe(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    name = "x\x1b]0;pwned\x07\u202egpj.exe"
    rc, out, err = run_cli(capsys, "analyze", str(tmp_path / name), "--offline")
    assert rc == 3 and out == ""
    assert_terminal_safe(err)
    assert "^[]0;pwned^G⟨U+202E⟩gpj.exe: no such file" in err


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names are bytes")
def test_error_line_keeps_a_non_utf8_file_name_visible(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = os.fsdecode(os.fsencode(str(tmp_path)) + b"/lat\xe9.eml")
    rc, _, err = run_cli(capsys, "analyze", path, "--offline")
    assert rc == 3
    assert "lat\\xE9.eml: no such file" in err and "\ufffd" not in err and "?" not in err


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names are bytes")
def test_json_keeps_a_non_utf8_file_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Issue 12 item 9: the name is kept (surrogate-escaped), and the JSON always encodes as UTF-8."""
    path = os.fsdecode(os.fsencode(str(tmp_path)) + b"/lat\xe9.eml")
    Path(path).write_bytes(b"From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n")
    rc, out, _ = run_cli(capsys, "analyze", path, "--offline", "--json")
    assert rc == 0
    out.encode("utf-8")  # no lone surrogate left raw in the text
    doc = json.loads(out)
    assert doc["source"]["path"] == path
    assert os.fsencode(doc["source"]["path"]).endswith(b"/lat\xe9.eml")


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "/dev/null", "--bogus\x1b[2J\u202e"],
        ["x\x1b]52;c;ZXZpbA==\x07"],
    ],
)
def test_usage_errors_echo_arguments_visibly(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage:")
    assert_terminal_safe(err)
