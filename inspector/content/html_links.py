"""Links read out of an HTML body by a real HTML parser (lxml: libxml2's HTML parser).

Why lxml: it recovers from broken HTML the way mail clients meet it (unclosed tags, stray quotes, tags in
attributes), it is a C parser fast enough for the 5 ms budget of a typical message (html5lib, pure Python,
is ten times slower; selectolax is not in the project's wheel set), it is BSD-3-Clause (libxml2: MIT), it is
maintained, and PyInstaller ships a hook for it. It never loads anything: ``no_network`` is set and no DTD,
entity or XInclude is resolved.

Limits: the body is cut at `MAX_HTML_BYTES`, libxml2 refuses nesting deeper than 256 levels (recovering the
rest as siblings) and at most `MAX_ELEMENTS` elements are looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspector.content.urls import followed_url

if TYPE_CHECKING:
    from lxml import etree

MAX_HTML_BYTES = 4_000_000
MAX_ELEMENTS = 200_000
#: Characters of display text kept per link.
MAX_TEXT = 200
_CSS_URL = re.compile(r"""(?i)url\(\s*(?:"([^"]{0,4000})"|'([^']{0,4000})'|([^)'"\s]{1,4000}))\s*\)""")
_CSS_IMPORT = re.compile(r"""(?i)@import\s+(?:"([^"]{0,4000})"|'([^']{0,4000})')""")
_REFRESH = re.compile(r"""(?i)^\s*\d*\s*[;,]?\s*url\s*=\s*['"]?([^'"]+)""")
_SPACE = re.compile(r"\s+")
#: Attributes the reader clicks (role ``link``) per element; everything else listed is loaded (``resource``).
_CLICKED = {"a": ("href",), "area": ("href",), "form": ("action",), "button": ("formaction",), "input": ("formaction",)}
_LOADED = ("src", "background", "poster", "data", "lowsrc", "dynsrc", "longdesc")
_XLINK_HREFS = ("href", "{http://www.w3.org/1999/xlink}href", "xlink:href")
_SRCSETS = ("srcset", "imagesrcset")
#: Every attribute `_element_links` reads a link from (an element with none of them is passed over at once).
_LINK_ATTRIBUTES = frozenset(
    (*(n for names in _CLICKED.values() for n in names), *_XLINK_HREFS, *_LOADED, *_SRCSETS, "style", "content")
)


@dataclass(frozen=True, slots=True)
class RawLink:
    """A URL as found: followed form (see `followed_url`), the text it shows, and whether it is clicked."""

    url: str
    text: str
    role: str


