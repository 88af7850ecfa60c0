"""Keep ``None`` alive under PySide6 builds that drop a reference to it on every call.

PySide6 6.12 returns ``None`` from its void methods (``QWidget.update()``,
``QLabel.setText()``, ``QCoreApplication.processEvents()``...) without taking a reference,
which is only harmless on Python 3.12 and later, where ``None`` is immortal. On Python
3.11 every such call lowers ``None``'s reference count by one, and after a few thousand
calls (seconds of a live display) Python aborts with "Fatal Python error: none_dealloc".

The remedy here gives ``None`` a reference count so large that no run can use it up,
which is what Python 3.12 does itself (immortal objects). ``None`` is a static object
that is never freed, so the extra count changes nothing else.
"""

from __future__ import annotations

import ctypes
import sys

#: 2**60 references: at a million lost references a second, 36,000 years.
_RESERVE = 1 << 60


def keep_none_alive() -> bool:
    """Raise ``None``'s reference count out of reach on CPython before 3.12 (once);
    return True when it did."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value >= _RESERVE:
        return False
    count.value += _RESERVE
    return True
