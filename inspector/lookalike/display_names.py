"""Display-name impersonation: the name says "PayPal", the address is not PayPal's.

A display name claims a brand when it contains one of the brand's aliases ("Office 365", "Apple ID"), its
name as a word once skeletons are compared ("PayPaI", "Micros0ft", "PаyPal" with a Cyrillic a), or an
embedded address or domain ("service@paypal.com"). The claim is backed only when the From domain is one the
brand really operates for its own mail: its consumer mailboxes (outlook.com, gmail.com) and shared tenants
(``*.onmicrosoft.com``) never back it, because anyone can send from them.

Ordinary words and very short names need more: "Chase Miller", "Office Depot" or "Live Nation" are people
and companies, so a common-word brand only counts when every other word is a role word ("Support",
"Security Team", "Bank"), and a three-letter name only when written in capitals or with role words.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from inspector.lookalike.domains import DomainMatch
from inspector.lookalike.hosts import Host, icann_psl, parse_host, under_suffix
from inspector.lookalike.reference import Brand, Reference, Target
from inspector.lookalike.skeleton import ascii_fold, visual
from inspector.lookalike.words import split_words, without_invisible
from inspector.mail_kind import SYSTEM_MAILBOXES, local_part
from inspector.model.vocabulary import LookalikeKind, Severity

_ADDRESS = re.compile(r"[\w.+%-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
_DOMAIN = re.compile(r"(?<![\w@.-])((?:[\w-]+\.)+[a-z]{2,})(?![\w-])", re.UNICODE | re.IGNORECASE)
#: Longest display name looked at.
MAX_DISPLAY = 256


@dataclass(frozen=True, slots=True)
class Claim:
    """A brand (or an address) a display name claims to be."""

    brand: Brand | None
    said: str
    domain: str | None = None


#: Words this short may be a brand split in two ("Fed Ex", "Pay Pal"); longer ones are words of their own.
_SPLIT_PART = 4
_CAMEL = re.compile(r"[a-z][A-Z]")
_CAMEL_PART = re.compile(r"[A-Z]+[a-z\d]*|[a-z\d]+")


def _camel_runs(word: str) -> list[str]:
    """Every run of consecutive CamelCase parts of `word`: PayPalService → Pay, PayPal, PayPalService, Pal …"""
    parts = _CAMEL_PART.findall(word)[:8]
    return ["".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]


def _camel_split(word: str, rest: str, at_end: bool) -> bool:
    """True when a capital inside `word` starts or ends the part that folds to `rest` (Meta|Team, iCloud|Support)."""
    for k in range(1, len(word)):
        if word[k].isupper() and word[k - 1].islower():
            part = word[k:] if at_end else word[:k]
            if ascii_fold(part) == rest:
                return True
    return False


def _joined_pairs(words: list[str]) -> list[tuple[int, str]]:
    """Adjacent short words glued back together, with the index of the first: "Fed Ex" → (i, "FedEx")."""
    return [
        (i, words[i] + words[i + 1])
        for i in range(len(words) - 1)
        if len(words[i]) <= _SPLIT_PART and len(words[i + 1]) <= _SPLIT_PART
    ]


def _only_role_words(words: list[str], skip: set[int], ref: Reference) -> bool:
    rest = [w for i, w in enumerate(words) if i not in skip]
    return all(w.lower() in ref.role_words or w.isdigit() for w in rest)


def _brand_words(brand: Brand) -> set[str]:
    forms: set[str] = set()
    for tok in brand.tokens:
        forms.add(ascii_fold(tok))
    for alias in brand.aliases:
        if " " not in alias.strip():
            forms.add(ascii_fold(alias))
    return forms


@dataclass(frozen=True, slots=True)
class _AliasKeys:
    """The alias index's keys by position, the most words in one, and the keys a word lookup cannot find."""

    order: dict[str, int]
    longest: int
    odd: tuple[str, ...]


#: Per Reference (held, so its id is not reused while cached): see `_alias_keys_in`.
_ALIAS_KEYS: dict[int, tuple[Reference, _AliasKeys]] = {}


