"""Learning: known-good messages into the history store — header facts, and where the links lead.

The analyst's own mailbox export (folders, mbox, Maildir, read by `inspector.batch.readers` in the command
line) is known-good mail. For each message the header block is parsed first; the trust boundary comes from
the same chain stage the analysis runs, and the DKIM signatures' d= and s= are read as written (no DNS:
learning is offline and fast, ≥ 200 messages a second). Only for a message with a sender that did not come
through a mailing list is the whole message then read, for its links' destinations
(`inspector.history.links`): of the body only the organisation each clickable link leads to is kept, never
the text, a URL or the subject.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from inspector.chain import analyze_chain
from inspector.errors import InputError
from inspector.history.facts import SenderFacts, sender_facts, with_links
from inspector.history.fingerprint import agent_header, header_block, message_fingerprint
from inspector.history.links import destinations_in_bodies
from inspector.history.store import HistoryStore, LearnResult
from inspector.identities import read_identities
from inspector.ingest import load_bytes
from inspector.ingest.eml import body_texts
from inspector.ingest.message import Message, SourceFormat
from inspector.parse import tag_list
from inspector.settings import AnalysisSettings

#: Messages written to the store per transaction (one commit per batch keeps learning fast and interruptible).
BATCH = 500


def signature_tags(value: str) -> tuple[str | None, str | None]:
    """(d=, s=) of a DKIM-Signature value, as written (the project's one lenient tag-list reader)."""
    tags = tag_list.lenient(value)
    d, s = (tag_list.compact(tags.get(k, "")) for k in ("d", "s"))
    return d or None, s or None


def facts_of_message(message: Message, settings: AnalysisSettings) -> SenderFacts:
    """The sender facts of one parsed message, as learning records them."""
    identities, _warnings = read_identities(message)
    chain = analyze_chain(message, settings)
    signatures = [signature_tags(h.value) for h in message.get_all("DKIM-Signature")]
    return sender_facts(identities, chain.boundary, chain.hops, signatures, agent_header(message))


def facts_of_bytes(data: bytes, settings: AnalysisSettings) -> SenderFacts | None:
    """The sender facts of one message file's bytes (with its links' destinations); None when they are not a
    message."""
    head = header_block(data)
    try:
        message = load_bytes(head)
    except InputError:
        return None
    facts = facts_of_message(message, settings)
    if facts.address is None or facts.via_list:
        return facts  # nothing to learn links for: the header block was enough
    if message.format is SourceFormat.EML and len(head) < len(data):
        text, html = body_texts(data)  # the bodies only: no attachment decoded, no header parsed again
    else:
        text, html = message.text_body, message.html_body  # a .msg is read whole already
    return with_links(facts, destinations_in_bodies(text, html))


@dataclass(slots=True)
class LearnTally:
    """A learning run's totals (what the command line reports)."""

    learnt: int = 0
    already_known: int = 0
    no_sender: int = 0
    unreadable: int = 0

    def add(self, result: LearnResult) -> None:
        self.learnt += result.learnt
        self.already_known += result.already_known
        self.no_sender += result.no_sender


def _batches(
    items: Iterable[bytes | None], settings: AnalysisSettings, tally: LearnTally
) -> Iterator[list[tuple[str, SenderFacts]]]:
    batch: list[tuple[str, SenderFacts]] = []
    for data in items:
        facts = facts_of_bytes(data, settings) if data is not None else None
        if facts is None:
            tally.unreadable += 1
            continue
        batch.append((message_fingerprint(data or b""), facts))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def learn_messages(
    store: HistoryStore, messages: Iterable[bytes | None], settings: AnalysisSettings | None = None
) -> LearnTally:
    """Learn every message (bytes; None for one that could not be read) into `store`."""
    settings = settings or AnalysisSettings()
    tally = LearnTally()
    for batch in _batches(messages, settings, tally):
        tally.add(store.learn(batch))
    return tally
