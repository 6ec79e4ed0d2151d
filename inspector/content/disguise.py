"""Text disguised to slip past keyword filters: marks and invisible characters put inside words.

A filter that looks for "entrega" or "password" compares characters; a reader sees glyphs. Senders of spam and
phishing exploit the gap by putting into the words of the subject, the sender's name or the body characters
that change the characters but hardly the glyphs: an overlay mark on one letter (``Entre̷ga``, U+0337), an
invisible character between two letters (``Pass<U+200B>word``), a variation selector after a Latin letter,
a Thai or Arabic vowel sign on a Latin letter, or three and more accents stacked on one letter ("Zalgo"), or
letters of another alphabet that look the same inside a word (``PаyPal`` with a Cyrillic ``а``; judged by
`inspector.content.mixed_script`, which says what in running text is writing and what is a disguise).

What is *not* a disguise is decided by how writing systems really use these characters, never by a list of
messages: the text is first composed (NFC), so decomposed accents (``e`` + U+0301) become the letters they
spell; a script's own marks on that script's letters (Devanagari vowel signs, Hebrew points, Arabic harakat,
Thai tone marks) are writing; a generic accent (the "COMBINING …" marks) on any letter is writing up to two
per letter (Vietnamese ``ệ``, Yoruba ``ẹ́``, a Russian stress mark); the joiners ZWJ/ZWNJ are writing in the
scripts that shape letters by them (Persian, the Indic scripts) and in emoji sequences; a variation selector
is writing after an emoji, a symbol or a CJK ideograph; a keycap mark after a digit, ``#`` or ``*`` is an
emoji; a bidi mark between letters of two directions is writing. In running body text, the soft hyphen and
ZWNJ are typesetting (hyphenation and ligature hints), which a subject line or a name never needs. A word
struck through in full (every letter with the same overlay) is visible styling, not a disguise.

Each finding says where (`DisguisedText.field`), which trick (`kind`), which characters and which words, so
the reader can see the disguise with the characters as codes. Its severity is the engine's judgement of what
it means: slipped into the sender's name or the subject it is deliberate filter evasion (``high``), except a
single invisible character, which a copy and paste can bring (``medium``), and stacked accents, which are
visible decoration as often as a disguise (``medium``); in the body, where templates do odd things, it is
``medium`` from two intrusions on, and stacked accents there are only ``low``.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from inspector.content.mixed_script import MixedWord, may_mix, mixed_words
from inspector.content.mixed_script import shown as shown_mixed
from inspector.lookalike.scripts import script_of
from inspector.model.content import DisguisedText
from inspector.model.vocabulary import Severity

#: Characters examined per field (a body is cut here: the disguise of a lure is in its first screens).
MAX_CHARS = 200_000
#: Words and characters quoted per finding.
MAX_QUOTED = 5

#: Alphabets written with spaces between words, which never join, separate or order letters with invisible
#: characters (no ZWJ/ZWNJ shaping, no ZWSP word breaks, no bidi mark inside a word); digits count with them.
_SPACED_ALPHABETS = frozenset({"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN", "CHEROKEE", "COPTIC", "COMMON"})
#: Invisible letters (category Lo, but shown as nothing): the Hangul fillers, outside Hangul text.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
_ZWNJ, _SOFT_HYPHEN, _CGJ = "\u200c", "\u00ad", "\u034f"
#: Bidi marks and controls: writing between letters of two directions, a disguise inside one word.
_BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: The combining keycap and the emoji presentation selector, which make ``1️⃣`` of a digit.
_KEYCAP, _VS16 = "\u20e3", "\ufe0f"
#: What a decoder writes for bytes it could not read (text in the wrong character set).
_UNDECODED = "\ufffd"
#: Typesetting hints of running text (hyphenation, ligature suppression): proper in a body, not in a header.
_TYPOGRAPHIC = frozenset({_SOFT_HYPHEN, _ZWNJ})

OVERLAY = "overlay-marks"
STACKED = "stacked-marks"
FOREIGN = "foreign-marks"
HIDDEN = "hidden-characters"
#: Latin letters and Cyrillic or Greek letters of the same shape inside one word (`inspector.content.mixed_script`).
MIXED = "mixed-script"
#: The tricks, in the order a finding names them.
KINDS = (OVERLAY, FOREIGN, HIDDEN, STACKED, MIXED)

#: Generic accents one letter carries in real writing (Vietnamese and Yoruba at most two, after NFC).
_MAX_NATURAL_STACK = 2


@functools.lru_cache(maxsize=4096)
def _mark_home(ch: str) -> str | None:
    """The script a combining mark belongs to ("DEVANAGARI", "HEBREW" …), or None for a generic mark.

    Read from the first word of its Unicode name, as `script_of` does for letters; the generic marks are named
    "COMBINING …" (some name a script next: "COMBINING CYRILLIC TITLO", "COMBINING KATAKANA-HIRAGANA …").
    """
    name = unicodedata.name(ch, "")
    first, _, rest = name.partition(" ")
    if first == "COMBINING":
        second = rest.split(" ", 1)[0].split("-", 1)[0]
        return second if second in ("CYRILLIC", "GREEK", "KATAKANA", "HIRAGANA", "LATIN") else None
    if first == "VEDIC":
        return "DEVANAGARI"
    return first or None


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def _is_variation_selector(ch: str) -> bool:
    o = ord(ch)
    return 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF or 0x180B <= o <= 0x180F


def _is_hidden(ch: str) -> bool:
    """An invisible character: a format character (ZWSP, WJ, BOM, soft hyphen, bidi controls, tags …), the
    grapheme joiner or a Hangul filler."""
    return unicodedata.category(ch) == "Cf" or ch == _CGJ or ch in _INVISIBLE_LETTERS


def _wordish(ch: str) -> bool:
    """Part of a word: a letter or digit, or the replacement character a decoder put where it could not read
    the text (so that a word it garbled is seen whole, with the scripts of the garbage in it)."""
    return ch.isalnum() or ch == _UNDECODED


def _word_char(ch: str, digits: bool) -> bool:
    return ch.isalpha() or (digits and ch.isdigit())


@dataclass
class _Scan:
    """What one field holds: intrusions by kind, the characters used and the words they are in."""

    counts: dict[str, int]
    chars: dict[str, dict[str, None]]
    words: dict[str, dict[int, None]]
    #: Positions (in the composed text) of the characters that do it, for `undisguised`.
    at: set[int] = field(default_factory=set)
    #: Positions of letters under a pile of accents: read as their base letter (è̃̂ → e).
    bare: set[int] = field(default_factory=set)

    def add(self, kind: str, ch: str, word: int, at: tuple[int, ...] = ()) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.chars.setdefault(kind, {})[ch] = None
        self.words.setdefault(kind, {})[word] = None
        self.at.update(at)


#: A word: a run of letters and digits (and replacement characters), as `_wordish` reads them one by one
#: (``[^\\W_]`` is exactly `str.isalnum`).
_WORD_RUN = re.compile("(?:[^\\W_]|\ufffd)+")


def _hidden_is_writing(ch: str, left: str, right: str, body: bool) -> bool:
    """Whether an invisible character between the letters `left` and `right` is proper writing.

    Between letters of a script that uses it (Persian and Indic joiners, Thai and Japanese word breaks, the
    grapheme joiner in Hebrew, Hangul fillers in Hangul), it is; a bidi mark between two directions is; in a
    body the typesetting hints are; between two letters (or digits) of a spaced alphabet nothing is.
    """
    if body and ch in _TYPOGRAPHIC:
        return True
    ls, rs = script_of(left), script_of(right)
    if ls not in _SPACED_ALPHABETS or rs not in _SPACED_ALPHABETS:
        return True
    return ch in _BIDI and ls != rs


def _mark_kind(mark: str, base: str, prev: str) -> str | None:
    """The disguise a combining mark on `base` is, or None when it is writing.

    `prev` is the character before the base (a keycap ``1️⃣`` is digit, VS16, keycap).
    """
    if _is_variation_selector(mark):
        # Proper after emoji, symbols and ideographs (and Mongolian's own selectors); after a letter of an
        # alphabet it selects nothing and only hides.
        return HIDDEN if base.isalpha() and script_of(base) in _SPACED_ALPHABETS else None
    if mark == _KEYCAP:
        return None if (base in "0123456789#*" or (base == _VS16 and prev in "0123456789#*")) else OVERLAY
    if not base.isalpha():
        return None  # a mark on a digit, symbol or mojibake (U+FFFD): no word to disguise
    home = _mark_home(mark)
    base_script = script_of(base)
    if home is not None:
        # A script's own mark: writing on its own letters, a disguise on another script's letters.
        return None if home == base_script or base_script == "UNKNOWN" else FOREIGN
    if unicodedata.category(mark) == "Me" or unicodedata.combining(mark) == 1:
        return OVERLAY  # enclosing and overlay (strike, slash) marks: no language writes letters with them
    return None


@dataclass
class _Letter:
    """The marks one letter carries: its generic accents (for stacking) and its overlay marks."""

    word: int = 0
    at: int = -1
    stack: int = 0
    overlays: list[tuple[str, int]] = field(default_factory=list)
    #: Positions of its generic accents (all of them go when they are stacked past writing).
    accents: list[int] = field(default_factory=list)


class _Scanner:
    """One pass over the marks and invisible characters of a text (already NFC): words numbered from 1 as
    `_words` numbers them, each mark judged on the letter it sits on, each invisible character on the letters
    around it.

    A letter with three or more accents is garbled for all to see: its overlay marks count as decoration
    (stacked), not as a hidden disguise. Marks count only in words written in one script: a word of letters
    from several scripts is no word of any language (text decoded with the wrong character set, whose stray
    marks land on stray letters), and an invisible character inside it still counts.

    Only the marks and invisible characters are visited (a body of 10,000 characters may hold a handful): the
    visible characters are the text with those removed (`visible`), in which the words are the runs of letters
    and digits (`_WORD_RUN`; marks and invisible characters never end a word), and a mark's letter and an
    invisible character's neighbours are the visible characters before and after it. A word's letters and
    scripts are counted only for the words a mark sits in. `tests/support/disguise_reference.py` keeps the
    scan of every character this replaced, and the tests check that both find the same.
    """

    def __init__(self, text: str, body: bool, chars: set[str] | None = None) -> None:
        """`chars`: the text's distinct characters, when the caller has them."""
        self.text, self.body = text, body
        self.scan = _Scan({}, {}, {})
        self.word = 0
        self.base, self.prev_base = "", ""
        self.letter = _Letter()
        self.overlaid: list[tuple[int, str, int]] = []  # (word, mark, position) of each overlay mark on a letter
        self.struck: dict[int, set[int]] = {}  # word → positions of its letters that carry an overlay
        #: (kind, mark, word, positions of the characters that do it) of marks on letters.
        self.marked: list[tuple[str, str, int, tuple[int, ...]]] = []
        #: (word, positions of accents past the third, position of the letter under the pile or -1).
        self.piled: list[tuple[int, tuple[int, ...], int]] = []
        specials = [c for c in (set(text) if chars is None else chars) if _is_hidden(c) or _is_mark(c)]
        self.specials = re.compile("[" + "".join(re.escape(c) for c in specials) + "]") if specials else None
        self.visible = text.translate(dict.fromkeys(map(ord, specials))) if specials else text
        self.spans = [m.span() for m in _WORD_RUN.finditer(self.visible)]
        self.starts = [start for start, _end in self.spans]
        self._scripts_of: dict[int, set[str]] = {}

    def run(self) -> _Scan:
        if self.specials is not None:
            at = 0  # visible characters before the current letter's marks
            for k, m in enumerate(self.specials.finditer(self.text)):
                ch, i = m.group(), m.start()
                p = i - k  # visible characters before this one
                if p != at:
                    self._close()
                    self._visible(p, i - 1)
                    at = p
                if _is_hidden(ch):
                    self._hidden(ch, i, p)
                else:
                    self._mark(ch, i)
        self._close()
        for w, mark, pos in self.overlaid:
            n = self._letters(w)
            if n < 2 or len(self.struck.get(w, ())) < n:
                # Partly marked: a disguise (a word struck through whole is styling).
                self.marked.append((OVERLAY, mark, w, (pos,)))
        for kind, mark, w, where in self.marked:
            if kind == HIDDEN or len(self._scripts(w)) <= 1:
                self.scan.add(kind, mark, w, where)
        for w, piled, letter in self.piled:
            if len(self._scripts(w)) <= 1:
                self.scan.at.update(piled)
                if letter >= 0:
                    self.scan.bare.add(letter)
        return self.scan

    def _word_text(self, word: int) -> str:
        if word < 1:
            return ""
        start, end = self.spans[word - 1]
        return self.visible[start:end]

    def _letters(self, word: int) -> int:
        return sum(1 for ch in self._word_text(word) if ch.isalpha())

    def _scripts(self, word: int) -> set[str]:
        found = self._scripts_of.get(word)
        if found is None:
            found = self._scripts_of[word] = {
                script_of(ch) if ch != _UNDECODED else "UNDECODED"
                for ch in self._word_text(word)
                if ch.isalpha() or ch == _UNDECODED
            }
        return found

    def _visible(self, p: int, i: int) -> None:
        """The visible character before visible position `p` (at `i` in the text), the one the marks that follow
        sit on, becomes the current letter."""
        self.word = bisect.bisect_right(self.starts, p - 1)
        self.prev_base = self.visible[p - 2] if p >= 2 else ""
        self.base = self.visible[p - 1]
        self.letter = _Letter(self.word, i)

    def _hidden(self, ch: str, i: int, p: int) -> None:
        visible = self.visible
        left = visible[p - 1] if p > 0 else ""
        right = visible[p] if p < len(visible) else ""
        digits = not self.body
        inside = bool(left and right) and _word_char(left, digits) and _word_char(right, digits)
        if inside and not _hidden_is_writing(ch, left, right, self.body):
            self.scan.add(HIDDEN, ch, self.word, (i,))

    def _mark(self, ch: str, i: int) -> None:
        kind = _mark_kind(ch, self.base, self.prev_base) if self.base else None
        if kind == OVERLAY and ch != _KEYCAP:
            self.letter.overlays.append((ch, i))
        elif kind is not None:
            self.marked.append((kind, ch, self.word, (i,)))
        if self.base.isalpha() and _mark_home(ch) is None and not _is_variation_selector(ch):
            self.letter.stack += 1
            self.letter.accents.append(i)
            if self.letter.stack == _MAX_NATURAL_STACK + 1:
                # Every accent of the letter is part of the pile (more may follow: see `_close`), and so is
                # one composed into the letter itself by NFC.
                self.marked.append((STACKED, ch, self.word, tuple(self.letter.accents)))
                self.piled.append((self.word, (), self.letter.at))

    def _close(self) -> None:
        letter = self.letter
        if letter.stack > _MAX_NATURAL_STACK + 1:
            # The accents piled on after the third: part of the same stacked disguise (counted once).
            self.piled.append((letter.word, tuple(letter.accents), -1))
        if letter.stack > _MAX_NATURAL_STACK or not letter.overlays:
            return
        self.struck.setdefault(letter.word, set()).add(letter.at)
        self.overlaid.extend((letter.word, m, at) for m, at in letter.overlays)


