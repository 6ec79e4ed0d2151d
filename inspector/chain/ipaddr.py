"""IP addresses as Received fields write them: brackets, ``IPv6:``, ``%zone``, ports, ``::ffff:`` mapping.

The stdlib `ipaddress` does the real parsing; this module only strips the decorations MTAs add
(docs/notes/received-chain.md §3.1 step 7) and names the address's scope for the trust-boundary walk. Text
that holds a character no address can contain is refused before `ipaddress` is asked (its ValueError path
is the slow one), and both lookups are memoised: a long chain repeats the same addresses and host names
many times, and `ipaddress`'s scope properties walk lists of networks on every call. The analyst's trusted networks are
parsed once per distinct setting, not once per hop.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_DOC_NETS = tuple(
    ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
_SHARED = ipaddress.ip_network("100.64.0.0/10")
#: Google's internal host ids (``by 2002:a05:…``, docs/notes/received-chain.md §2.1, §6.1): X-Received lines
#: and hops between Google's own servers carry them.
GOOGLE_INTERNAL = ipaddress.ip_network("2002::/16")
#: Every character an address (with an optional ``:port``) can hold once brackets and ``%zone`` are gone.
_ADDRESS_CHARS = re.compile(r"[0-9A-Fa-f:.]+")


@dataclass(frozen=True, slots=True)
class FoundIp:
    """An address read from text: `ip` when valid, else `invalid` keeps the IPv4-looking text."""

    ip: IPAddress | None
    port: int | None = None
    invalid: str | None = None


def _strip(text: str) -> str:
    s = text.strip().strip(",;")
    while s[:1] in "[(" or s[-1:] in "])":
        s = s.strip("[]()")
        if not s:
            break
    if s[:5].lower() == "ipv6:":
        s = s[5:]
    if "@" in s:
        s = s.rsplit("@", 1)[1].strip("[]()")
    return s


def _looks_v4(s: str) -> bool:
    parts = s.split(".")
    return 3 <= len(parts) <= 5 and all(p.isdigit() and len(p) <= 5 for p in parts)


@lru_cache(maxsize=8192)
def find_ip(text: str) -> FoundIp | None:
    """Read one address (maybe with a port) from `text`; None when it is not an address at all."""
    if not text or len(text) > 80:
        return None
    s = _strip(text)
    if not s:
        return None
    port: int | None = None
    if "%" in s:
        s = s.split("%", 1)[0]
    if not _ADDRESS_CHARS.fullmatch(s):
        return None
    candidate = s
    # a.b.c.d:port (XMail, Exim written without brackets)
    if candidate.count(":") == 1 and "." in candidate:
        host, _, p = candidate.partition(":")
        if p.isdigit():
            candidate, port = host, int(p)
    try:
        ip = ipaddress.ip_address(candidate)
    except ValueError:
        if _looks_v4(candidate):
            parts = candidate.split(".")
            if len(parts) == 5:  # Exim 3: a.b.c.d.port
                try:
                    return FoundIp(ipaddress.ip_address(".".join(parts[:4])), int(parts[4]))
                except ValueError:
                    pass
            return FoundIp(None, port, invalid=candidate)
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return FoundIp(ip.ipv4_mapped, port)
    return FoundIp(ip, port)


@lru_cache(maxsize=8192)
def ip_text(ip: IPAddress) -> str:
    """``str(ip)``, kept: the chain writes the same few addresses many times per message, and an IPv6
    address's text (hextets compressed in Python) costs several microseconds each time."""
    return str(ip)


@lru_cache(maxsize=8192)
def scope(ip: IPAddress | None, invalid: bool = False) -> str | None:
    """public, private, loopback, link_local, shared, documentation, reserved or invalid."""
    if invalid:
        return "invalid"
    if ip is None:
        return None
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if any(ip in n for n in _DOC_NETS if n.version == ip.version):
        return "documentation"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "shared"
    if ip.is_private:
        return "private"
    if ip.is_unspecified or ip.is_reserved or ip.is_multicast:
        return "reserved"
    return "public"


@lru_cache(maxsize=32)
def _parsed_networks(networks: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The CIDR strings of the settings as networks, malformed entries left out (parsed once, not per hop)."""
    out: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for n in networks:
        try:
            out.append(ipaddress.ip_network(n.strip(), strict=False))
        except ValueError:
            continue
    return tuple(out)


def in_networks(ip_text: str | None, networks: tuple[str, ...]) -> bool:
    """True when `ip_text` lies in one of the CIDR `networks` (malformed entries are ignored)."""
    if not ip_text or not networks:
        return False
    try:
        ip = ipaddress.ip_address(ip_text)
    except ValueError:
        return False
    return any(net.version == ip.version and ip in net for net in _parsed_networks(tuple(networks)))
