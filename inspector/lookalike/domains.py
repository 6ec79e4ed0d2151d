"""Does a hostname imitate a target domain? Every domain check, strongest evidence first.

Order: the candidate's own or brand-owned names are never flagged; then homoglyph / IDN skeleton matches,
the same name under another ending, edit-distance typos with length-aware thresholds and Chromium's
false-positive filters, names split by dots, ``www`` glued in front, the target embedded in a longer name
(``paypal.com.secure-login.net``, ``paypal-com.info``), the brand as a subdomain of a throwaway domain,
combo-squats (brand + keyword), and brands under free-hosting or shared-tenant suffixes.

Short names (≤ 4 characters) and ordinary words (apple, chase, office) need stronger evidence: their
one-letter neighbours and plain compounds are mostly real businesses (ubs.com, officedepot.com). Beside such a
name a combo-squat needs a strong lure word (login, billing) or nothing but lure words (`companions_fit`):
``box-office-tickets`` and ``chase-family-dental`` are businesses; one letter added at the end (targets,
skyy) is another word. A name that is itself lure vocabulary (mail.ru's ``mail``) needs another of the brand's
own words, since ``secure-mail`` is just a phrase. Fan, critic and community words (``vodafone-fan-club``,
``paypalsucks``) with no lure word describe someone else's site, and a brand starting a longer word
(``amazonia``) is not the brand.
Distances are OSA (Damerau) from RapidFuzz, taken on three forms (plain, visual skeleton, ASCII-folded
skeleton) and the smallest wins, so a brand that itself contains ``cl`` or ``rn`` is not penalised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from inspector.lookalike.hosts import Host, private_owner, under_suffix
from inspector.lookalike.reference import GENERIC_TLDS, RESTRICTED_SUFFIXES, Reference, Target
from inspector.lookalike.scripts import is_mixed_confusable, is_whole_script_lookalike
from inspector.lookalike.skeleton import ascii_fold, explain_differences, glance, loose, visual
from inspector.model.vocabulary import LookalikeKind, Severity

#: Strength of each kind, for picking the most telling finding when several targets match.
KIND_RANK: dict[LookalikeKind, int] = {
    LookalikeKind.IDN_HOMOGLYPH: 10,
    LookalikeKind.HOMOGLYPH: 9,
    LookalikeKind.TARGET_EMBEDDING: 9,
    LookalikeKind.FREE_HOSTING: 8,
    LookalikeKind.SHARED_TENANT: 8,
    LookalikeKind.SPLIT_NAME: 8,
    LookalikeKind.WWW_PREFIX: 8,
    LookalikeKind.COMBOSQUAT: 7,
    LookalikeKind.TYPO: 6,
    LookalikeKind.TLD_SWAP: 6,
    LookalikeKind.BRAND_IN_SUBDOMAIN: 5,
}
#: Higher is more serious (the match with the highest rank wins).
SEVERITY_RANK: dict[Severity, int] = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1, Severity.INFO: 0}


@dataclass(frozen=True, slots=True)
class DomainMatch:
    """Why a hostname resembles a target."""

    kind: LookalikeKind
    severity: Severity
    resembles: str
    explanation: str
    #: The brand a display name claims, named as the brand table names it (None for other findings, and for a
    #: user-protected domain the table does not know).
    brand: str | None = None

    @property
    def rank(self) -> tuple[int, int]:
        """Sort key: severity first, then how telling the kind is."""
        return (SEVERITY_RANK.get(self.severity, 0), KIND_RANK.get(self.kind, 0))


def _distance(a_plain: str, target: Target) -> int:
    """Typing changes from the target's name: the plain OSA distance, or one when look-alike letters account
    for all differences but at most one.

    Equal skeletons are a homoglyph, judged before this is called; equal only in the visual, folded or loose
    form (``fcbex`` for ``fedex``) still takes at least one look-alike swap, so it counts as one change, never
    zero; one change left beside look-alike letters (``acllobe`` for ``adobe``) counts as one too. Look-alike
    letters never shorten a distance that two or more real edits remain in: a name whose folded form is merely
    closer (``lalgroup`` for ``citigroup``: i and l fold alike, yet two edits remain of four) is as far as its
    plain spelling says; nothing in it was made to look like the target.
    """
    plain = a_plain.lower()
    d = OSA.distance(plain, target.label)
    if d <= 1:
        return min(d, OSA.distance(visual(a_plain), target.vis), OSA.distance(ascii_fold(a_plain), target.fold))
    alike = min(
        OSA.distance(visual(a_plain), target.vis),
        OSA.distance(ascii_fold(a_plain), target.fold),
        OSA.distance(loose(a_plain), loose(target.label)),
        OSA.distance(glance(a_plain), glance(target.label)),
    )
    return 1 if alike <= 1 else d


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    """Keys next to each key on QWERTY, QWERTZ and AZERTY (rows are staggered by half a key)."""
    layouts = (
        ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"),
        ("1234567890", "qwertzuiop", "asdfghjkl", "yxcvbnm"),
        ("1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"),
    )
    near: dict[str, set[str]] = {}
    for rows in layouts:
        for r, row in enumerate(rows):
            for i, ch in enumerate(row):
                cells = [(r, i - 1), (r, i + 1), (r - 1, i), (r - 1, i + 1), (r + 1, i - 1), (r + 1, i)]
                for rr, ii in cells:
                    if 0 <= rr < len(rows) and 0 <= ii < len(rows[rr]):
                        near.setdefault(ch, set()).add(rows[rr][ii])
    return {k: frozenset(v) for k, v in near.items()}


_NEAR_KEYS = _keyboard_neighbours()
_VOWELS = frozenset("aeiouy")


def _slip(a: str, b: str) -> bool:
    """Could `a` stand for `b` by a slip: a neighbouring key, a look-alike glyph, another vowel.

    One flipped bit is left out on purpose: b/c, c/g, d/l are one bit apart, and cooking.com or phase.com
    are real words, not bit-squats of booking.com and chase.com.
    """
    return a in _NEAR_KEYS.get(b, ()) or loose(a) == loose(b) or (a in _VOWELS and b in _VOWELS)


def _typo_threshold(target: Target) -> int:
    n = len(target.label)
    if n <= 2:
        return 0
    if n <= 8:
        return 1
    return 2


def _first_char_only(a: str, b: str) -> bool:
    """Chromium's filter (hank/tank, phase/chase): only the first letter differs, and not by a slip.

    A first letter changed by a slip of the finger or a look-alike glyph (vhase, dhase, opple for chase and
    apple) is how typo-squats are made, so those stay flagged; an unrelated first letter usually spells another
    real word.
    """
    return len(a) == len(b) and len(a) > 1 and a[0] != b[0] and a[1:] == b[1:] and not _slip(a[0], b[0])


def _appended_letter(a: str, b: str) -> bool:
    """`a` is `b` with one letter added at the end: targets, targetx, skyy for an ordinary word or a short name.

    Ordinary words take endings (plural s, doubled letters, brand-style x) that make other real names, and a
    three-letter name plus a letter is mostly another company's; a digit added (office4) stays a typo.
    """
    return len(a) == len(b) + 1 and a.startswith(b) and a[-1].isascii() and a[-1].isalpha()


def _plural(a: str, b: str) -> bool:
    """`a` is `b` with an ``s`` or ``es`` slipped in (amazeson, docusesign); brands of five letters or more."""
    if len(b) < 5 or len(a) not in (len(b) + 1, len(b) + 2):
        return False
    for i in range(1, len(a) - 1):
        for ins in ("s", "es"):
            if a.startswith(ins, i) and a[:i] + a[i + len(ins) :] == b:
                return True
    return False


def _trailing_digits_only(a: str, b: str) -> bool:
    sa, sb = a.rstrip("0123456789"), b.rstrip("0123456789")
    return sa == sb and sa != a and sb != b


def _same_name(text: str, target: Target) -> bool:
    """Same name once skeletons are compared (``PayPaI`` = ``paypal``, ``раураӏ`` = ``paypal``)."""
    if not text:
        return False
    return text.lower() == target.label or visual(text) == target.vis or ascii_fold(text) == target.fold


def _suffix_fits(host: Host, target: Target) -> bool:
    """A typo counts under the target's own ending, or a cheap generic one (not another country's)."""
    if host.suffix == target.suffix:
        return True
    if target.short:
        return host.suffix == "com"
    return host.suffix in GENERIC_TLDS


def _restricted(host: Host) -> bool:
    last = host.suffix.rsplit(".", 1)[-1]
    first = host.suffix.split(".", 1)[0]
    return last in RESTRICTED_SUFFIXES or first in ("gov", "gouv", "mil", "edu", "ac", "gob", "go")


def _tokens(label: str) -> list[str]:
    return [t for t in label.replace("_", "-").split("-") if t]


def _has_keyword(parts: list[str], ref: Reference) -> bool:
    return any(_is_lure(p, ref) for p in parts)


def _in_list(word: str, words: frozenset[str]) -> bool:
    """`word` (or two list words glued: ``loginverify``) is in `words`."""
    low = word.lower()
    if low in words or ascii_fold(word) in words:
        return True
    return any(low[:i] in words and low[i:] in words for i in range(2, len(low) - 1))


def _is_lure(word: str, ref: Reference) -> bool:
    return _in_list(word, ref.keywords)


def _is_strong(word: str, ref: Reference) -> bool:
    return _in_list(word, ref.strong_keywords)


def _is_brand_token(word: str, target: Target) -> bool:
    """Another of the brand's own words (``365`` is not one; ``ms`` for Microsoft, ``ru`` for mail.ru are)."""
    brand = target.brand
    if brand is None:
        return False
    low = ascii_fold(word)
    return low != target.fold and any(low == ascii_fold(t) for t in brand.tokens if t != target.label)


