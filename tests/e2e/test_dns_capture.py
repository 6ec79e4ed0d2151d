"""The air-gapped workflow: capture on a "connected" machine (a loopback DNS server), replay offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.cli import main
from tests.conftest import SAMPLES
from tests.support.dns_server import LoopbackDnsServer

SAMPLE = SAMPLES / "paypal-lookalike.eml"


def _analysis(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(["analyze", "--json", "--now", "2026-11-30T00:00:00Z", str(SAMPLE), *args]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert isinstance(doc, dict)
    for volatile in ("generated_at", "dns"):
        doc.pop(volatile)
    return doc


def _strip_provenance(obj: object) -> object:
    """Results compared across sources: drop where the answer came from and when."""
    if isinstance(obj, dict):
        return {k: _strip_provenance(v) for k, v in obj.items() if k not in ("provenance", "dns")}
    if isinstance(obj, list):
        return [_strip_provenance(v) for v in obj]
    return obj


def test_capture_then_replay_gives_the_same_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zone = json.loads((SAMPLES / "paypal-lookalike.dns.json").read_text())["records"]
    snapshot = tmp_path / "captured.json"
    with LoopbackDnsServer(zone) as server:
        assert main(["dns-capture", str(SAMPLE), "-o", str(snapshot), "--nameserver", server.address]) == 0
        live = _analysis(capsys, "--nameserver", server.address)
        asked = {(n, t) for n, t, _ in server.queries}
    doc = json.loads(snapshot.read_text())
    assert doc["format"] == "dns-snapshot/1"
    recorded = {(r["name"], r["type"]) for r in doc["records"]}
    # Every question that went out is in the snapshot, except the reachability probe (". NS": no evidence).
    assert (".", "NS") in asked
    assert recorded == asked - {(".", "NS")}
    # Everything the sample's checks need: the DKIM key, the SPF policy of the envelope domain, DMARC.
    assert {
        ("mail2026._domainkey.paypa1.com.", "TXT"),
        ("paypa1.com.", "TXT"),
        ("_dmarc.paypa1.com.", "TXT"),
    } <= recorded
    replay = _analysis(capsys, "--dns-snapshot", str(snapshot))
    assert _strip_provenance(replay) == _strip_provenance(live)
    assert live["spf"]["result"] == "pass" and live["dkim"][0]["result"] == "pass"
    assert live["dmarc"]["result"] == "pass"
    offline = _analysis(capsys, "--offline")
    assert offline["source"] == live["source"]
    assert offline["dkim"][0]["result"] == "not-verifiable" and offline["spf"]["result"] == "not-verifiable"


def test_capture_refuses_non_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4\n")
    assert main(["dns-capture", str(bad), "-o", str(tmp_path / "s.json"), "--nameserver", "127.0.0.1:9"]) == 3
    assert "PDF" in capsys.readouterr().err
    assert not (tmp_path / "s.json").exists()
