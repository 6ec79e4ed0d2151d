"""Write a holdout set for the lookalike checks: other brands than ../shared/lookalike's dev files, same format.

Usage: .venv/bin/python benchmarks/make_holdout.py [--variant b]   (needs the ``bench`` extra)

Writes ``benchmarks/holdout/domains-holdout.jsonl`` ({candidate, protected, label, kind}) and
``benchmarks/holdout/display-names-holdout.jsonl`` ({display_name, from_domain, protected, label, kind}).

Why a holdout: the dev files cover 20 brands and the brand table was curated while reading them, so their
scores overstate how the engine does on brands nobody tuned for. This set uses 25 other brands from the table
and 5 real companies the table does not know at all (passed only as ``protected``), generated the same way:

- positives: dnstwist's fuzzers (Apache-2.0, benchmark-only dependency) with our own 25-word dictionary and
  24-TLD list, up to 3 per fuzzer per brand (homoglyph split into ASCII and IDN), sampled deterministically
  (sorted, then ``random.Random(20251130)``); plus hand-written combo-squats, target embedding, ``www``
  prefixes, free hosting, and IDN cases from a homoglyph table written here independently of the engine's.
- negatives: real domains from Chromium's top bucket (``../shared/data/top-domains/top-bucket.list``,
  BSD-3) paired with a random brand or with the brand whose name is nearest; hand-checked brand-owned
  domains, legitimate look-alike-ish businesses, other brands and the brand's own subdomains.

Labelling rules: a generated lookalike that lands on a domain of the real-domain pool becomes a
``neg/real_collision`` negative; a generated name of two characters or fewer is dropped (every such .com is
registered, almost always by an unrelated business), and so is one under .gov/.mil/.edu (only vetted
institutions can register there, so it is nobody's lookalike); near-real pool entries that belong to the brand or
that we could not be sure were unrelated are skipped (see ``NOT_NEAR_REAL``).
"""

from __future__ import annotations

import contextlib
import json
import random
import sys
import unicodedata
from pathlib import Path

import dnstwist
import idna
from publicsuffixlist import PublicSuffixList
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "holdout"
POOL_FILE = ROOT.parent / "shared" / "data" / "top-domains" / "top-bucket.list"
SEED = 20251130
PER_FUZZER = 3

#: Brands of the brand table that the dev files do not cover.
IN_TABLE = [
    "apple.com",
    "amazon.com",
    "netflix.com",
    "chase.com",
    "wellsfargo.com",
    "docusign.com",
    "fedex.com",
    "usps.com",
    "irs.gov",
    "google.com",
    "icloud.com",
    "outlook.com",
    "zoom.us",
    "binance.com",
    "steamcommunity.com",
    "ebay.com",
    "citibank.com",
    "santander.co.uk",
    "att.com",
    "adp.com",
    "intuit.com",
    "x.com",
    "sharepoint.com",
    "github.com",
    "roblox.com",
]
#: Real companies that are in neither the brand table nor the popular-domain list: the engine only knows them
#: because the user protects them.
ABSENT = ("klarna.com", "paychex.com", "swedbank.se", "bitwarden.com", "postfinance.ch")

#: Our dictionary for dnstwist's dictionary fuzzer (lure words seen in phishing; not the dev set's list).
DICTIONARY = [
    "account",
    "login",
    "secure",
    "verify",
    "support",
    "billing",
    "update",
    "alert",
    "service",
    "help",
    "wallet",
    "invoice",
    "signin",
    "portal",
    "payroll",
    "refund",
    "confirm",
    "access",
    "notice",
    "online",
    "team",
    "auth",
    "recovery",
    "claim",
    "docs",
]
#: TLDs for dnstwist's tld-swap fuzzer.
TLDS = [
    "com",
    "net",
    "org",
    "info",
    "biz",
    "co",
    "xyz",
    "top",
    "online",
    "site",
    "live",
    "services",
    "shop",
    "club",
    "app",
    "io",
    "me",
    "ru",
    "cn",
    "tk",
    "store",
    "icu",
    "us",
    "cc",
]
FUZZERS = [
    "addition",
    "bitsquatting",
    "cyrillic",
    "homoglyph",
    "hyphenation",
    "insertion",
    "omission",
    "plural",
    "repetition",
    "replacement",
    "subdomain",
    "transposition",
    "vowel-swap",
    "dictionary",
    "tld-swap",
    "various",
]

