"""Findings for one link: what it shows against where it goes, and what kind of place that is.

Precision rules (a newsletter is not a phish): a link through an e-mail service provider's click tracking,
or through the sender's own organisation, hides its destination on purpose and legitimately; its text is not
compared with the tracking host, and it gets an ``info`` finding only. Text that names a domain is compared
by organisation (``www.example.com`` and ``example.com/shop`` are the same place).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from inspector.content.disguise import undisguised
from inspector.content.services import ESP_TRACKING, FREE_HOSTING, SHORTENERS, TRACKING_LABELS, listed
from inspector.content.urls import URL_IN_TEXT, defang, host_of, ip_literal, scheme_of
from inspector.content.wrappers import unwrap
from inspector.lookalike.display_names import claims_in
from inspector.lookalike.domains import DomainMatch, find_domain_match
from inspector.lookalike.hosts import Host, parse_host
from inspector.lookalike.reference import Reference
from inspector.lookalike.scripts import is_mixed_confusable, is_whole_script_lookalike
from inspector.model.content import Link, LinkFinding
from inspector.model.vocabulary import Severity
from inspector.orgdomain import host_org

#: Display texts longer than this are not searched for brand names (a paragraph is not a button).
MAX_CLAIM_TEXT = 80


@dataclass(frozen=True, slots=True)
class Context:
    """What a link is judged against: the reference (brands, protected domains) and the sender's
    organisations (From, and DKIM signers that passed), whose own redirects are not lures."""

    ref: Reference
    sender_orgs: frozenset[str] = frozenset()
    #: The organisations whose DKIM signature verified: a link to a look-alike of one of these is the
    #: organisation's own sister domain (fastmail.help in mail signed by fastmail.com), not an imitation.
    verified_orgs: frozenset[str] = frozenset()
    #: The organisations of the message's mailing service, named by its List-Unsubscribe URLs: its links
    #: are that service's click tracking (healthmarketing.infusionsoft.com for a shop's newsletter).
    mailing_orgs: frozenset[str] = frozenset()
    #: Look-alike answers per host within one message (a newsletter links one domain fifty times).
    matches: dict[str, DomainMatch | None] = field(default_factory=dict)


def _finding(kind: str, severity: Severity, explanation: str) -> LinkFinding:
    return LinkFinding(kind, severity, explanation)


def _shown_domain(text: str, ref: Reference) -> str | None:
    """The domain the display text shows as a URL or a domain name, when it shows one.

    An e-mail address in the text is not a place the link claims to open. A URL in the text that is itself a
    gateway's wrapper (a forwarded Safe Links URL) shows the target it wraps.
    """
    url = URL_IN_TEXT.search(text)
    if url is not None:
        shown = host_of(unwrap(url.group(1))[0])
        if shown:
            return shown
    for claim in claims_in(text[: MAX_CLAIM_TEXT * 4], ref):
        if claim.brand is None and claim.domain and "@" not in claim.said:
            return claim.domain
    return None


def _internal_address(host: str) -> bool:
    """True for private, loopback and link-local addresses: a monitoring alert's link, not a lure."""
    try:
        return ipaddress.ip_address(host).is_private
    except ValueError:
        return False


def _claimed_brand(text: str, ref: Reference) -> tuple[str, frozenset[str]] | None:
    """The brand a short display text names ("Sign in to PayPal", also disguised: "Sign in to Pa̷yPal", read
    as its reader reads it by `undisguised`), with the domains it owns."""
    if not text or len(text) > MAX_CLAIM_TEXT:
        return None
    for claim in claims_in(undisguised(text), ref):
        if claim.brand is not None and not claim.brand.synthetic and not claim.brand.common_word:
            return claim.brand.name, frozenset(claim.brand.owned)
    return None


