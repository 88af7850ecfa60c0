"""The desktop station (PySide6): see docs/gui.md.

The Qt binding is pinned in pyproject.toml to a release verified free of reference-count
faults; :mod:`ui.binding` refuses a known-bad Python/binding pair at start-up.
"""
