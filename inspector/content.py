"""The body made safe to show: links listed defanged, attachments listed, nothing opened or fetched."""

from __future__ import annotations

import html
import re
import unicodedata

from inspector.ingest.message import Attachment, Limit, Message
from inspector.model.report import ContentView

MAX_LINKS = 500
MAX_BODY_CHARS = 2_000_000
#: Characters of a `javascript:` or `data:` link shown (a data: URL can be megabytes).
MAX_SHOWN_URL = 300
_URL = re.compile(r"""(?i)\b((?:https?|ftp)://[^\s"'<>()\[\]{}]{1,2000})""")
#: Attributes a browser follows or loads, with their value (quoted values may hold spaces and tabs).
_HREF = re.compile(
    r"""(?i)\b(?:href|src|action|formaction|background|poster|xlink:href)\s*=\s*"""
    r"""(?:"([^"]{0,4000})"|'([^']{0,4000})'|([^\s"'>]{1,4000}))"""
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]{0,30}):")
#: Schemes whose URL has a host a browser contacts (WHATWG "special" schemes; backslash is a slash in them).
_WEB = frozenset({"http", "https", "ftp", "ws", "wss"})
#: Schemes that run code or read local files when followed: always listed.
_ACTIVE = frozenset({"javascript", "vbscript", "data", "file", "jar", "ms-msdt", "search-ms", "ms-officecmd"})
#: What a browser strips before parsing a URL (WHATWG URL: ASCII tab and newline anywhere, C0 and space at ends).
_STRIP_INSIDE = str.maketrans("", "", "\t\n\r")
_C0_SPACE = "".join(chr(c) for c in range(0x21))


def defang(url: str) -> str:
    """A link that no viewer will turn back into a clickable one: hxxps://example[.]com/…"""
    out = re.sub(r"(?i)^http", "hxxp", url)
    out = re.sub(r"(?i)^ftp", "fxp", out)
    m = re.match(r"^([a-z]+:)?(//)([^/?#]*)(.*)$", out, re.I)
    if m:
        out = (m.group(1) or "") + m.group(2) + m.group(3).replace(".", "[.]") + m.group(4)
    return out


def followed_url(value: str) -> str | None:
    """What a browser makes of an attribute value, when it leaves the message: a web URL with a host, a
    protocol-relative ``//host`` link, or a ``javascript:``/``data:``/``file:`` one; None for relative links,
    anchors and harmless schemes (``mailto:``, ``cid:``).

    Browsers remove tabs and line breaks anywhere in a URL (``java&#9;script:`` runs), trim control characters
    and spaces at its ends, and read a backslash as a slash in web URLs (``https:\\\\evil.example`` opens
    evil.example): the link is listed as the browser would follow it.
    """
    url = html.unescape(value).translate(_STRIP_INSIDE).strip(_C0_SPACE)
    if not url:
        return None
    m = _SCHEME.match(url)
    if m is None:
        if url[:2].replace("\\", "/") == "//":
            return "//" + url[2:].replace("\\", "/")
        return None
    scheme = m.group(1).lower()
    rest = url[m.end() :]
    if scheme in _WEB:
        rest = rest.replace("\\", "/")
        return f"{scheme}://{rest.lstrip('/')}"
    if scheme in _ACTIVE:
        shown = f"{scheme}:{rest}"
        return shown if len(shown) <= MAX_SHOWN_URL else shown[:MAX_SHOWN_URL] + "…"
    return None


def extract_links(text: str | None, html_text: str | None) -> tuple[str, ...]:
    """Every distinct link in the text and HTML bodies, in order of appearance, defanged (see `link_scan`)."""
    return link_scan(text, html_text)[0]


def link_scan(text: str | None, html_text: str | None) -> tuple[tuple[str, ...], bool]:
    """The links (as `extract_links`), and whether there were more than `MAX_LINKS`."""
    seen: dict[str, None] = {}
    for src in (text or "", html_text or ""):
        src = src[:MAX_BODY_CHARS]
        for m in _URL.finditer(src):
            seen.setdefault(html.unescape(m.group(1)).rstrip(".,;:!?"), None)
        for m in _HREF.finditer(src):
            url = followed_url(m.group(1) or m.group(2) or m.group(3) or "")
            if url is not None:
                seen.setdefault(url, None)
            if len(seen) > MAX_LINKS:
                break
        if len(seen) > MAX_LINKS:
            break
    return tuple(defang(u) for u in list(seen)[:MAX_LINKS]), len(seen) > MAX_LINKS


def hides_characters(name: str) -> bool:
    """True when `name` holds a control, bidi or invisible format character (Unicode categories Cc, Cf, Zl,
    Zp, Cs): ``invoice_2025<U+202E>fdp.exe`` reads ``invoice_2025exe.pdf``. Views show such names through
    ``report.safe_text.visible``; this fact lets the verdict say so."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in name)


def _attachment(a: Attachment) -> dict[str, object]:
    """An attachment row; `filename` keeps the data, `name_hides_characters` says it must be shown visibly."""
    return {
        "filename": a.filename,
        "name_hides_characters": hides_characters(a.filename),
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
    }


def content_view(message: Message) -> ContentView:
    """What the body views show."""
    links, more = link_scan(message.text_body, message.html_body)
    limits: list[Limit] = []
    if more:
        limits.append(Limit("links", MAX_LINKS, f"more than {MAX_LINKS} links: only the first {MAX_LINKS} are listed"))
    for name, body in (("text", message.text_body), ("HTML", message.html_body)):
        if body and len(body) > MAX_BODY_CHARS:
            limits.append(
                Limit(
                    "body-chars",
                    MAX_BODY_CHARS,
                    f"the {name} body is longer than {MAX_BODY_CHARS:,} characters: the rest was not examined",
                )
            )
    return ContentView(
        has_body=message.has_body,
        text_body=message.text_body[:MAX_BODY_CHARS] if message.text_body else message.text_body,
        html_body=message.html_body[:MAX_BODY_CHARS] if message.html_body else message.html_body,
        links=links,
        attachments=tuple(_attachment(a) for a in message.attachments),
        limits=tuple(limits),
    )
