"""The check cards (`inspector.report.check_cards`): one model of the SPF/DKIM/DMARC/ARC checks for every view.

The HTML export renders the cards and nothing else: every fact of every card (title, result word, source of
facts, receiver's record, summary, detail rows, DNS answers, receivers' lines) is on the page, in the glance
table and in the detail cards. The GUI side of the same promise is tests/gui/test_auth_panel_cards.py.
"""

from __future__ import annotations

import dataclasses
import html
import re
from functools import cache

import pytest

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.dns.snapshot import SnapshotSource
from inspector.ingest import load_file, read_pasted_headers
from inspector.model.auth import AuthResult, DkimSignatureResult, Provenance
from inspector.model.report import Report, SectionState
from inspector.report.check_cards import MAX_ROWS, NO_SIGNATURE, CheckCard, check_cards
from inspector.report.to_html import esc, report_to_html
from inspector.report.wording import Badge, result_class
from inspector.settings import AnalysisSettings
from tests.conftest import SAMPLES, SHARED
from tests.gui.sample_reports import rich_report
from tests.support.corpora import PHISHING


@cache
def reports() -> dict[str, Report]:
    snap = SnapshotSource.from_file(SAMPLES / "paypal-lookalike.dns.json")
    out = {
        "paypal-snapshot": analyze(load_file(SAMPLES / "paypal-lookalike.eml"), AnalysisSettings(), snap),
        "arc-and-receivers": analyze(load_file(PHISHING / "sample-1156.eml"), AnalysisSettings(), OfflineSource()),
        "pasted-headers": analyze(read_pasted_headers("From: a@example.com\nSubject: hi\n")),
        "sample": rich_report(),
    }
    chains = sorted((SHARED / "corpora" / "real-chains").glob("*.eml"))[:2]
    out.update({p.name: analyze(load_file(p), AnalysisSettings(), OfflineSource()) for p in chains})
    return out


def words(text: str) -> str:
    return " ".join(text.split())


def shown_html(value: str, limit: int) -> str:
    """What the page shows for `value` once its markup is read as text."""
    return words(html.unescape(esc(value, limit)))


