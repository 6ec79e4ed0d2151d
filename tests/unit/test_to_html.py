"""The printable HTML report: self-contained, no scripts, no external resources, every value escaped, the same
story and words as the GUI, bounded in size.

Expected facts come from reading the messages and the bundled DNS snapshot (IPs in the Received fields, the
SPF/DMARC records in the snapshot, the signatures' d= and s=), not from the exporter's output.
"""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser

import pytest

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.dns.snapshot import SnapshotSource
from inspector.ingest import load_bytes, load_file
from inspector.model.auth import (
    ArcInstance,
    ArcResult,
    AuthResult,
    Disagreement,
    DkimSignatureResult,
    DmarcResult,
    DnsLookupRecord,
    Provenance,
    RecordedResult,
    SpfResult,
)
from inspector.model.chain import Break, Hop, PlacedArtefact, TrustBoundary
from inspector.model.content import AttachedFile, Link, LinkFinding
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import (
    ContentView,
    DnsInfo,
    HeaderView,
    Identities,
    Level,
    Report,
    SectionState,
    SourceInfo,
    Verdict,
)
from inspector.report.to_html import MAX_HOPS, report_to_html
from inspector.report.wording import (
    boundary_text,
    break_text,
    dmarc_policy,
    dmarc_summary,
    hop_text,
    is_claimed,
    provenance_label,
    ticket_summary,
)
from inspector.settings import AnalysisSettings
from tests.conftest import SAMPLES, SHARED
from tests.support.long_chain import long_chain

EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'
RLO = "\u202e"
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "section", "article", "footer", "div", "span",
    "h1", "h2", "h3", "p", "ul", "li", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "b", "br",
    "pre",
}  # fmt: skip
LOADING_ATTRS = {"src", "href", "srcset", "action", "formaction", "background", "data", "poster", "xlink:href"}


