"""Decode the receivers' filter headers into labelled fields, with whether each is trusted (see `trust`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from inspector.filters.parsers import DESCRIBED, PARSERS, RAW
from inspector.filters.registry import VENDORS
from inspector.filters.spec import Field, Header, Vendor
from inspector.filters.trust import TrustJudge
from inspector.filters.vendors.microsoft import COMPAUTH, COMPAUTH_REASON, MICROSOFT
from inspector.ingest.message import HeaderField
from inspector.model.auth import AUTH_RESULTS_HEADERS, RecordedResult
from inspector.model.chain import Hop, TrustBoundary
from inspector.model.filters import FilterField, FilterSeverity, FilterVerdict

#: Bounds for hostile input: filter headers read per message, and decoded fields kept in all (a view lists
#: each field as a row; 300 headers of 200 fields each would be 60,000 rows).
MAX_HEADERS = 300
MAX_FIELDS = 2000
#: Characters of one filter header handed to its parser.
MAX_PARSED_CHARS = 32_000

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_RAW_HEADER = Field("Whole header", "A header of this vendor that is not in our table: shown as written.")
_UNKNOWN_HEADER = Header("single", {"value": _RAW_HEADER})


def _vendor_of(lname: str, value: str) -> tuple[Vendor, Header] | None:
    by_format, fallback = _entries_for(lname)
    for vendor, spec in by_format:  # an entry that recognises the value's format wins
        if spec.when is not None and re.search(spec.when, value[:2000]):
            return vendor, spec
    return fallback


@functools.lru_cache(maxsize=4096)
def _entries_for(lname: str) -> tuple[tuple[tuple[Vendor, Header], ...], tuple[Vendor, Header] | None]:
    """For a field name: the table entries that recognise a value by its format (tried in order), and the
    answer when none does (the first entry without a format, else a vendor whose prefix the name has).

    A pure function of the name and the static vendor tables, worked out once per name: every header field
    of every message asked it (~60 fields a message), scanning all vendors each time."""
    candidates = [(v, v.headers[lname]) for v in VENDORS if lname in v.headers]
    by_format = tuple((v, spec) for v, spec in candidates if spec.when is not None)
    for vendor, spec in candidates:
        if spec.when is None:
            return by_format, (vendor, spec)
    for vendor in VENDORS:
        if any(lname.startswith(p) for p in vendor.prefixes):
            return by_format, (vendor, _UNKNOWN_HEADER)
    return by_format, None


def _number(value: str) -> float | None:
    m = _NUMBER.search(value)
    return float(m.group(0)) if m else None


def _describe(spec: Field, value: str) -> tuple[str, FilterSeverity, FilterVerdict | None, str | None]:
    """Meaning, severity, verdict and destination of one value."""
    v = value.strip()
    if not v and "" not in spec.values:
        return f"Not set. ({spec.meaning})", FilterSeverity.INFO, None, None
    lowered = {k.lower(): k for k in spec.values}
    hit = spec.values.get(v) or (spec.values.get(lowered[v.lower()]) if v.lower() in lowered else None)
    if hit is None and spec.prefix_values and v:
        for key in sorted(spec.values, key=len, reverse=True):
            if v.lower().startswith(key.lower()):
                hit = spec.values[key]
                break
    if hit is not None:
        return hit.meaning, hit.severity, hit.verdict, hit.destination
    number = _number(v) if spec.ranges and v else None
    if number is not None:
        for r in spec.ranges:
            if r.low <= number <= r.high:
                return r.meaning, r.severity, r.verdict, None
    return spec.meaning, FilterSeverity.INFO, None, None


def _scl(spec: Field, value: str) -> int | None:
    if not spec.is_scl:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _rule_field(vendor: Vendor, name: str, score: str) -> tuple[str, str, FilterSeverity]:
    rule = vendor.rules.get(name)
    score, _, described = score.partition(DESCRIBED)
    if rule is not None:
        meaning = rule.description
    elif described:
        meaning = f"{described} (as the report describes it)"
    else:
        meaning = f"A {vendor.name} rule that is not in our table of common rules (shown as written)."
    n = _number(score) if score else None
    if rule is not None and rule.verdict in (FilterVerdict.PHISHING, FilterVerdict.MALWARE, FilterVerdict.SPOOFING):
        severity = FilterSeverity.WARNING
    elif n is not None and n >= 1:
        severity = FilterSeverity.NOTICE
    else:
        severity = FilterSeverity.INFO
    return name, meaning, severity


@dataclass(frozen=True, slots=True)
class _Where:
    """The header a field comes from and its trust judgement."""

    vendor: Vendor
    header: HeaderField
    trusted: bool
    basis: str
    hop: int | None

    def field(
        self,
        name: str,
        value: str,
        label: str,
        meaning: str,
        severity: FilterSeverity,
        *,
        verdict: FilterVerdict | None = None,
        known: bool = True,
        scl: int | None = None,
        destination: str | None = None,
    ) -> FilterField:
        return FilterField(
            vendor=self.vendor.name,
            header=self.header.name,
            field=name,
            value=value,
            label=label,
            meaning=meaning,
            severity=severity,
            trusted=self.trusted,
            hop=self.hop,
            header_index=self.header.index,
            trust_basis=self.basis,
            verdict=verdict,
            known=known,
            scl=scl,
            destination=destination,
        )


def _fields_of(where: _Where, spec: Header) -> list[FilterField]:
    vendor = where.vendor
    try:
        # Cut before any parser sees it: real filter headers are a few kilobytes, and no parser may be handed a
        # megabyte a sender wrote (the fields past the cut are not decoded; the header view shows it whole).
        pairs = PARSERS[spec.parser](where.header.value[:MAX_PARSED_CHARS])
    except Exception:  # noqa: BLE001 - a parser bug must not lose the header: show it raw
        pairs = [(RAW, where.header.value[:500])]
    out: list[FilterField] = []
    for name, value in pairs:
        if name.startswith("rule:"):
            rule, meaning, severity = _rule_field(vendor, name[5:], value)
            score = value.partition(DESCRIBED)[0]
            out.append(where.field(rule, score, rule, meaning, severity, known=rule in vendor.rules))
            continue
        fspec = spec.fields.get(name) or spec.fields.get(name.lower())
        if fspec is None:
            label = "Not decoded" if name == RAW else name
            meaning = f"Not in our table of {vendor.name} fields: shown as written."
            out.append(where.field(name, value, label, meaning, FilterSeverity.INFO, known=False))
            continue
        meaning, severity, verdict, destination = _describe(fspec, value)
        out.append(
            where.field(
                name,
                value,
                fspec.label,
                meaning,
                severity,
                verdict=verdict,
                known=spec is not _UNKNOWN_HEADER,
                scl=_scl(fspec, value),
                destination=destination,
            )
        )
    return out


def _compauth(recorded: Sequence[RecordedResult], judge: TrustJudge) -> list[FilterField]:
    """Microsoft's compauth/reason from the receivers' Authentication-Results (parsed in `inspector.auth.recorded`),
    trusted exactly when that record is."""
    out: list[FilterField] = []
    for r in recorded:
        if r.method.lower() != "compauth" or r.header.lower() not in AUTH_RESULTS_HEADERS:
            continue
        hop = judge.boundary_hop if r.trusted else judge.hop_below(r.header_index)
        basis = (
            "the receiver's own Authentication-Results: " if r.trusted else "claimed by the sender: "
        ) + r.trust_basis
        for spec, name, value in ((COMPAUTH, "compauth", r.result), (COMPAUTH_REASON, "reason", r.reason)):
            if value is None:
                continue
            meaning, severity, verdict, _ = _describe(spec, value)
            out.append(
                FilterField(
                    vendor=MICROSOFT.name,
                    header=r.header,
                    field=name,
                    value=value,
                    label=spec.label,
                    meaning=meaning,
                    severity=severity,
                    trusted=r.trusted,
                    hop=hop,
                    header_index=r.header_index,
                    trust_basis=basis,
                    verdict=verdict,
                )
            )
    return out


def decode_filters(
    headers: Sequence[HeaderField], hops: Sequence[Hop], boundary: TrustBoundary, recorded: Sequence[RecordedResult]
) -> tuple[FilterField, ...]:
    """Every filter header of the message, decoded field by field, in header order (compauth last)."""
    judge = TrustJudge(headers, hops, boundary)
    found: list[tuple[HeaderField, Vendor, Header]] = []
    for h in headers:
        hit = _vendor_of(h.lname, h.value)
        if hit is not None:
            found.append((h, *hit))
            if len(found) >= MAX_HEADERS:
                break
    by_vendor: dict[str, set[int]] = {}
    for h, vendor, _ in found:
        by_vendor.setdefault(vendor.name, set()).add(h.index)
    bound: dict[str, dict[int, int]] = {
        v.name: judge.queue_bound(v, by_vendor.get(v.name, set())) for v in VENDORS if v.queue_id_header
    }
    out: list[FilterField] = []
    for h, vendor, spec in found:
        placement = judge.judge(vendor, spec, h, bound.get(vendor.name, {}))
        out.extend(_fields_of(_Where(vendor, h, placement.trusted, placement.basis, placement.hop), spec))
        if len(out) >= MAX_FIELDS:
            break
    out.extend(_compauth(recorded, judge))
    return tuple(out[:MAX_FIELDS])
