"""QR codes written as text: rows of block characters (``█``, ``▀``, ``▄``, ``⬛``) in a mail's body.

A QR code needs no picture and no table: lines of Unicode block characters draw it in any mail client
(reported in the wild since 2024 as "ASCII QR codes"), and a mail filter that decodes images sees only text.
Three ways of writing one are read: full blocks (``█`` dark, a space, a no-break space or ``░`` light; one
or two characters a module), half blocks (``▀``/``▄``/``█``: each character is two modules, one above the
other, as terminal QR printers write them), and squares (``⬛``/``■`` dark, ``⬜``/``□`` light). Runs of at
least `MIN_LINES` consecutive lines made only of such characters become a grid of dark/light cells, decoded
by `qr_draw.decode_matrix`. Colour given to characters by the HTML (a white ``█``) is not read.

Bounds: characters of text read (`MAX_TEXT_CHARS`), candidate blocks decoded (`MAX_BLOCKS`), and the grid
bounds of `qr_draw` (21–200 modules a side).
"""

from __future__ import annotations

import re

from inspector.content.qr_draw import MAX_SIDE, decode_matrix

MAX_TEXT_CHARS = 1_000_000
MAX_BLOCKS = 4
#: Consecutive lines a block needs: a 21-module code in half blocks is 11 lines.
MIN_LINES = 10
#: Block characters a line needs to count as a row of a code.
MIN_MARKS = 5
_FULL = "█▓"
_UPPER, _LOWER = "▀", "▄"
_SQUARE_DARK, _SQUARE_LIGHT = "⬛■◼", "⬜□◻"
_LIGHT = " \u00a0\u2002\u2003\u2007\u2800\u3000░"
_ALL = frozenset(_FULL + _UPPER + _LOWER + _SQUARE_DARK + _SQUARE_LIGHT + _LIGHT)
_DARK_MARKS = frozenset(_FULL + _UPPER + _LOWER + _SQUARE_DARK)
#: A quick look: is there any block character (or its HTML entity) at all? The characters are found by
#: `str.find` (a C scan several times faster than a regex pass over a long body), the entities by a regex
#: that starts with a literal ``&``.
_BLOCK_CHARS = "█▀▄⬛■◼▓"
_BLOCK_ENTITY = re.compile(
    r"&(?:#(?:9608|9600|9604|9619|11035|9632|9724|x2588|x2580|x2584|x2593|x2b1b|x25a0|x25fc)"
    r"|block|uhblk|lhblk|squf|FilledVerySmallSquare);",
    re.I,
)


def might_hold(text: str) -> bool:
    """True when the text (or HTML source) holds a block character at all: most mail does not."""
    head = text[:MAX_TEXT_CHARS]
    return any(ch in head for ch in _BLOCK_CHARS) or _BLOCK_ENTITY.search(head) is not None


def _is_row(line: str) -> bool:
    stripped = line.rstrip()
    if not stripped:
        return False
    marks = 0
    for ch in stripped:
        if ch not in _ALL:
            return False
        if ch in _DARK_MARKS:
            marks += 1
    return marks >= MIN_MARKS


def blocks(text: str) -> list[list[str]]:
    """Runs of at least `MIN_LINES` consecutive lines made only of block characters and light space (empty
    lines between them skipped: a row of a QR code is never all light)."""
    out: list[list[str]] = []
    run: list[str] = []
    for line in text[:MAX_TEXT_CHARS].splitlines():
        if _is_row(line):
            run.append(line.rstrip())
            continue
        if not line.strip():
            continue  # an empty line (HTML blocks give one between rows) does not end a block
        if len(run) >= MIN_LINES:
            out.append(run)
        run = []
    if len(run) >= MIN_LINES:
        out.append(run)
    return out


def _dedent(lines: list[str]) -> list[str]:
    """The lines without the indentation they share (light characters at the start of every line)."""
    lead = min(len(line) - len(line.lstrip(_LIGHT)) for line in lines)
    return [line[lead:] for line in lines]


def grids(lines: list[str]) -> list[list[list[bool]]]:
    """The module grids a block of lines can mean (full blocks: one and two characters a module)."""
    lines = _dedent(lines)
    text = "".join(lines)
    if any(ch in text for ch in _UPPER + _LOWER):
        rows: list[list[bool]] = []
        for line in lines:
            rows.append([ch in _FULL or ch == _UPPER for ch in line])
            rows.append([ch in _FULL or ch == _LOWER for ch in line])
        return [rows]
    if any(ch in text for ch in _SQUARE_DARK + _SQUARE_LIGHT):
        return [[[ch in _SQUARE_DARK for ch in line] for line in lines]]
    single = [[ch in _FULL for ch in line] for line in lines]
    double = [row[::2] for row in single]
    return [single, double] if max(len(r) for r in single) > len(lines) * 1.5 else [single]


def codes_in(text: str) -> list[str]:
    """The QR payloads written as block characters in `text` (plain text with its line breaks)."""
    if not might_hold(text):
        return []
    found: list[str] = []
    for block in blocks(text)[:MAX_BLOCKS]:
        if len(block) > MAX_SIDE:
            continue
        for grid in grids(block):
            payloads = decode_matrix(grid)
            if payloads:
                found.extend(payloads)
                break
    return list(dict.fromkeys(found))
