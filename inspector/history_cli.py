"""``inspector history learn | show | forget | wipe | stats``: the sender history from the command line.

The store is the file in the user's data folder (`inspector.paths.default_history_path`) unless
``--history FILE`` names another. Learning reads folders, mbox files and Maildir folders with the batch
readers (`inspector.batch.readers`), headers only. Everything prints plain text through `visible_line`
(addresses and names come from messages: a control character in them must not reach the terminal raw).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from inspector.errors import UsageError
from inspector.report.safe_text import visible_line

if TYPE_CHECKING:
    from inspector.history.store import SqliteHistory
    from inspector.model.history import KnownSender

HISTORY_ACTIONS = ("learn", "show", "forget", "wipe", "stats")


def add_history_option(p: argparse.ArgumentParser) -> None:
    """`--history FILE` / `--no-history` for commands that analyse."""
    g = p.add_argument_group("sender history")
    g.add_argument(
        "--history",
        metavar="FILE",
        help="compare the sender with this history store (default: the one in your data folder, when it exists)",
    )
    g.add_argument("--no-history", action="store_true", help="do not compare the sender with any history")


def history_path_for_analysis(args: argparse.Namespace) -> str | None:
    """The store an analysis reads: --history FILE, else the default store when it exists; --no-history: none."""
    if getattr(args, "no_history", False):
        return None
    from inspector.paths import history_for_analysis

    return history_for_analysis(getattr(args, "history", None))


def add_history_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """The `history` sub-command and its actions."""
    h = sub.add_parser("history", help="the sender history: learn known-good mail, show, forget, wipe, stats")
    actions = h.add_subparsers(dest="action", metavar="ACTION")

    def store_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--history", metavar="FILE", help="the history store (default: the one in your data folder)")

    learn = actions.add_parser("learn", help="learn the senders of known-good mail (files, folders, mbox, Maildir)")
    learn.add_argument("paths", metavar="PATH", nargs="+")
    store_option(learn)
    show = actions.add_parser("show", help="what the history knows about an address or a domain")
    show.add_argument("key", metavar="ADDRESS|DOMAIN")
    store_option(show)
    forget = actions.add_parser("forget", help="forget an address, a domain (and its addresses), or --all")
    forget.add_argument("key", metavar="ADDRESS|DOMAIN", nargs="?")
    forget.add_argument("--all", action="store_true", help="forget everything (the same as `history wipe`)")
    store_option(forget)
    wipe = actions.add_parser("wipe", help="forget everything the history holds")
    store_option(wipe)
    stats = actions.add_parser("stats", help="how much the history holds")
    store_option(stats)


def _store_path(args: argparse.Namespace) -> str:
    if getattr(args, "history", None):
        return str(args.history)
    from inspector.paths import default_history_path

    return str(default_history_path())


def _open(args: argparse.Namespace, *, create: bool) -> SqliteHistory:
    from inspector.history.store import HistoryError, open_history

    path = _store_path(args)
    if not create and not os.path.isfile(path):
        raise UsageError(f"no history store at {path} (learn some mail first: inspector history learn PATH…)")
    if os.path.isdir(path):
        raise UsageError(f"--history: {path} is a folder")
    try:
        return open_history(path)
    except HistoryError as exc:
        raise UsageError(str(exc)) from None


def cmd_history(args: argparse.Namespace) -> int:
    """Run one `history` action."""
    handlers = {"learn": _learn, "show": _show, "forget": _forget, "wipe": _wipe, "stats": _stats}
    if args.action not in handlers:
        raise UsageError("history: say what to do: " + ", ".join(HISTORY_ACTIONS))
    if args.action == "forget" and not args.all and not args.key:
        raise UsageError("history forget: name an address or a domain, or give --all")
    path = _store_path(args)
    if args.action in ("show", "forget", "stats") and not args.__dict__.get("all") and not os.path.exists(path):
        _out(f"No history store at {path}: nothing learnt yet (inspector history learn PATH…).")
        return 0
    import sqlite3

    from inspector.history.store import HistoryError

    try:
        return handlers[args.action](args)
    except HistoryError as exc:  # read back from a damaged or crafted file: one line, never a traceback
        raise UsageError(str(exc)) from None
    except sqlite3.Error as exc:  # a write the damaged file refused (learn, forget, wipe)
        raise UsageError(f"{path} is damaged ({exc})") from None


def _out(line: str) -> None:
    sys.stdout.write(visible_line(line) + "\n")


def _learn(args: argparse.Namespace) -> int:
    from inspector.batch.readers import iter_inputs
    from inspector.history.learn import learn_messages

    for path in args.paths:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
    store = _open(args, create=True)
    errors: list[str] = []

    def messages() -> Iterator[bytes | None]:
        for item in iter_inputs(args.paths):
            if item.error:
                errors.append(item.error)
            yield item.data

    start = time.perf_counter()
    with store:
        tally = learn_messages(store, messages())
    seconds = time.perf_counter() - start
    for e in errors[:20]:
        sys.stderr.write(f"inspector: {visible_line(e)}\n")
    total = tally.learnt + tally.already_known + tally.no_sender + tally.unreadable
    # A rate over a handful of messages would mostly measure start-up (the suffix list, the parsers).
    rate = f" ({total / seconds:,.0f} messages/s)" if seconds > 0 and total >= 100 else ""
    _out(
        f"Learnt {tally.learnt} messages into {store.path}{rate}; {tally.already_known} already known, "
        f"{tally.no_sender} without a sender address, {tally.unreadable} unreadable."
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    from inspector.history.checks import known_sender
    from inspector.orgdomain import dmarc_org_domain

    store = _open(args, create=False)
    key = args.key.strip().lower()
    with store:
        if "@" in key:
            found = store.lookup(key, dmarc_org_domain(key))
            if found.address is None:
                _out(f"{key}: never seen.")
                return 0
            found = type(found)(found.address, None, found.total_messages, found.generation)
        else:
            org = dmarc_org_domain(key) or key
            found = store.lookup(None, org)
            if found.org is None:
                _out(f"{org}: never seen.")
                return 0
        known = known_sender(found)
        assert known is not None
        for line in sender_lines(known):
            _out(line)
        if "@" not in key:
            for address, n in store.senders_of(dmarc_org_domain(key) or key)[:50]:
                _out(f"  {address}: {n} message{'s' if n != 1 else ''}")
    return 0


def sender_lines(known: KnownSender) -> list[str]:
    """What the history knows about a sender, as lines (the command line and the GUI's panel)."""
    lines = [
        f"{known.key} ({known.scope}): {known.messages} message{'s' if known.messages != 1 else ''}, "
        f"first {known.first_seen or '?'}, last {known.last_seen or '?'}"
    ]
    rows = (
        ("networks", known.networks),
        ("providers", known.providers),
        ("sending hosts", known.hosts),
        ("signing domains", known.signing_domains),
        ("Return-Path domains", known.return_path_domains),
        ("Reply-To domains", known.reply_to_domains),
        ("display names", known.display_names),
        ("mail programs", known.agents),
    )
    lines.append(f"  signed messages: {known.signed_messages} of {known.messages}")
    lines.extend(f"  {label}: {', '.join(values)}" for label, values in rows if values)
    if known.link_messages:
        where = ", ".join(known.link_domains) or "only its own domain or click tracking"
        lines.append(f"  links lead to: {where} ({known.link_messages} messages with links)")
    return lines


def _forget(args: argparse.Namespace) -> int:
    if args.all:
        return _wipe(args)
    store = _open(args, create=False)
    with store:
        removed = store.forget(args.key)
    _out(f"Forgot {args.key.strip().lower()} ({removed} records)." if removed else f"{args.key}: nothing to forget.")
    return 0


def _wipe(args: argparse.Namespace) -> int:
    path = _store_path(args)
    if not os.path.isfile(path):
        _out(f"No history store at {path}: nothing to wipe.")
        return 0
    store = _open(args, create=False)
    with store:
        store.wipe()
    _out(f"Wiped the sender history in {path}.")
    return 0


def _stats(args: argparse.Namespace) -> int:
    store = _open(args, create=False)
    with store:
        s = store.stats()
    _out(f"History store: {s.path} (schema {s.schema_version}, {s.size_bytes:,} bytes)")
    _out(f"  messages learnt: {s.messages:,}")
    _out(f"  sender addresses: {s.senders:,}")
    _out(f"  organisations: {s.organisations:,}")
    _out(f"  facts: {s.facts:,}")
    _out(f"  dates: {s.first_seen or '?'} to {s.last_seen or '?'}")
    return 0
