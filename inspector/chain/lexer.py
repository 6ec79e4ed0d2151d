"""One left-to-right lexer for trace fields (Received, Authentication-Results, Received-SPF).

Written by hand because no library tokenises Received fields: the Python parsers split on keywords with
regexes and so take a ``;`` or ``with`` inside a comment for structure (see the research note §1.3), and
their whole-line regexes backtrack super-linearly. This lexer is the rspamd/mailauth design: a single
pass, no backtracking, comments with nesting and quoted-pairs, quoted strings, ``[...]`` literals,
``<...>`` paths and top-level ``;``. Every token is short-lived text; sizes are capped, and nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

_CONTROL = {c: None for c in range(32) if c not in (9,)}
_CONTROL[127] = None


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical unit; `text` is the content without its delimiters (comment text keeps inner parens)."""

    kind: str
    text: str
    pos: int


@dataclass(frozen=True, slots=True)
class Lexed:
    """The token stream plus what the lexer had to repair."""

    tokens: tuple[Token, ...]
    text: str
    warnings: tuple[str, ...]


def clean(text: str) -> tuple[str, list[str]]:
    """Unfold, drop NUL and other control characters, collapse runs of blanks; cap the length."""
    warnings: list[str] = []
    if len(text) > MAX_FIELD_CHARS:
        text = text[:MAX_FIELD_CHARS]
        warnings.append(f"field longer than {MAX_FIELD_CHARS} characters was cut")
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
    tokens: list[Token] = []
    n = len(text)
    i = 0
    # Positions past which no closer exists: remembered so repeated openers never rescan (linear time).
    no_close: dict[str, int] = {}

    def closer(ch: str, start: int) -> int:
        if no_close.get(ch, n + 1) <= start:
            return -1
        j = text.find(ch, start)
        if j < 0:
            no_close[ch] = start
        return j

    while i < n:
        if len(tokens) >= MAX_TOKENS:
            warnings.append(f"more than {MAX_TOKENS} tokens; the rest was ignored")
            break
        c = text[i]
        if c == " ":
            i += 1
            continue
        if c == "(":
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
                j = n
            if depth:
                warnings.append("unbalanced parenthesis")
                tokens.append(Token(COMMENT, text[i + 1 :].strip(), i))
                i = n
            else:
                tokens.append(Token(COMMENT, text[i + 1 : j - 1].strip(), i))
                i = j
            continue
        if c == ")":
            warnings.append("stray closing parenthesis")
            i += 1
            continue
        if c == ";":
            tokens.append(Token(SEMI, ";", i))
            i += 1
            continue
        if c in '"[<':
            close = {'"': '"', "[": "]", "<": ">"}[c]
            j = closer(close, i + 1)
            if j >= 0:
                kind = {'"': QUOTED, "[": LITERAL, "<": ANGLE}[c]
                tokens.append(Token(kind, text[i + 1 : j], i))
                i = j + 1
                continue
            warnings.append(f"unbalanced {c!r}")
        # A word: up to a blank or a delimiter.
        j = i + 1 if c in '"[<' else i
        word = _WORD.match(text, j)
        if word:
            j = word.end()
        if j == i:  # pragma: no cover - defensive; the branches above consume every delimiter
            j = i + 1
        tokens.append(Token(WORD, text[i:j], i))
        i = j
    return Lexed(tuple(tokens), text, tuple(dict.fromkeys(warnings)))
