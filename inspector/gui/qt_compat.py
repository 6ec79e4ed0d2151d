"""Guard against a reference-count bug of PySide6 6.12 on Python 3.11: void methods return an un-owned None.

Measured here (PySide6-Essentials 6.12.0 abi3 wheel, CPython 3.11.7): every call of a Qt method that
returns nothing (`QLabel.setText`, `QGraphicsItem.setPos`, …) lowers `sys.getrefcount(None)` by one. The
abi3 wheel evidently assumes None is immortal, as it is since Python 3.12 (PEP 683). On 3.11 a long session
— or one 3,000-hop message — drives None's count to zero and the interpreter aborts with
"Fatal Python error: none_dealloc". 6.11.3 does not have the bug, and `pyproject.toml` excludes 6.12.

Should a buggy build be installed anyway, `pin_none` detects the leak with a short probe and only then
does on 3.11 what 3.12 does by design: it raises None's reference count by 2**40 once, so the stolen
references can never bring it to zero. On 3.12+, or with a correct PySide6, nothing is touched.
"""

from __future__ import annotations

import ctypes
import sys

#: Added to None's reference count on Python < 3.12 when the leak is detected.
PIN = 1 << 40
_PROBE_CALLS = 64


def none_is_stolen() -> bool:
    """True when a void Qt call lowers None's reference count (the buggy PySide6 builds)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("probe")
    after = sys.getrefcount(None)
    if after < before:
        # Give back what the probe took, so the count is exactly where it was.
        ctypes.c_ssize_t.from_address(id(None)).value += before - after
        return True
    return False


def pin_none() -> bool:
    """Make None effectively immortal when this PySide6 steals references to it; True if pinned now."""
    if sys.version_info >= (3, 12):
        return False
    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if refcnt.value >= PIN or not none_is_stolen():
        return False
    refcnt.value += PIN
    return True
