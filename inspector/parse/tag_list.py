"""DKIM-style tag lists (RFC 6376 §3.2): ``tag=value;`` terms in DKIM-Signature, ARC-Seal,
ARC-Message-Signature, DKIM key records and DMARC records.

Two modes, because two kinds of reader need them:

- `strict` is the reading verification needs: dkimpy's own ``parse_tag_value`` (the library that does the
  cryptography must agree on what the tags were), a term without ``=``, an ill-formed tag name or a
  repeated tag is an error naming the part (`TagListError`).
- `terms` / `lenient` never fail: they show what a broken signature or record claims (d=, s=, cv=) and feed
  the DMARC record reader, which ignores bad terms one by one as RFC 9989 §4.8 demands. A term's name is
  case-folded, its value stripped; the first occurrence of a name wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dkim.util import InvalidTagValueList, parse_tag_value

#: A tag list longer than this is read only this far (hostile input; real lists are a few kB).
MAX_CHARS = 65536
#: RFC 6376 §3.2 tag-name: ALPHA *ALNUMPUNC (letters, digits, "_"), the name DMARC uses too (RFC 9989 §4.8).
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_BLANKS = re.compile(r"\s+")


class TagListError(ValueError):
    """A tag list that strict reading refuses; the message names the offending part ("near 'x'")."""


def strict(value: bytes) -> dict[bytes, bytes]:
    """The tags of `value` as dkimpy reads them (names and values as bytes, values stripped).

    Raises TagListError: ``near '<part>'`` for a term without ``=``, an ill-formed name or a repeated tag,
    ``(<ExceptionName>)`` for anything else dkimpy raises on hostile bytes.
    """
    try:
        tags: dict[bytes, bytes] = parse_tag_value(value)
    except InvalidTagValueList as exc:
        part = exc.args[0] if exc.args else b""
        near = bytes(part).decode("utf-8", errors="replace") if isinstance(part, bytes) else ""
        raise TagListError(f"near {near!r}") from None
    except Exception as exc:  # noqa: BLE001 - hostile input: any parser failure is a syntax error
        raise TagListError(f"({type(exc).__name__})") from None
    return tags


def strict_or_empty(value: bytes) -> dict[bytes, bytes]:
    """`strict`, or an empty dict when it refuses (for readers that report the syntax error elsewhere)."""
    try:
        return strict(value)
    except TagListError:
        return {}


@dataclass(frozen=True, slots=True)
class Term:
    """One ``;``-separated term of a tag list, as written."""

    #: The term without surrounding blanks ("" for an empty term).
    raw: str
    #: Whether the term holds an "=" at all.
    has_equals: bool
    #: The text before the first "=", stripped, case kept ("" when there is none).
    written_name: str
    #: The text after the first "=", stripped.
    value: str

    @property
    def name(self) -> str:
        """The tag name, case-folded (tag names compare case-insensitively in DMARC, and DKIM's are lower)."""
        return self.written_name.lower()

    @property
    def well_formed(self) -> bool:
        """``tag-name = value`` with an RFC 6376 tag-name."""
        return self.has_equals and _TAG_NAME.fullmatch(self.written_name) is not None


def terms(value: str) -> list[Term]:
    """Every term of `value` in order, empty and malformed ones included (never raises)."""
    out: list[Term] = []
    for part in value[:MAX_CHARS].split(";"):
        name, eq, rest = part.partition("=")
        out.append(Term(part.strip(), bool(eq), name.strip() if eq else "", rest.strip()))
    return out


def lenient(value: str) -> dict[str, str]:
    """The tags of `value` by case-folded name, first occurrence winning; terms without "=" or a name skipped.

    Values are stripped; inner whitespace is kept (see `compact` for the tags where it means nothing).
    """
    out: dict[str, str] = {}
    for t in terms(value):
        if t.has_equals and t.name and t.name not in out:
            out[t.name] = t.value
    return out


def compact(value: str) -> str:
    """`value` without any whitespace: b=, bh= and h= may be folded anywhere (RFC 6376 §3.5)."""
    return _BLANKS.sub("", value)
