"""Run our DMARC against a zone served by the loopback DNS server (real UDP/TCP, no mocks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from inspector.auth.dmarc import check_dmarc
from inspector.dns.live import LiveSource
from inspector.model.auth import AuthResult, DkimSignatureResult, DmarcResult, SpfResult
from inspector.model.report import Identities
from tests.support.dns_server import LoopbackDnsServer
from tests.support.zones import logged


def sig(domain: str, result: AuthResult = AuthResult.PASS, index: int = 0, **kw: Any) -> DkimSignatureResult:
    """A DKIM result for `domain` (what the DKIM stage would hand DMARC)."""
    return DkimSignatureResult(index=index, domain=domain, result=result, **kw)


def spf_pass(domain: str) -> SpfResult:
    """A passing SPF check of MAIL FROM at `domain`."""
    return SpfResult(result=AuthResult.PASS, domain=domain, mail_from=f"bounce@{domain}", identity="mailfrom")


def identities(address: str) -> Identities:
    """The From identities of a message from `address`."""
    domain = address.rsplit("@", 1)[1].lower() if "@" in address else None
    return Identities(from_header=f"<{address}>", from_address=address, from_domain=domain)


def run_loopback(
    zone: list[dict[str, Any]],
    address: str,
    *,
    dkim: Sequence[DkimSignatureResult] = (),
    spf: SpfResult | None = None,
    header_only: bool = False,
) -> tuple[DmarcResult, list[tuple[str, str]]]:
    """DMARC for a message From `address`; returns the result and the (name, type) queries the server saw."""
    with LoopbackDnsServer(zone) as server:
        with logged(LiveSource(server.address, lifetime=1.0)) as log:
            result = check_dmarc(identities(address), spf or SpfResult(), dkim, log=log, header_only=header_only)
        asked = [(name, rtype) for name, rtype, _ in server.queries]
    return result, asked


def rec(name: str, *values: str) -> dict[str, Any]:
    """A TXT entry with one record per value."""
    return {"name": name, "type": "TXT", "status": "NOERROR", "rdata": [[v] for v in values]}


def host(name: str, address: str = "192.0.2.1") -> dict[str, Any]:
    """An A record: the name exists."""
    return {"name": name, "type": "A", "status": "NOERROR", "rdata": [address]}
