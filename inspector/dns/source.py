"""The one DNS interface every check goes through (docs/architecture.md §3).

A source answers ``query(name, rtype)`` with a :class:`DnsAnswer` whose explicit status keeps apart
the outcomes that libraries blur: "the domain has no such record" (NXDOMAIN/NODATA) is a fact about
the sender; "the server failed" (SERVFAIL/TIMEOUT) is a fact about the network; "we are offline" or
"the snapshot did not capture it" is a fact about this workstation and must never read as a failure.
"""

from __future__ import annotations

import contextvars
import enum
import threading
from collections.abc import Iterable
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
#: How many questions a prefetch keeps on the wire at once (threads blocked on a socket cost little;
#: 32 DKIM signatures are verified per message, plus ARC and DMARC names).
PREFETCH_WORKERS = 48


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
    #: No DNS server answered anything at all (the analysis' reachability probe got no reply): a fact
    #: about this workstation's network, never about the sender's records. Nothing was asked.
    UNREACHABLE = "UNREACHABLE"
    #: Not asked: the analysis' whole DNS time budget was used up before this question's turn.
    BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED"

    @property
    def is_answer(self) -> bool:
        """True when DNS answered authoritatively (data, or a definite "no such record")."""
        return self in (DnsStatus.NOERROR, DnsStatus.NXDOMAIN, DnsStatus.NODATA)

    @property
    def is_temporary(self) -> bool:
        """True for server trouble (RFC 8601 temperror territory)."""
        return self in (DnsStatus.SERVFAIL, DnsStatus.TIMEOUT, DnsStatus.REFUSED, DnsStatus.BUDGET_EXHAUSTED)

    @property
    def is_unavailable(self) -> bool:
        """True when this workstation could not ask at all: "not verifiable", never a failure."""
        return self in (DnsStatus.NOT_IN_SNAPSHOT, DnsStatus.OFFLINE, DnsStatus.UNREACHABLE)

    @property
    def is_not_asked(self) -> bool:
        """True when the live source gave up before sending (a recorder keeps no such answer: it is no DNS fact)."""
        return self in (DnsStatus.UNREACHABLE, DnsStatus.BUDGET_EXHAUSTED)

    @property
    def not_verifiable_text(self) -> str:
        """How a result that needed this answer says why it is not verifiable (one wording everywhere)."""
        if self is DnsStatus.UNREACHABLE:
            return "not verifiable: no DNS server answered"
        return "not verifiable offline"


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
    """Wraps a source and logs each answer; one per analysis, so provenance is per message.

    It is also the analysis' answer cache: every distinct question is sent at most once, and
    :meth:`prefetch` asks a batch of independent questions concurrently, so the synchronous library
    adapters (dkimpy, pyspf) and the stages that come after read cached answers instead of waiting for
    each timeout in turn. The log records only what the stages used, in their order (deterministic);
    a recorder below this wrapper sees every question that went out, prefetched or not.
    """

    def __init__(self, inner: DnsSource, log: QueryLog | None = None) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.log = log or QueryLog()
        self._cache: dict[tuple[str, str], DnsAnswer] = {}
        self._lock = threading.Lock()
        #: Questions being answered right now by another thread (a second asker waits for the first).
        self._pending: dict[tuple[str, str], threading.Event] = {}
        #: The most questions that were on the wire at the same time (observability for tests/benchmarks).
        self.peak_concurrency = 0
        self._in_flight = 0

    def query(self, name: str, rtype: str) -> DnsAnswer:
        key = (normalize_name(name), rtype.upper())
        ans = self._answer(key)
        self.log.entries.append(ans)
        return ans

    def cached(self, name: str, rtype: str) -> DnsAnswer | None:
        """The answer already known for this question, without asking or logging."""
        with self._lock:
            return self._cache.get((normalize_name(name), rtype.upper()))

    def _answer(self, key: tuple[str, str]) -> DnsAnswer:
        while True:
            with self._lock:
                ans = self._cache.get(key)
                if ans is not None:
                    return ans
                waiting = self._pending.get(key)
                if waiting is None:
                    done = self._pending[key] = threading.Event()
                    self._in_flight += 1
                    self.peak_concurrency = max(self.peak_concurrency, self._in_flight)
                    break
            waiting.wait()
        try:
            ans = self.inner.query(*key)
            with self._lock:
                self._cache[key] = ans
            return ans
        finally:
            with self._lock:
                self._in_flight -= 1
                del self._pending[key]
            done.set()

    def prefetch(self, questions: Iterable[tuple[str, str]], *, workers: int = PREFETCH_WORKERS) -> int:
        """Ask `questions` concurrently (no logging); returns how many were not already cached.

        Each question is answered once, so the result does not depend on which thread finished first.
        An exception inside the wrapped source (e.g. the GUI's "cancelled") only leaves that question
        unanswered: the stage that needs it asks again on its own thread and sees the exception there.
        """
        todo: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for name, rtype in questions:
            key = (normalize_name(name), rtype.upper())
            if key in seen:
                continue
            seen.add(key)
            with self._lock:
                if key in self._cache:
                    continue
            todo.append(key)
        if not todo:
            return 0
        work = iter(todo)
        work_lock = threading.Lock()

        def run() -> None:
            while True:
                with work_lock:
                    key = next(work, None)
                if key is None:
                    return
                try:
                    self._answer(key)
                except Exception:  # noqa: BLE001 - the stage asking later gets the same failure itself
                    return

        # Threads carry the analysis' context (its DNS session, its current source) with them.
        threads = [
            threading.Thread(target=contextvars.copy_context().run, args=(run,), daemon=True, name="dns-prefetch")
            for _ in range(max(1, min(workers, len(todo))))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return len(todo)

    def describe(self) -> str:
        return self.inner.describe()
