"""The sender-history store: one SQLite file (standard library) on the analyst's machine.

`HistoryStore` is the small interface the rest of the program uses (learn, look up, forget, wipe, stats), so
a shared team store could replace the local file later; `SqliteHistory` is the local file.

Why SQLite: one file, no server, transactions, and concurrent readers while a writer works (WAL journal:
the batch workers and the GUI's analysis read while "remember this sender" writes). The schema is versioned
with ``PRAGMA user_version`` and migrated forward by `MIGRATIONS`; a file from a newer version is refused
rather than damaged.

What is stored (and nothing else; see README "Sender history"): per sender address and per organisational
domain, the message count and first/last day, and per sender the infrastructure facts of
`inspector.history.facts` (networks, host organisations, provider, DKIM domains and selectors, Return-Path
and Reply-To domains, display names, mail-program family), each with its count and first/last day; per
sender the organisational domains its links led to (after wrapper decoding; never a URL, a path or the link's
text), bounded to `MAX_LINK_DOMAINS` per sender; and a hash of each learnt message, so learning the same
mailbox twice counts nothing twice. Never a body, a subject or a recipient.

Schema versions: 1 (issue 17: senders, organisations, facts, learnt messages); 2 adds the link domains (table
``links``, the per-sender counters ``link_messages``/``novel_messages`` and ``link_spread``, how many learnt
organisations link to a domain). A version-1 file is migrated when it is opened for writing; opened read-only
(an analysis) it is read as it is, with no link history, so an old store keeps working unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from inspector.history.facts import LINK_DOMAIN, SenderFacts
from inspector.history.fingerprint import fingerprint  # noqa: F401  (the store's fingerprint, re-exported)

#: The schema this code writes; older files are migrated to it, newer ones refused.
SCHEMA_VERSION = 2
#: The oldest schema a read-only analysis still reads (a version-1 file simply has no link history).
MIN_READABLE_VERSION = 1
#: Link domains kept per sender address and per organisation: the most used (then the most recent) stay. A
#: sender that links to more places than this is not one whose "new" destination means anything (see
#: `inspector.history.links`), and a hostile mailbox must not grow the file without bound.
MAX_LINK_DOMAINS = 64
#: How long a writer waits for another writer's lock (milliseconds) before giving up.
BUSY_TIMEOUT_MS = 5000
#: Most fact values returned per kind in a lookup (the most frequent first).
MAX_VALUES = 50
#: The largest count a store can honestly hold (more messages than anyone learns); beyond it the file is damaged.
MAX_COUNT = 2**53
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


class HistoryError(Exception):
    """The store cannot be opened or used (not a history file, a newer schema, unreadable)."""


# -- reading values back: the file is the analyst's, but anything can have written it ----------------------
# A store file may be damaged (a disk error, a crash, a tool that edited it) or crafted. What the checks and
# the views receive is typed here, once: a count that is not a whole number in range, a value that is not
# text, a missing table or a malformed page ends the read as a HistoryError ("damaged"), which every caller
# already reports as "the sender history could not be read"; a day that is not YYYY-MM-DD reads as unknown.


def _count(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return value
    if isinstance(value, str) and value.isdigit() and len(value) <= 16:  # meta values are TEXT
        return _count(int(value))
    raise HistoryError(f"a count reads {str(value)[:40]!r}")


def _day(value: object) -> str | None:
    return value if isinstance(value, str) and _DAY.match(value) else None


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise HistoryError(f"a value is not text ({type(value).__name__})")


_F = TypeVar("_F", bound=Callable[..., Any])


def _reading(method: _F) -> _F:
    """Turn what a damaged file raises while it is read into one HistoryError naming the file."""

    @functools.wraps(method)
    def wrapper(self: SqliteHistory, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (HistoryError, sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
            raise HistoryError(f"{self.path} is damaged ({exc})") from None

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Fact:
    """One recorded fact of a sender: how often it was seen and when first and last."""

    kind: str
    value: str
    count: int
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class Record:
    """What the store knows about one sender address or one organisational domain."""

    key: str
    messages: int
    first_seen: str | None
    last_seen: str | None
    signed: int
    #: Messages that came straight from the sender, not through a mailing list (only their infrastructure,
    #: signatures and Reply-To were recorded).
    direct: int
    facts: tuple[Fact, ...] = ()
    #: Learnt messages (store version 2 and later) that had at least one clickable web link.
    link_messages: int = 0
    #: Of those, the messages that linked to an organisation this sender had not linked to before (the first
    #: message with a countable link included): how often this sender brings in a new destination.
    novel_messages: int = 0
    #: The organisational domains its links led to (kind ``link-domain``), most used first, at most
    #: `MAX_LINK_DOMAINS`.
    links: tuple[Fact, ...] = ()

    def values(self, kind: str) -> tuple[str, ...]:
        """The values of one kind, most frequent first."""
        return tuple(f.value for f in self.facts if f.kind == kind)

    def count(self, kind: str) -> int:
        """Messages that had any value of this kind (an upper bound: one message may have several)."""
        return sum(f.count for f in self.facts if f.kind == kind)


@dataclass(frozen=True, slots=True)
class Lookup:
    """The store's answer for one message's sender: its address's and its organisation's records."""

    address: Record | None
    org: Record | None
    #: Messages learnt in all (for the scale of a first contact).
    total_messages: int
    #: The store's generation: it changes with every write (caches of the correspondents key on it).
    generation: int


@dataclass(frozen=True, slots=True)
class Stats:
    """The store in numbers, for `inspector history stats` and the GUI."""

    path: str
    schema_version: int
    messages: int
    senders: int
    organisations: int
    facts: int
    first_seen: str | None
    last_seen: str | None
    size_bytes: int
    #: Link-domain rows (per sender address and organisation).
    link_domains: int = 0


@dataclass(frozen=True, slots=True)
class LearnResult:
    """What one learning run added."""

    learnt: int = 0
    already_known: int = 0
    #: Messages with no usable From address (nothing to learn from them).
    no_sender: int = 0


class HistoryStore(Protocol):
    """The history as the program uses it; a team store (a server) could implement the same methods."""

    @property
    def location(self) -> str:
        """Where the store is, for the report and the views (a path, a URL)."""
        ...

    def lookup(self, address: str | None, org: str | None) -> Lookup:
        """The records of a sender address and of its organisational domain, in one consistent snapshot."""
        ...

    def correspondents(self) -> tuple[tuple[str, int], ...]:
        """Every organisational domain learnt, with its message count."""
        ...

    @_reading
    def known_orgs(self, orgs: Iterable[str]) -> set[str]:
        """Those of `orgs` (organisational domains) the store has learnt."""
        ...

    def link_spread(self, domains: Iterable[str]) -> dict[str, int]:
        """For each of `domains`, how many learnt sender organisations have linked to it (0 when none)."""
        ...

    def learn(self, items: Iterable[tuple[str, SenderFacts]]) -> LearnResult:
        """Record messages, each as (a message fingerprint, its sender facts); a fingerprint seen before is skipped."""
        ...

    def forget(self, key: str) -> int:
        """Forget a sender address (with "@") or an organisational domain and its addresses; the rows removed."""
        ...

    def wipe(self) -> None:
        """Forget everything."""
        ...

    def stats(self) -> Stats:
        """Counts and dates of the whole store."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


