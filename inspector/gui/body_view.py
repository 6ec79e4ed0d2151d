"""The body, shown safely: plain text by default, HTML as source or rendered without any remote content.

The rendered HTML view is a QTextBrowser, which has no script engine at all; `loadResource` is
overridden to return nothing, so images, stylesheets and every other URL the message names are never
fetched — not even `file:` or `cid:`. Links are never followed (`setOpenLinks(False)`); the link list
shows them defanged, as the engine wrote them. Attachments are listed with type, size and SHA-256 and
never opened or saved.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.model.report import ContentView
from inspector.report.wording import size_text

#: Rendering very large HTML in QTextBrowser is slow; above this the source view is the only view.
MAX_RENDER_CHARS = 500_000
#: At most this many distinct refused URLs are remembered (a hostile message can name millions).
MAX_REQUESTED = 1000


class SafeTextBrowser(QTextBrowser):
    """A QTextBrowser that never loads any resource and never follows a link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        #: Every distinct URL the document asked for and was refused (for the tests and a future "blocked" note).
        #: A set: Qt asks again on every re-layout (resize, scroll), so a list would grow without end.
        self.requested: set[str] = set()

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Refuse every resource (remote images, CSS, file: and cid: URLs alike)."""
        if len(self.requested) < MAX_REQUESTED:
            self.requested.add((name.toString() if isinstance(name, QUrl) else str(name))[:500])
        return None

    def clear(self) -> None:
        """Forget the document and the URLs it asked for."""
        super().clear()
        self.requested.clear()


class BodyView(QWidget):
    """Tabs: text, HTML source, HTML (safe render, on demand), links, attachments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("bodyText")
        self.text.setReadOnly(True)
        self.source = QPlainTextEdit()
        self.source.setObjectName("bodyHtmlSource")
        self.source.setReadOnly(True)
        self.source.setFont(mono)
        self.browser = SafeTextBrowser()
        self.browser.setObjectName("bodyHtmlRendered")
        self.links = QListWidget()
        self.links.setObjectName("bodyLinks")
        self.links.setFont(mono)
        self.attachments = QTableWidget(0, 4)
        self.attachments.setObjectName("bodyAttachments")
        self.attachments.setHorizontalHeaderLabels(["Name", "Type", "Size", "SHA-256"])
        self.attachments.verticalHeader().hide()
        self.attachments.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.attachments.horizontalHeader().setStretchLastSection(True)
        self.attachments.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.text, "Text")
        self.tabs.addTab(self.source, "HTML source")
        self.tabs.addTab(self.browser, "HTML (no remote content)")
        self.tabs.addTab(self.links, "Links")
        self.tabs.addTab(self.attachments, "Attachments")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._html: str | None = None
        self._rendered = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)

    def set_content(self, content: ContentView) -> None:
        """Show `content` (plain text first)."""
        self._html = content.html_body
        self._rendered = False
        self.browser.clear()
        if not content.has_body:
            self.notice.setText(
                "This evidence has no body (pasted headers or an Outlook .msg): only the header fields were analysed."
            )
        else:
            self.notice.setText(
                "Shown safely: HTML is never rendered with remote content or scripts; links are defanged; "
                "attachments are listed, never opened."
            )
        self.text.setPlainText(content.text_body or ("" if content.html_body else "(no text part)"))
        if not content.text_body and content.html_body:
            self.text.setPlaceholderText("No plain-text part; see the HTML source.")
        self.source.setPlainText(content.html_body or "(no HTML part)")
        self.links.clear()
        self.links.addItems(list(content.links) or ["(no links)"])
        self.attachments.setRowCount(len(content.attachments))
        for row, att in enumerate(content.attachments):
            for col, key in enumerate(("filename", "content_type", "size", "sha256")):
                value = att.get(key)
                text = size_text(value) if key == "size" else str(value if value is not None else "")
                self.attachments.setItem(row, col, QTableWidgetItem(text))
        self.tabs.setTabText(3, f"Links ({len(content.links)})")
        self.tabs.setTabText(4, f"Attachments ({len(content.attachments)})")
        self.tabs.setTabEnabled(2, bool(content.html_body))
        self.tabs.setCurrentIndex(0 if content.text_body or not content.html_body else 1)

    def _tab_changed(self, index: int) -> None:
        if index == 2:
            self.render_html()

    def render_html(self) -> None:
        """Render the HTML part (on demand; never with remote content)."""
        if self._rendered or not self._html:
            return
        self._rendered = True
        if len(self._html) > MAX_RENDER_CHARS:
            self.browser.setPlainText("The HTML part is too large to render safely here; read it in “HTML source”.")
            return
        self.browser.setHtml(self._html)
