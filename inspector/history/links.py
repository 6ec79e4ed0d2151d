"""Link destinations in the sender history: where a sender's links usually lead, and the link that goes
somewhere this sender has never linked to (issue 15, "links whose domain is newly seen for this sender").

An account taken over, or a supplier's address spoofed with a look-alike, keeps the sender's name, its
provider and often its signature; what changes is where the "invoice" button leads. The history records, per
sender address and organisation, the organisations its clickable links led to after wrapper decoding (Safe
Links, URL Defense, open redirects: `inspector.content.wrappers`), and the analysis flags a link whose
destination that sender never linked to — only when the sender's own past makes the statement mean something.

What counts as a destination (the same definition when learning and when checking):

- clickable web links only (anchors, areas, form actions; not images or style sheets), after unwrapping;
- the organisation that runs the host (`inspector.orgdomain.host_org`: the full Public Suffix List, so two
  sites under github.io or firebaseapp.com are two different people, as they are);
- never the sender's own organisation (the From domain's), and never click tracking: a link that goes
  through an e-mail service's tracking (`inspector.content.services.ESP_TRACKING`), an opaque wrapper, or (at
  analysis time) the tracking host the content judge recognised (`tracking` / `opaque-wrapper` findings).
  Its destination is decided by the service, so its domain says nothing of the sender;
- mail that came through a mailing list is neither learnt nor checked: its links are the list's and its
  posters' (the history already treats such mail as the list's, see `inspector.history.facts`).

When the statement is made (measured with ``benchmarks/verdict_census.py --history-half`` and
``benchmarks/link_history_census.py``; see the constants):

- the sender (its address, else its organisation unless that is a free mailbox service) has at least
  `MIN_LINK_MESSAGES` learnt messages with links;
- after its first such message, at most `MAX_NOVELTY` of them brought in a destination it had not linked to
  before (a sender whose every message links somewhere new — a person, a news digest — gets no such finding:
  for it a new domain is the usual, not news);
- the destination is not shared infrastructure: fewer than `COMMON_SPREAD` learnt organisations link to it
  (social networks, app stores, the big document platforms are linked by everybody).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from inspector.content.services import ESP_TRACKING, listed
from inspector.content.stage import raw_links
from inspector.content.urls import host_of
from inspector.content.wrappers import unwrap
from inspector.history.facts import Destination, countable_domains
from inspector.model.content import NEW_LINK_DOMAIN, Link, LinkFinding
from inspector.model.report import ContentView
from inspector.model.vocabulary import Severity

if TYPE_CHECKING:
    # Annotations only: an analysis without a history store never imports the store (sqlite3).
    from inspector.history.store import Fact, Lookup, Record

#: Learnt messages with links a sender needs before "none linked to X" is worth saying.
MIN_LINK_MESSAGES = 3
#: The largest share of a sender's later link messages that brought in a new destination, for a new one to
#: be news (one in four).
MAX_NOVELTY = 0.25
#: A destination linked by this many learnt organisations is shared infrastructure, not a sender's choice.
COMMON_SPREAD = 3
#: Findings that mark click tracking or a destination nobody can read offline: the domain is the service's.
_TRACKING_KINDS = frozenset({"tracking", "opaque-wrapper"})
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip


def destinations_in_bodies(text: str | None, html: str | None) -> list[Destination]:
    """The clickable links of a message's bodies, unwrapped, for learning (no judging: learning stays fast)."""
    out: list[Destination] = []
    for raw in raw_links(text, html)[0]:
        if raw.role != "link":
            continue
        final, _chain, opaque = unwrap(raw.url)
        host = host_of(final)
        out.append((host, opaque or listed(host, ESP_TRACKING) is not None))
    return out


def destinations_of_links(links: Iterable[Link]) -> list[Destination]:
    """The clickable links of an analysed message (`content.links`), as the content judge decoded them."""
    return [
        (link.domain, any(f.kind in _TRACKING_KINDS for f in link.findings)) for link in links if link.role == "link"
    ]


