"""Campaigns: messages of one batch that share strong indicators, grouped.

One phishing run reaches many mailboxes with small variations (another recipient's name in the subject,
another tracking number, another sending host in the same network). The indicators that survive those
variations, each read from the Report (never recomputed):

- ``ip24``: the sending IP at the trust boundary, as its /24 (IPv4) or /48 (IPv6) network;
- ``from_org``: the From domain's organisational domain (not a free-mail provider's);
- ``dkim``: each DKIM signature's d= organisational domain (not a free-mail provider's);
- ``link``: the registrable domain of each link in the body (not infrastructure or a popular domain);
- ``attachment``: each attachment's SHA-256;
- ``subject``: the subject with numbers, addresses, long tokens and the recipient's name masked.

Two messages are in one campaign when they share an attachment (the same file is one campaign by itself),
or when they share values of at least two different kinds (and two different values: a domain that is both
the From organisation and the DKIM d= is one fact) (one shared kind alone, a From organisation
such as gmail.com or a subject such as "Invoice #", links many unrelated messages). Groups are the
connected components of that relation, so a campaign whose later wave changed its sending network is
still one campaign when each wave shares two kinds with the next.
"""

from __future__ import annotations

import functools
import ipaddress
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from inspector.model.report import Report
from inspector.orgdomain import dmarc_org_domain, registrable
from inspector.paths import resource_path

#: Indicator kinds, in the order groups list them.
KINDS = ("ip24", "from_org", "dkim", "link", "attachment", "subject")
#: Values kept per kind and message (a message with 300 links must not make thousands of keys).
MAX_VALUES_PER_KIND = 8
#: Pair keys whose value sets are this large are ignored (a link domain in every newsletter footer).
MAX_SHARED = 10_000

Indicators = tuple[tuple[str, tuple[str, ...]], ...]

#: Link domains in unrelated mail alike (XML namespaces, CDNs, web fonts, analytics, social footers): linking
#: messages by them would make one "campaign" of a whole mailbox. The shipped popular-domain list joins them.
INFRASTRUCTURE_LINK_DOMAINS = frozenset(
    [
        "w3.org",
        "schema.org",
        "xmlsoap.org",
        "purl.org",
        "googleapis.com",
        "gstatic.com",
        "googleusercontent.com",
        "cloudfront.net",
        "amazonaws.com",
        "akamaihd.net",
        "akamaized.net",
        "doubleclick.net",
        "google-analytics.com",
        "googletagmanager.com",
        "t.co",
        "fb.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "linkedin.com",
        "youtube.com",
        "list-manage.com",
    ]
)

_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
_ADDRESS = re.compile(r"\S+@\S+")
_TOKEN = re.compile(r"\b(?=\w*\d)\w{8,}\b")  # ticket ids, hashes: long words with a digit
_SPACES = re.compile(r"\s+")
_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fw|fwd|aw|wg|sv|tr)\s*:\s*)+", re.IGNORECASE)


def network_of(ip: str | None) -> str | None:
    """The /24 (IPv4) or /48 (IPv6) network of `ip`, as text; None for no address or a bad one."""
    if not ip:
        return None
    try:
        addr = ipaddress.ip_address(ip.strip("[]"))
    except ValueError:
        return None
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def _recipient_words(report: Report) -> list[str]:
    """The recipient's name and mailbox words (from To, without its domains): what mail-merge varies."""
    to = re.sub(r"@[\w.-]+", " ", report.identities.to or "")
    words = re.findall(r"[^\W\d_]{3,}", to)
    return sorted({w.lower() for w in words}, key=len, reverse=True)[:MAX_VALUES_PER_KIND]


def mask_subject(subject: str | None, names: Sequence[str] = ()) -> str | None:
    """The subject with what varies between copies of one campaign masked; None when nothing is left."""
    if not subject:
        return None
    text = _REPLY_PREFIX.sub("", subject).lower()
    text = _ADDRESS.sub("<address>", text)
    text = _TOKEN.sub("<id>", text)
    text = _NUMBER.sub("#", text)
    for name in names:
        text = re.sub(rf"\b{re.escape(name)}\b", "<name>", text)
    text = _SPACES.sub(" ", text).strip()
    return text if len(text.replace("#", "").replace("<name>", "").strip()) >= 4 else None


def _link_domain(host: str | None) -> str | None:
    """The registrable domain of a link's real destination (the content stage already unwrapped redirectors)."""
    found = registrable(host) if host else None
    if not found:
        return None
    # A domain whose last label is not a word (an IP address, "2.3" from a version number) names no site.
    tld = found.rsplit(".", 1)[-1]
    return found if tld.isalpha() or tld.startswith("xn--") else None


