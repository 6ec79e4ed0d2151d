"""The DNS layer: one interface (:class:`DnsSource`), interchangeable sources, library adapters."""

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
