"""A small versioned cache of derived data in the user's cache folder, so a new process does not rebuild it.

Every ``inspector analyze`` is a new process, and so is every worker of a batch and the GUI's analysis
child. Each used to rebuild the same derived tables from the same shipped files: the Public Suffix List
(two parses with IDNA encoding, ~75 ms) and the look-alike reference (brand table and popular domains turned
into skeletons and indices, ~60–95 ms), more than the analysis of a message itself. Those tables are pure
functions of their input files and of the code that derives them, so they are stored here once and read
back (a few ms).

Safety: an entry is JSON (data, never code: nothing in the cache folder can make the app run anything),
written atomically (a crash or a second process never leaves half a file). It is used only when

- its key matches: the caller's fingerprint of everything the data is derived from (the input files' bytes,
  the versions of the libraries and of the deriving code, `FORMAT`), so an updated PSL, brand table,
  library or app makes it stale; and
- the digest of its payload, stored in its first line, matches the payload: a truncated, corrupted or
  hand-edited file is detected.

Digests are BLAKE2b (256 bits), which CPython always implements itself: the frozen app ships no OpenSSL
(``_hashlib`` is left out of the bundle), and there SHA-256 falls back to CPython's own implementation, 5x
slower than BLAKE2b; every start hashes ~2 MB here (the input files for the keys, the payloads), which cost
the frozen app ~7 ms of every start against ~1.2 ms from source. BLAKE2b takes ~2 ms in both.

Anything else (missing, stale, corrupt, unreadable, a payload the caller's decoder rejects) is rebuilt and
rewritten; a cache folder that cannot be written is no error (the data is just built every time).
``INSPECTOR_CACHE_DIR`` names another folder; ``INSPECTOR_NO_DISK_CACHE=1`` turns the cache off (the
benchmarks use it to time the cold build).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from inspector.paths import user_cache_dir

T = TypeVar("T")

#: Bumped when the layout of an entry (not its content) changes (2: BLAKE2b digests instead of SHA-256).
FORMAT = 2
_MAGIC = "inspector-cache"


def enabled() -> bool:
    """Whether the disk cache is in use (``INSPECTOR_NO_DISK_CACHE=1`` turns it off)."""
    return os.environ.get("INSPECTOR_NO_DISK_CACHE", "") in ("", "0")


def _digest(data: bytes) -> hashlib.blake2b:
    """BLAKE2b-256 of `data` (see the module's docstring for why not SHA-256)."""
    return hashlib.blake2b(data, digest_size=32)


def fingerprint(parts: Iterable[bytes | str]) -> str:
    """The key of an entry: a digest over `parts` (each length-prefixed, so no two lists give one key)."""
    h = _digest(f"{_MAGIC}/{FORMAT}/{sys.version_info[:2]}".encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_bytes(path: Path | str | None) -> bytes:
    """The bytes of an input file for `fingerprint` (a marker when it is missing or unreadable)."""
    if path is None:
        return b"\x00no file"
    try:
        return Path(path).read_bytes()
    except OSError:
        return b"\x00unreadable " + str(path).encode("utf-8", "surrogateescape")


def entry_path(name: str) -> Path:
    """Where entry `name` lives."""
    return user_cache_dir() / f"{name}.json"


def load(name: str, key: str) -> object | None:
    """The payload of entry `name` when it exists, has `key` and is intact; None otherwise."""
    try:
        raw = entry_path(name).read_bytes()
    except OSError:
        return None
    head, sep, body = raw.partition(b"\n")
    if not sep:
        return None
    try:
        header = json.loads(head)
        if (
            not isinstance(header, dict)
            or header.get("magic") != _MAGIC
            or header.get("format") != FORMAT
            or header.get("key") != key
            or header.get("blake2b") != _digest(body).hexdigest()
        ):
            return None
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def store(name: str, key: str, payload: object) -> bool:
    """Write entry `name` atomically; False (and nothing written) when the folder cannot be written."""
    from inspector.fileio import write_atomic

    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    digest = _digest(body.encode("utf-8")).hexdigest()
    header = json.dumps({"magic": _MAGIC, "format": FORMAT, "key": key, "blake2b": digest})
    path = entry_path(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(str(path), header + "\n" + body)
    except (OSError, ValueError):
        return False
    return True


def cached(
    name: str,
    key: str,
    build: Callable[[], T],
    encode: Callable[[T], object],
    decode: Callable[[object], T],
) -> T:
    """`decode` of entry `name` when it is current and intact, else `build()` (stored with `encode`).

    `decode` must raise ValueError, TypeError, KeyError or IndexError for a payload it cannot use: the entry
    is then rebuilt as if it were missing.
    """
    if not enabled():
        return build()
    payload = load(name, key)
    if payload is not None:
        try:
            return decode(payload)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            pass
    value = build()
    with contextlib.suppress(ValueError, TypeError, RecursionError):  # unencodable: just not cached
        store(name, key, encode(value))
    return value


def prune(prefix: str, keep: int) -> None:
    """Delete all but the `keep` most recently written entries whose name starts with `prefix`."""
    folder = user_cache_dir()
    try:
        entries = sorted(folder.glob(f"{prefix}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in entries[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def code_bytes(*modules: str) -> bytes:
    """The source of the deriving `modules` for `fingerprint`, so editing that code makes entries stale.

    From a frozen bundle (no source files) the app's version and the executable's size and time stand in.
    """
    out = [f"inspector {_app_version()}".encode()]
    for name in modules:
        mod = sys.modules.get(name)
        path = getattr(mod, "__file__", None) if mod is not None else None
        out.append(file_bytes(path))
    if getattr(sys, "frozen", False):
        with contextlib.suppress(OSError):
            st = os.stat(sys.executable)
            out.append(f"frozen {st.st_size} {st.st_mtime_ns}".encode())
    return b"\x00".join(out)


def _app_version() -> str:
    from inspector import __version__

    return __version__
