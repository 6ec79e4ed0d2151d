"""Report section for lookalike and impersonation findings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LookalikeFinding:
    """One identity in the message that imitates a protected or well-known domain or brand."""

    field: str
    value: str
    resembles: str
    kind: str
    explanation: str
    severity: str = "warning"