def generic_name(target: Target, ref: Reference) -> bool:
    """The brand's name is itself lure vocabulary (mail.ru's ``mail``, inbox.ru's ``inbox``).

    ``secure-mail``, ``web-mail-login`` or ``my-mail`` are then ordinary phrases about e-mail, identical to what
    lure word + lure word gives, so nothing in them points at that brand: they count only beside another of the
    brand's own words, and the name on its own in a subdomain (``mail.example.com``) says nothing.
    """
    return target.label in ref.keywords


def companions_fit(others: list[str], target: Target, ref: Reference) -> bool:
    """Do the words beside the brand's name make the name an imitation of it (brand + lure), not a phrase?

    - generic names (``mail``): only with another of the brand's own words;
    - ordinary words and short names (chase, office, sky, ups): with a strong lure word (login, billing,
      verify) anywhere, or when every other word is a lure word, one of the brand's words or a number
      (``zoom-online``, ``office-365-support``); ``box-office-tickets``, ``office-supplies-direct`` or
      ``chase-family-dental`` name businesses;
    - distinctive names (vodafone, paypal): any word, except a fan, critic or community word (``fan-club``,
      ``sucks``, ``watch``) with no lure word beside it.
    """
    words = [o for o in others if o]
    if not words:
        return False
    if generic_name(target, ref):
        return any(_is_brand_token(o, target) for o in words)
    if target.common or target.short:
        if any(_is_strong(o, ref) for o in words):
            return True
        fitting = [_is_lure(o, ref) or _is_brand_token(o, target) or o.isdigit() for o in words]
        return all(fitting) and any(not o.isdigit() for o in words)
    if any(_in_list(o, ref.benign_words) for o in words):
        return _has_keyword(words, ref)
    return True


