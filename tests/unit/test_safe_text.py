"""visible(): the one neutraliser every human-facing view uses for message- and DNS-controlled text."""

from __future__ import annotations

import pytest

from inspector.report.safe_text import is_clean, visible


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J\x1b[HVerdict: OK", "^[[2J^[[HVerdict: OK"),  # CSI repaint
        ("\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "^[]8;;https://evil.example^Gclick^[]8;;^G"),  # OSC 8
        ("\x1b]52;c;ZXZpbA==\x07", "^[]52;c;ZXZpbA==^G"),  # OSC 52 clipboard write
        ("\x9b31m", "⟨U+009B⟩31m"),  # 8-bit CSI
        ("invoice_2025\u202efdp.exe", "invoice_2025⟨U+202E⟩fdp.exe"),  # right-to-left override
        ("a\u2066b\u2069c", "a⟨U+2066⟩b⟨U+2069⟩c"),  # isolates
        ("pay\u200bpal", "pay⟨U+200B⟩pal"),  # zero-width space
        ("x\x7fy", "x^?y"),
        ("tag\U000e0041", "tag⟨U+E0041⟩"),
        ("lone\ud800", "lone\ufffd"),
    ],
)
def test_controls_and_bidi_are_shown_as_codes(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert not is_clean(raw)


def test_ordinary_text_is_unchanged() -> None:
    text = "Grüße aus Köln — 日本語のメール\tcolumn\nnext line"
    assert visible(text) == text
    assert is_clean(text)


def test_single_line_shows_line_breaks() -> None:
    assert visible("a\nb\tc\rd", single_line=True) == "a^Jb^Ic^Md"
    assert visible(None) == ""
