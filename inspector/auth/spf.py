"""SPF (RFC 7208) re-run with pyspf through the DNS layer (placeholder)."""

from __future__ import annotations

from inspector.dns.source import QueryLog
from inspector.report.auth_model import SpfResult


def check_spf(
    client_ip: str | None, mail_from: str | None, helo: str | None, *, identity_source: str, log: QueryLog
) -> SpfResult:
    """Evaluate SPF for one connection."""
    return SpfResult(client_ip=client_ip, mail_from=mail_from, helo=helo, identity_source=identity_source)