#: Lure words too bland to make a compound suspicious when glued, without a hyphen, to an ordinary-word brand:
#: zoominfo, bookingpro and officeplus are the names of real businesses. With a hyphen they still count.
WEAK_GLUE = frozenset({"info", "pro", "plus", "app", "apps", "web", "id", "my", "eu", "us", "uk", "int", "global"})


#: A brand spelled like an English word ending (ING) is not glued to the word it ends: mailing, helping.
_ENGLISH_ENDINGS = frozenset({"ing", "ings", "ed", "er", "ers", "es"})


def _strip_keyword(name: str, ref: Reference, target: Target, alone: bool = False) -> str | None:
    """If `name` is keyword+brand or brand+keyword glued together, the keyword; else None.

    `alone`: the glued pair is the whole name, with no other lure word beside it, so bland words do not count
    for an ordinary-word brand (`WEAK_GLUE`).
    """
    low = name.lower()
    if generic_name(target, ref) or low in ref.keywords:
        # A lure word is not a brand glued to another (banking is not bank + ING, tracking not track + ING).
        return None

    def lure(rest: str) -> bool:
        return rest in ref.keywords and not (alone and target.common and rest in WEAK_GLUE)

    for form, brand in ((low, target.label), (visual(name), target.vis), (ascii_fold(name), target.fold)):
        if brand and form.startswith(brand) and len(form) > len(brand):
            rest = form[len(brand) :]
            if lure(rest) or lure(rest.rstrip("0123456789")):
                return rest
        if brand and form.endswith(brand) and len(form) > len(brand) and brand not in _ENGLISH_ENDINGS:
            rest = form[: -len(brand)]
            if lure(rest) or lure(rest.lstrip("0123456789")):
                return rest
    return None