class TagCollector(HTMLParser):
    """Every start tag with its attributes and every text run, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        #: (class attribute, text inside) of every <span class="badge …">.
        self.badges: list[tuple[str, str]] = []
        self._badge: list[str] | None = None
        self._badge_cls = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        cls = dict(attrs).get("class") or ""
        if tag == "span" and cls.split()[:1] == ["badge"]:
            self._badge, self._badge_cls = [], cls

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._badge is not None:
            self.badges.append((self._badge_cls, "".join(self._badge)))
            self._badge = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._badge is not None:
            self._badge.append(data)


def parse(page: str) -> TagCollector:
    parser = TagCollector()
    parser.feed(page)
    parser.close()
    return parser


def assert_inert(page: str) -> None:
    """No script, no event handler, nothing that loads or navigates, only our own tags."""
    parser = parse(page)
    tags = {t for t, _ in parser.tags}
    assert tags <= OUR_TAGS, tags - OUR_TAGS
    for _tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), name
            assert name not in LOADING_ATTRS, name
            assert "javascript:" not in (value or "").lower()
            assert "url(" not in (value or "").lower()
    low = page.lower()
    for needle in ("<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "<base"):
        assert needle not in low, needle
    # Every "<" opens one of our own tags: hostile text is escaped, never markup.
    bad = re.findall(r"<(?!/?(?:" + "|".join(sorted(OUR_TAGS)) + r")\b|!doctype)", low)
    assert not bad
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp is not None and "default-src 'none'" in csp.group(1)
    assert "script-src" not in csp.group(1)


# -- hostile input ----------------------------------------------------------------------------------------------


def hostile_report() -> Report:
    art = PlacedArtefact("authentication-results", EVIL, (2,), 0, results=(EVIL,), detail=EVIL)
    dkim_art = PlacedArtefact("dkim-signature", EVIL, (5,), 0, selector=EVIL, body_hash="mismatch")
    hop = Hop(
        0,
        3,
        f"from {EVIL} by mx {RLO}gpj.exe",
        from_host=EVIL,
        from_helo=EVIL,
        from_rdns=EVIL,
        from_ip="192.0.2.1",
        by_host=EVIL,
        protocol=EVIL,
        timestamp=EVIL,
        delay_seconds=-30.0,
        is_boundary=True,
        trust_zone="boundary",
        warnings=(EVIL,),
        annotations=(EVIL,),
        skew_seconds=-30.0,
        artefacts=(art, dkim_art),
    )
    return Report(
        source=SourceInfo(EVIL, "0" * 64, "eml", 10),
        dns=DnsInfo("snapshot", EVIL, "2026-11-30T03:50:00Z"),
        generated_at="2026-11-30T04:00:00Z",
        tool_version="0.1.0",
        identities=Identities(from_header=EVIL + RLO, subject=EVIL, reply_to=(EVIL,), return_path=EVIL),
        spf=SpfResult(
            AuthResult.FAIL,
            domain=EVIL,
            client_ip="192.0.2.1",
            reason=EVIL,
            provenance=Provenance.SNAPSHOT,
            explanation=EVIL,
            explanation_from_domain=True,
            record=EVIL,
            mechanism=EVIL,
        ),
        dkim=(
            DkimSignatureResult(
                0,
                domain=EVIL,
                selector=EVIL,
                result=AuthResult.NOT_VERIFIABLE,
                reason=EVIL,
                warnings=(EVIL,),
                provenance=Provenance.OFFLINE,
                key_record=EVIL,
                signed_headers=(EVIL,),
                header_index=5,
            ),
        ),
        dmarc=DmarcResult(AuthResult.FAIL, from_domain=EVIL, record=EVIL, alignment=(EVIL,), findings=(EVIL,)),
        arc=ArcResult(
            AuthResult.FAIL,
            reason=EVIL,
            instances=(ArcInstance(1, seal_domain=EVIL, cv=EVIL, authentication_results=EVIL, reason=EVIL),),
            structural_errors=(EVIL,),
        ),
        recorded=(RecordedResult(EVIL, 1, EVIL, True, "spf", EVIL, reason=EVIL, trust_basis=EVIL, comment=EVIL),),
        disagreements=(Disagreement(EVIL, EVIL, EVIL, EVIL),),
        hops=(hop,),
        boundary=TrustBoundary(0, client_ip="192.0.2.1", confidence="high", evidence=(EVIL,), receiver=EVIL),
        breaks=(Break(EVIL, 0, None, EVIL, suspects=(EVIL,)),),
        lookalikes=(LookalikeFinding(EVIL, EVIL, EVIL, EVIL, EVIL, EVIL, EVIL, EVIL + "x"),),
        verdict=Verdict(Level.DANGEROUS, (EVIL,), EVIL),
        headers=(HeaderView(0, EVIL, EVIL, EVIL + RLO), HeaderView(1, "Subject", "x" * 200_000, "x" * 200_000)),
        content=ContentView(
            True,
            EVIL,
            EVIL,
            (Link("hxxps://evil[.]example/" + EVIL, EVIL, EVIL, (EVIL,), (LinkFinding(EVIL, "high", EVIL),)),),
            (AttachedFile(EVIL, EVIL, EVIL, 2048, EVIL, findings=(LinkFinding(EVIL, "high", EVIL),), part=EVIL),),
        ),
        sections={"hops": SectionState.ANALYSED, "dkim": SectionState.ANALYSED},
        warnings=(EVIL,),
    )


def test_hostile_values_are_inert_text() -> None:
    page = report_to_html(hostile_report())
    assert_inert(page)
    parser = parse(page)
    # The hostile text survives as text (the analyst sees exactly what the message said), in many places.
    assert sum(EVIL in t for t in parser.text) >= 20
    # A right-to-left override would reorder what follows it: it is shown as a code, never emitted raw.
    assert RLO not in page
    assert "⟨U+202E⟩gpj.exe" in "".join(parser.text)
    # A 200,000-character line is cut, and says so.
    assert "x" * 200_000 not in page
    assert "190,000 more characters" in page


def test_hostile_message_through_the_whole_pipeline() -> None:
    """A real message whose headers carry markup, an RTL override, control characters and a 100 KB line."""
    long_line = "A" * 100_000
    raw = (
        "Received: from evil (evil [198.51.100.7]) by mx.example.org with ESMTP id <script>x</script>;"
        " Mon, 30 Nov 2026 04:00:00 +0000\r\n"
        f'From: "{EVIL}" <ceo@example.com>\r\n'
        f'Reply-To: "><img src=x onerror=alert(4)>@example.net\r\n'
        f"Subject: invoice {RLO}fdp.exe \x1b[31m =?utf-8?q?=3Cscript=3Ealert(5)=3C/script=3E?=\r\n"
        f"X-Long: {long_line}\r\n"
        'Authentication-Results: mx.example.org; spf=pass (<b>bold</b>) smtp.mailfrom="<svg onload=x>"\r\n'
        "Content-Type: text/html\r\n\r\n"
        '<html><body onload="alert(6)"><script>alert(7)</script><a href="https://phish.example/">x</a></body></html>\r\n'
    ).encode("utf-8", "surrogateescape")
    report = analyze(load_bytes(raw, path="hostile.eml"), AnalysisSettings(), OfflineSource())
    page = report_to_html(report)
    assert_inert(page)
    page.encode("utf-8")  # writable as the file the GUI exports
    text = "".join(parse(page).text)
    assert "<script>alert(5)</script>" in text  # the decoded Subject, shown as text
    assert "⟨U+202E⟩fdp.exe" in text and "^[[31m" in text
    assert "hxxps://phish[.]example/" in text
    assert "A" * 10_000 in page and "A" * 10_001 not in page


def test_lone_surrogates_do_not_break_the_file() -> None:
    report = Report(
        SourceInfo("x\udcff.eml", "1" * 64, "eml", 5),
        DnsInfo("offline", "offline"),
        "t",
        "0.1.0",
        identities=Identities(subject="bad \udcff byte"),
        headers=(HeaderView(0, "Subject", "bad \udcff byte", "bad \udcff byte"),),
    )
    page = report_to_html(report)
    page.encode("utf-8")
    assert "bad \ufffd byte" in page


def test_malformed_values_cost_one_section_not_the_page() -> None:
    """Hand-built or damaged reports (wrong types inside) still export; the broken part says so."""
    bad_content = ContentView(True, None, None, (None,), ("not a dict", {"size": "huge"}))  # type: ignore[arg-type]
    bad_hop = Hop(0, 0, None, delay_seconds="soon")  # type: ignore[arg-type]
    report = Report(
        SourceInfo(None, "2" * 64, "eml", 5),
        DnsInfo("offline", "offline"),
        "t",
        "0.1.0",
        hops=(bad_hop,),
        content=bad_content,
        sections={"hops": SectionState.ANALYSED},
    )
    page = report_to_html(report)
    assert_inert(page)
    assert page.rstrip().endswith("</html>")
    assert "could not be drawn" in page
    assert '<header class="verdict not-analysed">' in page


# -- structure and print --------------------------------------------------------------------------------------


def test_structure_print_stylesheet_and_words_on_every_badge() -> None:
    page = report_to_html(hostile_report())
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert '<header class="verdict dangerous">' in page
    # Verdict first, then the story, then the detail.
    order = [
        page.index(f'id="{sid}"') for sid in ("message", "glance", "evidence", "lookalikes", "chain", "auth", "body")
    ]
    assert order == sorted(order) and page.index("verdict dangerous") < order[0]
    assert page.index('id="headers"') > order[-1]
    css = page[page.index("<style>") : page.index("</style>")]
    assert "@media print" in css and "break-before:page" in css and "break-inside:avoid" in css
    assert "overflow:hidden" not in css and "overflow:auto" not in css  # nothing clipped on paper
    # Every badge carries a word beside its colour (survives black-and-white printing).
    badges = parse(page).badges
    assert badges
    for cls, text in badges:
        assert cls.split()[1] in {"good", "bad", "warn", "unknown", "none"}
        assert re.search(r"[A-Za-z]{2,}", text), (cls, text)
    assert ("badge bad word", "✖ fail") in badges
    assert ("badge unknown word", "? not-verifiable") in badges
    assert ("badge warn", "⚠ " + EVIL) in badges  # an unknown lookalike severity: a warning, shown as text


def test_not_analysed_sections_say_so() -> None:
    report = Report(SourceInfo(None, "1" * 64, "headers", 5), DnsInfo("offline", "offline (no DNS)"), "t", "0.1.0")
    page = report_to_html(report)
    assert_inert(page)
    assert "NOT ANALYSED" in page
    chain = page[page.index('id="chain"') : page.index('id="auth"')]
    assert "This section was not analysed." in chain
    assert "The evidence has no body" in page


def test_attachments_links_and_headers_raw_and_decoded() -> None:
    sha = "ab" * 32
    att = AttachedFile(
        "Rechnung.pdf.exe",
        "application/octet-stream",
        "application/x-dosexec",
        2048,
        sha,
        content_type="application/octet-stream",
    )
    report = Report(
        SourceInfo("m.eml", "3" * 64, "eml", 5),
        DnsInfo("offline", "offline"),
        "t",
        "0.1.0",
        headers=(HeaderView(4, "Subject", "=?utf-8?b?UmVjaG51bmc=?=", "Rechnung"),),
        content=ContentView(
            True,
            "hello",
            None,
            (
                Link(
                    "hxxps://evil[.]example/login",
                    "Sign in",
                    "evil.example",
                    findings=(
                        LinkFinding("text-mismatch", "high", "The link says paypal.com but opens evil.example."),
                    ),
                ),
            ),
            (att,),
        ),
    )
    page = report_to_html(report)
    body = page[page.index('id="body"') : page.index('id="headers"')]
    assert "<td>Rechnung.pdf.exe</td><td>application/x-dosexec" in body
    assert "declared application/octet-stream</span></td><td>2.0 KiB" in body
    assert "2,048 bytes" in body and sha in body
    assert "hxxps://evil[.]example/login" in body
    assert (
        "<td>Sign in</td><td>evil.example</td><td>[high] The link says paypal.com but opens evil.example.</td>" in body
    )
    headers = page[page.index('id="headers"') :]
    assert "=?utf-8?b?UmVjaG51bmc=?=" in headers and ">Rechnung</td>" in headers


# -- the real reports -------------------------------------------------------------------------------------------


@cache
def paypal() -> tuple[Report, str]:
    snap = SnapshotSource.from_file(SAMPLES / "paypal-lookalike.dns.json")
    report = analyze(load_file(SAMPLES / "paypal-lookalike.eml"), AnalysisSettings(), snap)
    return report, report_to_html(report)


@cache
def offline(name: str) -> tuple[Report, str]:
    report = analyze(load_file(SHARED / "corpora" / "real-chains" / name), AnalysisSettings(), OfflineSource())
    return report, report_to_html(report)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def cards(page: str) -> list[str]:
    return re.findall(r'<article class="hop[^"]*" id="hop-\d+">.*?</article>', page)


def test_paypal_lookalike_with_snapshot() -> None:
    report, page = paypal()
    assert_inert(page)
    text = text_of(page)
    assert "✖ DANGEROUS" in text
    assert "paypal.billing.help@gmail.com" in text  # the Reply-To
    # Provenance on every result: the snapshot and its capture date (from the snapshot file).
    glance = page[page.index('id="glance"') : page.index('id="evidence"')]
    assert glance.count("DNS snapshot captured 2026-11-27T09:15:00Z") == 3  # SPF, DKIM, DMARC
    assert "DNS snapshot paypal-lookalike.dns.json, captured 2026-11-27T09:15:00Z" in text
    assert report.source.sha256 in page
    # The receiver's own result beside ours.
    assert "pass by mx1.corp.example.com" in glance
    # SPF: the record in the snapshot and the mechanism that matched the boundary IP.
    auth = text_of(page[page.index('id="auth"') : page.index('id="body"')])
    assert "v=spf1 ip4:203.0.113.0/24 -all" in auth and "ip4:203.0.113.0/24" in auth
    assert "bounce-7731@paypa1.com" in auth
    # DKIM: selector, key type and size, time at delivery; DMARC: per-identifier alignment sentences.
    assert "mail2026" in auth and "rsa 2048 bits" in auth
    assert "at delivery: in date" in auth
    assert "v=DMARC1; p=reject; adkim=r; aspf=r" in auth
    assert "DKIM d=paypa1.com passed and is aligned" in auth and "SPF paypa1.com passed and is aligned" in auth
    # Lookalikes with their explanation.
    looks = text_of(page[page.index('id="lookalikes"') : page.index('id="chain"')])
    assert "paypa1.com" in looks and "paypal.com" in looks and "DIGIT ONE" in looks
    assert "a free mailbox anyone can open" in looks
    # The chain: three Received fields, boundary at mail.paypa1.com [203.0.113.45] with the GUI's words.
    assert len(cards(page)) == len(report.hops) == 3
    line = boundary_text(report.boundary, report.hops)
    assert "SPF judged 203.0.113.45" in line and html.escape(line) in page
    assert page.index(html.escape(line)) < page.index('id="hop-2"')
    # The DKIM signature is drawn on the sender's hop, the receiver's A-R on the hop that wrote it.
    first, _, last = cards(page)
    assert "DKIM d=paypa1.com s=mail2026: pass · body intact" in first
    assert "A-R mx1.corp.example.com" in last and "claimed — can be forged" in first
    assert "hxxps://paypa1[.]com/secure/account/verify?id=88213" in page


def test_rspamd_arcbad_offline_boundary_breaks_and_arc() -> None:
    report, page = offline("rspamd-arcbad.eml")
    assert_inert(page)
    glance = page[page.index('id="glance"') : page.index('id="evidence"')]
    assert glance.count("not verifiable offline") >= 3  # SPF, DMARC and the freebsd.org key: no DNS here
    assert "offline (no DNS)" in page
    hop_cards = cards(page)
    # 8 Received fields in the file; mail.highsecure.ru took it in from mx2.freebsd.org [96.47.72.81].
    assert len(hop_cards) == 8
    assert "mx2.freebsd.org" in hop_cards[7] and "96.47.72.81" in hop_cards[7] and "hop boundary" in hop_cards[7]
    assert sum('class="hop claimed"' in c for c in hop_cards) == 7
    chain = page[page.index('id="chain"') : page.index('id="auth"')]
    b_line = html.escape(boundary_text(report.boundary, report.hops))
    assert chain.index(b_line) < chain.index('id="hop-8"') and chain.index(b_line) > chain.index('id="hop-7"')
    # The FreeBSD list changed the body after outlook.com signed it (hop 3) and before its own hop 5 signed it:
    # the marker sits below hop 3 and says so first, naming the list's hosts, not Microsoft's.
    body_break = next(b for b in report.breaks if b.what == "body changed")
    marker = html.escape(break_text(body_break, report.identities.mailing_list))
    assert marker.startswith(
        "✖ body changed between hop 3 and hop 5 — most likely the mailing list at freebsd.org "
        "(mx1.freebsd.org, mailman.nyi.freebsd.org)"
    )
    assert chain.index('id="hop-3"') < chain.index(marker) < chain.index('id="hop-4"')
    for br in report.breaks:
        assert html.escape(break_text(br, report.identities.mailing_list)) in chain
    restart = text_of(chain)
    assert (
        "ARC chain restarted between hop 3 and hop 6 — most likely the mailing list at freebsd.org (mx1.freebsd.org)"
        in restart
    )
    # DMARC was never looked up offline: the policy is unknown, not "none published".
    assert "policy not known (record not available offline)" in text_of(page)
    assert "none published" not in page and "policy None" not in page
    # outlook.com's signature and Microsoft's ARC set are drawn on hop 3, both with the body changed.
    assert "DKIM d=outlook.com s=selector1: fail · BODY CHANGED" in hop_cards[2]
    assert "ARC i=1 microsoft.com cv=none · BODY CHANGED" in hop_cards[2]
    auth = text_of(page[page.index('id="auth"') : page.index('id="body"')])
    assert "body-hash-mismatch" in auth  # DKIM error_kind
    assert "instance 1 has 2 ARC-Seal fields (duplicate ARC set)" in auth
    assert "Set i=1" in auth and "cv=none" in auth
    assert "written by an intermediary (ARC); trusted only through the ARC chain" in auth
    # Every header field is listed.
    assert page.count("<tr><td>") >= len(report.headers)


def test_twine_release_offline_disagreements_and_list_delay() -> None:
    report, page = offline("mailbits-twine_release.eml")
    assert_inert(page)
    assert report.disagreements
    glance = text_of(page[page.index('id="glance"') : page.index('id="evidence"')])
    assert "Where the receiver's record differs from ours" in glance
    for x in report.disagreements:
        assert f"(receiver: {x.recorded}, us: {x.recomputed})" in glance
    chain = text_of(page[page.index('id="chain"') : page.index('id="auth"')])
    assert "held for a long time" in chain  # the list held the message for days
    assert "held or re-sent by the mailing list" in chain
    assert "subject tagged at hop 3 — most likely the mailing list at python.org (mail.python.org)" in chain
    assert "[Distutils]" in chain
    assert "body changed between hop 2 and hop 5 — most likely the mailing list at python.org" in chain
    for h in report.hops:
        assert hop_text(h, is_claimed(h, report.boundary.hop_index)).title in chain


# -- size --------------------------------------------------------------------------------------------------------


def test_three_thousand_hops_stay_small_and_say_what_was_omitted() -> None:
    report = analyze(load_bytes(long_chain(3000)), AnalysisSettings(), OfflineSource())
    page = report_to_html(report)
    assert_inert(page)
    assert len(cards(page)) == MAX_HOPS == 500
    assert "2,500 of 3,000 Received fields hidden" in page  # the legend
    # The marker sits where the engine hid the middle: after the sender's first hops, before the newest.
    marker = page.index("2,500 hops hidden here")
    # Each card keeps its number in the whole chain: the one after the gap is hop 2,751, not the 251st listed.
    assert page.index('id="hop-250"') < marker < page.index('id="hop-2751"')
    assert 'id="hop-251"' not in page
    assert len(page.encode("utf-8")) < 3_000_000


def test_huge_hand_built_report_is_bounded() -> None:
    """More hops than any engine output, 100 KB values everywhere: the page stays a few MB."""
    big = "y" * 100_000
    hops = tuple(Hop(i, i, big, from_host=big, by_host=big, annotations=(big,)) for i in range(5_000))
    headers = tuple(HeaderView(i, "X-Big", big, big + "z") for i in range(5_000))
    report = Report(
        SourceInfo(None, "4" * 64, "eml", 5),
        DnsInfo("offline", "offline"),
        "t",
        "0.1.0",
        hops=hops,
        headers=headers,
        recorded=tuple(RecordedResult("Authentication-Results", i, big, False, "spf", big) for i in range(5_000)),
        sections={"hops": SectionState.ANALYSED},
    )
    page = report_to_html(report)
    assert len(cards(page)) == MAX_HOPS
    assert "4,500 more hops not shown" in page
    assert "more header fields omitted" in page
    assert len(page.encode("utf-8")) < 20_000_000


# -- shared words -------------------------------------------------------------------------------------------------


def test_provenance_words() -> None:
    dns = DnsInfo("snapshot", "snap", "2026-01-02T03:04:05Z")
    assert provenance_label(Provenance.LIVE_DNS) == "live DNS"
    assert provenance_label(Provenance.SNAPSHOT, dns) == "DNS snapshot captured 2026-01-02T03:04:05Z"
    assert provenance_label(Provenance.SNAPSHOT) == "DNS snapshot"
    assert provenance_label(Provenance.OFFLINE) == "not verifiable offline"
    assert provenance_label(Provenance.RECORDED) == "recorded by the receiver"


def test_ticket_summary_is_plain_text() -> None:
    text = ticket_summary(hostile_report())
    assert text.startswith("Email Header Inspector: DANGEROUS")
    assert "SPF: fail" in text
    assert "DKIM #1: not-verifiable" in text
    assert "[not verifiable offline]" in text
    assert f"sha256={'0' * 64}" in text


@pytest.mark.parametrize("level", list(Level))
def test_every_level_has_a_banner(level: Level) -> None:
    report = Report(
        SourceInfo(None, "5" * 64, "eml", 5),
        DnsInfo("offline", "offline"),
        "t",
        "0.1.0",
        verdict=Verdict(level, ("r",), "s"),
    )
    page = report_to_html(report)
    assert f'<header class="verdict {level.value}">' in page


def test_omitted_hops_sit_where_the_engine_hid_them() -> None:
    """The engine says on each hop how many were hidden before it; the marker goes exactly there."""
    hops = (
        Hop(0, 40, "from a by b", from_host="boundary.example", is_boundary=True, trust_zone="boundary"),
        Hop(1, 2, "from c by d", from_host="newer.example", trust_zone="internal", hidden_before=10),
        Hop(2, 1, "from e by f", from_host="newest.example", trust_zone="internal"),
    )
    boundary = TrustBoundary(0, truncated=True, received_count=13, hops_omitted=10)
    report = Report(
        SourceInfo(None, "6" * 64, "eml", 5),
        DnsInfo("offline", "offline"),
        "t",
        "0.1.0",
        hops=hops,
        boundary=boundary,
        sections={"hops": SectionState.ANALYSED},
    )
    page = report_to_html(report)
    marker = page.index("10 hops hidden here (10 of 13 Received fields in all)")
    assert page.index('id="hop-1"') < marker < page.index('id="hop-2"')
    assert "10 of 13 Received fields hidden" in page[: page.index('id="hop-1"')]  # the legend says it too


# -- words for values the engine could not fill ------------------------------------------------------------------


def offline_dmarc(**kw: object) -> DmarcResult:
    """DMARC as the engine leaves it when the _dmarc TXT question could not be asked (offline mode)."""
    base: dict[str, object] = dict(
        result=AuthResult.NOT_VERIFIABLE,
        from_domain="gmail.com",
        org_domain="gmail.com",
        reason="not verifiable offline: TXT _dmarc.gmail.com. OFFLINE (offline mode: no DNS query was sent)",
        provenance=Provenance.OFFLINE,
        dns=(DnsLookupRecord("_dmarc.gmail.com.", "TXT", "OFFLINE", "offline"),),
    )
    base.update(kw)
    return DmarcResult(**base)  # type: ignore[arg-type]


def test_dmarc_policy_is_only_none_published_when_the_lookup_found_no_record() -> None:
    offline_m = offline_dmarc()
    assert dmarc_summary(offline_m).startswith("From gmail.com, policy not known (record not available offline);")
    assert "none published" not in dmarc_summary(offline_m)
    snap = offline_dmarc(
        dns=(DnsLookupRecord("_dmarc.gmail.com.", "TXT", "NOT_IN_SNAPSHOT", "snapshot"),),
        provenance=Provenance.SNAPSHOT,
    )
    assert "policy not known (record not in the DNS snapshot)" in dmarc_summary(snap)
    absent = DmarcResult(
        AuthResult.NONE,
        from_domain="example.org",
        reason="no DMARC record at _dmarc.example.org",
        provenance=Provenance.LIVE_DNS,
        dns=(DnsLookupRecord("_dmarc.example.org.", "TXT", "NXDOMAIN", "live"),),
    )
    assert "example.org, no policy published;" in dmarc_summary(absent)
    temp = offline_dmarc(result=AuthResult.TEMPERROR, provenance=Provenance.LIVE_DNS, dns=())
    assert "policy not known" in dmarc_summary(temp) and "offline" not in dmarc_summary(temp).split(";")[0]
    found = offline_dmarc(result=AuthResult.FAIL, policy="reject", record="v=DMARC1; p=reject")
    assert "policy reject" in dmarc_summary(found)
    assert dmarc_policy(DmarcResult()) is None


def test_ticket_never_prints_a_python_none() -> None:
    report = Report(
        source=SourceInfo(None, "0" * 64, "headers", 10),
        dns=DnsInfo("offline", "offline (no DNS)", None),
        generated_at="2026-11-30T04:00:00Z",
        tool_version="0.1.0",
        identities=Identities(from_header="a@gmail.com", from_domain="gmail.com"),
        dkim=(DkimSignatureResult(0, result=AuthResult.PERMERROR),),
        dmarc=offline_dmarc(),
        arc=ArcResult(AuthResult.FAIL, instances=(ArcInstance(1),)),
        recorded=(RecordedResult("Authentication-Results", 1, None, False, "dkim", "pass"),),
        sections={"dkim": SectionState.ANALYSED, "dmarc": SectionState.ANALYSED, "arc": SectionState.ANALYSED},
    )
    ticket = ticket_summary(report)
    assert "DMARC: not-verifiable (From gmail.com, policy not known (record not available offline))" in ticket
    assert not re.search(r"\bNone\b", ticket), ticket
    page = text_of(report_to_html(report))
    assert not re.search(r"\bNone\b", page), re.findall(r".{60}\bNone\b.{60}", page)
