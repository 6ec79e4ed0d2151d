"""Domain names in one comparable form: lower-case A-labels, converted label by label (RFC 8616, RFC 5891).

RFC 8616 §4 (DKIM), §5 (SPF) and §6 (DMARC): identifiers are compared after IDNA conversion, so a From
domain written ``bücher.test`` and a signature's ``d=xn--bcher-kva.test`` are the same name. Converting
the whole name at once fails as soon as one label is not a valid IDNA label, and DNS names the checks
ask for always have one (``_dmarc``, ``_domainkey``, SPF macro output): ``idna.encode("_dmarc.bücher.test")``
raises, so the old `normalize_name` kept the Unicode name and a snapshot never found the record. Here each
label is converted on its own: ASCII labels are only lower-cased (underscores and all), a non-ASCII label
goes through UTS #46 / IDNA 2008 and, when that refuses it, Python's IDNA 2003 codec (DNS serves names
IDNA 2008 rejects, e.g. symbols), and a label neither accepts is kept lower-cased (it will not resolve,
which is the truth about it).
"""

from __future__ import annotations

import functools

import idna

#: Full stops UTS #46 maps to "." (ideographic, full-width, half-width ideographic).
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_MAX_NAME = 1024


def ascii_label(label: str) -> str:
    """One label in A-label form (ASCII labels lower-cased as they are)."""
    if label.isascii():
        return label.lower()
    try:
        return idna.encode(label, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        pass
    try:
        return label.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return label.lower()


@functools.lru_cache(maxsize=8192)
def to_ascii(name: str) -> str:
    """`name` lower-cased in A-label form, label by label, without a trailing dot; never raises."""
    text = name.strip()[:_MAX_NAME]
    if text.isascii():
        return text.lower().rstrip(".")
    text = text.translate(_DOTS).rstrip(".")
    return ".".join(ascii_label(label) if label else "" for label in text.split("."))


def same_name(a: str | None, b: str | None) -> bool:
    """True when `a` and `b` are the same domain name once both are in A-label form (RFC 8616)."""
    if not a or not b:
        return False
    return to_ascii(a) == to_ascii(b)
