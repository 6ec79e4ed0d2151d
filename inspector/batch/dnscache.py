"""One DNS answer cache for a whole batch run, shared by every worker process.

Messages of one mailbox ask the same questions again and again (the same sender's SPF record, the same
DKIM key, the same DMARC record). Offline and from a snapshot that costs nothing: every worker builds the
same source from the same file. Live, each answer is kept for the run in one dictionary held by a
``multiprocessing`` manager process, so a question answered for one message is not sent again for any
other, whichever worker analyses it.

Kept simple on purpose (docs/architecture.md §6): only definite answers are shared (NOERROR, NXDOMAIN,
NODATA: facts about the zone); a timeout, a SERVFAIL or a budget cut belongs to one analysis and is asked
again by the next. TTLs are not applied (a run lasts minutes, and every answer keeps its capture time for
the report). Two workers that ask the same new question at the same moment may both send it.
"""

from __future__ import annotations

import contextlib
from collections.abc import MutableMapping

from inspector.dns.source import DnsAnswer, DnsSource, DnsStatus, normalize_name

#: The answers worth sharing: what the zone says, not what happened on the wire this time.
SHARED_STATUSES = frozenset({DnsStatus.NOERROR, DnsStatus.NXDOMAIN, DnsStatus.NODATA})


class SharedCacheSource:
    """Wraps a live source; answers come from (and go to) a mapping shared across the run's processes.

    Exposes what it wraps as `inner` (the live source's reachability probe is found through it).
    """

    def __init__(self, inner: DnsSource, shared: MutableMapping[tuple[str, str], DnsAnswer]) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.shared = shared
        self.hits = 0
        self.misses = 0

    def query(self, name: str, rtype: str) -> DnsAnswer:
        key = (normalize_name(name), rtype.upper())
        try:
            known = self.shared.get(key)
        except (OSError, EOFError):  # the manager is gone (the run is ending): just ask
            known = None
        if known is not None:
            self.hits += 1
            return known
        self.misses += 1
        answer = self.inner.query(name, rtype)
        if answer.status in SHARED_STATUSES:
            with contextlib.suppress(OSError, EOFError):  # the manager is gone: the answer is still this one
                self.shared[key] = answer
        return answer

    def describe(self) -> str:
        return self.inner.describe()
