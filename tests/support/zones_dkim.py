"""Loaders that turn the DKIM/ARC suites' DNS data into snapshot entries (`inspector/dns/snapshot.py`).

Each upstream stub answers "no such name" for anything it does not list, so `NxdomainDefault` wraps a
SnapshotSource and turns NOT_IN_SNAPSHOT into NXDOMAIN for the conformance runs; unit tests that check
the offline path use the plain SnapshotSource.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from inspector.dns.snapshot import SnapshotSource
from inspector.dns.source import DnsAnswer, DnsSource, DnsStatus, SourceKind


def txt(name: str, value: str | list[str]) -> dict[str, Any]:
    """One NOERROR TXT entry (a list keeps character-string boundaries)."""
    strings = value if isinstance(value, list) else [value]
    return {"name": name, "type": "TXT", "status": "NOERROR", "rdata": [strings]}


def status(name: str, st: str) -> dict[str, Any]:
    """An entry that answers with a bare status (NXDOMAIN, SERVFAIL, TIMEOUT, …)."""
    return {"name": name, "type": "TXT", "status": st}


def mail_dkim_fake_dns(path: Path) -> list[dict[str, Any]]:
    """Mail::DKIM ``t/FAKE_DNS.dat``: ``name value`` lines; NXDOMAIN, timeout and SERVFAIL markers."""
    entries: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        parts = line.split(None, 1)
        name = parts[0]
        value = parts[1].strip() if len(parts) > 1 else ""
        if value == "NXDOMAIN":
            entries.append(status(name, "NXDOMAIN"))
        elif value == "~~Query timed out~~":
            entries.append(status(name, "TIMEOUT"))
        elif value == "~~SERVFAIL~~":
            entries.append(status(name, "SERVFAIL"))
        elif value == '""':
            entries.append(txt(name, ""))
        else:
            entries.append(txt(name, value))
    return entries


def dkim_verifier_dns(path: Path) -> list[dict[str, Any]]:
    """DKIM Verifier's ``dns.yml`` (name -> list of TXT values)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = []
    for name, values in (doc.get("txt") or {}).items():
        entries.append({"name": name, "type": "TXT", "status": "NOERROR", "rdata": [[v] for v in values]})
    return entries


def arc_txt_records(records: dict[str, str] | None) -> list[dict[str, Any]]:
    """An ARC suite scenario's ``txt-records`` (name -> TXT value)."""
    return [txt(name, str(value)) for name, value in (records or {}).items()]


def mailauth_dns(path: Path) -> list[dict[str, Any]]:
    """A mailauth DNS cache file (``{name: {TYPE: [answers]}}``) via the engine's own importer."""
    from inspector.dns.importers import mailauth_cache_entries

    doc = json.loads(path.read_text(encoding="utf-8"))
    return mailauth_cache_entries(doc)


def dkimpy_key(data: Path, file: str, name: str) -> dict[str, Any]:
    """A dkimpy test key file (raw TXT value) published at `name`, as dkim/tests/*.py map them."""
    return txt(name, (data / file).read_text(encoding="ascii").strip())


#: RFC 8463 Appendix A keys (dkimpy maps them in its test_dkim_ed25519.py; same values as mailauth's dns.json).
RFC8463_BRISBANE = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="


class NxdomainDefault:
    """A source that answers NXDOMAIN where the inner source has no entry (like the upstream stubs)."""

    kind = SourceKind.SNAPSHOT

    def __init__(self, inner: DnsSource) -> None:
        self.inner = inner

    def query(self, name: str, rtype: str) -> DnsAnswer:
        ans = self.inner.query(name, rtype)
        if ans.status is DnsStatus.NOT_IN_SNAPSHOT:
            return DnsAnswer(ans.name, ans.rtype, DnsStatus.NXDOMAIN, source=SourceKind.SNAPSHOT)
        return ans

    def describe(self) -> str:
        return self.inner.describe() + " (unlisted names: NXDOMAIN)"


def stub_source(entries: list[dict[str, Any]]) -> NxdomainDefault:
    """Entries as the upstream stub would answer them."""
    return NxdomainDefault(SnapshotSource(entries, label="suite"))
