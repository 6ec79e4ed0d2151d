"""The disguised-word scan as it was first written, one character at a time: the oracle for the fast scanner.

`inspector.content.disguise._Scanner` visits only the marks and invisible characters of a text (issue 16 item 3:
the per-character loop cost ~1 ms a message on phishing_pot). This is the original loop over every character,
kept unchanged so that `tests/unit/test_content_disguise.py` can check the fast scan against it on generated text.
"""

from __future__ import annotations

from inspector.content.disguise import (
    _KEYCAP,
    _MAX_NATURAL_STACK,
    _UNDECODED,
    HIDDEN,
    OVERLAY,
    STACKED,
    _hidden_is_writing,
    _is_hidden,
    _is_mark,
    _is_variation_selector,
    _Letter,
    _mark_home,
    _mark_kind,
    _Scan,
    _word_char,
    _wordish,
)
from inspector.lookalike.scripts import script_of


def _neighbours(text: str, i: int) -> tuple[str, str]:
    """The nearest visible characters left and right of position `i` (skipping marks and hidden characters)."""
    left = right = ""
    j = i - 1
    while j >= 0 and (_is_mark(text[j]) or _is_hidden(text[j])):
        j -= 1
    if j >= 0:
        left = text[j]
    k = i + 1
    while k < len(text) and (_is_mark(text[k]) or _is_hidden(text[k])):
        k += 1
    if k < len(text):
        right = text[k]
    return left, right


class ReferenceScanner:
    """One pass over a text (already NFC): words numbered from 1 as `_words` numbers them, each mark judged on
    the letter it sits on, each invisible character on the letters around it.

    A letter with three or more accents is garbled for all to see: its overlay marks count as decoration
    (stacked), not as a hidden disguise. Marks count only in words written in one script: a word of letters
    from several scripts is no word of any language (text decoded with the wrong character set, whose stray
    marks land on stray letters), and an invisible character inside it still counts.
    """

    def __init__(self, text: str, body: bool) -> None:
        self.text, self.body = text, body
        self.scan = _Scan({}, {}, {})
        self.word, self.in_word = 0, False
        self.base, self.prev_base = "", ""
        self.letter = _Letter()
        self.overlaid: list[tuple[int, str, int]] = []  # (word, mark, position) of each overlay mark on a letter
        self.struck: dict[int, set[int]] = {}  # word → positions of its letters that carry an overlay
        self.letters: dict[int, int] = {}  # word → its number of letters
        self.scripts: dict[int, set[str]] = {}  # word → the scripts of its letters
        #: (kind, mark, word, positions of the characters that do it) of marks on letters.
        self.marked: list[tuple[str, str, int, tuple[int, ...]]] = []
        #: (word, positions of accents past the third, position of the letter under the pile or -1).
        self.piled: list[tuple[int, tuple[int, ...], int]] = []

    def run(self) -> _Scan:
        for i, ch in enumerate(self.text):
            if _is_hidden(ch):
                self._hidden(ch, i)
            elif _is_mark(ch):
                self._mark(ch, i)
            else:
                self._close()
                self._visible(ch, i)
        self._close()
        for w, mark, pos in self.overlaid:
            n = self.letters.get(w, 0)
            if n < 2 or len(self.struck.get(w, ())) < n:
                # Partly marked: a disguise (a word struck through whole is styling).
                self.marked.append((OVERLAY, mark, w, (pos,)))
        for kind, mark, w, where in self.marked:
            if kind == HIDDEN or len(self.scripts.get(w, ())) <= 1:
                self.scan.add(kind, mark, w, where)
        for w, piled, letter in self.piled:
            if len(self.scripts.get(w, ())) <= 1:
                self.scan.at.update(piled)
                if letter >= 0:
                    self.scan.bare.add(letter)
        return self.scan

    def _hidden(self, ch: str, i: int) -> None:
        left, right = _neighbours(self.text, i)
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

    def _visible(self, ch: str, i: int) -> None:
        if _wordish(ch):
            if not self.in_word:
                self.word, self.in_word = self.word + 1, True
            if ch.isalpha():
                self.letters[self.word] = self.letters.get(self.word, 0) + 1
            if ch.isalpha() or ch == _UNDECODED:
                script = script_of(ch) if ch != _UNDECODED else "UNDECODED"
                self.scripts.setdefault(self.word, set()).add(script)
        else:
            self.in_word = False
        self.prev_base, self.base, self.letter = self.base, ch, _Letter(self.word, i)

    def _close(self) -> None:
        letter = self.letter
        if letter.stack > _MAX_NATURAL_STACK + 1:
            # The accents piled on after the third: part of the same stacked disguise (counted once).
            self.piled.append((letter.word, tuple(letter.accents), -1))
        if letter.stack > _MAX_NATURAL_STACK or not letter.overlays:
            return
        self.struck.setdefault(letter.word, set()).add(letter.at)
        self.overlaid.extend((letter.word, m, at) for m, at in letter.overlays)
