"""The history stage of the analysis: open the store read-only, compare, state the `history` section.

The analysis stays a function of the message, the settings and a read-only snapshot of the store: the store
is opened with SQLite's read-only mode and both of a sender's records are read in one transaction. Each
process keeps its open store and the correspondents' index (rebuilt only when the store's generation
changes), so a batch run's workers and the GUI pay the opening once, not per message.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from inspector.history.facts import MAX_PER_MESSAGE, Destination, SenderFacts, sender_facts
from inspector.history.links import (
    candidates,
    destinations_of_links,
    known_destinations,
    link_record,
    new_link_findings,
)
from inspector.lookalike.reference import reference_for
from inspector.model.auth import AuthResult, DkimSignatureResult
from inspector.model.chain import Hop, TrustBoundary
from inspector.model.content import Link, LinkFinding
from inspector.model.history import HistorySection
from inspector.model.report import Identities, Report
from inspector.orgdomain import dmarc_org_domain, domain_name
from inspector.settings import AnalysisSettings

if TYPE_CHECKING:
    # The store (sqlite3), the checks and the correspondents' index are imported when a history store is in
    # use, not by every analysis (start-up time: most runs have no store).
    from inspector.history.lookalikes import CorrespondentIndex
    from inspector.history.store import Lookup, SqliteHistory

#: Signature results that do not count as the sender's signature (a copied header fails to verify).
_BROKEN = frozenset({AuthResult.FAIL, AuthResult.PERMERROR})


@dataclass(slots=True)
class _Open:
    store: SqliteHistory
    identity: tuple[int, int]
    index: CorrespondentIndex | None = None
    generation: int = -1


_lock = threading.Lock()
_open: dict[str, _Open] = {}


def _file_identity(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _reader(path: str) -> _Open:
    """The process's read-only store for `path`, reopened when the file was replaced."""
    from inspector.history.store import SqliteHistory

    key = os.path.abspath(path)
    ident = _file_identity(key)
    with _lock:
        entry = _open.get(key)
        if entry is not None and entry.identity != ident:
            entry.store.close()
            entry = None
        if entry is None:
            entry = _Open(SqliteHistory(key, readonly=True), ident)
            _open[key] = entry
        return entry


def close_readers() -> None:
    """Close every cached read-only store (tests, and the GUI before it deletes a store file)."""
    with _lock:
        for entry in _open.values():
            entry.store.close()
        _open.clear()


def _index(entry: _Open, generation: int) -> CorrespondentIndex:
    from inspector.history.lookalikes import CorrespondentIndex

    with _lock:
        if entry.index is None or entry.generation != generation:
            entry.index = CorrespondentIndex.build(entry.store.correspondents())
            entry.generation = generation
        return entry.index


def message_facts(
    identities: Identities,
    boundary: TrustBoundary,
    hops: Sequence[Hop],
    dkim: Sequence[DkimSignatureResult],
    agent: str | None,
    links: Sequence[Destination] | None = None,
) -> SenderFacts:
    """The sender facts of the message under analysis (signatures that fail to verify are not the sender's)."""
    signatures = [(s.domain, s.selector) for s in dkim if s.result not in _BROKEN]
    return sender_facts(identities, boundary, hops, signatures, agent, links)


#: Per-link findings of the history, by index in `content.links`.
LinkFindings = dict[int, LinkFinding]


def history_section(
    settings: AnalysisSettings,
    identities: Identities,
    boundary: TrustBoundary,
    hops: Sequence[Hop],
    dkim: Sequence[DkimSignatureResult],
    agent: str | None,
    today: date | None = None,
    fingerprint: str | None = None,
) -> HistorySection:
    """The report's `history` section: the findings, or why there are none."""
    return history_stage(settings, identities, boundary, hops, dkim, agent, today, fingerprint)[0]


