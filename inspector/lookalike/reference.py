"""The reference sets every identity is compared with, loaded once from `resources/lookalike/`.

- the brand table (`brands.json`): canonical domains, domains the brand really owns, consumer mailbox and
  shared-tenant domains it runs (anyone can send from those), display-name aliases;
- the popular-domain list (`popular-domains.txt`, Chromium's top bucket): targets and an allowlist;
- the operators of the Public Suffix List PRIVATE section (github.io, herokuapp.com …): real, legitimately
  operated registrable domains, so never lookalikes themselves, though names under them are anyone's;
- the user's protected and own domains (settings, ``--protected-domain``).

Targets are indexed by skeleton so a message's handful of identities is checked in well under a millisecond.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import publicsuffixlist

from inspector.dns.names import to_ascii
from inspector.lookalike.hosts import Host, icann_psl, parse_host
from inspector.lookalike.skeleton import ascii_fold, visual
from inspector.lookalike.words import split_words
from inspector.paths import resource_path

#: Endings attackers register cheaply; a typo under one of these still counts as an imitation of a brand
#: whose own ending differs. A typo *and* a different country ending is two changes and usually a real,
#: unrelated business (paypay.ne.jp), so it does not count.
_GENERIC = (
    "com net org info biz co xyz top online site icu shop club live app io me cc ws store tech space website cn ru "
    "tk ml ga cf gq pw su us link click support services email digital cloud help security"
)
GENERIC_TLDS = frozenset(_GENERIC.split())
#: Endings nobody can register freely: a neighbour under one of these is a real institution.
RESTRICTED_SUFFIXES = ("gov", "mil", "edu", "int")


@dataclass(frozen=True, slots=True)
class Brand:
    """One brand of the shipped table (or a synthetic one for a user-protected domain).

    The table's ``category`` is for the people who maintain it (its test checks the values); no check reads it.
    """

    name: str
    canonical: tuple[str, ...]
    owned: frozenset[str]
    mailbox: frozenset[str] = frozenset()
    tenant_suffixes: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    common_word: bool = False
    #: Made up for a user-protected domain the table does not know: its name is only that domain's label.
    synthetic: bool = False

    def backs(self, registrable: str) -> bool:
        """True when mail from `registrable` can really be the brand's (owned, and not a public mailbox)."""
        return registrable in self.owned and registrable not in self.mailbox


@dataclass(frozen=True, slots=True)
class Target:
    """One name lookalikes may imitate: a domain, its name label and skeletons."""

    domain: str
    label: str
    suffix: str
    source: str
    brand: Brand | None
    vis: str
    fold: str
    common: bool

    @property
    def short(self) -> bool:
        """Names of four characters or fewer: almost every one-letter neighbour is a real business."""
        return len(self.label) <= 4


@dataclass(frozen=True, slots=True)
class Reference:
    """Everything the checks compare against, with its indices."""

    brands: tuple[Brand, ...]
    targets: tuple[Target, ...]
    by_fold: dict[str, tuple[Target, ...]]
    fold_choices: tuple[str, ...]
    fold_targets: tuple[tuple[Target, ...], ...]
    brands_by_domain: dict[str, tuple[Brand, ...]]
    known_legit: frozenset[str]
    freemail: frozenset[str]
    shared_suffixes: frozenset[str]
    bulk_senders: frozenset[str]
    keywords: frozenset[str]
    role_words: frozenset[str]
    common_words: frozenset[str]
    protected: tuple[str, ...] = ()
    alias_index: dict[str, tuple[Brand, ...]] = field(default_factory=dict)
    #: Lure words naming an account, credential or payment action: enough beside an ordinary-word brand even
    #: when the name also has a word that is not a lure ("apple-orchard-login").
    strong_keywords: frozenset[str] = frozenset()
    #: Words of fan, critic and community sites (fans, club, museum, sucks, watch): beside a brand, with no lure
    #: word, they describe somebody else's site about the brand, not an imitation of it.
    benign_words: frozenset[str] = frozenset()
    #: The targets of the user's protected domains: every hostname is compared with each of them.
    protected_targets: tuple[Target, ...] = ()
    #: Each target domain's first position in `targets` (protected domains, then the brand table's order,
    #: canonical domains first): the tie-break between equally good matches, the same in every run.
    target_order: dict[str, int] = field(default_factory=dict)

    #: The shipped free-mail list (resources/freemail/free-email-domains.txt, thousands of names) and the
    #: provider families whose name label under any public suffix is a mailbox service (hotmail.be).
    freemail_listed: frozenset[str] = frozenset()
    freemail_families: frozenset[str] = frozenset()

    def is_freemail(self, domain: str | None) -> bool:
        """Whether `domain` (a registrable domain or any host under one) is a mailbox service anyone can use.

        The brand table's list, the shipped list, and provider families (``yahoo.co.nz``, ``outlook.com.br``).
        A brand's own domain that is not one of its mailbox services (googlegroups.com: Google's lists) is
        not a free mailbox, whatever a list says.
        """
        if not domain:
            return False
        host = parse_host(domain)
        if host is None or not host.registrable:
            return False
        reg = host.registrable
        if reg in self.freemail:
            return True
        if any(reg in b.owned and reg not in b.mailbox for b in self.brands_for(reg)):
            return False
        if reg in self.freemail_listed:
            return True
        return host.name_label.lower() in self.freemail_families and reg == f"{host.name_label.lower()}.{host.suffix}"

    def brands_for(self, registrable: str | None) -> tuple[Brand, ...]:
        """Brands that own or run `registrable`."""
        return self.brands_by_domain.get(registrable or "", ())

    def same_owner(self, a: str | None, b: str | None) -> bool:
        """True when two registrable domains are the same or both owned by one brand (amazon.com, amazonses.com)."""
        if not a or not b:
            return False
        if a == b:
            return True
        return any(b in brand.owned for brand in self.brands_for(a))


