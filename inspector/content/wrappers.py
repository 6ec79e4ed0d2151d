"""Link wrappers and redirectors decoded to the destination they hide, offline.

Mail security gateways rewrite every link of a message so that a click goes through their scanner first; a
phish that passed the gateway carries its lure inside such a wrapper, and open redirectors on reputable
sites hide it the same way. Each decoder here reads the real target from the wrapper's own URL, as the
vendors document or publish it:

- Microsoft Defender Safe Links: ``https://*.safelinks.protection.outlook.com/?url=<percent-encoded>&…``;
- Proofpoint URL Defense v1 (``/v1/url?u=<percent-encoded>``), v2 (``/v2/url?u=`` with ``-`` for ``%`` and
  ``_`` for ``/``), v3 (``urldefense.com/v3/__<url>__;<base64url bytes>!!…``, each ``*`` in the URL taken
  from the bytes, ``**X`` a run of them), as Proofpoint's published ``urldecoder.py`` reads them;
- Barracuda LinkProtect: ``https://linkprotect.cudasvc.com/url?a=<percent-encoded>``;
- Google's redirect: ``https://www.google.<tld>/url?q=<target>`` (or ``url=``);
- common open-redirect parameters (``url``, ``redirect``, ``target``, ``dest``, ``goto`` …) holding a
  full ``http(s)://`` URL.

Mimecast's ``protect-*.mimecast.com/s/<token>`` keeps the target on Mimecast's servers: it cannot be
recovered offline, and the wrapper says so (`Unwrapped.opaque`).
"""

from __future__ import annotations

import base64
import binascii
import re
import string
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from inspector.content.urls import followed_url, host_of

#: Wrappers inside wrappers (Safe Links around URL Defense around a redirect) are decoded this deep.
MAX_DEPTH = 5
_V3 = re.compile(r"/v3/__(?P<url>.+?)__(?:;(?P<bytes>[^!]*))?!")
_V3_TOKEN = re.compile(r"\*(\*.)?")
_V3_RUNS = {c: i + 2 for i, c in enumerate(string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_")}
#: Query parameters that common open redirectors read their destination from.
REDIRECT_PARAMS = (
    "url",
    "u",
    "q",
    "redirect",
    "redirect_url",
    "redirect_uri",
    "redirecturl",
    "redir",
    "target",
    "dest",
    "destination",
    "goto",
    "next",
    "link",
    "l",
    "returnurl",
    "return_url",
    "continue",
    "r",
    "to",
    "out",
)


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """A wrapper's name and the URL it hides (None when the target is not in the link: `opaque`)."""

    wrapper: str
    target: str | None
    opaque: bool = False


def _query(url: str) -> dict[str, list[str]]:
    try:
        return parse_qs(urlsplit(url).query, keep_blank_values=False)
    except ValueError:
        return {}


def _first(params: dict[str, list[str]], *names: str) -> str | None:
    lower = {k.lower(): v for k, v in params.items()}
    for name in names:
        if lower.get(name):
            return lower[name][0]
    return None


def _proofpoint_v3(url: str) -> str | None:
    m = _V3.search(url)
    if m is None:
        return None
    inner = unquote(m.group("url"))
    raw = m.group("bytes") or ""
    try:
        subs = base64.urlsafe_b64decode(raw + "==").decode("utf-8") if raw else ""
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    pos = 0
    out: list[str] = []
    last = 0
    for t in _V3_TOKEN.finditer(inner):
        out.append(inner[last : t.start()])
        n = 1 if t.group(1) is None else _V3_RUNS.get(t.group(1)[-1], 0)
        if pos + n > len(subs) or n == 0:
            return None
        out.append(subs[pos : pos + n])
        pos += n
        last = t.end()
    out.append(inner[last:])
    return "".join(out)


def unwrap_once(url: str) -> Unwrapped | None:
    """The wrapper `url` is, with the URL it hides; None when it is no wrapper or redirect we know."""
    host = host_of(url)
    if host is None:
        return None
    if host.endswith(".safelinks.protection.outlook.com"):
        return Unwrapped("Microsoft Safe Links", _first(_query(url), "url"))
    if host in ("urldefense.proofpoint.com", "urldefense.com"):
        path = urlsplit(url).path
        if path.startswith("/v1/"):
            return Unwrapped("Proofpoint URL Defense v1", _first(_query(url), "u"))
        if path.startswith("/v2/"):
            u = _first(_query(url), "u")
            return Unwrapped("Proofpoint URL Defense v2", unquote(u.replace("-", "%").replace("_", "/")) if u else None)
        if path.startswith("/v3/"):
            return Unwrapped("Proofpoint URL Defense v3", _proofpoint_v3(url))
        return None
    if (host.startswith("protect-") and host.endswith(".mimecast.com")) or host == "protect.mimecast.com":
        return Unwrapped("Mimecast URL Protect", None, opaque=True)
    if host == "linkprotect.cudasvc.com":
        return Unwrapped("Barracuda LinkProtect", _first(_query(url), "a"))
    labels = host.split(".")
    if "google" in labels[-3:-1] and urlsplit(url).path == "/url":
        return Unwrapped("Google redirect", _first(_query(url), "q", "url"))
    target = _first(_query(url), *REDIRECT_PARAMS)
    if target and re.match(r"(?i)^(https?:)?//", target.strip()):
        return Unwrapped("redirect", target)
    return None


def unwrap(url: str) -> tuple[str, list[tuple[str, str]], bool]:
    """The final destination of `url`, the chain of (wrapper, wrapped URL) it went through, outermost first,
    and whether the chain ends at a wrapper whose target cannot be read offline."""
    chain: list[tuple[str, str]] = []
    current = url
    for _ in range(MAX_DEPTH):
        found = unwrap_once(current)
        if found is None:
            break
        if found.target is None:
            chain.append((found.wrapper, current))
            return current, chain, found.opaque
        nxt = followed_url(found.target.strip())
        if nxt is None or nxt == current:
            break
        chain.append((found.wrapper, current))
        current = nxt
    return current, chain, False