def _alias_keys(ref: Reference) -> _AliasKeys:
    cached = _ALIAS_KEYS.get(id(ref))
    if cached is not None and cached[0] is ref:
        return cached[1]
    keys = list(ref.alias_index)
    info = _AliasKeys(
        order={k: i for i, k in enumerate(keys)},
        longest=max((len(k.split(" ")) for k in keys), default=0),
        odd=tuple(k for k in keys if not k or k != k.strip(" ") or "  " in k),
    )
    if len(_ALIAS_KEYS) >= 8:
        _ALIAS_KEYS.clear()
    _ALIAS_KEYS[id(ref)] = (ref, info)
    return info


def _alias_keys_in(folded: list[str], joined: str, ref: Reference) -> list[str]:
    """The alias-index keys found as whole words in `joined` (``" key "`` in ``" joined "``), in index order.

    Looked up by runs of consecutive words (at most as many as the longest key) instead of testing each of
    the ~1,100 keys against the text, which was the most expensive step of a message's analysis. Exact: a
    key without leading, trailing or doubled spaces occurs so in the text exactly when it is one of those
    runs, as long as no folded word holds a space (else, and for any odd key, the plain test is used).
    """
    padded = f" {joined} "
    if any(" " in f for f in folded):
        return [k for k in ref.alias_index if f" {k} " in padded]
    info = _alias_keys(ref)
    n = len(folded)
    runs = {" ".join(folded[i:j]) for i in range(n) for j in range(i + 1, min(n, i + info.longest) + 1)}
    found = {k for k in runs if k in info.order}
    found.update(k for k in info.odd if f" {k} " in padded)
    return sorted(found, key=info.order.__getitem__)


def claims_in(display: str, ref: Reference, brands: tuple[Brand, ...] | None = None) -> list[Claim]:
    """Every brand or address the display name claims (limited to `brands` when given).

    In order: addresses (else domains) written in the name, brand aliases (multi-word phrases are specific),
    then each candidate brand once — its name as a word, as two words run together, or glued to a role word.
    """
    display = without_invisible(display[:MAX_DISPLAY])
    out = _address_claims(display)
    words = split_words(display)
    if not words:
        return out
    folded = [ascii_fold(w) for w in words]
    seen: set[int] = set()
    out.extend(_alias_claims(words, folded, ref, brands, seen))
    pairs = _joined_pairs(words)
    for brand in _candidate_brands(words, folded, pairs, ref, brands):
        if id(brand) in seen:
            continue
        claim = _brand_claim(brand, words, folded, pairs, ref)
        if claim is not None:
            seen.add(id(brand))
            out.append(claim)
    return out


def _address_claims(display: str) -> list[Claim]:
    """Addresses written in the name; when there are none, domain names with a real public suffix."""
    out = [Claim(None, m.group(0), m.group(1).lower()) for m in _ADDRESS.finditer(display)]
    if out:
        return out
    for m in _DOMAIN.finditer(display):
        host = parse_host(m.group(1))
        if host and host.is_valid and host.suffix != host.a_label and "." in m.group(1) and _real_suffix(host):
            out.append(Claim(None, m.group(1), host.a_label))
    return out


def _alias_claims(
    words: list[str], folded: list[str], ref: Reference, brands: tuple[Brand, ...] | None, seen: set[int]
) -> list[Claim]:
    """Brands named by one of their aliases (a single word needs strong evidence); adds them to `seen`."""
    out: list[Claim] = []
    # Multi-word phrases first; they are specific.
    for key in _alias_keys_in(folded, " ".join(folded), ref):
        for brand in ref.alias_index[key]:
            if brands is not None and brand not in brands:
                continue
            n = len(key.split())
            start = _find_seq(folded, key.split())
            span = set(range(start, start + n)) if start >= 0 else set()
            if n == 1 and not _strong_single(words, start, brand, ref, span):
                continue
            if n == 1 and start >= 0 and not _exact_if_short(words[start], brand):
                continue
            if id(brand) not in seen:
                seen.add(id(brand))
                out.append(Claim(brand, " ".join(words[start : start + n]) if start >= 0 else key))
    return out


