"""Reading the identities a message claims (From, Reply-To, Return-Path, Sender) from its headers.

`from_domain_problem` is written by hand rather than with a validator library: what matters here is not
RFC 5321 conformance in general but the few ways phishing From domains are impossible (no dot, an unknown
top-level domain, `_` or `%` in a label, an IP literal), each said in words the verdict can repeat.
"""

from __future__ import annotations

import ipaddress
import re

import idna

from inspector.ingest.addresses import parse_address_list
from inspector.ingest.message import Message
from inspector.mail_kind import read_mail_kind
from inspector.model.report import Identities
from inspector.orgdomain import icann_list


def getaddresses(values: list[str]) -> list[tuple[str, str]]:
    """(display name, address) of every mailbox in raw address field values (RFC 5322, never raising).

    Pass the raw (unfolded, undecoded) values: encoded words are display text, decoded only for the display
    name, never part of the address (see `inspector.ingest.addresses`).
    """
    out: list[tuple[str, str]] = []
    for value in values:
        out.extend((m.display, m.address) for m in parse_address_list(value).mailboxes)
    return out


def parseaddr(value: str) -> tuple[str, str]:
    """The first mailbox of a raw address field value as (display name, address); ("", "") when none."""
    boxes = parse_address_list(value).mailboxes
    return (boxes[0].display, boxes[0].address) if boxes else ("", "")


def domain_of(address: str | None) -> str | None:
    """The domain of an address, lowercase, without brackets or trailing dot; None if it has none."""
    if not address:
        return None
    addr = address.strip().strip("<>").strip()
    if "@" not in addr:
        return None
    dom = addr.rsplit("@", 1)[1].strip().strip(">").rstrip(".").lower()
    return dom or None


#: One host-name label (RFC 1123 / RFC 5321 "Domain"): letters, digits and inner hyphens, at most 63.
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")
#: Top-level domains reserved for documentation and tests (RFC 2606): no real mail carries them, but test
#: suites and examples do, so they are not called impossible.
_DOC_TLDS = frozenset({"example", "test"})
#: Longest List-Id identifier kept.
_MAX_LIST_ID = 255


def _known_tld(domain: str) -> bool:
    try:
        return icann_list().publicsuffix(domain, accept_unknown=False) is not None
    except Exception:  # noqa: BLE001 - an unparseable name is judged by the other rules
        return True


def domain_problem(domain: str | None) -> str | None:
    """Why `domain` cannot be a real internet domain, as the end of a sentence; None when it can be.

    Only impossibilities count (a name nobody can own or receive mail at), never mere oddities.
    """
    if not domain:
        return None
    d = domain.strip().rstrip(".")
    if d.startswith("[") or _is_ip(d):
        return f"{d[:80]} is a numeric network address, not a domain name"
    if len(d) > 253:
        return "is longer than any domain name can be"
    ascii_name = d.lower() if d.isascii() else _to_ascii(d)
    if ascii_name is None:
        return f"{d[:80]} is not a valid international domain name"
    if "." not in ascii_name:
        return f"{d[:80]} has no dot, so it is not an internet domain"
    labels = ascii_name.split(".")
    if any(not label for label in labels):
        return f"{d[:80]} has an empty part (two dots in a row)"
    bad = sorted({c for label in labels for c in label if not (c.isalnum() or c == "-")})
    if bad:
        shown = " ".join(repr(c) for c in bad[:5])
        return f"{d[:80]} contains characters a domain name cannot have ({shown})"
    if not all(_LABEL.match(label) for label in labels):
        return f"{d[:80]} has a part that starts or ends with a hyphen or is too long"
    tld = labels[-1]
    if tld not in _DOC_TLDS and not _known_tld(ascii_name):
        return f"{d[:80]} ends in .{tld}, which is not a real top-level domain"
    return None


def _to_ascii(name: str) -> str | None:
    """The A-label form: UTS #46 first; IDNA 2003 as a fallback, since DNS serves names IDNA 2008 refuses."""
    try:
        return str(idna.encode(name, uts46=True).decode("ascii")).lower()
    except (idna.IDNAError, UnicodeError, ValueError):
        pass
    try:
        return name.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return None


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def list_id(value: str | None) -> str | None:
    """The list identifier of a List-Id field (RFC 2919: ``phrase <list-label.namespace>``), lowercase."""
    if not value:
        return None
    text = value.strip()
    if "<" in text and ">" in text.split("<", 1)[1]:
        text = text.split("<", 1)[1].split(">", 1)[0]
    text = text.strip().rstrip(".").lower()
    if not text or len(text) > _MAX_LIST_ID or "." not in text or any(c.isspace() for c in text):
        return None
    return text


