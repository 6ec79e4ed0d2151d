"""`inspector lookalike --pairs FILE` per ARCHITECTURE.md §4: one JSON line out per line in, in order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SHARED


def run(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector", "lookalike", "--pairs", str(path), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pairs_output_contract(tmp_path: Path) -> None:
    rows = [
        {"candidate": "paypa1.com", "protected": "paypal.com"},
        {"candidate": "amazonses.com", "protected": "amazon.com"},
        {"display_name": "PayPal Service", "from_domain": "secure-center.top", "protected": "paypal.com"},
        {"display_name": "Paula Palmer", "from_domain": "example.org", "protected": "paypal.com"},
    ]
    f = tmp_path / "pairs.jsonl"
    lines = [json.dumps(r) for r in rows]
    lines.insert(2, "{not json")
    lines.insert(3, "[1, 2]")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run(f)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 6
    assert out[0]["candidate"] == "paypa1.com" and out[0]["flagged"] is True and out[0]["kind"] == "homoglyph"
    assert out[1]["flagged"] is False and out[1]["kind"] is None and "Amazon" in out[1]["explanation"]
    assert "error" in out[2] and "error" in out[3]
    assert out[4]["display_name"] == "PayPal Service" and out[4]["flagged"] is True
    assert out[5]["flagged"] is False
    for o in (out[0], out[1], out[4], out[5]):
        assert {"flagged", "kind", "explanation"} <= set(o)


def test_pairs_on_the_shared_dev_set_in_order() -> None:
    src = SHARED / "lookalike" / "display-names-dev.jsonl"
    proc = run(src)
    assert proc.returncode == 0, proc.stderr
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    want = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [g["display_name"] for g in got] == [w["display_name"] for w in want]
    # Every brand shown from the brand's own domain is left alone.
    for g, w in zip(got, want, strict=True):
        if w["kind"] == "display/brand_name_own_domain":
            assert g["flagged"] is False, g


def test_missing_file_is_exit_3(tmp_path: Path) -> None:
    proc = run(tmp_path / "nope.jsonl")
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
