"""Hostnames as the lookalike checks see them: A-label, U-label, registrable domain, labels.

UTS #46 / IDNA 2008 through the `idna` package (never Python's IDNA 2003 codec, which maps ``faß.de`` to
``fass.de``). Each ``xn--`` label is decoded on its own with a fallback, because attackers use labels that
are invalid under IDNA 2008 but that DNS happily serves. The registrable domain for lookalike comparison is
the ICANN-only eTLD+1 (as Chromium does); the full PSL, including its PRIVATE section, tells whether the name
sits under a suffix where anyone can register (free hosting, tenants).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import idna
from publicsuffixlist import PublicSuffixList

from inspector.orgdomain import icann_list, is_ip_literal, registrable, shared_list

#: Longest hostname we look at; anything longer is cut (DNS allows 253).
MAX_HOST = 253
_LABEL_SPLIT = re.compile(r"[.\u3002\uff0e\uff61]")


def icann_psl() -> PublicSuffixList:
    """The ICANN section of the bundled Public Suffix List: the engine's one shared copy."""
    return icann_list()


def full_psl() -> PublicSuffixList:
    """The whole bundled Public Suffix List (ICANN + PRIVATE): the engine's one shared copy (~0.2 s to build)."""
    return shared_list()


@dataclass(frozen=True, slots=True)
class Host:
    """One hostname in every form the checks need."""

    #: As written in the header (trimmed, trailing dot removed), original case.
    shown: str
    #: ASCII form (punycode), lowercase.
    a_label: str
    #: Unicode form, as a reader would see it after decoding; original case kept where it was Unicode.
    u_label: str
    #: Unicode labels (original case), left to right.
    labels: tuple[str, ...]
    #: ICANN public suffix (A-label, lowercase), e.g. ``co.uk``.
    suffix: str
    #: ICANN registrable domain (A-label), e.g. ``paypal.co.uk``; empty if the name is a bare suffix.
    registrable: str
    #: The label left of the suffix, Unicode, original case (``PayPaI`` in ``PayPaI.com``).
    name_label: str
    #: The labels left of `name_label`, Unicode, original case.
    sub_labels: tuple[str, ...]
    #: True if any label is non-ASCII once decoded.
    is_idn: bool

    @property
    def is_valid(self) -> bool:
        """True when the name has a registrable part."""
        return bool(self.registrable and self.name_label)


def _decode_label(label: str) -> str:
    low = label.lower()
    if low.startswith("xn--"):
        try:
            return idna.decode(low)
        except (idna.IDNAError, UnicodeError, ValueError):
            try:
                return low[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                return label
    return label


def _encode_label(label: str) -> str:
    if label.isascii():
        return label.lower()
    try:
        return idna.encode(label, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        try:
            return "xn--" + unicodedata.normalize("NFC", label.lower()).encode("punycode").decode("ascii")
        except (UnicodeError, ValueError):
            return label.lower()


@functools.lru_cache(maxsize=4096)
def parse_host(text: str) -> Host | None:
    """A `Host` from a hostname or an address's domain part; None when there is nothing usable."""
    if not text:
        return None
    shown = text.strip().strip("<>").strip()
    if "@" in shown:
        shown = shown.rsplit("@", 1)[1]
    if is_ip_literal(shown):
        return None  # a@[192.0.2.1] names a machine, not a domain: nothing to compare
    shown = shown.strip("[]")
    shown = shown.strip().rstrip(".")[:MAX_HOST]
    if not shown or any(ch.isspace() for ch in shown):
        return None
    raw_labels = [lab for lab in _LABEL_SPLIT.split(shown) if lab]
    if not raw_labels or len(raw_labels) > 40:
        return None
    u_labels = tuple(_decode_label(lab) for lab in raw_labels)
    a_labels = [raw.lower() if raw.isascii() else _encode_label(u) for raw, u in zip(raw_labels, u_labels, strict=True)]
    a_label = ".".join(a_labels)
    suffix = icann_psl().publicsuffix(a_label) or a_labels[-1]
    n_suffix = suffix.count(".") + 1
    registrable = ".".join(a_labels[-(n_suffix + 1) :]) if len(a_labels) > n_suffix else ""
    name_label = u_labels[-(n_suffix + 1)] if len(u_labels) > n_suffix else ""
    sub = u_labels[: -(n_suffix + 1)] if len(u_labels) > n_suffix + 1 else ()
    return Host(
        shown=shown,
        a_label=a_label,
        u_label=".".join(u_labels),
        labels=u_labels,
        suffix=suffix,
        registrable=registrable,
        name_label=name_label,
        sub_labels=tuple(sub),
        is_idn=not all(lab.isascii() for lab in u_labels),
    )


def org_domain(text: str | None) -> str | None:
    """The ICANN registrable domain (A-label) of a hostname or address, or None (`inspector.orgdomain.registrable`).

    An IP literal (``a@[192.0.2.1]``) or a single label is no domain: None, never "2.1".
    """
    return registrable(text)


def private_owner(host: Host) -> str | None:
    """The full-PSL registrable name when the host sits under a PRIVATE-section suffix (``x.github.io``)."""
    full = full_psl().privatesuffix(host.a_label)
    if full and full != host.registrable and full.endswith("." + host.registrable):
        return str(full)
    return None


def under_suffix(host: Host, suffixes: frozenset[str]) -> str | None:
    """The longest of `suffixes` the host sits strictly under (``a.onmicrosoft.com`` → ``onmicrosoft.com``)."""
    parts = host.a_label.split(".")
    for i in range(1, len(parts) - 1):
        cand = ".".join(parts[i:])
        if cand in suffixes:
            return cand
    return None
