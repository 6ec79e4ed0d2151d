"""One home for organisational-domain questions, with a distinct name for each distinct question.

Three questions look alike and have different right answers; each used to have its own ``org_domain`` with
its own rules (in ``auth``, ``chain`` and ``lookalike``), so an IP literal came out as "2.1" in one place and
a single label as its own organisation in another. They are asked here, by name:

- `dmarc_org_domain`: DMARC's organisational domain from the Public Suffix List, ICANN and PRIVATE sections
  (RFC 7489 §3.2; the PSL answer RFC 9989 keeps as the offline fallback beside its DNS tree walk, which lives
  in `inspector.auth.dmarc`). A name that is itself a public suffix is its own organisational domain.
- `host_org`: the organisation of a host name in a Received field or a signature (full PSL): who runs the
  host. A public suffix alone is nobody's.
- `registrable`: the ICANN-only registrable domain (eTLD+1, as browsers show it), which the look-alike
  checks compare, since names under a PRIVATE suffix (``x.github.io``) are compared with their operator.

All three refuse what is not a domain name: IP literals (``[192.0.2.1]``, ``192.0.2.1``, ``IPv6:…``),
single labels (``localhost``), addresses with spaces, names longer than DNS allows. They answer None, never
raise, lower-case the answer and drop a trailing dot. Answers are memoised (pure functions of the name).

The PSL is the copy bundled with the installed `publicsuffixlist` package. Both lists, `shared_list` (ICANN +
PRIVATE) and `icann_list`, come from one read of that file, once per process under a lock: the rules with
their IDNA forms are derived once (as the library's own parser would) and kept in the user's cache folder
(`inspector.disk_cache`, keyed by the file's bytes and the library's version), so a new process builds both
lists in ~2 ms instead of parsing the file twice (~75 ms).
"""

from __future__ import annotations

import functools
import ipaddress
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import idna

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

_lock = threading.Lock()
_lists: tuple[PublicSuffixList, PublicSuffixList] | None = None
#: Longest name DNS allows (RFC 1035).
MAX_NAME = 253
_ICANN_BEGIN = "// ===BEGIN ICANN DOMAINS==="
_ICANN_END = "// ===END ICANN DOMAINS==="


def icann_list() -> PublicSuffixList:
    """The process-wide ICANN section of the bundled list (registry suffixes only, no private operators)."""
    return _both()[1]


def shared_list() -> PublicSuffixList:
    """The process-wide full Public Suffix List (ICANN + PRIVATE)."""
    return _both()[0]


def warm_up() -> None:
    """Build the lists now (the GUI calls this at start-up so the first analysis is not slower)."""
    _both()


def _both() -> tuple[PublicSuffixList, PublicSuffixList]:
    global _lists
    if _lists is None:
        with _lock:
            if _lists is None:
                _lists = _build_lists()
    return _lists


#: One list's rules as the library stores them (each rule and its IDNA form) and its longest rule in labels.
Rules = tuple[list[str], int]


def derive_rules(text: str) -> tuple[Rules, Rules]:
    """The full and the ICANN-only rules of PSL file `text`, exactly as `PublicSuffixList` derives them
    (with ``accept_encoded_idn``: each non-ASCII rule also in its IDNA form), reading the file once."""
    from publicsuffixlist import encode_idn

    full: list[str] = []
    icann: list[str] = []
    full_max = icann_max = 0
    in_icann = False
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped == _ICANN_BEGIN:
            in_icann = True
            continue
        if stripped == _ICANN_END:
            in_icann = False
            continue
        rule = line.lower().split(" ")[0].rstrip()
        if rule == "" or rule.startswith("//"):
            continue
        forms = [rule]
        if not rule.isascii():  # the library's encode_idn leaves an ASCII rule as it is
            encoded = encode_idn(rule.lstrip("!"))
            forms.append("!" + encoded if rule[0] == "!" else encoded)
        labels = rule.count(".") + 1
        full += forms
        full_max = max(full_max, labels)
        if in_icann:
            icann += forms
            icann_max = max(icann_max, labels)
    return (full, full_max), (icann, icann_max)


def _build_lists() -> tuple[PublicSuffixList, PublicSuffixList]:
    import publicsuffixlist

    from inspector import disk_cache

    path = Path(publicsuffixlist.PSLFILE)
    raw = disk_cache.file_bytes(path)
    key = disk_cache.fingerprint([b"psl-rules", publicsuffixlist.__version__, raw, disk_cache.code_bytes(__name__)])

    def build() -> tuple[Rules, Rules]:
        return derive_rules(raw.decode("utf-8", "surrogateescape"))

    def encode(value: tuple[Rules, Rules]) -> object:
        (full, full_max), (icann, icann_max) = value
        return {"full": full, "full_max": full_max, "icann": icann, "icann_max": icann_max}

    def decode(payload: object) -> tuple[Rules, Rules]:
        if not isinstance(payload, dict):
            raise TypeError("not an object")
        out = []
        for name in ("full", "icann"):
            rules, most = payload[name], payload[f"{name}_max"]
            if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules) or type(most) is not int:
                raise TypeError(f"bad {name} rules")
            out.append((rules, most))
        return out[0], out[1]

    full, icann = disk_cache.cached("psl-rules", key, build, encode, decode)
    return _from_rules(*full), _from_rules(*icann)


