"""One home for organisational-domain questions, with a distinct name for each distinct question.

Three questions look alike and have different right answers; each used to have its own ``org_domain`` with
its own rules (in ``auth``, ``chain`` and ``lookalike``), so an IP literal came out as "2.1" in one place and
a single label as its own organisation in another. They are asked here, by name:

- `dmarc_org_domain`: DMARC's organisational domain from the Public Suffix List, ICANN and PRIVATE sections
  (RFC 7489 §3.2; the PSL answer RFC 9989 keeps as the offline fallback beside its DNS tree walk, which lives
  in `inspector.auth.dmarc`). A name that is itself a public suffix is its own organisational domain.
- `host_org`: the organisation of a host name in a Received field or a signature (full PSL): who runs the
  host. A public suffix alone is nobody's.
- `registrable`: the ICANN-only registrable domain (eTLD+1, as browsers show it), which the look-alike
  checks compare, since names under a PRIVATE suffix (``x.github.io``) are compared with their operator.

All three refuse what is not a domain name: IP literals (``[192.0.2.1]``, ``192.0.2.1``, ``IPv6:…``),
single labels (``localhost``), addresses with spaces, names longer than DNS allows. They answer None, never
raise, lower-case the answer and drop a trailing dot. Answers are memoised (pure functions of the name).

The PSL is the copy bundled with the installed `publicsuffixlist` package, built once per process under a
lock (~40 ms each): `shared_list` (ICANN + PRIVATE) and `icann_list`.
"""

from __future__ import annotations

import functools
import ipaddress
import threading
from typing import TYPE_CHECKING

import idna

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

_lock = threading.Lock()
_psl: PublicSuffixList | None = None
#: Longest name DNS allows (RFC 1035).
MAX_NAME = 253


@functools.lru_cache(maxsize=1)
def icann_list() -> PublicSuffixList:
    """The process-wide ICANN section of the bundled list (registry suffixes only, no private operators)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(only_icann=True)


def shared_list() -> PublicSuffixList:
    """The process-wide full Public Suffix List (ICANN + PRIVATE)."""
    global _psl
    if _psl is None:
        with _lock:
            if _psl is None:
                from publicsuffixlist import PublicSuffixList

                _psl = PublicSuffixList()
    return _psl


def warm_up() -> None:
    """Build the lists now (the GUI calls this at start-up so the first analysis is not slower)."""
    shared_list()
    icann_list()


#: Full stops UTS #46 maps to "." (ideographic, full-width, half-width ideographic).
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _a_label(label: str) -> str:
    """One label in A-label form: UTS #46 first, IDNA 2003 as a fallback (DNS serves names 2008 refuses)."""
    if label.isascii():
        return label
    try:
        return str(idna.encode(label, uts46=True).decode("ascii"))
    except (idna.IDNAError, UnicodeError, ValueError):
        pass
    try:
        return label.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return label


def is_ip_literal(text: str) -> bool:
    """Whether `text` is an address literal, not a name: ``[192.0.2.1]``, ``[IPv6:2001:db8::1]``, ``192.0.2.1``."""
    t = text.strip().rstrip(".")
    if t.startswith("[") or t.endswith("]"):
        return True
    if t.lower().startswith("ipv6:"):
        return True
    try:
        ipaddress.ip_address(t)
    except ValueError:
        return False
    return True


def domain_name(text: str | None) -> str | None:
    """`text` as a lowercase domain name without trailing dot, or None when it is not one.

    The domain of an address (``a@b.example``) is taken; IP literals, single labels, empty labels, spaces and
    over-long names are refused.
    """
    if not text:
        return None
    t = text.strip().strip("<>").strip()
    if "@" in t:
        t = t.rsplit("@", 1)[1].strip().strip(">")
    if not t or is_ip_literal(t):
        return None
    t = t.rstrip(".").lower()
    if not t.isascii():
        # RFC 8616: one answer for bücher.example and xn--bcher-kva.example (A-labels, as DNS and DMARC use).
        t = ".".join(_a_label(label) for label in t.translate(_DOTS).split("."))
    if not t or len(t) > MAX_NAME or "." not in t or any(c.isspace() for c in t) or ".." in t or t[0] == ".":
        return None
    return t


def under_public_suffix(name: str | None) -> bool:
    """Whether `name` is a domain name that ends in a real ICANN public suffix (not ``.local``, ``.lan``)."""
    d = domain_name(name)
    if d is None:
        return False
    try:
        return icann_list().publicsuffix(d, accept_unknown=False) is not None
    except (ValueError, UnicodeError, IndexError):
        return False


@functools.lru_cache(maxsize=8192)
def dmarc_org_domain(domain: str | None) -> str | None:
    """DMARC's organisational domain of `domain` from the PSL (ICANN + PRIVATE): suffix plus one label.

    A name that is itself a public suffix (``co.uk``) is its own organisational domain (RFC 7489 §3.2 step 3
    would then find no policy above it). None for what is not a domain name.
    """
    d = domain_name(domain)
    if d is None:
        return None
    try:
        found = shared_list().privatesuffix(d)
    except (ValueError, UnicodeError, IndexError):  # a hostile label: the name is then its own organisation
        return d
    return str(found) if found else d


@functools.lru_cache(maxsize=8192)
def host_org(name: str | None) -> str | None:
    """The organisation that runs host `name` (full PSL registrable domain); None for a bare suffix or a non-name."""
    d = domain_name(name)
    if d is None:
        return None
    try:
        found = shared_list().privatesuffix(d)
    except (ValueError, UnicodeError, IndexError):
        return None
    return str(found) if found else None


@functools.lru_cache(maxsize=8192)
def registrable(name: str | None) -> str | None:
    """The ICANN-only registrable domain (eTLD+1, A-labels) of `name`, as the look-alike checks compare it.

    None for a bare suffix or a non-name. Unicode labels are compared in their A-label (punycode) form.
    """
    d = domain_name(name)
    if d is None:
        return None
    try:
        found = icann_list().privatesuffix(d)
    except (ValueError, UnicodeError, IndexError):
        return None
    return str(found) if found else None


def cache_clear() -> None:
    """Forget memoised answers (benchmarks time cold runs)."""
    dmarc_org_domain.cache_clear()
    host_org.cache_clear()
    registrable.cache_clear()
