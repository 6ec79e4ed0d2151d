"""Organisational domains (RFC 7489 §3.2) from the Public Suffix List, via `publicsuffixlist`.

Building the list costs ~40 ms (it parses ~10,000 rules), so it is built once per process, lazily and
under a lock, and every answer is memoised: DMARC asks for the same few domains over and over.
authheaders re-parses its PSL on every call (~46 ms), which is why we do not use it here.

The PSL's private section is included (``x.github.io`` is its own organisational domain), as
authheaders and most receivers do. The PSL is the copy bundled with the installed `publicsuffixlist`
package.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING

from inspector.dns.names import to_ascii

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

_lock = threading.Lock()
_psl: PublicSuffixList | None = None


@functools.lru_cache(maxsize=1)
def icann_list() -> PublicSuffixList:
    """The process-wide ICANN section of the bundled list (registry suffixes only, no private operators)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True)


def shared_list() -> PublicSuffixList:
    """The process-wide full Public Suffix List (ICANN + PRIVATE), for modules that need the object."""
    return _list()


def _list() -> PublicSuffixList:
    global _psl
    if _psl is None:
        with _lock:
            if _psl is None:
                from publicsuffixlist import PublicSuffixList

                _psl = PublicSuffixList()
    return _psl


def _clean(domain: str) -> str:
    """Lower-case A-labels (RFC 8616): ``bücher.test`` and ``xn--bcher-kva.test`` get one answer."""
    return to_ascii(domain)


@functools.lru_cache(maxsize=4096)
def org_domain(domain: str) -> str:
    """The organisational domain of `domain`: its public suffix plus one label.

    A domain that is itself a public suffix (``gov``, ``co.uk``), or that the list cannot place, is
    its own organisational domain. Input is lower-cased, converted to A-labels and a trailing dot dropped,
    so the answer is always in A-label form; never raises.
    """
    d = _clean(domain)
    if not d:
        return d
    try:
        found = _list().privatesuffix(d)
    except Exception:  # noqa: BLE001 - a hostile name must not break DMARC; it is then its own org
        return d
    return found if found else d


def org_or_none(domain: str | None) -> str | None:
    """`org_domain` for callers holding an optional domain: None when there is none (or it is only dots)."""
    return (org_domain(domain) or None) if domain else None


def warm_up() -> None:
    """Build the list now (the GUI calls this at start-up so the first analysis is not slower)."""
    _list()