def text_of(fragment: str) -> str:
    return words(html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def glance_rows(page: str) -> list[tuple[str, ...]]:
    glance = page[page.index('id="glance"') : page.index('id="evidence"')]
    tbody = glance[glance.index("<tbody>") : glance.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", tbody, re.S)
    return [tuple(text_of(c) for c in re.findall(r"<td>(.*?)</td>", r, re.S)) for r in rows]


def detail_cards(page: str) -> list[str]:
    auth = page[page.index('id="auth"') :]
    auth = auth[: auth.index("</section>")]
    return [text_of(c) for c in auth.split('<div class="check">')[1:]]


@pytest.mark.parametrize("name", ["paypal-snapshot", "arc-and-receivers", "pasted-headers", "sample"])
def test_the_export_shows_every_fact_of_every_card(name: str) -> None:
    report = reports()[name]
    page = report_to_html(report)
    cards = [c for c in check_cards(report, limit=500) if c.key != "differences"]
    rows = glance_rows(page)
    assert [r[0] for r in rows] == [c.title for c in cards]
    for row, card in zip(rows, cards, strict=True):
        status = row[1].split()[-1] if row[1] else None
        assert status == (card.status.value if card.status else None)
        assert row[2:] == (shown_html(card.source, 300), shown_html(card.recorded, 500), shown_html(card.summary, 1500))
    details = detail_cards(page)
    assert len(details) == len(cards)
    for text, card in zip(details, cards, strict=True):
        assert text.startswith(card.title)
        assert shown_html(card.source or "—", 300) in text and shown_html(card.summary, 3000) in text
        for r in card.details:
            assert f"{r.label} {shown_html(r.value, 4000)}"[:300] in text
        for line in (*card.dns, *card.receivers):
            assert shown_html(line, 4000)[:300] in text


def test_the_differences_with_the_receiver_are_in_the_glance() -> None:
    report = reports()["sample"]
    (diff,) = [c for c in check_cards(report) if c.key == "differences"]
    assert diff.expanded and len(diff.details) == len(report.disagreements)
    page = report_to_html(report)
    glance = text_of(page[page.index('id="glance"') : page.index('id="evidence"')])
    assert "Where the receiver's record differs from ours" in glance
    assert all(shown_html(r.value, 2000) in glance for r in diff.details)


def by_title(cards: tuple[CheckCard, ...]) -> dict[str, CheckCard]:
    return {c.title: c for c in cards}


def test_no_signature_is_a_grey_none_card_in_every_view() -> None:
    report = reports()["pasted-headers"]
    card = by_title(check_cards(report))["DKIM"]
    assert (card.status, card.level, card.source, card.summary) == (
        AuthResult.NONE,
        Badge.NONE,
        "from the message alone",
        NO_SIGNATURE,
    )
    rows = {r[0]: r for r in glance_rows(report_to_html(report))}
    # Before the cards the export showed no badge and no source here, unlike the GUI.
    assert rows["DKIM"][1].endswith("none") and rows["DKIM"][2] == "from the message alone"
    not_run = dataclasses.replace(report, sections={**report.sections, "dkim": SectionState.NOT_ANALYSED})
    card = by_title(check_cards(not_run))["DKIM"]
    assert (card.status, card.source, card.summary) == (AuthResult.NOT_ANALYSED, "", "not analysed")


def test_a_failed_section_says_where_its_error_is_explained() -> None:
    report = reports()["paypal-snapshot"]
    broken = dataclasses.replace(report, sections={**report.sections, "spf": SectionState.ERROR})
    assert by_title(check_cards(broken, see="Details"))["SPF"].summary == (
        "could not be completed (internal error; see Details)"
    )
    assert by_title(check_cards(broken))["SPF"].summary == "could not be completed (internal error)"


def test_signatures_past_the_limit_are_counted_on_one_card() -> None:
    sig = DkimSignatureResult(0, "example.com", "s1", "rsa-sha256", AuthResult.FAIL, provenance=Provenance.OFFLINE)
    sigs = tuple(
        dataclasses.replace(sig, index=i, result=AuthResult.PASS if i % 2 else AuthResult.FAIL) for i in range(60)
    )
    report = dataclasses.replace(reports()["pasted-headers"], dkim=sigs)
    cards = check_cards(report)
    dkim = [c for c in cards if c.title.startswith("DKIM")]
    assert len(dkim) == MAX_ROWS + 1
    assert dkim[-1].title == f"DKIM #{MAX_ROWS + 1}–#60" and dkim[-1].status is None
    assert dkim[-1].summary.startswith("10 more signatures not listed here (5 fail, 5 pass)")
    assert len([c for c in check_cards(report, limit=500) if c.title.startswith("DKIM")]) == 60
    page = report_to_html(report)
    assert [r[0] for r in glance_rows(page)].count("DKIM #60") == 1


def test_receivers_results_for_other_methods_have_a_card() -> None:
    report = reports()["arc-and-receivers"]  # Microsoft's compauth
    others = [r for r in report.recorded if r.method.lower() not in ("spf", "dkim", "dmarc", "arc")]
    assert {r.method for r in others} == {"compauth"}
    card = by_title(check_cards(report))["Other recorded"]
    assert card.status is None and card.source == "recorded by the receiver"
    assert len(card.receivers) == len(others)
    assert "Other recorded" not in by_title(check_cards(reports()["paypal-snapshot"]))


def test_the_badge_group_is_the_result_words_group() -> None:
    seen = set()
    for report in reports().values():
        for card in check_cards(report):
            assert card.level == (result_class(card.status) if card.status is not None else Badge.NONE)
            seen.add(card.level)
    assert {Badge.GOOD, Badge.BAD, Badge.NONE} <= seen