def _text(el: etree._Element) -> str:
    """What the reader sees for a clickable element: its text, else an image's alt, else title/aria-label."""
    parts: list[str] = []
    size = 0
    for chunk in el.itertext():
        parts.append(chunk)
        size += len(chunk)
        if size > MAX_TEXT * 4:
            break
    text = _SPACE.sub(" ", "".join(parts)).strip()
    if not text:
        for img in el.iter("img"):
            text = (img.get("alt") or "").strip()
            if text:
                break
    if not text:
        text = (el.get("alt") or el.get("title") or el.get("aria-label") or el.get("value") or "").strip()
    text = _SPACE.sub(" ", text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _css(text: str) -> list[str]:
    if "@" not in text and "url" not in text.lower():
        return []  # neither pattern can match (most style attributes are colours and sizes)
    found: list[str] = []
    for rx in (_CSS_URL, _CSS_IMPORT):
        for m in rx.finditer(text):
            found.append(next(g for g in m.groups() if g is not None))
    return found


#: `</body>` and `</html>` end tags. A browser (HTML5 "after body" modes) puts whatever follows them back
#: into the body and shows it; libxml2 drops it, so a link or a drawn QR code placed after `</html>` would
#: reach the reader but never the report. Without these tags libxml2 keeps that content in the body.
_AFTER_BODY_END_TAGS = re.compile(rb"</\s*(?:body|html)\b[^>]*>", re.IGNORECASE)


def parse(html_text: str) -> etree._Element | None:
    """The parsed document, or None for a body libxml2 makes nothing of."""
    # Imported by the first HTML body, not with the engine: a plain-text or header-only message never needs
    # it (~5 ms of every start).
    from lxml import etree

    data = _AFTER_BODY_END_TAGS.sub(b"", html_text.encode("utf-8", "surrogatepass")[:MAX_HTML_BYTES])
    parser = etree.HTMLParser(
        encoding="utf-8", recover=True, no_network=True, remove_comments=True, remove_pis=True, collect_ids=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError):
        return None
    return root


def html_links(html_text: str, root: etree._Element | None = None) -> tuple[list[RawLink], str]:
    """Every URL of the HTML body that leaves the message, in document order, and the body's visible text
    (where bare URLs written as text are looked for). `root` is the body already parsed (`parse`), when the
    caller has it: the content stage parses a body once for its links and its drawn QR codes."""
    root = root if root is not None else parse(html_text)
    if root is None:
        return [], ""
    out: list[RawLink] = []
    texts: list[str] = []
    for n, el in enumerate(root.iter()):
        if n >= MAX_ELEMENTS:
            break
        tag = el.tag
        if not isinstance(tag, str):
            continue
        tag = tag.lower().rsplit("}", 1)[-1]
        if tag in ("script", "style"):
            found = _css(el.text or "") if tag == "style" else [el.get("src") or ""]
            out.extend(_raw(u, "", "resource") for u in found)
            continue
        if el.text and tag != "title":
            texts.append(el.text)
        if el.tail:
            texts.append(el.tail)
        if el.attrib:
            out.extend(_element_links(el, tag))
    return [r for r in out if r.url], " ".join(texts)


def _raw(value: str | None, text: str, role: str) -> RawLink:
    """A found value as the browser follows it (an empty `url` when it does not leave the message)."""
    url = followed_url(value) if value else None
    return RawLink(url or "", text, role)


def _element_links(el: etree._Element, tag: str) -> list[RawLink]:
    """The links of one element's attributes."""
    # The element's attribute names once (one C call), not a lookup per attribute asked for: most elements
    # of a mail carry only a class, a width or a colour.
    present = _LINK_ATTRIBUTES.intersection(el.keys())
    if not present:
        return []
    attrib = el.attrib
    out: list[RawLink] = []
    clicked = _CLICKED.get(tag, ())
    for name in clicked:
        if name in present:
            out.append(_raw(attrib[name], _text(el) if tag in ("a", "area") else _label(el, tag), "link"))
    for name in _XLINK_HREFS:
        if name in present and name not in clicked:
            out.append(_raw(attrib[name], _text(el) if tag == "a" else "", "link" if tag == "a" else "resource"))
    for name in _LOADED:
        if name in present:
            out.append(_raw(attrib[name], (attrib.get("alt") or "").strip()[:MAX_TEXT], "resource"))
    for name in _SRCSETS:
        if name in present:
            out.extend(_raw(c.strip().split(" ")[0], "", "resource") for c in attrib[name].split(","))
    if "style" in present:
        out.extend(_raw(u, "", "resource") for u in _css(attrib["style"]))
    if tag == "meta" and (attrib.get("http-equiv") or "").lower() == "refresh":
        m = _REFRESH.match(attrib.get("content") or "")
        if m:
            out.append(_raw(m.group(1), "automatic redirect (meta refresh)", "link"))
    return out


def _label(el: etree._Element, tag: str) -> str:
    """A form's display text: its submit button's label, so a reader sees what they are asked to press."""
    if tag == "form":
        for sub in el.iter("button", "input"):
            if sub.tag == "button" or (sub.get("type") or "").lower() == "submit":
                return _text(sub)
        return "form"
    return _text(el)
