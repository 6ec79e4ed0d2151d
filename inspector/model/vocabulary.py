"""The report's closed vocabularies as :class:`enum.StrEnum`: one name per word a field may hold.

Why StrEnum: each member *is* its string (``Severity.HIGH == "high"``, ``json.dumps`` writes ``"high"``), so
the JSON output stays byte-identical to the plain strings these fields held before, old readers that compare
with literals keep working, and a typo in code is an ``AttributeError`` instead of a silently unmatched
string. The JSON Schema (``inspector/report/schema/report.schema.json``) lists the same values as ``enum``,
and ``tests/unit/test_vocabulary_schema.py`` checks that the two never drift apart.

This module is on the model floor: it imports nothing but the standard library, so every stage, the
verdict, the renderers and the GUI can use it.
"""

from __future__ import annotations

import enum

__all__ = [
    "SEVERITY_ORDER",
    "BodyHashMatch",
    "CheckOutcome",
    "Confidence",
    "HopKind",
    "JobState",
    "LookalikeKind",
    "Section",
    "Severity",
    "TrustZone",
]


class JobState(enum.StrEnum):
    """Where one analysis job stands (the GUI's job list; the batch runner's rows).

    ``queued`` waits for a worker, ``running`` is being analysed, and the three others are final: ``done``
    (a report exists), ``failed`` (the analysis could not produce a report: the error says why) and
    ``cancelled`` (the user stopped it; whatever it produced afterwards is dropped).
    """

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """True for the final states: nothing will change this job's entry any more."""
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


class Severity(enum.StrEnum):
    """How serious one finding is: the look-alike findings (``high``/``medium``/``low``) and the link findings
    (the same three plus ``info``, for facts worth knowing that are no warning, such as a tracking link).

    One scale for both, so a view colours a look-alike and a link the same way (`SEVERITY_ORDER` ranks them).
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most serious (high) to 3 (info): sort findings by it, most serious first."""
        return SEVERITY_ORDER.index(self)


#: Most serious first.
SEVERITY_ORDER: tuple[Severity, ...] = (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)


class LookalikeKind(enum.StrEnum):
    """The trick a look-alike finding names (`LookalikeFinding.kind`), strongest evidence first."""

    IDN_HOMOGLYPH = "idn-homoglyph"
    HOMOGLYPH = "homoglyph"
    MIXED_SCRIPT = "mixed-script"
    WHOLE_SCRIPT = "whole-script"
    TARGET_EMBEDDING = "target-embedding"
    FREE_HOSTING = "free-hosting"
    SHARED_TENANT = "shared-tenant"
    SPLIT_NAME = "split-name"
    WWW_PREFIX = "www-prefix"
    COMBOSQUAT = "combosquat"
    TYPO = "typo"
    TLD_SWAP = "tld-swap"
    BRAND_IN_SUBDOMAIN = "brand-in-subdomain"
    #: The From display name claims a brand its address does not back, or holds another address.
    DISPLAY_NAME = "display-name"
    DISPLAY_ADDRESS = "display-address"
    #: Another identity points at an organisation unrelated to From (`inspector.lookalike.relations`).
    REPLY_TO_FREEMAIL = "reply-to-freemail"
    REPLY_TO_MISMATCH = "reply-to-mismatch"
    RETURN_PATH_MISMATCH = "return-path-mismatch"
    SENDER_MISMATCH = "sender-mismatch"
    DKIM_DOMAIN_MISMATCH = "dkim-domain-mismatch"


class TrustZone(enum.StrEnum):
    """Where a hop stands against the trust boundary (`Hop.trust_zone`)."""

    #: Written by the receiving organisation after it took the message in.
    INTERNAL = "internal"
    #: The hop where the receiving organisation took the message in.
    BOUNDARY = "boundary"
    #: Before the boundary: written by servers the receiver cannot vouch for (the sender may have forged it).
    EXTERNAL_CLAIMED = "external-claimed"
    UNKNOWN = "unknown"


class HopKind(enum.StrEnum):
    """What one hop of the Received chain did (`Hop.kind`)."""

    SMTP_RELAY = "smtp_relay"
    SUBMISSION = "submission"
    CONTENT_FILTER = "content_filter"
    LMTP_DELIVERY = "lmtp_delivery"
    FETCH = "fetch"
    LIST_EXPANSION = "list_expansion"
    LOCAL_INJECTION = "local_injection"
    INTERNAL_PROVIDER = "internal_provider"
    #: Built from an X-Originating-IP-style header: a claimed address, never a trust boundary.
    SYNTHETIC = "synthetic"
    #: A Received field too short or too broken to be a hop: skipped by the boundary search.
    JUNK = "junk"
    UNPARSEABLE = "unparseable"


class Confidence(enum.StrEnum):
    """How sure the engine is of the trust boundary (`TrustBoundary.confidence`)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"


class CheckOutcome(enum.StrEnum):
    """One cryptographic check re-run by the engine: a DKIM body hash or header signature, an ARC message
    signature's body hash, an AMS or a seal (`DkimSignatureResult.body_hash`, `ArcInstance.ams_valid` …).

    ``not-checked``: there was nothing to check it with (no body: a .msg or pasted headers; no key).
    """

    PASS = "pass"
    FAIL = "fail"
    NOT_CHECKED = "not-checked"


class BodyHashMatch(enum.StrEnum):
    """The body hash of a signature placed on a hop of the chain (`PlacedArtefact.body_hash`).

    The chain's own words for the same question `CheckOutcome` answers for the checks (``match`` is a
    passing body hash, ``mismatch`` a failing one), plus the artefacts that have no body hash to compare.
    """

    MATCH = "match"
    MISMATCH = "mismatch"
    #: No body was available (a .msg or pasted headers).
    NOT_CHECKED = "not checked"
    #: The artefact carries no body hash (an Authentication-Results or Received-SPF field).
    NOT_APPLICABLE = "not applicable"
    #: The signature's bh= or its canonicalisation could not be read.
    MALFORMED = "malformed"


class Section(enum.StrEnum):
    """The report's sections, as `Report.sections` and `Report.errors` name them: one per pipeline stage."""

    IDENTITIES = "identities"
    HOPS = "hops"
    SPF = "spf"
    DKIM = "dkim"
    ARC = "arc"
    DMARC = "dmarc"
    RECORDED = "recorded"
    DISAGREEMENTS = "disagreements"
    LOOKALIKES = "lookalikes"
    FILTERS = "filters"
    HISTORY = "history"
    VERDICT = "verdict"