def _word_ending(flat: str, brand: str) -> bool:
    """True when `flat` is `brand` plus a short ending that makes another word (intuit-ive, amazon-ia)."""
    return flat.startswith(brand) and 0 < len(flat) - len(brand) <= 3 and flat[len(brand) :].isalpha()


_RUNS = re.compile(r"-+|_+|[^-_]+")


def _contained(name: str, target: Target, ref: Reference) -> str | None:
    """The brand's name inside a longer name (``paypalcustomer-alert``), read word by word; the reason or None.

    A brand that starts a longer real word is not the brand (``amazonia-tours``, ``intuitive``); what is left
    beside it must still fit as companions (``netflixfans``, ``amazonwatch`` are fan and watchdog sites).
    """
    toks = _tokens(name)
    for i, tok in enumerate(toks):
        flat = visual(tok)
        at = flat.find(target.vis)
        if at < 0 or flat == target.vis:
            continue
        if at == 0 and _word_ending(flat, target.vis):
            return None
        if at <= 3 and flat[:at].isalpha() and not _is_lure(flat[:at], ref):
            return None  # a few letters in front make another word: mymail is not ymail, snapple not napple
        rest = [p for p in (flat[:at], flat[at + len(target.vis) :]) if p] + toks[:i] + toks[i + 1 :]
        return f"the name contains {target.label!r}" if companions_fit(rest, target, ref) else None
    # Across a hyphen (pay-palservice): the name read without hyphens (underscores kept: __bradesco is not
    # bradesco), the brand starting where a word does (my-mail does not contain ymail).
    flat, starts = "", set()
    for run in _RUNS.findall(name):
        if run[0] == "_":
            flat += run
        elif run[0] != "-":
            starts.add(len(flat))
            flat += visual(run)
    at = flat.find(target.vis)
    if at in starts and flat != target.vis and not _word_ending(flat[at:], target.vis):
        rest = [p for p in (flat[:at], flat[at + len(target.vis) :]) if p]
        return f"the name contains {target.label!r}" if companions_fit(rest, target, ref) else None
    return None


def _combo(name: str, host: Host, target: Target, ref: Reference) -> str | None:
    """Combo-squat evidence in one chosen label (brand + keyword, or a distinctive brand inside); else None."""
    toks = _tokens(name)
    why = _hyphenated_brand(name, target, ref)
    if why is not None:
        return why
    split = _brand_across_hyphens(toks, target)
    if split is not None:
        # Those words are the brand, the rest its companions: they decide, and nothing else is looked at.
        return (
            f"the name pairs {target.label!r} with {'-'.join(split)!r}" if companions_fit(split, target, ref) else None
        )
    why = _brand_among_words(toks, target, ref) if len(toks) > 1 else None
    if why is not None:
        return why
    kw = _strip_keyword(name, ref, target, alone=True)
    if kw is not None:
        return f"the name glues {target.label!r} to the lure word {kw!r}"
    if not target.common and len(target.label) >= 5:
        # Containment is read on the visual skeleton, not the ASCII fold: the fold also merges letters that do
        # not look alike in lower case (i/l, u/v), so "accoltellai" would "contain" telia and "blinkt" linkt.
        return _contained(name, target, ref)
    return None


def _hyphenated_brand(name: str, target: Target, ref: Reference) -> str | None:
    """A hyphenated brand (t-mobile) is several tokens: look for it whole, anywhere in the folded name."""
    if "-" not in target.label:
        return None
    flat = ascii_fold(name)
    if target.fold not in flat or flat == target.fold:
        return None
    rest = [t for t in flat.replace(target.fold, "-", 1).split("-") if t]
    if rest and companions_fit(rest, target, ref):
        return f"the name pairs {target.label!r} with {'-'.join(rest)!r}"
    return None


def _brand_across_hyphens(toks: list[str], target: Target) -> list[str] | None:
    """A brand written across hyphens (post-office for postoffice): the other words, when two or three
    neighbouring words spell the brand (and are not the whole name); else None."""
    for n in (2, 3):
        for i in range(len(toks) - n + 1):
            if len(toks) > n and _same_name("".join(toks[i : i + n]), target):
                return toks[:i] + toks[i + n :]
    return None


