"""A link's risk as a whole (`Link.risk`), computed once by the engine and shown by every view.

The sender history's `new-link-domain` finding is low alone, and so are the everyday signs it makes worse
(free hosting, a shortener, a redirect; a brand named in the text and a medium look-alike are medium). Together
on one clickable link they make the verdict suspicious; the link's own risk must say so too, in the JSON, the
text and HTML reports and the banner's content line, never "Low" beside a suspicious verdict. The combination
is one definition (`inspector.model.content.link_risk`) that the verdict reads as well.
"""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.history.learn import learn_messages
from inspector.history.stage import close_readers
from inspector.history.store import open_history
from inspector.ingest import load_bytes
from inspector.model.content import NEW_LINK_DOMAIN, WITH_NEW_DESTINATION, Link, LinkFinding
from inspector.model.report import Level, Report
from inspector.model.vocabulary import Severity
from inspector.report.to_html import report_to_html
from inspector.report.to_json import report_to_dict
from inspector.report.to_text import report_to_text
from inspector.report.wording import content_line, link_details, worst_content_finding
from inspector.settings import AnalysisSettings
from tests.support.link_mail import OWN_SITE, PORTAL, TRACKED, invoice_mail

NOW = "2026-06-01T00:00:00Z"
NEW = LinkFinding(NEW_LINK_DOMAIN, Severity.LOW, "acme-corp.test has sent you 5 messages with links; none linked to x.")
SIGNS = {
    "lookalike": Severity.MEDIUM,
    "brand-mismatch": Severity.MEDIUM,
    "free-hosting": Severity.LOW,
    "shortener": Severity.LOW,
    "punycode": Severity.LOW,
    "open-redirect": Severity.LOW,
}
RAISED = {Severity.LOW: Severity.MEDIUM, Severity.MEDIUM: Severity.HIGH}


@pytest.fixture(autouse=True)
def _fresh_readers() -> object:
    yield
    close_readers()


def test_every_sign_the_verdict_combines_is_rated() -> None:
    assert set(SIGNS) == set(WITH_NEW_DESTINATION)


@pytest.mark.parametrize("kind", sorted(SIGNS))
def test_a_new_destination_raises_the_sign_it_meets_one_step(kind: str) -> None:
    sign = LinkFinding(kind, SIGNS[kind], f"The link shows the {kind} sign.")
    alone = Link("hxxps://x[.]test/", findings=(sign,))
    both = Link("hxxps://x[.]test/", findings=(sign, NEW))
    assert alone.risk == SIGNS[kind] and alone.risk_note == ""
    assert both.risk == RAISED[SIGNS[kind]]
    assert both.risk_note == f"The link shows the {kind} sign; {NEW.explanation}"


def test_a_new_destination_alone_or_on_a_loaded_image_stays_as_it_is() -> None:
    assert Link("hxxps://x[.]test/", findings=(NEW,)).risk == Severity.LOW
    tracking = LinkFinding("tracking", Severity.INFO, "Click tracking.")
    assert Link("hxxps://x[.]test/", findings=(tracking, NEW)).risk == Severity.LOW
    short = LinkFinding("shortener", Severity.LOW, "Shortened.")
    image = Link("hxxps://x[.]test/p.gif", findings=(short, NEW), role="resource")
    assert image.risk == Severity.LOW and image.risk_note == ""
    assert Link("hxxps://x[.]test/").risk is None


def test_a_stronger_finding_is_never_lowered() -> None:
    high = LinkFinding("text-mismatch", Severity.HIGH, "The link says a.test but opens b.test.")
    short = LinkFinding("shortener", Severity.LOW, "Shortened.")
    assert Link("hxxps://x[.]test/", findings=(high, short, NEW)).risk == Severity.HIGH


