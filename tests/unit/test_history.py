"""Sender history (issue 17): a store learnt from a real mailbox, and each finding on messages crafted from it.

The mailbox is real legitimate mail from ../shared/corpora/legit-dev written into an mbox and a Maildir (the
shapes an analyst's export has), plus three earlier messages of one correspondent (comptetest15.linagora@
avocat.fr, from legit-dev's james__12.eml with another Message-ID and Date: the supplier who writes every
week). Messages are crafted from that correspondent's real message: the same sender through a VPS with no
signature, a new Reply-To, another display name, a look-alike domain, a new address, a new organisation.
"""

from __future__ import annotations

import json
import mailbox
import os
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.cli import main
from inspector.history.learn import learn_messages, message_fingerprint
from inspector.history.stage import close_readers
from inspector.history.store import SCHEMA_VERSION, HistoryError, open_history
from inspector.ingest import load_bytes, load_file
from inspector.model.report import Level, Report
from inspector.report.to_json import report_to_dict
from inspector.settings import AnalysisSettings
from tests.support.corpora import LEGIT, legit_messages

SUPPLIER = LEGIT / "james__12.eml"
ADDRESS = b"comptetest15.linagora@avocat.fr"
BOUNDARY = b"from s602f.ik2.com (s602f.ik2.com [66.37.25.73])"
NOW = "2026-12-01T00:00:00Z"


def _variant(data: bytes, n: int, day: str) -> bytes:
    """The supplier's message as another delivery: another Message-ID and Date (the header block changes)."""
    return data.replace(b"Mime4j.10cd", f"Mime4j.{n:02d}cd".encode()).replace(b"Thu, 30 May 2024", day.encode())


