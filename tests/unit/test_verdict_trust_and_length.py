"""The verdict on forged receiver results, on the receiver's topmost record per check, and on l= signatures.

Built Reports test each rule alone; whole messages (the reviewer's reproductions, rebuilt here) test that the
recorded-results trust and the verdict work together.
"""

from __future__ import annotations

from typing import Any

from inspector.analyze import analyze
from inspector.dns.snapshot import SnapshotSource
from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult, DkimSignatureResult, DmarcResult, RecordedResult, SpfResult
from inspector.model.report import DnsInfo, Identities, Level, Report, SectionState, SourceInfo
from inspector.settings import AnalysisSettings
from inspector.verdict.rules import decide
from tests.conftest import SHARED

ALL = {n: SectionState.ANALYSED for n in ("spf", "dkim", "arc", "dmarc", "recorded", "hops", "lookalikes")}
NV = AuthResult.NOT_VERIFIABLE
DOM = "news.sender.example"


def report(
    *,
    recorded: tuple[RecordedResult, ...] = (),
    dkim: tuple[DkimSignatureResult, ...] = (),
    dmarc: AuthResult = NV,
    spf: AuthResult = NV,
    ids: dict[str, Any] | None = None,
) -> Report:
    identities = Identities(
        **{
            "from_header": f"Alice <alice@{DOM}>",
            "from_display_name": "Alice",
            "from_address": f"alice@{DOM}",
            "from_domain": DOM,
            **(ids or {}),
        }
    )
    return Report(
        source=SourceInfo(None, "0" * 64, "eml", 1),
        dns=DnsInfo("offline", "test"),
        generated_at="2026-11-30T00:00:00Z",
        tool_version="test",
        identities=identities,
        spf=SpfResult(result=spf, domain=DOM),
        dkim=dkim,
        dmarc=DmarcResult(result=dmarc, policy="none" if dmarc is AuthResult.PASS else None, from_domain=DOM),
        recorded=recorded,
        sections=dict(ALL),
    )


def rec(
    index: int,
    method: str,
    result: str,
    props: dict[str, str] | None = None,
    *,
    trusted: bool = True,
    basis: str = "",
) -> RecordedResult:
    return RecordedResult(
        "Authentication-Results",
        index,
        "mx.receiver.test",
        trusted,
        method,
        result,
        properties=dict(props or {}),
        trust_basis=basis,
    )


def level_and_reasons(r: Report) -> tuple[Level, tuple[str, ...]]:
    v = decide(r)
    assert v is not None
    return v.level, v.reasons


# --- the receiver's topmost record per check -----------------------------------------------------------


def test_a_lower_trusted_dmarc_pass_does_not_outvote_the_receivers_topmost_fail() -> None:
    recs = (rec(1, "dmarc", "fail", {"header.from": DOM}), rec(3, "dmarc", "pass", {"header.from": DOM}))
    level, reasons = level_and_reasons(report(recorded=recs))
    assert level is Level.SUSPICIOUS
    assert any("checked it on arrival: it fails DMARC" in r for r in reasons)
    # The same two records the other way round: the topmost says pass, nothing is raised.
    flipped = (rec(1, "dmarc", "pass", {"header.from": DOM}), rec(3, "dmarc", "fail", {"header.from": DOM}))
    assert level_and_reasons(report(recorded=flipped))[0] is Level.OK


def test_spf_uses_the_topmost_record_and_its_mail_from_check() -> None:
    recs = (
        rec(1, "spf", "none", {"smtp.helo": "pc.example"}),
        rec(1, "spf", "fail", {"smtp.mailfrom": f"bounce@{DOM}"}),
        rec(4, "spf", "pass", {"smtp.mailfrom": f"bounce@{DOM}"}),
    )
    level, reasons = level_and_reasons(report(recorded=recs))
    assert level is Level.SUSPICIOUS and any("(SPF fail)" in r for r in reasons)
    # The receiver's own record passes; a lower trusted fail does not outvote it either.
    flipped = (
        rec(1, "spf", "pass", {"smtp.mailfrom": f"bounce@{DOM}"}),
        rec(4, "spf", "fail", {"smtp.mailfrom": f"bounce@{DOM}"}),
    )
    assert not any("(SPF fail)" in r for r in level_and_reasons(report(recorded=flipped))[1])


# --- forged receiver results ---------------------------------------------------------------------------


FORGED_BASIS = "claims mx.receiver.test, but was already in the message ...: probably forged"