@functools.lru_cache(maxsize=1)
def weak_link_domains() -> frozenset[str]:
    """Link domains that say nothing about who sent a message: infrastructure and the popular-domain list."""
    try:
        text = resource_path("lookalike", "popular-domains.txt").read_text(encoding="utf-8")
    except OSError:
        text = ""
    popular = {line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return INFRASTRUCTURE_LINK_DOMAINS | popular


def _not_freemail(domain: str | None) -> str | None:
    """A free-mail provider (gmail.com …) is shared by strangers: no campaign indicator."""
    # Imported here: importing the lookalike package loads the whole look-alike stage, which a --jobs N
    # parent (it groups campaigns from its workers' indicators) never runs.
    from inspector.lookalike.reference import freemail_listed

    return None if domain is None or domain.lower() in freemail_listed() else domain


def _first(values: Sequence[str | None]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v.lower(), None)
        if len(seen) >= MAX_VALUES_PER_KIND:
            break
    return tuple(seen)


def indicators_of(report: Report) -> Indicators:
    """The campaign indicators of one report, kind by kind (kinds without a value are left out)."""
    ids = report.identities
    from_org = report.dmarc.org_domain or dmarc_org_domain(ids.from_domain)
    weak = weak_link_domains()
    # The destination each link really opens (wrappers such as Safe Links already decoded by the content stage).
    # `domain` is the host; `url_defanged` is display text (``hxxps://a[.]example/x``), not a name to look up.
    links = [d for d in (_link_domain(link.domain) for link in report.content.links) if d and d not in weak]
    values = {
        "ip24": _first([network_of(report.boundary.client_ip)]),
        "from_org": _first([_not_freemail(from_org)]),
        "dkim": _first([_not_freemail(dmarc_org_domain(d.domain) or d.domain) for d in report.dkim]),
        "link": _first(links),
        "attachment": _first([str(a.get("sha256") or "") for a in report.content.attachments]),
        "subject": _first([mask_subject(ids.subject, _recipient_words(report))]),
    }
    return tuple((k, values[k]) for k in KINDS if values[k])


@dataclass(frozen=True, slots=True)
class Member:
    """One message of the batch as the grouping sees it: its position in the output, where it came from."""

    position: int
    source: str
    date: str | None
    indicators: Indicators


@dataclass(frozen=True, slots=True)
class Campaign:
    """A group of at least two messages sharing strong indicators."""

    members: tuple[Member, ...]
    first_seen: str | None
    last_seen: str | None
    #: (kind, value, how many members have it), most shared first; only values at least two members share.
    shared: tuple[tuple[str, str, int], ...]

    @property
    def size(self) -> int:
        return len(self.members)


def _date(text: str | None) -> datetime | None:
    """The message's Date in UTC; None when it cannot be read or has no UTC time.

    Converted here, inside the guard: a Date such as ``31 Dec 9999 23:59:59 -2359`` parses, but its UTC
    time is past year 9999 (OverflowError), and one such message ended a whole ``--campaigns`` run.
    """
    if not text:
        return None
    try:
        dt = parsedate_to_datetime(text)
        return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _keys(ind: Indicators) -> list[tuple[str, ...]]:
    """The keys that link two messages: an attachment hash alone, or one value of each of two kinds."""
    keys: list[tuple[str, ...]] = [("attachment", v) for k, vs in ind if k == "attachment" for v in vs]
    for (k1, v1s), (k2, v2s) in itertools.combinations(ind, 2):
        # The same domain as From organisation, DKIM d= and link is one fact seen three times, not two kinds.
        keys.extend((k1, a, k2, b) for a in v1s for b in v2s if a != b)
    return keys


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group(members: Sequence[Member]) -> list[Campaign]:
    """The campaigns among `members`: groups of two or more, largest first (then by first position)."""
    uf = _UnionFind(len(members))
    seen: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, m in enumerate(members):
        for key in _keys(m.indicators):
            holders = seen[key]
            if len(holders) < MAX_SHARED:
                holders.append(i)
    for holders in seen.values():
        for j in holders[1:]:
            uf.union(holders[0], j)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(len(members)):
        comps[uf.find(i)].append(i)
    out = [_campaign([members[i] for i in idx]) for idx in comps.values() if len(idx) > 1]
    out.sort(key=lambda c: (-c.size, c.members[0].position))
    return out


def _campaign(members: list[Member]) -> Campaign:
    counts: Counter[tuple[str, str]] = Counter()
    for m in members:
        for kind, values in m.indicators:
            counts.update((kind, v) for v in values)
    shared = sorted(
        ((k, v, n) for (k, v), n in counts.items() if n > 1),
        key=lambda t: (-t[2], KINDS.index(t[0]), t[1]),
    )
    dates = sorted(d for d in (_date(m.date) for m in members) if d is not None)
    iso = [d.isoformat().replace("+00:00", "Z") for d in dates]
    return Campaign(
        members=tuple(members),
        first_seen=iso[0] if iso else None,
        last_seen=iso[-1] if iso else None,
        shared=tuple(shared),
    )
