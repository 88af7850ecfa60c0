"""Synthetic CPR traces with their ground truth, for tests and benchmarks.

A session is a list of steps: :class:`Run` (a series of compressions) and :class:`Pause`
(hands off, with breaths, or with the device unplugged). :func:`synthesize` turns it
into a :class:`~devices.trace.Trace` at any sample rate, with sensor noise, and into
the :class:`Truth` the analyser should find: each compression's time, depth, release,
start and end, each breath, each pause, the CCF and the number of hands-off alarms.

The depth waveform is made of raised-cosine strokes: each compression goes down from
where the chest was to its depth (``duty`` of its cycle), comes back up to its release
depth (``release_share`` of the cycle) and rests there until the next push. The peak
is a single smooth maximum, so its true time and depth are exact. Leaning is a release
depth above zero. In a pause the hands lift off (the chest returns to 0) and breaths
raise the lung volume over 1 s and let it fall over 1.2 s. Force follows the depth on
the manikin's spring, never below 0 (a load cell does not pull).

The truth applies the definitions of docs/cpr-metrics.md to the noise-free waveform,
computed in closed form or by bisection on the waveform itself: an independent check
of the streaming analyser, which sees only noisy samples. A run's compressions must
stay deeper than the detection thresholds (15 mm above where they start), which
:func:`synthesize` enforces.

Pure Python, seeded: the same steps and seed always give the same trace.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias

from devices.cpr.profiles import ADULT, CprTargets
from devices.sample import Sample
from devices.trace import Gap, Trace

__all__ = [
    "Pause",
    "Run",
    "Step",
    "Synthetic",
    "TrueCompression",
    "TruePause",
    "TrueVentilation",
    "Truth",
    "cpr_session",
    "synthesize",
]

#: After the last compression of a run, the hands stay on the chest this long (at its
#: release depth) before they lift off, over LIFT_S.
HANDS_OFF_DELAY_S: Final = 0.2
LIFT_S: Final = 0.15
#: A breath: its first inspiration starts this long into the pause; each inspiration
#: lasts INSPIRATION_S (AHA 2020: each breath over about 1 s), each exhalation
#: EXHALATION_S, and breaths start BREATH_SPACING_S apart.
FIRST_BREATH_S: Final = 0.6
INSPIRATION_S: Final = 1.0
EXHALATION_S: Final = 1.2
BREATH_SPACING_S: Final = 2.4
#: The manikin's chest stiffness for the force channel, N per mm (about 45 kg-force at
#: 50 mm, as adult training manikins).
STIFFNESS_N_PER_MM: Final = 9.0
#: How far a compression must rise above where it starts (margin over the 10 mm
#: detection thresholds, so that noise never decides whether it counts).
MIN_STROKE_MM: Final = 15.0


@dataclass(frozen=True, slots=True)
class Run:
    """``compressions`` compressions in a row. Each draws its rate, depth and release
    depth from a normal distribution (mean, standard deviation); with ``rate_end_cpm``
    the mean rate drifts linearly from ``rate_cpm`` to it over the run."""

    compressions: int
    rate_cpm: float = 110.0
    rate_end_cpm: float | None = None
    rate_sd_cpm: float = 0.0
    depth_mm: float = 55.0
    depth_sd_mm: float = 0.0
    release_mm: float = 0.0
    release_sd_mm: float = 0.0
    duty: float = 0.4
    release_share: float = 0.4


@dataclass(frozen=True, slots=True)
class Pause:
    """Hands off for ``duration_s`` (from the end of the last compression's upstroke to
    the start of the next one's downstroke), with a breath of each volume in
    ``breaths``. ``unplugged``: the device is disconnected for the middle half of it
    (no samples; a gap in the trace)."""

    duration_s: float
    breaths: tuple[float, ...] = ()
    unplugged: bool = False


Step: TypeAlias = Run | Pause


@dataclass(frozen=True, slots=True)
class TrueCompression:
    t_s: float
    depth_mm: float
    release_depth_mm: float
    start_s: float
    end_s: float
    rate_cpm: float | None


@dataclass(frozen=True, slots=True)
class TrueVentilation:
    t_s: float
    volume_ml: float


@dataclass(frozen=True, slots=True)
class TruePause:
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class Truth:
    """What the analyser should find in the trace (docs/cpr-metrics.md's definitions
    applied to the noise-free waveform)."""

    compressions: tuple[TrueCompression, ...]
    ventilations: tuple[TrueVentilation, ...]
    pauses: tuple[TruePause, ...]
    gaps: tuple[Gap, ...]
    hands_off_alarms: int
    ccf: float | None

    @property
    def mean_depth_mm(self) -> float | None:
        depths = [c.depth_mm for c in self.compressions]
        return sum(depths) / len(depths) if depths else None

    @property
    def mean_rate_cpm(self) -> float | None:
        rates = [c.rate_cpm for c in self.compressions if c.rate_cpm is not None]
        return sum(rates) / len(rates) if rates else None

    @property
    def longest_pause_s(self) -> float | None:
        if len(self.compressions) < 2:
            return None
        return max((p.duration_s for p in self.pauses), default=0.0)


@dataclass(frozen=True, slots=True)
class Synthetic:
    trace: Trace
    truth: Truth


@dataclass(frozen=True, slots=True)
class _Stroke:
    """A raised-cosine move from ``y0`` to ``y1`` over [t0, t1], then rest at ``y1``."""

    t0: float
    t1: float
    y0: float
    y1: float

    def at(self, t: float) -> float:
        if t >= self.t1:
            return self.y1
        if t <= self.t0:
            return self.y0
        u = (t - self.t0) / (self.t1 - self.t0)
        return self.y0 + (self.y1 - self.y0) * (1 - math.cos(math.pi * u)) / 2


class _Waveform:
    """A signal made of strokes, each starting where the one before left off."""

    def __init__(self) -> None:
        self.strokes: list[_Stroke] = []
        self._starts: list[float] = []

    @property
    def level(self) -> float:
        return self.strokes[-1].y1 if self.strokes else 0.0

    def move(self, t0: float, duration: float, y1: float) -> None:
        self.strokes.append(_Stroke(t0, t0 + duration, self.level, y1))
        self._starts.append(t0)

    def at(self, t: float) -> float:
        i = bisect.bisect_right(self._starts, t) - 1
        return 0.0 if i < 0 else self.strokes[i].at(t)


@dataclass(slots=True)
class _Planned:
    start: float  # the downstroke begins
    peak: float
    depth: float
    from_mm: float
    segment: int


def _descent_crossing(p: _Planned, level: float) -> float:
    """When the downstroke of ``p`` passes ``level`` (closed form of the raised cosine)."""
    share = (level - p.from_mm) / (p.depth - p.from_mm)
    share = min(1.0, max(0.0, share))
    return p.start + (p.peak - p.start) * math.acos(1 - 2 * share) / math.pi


def _first_time_at_most(wave: _Waveform, t0: float, t1: float, level: float) -> float:
    """The first time in [t0, t1] that a non-increasing stretch of ``wave`` is at or
    below ``level`` (bisection to 1 µs)."""
    if wave.at(t0) <= level:
        return t0
    low, high = t0, t1
    while high - low > 1e-6:
        mid = (low + high) / 2
        if wave.at(mid) <= level:
            high = mid
        else:
            low = mid
    return high


def cpr_session(
    cycles: int,
    *,
    compressions: int = 30,
    breaths: Sequence[float] = (550.0, 520.0),
    pause_s: float = 6.0,
    run: Run | None = None,
) -> list[Step]:
    """``cycles`` cycles of 30:2 (AHA 2020 / ERC 2021 without an advanced airway): runs
    like ``run`` (its ``compressions`` replaced) with a pause and breaths between them."""
    template = run or Run(compressions)
    steps: list[Step] = []
    for i in range(cycles):
        steps.append(
            Run(
                compressions,
                template.rate_cpm,
                template.rate_end_cpm,
                template.rate_sd_cpm,
                template.depth_mm,
                template.depth_sd_mm,
                template.release_mm,
                template.release_sd_mm,
                template.duty,
                template.release_share,
            )
        )
        if i < cycles - 1:
            steps.append(Pause(pause_s, tuple(breaths)))
    return steps


def synthesize(
    steps: Sequence[Step],
    *,
    rate_hz: float = 200.0,
    seed: int = 0,
    noise_mm: float = 0.3,
    noise_ml: float = 3.0,
    noise_n: float = 2.0,
    lead_in_s: float = 1.0,
    tail_s: float = 2.5,
    targets: CprTargets = ADULT,
) -> Synthetic:
    """The trace of ``steps`` sampled at ``rate_hz`` from t = 0, and its truth.

    ``targets`` supplies the definitions' parameters (pause interval, onset margin,
    hands-off limit). Raises ValueError for steps that cannot be drawn (a pause too
    short for its breaths, a compression cycle with no time to rest).
    """
    if not (math.isfinite(rate_hz) and rate_hz > 0):
        raise ValueError(f"rate_hz must be above 0, not {rate_hz!r}")
    rng = random.Random(seed)
    depth = _Waveform()
    lung = _Waveform()
    planned: list[_Planned] = []
    breaths: list[TrueVentilation] = []
    unplugged: list[tuple[float, float]] = []
    t = lead_in_s
    segment = 0
    for step in steps:
        if isinstance(step, Run):
            t = _draw_run(step, t, rng, depth, planned, segment)
        else:
            if step.duration_s <= 0:
                raise ValueError("a pause lasts more than 0 s")
            if depth.level > 0:
                depth.move(t + HANDS_OFF_DELAY_S, LIFT_S, 0.0)
            need = FIRST_BREATH_S + BREATH_SPACING_S * len(step.breaths)
            if step.breaths and step.duration_s < need:
                raise ValueError(
                    f"a pause with {len(step.breaths)} breath(s) lasts at least {need:g} s"
                )
            if step.unplugged:
                if step.breaths:
                    raise ValueError("breaths in an unplugged pause would not be recorded")
                unplugged.append((t + step.duration_s / 4, t + 3 * step.duration_s / 4))
                segment += 1
            for k, volume in enumerate(step.breaths):
                start = t + FIRST_BREATH_S + k * BREATH_SPACING_S
                lung.move(start, INSPIRATION_S, volume)
                lung.move(start + INSPIRATION_S, EXHALATION_S, 0.0)
                breaths.append(TrueVentilation(start + INSPIRATION_S, volume))
            t += step.duration_s
    end_t = t + tail_s
    samples, gaps = _sample(
        depth, lung, end_t, rate_hz, unplugged, rng, noise_mm, noise_ml, noise_n
    )
    truth = _truth(depth, planned, breaths, gaps, samples, rate_hz, targets)
    identity = {
        "model": "SkillStation Synth",
        "serial": f"SYNTH-{seed}",
        "rate_hz": repr(float(rate_hz)),
    }
    return Synthetic(Trace(samples, identity, gaps, (), float(rate_hz)), truth)


def _draw_run(
    run: Run,
    t: float,
    rng: random.Random,
    depth: _Waveform,
    planned: list[_Planned],
    segment: int,
) -> float:
    """Draw the strokes of ``run`` from time ``t``; return when its last upstroke ends."""
    if run.duty <= 0 or run.release_share <= 0 or run.duty + run.release_share > 0.95:
        raise ValueError("duty and release_share are above 0 and leave 5 % of a cycle to rest")
    n = run.compressions
    end = t
    for i in range(n):
        mean_rate = run.rate_cpm
        if run.rate_end_cpm is not None and n > 1:
            mean_rate += (run.rate_end_cpm - run.rate_cpm) * i / (n - 1)
        rate = max(20.0, rng.gauss(mean_rate, run.rate_sd_cpm))
        period = 60.0 / rate
        start_level = depth.level
        peak_depth = max(start_level + MIN_STROKE_MM, rng.gauss(run.depth_mm, run.depth_sd_mm))
        release = min(
            peak_depth - MIN_STROKE_MM, max(0.0, rng.gauss(run.release_mm, run.release_sd_mm))
        )
        down, up = run.duty * period, run.release_share * period
        depth.move(t, down, peak_depth)
        depth.move(t + down, up, release)
        planned.append(_Planned(t, t + down, peak_depth, start_level, segment))
        end = t + down + up
        t += period
    return end


def _sample(
    depth: _Waveform,
    lung: _Waveform,
    end_t: float,
    rate_hz: float,
    unplugged: list[tuple[float, float]],
    rng: random.Random,
    noise_mm: float,
    noise_ml: float,
    noise_n: float,
) -> tuple[list[Sample], list[Gap]]:
    samples: list[Sample] = []
    gaps: list[Gap] = []
    holes = iter(unplugged)
    hole = next(holes, None)
    last_t: float | None = None
    k = 0
    while (t := k / rate_hz) <= end_t:
        k += 1
        if hole is not None and t >= hole[0]:
            if t <= hole[1]:
                continue
            if last_t is not None:
                gaps.append(Gap(last_t, t, "unplugged"))
            hole = next(holes, None)
        d = depth.at(t)
        samples.append(
            Sample(
                t,
                t,
                d + rng.gauss(0.0, noise_mm),
                max(0.0, STIFFNESS_N_PER_MM * d + rng.gauss(0.0, noise_n)),
                lung.at(t) + rng.gauss(0.0, noise_ml),
            )
        )
        last_t = t
    return samples, gaps


def _truth(
    depth: _Waveform,
    planned: list[_Planned],
    breaths: list[TrueVentilation],
    gaps: list[Gap],
    samples: list[Sample],
    rate_hz: float,
    tg: CprTargets,
) -> Truth:
    """Apply the definitions to the noise-free waveform."""
    last_sample = samples[-1].device_t_s if samples else 0.0
    # The analyser sees the release window only up to the last sample before a gap.
    gap_starts = sorted(g.start_s for g in gaps)
    compressions: list[TrueCompression] = []
    pauses: list[TruePause] = []
    hands_on = 0.0
    alarms = 0
    segment_first: float | None = None
    for i, p in enumerate(planned):
        following = planned[i + 1] if i + 1 < len(planned) else None
        same = following is not None and following.segment == p.segment
        window_end = min(p.peak + tg.pause_interval_s, last_sample)
        if following is not None:
            window_end = min(window_end, following.start)
        g = bisect.bisect_right(gap_starts, p.peak)
        if g < len(gap_starts):
            window_end = min(window_end, gap_starts[g])
        # The last sample inside the window (the waveform only falls within it).
        window_end = math.floor(window_end * rate_hz + 1e-9) / rate_hz
        release = depth.at(window_end)
        end = _first_time_at_most(depth, p.peak, window_end, release + tg.onset_margin_mm)
        start = _descent_crossing(p, p.from_mm + tg.onset_margin_mm)
        rate: float | None = None
        previous = (
            compressions[-1] if compressions and planned[i - 1].segment == p.segment else None
        )
        if previous is not None:
            interval = p.peak - previous.t_s
            if interval <= tg.pause_interval_s:
                rate = 60.0 / interval
            else:
                pauses.append(TruePause(previous.end_s, start))
        if segment_first is None:
            segment_first = start
        compressions.append(TrueCompression(p.peak, p.depth, release, start, end, rate))
        # Hands off after this compression until the next one, a gap or the end.
        off_until = last_sample
        if same and following is not None:
            off_until = _descent_crossing(following, following.from_mm + tg.onset_margin_mm)
        if g < len(gap_starts):
            off_until = min(off_until, gap_starts[g])
        if off_until - end >= tg.max_pause_s:
            alarms += 1
        if not same:
            hands_on += end - segment_first
            segment_first = None
    total_pause = sum(p.duration_s for p in pauses)
    ccf = 1.0 - total_pause / hands_on if compressions and hands_on > 0 else None
    return Truth(tuple(compressions), tuple(breaths), tuple(pauses), tuple(gaps), alarms, ccf)
