"""Thin adapters that feed dkimpy and pyspf from the current DnsSource.

Neither library may ever fall back to its own resolver: dkimpy gets our `dkim_dnsfunc`, and pyspf's
only seam, the module-global ``spf.DNSLookup``, is replaced once by `spf_lookup`, which dispatches to
the source of the running analysis through a ContextVar (see :mod:`inspector.dns.context`).

The libraries only see "a record", "no record" or "temporary error"; the engine reads the exact
status (OFFLINE, NOT_IN_SNAPSHOT, SERVFAIL, …) back from the analysis' QueryLog.
"""

from __future__ import annotations

import threading
from typing import Any

import dkim
import spf

from inspector.dns.context import current_source
from inspector.dns.source import DnsStatus, normalize_name


class DnsUnavailable(dkim.DnsTimeoutError):
    """Raised to dkimpy for TIMEOUT/SERVFAIL/OFFLINE/NOT_IN_SNAPSHOT; it turns it into a False."""

    def __init__(self, status: DnsStatus, name: str) -> None:
        super().__init__(f"{status.value} for {name}")
        self.status = status
        self.name = name


def dkim_key_records(name: bytes | str) -> list[str]:
    """Every TXT record at a DKIM key name that looks like a key (has ``p=``), in the order DNS gave them.

    RFC 6376 §3.6.2.2 lets a verifier pick one of several key records or try each in turn; DNS gives no
    order, so picking one made the result depend on the order of the answer. With no record holding ``p=``
    the first record is returned (its problem is then reported); [] for no record at all. Raises
    DnsUnavailable for TIMEOUT/SERVFAIL/OFFLINE/NOT_IN_SNAPSHOT.
    """
    qname = normalize_name(name)
    ans = current_source().query(qname, "TXT")
    if ans.status is DnsStatus.NOERROR:
        texts = [t.decode("utf-8", errors="replace") for t in ans.txt_strings()]
        keys = [t for t in texts if "p=" in t]
        return keys or texts[:1]
    if ans.status in (DnsStatus.NXDOMAIN, DnsStatus.NODATA):
        return []
    raise DnsUnavailable(ans.status, qname)


def dkim_dnsfunc(name: bytes | str, timeout: int = 5) -> str | None:
    """dkimpy's `dnsfunc`: the first key record's strings joined (`dkim_key_records`), None for no record."""
    records = dkim_key_records(name)
    return records[0] if records else None


class SpfDnsUnavailable(spf.TempError):
    """pyspf's TempError, carrying our status so the engine can tell offline from SERVFAIL."""

    def __init__(self, status: DnsStatus, name: str) -> None:
        super().__init__(f"DNS {status.value} for {name}")
        self.status = status


def spf_lookup(name: str, qtype: str, strict: Any = True, timeout: Any = None) -> list[tuple[tuple[str, str], Any]]:
    """Replacement for ``spf.DNSLookup``: answers in pyspf's ``((name, type), value)`` shape."""
    qname = normalize_name(name)
    ans = current_source().query(qname, qtype)
    if ans.status in (DnsStatus.NXDOMAIN, DnsStatus.NODATA):
        return []
    if ans.status is not DnsStatus.NOERROR:
        # OFFLINE / NOT_IN_SNAPSHOT must not become [] (a void lookup, a possible permerror).
        raise SpfDnsUnavailable(ans.status, qname)
    bare = qname.rstrip(".")
    out: list[tuple[tuple[str, str], Any]] = []
    prev = bare
    for target in ans.cname_chain:
        out.append(((prev, "CNAME"), target.rstrip(".")))
        prev = target.rstrip(".")
    for rec in ans.records:
        if qtype in ("TXT", "SPF"):
            out.append(((prev, qtype), tuple(rec) if isinstance(rec, tuple) else (str(rec).encode(),)))
        elif qtype == "MX" and isinstance(rec, tuple):
            out.append(((prev, "MX"), (int(rec[0]), str(rec[1]).rstrip("."))))
        else:
            out.append(((prev, qtype), str(rec).rstrip(".") if qtype in ("PTR", "CNAME") else str(rec)))
    return out


_installed = False
_lock = threading.Lock()


def install_spf_hook() -> None:
    """Point pyspf's global DNS hook at `spf_lookup` (idempotent, thread-safe)."""
    global _installed
    with _lock:
        if not _installed:
            spf.DNSLookup = spf_lookup
            _installed = True