#: Lure words for the hand-written cases (a wider list than the dnstwist dictionary on purpose).
HAND_WORDS = [
    "secure",
    "login",
    "verify",
    "account",
    "support",
    "billing",
    "update",
    "alert",
    "service",
    "help",
    "wallet",
    "invoice",
    "signin",
    "portal",
    "payroll",
    "refund",
    "confirm",
    "access",
    "notice",
    "online",
    "team",
    "auth",
    "recovery",
    "center",
    "appeal",
    "ticket",
    "benefits",
    "checkout",
    "rewards",
    "care",
    "unlock",
    "validate",
    "delivery",
    "tracking",
    "tax",
    "docs",
    "id",
    "customer",
]
CHEAP_TLDS = ["com", "net", "info", "xyz", "top", "online", "site", "live", "shop", "icu", "co", "support"]
FREE_HOSTS = [
    "firebaseapp.com",
    "web.app",
    "github.io",
    "herokuapp.com",
    "pages.dev",
    "workers.dev",
    "netlify.app",
    "vercel.app",
    "glitch.me",
    "weebly.com",
    "wixsite.com",
    "blogspot.com",
]
#: Latin letter → letters of other scripts that read the same (Cyrillic, Greek, Armenian, IPA, Cherokee).
HOMOGLYPHS: dict[str, tuple[str, ...]] = {
    "a": ("а", "ɑ", "α"),
    "c": ("с", "ϲ"),
    "d": ("ԁ",),
    "e": ("е", "ҽ"),
    "g": ("ɡ", "ց"),
    "h": ("һ", "հ"),
    "i": ("і", "ɩ", "ι"),
    "j": ("ј",),
    "k": ("κ", "к"),
    "l": ("ӏ", "ⅼ"),
    "m": ("м",),
    "n": ("ո", "η"),
    "o": ("о", "ο", "օ"),
    "p": ("р", "ρ"),
    "q": ("ԛ",),
    "s": ("ѕ",),
    "t": ("т",),
    "u": ("ս", "υ"),
    "v": ("ν", "ѵ"),
    "w": ("ԝ", "ѡ"),
    "x": ("х", "χ"),
    "y": ("у", "γ"),
}
#: TLDs whose registries accept no such IDN: the hand IDN cases move to .com, as dnstwist does.
NO_IDN = {"uk", "co.uk", "us", "gov", "edu", "ch", "se"}

