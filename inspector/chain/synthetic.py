"""Hops that do not come from a Received field: X-Originating-IP-style headers and Google's X-Received.

Synthetic hops (docs/notes/received-chain.md §2.1, ``source=synthetic_originating_ip``): SpamAssassin turns
X-Originating-IP, X-Yahoo-Post-IP, X-SenderIP … into extra relays at the origin end of the chain, so the
address a webmail client or a sending tenant connected from is visible. We do the same for those headers,
X-Sender-IP, and Microsoft's ``X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp``
(``TenantId=…;Ip=[a.b.c.d];Helo=[name]``, stamped by the *sending* tenant) and
``X-MS-Exchange-Organization-OriginalClientIPAddress``. Whoever wrote such a header is not a relay that
the receiver can vouch for, so a synthetic hop is always "claimed", kind ``synthetic``, and never a trust
boundary (`analyze_chain` adds them after the boundary is found). An address that a Received hop already
carries (Microsoft's X-Sender-IP repeats the boundary IP) makes no second hop; that hop is annotated.

X-Received (§2.1 ``source=x_received``, §5.1 "extra points on the same timeline"): the note recommends
reading Google's internal ``X-Received: by 2002:…:… with SMTP id …; date`` lines as hops of kind
``internal_provider``. They add Google's internal timestamps between its Received lines (a hold inside
Google shows up where it happened) and carry no client, so they cannot move the boundary. Only lines of
Google's shape are taken (no from-address, by an internal ``2002:`` id or a google.com host): other
software's X-Received headers are not trace fields anyone documents.
"""

from __future__ import annotations

import re

from inspector.chain.ipaddr import GOOGLE_INTERNAL, find_ip
from inspector.chain.orgdomain import admd
from inspector.chain.received import ParsedHop, parse_received
from inspector.ingest.message import HeaderField

#: Lower-case header names read as originating addresses, in the order SpamAssassin lists its defaults
#: (``originating_ip_headers``), then the Microsoft ones.
ORIGINATING_HEADERS = (
    "x-yahoo-post-ip",
    "x-originating-ip",
    "x-senderip",
    "x-sender-ip",
    "x-ms-exchange-crosstenant-originalattributedtenantconnectingip",
    "x-ms-exchange-organization-originalclientipaddress",
)
#: Synthetic hops made at most (one per header field; hostile messages repeat headers).
MAX_SYNTHETIC = 8
_MS_IP = re.compile(r"\bIp=\[?([0-9A-Fa-f:.]{2,45})\]?", re.I)
_MS_HELO = re.compile(r"\bHelo=\[?([^\];\s]{1,255})\]?", re.I)
#: What separates the addresses of an X-Originating-IP-style header that lists several.
_SEPARATORS = re.compile(r"[\s,;]+")


def _address(field: HeaderField) -> tuple[str | None, str | None]:
    """(address, HELO) from one originating-IP header; (None, None) when it holds no address."""
    value = field.value[:1000]
    helo: str | None = None
    m = _MS_IP.search(value)
    if m:
        candidates = [m.group(1)]
        h = _MS_HELO.search(value)
        helo = h.group(1) if h else None
    else:
        candidates = [c for c in _SEPARATORS.split(value.strip()) if c][:4]
    for c in candidates:
        found = find_ip(c)
        if found is not None and found.ip is not None:
            return str(found.ip), helo
    return None, None


def synthetic_hops(headers: tuple[HeaderField, ...], known_ips: set[str]) -> tuple[list[ParsedHop], dict[str, str]]:
    """Synthetic hops (oldest first) and, for addresses a Received hop already carries, a note per address."""
    hops: list[ParsedHop] = []
    confirmations: dict[str, str] = {}
    fields = [f for f in headers if f.lname in ORIGINATING_HEADERS]
    for f in sorted(fields, key=lambda f: -f.index):  # the lowest field first: it is the oldest claim
        if len(hops) >= MAX_SYNTHETIC:
            break
        ip, helo = _address(f)
        if ip is None:
            continue
        if ip in known_ips:
            confirmations.setdefault(ip, f"{f.name} names this address too ({f.value.strip()[:80]})")
            continue
        if any(h.from_ip == ip for h in hops):
            continue
        found = find_ip(ip)
        h = ParsedHop(header_index=f.index, raw=f"{f.name}: {f.value.strip()}"[:1000])
        h.ip = found.ip if found is not None else None
        h.from_helo = helo
        h.kind = "synthetic"
        h.profile = "synthetic"
        h.source = "synthetic_originating_ip"
        h.source_header = f.name
        h.warnings.append(
            f"synthetic hop built from the {f.name} header (as SpamAssassin does): the address is claimed by "
            "whoever wrote that header, not recorded by a relay, and is never the trust boundary"
        )
        if f.lname.startswith("x-ms-exchange-crosstenant"):
            h.warnings.append("Microsoft stamps this on the sending tenant's side: the client that connected to it")
        hops.append(h)
    return hops, confirmations


def x_received_hop(field: HeaderField) -> ParsedHop | None:
    """Google's internal X-Received line as an internal_provider hop, or None when it is not of that shape."""
    h = parse_received(field.value, field.index)
    if h.ip is not None or h.from_name is not None or h.when is None:
        return None
    google_id = h.by_ip is not None and h.by_ip.version == 6 and h.by_ip in GOOGLE_INTERNAL
    if not google_id and admd(h.by_host) != "google.com":
        return None
    h.source = "x_received"
    h.source_header = field.name
    h.kind = "internal_provider"
    return h
