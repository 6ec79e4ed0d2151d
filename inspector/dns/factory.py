"""The DnsSource a user asked for: one rule for the command line (`--offline`, `--dns-snapshot`,
`--nameserver`) and the GUI's settings (offline with or without a snapshot, a given server, the system).

A snapshot wins over everything else (it is the most specific answer to "which DNS"); offline without a
snapshot opens no socket; otherwise live DNS, through the given server or the system resolver. The sources
are imported when built, so choosing one does not load dnspython for an offline run.
"""

from __future__ import annotations

from inspector.dns.source import DnsSource
from inspector.errors import UsageError


def check_choice(*, offline: bool, nameserver: str | None) -> None:
    """Refuse a choice that says two things (checked before any work, and again when the source is built)."""
    if offline and nameserver:
        raise UsageError("--offline and --nameserver contradict each other")


def make_source(*, offline: bool = False, snapshot: str | None = None, nameserver: str | None = None) -> DnsSource:
    """Build the source: the snapshot file, else offline, else live (`nameserver` HOST[:PORT] or the system's)."""
    check_choice(offline=offline, nameserver=nameserver)
    if snapshot:
        from inspector.dns.snapshot import SnapshotSource

        return SnapshotSource.from_file(snapshot)
    if offline:
        from inspector.dns.offline import OfflineSource

        return OfflineSource()
    from inspector.dns.live import LiveSource

    return LiveSource(nameserver)
