"""Report section for lookalike and impersonation findings."""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.vocabulary import LookalikeKind, Severity


@dataclass(frozen=True, slots=True)
class LookalikeFinding:
    """One identity in the message that imitates a protected or well-known domain or brand.

    `field` names the header ("From", "From display name", "Reply-To", "Return-Path", "Sender", "DKIM d="),
    `value` what it holds, `resembles` the real domain or brand it imitates, `kind` the trick
    (``idn-homoglyph``, ``typo``, ``combosquat``, ``display-name``, ``reply-to-freemail`` …), and
    `explanation` one line a non-expert can read. `severity` is ``high``, ``medium`` or ``low``. Both are
    closed vocabularies (`LookalikeKind`, `Severity`), listed in the JSON Schema.
    """

    field: str
    value: str
    resembles: str
    kind: LookalikeKind
    explanation: str
    severity: Severity
    #: The domain in ASCII (punycode) and as a reader sees it, when the value is or contains a domain.
    a_label: str | None = None
    u_label: str | None = None
    #: For a display-name finding, the brand the name claims as the brand table names it ("PayPal"); None
    #: otherwise, and when the claimed name is a user-protected domain the table does not know.
    brand: str | None = None
