"""Files the tool reads and writes beside the evidence: regular files only, written the way the user expects.

Why a module of its own: the CLI, the DNS recorder and the GUI's exports all write files next to evidence an
attacker named, and all read files the user pointed at. Three rules hold for every one of them:

* never overwrite the evidence (an output path that is the evidence file, a hard link to it or a symlink to
  it is refused: :func:`same_file`);
* never block on something that is not a file: a FIFO opened for reading waits for a writer forever, a
  device such as ``/dev/zero`` never ends (:func:`open_regular` opens without blocking and refuses both);
* a written file gets the permissions the user's umask gives any new file (``tempfile.mkstemp`` alone
  would make every export ``0600``, unreadable by the colleague the report is meant for).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from typing import BinaryIO


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder instead of a regular file."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.kind = kind


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str) -> BinaryIO:
    """Open `path` for reading, refusing anything but a regular file without ever blocking.

    ``O_NONBLOCK`` makes opening a FIFO return at once (a plain open waits for a writer); the kind is then
    read from the open descriptor, so a file swapped between a check and the open is still caught.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, _kind(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def same_file(a: str | None, b: str | None) -> bool:
    """True when `a` and `b` both exist and are the same file (same device and inode: hard and soft links)."""
    if not a or not b:
        return False
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


class EvidenceOverwriteError(OSError):
    """An output path that is one of the evidence files being analysed (or a link to one)."""


def refuse_evidence(path: str, evidence: Iterable[str | None]) -> None:
    """Raise `EvidenceOverwriteError` when `path` is the same file as one of `evidence` (a new file never is)."""
    if not evidence or not os.path.lexists(path):
        return
    for e in dict.fromkeys(evidence):
        if same_file(path, e):
            raise EvidenceOverwriteError(f"{path} is an evidence file being analysed; choose another file name")


def current_umask() -> int:
    """The process umask (read without changing it where the system says it, else set and restored)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic_lines(path: str, lines: Iterable[str], evidence: Iterable[str | None] = ()) -> int:
    """Like `write_atomic`, for text produced piece by piece (a JSONL export of 10,000 reports is never whole
    in memory); returns how many pieces were written."""
    refuse_evidence(path, evidence)
    folder = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".inspector-", suffix=".tmp", dir=folder)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o666 & ~current_umask())
            for line in lines:
                fh.write(line)
                count += 1
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return count


def write_atomic(path: str, text: str, evidence: Iterable[str | None] = ()) -> None:
    """Write `text` (UTF-8) via a temporary file in the same folder, then rename it into place.

    A failed write never leaves half a file; the new file gets ``0666 & ~umask`` like any file the user
    creates (``mkstemp`` makes ``0600``). A `path` that is one of the `evidence` files is refused
    (`EvidenceOverwriteError`): the save dialog's "replace it?" would otherwise let an export replace the
    message or the mailbox being analysed.
    """
    refuse_evidence(path, evidence)
    folder = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".inspector-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o666 & ~current_umask())
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
