"""The launcher: no arguments → GUI; a file (double-click, "Open with") → GUI on it; else the CLI."""

from __future__ import annotations

from pathlib import Path

from inspector.__main__ import route


def test_route(tmp_path: Path) -> None:
    msg = tmp_path / "reported.eml"
    msg.write_bytes(b"From: a@example.com\n\nx\n")
    assert route([]) == ["gui"]
    assert route([str(msg)]) == ["gui", str(msg)]
    assert route(["analyze", str(msg)]) == ["analyze", str(msg)]
    assert route(["--version"]) == ["--version"]
    assert route([str(tmp_path / "missing.eml")]) == [str(tmp_path / "missing.eml")]  # usage error, exit 2
    assert route([str(tmp_path)]) == [str(tmp_path)]  # a folder is not a message
