"""Judging a signature's t= (signed at) and x= (expires) against a reference time.

dkimpy only compares them with ``time.time()``, which makes every old message with x= look broken
today. An analyst needs two answers: was the signature in date when the message was delivered
(the trusted Received time), and is it still in date now. Like DKIM Verifier, a t= slightly in the
future is tolerated (clocks drift); an x= in the past is not.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from inspector.timefmt import span

#: t= may lie this far after the reference time before it counts as "in the future" (DKIM Verifier: 15 min).
FUTURE_TOLERANCE_SECONDS = 15 * 60


class TimeState(enum.Enum):
    """How t=/x= relate to one reference time."""

    VALID = "valid"
    EXPIRED = "expired"
    FUTURE = "future"
    NO_TIME = "no-time"
    UNKNOWN = "unknown"


def iso(ts: int | None) -> str | None:
    """A t=/x= value as ISO 8601 UTC (None for absent or absurd values)."""
    if ts is None:
        return None
    try:
        return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    except (OverflowError, OSError, ValueError):
        return None


def judge(signed_at: int | None, expires_at: int | None, ref: datetime | None, label: str) -> tuple[TimeState, str]:
    """The state at `ref` and a sentence saying it ("at delivery", "now")."""
    if ref is None:
        return TimeState.UNKNOWN, f"{label}: no reference time known"
    if ref.tzinfo is None:
        ref = ref.replace(tzinfo=UTC)
    r = ref.timestamp()
    if expires_at is not None and r > expires_at:
        return (
            TimeState.EXPIRED,
            f"{label}: expired {span(r - expires_at)} earlier (x= {iso(expires_at) or expires_at})",
        )
    if signed_at is not None and signed_at > r + FUTURE_TOLERANCE_SECONDS:
        return (
            TimeState.FUTURE,
            f"{label}: signing time t= {iso(signed_at) or signed_at} lies {span(signed_at - r)} in the future",
        )
    if signed_at is None and expires_at is None:
        return TimeState.NO_TIME, f"{label}: no time in the signature (no t= or x=)"
    if expires_at is not None:
        return TimeState.VALID, f"{label}: in date (expires {iso(expires_at) or expires_at})"
    return TimeState.VALID, f"{label}: in date (signed {iso(signed_at) or signed_at}, no expiry)"
