"""The content stage: the bodies' links read, decoded and judged, attachments listed (see the package)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from inspector.content import qr as qr_budget
from inspector.content import qr_html, qr_text
from inspector.content.attachments import inspect_attachments
from inspector.content.disguise import find_disguises
from inspector.content.html_links import RawLink, html_links, parse
from inspector.content.judge import Context, judge
from inspector.content.urls import URL_IN_TEXT, defang, followed_url, host_of
from inspector.ingest.message import Limit, Message
from inspector.lookalike.reference import ReferenceDataError, reference_for
from inspector.model.content import Link
from inspector.model.report import ContentView
from inspector.settings import AnalysisSettings

if TYPE_CHECKING:
    from lxml import etree

MAX_LINKS = 500
MAX_BODY_CHARS = 2_000_000
#: Attributes a browser follows or loads: the fallback when the parser makes nothing of a body.
_HREF = re.compile(
    r"""(?i)\b(?:href|src|action|formaction|background|poster|xlink:href)\s*=\s*"""
    r"""(?:"([^"]{0,4000})"|'([^']{0,4000})'|([^\s"'>]{1,4000}))"""
)


def _bare(text: str) -> list[RawLink]:
    return [RawLink(m.group(1).rstrip(".,;:!?"), "", "link") for m in URL_IN_TEXT.finditer(text)]


def raw_links(
    text: str | None, html_text: str | None, root: etree._Element | None = None
) -> tuple[list[RawLink], bool]:
    """Every distinct link of the bodies, in order of appearance (a URL shown with two different texts is
    listed twice: each text is judged), and whether there were more than `MAX_LINKS`; `root` is the HTML body
    already parsed, when the caller has it."""
    links, more, _visible = _read_bodies(text, html_text, root)
    return links, more


def _read_bodies(
    text: str | None, html_text: str | None, root: etree._Element | None = None
) -> tuple[list[RawLink], bool, str]:
    """`raw_links`, and the HTML body's visible text (read in the same parse)."""
    found: list[RawLink] = []
    visible = ""
    if text:
        found.extend(_bare(text[:MAX_BODY_CHARS]))
    if html_text:
        body = html_text[:MAX_BODY_CHARS]
        links, visible = html_links(body, root)
        if not links and not visible:
            for m in _HREF.finditer(body):
                url = followed_url(m.group(1) or m.group(2) or m.group(3) or "")
                if url is not None:
                    links.append(RawLink(url, "", "link"))
        found.extend(links)
        # A URL written as an anchor's text is what the anchor shows, not a link of its own.
        shown = " ".join(r.text for r in links if r.text)
        found.extend(r for r in _bare(visible) if r.url not in shown)
    seen_urls: set[str] = set()
    seen: dict[tuple[str, str], RawLink] = {}
    for raw in found:
        if not raw.text and raw.url in seen_urls:
            continue
        key = (raw.url, raw.text)
        if key not in seen:
            seen[key] = raw
            seen_urls.add(raw.url)
            if len(seen) > MAX_LINKS:
                break
    out = list(seen.values())
    return out[:MAX_LINKS], len(out) > MAX_LINKS, visible


def extract_links(text: str | None, html_text: str | None) -> tuple[str, ...]:
    """Every distinct link in the text and HTML bodies, in order of appearance, defanged (see `link_scan`)."""
    return link_scan(text, html_text)[0]


def link_scan(text: str | None, html_text: str | None) -> tuple[tuple[str, ...], bool]:
    """The distinct URLs as a browser follows them (wrappers not decoded), defanged, and whether there were
    more than `MAX_LINKS` links."""
    raws, more = raw_links(text, html_text)
    return tuple(defang(u) for u in dict.fromkeys(r.url for r in raws)), more


def _context(
    settings: AnalysisSettings,
    sender_orgs: frozenset[str],
    verified_orgs: frozenset[str],
    mailing_orgs: frozenset[str],
) -> Context | None:
    """What links are judged against, or None when the brand table cannot be read."""
    protected = tuple(dict.fromkeys((*settings.protected_domains, *settings.own_domains)))
    try:
        ref = reference_for(protected, tuple(settings.own_domains))
    except ReferenceDataError:
        return None
    return Context(ref, sender_orgs, verified_orgs, mailing_orgs)


def judged_links(
    text: str | None,
    html_text: str | None,
    settings: AnalysisSettings | None = None,
    sender_orgs: frozenset[str] = frozenset(),
    verified_orgs: frozenset[str] = frozenset(),
    mailing_orgs: frozenset[str] = frozenset(),
) -> tuple[tuple[Link, ...], bool]:
    """Every link of the bodies decoded and judged (see `judge.judge`), and whether there were too many.

    When the brand table cannot be read (the look-alike stage reports that error), the links are still
    listed, defanged, unjudged: the reader sees them, and the report says which stage failed.
    """
    ctx = _context(settings or AnalysisSettings(), sender_orgs, verified_orgs, mailing_orgs)
    return _judged(text, html_text, ctx)


