"""Text from a message or from DNS made safe to show to a person: every invisible or reordering character
becomes a visible code.

Attackers control the bytes of the message and of their own DNS records. Shown raw, a control character
drives the analyst's terminal (CSI and OSC sequences can repaint the screen, write the clipboard or set a
hyperlink), and a bidi override reorders what the analyst reads (``invoice<U+202E>fdp.exe`` reads as
``invoiceexe.pdf``). Every human-facing view (CLI text, error lines, ticket summaries, the HTML export, the
GUI's labels, tables and tooltips) passes such text through :func:`visible`; the JSON keeps the data and lets
the JSON encoder escape controls.

C0 controls are written in caret notation (ESC is ``^[``, DEL is ``^?``), as terminals and ``cat -v`` show
them; everything else (C1 controls such as the 8-bit CSI U+009B, bidi embeddings, overrides and isolates,
zero-width characters, line and paragraph separators, BOM, interlinear annotations, tag characters, lone
surrogates) as ``⟨U+XXXX⟩``. Tab and line feed are kept unless ``single_line`` asks for one line.
"""

from __future__ import annotations

#: Format characters that reorder or hide text, beyond the C0/C1 controls.
_FORMAT = (
    *(0x00AD, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x2060, 0xFEFF),
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2061, 0x2065),  # invisible operators
    *range(0x2066, 0x206A),  # bidi isolates
    *range(0xFFF9, 0xFFFC),  # interlinear annotations
    *range(0xE0000, 0xE0080),  # tag characters
)


def _code(c: int) -> str:
    return f"⟨U+{c:04X}⟩"


def _table(single_line: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for c in range(0x20):
        if c in (0x09, 0x0A) and not single_line:
            continue
        table[c] = "^" + chr(c + 0x40)
    table[0x7F] = "^?"
    for c in range(0x80, 0xA0):
        table[c] = _code(c)
    for c in _FORMAT:
        table[c] = _code(c)
    for c in range(0xD800, 0xE000):
        table[c] = "\ufffd"
    return table


_MULTI_LINE = _table(single_line=False)
_ONE_LINE = _table(single_line=True)


def visible(text: object, *, single_line: bool = False) -> str:
    """`text` (anything; None gives "") with every control, bidi and invisible character shown as a code.

    >>> visible("a\\x1b[2Jb\\u202ec")
    'a^[[2Jb⟨U+202E⟩c'
    """
    if text is None:
        return ""
    return str(text).translate(_ONE_LINE if single_line else _MULTI_LINE)


def is_clean(text: str) -> bool:
    """True when :func:`visible` would leave `text` unchanged (nothing to neutralise)."""
    return text.translate(_MULTI_LINE) == text


def visible_line(text: object) -> str:
    """One line for an error message or a log: like ``visible(single_line=True)``, and a byte that was not
    valid in the file system's encoding (a surrogate escape, as :func:`os.fsdecode` keeps it) shown as
    ``\\xE9`` rather than lost, so the analyst can still tell which file was meant.

    >>> visible_line("lat\\udce9.eml: no such file\\x1b[2J")
    'lat\\\\xE9.eml: no such file^[[2J'
    """
    if text is None:
        return ""
    s = str(text)
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in s):
        s = "".join(f"\\x{ord(c) - 0xDC00:02X}" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in s)
    return visible(s, single_line=True)
