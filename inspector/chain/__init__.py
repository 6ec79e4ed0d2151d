"""The Received chain: hops, the trust boundary, delays and where authentication broke."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from inspector.ingest.message import Message
from inspector.report.chain_model import Break, Hop, TrustBoundary
from inspector.settings import AnalysisSettings


@dataclass(frozen=True)
class ChainAnalysis:
    """What the chain stage hands to the rest of the pipeline."""

    hops: tuple[Hop, ...] = ()
    boundary: TrustBoundary = field(default_factory=TrustBoundary)
    breaks: tuple[Break, ...] = ()
    #: When the receiving organisation accepted the message (the boundary hop's date), for DKIM t=/x=.
    delivery_time: datetime | None = None
    warnings: tuple[str, ...] = ()
    analysed: bool = False


def analyze_chain(message: Message, settings: AnalysisSettings) -> ChainAnalysis:
    """Parse every Received field and find the trust boundary (placeholder until the chain lands)."""
    return ChainAnalysis()