#: Domains each brand really owns or runs (checked by hand; when unsure, left out).
BRAND_OWNED: dict[str, tuple[str, ...]] = {
    "apple.com": ("itunes.com", "me.com", "mac.com", "apple.co", "mzstatic.com", "icloud-content.com", "icloud.com"),
    "amazon.com": (
        "amazon.co.uk",
        "amazon.de",
        "amazon.co.jp",
        "amazonses.com",
        "a2z.com",
        "amazon.jobs",
        "primevideo.com",
        "audible.com",
        "media-amazon.com",
        "ssl-images-amazon.com",
    ),
    "netflix.com": ("netflix.net", "nflxvideo.net", "nflximg.net", "nflxext.com"),
    "chase.com": ("jpmorganchase.com", "jpmorgan.com", "chase.co.uk"),
    "wellsfargo.com": ("wellsfargoadvisors.com", "wf.com"),
    "docusign.com": ("docusign.net",),
    "fedex.com": ("fedex.co.uk", "fedex.ca"),
    "usps.com": ("uspis.gov",),
    "google.com": (
        "google.co.uk",
        "google.de",
        "google.co.jp",
        "youtube.com",
        "gstatic.com",
        "withgoogle.com",
        "goo.gl",
        "googlemail.com",
    ),
    "icloud.com": ("apple.com", "me.com", "mac.com"),
    "outlook.com": ("hotmail.com", "live.com", "microsoft.com", "office365.com"),
    "zoom.us": ("zoom.com", "zoomgov.com"),
    "steamcommunity.com": ("steampowered.com", "steamstatic.com", "valvesoftware.com"),
    "ebay.com": ("ebay.co.uk", "ebay.de", "ebayinc.com", "ebaystatic.com", "ebayimg.com"),
    "citibank.com": ("citi.com", "citigroup.com", "citicards.com"),
    "santander.co.uk": ("santander.com", "santander.com.br", "santanderbank.com"),
    "att.com": ("att.net", "sbcglobal.net"),
    "intuit.com": ("turbotax.com", "quickbooks.com", "mint.com", "creditkarma.com", "mailchimp.com"),
    "x.com": ("twitter.com", "t.co", "twimg.com"),
    "sharepoint.com": ("microsoft.com", "sharepointonline.com", "office.com", "onedrive.com"),
    "github.com": ("githubusercontent.com", "githubassets.com", "github.blog", "npmjs.com"),
    "roblox.com": ("rbxcdn.com",),
    "klarna.com": ("klarna.se",),
    "paychex.com": ("paychexflex.com",),
    "swedbank.se": ("swedbank.lt", "swedbank.ee", "swedbank.lv"),
    "postfinance.ch": ("post.ch",),
    "bitwarden.com": ("bitwarden.eu",),
}
#: Generated names whose owner we could not establish (a licensee, a regional partner): neither label is honest.
UNSURE = {"binance.us", "roblox.cn"}
#: Real, unrelated businesses and institutions whose names come close to the brand's.
HARD_SIMILAR: dict[str, tuple[str, ...]] = {
    "apple.com": ("applebees.com", "snapple.com", "appleinsider.com"),
    "amazon.com": ("amazonwatch.org",),
    "netflix.com": ("netlify.com",),
    "chase.com": ("chess.com", "case.edu"),
    "docusign.com": ("docuware.com", "docsend.com"),
    "usps.com": ("uspto.gov", "usda.gov"),
    "irs.gov": ("irsn.fr",),
    "google.com": ("doodle.com",),
    "icloud.com": ("pcloud.com",),
    "outlook.com": ("outlookindia.com",),
    "zoom.us": ("zoominfo.com", "xoom.com", "zoho.com"),
    "citibank.com": ("citizensbank.com", "citadel.com"),
    "adp.com": ("adb.org", "adt.com", "amd.com"),
    "intuit.com": ("intuitive.com",),
    "x.com": ("xe.com",),
    "github.com": ("gitee.com",),
    "paychex.com": ("paycor.com",),
    "bitwarden.com": ("bitdefender.com",),
}
#: Pool entries that are near a brand's name but belong to it or that we could not vouch for as unrelated.
NOT_NEAR_REAL: set[str] = set()
OWN_PREFIXES = ("mail", "secure", "email", "account", "login", "support", "news", "m")
PSL = PublicSuffixList(only_icann=True)


def _split(domain: str) -> tuple[str, str]:
    suffix = PSL.publicsuffix(domain) or domain.rsplit(".", 1)[1]
    label = domain[: -len(suffix) - 1].rsplit(".", 1)[-1]
    return label, suffix


def _registrable_label(domain: str) -> str:
    reg = PSL.privatesuffix(domain) or domain
    suffix = PSL.publicsuffix(domain) or ""
    return reg[: -len(suffix) - 1] if suffix and reg.endswith("." + suffix) else reg


def _restricted(domain: str) -> bool:
    """Under .gov / .mil / .edu only vetted institutions register: such a "lookalike" is no attacker's."""
    suffix = PSL.publicsuffix(domain) or ""
    return any(part in ("gov", "mil", "edu") for part in suffix.split("."))


def _row(candidate: str, protected: str, label: int, kind: str) -> dict[str, object]:
    return {"candidate": candidate, "protected": protected, "label": label, "kind": kind}


def _sample(rng: random.Random, items: list[str], k: int) -> list[str]:
    items = sorted(set(items))
    return items if len(items) <= k else sorted(rng.sample(items, k))