def history_stage(
    settings: AnalysisSettings,
    identities: Identities,
    boundary: TrustBoundary,
    hops: Sequence[Hop],
    dkim: Sequence[DkimSignatureResult],
    agent: str | None,
    today: date | None = None,
    fingerprint: str | None = None,
    links: Sequence[Link] = (),
) -> tuple[HistorySection, LinkFindings]:
    """The `history` section, and the `new-link-domain` finding of each of `links` (the message's judged
    `content.links`) whose destination this sender never linked to (`inspector.history.links`). The link
    findings go into the links themselves: the Links view and the verdict read them there, in one place."""
    path = settings.history
    if not path:
        return HistorySection(fingerprint=fingerprint), {}
    from inspector.history.checks import check_history, known_sender
    from inspector.history.store import HistoryError

    try:
        entry = _reader(path)
    except FileNotFoundError:
        note = f"No sender history yet: {path} does not exist (learn some mail first)."
        return HistorySection(store=path, note=note, fingerprint=fingerprint), {}
    except (OSError, HistoryError) as exc:
        note = f"The sender history could not be read: {exc}"
        return HistorySection(store=path, note=note, fingerprint=fingerprint), {}
    cur = message_facts(identities, boundary, hops, dkim, agent, destinations_of_links(links))
    # The brand table is not the store: its failure is the stage's error, never "the history could not be read".
    protected = tuple(dict.fromkeys((*settings.protected_domains, *settings.own_domains)))
    ref = reference_for(protected, tuple(settings.own_domains))
    freemail = ref.is_freemail(cur.org)
    try:
        found = entry.store.lookup(cur.address, cur.org)
        # The correspondents' index is needed only for a From or Reply-To organisation the store does not
        # know (a known one is nobody's look-alike): most mail never builds it.
        names = [identities.from_domain, *(domain_name(a) for a in identities.reply_to[:MAX_PER_MESSAGE])]
        orgs = {o for o in (dmarc_org_domain(n) for n in names if n) if o}
        index = _index(entry, found.generation) if orgs - entry.store.known_orgs(orgs) else None
        link_findings = _link_findings(entry.store, cur, found, freemail, links)
    except Exception as exc:  # a damaged file: the section says so, the rest of the report stands
        if os.environ.get("INSPECTOR_DEBUG"):
            raise
        note = f"The sender history could not be read: {type(exc).__name__}: {exc}"
        return HistorySection(store=path, note=note, fingerprint=fingerprint), {}
    findings = check_history(cur, found, index, identities, freemail=freemail, today=today, ref=ref)
    if found.total_messages == 0:
        note = "The sender history is empty: learn known-good mail first (inspector history learn)."
    else:
        note = f"Compared with the sender history ({found.total_messages:,} messages learnt)."
    section = HistorySection(
        available=True,
        store=path,
        note=note,
        findings=findings,
        sender=known_sender(found),
        store_messages=found.total_messages,
        fingerprint=fingerprint,
    )
    return section, link_findings


def _link_findings(
    store: SqliteHistory, cur: SenderFacts, found: Lookup, freemail: bool, links: Sequence[Link]
) -> LinkFindings:
    """The link findings; the store's spread is asked only for a steady sender's new destinations."""
    if cur.via_list or not cur.has_links or link_record(found, freemail) is None:
        return {}
    new = candidates(links, cur.org, known_destinations(found, freemail))
    if not new:
        return {}
    return new_link_findings(links, found, cur.org, freemail, store.link_spread(new.values()))


def facts_of_report(report: Report) -> SenderFacts:
    """The sender facts of an analysed message, from its report alone ("remember this sender" in the GUI:
    nothing is parsed again, the report already holds every fact)."""
    agent = None
    for name in ("x-mailer", "user-agent"):
        agent = next((h.decoded for h in report.headers if h.name.lower() == name and h.decoded.strip()), None)
        if agent:
            break
    links = destinations_of_links(report.content.links) if report.content.has_body else None
    return message_facts(report.identities, report.boundary, report.hops, report.dkim, agent, links)
