"""Received-SPF (RFC 7208 §9.1): ``result [comment] [key=value; …]``.

One reading for the chain (which IP and which receiver the field speaks for, to find the trust boundary)
and the recorded-results reader (the result, its comment and properties, beside our own SPF check).
authres does not parse this field at all, so it is read by hand here:

    Received-SPF: pass (mx.example.net: domain of a@b.example designates 192.0.2.1 as permitted sender)
        client-ip=192.0.2.1; envelope-from=a@b.example; helo=b.example; receiver=mx.example.net;

The receiver is ``receiver=``, else the ``host:`` that starts the comment (Gmail, Postfix policyd-spf).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inspector.parse.comments import split_semicolons, strip_comments

#: A field is read this far (hostile input); real ones are a few hundred characters.
MAX_CHARS = 20_000
#: key=value parts read per field.
MAX_PARTS = 50
#: The results RFC 7208 §8 defines (plus "policy", RFC 8601 §2.7.2), lower-case.
RESULTS = frozenset({"pass", "fail", "softfail", "neutral", "none", "temperror", "permerror", "policy"})
_RESULT_WORD = re.compile(r"([A-Za-z]+)\s*")
_PAIR_START = re.compile(r"\s+(?=[A-Za-z-]+=)")
_PAIR = re.compile(r"([A-Za-z-]+)\s*=\s*(.*)", re.S)
#: The IP in the usual comment: "… designates 192.0.2.1 as permitted sender".
_DESIGNATES = re.compile(r"designates\s+(\S+)\s+as\s+permitted", re.I)


@dataclass(frozen=True, slots=True)
class ReceivedSpfField:
    """What one Received-SPF field says, as written."""

    #: The leading word, lower-case ("pass", "softfail", or a word RFC 7208 does not know); None without one.
    word: str | None
    #: The comments after the result, in order (nested comments kept inside their outer one).
    comments: tuple[str, ...] = ()
    #: ``key=value`` pairs outside comments, keys lower-case, values unquoted (a repeated key: the last one).
    pairs: dict[str, str] = field(default_factory=dict)
    #: ``receiver=``, else the ``host:`` prefix of the first comment; as written.
    receiver: str | None = None

    @property
    def result(self) -> str | None:
        """The result when it is one RFC 7208 defines, else None."""
        return self.word if self.word in RESULTS else None

    @property
    def comment(self) -> str | None:
        """The first comment (where receivers explain the result)."""
        return self.comments[0] if self.comments else None

    @property
    def designated_ip(self) -> str | None:
        """The IP of "designates <ip> as permitted sender" in the first comment, as written."""
        m = _DESIGNATES.search(self.comment or "")
        return m.group(1) if m else None


def parse(value: str) -> ReceivedSpfField:
    """Read a Received-SPF value (never raises)."""
    text = value[:MAX_CHARS].strip()
    m = _RESULT_WORD.match(text)
    rest = text[m.end() :] if m else text
    bare, comments = strip_comments(rest)
    pairs: dict[str, str] = {}
    for part in split_semicolons(bare)[:MAX_PARTS]:
        for tok in _PAIR_START.split(part.strip()):
            pm = _PAIR.match(tok.strip())
            if pm:
                pairs[pm.group(1).lower()] = pm.group(2).strip().strip('"')
    receiver = pairs.get("receiver")
    if receiver is None and comments and ":" in comments[0]:
        head = comments[0].split(":", 1)[0].strip()
        receiver = head if head and " " not in head else None
    return ReceivedSpfField(m.group(1).lower() if m else None, tuple(comments), pairs, receiver)
