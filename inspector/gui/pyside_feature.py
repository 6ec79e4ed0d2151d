"""PySide6 reads the whole source of every module imported after it; this reads only the bytes it looks for.

Why: PySide6 replaces ``__import__`` to support ``from __feature__ import snake_case``, and after each import
``shibokensupport.feature.feature_imported`` records whether the new module "uses PySide" by testing
``"PySide6" in inspect.getsource(module)``: `linecache` reads, decodes and splits the whole file, for each of
the ~110 modules the window imports after Qt — measured 56–206 ms of the GUI's imports on this shared
machine (the napari project traced the same cost, napari issue 8584). The project never selects a feature, so
the answer only fills PySide's table, but it is still computed for every module.

`speed_up_feature_scan` gives PySide the same test on the module file's bytes for a plain ``.py`` module (its
source is that file, and "PySide6" is ASCII, so the bytes hold it exactly when the decoded text does);
every other module (no file, bytecode only, an extension, a file that cannot be read) still goes to PySide's
own function. When that private function does not exist (another PySide6), nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE = "shibokensupport.feature"


def _bytes_test(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        origin = getattr(getattr(module, "__spec__", None), "origin", None)
        if isinstance(origin, str) and origin.endswith(".py") and origin == getattr(module, "__file__", None):
            try:
                with open(origin, "rb") as f:
                    return b"PySide6" in f.read()
            except OSError:
                pass
        return original(module)

    uses_pyside.__wrapped__ = original  # type: ignore[attr-defined]
    return uses_pyside


def speed_up_feature_scan() -> bool:
    """Swap PySide's per-import source scan for the bytes test (once); True when it was swapped now."""
    feature = sys.modules.get(_FEATURE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or hasattr(original, "__wrapped__"):
        return False
    feature._mod_uses_pyside = _bytes_test(original)  # type: ignore[attr-defined]
    return True