def _words(text: str, wanted: dict[int, None]) -> tuple[str, ...]:
    """The words numbered `wanted` (as `_scan` numbers them), as written, marks and invisible characters kept."""
    found: dict[int, list[str]] = {}
    word, in_word = 0, False
    for ch in text:
        if _is_mark(ch) or _is_hidden(ch):
            pass
        elif _wordish(ch):
            if not in_word:
                word, in_word = word + 1, True
        else:
            in_word = False
            continue
        if word in wanted and (in_word or word in found):
            found.setdefault(word, []).append(ch)
    shown = (_shown("".join(chars).strip()) for _w, chars in sorted(found.items()))
    return tuple(dict.fromkeys(w for w in shown if w))[:MAX_QUOTED]


def _shown(word: str) -> str:
    """`word` with each invisible character (and variation selector) written as its code, ``Pass⟨U+200B⟩word``:
    a disguise nobody sees is shown; visible marks stay as they are."""
    return "".join(f"⟨U+{ord(c):04X}⟩" if _is_hidden(c) or _is_variation_selector(c) else c for c in word)


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')}"


#: Each trick in words (a finding's explanation; the verdict's reason).
KIND_WORDS = {
    OVERLAY: "stroke, slash or enclosing marks on single letters",
    FOREIGN: "marks of another writing system on its letters",
    HIDDEN: "invisible characters inside words",
    STACKED: "three or more accents stacked on one letter",
    MIXED: "letters of another alphabet that look the same inside a word (Cyrillic or Greek among Latin)",
}