def _run(db: sqlite3.Connection, script: str) -> None:
    """Each statement of `script` inside the caller's transaction (``executescript`` would commit first)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS senders (
            address TEXT PRIMARY KEY, org TEXT NOT NULL, messages INTEGER NOT NULL,
            first_seen TEXT, last_seen TEXT, signed INTEGER NOT NULL DEFAULT 0,
            direct INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS senders_org ON senders (org);
        CREATE TABLE IF NOT EXISTS orgs (
            org TEXT PRIMARY KEY, messages INTEGER NOT NULL,
            first_seen TEXT, last_seen TEXT, signed INTEGER NOT NULL DEFAULT 0,
            direct INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS facts (
            scope TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
            count INTEGER NOT NULL, first_seen TEXT, last_seen TEXT,
            PRIMARY KEY (scope, key, kind, value)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS learnt (fingerprint TEXT PRIMARY KEY, address TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS learnt_address ON learnt (address);
        INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');
        INSERT OR IGNORE INTO meta (key, value) VALUES ('messages', '0');
        INSERT OR IGNORE INTO meta (key, value) VALUES ('format', 'inspector.sender-history');
        """,
    )


def _v2(db: sqlite3.Connection) -> None:
    """The link domains (issue 15): per sender and organisation, where its links led, and how widely each
    destination is linked. Rows learnt before stay as they are: their senders simply have no link history."""
    _run(
        db,
        """
        ALTER TABLE senders ADD COLUMN link_messages INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE senders ADD COLUMN novel_messages INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE orgs ADD COLUMN link_messages INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE orgs ADD COLUMN novel_messages INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS links (
            scope TEXT NOT NULL, key TEXT NOT NULL, domain TEXT NOT NULL,
            count INTEGER NOT NULL, first_seen TEXT, last_seen TEXT,
            PRIMARY KEY (scope, key, domain)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS link_spread (domain TEXT PRIMARY KEY, orgs INTEGER NOT NULL) WITHOUT ROWID
        """,
    )


