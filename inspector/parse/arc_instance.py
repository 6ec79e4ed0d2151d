"""ARC instance numbers (RFC 8617 §4.2.1): the ``i=`` tag of ARC-Seal and ARC-Message-Signature, and the
``i=N;`` prefix of ARC-Authentication-Results.

One reading for everybody: the ARC structure check, the chain's placement of ARC sets, the header-only
AMS check and the recorded-results reader used to read ``i=`` four different ways (a regex per module, and
``int()`` of a tag value, which took " 1", "+1" and "1_0"). ``instance = 1*DIGIT`` in ASCII, tag name ``i``
in lower case; more than `MAX_DIGITS` digits is no instance (a real chain has at most 50 sets).
"""

from __future__ import annotations

import re

from inspector.parse.tag_list import terms

#: Digits beyond this are not read as an instance (a number of 10,000 or more is junk, never a set).
MAX_DIGITS = 4
_DIGITS = re.compile(r"[0-9]+")
#: The ARC-Authentication-Results prefix: ``i=N;`` before the authserv-id (RFC 8617 §4.1.1); what stands
#: between "i=" and the first ";" is the instance, readable or not.
_AAR_PREFIX = re.compile(r"^\s*i\s*=([^;]*);")


def _number(digits: str | None) -> int | None:
    if digits is None or _DIGITS.fullmatch(digits) is None or len(digits) > MAX_DIGITS:
        return None
    return int(digits)


def of_tag_list(value: str) -> int | None:
    """The instance of an ARC-Seal or ARC-Message-Signature: its first ``i=`` tag (None when absent or junk).

    Tag names are case-sensitive (RFC 6376 §3.2, which RFC 8617 uses): ``I=1`` is not an instance tag.
    """
    first = next((t for t in terms(value) if t.has_equals and t.written_name == "i"), None)
    return _number(first.value if first is not None else None)


def split_aar(value: str) -> tuple[int | None, str]:
    """(instance, the rest) of an ARC-Authentication-Results value.

    Without an ``i=…;`` prefix the instance is None and the value comes back whole. A prefix that is not a
    number (``i=squanch;``, ``i=;``, ``i=99999;``, ``i=1 mx.example;``) gives no instance but is cut off all the
    same: what follows it is still the authserv-id and the results.
    """
    m = _AAR_PREFIX.match(value)
    if m is None:
        return None, value
    return _number(m.group(1).strip()), value[m.end() :]
