"""The verdict on real legitimate mail (issue 11): each cause of false alarms as a class, on a message of
../shared/corpora/legit-dev read by path (never copied) or a minimal message built from one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector import analyze as analyze_module
from inspector.analyze import analyze
from inspector.ingest import load_bytes, load_file
from inspector.lookalike.display_names import check_display
from inspector.lookalike.reference import reference_for
from inspector.model.auth import RecordedResult
from inspector.model.report import Level, MailKind, ReasonWeight, Report, SectionState
from inspector.orgdomain import dmarc_org_domain, host_org, registrable
from inspector.report.to_json import report_to_dict
from tests.conftest import SHARED

LEGIT = SHARED / "corpora" / "legit-dev"


def _legit(name: str) -> Report:
    path = LEGIT / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    return analyze(load_file(path))


def _rules(report: Report, weight: ReasonWeight) -> set[str]:
    return {f.rule for f in report.verdict.findings if f.level is weight}


# --- unverified: nothing establishes the sender -------------------------------------------------------------

PLAIN = (
    b"From: Dave Smith <dave@smith-plumbing.co.uk>\r\nTo: you@example.net\r\nSubject: Invoice\r\n"
    b"Date: Mon, 30 Nov 2026 09:59:00 +0000\r\nMessage-ID: <2@smith-plumbing.co.uk>\r\n\r\nHello.\r\n"
)


def test_message_without_transport_headers_is_unverified_and_says_what_is_missing() -> None:
    v = analyze(load_bytes(PLAIN)).verdict
    assert v.level is Level.UNVERIFIED
    assert any(m.startswith("transport headers") for m in v.missing)
    assert any(m.startswith("DNS") for m in v.missing)
    assert "a DKIM signature" in v.missing
    assert v.summary.startswith("Could not confirm who sent this") and "What to do" in v.summary
    assert v.findings[0].rule == "unverified-sender" and v.findings[0].level is ReasonWeight.UNVERIFIED


def test_outlook_msg_without_authentication_is_not_green() -> None:
    """An Outlook .msg whose only hop is the sender's own submission, no signature, no receiver record."""
    r = _legit("msgreader__1.msg")
    assert r.verdict.level is Level.UNVERIFIED


def test_receiver_record_of_a_pass_establishes_the_sender() -> None:
    raw = PLAIN.replace(
        b"From:",
        b"Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=smith-plumbing.co.uk\r\n"
        b"Received: from mail.smith-plumbing.co.uk (mail.smith-plumbing.co.uk [192.0.2.7]) by mx.example.net "
        b"with ESMTPS; Mon, 30 Nov 2026 10:00:00 +0000\r\nFrom:",
    )
    assert analyze(load_bytes(raw)).verdict.level is Level.OK


# --- mailing lists ---------------------------------------------------------------------------------------------


def test_list_that_changed_the_message_is_a_note_not_an_alarm() -> None:
    """Mailman 3 list (linaro), unsigned by the list; your server recorded SPF pass for the list's bounces."""
    r = _legit("linaro-mm-sig__14.eml")
    assert r.identities.list_evidence and "linaro.org" in {dmarc_org_domain(d) for d in r.identities.list_domains}
    assert r.verdict.level is Level.OK
    assert "dkim-failure" in _rules(r, ReasonWeight.NOTE)
    assert any("re-sent this and changed it" in t for t in r.verdict.reasons)


def test_list_run_by_the_senders_own_organisation_excuses_nothing() -> None:
    """A List-Id of the From domain's own organisation is a newsletter, not a list re-sending someone's mail."""
    raw = (
        b"Received: from mx.out.shop-example.com (mx.out.shop-example.com [192.0.2.9]) by mx.example.net; "
        b"Mon, 30 Nov 2026 10:00:00 +0000\r\n"
        b"DKIM-Signature: v=1; a=rsa-sha256; d=shop-example.com; s=s1; c=relaxed/relaxed; h=from:subject; "
        b"bh=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=; b=AAAA\r\n"
        b"List-Id: offers <offers.shop-example.com>\r\n" + PLAIN.replace(b"smith-plumbing.co.uk", b"shop-example.com")
    )
    r = analyze(load_bytes(raw))
    assert r.identities.list_evidence
    assert r.verdict.level is Level.SUSPICIOUS
    assert "dkim-failure" in _rules(r, ReasonWeight.SUSPICIOUS)


