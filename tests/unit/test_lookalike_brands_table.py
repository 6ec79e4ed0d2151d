"""The shipped brand table is well formed: every entry loads into a usable Brand, and no domain is claimed twice.

A malformed entry does not crash the loader (it reads defensively), it silently weakens the checks: a canonical
domain that is not a valid A-label yields no target, an empty alias list leaves display names unchecked, and a
domain owned by two unrelated brands lets one brand's mail back the other's name. These tests read the JSON
itself and the Reference built from it.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import idna
import pytest

from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import Reference, build_reference
from inspector.lookalike.words import split_words
from inspector.paths import resource_path

#: Domains legitimately owned by two table brands: one company runs both names (Microsoft and LinkedIn,
#: Booking Holdings and Agoda, Crédit Agricole and LCL …). Anything else owned twice is a mistake.
SHARED_OWNERSHIP = {
    "agoda.com": {"Booking.com", "Agoda"},
    "bestbuy.com": {"Geek Squad", "Best Buy"},
    "boursorama.com": {"Societe Generale", "Boursorama"},
    "braintreepayments.com": {"PayPal", "Venmo"},
    "facebook.com": {"Facebook", "Instagram", "WhatsApp"},
    "facebookmail.com": {"Facebook", "Instagram", "WhatsApp"},
    "geeksquad.com": {"Geek Squad", "Best Buy"},
    "gen.com": {"Norton", "Avast"},
    "github.com": {"Microsoft", "GitHub"},
    "gouv.fr": {"Impots", "ANTAI"},
    "gov.uk": {"HMRC", "GOV.UK"},
    "instagram.com": {"Facebook", "Instagram"},
    "intuit.com": {"Intuit", "Mailchimp"},
    "ionos.com": {"GMX", "IONOS"},
    "lcl.fr": {"Credit Agricole", "LCL"},
    "linkedin.com": {"Microsoft", "LinkedIn"},
    "mailchimp.com": {"Intuit", "Mailchimp"},
    "meta.com": {"Facebook", "Instagram", "WhatsApp"},
    "microsoft.com": {"Microsoft", "LinkedIn"},
    "paypal.com": {"PayPal", "Venmo"},
    "salesforce.com": {"Salesforce", "Slack"},
    "samsclub.com": {"Walmart", "Sam's Club"},
    "slack.com": {"Salesforce", "Slack"},
    "venmo.com": {"PayPal", "Venmo"},
    "whatsapp.com": {"Facebook", "WhatsApp"},
}
CATEGORIES = {
    "bank",
    "crypto",
    "finance",
    "gaming",
    "government",
    "insurance",
    "mailbox",
    "media",
    "retail",
    "security",
    "services",
    "shipping",
    "social",
    "technology",
    "telecom",
    "travel",
}
DOMAIN_LISTS = ("canonical", "owned", "mailbox", "tenant_suffixes")


@pytest.fixture(scope="module")
def table() -> dict[str, Any]:
    data = json.loads(resource_path("lookalike", "brands.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def ref() -> Reference:
    return build_reference()


def _is_a_label_hostname(name: str) -> bool:
    """Lower-case ASCII, at least two labels, each a valid (IDNA 2008) label."""
    if name != name.lower() or not name.isascii() or "." not in name or name.startswith(".") or name.endswith("."):
        return False
    try:
        return idna.encode(name, uts46=False).decode("ascii") == name
    except idna.IDNAError:
        return False


def test_the_table_has_the_regional_brands(table: dict[str, Any]) -> None:
    names = {b["name"] for b in table["brands"]}
    assert len(table["brands"]) >= 300
    for expected in ("Correios", "Bradesco", "Itaú", "Banco do Brasil", "Nubank", "Mercado Pago", "BBVA"):
        assert expected in names


def test_every_entry_has_the_expected_shape(table: dict[str, Any]) -> None:
    problems: list[str] = []
    for b in table["brands"]:
        name = b.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"entry without a name: {b}")
            continue
        if b.get("category") not in CATEGORIES:
            problems.append(f"{name}: unknown category {b.get('category')!r}")
        if not isinstance(b.get("common_word"), bool):
            problems.append(f"{name}: common_word is not a boolean")
        for key in (*DOMAIN_LISTS, "aliases", "tokens"):
            value = b.get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(f"{name}: {key} is not a list of non-empty strings")
            elif len(set(value)) != len(value):
                problems.append(f"{name}: {key} repeats an entry")
        if not b.get("canonical"):
            problems.append(f"{name}: no canonical domain")
        if not b.get("aliases"):
            problems.append(f"{name}: no alias")
    assert problems == []


def test_brand_names_are_unique(table: dict[str, Any]) -> None:
    counts = Counter(b["name"].casefold() for b in table["brands"])
    assert [n for n, c in counts.items() if c > 1] == []


def test_every_domain_is_a_valid_a_label(table: dict[str, Any]) -> None:
    bad = [
        (b["name"], key, d)
        for b in table["brands"]
        for key in DOMAIN_LISTS
        for d in b.get(key, [])
        if not _is_a_label_hostname(d)
    ]
    assert bad == []


def test_canonical_domains_become_targets(table: dict[str, Any], ref: Reference) -> None:
    """A canonical domain the host parser rejects (a bare public suffix) imitates nothing: only gov.uk is one."""
    target_domains = {t.domain for t in ref.targets}
    missing = [
        d
        for b in table["brands"]
        for d in b["canonical"]
        if d not in target_domains and (parse_host(d) is None or parse_host(d).is_valid)  # type: ignore[union-attr]
    ]
    assert missing == []


def test_owned_includes_canonical_and_mailbox(ref: Reference) -> None:
    for brand in ref.brands:
        assert set(brand.canonical) <= brand.owned, brand.name
        assert brand.mailbox <= brand.owned, brand.name


def test_mailbox_domains_are_marked_freemail(table: dict[str, Any]) -> None:
    freemail = set(table["freemail"])
    missing = [(b["name"], d) for b in table["brands"] for d in b["mailbox"] if d not in freemail]
    assert missing == []


def test_no_domain_is_owned_by_two_brands_unless_listed(ref: Reference) -> None:
    shared = {dom: {b.name for b in bs} for dom, bs in ref.brands_by_domain.items() if len({id(b) for b in bs}) > 1}
    assert shared == SHARED_OWNERSHIP


def test_aliases_split_into_words(ref: Reference) -> None:
    assert [(b.name, a) for b in ref.brands for a in b.aliases if not split_words(a)] == []


def test_no_alias_names_two_brands_unless_they_share_an_owner(ref: Reference) -> None:
    """ "Deutsche Post" must point to one brand, or a display name from one would be checked against the other."""
    clashes = []
    for key, brands in ref.alias_index.items():
        if len(brands) > 1:
            owned = [b.owned for b in brands]
            if not set.intersection(*(set(o) for o in owned)):
                clashes.append((key, [b.name for b in brands]))
    assert clashes == []


def test_top_level_lists_are_lower_case_and_unique(table: dict[str, Any]) -> None:
    for key in ("freemail", "shared_suffixes", "bulk_senders", "phishing_keywords", "role_words", "common_words"):
        values = table[key]
        assert all(isinstance(v, str) and v == v.lower() and v.strip() == v and v for v in values), key
        assert len(set(values)) == len(values), key


def test_common_word_brands_name_an_ordinary_word(table: dict[str, Any]) -> None:
    """A common_word brand's names contain a word of common_words: is_common_label reads that list, not the flag."""
    words = set(table["common_words"])
    loose = []
    for b in table["brands"]:
        if not b["common_word"]:
            continue
        labels = {parse_host(d).name_label for d in b["canonical"] if parse_host(d)}  # type: ignore[union-attr]
        tokens = labels | set(b["tokens"])
        if not any(w in t for t in tokens for w in words):
            loose.append(b["name"])
    assert loose == []
