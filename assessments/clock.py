"""The clock that timers, bells and scenario events read.

Nothing in the assessment core calls :func:`time.monotonic` or :func:`datetime.now`
itself: it is handed a :class:`Clock`. The station passes a :class:`SystemClock`; tests
pass a :class:`FakeClock` and move it forward with :meth:`FakeClock.advance`, so no test
waits for real time and every bell can be checked at its exact second.

Two readings are offered because they answer different questions. ``monotonic()`` never
jumps (a changed system time or a daylight-saving switch cannot shorten a station), so
all durations are measured with it. ``now()`` is the wall time, aware and in UTC, for
what people read: when an encounter started, when a snapshot was saved.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "FakeClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """A source of time: a monotonic reading for durations, a wall time for records."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back; only differences have a meaning."""
        ...

    def now(self) -> datetime:
        """The current wall time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The computer's clocks: :func:`time.monotonic` and the UTC wall time."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FakeClock:
    """A clock that moves only when told to, for tests and for replaying a session.

    The monotonic reading and the wall time advance together, so a duration measured on
    one matches the difference of the other.
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

    def monotonic(self) -> float:
        return self._start_monotonic + self._elapsed

    def now(self) -> datetime:
        return self._start_wall + timedelta(seconds=self._elapsed)

    def advance(self, seconds: float) -> None:
        """Move both readings forward by ``seconds`` (0 is allowed; backwards is not,
        because no monotonic clock can go back)."""
        if not seconds >= 0:  # also rejects NaN
            raise ValueError(f"a clock cannot go back: advance({seconds!r}) needs seconds >= 0")
        self._elapsed += float(seconds)

    def __repr__(self) -> str:
        return f"FakeClock(monotonic={self.monotonic()!r}, now={self.now().isoformat()})"
