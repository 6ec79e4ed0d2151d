"""The one DNS interface every check goes through (docs/architecture.md §3).

A source answers ``query(name, rtype)`` with a :class:`DnsAnswer` whose explicit status keeps apart
the outcomes that libraries blur: "the domain has no such record" (NXDOMAIN/NODATA) is a fact about
the sender; "the server failed" (SERVFAIL/TIMEOUT) is a fact about the network; "we are offline" or
"the snapshot did not capture it" is a fact about this workstation and must never read as a failure.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from inspector.dns.names import to_ascii

#: TXT: one tuple of character-strings (bytes) per record, boundaries kept.
TxtRecord = tuple[bytes, ...]
#: MX: (preference, exchange with trailing dot).
MxRecord = tuple[int, str]
#: A/AAAA/PTR/CNAME: text.
Record = TxtRecord | MxRecord | str

SUPPORTED_TYPES = ("A", "AAAA", "MX", "PTR", "TXT", "CNAME", "SPF")


class DnsStatus(enum.Enum):
    """The outcome of one query."""

    NOERROR = "NOERROR"
    NXDOMAIN = "NXDOMAIN"
    NODATA = "NODATA"
    SERVFAIL = "SERVFAIL"
    TIMEOUT = "TIMEOUT"
    REFUSED = "REFUSED"
    NOT_IN_SNAPSHOT = "NOT_IN_SNAPSHOT"
    OFFLINE = "OFFLINE"

    @property
    def is_answer(self) -> bool:
        """True when DNS answered authoritatively (data, or a definite "no such record")."""
        return self in (DnsStatus.NOERROR, DnsStatus.NXDOMAIN, DnsStatus.NODATA)

    @property
    def is_temporary(self) -> bool:
        """True for server trouble (RFC 8601 temperror territory)."""
        return self in (DnsStatus.SERVFAIL, DnsStatus.TIMEOUT, DnsStatus.REFUSED)

    @property
    def is_unavailable(self) -> bool:
        """True when this workstation could not ask at all: "not verifiable", never a failure."""
        return self in (DnsStatus.NOT_IN_SNAPSHOT, DnsStatus.OFFLINE)


class SourceKind(enum.Enum):
    """Where an answer came from, shown beside every result (provenance)."""

    LIVE = "live"
    SNAPSHOT = "snapshot"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class DnsAnswer:
    """One answer, with where and when it was obtained."""

    name: str
    rtype: str
    status: DnsStatus
    records: tuple[Record, ...] = ()
    ttl: int | None = None
    ad: bool = False
    cname_chain: tuple[str, ...] = ()
    source: SourceKind = SourceKind.LIVE
    #: ISO 8601 UTC time the answer was captured (live: now; snapshot: its capture time).
    captured_at: str | None = None
    #: Free text: the server asked, the snapshot file, the error text.
    detail: str = ""

    def txt_strings(self) -> list[bytes]:
        """Each TXT record's character-strings joined without a separator (RFC 7208 §3.3)."""
        out: list[bytes] = []
        for r in self.records:
            if isinstance(r, tuple):
                out.append(b"".join(x for x in r if isinstance(x, bytes)))
        return out


@runtime_checkable
class DnsSource(Protocol):
    """Anything that answers DNS questions. `name` is absolute (trailing dot), lowercase, A-labels."""

    kind: SourceKind

    def query(self, name: str, rtype: str) -> DnsAnswer:
        """Answer one question; never raises for DNS trouble (it is in the status)."""
        ...

    def describe(self) -> str:
        """A short human description, e.g. "live DNS via 127.0.0.1:5353"."""
        ...


def normalize_name(name: str | bytes) -> str:
    """Absolute, lowercase, A-label form of a DNS name, converted label by label (RFC 8616).

    ``_dmarc.bücher.test`` → ``_dmarc.xn--bcher-kva.test.``: the underscore label stays as it is and
    only the non-ASCII labels are converted (:func:`inspector.dns.names.to_ascii`).
    """
    if isinstance(name, bytes):
        name = name.decode("utf-8", errors="replace")
    return to_ascii(name) + "."


@dataclass
class QueryLog:
    """Remembers every answer a verification used, in order (for provenance and recording)."""

    entries: list[DnsAnswer] = field(default_factory=list)

    def mark(self) -> int:
        """A position to slice from later: ``log.since(mark)``."""
        return len(self.entries)

    def since(self, mark: int) -> list[DnsAnswer]:
        """The answers logged after `mark`."""
        return self.entries[mark:]


class LoggingSource:
    """Wraps a source and logs each answer; one per analysis, so provenance is per message."""

    def __init__(self, inner: DnsSource, log: QueryLog | None = None) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.log = log or QueryLog()
        self._cache: dict[tuple[str, str], DnsAnswer] = {}

    def query(self, name: str, rtype: str) -> DnsAnswer:
        key = (normalize_name(name), rtype.upper())
        ans = self._cache.get(key)
        if ans is None:
            ans = self.inner.query(*key)
            self._cache[key] = ans
        self.log.entries.append(ans)
        return ans

    def describe(self) -> str:
        return self.inner.describe()
