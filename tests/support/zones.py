"""Building blocks for DNS in tests: snapshot entries, a closed-world snapshot, and a logged DNS context.

The suite loaders (`zones_dkim`, `zones_spf`) and the unit tests of each check build their DNS from these,
so an entry or a source means the same thing in every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from inspector.dns.context import use_dns
from inspector.dns.snapshot import SnapshotSource
from inspector.dns.source import DnsAnswer, DnsSource, DnsStatus, LoggingSource, QueryLog, SourceKind


def txt(name: str, *values: str, status: str = "NOERROR") -> dict[str, Any]:
    """A TXT snapshot entry: one record per value (each a single character-string), or a bare status.

    Values only count for NOERROR; with another status (NXDOMAIN, SERVFAIL, TIMEOUT, …) the entry has no
    records, as a real answer with that status has none. NOERROR without values is NODATA.
    """
    e: dict[str, Any] = {"name": name, "type": "TXT", "status": status}
    if values and status == "NOERROR":
        e["rdata"] = [[v] for v in values]
    return e


class ClosedWorldSnapshot(SnapshotSource):
    """A snapshot of a complete zone: a name it does not hold is NXDOMAIN, not NOT_IN_SNAPSHOT.

    That is how the conformance suites' stubs and zone data answer (a name they do not list does not
    exist); a real snapshot of a message never makes this assumption, so unit tests of the offline path
    use the plain SnapshotSource.
    """

    def query(self, name: str, rtype: str) -> DnsAnswer:
        ans = super().query(name, rtype)
        if ans.status is DnsStatus.NOT_IN_SNAPSHOT:
            return DnsAnswer(ans.name, ans.rtype, DnsStatus.NXDOMAIN, source=SourceKind.SNAPSHOT, detail=self.label)
        return ans

    def describe(self) -> str:
        return super().describe() + " (unlisted names: NXDOMAIN)"


@contextmanager
def logged(source: DnsSource) -> Iterator[QueryLog]:
    """Run the block with `source` as the DNS, every query recorded in the yielded log (as analyze() does)."""
    log = QueryLog()
    with use_dns(LoggingSource(source, log)):
        yield log
