"""CPR quality from a manikin's samples: compressions, breaths, pauses, CCF and a score.

One analyser serves both uses. Live, the reader's samples are fed one at a time and the
GUI shows the events (each compression as it happens, its release, each breath, a
hands-off alarm) and :meth:`CprAnalyzer.summary` at display rate. Offline,
:func:`analyze_trace` feeds a recorded trace through the very same code, so an
examiner's figures never differ from what the trainee saw.

Each sample costs O(1) (amortised): a compression is found by a small state machine that
follows the depth's running maximum and minimum with a hysteresis equal to the
required prominence (a "zigzag" detector), not by searching the whole signal. Every
definition (what a compression is, its depth, rate, release, start and end; pauses and
CCF; breaths; gaps; the score) is written out in docs/cpr-metrics.md, which this module
implements; the targets come from :mod:`devices.cpr.profiles`.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeAlias

from common.messages import Message
from devices.cpr.profiles import ADULT, CprTargets
from devices.sample import Sample
from devices.trace import Trace

__all__ = [
    "SUMMARY_KEYS",
    "Compression",
    "CompressionRecord",
    "CprAnalyzer",
    "CprEvent",
    "CprSummary",
    "GapRecord",
    "HandsOffAlarm",
    "PauseRecord",
    "Release",
    "Ventilation",
    "VentilationRecord",
    "analyze_trace",
]

DepthFeedback: TypeAlias = Literal["too_shallow", "ok", "too_deep"]
RateFeedback: TypeAlias = Literal["slow", "ok", "fast"]
VolumeFeedback: TypeAlias = Literal["too_small", "ok", "too_large"]

#: At most this many gaps are named one by one in the warnings; the rest are counted.
MAX_GAP_WARNINGS: Final = 10

#: The keys of :meth:`CprSummary.as_dict` that checklist items may be judged from, and
#: the others every summary carries.
SUMMARY_KEYS: Final[tuple[str, ...]] = (
    "compressions",
    "mean_depth_mm",
    "mean_rate_cpm",
    "pct_depth_ok",
    "pct_rate_ok",
    "pct_full_recoil",
    "ccf",
    "ventilations",
    "pct_vent_volume_ok",
    "longest_pause_s",
    "score",
    "per_compression",
    "per_ventilation",
    "warnings",
    "profile",
    "duration_s",
    "sample_rate_hz",
)


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class Compression:
    """A compression, reported as soon as the chest has come 10 mm back up from its peak.

    ``t_s`` and ``depth_mm`` are the peak's (interpolated); ``rate_cpm`` is 60 over the
    time since the previous compression's peak, None after a pause or a gap. Its release
    is not known yet: ``release_depth_mm`` and ``incomplete_release`` stay None here and
    come with the :class:`Release` event of the same ``index``.
    """

    index: int
    t_s: float
    depth_mm: float
    rate_cpm: float | None
    depth_feedback: DepthFeedback
    rate_feedback: RateFeedback | None
    release_depth_mm: float | None = None
    incomplete_release: bool | None = None


@dataclass(frozen=True, slots=True)
class Release:
    """How far the chest came back after compression ``index`` (at ``t_s``): known at the
    next compression's peak, 2 s after the peak, at a gap or at the end."""

    index: int
    t_s: float
    release_depth_mm: float
    incomplete_release: bool


@dataclass(frozen=True, slots=True)
class Ventilation:
    """A breath: the lung volume's peak, at ``t_s``."""

    index: int
    t_s: float
    volume_ml: float
    ok: bool
    feedback: VolumeFeedback


@dataclass(frozen=True, slots=True)
class HandsOffAlarm:
    """No compression for ``pause_s`` seconds (at least the profile's ``max_pause_s``,
    10 s: "pauses under 10 s", AHA 2020 BLS and ERC 2021). Raised once per pause."""

    t_s: float
    pause_s: float


CprEvent: TypeAlias = Compression | Release | Ventilation | HandsOffAlarm


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True, slots=True)
class CompressionRecord:
    """One compression as the summary lists it; ``start_s`` and ``end_s`` are where the
    depth crossed the onset level before and after the peak (None while not known)."""

    index: int
    t_s: float
    depth_mm: float
    release_depth_mm: float | None
    rate_cpm: float | None
    start_s: float
    end_s: float | None


@dataclass(frozen=True, slots=True)
class VentilationRecord:
    t_s: float
    volume_ml: float