def _candidate_brands(
    words: list[str], folded: list[str], pairs: list[tuple[int, str]], ref: Reference, brands: tuple[Brand, ...] | None
) -> tuple[Brand, ...]:
    """The brands whose name may stand in the words (`brands` when given)."""
    if brands is not None:
        return brands
    # CamelCase runs too ("MetaTeam" → Meta; "PayPalService" → PayPal), so a brand glued to a role word
    # is found; run through the alias index as well, since a brand's short name may be only an alias.
    runs = [ascii_fold(r) for w in words[:16] if _CAMEL.search(w) for r in _camel_runs(w)]
    pool = _brands_for_words(folded + [ascii_fold(p) for _, p in pairs] + runs, ref)
    extra = {id(b): b for r in runs for b in ref.alias_index.get(r, ())}
    return tuple({**{id(b): b for b in pool}, **extra}.values())


def _brand_claim(
    brand: Brand, words: list[str], folded: list[str], pairs: list[tuple[int, str]], ref: Reference
) -> Claim | None:
    """The brand's name as a word, else as two words run together, else glued to a role word."""
    forms = _brand_words(brand)
    for i, f in enumerate(folded):
        if (
            (f in forms or visual(words[i]) in forms)
            and _exact_if_short(words[i], brand)
            and _strong_single(words, i, brand, ref, {i})
        ):
            return Claim(brand, words[i])
    for i, joined in pairs:
        f = ascii_fold(joined)
        if len(f) >= 4 and f in forms and _strong_single(words, i, brand, ref, {i, i + 1}, joined):
            return Claim(brand, f"{words[i]} {words[i + 1]}")
    return _glued_claim(brand, forms, words, folded, ref)


def _glued_claim(brand: Brand, forms: set[str], words: list[str], folded: list[str], ref: Reference) -> Claim | None:
    """Brand glued to a role word ("PayPalService") for distinctive brands; for ordinary-word brands only
    when a capital marks the join ("MetaTeam", "ChaseSupport"): "Chasefield" is a word, not a claim."""
    for i, f in enumerate(folded):
        if f in ref.by_fold or f in ref.alias_index:
            continue  # the whole word is a name of its own (CaixaBank is not Caixa + Bank)
        for form in forms:
            if len(form) >= 4 and f != form and (f.startswith(form) or f.endswith(form)):
                rest = f[len(form) :] if f.startswith(form) else f[: -len(form)]
                camel = _camel_split(words[i], rest, at_end=f.startswith(form))
                if brand.common_word and not camel:
                    continue
                if len(form) < 5 and not camel:
                    continue
                if rest in _folded(ref.role_words):
                    return Claim(brand, words[i])
    return None


def _real_suffix(host: Host) -> bool:
    """Whether the host ends in a real public suffix ("Dr.Anna" and "Mr.Smith" are names, not domains)."""
    try:
        return icann_psl().publicsuffix(host.a_label, accept_unknown=False) is not None
    except (ValueError, UnicodeError):
        return False


def _exact_if_short(word: str, brand: Brand) -> bool:
    """A plain-ASCII word of three letters or fewer names a brand only when spelt exactly as one of its names.

    The loose fold that catches homoglyphs ("PayPaI") turns ordinary short words into brands ("UK" folds to
    "VK"); in a short ASCII word a one-letter look-alike is far more often a different word than a trick.
    """
    if not word.isascii() or len(word) > 3:
        return True
    names = {brand.name.lower(), *(a.lower() for a in brand.aliases), *(t.lower() for t in brand.tokens)}
    return word.lower() in names


@functools.lru_cache(maxsize=8)
def _folded(words: frozenset[str]) -> frozenset[str]:
    """`words` in the loose ASCII fold the display words are compared in (``service`` folds to ``servlce``)."""
    return frozenset(ascii_fold(w) for w in words)


def _find_seq(words: list[str], key: list[str]) -> int:
    n = len(key)
    for i in range(len(words) - n + 1):
        if words[i : i + n] == key:
            return i
    return -1


def _strong_single(
    words: list[str], index: int, brand: Brand, ref: Reference, span: set[int], word: str | None = None
) -> bool:
    """Whether one matched word is enough: distinctive names yes; common words and short names need help.

    A word written with a capital inside it ("iCloud", "PayPal") is the brand's own styling, which people's
    names and ordinary words do not have, so it is enough even for an ordinary-word brand.
    """
    if index < 0:
        return False
    word = word if word is not None else words[index]
    if _CAMEL.search(word) and not word.isupper():
        return True
    low = ascii_fold(word)
    if low in _folded(ref.role_words):
        # "Mail" in "Mail Delivery System", "UK" in "Boots UK": a role word on its own names no brand.
        return False
    plain = visual(word)
    common = plain in ref.common_words or low in _folded(ref.common_words)
    common = common or (brand.common_word and low in {ascii_fold(t) for t in brand.tokens})
    if common:
        return _only_role_words(words, span, ref)
    if len(low) <= 3:
        return word.isupper() or _only_role_words(words, span, ref)
    return True


