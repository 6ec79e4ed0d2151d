"""Lazy re-exports for package ``__init__`` files (PEP 562 module ``__getattr__``).

Why: a package ``__init__`` that imports its submodules to re-export their names makes every import of *one*
submodule (``inspector.ingest.message`` for the ``Message`` shape) run the whole package first: the e-mail
parser, the ``.msg`` reader and their libraries, ~24 ms for ``ingest`` alone, and the GUI paid for the whole
engine (history → chain → lookalike, ~60 ms) before its window could show. With this helper the package
``__init__`` still offers ``from inspector.ingest import load_file``, but the submodule is imported on the
first read of the name, and importing ``inspector.ingest.message`` imports just that file.

Usage in an ``__init__`` (the ``TYPE_CHECKING`` block gives type checkers and PyInstaller's import scan the
same names; ``tests/unit/test_lazy_exports.py`` checks that both lists agree and every name resolves)::

    if TYPE_CHECKING:
        from inspector.ingest.load import load_file
    __all__ = ["load_file"]
    __getattr__ = lazy_exports(__name__, {"inspector.ingest.load": ("load_file",)})
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from importlib import import_module


def lazy_exports(package: str, exports: Mapping[str, Sequence[str]]) -> Callable[[str], object]:
    """The ``__getattr__`` of `package`: each name of `exports` (submodule → names) from its submodule.

    The value is stored on the package once read, so later reads are plain attribute reads.
    """
    where = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
