"""What kind of traffic a message is, from its own headers: list re-send, bounce, auto-reply, report.

These facts change how the verdict reads everything else. A mailing list re-sends the author's message and
changes it (a subject tag, a footer), so the author's DKIM signature and DMARC no longer verify, which is
normal; a bounce comes from a mail server's system mailbox (MAILER-DAEMON, postmaster, often with the null
sender ``<>``) and names itself with ordinary words ("Mail Delivery System", "The Post Office"), which are
not brand claims. Each fact is read once here, from header evidence the message carries, and kept on
`Identities` with the headers that showed it, so the verdict reads typed facts and can say why.

Evidence only describes; it does not vouch. Whether a list claim is *backed* (the list's own signature, ARC
seal, or the receiver's record that the list's server delivered it) is weighed by the verdict, which has the
authentication results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspector.ingest.message import Message
from inspector.model.report import MailKind
from inspector.orgdomain import dmarc_org_domain

#: Headers list managers add to every message they re-send (RFC 2369, RFC 2919, Mailman, Google Groups,
#: ezmlm/Yahoo Groups, vger's X-Mailing-List, Sympa, groups.io).
_LIST_HEADERS = (
    "List-Id",
    "List-Post",
    "X-BeenThere",
    "X-Mailman-Version",
    "X-Google-Group-Id",
    "X-Google-Groups",
    "Mailing-List",
    "X-Mailing-List",
    "X-Loop",
    "X-Sympa-To",
    "X-Groupsio-Id",
    "List-Archive",
    "Archived-At",
)
#: Also sent by newsletters and shops; evidence of a list only beside one of the headers above.
_WEAK_LIST_HEADERS = ("List-Unsubscribe", "List-Help", "List-Subscribe", "List-Owner")
#: Local parts only the domain's mail system sends as (RFC 5321 §4.5.1, RFC 2142, MTA conventions).
SYSTEM_MAILBOXES = frozenset(
    {"mailer-daemon", "mailerdaemon", "mail-daemon", "postmaster", "mailer_daemon", "mail.daemon", "mdaemon"}
)
_ADDRESS = re.compile(r"[\w.+=%/!#$&'*?^`{|}~-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,63})")
_HOSTNAME = re.compile(r"(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}")
#: "Alice via Group" / "Alice via group@…": the DMARC-mitigation From rewriting of Google Groups, Mailman 3.
_VIA = re.compile(r"\S\s+via\s+\S", re.IGNORECASE)
_REPORT_TYPE = re.compile(r"report-type\s*=\s*\"?([a-z-]+)", re.IGNORECASE)
#: List bounce/owner envelope addresses (Mailman's -bounces, majordomo's owner-, ezmlm's -return-).
_LIST_ENVELOPE = re.compile(r"(?:-bounces?[+@-]|^owner-|-owner@|-return-|-request@|\+bounces-)", re.IGNORECASE)
_MAX_EVIDENCE = 120


@dataclass(frozen=True, slots=True)
class MailKindFacts:
    """What `read_mail_kind` found."""

    list_evidence: tuple[str, ...] = ()
    list_domains: tuple[str, ...] = ()
    kind: MailKind = MailKind.ORDINARY
    kind_evidence: tuple[str, ...] = ()
    from_system_mailbox: bool = False


def _shown(name: str, value: str) -> str:
    value = " ".join(value.split())
    return f"{name}: {value[:_MAX_EVIDENCE]}{'…' if len(value) > _MAX_EVIDENCE else ''}"


def _domains_in(name: str, value: str) -> list[str]:
    """The list domains a list header names: addresses' domains, else (List-Id) the identifier itself."""
    text = value[:2000]
    found = [m.group(1).lower().rstrip(".") for m in _ADDRESS.finditer(text)]
    if found:
        return found
    if name.lower() in ("list-id", "x-google-group-id") or name.lower() == "x-loop":
        inner = text.split("<", 1)[1].split(">", 1)[0] if "<" in text and ">" in text else text
        hosts = _HOSTNAME.findall(inner)
        return [h.lower() for h in hosts[-1:]]
    if name.lower() in ("list-archive", "archived-at"):
        m = re.search(r"https?://([A-Za-z0-9.-]+)", text)
        return [m.group(1).lower()] if m else []
    return []


