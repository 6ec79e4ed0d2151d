"""Which DNS questions an analysis will ask, known before any check runs, so they can be asked together.

Every DKIM key name (``s._domainkey.d``), every ARC key name, the SPF policy of the checked identity and the
DMARC policy names (the RFC 9989 tree walk: ``_dmarc`` at the From domain and at each parent, at most eight)
are independent of each other. Asked one after another, each dead name costs a full timeout; asked at once
(:meth:`LoggingSource.prefetch`), a message with 40 dead selectors costs one timeout. The plan only has to be
a good guess: a check that asks a name not planned simply asks it then (a cache miss, never a wrong answer),
and a planned name no check needs is merely recorded.

The checks own their questions; stages that know better can add theirs through `extra` in :func:`plan`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

#: Questions beyond this many are left to the checks (bounded work on a hostile message with 1,000 signatures).
MAX_PLANNED = 128
#: RFC 9989 §4.10: the tree walk starts over at most this many labels below the From domain's top.
DMARC_WALK_LABELS = 7

_TAG = re.compile(rb"(?:^|;)\s*([a-zA-Z][a-zA-Z0-9_]*)\s*=\s*([^;]*)")
_FWS = re.compile(rb"\s+")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$|^xn--[a-z0-9-]+$")

Question = tuple[str, str]


def signature_key_name(value: bytes | str) -> str | None:
    """``s._domainkey.d`` from a DKIM-Signature / ARC-Seal / ARC-Message-Signature value, or None."""
    raw = value.encode("utf-8", errors="replace") if isinstance(value, str) else value
    tags: dict[bytes, bytes] = {}
    for m in _TAG.finditer(raw):
        tags.setdefault(m.group(1).lower(), _FWS.sub(b"", m.group(2)))
    d, s = tags.get(b"d"), tags.get(b"s")
    if not d or not s:
        return None
    try:
        name = (s + b"._domainkey." + d).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return name if len(name) <= 253 else None


def dmarc_names(domain: str) -> list[str]:
    """``_dmarc`` names of the RFC 9989 tree walk for `domain`, in walk order (the From domain first)."""
    labels = [x for x in domain.strip().rstrip(".").lower().split(".") if x]
    if not labels or not all(_plausible(x) for x in labels):
        return [f"_dmarc.{domain.strip().rstrip('.').lower()}."] if labels else []
    out = [f"_dmarc.{'.'.join(labels)}."]
    start = min(len(labels), DMARC_WALK_LABELS)
    if start == len(labels):
        start -= 1
    for n in range(start, 0, -1):
        name = f"_dmarc.{'.'.join(labels[-n:])}."
        if name not in out:
            out.append(name)
    return out


def _plausible(label: str) -> bool:
    return bool(_LABEL.match(label)) or not label.isascii()


def plan(
    *,
    signatures: Iterable[bytes | str] = (),
    spf_domain: str | None = None,
    author_domains: Sequence[str] = (),
    extra: Iterable[Question] = (),
) -> list[Question]:
    """The questions to ask up front, in a fixed order (deterministic), at most MAX_PLANNED."""
    out: list[Question] = []
    seen: set[Question] = set()

    def add(name: str, rtype: str) -> None:
        q = (name, rtype)
        if q not in seen and len(out) < MAX_PLANNED:
            seen.add(q)
            out.append(q)

    if spf_domain:
        add(spf_domain, "TXT")
    for domain in author_domains:
        for name in dmarc_names(domain):
            add(name, "TXT")
    for value in signatures:
        key = signature_key_name(value)
        if key:
            add(key, "TXT")
    for name, rtype in extra:
        add(name, rtype)
    return out
