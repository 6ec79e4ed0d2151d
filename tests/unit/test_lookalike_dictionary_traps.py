"""Dictionary-word brands, companion words and lure vocabulary: the review's false alarms and misses.

False alarms: mail.ru's name is the word "mail", office.com's is "office", Target's, Sky's and Chase's are
ordinary words, so ``secure-mail.biz``, ``box-office-tickets.com`` or ``targets.com`` are ordinary names, not
imitations. Misses: brands outside the dev set pair their name with IT and finance words the lure list lacked
(``okta-sso``, ``zoom-meeting-invite``, ``target-giftcard``). Expected values come from reading the names: what a
reader would take the domain for, and whether the words beside the brand are a lure or a business's own words.
"""

from __future__ import annotations

import pytest

from inspector.lookalike import check_message
from inspector.lookalike.display_names import check_display, check_display_pair
from inspector.lookalike.domains import companions_fit, find_domain_match, generic_name, match_domain
from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import Target, protected_target, reference_for
from inspector.lookalike.words import join_spaced_letters, split_words
from inspector.model.report import Identities
from inspector.settings import AnalysisSettings


def target(protected: str) -> Target:
    t = protected_target(protected, reference_for())
    assert t is not None
    return t


def judge(candidate: str, protected: str) -> str | None:
    host = parse_host(candidate)
    assert host is not None
    m = match_domain(host, target(protected), reference_for())
    return m.kind if m else None


def anything(candidate: str) -> tuple[str, str] | None:
    """The finding against every reference set (what a message's From would get), as (kind, resembles)."""
    host = parse_host(candidate)
    assert host is not None
    m = find_domain_match(host, reference_for())
    return (m.kind, m.resembles) if m else None


def message_findings(domain: str, display: str | None = None) -> list[tuple[str, str, str]]:
    ids = Identities(
        from_display_name=display,
        from_address=f"info@{domain}",
        from_domain=domain,
        return_path=f"bounce@{domain}",
    )
    found = check_message(ids, (), AnalysisSettings())
    assert found is not None
    return [(f.field, f.kind, f.resembles) for f in found]


# --- 1. false alarms: ordinary names that are not imitations -------------------------------------------------


@pytest.mark.parametrize(
    ("candidate", "protected"),
    [
        # "mail" is lure vocabulary itself: these are phrases about e-mail, not mail.ru.
        ("safe-mail.net", "mail.ru"),
        ("secure-mail.biz", "mail.ru"),
        ("secure-mail.net", "mail.ru"),
        ("my-mail.ch", "mail.ru"),
        ("mail-online.de", "mail.ru"),
        ("web-mail-login.net", "mail.ru"),
        # "office" next to words that are not lures: a box office, an office-supplies shop.
        ("box-office-tickets.com", "office.com"),
        ("office-supplies-direct.com", "office.com"),
        # A brand that starts a longer real word is not the brand.
        ("amazonia-tours.com", "amazon.com"),
        # Two ordinary words (post, office) beside a museum.
        ("post-office-museum.org", "postoffice.co.uk"),
        # Fan, critic and watchdog sites.
        ("vodafone-fan-club.example", "vodafone.com"),
        ("netflixfans.com", "netflix.com"),
        ("paypalsucks.org", "paypal.com"),
        ("amazonwatch.org", "amazon.com"),
        # Ordinary-word brands beside a business's own words.
        ("chase-family-dental.com", "chase.com"),
        ("target-marketing-group.com", "target.com"),
        ("apple-orchard-farm.com", "apple.com"),
    ],
)
def test_ordinary_compound_is_not_a_combosquat(candidate: str, protected: str) -> None:
    assert judge(candidate, protected) is None


@pytest.mark.parametrize(
    "candidate",
    [
        "safe-mail.net",
        "secure-mail.biz",
        "my-mail.ch",
        "mail-online.de",
        "web-mail-login.net",
        "box-office-tickets.com",
        "office-supplies-direct.com",
        "amazonia-tours.com",
        "post-office-museum.org",
        "vodafone-fan-club.example",
        # A lure word is not a short brand glued to another word: banking is not bank + ING.
        "online-banking-help.org",
        "mailing-list.org",
    ],
)
def test_ordinary_compound_resembles_nothing_at_message_level(candidate: str) -> None:
    assert anything(candidate) is None
    assert message_findings(candidate) == []


def test_lure_word_subdomain_of_a_generic_name_says_nothing() -> None:
    """``mail.<anything>`` is every company's mail host, not mail.ru in a subdomain."""
    assert judge("mail.secure-login-center.com", "mail.ru") is None
    assert anything("mail.shop-online.com") is None


