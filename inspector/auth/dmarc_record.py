"""The DMARC policy record: tag-value parsing that never lets one bad optional value sink the record.

RFC 9989 §4.8 (as RFC 7489 §6.3 before it): "Unknown tags MUST be ignored. Syntax errors in the
remainder of the record MUST be discarded in favor of default values (if any) or ignored outright."
So a record that starts with ``v=DMARC1`` is always a DMARC record: ``adkim=relaxed`` (a word, not
``r``), ``pct=abc``, ``np=bogus``, a bare ``fo`` with no ``=``, a tag given twice — each is ignored
with a finding naming it, and the policy the Domain Owner published is kept. Treating such a record
as permerror (what this module's predecessor did) let a typo in an optional tag turn a spoof of a
``p=reject`` domain into a mere note, while every receiver we compared (mailauth 4.x-7.x) rejects.

The only tag whose absence or invalidity changes the outcome is ``p=``: RFC 9989 §4.10.1 (RFC 7489
§6.6.3 step 6): with a syntactically valid ``rua=`` URI the receiver acts as if ``p=none``; without
one it applies no DMARC processing (result ``none``), never permerror.

Tag names are case-insensitive (ABNF literals, RFC 5234 §2.3), so ``V=DMARC1`` is a DMARC record;
the version value itself is case-sensitive (``%s"DMARC1"``, RFC 9989 §4.8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inspector.parse import tag_list

#: RFC 9989 §4.7 "v": the first tag, name case-insensitive, value exactly "DMARC1".
VERSION = re.compile(r"^\s*[vV]\s*=\s*DMARC1\s*(;|$)")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s,!;]+$")
POLICIES = ("none", "quarantine", "reject")
#: Tags of RFC 9989 §4.7 (and the three RFC 7489 tags it removed; see REMOVED).
KNOWN = ("v", "p", "sp", "np", "adkim", "aspf", "fo", "rua", "ruf", "psd", "t", "pct", "rf", "ri")
#: RFC 9989 Appendix A.6 removed pct (replaced by t=); rf and ri moved out with the reporting documents.
REMOVED = ("pct", "rf", "ri")
_FO_TOKENS = frozenset("01ds")


class RecordError(ValueError):
    """Text that is not a DMARC record at all (it does not start with ``v=DMARC1``)."""


def _valid_fo(value: str) -> bool:
    """RFC 9989 §4.8 dmarc-fo: colon-separated 0/1/d/s, each at most once, 0 and 1 not together."""
    parts = [p.strip() for p in value.split(":")]
    if not parts or any(p not in _FO_TOKENS for p in parts) or len(set(parts)) != len(parts):
        return False
    return not ("0" in parts and "1" in parts)


def _uris(value: str) -> list[str]:
    return [u.strip() for u in value.split(",") if u.strip()]


def valid_uri(uri: str) -> bool:
    """A syntactically valid DMARC reporting URI (scheme:rest), ignoring the obsolete ``!size`` suffix."""
    return bool(_URI.match(uri.split("!", 1)[0]))


def _check(name: str, value: str) -> str | None:
    """Why `value` is not valid for the known tag `name`, or None when it is."""
    v = value.lower()
    if name in ("p", "sp", "np"):
        return None if v in POLICIES else "is not none, quarantine or reject"
    if name in ("adkim", "aspf"):
        return None if v in ("r", "s") else "is not r (relaxed) or s (strict)"
    if name == "t":
        return None if v in ("y", "n") else "is not y or n"
    if name == "psd":
        return None if v in ("y", "n", "u") else "is not y, n or u"
    if name == "fo":
        return None if _valid_fo(v) else "is not a colon-separated list of 0, 1, d and s"
    if name in ("rua", "ruf"):
        uris = _uris(value)
        return None if uris and all(valid_uri(u) for u in uris) else "is not a list of URIs"
    if name == "pct":
        return None if re.fullmatch(r"[0-9]{1,3}", value) and int(value) <= 100 else "is not a whole number 0-100"
    if name == "ri":
        return None if re.fullmatch(r"[0-9]{1,10}", value) and int(value) < 2**32 else "is not a number of seconds"
    if name == "rf":
        return None if re.fullmatch(r"[a-z0-9]+(\s*:\s*[a-z0-9]+)*", v) else "is not a list of report formats"
    return None


#: Tags whose values are ABNF literals, hence compared case-insensitively and stored lower-cased.
_LITERAL = frozenset({"p", "sp", "np", "adkim", "aspf", "t", "psd", "fo", "rf"})


@dataclass(frozen=True, slots=True)
class DmarcRecord:
    """One parsed DMARC record: the usable tags, and a sentence for everything that was ignored."""

    text: str
    #: Known tags with valid values (literal values lower-cased), first occurrence only; no "v".
    tags: dict[str, str] = field(default_factory=dict)
    #: One sentence per ignored term: unknown tag, invalid value, repeated tag, text that is not tag=value.
    ignored: tuple[str, ...] = ()
    #: Names of the tags that were present but ignored (unknown, invalid or repeated), in order.
    ignored_tags: tuple[str, ...] = ()
    #: Tags RFC 9989 removed that the record still carries (pct, rf, ri), with their values as written.
    removed: dict[str, str] = field(default_factory=dict)
    #: Why p= is unusable ("it has no p= tag", "p=rejekt is not none, quarantine or reject"), or None.
    p_problem: str | None = None
    #: At least one syntactically valid rua= URI (decides what a missing/invalid p= means).
    valid_rua: bool = False

    def get(self, name: str, default: str | None = None) -> str | None:
        """The valid value of tag `name`, or `default`."""
        return self.tags.get(name, default)


def is_dmarc(text: str) -> bool:
    """True when the TXT string is a DMARC record (starts with the v=DMARC1 tag)."""
    return bool(VERSION.match(text))


def parse_record(text: str) -> DmarcRecord:
    """Parse a DMARC record; raises RecordError only when `text` does not start with ``v=DMARC1``."""
    if not is_dmarc(text):
        raise RecordError("the record does not start with v=DMARC1")
    tags: dict[str, str] = {}
    written: dict[str, str] = {}
    removed: dict[str, str] = {}
    ignored: list[str] = []
    ignored_tags: list[str] = []
    valid_rua = False
    p_problem: str | None = None
    for term in tag_list.terms(text)[1:]:
        if not term.raw:
            continue
        if not term.well_formed:
            ignored.append(f"the term {term.raw!r} is not tag=value: ignored")
            ignored_tags.append(term.raw.split("=", 1)[0].strip() or term.raw)
            continue
        name, value = term.name, term.value
        if name in written:
            same = "the same value" if written[name] == value else f"first value {name}={written[name]} kept"
            ignored.append(f"the tag {name}= appears again ({name}={value}): ignored, {same}")
            ignored_tags.append(name)
            continue
        written[name] = value
        if name == "v":
            ignored.append("a second v= tag: ignored")
            ignored_tags.append(name)
            continue
        if name not in KNOWN:
            ignored.append(f"unknown tag {name}={value}: ignored (RFC 9989 §4.7)")
            ignored_tags.append(name)
            continue
        if name == "rua":
            valid_rua = any(valid_uri(u) for u in _uris(value))
        problem = _check(name, value)
        if problem is not None:
            if name == "p":
                p_problem = f"p={value} {problem}"
                continue
            default = {"adkim": "r", "aspf": "r", "t": "n", "psd": "u", "fo": "0", "pct": "100"}.get(name)
            fallback = {"sp": "p= applies", "np": "sp= (or p=) applies"}.get(name)
            tail = f"the default {name}={default} applies" if default else (fallback or "ignored")
            ignored.append(f"{name}={value} {problem}: ignored, {tail}")
            ignored_tags.append(name)
            continue
        value = value.lower() if name in _LITERAL else value
        if name in REMOVED:
            removed[name] = value
        tags[name] = value
    if "p" not in written:
        p_problem = "it has no p= tag"
    return DmarcRecord(
        text=text,
        tags=tags,
        ignored=tuple(ignored),
        ignored_tags=tuple(ignored_tags),
        removed=removed,
        p_problem=p_problem,
        valid_rua=valid_rua,
    )