def _brand_among_words(toks: list[str], target: Target, ref: Reference) -> str | None:
    """One word of the name is the brand (or, beside a lure word, a misspelling of a distinctive one), or
    has a lure word glued to it (paypallogin)."""
    for i, tok in enumerate(toks):
        others = toks[:i] + toks[i + 1 :]
        if _same_name(tok, target):
            if not companions_fit(others, target, ref):
                continue
            if _has_keyword(others, ref):
                return f"the name pairs {target.label!r} with the lure word {'-'.join(others)!r}"
            return f"the name pairs {target.label!r} with {'-'.join(others)!r}"
        if (
            len(target.label) >= 6
            and not target.common
            and _has_keyword(others, ref)
            and 0 < _distance(tok, target) <= 1
        ):
            return f"the name pairs a misspelling of {target.label!r} with {'-'.join(others)!r}"
        kw = _strip_keyword(tok, ref, target)
        if kw is not None and (not target.common or companions_fit([kw, *others], target, ref)):
            return f"the name glues {target.label!r} to the lure word {kw!r}"
    return None


def _shared_match(
    host: Host, target: Target, ref: Reference, suffix: str | None, owner: str | None
) -> DomainMatch | None:
    """Names under free-hosting / tenant suffixes (`suffix`, or the PSL private `owner`): judge the chosen part."""
    base = suffix if suffix is not None else ".".join(owner.split(".")[1:]) if owner else ""
    chosen_full = host.a_label[: -len(base) - 1] if base and host.a_label.endswith("." + base) else ""
    if not chosen_full:
        return None
    n = len(chosen_full.split("."))
    chosen_labels = host.labels[:n]
    chosen = chosen_labels[-1] if chosen_labels else ""
    why = None
    if _same_name(chosen, target):
        why = f"the name {chosen!r} is the brand's own name"
    else:
        why = _combo(chosen, host, target, ref)
        if why is None and not target.short and 0 < _distance(chosen, target) <= _typo_threshold(target):
            why = f"{chosen!r} is a misspelling of {target.label!r}"
        if why is None and any(_same_name(lab, target) for lab in chosen_labels[:-1]):
            why = f"{target.label!r} appears as a subdomain"
    if why is None:
        return None
    brand_owns = target.brand is not None and (base in target.brand.owned or base in target.brand.tenant_suffixes)
    kind = LookalikeKind.SHARED_TENANT if brand_owns else LookalikeKind.FREE_HOSTING
    expl = f"{host.shown} is a name under {base}, where anyone can create one; {why}" + (
        ", but it is not run by the brand" if brand_owns else ""
    )
    return DomainMatch(kind, Severity.HIGH, target.domain, expl)


def match_domain(host: Host, target: Target, ref: Reference) -> DomainMatch | None:
    """The strongest reason `host` imitates `target`, or None when it does not (or is the target's own).

    The checks run strongest evidence first and the first that holds answers. Some steps also end the
    search when they do not match: a name the reference knows as legitimate is only ever an IDN look-alike,
    the brand's exact name under another ending is judged by the ending alone, and popular domains (no
    brand behind them) are only checked for homoglyphs, endings and typos.
    """
    if not host.is_valid or host.a_label == target.domain or host.a_label.endswith("." + target.domain):
        return None
    suffix, owner = under_suffix(host, ref.shared_suffixes), private_owner(host)
    if suffix or owner:
        # Under a suffix where anyone can create a name: only the part the customer chose can imitate.
        return _shared_match(host, target, ref, suffix, owner)
    if target.brand is not None and host.registrable in target.brand.owned:
        return None
    known = host.registrable in ref.known_legit
    found = _same_skeleton(host, target, known)
    if found is not None or (known and not host.is_idn):
        return found
    if host.name_label.lower() == target.label and host.suffix != target.suffix:
        return _tld_swap(host, target)
    found = _typo(host, target)
    if found is not None or target.source == "popular":
        return found
    for step in _BRAND_STEPS:
        found = step(host, target, ref)
        if found is not None:
            return found
    return None


