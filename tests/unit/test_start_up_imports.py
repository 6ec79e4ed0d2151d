"""What a start imports: heavy libraries only on the path that needs them (issue 18 item 7, start-up time).

A plain offline analysis of a header-only or plain-text message must not import the HTML parser (lxml), the
Office/.msg readers (olefile, oletools), the PDF, image, QR and archive readers, the sender-history store
(sqlite3) or the learning pipeline; and the desktop app's window must not import the engine's stages at all
(the analysis runs in a child process). Each case runs in a fresh interpreter: the test session itself has
long imported everything. The opposite cases (an HTML body, a .msg, a history store) check that the deferred
module is then imported and used, so the test cannot pass by never running that code.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"
MSG = ROOT / "tests" / "fixtures" / "msg" / "html-attachments.msg"

#: Never needed by an offline analysis of a message without an HTML body, attachments or a history store.
HEAVY = (
    "lxml",
    "lxml.etree",
    "olefile",
    "oletools",
    "pypdf",
    "PIL",
    "zxingcpp",
    "rarfile",
    "py7zr",
    "sqlite3",
    "multiprocessing",
    "inspector.history.store",
    "inspector.history.learn",
    "inspector.history.checks",
    "inspector.ingest.msg",
)
#: The engine's stages and their libraries: none belongs in the GUI process that shows the window.
ENGINE = (
    "inspector.analyze",
    "inspector.chain.pipeline",
    "inspector.auth.dkim",
    "inspector.history.stage",
    "inspector.history.store",
    "inspector.ingest.eml",
    "inspector.lookalike.stage",
    "inspector.content.stage",
    "dkim",
    "spf",
    "lxml",
    "sqlite3",
    "email.policy",
)


def _loaded(code: str, names: tuple[str, ...], **env: str) -> dict[str, object]:
    """Run `code` in a fresh interpreter; return {"loaded": the `names` it imported (real modules), ...}."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json as _json, sys as _sys, types as _types
        _real = [n for n in {names!r} if type(_sys.modules.get(n)) is _types.ModuleType]
        print(_json.dumps({{"loaded": _real, **globals().get("extra", {{}})}}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**_base_env(), **env},
    )
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "INSPECTOR_HISTORY"}


def _cli(path: Path, *extra: str) -> str:
    """The code of `inspector analyze PATH --json --offline` run in-process (the CLI's own import path)."""
    args = ["analyze", str(path), "--json", "--offline", *extra]
    return f"""
        import contextlib, io, json
        from inspector.cli import main
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = main({args!r})
        report = json.loads(buf.getvalue())
        extra = {{"code": code, "links": len(report["content"]["links"]), "history": report["history"]}}
        """


@pytest.fixture
def header_only(tmp_path: Path) -> Path:
    data = SAMPLE.read_bytes()
    head = data.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in data else data.split(b"\n\n", 1)[0]
    path = tmp_path / "headers-only.eml"
    path.write_bytes(head + b"\r\n\r\n")
    return path


@pytest.fixture
def html_message(tmp_path: Path) -> Path:
    path = tmp_path / "html.eml"
    path.write_bytes(
        b"From: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: hi\r\n"
        b"Date: Mon, 1 Jul 2024 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: text/html; charset="utf-8"\r\n\r\n'
        b'<html><body><p>Hello</p><a href="https://login.example.com/verify">sign in</a></body></html>\r\n'
    )
    return path


@pytest.mark.parametrize("which", ["header-only", "plain-text sample"])
def test_a_plain_offline_analysis_imports_no_heavy_reader(which: str, header_only: Path) -> None:
    path = header_only if which == "header-only" else SAMPLE
    got = _loaded(_cli(path), HEAVY)
    assert got["code"] in (0, 1, 2, 3)
    assert got["loaded"] == []


def test_an_html_body_imports_the_html_parser_and_uses_it(html_message: Path) -> None:
    got = _loaded(_cli(html_message), ("lxml.etree", "olefile", "sqlite3"))
    assert got["loaded"] == ["lxml.etree"]
    assert got["links"] == 1  # the link came out of lxml's parse


def test_a_msg_file_imports_the_ole_reader() -> None:
    code = f"""
        from inspector.ingest.load import load_file
        message = load_file({str(MSG)!r})
        extra = {{"headers": len(message.headers)}}
        """
    got = _loaded(code, ("olefile", "inspector.ingest.msg"))
    assert got["loaded"] == ["olefile", "inspector.ingest.msg"]
    assert isinstance(got["headers"], int) and got["headers"] > 0


def test_a_history_store_imports_the_store_and_reads_it(tmp_path: Path, header_only: Path) -> None:
    store = tmp_path / "history.sqlite"
    subprocess.run(
        [sys.executable, "-m", "inspector", "history", "learn", "--history", str(store), str(SAMPLE)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=_base_env(),
        timeout=120,
    )
    got = _loaded(_cli(header_only, "--history", str(store)), ("sqlite3", "inspector.history.store"))
    assert got["loaded"] == ["sqlite3", "inspector.history.store"]
    history = got["history"]
    assert isinstance(history, dict) and history["available"] is True


def test_the_window_imports_none_of_the_engine() -> None:
    """The GUI process shows the window; the analysis runs in a child process with the engine."""
    code = """
        import inspector.gui.app, inspector.gui.main_window
        """
    got = _loaded(code, ENGINE, QT_QPA_PLATFORM="offscreen")
    assert got["loaded"] == []
