"""Report sections for the Received chain: hops, the trust boundary and where authentication broke."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hop:
    """One Received field, as the report shows it (chain order: oldest first)."""

    index: int
    header_index: int
    raw: str
    from_host: str | None = None
    from_helo: str | None = None
    from_rdns: str | None = None
    from_ip: str | None = None
    by_host: str | None = None
    by_ip: str | None = None
    protocol: str | None = None
    tls: str | None = None
    queue_id: str | None = None
    for_addr: str | None = None
    envelope_from: str | None = None
    timestamp: str | None = None
    delay_seconds: float | None = None
    is_boundary: bool = False
    #: "internal", "boundary", "external-claimed", "unknown".
    trust_zone: str = "unknown"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TrustBoundary:
    """The hop where the receiving organisation took the message in."""

    hop_index: int | None = None
    client_ip: str | None = None
    helo: str | None = None
    mail_from: str | None = None
    confidence: str = "none"
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Break:
    """Where the story breaks: the body or a signed header changed between two hops."""

    what: str
    after_hop: int | None
    before_hop: int | None
    evidence: str
