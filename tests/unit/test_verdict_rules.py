"""The verdict's rules one by one, from built Reports and small synthetic messages (no corpus files).

Each rule has a test that it fires and a test for the false alarm it must not raise (mailing lists,
contact forms, a user's own second address, "not verifiable" offline).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from inspector.analyze import analyze
from inspector.identities import domain_problem, list_id, read_identities
from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult, DkimSignatureResult, DmarcResult, RecordedResult, SpfResult
from inspector.model.chain import Break
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import DnsInfo, Identities, Level, Report, SectionState, SourceInfo, Verdict
from inspector.settings import AnalysisSettings
from inspector.verdict.rules import decide

ALL = {n: SectionState.ANALYSED for n in ("spf", "dkim", "arc", "dmarc", "recorded", "hops", "lookalikes")}
NV = AuthResult.NOT_VERIFIABLE


def offline_report(
    from_domain: str | None = "acme-widgets.co.uk",
    from_address: str | None = None,
    *,
    recorded: tuple[RecordedResult, ...] = (),
    dkim: tuple[DkimSignatureResult, ...] = (),
    lookalikes: tuple[LookalikeFinding, ...] = (),
    ids: dict[str, Any] | None = None,
    dmarc: AuthResult = NV,
    spf: AuthResult = NV,
    policy: str | None = None,
    **kw: Any,
) -> Report:
    """A report as an offline analysis makes it: our own checks not verifiable unless told otherwise."""
    address = from_address if from_address is not None else (f"info@{from_domain}" if from_domain else None)
    fields: dict[str, Any] = {
        "from_header": f"Sender <{address or ''}>",
        "from_display_name": "Sender",
        "from_address": address,
        "from_domain": from_domain,
    }
    identities = Identities(**{**fields, **(ids or {})})
    return Report(
        source=SourceInfo(None, "0" * 64, "eml", 1),
        dns=DnsInfo("offline", "test"),
        generated_at="2026-11-30T00:00:00Z",
        tool_version="test",
        identities=identities,
        spf=SpfResult(result=spf, domain=from_domain),
        dkim=dkim,
        dmarc=DmarcResult(result=dmarc, policy=policy, from_domain=from_domain),
        recorded=recorded,
        lookalikes=lookalikes,
        sections=dict(ALL),
        **kw,
    )


def rec(
    method: str,
    result: str,
    props: dict[str, str] | None = None,
    *,
    trusted: bool = True,
    reason: str | None = None,
    comment: str | None = None,
    authserv: str | None = "mx.example.net",
    action: str | None = None,
) -> RecordedResult:
    """One Authentication-Results entry (Microsoft's action= goes into the properties, as the parser puts it)."""
    properties = dict(props or {})
    if action is not None:
        properties["action"] = action
    return RecordedResult(
        "Authentication-Results", 0, authserv, trusted, method, result,
        reason=reason, properties=properties, comment=comment,
    )  # fmt: skip


def verdict(r: Report) -> Verdict:
    v = decide(r)
    assert v is not None
    assert v.summary.endswith(".")
    assert all(reason.endswith(".") and reason[0].isupper() for reason in v.reasons)
    return v


def joined(v: Verdict) -> str:
    return " ".join(v.reasons)


# --- the receiver's recorded DMARC failure -------------------------------------------------------------


def test_recorded_dmarc_fail_with_microsoft_oreject_is_dangerous() -> None:
    records = (
        rec("dmarc", "fail", authserv=None, action="oreject", props={"header.from": "microsoft.com"}),
        rec("compauth", "fail", authserv=None, reason="000"),
    )
    v = verdict(offline_report("microsoft.com", recorded=records))
    assert v.level is Level.DANGEROUS
    assert v.reasons[0].startswith("Your mail server checked it on arrival: it fails DMARC for microsoft.com")
    assert "reject" in v.reasons[0]
    # compauth says the same thing here: not repeated as a second reason
    assert "composite" not in joined(v)


def test_recorded_dmarc_fail_reads_google_policy_comment() -> None:
    r = offline_report("bank-example.com", recorded=(rec("dmarc", "fail", comment="p=QUARANTINE sp=NONE dis=NONE"),))
    v = verdict(r)
    assert v.level is Level.DANGEROUS and "quarantine" in v.reasons[0]
    # for a subdomain the receiver's sp= applies
    r = offline_report(
        "mail.bank-example.com", recorded=(rec("dmarc", "fail", comment="p=QUARANTINE sp=NONE dis=NONE"),)
    )
    assert verdict(r).level is Level.SUSPICIOUS


def test_recorded_dmarc_fail_without_policy_is_suspicious_but_dangerous_for_a_brand_domain() -> None:
    v = verdict(offline_report("acme-widgets.co.uk", recorded=(rec("dmarc", "fail", action="none"),)))
    assert v.level is Level.SUSPICIOUS
    assert "fails DMARC for acme-widgets.co.uk" in v.reasons[0]
    v = verdict(offline_report("paypal.com", recorded=(rec("dmarc", "fail", action="none"),)))
    assert v.level is Level.DANGEROUS
    assert "a domain of PayPal" in v.reasons[0]


def test_recorded_dmarc_fail_is_not_used_when_our_recheck_passes() -> None:
    r = offline_report(
        "acme-widgets.co.uk", dmarc=AuthResult.PASS, spf=AuthResult.PASS, policy="reject",
        dkim=(DkimSignatureResult(0, domain="acme-widgets.co.uk", result=AuthResult.PASS),),
        recorded=(rec("dmarc", "fail", action="oreject"),),
    )  # fmt: skip
    assert verdict(r).level is Level.OK


def test_untrusted_recorded_failures_change_nothing() -> None:
    records = (
        rec("dmarc", "fail", trusted=False, action="oreject"),
        rec("spf", "fail", trusted=False),
        rec("compauth", "fail", trusted=False, reason="000"),
    )
    v = verdict(offline_report(recorded=records))
    assert v.level is Level.UNVERIFIED  # issue 11 item 8: offline, nothing establishes the sender
    assert "not a failure" in joined(v)


# --- Microsoft 365 composite authentication ------------------------------------------------------------


def test_compauth_fail_alone_is_suspicious() -> None:
    v = verdict(offline_report(recorded=(rec("compauth", "fail", authserv=None, reason="001"),)))
    assert v.level is Level.SUSPICIOUS
    assert "composite authentication failed, reason 001" in v.reasons[0]


def test_compauth_implicit_fail_with_other_reply_to_stays_suspicious() -> None:
    """The contact-form trap: a site's form mail, unauthenticated, replies to the visitor's address."""
    reply = LookalikeFinding("Reply-To", "visitor@other-firm.example", "acme-widgets.co.uk", "reply-to-mismatch",
                             "replies go to other-firm.example, a different organisation from acme-widgets.co.uk",
                             "medium")  # fmt: skip
    r = offline_report(
        recorded=(rec("compauth", "fail", reason="001"),),
        lookalikes=(reply,),
        ids={"reply_to": ("visitor@other-firm.example",)},
    )
    assert verdict(r).level is Level.SUSPICIOUS


def test_compauth_pass_and_bestguesspass_raise_nothing() -> None:
    records = (rec("compauth", "pass", reason="109"), rec("dmarc", "bestguesspass"), rec("spf", "pass"))
    assert verdict(offline_report(recorded=records)).level is Level.OK


# --- SPF -----------------------------------------------------------------------------------------------


def test_recorded_spf_fail_and_softfail_are_suspicious() -> None:
    for word, label in (("fail", "(SPF fail)"), ("softfail", "(SPF soft-fail)")):
        records = (rec("spf", word, props={"smtp.mailfrom": "bounce@acme-widgets.co.uk"}), rec("dkim", "pass",
                   props={"header.d": "acme-widgets.co.uk"}))  # fmt: skip
        v = verdict(offline_report(recorded=records))
        assert v.level is Level.SUSPICIOUS, word
        assert label in v.reasons[0] and "acme-widgets.co.uk" in v.reasons[0]


def test_recorded_spf_fail_with_recorded_dmarc_pass_is_ok() -> None:
    """A forwarded message fails SPF but still passes DMARC through DKIM: nothing wrong."""
    records = (rec("spf", "fail"), rec("dkim", "pass", props={"header.d": "acme-widgets.co.uk"}), rec("dmarc", "pass"))
    assert verdict(offline_report(recorded=records)).level is Level.OK


def test_own_spf_softfail_without_dmarc_pass_is_suspicious() -> None:
    r = offline_report(
        dmarc=AuthResult.NONE, spf=AuthResult.SOFTFAIL,
        dkim=(DkimSignatureResult(0, domain="esp.example", result=AuthResult.PASS),),
    )  # fmt: skip
    v = verdict(r)
    assert v.level is Level.SUSPICIOUS
    assert (
        v.reasons[0] == "The server that delivered it is not one acme-widgets.co.uk lists as its own (SPF soft-fail)."
    )


# --- nothing authenticates -------------------------------------------------------------------------------


def test_recorded_no_policy_and_no_pass_is_suspicious() -> None:
    records = (rec("spf", "none"), rec("dkim", "none"), rec("dmarc", "none"))
    v = verdict(offline_report(recorded=records))
    assert v.level is Level.SUSPICIOUS
    assert v.reasons[0].startswith("Nothing authenticates it: your mail server (mx.example.net) found no DMARC")


def test_recorded_no_policy_but_spf_pass_stays_ok() -> None:
    records = (rec("spf", "pass"), rec("dkim", "none"), rec("dmarc", "none"))
    assert verdict(offline_report(recorded=records)).level is Level.OK


# --- the From address itself ------------------------------------------------------------------------------


def test_impossible_from_domain_is_suspicious_with_a_plain_reason() -> None:
    r = offline_report("correios", "avisos@correios", ids={"from_domain_problem": domain_problem("correios")})
    v = verdict(r)
    assert v.level is Level.SUSPICIOUS
    assert v.reasons[0].startswith("The sender's address (avisos@correios) is not a real internet address")
    assert "has no dot" in v.reasons[0]


def test_from_without_domain_is_suspicious() -> None:
    r = offline_report(None, "", ids={"from_header": "DeBank <>"})
    v = verdict(r)
    assert v.level is Level.SUSPICIOUS
    assert v.reasons[0].startswith("The sender's address (DeBank <>) has no domain")


def test_impossible_from_with_replies_elsewhere_is_dangerous() -> None:
    reply = LookalikeFinding("Reply-To", "claims@payout.example", "x.vm", "reply-to-mismatch",
                             "replies go to payout.example, a different organisation from x.vm", "medium")  # fmt: skip
    r = offline_report(
        "x.vm", ids={"from_domain_problem": domain_problem("x.vm"), "reply_to": ("claims@payout.example",)},
        lookalikes=(reply,),
    )  # fmt: skip
    v = verdict(r)
    assert v.level is Level.DANGEROUS
    assert v.reasons[0].startswith("The sender's address is not genuine and replies would go to claims@payout.example")


def test_brand_domain_with_nothing_for_it_passing_is_suspicious() -> None:
    records = (
        rec("spf", "pass", props={"smtp.mailfrom": "bulk-sender.example"}),
        rec("dkim", "none"),
        rec("dmarc", "none"),
    )
    v = verdict(offline_report("paypal.com", recorded=records))
    assert v.level is Level.SUSPICIOUS
    assert "a domain of PayPal, but nothing shows PayPal sent it" in v.reasons[0]
    # the brand's own signature, recorded as passing: no warning
    aligned = (*records[:1], rec("dkim", "pass", props={"header.d": "emails.paypal.com"}), records[2])
    assert verdict(offline_report("paypal.com", recorded=aligned)).level is Level.OK


# --- where replies go --------------------------------------------------------------------------------------


def test_reply_from_one_free_mailbox_provider_to_another_is_suspicious() -> None:
    f = LookalikeFinding("Reply-To", "claims.agent@yahoo.com", "outlook.com", "reply-to-mismatch",
                         "replies go to yahoo.com, a different organisation from outlook.com", "medium")  # fmt: skip
    r = offline_report("outlook.com", "lottery.office@outlook.com", lookalikes=(f,),
                       ids={"reply_to": ("claims.agent@yahoo.com",)})  # fmt: skip
    v = verdict(r)
    assert v.level is Level.SUSPICIOUS
    assert v.reasons[0].startswith("Replies go to claims.agent@yahoo.com, a different free mailbox")


def test_reply_to_another_mailbox_at_the_same_free_provider_is_suspicious() -> None:
    r = offline_report("gmail.com", "union.office@gmail.com", ids={"reply_to": ("mrs.diarra@gmail.com",)})
    v = verdict(r)
    assert v.level is Level.SUSPICIOUS
    assert "mrs.diarra@gmail.com" in v.reasons[0] and "union.office@gmail.com" in v.reasons[0]


def test_reply_to_the_same_free_mailbox_is_fine() -> None:
    r = offline_report("gmail.com", "Jane.Doe@gmail.com", ids={"reply_to": ("jane.doe+replies@gmail.com",)})
    assert verdict(r).level is Level.UNVERIFIED  # issue 11 item 8: offline, nothing establishes the sender


def test_company_reply_to_a_helpdesk_elsewhere_is_only_a_note() -> None:
    f = LookalikeFinding("Reply-To", "help@support-desk.example", "acme-widgets.co.uk", "reply-to-mismatch",
                         "replies go to support-desk.example, a different organisation from acme-widgets.co.uk",
                         "medium")  # fmt: skip
    r = offline_report(lookalikes=(f,), ids={"reply_to": ("help@support-desk.example",)})
    v = verdict(r)
    assert v.level is Level.UNVERIFIED  # issue 11 item 8: offline, nothing establishes the sender
    assert "Replies go to support-desk.example, a different organisation from acme-widgets.co.uk." in v.reasons


def test_dmarc_failure_with_replies_elsewhere_is_dangerous() -> None:
    f = LookalikeFinding("Reply-To", "reply@collect.example", "acme-widgets.co.uk", "reply-to-mismatch",
                         "replies go to collect.example, a different organisation", "medium")  # fmt: skip
    r = offline_report(recorded=(rec("dmarc", "fail", action="none"),), lookalikes=(f,),
                       ids={"reply_to": ("reply@collect.example",)})  # fmt: skip
    v = verdict(r)
    assert v.level is Level.DANGEROUS
    assert v.reasons[0].startswith("The sender's address is not genuine and replies would go to reply@collect.example")
    assert any("fails DMARC" in x for x in v.reasons[1:])


# --- mailing lists ------------------------------------------------------------------------------------------


def _list_report(policy_comment: str, *, vouched: bool, reply_to: tuple[str, ...] = ()) -> Report:
    records = [rec("spf", "pass", props={"smtp.mailfrom": "dev-bounces@lists.example.org"}),
               rec("dkim", "neutral", comment="body hash did not verify", props={"header.i": "@gmail.com"}),
               rec("dmarc", "fail", comment=policy_comment, props={"header.from": "gmail.com"})]  # fmt: skip
    if vouched:
        records.insert(1, rec("dkim", "pass", props={"header.i": "@example.org"}))
    breaks = (
        Break("body changed", 0, 3, "body hash of DKIM d=gmail.com no longer matches", suspects=("mail.example.org",)),
        Break("subject tagged", 0, 1, 'Subject now starts with "[dev]"', suspects=("mail.example.org",)),
    )
    lookalikes: tuple[LookalikeFinding, ...] = ()
    if reply_to:
        lookalikes = (LookalikeFinding("Reply-To", reply_to[0], "gmail.com", "reply-to-mismatch",
                                       "replies go to example.org, a different organisation from gmail.com",
                                       "medium"),)  # fmt: skip
    return offline_report(
        "gmail.com", "someone@gmail.com", recorded=tuple(records), breaks=breaks, lookalikes=lookalikes,
        dkim=(DkimSignatureResult(0, domain="gmail.com", result=AuthResult.FAIL, body_hash="fail"),
              DkimSignatureResult(1, domain="example.org", result=NV, body_hash="pass")),
        ids={"mailing_list": "dev.lists.example.org", "reply_to": reply_to},
    )  # fmt: skip


def test_mailing_list_that_vouches_for_itself_explains_broken_dkim_and_dmarc_none() -> None:
    v = verdict(_list_report("p=NONE sp=QUARANTINE dis=NONE", vouched=True))
    assert v.level is Level.OK
    text = joined(v)
    assert "mailing list at example.org changed the message" in text
    assert "body changed, subject tagged" in text
    assert "nothing proves the author's address" in text


def test_mailing_list_never_makes_an_enforced_dmarc_failure_dangerous_nor_ok() -> None:
    # A backed list broke the author's DMARC under p=reject: the classic DMARC/list problem (RFC 7960 §3.2.3),
    # no evidence of forgery, but the author is unproven where the owner demands proof: unverified, naming the
    # author as what is missing (was SUSPICIOUS, which put an alarm on every such list message).
    v = verdict(_list_report("p=REJECT sp=REJECT dis=NONE", vouched=True))
    assert v.level is Level.UNVERIFIED
    assert any("asks receivers to reject" in r for r in v.reasons)
    assert v.missing and v.missing[0].startswith("proof of the author's address")
    assert "list's archive" in v.summary


def test_verified_arc_record_of_the_authors_pass_explains_an_enforced_list_failure() -> None:
    # The list's ARC set records the author's DMARC pass at its ingress, and your server recorded arc=pass:
    # the author was proven before the list changed the message (RFC 8617), so the failure is only a note.
    base = _list_report("p=REJECT sp=REJECT dis=NONE", vouched=True)
    aar = RecordedResult(
        "ARC-Authentication-Results", 5, "lists.example.org", False, "dmarc", "pass",
        properties={"header.from": "gmail.com"}, instance=1,
    )  # fmt: skip
    r = dataclasses.replace(base, recorded=(*base.recorded, rec("arc", "pass"), aar))
    v = verdict(r)
    assert v.level is Level.OK
    assert any("ARC chain records that the author's domain passed" in t for t in v.reasons)
    # Without your server's arc=pass the ARC record is no evidence.
    v2 = verdict(dataclasses.replace(base, recorded=(*base.recorded, aar)))
    assert v2.level is Level.UNVERIFIED


def test_mailing_list_setting_reply_to_itself_is_not_fraud() -> None:
    v = verdict(_list_report("p=NONE", vouched=True, reply_to=("dev@lists.example.org",)))
    assert v.level is Level.OK


def test_list_id_alone_does_not_excuse_a_dmarc_failure() -> None:
    """Anyone can write a List-Id: without the list's own passing signature the failure still counts."""
    v = verdict(_list_report("p=NONE", vouched=False))
    assert v.level is Level.SUSPICIOUS
    assert "fails DMARC for gmail.com" in v.reasons[0]
    # the changes made at the list's own hosts are still explained, not called an alteration
    assert not any(r.startswith("The message was altered") for r in v.reasons)


def test_change_outside_the_list_hosts_is_still_an_alteration() -> None:
    brk = Break("body changed", 1, 2, "bh mismatch", suspects=("relay.elsewhere.example",))
    r = offline_report(ids={"mailing_list": "dev.lists.example.org"}, breaks=(brk,))
    v = verdict(r)
    assert v.level is Level.SUSPICIOUS
    assert v.reasons[0] == "The message was altered on its way: body changed."


# --- display names ----------------------------------------------------------------------------------------------


def test_brand_name_from_the_brands_own_public_mailbox_domain_is_suspicious_not_dangerous() -> None:
    said = "the name shown says Fastmail, but fastmail.com is a free mailbox anyone can open"
    f = LookalikeFinding(
        "From display name", "The Fastmail Team", "fastmail.com", "display-name", said, "high", brand="Fastmail"
    )
    v = verdict(offline_report("fastmail.com", lookalikes=(f,)))
    assert v.level is Level.SUSPICIOUS
    assert "it may be Fastmail itself, or anyone with such a mailbox" in v.reasons[0]


def test_dangerous_reasons_come_first() -> None:
    f = LookalikeFinding("From display name", "PayPal", "paypal.com", "display-name",
                         "the name shown says PayPal, but the mail comes from acme-widgets.co.uk", "high")  # fmt: skip
    records = (rec("spf", "softfail"), rec("dmarc", "none"), rec("dkim", "none"))
    v = verdict(offline_report(lookalikes=(f,), recorded=records))
    assert v.level is Level.DANGEROUS
    assert v.reasons[0].startswith("The name shown says PayPal")
    assert v.reasons[1].startswith("Nothing authenticates it")


# --- identity facts the rules rest on ------------------------------------------------------------------------------


def test_domain_problem_names_each_impossibility() -> None:
    assert "has no dot" in (domain_problem("correios344") or "")
    assert "'_'" in (domain_problem("__bradesco.com.br") or "")
    assert "'%'" in (domain_problem("%atendimento.com") or "")
    assert "numeric network address" in (domain_problem("[192.0.2.7]") or "")
    assert ".vm, which is not a real top-level domain" in (domain_problem("0bq6nrsh.vm") or "")
    assert "empty part" in (domain_problem("bank..com") or "")
    for fine in ("paypal.com", "bbc.co.uk", "münchen.de", "xn--80ak6aa92e.com", "acme.example", "mail.test", "gov.br"):
        assert domain_problem(fine) is None, fine
    assert domain_problem(None) is None


def test_list_id_reads_the_identifier() -> None:
    assert list_id('"Python packaging SIG" <distutils-sig.python.org>') == "distutils-sig.python.org"
    assert list_id("Test area <Freebsd-Test.FreeBSD.org>") == "freebsd-test.freebsd.org"
    assert list_id("no identifier") is None
    assert list_id("") is None


def test_read_identities_fills_the_new_facts() -> None:
    msg = load_bytes(
        b"From: Aviso <avisos@correios>\r\nTo: a@b.example\r\nSubject: x\r\n"
        b"List-Post: <mailto:john-users@lists.openwall.example>\r\n\r\nbody\r\n"
    )
    ids, _ = read_identities(msg)
    assert ids.from_domain == "correios"
    assert ids.from_domain_problem and "has no dot" in ids.from_domain_problem
    assert ids.mailing_list == "lists.openwall.example"
    ok, _ = read_identities(load_bytes(b"From: a@acme-widgets.co.uk\r\nList-Id: <dev.acme-widgets.co.uk>\r\n\r\nx\r\n"))
    assert ok.from_domain_problem is None and ok.mailing_list == "dev.acme-widgets.co.uk"


def test_synthetic_message_with_receiver_dmarc_reject_is_dangerous_offline() -> None:
    raw = (
        b"Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=bounce@cheap-host.example;\r\n"
        b" dkim=none; dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=bank-example.com\r\n"
        b"Received: from cheap-host.example (cheap-host.example [192.0.2.9]) by mx.example.net with ESMTP;\r\n"
        b" Mon, 30 Nov 2026 10:00:00 +0000\r\n"
        b"From: Bank <security@bank-example.com>\r\nReply-To: verify@collect-desk.example\r\n"
        b"To: you@example.net\r\nSubject: Verify your account\r\nDate: Mon, 30 Nov 2026 09:59:00 +0000\r\n"
        b"Message-ID: <1@cheap-host.example>\r\n\r\nClick here.\r\n"
    )
    report = analyze(load_bytes(raw), AnalysisSettings(trusted_authserv_ids=("mx.example.net",)))
    assert report.dmarc.result is AuthResult.NOT_VERIFIABLE  # offline: our own check could not run
    assert report.verdict.level is Level.DANGEROUS
    assert "fails DMARC for bank-example.com, whose owner asks receivers to reject" in report.verdict.reasons[0]


def test_synthetic_plain_message_offline_stays_ok() -> None:
    raw = (
        b"From: Dave Smith <dave@smith-plumbing.co.uk>\r\nTo: you@example.net\r\nSubject: Invoice\r\n"
        b"Date: Mon, 30 Nov 2026 09:59:00 +0000\r\nMessage-ID: <2@smith-plumbing.co.uk>\r\n\r\nHello.\r\n"
    )
    report = analyze(load_bytes(raw))
    assert report.verdict.level is Level.UNVERIFIED  # issue 11 item 8: offline, nothing establishes the sender
    assert any("not a failure" in r for r in report.verdict.reasons)
