"""The offline source: answers OFFLINE to everything and never opens a socket."""

from __future__ import annotations

from inspector.dns.source import DnsAnswer, DnsStatus, SourceKind, normalize_name


class OfflineSource:
    """For air-gapped workstations: every question is "not verifiable offline"."""

    kind = SourceKind.OFFLINE

    def query(self, name: str, rtype: str) -> DnsAnswer:
        return DnsAnswer(
            name=normalize_name(name),
            rtype=rtype.upper(),
            status=DnsStatus.OFFLINE,
            source=SourceKind.OFFLINE,
            detail="offline mode: no DNS query was sent",
        )

    def describe(self) -> str:
        return "offline (no DNS)"
