"""`words.without_invisible` answers ASCII text without a look at each character (issue 16 item 3): no ASCII
character is a format character, so the shortcut drops nothing the per-character filter would drop."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.lookalike.words import without_invisible


def test_no_ascii_character_is_a_format_character() -> None:
    assert [c for c in map(chr, range(128)) if unicodedata.category(c) == "Cf"] == []


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.one_of(st.sampled_from("Pay\u200bPal\u00ad \ufeff\u2060x"), st.characters(exclude_categories=("Cs",))))
)
def test_the_ascii_shortcut_equals_the_per_character_filter(text: str) -> None:
    assert without_invisible(text) == "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
