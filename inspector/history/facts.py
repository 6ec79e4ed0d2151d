"""The facts about one message's sender that the history records and compares: addresses and infrastructure.

One function (`sender_facts`) reads them from the parts the engine already computed (identities, the trust
boundary and its hop, the DKIM signatures' d= and s=, the mail agent header), so learning and checking use
the same definitions. Never the body, the subject or any other content: the store holds who wrote and
through what, nothing of what was written — except, of the links, the organisation each one leads to
(`countable_domains`: never a URL, a path or a link's text), so a link to a place the sender never linked to
stands out (see `inspector.history.links`).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from inspector.content.services import ESP_TRACKING, listed
from inspector.history.esp import provider_of
from inspector.model.chain import Hop, TrustBoundary
from inspector.model.report import Identities
from inspector.orgdomain import dmarc_org_domain, domain_name, host_org

#: Fact kinds, as the store keeps them (one row per sender, kind and value).
NETWORK = "network"  # the client IP's /24 (IPv4) or /48 (IPv6) at the trust boundary
HOST = "host"  # the organisation of the boundary host (its reverse DNS or the name it was received from)
HELO = "helo"  # the organisation of the boundary's HELO name
ESP = "esp"  # the e-mail service provider recognised from those names, the signers or the Return-Path
DKIM_DOMAIN = "dkim-domain"  # a DKIM signing domain (d=)
DKIM_SELECTOR = "dkim-selector"  # "d=… s=…"
RETURN_PATH = "return-path"  # the Return-Path's domain
REPLY_TO = "reply-to"  # a Reply-To address's domain
DISPLAY_NAME = "display-name"  # the From display name, as written (spaces collapsed)
AGENT = "agent"  # the mail program's family, from X-Mailer or User-Agent
LINK_DOMAIN = "link-domain"  # the organisation a clickable link leads to (kept apart, in the store's links table)

FACT_KINDS = (NETWORK, HOST, HELO, ESP, DKIM_DOMAIN, DKIM_SELECTOR, RETURN_PATH, REPLY_TO, DISPLAY_NAME, AGENT)

#: At most this many DKIM signatures and Reply-To addresses of one message are recorded (hostile mail has 100s).
MAX_PER_MESSAGE = 8
#: Longest display name or agent kept (a hostile name is not stored whole).
MAX_TEXT = 120
#: Link destinations recorded per message (a hostile message links to hundreds).
MAX_LINK_DOMAINS_PER_MESSAGE = 16

#: One clickable link's destination as the history sees it: its host (None when not a web address) and
#: whether it is click tracking (its domain is then the tracking service's, not a destination).
Destination = tuple[str | None, bool]

_AGENT_NOISE = frozenset(
    {"mozilla", "x", "u", "windows", "nt", "linux", "macintosh", "intel", "mac", "os", "rv", "gecko", "en", "us"}
)
_KNOWN_AGENTS = ("thunderbird", "outlook", "apple mail", "iphone mail", "mutt", "evolution", "roundcube", "k-9")


@dataclass(frozen=True, slots=True)
class SenderFacts:
    """One message's sender facts. `address` and `org` are None when the From has none (nothing is learnt)."""

    address: str | None
    org: str | None
    #: The day the message was written (Date header, else the boundary's receipt), ``YYYY-MM-DD``; None unknown.
    day: str | None
    facts: tuple[tuple[str, str], ...] = ()
    #: It carried a DKIM signature (of any domain).
    signed: bool = False
    #: It came through a mailing list: the boundary, the signatures and the Reply-To are then the list's, not
    #: the sender's, so none of them is recorded or compared (only names and the mail program are).
    via_list: bool = False
    #: The message's clickable web links were read and it had at least one (it tells how this sender links).
    has_links: bool = False
    #: The organisations its links led to, without the sender's own and click tracking (`countable_domains`).
    link_domains: tuple[str, ...] = ()

    def values(self, kind: str) -> tuple[str, ...]:
        """The values of one fact kind, in order."""
        return tuple(v for k, v in self.facts if k == kind)


def network_of(ip: str | None) -> str | None:
    """The network an IP belongs to as the history compares it: /24 for IPv4, /48 for IPv6."""
    if not ip:
        return None
    try:
        addr = ipaddress.ip_address(ip.strip().strip("[]").removeprefix("IPv6:").split("%")[0])
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def agent_family(value: str | None) -> str | None:
    """The mail program's family from an X-Mailer / User-Agent value ("Microsoft Outlook 16.0" → outlook)."""
    if not value:
        return None
    low = value.lower()[:300]
    for name in _KNOWN_AGENTS:
        if name in low:
            return name
    words = [w for w in re.findall(r"[a-z][a-z-]+", low) if w not in _AGENT_NOISE]
    return " ".join(words[:2])[:MAX_TEXT] or None


def display_name_key(name: str | None) -> str | None:
    """A display name as compared: spaces collapsed, quotes trimmed, at most MAX_TEXT characters."""
    if not name:
        return None
    text = " ".join(name.split()).strip("\"' ")
    return text[:MAX_TEXT] or None


