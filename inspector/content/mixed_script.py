"""Words that mix Latin letters with Cyrillic or Greek letters of the same shape: the homoglyph disguise.

``PаyPal`` with a Cyrillic ``а`` and ``Microsоft`` with a Cyrillic ``о`` read as the brand and match no filter
rule written for it; ``Cкидкa`` with a Latin ``C`` and ``a`` does the same to a Russian word. Unicode TS #39
calls a string *mixed-script confusable* when its letters come from several scripts and it is confusable
with a single-script string; this module finds such words in running text, with the care running text
needs (a domain name is judged by `inspector.lookalike`, not here):

- **inside one word only**: a word is a run of letters (digits, hyphens, apostrophes and spaces end it), so
  Russian text quoting ``Google`` or ``iPhone`` as words of their own, ``USB-накопитель`` and ``HIF1α`` are
  never one mixed word;
- **two scripts only**: Latin with Cyrillic, or Latin with Greek; anything else (a third script, letters a
  decoder garbled) is not this trick;
- **only letters of the same shape**: every letter of the minority script in the word must have a twin in
  the other one (its TR39 confusable prototype, `inspector.lookalike.skeleton.tr39`, is that letter: Cyrillic
  ``а``→``a``, Greek ``ο``→``o``; a Latin ``o`` in a Cyrillic word has the Cyrillic ``о``). A word with a
  letter that looks different (``ж``, ``π``, ``μ`` in ``μm``, the micro sign ``µ``) is visibly mixed, not
  disguised;
- **a word's shape**: the word as it reads (each disguised letter read as its twin) is written the way words
  are (``paypal``, ``PAYPAL``, ``Paypal``, ``PayPal``, ``iPhone``), at least three letters long. Greek letters
  after an acronym (``TNFα``, ``IFNγ``, ``PPARγ``: gene and protein names) or a symbol (``Kα``) are notation;
- the Latin ``i``/``I`` and ``j``/``J`` in a Cyrillic word are not counted: Ukrainian and Belarusian ``і``
  and Serbian and Macedonian ``ј`` were long missing from keyboard layouts, and writers type the Latin
  letter for them.

Latin letters with a diacritic (``é``) never have a twin here (their prototype keeps the mark), so French or
Polish words quoted in Russian text are not mixed words either.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from inspector.lookalike.scripts import script_of
from inspector.lookalike.skeleton import tr39

#: Scripts whose letters pass for Latin ones in running text (TS #39's classic confusables).
TWIN_SCRIPTS = frozenset({"CYRILLIC", "GREEK"})
#: A word: a run of letters (combining marks and invisible characters are `inspector.content.disguise`'s).
_WORD = re.compile(r"[^\W\d_]+")
#: Shortest word judged (a symbol with a subscript, ``Kα``, is two letters).
MIN_LETTERS = 3
#: Latin letters typed for a Cyrillic letter the keyboard lacked (Ukrainian і, Serbian ј): writing.
_TYPED_FOR_CYRILLIC = frozenset("iIjJ")
#: The shapes a word is written in, read with its twins: lower, UPPER, Capitalised, camelCase and PascalCase.
_SHAPE = re.compile(r"[a-z]+(?:[A-Z][a-z]+)*|[A-Z]+|[A-Z][a-z]+(?:[A-Z][a-z]+)*")


@dataclass(frozen=True, slots=True)
class MixedWord:
    """One mixed-script word: where it starts, the word, and the positions of its disguised letters."""

    start: int
    word: str
    #: Positions (in the text) of the letters of the minority script, each with its twin in the other.
    letters: tuple[tuple[int, str], ...]


def shown(w: MixedWord) -> str:
    """The word with each disguised letter named by its alphabet, ``P⟨Cyrillic а⟩yPal``: the letters look the
    same, so every view must say which ones are foreign (as invisible characters are shown as their codes)."""
    at = {k - w.start for k, _twin in w.letters}
    return "".join(f"⟨{script_of(ch).title()} {ch}⟩" if k in at else ch for k, ch in enumerate(w.word))


@functools.lru_cache(maxsize=4096)
def twin(ch: str) -> str | None:
    """The plain Latin letter a Cyrillic or Greek letter passes for (TR39 prototype), or None."""
    proto = tr39(ch)
    return proto if len(proto) == 1 and proto.isascii() and proto.isalpha() else None


@functools.lru_cache(maxsize=4)
def _latin_twins(script: str) -> dict[str, str]:
    """Each plain Latin letter that a letter of `script` passes for, with one such letter."""
    from inspector.lookalike.skeleton import confusables

    out: dict[str, str] = {}
    for src, proto in confusables().items():
        twin_letter = len(proto) == 1 and proto.isascii() and proto.isalpha()
        # The script's own letters only (its block), not the mathematical alphanumerics.
        if twin_letter and len(src) == 1 and src.isalpha() and ord(src) < 0x2000 and script_of(src) == script:
            out.setdefault(proto, src)
    return out


def may_mix(chars: set[str]) -> bool:
    """Whether a text with these distinct characters can hold a mixed word at all (a cheap first answer)."""
    return any(c.isascii() and c.isalpha() for c in chars) and any(
        c > "\x7f" and script_of(c) in TWIN_SCRIPTS for c in chars
    )


def mixed_words(text: str) -> list[MixedWord]:
    """Every mixed-script word of `text` (already NFC), in order."""
    out: list[MixedWord] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii() or len(word) < MIN_LETTERS:
            continue
        found = _judge(word, m.start())
        if found is not None:
            out.append(found)
    return out


def _judge(word: str, start: int) -> MixedWord | None:
    scripts = [script_of(ch) for ch in word]
    kinds = set(scripts)
    if len(kinds) != 2 or "LATIN" not in kinds:
        return None
    other = next(iter(kinds - {"LATIN"}))
    if other not in TWIN_SCRIPTS:
        return None
    if _SHAPE.fullmatch("".join("A" if ch.isupper() else "a" for ch in word)) is None:
        return None  # TNFα, IFNγ: notation, not a word written to pass for another
    foreign = [k for k, s in enumerate(scripts) if s == other]
    latin = [k for k, s in enumerate(scripts) if s == "LATIN"]
    if len(foreign) <= len(latin):
        # A Latin word with Cyrillic or Greek letters put in: each must pass for its Latin twin.
        twins = [twin(word[k]) for k in foreign]
        if any(t is None for t in twins):
            return None
        return MixedWord(start, word, tuple((start + k, t or "") for k, t in zip(foreign, twins, strict=True)))
    # A Cyrillic or Greek word with Latin letters put in: each must pass for a letter of that script.
    table = _latin_twins(other)
    if other == "CYRILLIC" and any(word[k] in _TYPED_FOR_CYRILLIC for k in latin):
        return None
    if any(word[k] not in table for k in latin):
        return None
    return MixedWord(start, word, tuple((start + k, word[k]) for k in latin))
