"""The DNS layer: one interface (:class:`DnsSource`), interchangeable sources, library adapters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from inspector.dns.context import current_source, use_dns
    from inspector.dns.offline import OfflineSource
    from inspector.dns.snapshot import SnapshotSource
    from inspector.dns.source import DnsAnswer, DnsSource, DnsStatus, LoggingSource, QueryLog, SourceKind

__all__ = [
    "DnsAnswer",
    "DnsSource",
    "DnsStatus",
    "LoggingSource",
    "OfflineSource",
    "QueryLog",
    "SnapshotSource",
    "SourceKind",
    "current_source",
    "use_dns",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "inspector.dns.context": (
            "current_source",
            "use_dns",
        ),
        "inspector.dns.offline": ("OfflineSource",),
        "inspector.dns.snapshot": ("SnapshotSource",),
        "inspector.dns.source": (
            "DnsAnswer",
            "DnsSource",
            "DnsStatus",
            "LoggingSource",
            "QueryLog",
            "SourceKind",
        ),
    },
)
