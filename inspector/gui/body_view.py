"""The body, shown safely: plain text by default, HTML as source or rendered without any resource at all.

The rendered HTML view is a QTextBrowser, which has no script engine. Qt's rich-text engine, though, loads
what a document names by itself unless someone answers first: `QTextDocument::loadResource` opens the file
(`file:`, relative, absolute and UNC paths; on Windows a UNC path is an SMB connection that hands the
analyst's NTLM credentials to the attacker) whenever the answer it gets is empty, the image handler then
tries `QImage::load(name)` with a list of suffixes, and on HiDPI screens it probes ``name@2x.png`` with
`QFile::exists` before anyone is asked. So the HTML is parsed into a :class:`SafeDocument`, whose
`loadResource` answers *every* request (images, style sheets, `@import`, `background=`, any type) with an
inert placeholder and never returns an empty answer; once parsed, every image name is rewritten to a name in
Qt's own resource namespace (``:/inspector-blocked/N``), so the @2x probes and any later lookup never reach
the file system. Links are never followed (`setOpenLinks(False)`); the link list shows them defanged, as the
engine wrote them. Attachments are listed with type, size and SHA-256 and never opened or saved.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.gui.content_tables import AttachmentsTable, LinksTable
from inspector.gui.safe_text import shown
from inspector.model.report import ContentView

#: Rendering very large HTML in QTextBrowser is slow; above this the source view is the only view.
MAX_RENDER_CHARS = 500_000
#: At most this many distinct refused URLs are remembered (a hostile message can name millions).
MAX_REQUESTED = 1000
#: Image names after parsing live here: Qt's resource namespace, which never touches the file system.
BLOCKED_PREFIX = ":/inspector-blocked/"
#: What a style sheet, an HTML or Markdown fragment, or an unknown resource is answered with: not empty
#: (an empty answer makes Qt load the resource itself), and inert.
EMPTY_TEXT = "/* blocked by Email Header Inspector */"

_PLACEHOLDER: QImage | None = None
_TRANSPARENT: QImage | None = None


def placeholder_image() -> QImage:
    """The picture every image request gets: a small grey box with a cross ("not loaded")."""
    global _PLACEHOLDER
    if _PLACEHOLDER is None:
        img = QImage(16, 16, QImage.Format.Format_ARGB32)
        img.fill(QColor("#e0e0e0"))
        p = QPainter(img)
        p.setPen(QPen(QColor("#9e9e9e"), 1.5))
        p.drawRect(0, 0, 15, 15)
        p.drawLine(3, 3, 12, 12)
        p.drawLine(12, 3, 3, 12)
        p.end()
        _PLACEHOLDER = img
    return _PLACEHOLDER


def transparent_image() -> QImage:
    """What a background image gets: one transparent pixel (a tiled placeholder would hide the text)."""
    global _TRANSPARENT
    if _TRANSPARENT is None:
        img = QImage(1, 1, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        _TRANSPARENT = img
    return _TRANSPARENT


def placeholder_for(type: int, name: str = "") -> object:
    """A non-empty, inert answer to a resource request of `type` (never None: None lets Qt load it).

    Images renamed by :func:`neutralise_images` (``<img>``) get the visible placeholder; any other image
    (``background=``, CSS ``background-image``, asked for while the HTML is parsed) a transparent pixel.
    """
    if type == QTextDocument.ResourceType.ImageResource.value:
        return placeholder_image() if "inspector-blocked/" in name else transparent_image()
    if type == QTextDocument.ResourceType.UserResource.value:
        return QByteArray(EMPTY_TEXT.encode())
    return EMPTY_TEXT


def _url_text(name: QUrl | str) -> str:
    return (name.toString() if isinstance(name, QUrl) else str(name))[:500]


class SafeDocument(QTextDocument):
    """A QTextDocument that answers every resource request itself with a placeholder."""

    def __init__(self, requested: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.requested = requested
        self.setBaseUrl(QUrl("inspector-blocked:/"))

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Record the URL and answer with a placeholder; nothing is ever fetched or opened."""
        text = _url_text(name)
        if len(self.requested) < MAX_REQUESTED and BLOCKED_PREFIX[2:] not in text:
            self.requested.add(text)
        return placeholder_for(int(type), text)


def neutralise_images(doc: QTextDocument, requested: set[str] | None = None) -> int:
    """Rename every image of `doc` into Qt's resource namespace (before any layout); returns how many.

    The original names are added to `requested` (the images the message asked for and did not get).

    The name is all Qt's image handler uses to look for files (``name@2x.png`` probes, the `QImage::load`
    fallback); a ``:/…`` name is looked up in the compiled-in resources only, never on disk.
    """
    count = 0
    block = doc.begin()
    edits: list[tuple[int, int, QTextCharFormat]] = []
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and frag.charFormat().isImageFormat():
                image = frag.charFormat().toImageFormat()
                if requested is not None and len(requested) < MAX_REQUESTED:
                    requested.add(image.name()[:500])
                image.setName(f"{BLOCKED_PREFIX}{count}")
                edits.append((frag.position(), frag.length(), image))
                count += 1
            it += 1
        block = block.next()
    cursor = QTextCursor(doc)
    for pos, length, fmt in edits:
        cursor.setPosition(pos)
        cursor.setPosition(pos + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)
    return count


class SafeTextBrowser(QTextBrowser):
    """A QTextBrowser that never loads any resource and never follows a link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        #: Every distinct URL the document asked for and got a placeholder (for the tests and a "blocked" note).
        #: A set: Qt asks again on every re-layout (resize, scroll), so a list would grow without end.
        self.requested: set[str] = set()
        self._doc = SafeDocument(self.requested, self)
        self.setDocument(self._doc)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Answer every resource (images, CSS, file:, cid:, data:) with a placeholder, never None."""
        text = _url_text(name)
        if len(self.requested) < MAX_REQUESTED and BLOCKED_PREFIX[2:] not in text:
            self.requested.add(text)
        return placeholder_for(int(type), text)

    def setHtml(self, text: str) -> None:
        """Show `text`: parsed into a fresh SafeDocument, images renamed before the first layout."""
        doc = SafeDocument(self.requested, self)
        doc.setDefaultFont(self.font())
        doc.setHtml(text)
        neutralise_images(doc, self.requested)
        self._doc = doc
        self.setDocument(doc)

    def clear(self) -> None:
        """Forget the document and the URLs it asked for."""
        self.requested.clear()
        self._doc = SafeDocument(self.requested, self)
        self.setDocument(self._doc)


class BodyView(QWidget):
    """Tabs: text, HTML source, HTML (safe render, on demand), links, attachments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.notice = QLabel()
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
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
        self.links = LinksTable()
        self.links.setObjectName("bodyLinks")
        self.attachments = AttachmentsTable()
        self.attachments.setObjectName("bodyAttachments")
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
        self.text.setPlainText(shown(content.text_body) or ("" if content.html_body else "(no text part)"))
        if not content.text_body and content.html_body:
            self.text.setPlaceholderText("No plain-text part; see the HTML source.")
        self.source.setPlainText(shown(content.html_body) or "(no HTML part)")
        self.links.set_links(content.links, content.qr)
        self.attachments.set_attachments(content.attachments)
        self.tabs.setTabText(3, f"Links ({len(content.links) + len(content.qr)})")
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
