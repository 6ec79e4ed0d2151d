"""Building blocks for DNS in tests: snapshot entries.

The suite loaders (`zones_dkim`, `zones_spf`) and the unit tests of each check build their DNS from these,
so an entry means the same thing in every test.
"""

from __future__ import annotations

from typing import Any


def txt(name: str, *values: str, status: str = "NOERROR") -> dict[str, Any]:
    """A TXT snapshot entry: one record per value (each a single character-string), or a bare status.

    Values only count for NOERROR; with another status (NXDOMAIN, SERVFAIL, TIMEOUT, …) the entry has no
    records, as a real answer with that status has none. NOERROR without values is NODATA.
    """
    e: dict[str, Any] = {"name": name, "type": "TXT", "status": status}
    if values and status == "NOERROR":
        e["rdata"] = [[v] for v in values]
    return e
