"""Issue 14 item 7: caveats as typed facts, reasons merged by the facts they state, engine wording at the source,
and the ticket's indicators (sender IP, defanged links, attachment hashes, filter lines, QR guarded)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from inspector.analyze import analyze
from inspector.chain import analyze_chain
from inspector.ingest import load_bytes, load_file
from inspector.model.chain import Break, TrustBoundary
from inspector.model.content import AttachedFile, Link, QrCode
from inspector.model.report import CaveatKind, ContentView, Level, SectionState
from inspector.report.indicators import banner_reasons
from inspector.report.to_json import report_to_dict
from inspector.report.wording import break_text, ticket_summary
from inspector.settings import AnalysisSettings
from inspector.verdict.caveats import collect
from tests.support.long_chain import long_chain
from tests.unit.test_verdict_rules import offline_report, verdict

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "paypal-lookalike.eml"


def kinds(report: object) -> set[CaveatKind]:
    return {c.kind for c in report.caveats}  # type: ignore[attr-defined]


def test_msg_without_transport_headers_is_a_caveat() -> None:
    r = analyze(load_file(str(FIXTURES / "msg" / "sent-item.msg")))
    assert CaveatKind.NO_TRANSPORT_HEADERS in kinds(r)
    assert "Outlook item" in next(c.text for c in r.caveats if c.kind is CaveatKind.NO_TRANSPORT_HEADERS)
    assert report_to_dict(r)["caveats"][0]["kind"] == "no-transport-headers"


def test_truncated_chain_is_a_caveat() -> None:
    r = analyze(load_bytes(long_chain(700)))
    assert r.boundary.truncated
    text = next(c.text for c in r.caveats if c.kind is CaveatKind.CHAIN_TRUNCATED)
    assert "700" in text and "not examined" in text


def test_a_complete_message_has_no_caveat_offline_beyond_not_verifiable() -> None:
    r = analyze(load_file(str(SAMPLE)))
    assert kinds(r) == {CaveatKind.NOT_VERIFIABLE}


def test_caveats_come_from_typed_facts_not_from_warning_text() -> None:
    base = offline_report(boundary=TrustBoundary(received_count=2))
    # A warning sentence that reads like a caveat does not make one …
    worded = dataclasses.replace(base, warnings=("this looks like a sent or draft item: nothing can be verified",))
    assert CaveatKind.NO_TRANSPORT_HEADERS not in {c.kind for c in collect(worded)}
    # … the typed facts do: a failed section, a DNS problem, a headers-only source.
    failed = dataclasses.replace(base, sections={**base.sections, "dkim": SectionState.ERROR})
    assert CaveatKind.CHECK_FAILED in {c.kind for c in collect(failed)}
    unreachable = dataclasses.replace(base, dns=dataclasses.replace(base.dns, problem="unreachable", note="No DNS."))
    got = {c.kind for c in collect(unreachable)}
    assert CaveatKind.DNS_UNREACHABLE in got and CaveatKind.NOT_VERIFIABLE not in got
    pasted = dataclasses.replace(base, source=dataclasses.replace(base.source, format="headers"))
    assert CaveatKind.NO_BODY in {c.kind for c in collect(pasted)}
    ok = dataclasses.replace(base, boundary=TrustBoundary(received_count=3), hops=())
    assert CaveatKind.NO_TRANSPORT_HEADERS not in {c.kind for c in collect(ok)}


def test_a_failing_body_hash_and_a_body_change_break_are_one_reason() -> None:
    from inspector.model.auth import AuthResult
    from tests.support.dmarc_run import sig

    brk = Break("body changed", 1, 2, "bh mismatch", suspects=("relay.example",))
    r = offline_report(dkim=(sig("acme-widgets.co.uk", AuthResult.FAIL, body_hash="fail"),), breaks=(brk,))
    v = verdict(r)
    assert v.level is Level.SUSPICIOUS
    texts = [f.text for f in v.findings]
    assert any(t.startswith("Every DKIM signature fails") for t in texts)
    assert not any(t.startswith("The message was altered on its way: body changed") for t in texts)
    kept = next(f for f in v.findings if f.rule == "dkim-failure")
    assert "alterations" in kept.also and "body-changed" in kept.facts
    # A different change (a subject tag) is a different fact: both stay.
    tag = Break("subject tagged", 1, 2, "tag", suspects=("relay.example",))
    v2 = verdict(dataclasses.replace(r, breaks=(brk, tag)))
    assert any(t == "The message was altered on its way: subject tagged." for t in v2.reasons)


def test_dns_unreachable_is_said_once() -> None:
    base = offline_report()
    note = "No DNS server answered: results are not verifiable; try the offline mode or a snapshot."
    r = dataclasses.replace(base, dns=dataclasses.replace(base.dns, mode="live", problem="unreachable", note=note))
    v = verdict(r)
    assert sum("could not be checked here" in t for t in v.reasons) == 0
    assert any(t.startswith("No DNS server answered") for t in v.reasons)


def test_banner_reasons_leave_caveat_facts_to_the_caveat_line() -> None:
    base = offline_report()
    note = "No DNS server answered: results are not verifiable; try the offline mode or a snapshot."
    r = dataclasses.replace(base, dns=dataclasses.replace(base.dns, mode="live", problem="unreachable", note=note))
    r = dataclasses.replace(r, verdict=verdict(r))
    r = dataclasses.replace(r, caveats=collect(r))
    assert any(t.startswith("No DNS server answered") for t in r.verdict.reasons)
    shown = [f.text for f in banner_reasons(r)]
    assert not any(t.startswith("No DNS server answered") for t in shown)
    assert CaveatKind.DNS_UNREACHABLE in {c.kind for c in r.caveats}


def test_same_hop_body_change_never_reads_between_hop_n_and_hop_n() -> None:
    """Two signatures added at the same hop, one matching: the change is at that hop (placement fixes the bracket)."""
    assert break_text(Break("body changed", 1, 1, "x")).startswith("✖ body changed at hop 2")
    assert "between hop 2 and hop 2" not in break_text(Break("body changed", 1, 1, "x"))
    assert break_text(Break("body changed", 0, 3, "x")).startswith("✖ body changed between hop 1 and hop 4")


def test_engine_bracket_for_same_hop_signatures() -> None:
    body = b"Hello.\r\n"
    import base64
    import hashlib

    good = base64.b64encode(hashlib.sha256(body).digest()).decode()
    bad = base64.b64encode(hashlib.sha256(b"other\r\n").digest()).decode()
    raw = (
        "Received: from mx.b.example (mx.b.example [192.0.2.2]) by mx.c.example; Mon, 30 Nov 2026 10:00:02 +0000\r\n"
        f"DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; d=b.example; s=s1; h=from; bh={good}; b=AAAA\r\n"
        f"DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; d=b.example; s=s2; h=from; bh={bad}; b=AAAA\r\n"
        "Received: from mx.a.example (mx.a.example [192.0.2.1]) by mx.b.example; Mon, 30 Nov 2026 10:00:01 +0000\r\n"
        "Received: from pc (pc [192.0.2.9]) by mx.a.example; Mon, 30 Nov 2026 10:00:00 +0000\r\n"
        "From: a@a.example\r\nSubject: x\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\n"
    ).encode() + body
    chain = analyze_chain(load_bytes(raw), AnalysisSettings())
    (brk,) = [b for b in chain.breaks if b.what == "body changed"]
    # Both signatures were added at hop 2: the change is at hop 2, the bracket (hop 1, hop 2].
    assert (brk.after_hop, brk.before_hop) == (0, 1)
    assert "the body changed at hop 2, between the signatures added there" in brk.evidence
    assert break_text(brk).startswith("✖ body changed at hop 2")
    assert "hop 2 and" not in break_text(brk)


def test_ticket_lists_indicators() -> None:
    r = analyze(load_file(str(SAMPLE)))
    text = ticket_summary(r)
    assert "Sender IP: 203.0.113.45" in text
    assert "Link: hxxps://" in text and "[.]" in text
    links = [line for line in text.splitlines() if line.startswith("Link: ")]
    assert links and all("http" not in line.lower().replace("hxxp", "") for line in links)
    # Attachment hashes and QR codes: from the model when present, no line (and no error) when absent.
    exe = AttachedFile("invoice.pdf.exe", "application/pdf", "application/x-dosexec", 3, "ab" * 32)
    att = dataclasses.replace(r, content=dataclasses.replace(r.content, attachments=(exe,)))
    assert f"Attachment: invoice.pdf.exe (application/x-dosexec, 3 bytes) sha256={'ab' * 32}" in ticket_summary(att)
    assert not any(line.startswith(("QR code:", "Attachment:")) for line in text.splitlines())


def test_ticket_lists_qr_urls_and_links_once() -> None:
    r = analyze(load_file(str(SAMPLE)))

    qr = QrCode("image001.png", "hxxps://qr[.]example/")
    content = ContentView(links=(Link("hxxps://x[.]example/"),), qr=(qr,))
    text = ticket_summary(dataclasses.replace(r, content=content))
    assert "QR code: image001.png: hxxps://qr[.]example/" in text
    assert "Link: hxxps://x[.]example/" in text


def test_text_output_and_ticket_say_the_not_verifiable_fact_once() -> None:
    """The CLI text and the ticket merge a reason into the caveat that states its fact, as the banner does."""
    from inspector.report.to_text import report_to_text

    r = analyze(load_file(str(SAMPLE)))
    said = "could not be checked here (no DNS answer available)"
    assert any(said in t for t in r.verdict.reasons)  # the JSON keeps every reason
    assert CaveatKind.NOT_VERIFIABLE in kinds(r)
    caveat = next(c.text for c in r.caveats if c.kind is CaveatKind.NOT_VERIFIABLE)
    for text in (report_to_text(r), ticket_summary(r)):
        assert said not in text
        assert text.count(caveat) == 1
    # The other reasons are all there, in the verdict's order.
    shown = [line.removeprefix("  • ") for line in report_to_text(r).splitlines() if line.startswith("  • ")]
    assert shown == [f.text for f in banner_reasons(r)]
