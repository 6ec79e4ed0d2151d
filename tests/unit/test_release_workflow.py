"""The release workflow's promises (.github/workflows/release.yml), checked on its parsed text.

GitHub Actions cannot run here. What a reader of the file can check is checked: it runs on every push and pull
request without path filters; the test suite runs on Windows and on both macOS architectures; every runner label
is a GitHub-hosted label that exists (December 2026: macos-14 was retired on 2 November 2026, so a job naming it
would never start); no action runs on the removed Node 20 runtime; the installers of every run get a SHA256SUMS,
and only a tag publishes. actionlint (run by hand; see packaging/README.md) checks the syntax and the shell.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"

#: GitHub-hosted standard runner labels in December 2026.
HOSTED = {
    "ubuntu-latest", "ubuntu-22.04", "ubuntu-24.04", "ubuntu-26.04", "ubuntu-22.04-arm", "ubuntu-24.04-arm",
    "windows-latest", "windows-2022", "windows-2025", "windows-11-arm",
    "macos-latest", "macos-15", "macos-26", "macos-15-intel", "macos-26-intel",
}  # fmt: skip
#: The first major version of each action that runs on Node 24 (Node 20 was removed from runners in 2026).
NODE24 = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/upload-artifact": 6,
    "actions/download-artifact": 7,
}


def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def runners(job: dict[str, Any]) -> list[str]:
    label = job["runs-on"]
    if "${{" not in label:
        return [label]
    matrix = job["strategy"]["matrix"]
    key = re.search(r"matrix\.(\w+)", label)
    assert key, label
    values = list(matrix.get(key.group(1), []))
    values += [inc[key.group(1)] for inc in matrix.get("include", []) if key.group(1) in inc]
    return values


def test_runs_on_every_push_and_pull_request_without_path_filters() -> None:
    on = workflow()["on"]
    assert "pull_request" in on
    push = on["push"]
    assert push.get("branches") == ["**"] and "v*" in push.get("tags", [])
    for event in ("push", "pull_request"):
        body = on[event] or {}
        assert not {"paths", "paths-ignore", "branches-ignore"} & set(body), event


def test_the_test_suite_runs_on_windows_and_both_macos_architectures() -> None:
    job = workflow()["jobs"]["tests"]
    labels = runners(job)
    assert any(x.startswith("windows-") for x in labels)
    assert "macos-15" in labels or "macos-26" in labels  # Apple silicon
    assert any(x.endswith("-intel") for x in labels)  # Intel
    commands = " ".join(step.get("run", "") for step in job["steps"])
    assert "-m pytest" in commands and " -k " not in commands and "--ignore" not in commands
    assert "if" not in job


def test_every_runner_label_is_a_github_hosted_one() -> None:
    for name, job in workflow()["jobs"].items():
        for label in runners(job):
            assert label in HOSTED, f"{name}: {label}"


def test_every_action_runs_on_node_24() -> None:
    for name, job in workflow()["jobs"].items():
        for step in job["steps"]:
            if "uses" not in step:
                continue
            action, _, ref = step["uses"].partition("@")
            assert action in NODE24, f"{name}: {action} is not reviewed for its runtime"
            assert int(ref.lstrip("v").split(".")[0]) >= NODE24[action], f"{name}: {step['uses']}"


def test_both_macos_architectures_build_a_dmg_and_check_the_minimum() -> None:
    job = workflow()["jobs"]["macos"]
    pairs = {(inc["os"], inc["arch"]) for inc in job["strategy"]["matrix"]["include"]}
    assert {arch for _os, arch in pairs} == {"arm64", "x86_64"}
    commands = " ".join(step.get("run", "") for step in job["steps"])
    assert "minimum.py --check" in commands and 'uname -m)" = "${{ matrix.arch }}"' in commands


def test_checksums_on_every_run_and_publishing_only_on_tags() -> None:
    jobs = workflow()["jobs"]
    checks = jobs["checksums"]
    assert "if" not in checks
    assert {"linux", "windows", "macos"} <= set(checks["needs"])
    script = " ".join(step.get("run", "") for step in checks["steps"])
    assert "sha256sum -- * > SHA256SUMS" in script and "sha256sum -c SHA256SUMS" in script
    for kind in (".deb", ".exe", ".zip", ".dmg"):
        assert f"*{kind}" in script
    publish = jobs["publish"]
    assert publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert publish["needs"] == ["checksums"]
    assert any("release/*" in step.get("run", "") for step in publish["steps"])


def test_signing_runs_only_when_its_secrets_exist() -> None:
    jobs = workflow()["jobs"]
    win = [s for s in jobs["windows"]["steps"] if "Sign" in s.get("name", "")]
    mac = [s for s in jobs["macos"]["steps"] if "signing certificate" in s.get("name", "")]
    assert win and win[0]["if"] == "env.WINDOWS_CERT_PFX != ''"
    assert mac and mac[0]["if"] == "env.MACOS_CERT_P12 != ''"
    assert "notarytool store-credentials" in mac[0]["run"]