# --- bounces, DSNs, auto-replies --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["bouncehandler__10.eml", "mimekit__5.eml", "bouncehandler__7.eml", "mailman2__15.eml"]
)
def test_bounces_are_recognised_and_never_impersonation(name: str) -> None:
    r = _legit(name)
    assert r.identities.kind is MailKind.BOUNCE
    assert r.verdict.level not in (Level.DANGEROUS, Level.SUSPICIOUS)
    assert "impersonation" not in _rules(r, ReasonWeight.DANGEROUS) | _rules(r, ReasonWeight.SUSPICIOUS)


def test_postmaster_of_a_brands_own_mailbox_domain_is_the_brand() -> None:
    ref = reference_for()
    assert check_display("Microsoft Outlook", "outlook.com", ref, from_address="postmaster@outlook.com") == []
    # anyone else's postmaster claiming Microsoft still is
    assert check_display("Microsoft Outlook", "evil-example.net", ref, from_address="postmaster@evil-example.net")


# --- display names that are not brand claims ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "domain"),
    [
        ("Boots UK", "boots-mail.co.uk"),
        ("UK Government", "notifications.service.gov.uk"),
        ("Dr.Anna Meier", "praxis-meier.de"),
        ("Mr.Smith", "smith-family.example.org"),
        ("Mail Delivery System", "mx.provider-example.net"),
    ],
)
def test_ordinary_display_names_claim_no_brand(display: str, domain: str) -> None:
    assert check_display(display, domain, reference_for()) == []


def test_brand_claims_still_found() -> None:
    ref = reference_for()
    for display in ("PayPal Service", "Chase Support", "USPS (Official)", "service@paypal.com"):
        found = check_display(display, "evil-example.net", ref)
        assert found and found[0].severity == "high", display


def test_person_with_employer_in_brackets_is_a_note() -> None:
    """List mail: "Vineeth Pillai (Google)" from the author's own domain (ozlabs-aspeed list)."""
    r = _legit("ozlabs-aspeed__2.eml")
    assert r.verdict.level is Level.OK
    assert "impersonation" in _rules(r, ReasonWeight.NOTE)


def test_own_address_as_display_name_is_no_claim() -> None:
    """Gmail p2p whose display name is its own address (mimekit__3): was DANGEROUS ("says Google")."""
    r = _legit("mimekit__3.eml")
    assert r.verdict.level not in (Level.DANGEROUS, Level.SUSPICIOUS)


def test_medium_display_finding_is_suspicious_not_dangerous() -> None:
    """Severity follows the finding: a brand on its own public mailbox service is medium."""
    raw = PLAIN.replace(b"Dave Smith <dave@smith-plumbing.co.uk>", b"Gmail Team <someone.else@gmail.com>")
    r = analyze(load_bytes(raw))
    medium = [f for f in r.lookalikes if f.kind == "display-name"]
    assert medium and medium[0].severity == "medium"
    assert r.verdict.level is Level.SUSPICIOUS


# --- IP literals and the one home for organisational domains -------------------------------------------------------


def test_ip_literal_addresses_are_not_domains() -> None:
    raw = PLAIN.replace(b"<dave@smith-plumbing.co.uk>", b"<a@[192.0.2.1]>").replace(
        b"To:", b"Reply-To: b@[198.51.100.1]\r\nTo:"
    )
    r = analyze(load_bytes(raw))
    assert not [f for f in r.lookalikes if f.field != "From display name"]
    assert not any("2.1" in t or "100.1" in t for t in r.verdict.reasons if "192.0.2.1" not in t)
    for fn in (dmarc_org_domain, host_org, registrable):
        assert fn("[192.0.2.1]") is None and fn("192.0.2.1") is None and fn("localhost") is None
        assert fn("a@[198.51.100.1]") is None
    assert dmarc_org_domain("x.y.example.co.uk") == "example.co.uk"
    assert host_org("a.b.github.io") == "b.github.io" and registrable("a.b.github.io") == "github.io"


# --- free mail ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("domain", ["hotmail.be", "yahoo.co.nz", "outlook.com.br", "gmx.at", "protonmail.com"])
def test_free_mail_families_and_shipped_list(domain: str) -> None:
    ref = reference_for()
    assert ref.is_freemail(domain)
    assert len(ref.freemail_listed) > 5000
    assert not ref.is_freemail("googlegroups.com")  # a brand's own list service, not a mailbox


def test_free_mailbox_reply_to_behind_a_company_is_suspicious() -> None:
    raw = PLAIN.replace(b"To:", b"Reply-To: accounts.dept@hotmail.be\r\nTo:")
    r = analyze(load_bytes(raw))
    assert r.identities.reply_to_freemail == ("accounts.dept@hotmail.be",)
    assert r.verdict.level is Level.SUSPICIOUS
    assert "diverted-replies" in _rules(r, ReasonWeight.SUSPICIOUS)