def envelope_address(value: str) -> str:
    """The address of a Return-Path (or another envelope path): the text between the outer angle brackets.

    Not `parseaddr`: the stdlib parser returns nothing for a local part holding a second "@" (36 of the 400
    phishing_pot messages: "bounces+phishing@pot=hotmail.com@…"); what the receiver wrote is kept instead.
    "<>" (the null sender) gives "".
    """
    v = value.strip()
    if "<" in v and ">" in v:
        v = v[v.find("<") + 1 : v.rfind(">")]
    return v.strip()


#: From fields beyond the first whose authors DMARC also evaluates (hostile input may repeat the field).
MAX_FROM_FIELDS = 10


def read_identities(message: Message) -> tuple[Identities, list[str]]:
    """The claimed identities, plus findings about malformed or repeated From fields.

    The findings about the From field's shape are also kept in `Identities.from_issues`, so the verdict reads
    them as data rather than by matching the words of a warning.
    """
    issues: list[str] = []
    froms = message.get_all("From")
    if len(froms) > 1:
        issues.append(f"the message has {len(froms)} From fields; receivers may show a different one")
    if not froms:
        issues.append("the message has no From field")
    from_field = froms[0] if froms else None
    display = address = None
    encoded_address: str | None = None
    from_addresses: tuple[str, ...] = ()
    if from_field is not None:
        # The raw field, never the decoded one: an encoded display name cannot supply or hide the address.
        parsed = parse_address_list(from_field.value)
        boxes = parsed.mailboxes
        from_addresses = tuple(m.address for m in boxes)
        if parsed.malformed:
            # Addresses side by side without a comma: DMARC checks each (`from_addresses`), and the reader is told.
            issues.extend(f"the From field holds {note}" for note in parsed.malformed)
        elif len(boxes) > 1:
            issues.append("the From field names several addresses")
        if boxes:
            display, address = boxes[0].display, boxes[0].address
        encoded_address = parsed.encoded_address
        if encoded_address is not None:
            issues.append(
                "the From display name is an encoded word that reads like an address "
                f"({encoded_address[:80]!r}); some mail programs show it instead of the real sender "
                f"({address or 'none'})"
            )
    for extra in froms[1:MAX_FROM_FIELDS]:
        # RFC 5322 §3.6 allows one From field; mail programs differ on which of several they show, so DMARC
        # evaluates the authors of every one (the worst outcome is reported, as for several addresses in one).
        more = tuple(m.address for m in parse_address_list(extra.value).mailboxes if m.address not in from_addresses)
        from_addresses += more
    from_domain = domain_of(address)
    findings = list(issues)
    if from_field is not None and from_domain is None:
        # Not about the field's shape: the verdict reads a missing domain from `from_domain` itself.
        findings.append("the From field has no domain")
    rp = message.get("Return-Path")
    return_path = envelope_address(rp.value) if rp else None
    reply_to = tuple(a for _, a in getaddresses([h.value for h in message.get_all("Reply-To")]) if a)
    sender = message.get("Sender")
    list_field = message.get("List-Id")
    mailing_list = list_id(list_field.decoded) if list_field else None
    if mailing_list is None and (post := message.get("List-Post")) is not None:
        # Lists without List-Id (ezmlm) still say where to post: the list's address names its host.
        mailing_list = domain_of(parseaddr(post.value.replace("mailto:", ""))[1])

    def text(name: str) -> str | None:
        h = message.get(name)
        return h.decoded if h else None

    kind = read_mail_kind(message, address or None, display or None, from_domain)

    return (
        Identities(
            from_header=from_field.decoded if from_field else None,
            from_display_name=display or None,
            from_address=address or None,
            from_domain=from_domain,
            reply_to=reply_to,
            return_path=return_path,
            sender=parseaddr(sender.value)[1] or None if sender else None,
            subject=text("Subject"),
            date=text("Date"),
            message_id=text("Message-ID"),
            to=text("To"),
            from_domain_problem=domain_problem(from_domain),
            mailing_list=mailing_list,
            from_issues=tuple(issues),
            from_addresses=from_addresses,
            from_encoded_address=encoded_address,
            list_evidence=kind.list_evidence,
            list_domains=kind.list_domains,
            kind=kind.kind,
            kind_evidence=kind.kind_evidence,
            from_system_mailbox=kind.from_system_mailbox,
        ),
        findings,
    )
