"""Waiting on Qt while rendering screenshots (scripts/screenshots.py and the practice and
debrief renderers it calls)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer

__all__ = ["pump", "wait_for"]


def pump(seconds: float = 0.0) -> None:
    """Let Qt run (timers, queued results, painting) for ``seconds`` of real time.

    A nested event loop rather than processEvents() in a loop: PySide6's processEvents
    loses a reference to None on every call, which crashes a long run at exit.
    """
    loop = QEventLoop()
    QTimer.singleShot(max(1, int(seconds * 1000)), loop.quit)
    loop.exec()


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    """Pump Qt until ``predicate()`` holds; stop the script after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit(f"screenshots: timed out waiting for {what or 'the screen'}")
        pump(0.05)
