"""Message-level checks: display names, Reply-To / Return-Path / Sender / DKIM d= relations, settings."""

from __future__ import annotations

import pytest

from inspector.lookalike import check_message
from inspector.lookalike.display_names import check_display
from inspector.lookalike.reference import reference_for
from inspector.model.auth import AuthResult, DkimSignatureResult
from inspector.model.report import Identities
from inspector.settings import AnalysisSettings


def ids(display: str | None, address: str, **kw: object) -> Identities:
    domain = address.rsplit("@", 1)[1]
    return Identities(from_display_name=display, from_address=address, from_domain=domain, **kw)  # type: ignore[arg-type]


def kinds(identities: Identities, dkim: tuple[DkimSignatureResult, ...] = (), **settings: object) -> set[str]:
    found = check_message(identities, dkim, AnalysisSettings(**settings))  # type: ignore[arg-type]
    assert found is not None
    return {f.kind for f in found}


@pytest.mark.parametrize(
    ("display", "from_domain"),
    [
        ("PayPal", "acc-verify.info"),
        ("PayPaI", "hotmail.com"),  # capital I
        ("PаyPal", "example.net"),  # Cyrillic а
        ("Microsoft account team", "outlook.com"),  # brand-owned, but a public mailbox
        ("Office 365 Admin", "billing-team7.onmicrosoft.com"),  # brand-owned suffix, but a tenant
        ("Apple Support", "gmail.com"),  # common-word brand with role words only
        ("DHL Express", "notify-service.online"),
        ("Internal Revenue Service", "irs-refunds.example"),
    ],
)
def test_display_name_impersonation(display: str, from_domain: str) -> None:
    found = check_display(display, from_domain, reference_for())
    assert [f.kind for f in found] == ["display-name"], found


@pytest.mark.parametrize(
    ("display", "from_domain"),
    [
        ("PayPal", "paypal.com"),
        ("Microsoft 365", "microsoftonline.com"),
        ("DHL", "dhl.de"),
        ("LinkedIn", "lnkd.in"),
        ("Amazon.com", "amazon.co.uk"),
        # People and companies whose names contain a brand word.
        ("Chase Miller", "gmail.com"),
        ("Fiona Apple", "outlook.com"),
        ("Office Depot", "outlook.com"),
        ("Office of the Registrar", "gmail.com"),
        ("Live Nation", "example.com"),
        ("Booking Office - City Theatre", "example.org"),
        ("Dhlamini, Sipho", "outlook.com"),
        ("Paula Palmer", "example.org"),
        ("Target practice club", "example.org"),
    ],
)
def test_display_name_traps(display: str, from_domain: str) -> None:
    assert check_display(display, from_domain, reference_for()) == []


def test_embedded_address_in_display_name() -> None:
    found = check_display("service@paypal.com", "gmail.com", reference_for())
    assert found and found[0].kind == "display-address" and found[0].resembles == "paypal.com"
    assert check_display("service@paypal.com", "paypal.com", reference_for()) == []


def test_reply_to_freemail_is_a_lure() -> None:
    assert "reply-to-freemail" in kinds(ids("Accounts", "billing@acme-corp.example", reply_to=("pay.now@gmail.com",)))


def test_reply_to_same_brand_is_fine() -> None:
    assert kinds(ids("Amazon", "x@amazon.com", reply_to=("y@amazon.co.uk",))) == set()


def test_return_path_at_brand_owned_esp_is_fine() -> None:
    # amazonses.com is Amazon's own sending service: not unrelated to amazon.com.
    assert kinds(ids("Amazon", "ship-confirm@amazon.com", return_path="0100abc@amazonses.com")) == set()


def test_return_path_at_bulk_sender_is_fine() -> None:
    assert kinds(ids("News", "news@shop.example", return_path="bounce@sendgrid.net")) == set()


def test_unrelated_return_path_and_dkim_are_low_notes() -> None:
    sig = DkimSignatureResult(index=0, domain="other-org.example", result=AuthResult.PASS)
    found = check_message(ids("Bob", "bob@acme.example", return_path="b@elsewhere.example"), (sig,), AnalysisSettings())
    assert found is not None
    by_kind = {f.kind: f for f in found}
    assert by_kind["return-path-mismatch"].severity == "low"
    assert by_kind["dkim-domain-mismatch"].severity == "low"


def test_lookalike_dkim_domain_is_reported() -> None:
    sig = DkimSignatureResult(index=0, domain="paypa1.com", result=AuthResult.PASS)
    found = check_message(ids("Bob", "bob@acme.example"), (sig,), AnalysisSettings())
    assert found is not None
    assert any(f.field == "DKIM d=" and f.kind == "homoglyph" for f in found)


def test_protected_and_own_domains_from_settings() -> None:
    assert "typo" in kinds(ids("IT desk", "it@contoso-bamk.example"), protected_domains=("contoso-bank.example",))
    assert "typo" in kinds(ids("IT desk", "it@contoso-bamk.example"), own_domains=("contoso-bank.example",))
    assert kinds(ids("IT desk", "it@contoso-bank.example"), protected_domains=("contoso-bank.example",)) == set()


def test_finding_fields_and_forms() -> None:
    found = check_message(ids("PayPal", "a@xn--pypal-4ve.com"), (), AnalysisSettings())
    assert found
    f = next(f for f in found if f.field == "From")
    assert f.kind == "idn-homoglyph" and f.resembles == "paypal.com"
    assert f.a_label == "xn--pypal-4ve.com" and f.u_label == "pаypal.com"
    assert f.severity == "high"
    assert found[0].severity == "high"


def test_ordinary_mail_has_no_findings() -> None:
    sig = DkimSignatureResult(index=0, domain="smith-plumbing.co.uk", result=AuthResult.PASS)
    assert (
        kinds(ids("Dave Smith", "dave@smith-plumbing.co.uk", return_path="dave@smith-plumbing.co.uk"), (sig,)) == set()
    )


def test_hostile_identities_never_raise() -> None:
    weird = Identities(
        from_display_name="\u202e" * 500 + "PayPal" * 100,
        from_address="x@" + "a." * 200 + "com",
        from_domain="a." * 200 + "com",
        reply_to=tuple(f"r{i}@xn--{i}.com" for i in range(500)),
        return_path="<>",
        sender="@@@",
    )
    check_message(weird, (), AnalysisSettings())


def test_display_name_finding_names_the_claimed_brand_as_the_table_does() -> None:
    # "LinkedIn" resolves to the LinkedIn brand (canonical linkedin.com), not to Microsoft, which also owns it.
    found = check_message(ids("LinkedIn", "jobs@linkedin-careers.info"), (), AnalysisSettings())
    assert found is not None
    by_field = {f.field: (f.kind, f.resembles, f.brand) for f in found}
    assert by_field["From display name"] == ("display-name", "linkedin.com", "LinkedIn")
    # The domain finding is about a name, not a claim: it carries no brand.
    assert by_field["From"] == ("combosquat", "linkedin.com", None)


def test_protected_domain_unknown_to_the_table_has_no_brand_name() -> None:
    # The table has no brand for it, so the finding names only the domain (resembles); the made-up brand's
    # name is just the domain's label and is not passed on as a brand name.
    found = check_message(
        ids("Acmewidgets Billing", "billing@mailer-notice.info"),
        (),
        AnalysisSettings(protected_domains=["acmewidgets.com"]),
    )
    assert found is not None
    display = [f for f in found if f.field == "From display name"]
    assert [(f.kind, f.resembles, f.brand) for f in display] == [("display-name", "acmewidgets.com", None)]
