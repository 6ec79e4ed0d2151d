"""The history checks: this message's sender against its own past, as the store recorded it.

Each finding is worded with what was usual ("acme-corp.com has written to you 54 times, always through
Microsoft 365 signed by acme-corp.com; this one came from a server of vps.example in 203.0.113.0/24 with no
signature"), so the analyst sees the comparison, not only its result.

Guards against false alarms (real mail changes too):

- a sender is compared with its own address's past; a new address of a known organisation with the
  organisation's past, except at free mailbox services (gmail.com's users are not one sender);
- "new infrastructure" needs at least `MIN_MESSAGES` earlier messages, and rises to a warning only when the
  provider (ESP, or the organisation of the sending host and HELO) or the signing domain is new; a new
  network inside a known provider is a note;
- a Reply-To in the sender's own organisation, or one the sender used before, is never new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from inspector.history.facts import (
    AGENT,
    DISPLAY_NAME,
    DKIM_DOMAIN,
    ESP,
    HELO,
    HOST,
    NETWORK,
    REPLY_TO,
    RETURN_PATH,
    SenderFacts,
)
from inspector.history.lookalikes import CorrespondentIndex
from inspector.history.store import Lookup, Record
from inspector.lookalike.reference import Reference
from inspector.model.history import (
    DISPLAY_NAME_CHANGED,
    FIRST_CONTACT,
    LOOKALIKE_OF_CORRESPONDENT,
    NEW_INFRASTRUCTURE,
    NEW_REPLY_TO,
    RARE_SENDER,
    HistoryFinding,
    KnownSender,
)
from inspector.model.report import Identities
from inspector.model.vocabulary import SEVERITY_ORDER, Severity
from inspector.orgdomain import domain_name, host_org

#: Earlier messages a sender needs before a change of its infrastructure is worth a warning.
MIN_MESSAGES = 2
#: A sender seen once, at least this many days before this message, is a rare sender.
RARE_AFTER_DAYS = 180
#: Look-alike kinds that read as the correspondent's very name (same skeleton, the whole domain inside another
#: name): dangerous. A one-letter change or another ending is suspicious (the same company often owns both).
_DECEPTIVE = frozenset({"idn-homoglyph", "homoglyph", "target-embedding", "split-name", "www-prefix"})
_VIA = re.compile(r"(?i)\bvia\b")
#: Values named per kind in a sentence or the sender summary.
NAMED = 3
SUMMARY_VALUES = 8


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n:,} times"


def _names(values: Sequence[str], word: str = "or") -> str:
    shown = list(values[:NAMED])
    more = len(values) - len(shown)
    if more > 0:
        shown.append(f"{more} other{'s' if more > 1 else ''}")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" {word} " + shown[-1]


def _org_of(domain: str) -> str:
    return host_org(domain) or domain


# --- what was usual ------------------------------------------------------------------------------


def _providers(rec: Record) -> tuple[str, ...]:
    """The record's senders as the analyst knows them: recognised providers, else the hosts' organisations."""
    return rec.values(ESP) or rec.values(HOST) or rec.values(HELO)


def _usual(rec: Record) -> str:
    parts: list[str] = []
    providers = _providers(rec)
    if providers:
        via = "through" if rec.values(ESP) else "from servers of"
        parts.append(f"{'always' if len(providers) == 1 else 'usually'} {via} {_names(providers)}")
    signers = rec.values(DKIM_DOMAIN)
    if signers and rec.signed >= rec.direct:
        parts.append(f"signed by {_names(signers)}")
    elif signers:
        parts.append(f"{rec.signed} of them signed by {_names(signers)}")
    elif rec.direct:
        parts.append("never signed")
    return " ".join(parts) if parts else "from networks " + _names(rec.values(NETWORK))


def _current(cur: SenderFacts) -> str:
    net = next(iter(cur.values(NETWORK)), None)
    esp = next(iter(cur.values(ESP)), None)
    host = next(iter(cur.values(HOST)), None) or next(iter(cur.values(HELO)), None)
    if esp:
        where = f"through {esp}" + (f" (network {net})" if net else "")
    elif host:
        where = f"from a server of {host}" + (f" (network {net})" if net else "")
    else:
        where = f"from a server with no name in network {net}" if net else "from an unknown server"
    signers = cur.values(DKIM_DOMAIN)
    return where + (f", signed by {_names(signers, 'and')}" if signers else ", with no signature")


# --- the checks ----------------------------------------------------------------------------------


def _infrastructure(who: str, rec: Record, cur: SenderFacts) -> HistoryFinding | None:
    """new-infrastructure: a known sender from a network, provider or signing domain never seen for it."""
    net = next(iter(cur.values(NETWORK)), None)
    if net is None or cur.via_list or rec.direct < MIN_MESSAGES or not rec.values(NETWORK):
        return None
    known_hosts = set(rec.values(HOST)) | set(rec.values(HELO))
    cur_hosts = set(cur.values(HOST)) | set(cur.values(HELO))
    cur_esp = set(cur.values(ESP))
    provider_known = bool(cur_esp & set(rec.values(ESP))) or bool(cur_hosts & known_hosts)
    provider_new = not provider_known and bool(cur_hosts or cur_esp or known_hosts or rec.values(ESP))
    signers = rec.values(DKIM_DOMAIN)
    always_signed = bool(signers) and rec.signed >= rec.direct
    signing_new = always_signed and not (set(cur.values(DKIM_DOMAIN)) & set(signers))
    network_new = net not in rec.values(NETWORK)
    if not (provider_new or signing_new or network_new):
        return None
    changed = [
        w for w, flag in (("provider", provider_new), ("signing domain", signing_new), ("network", network_new)) if flag
    ]
    severity = Severity.MEDIUM if provider_new or signing_new else Severity.LOW
    if severity is Severity.LOW:
        text = (
            f"{who} has written to you {_times(rec.direct)} from networks {_names(rec.values(NETWORK))}; this one "
            f"came from {net}, a network not seen for it before but at a provider it uses "
            f"({_names(_providers(rec)) or 'the same'})"
        )
    else:
        text = f"{who} has written to you {_times(rec.direct)}, {_usual(rec)}; this one came {_current(cur)}"
    evidence = (
        f"new: {', '.join(changed)}",
        f"usual networks: {_names(rec.values(NETWORK))}",
        f"usual providers: {_names(_providers(rec)) or 'unknown'}",
        f"usual signing domains: {_names(signers) or 'none'} ({rec.signed} of {rec.direct} signed)",
        f"this message: {_current(cur)}",
    )
    return HistoryFinding(NEW_INFRASTRUCTURE, severity, text + ".", evidence)


def _reply_to(who: str, rec: Record, cur: SenderFacts) -> HistoryFinding | None:
    """new-reply-to: replies would go to an organisation this sender never had them go to."""
    if cur.via_list or rec.direct == 0:
        return None
    known = {_org_of(d) for d in rec.values(REPLY_TO)} | {cur.org or ""}
    new = [d for d in cur.values(REPLY_TO) if _org_of(d) not in known]
    if not new:
        return None
    before = (
        "always without a Reply-To"
        if not rec.values(REPLY_TO)
        else f"with replies going to {_names(rec.values(REPLY_TO))}"
    )
    text = (
        f"{who} has written to you {_times(rec.direct)} {before}; this one asks for replies to "
        f"{_names(new, 'and')}, which this sender never used"
    )
    evidence = (
        f"Reply-To domain: {', '.join(new)}",
        f"usual Reply-To domains: {_names(rec.values(REPLY_TO)) or 'none'}",
    )
    return HistoryFinding(NEW_REPLY_TO, Severity.MEDIUM, text + ".", evidence)


def _display_name(rec: Record, cur: SenderFacts) -> HistoryFinding | None:
    names = rec.values(DISPLAY_NAME)
    shown = next(iter(cur.values(DISPLAY_NAME)), None)
    if not names or shown is None or shown.casefold() in {n.casefold() for n in names}:
        return None
    if cur.via_list and _VIA.search(shown):
        return None  # a list that rewrites From ("Ann via dev-list"): every poster's name under one address
    quoted = ", ".join(f'"{n}"' for n in names[:NAMED])
    text = f'{rec.key} has written to you {_times(rec.messages)} as {quoted}; this one calls itself "{shown}"'
    return HistoryFinding(
        DISPLAY_NAME_CHANGED, Severity.LOW, text + ".", (f"usual names: {quoted}", f'this message: "{shown}"')
    )


def _rare(rec: Record, cur: SenderFacts, today: date | None) -> HistoryFinding | None:
    if rec.messages != 1 or not rec.last_seen:
        return None
    try:
        last = date.fromisoformat(rec.last_seen)
    except ValueError:
        return None
    ref = date.fromisoformat(cur.day) if cur.day else today
    if ref is None or (ref - last).days < RARE_AFTER_DAYS:
        return None
    text = f"{rec.key} has written to you only once before, on {rec.last_seen} ({(ref - last).days} days earlier)"
    return HistoryFinding(
        RARE_SENDER, Severity.INFO, text + ".", (f"messages: {rec.messages}", f"last seen: {rec.last_seen}")
    )


def _lookalikes(
    identities: Identities, index: CorrespondentIndex | None, ref: Reference | None
) -> list[HistoryFinding]:
    if index is None:
        return []
    out: list[HistoryFinding] = []
    seen: set[str] = set()
    fields = [("From", identities.from_domain)] + [("Reply-To", domain_name(a)) for a in identities.reply_to[:8]]
    for field, dom in fields:
        if not dom or dom.lower() in seen:
            continue
        seen.add(dom.lower())
        m = index.match(dom, ref)
        if m is None:
            continue
        n = index.counts.get(m.resembles, 0) or index.counts.get(_org_of(m.resembles), 0)
        text = (
            f"The {field} domain {dom} looks like {m.resembles}, which has written to you {_times(n)}"
            if n
            else f"The {field} domain {dom} looks like {m.resembles}, one of your correspondents"
        )
        severity = Severity.HIGH if m.kind in _DECEPTIVE else Severity.MEDIUM
        evidence = (f"field: {field}", f"resembles: {m.resembles}", f"kind: {m.kind}", f"why: {m.explanation}")
        out.append(HistoryFinding(LOOKALIKE_OF_CORRESPONDENT, severity, f"{text}: {m.explanation}.", evidence))
    return out


def check_history(
    cur: SenderFacts,
    found: Lookup,
    index: CorrespondentIndex | None,
    identities: Identities,
    *,
    freemail: bool = False,
    today: date | None = None,
    ref: Reference | None = None,
) -> tuple[HistoryFinding, ...]:
    """Every history finding for one message, the most serious first.

    `freemail`: the From organisation is a free mailbox service (its addresses are not compared as one sender).
    """
    if found.total_messages == 0:
        return ()  # an empty history knows nobody: "first contact" would be said of every message
    out = _lookalikes(identities, index, ref)
    if cur.address is None:
        return tuple(out)
    addr, org = found.address, found.org
    if addr is not None:
        for f in (_infrastructure(addr.key, addr, cur), _reply_to(addr.key, addr, cur), _display_name(addr, cur)):
            if f is not None:
                out.append(f)
        rare = _rare(addr, cur, today)
        if rare is not None:
            out.append(rare)
    elif org is not None:
        others = f"{org.key} has written to you {_times(org.messages)} from other addresses"
        out.append(
            HistoryFinding(
                FIRST_CONTACT,
                Severity.INFO,
                f"First message from {cur.address}; {others}.",
                (f"address: {cur.address} (never seen)", f"organisation: {org.key} ({org.messages} messages)"),
            )
        )
        if not freemail:
            who = f"{org.key} (other addresses)"
            for f in (_infrastructure(who, org, cur), _reply_to(who, org, cur)):
                if f is not None:
                    out.append(f)
    else:
        text = f"Nobody at {cur.org} has written to you before (the history holds {found.total_messages:,} messages)"
        out.append(
            HistoryFinding(
                FIRST_CONTACT,
                Severity.LOW,
                f"First contact: {text}.",
                (f"address: {cur.address} (never seen)", f"organisation: {cur.org} (never seen)"),
            )
        )
    return tuple(sorted(out, key=lambda f: SEVERITY_ORDER.index(f.severity)))


def known_sender(found: Lookup) -> KnownSender | None:
    """What the store knows about the sender, for the views: its address's record, else its organisation's."""
    rec, scope = (found.address, "address") if found.address is not None else (found.org, "organisation")
    if rec is None:
        return None

    def top(kind: str) -> tuple[str, ...]:
        return rec.values(kind)[:SUMMARY_VALUES]

    return KnownSender(
        scope=scope,
        key=rec.key,
        messages=rec.messages,
        first_seen=rec.first_seen,
        last_seen=rec.last_seen,
        organisation_messages=found.org.messages if found.org is not None else 0,
        networks=top(NETWORK),
        providers=top(ESP),
        hosts=tuple(dict.fromkeys((*top(HOST), *top(HELO))))[:SUMMARY_VALUES],
        signing_domains=top(DKIM_DOMAIN),
        signed_messages=rec.signed,
        return_path_domains=top(RETURN_PATH),
        reply_to_domains=top(REPLY_TO),
        display_names=top(DISPLAY_NAME),
        agents=top(AGENT),
        link_messages=rec.link_messages,
        link_domains=tuple(f.value for f in rec.links[:SUMMARY_VALUES]),
    )
