"""Confusable skeletons: what a string looks like, reduced to a comparable form.

Three layers, each a superset of the previous one's folding:

1. ``tr39``: the Unicode TR39 skeleton (``NFD(map(NFD(x)))``) from the shipped ``confusables.txt`` subset.
   It is taken on the string *as displayed*, before any case folding, because TR39 maps capital ``I`` and
   digit ``1`` to ``l``: "PayPaI" must reduce to the same thing as "PayPal".
2. ``visual``: TR39, then NFKD, combining marks dropped (dnstwist-style ``paypàl``), case folded, and a small
   hand table for Latin letter variants and the Cyrillic/Greek/IPA letters TR39 maps to non-ASCII prototypes
   (``ӏ`` → ``l``, ``ɢ`` → ``g``, ``ʍ`` → ``m``), iterated to a fixed point.
3. ``ascii_fold``: ``visual`` plus the ASCII glyph tricks TR39 does not know (``rn``→``m``, ``vv``→``w``,
   ``cl``→``d``, ``0``→``o``, ``1``/``i``→``l``, ``q``→``g`` …). Applied to both sides of a comparison.
4. ``loose``: ``ascii_fold`` with the lower-case letters that pass for each other at a glance merged
   (``e``/``c``, ``d``/``b``, ``n``/``m``), so two such swaps (``fcbex``, ``anazon``) cost nothing. Too loose for
   an equality test; only used as one more form in edit distances, where the smallest distance wins.

Written by hand rather than with a library because no permissively licensed Python package computes the TR39
skeleton (``confusable-homoglyphs`` has no skeleton; PyICU is a heavy native dependency); the algorithm is a
few lines once the data is loaded.
"""

from __future__ import annotations

import functools
import unicodedata

from inspector.paths import resource_path

#: Latin letter variants and non-ASCII TR39 prototypes that still read as a plain ASCII letter.
_LETTER_FOLD: dict[str, str] = {
    "ł": "l", "ŀ": "l", "ƚ": "l", "ɫ": "l", "ɬ": "l", "ɭ": "l", "ӏ": "l", "ǀ": "l", "ι": "l", "ı": "i", "ɩ": "i",
    "ø": "o", "ɵ": "o", "ɔ": "o", "σ": "o", "ο": "o", "օ": "o", "đ": "d", "ɗ": "d", "ď": "d", "ԁ": "d",
    "ħ": "h", "һ": "h", "н": "h", "ɦ": "h", "ɢ": "g", "ɡ": "g", "ց": "g", "ԍ": "g", "ǥ": "g", "ʍ": "m",
    "м": "m", "ɱ": "m", "ռ": "n", "ո": "n", "ɴ": "n", "η": "n", "п": "n", "ŋ": "n", "к": "k", "κ": "k",
    "ĸ": "k", "т": "t", "τ": "t", "ŧ": "t", "ʀ": "r", "г": "r", "ɾ": "r", "ʙ": "b", "в": "b", "ƀ": "b",
    "ɑ": "a", "α": "a", "а": "a", "ä": "a", "ʏ": "y", "γ": "y", "у": "y", "ү": "y", "ƴ": "y", "ʋ": "u",
    "υ": "u", "ս": "u", "ц": "u", "μ": "u", "ν": "v", "ѵ": "v", "ʌ": "v", "ω": "w", "ш": "w", "ѡ": "w",
    "ɯ": "w", "χ": "x", "х": "x", "ж": "x", "ρ": "p", "р": "p", "þ": "p", "ɛ": "e", "ε": "e", "е": "e",
    "ё": "e", "є": "e", "ɘ": "e", "ǝ": "e", "ə": "e", "ѕ": "s", "ʂ": "s", "ƨ": "s", "ʐ": "z", "ƶ": "z",
    "ʝ": "j", "ј": "j", "ϳ": "j", "ɉ": "j", "с": "c", "ϲ": "c", "ç": "c", "ƈ": "c", "ɕ": "c", "і": "i",
    "ї": "i", "ɨ": "i", "ʟ": "l", "ⅼ": "l", "ǃ": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ĳ": "ij",
    # Latin letters in small-capital form: TR39's prototype for Cyrillic т is ᴛ, for instance.
    "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ᴍ": "m", "ᴏ": "o",
    "ᴘ": "p", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z",
}  # fmt: skip

#: Multi-character ASCII tricks, longest first; applied left to right on already-folded text.
_ASCII_SEQ: tuple[tuple[str, str], ...] = (("rn", "m"), ("nn", "m"), ("vv", "w"), ("uu", "w"), ("cl", "d"), ("lc", "k"))
#: Single-character ASCII glyph look-alikes.
_ASCII_CHAR = str.maketrans({"0": "o", "1": "l", "i": "l", "j": "l", "|": "l", "!": "l", "q": "g", "5": "s",
                             "3": "e", "8": "b", "$": "s", "@": "a", "u": "v"})  # fmt: skip


