"""Observing file access from inside the test process, at the OS level and in Python.

* :class:`Inotify` asks the Linux kernel (inotify, through ctypes) to report every open and read of a file
  in a watched folder — Qt's C++ code opens files without Python ever seeing it, the kernel sees it all.
* :func:`python_opens` records every Python-level ``open`` (an audit hook, PEP 578) whose path contains one of
  the given needles.

Inotify reports only files that exist, so the canary folder holds a real file for every name the hostile
message points at. Existence probes (``stat``) are not reported; the strace test covers those.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

IN_ACCESS = 0x001
IN_OPEN = 0x020
_HEADER = struct.Struct("iIII")


def inotify_available() -> bool:
    """True on Linux with a C library that has inotify."""
    return sys.platform.startswith("linux") and bool(ctypes.util.find_library("c"))


class Inotify:
    """Opens and reads of files inside `folders`, as the kernel reports them."""

    def __init__(self, folders: list[Path]) -> None:
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.folders: dict[int, Path] = {}
        for folder in folders:
            wd = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), IN_OPEN | IN_ACCESS)
            if wd < 0:
                raise OSError(ctypes.get_errno(), f"inotify_add_watch {folder}")
            self.folders[wd] = folder

    def events(self) -> list[str]:
        """The files opened or read since the last call (paths)."""
        out: list[str] = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return out
            pos = 0
            while pos + _HEADER.size <= len(data):
                wd, _mask, _cookie, length = _HEADER.unpack_from(data, pos)
                name = data[pos + _HEADER.size : pos + _HEADER.size + length].rstrip(b"\0").decode(errors="replace")
                pos += _HEADER.size + length
                if name:  # events on the folder itself (listing it) carry no name
                    out.append(str(self.folders.get(wd, Path("?")) / name))

    def close(self) -> None:
        os.close(self.fd)


_RECORDING: list[tuple[tuple[str, ...], list[str]]] = []
_HOOKED = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _RECORDING or event != "open" or not args:
        return
    path = args[0]
    text = os.fsdecode(path) if isinstance(path, (str, bytes)) else str(path)
    for needles, hits in _RECORDING:
        if any(n in text for n in needles):
            hits.append(text)


@contextlib.contextmanager
def python_opens(*needles: str) -> Iterator[list[str]]:
    """Within the block, every Python `open` of a path containing a needle is appended to the list."""
    global _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)  # audit hooks cannot be removed: one for the session, active on demand
        _HOOKED = True
    hits: list[str] = []
    entry = (needles, hits)
    _RECORDING.append(entry)
    try:
        yield hits
    finally:
        _RECORDING.remove(entry)
