"""The debrief timeline, pure: a recording's frames on one time axis (seconds from its
first frame), a device trace aligned to it, the CPR alarms found in the trace, and the
order of events at one moment. No database and no files: the media service reads
those and calls this module.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from devices.cpr.analysis import CompressionRecord, CprSummary, analyze_trace
from devices.cpr.profiles import CprTargets
from devices.trace import Trace
from station.i18n import _

#: The CPR depth on the timeline is kept at this rate at most (the deepest sample of
#: each 50 ms, so every compression's peak stays).
DEPTH_RATE_HZ: Final = 20.0
#: This many compressions in a row too shallow (or too deep) make an alarm.
RUN_ALARM: Final = 5
#: The identity key of a trace giving the wall time (ISO 8601, with its zone) of its
#: first sample, which places the trace exactly on a recording's timeline.
TRACE_START_KEY: Final = "first_sample_wall_time"

#: Which of several events at the same moment comes first on the timeline.
KIND_ORDER: Final = {
    kind: n
    for n, kind in enumerate(("scenario", "alarm", "marker", "mark", "grade", "comment", "submit"))
}


@dataclass(frozen=True)
class TimelineEvent:
    """Something that happened during a recording, at its place in the video."""

    #: Seconds from the recording's first frame.
    t_s: float
    #: "mark", "grade", "comment", "marker", "scenario", "alarm" or "submit".
    kind: str
    #: Human text, e.g. "Check responsiveness: done".
    label: str
    detail: str


@dataclass(frozen=True)
class SegmentInfo:
    """One video file of a recording."""

    path: Path
    #: The index (from 0, across segments) of the segment's first frame.
    first_frame: int
    frame_count: int
    #: Seconds from the recording's first frame to the segment's first frame.
    start_t_s: float


@dataclass(frozen=True)
class Frames:
    """The frames of a recording as its sidecars give them."""

    segments: list[SegmentInfo]
    #: Seconds from the first frame, by the host's monotonic clock.
    times: list[float]
    fps: float
    duration_s: float
    #: The frames' wall times (epoch seconds), sorted, and the seconds from the first
    #: frame of the same frames.
    walls: list[float]
    wall_times: list[float]

    def to_video_t(self, wall: float) -> float:
        """Seconds from the first frame of the moment ``wall`` (epoch seconds).

        The frame whose wall time is nearest gives the offset between the two clocks
        (each frame is stamped on both at once), so a wall clock adjusted during the
        recording moves only the frames after the adjustment."""
        walls = self.walls
        j = bisect.bisect_left(walls, wall)
        nearest = min(
            (k for k in (j - 1, j) if 0 <= k < len(walls)), key=lambda k: abs(walls[k] - wall)
        )
        return self.wall_times[nearest] + (wall - walls[nearest])


@dataclass(frozen=True)
class AlignedTrace:
    depth: list[tuple[float, float]]
    alarms: list[TimelineEvent]


def align(
    frames: Frames,
    stamps: Iterable[tuple[float, str, str, str]],
    traces: Iterable[tuple[Trace, datetime]],
    targets: CprTargets,
) -> tuple[list[TimelineEvent], list[tuple[float, float]]]:
    """The events and the CPR depth of a recording on its time axis, sorted; what falls
    outside the recording (beyond one frame either side) is left out.

    ``stamps`` are (wall time in epoch seconds, kind, label, detail); ``traces`` are the
    stored traces with the time each was stored."""
    period = 1.0 / frames.fps if frames.fps > 0 else 0.0
    low, high = -period, frames.duration_s + period
    events: list[TimelineEvent] = []
    for wall, kind, label, detail in stamps:
        t_s = frames.to_video_t(wall)
        if low <= t_s <= high:
            events.append(TimelineEvent(t_s, kind, label, detail))
    depth: list[tuple[float, float]] = []
    for trace, stored_at in traces:
        aligned = aligned_trace(trace, stored_at, targets, frames)
        if aligned is None:
            continue
        depth.extend(p for p in aligned.depth if low <= p[0] <= high)
        events.extend(e for e in aligned.alarms if low <= e.t_s <= high)
    events.sort(key=lambda e: (e.t_s, KIND_ORDER.get(e.kind, 99), e.label))
    depth.sort()
    return events, depth


def aligned_trace(
    trace: Trace, stored_at: datetime, targets: CprTargets, frames: Frames
) -> AlignedTrace | None:
    """A stored trace's depth and alarms on the recording's time axis, or None for a
    trace without samples.

    A trace keeps the device's own time line only. Its place in wall-clock time is the
    ``first_sample_wall_time`` of its identity when the recording station wrote one
    (the wall time of its first sample); otherwise the time it was stored, taken as the
    time of its last sample (see docs/recordings.md for what that costs)."""
    if not trace.samples:
        return None
    first_t = trace.samples[0].device_t_s
    anchor = trace_anchor(trace)
    if anchor is not None:
        origin = anchor - first_t
    else:
        origin = stored_at.timestamp() - trace.samples[-1].device_t_s

    def video_t(device_t: float) -> float:
        return frames.to_video_t(origin + device_t)

    bins: dict[int, tuple[float, float]] = {}
    for sample in trace.samples:
        if sample.depth_mm is None:
            continue
        t_s = video_t(sample.device_t_s)
        slot = math.floor(t_s * DEPTH_RATE_HZ)
        kept = bins.get(slot)
        if kept is None or sample.depth_mm > kept[1]:
            bins[slot] = (t_s, sample.depth_mm)
    depth = sorted(bins.values())
    summary = analyze_trace(trace, targets)
    return AlignedTrace(depth, alarms(summary, targets, video_t))


def trace_anchor(trace: Trace) -> float | None:
    text = trace.identity.get(TRACE_START_KEY)
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return when.timestamp()


def alarms(
    summary: CprSummary, targets: CprTargets, video_t: Callable[[float], float]
) -> list[TimelineEvent]:
    """The feedback problems found in a trace: long hands-off pauses, runs of
    compressions too shallow or too deep, and stretches without samples."""
    alarms: list[TimelineEvent] = []
    for pause in summary.pauses:
        if pause.duration_s >= targets.max_pause_s:
            alarms.append(
                TimelineEvent(
                    video_t(pause.start_s),
                    "alarm",
                    _("Hands off for {seconds} s").format(seconds=f"{pause.duration_s:.1f}"),
                    _("pauses should stay under {seconds} s").format(
                        seconds=f"{targets.max_pause_s:g}"
                    ),
                )
            )
    low, high = targets.depth_min_mm, targets.depth_max_mm
    for title, sign in (
        (_("{count} compressions too shallow in a row"), -1.0),
        (_("{count} compressions too deep in a row"), 1.0),
    ):
        # Below the band (sign -1) or above it (sign 1).
        limit = low if sign < 0 else high
        run: list[CompressionRecord] = []
        for record in [*summary.per_compression, None]:
            if record is not None and sign * (record.depth_mm - limit) > 0:
                run.append(record)
                continue
            if len(run) >= RUN_ALARM:
                mean = statistics.fmean(r.depth_mm for r in run)
                alarms.append(
                    TimelineEvent(
                        video_t(run[0].start_s),
                        "alarm",
                        title.format(count=len(run)),
                        _("mean depth {depth} mm; the target is {low}-{high} mm").format(
                            depth=f"{mean:.0f}",
                            low=f"{targets.depth_min_mm:g}",
                            high=f"{targets.depth_max_mm:g}",
                        ),
                    )
                )
            run = []
    for gap in summary.gaps:
        alarms.append(
            TimelineEvent(
                video_t(gap.start_s),
                "alarm",
                _("No device data for {seconds} s").format(
                    seconds=f"{gap.end_s - gap.start_s:.1f}"
                ),
                gap.reason,
            )
        )
    return alarms
