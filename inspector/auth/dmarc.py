"""DMARC (RFC 7489), our own implementation over every DKIM result and SPF (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.dns.source import QueryLog
from inspector.report.auth_model import DkimSignatureResult, DmarcResult, SpfResult
from inspector.report.model import Identities


def check_dmarc(
    identities: Identities, spf: SpfResult, dkim: Sequence[DkimSignatureResult], *, log: QueryLog, header_only: bool
) -> DmarcResult:
    """Evaluate DMARC for the From domain."""
    return DmarcResult(from_domain=identities.from_domain)
