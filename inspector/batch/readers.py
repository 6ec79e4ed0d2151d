"""Many messages from many inputs: files, folders (recursive), mbox files and Maildir folders.

Each message comes out as an :class:`Item`: its bytes (or why they could not be read) and its
:class:`Origin` (the file, and the mbox or Maildir it sits in with its index or key). Items come out lazily
and in a fixed order (the paths as given; inside a folder its files by name, then its sub-folders by name;
inside an mbox by position; inside a
Maildir by key), so a 1 GB mbox is never in memory and the output order does not depend on timing.

What is a message is decided from the content (``inspector.ingest.detect``), never from the file name.
Every file is opened the one safe way (``inspector.fileio.open_regular``: read-only, regular files only,
never blocking on a FIFO) and read with a bound (``inspector.ingest.MAX_INPUT_BYTES`` per message).
Inside a folder, files that are not messages (pictures, archives, PDFs, empty or binary files, notes)
are skipped and told to `on_skip`; a path named on the command line that is not a message is an error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from inspector.batch.mbox import STRICT_FROM_LINE, iter_mbox
from inspector.fileio import NotRegularFile, open_regular
from inspector.ingest import MAX_INPUT_BYTES, read_bounded
from inspector.ingest.detect import REFUSAL, Detected, detect

#: Not messages: inside a folder these are skipped, not errors.
JUNK = frozenset({Detected.EMPTY, Detected.ZIP, Detected.PDF, Detected.BINARY, Detected.UNKNOWN})

#: Maildir's separator between a message's unique name and its flags (``mailbox.Maildir.colon``).
MAILDIR_COLON = ":" if os.name != "nt" else "!"

SkipHook = Callable[[str, str], None]
#: Told, before any file is opened, how many files the inputs name and hold (folders walked, not read).
CountHook = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one message came from.

    `path` is the file its bytes were read from (None for standard input); `container` the mbox file or
    Maildir folder holding it (None for a message file of its own), `container_format` ``mbox`` or
    ``maildir``, and `index` its position in the mbox (0 = first) or its Maildir key.
    """

    path: str | None
    container: str | None = None
    container_format: str | None = None
    index: int | str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One message to analyse: its bytes, or the reason it could not be read (never both)."""

    origin: Origin
    data: bytes | None = None
    error: str | None = None
    #: Found while walking a folder (not named by the user): a file that turns out not to be a message is
    #: skipped rather than reported as an error.
    in_folder: bool = False


def _mb(n: int) -> int:
    return n // (1024 * 1024)


def _open_error(path: str, exc: OSError) -> str:
    if isinstance(exc, NotRegularFile):
        return f"{path} is {exc.kind}, not a message file"
    if isinstance(exc, FileNotFoundError):
        return f"{path}: no such file"
    if isinstance(exc, PermissionError):
        return f"{path}: permission denied"
    return f"{path}: cannot be read ({exc.strerror or exc})"


def is_maildir(path: str) -> bool:
    """A Maildir folder has the sub-folders ``cur`` and ``new`` (``tmp`` holds deliveries in progress)."""
    return os.path.isdir(os.path.join(path, "cur")) and os.path.isdir(os.path.join(path, "new"))


def iter_file(path: str, *, in_folder: bool = False, on_skip: SkipHook | None = None) -> Iterator[Item]:
    """The message(s) of one file: one message, or every message of an mbox (first line a From_ line)."""
    try:
        fh = open_regular(path)
    except NotRegularFile as exc:
        if in_folder:  # a FIFO, a socket or a device inside a folder is not a message: never opened further
            if on_skip:
                on_skip(path, f"{exc.kind}, not a message file")
            return
        yield Item(Origin(path), error=_open_error(path, exc))
        return
    except OSError as exc:
        yield Item(Origin(path), error=_open_error(path, exc), in_folder=in_folder)
        return
    with fh:
        try:
            first = fh.readline(1024)
            fh.seek(0)
            if STRICT_FROM_LINE.match(first) or (
                first.startswith(b"From ") and first.endswith(b"\n") and not in_folder
            ):
                yield from _mbox_items(path, fh, in_folder)
                return
            data = read_bounded(fh)
        except OSError as exc:
            yield Item(Origin(path), error=_open_error(path, exc), in_folder=in_folder)
            return
    if len(data) > MAX_INPUT_BYTES:
        yield Item(Origin(path), error=f"{path} is larger than {_mb(MAX_INPUT_BYTES)} MB; not a single message")
        return
    if in_folder:
        kind = detect(data)
        if kind in JUNK:
            if on_skip:
                on_skip(path, REFUSAL[kind])
            return
    yield Item(Origin(path), data=data, in_folder=in_folder)


def _mbox_items(path: str, fh: BinaryIO, in_folder: bool) -> Iterator[Item]:
    for entry in iter_mbox(fh, max_message=MAX_INPUT_BYTES):
        origin = Origin(path, container=path, container_format="mbox", index=entry.index)
        if entry.data is None:
            error = f"message {entry.index} of {path} is larger than {_mb(MAX_INPUT_BYTES)} MB"
            yield Item(origin, error=error, in_folder=in_folder)
        else:
            yield Item(origin, data=entry.data, in_folder=in_folder)


def maildir_keys(folder: str) -> list[tuple[str, str]]:
    """(key, file path) of every message in a Maildir's ``new`` and ``cur``, by key.

    The key is the file name up to the flags (``mailbox.Maildir``'s keys); names are time-based, so key
    order is roughly delivery order. ``tmp`` holds deliveries still being written and is not read.
    """
    found: list[tuple[str, str]] = []
    for sub in ("new", "cur"):
        where = os.path.join(folder, sub)
        try:
            names = os.listdir(where)
        except OSError:
            continue
        for name in names:
            if name.startswith("."):
                continue
            found.append((name.split(MAILDIR_COLON, 1)[0], os.path.join(where, name)))
    return sorted(found)


def iter_maildir(folder: str, *, on_skip: SkipHook | None = None) -> Iterator[Item]:
    """Every message of a Maildir, each with its key (a file in it that is not a message is skipped)."""
    for key, path in maildir_keys(folder):
        yield from _maildir_file(path, folder, key, on_skip)


def _maildir_file(path: str, folder: str, key: str, on_skip: SkipHook | None) -> Iterator[Item]:
    for item in iter_file(path, in_folder=True, on_skip=on_skip):
        origin = Origin(path, container=folder, container_format="maildir", index=key)
        yield Item(origin, data=item.data, error=item.error, in_folder=True)


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """One file a folder holds, in reading order; `maildir` and `key` when it is a Maildir's message."""

    path: str
    maildir: str | None = None
    key: str | None = None


def folder_plan(folder: str) -> list[PlannedFile]:
    """Every file under `folder` in the order it is read: by path, Maildirs met on the way by key.

    Only names are listed (no file is opened), so the number of files is known before reading starts.
    Symbolic links to folders are not followed (a link loop must not make the walk endless).
    """
    plan: list[PlannedFile] = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        if is_maildir(here):
            plan.extend(PlannedFile(path, here, key) for key, path in maildir_keys(here))
            dirs[:] = [d for d in dirs if d not in ("cur", "new", "tmp")]  # Maildir++ sub-folders stay
        plan.extend(PlannedFile(os.path.join(here, name)) for name in sorted(files))
    return plan


def iter_folder(folder: str, *, on_skip: SkipHook | None = None) -> Iterator[Item]:
    """Every message under `folder`, recursively, by path; Maildirs met on the way are read as Maildirs."""
    yield from _iter_plan(folder_plan(folder), on_skip)


def _iter_plan(plan: list[PlannedFile], on_skip: SkipHook | None) -> Iterator[Item]:
    for planned in plan:
        if planned.maildir is not None and planned.key is not None:
            yield from _maildir_file(planned.path, planned.maildir, planned.key, on_skip)
        else:
            yield from iter_file(planned.path, in_folder=True, on_skip=on_skip)


def iter_inputs(
    paths: Sequence[str], *, on_skip: SkipHook | None = None, on_count: CountHook | None = None
) -> Iterator[Item]:
    """Every message of every input path, in the order given (``-`` is standard input, one message).

    Folders are listed first (names only), and `on_count` is told how many files the inputs come to: each
    becomes one item or one skip, except an mbox, whose messages are counted only as they are read. So a
    progress bar has a total without a second pass over the inputs.
    """
    plans = {i: folder_plan(p) for i, p in enumerate(paths) if p != "-" and os.path.isdir(p)}
    if on_count is not None:
        on_count(sum(len(plans[i]) if i in plans else 1 for i in range(len(paths))))
    for i, path in enumerate(paths):
        if i in plans:
            yield from _iter_plan(plans[i], on_skip)  # a Maildir too, with its Maildir++ sub-folders
        elif path == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
            if len(data) > MAX_INPUT_BYTES:
                yield Item(Origin(None), error=f"standard input is larger than {_mb(MAX_INPUT_BYTES)} MB")
            else:
                yield Item(Origin(None), data=data)
        else:
            yield from iter_file(path, on_skip=on_skip)