def dnstwist_rows(brand: str, rng: random.Random, pool: set[str]) -> list[dict[str, object]]:
    """Up to PER_FUZZER permutations per fuzzer (homoglyph split ASCII / IDN); collisions become negatives."""
    fz = dnstwist.Fuzzer(brand, dictionary=DICTIONARY, tld_dictionary=list(TLDS))
    fz.generate(fuzzers=FUZZERS)
    by_kind: dict[str, list[str]] = {}
    owned = set(BRAND_OWNED.get(brand, ()))
    rows: list[dict[str, object]] = []
    for perm in fz.domains:
        dom = perm["domain"]
        fuzzer = perm["fuzzer"]
        if not dom or dom == brand or fuzzer == "*original":
            continue
        if fuzzer == "homoglyph":
            fuzzer = "homoglyph_idn" if "xn--" in dom else "homoglyph_ascii"
        reg_label = _registrable_label(dom)
        reg = PSL.privatesuffix(dom) or dom
        if reg in owned or reg == brand or reg in UNSURE:
            continue
        if reg in pool:
            rows.append(_row(dom, brand, 0, "neg/real_collision"))
            continue
        if len(reg_label) <= 2:
            continue
        if _restricted(dom):
            continue
        by_kind.setdefault(fuzzer, []).append(dom)
    for kind in sorted(by_kind):
        for dom in _sample(rng, by_kind[kind], PER_FUZZER):
            rows.append(_row(dom, brand, 1, f"dnstwist/{kind}"))
    return rows


def _reads_as_itself(glyph: str, letter: str) -> bool:
    """UTS #46 maps compatibility characters (ⅼ, ｌ) to plain letters: such a name *is* the brand's, not a lookalike."""
    return unicodedata.normalize("NFKC", glyph).casefold() == letter


def _idn_swap(label: str, rng: random.Random, n: int = 1) -> str:
    positions = [i for i, ch in enumerate(label) if ch in HOMOGLYPHS]
    chars = list(label)
    for i in sorted(rng.sample(positions, min(n, len(positions)))):
        chars[i] = rng.choice([g for g in HOMOGLYPHS[chars[i]] if not _reads_as_itself(g, chars[i])])
    return "".join(chars)


def hand_rows(brand: str, rng: random.Random) -> list[dict[str, object]]:
    """Combo-squats, target embedding, www prefixes, free hosting and IDN cases written by hand."""
    label, suffix = _split(brand)
    words = rng.sample(HAND_WORDS, 12)
    tld = lambda: rng.choice(CHEAP_TLDS)  # noqa: E731
    rows = [
        _row(f"{label}-{words[0]}.{tld()}", brand, 1, "hand/combosquat"),
        _row(f"{words[1]}-{label}.com", brand, 1, "hand/combosquat"),
        _row(f"{label}{words[2]}.{tld()}", brand, 1, "hand/combosquat"),
        _row(f"my{label}-{words[3]}.com", brand, 1, "hand/combosquat"),
        _row(f"{brand}.{words[4]}-{words[5]}.com", brand, 1, "hand/subdomain_abuse"),
        _row(f"{brand.replace('.', '-')}-{words[6]}.{tld()}", brand, 1, "hand/subdomain_abuse"),
        _row(
            f"{label}.{words[7]}-{rng.randint(1000, 9999)}.{rng.choice(['ru', 'top', 'xyz', 'icu'])}",
            brand,
            1,
            "hand/subdomain_abuse",
        ),
        _row(f"{label}-{words[8]}.{rng.choice(FREE_HOSTS)}", brand, 1, "hand/free_hosting"),
        _row(f"www{label}.{tld()}", brand, 1, "hand/www_prefix"),
        _row(f"www-{label}.com", brand, 1, "hand/www_prefix"),
    ]
    idn_suffix = "com" if suffix in NO_IDN else suffix
    if any(ch in HOMOGLYPHS for ch in label):
        u1 = _idn_swap(label, rng)
        u2 = _idn_swap(label, rng)
        rows.append(_row(f"{u1}.{idn_suffix}", brand, 1, "hand/idn_mixed_unicode"))
        if u2 != u1:
            rows.append(_row(f"{u2}.{idn_suffix}", brand, 1, "hand/idn_mixed_unicode"))
        u3 = _idn_swap(label, rng)
        with contextlib.suppress(idna.IDNAError):
            puny = idna.encode(f"{u3}.{idn_suffix}", uts46=True).decode()
            if puny.startswith("xn--"):
                rows.append(_row(puny, brand, 1, "hand/idn_mixed_punycode"))
        rows.append(_row(f"{_idn_swap(label, rng)}-{words[9]}.com", brand, 1, "hand/idn_combo"))
    return rows


