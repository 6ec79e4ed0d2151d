"""What an attachment's name claims and hides: double extensions, bidi overrides, padding.

``invoice.pdf.exe`` shows ``invoice.pdf`` where Windows hides known extensions; ``invoice_2025<U+202E>fdp.exe``
shows ``invoice_2025exe.pdf`` because U+202E (RIGHT-TO-LEFT OVERRIDE) draws the rest of the name backwards;
``invoice.pdf<many spaces>.exe`` pushes the real extension out of the column. The reader sees the decoy.
"""

from __future__ import annotations

import re
import unicodedata

from inspector.content.filetypes import DANGEROUS_FAMILIES, DECOY_FAMILIES, EXTENSION_FAMILY

#: Characters of a name written in an explanation.
MAX_SHOWN_NAME = 120
_BIDI_OVERRIDES = {"\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
                   "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
                   "\u202b": "RIGHT-TO-LEFT EMBEDDING", "\u200f": "RIGHT-TO-LEFT MARK"}  # fmt: skip
_PADDING = re.compile(r"[ \t\u00a0\u2000-\u200b_]{6,}\.\w{1,6}$")
#: Words for the decoy extension, as the reader would say them.
_DECOY_WORDS = {"pdf": "a PDF", "doc": "a Word document", "docx": "a Word document", "xls": "an Excel sheet",
                "xlsx": "an Excel sheet", "jpg": "a picture", "jpeg": "a picture", "png": "a picture",
                "txt": "a text file", "zip": "a ZIP archive", "rtf": "a document", "csv": "a spreadsheet",
                "ppt": "a presentation", "pptx": "a presentation", "gif": "a picture", "mp3": "a sound file",
                "mp4": "a video", "wav": "a voice message", "eml": "an e-mail", "msg": "an e-mail"}  # fmt: skip


def hides_characters(name: str) -> bool:
    """True when `name` holds a control, bidi or invisible format character (Unicode categories Cc, Cf, Zl,
    Zp, Cs): ``invoice_2025<U+202E>fdp.exe`` reads ``invoice_2025exe.pdf``. Views show such names through
    ``report.safe_text.visible``; this fact lets the verdict say so."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in name)


def shown(name: str) -> str:
    """`name` as an explanation writes it: control, bidi and invisible characters as ``<U+202E>``, shortened."""
    out = "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") else c for c in name)
    return out if len(out) <= MAX_SHOWN_NAME else out[: MAX_SHOWN_NAME - 1] + "…"


def displayed(name: str) -> str:
    """Roughly what a file manager draws for a name with a right-to-left override: the run after U+202E
    reversed (up to a U+202C POP DIRECTIONAL FORMATTING), the format characters themselves invisible."""
    out: list[str] = []
    rest = name
    while "\u202e" in rest:
        before, _, after = rest.partition("\u202e")
        run, pop, tail = after.partition("\u202c")
        out.append(before + run[::-1])
        rest = tail if pop else ""
    out.append(rest)
    return "".join(c for c in "".join(out) if unicodedata.category(c) != "Cf")


def overrides(name: str) -> list[str]:
    """The names of the bidi control characters in `name` (RIGHT-TO-LEFT OVERRIDE …)."""
    return [label for ch, label in _BIDI_OVERRIDES.items() if ch in name]


def extensions(name: str) -> list[str]:
    """The extensions of `name`, last one last, in lower case (``a.pdf.exe`` → ``["pdf", "exe"]``)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    parts = base.split(".")
    return [p.strip().lower() for p in parts[1:] if 0 < len(p.strip()) <= 10]


def double_extension(name: str) -> tuple[str, str] | None:
    """(decoy, real) when `name` ends in a dangerous extension right after a document or picture one
    (``invoice.pdf.exe`` → ``("pdf", "exe")``); padded names (``a.pdf      .exe``) count too."""
    exts = extensions(name)
    if len(exts) < 2:
        return None
    decoy, real = exts[-2], exts[-1]
    if EXTENSION_FAMILY.get(real) in (*DANGEROUS_FAMILIES, "html") and EXTENSION_FAMILY.get(decoy) in DECOY_FAMILIES:
        return decoy, real
    return None


def padded(name: str) -> bool:
    """True when a run of spaces (or invisible spaces) pushes the real extension out of view."""
    return bool(_PADDING.search(name))


def decoy_words(ext: str) -> str:
    """How a reader would name a file with extension `ext` ("a PDF")."""
    return _DECOY_WORDS.get(ext, f"a .{ext} file")