#: A brand word counts as an ordinary word when it is one, or is one with at most this many letters added
#: (icloud, zoomus); longer compounds (steamcommunity, jpmorganchase) are distinctive names.
_COMMON_SLACK = 2


def is_common_label(label: str, brand: Brand | None, common_words: frozenset[str]) -> bool:
    """True when `label` is an ordinary word, so its neighbours and compounds are mostly real businesses.

    A brand flagged ``common_word`` (Steam, Chase) lends that status only to its tokens that are that word or
    barely more: ``steamcommunity`` or ``jpmorganchase`` read as nothing but the brand.
    """
    if label in common_words:
        return True
    # Two ordinary words run together (postoffice, postbank, freebox) read as a phrase, not a coined name.
    if any(label[:i] in common_words and label[i:] in common_words for i in range(3, len(label) - 2)):
        return True
    if brand is None or not brand.common_word or label not in brand.tokens:
        return False
    return any(w and w in label and len(label) - len(w) <= _COMMON_SLACK for w in common_words)


def _make_target(domain: str, source: str, brand: Brand | None, common_words: frozenset[str]) -> Target | None:
    host = parse_host(domain)
    if host is None or not host.is_valid:
        return None
    label = host.name_label.lower()
    common = is_common_label(label, brand, common_words)
    return Target(
        domain=host.a_label,
        label=label,
        suffix=host.suffix,
        source=source,
        brand=brand,
        vis=visual(label),
        fold=ascii_fold(label),
        common=common,
    )


class ReferenceDataError(RuntimeError):
    """The shipped brand table cannot be read: the look-alike stage fails (and the report says so).

    An empty table instead would turn every impersonation into silence, a DANGEROUS verdict into OK.
    """


def _load_json() -> dict[str, object]:
    path = resource_path("lookalike", "brands.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"the brand table {path} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("brands"), list):
        raise ReferenceDataError(f"the brand table {path} has no list of brands")
    return data


def _words(data: dict[str, object], key: str) -> frozenset[str]:
    value = data.get(key)
    return frozenset(str(v).lower() for v in value) if isinstance(value, list) else frozenset()


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _lines(*parts: str) -> frozenset[str]:
    try:
        text = resource_path(*parts).read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def freemail_listed() -> frozenset[str]:
    """The shipped free-mail list (MIT, Kikobeats/free-email-domains), read once per process."""
    return _lines("freemail", "free-email-domains.txt")


@functools.lru_cache(maxsize=1)
def freemail_families() -> frozenset[str]:
    """Provider name labels whose every public-suffix variant is the provider's mailbox service."""
    return _lines("freemail", "families.txt")


def _popular() -> tuple[str, ...]:
    try:
        text = resource_path("lookalike", "popular-domains.txt").read_text(encoding="utf-8")
    except OSError:
        return ()
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def _psl_private_operators() -> frozenset[str]:
    """ICANN registrable domains of every PSL PRIVATE-section rule: real operators (github.io, us.com …).

    Read once per process: every Reference (one per protected-domain setting) needs the same set.
    """
    out: set[str] = set()
    try:
        text = (Path(publicsuffixlist.__file__).parent / "public_suffix_list.dat").read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    private = False
    icann = icann_psl()
    for line in text.splitlines():
        line = line.strip()
        if "===BEGIN PRIVATE DOMAINS===" in line:
            private = True
            continue
        if not private or not line or line.startswith("//"):
            continue
        rule = line.lstrip("!").removeprefix("*.")
        reg = icann.privatesuffix(rule)
        if reg:
            out.add(str(reg))
        elif "." in rule:
            out.add(rule)
    return frozenset(out)


