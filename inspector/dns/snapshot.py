"""DNS snapshots: a JSON file of captured answers, for air-gapped verification.

Format ``dns-snapshot/1`` (documented in README.md, "DNS snapshots")::

    {"format": "dns-snapshot/1", "created_at": "2026-11-30T03:50:00Z",
     "capture": {"mode": "recorded", "resolver": "…", "tool": "inspector 0.1.0"},
     "records": [
       {"name": "sel._domainkey.example.com.", "type": "TXT", "status": "NOERROR", "ttl": 300,
        "ad": false, "captured_at": "2026-11-30T03:50:01Z", "rdata": [["v=DKIM1; k=rsa; ", "p=MIIB…"]]},
       {"name": "_dmarc.example.com.", "type": "TXT", "status": "NXDOMAIN", "captured_at": "…"}]}

Names are absolute, lowercase A-labels. TXT rdata keeps character-string boundaries; a string that is
not UTF-8 is stored as ``{"b64": "…"}``. MX rdata is ``[preference, "exchange."]``; A, AAAA, PTR and
CNAME rdata are strings. A question the file does not hold answers ``NOT_IN_SNAPSHOT``, which is never
the same as NXDOMAIN.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from inspector.dns.source import DnsAnswer, DnsStatus, Record, SourceKind, normalize_name
from inspector.errors import UsageError
from inspector.fileio import NotRegularFile, open_regular

FORMAT = "dns-snapshot/1"
#: A capture holds a few hundred answers (kilobytes); anything this large is not a snapshot.
MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024
#: dns-snapshot/1 is 5 levels deep (document, records, record, rdata, character-strings); mailauth's cache 4.
MAX_SNAPSHOT_DEPTH = 16


def _depth_over(doc: Any, limit: int) -> bool:
    """True when `doc` nests lists/objects deeper than `limit` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (list, dict)):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((c, depth + 1) for c in children if isinstance(c, (list, dict)))
    return False


def _encode_string(s: bytes) -> str | dict[str, str]:
    try:
        return s.decode("utf-8")
    except UnicodeDecodeError:
        return {"b64": base64.b64encode(s).decode("ascii")}


def _decode_string(v: Any) -> bytes:
    if isinstance(v, dict) and "b64" in v:
        return base64.b64decode(v["b64"], validate=True)
    return str(v).encode("utf-8")


def encode_record(rtype: str, rec: Record) -> Any:
    """One record in its JSON form."""
    if rtype in ("TXT", "SPF"):
        assert isinstance(rec, tuple)
        return [_encode_string(s) for s in rec if isinstance(s, bytes)]
    if rtype == "MX":
        assert isinstance(rec, tuple)
        return [rec[0], rec[1]]
    return str(rec)


def decode_record(rtype: str, value: Any) -> Record:
    """One record from its JSON form (a bare TXT string is taken as one character-string)."""
    if rtype in ("TXT", "SPF"):
        if isinstance(value, list):
            return tuple(_decode_string(v) for v in value)
        return (_decode_string(value),)
    if rtype == "MX":
        if isinstance(value, dict):
            return (int(value.get("priority", value.get("preference", 0)) or 0), str(value["exchange"]))
        return (int(value[0]), str(value[1]))
    return str(value)


def answer_to_json(ans: DnsAnswer) -> dict[str, Any]:
    """The snapshot entry for one answer."""
    out: dict[str, Any] = {"name": ans.name, "type": ans.rtype, "status": ans.status.value}
    if ans.ttl is not None:
        out["ttl"] = ans.ttl
    out["ad"] = ans.ad
    if ans.captured_at:
        out["captured_at"] = ans.captured_at
    if ans.cname_chain:
        out["cname_chain"] = list(ans.cname_chain)
    if ans.records:
        out["rdata"] = [encode_record(ans.rtype, r) for r in ans.records]
    return out


@dataclass(frozen=True)
class _Entry:
    """One snapshot entry, its status and records decoded once when the file is loaded."""

    raw: dict[str, Any]
    status: DnsStatus
    records: tuple[Record, ...]


def _checked_entry(e: Any, n: int, label: str) -> _Entry:
    """One snapshot entry, validated so a broken file is a clear usage error, not a wrong answer."""
    where = f"DNS snapshot {label}: record {n}"
    if not isinstance(e, dict):
        raise UsageError(f"{where} is not an object")
    if not isinstance(e.get("name"), str) or not e["name"].strip():
        raise UsageError(f"{where} has no name")
    if not isinstance(e.get("type"), str) or not e["type"].strip():
        raise UsageError(f"{where} ({e['name']}) has no type")
    rtype = e["type"].upper()
    status = str(e.get("status", "NOERROR")).upper()
    if status not in DnsStatus.__members__:
        raise UsageError(f"{where} ({e['name']}) has an unknown status {status!r}")
    rdata = e.get("rdata", [])
    if rdata is None:
        rdata = []
    if isinstance(rdata, (str, dict)):
        rdata = [rdata]  # one record written without its list
    if not isinstance(rdata, list):
        raise UsageError(f"{where} ({e['name']}): rdata must be a list")
    records: list[Record] = []
    try:
        for rec in rdata:
            strings = rec if isinstance(rec, list) else [rec]
            if rtype in ("TXT", "SPF") and not all(isinstance(x, (str, dict)) for x in strings):
                raise ValueError('TXT character-strings must be text or {"b64": …}')
            records.append(decode_record(rtype, rec))
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error) as exc:
        raise UsageError(f"{where} ({e['name']} {rtype}): bad rdata ({exc})") from None
    state = DnsStatus(status)
    if state is DnsStatus.NOERROR and not records:
        state = DnsStatus.NODATA
    return _Entry({**e, "rdata": rdata}, state, tuple(records))


