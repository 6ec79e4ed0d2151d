"""Organisational domains of host names, and the provider aliases the chain needs to place artefacts.

The organisation of a host name is `inspector.orgdomain.host_org` (the one home for organisational-domain
questions: it refuses IPs, single labels and mailboxes); this module folds providers whose signing domain
differs from their host names (gmail.com signs on google.com hosts).
Both answers are memoised (pure functions of the name): placing a few hundred artefacts on a few hundred
hops asks for the same host names about a hundred thousand times.
"""

from __future__ import annotations

from functools import lru_cache

from inspector.chain.ipaddr import find_ip
from inspector.orgdomain import host_org

#: Signing / validating domains whose hosts live under another organisational domain.
_ALIASES = {
    "gmail.com": "google.com",
    "googlemail.com": "google.com",
    "1e100.net": "google.com",
    "outlook.com": "microsoft.com",
    "hotmail.com": "microsoft.com",
    "live.com": "microsoft.com",
    "office365.com": "microsoft.com",
    "msn.com": "microsoft.com",
    #: Exchange Online's internal host names (``…prod.exchangelabs.com``), seen on its internal hops.
    "exchangelabs.com": "microsoft.com",
}


@lru_cache(maxsize=8192)
def org_domain(name: str | None) -> str | None:
    """The registrable domain of `name` (lower case), None for IPs, single labels and junk."""
    if not name or len(name) > 253 or " " in name or "@" in name:
        return None
    host = name.strip().strip("[]").rstrip(".").lower()
    if not host or "." not in host or find_ip(host) is not None:
        return None
    return host_org(host)


@lru_cache(maxsize=8192)
def admd(name: str | None) -> str | None:
    """The administrative domain for alignment: the org domain, folded through the provider aliases."""
    org = org_domain(name)
    if org is None:
        return None
    return _ALIASES.get(org, org)