def _brands_for_words(folded: list[str], ref: Reference) -> tuple[Brand, ...]:
    found: dict[int, Brand] = {}
    for f in folded:
        for t in ref.by_fold.get(f, ()):
            if t.brand is not None:
                found.setdefault(id(t.brand), t.brand)
    return tuple(found.values())


def backed(claim: Claim, from_host: Host | None, ref: Reference) -> bool:
    """True when the From domain really belongs to what the display name claims."""
    if from_host is None or not from_host.is_valid:
        return False
    reg = from_host.registrable
    tenant = under_suffix(from_host, ref.shared_suffixes)
    if claim.brand is not None:
        if tenant is not None:
            return False  # a customer name under a shared service, even one the brand runs, is anyone's
        if from_host.a_label != reg and reg in claim.brand.owned:
            return True  # arf.mail.yahoo.com: mailboxes are given at yahoo.com itself, hosts below are Yahoo's
        return claim.brand.backs(reg)
    if claim.domain:
        claimed = parse_host(claim.domain)
        if claimed is None or not claimed.is_valid:
            return True
        return ref.same_owner(claimed.registrable, reg)
    return True


def describe(
    claim: Claim, display: str, from_host: Host | None, ref: Reference, read_as: str | None = None
) -> DomainMatch:
    """The finding for an unbacked claim, in plain words (`read_as`: the name without its disguise, when the
    claim was found there: see `check_display`)."""
    where = from_host.shown if from_host else "an address without a domain"
    if claim.brand is None:
        return DomainMatch(
            LookalikeKind.DISPLAY_ADDRESS,
            Severity.HIGH,
            claim.domain or claim.said,
            f"the name shown, {display!r}, contains the address {claim.said}, but the mail comes from {where}",
        )
    brand = claim.brand
    resembles = brand.canonical[0] if brand.canonical else brand.name
    named = None if brand.synthetic else brand.name
    said = claim.said
    known = {brand.name.casefold(), *(a.casefold() for a in brand.aliases)}
    # Name the spelling only when it is not one of the brand's own (a homoglyph, odd spacing, an alias).
    looks = "" if said.isascii() and said.casefold() in known else f" (written {said!r})"
    if not looks and said not in display.replace(".", ""):  # U.S.P.S. is an ordinary way to write USPS
        if said in without_invisible(display).replace(".", ""):
            looks = " (with invisible characters between its letters)"
        elif read_as is not None and said in read_as.replace(".", ""):
            looks = " (disguised with marks or invisible characters on its letters)"
        else:
            looks = " (its letters written apart)"  # N e t f l i x
    if from_host is not None and from_host.registrable in brand.owned and from_host.registrable in brand.mailbox:
        # The brand's own public mailbox service (Fastmail at fastmail.com, Microsoft at outlook.com): true
        # for the company's mail and for any of its customers, so the name proves nothing either way.
        return DomainMatch(
            LookalikeKind.DISPLAY_NAME,
            Severity.MEDIUM,
            resembles,
            f"the name shown says {brand.name}{looks}, and the address is at {from_host.registrable}, "
            f"{brand.name}'s own free mailbox service that anyone can sign up for: the name alone proves nothing",
            named,
        )
    why = ""
    if from_host is not None and ref.is_freemail(from_host.registrable):
        why = f"; {from_host.registrable} is a free mailbox anyone can open"
    elif from_host is not None and under_suffix(from_host, ref.shared_suffixes):
        why = f"; {from_host.shown} is a customer name under a shared service, not the brand itself"
    return DomainMatch(
        LookalikeKind.DISPLAY_NAME,
        Severity.HIGH,
        resembles,
        f"the name shown says {brand.name}{looks}, but the mail comes from {where}, which is not {brand.name}'s{why}",
        named,
    )


#: "Given Family (Company)": a person's name with an affiliation or a tool in brackets at the end.
_PERSON_THEN_BRACKETS = re.compile(r"^\s*([^()]+?)\s*\(([^()]+)\)\s*$")


