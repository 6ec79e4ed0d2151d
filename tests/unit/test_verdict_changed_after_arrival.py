"""A body changed after your own mail server verified its signature (issue: legit false alarms, class
"changed after arrival"): a security gateway rewriting links, a footer added inside the organisation, the
program the message was saved with. The signature's body hash fails here, but your trusted server recorded
DKIM pass for that signature when the message came in: the change is on your side and says nothing against
the sender. Built from the class (a signed message, its body changed, a receiver record), not from a sample.
"""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes
from inspector.model.report import Level, ReasonWeight, Report
from inspector.settings import AnalysisSettings

#: A signature whose bh= is not the hash of the body below (the body changed after signing).
SIGNED = (
    "DKIM-Signature: v=1; a=rsa-sha256; d={d}; s=s1; c=relaxed/relaxed; h=from:subject:date; "
    "bh=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=; b=AAAA\r\n"
)
BASE = (
    "Received: from out.shop-example.com (out.shop-example.com [192.0.2.10]) by mx.example.net with ESMTPS; "
    "Mon, 30 Nov 2026 10:00:00 +0000\r\n"
    "{signed}"
    "From: Shop <news@shop-example.com>\r\nTo: you@example.net\r\nSubject: Your order\r\n"
    "Date: Mon, 30 Nov 2026 09:59:00 +0000\r\nMessage-ID: <1@shop-example.com>\r\n\r\n"
    "Hello, your order shipped: https://urldefense.example/v3/__https://shop-example.com/o/1__;!!x\r\n"
)


def _report(record: str | None, signers: tuple[str, ...] = ("shop-example.com",)) -> Report:
    signed = "".join(SIGNED.format(d=d) for d in signers)
    raw = (f"Authentication-Results: mx.example.net; {record}\r\n" if record else "") + BASE.format(signed=signed)
    return analyze(load_bytes(raw.encode()), AnalysisSettings(), OfflineSource())


def _weights(report: Report, rule: str) -> set[ReasonWeight]:
    return {f.level for f in report.verdict.findings if f.rule == rule or rule in f.also}


def test_body_changed_after_the_receiver_verified_it_is_a_note_and_the_content_unverified() -> None:
    r = _report(
        "dkim=pass header.d=shop-example.com; spf=pass smtp.mailfrom=shop-example.com; "
        "dmarc=pass header.from=shop-example.com"
    )
    assert [s.body_hash for s in r.dkim] == ["fail"]
    # No alarm against the sender, and no "ok" either: the body being judged is not the one that arrived.
    assert r.verdict.level is Level.UNVERIFIED
    assert r.verdict.summary.startswith("Could not confirm the content")
    assert r.verdict.findings[0].rule == "unverified-content"
    assert r.verdict.findings[0].level is ReasonWeight.UNVERIFIED
    assert len(r.verdict.missing) == 1 and "changed after your server verified" in r.verdict.missing[0]
    assert _weights(r, "dkim-failure") == {ReasonWeight.NOTE}
    assert ReasonWeight.SUSPICIOUS not in _weights(r, "alterations")
    assert any(
        "recorded the signature of shop-example.com as valid when the message arrived" in t for t in r.verdict.reasons
    )


def test_one_verified_signature_explains_the_others_on_the_same_body() -> None:
    # An ESP's second signature (not in the receiver's record) fails on the same changed body.
    r = _report(
        "dkim=pass header.d=shop-example.com; dmarc=pass header.from=shop-example.com",
        signers=("shop-example.com", "esp-example.net"),
    )
    assert r.verdict.level is Level.UNVERIFIED
    assert ReasonWeight.SUSPICIOUS not in _weights(r, "dkim-failure")


def test_a_body_that_still_matches_stays_ok() -> None:
    """The unverified-content level comes from the changed body only: the same mail with no signature to fail
    (so nothing says the body changed) and the receiver's passing record is ok."""
    raw = "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=shop-example.com; " + (
        "dmarc=pass header.from=shop-example.com\r\n" + BASE.format(signed="")
    )
    r = analyze(load_bytes(raw.encode()), AnalysisSettings(), OfflineSource())
    assert r.verdict.level is Level.OK
    assert all(f.rule != "unverified-content" for f in r.verdict.findings)


def test_without_the_receivers_pass_the_change_stays_an_alarm() -> None:
    for record in (None, "dkim=fail header.d=shop-example.com", "dkim=pass header.d=other-example.org"):
        r = _report(record)
        assert r.verdict.level is Level.SUSPICIOUS, record
        assert ReasonWeight.SUSPICIOUS in _weights(r, "dkim-failure"), record


def test_an_untrusted_record_of_a_pass_does_not_excuse_the_change() -> None:
    # The same record written below the receiving hop came with the message (anyone can write it).
    raw = BASE.format(signed=SIGNED.format(d="shop-example.com")).replace(
        "From: Shop", "Authentication-Results: mx.example.net; dkim=pass header.d=shop-example.com\r\nFrom: Shop"
    )
    r = analyze(load_bytes(raw.encode()), AnalysisSettings(), OfflineSource())
    assert r.verdict.level is Level.SUSPICIOUS
