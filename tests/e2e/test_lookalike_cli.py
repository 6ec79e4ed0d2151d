"""`inspector lookalike --pairs FILE` per docs/architecture.md §4: one JSON line out per line in, in order."""

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
    for o, line in ((out[2], 3), (out[3], 4)):
        # Unreadable lines still carry every key §4 promises, with the reason as the explanation.
        assert o["line"] == line and o["flagged"] is False and o["kind"] == "error"
        assert o["explanation"] == o["error"] and o["explanation"]
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


def test_error_lines_keep_the_contract_keys_and_readable_fields(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(
        "\n".join(
            [
                "",
                "not json at all",
                json.dumps({"candidate": "paypa1.com"}),  # no 'protected'
                json.dumps({"candidate": 42, "protected": "paypal.com"}),
                json.dumps({"display_name": None, "from_domain": "x.org", "protected": "paypal.com"}),
                json.dumps({"candidate": "paypa1.com", "protected": "not a domain!"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    proc = run(f)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 6
    for o in out:
        assert o["flagged"] is False and o["kind"] == "error" and isinstance(o["explanation"], str)
        assert o["explanation"] and o["explanation"] == o["error"]
    assert out[0]["line"] == 1 and out[1]["line"] == 2 and "not JSON" in out[1]["explanation"]
    # Lines that parsed keep their input fields.
    assert out[2]["candidate"] == "paypa1.com" and "protected" in out[2]["explanation"]
    assert out[3]["candidate"] == 42 and out[3]["protected"] == "paypal.com"
    assert out[4]["from_domain"] == "x.org"
    assert out[5]["protected"] == "not a domain!"


def test_missing_file_is_exit_3(tmp_path: Path) -> None:
    proc = run(tmp_path / "nope.jsonl")
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