def message_day(identities: Identities, boundary: TrustBoundary, hops: Sequence[Hop]) -> str | None:
    """The message's day (UTC): its Date header when readable and sane, else the boundary's, else a hop's."""
    when = _parse_date(identities.date) or _iso(boundary.date_header)
    if when is None:
        stamps = [h.timestamp for h in hops if h.timestamp]
        when = _iso(stamps[-1]) if stamps else None
    return when.date().isoformat() if when is not None else None


def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC) if 1990 <= dt.year <= 2200 else None


def _iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


def boundary_hop(boundary: TrustBoundary, hops: Sequence[Hop]) -> Hop | None:
    """The hop of the trust boundary, when there is one."""
    i = boundary.hop_index
    return next((h for h in hops if h.index == i), None) if i is not None else None


def _infrastructure(boundary: TrustBoundary, hops: Sequence[Hop]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not boundary.client_ip:
        return out
    net = network_of(boundary.client_ip)
    if net:
        out.append((NETWORK, net))
    hop = boundary_hop(boundary, hops)
    names = [boundary.client_rdns, hop.from_rdns if hop else None, hop.from_host if hop else None]
    host = next((o for o in (host_org(n) for n in names if n) if o), None)
    if host:
        out.append((HOST, host))
    helo = host_org(boundary.helo or (hop.from_helo if hop else None))
    if helo:
        out.append((HELO, helo))
    return out


def countable_domains(destinations: Iterable[Destination], own_org: str | None) -> tuple[bool, tuple[str, ...]]:
    """Whether any of `destinations` is a clickable web link, and the destinations the history counts: the
    organisation running each host (full PSL: two sites under github.io are two people), never the sender's
    own organisation, never click tracking (an e-mail service's, or one the content judge recognised)."""
    has_links = False
    out: dict[str, None] = {}
    for host, tracking in destinations:
        if not host:
            continue
        has_links = True
        org = host_org(host)
        if tracking or org is None or org == own_org or listed(org, ESP_TRACKING):
            continue
        out[org] = None
        if len(out) >= MAX_LINK_DOMAINS_PER_MESSAGE:
            break
    return has_links, tuple(out)


def with_links(facts: SenderFacts, destinations: Iterable[Destination] | None) -> SenderFacts:
    """`facts` with the message's link destinations (None: its links were not read). Mailing-list mail and a
    message without a sender keep none: a list's links are its posters', not the sender's habits."""
    if destinations is None or facts.via_list or facts.address is None:
        return facts
    has_links, domains = countable_domains(destinations, facts.org)
    return dataclasses.replace(facts, has_links=has_links, link_domains=domains)


def sender_facts(
    identities: Identities,
    boundary: TrustBoundary,
    hops: Sequence[Hop],
    signatures: Iterable[tuple[str | None, str | None]],
    agent: str | None,
    links: Iterable[Destination] | None = None,
) -> SenderFacts:
    """The sender facts of one message.

    `signatures` are the DKIM signatures' (d=, s=) as written (a learnt message is known good; at analysis
    time the caller passes every signature, and the DKIM checks say which verify); `agent` the X-Mailer or
    User-Agent value.
    """
    address = (identities.from_address or "").strip().lower() or None
    from_domain = domain_name(identities.from_domain) if identities.from_domain else None
    org = dmarc_org_domain(from_domain) if from_domain else None
    if address is None or org is None:
        return SenderFacts(None, None, message_day(identities, boundary, hops))
    via_list = bool(identities.mailing_list or identities.list_evidence)
    facts = [] if via_list else _infrastructure(boundary, hops)
    dkim: list[tuple[str, str]] = []
    for d, s in [] if via_list else list(signatures)[:MAX_PER_MESSAGE]:
        dom = domain_name(d)
        if dom:
            dkim.append((DKIM_DOMAIN, dom))
            if s:
                dkim.append((DKIM_SELECTOR, f"d={dom} s={s.strip().lower()[:63]}"))
    facts += dkim
    orgs = [v for k, v in facts if k in (HOST, HELO)] + [
        o for o in (host_org(v) for k, v in dkim if k == DKIM_DOMAIN) if o
    ]
    rp = domain_name(identities.return_path) if identities.return_path and not via_list else None
    if rp:
        facts.append((RETURN_PATH, rp))
        orgs.append(host_org(rp) or rp)
    esp = provider_of(orgs)
    if esp:
        facts.append((ESP, esp))
    for addr in [] if via_list else identities.reply_to[:MAX_PER_MESSAGE]:
        rd = domain_name(addr)
        if rd:
            facts.append((REPLY_TO, rd))
    name = display_name_key(identities.from_display_name)
    if name:
        facts.append((DISPLAY_NAME, name))
    family = agent_family(agent)
    if family:
        facts.append((AGENT, family))
    found = SenderFacts(
        address=address[:320],
        org=org,
        day=message_day(identities, boundary, hops),
        facts=tuple(dict.fromkeys(facts)),
        signed=bool(dkim),
        via_list=via_list,
    )
    return with_links(found, links)