@dataclass(frozen=True, slots=True)
class PauseRecord:
    """Hands off the chest from the end of one compression to the start of the next."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class GapRecord:
    """A stretch without samples (recorded in the trace, or found as a hole in time)."""

    start_s: float
    end_s: float
    reason: str


@dataclass(frozen=True, slots=True)
class CprSummary:
    """Everything the analyser found so far (live) or in the whole trace (finished).

    Metrics that cannot be computed are None, and :attr:`warnings` says why. Percentages
    run from 0 to 100; ``ccf`` is a fraction from 0 to 1. :meth:`as_dict` gives the
    JSON form, with the keys checklist items are judged from.
    """

    targets: CprTargets
    complete: bool
    compressions: int
    mean_depth_mm: float | None
    mean_rate_cpm: float | None
    pct_depth_ok: float | None
    pct_rate_ok: float | None
    pct_full_recoil: float | None
    mean_release_depth_mm: float | None
    ccf: float | None
    ventilations: int | None
    pct_vent_volume_ok: float | None
    mean_volume_ml: float | None
    longest_pause_s: float | None
    hands_off_alarms: int
    score: float | None
    score_components: dict[str, float]
    per_compression: tuple[CompressionRecord, ...]
    per_ventilation: tuple[VentilationRecord, ...]
    pauses: tuple[PauseRecord, ...]
    gaps: tuple[GapRecord, ...]
    warnings: tuple[str, ...]
    duration_s: float
    sample_rate_hz: float | None

    @property
    def profile(self) -> str:
        return self.targets.name

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready values, rounded to what the sensors can tell:
        0.1 mm, 0.1 /min, 0.1 %, 0.001 of CCF, 1 ms, 0.1 mL. No NaN: a metric that
        cannot be computed is None."""
        return {
            "profile": self.targets.name,
            "complete": self.complete,
            "compressions": self.compressions,
            "mean_depth_mm": _round(self.mean_depth_mm, 1),
            "mean_rate_cpm": _round(self.mean_rate_cpm, 1),
            "pct_depth_ok": _round(self.pct_depth_ok, 1),
            "pct_rate_ok": _round(self.pct_rate_ok, 1),
            "pct_full_recoil": _round(self.pct_full_recoil, 1),
            "mean_release_depth_mm": _round(self.mean_release_depth_mm, 1),
            "ccf": _round(self.ccf, 3),
            "ventilations": self.ventilations,
            "pct_vent_volume_ok": _round(self.pct_vent_volume_ok, 1),
            "mean_volume_ml": _round(self.mean_volume_ml, 1),
            "longest_pause_s": _round(self.longest_pause_s, 3),
            "hands_off_alarms": self.hands_off_alarms,
            "score": _round(self.score, 1),
            "score_components": {k: _round(v, 1) for k, v in self.score_components.items()},
            "duration_s": _round(self.duration_s, 3),
            "sample_rate_hz": _round(self.sample_rate_hz, 1),
            "per_compression": [
                {
                    "t_s": _round(c.t_s, 3),
                    "depth_mm": _round(c.depth_mm, 1),
                    "release_depth_mm": _round(c.release_depth_mm, 1),
                    "rate_cpm": _round(c.rate_cpm, 1),
                }
                for c in self.per_compression
            ],
            "per_ventilation": [
                {"t_s": _round(v.t_s, 3), "volume_ml": _round(v.volume_ml, 1)}
                for v in self.per_ventilation
            ],
            "pauses": [
                {
                    "start_s": _round(p.start_s, 3),
                    "end_s": _round(p.end_s, 3),
                    "duration_s": _round(p.duration_s, 3),
                }
                for p in self.pauses
            ],
            "gaps": [
                {"start_s": _round(g.start_s, 3), "end_s": _round(g.end_s, 3), "reason": g.reason}
                for g in self.gaps
            ],
            "warnings": list(self.warnings),
            "targets": self.targets.as_dict(),
        }


def _round(value: float | None, digits: int) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    rounded = round(value, digits)
    return 0.0 if rounded == 0 else rounded  # no -0.0 in the output


# --------------------------------------------------------------------------- detection