def negative_rows(brand: str, rng: random.Random, pool: list[str], brands: list[str]) -> list[dict[str, object]]:
    """Real domains (random and nearest), brand-owned ones, hard near-misses, other brands, own subdomains."""
    label, _ = _split(brand)
    owned = set(BRAND_OWNED.get(brand, ()))
    rows = [_row(d, brand, 0, "neg/brand_owned") for d in sorted(owned)]
    rows += [_row(d, brand, 0, "neg/hard_similar") for d in HARD_SIMILAR.get(brand, ())]
    if brand != "sharepoint.com":  # names under sharepoint.com are customers' tenants, not the brand's
        for p in rng.sample(OWN_PREFIXES, 2):
            rows.append(_row(f"{p}.{brand}", brand, 0, "neg/own_subdomain"))

    def related(dom: str) -> bool:
        lab = _registrable_label(dom)
        return dom in owned or label in lab or (lab in label and len(lab) >= 3) or dom in NOT_NEAR_REAL

    others = [b for b in brands if b != brand and b not in owned]
    near_b = sorted(others, key=lambda b: (Levenshtein.normalized_distance(_split(b)[0], label), b))[:2]
    rows += [_row(b, brand, 0, "neg/cross_brand") for b in near_b]
    usable = [d for d in pool if not related(d) and d not in HARD_SIMILAR.get(brand, ())]
    near = sorted(usable, key=lambda d: (Levenshtein.normalized_distance(_registrable_label(d), label), d))[:8]
    rows += [_row(d, brand, 0, "neg/near_real") for d in near]
    rest = [d for d in usable if d not in near]
    rows += [_row(d, brand, 0, "neg/random_real") for d in _sample(rng, rest, 28)]
    return rows


