"""The README keeps exactly two set-up commands, and CI runs the second one verbatim."""

from __future__ import annotations

import re
import shlex

from inspector.cli import build_parser
from tests.conftest import ROOT


def _setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_exactly_two_setup_commands() -> None:
    cmds = _setup_commands()
    assert len(cmds) == 2
    assert all("\n" not in c for c in cmds), "each set-up command is one line"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert _setup_commands()[1] in ci.splitlines()


def test_run_command_names_real_files_and_valid_options() -> None:
    run = _setup_commands()[0]
    inspector_part = run.split(".venv/bin/inspector", 1)[1]
    argv = shlex.split(inspector_part)
    args = build_parser().parse_args(argv)
    for value in vars(args).values():
        if isinstance(value, str) and value.startswith("resources/"):
            assert (ROOT / value).is_file(), value
