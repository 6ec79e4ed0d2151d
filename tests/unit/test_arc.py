"""ARC: offline, structural errors named, header-only, per-instance facts."""

from __future__ import annotations

from typing import Any

import yaml

from inspector.auth.arc import check_arc
from inspector.dns.snapshot import SnapshotSource
from inspector.ingest.eml import read_eml, read_pasted_headers
from inspector.model.auth import ArcResult, AuthResult
from tests.conftest import SHARED
from tests.support.zones import logged
from tests.support.zones_dkim import arc_txt_records

SUITE = SHARED / "conformance" / "arc_test_suite" / "arc-draft-validation-tests.yml"


def _case(name: str) -> tuple[bytes, list[dict[str, Any]]]:
    with open(SUITE, encoding="utf-8") as fh:
        for scenario in yaml.safe_load_all(fh):
            if scenario and name in (scenario.get("tests") or {}):
                msg = scenario["tests"][name]["message"].replace("\n", "\r\n").encode()
                return msg, arc_txt_records(scenario.get("txt-records"))
    raise KeyError(name)


def run(raw: bytes, entries: list[dict[str, Any]], headers_only: bool = False) -> ArcResult:
    msg = read_pasted_headers(raw.split(b"\r\n\r\n", 1)[0].decode()) if headers_only else read_eml(raw)
    with logged(SnapshotSource(entries)) as log:
        return check_arc(msg, log=log)


def test_pass_with_instances_newest_first() -> None:
    raw, entries = _case("cv_pass_i2_1")
    r = run(raw, entries)
    assert (r.result, r.cv, r.latest_instance) == (AuthResult.PASS, "pass", 2)
    assert [i.instance for i in r.instances] == [2, 1]
    assert [i.cv for i in r.instances] == ["pass", "none"]
    assert all(i.ams_valid == "pass" and i.as_valid == "pass" and i.ams_body_hash == "pass" for i in r.instances)
    assert r.instances[0].authentication_results and r.instances[0].seal_domain


def test_offline_is_not_verifiable_but_body_hashes_are_computed() -> None:
    raw, _entries = _case("cv_pass_i2_1")
    r = run(raw, [])
    assert r.result is AuthResult.NOT_VERIFIABLE and r.cv is None
    assert "_domainkey" in r.reason
    assert [i.ams_body_hash for i in r.instances] == ["pass", "pass"]


def test_header_only_checks_seals_and_ams_headers() -> None:
    raw, entries = _case("cv_pass_i2_1")
    r = run(raw, entries, headers_only=True)
    assert (r.result, r.header_only) == (AuthResult.PASS, True)
    assert all(i.ams_valid == "pass" and i.ams_body_hash == "not-checked" for i in r.instances)


def test_structural_errors_are_named() -> None:
    raw, entries = _case("cv_pass_i2_1")
    gap = raw.replace(b"i=1;", b"i=3;", 3)
    r = run(gap, entries)
    assert r.result is AuthResult.FAIL
    assert any("instance 1 is missing" in e for e in r.structural_errors)
    seal = read_eml(raw).get("ARC-Seal")
    assert seal is not None
    dup = seal.raw + (b"" if seal.raw.endswith(b"\n") else b"\r\n") + raw
    r = run(dup, entries)
    assert any("duplicate" in e for e in r.structural_errors)


def test_unsigned_message_is_none() -> None:
    r = run(b"From: a@example.com\r\n\r\nhi\r\n", [])
    assert (r.result, r.cv, r.instances) == (AuthResult.NONE, "none", ())
