"""The body made safe to show: links listed defanged, attachments listed, nothing opened or fetched."""

from __future__ import annotations

import html
import re

from inspector.ingest.message import Message
from inspector.model.report import ContentView

MAX_LINKS = 500
MAX_BODY_CHARS = 2_000_000
_URL = re.compile(r"""(?i)\b((?:https?|ftp)://[^\s"'<>()\[\]{}]{1,2000})""")
_HREF = re.compile(r"""(?i)\b(?:href|src)\s*=\s*["']?([^"'\s>]{1,2000})""")


def defang(url: str) -> str:
    """A link that no viewer will turn back into a clickable one: hxxps://example[.]com/…"""
    out = re.sub(r"(?i)^http", "hxxp", url)
    out = re.sub(r"(?i)^ftp", "fxp", out)
    m = re.match(r"^([a-z]+://)([^/?#]*)(.*)$", out, re.I)
    if m:
        out = m.group(1) + m.group(2).replace(".", "[.]") + m.group(3)
    return out


def extract_links(text: str | None, html_text: str | None) -> tuple[str, ...]:
    """Every distinct link in the text and HTML bodies, in order of appearance, defanged."""
    seen: dict[str, None] = {}
    for src in (text or "", html_text or ""):
        src = src[:MAX_BODY_CHARS]
        for m in _URL.finditer(src):
            seen.setdefault(html.unescape(m.group(1)).rstrip(".,;:!?"), None)
        for m in _HREF.finditer(src):
            url = html.unescape(m.group(1))
            if re.match(r"(?i)^(https?|ftp)://", url):
                seen.setdefault(url, None)
        if len(seen) >= MAX_LINKS:
            break
    return tuple(defang(u) for u in list(seen)[:MAX_LINKS])


def content_view(message: Message) -> ContentView:
    """What the body views show."""
    return ContentView(
        has_body=message.has_body,
        text_body=message.text_body[:MAX_BODY_CHARS] if message.text_body else message.text_body,
        html_body=message.html_body[:MAX_BODY_CHARS] if message.html_body else message.html_body,
        links=extract_links(message.text_body, message.html_body),
        attachments=tuple(
            {"filename": a.filename, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
            for a in message.attachments
        ),
    )
