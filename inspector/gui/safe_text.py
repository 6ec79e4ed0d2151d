"""Message- and DNS-controlled text made safe for Qt: always shown as text, with controls and bidi visible.

Qt guesses whether a string is rich text (`Qt::mightBeRichText`) wherever a widget's text format is
`AutoText` — every tooltip, QLabel and QMessageBox by default. A header value such as
``<img src="file:///dev/zero">`` shown there is *interpreted*: Qt's rich-text engine opens the named file
itself (a local file, a UNC path that on Windows hands the analyst's NTLM credentials to the attacker's SMB
server, or a device that never ends), paints fake badges, and hides the real text. Item text (tables,
trees, lists) is never interpreted, but a bidi override there still reorders what the analyst reads.

So every string that comes from the message or from DNS goes through one of these helpers before Qt sees it:

* :func:`shown` for places Qt treats as plain text (item text, painter text, QPlainTextEdit, labels set to
  `Qt.PlainText`, window titles): controls and bidi characters become visible codes
  (:func:`inspector.report.safe_text.visible`).
* :func:`tooltip` for tooltips (Qt has no plain-text tooltip): the same text, HTML-escaped and wrapped in
  ``<p style='white-space:pre-wrap'>`` so Qt's rich-text engine shows it literally, line breaks kept.
* :func:`plain_label` for QLabels: `Qt.PlainText`, so nothing the label ever shows is interpreted.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from inspector.report.safe_text import visible

#: Longest tooltip text; hostile fields can be megabytes and Qt lays a tooltip out on every hover.
MAX_TOOLTIP_CHARS = 4000


def shown(text: object, *, single_line: bool = False) -> str:
    """`text` for a plain-text place in Qt: controls and bidi characters shown as visible codes."""
    return visible(text, single_line=single_line)


def escaped(text: object) -> str:
    """`text` for inclusion in rich text we build ourselves: visible codes, then HTML-escaped."""
    return html.escape(visible(text), quote=True)


def tooltip(text: object, limit: int = MAX_TOOLTIP_CHARS) -> str:
    """A tooltip that Qt shows literally: escaped, line breaks and spaces kept, at most `limit` characters.

    An empty text gives "" (no tooltip at all). The wrapper makes the string rich text for certain, so Qt
    never guesses; the escaping makes every ``<`` and ``&`` of the message a character, never markup.
    """
    raw = "" if text is None else str(text)
    if not raw.strip():
        return ""
    cut = raw[:limit] + ("…" if len(raw) > limit else "")
    return f"<p style='white-space:pre-wrap'>{escaped(cut)}</p>"


def plain_label(label: QLabel, text: object = "") -> QLabel:
    """Make `label` plain text (never interpreted), and show `text` in it when one is given."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    if text:
        label.setText(shown(text))
    return label


def warning_box(parent: QWidget | None, title: str, text: object) -> None:
    """A modal warning whose text is shown literally (QMessageBox otherwise guesses rich text)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, shown(text), QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
