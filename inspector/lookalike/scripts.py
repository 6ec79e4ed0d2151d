"""Which writing systems a label mixes (UTS #39 "mixed script" and "whole-script confusable").

Python's `unicodedata` has no Script property and the `regex` package is not a dependency, so the script
of a letter is read from the first word of its Unicode name ("CYRILLIC SMALL LETTER A" → Cyrillic). That is
exact for the scripts that matter here (Latin, Cyrillic, Greek, Armenian, Cherokee …); digits, hyphens and
marks count as common to every script.
"""

from __future__ import annotations

import functools
import unicodedata

#: Scripts whose letters pass for Latin ones; Latin mixed with one of these inside one label is a red flag.
LATIN_LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU", "GEORGIAN"})


@functools.lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The script of one character ("LATIN", "CYRILLIC" …), or "COMMON" for digits, punctuation, marks."""
    if ch.isascii():
        return "LATIN" if ch.isalpha() else "COMMON"
    if not ch.isalpha():
        return "COMMON"
    name = unicodedata.name(ch, "")
    if not name:
        return "UNKNOWN"
    first = name.split(" ", 1)[0]
    if first in ("MODIFIER", "SMALL", "FULLWIDTH", "MATHEMATICAL", "DOUBLE-STRUCK"):
        # Letter-like symbols (𝐩, ａ): decide by what they decompose to.
        base = unicodedata.normalize("NFKD", ch)
        return script_of(base[0]) if base and base != ch else "LATIN"
    return first


def scripts_in(text: str) -> frozenset[str]:
    """The set of scripts of the letters in `text` (COMMON left out)."""
    return frozenset(s for s in (script_of(ch) for ch in text) if s != "COMMON")


def is_mixed_confusable(label: str) -> bool:
    """Latin letters mixed with Cyrillic/Greek/Armenian-like letters in one label (``pаypal``)."""
    scripts = scripts_in(label)
    return "LATIN" in scripts and bool(scripts & LATIN_LOOKALIKE_SCRIPTS)


def is_whole_script_lookalike(label: str) -> bool:
    """A label written entirely in one non-Latin lookalike script (``раураӏ``)."""
    scripts = scripts_in(label)
    return len(scripts) == 1 and next(iter(scripts)) in LATIN_LOOKALIKE_SCRIPTS