def _severity(kind: str, count: int, words: int, body: bool) -> Severity:
    if body:
        if kind == STACKED:
            return Severity.LOW
        return Severity.MEDIUM if count >= 2 else Severity.LOW
    if kind == STACKED:
        return Severity.MEDIUM
    if kind == HIDDEN and count < 2:
        return Severity.MEDIUM
    return Severity.HIGH


def _may_hold_disguise(text: str, chars: set[str] | None = None) -> bool:
    """Whether the text has a mark or an invisible character at all: every finding starts at one (`_Scanner`
    reports nothing else), so most text, ASCII or plain accented letters after NFC, is answered from its set
    of distinct characters without the per-character scan (about 3 ms of a typical message's body); `chars`
    is that set, when the caller has it."""
    return any(_is_hidden(c) or _is_mark(c) for c in (set(text) if chars is None else chars) if c > "\x7f")


def undisguised(text: str) -> str:
    """`text` as its reader reads it: composed (NFC), without the characters `find_disguises` finds put into
    its words (overlay and foreign marks, invisible characters, accents stacked past writing), so ``Pa̷yPal``,
    ``Pay<U+200B>Pal`` and ``Micro<U+0336>soft`` read ``PayPal`` and ``Microsoft`` to the checks that look for a
    brand in a name or a link's text. Proper writing (Vietnamese accents, Hindi vowel signs, a word struck
    through whole) is left as it is; text with nothing to remove comes back unchanged. Judged as a header
    field is (`body=False`): a display name or a button's text is short and has no typesetting hints."""
    if not text or text.isascii():
        return text
    composed = unicodedata.normalize("NFC", text[:MAX_CHARS])
    distinct = set(composed)
    # A Cyrillic or Greek letter passing for a Latin one in a Latin word (PаyPal) reads as that letter.
    twins = {k: t for w in _mixed(composed, distinct) for k, t in w.letters if not composed[k].isascii()}
    marked = _may_hold_disguise(composed, distinct)
    scan = _Scanner(composed, body=False, chars=distinct).run() if marked else _Scan({}, {}, {})
    if not scan.at and not twins:
        return text
    kept = (
        twins.get(k) or (unicodedata.normalize("NFD", ch)[0] if k in scan.bare else ch) for k, ch in enumerate(composed)
    )
    return "".join(ch for k, ch in enumerate(kept) if k not in scan.at) + text[MAX_CHARS:]


