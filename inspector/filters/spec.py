"""The shapes of the vendor tables: header → parser → field → label, meaning, and what each value means.

The tables themselves are plain data in `inspector.filters.vendors` (one module per vendor, each naming the
vendor documentation its meanings come from), so adding a field or a vendor is a data change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inspector.model.filters import FilterSeverity, FilterVerdict

S = FilterSeverity
V = FilterVerdict


@dataclass(frozen=True, slots=True)
class Value:
    """What one value of a field means."""

    meaning: str
    severity: FilterSeverity = FilterSeverity.INFO
    verdict: FilterVerdict | None = None
    #: Where the message went, for fields that say so ("Junk", "Inbox").
    destination: str | None = None


@dataclass(frozen=True, slots=True)
class Range:
    """A numeric range of a score field, inclusive at both ends."""

    low: float
    high: float
    meaning: str
    severity: FilterSeverity = FilterSeverity.INFO
    verdict: FilterVerdict | None = None


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a header: its label, what it is, and what its values mean."""

    label: str
    meaning: str
    values: dict[str, Value] = field(default_factory=dict)
    ranges: tuple[Range, ...] = ()
    #: The number is a spam confidence level (SCL): the verdict compares it.
    is_scl: bool = False
    #: Values are matched by their first characters (Microsoft's SFTY "9.19" style codes).
    prefix_values: bool = False


@dataclass(frozen=True, slots=True)
class Header:
    """One header of a vendor: how to split it into fields, and the fields we know."""

    #: The parser (see `inspector.filters.parsers.PARSERS`).
    parser: str
    fields: dict[str, Field] = field(default_factory=dict)
    #: Field name used when the whole value is one field.
    single: str = "value"
    #: Written by the *sender's* side by construction (Microsoft's "-Untrusted" renames): never trusted.
    senders_copy: str | None = None
    #: A regular expression the value must match for this entry to apply: two vendors write the same header
    #: name in different formats (rspamd's ``X-Spam-Report: Action: …; Symbol: NAME(score)``).
    when: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A named test of a scoring filter (SpamAssassin, rspamd, Barracuda) and what it looks for."""

    description: str
    verdict: FilterVerdict | None = None


@dataclass(frozen=True, slots=True)
class Vendor:
    """One vendor's table."""

    name: str
    #: (title, address) of the documentation the meanings come from.
    documentation: tuple[tuple[str, str], ...]
    headers: dict[str, Header]
    #: Header-name prefixes of this vendor: other headers with them are shown raw, never dropped.
    prefixes: tuple[str, ...] = ()
    #: Organisational domains of the vendor's receiving servers whose documented header firewall removes or
    #: renames copies of `firewall_headers` that arrive from outside: at a boundary hop received by one of
    #: them, those headers can only be the receiver's own.
    receiver_orgs: tuple[str, ...] = ()
    firewall_headers: tuple[str, ...] = ()
    firewall_prefixes: tuple[str, ...] = ()
    #: A header whose value is the queue id of the hop that ran the filter (rspamd's X-Rspamd-Queue-Id).
    queue_id_header: str | None = None
    #: Rule names of a scoring filter, with descriptions.
    rules: dict[str, Rule] = field(default_factory=dict)