# --- facts, not prose --------------------------------------------------------------------------------------------


def test_recorded_results_carry_typed_policy_signing_domain_and_forged() -> None:
    dmarc = RecordedResult("Authentication-Results", 0, "mx", True, "dmarc", "fail", comment="p=REJECT sp=NONE")
    assert dmarc.policy == "reject" and dmarc.subdomain_policy == "none"
    ms = RecordedResult("Authentication-Results", 0, None, True, "dmarc", "fail", properties={"action": "oreject"})
    assert ms.policy == "reject"
    dkim = RecordedResult("Authentication-Results", 0, "mx", True, "dkim", "pass", properties={"header.i": "@Ex.ORG"})
    assert dkim.signing_domain == "ex.org"


def test_a_failed_stage_is_recorded_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    """The identity facts stage failing is an error state with its message, not a silently lower verdict."""

    def boom(*_: object) -> object:
        raise RuntimeError("brand table unreadable")

    monkeypatch.setattr(analyze_module, "identity_facts", boom)
    r = analyze(load_bytes(PLAIN))
    assert r.sections["lookalikes"] is SectionState.ERROR
    assert "brand table unreadable" in r.errors["lookalikes"]
    assert any("Part of the analysis failed" in t for t in r.verdict.reasons)
    assert report_to_dict(r)["errors"]["lookalikes"].startswith("RuntimeError")


def test_every_reason_has_its_rule() -> None:
    r = _legit("linaro-mm-sig__14.eml")
    assert len(r.verdict.findings) == len(r.verdict.reasons)
    assert [f.text for f in r.verdict.findings] == list(r.verdict.reasons)
    assert all(f.rule for f in r.verdict.findings)


def test_census_script_exists() -> None:
    assert (Path(__file__).resolve().parents[2] / "benchmarks" / "verdict_census.py").is_file()


# --- more classes (second pass over the census) ------------------------------------------------------------------


def test_null_sender_report_without_domain_is_a_bounce_not_an_impossible_sender() -> None:
    """'"Jetmail System" <>' (mailman2__1): the null reverse-path written as From, a server's own report."""
    r = _legit("mailman2__1.eml")
    assert r.identities.kind is MailKind.BOUNCE
    assert "impossible-sender" in _rules(r, ReasonWeight.NOTE)
    assert r.verdict.level is Level.UNVERIFIED


def test_dsn_without_from_field_is_a_note() -> None:
    r = _legit("mailman2__34.eml")
    assert r.identities.kind is MailKind.BOUNCE and r.identities.from_header is None
    assert r.verdict.level is Level.UNVERIFIED
    assert "malformed-headers" in _rules(r, ReasonWeight.NOTE)


def test_several_from_fields_stay_suspicious_even_in_a_bounce() -> None:
    raw = b"From: MAILER-DAEMON@mx.example.org\r\nFrom: Bank <alerts@bank-example.com>\r\n" + PLAIN.split(b"\r\n", 1)[1]
    r = analyze(load_bytes(raw))
    assert r.verdict.level is Level.SUSPICIOUS


def test_bounce_with_a_receivers_dmarc_fail_and_no_policy_is_unverified() -> None:
    """MAILER-DAEMON@host: the receiver recorded dmarc=fail (no policy), as for most unsigned bounces."""
    r = _legit("mimekit__4.eml")
    assert r.verdict.level is Level.UNVERIFIED
    assert "recorded-dmarc-failure" in _rules(r, ReasonWeight.NOTE)


def test_host_below_a_brands_mailbox_domain_is_the_brand() -> None:
    """Yahoo's ARF reports come from arf.mail.yahoo.com: mailboxes are given at yahoo.com, not below it."""
    ref = reference_for()
    assert check_display("Yahoo! Inc.", "arf.mail.yahoo.com", ref) == []
    assert check_display("Yahoo", "yahoo.com", ref)  # the public mailbox domain itself proves nothing


def test_lookalike_on_return_path_or_sender_only_is_a_note() -> None:
    """A list's own domain one letter from a brand's (lists.boost.org ~ bpost.be) on Return-Path and Sender."""
    r = _legit("mailman2__39.eml")
    assert "impersonation" in _rules(r, ReasonWeight.NOTE)
    assert r.verdict.level not in (Level.SUSPICIOUS, Level.DANGEROUS)