def _person_with_affiliation(display: str, claim: Claim, ref: Reference) -> bool:
    """The brand is named only in brackets after a person's name: "Vineeth Pillai (Google)", "Ann Lee (JIRA)".

    Mailing lists and issue trackers write the author's name followed by their employer or the tool that sent
    it. The name before the brackets must look like a person's (two or more capitalised words, none a role
    word, none naming the brand), so "PayPal Service (Official)" or "USPS (Official)" keep their weight.
    """
    m = _PERSON_THEN_BRACKETS.match(display)
    if m is None or claim.brand is None:
        return False
    person, inside = m.group(1), m.group(2)
    if ascii_fold(claim.said) not in ascii_fold(inside):
        return False
    names = split_words(person)
    if len(names) < 2 or len(names) > 4:
        return False
    if any(not w[:1].isupper() or w.lower() in ref.role_words for w in names):
        return False
    return not claims_in(person, ref, (claim.brand,))


def check_display(
    display: str | None,
    from_domain: str | None,
    ref: Reference,
    *,
    from_address: str | None = None,
    system_report: bool = False,
    read_as: str | None = None,
) -> list[DomainMatch]:
    """Every unbacked claim in a display name, against all reference brands.

    `read_as` is the name as a reader reads it, without the marks and invisible characters put into its
    words to slip past filters (``Pa̷yPal`` → ``PayPal``: `inspector.content.disguise.undisguised`, which the
    pipeline applies); the claims are looked for there, and the finding still quotes `display` as written.

    `from_address` lets the sender's own address written as its display name ("a@gmail.com" <a@gmail.com>)
    count as no claim. `system_report`: the message is a bounce or report from a mail server's system mailbox
    (MAILER-DAEMON, postmaster), whose display names are ordinary words ("The Post Office", "Mail Delivery
    System"): an ordinary-word brand there is a note, not an impersonation.
    """
    if not display:
        return []
    host = parse_host(from_domain) if from_domain else None
    folded = read_as if read_as and read_as != display else None
    shown = folded or display
    if from_address and from_address.strip():
        shown = shown.replace(from_address.strip(), " ").replace(from_address.strip().lower(), " ")
    system = bool(from_address) and local_part(from_address) in SYSTEM_MAILBOXES
    out: list[DomainMatch] = []
    for claim in claims_in(shown, ref):
        if backed(claim, host, ref):
            continue
        if system and claim.brand is not None and host is not None and host.registrable in claim.brand.owned:
            continue  # postmaster@ a brand's own mailbox domain: only the brand's mail system sends as it
        match = describe(claim, display, host, ref, folded)
        if _person_with_affiliation(folded or display, claim, ref):
            match = dataclasses.replace(
                match,
                severity=Severity.LOW,
                explanation=f"{match.explanation}; it is written after a person's name, as an employer or the "
                "tool that sent it usually is",
            )
        elif system_report and claim.brand is None and local_part(claim.said) in SYSTEM_MAILBOXES:
            # "postmaster@example.be" <postmaster@advalvas.be>: a mail server naming the mailbox it reports about.
            match = dataclasses.replace(
                match,
                severity=Severity.LOW,
                explanation=f"{match.explanation}; a mail server's own report naming another mail system's address",
            )
        elif system_report and claim.brand is not None and claim.brand.common_word:
            match = dataclasses.replace(
                match,
                severity=Severity.LOW,
                explanation=f"{match.explanation}; it is a mail server's own report, which names itself in "
                "ordinary words",
            )
        out.append(match)
    return out


def check_display_pair(display: str, from_domain: str, target: Target, ref: Reference) -> DomainMatch | None:
    """Does `display` impersonate `target`'s brand (or embed an address) when sent from `from_domain`?"""
    host = parse_host(from_domain)
    brands = (target.brand,) if target.brand is not None else ()
    for claim in claims_in(display, ref, brands):
        if claim.brand is None and claim.domain:
            claimed = parse_host(claim.domain)
            related = claimed is not None and (
                claimed.registrable == target.domain
                or (target.brand is not None and claimed.registrable in target.brand.owned)
            )
            if not related:
                continue
        if not backed(claim, host, ref):
            return describe(claim, display, host, ref)
    return None
