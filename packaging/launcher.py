"""Entry script of the frozen app (PyInstaller needs a file, not a ``module:function``).

It calls ``inspector.__main__:entry`` (no arguments → the GUI, otherwise the CLI), with two adjustments
that only matter to the installed app:

- a file given as the first argument opens the GUI on it. A double-click on an .eml/.msg in Explorer or
  Finder (with PyInstaller's argv emulation) starts ``app FILE`` without the ``gui`` sub-command, and the
  CLI would reject it as an unknown command;
- a Windows build without a console has ``sys.stdout``/``sys.stderr`` set to None; writing to them would
  raise, so they point at the null device instead.
"""

from __future__ import annotations

import os
import sys

SUBCOMMANDS = frozenset({"analyze", "lookalike", "dns-capture", "gui"})


def _fix_streams() -> None:
    """Give a windowed (console-less) build harmless stdout/stderr."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


def _route_file_to_gui(argv: list[str]) -> list[str]:
    """``app FILE`` → ``app gui FILE``; anything else unchanged."""
    if argv and argv[0] not in SUBCOMMANDS and not argv[0].startswith("-") and os.path.isfile(argv[0]):
        return ["gui", *argv]
    return argv


def main() -> int:
    """Run the app with the adjusted arguments."""
    _fix_streams()
    sys.argv[1:] = _route_file_to_gui(sys.argv[1:])
    from inspector.__main__ import entry

    return entry()


if __name__ == "__main__":
    sys.exit(main())