def test_the_risk_follows_the_findings_when_they_change() -> None:
    # The history stage adds its finding with dataclasses.replace: the risk is rated again, never stale.
    short = Link("hxxps://bit[.]ly/x", findings=(LinkFinding("shortener", Severity.LOW, "Shortened."),))
    assert dataclasses.replace(short, findings=(*short.findings, NEW)).risk == Severity.MEDIUM
    with pytest.raises(ValueError):
        dataclasses.replace(short, risk=Severity.HIGH)  # type: ignore[call-arg]


def _lure_report(tmp_path: Path, url: str, text: str = "Open the invoice") -> tuple[Report, Report]:
    """The report on a lure linking to `url` from a steady sender, with its history and without."""
    store = str(tmp_path / "h.sqlite3")
    with open_history(store) as h:
        learn_messages(h, [invoice_mail(n, (PORTAL, OWN_SITE, TRACKED), day=n) for n in range(1, 6)])
    lure = load_bytes(invoice_mail(7, (PORTAL, url), texts=("Open", text), day=20, month="May"))
    return analyze(lure, AnalysisSettings(history=store, now=NOW)), analyze(lure, AnalysisSettings(now=NOW))


@pytest.mark.parametrize(
    ("url", "text", "risk"),
    [
        ("https://acme-invoice.web.app/login", "Open the invoice", Severity.MEDIUM),  # free hosting
        ("https://bit.ly/3xYzAcme", "Open the invoice", Severity.MEDIUM),  # shortener
        ("https://pay.acme-billing.test/", "Sign in to PayPal", Severity.HIGH),  # brand named in the text
    ],
)
def test_the_report_carries_the_risk_the_verdict_acts_on(tmp_path: Path, url: str, text: str, risk: str) -> None:
    report, without = _lure_report(tmp_path, url, text)
    assert report.verdict.level is Level.SUSPICIOUS
    reason = next(r for r in report.verdict.findings if r.rule == "links-new-for-sender")
    link = report.content.links[1]
    assert link.risk == risk and link.risk_note
    # The verdict's sentence is the link's own note: one source for both.
    assert reason.text.casefold().endswith(link.risk_note.casefold())
    # Without the history the same link keeps its findings' own risk, and the verdict is not raised.
    assert without.content.links[1].risk == link.worst != risk
    assert without.verdict.level is not Level.SUSPICIOUS

    data = report_to_dict(report)
    schema = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["content"]["links"][1]["risk"] == risk
    assert data["content"]["links"][1]["risk_note"] == link.risk_note
    assert data["content"]["links"][0]["risk"] is None and data["content"]["links"][0]["risk_note"] == ""


def test_text_html_and_banner_show_the_combined_risk(tmp_path: Path) -> None:
    report, without = _lure_report(tmp_path, "https://acme-invoice.web.app/login")
    word = "⚠ Risky"
    text = report_to_text(report)
    assert "Risky links (defanged)" in text
    line = next(x for x in text.splitlines() if "acme-invoice[.]web[.]app" in x)
    assert line.strip().startswith(f"{word}: hxxps://acme-invoice[.]web[.]app/login")
    assert "none linked to acme-invoice.web.app" in line
    assert "Risky links" not in report_to_text(without)  # low findings alone are not listed as risky

    html = report_to_html(report)
    row = next(r for r in html.split("<tr>") if "acme-invoice[.]web[.]app" in r)
    assert row.startswith(f"<td>{word}</td>")
    assert "<b>Together:</b>" in row
    quiet = next(r for r in report_to_html(without).split("<tr>") if "acme-invoice[.]web[.]app" in r)
    assert quiet.startswith("<td>Low</td>")

    details = link_details(report.content.links[1])
    assert details.splitlines()[-1].startswith(f"Risk: {word}, together: The link opens a page on web.app")
    banner = worst_content_finding(report)
    assert banner is not None and banner.startswith("Worth checking in the content — link hxxps://acme-invoice")
    assert worst_content_finding(without) is None
    # The verdict already says it: the banner's content line does not repeat it.
    assert content_line(report, [r.text for r in report.verdict.findings]) is None
