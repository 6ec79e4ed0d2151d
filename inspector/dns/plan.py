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

import contextvars
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector.dns.source import LoggingSource

#: Questions beyond this many are left to the checks (bounded work on a hostile message with 1,000 signatures).
MAX_PLANNED = 128
#: RFC 9989 §4.10: the tree walk starts over at most this many labels below the From domain's top.
DMARC_WALK_LABELS = 7
#: SPF: how many levels of include:/redirect= are fetched ahead (pyspf then walks them from the cache).
SPF_WAVES = 4
#: At most this many include:/redirect= targets per level (RFC 7208 allows 10 lookups in all).
SPF_WAVE_WIDTH = 10

_TAG = re.compile(rb"(?:^|;)\s*([a-zA-Z][a-zA-Z0-9_]*)\s*=\s*([^;]*)")
_FWS = re.compile(rb"\s+")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$|^xn--[a-z0-9-]+$")

Question = tuple[str, str]


def _tags(value: bytes | str) -> dict[bytes, bytes]:
    raw = value.encode("utf-8", errors="replace") if isinstance(value, str) else value
    tags: dict[bytes, bytes] = {}
    for m in _TAG.finditer(raw):
        tags.setdefault(m.group(1).lower(), _FWS.sub(b"", m.group(2)))
    return tags


def signature_domain(value: bytes | str) -> str | None:
    """The ``d=`` of a DKIM-Signature value (text), or None."""
    d = _tags(value).get(b"d")
    if not d:
        return None
    try:
        return d.decode("utf-8").rstrip(".") or None
    except UnicodeDecodeError:
        return None


def signature_key_name(value: bytes | str) -> str | None:
    """``s._domainkey.d`` from a DKIM-Signature / ARC-Seal / ARC-Message-Signature value, or None."""
    tags = _tags(value)
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
    identifier_domains: Sequence[str] = (),
    walk: Callable[[str], list[str]] | None = None,
    extra: Iterable[Question] = (),
) -> list[Question]:
    """The questions to ask up front, in a fixed order (deterministic), at most MAX_PLANNED.

    `walk` gives a domain's ``_dmarc`` names in tree-walk order (the DMARC stage passes its own, so the
    names match exactly; default :func:`dmarc_names`). The author domains' walks come before the key
    names, the walks of the other identifiers (DKIM ``d=``, the SPF domain: their organisational domains
    decide relaxed alignment) after them.
    """
    walk = walk or dmarc_names
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
        for name in walk(domain):
            add(name, "TXT")
    for value in signatures:
        key = signature_key_name(value)
        if key:
            add(key, "TXT")
    for domain in identifier_domains:
        for name in walk(domain):
            add(name, "TXT")
    for name, rtype in extra:
        add(name, rtype)
    return out


_SPF_TARGET = re.compile(r"^[+?~-]?(?:include:|redirect=)(\S+)$", re.IGNORECASE)


def spf_targets(record: bytes | str) -> list[str]:
    """The include:/redirect= domains of one SPF record that need no macro expansion, in record order."""
    text = record.decode("utf-8", errors="replace") if isinstance(record, bytes) else record
    out: list[str] = []
    for term in text.split()[1:]:
        m = _SPF_TARGET.match(term)
        if m and "%" not in m.group(1) and m.group(1) not in out:
            out.append(m.group(1).rstrip("."))
    return out


def prefetch(cache: LoggingSource, questions: Sequence[Question], spf_domain: str | None = None) -> None:
    """Ask `questions` concurrently; alongside, follow the SPF domain's include:/redirect= chain level by level.

    Both run at once (an SPF chain need not wait for a dead DKIM key), each question at most once (the
    cache's single flight), and both are finished when this returns, so the checks that follow read
    answers that no longer change (deterministic results).
    """
    chain: threading.Thread | None = None
    if spf_domain:
        chain = threading.Thread(
            target=contextvars.copy_context().run, args=(_spf_chain, cache, spf_domain), daemon=True, name="dns-spf"
        )
        chain.start()
    cache.prefetch(questions)
    if chain is not None:
        chain.join()


def _spf_chain(cache: LoggingSource, domain: str) -> None:
    wave = [domain]
    seen = {domain.lower().rstrip(".")}
    for _ in range(SPF_WAVES):
        cache.prefetch([(d, "TXT") for d in wave])
        following: list[str] = []
        for d in wave:
            ans = cache.cached(d, "TXT")
            if ans is None:
                continue
            for text in ans.txt_strings():
                if text[:6].lower() == b"v=spf1" and (len(text) == 6 or text[6:7] == b" "):
                    for target in spf_targets(text):
                        if target.lower() not in seen and len(following) < SPF_WAVE_WIDTH:
                            seen.add(target.lower())
                            following.append(target)
        if not following:
            return
        wave = following
