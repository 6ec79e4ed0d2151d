"""URLs as a browser follows them, and defanged so that no viewer turns them back into links."""

from __future__ import annotations

import html
import ipaddress
import re
from urllib.parse import urlsplit

#: Characters of a `javascript:` or `data:` link shown (a data: URL can be megabytes).
MAX_SHOWN_URL = 300
#: Characters of any URL kept (a hostile body holds 100 kB "links").
MAX_URL = 4000
URL_IN_TEXT = re.compile(r"""(?i)\b((?:https?|ftp)://[^\s"'<>()\[\]{}]{1,2000})""")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]{0,30}):")
#: Schemes whose URL has a host a browser contacts (WHATWG "special" schemes; backslash is a slash in them).
WEB = frozenset({"http", "https", "ftp", "ws", "wss"})
#: Schemes that run code or read local files when followed: always listed.
ACTIVE = frozenset({"javascript", "vbscript", "data", "file", "jar", "ms-msdt", "search-ms", "ms-officecmd"})
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
    url = html.unescape(value[:MAX_URL]).translate(_STRIP_INSIDE).strip(_C0_SPACE)
    if not url:
        return None
    m = _SCHEME.match(url)
    if m is None:
        if url[:2].replace("\\", "/") == "//":
            return "//" + url[2:].replace("\\", "/")
        return None
    scheme = m.group(1).lower()
    rest = url[m.end() :]
    if scheme in WEB:
        rest = rest.replace("\\", "/")
        return f"{scheme}://{rest.lstrip('/')}"
    if scheme in ACTIVE:
        shown = f"{scheme}:{rest}"
        return shown if len(shown) <= MAX_SHOWN_URL else shown[:MAX_SHOWN_URL] + "…"
    return None


def scheme_of(url: str) -> str | None:
    """The URL's scheme in lower case (None for a protocol-relative ``//host`` link)."""
    m = _SCHEME.match(url)
    return m.group(1).lower() if m else None


def host_of(url: str) -> str | None:
    """The host a web URL contacts, lower case, without port, credentials or IPv6 brackets; None otherwise.

    ``https://paypal.com@evil.example/`` contacts evil.example: the part before ``@`` is a user name.
    """
    if scheme_of(url) not in WEB and not url.startswith("//"):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.rstrip(".") or None if host else None


def ip_literal(host: str) -> bool:
    """True for a host that is an address, in any form a browser accepts (dotted, decimal, hex, IPv6)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    # WHATWG IPv4 parsing: 3232235777, 0xC0A80101, 0300.0250.1.1 all reach an address.
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(parts):
        return False
    return all(re.fullmatch(r"0[xX][0-9a-fA-F]*|[0-9]+", p) for p in parts) and not host.isalpha()
