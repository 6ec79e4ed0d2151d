"""``python -m inspector``: with no arguments the desktop app, otherwise the CLI."""

from __future__ import annotations

import sys

from inspector.cli import main


def entry() -> int:
    """No arguments → the GUI; anything else → the command line."""
    argv = sys.argv[1:]
    return main(argv if argv else ["gui"])


if __name__ == "__main__":
    sys.exit(entry())
