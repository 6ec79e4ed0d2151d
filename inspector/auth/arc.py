"""ARC (RFC 8617) chain validation with dkimpy (placeholder)."""

from __future__ import annotations

from inspector.dns.source import QueryLog
from inspector.ingest.message import Message
from inspector.report.auth_model import ArcResult


def check_arc(message: Message, *, log: QueryLog) -> ArcResult:
    """Validate the ARC chain."""
    return ArcResult()
