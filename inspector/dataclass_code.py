"""Compiled code of the methods `dataclasses` generates, kept beside the package's bytecode between runs.

Why: on Python 3.11 ``@dataclass`` writes the source of each generated method (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, and a frozen class's ``__setattr__``/``__delattr__``) and compiles it with ``exec``,
one compile per method. The engine defines ~120 dataclasses (the report model, the stages' records): ~640
compiles, ~35–45 ms of every ``inspector analyze`` and of the GUI's start, the largest single start-up cost
left after the imports themselves. Python caches the bytecode of modules (``__pycache__``) but not these.

`install` lets `dataclasses` compile through `cached_exec`: the same source text gives the same code object,
so the compiled code is looked up by the exact text and compiled (and remembered) only when the text is new.
What a class gets is unchanged: the code object of an identical text, compiled with the same flags
(``dont_inherit``: exactly what ``exec(text)`` in `dataclasses` compiles), run by the same ``exec`` with the
same namespaces; only the compile is skipped. A class whose fields change simply has a new text.

Where it is kept, and why there: ``inspector/__pycache__/dataclass-code.<python tag>.marshal``, beside the
``.pyc`` files Python itself writes and runs: the cache holds code, so it is trusted exactly as far as the
package's own bytecode, never read from the user's cache folder (`inspector.disk_cache` holds data as JSON
only). It is written at exit when this run compiled something new, atomically, and only where Python would
write bytecode (not with ``PYTHONDONTWRITEBYTECODE``/``-B``, not in a read-only install, never by the
frozen app, whose bundle ships the file built with it in its ``inspector`` folder (`build`, called by
``packaging/inspector.spec``). A file of another Python version, a
corrupt or unreadable one, is ignored (and replaced on the next write). ``INSPECTOR_NO_DISK_CACHE=1`` turns
this off with the other caches.
"""

from __future__ import annotations

import atexit
import dataclasses
import marshal
import os
import sys
import threading
import types
from importlib.util import MAGIC_NUMBER
from pathlib import Path

#: Entries kept at most; past this the file is rewritten with this run's entries only (stale texts go).
MAX_ENTRIES = 6000
#: 2: each code object is stored marshalled on its own, read when a class uses it (1: one table of code objects).
_FORMAT = 2


def default_path() -> Path:
    """The cache file beside the package's bytecode, for this Python (its cache tag: ``cpython-311``).

    Frozen: the one shipped in the bundle's ``inspector`` folder (not a ``__pycache__`` folder, which Debian's
    lintian refuses in a package).
    """
    name = f"dataclass-code.{sys.implementation.cache_tag}.marshal"
    here = Path(__file__).resolve().parent
    return here / name if getattr(sys, "frozen", False) else here / "__pycache__" / name


class CodeCache:
    """Code objects by the exact source text `dataclasses` compiles."""

    def __init__(self, path: Path, *, writable: bool) -> None:
        self.path = path
        self.writable = writable
        # text -> the marshalled code as the file holds it, or the code object once used or compiled; read on the
        # first use. Decoding only what a run uses: ~0.4 ms for the table instead of ~3.5 ms for all its code
        # objects (843 in the frozen app's file, of which `inspector --version` uses a few dozen).
        self._known: dict[str, object] | None = None
        self._used: dict[str, types.CodeType] = {}
        self._new = 0
        self._lock = threading.Lock()

    def _load(self) -> dict[str, object]:
        try:
            with open(self.path, "rb") as f:
                data = marshal.loads(f.read())  # marshal.load(f) reads item by item: 6x slower
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not (isinstance(data, tuple) and len(data) == 3 and data[:2] == (_FORMAT, MAGIC_NUMBER)):
            return {}
        table = data[2]
        return table if isinstance(table, dict) else {}  # each value is checked when it is used

    def code(self, source: str) -> types.CodeType:
        """The compiled `source` (as ``exec(source)`` in a module without future imports compiles it)."""
        known = self._known
        if known is None:
            with self._lock:
                if self._known is None:
                    self._known = self._load()
                known = self._known
        code = known.get(source)
        if type(code) is bytes:
            try:
                code = marshal.loads(code)
            except (EOFError, ValueError, TypeError):
                code = None
            if type(code) is types.CodeType:
                known[source] = code
        if type(code) is not types.CodeType:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            known[source] = code
            self._new += 1
        self._used[source] = code
        return code

    @property
    def new_entries(self) -> int:
        """How many texts this run compiled that the file did not hold."""
        return self._new

    def save(self) -> bool:
        """Write the file (atomically) when this run compiled something new; False when nothing was written."""
        if not self.writable or not self._new or self._known is None:
            return False
        import tempfile  # ~4 ms of imports, only in a run that has something to write

        kept = self._known if len(self._known) <= MAX_ENTRIES else self._used
        table: dict[str, bytes] = {}
        for text, value in kept.items():  # as stored when this run did not use it; anything else is dropped
            if type(value) is bytes:
                table[text] = value
            elif type(value) is types.CodeType:
                table[text] = marshal.dumps(value)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".dataclass-code-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    marshal.dump((_FORMAT, MAGIC_NUMBER, table), f)
                os.chmod(tmp, 0o644)  # as Python's own .pyc files: readable by whoever runs the package
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            return False  # a read-only install: the next run compiles, as it always did
        self._new = 0
        return True


_installed: CodeCache | None = None


def cached_exec(source: object, globals: dict[str, object] | None = None, locals: object = None) -> None:
    """``exec`` for `dataclasses`: a text's code from the cache, anything else as ``exec`` does."""
    cache = _installed
    if cache is not None and isinstance(source, str):
        source = cache.code(source)
    exec(source, globals, locals)  # type: ignore[arg-type]  # what dataclasses ran itself


def enabled() -> bool:
    """Whether the cache is wanted (``INSPECTOR_NO_DISK_CACHE=1`` turns it off)."""
    return os.environ.get("INSPECTOR_NO_DISK_CACHE", "") in ("", "0")


def install(path: Path | None = None, *, writable: bool | None = None) -> CodeCache | None:
    """Make `dataclasses` compile through the cache (idempotent); None when the cache is turned off.

    `writable` defaults to what Python does for bytecode: not frozen and not ``sys.dont_write_bytecode``.
    """
    global _installed
    if not enabled():
        return None
    if _installed is None:
        if writable is None:
            writable = not getattr(sys, "frozen", False) and not sys.dont_write_bytecode
        _installed = CodeCache(path or default_path(), writable=writable)
        vars(dataclasses)["exec"] = cached_exec  # module global: found before the builtin
        atexit.register(_save_installed)
    return _installed


def uninstall() -> None:
    """`dataclasses` compiles each method again (tests)."""
    global _installed
    vars(dataclasses).pop("exec", None)
    _installed = None


def _save_installed() -> None:
    if _installed is not None:
        _installed.save()


def build(out: str | os.PathLike[str]) -> int:
    """Write the cache of every engine and GUI module's dataclasses to `out` (the frozen app ships it); the
    number of methods it holds."""
    import importlib
    import pkgutil

    uninstall()
    cache = CodeCache(Path(out), writable=True)
    global _installed
    _installed = cache
    vars(dataclasses)["exec"] = cached_exec
    for info in pkgutil.walk_packages([str(Path(__file__).resolve().parent)], "inspector."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
    cache.save()
    return len(cache._known or {})
