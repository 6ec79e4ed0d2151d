"""RFC 8617 §5.2 oldest-pass: how far back the message is unchanged, for a passing chain (loopback DNS).

dkimpy validates every set's ARC-Message-Signature; the report kept each one but never said what they add
up to. A forwarder that changes the message (a list footer) and seals again leaves a chain that passes
while the first sealer's AMS fails: oldest-pass tells the analyst which hop's view of the message still
holds. Before, the report had no such field.
"""

from __future__ import annotations

import json
from importlib import resources

import dkim
import jsonschema

from inspector.analyze import analyze
from inspector.dns.live import LiveSource
from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult
from inspector.report.to_json import report_to_dict
from inspector.report.wording import arc_details
from inspector.settings import AnalysisSettings
from tests.support.dns_server import LoopbackDnsServer
from tests.support.signing import LIFETIME, MESSAGE, PRIVATE, check_arc_live, key_entries


def _seal(message: bytes, srv_id: str, arc: str = "pass") -> bytes:
    ar = f"Authentication-Results: {srv_id}; arc={arc}; spf=pass smtp.mailfrom=alice@example.com\r\n".encode()
    msg = ar + message
    sets = dkim.ARC(msg).sign(b"sel", b"example.com", PRIVATE, srv_id.encode(), include_headers=None)
    return b"".join(bytes(h) for h in sets) + msg


FIRST = _seal(MESSAGE, "mx1.example.com", "none")


def test_an_unchanged_message_passes_back_to_the_first_set() -> None:
    r = check_arc_live(load_bytes(_seal(_seal(FIRST, "mx2.example.com"), "mx3.example.com")), key_entries())
    assert (r.result, r.latest_instance, r.oldest_pass) == (AuthResult.PASS, 3, 1), r.reason
    assert "i=1: every set's message signature still validates" in str(dict(arc_details(r))["Oldest pass"])


def test_a_message_changed_after_the_first_set_passes_back_to_the_second() -> None:
    changed = FIRST.replace(b"figures are", b"figures were")
    r = check_arc_live(load_bytes(_seal(_seal(changed, "mx2.example.com"), "mx3.example.com")), key_entries())
    assert (r.result, r.oldest_pass) == (AuthResult.PASS, 2), r.reason
    assert [(i.instance, i.ams_valid) for i in r.instances] == [(3, "pass"), (2, "pass"), (1, "fail")]


def test_a_chain_that_does_not_pass_has_no_oldest_pass() -> None:
    r = check_arc_live(load_bytes(_seal(FIRST, "mx2.example.com").replace(b"figures are", b"x")), key_entries())
    assert r.result is AuthResult.FAIL and r.oldest_pass is None


def test_oldest_pass_is_in_the_json_report_and_valid_against_the_schema() -> None:
    raw = _seal(_seal(FIRST.replace(b"figures are", b"figures were"), "mx2.example.com"), "mx3.example.com")
    with LoopbackDnsServer(key_entries()) as server:
        report = analyze(load_bytes(raw), AnalysisSettings(), LiveSource(server.address, lifetime=LIFETIME))
    data = report_to_dict(report)
    assert data["arc"]["oldest_pass"] == 2
    schema = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    jsonschema.validate(data, schema)
