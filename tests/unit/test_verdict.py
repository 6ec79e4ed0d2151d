"""The verdict, from Reports built directly (no message, no DNS)."""

from __future__ import annotations

from inspector.model.auth import AuthResult, DkimSignatureResult, DmarcResult, RecordedResult, SpfResult
from inspector.model.chain import Break
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import DnsInfo, Identities, Level, Report, SectionState, SourceInfo
from inspector.verdict.rules import decide

ALL = {n: SectionState.ANALYSED for n in ("spf", "dkim", "arc", "dmarc", "recorded", "hops", "lookalikes")}


def report(
    from_domain: str = "smith-plumbing.co.uk",
    display: str | None = "Dave Smith",
    dmarc: AuthResult = AuthResult.PASS,
    policy: str | None = "reject",
    spf: AuthResult = AuthResult.PASS,
    dkim: tuple[AuthResult, ...] = (AuthResult.PASS,),
    lookalikes: tuple[LookalikeFinding, ...] = (),
    sections: dict[str, SectionState] | None = None,
    **kw: object,
) -> Report:
    return Report(
        source=SourceInfo(None, "0" * 64, "eml", 1),
        dns=DnsInfo("offline", "test"),
        generated_at="2026-11-30T00:00:00Z",
        tool_version="test",
        identities=Identities(from_display_name=display, from_address=f"x@{from_domain}", from_domain=from_domain),
        spf=SpfResult(result=spf, domain=from_domain),
        dkim=tuple(DkimSignatureResult(index=i, domain=from_domain, result=r) for i, r in enumerate(dkim)),
        dmarc=DmarcResult(result=dmarc, policy=policy, from_domain=from_domain),
        lookalikes=lookalikes,
        sections=dict(ALL if sections is None else sections),
        **kw,  # type: ignore[arg-type]
    )


def decided(r: Report):  # type: ignore[no-untyped-def]
    v = decide(r)
    assert v is not None
    assert v.summary and v.summary.endswith(".")
    return v


PAYPA1 = LookalikeFinding(
    "From", "service@paypa1.com", "paypal.com", "homoglyph",
    "`1` (DIGIT ONE) reads as `l`; same skeleton as paypal.com", "high", a_label="paypa1.com", u_label="paypa1.com",
)  # fmt: skip
PAYPAL_NAME = LookalikeFinding(
    "From display name", "PayPal", "paypal.com", "display-name",
    "the name shown says PayPal, but the mail comes from paypa1.com, which is not PayPal's", "high", brand="PayPal",
)  # fmt: skip


def test_ordinary_authenticated_mail_is_ok_but_not_called_safe() -> None:
    v = decided(report())
    assert v.level is Level.OK
    assert not any("safe" in r.lower() and "not" not in r.lower() for r in v.reasons)
    assert "not that its content is safe" in v.summary


def test_lookalike_with_passing_dmarc_is_dangerous_and_says_why() -> None:
    v = decided(report(from_domain="paypa1.com", display="PayPal", lookalikes=(PAYPA1, PAYPAL_NAME)))
    assert v.level is Level.DANGEROUS
    first = v.reasons[0]
    assert "says it is PayPal" in first
    assert "paypa1.com" in first and "made to look like paypal.com" in first
    assert "only proves the sender owns paypa1.com" in first
    # The display-name claim is folded into that first reason, not repeated.
    assert sum("PayPal" in r for r in v.reasons) == 1


def test_display_name_alone_is_dangerous() -> None:
    f = LookalikeFinding(
        "From display name", "Microsoft account team", "microsoft.com", "display-name",
        "the name shown says Microsoft, but the mail comes from outlook.com, which is not Microsoft's", "high",
    )  # fmt: skip
    v = decided(report(from_domain="outlook.com", display="Microsoft account team", lookalikes=(f,)))
    assert v.level is Level.DANGEROUS
    assert v.reasons[0].startswith("The name shown says Microsoft")


def test_dmarc_fail_under_reject_is_dangerous() -> None:
    v = decided(report(dmarc=AuthResult.FAIL, policy="reject", spf=AuthResult.FAIL, dkim=(AuthResult.FAIL,)))
    assert v.level is Level.DANGEROUS
    assert "DMARC" in v.reasons[0] and "reject" in v.reasons[0]


def test_dmarc_fail_under_none_is_suspicious() -> None:
    v = decided(report(dmarc=AuthResult.FAIL, policy="none", spf=AuthResult.SOFTFAIL, dkim=()))
    assert v.level is Level.SUSPICIOUS


