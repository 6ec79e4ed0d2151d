"""Splitting a display name (or a brand alias) into words the same way on both sides of a comparison.

Abbreviations are written many ways: ``U.S. Postal Service``, ``US Postal Service``; ``AT&T``, ``ATT``;
``J.P. Morgan``, ``JP Morgan``. Dots between single letters and an ampersand between short capitalised
parts are dropped before splitting, so the alias table needs one spelling and the display name any of them.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: A single letter followed by a dot, inside an abbreviation (U.S., J.P.).
_ABBREV_DOT = re.compile(r"(?<![^\W_])([^\W\d_])\.(?=[^\W\d_](?![^\W_]{2}))", re.UNICODE)
#: Short parts joined by an ampersand (AT&T, P&G, B&Q).
_AMPERSAND = re.compile(r"(?<![^\W_])([^\W\d_]{1,2})\s?&\s?([^\W\d_]{1,2})(?![^\W_])", re.UNICODE)


def normalise_abbreviations(text: str) -> str:
    """``U.S. Postal`` → ``US. Postal``, ``AT&T`` → ``ATT``; everything else unchanged."""
    text = _ABBREV_DOT.sub(r"\1", text)
    return _AMPERSAND.sub(r"\1\2", text)


def split_words(text: str) -> list[str]:
    """The words of `text` (letters and digits), abbreviations joined."""
    return _WORD.findall(normalise_abbreviations(text))