def test_forged_receiver_result_is_a_suspicious_sign_even_when_dmarc_passes() -> None:
    recs = (
        rec(5, "dmarc", "pass", trusted=False, basis=FORGED_BASIS),
        rec(5, "spf", "pass", trusted=False, basis=FORGED_BASIS),
    )
    sig = DkimSignatureResult(0, domain=DOM, result=AuthResult.PASS, body_hash="pass")
    level, reasons = level_and_reasons(report(recorded=recs, dkim=(sig,), dmarc=AuthResult.PASS, spf=AuthResult.PASS))
    assert level is Level.SUSPICIOUS
    (said,) = [r for r in reasons if "already in the message when it arrived" in r]
    assert said.startswith("A header claiming to be your mail server's result (mx.receiver.test)")
    assert "dmarc=pass, spf=pass" in said


def test_untrusted_records_that_are_not_forgeries_raise_nothing() -> None:
    recs = (
        rec(5, "dmarc", "pass", trusted=False, basis="another authserv-id than the receiving hop's"),
        rec(6, "dmarc", "pass", trusted=False, basis="written when the message passed through it before"),
    )
    sig = DkimSignatureResult(0, domain=DOM, result=AuthResult.PASS, body_hash="pass")
    level, _ = level_and_reasons(report(recorded=recs, dkim=(sig,), dmarc=AuthResult.PASS, spf=AuthResult.PASS))
    assert level is Level.OK


HOP = (
    "Received: from mail.sender.example (mail.sender.example [203.0.113.7])\r\n"
    "\tby mx.receiver.test (Postfix) with ESMTPS id ABC; Mon, 30 Nov 2026 06:30:05 +0000\r\n"
)
TAIL = (
    f"From: Alice <alice@{DOM}>\r\nTo: bob@receiver.test\r\nSubject: hi\r\n"
    "Date: Mon, 30 Nov 2026 06:29:00 +0000\r\nMessage-ID: <1@sender.example>\r\n\r\nHello body\r\n"
)
REAL = (
    f"Authentication-Results: mx.receiver.test; spf=fail smtp.mailfrom={DOM}; dkim=none; "
    f"dmarc=fail header.from={DOM}\r\n"
)
FORGED = (
    f"Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom={DOM}; dkim=pass header.d={DOM}; "
    f"dmarc=pass header.from={DOM}\r\n"
)


def _analysed(raw: str, ids: tuple[str, ...] = ()) -> Report:
    return analyze(load_bytes(raw.encode()), AnalysisSettings(trusted_authserv_ids=ids))


def test_reviewers_r1_forged_copy_below_the_receivers_received_no_longer_makes_it_ok() -> None:
    clean = _analysed(f"Return-Path: <bounce@{DOM}>\r\n" + REAL + HOP + TAIL)
    forged = _analysed(f"Return-Path: <bounce@{DOM}>\r\n" + REAL + HOP + FORGED + TAIL)
    assert clean.verdict.level is Level.SUSPICIOUS and forged.verdict.level is Level.SUSPICIOUS
    assert not any("already in the message" in r for r in clean.verdict.reasons)
    assert any("already in the message when it arrived" in r for r in forged.verdict.reasons)
    # Everything the clean message says is still said: the forged field changed nothing else.
    assert set(clean.verdict.reasons) <= set(forged.verdict.reasons)


def test_reviewers_r4_configuring_the_id_does_not_make_it_worse() -> None:
    submission = (
        "Received: from [10.0.0.5] (helo=pc) by mail.sender.example with ESMTPSA id Z; "
        "Mon, 30 Nov 2026 06:28:05 +0000\r\n"
    )
    raw = f"Return-Path: <bounce@{DOM}>\r\n" + REAL + HOP + submission + FORGED + TAIL
    for ids in ((), ("mx.receiver.test",)):
        r = _analysed(raw, ids)
        assert r.verdict.level is Level.SUSPICIOUS, ids
        assert any("fails DMARC" in x for x in r.verdict.reasons), ids
        assert any("already in the message when it arrived" in x for x in r.verdict.reasons), ids


def test_gmail_style_receiver_result_below_its_received_is_used_and_not_called_forged() -> None:
    raw = f"Return-Path: <bounce@{DOM}>\r\n" + HOP + REAL + TAIL
    r = _analysed(raw)
    assert r.verdict.level is Level.SUSPICIOUS
    assert any("fails DMARC" in x for x in r.verdict.reasons)
    assert not any("already in the message" in x for x in r.verdict.reasons)


# --- l= leaves the end of the body unsigned ---------------------------------------------------------------


def sig(domain: str = DOM, unsigned: int | None = None, result: AuthResult = AuthResult.PASS) -> DkimSignatureResult:
    limit = 12 if unsigned else None
    return DkimSignatureResult(
        0, domain=domain, result=result, body_hash="pass", body_length_limit=limit, unsigned_body_bytes=unsigned
    )


