"""openspf RFC 7208 suite (203 tests) through our SPF check, via a snapshot and via a real DNS server.

Each test's zonedata is served twice: by a closed-world SnapshotSource (the suite's rule "absent name =
NXDOMAIN") and by the loopback DNS server that LiveSource queries over UDP/TCP. Both must give an
accepted result, and the explanation the suite expects ("DEFAULT" = not the domain's exp= text).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from inspector.auth.spf import check_spf
from inspector.dns.adapters import install_spf_hook
from inspector.dns.live import LiveSource
from inspector.dns.source import DnsSource
from inspector.model.auth import AuthResult, SpfResult
from tests.conftest import SHARED
from tests.support.dns_server import LoopbackDnsServer
from tests.support.zones import ClosedWorldSnapshot, logged
from tests.support.zones_spf import iter_tests, zone_entries

SUITE = SHARED / "conformance" / "spf-openspf-rfc7208" / "rfc7208-tests.yml"
CASES = list(iter_tests(SUITE))
IDS = [tid for tid, _, _ in CASES]
#: The loopback server drops TIMEOUT queries; a short lifetime keeps those tests quick.
LOOPBACK_LIFETIME = 0.3


def test_suite_has_203_tests() -> None:
    assert len(CASES) == 203
    assert len(set(IDS)) == 203


def _run(test: dict[str, Any], source: DnsSource) -> SpfResult:
    install_spf_hook()
    with logged(source) as log:
        return check_spf(
            str(test["host"]), str(test["mailfrom"]), str(test["helo"]), identity_source="openspf suite", log=log
        )


def _check(tid: str, test: dict[str, Any], got: SpfResult) -> None:
    expected = test["result"]
    accepted = expected if isinstance(expected, list) else [expected]
    assert got.result.value in accepted, f"{tid}: got {got.result.value} ({got.reason}), want {accepted}"
    # Our engine never turns a complete zone into "not verifiable".
    assert got.result is not AuthResult.NOT_VERIFIABLE
    want_exp = test.get("explanation")
    if want_exp is not None:
        if want_exp == "DEFAULT":
            assert not got.explanation_from_domain, f"{tid}: {got.explanation!r}"
        else:
            assert got.explanation_from_domain and got.explanation == want_exp, f"{tid}: {got.explanation!r}"


@pytest.mark.parametrize(("tid", "test", "scenario"), CASES, ids=IDS)
def test_through_snapshot(tid: str, test: dict[str, Any], scenario: dict[str, Any]) -> None:
    source = ClosedWorldSnapshot(zone_entries(scenario["zonedata"], resolve_cnames=True), label="zonedata")
    _check(tid, test, _run(test, source))


def _scenarios() -> Iterator[dict[str, Any]]:
    seen: set[int] = set()
    for _, _, scenario in CASES:
        if id(scenario) not in seen:
            seen.add(id(scenario))
            yield scenario


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[int, LoopbackDnsServer]]:
    """One loopback server per scenario (16), started once for the module."""
    out: dict[int, LoopbackDnsServer] = {}
    try:
        for scenario in _scenarios():
            srv = LoopbackDnsServer(zone_entries(scenario["zonedata"], resolve_cnames=False))
            srv.start()
            out[id(scenario)] = srv
        yield out
    finally:
        for srv in out.values():
            srv.stop()


@pytest.mark.parametrize(("tid", "test", "scenario"), CASES, ids=IDS)
def test_through_loopback_server(
    tid: str, test: dict[str, Any], scenario: dict[str, Any], servers: dict[int, LoopbackDnsServer]
) -> None:
    srv = servers[id(scenario)]
    _check(tid, test, _run(test, LiveSource(srv.address, lifetime=LOOPBACK_LIFETIME)))
