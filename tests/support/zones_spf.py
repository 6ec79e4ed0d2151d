"""The openspf test suite's `zonedata` as DNS snapshot entries (served by `tests.support.zones.ClosedWorldSnapshot`).

Semantics from ``../shared/conformance/spf-openspf-rfc7208/SOURCE.md``:

1. a name absent from zonedata is NXDOMAIN; a present name without the asked type is NODATA;
2. ``TXT: NONE`` / ``SPF: NONE`` means no record of that type and only suppresses rule 3;
3. a name with SPF records and no TXT item also answers TXT with the same values;
4. ``{TYPE: TIMEOUT}`` times out queries of that type; a bare ``TIMEOUT`` item times out queries of
   every type the name does not list with a value (a ``NONE`` item is not a value);
5. CNAME is followed to the target.

Strings in the YAML are text whose code points < 256 stand for bytes (``"\\xEF\\xBB\\xBF"``), so they are
encoded as latin-1 when possible, UTF-8 otherwise; bytes that are not UTF-8 are stored ``{"b64": …}``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dns.name
import yaml

from inspector.dns.source import normalize_name

TYPES = ("A", "AAAA", "MX", "PTR", "TXT", "SPF")


def load_scenarios(path: Path) -> list[dict[str, Any]]:
    """Every scenario (YAML document) of a suite file."""
    with open(path, encoding="utf-8") as fh:
        return [d for d in yaml.safe_load_all(fh) if d]


def iter_tests(path: Path) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(test id, test, scenario) for every test of the file."""
    for scenario in load_scenarios(path):
        for tid, test in (scenario.get("tests") or {}).items():
            yield tid, test, scenario


def _string(v: Any) -> str | dict[str, str]:
    s = str(v)
    try:
        raw = s.encode("latin-1")
    except UnicodeEncodeError:
        raw = s.encode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"b64": base64.b64encode(raw).decode("ascii")}


def _rdata(rtype: str, v: Any) -> Any:
    if rtype in ("TXT", "SPF"):
        return [_string(x) for x in v] if isinstance(v, list) else [_string(v)]
    if rtype == "MX":
        pref, host = v
        host = str(host)
        return [int(pref), host if host.endswith(".") else host + "."]
    if rtype in ("PTR", "CNAME"):
        host = str(v)
        return host if host.endswith(".") else host + "."
    return str(v)


class _Name:
    """One zonedata name: its records per type, which types time out, and its CNAME target."""

    def __init__(self, items: list[Any]) -> None:
        self.values: dict[str, list[Any]] = {}
        self.timeout: set[str] = set()
        self.bare_timeout = False
        self.mentioned: set[str] = set()
        self.cname: str | None = None
        for item in items:
            if item == "TIMEOUT":
                self.bare_timeout = True
                continue
            for rtype, v in item.items():
                rtype = str(rtype).upper()
                self.mentioned.add(rtype)
                if v == "TIMEOUT":
                    self.timeout.add(rtype)
                elif v == "NONE":
                    continue
                elif rtype == "CNAME":
                    self.cname = normalize_name(str(v))
                else:
                    self.values.setdefault(rtype, []).append(_rdata(rtype, v))
        if "TXT" not in self.mentioned and "SPF" in self.values:
            self.values["TXT"] = list(self.values["SPF"])

    def status(self, rtype: str) -> str:
        if rtype in self.timeout:
            return "TIMEOUT"
        if rtype in self.values:
            return "NOERROR"
        if self.bare_timeout:
            return "TIMEOUT"
        return "NODATA"


def _key(name: str, snapshot: bool) -> str:
    """The server looks names up in dnspython's escaped text form (``\\032`` for a space)."""
    n = normalize_name(name)
    return n if snapshot else dns.name.from_text(n).to_text().lower()


def zone_entries(zonedata: dict[str, Any], *, resolve_cnames: bool) -> list[dict[str, Any]]:
    """Snapshot entries for one scenario.

    `resolve_cnames=True` (for SnapshotSource, which does not chase aliases) answers each type at an
    alias with the target's records and a ``cname_chain``; False (for the loopback server, which
    follows CNAME entries itself) keeps the CNAME entries as they are.
    """
    names = {_key(n, resolve_cnames): _Name(items or []) for n, items in (zonedata or {}).items()}
    entries: list[dict[str, Any]] = []
    for name, z in names.items():
        if z.cname is not None and not resolve_cnames:
            entries.append({"name": name, "type": "CNAME", "status": "NOERROR", "rdata": [z.cname]})
            continue
        for rtype in TYPES:
            if z.cname is not None and resolve_cnames:
                entries.append(_follow(names, name, rtype))
                continue
            status = z.status(rtype)
            e: dict[str, Any] = {"name": name, "type": rtype, "status": status}
            if status == "NOERROR":
                e["rdata"] = z.values[rtype]
                if not resolve_cnames:
                    # A TXT record with no strings cannot go on the wire; one empty string is the nearest.
                    e["rdata"] = [r if r != [] else [""] for r in e["rdata"]]
            entries.append(e)
    return entries


def _follow(names: dict[str, _Name], name: str, rtype: str) -> dict[str, Any]:
    chain: list[str] = []
    cur = name
    seen = {name}
    while True:
        z = names.get(cur)
        if z is None:
            return {"name": name, "type": rtype, "status": "NXDOMAIN", "cname_chain": chain}
        if z.cname is None:
            status = z.status(rtype)
            e: dict[str, Any] = {"name": name, "type": rtype, "status": status, "cname_chain": chain}
            if status == "NOERROR":
                e["rdata"] = z.values[rtype]
            return e
        if z.cname in seen or len(chain) >= 8:
            # A loop: the reference driver hands pyspf the aliases and no data; pyspf sees no record.
            return {"name": name, "type": rtype, "status": "NODATA", "cname_chain": chain}
        chain.append(z.cname)
        seen.add(z.cname)
        cur = z.cname