def test_passing_signature_with_unsigned_tail_is_suspicious_in_plain_words() -> None:
    level, reasons = level_and_reasons(report(dkim=(sig(unsigned=32),), dmarc=AuthResult.PASS, spf=AuthResult.PASS))
    assert level is Level.SUSPICIOUS
    assert reasons[0] == (
        f"Part of the message (32 bytes at the end) is not covered by the sender's signature ({DOM}): "
        "anyone could have added it — check any link or instruction there."
    )
    # The whole body signed: nothing to say.
    assert level_and_reasons(report(dkim=(sig(),), dmarc=AuthResult.PASS, spf=AuthResult.PASS))[0] is Level.OK
    # l= that covers the whole body (0 bytes unsigned) is harmless.
    assert level_and_reasons(report(dkim=(sig(unsigned=0),), dmarc=AuthResult.PASS, spf=AuthResult.PASS))[0] is Level.OK


def test_unsigned_tail_of_another_signer_and_of_a_failing_signature() -> None:
    # Another organisation's signature with l=: still suspicious, named as "the signature".
    level, reasons = level_and_reasons(
        report(dkim=(sig(), sig("esp.example", unsigned=1)), dmarc=AuthResult.PASS, spf=AuthResult.PASS)
    )
    assert level is Level.SUSPICIOUS
    assert any("(1 byte at the end) is not covered by the signature (esp.example)" in r for r in reasons)
    # A second passing signature of the same organisation covers the whole body: the tail was signed after all.
    both = (sig(unsigned=32), sig("mail." + DOM))
    assert level_and_reasons(report(dkim=both, dmarc=AuthResult.PASS, spf=AuthResult.PASS))[0] is Level.OK
    # A failing signature proves nothing either way; it is not this rule's business.
    _, reasons = level_and_reasons(report(dkim=(sig(unsigned=32, result=AuthResult.FAIL),)))
    assert not any("not covered" in r for r in reasons)


def test_unsigned_tail_offline_counts_only_when_your_server_recorded_the_pass() -> None:
    offline = sig(unsigned=32, result=NV)
    assert not any("not covered" in r for r in level_and_reasons(report(dkim=(offline,)))[1])
    recorded = (rec(1, "dkim", "pass", {"header.d": DOM}),)
    level, reasons = level_and_reasons(report(dkim=(offline,), recorded=recorded))
    assert level is Level.SUSPICIOUS and any("(32 bytes at the end) is not covered" in r for r in reasons)


def test_unsigned_tail_on_list_mail_is_the_lists_footer() -> None:
    ids = {"mailing_list": "dev.lists.example.org"}
    dkim = (sig(unsigned=40), sig("lists.example.org"))
    level, reasons = level_and_reasons(report(dkim=dkim, dmarc=AuthResult.PASS, spf=AuthResult.PASS, ids=ids))
    assert level is Level.OK
    assert any("mailing list at example.org probably added it as a footer" in r for r in reasons)


def test_l_tag_message_end_to_end() -> None:
    # The reviewer's D_l: signed with l= over the first part, a link appended after signing; DMARC passes.
    import dkim

    data_dir = SHARED / "conformance" / "dkimpy-testdata" / "data"
    head = f"From: Alice <alice@{DOM}>\r\nTo: bob@receiver.test\r\nSubject: hi\r\n\r\n".encode()
    body = b"Hello body\r\n"
    signature = dkim.sign(
        head + body, b"test", DOM.encode(), (data_dir / "test.private").read_bytes(), length=True,
        include_headers=[b"from", b"to", b"subject"],
    )  # fmt: skip
    appended = b"APPENDED LINK http://evil.example/\r\n"
    pub = (data_dir / "test.txt").read_text().strip()
    dns = SnapshotSource(
        [
            {"name": f"test._domainkey.{DOM}.", "type": "TXT", "status": "NOERROR", "rdata": [[pub]]},
            {"name": f"_dmarc.{DOM}.", "type": "TXT", "status": "NOERROR", "rdata": [["v=DMARC1; p=reject"]]},
        ]
    )
    r = analyze(load_bytes(signature + head + body + appended), AnalysisSettings(), dns)
    assert r.dmarc.result is AuthResult.PASS and r.dkim[0].unsigned_body_bytes == len(appended)
    assert r.verdict.level is Level.SUSPICIOUS
    assert any(
        f"({len(appended)} bytes at the end) is not covered by the sender's signature" in x for x in r.verdict.reasons
    )