def _brand_from(entry: dict[str, object]) -> Brand:
    canonical = tuple(d.lower() for d in _strs(entry.get("canonical")))
    owned = {d.lower() for d in _strs(entry.get("owned"))} | set(canonical)
    mailbox = frozenset(d.lower() for d in _strs(entry.get("mailbox")))
    tenants = frozenset(d.lower() for d in _strs(entry.get("tenant_suffixes")))
    tokens = [t.lower() for t in _strs(entry.get("tokens"))]
    for dom in canonical:
        host = parse_host(dom)
        if host and host.name_label:
            tokens.append(host.name_label.lower())
    return Brand(
        name=str(entry.get("name", "")),
        canonical=canonical,
        owned=frozenset(owned | set(mailbox)),
        mailbox=mailbox,
        tenant_suffixes=tenants,
        aliases=_strs(entry.get("aliases")),
        tokens=tuple(dict.fromkeys(tokens)),
        common_word=bool(entry.get("common_word", False)),
    )


class _Targets:
    """The targets in the order they were added, each domain once (the first kind to claim it wins)."""

    def __init__(self) -> None:
        self.all: list[Target] = []
        self.seen: set[str] = set()

    def add(self, t: Target | None) -> None:
        if t is not None and t.domain not in self.seen:
            self.all.append(t)
            self.seen.add(t.domain)


def _add_protected(
    targets: _Targets,
    prot: tuple[str, ...],
    brands_by_domain: dict[str, list[Brand]],
    brands: list[Brand],
    common_words: frozenset[str],
    own_set: frozenset[str],
) -> None:
    """The user's protected domains: the brand that owns them when there is one, else a brand of its own
    (registered in `brands_by_domain`)."""
    for dom in prot:
        host = parse_host(dom)
        if host is None or not host.is_valid:
            continue
        brand, known_brand = _brand_for_protected(host, brands_by_domain, brands, common_words, own_set)
        if not known_brand:
            brands_by_domain.setdefault(host.registrable, []).append(brand)
        targets.add(_make_target(host.a_label, "protected", brand, common_words))


def _add_brands(
    targets: _Targets, brands: list[Brand], brands_by_domain: dict[str, list[Brand]], common_words: frozenset[str]
) -> None:
    """Each brand's canonical domains, then its extra words (amex, jpmorgan) as targets under .com, for combo
    and typo checks. When the brand itself owns that .com (hotmail.com, chasebank.com) it is one of its real
    names: a full brand target."""
    for brand in brands:
        for dom in brand.canonical:
            targets.add(_make_target(dom, "brand", brand, common_words))
        for tok in brand.tokens:
            dom = f"{tok}.com"
            owns = dom in brand.owned
            if dom not in targets.seen and (owns or dom not in brands_by_domain) and len(tok) >= 4:
                t = _make_target(dom, "brand" if owns else "brand-token", brand, common_words)
                if t:
                    targets.all.append(t)
                    targets.seen.add(dom)


def _known_legit(known: set[str], shared: frozenset[str]) -> set[str]:
    """Domains never flagged: `known`, the organisations of the shared-hosting suffixes, the PSL's private
    section operators."""
    for s in shared:
        h = parse_host(s)
        if h and h.registrable:
            known.add(h.registrable)
    return known | _psl_private_operators()


def _alias_index(brands_by_domain: dict[str, list[Brand]]) -> dict[str, list[Brand]]:
    """Each alias, as folded words joined by spaces, with the brands it names."""
    index: dict[str, list[Brand]] = {}
    for brand in brands_by_domain_values(brands_by_domain):
        for alias in brand.aliases:
            key = " ".join(ascii_fold(w) for w in split_words(alias))
            if key:
                index.setdefault(key, []).append(brand)
    return index