class _FirstFall:
    """After a peak: the first time the signal came within ``margin`` of the lowest
    value it has reached since the peak, and that lowest value.

    The answer changes as the minimum goes lower. Only the samples that set a new
    minimum and are still within ``margin`` of it can be the answer, so only those are
    kept (a monotone queue): each sample enters and leaves at most once.
    """

    __slots__ = ("_minima", "_prev_t", "_prev_v", "margin", "minimum")

    def __init__(self, margin: float, t: float, v: float) -> None:
        self.margin = margin
        self.minimum = math.inf
        self._prev_t = t
        self._prev_v = v
        # (time, value, previous sample's time, previous sample's value)
        self._minima: deque[tuple[float, float, float, float]] = deque()

    def push(self, t: float, v: float) -> None:
        if v < self.minimum:
            self.minimum = v
            self._minima.append((t, v, self._prev_t, self._prev_v))
            level = v + self.margin
            while self._minima[0][1] > level:
                self._minima.popleft()
        self._prev_t = t
        self._prev_v = v

    def crossing(self) -> float | None:
        """When the signal first fell to ``minimum + margin`` (linear interpolation
        between the samples on either side), or None before any sample."""
        if not self._minima:
            return None
        t, v, prev_t, prev_v = self._minima[0]
        return _crossing_time(prev_t, prev_v, t, v, self.minimum + self.margin)


def _crossing_time(t0: float, v0: float, t1: float, v1: float, level: float) -> float:
    """When a straight line from (t0, v0) to (t1, v1) passes ``level`` (clamped)."""
    if v1 == v0:
        return t1
    share = (level - v0) / (v1 - v0)
    return t0 + min(1.0, max(0.0, share)) * (t1 - t0)


def _vertex(
    before: tuple[float, float] | None, peak: tuple[float, float], after: tuple[float, float]
) -> tuple[float, float]:
    """The top of the parabola through three samples around a peak sample: (time, value).

    Works for uneven sample spacing. The vertex is kept within half a sample interval of
    the peak sample: further away, a neighbouring sample would have been the peak.
    """
    t1, y1 = peak
    if before is None:
        return peak
    t0, y0 = before
    t2, y2 = after
    a0, a2 = t0 - t1, t2 - t1
    if a0 >= 0 or a2 <= 0:
        return peak
    curvature = ((y2 - y1) / a2 - (y0 - y1) / a0) / (a2 - a0)
    if curvature >= 0:
        return peak
    slope = (y2 - y1) / a2 - curvature * a2
    x = min(a2 / 2, max(a0 / 2, -slope / (2 * curvature)))
    return t1 + x, y1 + slope * x + curvature * x * x


@dataclass(slots=True)
class _Peak:
    """A peak confirmed by the detector."""

    t: float
    value: float
    onset: float
    fall: _FirstFall | None


class _PeakFinder:
    """Finds peaks that reach ``min_height`` and stand ``prominence`` above the lowest
    value on each side, one sample at a time (a zigzag detector).

    It alternates between seeking a minimum and seeking a maximum. Seeking a minimum, it
    follows the lowest value; once the signal is ``prominence`` above it, that minimum is
    the trough and it seeks a maximum. Seeking a maximum, it follows the highest value
    (the candidate); once the signal is ``prominence`` below it, the candidate is a peak
    and it seeks a minimum again. So every peak stands at least ``prominence`` above the
    troughs on both sides, and a slow drift (leaning) moves the troughs, not the count.

    It also keeps each candidate's *onset*, the last time before it that the signal rose
    through ``trough + margin``, and (``track_fall``) a :class:`_FirstFall` of the
    samples after it.
    """

    def __init__(
        self, min_height: float, prominence: float, margin: float, *, track_fall: bool
    ) -> None:
        self.min_height = min_height
        self.prominence = prominence
        self.margin = margin
        self.track_fall = track_fall
        self.reset()

    def reset(self) -> None:
        """Forget everything (after a gap: no peak is found across it)."""
        self._seeking_max = False
        self._low = math.inf
        self._low_t = 0.0
        self._onset: float | None = None
        self._prev: tuple[float, float] | None = None
        self._high = -math.inf
        self._high_t = 0.0
        self._high_prev: tuple[float, float] | None = None
        self._high_next: tuple[float, float] | None = None
        self._high_onset: float | None = None
        self._fall: _FirstFall | None = None

    def onset_in_progress(self) -> float | None:
        """If the signal is above its trough's onset level now (something that may
        become a peak is under way), when it rose through that level; else None."""
        if self._prev is None:
            return None
        if self._seeking_max:
            return self._high_onset if self._high_onset is not None else self._low_t
        if self._prev[1] > self._low + self.margin:
            return self._onset if self._onset is not None else self._low_t
        return None

    def push(self, t: float, v: float) -> _Peak | None:
        """Take one sample; return the peak it confirms, if any."""
        prev = self._prev
        self._prev = (t, v)
        if not self._seeking_max:
            if v < self._low:
                self._low, self._low_t, self._onset = v, t, None
                return None
            self._note_onset(prev, t, v)
            if v >= self._low + self.prominence:
                self._seeking_max = True
                self._candidate(prev, t, v)
            return None
        self._note_onset(prev, t, v)
        if v > self._high:
            self._candidate(prev, t, v)
            return None
        if self._high_next is None:
            self._high_next = (t, v)
        if self._fall is not None:
            self._fall.push(t, v)
        if v > self._high - self.prominence:
            return None
        # The candidate is a peak; from this sample on, seek the trough after it.
        assert self._high_next is not None
        peak_t, peak_v = _vertex(self._high_prev, (self._high_t, self._high), self._high_next)
        onset = self._high_onset if self._high_onset is not None else self._low_t
        found = _Peak(peak_t, peak_v, onset, self._fall) if self._high >= self.min_height else None
        self._seeking_max = False
        self._low, self._low_t, self._onset = v, t, None
        self._high = -math.inf
        self._fall = None
        return found

    def _note_onset(self, prev: tuple[float, float] | None, t: float, v: float) -> None:
        level = self._low + self.margin
        if prev is not None and prev[1] < level <= v:
            self._onset = _crossing_time(prev[0], prev[1], t, v, level)

    def _candidate(self, prev: tuple[float, float] | None, t: float, v: float) -> None:
        self._high, self._high_t = v, t
        self._high_prev, self._high_next = prev, None
        self._high_onset = self._onset
        self._fall = _FirstFall(self.margin, t, v) if self.track_fall else None