def _same_skeleton(host: Host, target: Target, known: bool) -> DomainMatch | None:
    """1. Same skeleton: homoglyphs and IDN (a known legitimate name only counts when it is an IDN)."""
    name, dom = host.name_label, target.domain
    if name.lower() == target.label or not _same_name(name, target):
        return None
    if host.is_idn or not name.isascii():
        extra = ""
        if is_whole_script_lookalike(name):
            extra = "; every letter is from another alphabet"
        elif is_mixed_confusable(name):
            extra = "; it mixes alphabets in one name"
        diffs = explain_differences(name, target.label)
        expl = f"{host.u_label} ({host.a_label}) reads as {dom}: {diffs or 'look-alike letters'}{extra}"
        return DomainMatch(LookalikeKind.IDN_HOMOGLYPH, Severity.HIGH, dom, expl)
    if known:
        return None
    diffs = explain_differences(name, target.label)
    return DomainMatch(
        LookalikeKind.HOMOGLYPH, Severity.HIGH, dom, f"{diffs or 'look-alike letters'}; same skeleton as {dom}"
    )


#: The original generic endings, where short exact names were registered decades ago.
_OLD_GENERIC = frozenset({"com", "net", "org"})


def _is_country(suffix: str) -> bool:
    """Whether a public suffix is a country's (``com.br``, ``de``, ``co.uk``): its last label has two letters."""
    return len(suffix.rsplit(".", 1)[-1]) == 2


def _tld_swap(host: Host, target: Target) -> DomainMatch | None:
    """2. The brand's exact name under another ending: flagged only under cheap, open endings."""
    # Under another country's ending the same name is usually the brand's own local site (swedbank.lt,
    # chase.co.uk) or a local business, and attackers rarely pay for those.
    same_country = host.suffix.rsplit(".", 1)[-1] == target.suffix.rsplit(".", 1)[-1]  # hsbc.uk, hsbc.co.uk
    if target.source == "popular" or _restricted(host) or not (host.suffix in GENERIC_TLDS or same_country):
        return None
    if host.suffix in _OLD_GENERIC and _is_country(target.suffix):
        # A national brand's exact name under .com/.net/.org was almost always taken long ago by someone else
        # (vivo.com, the phone maker, beside vivo.com.br): it is the attacker's cheap new endings that count.
        return None
    return DomainMatch(
        LookalikeKind.TLD_SWAP,
        Severity.MEDIUM,
        target.domain,
        f"{host.shown} uses the name {target.label!r} with another ending than {target.domain}",
    )


def _typo(host: Host, target: Target) -> DomainMatch | None:
    """3. Typos: a few typing changes from the target's name, minus the patterns of unrelated real names.

    A popular (non-brand) name counts only under its own ending: a typo and another ending is two changes,
    and a neighbour of a portal under another ending (minet.net, mynet.com) is a different site.
    """
    if _restricted(host) or not _suffix_fits(host, target):
        return None
    if target.source == "popular" and host.suffix != target.suffix:
        return None
    name = host.name_label
    plain = name.lower()
    d = _distance(name, target)
    if host.suffix != target.suffix and d < OSA.distance(plain, target.label):
        # Two allowances never stack: another cheap ending is free beside a plain typo, and look-alike letters
        # are free beside one real edit (`_distance`), but a swapped glyph, an edit and another ending are
        # three changes; the ending counts then (maven.org is not naver.com).
        d += 1
    thr = _typo_threshold(target)
    if target.source == "popular" and len(target.label) < 5:
        thr = 0
    if d > thr and _plural(plain, target.label):
        d = 2 if len(plain) == len(target.label) + 2 else 1
        thr = d
    if not 0 < d <= thr or _innocent_typo(plain, target):
        return None
    sev = Severity.LOW if target.short else Severity.MEDIUM
    diffs = explain_differences(name, target.label) if not name.isascii() or d == 0 else ""
    note = f" ({diffs})" if diffs else ""
    dom = target.domain
    return DomainMatch(
        LookalikeKind.TYPO, sev, dom, f"{host.shown} is {d} typing change{'s' if d > 1 else ''} from {dom}{note}"
    )


def _innocent_typo(plain: str, target: Target) -> bool:
    """Typo-distance names that are usually other real names: digits added, another first letter, one more
    letter on a common word, or a popular domain's name with a dash in it."""
    return bool(
        _trailing_digits_only(plain, target.label)
        or ((target.common or target.source == "popular") and _first_char_only(plain, target.label))
        or ((target.common or len(target.label) <= 3) and _appended_letter(plain, target.label))
        or (target.source == "popular" and plain.replace("-", "") == target.label)
    )