# Display names: (name, protected) → foreign (label 1) from attacker / freemail / tenant domains and the same name
# from a domain the brand sends from (label 0).
DISPLAY: dict[str, tuple[str, tuple[str, ...]]] = {
    "apple.com": ("apple.com", ("Apple", "Apple ID", "Apple Support", "App Store", "iTunes Store", "ApрIe Support")),
    "amazon.com": (
        "amazon.com",
        ("Amazon", "Amazon.com", "Amazon Prime", "Prime Video", "Amaz0n Security", "Amazon Customer Service"),
    ),
    "netflix.com": ("netflix.com", ("Netflix", "Netflix Billing", "NetfIix", "Netflix Account Team")),
    "chase.com": ("chase.com", ("Chase", "Chase Bank", "Chase Fraud Department", "JPMorgan Chase", "CHASE Alerts")),
    "wellsfargo.com": ("wellsfargo.com", ("Wells Fargo", "Wells Fargo Online", "WellsFargo Alerts", "We11s Fargo")),
    "docusign.com": ("docusign.net", ("DocuSign", "DocuSign Electronic Signature", "Docusign eSignature Service")),
    "fedex.com": ("fedex.com", ("FedEx", "FedEx Delivery Manager", "FedEx Tracking", "Fed Ex Shipping")),
    "usps.com": ("usps.com", ("USPS", "USPS Informed Delivery", "United States Postal Service", "U.S. Postal Service")),
    "irs.gov": ("irs.gov", ("IRS", "Internal Revenue Service", "IRS Tax Refund", "IRS.gov")),
    "google.com": ("google.com", ("Google", "Google Drive", "Google Workspace", "Google Accounts Team", "G00gle")),
    "icloud.com": ("apple.com", ("iCloud", "iCloud Storage", "iCIoud Support")),
    "outlook.com": ("microsoft.com", ("Outlook", "Outlook Web App", "Microsoft Outlook Team")),
    "zoom.us": ("zoom.us", ("Zoom", "Zoom Video Communications", "Zoom Meetings")),
    "binance.com": ("binance.com", ("Binance", "Binance Security", "Binance Support Team", "Βinance")),
    "steamcommunity.com": ("steampowered.com", ("Steam Support", "Steam Community", "Steam")),
    "ebay.com": ("ebay.com", ("eBay", "eBay Customer Service", "eBay Buyer Protection")),
    "citibank.com": ("citi.com", ("Citibank", "Citi", "Citi Alerts", "Citibank Online")),
    "santander.co.uk": ("santander.co.uk", ("Santander", "Santander UK", "Santander Online Banking")),
    "att.com": ("att.com", ("AT&T", "ATT Customer Care", "AT&T Wireless")),
    "adp.com": ("adp.com", ("ADP", "ADP Payroll", "ADP Workforce Now")),
    "intuit.com": ("intuit.com", ("Intuit", "QuickBooks", "TurboTax", "Intuit QuickBooks Payments")),
    "x.com": ("x.com", ("X", "Twitter", "X Support", "Twitter Security")),
    "sharepoint.com": ("microsoft.com", ("SharePoint", "SharePoint Online", "Microsoft SharePoint")),
    "github.com": ("github.com", ("GitHub", "GitHub Security", "GitHub Support")),
    "roblox.com": ("roblox.com", ("Roblox", "Roblox Support", "R0blox")),
    "klarna.com": ("klarna.com", ("Klarna", "Klarna Customer Service", "Klarna Payments")),
    "paychex.com": ("paychex.com", ("Paychex", "Paychex Flex", "Paychex Payroll")),
    "swedbank.se": ("swedbank.se", ("Swedbank", "Swedbank Support")),
    "bitwarden.com": ("bitwarden.com", ("Bitwarden", "Bitwarden Security")),
    "postfinance.ch": ("postfinance.ch", ("PostFinance", "PostFinance Kundendienst")),
}
FOREIGN_FROM = [
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "account-notice.info",
    "secure-mailer.top",
    "helpdesk-update.online",
    "payroll-team4.onmicrosoft.com",
    "billing-dept.onmicrosoft.com",
    "mail-service24.xyz",
]
#: Names that merely contain a brand word, from domains with no tie to the brand: people, places, companies.
CONTAINS: tuple[tuple[str, str, str], ...] = (
    ("Chase Miller", "gmail.com", "chase.com"),
    ("Miller, Chase", "outlook.com", "chase.com"),
    ("Apple Hill Farm", "gmail.com", "apple.com"),
    ("Big Apple Bagels", "yahoo.com", "apple.com"),
    ("Zoom Photography Studio", "gmail.com", "zoom.us"),
    ("Outlook Counselling Services", "outlook.com", "outlook.com"),
    ("Outlook India Magazine", "outlookindia.com", "outlook.com"),
    ("Steam Cleaning Co", "gmail.com", "steamcommunity.com"),
    ("Amazon Watch", "amazonwatch.org", "amazon.com"),
    ("Ana Santander", "gmail.com", "santander.co.uk"),
    ("Intuitive Design Studio", "gmail.com", "intuit.com"),
    ("Irsa Khan", "gmail.com", "irs.gov"),
    ("Xavier Ross", "outlook.com", "x.com"),
    ("Cloud Storage Weekly", "example.org", "icloud.com"),
    ("Fargo Public Library", "example.org", "wellsfargo.com"),
    ("Postal History Society", "example.org", "usps.com"),
    ("Gitte Hansen", "gmail.com", "github.com"),
    ("Robin Lox", "gmail.com", "roblox.com"),
    ("Ebba Nilsson", "gmail.com", "ebay.com"),
)


def display_rows(rng: random.Random) -> list[dict[str, object]]:
    """Brand names from foreign domains (1), from the brand's own sending domain (0), and names with brand words (0)."""
    rows: list[dict[str, object]] = []
    for protected, (own, names) in DISPLAY.items():
        for name in names:
            rows.append(
                {
                    "display_name": name,
                    "from_domain": rng.choice(FOREIGN_FROM),
                    "protected": protected,
                    "label": 1,
                    "kind": "display/brand_name_foreign_domain",
                }
            )
            rows.append(
                {
                    "display_name": name,
                    "from_domain": own,
                    "protected": protected,
                    "label": 0,
                    "kind": "display/brand_name_own_domain",
                }
            )
    for name, dom, protected in CONTAINS:
        rows.append(
            {
                "display_name": name,
                "from_domain": dom,
                "protected": protected,
                "label": 0,
                "kind": "display/contains_brand_word",
            }
        )
    return rows


