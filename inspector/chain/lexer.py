"""One left-to-right lexer for Received trace fields (Authentication-Results and Received-SPF are read by
`inspector.parse`, which keeps quoted values and each resinfo's comments whole).

Written by hand because no library tokenises Received fields: the Python parsers split on keywords with
regexes and so take a ``;`` or ``with`` inside a comment for structure (see docs/notes/received-chain.md §1.3), and
their whole-line regexes backtrack super-linearly. This lexer is the rspamd/mailauth design: a single
pass, no backtracking, comments with nesting and quoted-pairs, quoted strings, ``[...]`` literals,
``<...>`` paths and top-level ``;``. Every token is short-lived text; sizes are capped, and nothing raises.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: Kinds of token.
WORD = "word"
COMMENT = "comment"
QUOTED = "quoted"
LITERAL = "literal"
ANGLE = "angle"
SEMI = "semi"

#: A field longer than this is cut before lexing (rspamd bounds its parts the same way).
MAX_FIELD_CHARS = 16 * 1024
#: Tokens beyond this many are dropped (a hostile 10,000-token field stays cheap).
MAX_TOKENS = 512

#: The characters that matter inside a comment; everything between them is skipped by the regex engine.
_COMMENT_SPECIAL = re.compile(r"[\\()]")
#: A word runs up to a blank or a delimiter.
_WORD = re.compile(r'[^ ();"\[<]+')
#: The common tokens in one anchored match: blanks, ``;``, a comment without nesting or quoted-pairs, a word.
#: Anything else (nested comments, quoted strings, literals, paths, stray characters) takes the careful path.
_FAST = re.compile(r' *(?:(;)|\(([^()\\]*)\)|([^ ();"\[<]+)| *$)')

#: Every token of an ordinary field in one pattern for `finditer`; group 7 is a character that needs the
#: careful path (a nested or unclosed comment, a quoted-pair, a stray ``)``, an opener without its closer).
_ALL = re.compile(r' *(?:(;)|\(([^()\\]*)\)|([^ ();"\[<]+)|"([^"]*)"|\[([^\]]*)\]|<([^>]*)>|(.))')
_GROUP_KIND = ("", SEMI, COMMENT, WORD, QUOTED, LITERAL, ANGLE)
_tuple_new = tuple.__new__
#: The one-pass `finditer` path is tried on fields up to this long: an opener without a closer makes its
#: pattern scan to the end, so the cost is bounded by the square of this (about a millisecond), and the
#: careful path, which remembers missing closers, takes longer hostile fields in linear time.
_FAST_MAX_CHARS = 2048

#: Text without any of these is nothing but words separated by single blanks (once cleaned).
_SPECIALS = re.compile(r'[();"\[<\\]')

_CONTROL = {c: None for c in range(32) if c not in (9,)}
_CONTROL[127] = None
#: The control characters `clean` removes (tab, CR and LF become blanks instead).
_REMOVED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Token(NamedTuple):
    """One lexical unit; `text` is the content without its delimiters (comment text keeps inner parens).

    A named tuple rather than a frozen dataclass: a Received field yields dozens of tokens and a frozen
    dataclass's ``__init__`` costs several times a tuple's (measured with cProfile on 3,000 fields).
    """

    kind: str
    text: str
    pos: int


class Lexed(NamedTuple):
    """The token stream plus what the lexer had to repair (a named tuple: made for every comment, too)."""

    tokens: tuple[Token, ...]
    text: str
    warnings: tuple[str, ...]


def clean(text: str) -> tuple[str, list[str]]:
    """Unfold, drop NUL and other control characters, collapse runs of blanks; cap the length."""
    warnings: list[str] = []
    if len(text) > MAX_FIELD_CHARS:
        text = text[:MAX_FIELD_CHARS]
        warnings.append(f"field longer than {MAX_FIELD_CHARS} characters was cut")
    if _REMOVED_CONTROL.search(text) is None:
        # Only blanks, tabs, CR and LF: `split()` unfolds and collapses them all in one step.
        return " ".join(text.split()), warnings
    cleaned = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").translate(_CONTROL)
    if len(cleaned) != len(text.replace("\r\n", " ")):
        warnings.append("control characters (NUL …) removed")
    cleaned = " ".join(cleaned.replace("\t", " ").split())
    return cleaned, warnings


def lex(text: str, *, already_clean: bool = False) -> Lexed:
    """Tokenise `text` in one pass.

    An unclosed comment runs to the end (flagged); a ``[``, ``<`` or ``"`` without its closer is an
    ordinary character of a word (flagged), so one stray bracket cannot swallow the date.
    """
    warnings: list[str] = []
    if not already_clean:
        text, warnings = clean(text)
    if len(text) <= _FAST_MAX_CHARS:
        fast_tokens = _fast_tokens(text)
        if fast_tokens is not None:
            return Lexed(fast_tokens, text, tuple(warnings))
    return _careful(text, warnings)


def _careful(text: str, warnings: list[str]) -> Lexed:
    """The character-level path: nesting, quoted-pairs, unbalanced openers, long fields (linear time).

    The plain run (words, simple comments, ``;``) is matched inline with the fast pattern; only at a
    delimiter it cannot take does `_delimited` read one token by hand.
    """
    if _SPECIALS.search(text) is None:
        return _plain_lexed(text, warnings)
    tokens: list[Token] = []
    n = len(text)
    i = 0
    closers = _Closers(text)
    fast = _FAST.match
    append = tokens.append
    while i < n:
        if len(tokens) >= MAX_TOKENS:
            warnings.append(f"more than {MAX_TOKENS} tokens; the rest was ignored")
            break
        m = fast(text, i)
        if m is None:
            i = _delimited(text, i, tokens, warnings, closers)
            continue
        word, comment, semi = m.group(3, 2, 1)
        if word is not None:
            append(Token(WORD, word, m.start(3)))
        elif comment is not None:
            append(Token(COMMENT, comment.strip(), m.start(2) - 1))
        elif semi is not None:
            append(Token(SEMI, ";", m.start(1)))
        i = m.end()
    return Lexed(tuple(tokens), text, tuple(dict.fromkeys(warnings)))


def _plain_lexed(text: str, warnings: list[str]) -> Lexed:
    """The common short comment ("Postfix", "2603:10a6:20b:12::13"): words only, no state machine needed."""
    plain = _plain_words(text)
    if len(plain) >= MAX_TOKENS and plain[-1].pos + len(plain[-1].text) < len(text):
        warnings.append(f"more than {MAX_TOKENS} tokens; the rest was ignored")
    return Lexed(plain, text, tuple(warnings))


#: Openers of the one-level delimited tokens, their closers and token kinds.
_CLOSER = {'"': '"', "[": "]", "<": ">"}
_OPENED_KIND = {'"': QUOTED, "[": LITERAL, "<": ANGLE}


class _Closers:
    """Finds closing delimiters, remembering the positions past which none exists, so repeated openers never
    rescan the rest of the field (linear time on ``[[[[…``)."""

    __slots__ = ("_no_close", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._no_close: dict[str, int] = {}

    def find(self, ch: str, start: int) -> int:
        """Index of the next `ch` at or after `start`, -1 when there is none."""
        if self._no_close.get(ch, len(self._text) + 1) <= start:
            return -1
        j = self._text.find(ch, start)
        if j < 0:
            self._no_close[ch] = start
        return j


def _delimited(text: str, i: int, tokens: list[Token], warnings: list[str], closers: _Closers) -> int:
    """One token at `i` that the fast pattern could not take; returns the position after it."""
    while text[i] == " ":
        i += 1
    c = text[i]
    if c == " ":
        return i + 1
    if c == "(":
        return _nested_comment(text, i, tokens, warnings)
    if c == ")":
        warnings.append("stray closing parenthesis")
        return i + 1
    if c == ";":
        tokens.append(Token(SEMI, ";", i))
        return i + 1
    if c in _CLOSER:
        j = closers.find(_CLOSER[c], i + 1)
        if j >= 0:
            tokens.append(Token(_OPENED_KIND[c], text[i + 1 : j], i))
            return j + 1
        warnings.append(f"unbalanced {c!r}")
    # A word: up to a blank or a delimiter (an unbalanced opener is its first character).
    j = i + 1 if c in _CLOSER else i
    word = _WORD.match(text, j)
    if word:
        j = word.end()
    if j == i:  # pragma: no cover - defensive; the branches above consume every delimiter
        j = i + 1
    tokens.append(Token(WORD, text[i:j], i))
    return j


def _nested_comment(text: str, i: int, tokens: list[Token], warnings: list[str]) -> int:
    """A comment at `i` with nesting and quoted-pairs; unbalanced, it runs to the end of the field."""
    depth = 1
    j = i + 1
    for special in _COMMENT_SPECIAL.finditer(text, i + 1):
        if special.start() < j:  # the character after a backslash is quoted
            continue
        d = special.group()
        j = special.end()
        if d == "\\":
            j += 1
        elif d == "(":
            depth += 1
        else:
            depth -= 1
            if not depth:
                break
    else:
        j = len(text)
    if depth:
        warnings.append("unbalanced parenthesis")
        tokens.append(Token(COMMENT, text[i + 1 :].strip(), i))
        return len(text)
    tokens.append(Token(COMMENT, text[i + 1 : j - 1].strip(), i))
    return j


def _plain_words(text: str) -> tuple[Token, ...]:
    """Tokens of a text without delimiters: blank-separated words, positions as `lex` gives them."""
    tokens: list[Token] = []
    pos = 0
    for word in text.split(" "):
        if word:
            if len(tokens) >= MAX_TOKENS:
                break
            tokens.append(Token(WORD, word, pos))
        pos += len(word) + 1
    return tuple(tokens)


def _fast_tokens(text: str) -> tuple[Token, ...] | None:
    """All tokens in one `finditer` pass, or None when the text needs the careful path.

    Tokens are made with ``tuple.__new__`` directly: the named tuple's own constructor is a Python-level
    function, and this loop runs once per token of every field (about twice as fast, measured).
    """
    tokens: list[Token] = []
    append = tokens.append
    new = _tuple_new
    for m in _ALL.finditer(text):
        g = m.lastindex
        if g == 3:
            append(new(Token, (WORD, m.group(3), m.start(3))))
        elif g == 2:
            append(new(Token, (COMMENT, m.group(2).strip(), m.start(2) - 1)))
        elif g == 1:
            append(new(Token, (SEMI, ";", m.start(1))))
        elif g == 7 or g is None:
            return None
        else:
            append(new(Token, (_GROUP_KIND[g], m.group(g), m.start(g) - 1)))
    if len(tokens) > MAX_TOKENS:
        return None
    return tuple(tokens)