def _mixed(composed: str, chars: set[str]) -> list[MixedWord]:
    """The mixed-script words of a composed text (its distinct characters: `chars`), asked only when it has
    letters of both kinds."""
    return mixed_words(composed) if may_mix(chars) else []


def find_disguises(field: str, text: str | None, *, body: bool = False) -> tuple[DisguisedText, ...]:
    """The disguises in one field's text (`field` names it for the reader: "Subject", "From display name",
    "body"), one finding per trick, most serious first."""
    if not text or text.isascii():
        return ()
    composed = unicodedata.normalize("NFC", text[:MAX_CHARS])
    distinct = set(composed)  # asked three times below
    mixed = _mixed(composed, distinct)
    marked = _may_hold_disguise(composed, distinct)
    if not mixed and not marked:
        return ()
    scan = _Scanner(composed, body, distinct).run() if marked else _Scan({}, {}, {})
    for w in mixed:
        for k, _twin in w.letters:
            scan.add(MIXED, composed[k], -1, (k,))
    out: list[DisguisedText] = []
    for kind in KINDS:
        count = scan.counts.get(kind, 0)
        if not count:
            continue
        if kind == MIXED:
            words = tuple(dict.fromkeys(shown_mixed(w) for w in mixed))[:MAX_QUOTED]
        else:
            words = _words(composed, scan.words[kind])
        chars = tuple(_code(c) for c in list(scan.chars[kind])[:MAX_QUOTED])
        severity = _severity(kind, count, len(scan.words[kind]), body)
        plural = "s" if count != 1 else ""
        out.append(
            DisguisedText(
                field=field,
                kind=kind,
                severity=severity,
                count=count,
                characters=chars,
                words=words,
                explanation=(
                    f"The {field if field != 'body' else 'text of the body'} has {KIND_WORDS[kind]} "
                    f"({count} character{plural}: {', '.join(chars)}): the words read normally, but a filter "
                    "looking for them does not find them"
                ),
            )
        )
    out.sort(key=lambda d: [Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO].index(d.severity))
    return tuple(out)