# --------------------------------------------------------------------------- scoring


def _within(value: float, low: float, high: float) -> bool:
    """Whether ``value`` is in the inclusive band [low, high]. A hair of tolerance (a
    billionth) keeps float rounding from putting exactly 120 /min (60 / 0.5 s computed
    as 119.99999999999999 or 120.00000000000001) on the wrong side of an edge."""
    tolerance = 1e-9 * max(1.0, abs(value))
    return low - tolerance <= value <= high + tolerance


def _credit(value: float, low: float, high: float, falloff: float) -> float:
    """1 inside [low, high]; outside, falling linearly to 0 at ``falloff`` beyond."""
    if _within(value, low, high):
        return 1.0
    if value < low:
        return max(0.0, 1.0 - (low - value) / falloff)
    return max(0.0, 1.0 - (value - high) / falloff)


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


# --------------------------------------------------------------------------- analyser


@dataclass(slots=True)
class _Comp:
    index: int
    t: float
    depth: float
    rate: float | None
    start: float
    release: float | None = None
    end: float | None = None


class CprAnalyzer:
    """The streaming CPR analyser: feed samples (and gaps) in time order, get events.

    ``feed`` costs O(1) per sample (amortised). :meth:`summary` may be called at any
    time, live; :meth:`finish` settles what the end of the stream decides (the last
    compression's release) and returns the final summary. Samples must come in time
    order (device time); a channel that is None or not finite in a sample is skipped.
    """

    def __init__(self, targets: CprTargets = ADULT) -> None:
        self.targets = targets
        tg = targets
        self._depth = _PeakFinder(
            tg.compression_min_depth_mm,
            tg.compression_prominence_mm,
            tg.onset_margin_mm,
            track_fall=True,
        )
        self._lung = _PeakFinder(
            tg.vent_min_volume_ml,
            tg.vent_prominence_ml,
            tg.vent_prominence_ml / 2,
            track_fall=False,
        )
        self._finished = False
        # The stream.
        self._first_t: float | None = None
        self._last_t: float | None = None
        self._prev_t: float | None = None  # None after a gap: the next step is not timed
        self._depth_prev_t: float | None = None
        self._lung_prev_t: float | None = None
        self._dt_sum = 0.0
        self._dt_count = 0
        self._saw_depth = False
        self._saw_lung = False
        # Compressions.
        # The summary's records, built once: a compression's is replaced when it settles.
        self._records: list[CompressionRecord] = []
        self._pending: _Comp | None = None
        self._pending_fall: _FirstFall | None = None
        self._segment_last: _Comp | None = None
        self._segment_start: float | None = None
        self._segment_end: float | None = None
        self._active_closed = 0.0
        self._pauses: list[PauseRecord] = []
        self._pause_total = 0.0
        self._depth_sum = 0.0
        self._depth_ok = 0
        self._depth_credit = 0.0
        self._rate_sum = 0.0
        self._rated = 0
        self._rate_ok = 0
        self._rate_credit = 0.0
        self._released = 0
        self._release_sum = 0.0
        self._release_ok = 0
        self._recoil_credit = 0.0
        # Breaths.
        self._vents: list[VentilationRecord] = []
        self._vent_ok = 0
        self._vent_sum = 0.0
        self._vent_credit = 0.0
        # Hands-off alarm.
        self._alarm_armed = False
        self._last_end: float | None = None
        self._alarms = 0
        # Gaps and notes.
        self._gaps: list[GapRecord] = []
        self._gap_warnings: list[str] = []
        self._bridged = 0
        self._notes: list[str] = []

    # ------------------------------------------------------------------ input

    def feed(self, sample: Sample) -> list[CprEvent]:
        """Analyse one sample; return the events it completes (often none)."""
        if self._finished:
            raise RuntimeError("this analysis is finished; start a new CprAnalyzer")
        t = sample.device_t_s
        if not math.isfinite(t):
            raise ValueError(f"sample time {t!r} is not a finite number")
        if self._last_t is not None and t < self._last_t:
            raise ValueError(
                f"sample at {t} s comes before the previous one at {self._last_t} s: "
                "feed samples in time order"
            )
        events: list[CprEvent] = []
        if self._first_t is None:
            self._first_t = t
        if self._prev_t is not None:
            step = t - self._prev_t
            if step > self.targets.max_sample_interval_s:
                self._break(
                    GapRecord(self._prev_t, t, Message("no samples, and no gap recorded")), events
                )
            else:
                self._dt_sum += step
                self._dt_count += 1
        self._prev_t = self._last_t = t
        depth = sample.depth_mm
        if depth is not None and math.isfinite(depth):
            self._saw_depth = True
            self._depth_sample(t, depth, events)
        volume = sample.lung_volume_ml
        if volume is not None and math.isfinite(volume):
            self._saw_lung = True
            self._lung_sample(t, volume, events)
        self._check_alarm(t, events)
        return events

    def gap(self, start_s: float, end_s: float, reason: str = "gap") -> list[CprEvent]:
        """No samples from ``start_s`` to ``end_s`` (a lost link, lost frames): nothing is
        detected across it, and its time counts neither as hands-on nor as a pause.
        Returns the events it settles (the release of a compression just before it).

        A gap no longer than ``max_sample_interval_s`` (a frame or two lost) is listed
        but bridged, as a step between samples that short is: the waveform goes on.
        """
        if self._finished:
            raise RuntimeError("this analysis is finished; start a new CprAnalyzer")
        if not (math.isfinite(start_s) and math.isfinite(end_s)) or end_s < start_s:
            raise ValueError(f"a gap from {start_s} s to {end_s} s is not a time interval")
        events: list[CprEvent] = []
        record = GapRecord(start_s, end_s, reason)
        if end_s - start_s <= self.targets.max_sample_interval_s:
            self._gaps.append(record)
            self._bridged += 1
        else:
            self._break(record, events)
        return events

    def note(self, warning: str) -> None:
        """Add a warning of the caller's (e.g. what the trace reader tolerated)."""
        self._notes.append(warning)

    def finish(self) -> CprSummary:
        """End of the stream: settle the last compression's release; the final summary.
        A peak still waiting for the chest to come back up is not counted."""
        if not self._finished:
            self._finished = True
            self._close_depth_segment([])
        return self.summary()

    # ------------------------------------------------------------------ depth

    def _depth_sample(self, t: float, v: float, events: list[CprEvent]) -> None:
        tg = self.targets
        if self._depth_prev_t is not None and t - self._depth_prev_t > tg.max_sample_interval_s:
            record = GapRecord(self._depth_prev_t, t, Message("no depth readings"))
            self._warn_gap(record)
            self._close_depth_segment(events)
        self._depth_prev_t = t
        pending = self._pending
        if pending is not None and t > pending.t + tg.pause_interval_s:
            self._settle(pending, events)
        peak = self._depth.push(t, v)
        if peak is not None:
            if self._pending is not None:
                self._settle(self._pending, events)
            self._compression(peak, events)
        elif self._pending_fall is not None:
            self._pending_fall.push(t, v)

    def _compression(self, peak: _Peak, events: list[CprEvent]) -> None:
        tg = self.targets
        previous = self._segment_last
        rate: float | None = None
        if previous is not None:
            interval = peak.t - previous.t
            if 0 < interval <= tg.pause_interval_s:
                rate = 60.0 / interval
            elif interval > tg.pause_interval_s:
                began = previous.end if previous.end is not None else previous.t
                pause = PauseRecord(began, max(began, peak.onset))
                self._pauses.append(pause)
                self._pause_total += pause.duration_s
        if self._segment_start is None:
            self._segment_start = peak.onset
        comp = _Comp(len(self._records), peak.t, peak.value, rate, peak.onset)
        self._records.append(
            CompressionRecord(comp.index, comp.t, comp.depth, None, rate, comp.start, None)
        )
        self._segment_last = comp
        self._pending, self._pending_fall = comp, peak.fall
        self._alarm_armed = False
        depth_ok = _within(comp.depth, tg.depth_min_mm, tg.depth_max_mm)
        self._depth_sum += comp.depth
        self._depth_ok += depth_ok
        self._depth_credit += _credit(
            comp.depth, tg.depth_min_mm, tg.depth_max_mm, tg.depth_falloff_mm
        )
        depth_feedback: DepthFeedback = (
            "ok" if depth_ok else "too_shallow" if comp.depth < tg.depth_min_mm else "too_deep"
        )
        rate_feedback: RateFeedback | None = None
        if rate is not None:
            rate_ok = _within(rate, tg.rate_min_cpm, tg.rate_max_cpm)
            self._rated += 1
            self._rate_sum += rate
            self._rate_ok += rate_ok
            self._rate_credit += _credit(
                rate, tg.rate_min_cpm, tg.rate_max_cpm, tg.rate_falloff_cpm
            )
            rate_feedback = "ok" if rate_ok else "slow" if rate < tg.rate_min_cpm else "fast"
        events.append(
            Compression(comp.index, comp.t, comp.depth, rate, depth_feedback, rate_feedback)
        )

    def _settle(self, comp: _Comp, events: list[CprEvent]) -> None:
        """The release window of ``comp`` is over: its release depth and end are known."""
        fall = self._pending_fall
        self._pending = self._pending_fall = None
        if fall is None or fall.crossing() is None:  # no sample after the peak: cannot be
            comp.release, comp.end = comp.depth, comp.t
        else:
            comp.release, comp.end = fall.minimum, fall.crossing()
        assert comp.release is not None and comp.end is not None
        self._records[comp.index] = CompressionRecord(
            comp.index, comp.t, comp.depth, comp.release, comp.rate, comp.start, comp.end
        )
        tg = self.targets
        full = _within(comp.release, -math.inf, tg.recoil_max_mm)
        self._released += 1
        self._release_sum += comp.release
        self._release_ok += full
        self._recoil_credit += _credit(
            comp.release, -math.inf, tg.recoil_max_mm, tg.recoil_falloff_mm
        )
        self._segment_end = (
            comp.end if self._segment_end is None else max(self._segment_end, comp.end)
        )
        if comp is self._segment_last:
            self._last_end = comp.end
            self._alarm_armed = True
        events.append(Release(comp.index, comp.t, comp.release, not full))

    def _close_depth_segment(self, events: list[CprEvent]) -> None:
        """Compressions end here (a gap, a hole in the depth readings, the end)."""
        if self._pending is not None:
            self._settle(self._pending, events)
        if self._segment_start is not None and self._segment_end is not None:
            self._active_closed += max(0.0, self._segment_end - self._segment_start)
        self._segment_start = self._segment_end = None
        self._segment_last = None
        self._depth.reset()
        self._depth_prev_t = None
        self._alarm_armed = False
        self._last_end = None

    # ------------------------------------------------------------------ breaths

    def _lung_sample(self, t: float, v: float, events: list[CprEvent]) -> None:
        tg = self.targets
        if self._lung_prev_t is not None and t - self._lung_prev_t > tg.max_sample_interval_s:
            self._warn_gap(GapRecord(self._lung_prev_t, t, Message("no lung volume readings")))
            self._lung.reset()
        self._lung_prev_t = t
        peak = self._lung.push(t, v)
        if peak is None:
            return
        ok = _within(peak.value, tg.vent_min_ml, tg.vent_max_ml)
        feedback: VolumeFeedback = (
            "ok" if ok else "too_small" if peak.value < tg.vent_min_ml else "too_large"
        )
        self._vents.append(VentilationRecord(peak.t, peak.value))
        self._vent_ok += ok
        self._vent_sum += peak.value
        self._vent_credit += _credit(peak.value, tg.vent_min_ml, tg.vent_max_ml, tg.vent_falloff_ml)
        events.append(Ventilation(len(self._vents) - 1, peak.t, peak.value, ok, feedback))

    # ------------------------------------------------------------------ gaps, alarm

    def _break(self, record: GapRecord, events: list[CprEvent]) -> None:
        self._gaps.append(record)
        self._warn_gap(record)
        self._close_depth_segment(events)
        self._lung.reset()
        self._lung_prev_t = None
        self._prev_t = None

    def _warn_gap(self, record: GapRecord) -> None:
        self._gap_warnings.append(
            Message(
                "{reason} from {start} s to {end} s ({duration} s): nothing is detected across "
                "it, and its time is left out of the compression fraction",
                reason=record.reason,
                start=f"{record.start_s:.3f}",
                end=f"{record.end_s:.3f}",
                duration=f"{record.end_s - record.start_s:.1f}",
            )
        )

    def _check_alarm(self, t: float, events: list[CprEvent]) -> None:
        tg = self.targets
        if not self._alarm_armed or self._last_end is None:
            return
        if t - self._last_end < tg.max_pause_s:
            return
        onset = self._depth.onset_in_progress()
        # Hold the alarm while a push that began within the limit may still turn out
        # to be a compression (it is confirmed only once the chest comes back up).
        if (
            onset is not None
            and onset < self._last_end + tg.max_pause_s
            and t - onset <= tg.pause_interval_s
        ):
            return
        self._alarm_armed = False
        self._alarms += 1
        events.append(HandsOffAlarm(t, t - self._last_end))

    # ------------------------------------------------------------------ summary

    def summary(self) -> CprSummary:
        """The figures so far. Live, the last compression's release may still be open:
        it is left out of the recoil figures, and its peak stands in for its end."""
        tg = self.targets
        n = len(self._records)
        active = self._active_closed
        if self._segment_start is not None:
            end = self._segment_end
            if self._pending is not None:
                end = self._pending.t if end is None else max(end, self._pending.t)
            if end is not None:
                active += max(0.0, end - self._segment_start)
        ccf: float | None = None
        if n and active > 0:
            ccf = min(1.0, max(0.0, 1.0 - self._pause_total / active))
        elif n:
            ccf = 1.0
        longest: float | None = None
        if n >= 2:
            longest = max((p.duration_s for p in self._pauses), default=0.0)
        n_vents = len(self._vents) if self._saw_lung else None
        rate_hz = self._dt_count / self._dt_sum if self._dt_sum > 0 else None
        components = self._score_components(ccf)
        score: float | None = None
        if n:
            weights = {
                "depth": tg.weight_depth,
                "rate": tg.weight_rate,
                "recoil": tg.weight_recoil,
                "ccf": tg.weight_ccf,
                "ventilation": tg.weight_ventilation,
            }
            total = sum(weights[k] for k in components)
            if total > 0:
                score = 100.0 * sum(weights[k] * c for k, c in components.items()) / total
        comps = tuple(self._records)
        duration = 0.0
        if self._first_t is not None and self._last_t is not None:
            duration = self._last_t - self._first_t
        return CprSummary(
            targets=tg,
            complete=self._finished,
            compressions=n,
            mean_depth_mm=self._depth_sum / n if n else None,
            mean_rate_cpm=self._rate_sum / self._rated if self._rated else None,
            pct_depth_ok=_pct(self._depth_ok, n),
            pct_rate_ok=_pct(self._rate_ok, self._rated),
            pct_full_recoil=_pct(self._release_ok, self._released),
            mean_release_depth_mm=self._release_sum / self._released if self._released else None,
            ccf=ccf,
            ventilations=n_vents,
            pct_vent_volume_ok=_pct(self._vent_ok, len(self._vents)),
            mean_volume_ml=self._vent_sum / len(self._vents) if self._vents else None,
            longest_pause_s=longest,
            hands_off_alarms=self._alarms,
            score=score,
            score_components={k: 100.0 * c for k, c in components.items()} if n else {},
            per_compression=comps,
            per_ventilation=tuple(self._vents),
            pauses=tuple(self._pauses),
            gaps=tuple(self._gaps),
            warnings=tuple(self._warnings(rate_hz)),
            duration_s=duration,
            sample_rate_hz=rate_hz,
        )

    def _score_components(self, ccf: float | None) -> dict[str, float]:
        """Each component's credit from 0 to 1 (docs/cpr-metrics.md, "the score")."""
        tg = self.targets
        n = len(self._records)
        if not n:
            return {}
        parts = {
            "depth": self._depth_credit / n,
            # No rated compression at all (one compression, or all far apart): no credit.
            "rate": self._rate_credit / self._rated if self._rated else 0.0,
            # Live, the open release of the last compression is not judged yet.
            "recoil": self._recoil_credit / self._released if self._released else 1.0,
            "ccf": _credit(ccf, tg.ccf_min, 1.0, tg.ccf_falloff) if ccf is not None else 0.0,
        }
        if self._vents:
            parts["ventilation"] = self._vent_credit / len(self._vents)
        elif self._saw_lung and tg.ventilations_expected:
            parts["ventilation"] = 0.0
        return parts

    def _warnings(self, rate_hz: float | None) -> list[str]:
        tg = self.targets
        out = list(self._notes)
        out.extend(self._gap_warnings[:MAX_GAP_WARNINGS])
        if len(self._gap_warnings) > MAX_GAP_WARNINGS:
            more = len(self._gap_warnings) - MAX_GAP_WARNINGS
            out.append(Message("... and {n} more stretches without readings", n=more))
        if self._bridged:
            out.append(
                Message(
                    "{n} short gap(s) of {seconds} s or less (frames lost) were bridged: the "
                    "waveform was followed across them",
                    n=self._bridged,
                    seconds=f"{tg.max_sample_interval_s:g}",
                )
            )
        if self._first_t is None:
            out.append(Message("no samples: nothing can be measured"))
            return out
        if rate_hz is not None and rate_hz < tg.min_sample_rate_hz:
            out.append(
                Message(
                    "the device sampled at about {rate} Hz, below {minimum} Hz: each "
                    "compression's depth and timing are less precise (its peak falls between "
                    "samples), and fast compressions may be missed",
                    rate=f"{rate_hz:.0f}",
                    minimum=f"{tg.min_sample_rate_hz:.0f}",
                )
            )
        n = len(self._records)
        if not self._saw_depth:
            out.append(
                Message(
                    "the trace has no chest depth readings: compressions, depth, rate, "
                    "recoil, CCF and the score cannot be measured"
                )
            )
        elif not n:
            out.append(
                Message(
                    "no compressions found (no depth peak of {depth} mm or more standing "
                    "{prominence} mm above the depth on each side): depth, rate, recoil, CCF, "
                    "pauses and the score cannot be measured",
                    depth=f"{tg.compression_min_depth_mm:g}",
                    prominence=f"{tg.compression_prominence_mm:g}",
                )
            )
        elif not self._rated:
            out.append(
                Message(
                    "no two compressions within {seconds} s of each other: the rate cannot "
                    "be measured",
                    seconds=f"{tg.pause_interval_s:g}",
                )
            )
        if not self._saw_lung:
            out.append(
                Message(
                    "the trace has no lung volume readings: breaths cannot be counted, and "
                    "the score leaves ventilation out"
                )
            )
        elif not self._vents:
            out.append(
                Message(
                    "no breaths found (no lung volume peak of {volume} mL or more): the share "
                    "of breaths in the target volume cannot be measured",
                    volume=f"{tg.vent_min_volume_ml:g}",
                )
            )
        return out


def analyze_trace(trace: Trace, targets: CprTargets = ADULT) -> CprSummary:
    """Analyse a recorded trace with the live analyser: samples in order, each recorded
    gap just before the first sample after its start."""
    analyzer = CprAnalyzer(targets)
    gaps = sorted(trace.gaps, key=lambda g: (g.start_s, g.end_s))
    g = 0
    for sample in trace.samples:
        while g < len(gaps) and sample.device_t_s > gaps[g].start_s:
            analyzer.gap(gaps[g].start_s, gaps[g].end_s, gaps[g].reason)
            g += 1
        analyzer.feed(sample)
    for gap in gaps[g:]:
        analyzer.gap(gap.start_s, gap.end_s, gap.reason)
    for warning in trace.warnings:
        analyzer.note(warning)
    return analyzer.finish()
