"""Loaders that turn the DKIM/ARC suites' DNS data into snapshot entries (`inspector/dns/snapshot.py`).

Each upstream stub answers "no such name" for anything it does not list, so `stub_source` serves the
entries as a `ClosedWorldSnapshot` (NOT_IN_SNAPSHOT becomes NXDOMAIN) for the conformance runs; unit tests
that check the offline path use the plain SnapshotSource.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from inspector.auth.dkim import check_dkim
from inspector.dns.source import DnsSource
from inspector.ingest.eml import read_eml
from inspector.ingest.message import Message
from inspector.model.auth import AuthResult, DkimSignatureResult
from tests.support.zones import ClosedWorldSnapshot, logged, txt


def status(name: str, st: str) -> dict[str, Any]:
    """An entry that answers with a bare status (NXDOMAIN, SERVFAIL, TIMEOUT, …)."""
    return txt(name, status=st)


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


def stub_source(entries: list[dict[str, Any]]) -> ClosedWorldSnapshot:
    """Entries as the upstream stub would answer them."""
    return ClosedWorldSnapshot(entries, label="suite")


# --- running the DKIM suites -------------------------------------------------------------

DISAGREEMENTS = Path(__file__).resolve().parent.parent / "conformance" / "dkim-disagreements.md"
#: A fixed "now" so results do not drift with the calendar (the suites' x= values are far apart).
NOW = datetime(2026, 11, 30, tzinfo=UTC)


def delivery_time(msg: Message) -> datetime | None:
    """The date of the topmost Received field (what DKIM Verifier judges t=/x= against)."""
    rec = msg.get("Received")
    if rec is None or ";" not in rec.value:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(rec.value.rsplit(";", 1)[1].strip())
    except (TypeError, ValueError):
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def verify_message(
    msg: Message, source: DnsSource, *, delivery: datetime | None = None
) -> tuple[DkimSignatureResult, ...]:
    """All DKIM results for one message with `source` as DNS, judged at NOW (and `delivery`, if given)."""
    with logged(source) as log:
        return check_dkim(msg, log=log, now=NOW, delivery_time=delivery)


def verify(data: bytes, source: DnsSource, *, use_received: bool = False) -> tuple[DkimSignatureResult, ...]:
    """All DKIM results for one raw message with `source` as DNS."""
    msg = read_eml(data)
    return verify_message(msg, source, delivery=delivery_time(msg) if use_received else None)


#: Our RFC 8301 failures of a cryptographically valid signature (weak key, rsa-sha1); Mail::DKIM accepts both.
RFC8301_FAILS = frozenset({"weak-key", "weak-algorithm"})


def mail_dkim_word(results: Sequence[DkimSignatureResult]) -> str:
    """Mail::DKIM's overall result: the best signature wins (pass > fail > invalid); none when unsigned.

    The corpus signs with 512-bit keys, which Mail::DKIM accepts; we report them as ``fail`` (weak key,
    RFC 8301) with the cryptography checked, and that counts as its "pass" here.
    """
    words = []
    for r in results:
        if r.result is AuthResult.PASS or (r.error_kind in RFC8301_FAILS and r.header_signature == "pass"):
            words.append("pass")
        elif r.result is AuthResult.FAIL:
            words.append("fail")
        else:
            words.append("invalid")
    for w in ("pass", "fail", "invalid"):
        if w in words:
            return w
    return "none"


def dkim_verifier_word(r: DkimSignatureResult) -> str:
    """DKIM Verifier's per-signature words: SUCCESS, TEMPFAIL, PERMFAIL."""
    if r.result is AuthResult.PASS:
        return "SUCCESS"
    if r.result is AuthResult.TEMPERROR:
        return "TEMPFAIL"
    return "PERMFAIL"


def known_disagreements(suite: str) -> dict[str, tuple[str, str]]:
    """{case: (upstream, ours)} from the Markdown table rows ``| suite | case | upstream | ours | reason |``."""
    out: dict[str, tuple[str, str]] = {}
    for line in DISAGREEMENTS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] != suite:
            continue
        case = re.sub(r"^`|`$", "", cells[1])
        out[case] = (cells[2], cells[3])
    return out