#: Migrations by the version they produce: MIGRATIONS[n - 1] turns version n - 1 into n (0 = empty file).
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
assert len(MIGRATIONS) == SCHEMA_VERSION

_SCOPE_ADDRESS = "a"
_SCOPE_ORG = "o"


def _earliest(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN excluded.{column} WHEN excluded.{column} IS NULL THEN {column} " \
        f"ELSE min({column}, excluded.{column}) END"  # fmt: skip


def _latest(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN excluded.{column} WHEN excluded.{column} IS NULL THEN {column} " \
        f"ELSE max({column}, excluded.{column}) END"  # fmt: skip


_UPSERT_SENDER = (
    "INSERT INTO senders (address, org, messages, first_seen, last_seen, signed, direct) "
    "VALUES (?, ?, 1, ?, ?, ?, ?) "
    "ON CONFLICT (address) DO UPDATE SET messages = messages + 1, signed = signed + excluded.signed, "
    "direct = direct + excluded.direct, "
    f"first_seen = {_earliest('first_seen')}, last_seen = {_latest('last_seen')}"
)
_UPSERT_ORG = (
    "INSERT INTO orgs (org, messages, first_seen, last_seen, signed, direct) VALUES (?, 1, ?, ?, ?, ?) "
    "ON CONFLICT (org) DO UPDATE SET messages = messages + 1, signed = signed + excluded.signed, "
    "direct = direct + excluded.direct, "
    f"first_seen = {_earliest('first_seen')}, last_seen = {_latest('last_seen')}"
)
_UPSERT_LINK = (
    "INSERT INTO links (scope, key, domain, count, first_seen, last_seen) VALUES (?, ?, ?, 1, ?, ?) "
    "ON CONFLICT (scope, key, domain) DO UPDATE SET count = count + 1, "
    f"first_seen = {_earliest('first_seen')}, last_seen = {_latest('last_seen')}"
)
_LINK_COUNTERS = {
    "senders": "UPDATE senders SET link_messages = link_messages + 1, novel_messages = novel_messages + ? "
    "WHERE address = ?",
    "orgs": "UPDATE orgs SET link_messages = link_messages + 1, novel_messages = novel_messages + ? WHERE org = ?",
}
_UPSERT_FACT = (
    "INSERT INTO facts (scope, key, kind, value, count, first_seen, last_seen) VALUES (?, ?, ?, ?, 1, ?, ?) "
    "ON CONFLICT (scope, key, kind, value) DO UPDATE SET count = count + 1, "
    f"first_seen = {_earliest('first_seen')}, last_seen = {_latest('last_seen')}"
)


class SqliteHistory:
    """The local history file. Open read-only for analysis (`readonly=True`), read-write for learning.

    A connection is used by one thread at a time (a lock guards it), so the GUI may hand the object to a
    worker thread.
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        #: The file's schema version (a read-only store may be older than `SCHEMA_VERSION`).
        self.version = SCHEMA_VERSION
        self._lock = threading.Lock()
        try:
            if readonly:
                if not os.path.isfile(self.path):
                    raise HistoryError(f"no history store at {self.path}")
                uri = Path(os.path.abspath(self.path)).as_uri() + "?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
            else:
                folder = os.path.dirname(os.path.abspath(self.path))
                os.makedirs(folder, exist_ok=True)
                self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._prepare()
        except sqlite3.Error as exc:
            with contextlib.suppress(Exception):
                self._db.close()
            raise HistoryError(f"{self.path} is not a usable history store ({exc})") from None

    # --- opening -----------------------------------------------------------------------------------

    def _prepare(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            self._db.close()
            raise HistoryError(
                f"{self.path} was written by a newer version (history schema {version}; this one reads up to "
                f"{SCHEMA_VERSION})"
            )
        self.version = version
        if self.readonly:
            # An older store is read as it is (a read-only analysis never migrates the analyst's file); the
            # parts a later version added are simply absent. The next `learn` migrates it.
            if version < MIN_READABLE_VERSION:
                self._db.close()
                raise HistoryError(f"{self.path} is not a history store of this version (schema {version})")
            self._check_format()
            return
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        if version == 0 and self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            self._db.close()
            raise HistoryError(f"{self.path} is an SQLite file of something else, not a history store")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                MIGRATIONS[target - 1](self._db)
                self._db.execute(f"PRAGMA user_version = {target}")
        self.version = SCHEMA_VERSION
        self._check_format()

    def _check_format(self) -> None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.Error:
            row = None
        if row is None or row[0] != "inspector.sender-history":
            self._db.close()
            raise HistoryError(f"{self.path} is not a history store")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _bump(self) -> None:
        """A write happened: a new generation, and the message total (kept, so a lookup never sums) follows."""
        self._db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        self._db.execute("UPDATE meta SET value = (SELECT coalesce(sum(messages), 0) FROM orgs) WHERE key = 'messages'")

    @property
    def location(self) -> str:
        """The file's path."""
        return self.path

    # --- reading -----------------------------------------------------------------------------------

    @property
    def has_links(self) -> bool:
        """The file records link domains (schema 2 and later)."""
        return self.version >= 2

    def _record(self, table: str, column: str, scope: str, key: str) -> Record | None:
        extra = ", link_messages, novel_messages" if self.has_links else ", 0, 0"
        row = self._db.execute(
            f"SELECT messages, first_seen, last_seen, signed, direct{extra} FROM {table} WHERE {column} = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        facts = tuple(
            Fact(_text(kind), _text(value), _count(count), _day(first), _day(last))
            for kind, value, count, first, last in self._db.execute(
                "SELECT kind, value, count, first_seen, last_seen FROM facts WHERE scope = ? AND key = ? "
                "ORDER BY kind, count DESC, value",
                (scope, key),
            )
        )
        per_kind: dict[str, int] = {}
        kept = []
        for f in facts:
            per_kind[f.kind] = per_kind.get(f.kind, 0) + 1
            if per_kind[f.kind] <= MAX_VALUES:
                kept.append(f)
        links: tuple[Fact, ...] = ()
        if self.has_links and row[5]:
            links = tuple(
                Fact(LINK_DOMAIN, _text(domain), _count(count), _day(first), _day(last))
                for domain, count, first, last in self._db.execute(
                    "SELECT domain, count, first_seen, last_seen FROM links WHERE scope = ? AND key = ? "
                    "ORDER BY count DESC, last_seen DESC, domain LIMIT ?",
                    (scope, key, MAX_LINK_DOMAINS),
                )
            )
        messages, signed, direct, link_messages, novel = (_count(row[i]) for i in (0, 3, 4, 5, 6))
        return Record(
            key, messages, _day(row[1]), _day(row[2]), signed, direct, tuple(kept), link_messages, novel, links
        )

    @_reading
    def lookup(self, address: str | None, org: str | None) -> Lookup:
        """Both records read in one transaction: a consistent snapshot even while a writer learns."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                a = self._record("senders", "address", _SCOPE_ADDRESS, address.lower()) if address else None
                o = self._record("orgs", "org", _SCOPE_ORG, org.lower()) if org else None
                row = self._db.execute("SELECT value FROM meta WHERE key = 'messages'").fetchone()
                if row is None:  # not kept by this file: count
                    row = self._db.execute("SELECT coalesce(sum(messages), 0) FROM orgs").fetchone()
                total = _count(row[0])
                generation = self._generation()
            finally:
                self._db.execute("COMMIT")
        return Lookup(a, o, total, generation)

    def _generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return _count(row[0]) if row else 0

    @_reading
    def generation(self) -> int:
        """A number that changes with every write."""
        with self._lock:
            return self._generation()

    @_reading
    def correspondents(self) -> tuple[tuple[str, int], ...]:
        """Every organisational domain with its message count."""
        with self._lock:
            return tuple(
                (_text(o), _count(n)) for o, n in self._db.execute("SELECT org, messages FROM orgs ORDER BY org")
            )

    @_reading
    def known_orgs(self, orgs: Iterable[str]) -> set[str]:
        """Those of `orgs` the store holds (one indexed question each)."""
        with self._lock:
            return {
                o
                for o in dict.fromkeys(x.lower() for x in orgs)
                if self._db.execute("SELECT 1 FROM orgs WHERE org = ?", (o,)).fetchone() is not None
            }

    @_reading
    def link_spread(self, domains: Iterable[str]) -> dict[str, int]:
        """How many learnt organisations linked to each of `domains` (one indexed question each)."""
        wanted = list(dict.fromkeys(d.lower() for d in domains))
        if not self.has_links:
            return dict.fromkeys(wanted, 0)
        with self._lock:
            out: dict[str, int] = {}
            for d in wanted:
                row = self._db.execute("SELECT orgs FROM link_spread WHERE domain = ?", (d,)).fetchone()
                out[d] = _count(row[0]) if row else 0
            return out

    @_reading
    def senders_of(self, org: str) -> tuple[tuple[str, int], ...]:
        """The addresses learnt at one organisational domain, with their counts (most first)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT address, messages FROM senders WHERE org = ? ORDER BY messages DESC, address", (org.lower(),)
            )
            return tuple((_text(a), _count(n)) for a, n in rows)

    @_reading
    def stats(self) -> Stats:
        """Counts, dates, the file's size."""
        with self._lock:
            db = self._db
            messages, orgs, first, last = db.execute(
                "SELECT coalesce(sum(messages), 0), count(*), min(first_seen), max(last_seen) FROM orgs"
            ).fetchone()
            senders = db.execute("SELECT count(*) FROM senders").fetchone()[0]
            facts = db.execute("SELECT count(*) FROM facts").fetchone()[0]
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            links = db.execute("SELECT count(*) FROM links").fetchone()[0] if self.has_links else 0
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        counts = (_count(messages), _count(senders), _count(orgs), _count(facts))
        return Stats(self.path, version, *counts, _day(first), _day(last), size, _count(links))

    # --- writing -----------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.readonly:
            raise HistoryError("the history store was opened read-only")

    def learn(self, items: Iterable[tuple[str, SenderFacts]]) -> LearnResult:
        """Record messages in one transaction (fast: one commit for a whole mailbox)."""
        self._writable()
        learnt = known = none = 0
        with self._lock, self._transaction() as db:
            for fp, f in items:
                if f.address is None or f.org is None:
                    none += 1
                    continue
                if db.execute("INSERT OR IGNORE INTO learnt VALUES (?, ?)", (fp, f.address)).rowcount == 0:
                    known += 1
                    continue
                signed, direct = int(f.signed), int(not f.via_list)
                db.execute(_UPSERT_SENDER, (f.address, f.org, f.day, f.day, signed, direct))
                db.execute(_UPSERT_ORG, (f.org, f.day, f.day, signed, direct))
                rows = [(scope, key, kind, value, f.day, f.day) for kind, value in f.facts for scope, key in
                        ((_SCOPE_ADDRESS, f.address), (_SCOPE_ORG, f.org))]  # fmt: skip
                db.executemany(_UPSERT_FACT, rows)
                if f.has_links:
                    self._learn_links(db, f)
                learnt += 1
            if learnt:
                self._bump()
        return LearnResult(learnt, known, none)

    def _learn_links(self, db: sqlite3.Connection, f: SenderFacts) -> None:
        """One message's link domains, for its address and its organisation; a domain new to the organisation
        adds one to its spread. Whether the message brought in a new domain is counted (`novel_messages`)."""
        assert f.address is not None and f.org is not None
        for scope, key, table in ((_SCOPE_ADDRESS, f.address, "senders"), (_SCOPE_ORG, f.org, "orgs")):
            novel = 0
            for domain in f.link_domains:
                if db.execute(
                    "INSERT OR IGNORE INTO links VALUES (?, ?, ?, 1, ?, ?)", (scope, key, domain, f.day, f.day)
                ).rowcount:
                    novel = 1
                    if scope == _SCOPE_ORG:
                        db.execute(
                            "INSERT INTO link_spread VALUES (?, 1) ON CONFLICT (domain) DO UPDATE SET orgs = orgs + 1",
                            (domain,),
                        )
                else:
                    db.execute(_UPSERT_LINK, (scope, key, domain, f.day, f.day))
            db.execute(_LINK_COUNTERS[table], (novel, key))
            if novel:
                self._prune_links(db, scope, key)

    def _prune_links(self, db: sqlite3.Connection, scope: str, key: str) -> None:
        """Keep a sender's `MAX_LINK_DOMAINS` most used (then most recent) link domains."""
        extra = [
            d
            for (d,) in db.execute(
                "SELECT domain FROM links WHERE scope = ? AND key = ? ORDER BY count DESC, last_seen DESC, domain "
                "LIMIT -1 OFFSET ?",
                (scope, key, MAX_LINK_DOMAINS),
            ).fetchall()
        ]
        for d in extra:
            self._drop_link(db, scope, key, d)

    def _drop_link(self, db: sqlite3.Connection, scope: str, key: str, domain: str) -> int:
        gone = db.execute("DELETE FROM links WHERE scope = ? AND key = ? AND domain = ?", (scope, key, domain)).rowcount
        if gone and scope == _SCOPE_ORG:
            db.execute("UPDATE link_spread SET orgs = orgs - 1 WHERE domain = ?", (domain,))
            db.execute("DELETE FROM link_spread WHERE domain = ? AND orgs <= 0", (domain,))
        return int(gone)

    def forget(self, key: str) -> int:
        """Forget one address (its counts leave its organisation's too) or a whole organisational domain."""
        self._writable()
        key = key.strip().lower()
        with self._lock, self._transaction() as db:
            if "@" in key:
                removed = self._forget_address(db, key)
            else:
                addresses = [a for (a,) in db.execute("SELECT address FROM senders WHERE org = ?", (key,))]
                removed = sum(self._forget_address(db, a) for a in addresses)
                removed += db.execute("DELETE FROM facts WHERE scope = ? AND key = ?", (_SCOPE_ORG, key)).rowcount
                removed += self._forget_links(db, _SCOPE_ORG, key)
                removed += db.execute("DELETE FROM orgs WHERE org = ?", (key,)).rowcount
            if removed:
                self._bump()
        return removed

    def _forget_address(self, db: sqlite3.Connection, address: str) -> int:
        row = db.execute("SELECT org, messages, signed, direct FROM senders WHERE address = ?", (address,)).fetchone()
        learnt = db.execute("DELETE FROM learnt WHERE address = ?", (address,)).rowcount
        if row is None:
            return learnt
        org, messages, signed, direct = row
        # Every learnt message counted each fact once for the address and once for its organisation, so the
        # address's counts come off the organisation's exactly.
        for kind, value, count in db.execute(
            "SELECT kind, value, count FROM facts WHERE scope = ? AND key = ?", (_SCOPE_ADDRESS, address)
        ).fetchall():
            db.execute(
                "UPDATE facts SET count = count - ? WHERE scope = ? AND key = ? AND kind = ? AND value = ?",
                (count, _SCOPE_ORG, org, kind, value),
            )
        db.execute("DELETE FROM facts WHERE scope = ? AND key = ? AND count <= 0", (_SCOPE_ORG, org))
        db.execute(
            "UPDATE orgs SET messages = messages - ?, signed = signed - ?, direct = direct - ? WHERE org = ?",
            (messages, signed, direct, org),
        )
        self._forget_address_links(db, address, org)
        left = db.execute("SELECT messages FROM orgs WHERE org = ?", (org,)).fetchone()
        if left is not None and left[0] <= 0:
            db.execute("DELETE FROM facts WHERE scope = ? AND key = ?", (_SCOPE_ORG, org))
            self._forget_links(db, _SCOPE_ORG, org)
            db.execute("DELETE FROM orgs WHERE org = ?", (org,))
        removed = db.execute("DELETE FROM facts WHERE scope = ? AND key = ?", (_SCOPE_ADDRESS, address)).rowcount
        removed += self._forget_links(db, _SCOPE_ADDRESS, address)
        removed += db.execute("DELETE FROM senders WHERE address = ?", (address,)).rowcount
        return removed + learnt

    def _forget_address_links(self, db: sqlite3.Connection, address: str, org: str) -> None:
        """An address's link counts come off its organisation's (each message counted once for both; a row
        one side pruned is simply not there)."""
        for domain, count in db.execute(
            "SELECT domain, count FROM links WHERE scope = ? AND key = ?", (_SCOPE_ADDRESS, address)
        ).fetchall():
            db.execute(
                "UPDATE links SET count = count - ? WHERE scope = ? AND key = ? AND domain = ?",
                (count, _SCOPE_ORG, org, domain),
            )
        for (domain,) in db.execute(
            "SELECT domain FROM links WHERE scope = ? AND key = ? AND count <= 0", (_SCOPE_ORG, org)
        ).fetchall():
            self._drop_link(db, _SCOPE_ORG, org, domain)
        row = db.execute("SELECT link_messages, novel_messages FROM senders WHERE address = ?", (address,)).fetchone()
        if row is not None:
            db.execute(
                "UPDATE orgs SET link_messages = max(0, link_messages - ?), "
                "novel_messages = max(0, novel_messages - ?) WHERE org = ?",
                (row[0], row[1], org),
            )

    def _forget_links(self, db: sqlite3.Connection, scope: str, key: str) -> int:
        domains = [d for (d,) in db.execute("SELECT domain FROM links WHERE scope = ? AND key = ?", (scope, key))]
        return sum(self._drop_link(db, scope, key, d) for d in domains)

    def wipe(self) -> None:
        """Delete every row and give the space back (VACUUM), so nothing learnt stays in the file."""
        self._writable()
        with self._lock:
            with self._transaction() as db:
                for table in ("senders", "orgs", "facts", "learnt", "links", "link_spread"):
                    db.execute(f"DELETE FROM {table}")
                self._bump()
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> SqliteHistory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_history(path: str | os.PathLike[str], *, readonly: bool = False) -> SqliteHistory:
    """The store at `path` (created, or migrated to this version, unless `readonly`)."""
    return SqliteHistory(path, readonly=readonly)