def _judged(
    text: str | None, html_text: str | None, ctx: Context | None, root: etree._Element | None = None
) -> tuple[tuple[Link, ...], bool]:
    links, more, _visible = _judged_and_visible(text, html_text, ctx, root)
    return links, more


def _judged_and_visible(
    text: str | None, html_text: str | None, ctx: Context | None, root: etree._Element | None = None
) -> tuple[tuple[Link, ...], bool, str]:
    """`_judged`, and the HTML body's visible text."""
    raws, more, visible = _read_bodies(text, html_text, root)
    if ctx is None:
        return tuple(Link(defang(r.url), r.text, host_of(r.url), role=r.role) for r in raws), more, visible
    return tuple(judge(r.url, r.text, r.role, ctx) for r in raws), more, visible


def _body_words(message: Message) -> str:
    """The text a reader sees (text body, else the HTML's visible text): where an archive's password is given."""
    if not message.attachments:
        return ""
    visible = html_links(message.html_body[:MAX_BODY_CHARS])[1] if message.html_body else ""
    return "\n".join(t for t in ((message.text_body or "")[:MAX_BODY_CHARS], visible) if t)


def _body_codes(
    message: Message, root: etree._Element | None, signs: qr_html.Signs | None = None
) -> list[tuple[str, list[str]]]:
    """The QR codes the bodies draw without an image file: HTML cells, inline SVG, data: images, block
    characters in the HTML (`root`: the HTML body parsed, None when `qr_html.might_hold` turned it away;
    `signs`: its `qr_html.signs`, when already asked) or the text body (a code the text body repeats from the
    HTML is listed once)."""
    html = message.html_body
    found = qr_html.codes_in(html[:MAX_BODY_CHARS], root=root, found=signs) if html and root is not None else []
    if message.text_body:
        seen = {p for _where, payloads in found for p in payloads}
        written = [p for p in qr_text.codes_in(message.text_body[:MAX_BODY_CHARS]) if p not in seen]
        if written:
            found.append(("message body (text characters)", written))
    return found


def content_view(
    message: Message,
    settings: AnalysisSettings | None = None,
    sender_orgs: frozenset[str] = frozenset(),
    verified_orgs: frozenset[str] = frozenset(),
    mailing_orgs: frozenset[str] = frozenset(),
    *,
    display_name: str | None = None,
    subject: str | None = None,
) -> ContentView:
    """What the body views show, links judged against `settings`' protected domains; `sender_orgs` are the
    organisations of the sender (From, passing DKIM signers), whose own click tracking is not a lure, and
    `verified_orgs` those whose DKIM signature verified, `mailing_orgs` the mailing service's (see
    `judge.Context`). The sender's `display_name`, the `subject` and the body's visible text are searched for
    words disguised to slip past filters (`inspector.content.disguise`)."""
    ctx = _context(settings or AnalysisSettings(), sender_orgs, verified_orgs, mailing_orgs)
    # The HTML body is parsed once, for its links and for the QR codes it draws (only when it may hold one).
    body = message.html_body[:MAX_BODY_CHARS] if message.html_body else None
    signs = qr_html.signs(body) if body else None
    root = parse(body) if body and signs and any(signs) else None
    links, more, visible = _judged_and_visible(message.text_body, message.html_body, ctx, root)
    body_text = "\n".join(t for t in ((message.text_body or "")[:MAX_BODY_CHARS], visible) if t)
    disguised = (
        *find_disguises("From display name", display_name),
        *find_disguises("Subject", subject),
        *find_disguises("body", body_text, body=True),
    )
    with qr_budget.message_budget():  # every picture of this message shares one decoding budget
        attached, qr = inspect_attachments(
            message.attachments,
            message.inline_images,
            lambda: _body_words(message),
            (lambda url, text: judge(url, text, "link", ctx)) if ctx is not None else None,
            _body_codes(message, root, signs),
        )
        pictures_skipped = qr_budget.budget_spent()
    limits: list[Limit] = []
    if pictures_skipped:
        limits.append(
            Limit(
                "qr-pictures",
                qr_budget.MAX_MESSAGE_PIXELS,
                "the pictures and drawings together are more than can be read for one message: some were not "
                "read for QR codes",
            )
        )
    if more:
        limits.append(Limit("links", MAX_LINKS, f"more than {MAX_LINKS} links: only the first {MAX_LINKS} are listed"))
    for name, body in (("text", message.text_body), ("HTML", message.html_body)):
        if body and len(body) > MAX_BODY_CHARS:
            limits.append(
                Limit(
                    "body-chars",
                    MAX_BODY_CHARS,
                    f"the {name} body is longer than {MAX_BODY_CHARS:,} characters: the rest was not examined",
                )
            )
    return ContentView(
        has_body=message.has_body,
        text_body=message.text_body[:MAX_BODY_CHARS] if message.text_body else message.text_body,
        html_body=message.html_body[:MAX_BODY_CHARS] if message.html_body else message.html_body,
        links=links,
        attachments=attached,
        qr=qr,
        limits=tuple(limits),
        disguised=disguised,
    )
