"""HTML and SVG attachments read for the signs of HTML smuggling and credential forms, never rendered.

An HTML attachment opens in the reader's browser from the local disk, out of reach of the web proxy: the
page can rebuild a file from a string in its own script (``atob`` → ``Blob`` → a link with a ``download``
attribute, or ``msSaveOrOpenBlob``) and hand it to the reader ("HTML smuggling"), or show a login form that
posts the password to the attacker's server. The document is read by the same lxml parser as the HTML
body (`html_links.parse`: nothing loaded, no entities resolved); scripts are searched as text, never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inspector.content.html_links import parse
from inspector.content.urls import followed_url, host_of

#: Characters of script text searched per document (a smuggling page embeds its payload: megabytes).
MAX_SCRIPT_CHARS = 4_000_000
#: Script calls that rebuild a file inside the page or hand one to the reader.
_SMUGGLING = (
    ("atob", re.compile(r"\batob\s*\(")),
    ("Blob", re.compile(r"\bnew\s+(?:window\.)?Blob\s*\(|\bBlob\s*\(\s*\[")),
    ("msSaveOrOpenBlob", re.compile(r"\bmsSaveOrOpenBlob\b|\bmsSaveBlob\b")),
    ("createObjectURL", re.compile(r"\bcreateObjectURL\s*\(")),
    ("a download attribute set from script", re.compile(r"""\.download\s*=|setAttribute\(\s*['"]download['"]""")),
    ("Uint8Array", re.compile(r"\bnew\s+Uint8Array\s*\(")),
)
#: The calls that hand a rebuilt file to the reader.
_HANDS = (
    "msSaveOrOpenBlob",
    "createObjectURL",
    "a download attribute set from script",
    "a link with a download attribute",
)
#: Script that decodes or builds code at run time (obfuscation), or sends the reader elsewhere.
_OBFUSCATION = re.compile(r"\b(?:eval|unescape|String\.fromCharCode|document\.write)\s*\(")
_REDIRECT = re.compile(r"""\b(?:window\.|document\.|top\.)?location(?:\.href)?\s*=\s*['"]|location\.replace\s*\(""")
_DATA_PAYLOAD = re.compile(r"(?:[A-Za-z0-9+/]{4}){2000,}")
_PASSWORD = re.compile(r"(?i)pass(?:word|wd)?|pwd|kennwort|mot de passe|contrase")


@dataclass(slots=True)
class HtmlSigns:
    """What an HTML or SVG document does: smuggling calls, forms, scripts, where it sends the reader."""

    smuggling: list[str] = field(default_factory=list)
    #: Defanged destinations of forms that post elsewhere (not to the page itself).
    form_targets: list[str] = field(default_factory=list)
    password_field: bool = False
    scripts: int = 0
    obfuscated: bool = False
    redirects: bool = False
    big_payload: bool = False
    refresh_to: str | None = None
    download_links: int = 0
    #: Every URL the document links to, as a browser follows them (for the link judge).
    urls: list[str] = field(default_factory=list)
    readable: bool = True


def _form_target(action: str | None) -> str | None:
    if not action:
        return None
    url = followed_url(action)
    if url is None or not host_of(url):
        return None
    return url


def inspect_html(text: str) -> HtmlSigns:
    """The signs in an HTML or SVG document (see the module); `readable` False when nothing could be parsed."""
    signs = HtmlSigns()
    root = parse(text)
    if root is None:
        signs.readable = False
        script_text = text[:MAX_SCRIPT_CHARS]
    else:
        chunks: list[str] = []
        size = 0
        for el in root.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            local = tag.rsplit("}", 1)[-1].lower()
            if local == "script":
                signs.scripts += 1
                chunk = (el.text or "")[: MAX_SCRIPT_CHARS - size]
                chunks.append(chunk)
                size += len(chunk)
            elif local == "form":
                target = _form_target(el.get("action"))
                if target is not None:
                    signs.form_targets.append(target)
            elif local == "input" and (el.get("type") or "").lower() == "password":
                signs.password_field = True
            elif local == "a" and el.get("download") is not None:
                signs.download_links += 1
            elif local == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
                m = re.search(r"(?i)url\s*=\s*['\"]?([^'\"]+)", el.get("content") or "")
                signs.refresh_to = m.group(1).strip() if m else None
            for attr in ("href", "src", "action", "{http://www.w3.org/1999/xlink}href"):
                value = el.get(attr)
                url = followed_url(value) if value else None
                if url is not None and host_of(url):
                    signs.urls.append(url)
            # Event handlers (onload="…") are script too.
            for name, value in el.attrib.items():
                if isinstance(name, str) and name.lower().startswith("on") and size < MAX_SCRIPT_CHARS:
                    chunks.append(str(value)[: MAX_SCRIPT_CHARS - size])
                    size += len(chunks[-1])
        script_text = "\n".join(chunks)
    signs.smuggling = [name for name, rx in _SMUGGLING if rx.search(script_text)]
    if signs.download_links and "a download attribute set from script" not in signs.smuggling:
        signs.smuggling.append("a link with a download attribute")
    signs.obfuscated = bool(_OBFUSCATION.search(script_text))
    signs.redirects = bool(_REDIRECT.search(script_text)) or signs.refresh_to is not None
    signs.big_payload = bool(_DATA_PAYLOAD.search(script_text[:MAX_SCRIPT_CHARS]))
    if root is None and _PASSWORD.search(text[:100_000]) and "<input" in text[:100_000].lower():
        signs.password_field = True
    return signs


def smuggles(signs: HtmlSigns) -> bool:
    """True when the script rebuilds a file and hands it over: decoding plus a Blob or a save call, or a
    large embedded payload handed over by a download."""
    builds = "Blob" in signs.smuggling or "Uint8Array" in signs.smuggling or signs.big_payload
    hands = any(s in signs.smuggling for s in _HANDS)
    return ("atob" in signs.smuggling and (builds or hands)) or (builds and hands)


def form_words(signs: HtmlSigns) -> str:
    """The forms' destinations in words: ``evil.example``, or ``evil.example and 2 more`` (hosts are written
    as the link judge writes them; full URLs are the ones defanged)."""
    hosts = list(dict.fromkeys(h for h in (host_of(u) for u in signs.form_targets) if h))
    shown = hosts[0] if hosts else "another site"
    return shown + (f" and {len(hosts) - 1} more" if len(hosts) > 1 else "")
