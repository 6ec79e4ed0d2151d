"""The real command in a child process: exit codes 0/2/3 and never a traceback on stderr.

Two launchers: ``python -m inspector`` and the console-script entry (``inspector.cli:main``), which is
what ``.venv/bin/inspector`` runs once the project is installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from tests.support.cli_run import assert_contract, assert_no_traceback

MSG_FIXTURES = ROOT / "tests" / "fixtures" / "msg"
LAUNCHERS = {
    "python -m inspector": [sys.executable, "-m", "inspector"],
    "console script": [sys.executable, "-c", "import sys; from inspector.cli import main; sys.exit(main())"],
}


def _run(launcher: str, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "INSPECTOR_DEBUG"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run(
        [*LAUNCHERS[launcher], *args], input=stdin, capture_output=True, cwd=ROOT, env=env, timeout=120, check=False
    )
    assert_no_traceback(proc.stderr.decode("utf-8", "replace"))
    return proc


@pytest.fixture(params=sorted(LAUNCHERS))
def launcher(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_version(launcher: str) -> None:
    proc = _run(launcher, "--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("inspector ")


def test_report_is_exit_0_with_one_json_object(launcher: str) -> None:
    proc = _run(launcher, "analyze", str(SAMPLES / "paypal-lookalike.eml"), "--offline", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert_contract(report)
    assert report["source"]["format"] == "eml"


def test_msg_report(launcher: str) -> None:
    proc = _run(launcher, "analyze", str(MSG_FIXTURES / "sent-item.msg"), "--offline", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["source"]["format"] == "msg"
    assert any("sent or draft item" in w for w in report["warnings"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["analyze", str(MSG_FIXTURES / "truncated.msg"), "--offline"], "corrupt or truncated"),
        (["analyze", "/nonexistent/file.eml", "--offline"], "no such file"),
    ],
)
def test_unreadable_input_is_exit_3_one_line(launcher: str, args: list[str], words: str) -> None:
    proc = _run(launcher, *args)
    assert proc.returncode == 3
    assert proc.stdout == b""
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and words in err


def test_empty_and_random_files(launcher: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.msg"
    noise.write_bytes(bytes((i * 7919) % 256 for i in range(5000)))
    for p in (empty, noise):
        proc = _run(launcher, "analyze", str(p), "--offline", "--json")
        assert proc.returncode == 3 and proc.stderr.decode().count("\n") == 1


def test_stdin(launcher: str) -> None:
    proc = _run(launcher, "analyze", "-", "--offline", "--json", stdin=b"From: a@example.com\nSubject: pasted\n")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["source"]["format"] == "headers"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["analyze"],
        ["analyze", "x.eml", "--no-such-option"],
        ["no-such-command"],
        ["analyze", str(SAMPLES / "paypal-lookalike.eml"), "--client-ip", "999.1.1.1"],
    ],
)
def test_usage_errors_are_exit_2(launcher: str, args: list[str]) -> None:
    proc = _run(launcher, *args) if args else _run(launcher, "--bogus")
    assert proc.returncode == 2
    assert proc.stdout == b""
