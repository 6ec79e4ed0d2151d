"""One line per vendor: what its filter concluded, from its trusted fields when it wrote any."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.filters.registry import VENDORS
from inspector.model.filters import VERDICT_ORDER, FilterField, FilterSummary, FilterVerdict

_WORDS = {
    FilterVerdict.MALWARE: "malware",
    FilterVerdict.PHISHING: "phishing",
    FilterVerdict.SPOOFING: "spoofing (the sender address is not authenticated)",
    FilterVerdict.IMPERSONATION: "impersonation",
    FilterVerdict.SPAM: "spam",
    FilterVerdict.BULK: "bulk mail",
}
_DOCS = {v.name: tuple(f"{title} <{url}>" for title, url in v.documentation) for v in VENDORS}


def evidence_of(f: FilterField) -> str:
    """How a field reads in a summary: ``CAT:PHSH``, ``SCL 9``, ``X-Spam-Flag: YES``."""
    if f.scl is not None:
        return f"SCL {f.scl}"
    if f.field == "value":
        return f"{f.header}: {f.value}"
    return f"{f.field}:{f.value}" if f.value else f.field


def strongest(fields: Sequence[FilterField]) -> FilterVerdict | None:
    """The most serious verdict among `fields` (VERDICT_ORDER), None when none says one."""
    found = {f.verdict for f in fields if f.verdict is not None}
    return next((v for v in VERDICT_ORDER if v in found), None)


def _sentence(
    vendor: str, fields: Sequence[FilterField]
) -> tuple[str, FilterVerdict | None, tuple[str, ...], str | None]:
    verdict = strongest(fields)
    evidence = [evidence_of(f) for f in fields if verdict is not None and f.verdict is verdict]
    evidence += [evidence_of(f) for f in fields if f.scl is not None]
    ev = tuple(dict.fromkeys(evidence))[:4]
    dest = next((f.destination for f in fields if f.destination), None)
    where = f" and delivered it to {dest}" if dest else ""
    because = f" ({', '.join(ev)})" if ev else ""
    if verdict is None:
        text = f"{vendor} left {len(fields)} field(s) but no verdict{where}"
    elif verdict is FilterVerdict.CLEAN:
        text = f"{vendor} found nothing wrong{because}{where}"
    elif verdict is FilterVerdict.BYPASSED:
        text = f"{vendor} skipped its checks for this message{because}{where}"
    else:
        text = f"{vendor} rated this {_WORDS[verdict]}{because}{where}"
    return text, verdict, ev, dest


def summarise(fields: Sequence[FilterField]) -> tuple[FilterSummary, ...]:
    """A summary per vendor, in the order the vendors first appear."""
    vendors = list(dict.fromkeys(f.vendor for f in fields))
    out: list[FilterSummary] = []
    for vendor in vendors:
        mine = [f for f in fields if f.vendor == vendor]
        trusted = [f for f in mine if f.trusted]
        text, verdict, ev, dest = _sentence(vendor, trusted or mine)
        if not trusted:
            text = f"Claimed by the sender, not written by your mail filter: {text}"
        out.append(FilterSummary(vendor, text, bool(trusted), verdict, ev, dest, _DOCS.get(vendor, ())))
    return tuple(out)
