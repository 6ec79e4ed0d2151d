"""How packaging/inspector.spec lays out the frozen app's Python modules (imported by the spec; tested without a build).

Why it matters: a start of the frozen app used to be slower than the same command from source
(``inspector analyze SAMPLE --json --offline`` 265 ms wall / 219 ms CPU frozen against 215 / 187 ms; issue 18,
item 7). Two causes were PyInstaller defaults:

- its compressed module archive (PYZ, and base_library.zip): every start inflated each module it imported
  (~5 MB of bytecode for one analysis, ~20 ms of CPU), where Python from source maps plain ``.pyc`` files.
  The spec builds with ``noarchive=True``: every module is a plain ``.pyc`` file in ``_internal/``. Only the
  packages in `COMPRESSED_PACKAGES` go back into the compressed archive: no start imports them (they serve some
  attachments, or nothing the app does), and compressed they keep ~4 MB off the bundle's size budget;
- its stock run-time hooks for ``inspect``, ``pkgutil`` and ``multiprocessing``, which import those modules
  (and ``zipfile``, ``subprocess``, ``pickle``) at every start: packaging/pyi_rth_deferred.py runs them when
  their module is first used, and the bootstrap's ``pyimod03_ctypes.install()`` (``import ctypes`` at every
  start) when ``ctypes`` is first imported; the spec reads which ones from that file (`hook_constants`).

tests/unit/test_frozen_startup.py checks both against real starts from source.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable
from pathlib import Path

#: Top-level packages and modules kept in the compressed archive: imported only for a PDF (pypdf), an image
#: (PIL), an Office or RAR attachment (oletools with pyparsing, rarfile), or never by this app's own code
#: (asyncio, unittest, xml, http, tarfile: dependencies' optional paths).
COMPRESSED_PACKAGES = (
    "pypdf",
    "PIL",
    "oletools",
    "pyparsing",
    "rarfile",
    "asyncio",
    "unittest",
    "xml",
    "http",
    "tarfile",
)

Entry = tuple[str, str, str]  # PyInstaller's TOC entry: (destination name, source path, type code)


def hook_constants(path: Path) -> dict[str, object]:
    """The upper-case module-level constants of a run-time hook file, read and never run (running a hook
    installs it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        target.id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.isupper()
    }


def compressed_module(dest: str, packages: Iterable[str] = COMPRESSED_PACKAGES) -> str | None:
    """The module name of a collected ``.pyc`` file (its destination in the bundle) that belongs in the compressed
    archive; None for any other file."""
    parts = dest.replace(os.sep, "/").split("/")
    if not parts[-1].endswith(".pyc") or parts[0].removesuffix(".pyc") not in set(packages):
        return None
    parts[-1] = parts[-1].removesuffix(".pyc")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def split_datas(datas: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(the data files that stay files, the PYZ entries of the compiled modules that go into the archive).

    With ``noarchive=True`` PyInstaller lists each module as a DATA entry: (``pkg/mod.pyc``, the compiled file,
    ``"DATA"``); the archive takes (``pkg.mod``, that compiled file, ``"PYMODULE"``) and reads its code object
    from it."""
    kept: list[Entry] = []
    archived: list[Entry] = []
    for dest, src, kind in datas:
        module = compressed_module(dest) if kind == "DATA" else None
        if module is None:
            kept.append((dest, src, kind))
        else:
            archived.append((module, src, "PYMODULE"))
    return kept, archived