def build_reference(protected: Iterable[str] = (), own: Iterable[str] = ()) -> Reference:
    """A Reference over the shipped data plus the user's protected and own domains."""
    data = _load_json()
    common_words = _words(data, "common_words")
    raw_brands = data.get("brands")
    brands: list[Brand] = (
        [_brand_from(e) for e in raw_brands if isinstance(e, dict)] if isinstance(raw_brands, list) else []
    )
    own_set = frozenset(to_ascii(d) for d in own if d)  # A-labels, as Host.registrable (RFC 8616)
    prot = tuple(dict.fromkeys(d.lower().strip(".") for d in protected if d))
    brands_by_domain: dict[str, list[Brand]] = {}
    for brand in brands:
        for dom in brand.owned:
            brands_by_domain.setdefault(dom, []).append(brand)
    targets = _Targets()
    _add_protected(targets, prot, brands_by_domain, brands, common_words, own_set)
    _add_brands(targets, brands, brands_by_domain, common_words)
    popular = _popular()
    for dom in popular:
        owners = brands_by_domain.get(dom, [])
        targets.add(_make_target(dom, "popular", owners[0] if owners else None, common_words))
    by_fold: dict[str, list[Target]] = {}
    for t in targets.all:
        by_fold.setdefault(t.fold, []).append(t)
        if t.vis != t.fold:
            by_fold.setdefault(t.vis, []).append(t)
    freemail = _words(data, "freemail")
    shared = _words(data, "shared_suffixes") | frozenset(s for b in brands for s in b.tenant_suffixes)
    bulk = _words(data, "bulk_senders")
    known = _known_legit(set(popular) | set(brands_by_domain) | set(freemail) | set(bulk) | own_set, shared)
    alias_index = _alias_index(brands_by_domain)
    folds = list(by_fold)
    return Reference(
        brands=tuple(brands),
        targets=tuple(targets.all),
        by_fold={k: tuple(v) for k, v in by_fold.items()},
        fold_choices=tuple(folds),
        fold_targets=tuple(tuple(by_fold[k]) for k in folds),
        brands_by_domain={k: tuple(v) for k, v in brands_by_domain.items()},
        known_legit=frozenset(known),
        freemail=freemail,
        freemail_listed=freemail_listed(),
        freemail_families=freemail_families(),
        shared_suffixes=shared,
        bulk_senders=bulk,
        keywords=_words(data, "phishing_keywords"),
        role_words=_words(data, "role_words"),
        common_words=common_words,
        protected=prot,
        alias_index={k: tuple(dict.fromkeys(v)) for k, v in alias_index.items()},
        strong_keywords=_words(data, "strong_keywords"),
        benign_words=_words(data, "benign_companions"),
        protected_targets=tuple(t for t in targets.all if t.source == "protected"),
        target_order={d: i for i, d in reversed(list(enumerate(t.domain for t in targets.all)))},
    )


def brands_by_domain_values(index: dict[str, list[Brand]]) -> list[Brand]:
    """Every distinct brand in a domain index, in first-seen order."""
    seen: dict[int, Brand] = {}
    for lst in index.values():
        for b in lst:
            seen.setdefault(id(b), b)
    return list(seen.values())


def reference_for(protected: tuple[str, ...] = (), own: tuple[str, ...] = ()) -> Reference:
    """The Reference for these settings, built once and cached (however the arguments are spelled)."""
    return _cached_reference(tuple(protected), tuple(own))


@functools.lru_cache(maxsize=32)
def _cached_reference(protected: tuple[str, ...], own: tuple[str, ...]) -> Reference:
    # Built once per process; between processes it is kept in the user's cache folder (reference_cache.py).
    from inspector.lookalike.reference_cache import cached_reference

    return cached_reference(protected, own, build_reference)


def _brand_for_protected(
    host: Host,
    brands_by_domain: Mapping[str, Sequence[Brand]],
    brands: Sequence[Brand],
    common_words: frozenset[str],
    own: frozenset[str] = frozenset(),
) -> tuple[Brand, bool]:
    """The brand a protected domain stands for, and whether the table knows it (else a brand of its own).

    The user's own domains count as owned by it, so mail from them is never flagged as imitating it.
    """
    owners = list(brands_by_domain.get(host.registrable, ()) or brands_by_domain.get(host.a_label, ()))
    if not owners:
        # A shared-tenant suffix the brand runs (sharepoint.com): protecting it means protecting that brand.
        owners = [b for b in brands if host.a_label in b.tenant_suffixes]
    # Prefer the brand the domain is canonical for (linkedin.com is LinkedIn's, though Microsoft owns it).
    owners = [b for b in owners if host.registrable in b.canonical or host.a_label in b.canonical] or owners
    if owners:
        brand = owners[0]
        return (dataclasses.replace(brand, owned=brand.owned | own) if own else brand), True
    brand = Brand(
        name=host.name_label,
        canonical=(host.a_label,),
        owned=frozenset({host.a_label, host.registrable} | own),
        aliases=(host.name_label,),
        tokens=(host.name_label.lower(),),
        common_word=host.name_label.lower() in common_words,
        synthetic=True,
    )
    return brand, False


def protected_target(domain: str, ref: Reference) -> Target | None:
    """A Target for one protected domain, using the brand that owns it when the table knows it."""
    host = parse_host(domain)
    if host is None or not host.is_valid:
        return None
    brand, _known = _brand_for_protected(host, ref.brands_by_domain, ref.brands, ref.common_words)
    return _make_target(host.a_label, "protected", brand, ref.common_words)