@functools.lru_cache(maxsize=1)
def confusables() -> dict[str, str]:
    """The TR39 source → prototype map from the shipped subset (empty if the file is missing)."""
    table: dict[str, str] = {}
    try:
        text = resource_path("lookalike", "confusables.txt").read_text(encoding="utf-8")
    except OSError:
        return table
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split(";")
        if len(parts) < 2:
            continue
        try:
            src = "".join(chr(int(cp, 16)) for cp in parts[0].split())
            dst = "".join(chr(int(cp, 16)) for cp in parts[1].split())
        except ValueError:
            continue
        if len(src) == 1:
            table[src] = dst
    return table


def tr39(text: str) -> str:
    """The TR39 skeleton of `text` as displayed (case kept, so capital I and digit 1 become l)."""
    table = confusables()
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(ch, ch) for ch in nfd))


@functools.lru_cache(maxsize=8192)
def visual(text: str) -> str:
    """TR39 skeleton, then diacritics dropped, case folded and letter variants folded, to a fixed point."""
    current = text[:256]
    for _ in range(4):
        s = tr39(current)
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
        s = s.casefold()
        s = "".join(_LETTER_FOLD.get(ch, ch) for ch in s)
        if s == current:
            break
        current = s
    return current


@functools.lru_cache(maxsize=8192)
def ascii_fold(text: str) -> str:
    """`visual` plus ASCII glyph tricks (rn→m, vv→w, cl→d, 0→o, 1/i→l …), for both sides of a comparison."""
    s = visual(text)
    for seq, rep in _ASCII_SEQ:
        s = s.replace(seq, rep)
    return s.translate(_ASCII_CHAR)


_LOOSE = str.maketrans({"e": "c", "d": "b", "n": "m"})


@functools.lru_cache(maxsize=8192)
def loose(text: str) -> str:
    """`ascii_fold` with glance-alike letters merged (e/c, d/b, n/m), then the sequence tricks again (e→c makes cl)."""
    s = ascii_fold(text).translate(_LOOSE)
    for seq, rep in _ASCII_SEQ:
        s = s.replace(seq, rep)
    return s.translate(_ASCII_CHAR).translate(_LOOSE)


#: Letter pairs that read as one letter at a glance (dnstwist's ASCII glyph table): an ``l`` tucked against a
#: ``d``, ``b`` or ``h``, and the doubled strokes of ``m`` and ``w``.
_GLANCE_SEQ: tuple[tuple[str, str], ...] = (
    ("dl", "d"), ("lb", "b"), ("lh", "h"), ("rn", "m"), ("nn", "m"), ("vv", "w"),
)  # fmt: skip


@functools.lru_cache(maxsize=8192)
def glance(text: str) -> str:
    """Like `loose` but on the plain lower-case text, without the ``cl``/``lc`` tricks that can split a real
    ``lc`` or ``cl`` differently on the two sides (``telcgrann`` vs ``telegram``)."""
    s = text.lower()
    for seq, rep in _GLANCE_SEQ:
        s = s.replace(seq, rep)
    return s.translate(_ASCII_CHAR).translate(_LOOSE)


def describe_char(ch: str) -> str:
    """ "`1` (DIGIT ONE)" — a character with its Unicode name, for explanations."""
    name = unicodedata.name(ch, f"U+{ord(ch):04X}")
    return f"`{ch}` ({name})"


def explain_differences(shown: str, target: str) -> str:
    """Which characters of `shown` stand in for which of `target` ("`1` (DIGIT ONE) reads as `l`").

    Aligns the two strings character by character when they have the same length; otherwise lists the
    non-ASCII or digit characters of `shown` with what they read as.
    """
    notes: list[str] = []
    if len(shown) == len(target):
        for a, b in zip(shown, target, strict=True):
            if a.lower() != b.lower():
                notes.append(f"{describe_char(a)} reads as `{b}`")
    else:
        for ch in shown:
            if not ch.isascii() or ch.isdigit():
                folded = visual(ch) or ch
                if folded != ch:
                    notes.append(f"{describe_char(ch)} reads as `{folded}`")
        for seq, rep in _ASCII_SEQ:
            if seq in shown.lower() and seq not in target:
                notes.append(f"`{seq}` reads as `{rep}`")
    # A long list helps nobody; the first few make the point.
    return "; ".join(dict.fromkeys(notes[:4]))