#: Variant "b": a second, fresh set (other brands, another seed, other lure words) written *after* the engine
#: was tuned on the first one, so its figures are the ones nobody has looked at the errors of.
VARIANT_B = {
    "IN_TABLE": [
        "tiktok.com", "discord.com", "salesforce.com", "mailchimp.com", "godaddy.com", "samsung.com",
        "royalmail.com", "dpd.com", "capitalone.com", "venmo.com", "barclays.co.uk", "natwest.com", "revolut.com",
        "kraken.com", "metamask.io", "homedepot.com", "costco.com", "airbnb.com", "expedia.com",
        "playstation.com", "verizon.com", "t-mobile.com", "vodafone.com", "telegram.org", "etsy.com",
    ],
    "ABSENT": ["nordea.com", "bunq.com", "zalando.com", "mercadopago.com", "vinted.com"],
    "BRAND_OWNED": {
        "tiktok.com": ("bytedance.com",),
        "discord.com": ("discord.gg", "discordapp.com"),
        "salesforce.com": ("exacttarget.com", "slack.com", "tableau.com", "force.com"),
        "mailchimp.com": ("mcsv.net", "list-manage.com", "intuit.com"),
        "godaddy.com": ("secureserver.net",),
        "royalmail.com": ("royalmailgroup.com", "parcelforce.com"),
        "dpd.com": ("dpd.co.uk", "dpdgroup.com"),
        "venmo.com": ("paypal.com",),
        "barclays.co.uk": ("barclays.com", "barclaycard.co.uk"),
        "natwest.com": ("natwestgroup.com", "rbs.co.uk"),
        "metamask.io": ("consensys.io",),
        "costco.com": ("costco.ca", "costco.co.uk"),
        "airbnb.com": ("airbnb.co.uk", "airbnb.fr"),
        "expedia.com": ("expediagroup.com", "hotels.com", "vrbo.com"),
        "playstation.com": ("sony.com", "playstation.net"),
        "verizon.com": ("verizonwireless.com", "vzw.com"),
        "vodafone.com": ("vodafone.co.uk", "vodafone.de"),
        "telegram.org": ("t.me", "telegram.me"),
    },
    "HARD_SIMILAR": {
        "discord.com": ("discogs.com",),
        "salesforce.com": ("salesloft.com",),
        "samsung.com": ("samsonite.com",),
        "royalmail.com": ("royalmint.com",),
        "capitalone.com": ("capitalgroup.com",),
        "revolut.com": ("revolve.com",),
        "homedepot.com": ("officedepot.com",),
        "costco.com": ("costa.co.uk",),
        "airbnb.com": ("airbus.com",),
        "expedia.com": ("expensify.com",),
        "telegram.org": ("telegraph.co.uk",),
    },
    "HAND_WORDS": [
        "secure", "login", "verify", "account", "support", "billing", "update", "alert", "service", "help",
        "members", "invoice", "signin", "portal", "orders", "refund", "confirm", "access", "notice", "online",
        "team", "auth", "recovery", "center", "official", "gift", "bonus", "promo", "shipping", "parcel",
        "rewards", "care", "unlock", "validate", "delivery", "tracking", "vip", "docs", "pass", "customer",
    ],
}  # fmt: skip


def main() -> None:
    variant = "b" if "--variant" in sys.argv and sys.argv[-1] == "b" else ""
    if variant:
        globals().update({k: v for k, v in VARIANT_B.items() if k not in ("IN_TABLE", "ABSENT")})
    seed = SEED + (1 if variant else 0)
    pool_list = sorted(
        {line.strip().lower() for line in POOL_FILE.read_text(encoding="utf-8").splitlines() if line.strip()}
    )
    pool = set(pool_list)
    brands = [*VARIANT_B["IN_TABLE"], *VARIANT_B["ABSENT"]] if variant else [*IN_TABLE, *ABSENT]
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for brand in brands:
        rows += dnstwist_rows(brand, rng, pool)
        rows += hand_rows(brand, rng)
        rows += negative_rows(brand, rng, pool_list, brands)
    seen: set[tuple[object, object]] = set()
    unique = []
    for r in rows:
        key = (r["candidate"], r["protected"])
        if key not in seen:
            seen.add(key)
            unique.append(r)
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = f"-{variant}" if variant else ""
    with (OUT / f"domains-holdout{suffix}.jsonl").open("w", encoding="utf-8") as fh:
        for r in unique:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    disp = [] if variant else display_rows(random.Random(SEED))
    if not variant:
        with (OUT / "display-names-holdout.jsonl").open("w", encoding="utf-8") as fh:
            for r in disp:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    pos = sum(1 for r in unique if r["label"] == 1)
    print(f"domains: {len(unique)} rows ({pos} positive), display names: {len(disp)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
