"""Running the CLI in-process and checking the docs/architecture.md §4 contract on what it printed."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from inspector.cli import main

#: Keys the JSON report must carry (docs/architecture.md §4).
CONTRACT = {
    "schema": None,
    "source": ("path", "sha256", "format"),
    "spf": ("result", "domain", "client_ip", "helo", "mail_from", "explanation"),
    "dkim": None,
    "arc": ("result", "instances"),
    "dmarc": ("result", "policy", "from_domain", "org_domain", "spf_aligned", "dkim_aligned"),
    "recorded": None,
    "hops": None,
    "lookalikes": None,
    "verdict": ("level", "reasons"),
}


def assert_contract(report: dict[str, Any]) -> None:
    """Every contract key is present with its sub-keys; list-valued sections are lists."""
    for key, sub in CONTRACT.items():
        assert key in report, f"JSON report lacks {key!r}"
        if sub:
            missing = [s for s in sub if s not in report[key]]
            assert not missing, f"{key} lacks {missing}"
    for key in ("dkim", "recorded", "hops", "lookalikes"):
        assert isinstance(report[key], list), key
    assert str(report["schema"]).startswith("inspector.report/")


def stage_crashes(report: Mapping[str, Any]) -> list[str]:
    """Every trace of a pipeline stage that raised, in a JSON report: its warning and its ``error`` state.

    `analyze()` turns an exception inside a stage into the warning "internal error while checking NAME: …"
    and the section state ``error`` so the user still gets a report; in the test suite either is a bug.
    """
    warnings: Sequence[str] = report.get("warnings", ())
    sections: Mapping[str, str] = report.get("sections", {})
    found = [w for w in warnings if "internal error while checking" in w]
    found += [f"section {name!r} is in state error" for name, state in sections.items() if state == "error"]
    return found


def assert_no_stage_crash(report: Mapping[str, Any], where: str) -> None:
    """Fail the test when any stage crashed while analysing `where`."""
    crashes = stage_crashes(report)
    assert not crashes, f"{where}: a pipeline stage crashed: {crashes}"


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and 'File "' not in stderr, stderr[:2000]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `inspector argv…` run in this process."""
    capsys.readouterr()
    rc = main(list(argv))
    out, err = capsys.readouterr()
    assert_no_traceback(err)
    return rc, out, err


def analyze_json(capsys: pytest.CaptureFixture[str], path: str, *extra: str) -> tuple[int, dict[str, Any] | None, str]:
    """`inspector analyze PATH --offline --json`: exit code, the parsed report (exit 0) and stderr.

    Checks the exit-code contract on the way: 0 prints exactly one JSON object with the contract keys;
    3 prints nothing on stdout and exactly one line on stderr. A stage that crashed fails the test.
    """
    rc, out, err = run_cli(capsys, "analyze", path, "--offline", "--json", *extra)
    assert rc in (0, 3), f"exit {rc}: {err.strip()}"
    if rc == 3:
        assert out == ""
        assert err.startswith("inspector: ") and err.endswith("\n") and err.count("\n") == 1, err
        return rc, None, err
    report = json.loads(out)  # exactly one object: json.loads refuses trailing data
    assert isinstance(report, dict)
    assert_contract(report)
    assert_no_stage_crash(report, path)
    return rc, report, err