def judge(url: str, text: str, role: str, ctx: Context) -> Link:
    """The link `url` (as a browser follows it) with display `text`, decoded and judged."""
    final, chain, opaque = unwrap(url)
    findings: list[LinkFinding] = []
    via = tuple(f"{w}: {defang(u)}" for w, u in chain)
    scheme = scheme_of(final)
    host = host_of(final)
    org = host_org(host) if host else None
    for wrapper, wrapped in chain:
        whost = host_of(wrapped)
        worg = host_org(whost) if whost else None
        if wrapper != "redirect":
            continue
        if listed(whost, ESP_TRACKING) or (worg and worg in ctx.sender_orgs) or (worg and worg == org):
            continue
        findings.append(
            _finding(
                "open-redirect",
                Severity.LOW,
                f"The link goes through a redirect on {whost} that sends the reader on to {host or 'another site'}.",
            )
        )
    if opaque:
        findings.append(
            _finding(
                "opaque-wrapper",
                Severity.INFO,
                f"The link is wrapped by {chain[-1][0]}: its real destination is kept on the vendor's servers and "
                "cannot be read offline.",
            )
        )
    tracking = opaque or bool(listed(host, ESP_TRACKING)) or _own_tracking(host, org, ctx)
    if scheme in ("javascript", "vbscript", "data", "file", "jar", "ms-msdt", "search-ms", "ms-officecmd"):
        what = {"file": "opens a file on the reader's computer or network share"}.get(
            scheme, "runs code or opens content built into the link itself"
        )
        findings.append(
            _finding("active-scheme", Severity.HIGH if role == "link" else Severity.MEDIUM, f"A {scheme}: link {what}.")
        )
    parsed = parse_host(host) if host else None
    if host and ip_literal(host):
        internal = _internal_address(host)
        findings.append(
            _finding(
                "ip-literal",
                Severity.LOW if internal else Severity.MEDIUM,
                f"The link goes to a bare address ({host}), not a named site"
                + (" (an internal network address)." if internal else "."),
            )
        )
    elif parsed is not None and parsed.is_valid:
        if parsed.is_idn:
            mixed = any(is_mixed_confusable(x) or is_whole_script_lookalike(x) for x in parsed.labels)
            findings.append(
                _finding(
                    "punycode",
                    Severity.MEDIUM if mixed else Severity.LOW,
                    f"The link's domain is written in non-Latin characters ({parsed.u_label}, sent as "
                    f"{parsed.a_label})" + (", with letters that imitate Latin ones." if mixed else "."),
                )
            )
        findings.extend(_lookalike(parsed, text, ctx))
        short = listed(host, SHORTENERS)
        if short:
            findings.append(
                _finding("shortener", Severity.LOW, f"The link is shortened by {short}: its destination is hidden.")
            )
        free = listed(host, FREE_HOSTING)
        if free:
            findings.append(
                _finding(
                    "free-hosting",
                    Severity.LOW,
                    f"The link opens a page on {free}, where anyone can publish pages, files or forms.",
                )
            )
    if tracking and not opaque and role == "link":
        findings.append(
            _finding(
                "tracking",
                Severity.INFO,
                f"The link goes through click tracking on {host}: the destination is decided by that service.",
            )
        )
    if role == "link" and text and not tracking and host:
        findings.extend(_text_findings(text, host, org, ctx))
    return Link(
        url_defanged=defang(final),
        text=text,
        domain=(parsed.u_label if parsed is not None and parsed.is_valid else host),
        via=via,
        findings=tuple(findings),
        role=role,
    )


def _lookalike(parsed: Host, text: str, ctx: Context) -> list[LinkFinding]:
    """The look-alike finding for the destination host (the lookalike engine's answer, once per host)."""
    if parsed.a_label not in ctx.matches:
        ctx.matches[parsed.a_label] = find_domain_match(parsed, ctx.ref)
    match = ctx.matches[parsed.a_label]
    if match is None or match.severity not in (Severity.HIGH, Severity.MEDIUM):
        return []
    if (host_org(match.resembles) or match.resembles) in ctx.verified_orgs:
        return []  # the verified sender's own sister domain
    return [
        _finding(
            "lookalike",
            match.severity,
            f"The link {_quoted(text)}opens {parsed.u_label}, a look-alike of {match.resembles} ({match.explanation}).",
        )
    ]


def _quoted(text: str) -> str:
    """The display text quoted for a sentence ("'Sign in to PayPal' "), or nothing for a bare URL."""
    if not text:
        return ""
    return f"'{text}' " if len(text) <= 60 else f"'{text[:60]}…' "


def _own_tracking(host: str | None, org: str | None, ctx: Context) -> bool:
    """A click-tracking host of the sender or its mailing service.

    That is a tracking-named host of the sender's own organisation (``click.example.com`` in mail from
    example.com; the sender's plain pages are judged like any other destination, so a lure on the attacker's
    own domain still shows its text mismatch), a host of the mailing service the List-Unsubscribe field names,
    or the sender's name under another ending (mailinglijst.eu in mail from mailinglijst.nl). A look-alike
    destination is judged apart from this (see `judge`).
    """
    if not host or org is None:
        return False
    if org in ctx.mailing_orgs:
        return True
    if org in ctx.sender_orgs:
        return host != org and host.split(".", 1)[0] in TRACKING_LABELS
    return org.split(".", 1)[0] in {o.split(".", 1)[0] for o in ctx.sender_orgs}


def _text_findings(text: str, host: str, org: str | None, ctx: Context) -> list[LinkFinding]:
    shown = _shown_domain(text, ctx.ref)
    if shown:
        shown_org = host_org(shown) or shown
        # The sender's own address shown, opened through its mailing service's tracking: a newsletter.
        if shown_org != (org or host) and shown_org not in ctx.sender_orgs:
            return [
                _finding(
                    "text-mismatch",
                    Severity.HIGH,
                    f"The link says {shown} but opens {host}.",
                )
            ]
        return []
    brand = _claimed_brand(text, ctx.ref)
    if brand is not None and (org or host) not in brand[1]:
        name, _owned = brand
        return [
            _finding(
                "brand-mismatch",
                Severity.MEDIUM,
                f"The link says {_quoted(text)}but opens {host}, which is not {name}'s.",
            )
        ]
    return []
