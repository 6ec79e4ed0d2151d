"""Report sections for the receivers' anti-spam filter headers, decoded (``inspector.filters``).

A filter header is only evidence when the receiving organisation wrote it: `trusted` says so, `trust_basis`
says why (or why not). Copies that came with the message are "claimed by the sender" — attackers paste
``SCL:-1`` or ``X-Spam-Status: No`` into their mail.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FilterSeverity(enum.StrEnum):
    """How much one decoded field matters to a reader (the filters' own scale: views map it to a `Badge`)."""

    INFO = "info"
    NOTICE = "notice"
    WARNING = "warning"
    DANGER = "danger"


class FilterVerdict(enum.StrEnum):
    """What a filter concluded about the message, as a typed fact (the verdict stage reads this, not text)."""

    MALWARE = "malware"
    PHISHING = "phishing"
    SPOOFING = "spoofing"
    IMPERSONATION = "impersonation"
    SPAM = "spam"
    BULK = "bulk"
    #: The filter was told to skip its checks (an allow list, a transport rule): its verdict was not applied.
    BYPASSED = "bypassed"
    CLEAN = "clean"


#: From most to least serious: the order summaries and the verdict pick the strongest conclusion in.
VERDICT_ORDER = (
    FilterVerdict.MALWARE,
    FilterVerdict.PHISHING,
    FilterVerdict.SPOOFING,
    FilterVerdict.IMPERSONATION,
    FilterVerdict.SPAM,
    FilterVerdict.BULK,
    FilterVerdict.BYPASSED,
    FilterVerdict.CLEAN,
)


@dataclass(frozen=True, slots=True)
class FilterField:
    """One decoded field of one filter header (contract fields first: see ARCHITECTURE §4)."""

    vendor: str
    header: str
    field: str
    value: str
    label: str
    meaning: str
    severity: FilterSeverity
    trusted: bool
    #: Chain index (oldest first) of the hop whose organisation wrote the header; None when unknown.
    hop: int | None = None
    #: Position of the header field in the header block (0 = top).
    header_index: int = 0
    #: Why the field is (not) trusted, in words.
    trust_basis: str = ""
    #: What this field says the filter concluded, when it says so; None for descriptive fields.
    verdict: FilterVerdict | None = None
    #: False when the field is not in our table for the vendor: shown raw, never dropped.
    known: bool = True
    #: For a spam confidence level (Microsoft SCL and the like): the number, for rules that compare it.
    scl: int | None = None
    #: Where the filter says it delivered the message ("Inbox", "Junk", "quarantine" …), when it says so.
    destination: str | None = None


@dataclass(frozen=True, slots=True)
class FilterSummary:
    """One line per vendor: what its filter concluded, from the trusted fields when there are any."""

    vendor: str
    text: str
    trusted: bool
    verdict: FilterVerdict | None = None
    #: The fields that support the verdict, as written (``CAT:PHSH``, ``SCL 9``).
    evidence: tuple[str, ...] = ()
    destination: str | None = None
    #: The vendor's documentation the meanings come from (name and address).
    documentation: tuple[str, ...] = ()
