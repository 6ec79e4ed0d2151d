"""Which DnsSource the current analysis uses, per thread and per task.

pyspf only offers a process-global hook, so the hook reads the source from this ContextVar: two
analyses on two worker threads never see each other's DNS.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from inspector.dns.offline import OfflineSource
from inspector.dns.source import DnsSource

_current: ContextVar[DnsSource | None] = ContextVar("inspector_dns_source", default=None)
_FALLBACK = OfflineSource()


def current_source() -> DnsSource:
    """The source of the running analysis; offline when none was set (never the system resolver)."""
    src = _current.get()
    return src if src is not None else _FALLBACK


@contextlib.contextmanager
def use_dns(source: DnsSource) -> Iterator[DnsSource]:
    """Make `source` the DNS of everything called inside the block."""
    token = _current.set(source)
    try:
        yield source
    finally:
        _current.reset(token)