def test_not_verifiable_is_never_a_failure() -> None:
    v = decided(
        report(
            dmarc=AuthResult.NOT_VERIFIABLE,
            spf=AuthResult.NOT_VERIFIABLE,
            dkim=(AuthResult.NOT_VERIFIABLE,),
            policy=None,
        )
    )
    # issue 11 item 8: nothing establishes the sender here, so it is "unverified", never green nor a failure
    assert v.level is Level.UNVERIFIED
    joined = " ".join(v.reasons)
    assert "could not be checked" in joined and "not a failure" in joined


def test_trusted_receiver_record_fills_in_when_offline() -> None:
    rec = RecordedResult("Authentication-Results", 0, "mx.example.com", True, "dmarc", "fail")
    v = decided(report(dmarc=AuthResult.NOT_VERIFIABLE, spf=AuthResult.NOT_VERIFIABLE, recorded=(rec,)))
    assert v.level is Level.SUSPICIOUS
    assert any("mx.example.com" in r for r in v.reasons)


def test_untrusted_record_is_ignored() -> None:
    rec = RecordedResult("Authentication-Results", 0, "evil.example", False, "dmarc", "fail")
    v = decided(report(dmarc=AuthResult.NOT_VERIFIABLE, spf=AuthResult.NOT_VERIFIABLE, recorded=(rec,)))
    assert v.level is Level.OK


def test_unbuilt_sections_are_skipped_not_failed() -> None:
    sections = {"spf": SectionState.ANALYSED, "dkim": SectionState.NOT_ANALYSED, "dmarc": SectionState.NOT_ANALYSED,
                "lookalikes": SectionState.ANALYSED}  # fmt: skip
    v = decided(report(dmarc=AuthResult.NOT_ANALYSED, dkim=(AuthResult.NOT_ANALYSED,), sections=sections))
    assert v.level is Level.OK
    assert any(r.startswith("Not checked:") and "DMARC" in r for r in v.reasons)


def test_nothing_analysed_is_not_ok() -> None:
    v = decided(report(sections={}))
    assert v.level is Level.NOT_ANALYSED


def test_reply_to_freemail_is_suspicious() -> None:
    f = LookalikeFinding("Reply-To", "pay.now@gmail.com", "acme.example", "reply-to-freemail",
                         "replies go to pay.now@gmail.com, a free mailbox anyone can open", "high")  # fmt: skip
    v = decided(report(from_domain="acme.example", lookalikes=(f,)))
    assert v.level is Level.SUSPICIOUS


def test_low_relation_findings_alone_stay_ok() -> None:
    f = LookalikeFinding("Return-Path", "b@esp.example", "acme.example", "return-path-mismatch",
                         "bounces go to esp.example, not to acme.example", "low")  # fmt: skip
    v = decided(report(from_domain="acme.example", lookalikes=(f,)))
    assert v.level is Level.OK
    assert "Bounces go to esp.example, not to acme.example." in v.reasons


def test_chain_break_and_all_dkim_failing_are_suspicious() -> None:
    brk = Break(what="the body was changed", after_hop=1, before_hop=2, evidence="bh mismatch")
    v = decided(report(dmarc=AuthResult.NONE, policy=None, dkim=(AuthResult.FAIL,), breaks=(brk,)))
    assert v.level is Level.SUSPICIOUS
    assert any("altered" in r for r in v.reasons) and any("DKIM" in r for r in v.reasons)


def test_reasons_are_ordered_dangerous_first() -> None:
    low = LookalikeFinding(
        "Return-Path", "b@esp.example", "paypa1.com", "return-path-mismatch", "bounces elsewhere", "low"
    )
    v = decided(report(from_domain="paypa1.com", display="PayPal", lookalikes=(low, PAYPA1, PAYPAL_NAME)))
    assert v.level is Level.DANGEROUS
    assert "PayPal" in v.reasons[0]
    assert v.reasons[-1] == "Bounces elsewhere."


def test_same_lookalike_in_return_path_is_not_repeated() -> None:
    rp = LookalikeFinding(
        "Return-Path", "b@paypa1.com", "paypal.com", "homoglyph", "same skeleton", "high", a_label="paypa1.com"
    )
    other = LookalikeFinding(
        "DKIM d=", "rnicrosoft.com", "microsoft.com", "homoglyph", "`rn` reads as `m`", "high", a_label="rnicrosoft.com"
    )
    v = decided(report(from_domain="paypa1.com", display="PayPal", lookalikes=(PAYPA1, PAYPAL_NAME, rp, other)))
    assert not any("b@paypa1.com" in r for r in v.reasons)
    assert any(r.startswith("The DKIM d= domain rnicrosoft.com is made to look like microsoft.com") for r in v.reasons)
