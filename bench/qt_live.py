"""What the live-screen benchmarks and the soak share: an event loop pumped for a while,
a wait on a condition, and a station's shutdown (stations, worker, database).

Not a benchmark itself (``bench/run.py`` runs the ``bench_*.py`` files only).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def pump(seconds: float) -> None:
    """Run the Qt event loop for ``seconds`` of wall time."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(1, int(seconds * 1000)), loop.quit)
    loop.exec()


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    """Pump events until ``predicate()`` holds; SystemExit after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting{' for ' + what if what else ''}")
        pump(0.05)


def close_station(station: object, ctx: object, services: object) -> None:
    """Shut a station down, then its service worker, then its database."""
    station.shutdown()  # type: ignore[attr-defined]
    ctx.worker.shutdown()  # type: ignore[attr-defined]
    services.db.close()  # type: ignore[attr-defined]


def first_run_services(path: Path) -> tuple[Any, Any]:
    """Services on a new database at ``path`` (system clock, the cheapest password
    hashing), set up as on a station's first start (``station.firstrun``): returns the
    services and the accounts made."""
    import argon2.profiles

    from common.clock import SystemClock
    from station.auth.passwords import make_hasher
    from station.firstrun import first_run_setup
    from station.services import StationServices
    from station.storage import open_database

    services = StationServices(
        open_database(path),
        clock=SystemClock(),
        password_hasher=make_hasher(argon2.profiles.CHEAPEST),
    )
    accounts = first_run_setup(services, starts_at=datetime.now(UTC))
    assert accounts is not None
    return services, accounts
