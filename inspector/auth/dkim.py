"""DKIM (RFC 6376) verification of every signature, with dkimpy (placeholder)."""

from __future__ import annotations

from datetime import datetime

from inspector.dns.source import QueryLog
from inspector.ingest.message import Message
from inspector.report.auth_model import DkimSignatureResult


def check_dkim(
    message: Message, *, log: QueryLog, now: datetime, delivery_time: datetime | None
) -> tuple[DkimSignatureResult, ...] | None:
    """One result per DKIM-Signature field, top first; None while not built."""
    return None
