"""Broken DNS snapshot files and unwritable --record-dns targets are usage errors (exit 2, one line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.cli import main
from tests.conftest import SAMPLES

SAMPLE = str(SAMPLES / "paypal-lookalike.eml")


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        ([1, 2], "not a dns-snapshot/1"),
        ({"format": "dns-snapshot/1", "records": [{"type": "TXT"}]}, "has no name"),
        ({"format": "dns-snapshot/1", "records": ["x"]}, "is not an object"),
        (
            {"format": "dns-snapshot/1", "records": [{"name": "a.", "type": "TXT", "rdata": [[{"b64": "!!"}]]}]},
            "bad rdata",
        ),
        ({"format": "dns-snapshot/1", "records": [{"name": "a.", "type": "TXT", "rdata": [5]}]}, "bad rdata"),
        ({"format": "dns-snapshot/1", "records": [{"name": "a.", "type": "TXT", "status": "MAYBE"}]}, "unknown status"),
        ({"foo": 1}, "no records"),
    ],
)
def test_broken_snapshot_is_a_usage_error(
    doc: object, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snap = tmp_path / "snap.json"
    snap.write_text(json.dumps(doc))
    assert main(["analyze", "--json", "--dns-snapshot", str(snap), SAMPLE]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_a_record_without_its_list_is_read_as_one_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snap = tmp_path / "snap.json"
    records = [{"name": "paypa1.com.", "type": "TXT", "rdata": "v=spf1 -all"}]
    snap.write_text(json.dumps({"format": "dns-snapshot/1", "records": records}))
    assert main(["analyze", "--json", "--dns-snapshot", str(snap), SAMPLE]) == 0
    assert json.loads(capsys.readouterr().out)["spf"]["result"] == "fail"


def test_unwritable_record_target_fails_before_the_analysis(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-folder" / "snap.json"
    assert main(["analyze", "--offline", "--record-dns", str(target), SAMPLE]) == 2
    captured = capsys.readouterr()
    assert "does not exist" in captured.err and captured.out == ""
