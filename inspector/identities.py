"""Reading the identities a message claims (From, Reply-To, Return-Path, Sender) from its headers."""

from __future__ import annotations

from email.utils import getaddresses as _stdlib_getaddresses
from email.utils import parseaddr as _stdlib_parseaddr

from inspector.ingest.message import Message
from inspector.report.model import Identities


def getaddresses(values: list[str]) -> list[tuple[str, str]]:
    """`email.utils.getaddresses`, except that hostile input gives no address instead of an exception.

    The stdlib parser recurses once per nested comment: a few hundred "(" raise RecursionError.
    """
    try:
        return _stdlib_getaddresses(values)
    except Exception:  # noqa: BLE001 - hostile header text must never stop the analysis
        return []


def parseaddr(value: str) -> tuple[str, str]:
    """`email.utils.parseaddr`, never raising (see `getaddresses`)."""
    try:
        return _stdlib_parseaddr(value)
    except Exception:  # noqa: BLE001
        return ("", "")


def domain_of(address: str | None) -> str | None:
    """The domain of an address, lowercase, without brackets or trailing dot; None if it has none."""
    if not address:
        return None
    addr = address.strip().strip("<>").strip()
    if "@" not in addr:
        return None
    dom = addr.rsplit("@", 1)[1].strip().strip(">").rstrip(".").lower()
    return dom or None


def read_identities(message: Message) -> tuple[Identities, list[str]]:
    """The claimed identities, plus findings about malformed or repeated From fields."""
    findings: list[str] = []
    froms = message.get_all("From")
    if len(froms) > 1:
        findings.append(f"the message has {len(froms)} From fields; receivers may show a different one")
    if not froms:
        findings.append("the message has no From field")
    from_field = froms[0] if froms else None
    display = address = None
    if from_field is not None:
        addrs = getaddresses([from_field.decoded])
        if len(addrs) > 1:
            findings.append("the From field names several addresses")
        if addrs:
            display, address = addrs[0]
        if not address or "@" not in address:
            # getaddresses gives up on some hostile forms; fall back to the last <…> in the value.
            name2, addr2 = parseaddr(from_field.decoded)
            display, address = display or name2, addr2 or address
    from_domain = domain_of(address)
    if from_field is not None and from_domain is None:
        findings.append("the From field has no domain")
    rp = message.get("Return-Path")
    return_path = parseaddr(rp.value)[1] if rp else None
    if rp and rp.value.strip() in ("<>", ""):
        return_path = ""
    reply_to = tuple(a for _, a in getaddresses([h.decoded for h in message.get_all("Reply-To")]) if a)
    sender = message.get("Sender")

    def text(name: str) -> str | None:
        h = message.get(name)
        return h.decoded if h else None

    return (
        Identities(
            from_header=from_field.decoded if from_field else None,
            from_display_name=display or None,
            from_address=address or None,
            from_domain=from_domain,
            reply_to=reply_to,
            return_path=return_path,
            sender=parseaddr(sender.decoded)[1] if sender else None,
            subject=text("Subject"),
            date=text("Date"),
            message_id=text("Message-ID"),
            to=text("To"),
        ),
        findings,
    )