def _from_rules(rules: list[str], maxlabel: int) -> PublicSuffixList:
    """A PublicSuffixList holding exactly these derived rules.

    The library has no constructor for derived rules, so an empty list gets them set directly (~1 ms) when its
    layout is the one this was written against and it then answers known questions right; otherwise the
    library parses the derived rules itself through its public constructor (~5 ms per list, same answers).
    """
    from publicsuffixlist import PublicSuffixList

    psl = PublicSuffixList(source=(), accept_encoded_idn=False)
    if set(vars(psl)) == {"accept_unknown", "_publicsuffix", "_maxlabel"}:
        psl._publicsuffix = frozenset(rules)
        psl._maxlabel = maxlabel
        if _answers_right(psl, rules):
            return psl
    return PublicSuffixList(source=rules, accept_encoded_idn=False)


def _answers_right(psl: PublicSuffixList, rules: list[str]) -> bool:
    """A few answers the rules decide (an exact rule, a wildcard, an exception) come out as they say."""
    try:
        exact = next(r for r in rules if r.count(".") == 1 and r.isascii() and r[0] not in "!*")
        if psl.publicsuffix(f"a.b.{exact}") != exact:
            return False
        wild = next((r for r in rules if r.startswith("*.") and r.isascii()), None)
        if wild is not None and psl.publicsuffix(f"a.x.{wild[2:]}") != f"x.{wild[2:]}":
            return False
        exc = next((r for r in rules if r.startswith("!") and r.isascii()), None)
        return exc is None or psl.publicsuffix(f"a.{exc[1:]}") == exc[1:].partition(".")[2]
    except (StopIteration, AttributeError, TypeError, ValueError):
        return False


#: Full stops UTS #46 maps to "." (ideographic, full-width, half-width ideographic).
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _a_label(label: str) -> str:
    """One label in A-label form: UTS #46 first, IDNA 2003 as a fallback (DNS serves names 2008 refuses)."""
    if label.isascii():
        return label
    try:
        return str(idna.encode(label, uts46=True).decode("ascii"))
    except (idna.IDNAError, UnicodeError, ValueError):
        pass
    try:
        return label.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return label


def is_ip_literal(text: str) -> bool:
    """Whether `text` is an address literal, not a name: ``[192.0.2.1]``, ``[IPv6:2001:db8::1]``, ``192.0.2.1``."""
    t = text.strip().rstrip(".")
    if t.startswith("[") or t.endswith("]"):
        return True
    if t.lower().startswith("ipv6:"):
        return True
    try:
        ipaddress.ip_address(t)
    except ValueError:
        return False
    return True


def domain_name(text: str | None) -> str | None:
    """`text` as a lowercase domain name without trailing dot, or None when it is not one.

    The domain of an address (``a@b.example``) is taken; IP literals, single labels, empty labels, spaces and
    over-long names are refused.
    """
    if not text:
        return None
    t = text.strip().strip("<>").strip()
    if "@" in t:
        t = t.rsplit("@", 1)[1].strip().strip(">")
    if not t or is_ip_literal(t):
        return None
    t = t.rstrip(".").lower()
    if not t.isascii():
        # RFC 8616: one answer for bücher.example and xn--bcher-kva.example (A-labels, as DNS and DMARC use).
        t = ".".join(_a_label(label) for label in t.translate(_DOTS).split("."))
    if not t or len(t) > MAX_NAME or "." not in t or any(c.isspace() for c in t) or ".." in t or t[0] == ".":
        return None
    return t


def under_public_suffix(name: str | None) -> bool:
    """Whether `name` is a domain name that ends in a real ICANN public suffix (not ``.local``, ``.lan``)."""
    d = domain_name(name)
    if d is None:
        return False
    try:
        return icann_list().publicsuffix(d, accept_unknown=False) is not None
    except (ValueError, UnicodeError, IndexError):
        return False


@functools.lru_cache(maxsize=8192)
def dmarc_org_domain(domain: str | None) -> str | None:
    """DMARC's organisational domain of `domain` from the PSL (ICANN + PRIVATE): suffix plus one label.

    A name that is itself a public suffix (``co.uk``) is its own organisational domain (RFC 7489 §3.2 step 3
    would then find no policy above it). None for what is not a domain name.
    """
    d = domain_name(domain)
    if d is None:
        return None
    try:
        found = shared_list().privatesuffix(d)
    except (ValueError, UnicodeError, IndexError):  # a hostile label: the name is then its own organisation
        return d
    return str(found) if found else d


@functools.lru_cache(maxsize=8192)
def host_org(name: str | None) -> str | None:
    """The organisation that runs host `name` (full PSL registrable domain); None for a bare suffix or a non-name."""
    d = domain_name(name)
    if d is None:
        return None
    try:
        found = shared_list().privatesuffix(d)
    except (ValueError, UnicodeError, IndexError):
        return None
    return str(found) if found else None


@functools.lru_cache(maxsize=8192)
def registrable(name: str | None) -> str | None:
    """The ICANN-only registrable domain (eTLD+1, A-labels) of `name`, as the look-alike checks compare it.

    None for a bare suffix or a non-name. Unicode labels are compared in their A-label (punycode) form.
    """
    d = domain_name(name)
    if d is None:
        return None
    try:
        found = icann_list().privatesuffix(d)
    except (ValueError, UnicodeError, IndexError):
        return None
    return str(found) if found else None


def cache_clear() -> None:
    """Forget memoised answers (benchmarks time cold runs)."""
    dmarc_org_domain.cache_clear()
    host_org.cache_clear()
    registrable.cache_clear()
