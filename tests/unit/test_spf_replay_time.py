"""SPF's %{t} macro (exp= text only, RFC 7208 §7.3) is replayed at the time the receiver evaluated it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from inspector.analyze import analyze
from inspector.dns.snapshot import SnapshotSource
from inspector.ingest import load_file
from inspector.model.auth import AuthResult
from tests.conftest import SAMPLES

#: The sample's boundary hop (mail.paypa1.com → mx1.corp.example.com) is dated Fri, 27 Nov 2026 09:14:08 +0000.
DELIVERED = int(datetime(2026, 11, 27, 9, 14, 8, tzinfo=UTC).timestamp())


def test_t_macro_uses_delivery_time() -> None:
    doc = json.loads((SAMPLES / "paypal-lookalike.dns.json").read_text())
    records = [r for r in doc["records"] if r["name"] != "paypa1.com."]
    records.append({"name": "paypa1.com.", "type": "TXT", "rdata": [["v=spf1 -all exp=why.paypa1.com"]]})
    records.append({"name": "why.paypa1.com.", "type": "TXT", "rdata": [["%{i} refused at %{t}"]]})
    spf = analyze(load_file(SAMPLES / "paypal-lookalike.eml"), dns=SnapshotSource(records)).spf
    assert spf.result is AuthResult.FAIL, spf.reason
    assert spf.explanation == f"203.0.113.45 refused at {DELIVERED}"
