"""The Qt binding's known reference-counting faults, checked at start-up.

PySide6 6.12.0 returns objects from its void and boolean methods (``QWidget.update()``,
``QLabel.setText()``...) without taking a reference to them. From Python 3.12 on,
``None``, ``True``, ``False`` and small integers are immortal and nothing happens; on
Python 3.11 every call lowers a reference count, and after some minutes of a live screen
Python aborts with "Fatal Python error: none_dealloc" (or ``bool_dealloc``) in the middle
of an encounter. pyproject.toml pins a release verified free of the fault (see the
comment there); this module refuses to start on a pair known to be bad, in case another
release was installed by hand, and ``tests/test_ui_refcount_guard.py`` watches for new
ones.

Nothing here imports Qt's modules: only the binding's version is read.
"""

from __future__ import annotations

import sys

__all__ = ["KNOWN_BAD", "binding_problem", "binding_version", "supported_binding"]

#: (binding release, the first Python version on which it is safe): releases of
#: PySide6 that lose references on Python versions before the given one.
KNOWN_BAD: tuple[tuple[str, tuple[int, int]], ...] = (("6.12.0", (3, 12)),)


def binding_version() -> str:
    """The installed PySide6 release, e.g. "6.11.3" ("" when it cannot be read)."""
    try:
        import PySide6
    except ImportError:
        return ""
    return str(getattr(PySide6, "__version__", ""))


def supported_binding() -> str:
    """The binding requirement the installed station declares (pyproject.toml's pin),
    e.g. "PySide6-Essentials==6.11.3"; "PySide6-Essentials" when it cannot be read."""
    from importlib import metadata

    try:
        requirements = metadata.requires("skillstation") or []
    except metadata.PackageNotFoundError:
        requirements = []
    for requirement in requirements:
        if requirement.lower().startswith("pyside6-essentials") and ";" not in requirement:
            return requirement.replace(" ", "")
    return "PySide6-Essentials"


def binding_problem(
    binding: str | None = None, python: tuple[int, ...] | None = None
) -> tuple[str, str] | None:
    """(binding release, Python version) when the pair is known to lose references and
    so to crash the station; None when it is not known to be bad. Defaults to what runs
    now."""
    binding = binding_version() if binding is None else binding
    python = tuple(sys.version_info[:2]) if python is None else tuple(python[:2])
    if sys.implementation.name != "cpython":
        return None
    for release, safe_from in KNOWN_BAD:
        if binding == release and python < safe_from:
            return release, ".".join(str(part) for part in python)
    return None
