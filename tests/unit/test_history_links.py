"""Link domains in the sender history (issue 15, "links whose domain is newly seen for this sender").

A supplier (synthetic, `tests.support.link_mail`) always links to its payment portal, its own site and its
e-mail provider's click tracking. The history learns where its links lead; a later message linking somewhere
it never linked to gets a `new-link-domain` finding on that link, worded with what was usual, only when the
supplier's history is long and steady enough; the verdict states it as a note alone and as a warning with a
link finding that is everyday in newsletters. A version-1 store (made by the code before link learning:
``tests/fixtures/history/v1-store.sqlite3``) keeps working read-only and is migrated when written.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.cli import main
from inspector.history.learn import facts_of_bytes, learn_messages
from inspector.history.links import COMMON_SPREAD, MIN_LINK_MESSAGES
from inspector.history.stage import close_readers
from inspector.history.store import MAX_LINK_DOMAINS, SCHEMA_VERSION, open_history
from inspector.ingest import load_bytes
from inspector.model.content import NEW_LINK_DOMAIN
from inspector.model.report import Level, Report
from inspector.report.to_json import report_to_dict
from inspector.settings import AnalysisSettings
from tests.support.link_mail import OWN_SITE, PORTAL, SUPPLIER, TRACKED, invoice_mail

V1_STORE = Path(__file__).resolve().parents[1] / "fixtures" / "history" / "v1-store.sqlite3"
NOW = "2026-06-01T00:00:00Z"
NEW = "https://secure-acme-invoices.test/pay/{n}"
USUAL = (PORTAL, OWN_SITE, TRACKED)


@pytest.fixture(autouse=True)
def _fresh_readers() -> object:
    yield
    close_readers()


def _store(tmp_path: Path, messages: list[bytes], name: str = "h.sqlite3") -> str:
    path = str(tmp_path / name)
    with open_history(path) as h:
        learn_messages(h, messages)
    return path


def _steady(count: int = 5) -> list[bytes]:
    return [invoice_mail(n, USUAL, day=n) for n in range(1, count + 1)]


def _analyse(data: bytes, store: str | None) -> Report:
    return analyze(load_bytes(data), AnalysisSettings(history=store, now=NOW))


def _new_link_findings(report: Report) -> dict[str, str]:
    links = report.content.links
    return {link.domain or "": f.explanation for link in links for f in link.findings if f.kind == NEW_LINK_DOMAIN}


# --- learning ------------------------------------------------------------------------------------------------


def test_learning_records_where_links_lead_without_own_domain_or_tracking(tmp_path: Path) -> None:
    path = _store(tmp_path, _steady(5))
    with open_history(path, readonly=True) as h:
        found = h.lookup(SUPPLIER, "acme-corp.test")
    for rec in (found.address, found.org):
        assert rec is not None
        assert rec.link_messages == 5
        assert rec.novel_messages == 1  # only the first message brought a destination in
        assert [(f.value, f.count, f.first_seen, f.last_seen) for f in rec.links] == [
            ("acme-pay.test", 5, "2026-03-01", "2026-03-05")
        ]


def test_learning_reads_no_links_of_mailing_list_mail(tmp_path: Path) -> None:
    facts = facts_of_bytes(invoice_mail(1, (NEW,), list_id=True), AnalysisSettings())
    assert facts is not None and facts.via_list
    assert not facts.has_links and facts.link_domains == ()


def test_link_domains_are_bounded_per_sender(tmp_path: Path) -> None:
    messages = [
        invoice_mail(n, (f"https://site{n}.test/a", f"https://other{n}.test/b"), day=1 + n % 28) for n in range(60)
    ]
    path = _store(tmp_path, messages)
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT scope, count(*) FROM links GROUP BY scope").fetchall()
        spread = db.execute("SELECT count(*) FROM link_spread").fetchone()[0]
    assert dict(rows) == {"a": MAX_LINK_DOMAINS, "o": MAX_LINK_DOMAINS}
    assert spread == MAX_LINK_DOMAINS  # what the organisation forgot no longer counts as linked by it


def test_learning_keeps_no_url_path_or_link_text(tmp_path: Path) -> None:
    data = invoice_mail(1, ("https://portal.acme-pay.test/ZEBRA-PATH-7731",), texts=("OKAPI-TEXT-4410",))
    path = _store(tmp_path, [data])
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"acme-pay.test" in raw
    assert b"ZEBRA-PATH-7731" not in raw and b"OKAPI-TEXT-4410" not in raw and b"portal." not in raw
    assert Path(path).exists()


# --- the finding -----------------------------------------------------------------------------------------------


def test_a_link_to_a_new_domain_from_a_steady_sender_is_flagged(tmp_path: Path) -> None:
    store = _store(tmp_path, _steady(5))
    report = _analyse(invoice_mail(7, (PORTAL, NEW, TRACKED), day=20, month="May"), store)
    found = _new_link_findings(report)
    assert list(found) == ["secure-acme-invoices.test"]
    assert found["secure-acme-invoices.test"] == (
        f"{SUPPLIER} has sent you 5 messages with links since March 2026, to acme-pay.test; "
        "none linked to secure-acme-invoices.test."
    )
    link = next(x for x in report.content.links if x.domain == "secure-acme-invoices.test")
    assert [(f.kind, f.severity) for f in link.findings] == [(NEW_LINK_DOMAIN, "low")]
    # Alone it is a note: the level is what it is without the history.
    without = _analyse(invoice_mail(7, (PORTAL, NEW, TRACKED), day=20, month="May"), None)
    assert report.verdict.level is without.verdict.level
    notes = [r for r in report.verdict.findings if r.rule == "links-new-for-sender"]
    assert [(r.level, r.text) for r in notes] == [("note", found["secure-acme-invoices.test"])]


def test_usual_links_raise_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path, _steady(5))
    report = _analyse(invoice_mail(8, USUAL, day=21, month="May"), store)
    assert _new_link_findings(report) == {}
    assert not [r for r in report.verdict.findings if r.rule == "links-new-for-sender"]


def test_too_little_history_says_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path, _steady(MIN_LINK_MESSAGES - 1))
    assert _new_link_findings(_analyse(invoice_mail(7, (NEW,), day=20, month="May"), store)) == {}
    store = _store(tmp_path, _steady(MIN_LINK_MESSAGES), "enough.sqlite3")
    assert list(_new_link_findings(_analyse(invoice_mail(7, (NEW,), day=20, month="May"), store))) == [
        "secure-acme-invoices.test"
    ]


def test_a_sender_whose_links_always_change_gets_no_finding(tmp_path: Path) -> None:
    messages = [invoice_mail(n, (f"https://news-source{n}.test/story",), day=n) for n in range(1, 9)]
    store = _store(tmp_path, messages)
    assert _new_link_findings(_analyse(invoice_mail(20, (NEW,), day=20, month="May"), store)) == {}


def test_shared_infrastructure_is_not_new(tmp_path: Path) -> None:
    others = [
        invoice_mail(40 + i, ("https://www.bigsocial.test/acme",), sender=f"news@firm{i}.test", ip=f"203.0.113.{i}")
        for i in range(COMMON_SPREAD)
    ]
    store = _store(tmp_path, _steady(5) + others)
    report = _analyse(invoice_mail(7, ("https://www.bigsocial.test/acme", NEW), day=20, month="May"), store)
    assert list(_new_link_findings(report)) == ["secure-acme-invoices.test"]


def test_own_domain_tracking_and_mailing_lists_are_never_new(tmp_path: Path) -> None:
    store = _store(tmp_path, _steady(5))
    own = ("https://shop.acme-corp.test/new", "https://u9.ct.sendgrid.net/ls/click?upn=zz")
    assert _new_link_findings(_analyse(invoice_mail(7, own, day=20, month="May"), store)) == {}
    assert _new_link_findings(_analyse(invoice_mail(7, (NEW,), day=20, month="May", list_id=True), store)) == {}


def test_the_finding_is_in_the_json_schema(tmp_path: Path) -> None:
    store = _store(tmp_path, _steady(5))
    data = report_to_dict(_analyse(invoice_mail(7, (PORTAL, NEW), day=20, month="May"), store))
    schema = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    jsonschema.validate(data, schema)
    kinds = [f["kind"] for link in data["content"]["links"] for f in link["findings"]]
    assert NEW_LINK_DOMAIN in kinds
    assert data["history"]["sender"]["link_messages"] == 5
    assert data["history"]["sender"]["link_domains"] == ["acme-pay.test"]


# --- the verdict ---------------------------------------------------------------------------------------------


def test_with_free_hosting_a_new_destination_is_suspicious(tmp_path: Path) -> None:
    store = _store(tmp_path, _steady(5))
    lure = invoice_mail(7, (PORTAL, "https://acme-invoice.web.app/login"), day=20, month="May")
    without = _analyse(lure, None)
    report = _analyse(lure, store)
    reasons = [r for r in report.verdict.findings if r.rule == "links-new-for-sender"]
    assert [r.level for r in reasons] == ["suspicious"]
    assert reasons[0].text.startswith(
        "A link goes where this sender never linked before: the link opens a page on web.app"
    )
    assert reasons[0].text.endswith("none linked to acme-invoice.web.app.")
    assert report.verdict.level is Level.SUSPICIOUS
    assert without.verdict.level is Level.UNVERIFIED  # offline, nothing proves the sender; nothing wrong either


def test_a_risky_link_names_the_history_in_its_own_reason(tmp_path: Path) -> None:
    store = _store(tmp_path, _steady(5))
    lure = invoice_mail(7, ("https://paypa1-login.test/x",), texts=("www.paypal.com",), day=20, month="May")
    report = _analyse(lure, store)
    risky = [r.text for r in report.verdict.findings if r.rule == "risky-links"]
    assert len(risky) == 1
    assert "says www.paypal.com but opens paypa1-login.test" in risky[0]
    assert risky[0].endswith("none linked to paypa1-login.test.")
    assert not [r for r in report.verdict.findings if r.rule == "links-new-for-sender"]


# --- old stores ----------------------------------------------------------------------------------------------


def test_a_version_1_store_is_read_as_it_is_and_migrated_when_written(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    shutil.copy(V1_STORE, old)
    before = old.read_bytes()
    with sqlite3.connect(old) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    # Read-only (an analysis): no error, the header history works, no link history, the file untouched.
    report = _analyse(invoice_mail(7, (NEW,), day=20, month="May"), str(old))
    assert report.history.available, report.history.note
    assert report.history.sender is not None and report.history.sender.messages == 5
    assert report.history.sender.link_messages == 0
    assert _new_link_findings(report) == {}
    assert old.read_bytes() == before
    close_readers()
    # Written (learning): migrated to this version, the old counts kept, links learnt from then on.
    with open_history(old) as h:
        assert h.stats().schema_version == SCHEMA_VERSION == 2
        kept = h.lookup(SUPPLIER, "acme-corp.test")
        assert kept.address is not None and kept.address.messages == 5 and kept.address.link_messages == 0
        learn_messages(h, [invoice_mail(n, USUAL, day=n, month="Apr") for n in range(1, 4)])
        after = h.lookup(SUPPLIER, "acme-corp.test")
    assert after.address is not None and after.address.messages == 8 and after.address.link_messages == 3
    assert list(_new_link_findings(_analyse(invoice_mail(7, (NEW,), day=20, month="May"), str(old)))) == [
        "secure-acme-invoices.test"
    ]


def test_forgetting_a_sender_forgets_its_links(tmp_path: Path) -> None:
    others = [invoice_mail(50, ("https://www.acme-pay.test/x",), sender="news@firm9.test", ip="203.0.113.9")]
    path = _store(tmp_path, _steady(4) + others)
    with open_history(path) as h:
        assert h.link_spread(["acme-pay.test"]) == {"acme-pay.test": 2}
        h.forget(SUPPLIER)
        found = h.lookup(SUPPLIER, "acme-corp.test")
        assert found.address is None and found.org is None
        assert h.link_spread(["acme-pay.test"]) == {"acme-pay.test": 1}
        h.forget("firm9.test")
        assert h.link_spread(["acme-pay.test"]) == {"acme-pay.test": 0}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM links").fetchone()[0] == 0


# --- the command line ----------------------------------------------------------------------------------------


def test_history_learn_and_show_tell_the_link_domains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    for n, data in enumerate(_steady(4)):
        (folder / f"{n}.eml").write_bytes(data)
    store = str(tmp_path / "cli.sqlite3")
    assert main(["history", "learn", str(folder), "--history", store]) == 0
    capsys.readouterr()
    assert main(["history", "show", SUPPLIER, "--history", store]) == 0
    out = capsys.readouterr().out
    assert "links lead to: acme-pay.test (4 messages with links)" in out
    assert main(["history", "show", "acme-corp.test", "--history", store]) == 0
    assert "links lead to: acme-pay.test (4 messages with links)" in capsys.readouterr().out
