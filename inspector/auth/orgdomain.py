"""DMARC's organisational domain, as the DMARC and recorded-results code asks it.

The Public Suffix List and the organisational-domain questions live in `inspector.orgdomain` (one home, one
name per question); this module keeps the DMARC stage's historical names. `org_domain` answers a name that
is not a domain (an IP literal, a single label) with the name itself, as DMARC's callers expect a string;
`org_or_none` answers None for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector import orgdomain as _home
from inspector.dns.names import to_ascii
from inspector.orgdomain import dmarc_org_domain, icann_list

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

__all__ = ["icann_list", "org_domain", "org_or_none", "shared_list", "warm_up"]

#: The process-wide full list as this module hands it out (the same object as `inspector.orgdomain`'s).
_psl: PublicSuffixList | None = None


def shared_list() -> PublicSuffixList:
    """The process-wide full Public Suffix List (ICANN + PRIVATE): `inspector.orgdomain.shared_list`."""
    global _psl
    if _psl is None:
        _psl = _home.shared_list()
    return _psl


def warm_up() -> None:
    """Build the lists now (the GUI calls this at start-up so the first analysis is not slower)."""
    shared_list()
    _home.warm_up()


def org_domain(domain: str) -> str:
    """`inspector.orgdomain.dmarc_org_domain` (A-labels, RFC 8616), or the cleaned name itself when it is not a
    domain name."""
    return dmarc_org_domain(domain) or to_ascii(domain)


def org_or_none(domain: str | None) -> str | None:
    """`inspector.orgdomain.dmarc_org_domain`: None for no domain, an IP literal or a single label."""
    return dmarc_org_domain(domain)
