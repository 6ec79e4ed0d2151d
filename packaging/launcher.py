"""Entry script of the frozen app (PyInstaller needs a file, not a ``module:function``).

Started as ``email-header-inspector`` it routes as ``inspector.__main__:entry`` does: no arguments → the GUI; a file as
first argument (a double-click on an .eml/.msg in Explorer or Finder, with PyInstaller's argv emulation, starts
``app FILE``) → the GUI on it; otherwise the CLI. Started as ``inspector`` (the .deb installs that name as a
second link to the same executable) it is the command line exactly as ``pip install`` makes it:
``inspector.cli:main``, so usage, help and behaviour match what the CLI prints. Three adjustments only matter to
the installed app:

- a Windows build without a console has ``sys.stdout``/``sys.stderr`` set to None; writing to them would
  raise, so they point at the null device instead;
- the GUI runs each analysis in a spawned child process, which is this executable again: such a child
  goes to ``multiprocessing.freeze_support()`` before any routing (``inspector.__main__.entry`` does the same
  when not frozen);
- Qt is prepared only when the GUI runs: PyInstaller's own PySide6 run-time hook imports ``PySide6.QtCore``
  in every process (≈80 ms of every CLI start); packaging/pyi_rth_pyside6_lazy.py replaces it with the
  environment half, and the Qt half (a relocating qt.conf, when PySide6 has not registered its own) runs here;
- on Windows the app holds a named mutex while it runs (``inspector.instance_mutex``): the installer and the
  uninstaller refuse to replace or delete the files of a running copy.
"""

from __future__ import annotations

import os
import sys


def _fix_streams() -> None:
    """Give a windowed (console-less) build harmless stdout/stderr."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


def _command_name(argv0: str) -> str:
    """The name the executable was started under, without folder or .exe (a symlink keeps its own name)."""
    base = os.path.basename(argv0)
    return base[:-4] if base.lower().endswith(".exe") else base


def _prepare_qt() -> None:
    """What PyInstaller's PySide6 hook does after setting the environment: make the bundled Qt relocatable."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass is None:
        return
    try:
        from _pyi_rth_utils import qt as rth_qt  # PyInstaller's run-time helper, bundled with the hook
    except ImportError:
        return
    sub = ("PySide6",) if sys.platform.startswith("win") else ("PySide6", "Qt")
    rth_qt.create_embedded_qt_conf("PySide6", os.path.join(meipass, *sub))


def _is_multiprocessing_child(argv: list[str]) -> bool:
    """Whether this process is a multiprocessing helper the GUI started (its analysis child, spawned as this
    same executable with --multiprocessing-fork, or the resource tracker's ``-c`` command): the CLI has
    neither option, so only such a child pays for importing multiprocessing."""
    return "--multiprocessing-fork" in argv or "-c" in argv


def main() -> int:
    """Run the app with the adjusted arguments."""
    _fix_streams()
    # The GUI runs each analysis in a spawned child process: in the frozen app that child (and
    # multiprocessing's resource tracker) is this executable started with --multiprocessing-fork / -c; it
    # must be recognised before any argument routing (PyInstaller's hook makes this work on every OS).
    if _is_multiprocessing_child(sys.argv[1:]):
        import multiprocessing

        multiprocessing.freeze_support()  # runs the child's work and exits (PyInstaller's frozen variant)
    if sys.platform == "win32":
        from inspector.instance_mutex import hold

        hold()  # kept until the process ends: installer.nsi checks it (CheckNotRunning)
    if _command_name(sys.argv[0]) == "inspector":
        from inspector.cli import main as cli_main

        args = sys.argv[1:]
    else:
        from inspector.__main__ import route
        from inspector.cli import main as cli_main

        args = route(sys.argv[1:])
    if args and args[0] == "gui":
        _prepare_qt()
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