def test_popular_name_typo_under_another_ending_is_not_a_lookalike() -> None:
    """minet.net (a student network) is one letter from mynet.com, under another ending: a different site."""
    r = _legit("james__13.eml")
    assert not [f for f in r.lookalikes if f.kind == "typo"]


def test_list_delivered_by_its_own_authorised_server_explains_the_dmarc_failure() -> None:
    """Unsigned Mailman 3 list: your server took it from lists.linaro.org, and SPF passed for its bounces.

    Its server recorded ``dmarc=fail … header.from=oss.qualcomm.com (policy=reject)``: the policy in the trailing
    comment was lost before (read as none, so the level was ok). The list explains the failure (a note, never
    an alarm), but the author is unproven under an enforced policy: unverified, with the author as what is missing.
    """
    r = _legit("linaro-mm-sig__2.eml")
    (dmarc,) = [x for x in r.recorded if x.method == "dmarc" and x.trusted]
    assert dmarc.policy == "reject"
    assert r.verdict.level is Level.UNVERIFIED
    assert "recorded-dmarc-failure" in _rules(r, ReasonWeight.NOTE)
    assert r.verdict.missing[0].startswith("proof of the author's address")


def test_list_receiver_verified_the_author_signature_before_changing_it() -> None:
    """With the list's own authserv-id trusted, its dkim=pass on arrival explains the later failure."""
    path = LEGIT / "linaro-mm-sig__12.eml"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    from inspector.settings import AnalysisSettings

    r = analyze(load_file(path), AnalysisSettings(trusted_authserv_ids=("lists.linaro.org",)))
    assert r.verdict.level is Level.OK
    assert "dkim-failure" in _rules(r, ReasonWeight.NOTE)


def test_list_id_naming_no_real_domain_is_no_list() -> None:
    raw = b"List-Id: <.7289367.xt.local>\r\nList-Unsubscribe: <mailto:u@unsub-example.com>\r\n" + PLAIN
    r = analyze(load_bytes(raw))
    assert r.identities.list_evidence
    assert not any("mailing list" in t for t in r.verdict.reasons)


def test_brand_with_a_community_word_is_not_a_combosquat_without_a_lure() -> None:
    """A brand's name glued to "groups" names a community service (a Yahoo Groups list in legit-dev)."""
    from inspector.lookalike.domains import find_domain_match
    from inspector.lookalike.hosts import parse_host

    ref = reference_for()
    host = parse_host("netflixgroups.com")
    assert host is not None and find_domain_match(host, ref) is None
    lure = parse_host("paypal-groups-billing.com")
    assert lure is not None and find_domain_match(lure, ref) is not None


# --- brand-owned and ESP sending domains ---------------------------------------------------------------------


def test_brand_table_domains_of_a_brand_are_not_its_lookalikes() -> None:
    """mailchimpapp.net (Mailchimp's signing domain), allegromail.pl (Allegro's notifications)."""
    ref = reference_for()
    from inspector.lookalike.domains import find_domain_match
    from inspector.lookalike.hosts import parse_host

    for dom in ("mailchimpapp.net", "allegromail.pl"):
        host = parse_host(dom)
        assert host is not None and find_domain_match(host, ref) is None, dom
    assert check_display("Allegro", "allegromail.pl", ref) == []
    # a name the brand does not use is still one
    host = parse_host("allegro-mail.pl")
    assert host is not None and find_domain_match(host, ref) is not None


def _received(by: str = "mx.example.net") -> bytes:
    return (
        f"Received: from out.sender-example.net (out.sender-example.net [192.0.2.10]) by {by} with ESMTPS; "
        "Mon, 30 Nov 2026 10:00:00 +0000\r\n"
    ).encode()


def test_lookalike_signed_by_the_brand_itself_is_the_brands() -> None:
    """The imitated brand's own signature verifies on the message: a domain the brand uses for its mail."""
    raw = (
        b"Authentication-Results: mx.example.net; dkim=pass header.d=paypal.com; "
        b"spf=pass smtp.mailfrom=paypal-mailings.com\r\n"
        + _received()
        + PLAIN.replace(b"Dave Smith <dave@smith-plumbing.co.uk>", b"Newsletter <news@paypal-mailings.com>")
    )
    r = analyze(load_bytes(raw))
    assert any(f.field == "From" and f.resembles == "paypal.com" for f in r.lookalikes)
    assert r.verdict.level is Level.OK
    assert "impersonation" in _rules(r, ReasonWeight.NOTE)
    # without the brand's signature the same message is an alarm again
    unsigned = raw.replace(b"dkim=pass header.d=paypal.com; ", b"")
    assert analyze(load_bytes(unsigned)).verdict.level in (Level.SUSPICIOUS, Level.DANGEROUS)


