"""Report section for the sender's history: what the analyst's own past mail says about this sender.

DMARC proves only that a domain's owner sent a message. A hacked supplier mailbox, or a look-alike domain
registered yesterday, passes every check; what betrays them is the sender's behaviour against its own past
(a first contact, new sending infrastructure, a new Reply-To, a domain one letter away from a real
correspondent). The history stage (`inspector.history`) compares the message with a local store learnt from
known-good mail and states its findings here; the verdict reads them as typed facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.vocabulary import Severity

#: Finding kinds, stable for code, tests and the JSON report.
FIRST_CONTACT = "first-contact"
NEW_INFRASTRUCTURE = "new-infrastructure"
NEW_REPLY_TO = "new-reply-to"
DISPLAY_NAME_CHANGED = "display-name-changed"
LOOKALIKE_OF_CORRESPONDENT = "lookalike-of-correspondent"
RARE_SENDER = "rare-sender"

HISTORY_KINDS = (
    FIRST_CONTACT,
    NEW_INFRASTRUCTURE,
    NEW_REPLY_TO,
    DISPLAY_NAME_CHANGED,
    LOOKALIKE_OF_CORRESPONDENT,
    RARE_SENDER,
)


@dataclass(frozen=True, slots=True)
class HistoryFinding:
    """One thing the sender's history says about this message.

    `severity` is ``high``, ``medium``, ``low`` or ``info`` (the verdict: high raises it to dangerous,
    medium to suspicious, the rest are notes); `explanation` is one plain sentence worded with what was
    usual; `evidence` the facts it rests on, each a short ``label: value`` line.
    """

    kind: str
    severity: Severity
    explanation: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KnownSender:
    """What the history holds about the sender (its address, else its organisation), for every view.

    `scope` says which: ``address`` (this very address has written before) or ``organisation`` (only other
    addresses of its organisational domain have). Lists hold the most frequent values first.
    """

    scope: str
    key: str
    messages: int
    first_seen: str | None = None
    last_seen: str | None = None
    #: Messages from the whole organisational domain (every address of it).
    organisation_messages: int = 0
    networks: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    signing_domains: tuple[str, ...] = ()
    #: Messages of `messages` that carried a DKIM signature (of any domain).
    signed_messages: int = 0
    return_path_domains: tuple[str, ...] = ()
    reply_to_domains: tuple[str, ...] = ()
    display_names: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    #: Learnt messages with clickable links (from stores of version 2 on; 0 for mail learnt before).
    link_messages: int = 0
    #: The organisations its links led to (never its own, never click tracking), most used first.
    link_domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HistorySection:
    """The `history` section of the report.

    `available` is False when no history store was given or it could not be read (then `note` says why and
    the verdict is what it would be without one); `store` names the store file; `sender` is what the store
    knows about the sender (None for a first contact or without a store).
    """

    available: bool = False
    store: str | None = None
    note: str = "No sender history: no history store was used for this analysis."
    findings: tuple[HistoryFinding, ...] = ()
    sender: KnownSender | None = None
    #: Messages the store holds, for the reader's sense of scale ("learnt from 2,314 messages").
    store_messages: int = 0
    #: This message's identity for the history (SHA-256 of its normalised header block): "remember this
    #: sender" records it, so remembering or learning the same message twice counts it once.
    fingerprint: str | None = None
