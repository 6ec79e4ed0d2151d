"""What the receivers recorded: Authentication-Results, ARC-Authentication-Results, Received-SPF (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.ingest.message import Message
from inspector.report.auth_model import (
    ArcResult,
    Disagreement,
    DkimSignatureResult,
    DmarcResult,
    RecordedResult,
    SpfResult,
)
from inspector.settings import AnalysisSettings


def parse_recorded(
    message: Message, settings: AnalysisSettings, boundary_header_index: int | None
) -> tuple[RecordedResult, ...] | None:
    """Every recorded result, with whether its authserv-id is trusted; None while not built."""
    return None


def compare(
    recorded: Sequence[RecordedResult],
    spf: SpfResult,
    dkim: Sequence[DkimSignatureResult],
    arc: ArcResult,
    dmarc: DmarcResult,
) -> tuple[Disagreement, ...]:
    """Where trusted recorded results and ours differ, in plain words."""
    return ()