class SnapshotSource:
    """Answers from a snapshot; unknown questions are NOT_IN_SNAPSHOT."""

    kind = SourceKind.SNAPSHOT

    def __init__(
        self, entries: Iterable[dict[str, Any]], *, label: str = "snapshot", created_at: str | None = None
    ) -> None:
        self.label = label
        self.created_at = created_at
        self._index: dict[tuple[str, str], list[_Entry]] = {}
        for n, raw in enumerate(entries, 1):
            entry = _checked_entry(raw, n, label)
            e = entry.raw
            key = (normalize_name(e["name"]), str(e["type"]).upper())
            self._index.setdefault(key, []).append(entry)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> SnapshotSource:
        """Load a snapshot file (dns-snapshot/1, or a mailauth ``--dns-cache`` file)."""
        name = os.fspath(path)
        try:
            with open_regular(name) as fh:
                data = fh.read(MAX_SNAPSHOT_BYTES + 1)
        except NotRegularFile as exc:
            raise UsageError(f"cannot read DNS snapshot {name}: it is {exc.kind}, not a regular file") from None
        except OSError as exc:
            raise UsageError(f"cannot read DNS snapshot {name}: {exc.strerror or exc}") from None
        if len(data) > MAX_SNAPSHOT_BYTES:
            raise UsageError(
                f"cannot read DNS snapshot {name}: it is larger than {MAX_SNAPSHOT_BYTES >> 20} MB, "
                "far more than any capture holds"
            )
        try:
            doc = json.loads(data)
        except RecursionError:
            raise UsageError(
                f"cannot read DNS snapshot {name}: its JSON is nested too deeply (a snapshot is only a few levels deep)"
            ) from None
        except (ValueError, MemoryError) as exc:
            raise UsageError(f"cannot read DNS snapshot {name}: not valid JSON ({str(exc)[:200]})") from None
        if _depth_over(doc, MAX_SNAPSHOT_DEPTH):
            raise UsageError(
                f"cannot read DNS snapshot {name}: its JSON is nested more than {MAX_SNAPSHOT_DEPTH} levels deep"
            )
        return cls.from_document(doc, label=os.path.basename(name))

    @classmethod
    def from_document(cls, doc: Any, *, label: str = "snapshot") -> SnapshotSource:
        """Build from a parsed JSON document; recognises mailauth's cache format too."""
        if isinstance(doc, dict) and doc.get("format") == FORMAT:
            records = doc.get("records", [])
            if not isinstance(records, list):
                raise UsageError("DNS snapshot: 'records' must be a list")
            return cls(records, label=label, created_at=doc.get("created_at"))
        if isinstance(doc, dict):
            from inspector.dns.importers import mailauth_cache_entries

            entries = mailauth_cache_entries(doc)
            if not entries:
                raise UsageError(f"DNS snapshot {label}: no records (neither dns-snapshot/1 nor a mailauth cache)")
            return cls(entries, label=label)
        raise UsageError("DNS snapshot: not a dns-snapshot/1 or mailauth cache document")

    def query(self, name: str, rtype: str) -> DnsAnswer:
        qname = normalize_name(name)
        rtype = rtype.upper()
        found = self._index.get((qname, rtype))
        if not found:
            return DnsAnswer(
                qname,
                rtype,
                DnsStatus.NOT_IN_SNAPSHOT,
                source=SourceKind.SNAPSHOT,
                captured_at=self.created_at,
                detail=f"not in {self.label}",
            )
        entry = max(found, key=lambda x: str(x.raw.get("captured_at", "")))
        e = entry.raw
        return DnsAnswer(
            name=qname,
            rtype=rtype,
            status=entry.status,
            records=entry.records,
            ttl=e.get("ttl"),
            ad=bool(e.get("ad", False)),
            cname_chain=tuple(e.get("cname_chain", ()) or ()),
            source=SourceKind.SNAPSHOT,
            captured_at=e.get("captured_at") or self.created_at,
            detail=self.label,
        )

    def describe(self) -> str:
        when = f", captured {self.created_at}" if self.created_at else ""
        return f"DNS snapshot {self.label}{when}"
