"""Turning the DNS answers a check used into the provenance shown beside its result."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.dns.snapshot import encode_record
from inspector.dns.source import DnsAnswer, SourceKind
from inspector.model.auth import AuthResult, DnsLookupRecord, Provenance


def lookup_records(answers: Sequence[DnsAnswer]) -> tuple[DnsLookupRecord, ...]:
    """The answers as report records (record text included, for the detail view)."""
    out: list[DnsLookupRecord] = []
    for a in answers:
        texts: list[str] = []
        for r in a.records:
            enc = encode_record(a.rtype, r)
            if isinstance(enc, list) and a.rtype in ("TXT", "SPF"):
                texts.append("".join(x if isinstance(x, str) else "<binary>" for x in enc))
            elif isinstance(enc, list):
                texts.append(" ".join(str(x) for x in enc))
            else:
                texts.append(str(enc))
        out.append(DnsLookupRecord(a.name, a.rtype, a.status.value, a.source.value, a.captured_at, tuple(texts)))
    return tuple(out)


def provenance_of(answers: Sequence[DnsAnswer], result: AuthResult | None = None) -> Provenance:
    """One word for where a result's facts came from.

    A question this workstation could not ask (offline, not in the snapshot) makes it "not verifiable offline"
    when the result depends on it. A result that was decided all the same (`result` given and not
    ``not-verifiable``: DMARC passes on an aligned signature while a public suffix's ``_dmarc`` is missing
    from the snapshot) came from the answers that were obtained, or from the message alone when there were
    none (DKIM fails on the body hash with its key unavailable): labelling such a result "not verifiable
    offline" contradicted the result beside it.
    """
    if not answers:
        return Provenance.MESSAGE_ONLY
    if any(a.status.is_unavailable for a in answers):
        if result is None or result is AuthResult.NOT_VERIFIABLE:
            return Provenance.OFFLINE
        answers = [a for a in answers if not a.status.is_unavailable]
        if not answers:
            return Provenance.MESSAGE_ONLY
    kinds = {a.source for a in answers}
    if kinds == {SourceKind.LIVE}:
        return Provenance.LIVE_DNS
    if kinds == {SourceKind.SNAPSHOT}:
        return Provenance.SNAPSHOT
    return Provenance.MIXED


def unavailable(answers: Sequence[DnsAnswer]) -> list[DnsAnswer]:
    """The answers that this workstation could not get (offline, or missing from the snapshot)."""
    return [a for a in answers if a.status.is_unavailable]


def temporary(answers: Sequence[DnsAnswer]) -> list[DnsAnswer]:
    """The answers that failed on the server side (SERVFAIL, TIMEOUT, REFUSED)."""
    return [a for a in answers if a.status.is_temporary]


def describe(a: DnsAnswer) -> str:
    """One answer in a reason: "TXT _dmarc.example.com. NOT_IN_SNAPSHOT (snapshot.json)"."""
    where = f" ({a.detail})" if a.detail else ""
    return f"{a.rtype} {a.name} {a.status.value}{where}"
