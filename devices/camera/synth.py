"""Synthetic CPR videos of known compression rate, for testing the video rate estimate.

A textured background with a bright rescuer-like region (shoulders, arms and hands) that
moves up and down at the compression rate, written as MJPG in an AVI container. Options
add what makes real footage hard: lighting flicker (the whole picture brightening and
dimming), sensor noise, another person moving in the background, rate changes and pauses.
:func:`write_cpr_video` returns the ground truth: every compression's time and the mean
rate while compressions were given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Segment:
    """A stretch of the video: ``duration_s`` seconds of compressions at ``rate_cpm``
    per minute, or a pause (no compressions) when ``rate_cpm`` is 0."""

    duration_s: float
    rate_cpm: float


@dataclass(frozen=True)
class SynthOptions:
    """How the synthetic video looks. Amplitudes are in pixels or grey levels (0-255)."""

    width: int = 160
    height: int = 120
    fps: float = 30.0
    #: Peak-to-peak travel of the rescuer's arms, as a fraction of the frame height.
    travel: float = 0.08
    #: Relative depth of the lighting flicker (0.1: brightness varies by ±10 %).
    flicker_depth: float = 0.0
    flicker_hz: float = 1.9
    #: Standard deviation of the per-pixel sensor noise, in grey levels.
    noise_sd: float = 0.0
    #: Another figure drifting across the background, in pixels per second (0: none).
    background_speed_px_s: float = 0.0
    seed: int = 1


@dataclass(frozen=True)
class SynthTruth:
    """What was put into a synthetic video."""

    path: Path
    fps: float
    frames: int
    duration_s: float
    #: Times of the deepest point of every compression, in seconds from the start.
    compression_times_s: tuple[float, ...]
    #: The mean rate over the time compressions were given (pauses left out), per minute.
    mean_rate_cpm: float
    #: The rescuer's region in the frame, (x, y, w, h) in pixels, including its travel.
    roi: tuple[int, int, int, int]
    segments: tuple[Segment, ...] = field(default=())

    @property
    def compressions(self) -> int:
        return len(self.compression_times_s)


def _background(options: SynthOptions, rng: np.random.Generator) -> npt.NDArray[np.float32]:
    """A smooth, textured grey background (a floor and a wall)."""
    h, w = options.height, options.width
    coarse = rng.uniform(60.0, 110.0, size=(max(2, h // 8), max(2, w // 8))).astype(np.float32)
    texture = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    gradient = np.linspace(-15.0, 15.0, h, dtype=np.float32)[:, None]
    result: npt.NDArray[np.float32] = texture + gradient
    return result


def _phase(segments: Sequence[Segment], times: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The compression phase (in cycles) at each time; constant during pauses."""
    phase = np.zeros_like(times)
    start = 0.0
    cycles = 0.0
    for segment in segments:
        end = start + segment.duration_s
        inside = (times >= start) & (times < end)
        phase[inside] = cycles + (times[inside] - start) * segment.rate_cpm / 60.0
        cycles += segment.duration_s * segment.rate_cpm / 60.0
        start = end
    phase[times >= start] = cycles
    return phase


def write_cpr_video(
    path: Path, segments: Sequence[Segment], options: SynthOptions | None = None
) -> SynthTruth:
    """Write a synthetic CPR video (MJPG/AVI) to ``path`` and return its ground truth.

    Raises ``ValueError`` for no segments or a negative duration or rate, ``OSError`` if
    the file cannot be written.
    """
    options = options or SynthOptions()
    if not segments:
        raise ValueError("a synthetic video needs at least one segment")
    if any(s.duration_s <= 0 or s.rate_cpm < 0 for s in segments):
        raise ValueError("segment durations must be positive and rates not negative")
    rng = np.random.default_rng(options.seed)
    h, w = options.height, options.width
    duration = sum(s.duration_s for s in segments)
    frames = round(duration * options.fps)
    times = np.arange(frames, dtype=np.float64) / options.fps
    phase = _phase(segments, times)
    background = _background(options, rng)
    travel = options.travel * h
    # The rescuer: shoulders and arms, a bright block in the middle of the frame; the
    # hands push down (larger y) at every compression.
    bw, bh = int(w * 0.3), int(h * 0.35)
    x0 = (w - bw) // 2
    y_rest = int(h * 0.3)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), options.fps, (w, h))
    if not writer.isOpened():
        raise OSError(f"{path}: cannot write an MJPG/AVI video there")
    try:
        for i in range(frames):
            # Deepest point of a compression at whole cycles: depth = (1 - cos) / 2.
            depth = 0.5 * (1.0 - math.cos(2.0 * math.pi * phase[i]))
            top = y_rest + depth * travel
            frame = background.copy()
            # Soft edges (one-pixel ramps) so sub-pixel motion shows as a change of grey.
            inside_y = np.clip(yy - top + 0.5, 0.0, 1.0) * np.clip(top + bh - yy + 0.5, 0.0, 1.0)
            inside_x = np.clip(xx - x0 + 0.5, 0.0, 1.0) * np.clip(x0 + bw - xx + 0.5, 0.0, 1.0)
            blob = inside_x * inside_y
            frame = frame * (1.0 - blob) + 200.0 * blob
            if options.background_speed_px_s > 0:
                # A dark figure walking across the back of the room, left to right, and
                # the next one coming in from the left when it has left the picture.
                figure = w * 0.08
                cx = (options.background_speed_px_s * times[i]) % (w + figure) - figure
                fx = ((xx >= cx) & (xx < cx + figure) & (yy < h * 0.6)).astype(np.float32)
                frame = frame * (1.0 - fx) + 30.0 * fx
            if options.flicker_depth > 0:
                frame = frame * (
                    1.0
                    + options.flicker_depth
                    * math.sin(2.0 * math.pi * options.flicker_hz * times[i])
                )
            if options.noise_sd > 0:
                frame = frame + rng.normal(0.0, options.noise_sd, size=frame.shape).astype(
                    np.float32
                )
            grey = np.clip(frame, 0, 255).astype(np.uint8)
            writer.write(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR))
    finally:
        writer.release()
    compression_times: list[float] = []
    k = 1
    while frames and k - 0.5 <= phase[-1]:
        compression_times.append(float(times[int(np.searchsorted(phase, k - 0.5))]))
        k += 1
    active = [s for s in segments if s.rate_cpm > 0]
    active_time = sum(s.duration_s for s in active)
    mean_rate = sum(s.rate_cpm * s.duration_s for s in active) / active_time if active_time else 0.0
    roi = (x0, y_rest, bw, int(bh + travel) + 1)
    return SynthTruth(
        path=path,
        fps=options.fps,
        frames=frames,
        duration_s=frames / options.fps,
        compression_times_s=tuple(compression_times),
        mean_rate_cpm=mean_rate,
        roi=roi,
        segments=tuple(segments),
    )