@pytest.mark.parametrize(
    ("candidate", "protected"),
    [
        ("skyy.com", "sky.com"),  # a doubled last letter on a three-letter word
        ("targetx.com", "target.com"),  # brand-style x on an ordinary word
        ("targets.com", "target.com"),  # plural
        ("applex.com", "apple.com"),
        ("upsz.com", "ups.com"),  # three letters plus one is mostly another company's name
    ],
)
def test_appended_letter_on_short_or_dictionary_brand_is_not_a_typo(candidate: str, protected: str) -> None:
    assert judge(candidate, protected) is None


@pytest.mark.parametrize(
    ("candidate", "protected", "kind"),
    [
        ("uspss.com", "usps.com", "typo"),  # four letters, not a word: the doubled letter still counts
        ("office4.com", "office.com", "typo"),  # a digit added is no word ending
        ("paypall.com", "paypal.com", "typo"),  # distinctive brands keep the appended-letter typo
        ("sky-billing.com", "sky.com", "combosquat"),  # ordinary word + strong lure
        ("chase-alerts.com", "chase.com", "combosquat"),
        ("zoom-online.us", "zoom.us", "combosquat"),  # only lure words beside it
        ("office-365-support.com", "office.com", "combosquat"),  # number and lure
        ("ms-office-login.com", "office.com", "combosquat"),
        ("myoffice-center.com", "office.com", "combosquat"),
        ("apple-orchard-login.com", "apple.com", "combosquat"),  # a strong lure outweighs the other word
        ("mail-ru-login.com", "mail.ru", "target-embedding"),  # the brand's own ending makes it mail.ru
        ("mailru-secure.com", "mail.ru", "target-embedding"),
        ("post-office-redelivery.com", "postoffice.co.uk", "combosquat"),  # brand across a hyphen + lure
        ("vodafone-fan-login.com", "vodafone.com", "combosquat"),  # a lure beside the fan word
        ("docusign-envelope.com", "docusign.com", "combosquat"),  # distinctive brand + neutral word
        ("__bradesco.com.br", "bradesco.com.br", "combosquat"),  # underscores in front are not a word of their own
        ("pay-palservice.com", "paypal.com", "combosquat"),  # brand across a hyphen, starting a word
    ],
)
def test_real_imitations_next_to_the_traps_still_count(candidate: str, protected: str, kind: str) -> None:
    assert judge(candidate, protected) == kind


def test_companion_rules_by_kind_of_name() -> None:
    ref = reference_for()
    mail, chase, paypal = target("mail.ru"), target("chase.com"), target("paypal.com")
    assert generic_name(mail, ref) and not generic_name(chase, ref)
    assert not companions_fit(["secure"], mail, ref)  # generic: a lure is not enough
    assert companions_fit(["login"], chase, ref)
    assert companions_fit(["online", "my"], chase, ref)  # all lure words
    assert not companions_fit(["family", "dental"], chase, ref)
    assert companions_fit(["family", "login"], chase, ref)  # strong lure
    assert not companions_fit(["123"], chase, ref)  # numbers alone say nothing
    assert companions_fit(["envelope"], paypal, ref)
    assert not companions_fit(["fan", "club"], paypal, ref)
    assert companions_fit(["fan", "refund"], paypal, ref)
    assert not companions_fit([], paypal, ref)


# --- 2. misses: brands outside the dev set with IT, finance and logistics lures -------------------------------


@pytest.mark.parametrize(
    ("candidate", "protected"),
    [
        ("okta-sso.com", "okta.com"),  # the 0ktapus pattern
        ("oktasso.com", "okta.com"),  # glued, no hyphen
        ("okta-mfa.com", "okta.com"),
        ("chasebank-secure.com", "chase.com"),  # brand glued to "bank"
        ("chase-2fa.com", "chase.com"),
        ("zoom-meeting-invite.com", "zoom.us"),
        ("slack-workspace-invite.com", "slack.com"),
        ("target-giftcard.com", "target.com"),
        ("paypal-vpn.com", "paypal.com"),
        ("dhl-waybill.com", "dhl.com"),
        ("microsoft-servicedesk.com", "microsoft.com"),
    ],
)
def test_new_lure_words_make_combosquats(candidate: str, protected: str) -> None:
    assert judge(candidate, protected) == "combosquat"


@pytest.mark.parametrize(
    ("candidate", "resembles"),
    [
        ("okta-sso.com", "okta.com"),
        ("zoom-meeting-invite.com", "zoom.us"),
        ("slack-workspace-invite.com", "slack.com"),
        ("target-giftcard.com", "target.com"),
        ("hotmail-login-help.com", "hotmail.com"),  # a brand's own mailbox name is a target too
    ],
)
def test_new_lure_words_found_without_a_protected_domain(candidate: str, resembles: str) -> None:
    assert anything(candidate) == ("combosquat", resembles)


