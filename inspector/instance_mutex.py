"""The named mutex that tells the Windows installer and uninstaller that the app is running.

Replacing or deleting the program files of a running copy leaves a mix of old and new files (Windows keeps the
running executable and its DLLs locked, and the rest is replaced underneath it). So the frozen app holds a
named mutex for as long as it runs, and packaging/windows/installer.nsi refuses to install or uninstall while
one exists (``OpenMutexW`` on both names below, in a retry/cancel loop).

Two names: ``Local\\`` is this logon session's namespace, ``Global\\`` is seen from every session, so an
installer started by another user (fast user switching, or an administrator installing for all users) also
sees a copy running elsewhere. Creating a mutex in ``Global\\`` needs no privilege; if it fails anyway the
``Local\\`` one still covers the common case. The mutex dies with the process, so a crash leaves nothing stale.

The base name is defined once, here: the NSIS script reads the assignment of MUTEX_BASE below at compile time
(``!searchparse /file``, first matching line), and tests/unit/test_instance_mutex.py checks both sides agree.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol, cast

#: Read by installer.nsi (``!searchparse``): keep it a plain one-line string literal.
MUTEX_BASE = "EmailHeaderInspector.Running.3f9c2a"

#: Windows limits kernel object names to MAX_PATH characters.
MAX_NAME = 260

_held: list[int] = []


class Kernel32(Protocol):
    """The two functions of kernel32 this module calls (ctypes' ``WinDLL("kernel32")`` has them)."""

    def CreateMutexW(self, attributes: Any, initial_owner: bool, name: str) -> int:
        """Create (or open) a named mutex; a handle, or 0 on failure."""
        ...


def mutex_names() -> tuple[str, str]:
    """The session-local and the global name of the mutex, in the order the installer checks them."""
    return (f"Local\\{MUTEX_BASE}", f"Global\\{MUTEX_BASE}")


def _on_windows() -> bool:
    """Whether this is Windows (a function, so the type checker of another platform still checks the code)."""
    return sys.platform == "win32"


def _windows_kernel32() -> Kernel32 | None:
    """kernel32 through ctypes on Windows; None elsewhere (nothing to hold: no installer checks it)."""
    if not _on_windows():
        return None
    import ctypes  # only on Windows, only in the frozen app's start-up
    from ctypes import wintypes

    k32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    k32.CreateMutexW.argtypes = (ctypes.c_void_p, wintypes.BOOL, wintypes.LPCWSTR)
    k32.CreateMutexW.restype = wintypes.HANDLE
    return cast(Kernel32, k32)


def hold(kernel32: Kernel32 | None = None) -> list[int]:
    """Create both mutexes and keep their handles open for the life of the process; the handles held.

    Idempotent: a second call holds nothing more. Not owned (``bInitialOwner`` false): only the name's
    existence matters, and an already existing name (another copy running) is fine, opening it keeps it alive
    too. A name that cannot be created is skipped: the app must start even where the installer check cannot
    work. `kernel32` is for tests; by default the real one on Windows, nothing elsewhere.
    """
    if _held:
        return list(_held)
    k32 = kernel32 if kernel32 is not None else _windows_kernel32()
    if k32 is None:
        return []
    for name in mutex_names():
        try:
            handle = k32.CreateMutexW(None, False, name)
        except OSError:
            continue
        if handle:
            _held.append(int(handle))
    return list(_held)


def release_for_tests() -> None:
    """Forget the held handles (tests only: the real ones close when the process exits)."""
    _held.clear()