def local_part(address: str | None) -> str:
    """The local part of an address, lowercase, without angle brackets or quotes."""
    if not address or "@" not in address:
        return (address or "").strip().strip("<>").strip('"').lower()
    return address.strip().strip("<>").rsplit("@", 1)[0].strip('"').lower()


def is_system_mailbox(address: str | None) -> bool:
    """Whether the address's local part is a mail-system mailbox (MAILER-DAEMON, postmaster)."""
    return local_part(address) in SYSTEM_MAILBOXES


def _list_facts(message: Message, from_display: str | None, from_domain: str | None) -> tuple[list[str], list[str]]:
    evidence: list[str] = []
    domains: list[str] = []
    for name in _LIST_HEADERS:
        h = message.get(name)
        if h is None:
            continue
        evidence.append(_shown(h.name, h.decoded))
        domains.extend(_domains_in(name, h.decoded))
    if not evidence:
        return [], []
    for name in _WEAK_LIST_HEADERS:
        h = message.get(name)
        if h is not None:
            evidence.append(_shown(h.name, h.decoded))
            domains.extend(_domains_in(name, h.decoded))
    for name in ("Sender", "Return-Path"):
        h = message.get(name)
        if h is None:
            continue
        addrs = [m.group(0) for m in _ADDRESS.finditer(h.value[:1000])]
        if addrs and (name == "Sender" or _LIST_ENVELOPE.search(addrs[0])):
            dom = addrs[0].rsplit("@", 1)[1].lower()
            if dom != from_domain:
                evidence.append(_shown(h.name, h.value))
                domains.append(dom)
    list_orgs = {dmarc_org_domain(d) for d in domains}
    if from_display and _VIA.search(from_display) and from_domain and dmarc_org_domain(from_domain) in list_orgs:
        evidence.append(_shown("From", f"{from_display} (rewritten by the list)"))
    return evidence, list(dict.fromkeys(d for d in domains if "." in d))


def _kind(message: Message, from_address: str | None) -> tuple[MailKind, list[str]]:
    ctype = message.get("Content-Type")
    if ctype is not None and ctype.value.strip().lower().startswith("multipart/report"):
        m = _REPORT_TYPE.search(ctype.value)
        rtype = (m.group(1).lower() if m else "").strip()
        shown = _shown("Content-Type", ctype.value)
        if rtype == "delivery-status":
            return MailKind.BOUNCE, [shown]
        if rtype in ("feedback-report", "disposition-notification"):
            return MailKind.REPORT, [shown]
    failed = message.get("X-Failed-Recipients")
    if failed is not None:
        return MailKind.BOUNCE, [_shown(failed.name, failed.value)]
    if is_system_mailbox(from_address):
        return MailKind.BOUNCE, [_shown("From", from_address or "")]
    from_field = message.get("From")
    if from_field is not None and "<>" in from_field.value.replace(" ", "") and not from_address:
        # The null reverse-path written as the From address: only a mail server's own report does that.
        return MailKind.BOUNCE, [_shown("From", from_field.value)]
    rp = message.get("Return-Path")
    if rp is not None and is_system_mailbox(rp.value.strip().strip("<>")):
        return MailKind.BOUNCE, [_shown(rp.name, rp.value)]
    auto = message.get("Auto-Submitted")
    if auto is not None and auto.value.strip().lower().startswith("auto-replied"):
        return MailKind.AUTO_REPLY, [_shown(auto.name, auto.value)]
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        h = message.get(name)
        if h is not None:
            return MailKind.AUTO_REPLY, [_shown(h.name, h.value)]
    prec = message.get("Precedence")
    if prec is not None and prec.value.strip().lower() == "auto_reply":
        return MailKind.AUTO_REPLY, [_shown(prec.name, prec.value)]
    return MailKind.ORDINARY, []


def read_mail_kind(
    message: Message, from_address: str | None, from_display: str | None, from_domain: str | None
) -> MailKindFacts:
    """The list evidence, list domains and traffic kind of `message` (bounded work on hostile input)."""
    evidence, domains = _list_facts(message, from_display, from_domain)
    kind, kind_evidence = _kind(message, from_address)
    return MailKindFacts(
        list_evidence=tuple(evidence[:12]),
        list_domains=tuple(domains[:12]),
        kind=kind,
        kind_evidence=tuple(kind_evidence),
        from_system_mailbox=is_system_mailbox(from_address),
    )