def _sub_labels(host: Host) -> list[str]:
    """The labels left of the registrable name, without a leading ``www``."""
    return [s for s in host.sub_labels if s.lower() != "www"]


def _split_name(host: Host, target: Target, ref: Reference) -> DomainMatch | None:
    """4. Name split by dots (pay.pal.com → paypal)."""
    subs = _sub_labels(host)
    for k in range(1, min(len(subs), 3) + 1):
        if _same_name("".join(subs[-k:]) + host.name_label, target):
            return DomainMatch(
                LookalikeKind.SPLIT_NAME,
                Severity.HIGH,
                target.domain,
                f"{host.shown} spells {target.label!r} across a dot; it belongs to {host.registrable}",
            )
    return None


def _www_prefix(host: Host, target: Target, ref: Reference) -> DomainMatch | None:
    """5. www glued in front (wwwpaypal.com, www-paypal.com)."""
    name = host.name_label
    plain = name.lower()
    if not (plain.startswith("www") and len(plain) > 3):
        return None
    rest = name[3:].lstrip("-.")
    if rest and (_same_name(rest, target) or (not target.short and 0 < _distance(rest, target) <= 1)):
        return DomainMatch(
            LookalikeKind.WWW_PREFIX,
            Severity.HIGH,
            target.domain,
            f"{host.shown} glues 'www' to {target.label!r} to look like {target.domain}",
        )
    return None


def _embedded(host: Host, target: Target, ref: Reference) -> DomainMatch | None:
    """6. Target embedded: paypal.com.evil.net, paypal-com-verify.top, paypalcom.com, hsbc-co-uk-alert.info.

    Only the part left of the public suffix counts: secure-paypal.com must not "embed" paypal-com.
    """
    name, dom = host.name_label, target.domain
    plain = name.lower()
    subs = _sub_labels(host)
    flat_host = "-".join([*host.sub_labels, name]).lower()
    dashed = dom.replace(".", "-")
    if host.a_label.startswith(dom + ".") or f"-{dashed}-" in f"-{flat_host}-":
        return DomainMatch(
            LookalikeKind.TARGET_EMBEDDING,
            Severity.HIGH,
            dom,
            f"{host.shown} starts with {dom} but belongs to {host.registrable}",
        )
    if plain.startswith(target.label) and plain[len(target.label) :] in (
        target.suffix.replace(".", ""),
        target.suffix.split(".")[0],
    ):
        return DomainMatch(
            LookalikeKind.TARGET_EMBEDDING,
            Severity.HIGH,
            dom,
            f"{host.shown} writes {dom} without its dots; it belongs to {host.registrable}",
        )
    squashed = dom.replace(".", "")
    for part in [name, *subs]:
        low = part.lower()
        if low == squashed or low.startswith(squashed + "-") or low.endswith("-" + squashed):
            return DomainMatch(
                LookalikeKind.TARGET_EMBEDDING,
                Severity.HIGH,
                dom,
                f"{host.shown} writes {dom} without its dot; it belongs to {host.registrable}",
            )
    return None


def _brand_in_subdomain(host: Host, target: Target, ref: Reference) -> DomainMatch | None:
    """7. The brand as a subdomain of a throwaway name (paypal.login-4821.ru)."""
    subs = _sub_labels(host)
    if not any(_same_name(s, target) or any(_same_name(t, target) for t in _tokens(s)) for s in subs):
        return None
    name_tokens = _tokens(host.name_label)
    if (target.common or target.short) and not companions_fit(name_tokens, target, ref):
        return None
    return DomainMatch(
        LookalikeKind.BRAND_IN_SUBDOMAIN,
        Severity.HIGH if _has_keyword(name_tokens, ref) else Severity.MEDIUM,
        target.domain,
        f"{host.shown} puts {target.label!r} in front of {host.registrable}, which is not {target.domain}",
    )


def _combosquat(host: Host, target: Target, ref: Reference) -> DomainMatch | None:
    """8. Combo-squats: the brand with words around it (paypal-secure-login.com)."""
    why = _combo(host.name_label, host, target, ref)
    if why is None:
        return None
    lure = _has_keyword(_tokens(host.name_label), ref) or "lure" in why
    return DomainMatch(
        LookalikeKind.COMBOSQUAT,
        Severity.HIGH if lure else Severity.MEDIUM,
        target.domain,
        f"{host.shown}: {why}; it is not {target.domain}",
    )


