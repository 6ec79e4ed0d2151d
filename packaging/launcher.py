"""Entry script of the frozen app (PyInstaller needs a file, not a ``module:function``).

It calls ``inspector.__main__:entry``: no arguments → the GUI; a file as first argument (a double-click
on an .eml/.msg in Explorer or Finder, with PyInstaller's argv emulation, starts ``app FILE``) → the GUI
on it; otherwise the CLI. One adjustment only matters to the installed app:

- a Windows build without a console has ``sys.stdout``/``sys.stderr`` set to None; writing to them would
  raise, so they point at the null device instead.
"""

from __future__ import annotations

import os
import sys


def _fix_streams() -> None:
    """Give a windowed (console-less) build harmless stdout/stderr."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


def main() -> int:
    """Run the app with the adjusted arguments."""
    _fix_streams()
    from inspector.__main__ import entry

    return entry()


if __name__ == "__main__":
    sys.exit(main())
