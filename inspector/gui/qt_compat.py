"""Work around a reference-count bug of PySide6 6.12 on Python 3.11: void methods return an un-owned None.

Measured here (PySide6 6.12.0 abi3 wheel, CPython 3.11.7): every call of a Qt method that returns
nothing (`QLabel.setText`, `QGraphicsItem.setPos`, …) lowers `sys.getrefcount(None)` by one, while bool,
int and object returns are unaffected. The abi3 wheel evidently assumes None is immortal, as it is since
Python 3.12 (PEP 683). On 3.11 a long session — or one 3,000-hop message — drives None's count to zero
and the interpreter aborts with "Fatal Python error: none_dealloc".

The fix does on 3.11 what 3.12 does by design: it raises None's reference count by 2**40 once, so the
stolen references can never bring it to zero (at one stolen reference per Qt call that would take
years). Nothing else is touched; on 3.12+ this is a no-op.
"""

from __future__ import annotations

import ctypes
import sys

#: Added to None's reference count on Python < 3.12.
PIN = 1 << 40


def pin_none() -> bool:
    """Make None effectively immortal on Python < 3.12; True when the count was raised now."""
    if sys.version_info >= (3, 12):
        return False
    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if refcnt.value >= PIN:
        return False
    refcnt.value += PIN
    return True