def test_bounce_domain_resembling_the_authenticated_sender_is_its_own() -> None:
    raw = (
        b"Authentication-Results: mx.example.net; dmarc=pass header.from=paypal.com; dkim=pass header.d=paypal.com\r\n"
        + _received()
        + b"Return-Path: <bounce@paypal-mailings.com>\r\n"
        + PLAIN.replace(b"Dave Smith <dave@smith-plumbing.co.uk>", b"PayPal <service@paypal.com>")
    )
    r = analyze(load_bytes(raw))
    assert any(f.field == "Return-Path" for f in r.lookalikes)
    assert r.verdict.level is Level.OK


def test_google_groups_resend_with_its_own_signature_is_ok() -> None:
    """googlegroups.com is Google's list service: its signature (recorded by your server) vouches for the list,
    and the author's DMARC failure under p=none is what list mail does (shape of a Google Groups message)."""
    raw = (
        b"Authentication-Results: mx.example.net; dkim=pass header.d=googlegroups.com; "
        b"dkim=fail header.d=gmail.com; spf=pass smtp.mailfrom=dev+bncBC@googlegroups.com; "
        b"dmarc=fail (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com\r\n"
        + _received()
        + b"List-Id: <dev.googlegroups.com>\r\nX-Google-Group-Id: 123456\r\n"
        b"List-Post: <https://groups.google.com/group/dev/post>, <mailto:dev@googlegroups.com>\r\n"
        + PLAIN.replace(b"Dave Smith <dave@smith-plumbing.co.uk>", b"Alice <alice.example@gmail.com>")
    )
    r = analyze(load_bytes(raw))
    assert "googlegroups.com" in r.identities.list_domains
    assert r.verdict.level is Level.OK
    assert "recorded-dmarc-failure" in _rules(r, ReasonWeight.NOTE)


def test_via_group_from_rewriting_is_list_evidence() -> None:
    raw = b"List-Id: <dev.googlegroups.com>\r\n" + PLAIN.replace(
        b"Dave Smith <dave@smith-plumbing.co.uk>", b"'Alice' via Dev <dev@googlegroups.com>"
    )
    r = analyze(load_bytes(raw))
    assert any(e.startswith("From:") and "via Dev" in e for e in r.identities.list_evidence)


def test_national_brand_name_under_an_old_generic_ending_is_someone_else() -> None:
    """vivo.com (the phone maker) beside vivo.com.br (a Brazilian carrier), in list mail of ozlabs-aspeed."""
    from inspector.lookalike.domains import find_domain_match
    from inspector.lookalike.hosts import parse_host

    ref = reference_for()
    host = parse_host("bpost.com")
    assert host is not None and find_domain_match(host, ref) is None
    for dom in ("bpost.xyz", "bpost.online", "paypal.co"):
        host = parse_host(dom)
        found = find_domain_match(host, ref) if host else None
        assert found is not None and found.kind == "tld-swap", dom
    r = _legit("ozlabs-aspeed__35.eml")
    assert r.verdict.level not in (Level.SUSPICIOUS, Level.DANGEROUS)


def test_unreadable_brand_table_fails_the_stage_visibly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A broken brand table is an error the report names, never an empty table that silently says ok."""
    from inspector import paths
    from inspector.lookalike import reference, reference_cache

    broken = tmp_path / "brands.json"
    broken.write_text("{not json", encoding="utf-8")

    def resource_path(*parts: str) -> Path:
        return broken if parts == ("lookalike", "brands.json") else paths.resource_path(*parts)

    # Both the builder and the disk cache's key read the broken file, as they would in a damaged install:
    # a reference cached from the good table by an earlier test must not hide the damage.
    monkeypatch.setattr(reference, "resource_path", resource_path)
    monkeypatch.setattr(reference_cache, "resource_path", resource_path)
    reference._cached_reference.cache_clear()
    try:
        raw = PLAIN.replace(b"Dave Smith <dave@smith-plumbing.co.uk>", b"PayPal Service <alerts@evil-example.net>")
        r = analyze(load_bytes(raw))
        assert r.sections["lookalikes"] is SectionState.ERROR
        assert "brand table" in r.errors["lookalikes"]
        assert any("Part of the analysis failed" in t for t in r.verdict.reasons)
    finally:
        monkeypatch.undo()
        reference._cached_reference.cache_clear()
