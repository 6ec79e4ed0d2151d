"""Splitting a display name (or a brand alias) into words the same way on both sides of a comparison.

Abbreviations are written many ways: ``U.S. Postal Service``, ``US Postal Service``; ``AT&T``, ``ATT``;
``J.P. Morgan``, ``JP Morgan``. Dots between single letters and an ampersand between short capitalised
parts are dropped before splitting, so the alias table needs one spelling and the display name any of them.

Senders also spell a brand out letter by letter to slip past filters: ``N e t f l i x``, ``P.a.y.P.a.l``,
or with invisible characters between the letters (ZERO WIDTH SPACE, soft hyphen). Invisible format characters
are removed and a run of three or more single letters separated by spaces, dots, hyphens or underscores is
joined into one word before splitting.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: A single letter followed by a dot, inside an abbreviation (U.S., J.P.).
_ABBREV_DOT = re.compile(r"(?<![^\W_])([^\W\d_])\.(?=[^\W\d_](?![^\W_]{2}))", re.UNICODE)
#: Short parts joined by an ampersand (AT&T, P&G, B&Q).
_AMPERSAND = re.compile(r"(?<![^\W_])([^\W\d_]{1,2})\s?&\s?([^\W\d_]{1,2})(?![^\W_])", re.UNICODE)


#: Three or more single letters (or digits) with one or two separators between each: ``N e t f l i x``.
_SPACED = re.compile(r"(?<![^\W_])[^\W_](?:[\s.\-_\u00b7\u2022]{1,2}[^\W_](?![^\W_])){2,}", re.UNICODE)
_SEPARATORS = re.compile(r"[\s.\-_\u00b7\u2022]+", re.UNICODE)


def without_invisible(text: str) -> str:
    """Drop format characters (ZERO WIDTH SPACE/JOINER, WORD JOINER, soft hyphen, BOM): nobody sees them.

    ASCII text has none (every format character is above U+007F) and comes back as it is, without a look at
    each character: most display names and link texts."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def join_spaced_letters(text: str) -> str:
    """``N e t f l i x`` → ``Netflix``; ``P.a.y.P.a.l`` → ``PayPal``; other text unchanged."""
    return _SPACED.sub(lambda m: _SEPARATORS.sub("", m.group(0)), without_invisible(text))


def normalise_abbreviations(text: str) -> str:
    """``U.S. Postal`` → ``US. Postal``, ``AT&T`` → ``ATT``, ``N e t f l i x`` → ``Netflix``; else unchanged."""
    text = join_spaced_letters(text)
    text = _ABBREV_DOT.sub(r"\1", text)
    return _AMPERSAND.sub(r"\1\2", text)


def split_words(text: str) -> list[str]:
    """The words of `text` (letters and digits), abbreviations joined."""
    return _WORD.findall(normalise_abbreviations(text))
