"""``python -m inspector`` and the `email-header-inspector` launcher.

No arguments open the desktop app; a file as the only kind of argument (what a double-click or "Open
with" passes) opens the app on it; anything else is the command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from inspector.cli import COMMANDS, main


def route(argv: Sequence[str]) -> list[str]:
    """The CLI arguments for what the launcher was given."""
    args = list(argv)
    if not args:
        return ["gui"]
    if args[0] not in COMMANDS and not args[0].startswith("-") and os.path.isfile(args[0]):
        return ["gui", *args]
    return args


def entry() -> int:
    """Entry point of the GUI launcher (and of ``python -m inspector``)."""
    # The GUI runs each analysis in a spawned child process; in the frozen app that child is this same
    # executable started with --multiprocessing-fork, which must be handled before any argument parsing.
    # Not frozen it is a no-op, so multiprocessing (~9 ms of imports) is not even imported then.
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    return main(route(sys.argv[1:]))


if __name__ == "__main__":
    sys.exit(entry())
