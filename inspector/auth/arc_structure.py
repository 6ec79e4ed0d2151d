"""The shape of an ARC chain (RFC 8617 §4.1, §5.2), read from the message alone.

dkimpy's ``arc_verify`` stops at the first structural problem with one sentence; an analyst wants
every problem named (a gap, a duplicate set, a chain restarted with cv=none, more than 50 sets) and the
per-instance facts (sealer, selector, cv, ARC-Authentication-Results) even when nothing could be
verified, e.g. offline. So the sets are collected here by hand; the cryptography stays with dkimpy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from inspector.ingest.message import HeaderField
from inspector.parse import arc_instance, tag_list
from inspector.parse.tag_list import compact

MAX_INSTANCES = 50
ARC_FIELDS = ("arc-seal", "arc-message-signature", "arc-authentication-results")
_SHORT = {
    "arc-seal": "ARC-Seal",
    "arc-message-signature": "ARC-Message-Signature",
    "arc-authentication-results": "ARC-Authentication-Results",
}


@dataclass
class ArcSet:
    """The header fields of one instance number, as found (possibly incomplete or duplicated)."""

    instance: int
    fields: dict[str, list[HeaderField]] = field(default_factory=lambda: defaultdict(list))

    def one(self, lname: str) -> HeaderField | None:
        found = self.fields.get(lname) or []
        return found[0] if found else None


@dataclass
class ArcShape:
    """Every ARC set by instance, plus the structural errors found."""

    sets: dict[int, ArcSet]
    errors: list[str]
    latest: int

    @property
    def present(self) -> bool:
        return bool(self.sets) or bool(self.errors)


def tags_of(value: str) -> dict[str, str]:
    """A tag=value list as a dict of lower-case names (lenient; display only); b= and bh= without blanks."""
    return {k: compact(v) if k in ("b", "bh") else v for k, v in tag_list.lenient(value).items()}


def instance_of(h: HeaderField) -> int | None:
    """The i= of an ARC header field (None when missing or unreadable)."""
    if h.lname == "arc-authentication-results":
        return arc_instance.split_aar(h.value)[0]
    return arc_instance.of_tag_list(h.value)


def read_shape(headers: Sequence[HeaderField]) -> ArcShape:
    """Collect the ARC sets and name each structural error (RFC 8617 §5.2 step 1-3)."""
    sets: dict[int, ArcSet] = {}
    errors: list[str] = []
    for h in headers:
        if h.lname not in ARC_FIELDS:
            continue
        i = instance_of(h)
        if i is None:
            errors.append(f"{_SHORT[h.lname]} (header {h.index + 1}) has no valid i= instance tag")
            continue
        if i < 1 or i > MAX_INSTANCES:
            errors.append(f"{_SHORT[h.lname]} has instance i={i}, outside 1..{MAX_INSTANCES}")
            continue
        sets.setdefault(i, ArcSet(i)).fields[h.lname].append(h)
    latest = max(sets) if sets else 0
    for i in sorted(sets):
        s = sets[i]
        for lname in ARC_FIELDS:
            n = len(s.fields.get(lname) or [])
            if n == 0:
                errors.append(f"instance {i} has no {_SHORT[lname]} (incomplete ARC set)")
            elif n > 1:
                errors.append(f"instance {i} has {n} {_SHORT[lname]} fields (duplicate ARC set)")
    for i in range(1, latest + 1):
        if i not in sets:
            errors.append(f"instance {i} is missing (gap in the chain up to i={latest})")
    for i, s in sorted(sets.items()):
        seal = s.one("arc-seal")
        if seal is None:
            continue
        cv = tags_of(seal.value).get("cv", "").lower()
        if i > 1 and cv == "none":
            errors.append(f"instance {i} seals with cv=none: the chain was restarted")
        if i == 1 and cv not in ("none", ""):
            errors.append(f"instance 1 seals with cv={cv} (the first set must say cv=none)")
    return ArcShape(sets=sets, errors=errors, latest=latest)
