"""The printable HTML report: self-contained, no scripts, no external resources, every value escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from inspector.report.auth_model import AuthResult, DkimSignatureResult, Provenance, RecordedResult, SpfResult
from inspector.report.chain_model import Break, Hop, TrustBoundary
from inspector.report.lookalike_model import LookalikeFinding
from inspector.report.model import (
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
from inspector.report.to_html import provenance_label, report_to_html, ticket_summary

EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'


class TagCollector(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def hostile_report() -> Report:
    hop = Hop(
        0,
        3,
        f"from {EVIL} by mx",
        from_host=EVIL,
        from_ip="192.0.2.1",
        by_host=EVIL,
        protocol=EVIL,
        timestamp=EVIL,
        delay_seconds=-30.0,
        is_boundary=True,
        trust_zone="boundary",
    )
    return Report(
        source=SourceInfo(EVIL, "0" * 64, "eml", 10),
        dns=DnsInfo("snapshot", EVIL, "2026-11-30T03:50:00Z"),
        generated_at="2026-11-30T04:00:00Z",
        tool_version="0.1.0",
        identities=Identities(from_header=EVIL, subject=EVIL, reply_to=(EVIL,), return_path=EVIL),
        spf=SpfResult(AuthResult.FAIL, domain=EVIL, client_ip="192.0.2.1", reason=EVIL, provenance=Provenance.SNAPSHOT),
        dkim=(
            DkimSignatureResult(
                0,
                domain=EVIL,
                selector=EVIL,
                result=AuthResult.NOT_VERIFIABLE,
                reason=EVIL,
                warnings=(EVIL,),
                provenance=Provenance.OFFLINE,
            ),
        ),
        recorded=(RecordedResult(EVIL, 1, EVIL, True, "spf", EVIL, reason=EVIL),),
        hops=(hop,),
        boundary=TrustBoundary(0, client_ip="192.0.2.1", confidence="high"),
        breaks=(Break(EVIL, 0, None, EVIL),),
        lookalikes=(LookalikeFinding(EVIL, EVIL, EVIL, EVIL, EVIL),),
        verdict=Verdict(Level.DANGEROUS, (EVIL,), EVIL),
        headers=(HeaderView(0, EVIL, EVIL, EVIL),),
        content=ContentView(
            True,
            EVIL,
            EVIL,
            ("hxxps://evil[.]example/" + EVIL,),
            ({"filename": EVIL, "content_type": EVIL, "size": 1, "sha256": EVIL},),
        ),
        sections={"hops": SectionState.ANALYSED, "dkim": SectionState.ANALYSED},
        warnings=(EVIL,),
    )


def test_every_value_is_escaped() -> None:
    page = report_to_html(hostile_report())
    parser = TagCollector()
    parser.feed(page)
    tags = {t for t, _ in parser.tags}
    assert "script" not in tags
    assert "img" not in tags
    assert "a" not in tags  # links are text, never anchors
    for _tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), name
            assert "javascript:" not in (value or "")
    # The hostile text survives as text (the analyst sees exactly what the message said).
    assert any(EVIL in t for t in parser.text)


def test_no_external_resources_and_no_scripts() -> None:
    page = report_to_html(hostile_report())
    low = page.lower()
    assert "<script" not in low
    assert "<link" not in low
    assert "@import" not in low
    assert "url(" not in low
    parser = TagCollector()
    parser.feed(page)
    attrs = {name for _t, pairs in parser.tags for name, _v in pairs}
    assert not attrs & {"src", "href", "srcset", "action", "background", "data", "poster"}
    # "<" only ever opens one of our own tags: the hostile text is escaped, not markup.
    assert not re.search(
        r"<(?!/?(?:html|head|meta|title|style|body|div|h1|h2|p|ul|li|table|tr|th|td|span|b|br|pre|"
        r"details|summary|footer)\b|!doctype)",
        low,
    )
    # A CSP that forbids loading anything, in case the file is opened in a browser.
    assert "default-src 'none'" in page


def test_content_and_structure() -> None:
    page = report_to_html(hostile_report())
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert '<div class="verdict dangerous">' in page
    assert "not verifiable offline" in page
    assert "DNS snapshot captured 2026-11-30T03:50:00Z" in page
    assert '<span class="neg">-30 s</span>' in page
    assert "Received by your organisation at hop 1; SPF judged 192.0.2.1" in page
    assert "@media print" in page


def test_not_analysed_sections_say_so() -> None:
    report = Report(SourceInfo(None, "1" * 64, "headers", 5), DnsInfo("offline", "offline (no DNS)"), "t", "0.1.0")
    page = report_to_html(report)
    assert "Not analysed" in page
    assert '<h2>Received chain (origin first)</h2><p class="muted">This section was not analysed.</p>' in page
    assert "This section was not analysed." in page
    assert "The evidence has no body" in page


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
