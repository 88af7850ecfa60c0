"""Playing a recording back for a debrief, without Qt: the frames' wall-clock times,
the playback clock and moving between events.

The debrief player (:mod:`ui.debrief.player`) draws; what it plays is worked out here,
so it can be tested without a display. Times are seconds from the recording's first
frame; a frame number runs across the recording's segments
(:class:`station.services.media.DebriefTimeline`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from common.clock import Clock

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.services import StationServices
    from station.services.media import DebriefTimeline

__all__ = [
    "SKIP_S",
    "SPEEDS",
    "LoadedRecording",
    "PlaybackClock",
    "load_recording",
    "next_event",
    "previous_event",
    "read_wall_times",
    "step_speed",
]

#: The playback speeds offered.
SPEEDS = (0.5, 0.75, 1.0, 1.5, 2.0)
#: Shift+arrow skips this many seconds.
SKIP_S = 5.0


@dataclass(frozen=True)
class LoadedRecording:
    """A recording's debrief timeline and the wall-clock time of each frame (from the
    frames sidecars; None where a sidecar is missing)."""

    timeline: DebriefTimeline
    wall_times: list[datetime | None]


def read_wall_times(timeline: DebriefTimeline) -> list[datetime | None]:
    """The wall-clock time of every frame, from each segment's ``.frames.csv``."""
    walls: list[datetime | None] = [None] * len(timeline.frame_times)
    for segment in timeline.segments:
        sidecar = segment.path.with_suffix(".frames.csv")
        try:
            with sidecar.open(newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    at = segment.first_frame + int(row["segment_frame"])
                    if 0 <= at < len(walls) and row.get("wall_time"):
                        walls[at] = datetime.fromisoformat(row["wall_time"])
        except (OSError, KeyError, ValueError):
            continue  # a missing or damaged sidecar: those frames show no wall time
    return walls


def load_recording(services: StationServices, actor: Actor, media_id: str) -> LoadedRecording:
    """Read a recording's timeline and its frames' wall times (not on a GUI thread)."""
    timeline = services.media.debrief_timeline(actor, media_id)
    walls = [] if timeline.media.deleted_at is not None else read_wall_times(timeline)
    return LoadedRecording(timeline, walls)


class PlaybackClock:
    """The recording's time while playing: anchored at a moment of the recording and
    of ``clock``, it runs at :attr:`speed` × the clock (a fake clock in tests)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.speed = 1.0
        self._anchor_clock = 0.0
        self._anchor_t = 0.0

    def anchor(self, t_s: float) -> None:
        """From now on, the recording's time runs on from ``t_s``."""
        self._anchor_clock = self.clock.monotonic()
        self._anchor_t = t_s

    def time(self) -> float:
        """The recording's time now."""
        return self._anchor_t + (self.clock.monotonic() - self._anchor_clock) * self.speed

    def set_speed(self, speed: float, *, playing: bool) -> None:
        """Play at ``speed`` ×, from the moment reached (raises ValueError at or below 0)."""
        if speed <= 0:
            raise ValueError(f"a playback speed is above 0, not {speed}")
        if playing:
            self.anchor(self.time())
        self.speed = speed


def step_speed(speed: float, step: int) -> float:
    """The speed of :data:`SPEEDS` ``step`` places from the one nearest ``speed``."""
    nearest = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
    return SPEEDS[min(max(nearest + step, 0), len(SPEEDS) - 1)]


def next_event(
    times: Sequence[float],
    visible: Sequence[int],
    t_s: float,
    position: int,
    frame_of: Callable[[float], int] | None,
) -> int | None:
    """The first of the ``visible`` events (indexes into ``times``) after ``t_s`` whose
    frame is not the one shown (``position``), or None."""
    for number in visible:
        event_t = times[number]
        if event_t > t_s + 1e-3 and (frame_of is None or frame_of(event_t) != position):
            return number
    return None


def previous_event(
    times: Sequence[float],
    visible: Sequence[int],
    t_s: float,
    position: int,
    frame_of: Callable[[float], int] | None,
    *,
    playing: bool,
) -> int | None:
    """The last of the ``visible`` events before ``t_s`` whose frame is not the one
    shown, or None. While playing, the event just passed counts only if it was more than
    a second ago; otherwise it is the one before (as media players do)."""
    slack = 1.0 if playing else 1e-3
    for number in reversed(visible):
        event_t = times[number]
        if event_t < t_s - slack and (frame_of is None or frame_of(event_t) != position):
            return number
    return None