def test_hotmail_lure_at_message_level() -> None:
    found = message_findings("hotmail-login-help.com")
    assert ("From", "combosquat", "hotmail.com") in found
    assert ("Return-Path", "combosquat", "hotmail.com") in found


# --- display names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "from_domain", "protected"),
    [
        ("Target Rewards", "gmail.com", "target.com"),
        ("Shell Energy Bills", "gmail.com", "shell.com"),
        ("N e t f l i x", "promo.biz", "netflix.com"),
        ("N.e.t.f.l.i.x", "promo.biz", "netflix.com"),
        ("Net\u200bflix", "promo.biz", "netflix.com"),  # ZERO WIDTH SPACE inside
        ("P a y P a l Support", "secure-center.top", "paypal.com"),
        ("ChaseSupport", "gmail.com", "chase.com"),  # capital marks the join
        ("PayPalService", "example.org", "paypal.com"),
    ],
)
def test_display_name_claims_now_found(display: str, from_domain: str, protected: str) -> None:
    ref = reference_for()
    m = check_display_pair(display, from_domain, target(protected), ref)
    assert m is not None and m.kind == "display-name", display


@pytest.mark.parametrize(
    ("display", "from_domain", "protected"),
    [
        ("Sales Target Report", "company.com", "target.com"),
        ("Steve Chase", "gmail.com", "chase.com"),
        ("Shell Beach Resort", "gmail.com", "shell.com"),
        ("Chasefield", "gmail.com", "chase.com"),  # one word, no capital at a join
        ("Target", "target.com", "target.com"),
        ("Shell Energy", "shellenergy.co.uk", "shell.com"),  # the brand's own domain
        ("CaixaBank", "caixabank.es", "caixa.gov.br"),  # a whole name of its own, not Caixa + Bank
    ],
)
def test_display_name_non_claims(display: str, from_domain: str, protected: str) -> None:
    assert check_display_pair(display, from_domain, target(protected), reference_for()) is None


def test_spaced_out_name_is_explained_and_found_at_message_level() -> None:
    found = check_display("N e t f l i x", "promo.biz", reference_for())
    assert [m.resembles for m in found] == ["netflix.com"]
    assert "letters written apart" in found[0].explanation
    hidden = check_display("Net\u200bflix", "promo.biz", reference_for())
    assert "invisible characters" in hidden[0].explanation


def test_camel_case_brand_glued_to_role_word_at_message_level() -> None:
    found = check_display("MetaTeam", "mailtickets.onmicrosoft.com", reference_for())
    assert [m.kind for m in found] == ["display-name"] and "Facebook" in found[0].explanation


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("N e t f l i x", ["Netflix"]),
        ("N  e  t  f  l  i  x Support", ["Netflix", "Support"]),
        ("P.a.y.P.a.l", ["PayPal"]),
        ("A\u00adm\u00ada\u00adz\u00ado\u00adn", ["Amazon"]),  # soft hyphens are invisible
        ("U.S.P.S.", ["USPS"]),
        ("A B", ["A", "B"]),  # two letters are not a spelled-out word
        ("Netf lix", ["Netf", "lix"]),
    ],
)
def test_spaced_letters_are_joined(text: str, words: list[str]) -> None:
    assert split_words(text) == words


def test_join_spaced_letters_leaves_ordinary_text_alone() -> None:
    assert join_spaced_letters("Chase Bank Support") == "Chase Bank Support"
    assert join_spaced_letters("x" * 300 + " a b") == "x" * 300 + " a b"


# A name whose folded or loose form is closer to a brand than its spelling, yet still two or more real edits
# away, was made to look like nothing: i/l folding alike made lalgroup.com "2 changes" from citigroup.com.
@pytest.mark.parametrize(
    ("candidate", "protected"),
    [
        ("lalgroup.com", "citigroup.com"),  # l-a-l for c-i-t-i: four plain edits, two after folding
        ("lilgroup.com", "citigroup.com"),
        ("vistagroup.com", "citigroup.com"),
    ],
)
def test_look_alike_letters_never_shorten_two_real_edits(candidate: str, protected: str) -> None:
    assert judge(candidate, protected) is None
    assert anything(candidate) is None or anything(candidate)[1] != protected  # type: ignore[index]


@pytest.mark.parametrize(
    ("candidate", "protected"),
    [
        ("citigruop.com", "citigroup.com"),  # a transposition: one plain edit
        ("cltigroup.com", "citigroup.com"),  # i written as l: a look-alike letter alone
        ("acllobe.com", "adobe.com"),  # cl for d, and one l more: one edit beside look-alike letters
        ("fcbex.com", "fedex.com"),  # only look-alike letters differ
        ("citigroups.com", "citigroup.com"),
    ],
)
def test_typos_and_look_alike_letters_still_count(candidate: str, protected: str) -> None:
    assert judge(candidate, protected) is not None