#: Steps 4-8, for brand targets (popular domains stop after the typo check).
_BRAND_STEPS: tuple[Callable[[Host, Target, Reference], DomainMatch | None], ...] = (
    _split_name,
    _www_prefix,
    _embedded,
    _brand_in_subdomain,
    _combosquat,
)


def _candidate_keys(host: Host, ref: Reference) -> set[str]:
    """Skeleton keys that could name a target: the name, its parts, glued keywords stripped, substrings."""
    keys: set[str] = set()
    labels = [*host.sub_labels, host.name_label]
    flat = ascii_fold("".join(labels).replace("-", ""))
    for lab in labels:
        for form in (visual(lab), ascii_fold(lab)):
            keys.add(form)
            keys.update(_tokens(form))
    for k in range(2, min(len(labels), 4) + 1):
        keys.add(ascii_fold("".join(labels[-k:])))
    # Every substring of three or more characters of the flattened, folded name: containment and glue.
    n = min(len(flat), 63)
    for i in range(n):
        for j in range(i + 3, n + 1):
            keys.add(flat[i:j])
    return keys


#: Answers of `find_domain_match` per Reference (held, so its id is not reused while cached) and host: a pure
#: function of the two, and a batch or a GUI session asks about the same hosts again and again (about half
#: the calls over the phishing corpus), each costing ~1 ms.
_MATCHES: dict[int, tuple[Reference, dict[Host, DomainMatch | None]]] = {}
_MATCHES_PER_REFERENCE = 4096


def find_domain_match(host: Host, ref: Reference) -> DomainMatch | None:
    """The most telling imitation of any reference target by `host`, or None."""
    if not host.is_valid:
        return None
    held = _MATCHES.get(id(ref))
    if held is None or held[0] is not ref:
        if len(_MATCHES) >= 8:
            _MATCHES.clear()
        held = _MATCHES[id(ref)] = (ref, {})
    answers = held[1]
    if host in answers:
        return answers[host]
    if len(answers) >= _MATCHES_PER_REFERENCE:
        answers.clear()
    found = answers[host] = _find_domain_match(host, ref)
    return found


def _find_domain_match(host: Host, ref: Reference) -> DomainMatch | None:
    candidates: dict[str, Target] = {t.domain: t for t in ref.protected_targets}
    for key in _candidate_keys(host, ref):
        for t in ref.by_fold.get(key, ()):
            candidates.setdefault(t.domain, t)
    name_fold = ascii_fold(host.name_label)
    if name_fold:
        for _choice, _score, idx in process.extract(
            name_fold, ref.fold_choices, scorer=OSA.distance, score_cutoff=2, limit=20
        ):
            for t in ref.fold_targets[idx]:
                candidates.setdefault(t.domain, t)
    best: DomainMatch | None = None
    # A fixed order, so equal-ranked matches always resolve the same way whatever the run's hash seed: the
    # reference's own order (protected domains, then the brand table, canonical domains first).
    last = len(ref.target_order)
    for t in sorted(candidates.values(), key=lambda t: (ref.target_order.get(t.domain, last), t.domain)):
        m = match_domain(host, t, ref)
        if m is not None and (best is None or m.rank > best.rank):
            best = m
    if best is None:
        best = _script_finding(host, ref)
    return best


def _script_finding(host: Host, ref: Reference) -> DomainMatch | None:
    """Mixed or whole-script confusable labels that imitate nothing we know: still worth a warning."""
    if not host.is_idn or host.registrable in ref.known_legit:
        return None
    for lab in host.labels:
        if is_mixed_confusable(lab):
            return DomainMatch(
                LookalikeKind.MIXED_SCRIPT,
                Severity.MEDIUM,
                ascii_fold(lab),
                f"{host.u_label} ({host.a_label}) mixes Latin letters with look-alike letters from another alphabet",
            )
        if is_whole_script_lookalike(lab) and ascii_fold(lab).isascii() and host.suffix.isascii():
            return DomainMatch(
                LookalikeKind.WHOLE_SCRIPT,
                Severity.MEDIUM,
                ascii_fold(lab),
                f"{host.u_label} ({host.a_label}) is written in another alphabet but reads as {ascii_fold(lab)!r}",
            )
    return None