@pytest.fixture(scope="module")
def mailbox_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An mbox (the first half of legit-dev and the supplier's earlier mail) and a Maildir (the second half)."""
    folder = tmp_path_factory.mktemp("mailbox")
    messages = [p for p in legit_messages() if p.suffix == ".eml" and p != SUPPLIER]
    half = len(messages) // 2
    box = mailbox.mbox(folder / "inbox.mbox")
    for p in messages[:half]:
        box.add(p.read_bytes())
    base = SUPPLIER.read_bytes()
    for n, day in ((1, "Thu, 9 May 2024"), (2, "Thu, 16 May 2024"), (3, "Thu, 23 May 2024")):
        box.add(_variant(base, n, day))
    box.flush()
    box.close()
    maildir = mailbox.Maildir(folder / "Archive", create=True)
    for p in messages[half:]:
        maildir.add(p.read_bytes())
    maildir.close()
    return folder


@pytest.fixture(scope="module")
def store(mailbox_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The history learnt by the command line from the mbox and the Maildir."""
    path = str(tmp_path_factory.mktemp("history") / "history.sqlite3")
    code = main(["history", "learn", str(mailbox_dir / "inbox.mbox"), str(mailbox_dir / "Archive"), "--history", path])
    assert code == 0
    return path


def _analyse(data: bytes, store: str | None) -> Report:
    return analyze(load_bytes(data), AnalysisSettings(history=store, now=NOW))


def _kinds(report: Report) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in report.history.findings]


def _history_rules(report: Report) -> list[str]:
    return [r.text for r in report.verdict.findings if r.rule == "sender-history"]


# --- learning -------------------------------------------------------------------------------------------------


def test_learning_reads_the_mbox_and_the_maildir(store: str, mailbox_dir: Path) -> None:
    with open_history(store, readonly=True) as h:
        stats = h.stats()
        supplier = h.lookup(ADDRESS.decode(), "avocat.fr")
        # One sender only in the mbox half, one only in the Maildir half.
        in_mbox = h.lookup("jeff.stedfast@gmail.com", "gmail.com")
        in_maildir = h.lookup("samgentlemankaka@foxmail.com", "foxmail.com")
    assert stats.schema_version == SCHEMA_VERSION
    assert stats.messages > 250
    assert supplier.address is not None and supplier.address.messages == 3
    assert supplier.address.values("dkim-domain") == ("avocat.fr",)
    assert supplier.address.values("network") == ("66.37.25.0/24",)
    assert in_mbox.address is not None and in_maildir.address is not None


def test_learning_twice_counts_nothing_twice(store: str, mailbox_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = open_history(store).stats().messages
    capsys.readouterr()
    assert main(["history", "learn", str(mailbox_dir / "inbox.mbox"), "--history", store]) == 0
    assert "Learnt 0 messages" in capsys.readouterr().out
    assert open_history(store).stats().messages == before


def test_the_same_message_in_an_mbox_and_as_a_file_is_one_message() -> None:
    data = SUPPLIER.read_bytes()
    assert message_fingerprint(data) == message_fingerprint(data.replace(b"\n", b"\r\n") + b"\n")
    assert message_fingerprint(data) != message_fingerprint(_variant(data, 9, "Fri, 31 May 2024"))


def test_learning_never_stores_bodies(tmp_path: Path) -> None:
    body_marker = "BODY-ZEBRA-7731-never-stored"
    subject_marker = "SUBJECT-OKAPI-4410"
    data = SUPPLIER.read_bytes().replace(b"Subject: Test DKIM", f"Subject: {subject_marker}".encode())
    head, sep, body = data.partition(b"\n\n")
    data = head + sep + body_marker.encode() + b"\n" + body
    path = tmp_path / "h.sqlite3"
    with open_history(path) as h:
        assert learn_messages(h, [data]).learnt == 1
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert ADDRESS in raw  # the store does hold the address …
    assert body_marker.encode() not in raw  # … never the body
    assert subject_marker.encode() not in raw  # … nor the subject


# --- the findings ---------------------------------------------------------------------------------------------


def test_ordinary_repeat_mail_raises_nothing(store: str) -> None:
    report = _analyse(_variant(SUPPLIER.read_bytes(), 4, "Thu, 30 May 2024"), store)
    assert report.history.available
    assert report.history.findings == ()
    assert _history_rules(report) == []
    assert report.history.sender is not None and report.history.sender.messages == 3


def test_every_learnt_message_analysed_again_raises_nothing(store: str) -> None:
    """Real mail the history has seen is ordinary repeat mail: no finding at all on any of it."""
    noisy = {}
    for p in legit_messages():
        if p.suffix != ".eml":
            continue
        report = analyze(load_file(p), AnalysisSettings(history=store))
        if report.history.findings:
            noisy[p.name] = _kinds(report)
    assert noisy == {}


def test_same_sender_through_new_infrastructure(store: str) -> None:
    data = SUPPLIER.read_bytes().replace(BOUNDARY, b"from vps7.cheaphost.net (vps7.cheaphost.net [203.0.113.7])")
    report = _analyse(data.replace(b"DKIM-Signature:", b"X-Removed:"), store)
    assert _kinds(report) == [("new-infrastructure", "medium")]
    text = report.history.findings[0].explanation
    assert "3 times, always from servers of ik2.com signed by avocat.fr" in text
    assert "cheaphost.net" in text and "203.0.113.0/24" in text and "no signature" in text
    assert report.verdict.level is Level.SUSPICIOUS
    assert _history_rules(report) == [text]


def test_a_new_network_inside_the_usual_provider_is_a_note(store: str) -> None:
    data = SUPPLIER.read_bytes().replace(BOUNDARY, b"from s602g.ik2.com (s602g.ik2.com [66.37.99.73])")
    report = _analyse(data, store)
    assert _kinds(report) == [("new-infrastructure", "low")]
    assert report.verdict.level is not Level.SUSPICIOUS
    assert any(r.rule == "sender-history" and r.level.value == "note" for r in report.verdict.findings)


def test_new_reply_to(store: str) -> None:
    data = SUPPLIER.read_bytes().replace(b"Reply-To: " + ADDRESS, b"Reply-To: payments@quick-invoices.net")
    report = _analyse(data, store)
    assert _kinds(report) == [("new-reply-to", "medium")]
    assert "quick-invoices.net" in report.history.findings[0].explanation
    assert report.verdict.level is Level.SUSPICIOUS


def test_display_name_changed(store: str) -> None:
    data = SUPPLIER.read_bytes().replace(b'"Compte Test 15 (Linagora)"', b'"Finance Department"')
    report = _analyse(data, store)
    assert _kinds(report) == [("display-name-changed", "low")]
    assert '"Finance Department"' in report.history.findings[0].explanation


def test_lookalike_of_a_learnt_correspondent(store: str) -> None:
    data = SUPPLIER.read_bytes().replace(b"<" + ADDRESS + b">", b"<comptetest15.linagora@av0cat.fr>")
    report = _analyse(data, store)
    assert ("lookalike-of-correspondent", "high") in _kinds(report)
    finding = next(f for f in report.history.findings if f.kind == "lookalike-of-correspondent")
    assert "av0cat.fr looks like avocat.fr" in finding.explanation
    assert "resembles: avocat.fr" in finding.evidence
    assert report.verdict.level is Level.DANGEROUS
    # avocat.fr is in no brand table: without the history nothing protects it.
    assert _analyse(data, None).verdict.level is not Level.DANGEROUS


def test_lookalike_in_the_reply_to(store: str) -> None:
    data = SUPPLIER.read_bytes().replace(b"Reply-To: " + ADDRESS, b"Reply-To: compta@avocat-fr.com")
    report = _analyse(data, store)
    kinds = [k for k, _s in _kinds(report)]
    assert "lookalike-of-correspondent" in kinds and "new-reply-to" in kinds


def test_first_contact_of_a_new_address_and_of_a_new_organisation(store: str) -> None:
    new_address = SUPPLIER.read_bytes().replace(b"<" + ADDRESS + b">", b"<direction@avocat.fr>")
    report = _analyse(new_address, store)
    assert ("first-contact", "info") in _kinds(report)
    assert "avocat.fr has written to you 3 times from other addresses" in report.history.findings[0].explanation
    new_org = SUPPLIER.read_bytes().replace(b"<" + ADDRESS + b">", b"<sales@unknown-supplier.com>")
    report = _analyse(new_org, store)
    assert _kinds(report) == [("first-contact", "low")]
    assert "Nobody at unknown-supplier.com has written to you before" in report.history.findings[0].explanation
    assert report.verdict.level is not Level.SUSPICIOUS  # a first contact alone is a note


def test_new_address_of_a_known_organisation_from_new_infrastructure(store: str) -> None:
    data = SUPPLIER.read_bytes().replace(b"<" + ADDRESS + b">", b"<direction@avocat.fr>")
    data = data.replace(BOUNDARY, b"from vps7.cheaphost.net (vps7.cheaphost.net [203.0.113.7])")
    report = _analyse(data.replace(b"DKIM-Signature:", b"X-Removed:"), store)
    assert ("new-infrastructure", "medium") in _kinds(report)


def test_rare_sender(store: str) -> None:
    old = LEGIT / "mailkit__1.eml"  # netscape.com, 1995: learnt once
    data = old.read_bytes()
    assert b"1995" in data
    report = _analyse(data.replace(b"Date: Mon, 26 Jun 1995", b"Date: Tue, 24 Nov 2026"), store)
    assert ("rare-sender", "info") in _kinds(report)


# --- without a store ------------------------------------------------------------------------------------------


def test_without_a_store_the_section_says_so_and_nothing_changes(tmp_path: Path) -> None:
    report = _analyse(SUPPLIER.read_bytes(), None)
    assert not report.history.available and report.history.findings == ()
    assert "no history store" in report.history.note
    missing = _analyse(SUPPLIER.read_bytes(), str(tmp_path / "none.sqlite3"))
    assert not missing.history.available and "does not exist" in missing.history.note
    assert missing.verdict.reasons == report.verdict.reasons


def test_the_legit_census_does_not_change_without_a_store(tmp_path: Path) -> None:
    """Every legit-dev message: no store, and a store path that does not exist, give the same verdict, and no
    reason comes from the history."""
    missing = str(tmp_path / "absent.sqlite3")
    for p in legit_messages():
        try:
            message = load_file(p)
        except Exception:  # noqa: BLE001 (an unreadable corpus file is not this test's subject)
            continue
        plain = analyze(message, AnalysisSettings(now=NOW))
        absent = analyze(message, AnalysisSettings(now=NOW, history=missing))
        assert (plain.verdict.level, plain.verdict.reasons) == (absent.verdict.level, absent.verdict.reasons), p.name
        assert _history_rules(plain) == [] and not plain.history.available


def test_an_empty_store_says_so_and_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    open_history(path).close()
    report = _analyse(SUPPLIER.read_bytes(), str(path))
    assert report.history.available and report.history.findings == ()
    assert "empty" in report.history.note


def test_a_damaged_store_is_said_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    report = _analyse(SUPPLIER.read_bytes(), str(bad))
    assert not report.history.available
    assert "could not be read" in report.history.note
    assert report.sections.get("history") is not None


# --- the report -----------------------------------------------------------------------------------------------


def test_reports_with_history_validate_against_the_schema(store: str) -> None:
    from importlib import resources

    schema = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    data = SUPPLIER.read_bytes().replace(b"Reply-To: " + ADDRESS, b"Reply-To: payments@quick-invoices.net")
    doc = report_to_dict(_analyse(data, store))
    jsonschema.validate(doc, schema)
    assert doc["history"]["findings"][0]["kind"] == "new-reply-to"
    assert doc["history"]["sender"]["key"] == ADDRESS.decode()
    jsonschema.validate(report_to_dict(_analyse(data, None)), schema)


def test_cli_analyze_uses_the_history_and_batch_workers_get_it(
    store: str, mailbox_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crafted = tmp_path / "crafted.eml"
    crafted.write_bytes(SUPPLIER.read_bytes().replace(b"Reply-To: " + ADDRESS, b"Reply-To: x@quick-invoices.net"))
    capsys.readouterr()
    assert main(["analyze", str(crafted), "--json", "--offline", "--history", store]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [f["kind"] for f in doc["history"]["findings"]] == ["new-reply-to"]
    assert main(["analyze", str(crafted), "--json", "--offline", "--history", store, "--no-history"]) == 0
    assert json.loads(capsys.readouterr().out)["history"]["available"] is False
    # Two worker processes (spawned): each opens the store read-only from the path in the settings.
    code = main(["analyze", str(crafted), str(SUPPLIER), "--jsonl", "--jobs", "2", "--offline", "--history", store])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["history"]["available"] for d in lines] == [True, True]
    assert [f["kind"] for f in lines[0]["history"]["findings"]] == ["new-reply-to"]


def test_the_default_store_is_in_the_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from inspector.paths import default_history_path

    path = default_history_path()
    assert str(path).startswith(os.environ["INSPECTOR_DATA_DIR"])
    assert main(["history", "learn", str(SUPPLIER)]) == 0
    assert path.is_file()
    capsys.readouterr()
    assert main(["analyze", str(SUPPLIER), "--json", "--offline"]) == 0
    assert json.loads(capsys.readouterr().out)["history"]["store"] == str(path)


# --- show, forget, wipe, stats ----------------------------------------------------------------------------------


def test_show_stats_forget_and_wipe(mailbox_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "h.sqlite3")
    assert main(["history", "learn", str(mailbox_dir / "inbox.mbox"), "--history", path]) == 0
    capsys.readouterr()
    assert main(["history", "show", ADDRESS.decode(), "--history", path]) == 0
    out = capsys.readouterr().out
    assert "3 messages" in out and "66.37.25.0/24" in out and "avocat.fr" in out
    assert main(["history", "show", "avocat.fr", "--history", path]) == 0
    assert ADDRESS.decode() in capsys.readouterr().out
    assert main(["history", "stats", "--history", path]) == 0
    assert "sender addresses" in capsys.readouterr().out

    assert main(["history", "forget", ADDRESS.decode(), "--history", path]) == 0
    with open_history(path) as h:
        found = h.lookup(ADDRESS.decode(), "avocat.fr")
    assert found.address is None and found.org is None  # its only address: the organisation goes too
    close_readers()
    report = _analyse(_variant(SUPPLIER.read_bytes(), 5, "Thu, 30 May 2024"), path)
    assert ("first-contact", "low") in _kinds(report)

    assert main(["history", "forget", "--all", "--history", path]) == 0
    with open_history(path) as h:
        assert h.stats().messages == 0 and h.stats().senders == 0
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("h.sqlite3"))
    assert b"jeff.stedfast@gmail.com" not in raw  # wiped means gone from the file, not only unlisted


def test_forgetting_an_address_leaves_its_organisation_exact(tmp_path: Path) -> None:
    base = SUPPLIER.read_bytes()
    other = _variant(base, 7, "Thu, 2 May 2024").replace(b"<" + ADDRESS + b">", b"<direction@avocat.fr>")
    with open_history(tmp_path / "h.sqlite3") as h:
        learn_messages(h, [base, _variant(base, 6, "Thu, 25 Apr 2024"), other])
        assert h.lookup(None, "avocat.fr").org.messages == 3  # type: ignore[union-attr]
        assert h.forget(ADDRESS.decode()) > 0
        org = h.lookup(None, "avocat.fr").org
        assert org is not None and org.messages == 1
        assert all(f.count == 1 for f in org.facts)
        assert h.forget("avocat.fr") > 0
        assert h.stats().messages == 0


def test_cli_refuses_what_it_cannot_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "none.sqlite3")
    assert main(["history", "forget", "--history", missing]) == 2
    assert main(["history"]) == 2
    assert main(["history", "learn", str(tmp_path / "nothing-here"), "--history", missing]) == 2
    (tmp_path / "folder.sqlite3").mkdir()
    assert main(["history", "stats", "--history", str(tmp_path / "folder.sqlite3")]) == 2
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("my notes\n" * 200)
    assert main(["history", "learn", str(SUPPLIER), "--history", str(not_a_store)]) == 2
    assert not_a_store.read_text() == "my notes\n" * 200  # never overwritten
    assert "Traceback" not in capsys.readouterr().err
    # Nothing learnt yet is no error: it is said.
    for action in (["show", "a@b.example"], ["stats"], ["forget", "a@b.example"], ["wipe"]):
        assert main(["history", *action, "--history", missing]) == 0
        assert "nothing" in capsys.readouterr().out.lower()
    assert not os.path.exists(missing)  # asking created no store


# --- the store itself -----------------------------------------------------------------------------------------


def test_readers_see_a_consistent_store_while_a_writer_learns(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with open_history(path) as writer:
        learn_messages(writer, [SUPPLIER.read_bytes()])
        reader = open_history(path, readonly=True)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # a writer holds the write lock, mid-transaction
        other.execute("UPDATE senders SET messages = 99")
        found = reader.lookup(ADDRESS.decode(), "avocat.fr")
        assert found.address is not None and found.address.messages == 1  # the committed snapshot
        other.execute("ROLLBACK")
        other.close()
        reader.close()
        assert writer._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_schema_versions(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    with open_history(newer):
        pass
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="newer version"):
        open_history(newer)
    with pytest.raises(HistoryError, match="newer version"):
        open_history(newer, readonly=True)
    foreign = tmp_path / "foreign.sqlite3"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE photos (id INTEGER)")
    db.close()
    with pytest.raises(HistoryError, match="not a history store"):
        open_history(foreign)
    with pytest.raises(HistoryError):
        open_history(tmp_path / "absent.sqlite3", readonly=True)
    fresh = tmp_path / "fresh.sqlite3"
    with open_history(fresh) as h:
        assert h.stats().schema_version == SCHEMA_VERSION
    with pytest.raises(HistoryError, match="read-only"):
        open_history(fresh, readonly=True).learn([])


def test_text_and_html_reports_show_the_history(store: str) -> None:
    from inspector.report.to_html import report_to_html
    from inspector.report.to_text import report_to_text

    data = SUPPLIER.read_bytes().replace(b"Reply-To: " + ADDRESS, b"Reply-To: payments@quick-invoices.net")
    report = _analyse(data, store)
    text = report_to_text(report)
    assert "Sender history" in text and "new-reply-to" in text and "quick-invoices.net" in text
    html = report_to_html(report)
    assert 'id="history"' in html and "new-reply-to" in html and "66.37.25.0/24" in html
    plain = _analyse(data, None)
    assert "Sender history" not in report_to_text(plain)  # no store: the text report is as before
    assert "no history store" in report_to_html(plain)
