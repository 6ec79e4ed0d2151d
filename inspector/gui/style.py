"""Colours and small widget helpers shared by the views.

Status colours are saturated mid-tones with white text, readable on both a light and a dark system
palette; everything else (backgrounds, text, lines) comes from the application palette, so dark mode
follows the system without a theme of our own.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from inspector.model.auth import AuthResult
from inspector.model.report import Level
from inspector.report.wording import result_class

LEVEL_COLOURS = {
    Level.OK: "#2e7d32",
    Level.SUSPICIOUS: "#a15c00",
    Level.DANGEROUS: "#c62828",
    #: Blue-grey, the colour of "could not be checked" badges: nothing wrong found, nothing proven either.
    Level.UNVERIFIED: "#455a8a",
    Level.NOT_ANALYSED: "#616161",
}

BADGE_COLOURS = {
    "good": "#2e7d32",
    "bad": "#c62828",
    "warn": "#a15c00",
    "unknown": "#455a8a",
    "none": "#6d6d6d",
}

#: Negative delays (a clock is wrong, not a slow server) get their own colour.
NEGATIVE_DELAY = "#8e24aa"
BOUNDARY = "#1565c0"
BREAK = "#d32f2f"


def badge_colour(result: AuthResult) -> QColor:
    """Background colour of a result badge."""
    return QColor(BADGE_COLOURS[result_class(result)])


def palette() -> QPalette:
    """The application palette (the system's, light or dark)."""
    app = QApplication.instance()
    return app.palette() if isinstance(app, QApplication) else QPalette()


def is_dark() -> bool:
    """True when the system palette is dark (window background darker than its text)."""
    p = palette()
    return p.color(QPalette.ColorRole.Window).lightness() < p.color(QPalette.ColorRole.WindowText).lightness()


def placeholder(text: str, parent: QWidget | None = None) -> QLabel:
    """A centred, wrapped, muted label for empty and not-analysed states."""
    from PySide6.QtCore import Qt

    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setMargin(24)
    label.setObjectName("placeholder")
    label.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")

    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
