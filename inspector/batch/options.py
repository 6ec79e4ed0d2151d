"""The batch options of ``inspector analyze`` (kept apart from the batch machinery so that building the
command-line parser imports nothing heavy: ``inspector --version`` stays fast)."""

from __future__ import annotations

import argparse
import os


def add_batch_options(p: argparse.ArgumentParser) -> None:
    """The batch options of `inspector analyze` (and the extra PATH arguments)."""
    p.add_argument("more", metavar="PATH", nargs="*", help="more messages, folders, mbox files or Maildir folders")
    g = p.add_argument_group("several messages (folders, mbox files, Maildir folders)")
    fmt = g.add_mutually_exclusive_group()
    fmt.add_argument("--jsonl", action="store_true", help="one JSON report per message, one per line")
    fmt.add_argument("--csv", action="store_true", help="one CSV summary row per message")
    g.add_argument("--jobs", metavar="N", help="worker processes (default: the number of cores)")
    g.add_argument(
        "--campaigns", action="store_true", help="group messages that share strong indicators and list the groups"
    )
    g.add_argument(
        "--no-unwrap",
        action="store_true",
        help="analyse a 'report phishing' forward itself, not the message attached to it",
    )


def wants_batch(args: argparse.Namespace) -> bool:
    """True when the command line asks for a batch run: several paths, a batch option, or one folder without
    ``--json`` (one FILE without batch options, and ``--json`` on anything, keep the single-message contract)."""
    folder = not getattr(args, "json", False) and os.path.isdir(getattr(args, "file", None) or "-")
    return folder or bool(
        getattr(args, "more", None)
        or getattr(args, "jsonl", False)
        or getattr(args, "csv", False)
        or getattr(args, "jobs", None) is not None
        or getattr(args, "campaigns", False)
        or getattr(args, "no_unwrap", False)
    )
