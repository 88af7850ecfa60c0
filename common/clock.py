"""The clock that timers, bells, scenario events, device readers and cameras read.

Nothing in SkillStation calls :func:`time.monotonic`, :func:`time.sleep` or
:func:`datetime.now` for its timing itself: it is handed a :class:`Clock`. The
application passes a :class:`SystemClock`; tests pass a :class:`FakeClock` and move it
forward with :meth:`FakeClock.advance` (or let code ``sleep`` on it, which returns at
once), so no test waits for real time and every bell can be checked at its exact second.

A clock answers three questions. ``monotonic()`` never jumps (a changed system time or a
daylight-saving switch cannot shorten a station), so all durations are measured with it.
``now()`` is the wall time, aware and in UTC, for what people read: when an encounter
started, when a snapshot was saved. ``sleep()`` waits on the same clock: a device
reader's reconnect back-off, a simulator's pacing.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "FakeClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """A source of time: a monotonic reading for durations, a wall time for records, and
    a wait measured on the monotonic reading."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back; only differences have a meaning."""
        ...

    def now(self) -> datetime:
        """The current wall time, timezone-aware, in UTC."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait until ``monotonic()`` has moved on by ``seconds`` (nothing for 0 or less)."""
        ...


class SystemClock:
    """The computer's clocks: :func:`time.monotonic`, the UTC wall time, a real sleep."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


class FakeClock:
    """A clock that moves only when told to (``advance``) or slept on (``sleep`` moves it
    at once): for tests, for replaying a session and for running a simulation as fast as
    the computer goes.

    The monotonic reading and the wall time advance together, so a duration measured on
    one matches the difference of the other. ``sleeps`` records every wait asked for.
    Safe to share between threads (a device reader sleeps on it while a test advances it).
    """

    def __init__(
        self,
        start_monotonic: float = 0.0,
        start_wall: datetime = datetime(2026, 1, 1, tzinfo=UTC),
    ) -> None:
        if start_wall.tzinfo is None or start_wall.utcoffset() is None:
            raise ValueError(
                f"FakeClock start_wall {start_wall.isoformat()} has no time zone; "
                "give an aware datetime, e.g. datetime(2026, 1, 1, tzinfo=UTC)"
            )
        self._start_monotonic = float(start_monotonic)
        self._start_wall = start_wall.astimezone(UTC)
        self._elapsed = 0.0
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._start_monotonic + self._elapsed

    def now(self) -> datetime:
        with self._lock:
            return self._start_wall + timedelta(seconds=self._elapsed)

    def sleep(self, seconds: float) -> None:
        """Record the wait and move both readings on by it at once (negative waits
        count as 0, as :func:`time.sleep` would refuse them)."""
        with self._lock:
            self.sleeps.append(seconds)
            self._elapsed += max(0.0, float(seconds))

    def advance(self, seconds: float) -> None:
        """Move both readings forward by ``seconds`` (0 is allowed; backwards is not,
        because no monotonic clock can go back)."""
        if not seconds >= 0:  # also rejects NaN
            raise ValueError(f"a clock cannot go back: advance({seconds!r}) needs seconds >= 0")
        with self._lock:
            self._elapsed += float(seconds)

    def __repr__(self) -> str:
        return f"FakeClock(monotonic={self.monotonic()!r}, now={self.now().isoformat()})"
