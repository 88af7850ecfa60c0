"""The desktop station (PySide6): see docs/gui.md.

Importing any part of it first guards against a PySide6 reference-counting fault on
Python 3.11 (:mod:`ui._none_refcount`).
"""

from ui._none_refcount import keep_none_alive

keep_none_alive()