def _novelty(rec: Record) -> float:
    """How often, after its first message with links, a message of this sender linked somewhere new."""
    if rec.link_messages <= 1:
        return 1.0
    return max(0, rec.novel_messages - 1) / (rec.link_messages - 1)


def qualifies(rec: Record | None) -> bool:
    """The sender's link history is long and steady enough for "it never linked to X" to mean something."""
    return rec is not None and rec.link_messages >= MIN_LINK_MESSAGES and _novelty(rec) <= MAX_NOVELTY


def link_record(found: Lookup, freemail: bool) -> Record | None:
    """The record the statement is made from: the address's when it qualifies, else its organisation's (never
    a free mailbox service's: gmail.com's users are not one sender)."""
    if qualifies(found.address):
        return found.address
    if not freemail and qualifies(found.org):
        return found.org
    return None


def known_destinations(found: Lookup, freemail: bool) -> set[str]:
    """Every destination the sender (its address, and its organisation unless free mail) has linked to."""
    known = {f.value for f in found.address.links} if found.address is not None else set()
    if found.org is not None and not freemail:
        known |= {f.value for f in found.org.links}
    return known


def candidates(links: Sequence[Link], own_org: str | None, known: set[str]) -> dict[int, str]:
    """The clickable links (by index) whose destination organisation the sender never linked to."""
    out: dict[int, str] = {}
    for i, link in enumerate(links):
        if link.role != "link":
            continue
        _has, domains = countable_domains(destinations_of_links([link]), own_org)
        if domains and domains[0] not in known:
            out[i] = domains[0]
    return out


def _month(day: str | None) -> str | None:
    try:
        d = date.fromisoformat(day) if day else None
    except ValueError:
        return None
    return f"{_MONTHS[d.month - 1]} {d.year}" if d else None


def _names(values: Sequence[str]) -> str:
    shown = list(values[:3])
    if len(values) > 3:
        shown.append(f"{len(values) - 3} other{'s' if len(values) > 4 else ''}")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def explanation(rec: Record, domain: str) -> str:
    """The sentence, worded with what was usual: "paypal.com has sent you 14 messages with links since March
    2026, only to its own domain or through click tracking; none linked to paypa1-login.com"."""
    firsts = [f.first_seen for f in rec.links if f.first_seen] or ([rec.first_seen] if rec.first_seen else [])
    since = _month(min(firsts)) if firsts else None
    usual = _usual(rec.links)
    return (
        f"{rec.key} has sent you {rec.link_messages:,} messages with links"
        + (f" since {since}" if since else "")
        + f", {usual}; none linked to {domain}."
    )


def _usual(links: Sequence[Fact]) -> str:
    if not links:
        return "only to its own domain or through click tracking"
    return f"to {_names([f.value for f in links])}"


def new_link_findings(
    links: Sequence[Link], found: Lookup, own_org: str | None, freemail: bool, spread: dict[str, int]
) -> dict[int, LinkFinding]:
    """The `new-link-domain` finding for each link (by index in `links`) whose destination is new for a sender
    with a steady link history; `spread` is the store's answer for the candidate domains."""
    rec = link_record(found, freemail)
    if rec is None:
        return {}
    out: dict[int, LinkFinding] = {}
    for i, domain in candidates(links, own_org, known_destinations(found, freemail)).items():
        if spread.get(domain, 0) >= COMMON_SPREAD:
            continue
        out[i] = LinkFinding(NEW_LINK_DOMAIN, Severity.LOW, explanation(rec, domain))
    return out


def with_link_findings(content: ContentView, findings: Mapping[int, LinkFinding]) -> ContentView:
    """`content` with each link's history finding added to its own findings (the one place it is stated)."""
    if not findings:
        return content
    links = tuple(
        dataclasses.replace(link, findings=(*link.findings, findings[i])) if i in findings else link
        for i, link in enumerate(content.links)
    )
    return dataclasses.replace(content, links=links)
