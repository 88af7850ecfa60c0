"""Compression rate from a live camera, updated every 0.5 s while the trainee compresses.

The same method as :mod:`devices.camera.rate` (which analyses a whole file), frame by
frame: :meth:`LiveRateEstimator.feed` shrinks each frame to the same grid of cells and
keeps it; every 0.5 s it takes the last 5 s of the moving region's cells and locates the
spectral peak exactly as a window of the file analysis does (:func:`rate.window_rates`),
so the live figure and ``analyze-video`` of the same frames agree. Per frame the work is
the shrink (one ``cv2`` area resize of the frame) and storing a few hundred numbers;
every 0.5 s one window's spectra over the region's cells; the region itself is searched
(:func:`rate.find_region`) over the last 10 s once 5 s of frames have come in, again
with every estimate until 10 s are in, then every 2 s, so that a camera moved or a
rescuer changed is followed.

An estimate without a rate says why (:class:`NoRate`): the region is not found yet
(less than 5 s of frames), the region is still (a pause, hands off) or it moves without
a rhythm in 60-180 /min. Independently of the 5 s window, ``moving`` tells whether the
region moved in the last second, which is what a hands-off timer needs (the window
still holds compressions for a few seconds after they stop).

:class:`LiveRateMonitor` runs an estimator on a thread of its own, fed by a
:class:`~devices.camera.frames.CameraCapture` ring; the GUI drains its estimates at
display rate. Plain numpy and OpenCV: nothing here knows Qt.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np
import numpy.typing as npt

from devices.camera.frames import CapturedFrame
from devices.camera.rate import (
    MIN_MOTION,
    NO_RHYTHM,
    STEP_S,
    WINDOW_S,
    FloatArray,
    VideoError,
    VideoRateResult,
    analyse_cells,
    cell_grid,
    find_region,
    frame_cells,
    region_roi,
    window_rates,
)
from devices.ring import Ring

__all__ = [
    "LiveRate",
    "LiveRateEstimator",
    "LiveRateMonitor",
    "NoRate",
]

#: The region is searched over this much of the latest video.
REGION_HISTORY_S = 10.0
#: ... and searched again this often, once found.
REGION_EVERY_S = 2.0
#: ``moving`` looks at this much of the latest video.
MOTION_S = 1.0
#: Frames further apart than this (a camera that stalled) start the analysis afresh: the
#: spectra assume evenly spaced frames.
MAX_GAP_S = 1.0
#: The live frame rate is measured over this many of the latest frames (a webcam may
#: slow down in dim light; the whole attempt's mean would hide it).
RATE_FRAMES = 128
#: The whole attempt is kept for :meth:`LiveRateEstimator.summary` up to this long (the
#: cells of 10 minutes take about 45 MB); past it the oldest frames are let go.
KEEP_S = 600.0


class NoRate(StrEnum):
    """Why an estimate has no rate."""

    #: Fewer than 5 s of frames so far: the rescuer's region is not found yet.
    NO_REGION = "no_region"
    #: The region barely moves: a pause, hands off, a still picture.
    STILL = "still"
    #: The region moves, but not in a rhythm between 60 and 180 /min.
    NO_RHYTHM = "no_rhythm"


@dataclass(frozen=True, slots=True)
class LiveRate:
    """One estimate: ``t_s`` is the newest frame's time (the clock the frames carry),
    ``frames`` the frames fed since the start; ``rate_cpm`` is the rate over the last
    5 s, or None and ``reason`` says why; ``roi`` the region analysed (x, y, w, h in the
    picture's pixels), None before it is found; ``moving`` whether the region moved in
    the last second; ``fps`` the frame rate measured from the frames' times."""

    t_s: float
    frames: int
    rate_cpm: float | None
    reason: NoRate | None
    roi: tuple[int, int, int, int] | None
    moving: bool
    fps: float


class LiveRateEstimator:
    """Feeds frames one at a time; gives an estimate every 0.5 s (see the module).

    Not thread-safe: one thread feeds it (a :class:`LiveRateMonitor` does).
    """

    def __init__(self, *, keep_s: float = KEEP_S) -> None:
        if keep_s < WINDOW_S:
            raise ValueError(f"keep at least {WINDOW_S:g} s of frames, not {keep_s!r}")
        self.keep_s = keep_s
        self._cells: deque[FloatArray] = deque()
        self._times: deque[float] = deque()
        self._size: tuple[int, int] | None = None
        self._grid: tuple[int, int] = (0, 0)
        self._scale = 1.0
        self._fed = 0
        self._since_estimate = 0
        self._mask: npt.NDArray[np.bool_] | None = None
        self._searched_at: float | None = None
        #: Frames let go because the attempt outgrew ``keep_s`` or the camera stalled.
        self.discarded = 0

    # ------------------------------------------------------------------ state

    @property
    def frames(self) -> int:
        """Frames fed since the start (or since the picture changed size)."""
        return self._fed

    @property
    def size(self) -> tuple[int, int] | None:
        """The picture's (width, height), None before the first frame."""
        return self._size

    @property
    def roi(self) -> tuple[int, int, int, int] | None:
        """The region in use (x, y, w, h in the picture's pixels), None before found."""
        return None if self._mask is None else region_roi(self._mask, self._scale)

    @property
    def fps(self) -> float:
        """The frame rate measured from the times of the frames kept (0 before two)."""
        return self._rate_of(len(self._times))

    def _rate_of(self, count: int) -> float:
        """Frames per second over the latest ``count`` frames kept."""
        count = min(count, len(self._times))
        if count < 2:
            return 0.0
        span = self._times[-1] - self._times[-count]
        return (count - 1) / span if span > 0 else 0.0

    def reset(self) -> None:
        """Forget every frame (a new attempt, another camera)."""
        self._cells.clear()
        self._times.clear()
        self._size = None
        self._fed = 0
        self._since_estimate = 0
        self._mask = None
        self._searched_at = None

    # ------------------------------------------------------------------ frames

    def feed(self, image: npt.NDArray[np.uint8], t_s: float) -> LiveRate | None:
        """Take one frame (BGR or grey) shot at ``t_s`` seconds (any monotonic clock);
        returns an estimate when one is due (every 0.5 s of frames), else None."""
        height, width = image.shape[:2]
        if self._size != (width, height):
            self.reset()
            self._size = (width, height)
            self._grid, self._scale = cell_grid(width, height)
        elif self._times and t_s == self._times[-1]:
            # The same moment twice (a camera repeating a frame): nothing new to see.
            self.discarded += 1
            return None
        elif self._times and not 0 < t_s - self._times[-1] <= MAX_GAP_S:
            # A stalled camera, or a clock that went back: the spectra need evenly
            # spaced frames, so the analysis starts again from this frame.
            self.discarded += len(self._times)
            size = self._size
            self.reset()
            self._size = size
            self._grid, self._scale = cell_grid(width, height)
        self._cells.append(frame_cells(image, self._grid))
        self._times.append(t_s)
        while self._times[-1] - self._times[0] > self.keep_s:
            self._cells.popleft()
            self._times.popleft()
            self.discarded += 1
        self._fed += 1
        self._since_estimate += 1
        fps = self._rate_of(RATE_FRAMES)
        if fps <= 0 or self._since_estimate < max(1, round(STEP_S * fps)):
            return None
        self._since_estimate = 0
        return self._estimate(fps)

    def _estimate(self, fps: float) -> LiveRate:
        t_s = self._times[-1]
        win = round(WINDOW_S * fps)
        if len(self._cells) < win:
            return LiveRate(t_s, self._fed, None, NoRate.NO_REGION, None, False, fps)
        motion_frames = max(2, round(MOTION_S * fps))
        if self._mask is None:
            self._mask = self._search(win, fps)
            self._searched_at = t_s
        elif self._searched_at is None or t_s - self._searched_at >= (
            STEP_S if len(self._cells) < round(REGION_HISTORY_S * fps) else REGION_EVERY_S
        ):
            # Searched again over the last 10 s: with every estimate until 10 s of frames
            # are in (each search sees more), then every 2 s (following a camera moved or
            # a rescuer changed). A region that is still now (a pause) is only left for
            # one that gives a rate: searching a still scene finds noise or a passer-by,
            # and the rescuer will be back where they were.
            found = self._search(round(REGION_HISTORY_S * fps), fps)
            self._searched_at = t_s
            if (
                _moving(self._window(self._mask, motion_frames))
                or window_rates(self._window(found, win)[None], fps)[0][0] is not None
            ):
                self._mask = found
        mask = self._mask
        assert mask is not None
        window = self._window(mask, win)
        rate, why = window_rates(window[None], fps)[0]
        reason = None
        if rate is None:
            reason = NoRate.NO_RHYTHM if why == NO_RHYTHM else NoRate.STILL
        return LiveRate(
            t_s,
            self._fed,
            rate,
            reason,
            region_roi(mask, self._scale),
            _moving(window[:, -motion_frames:]),
            fps,
        )

    def _window(self, mask: npt.NDArray[np.bool_], frames: int) -> FloatArray:
        """The region's cells over the latest ``frames`` frames (cells × frames)."""
        count = len(self._cells)
        return np.stack(
            [self._cells[i][mask] for i in range(count - min(frames, count), count)], axis=-1
        )

    def _search(self, frames: int, fps: float) -> npt.NDArray[np.bool_]:
        """The region found over the latest ``frames`` frames (step 3 of the method)."""
        count = len(self._cells)
        history = min(count, max(round(WINDOW_S * fps), frames))
        return find_region(np.stack([self._cells[i] for i in range(count - history, count)]), fps)

    def summary(self) -> VideoRateResult | None:
        """The file analysis (:func:`rate.analyse_cells`: region found, windows, mean
        rate, compressions counted) of every frame kept, as ``analyze-video`` gives for
        a recording of them; None with less than 5 s of frames."""
        fps = self.fps
        if self._size is None or fps <= 0:
            return None
        cells = np.stack(list(self._cells))
        try:
            return analyse_cells(cells, fps, self._size, self._scale, name="the camera")
        except VideoError:  # shorter than one window
            return None


def _moving(recent: FloatArray) -> bool:
    """Whether the region's cells (cells × frames) moved: after removing each cell's
    linear trend (slow lighting drift), its root mean square variation, that of the most
    moving cells (90th percentile), reaches the same share of the picture's brightness
    the windows ask for."""
    n = recent.shape[-1]
    ramp = np.arange(n, dtype=np.float64) - (n - 1) / 2.0
    centred = recent - recent.mean(axis=-1, keepdims=True)
    slope = (centred * ramp).sum(axis=-1, keepdims=True) / float((ramp**2).sum() or 1.0)
    rms = np.sqrt(((centred - slope * ramp) ** 2).mean(axis=-1))
    return bool(math.isfinite(float(rms.max())) and np.percentile(rms, 90) >= MIN_MOTION)


class FrameSource(Protocol):
    """What a monitor needs of a camera (a :class:`~devices.camera.frames.CameraCapture`)."""

    def subscribe(self, capacity: int = ...) -> Ring[CapturedFrame]: ...
    def unsubscribe(self, ring: Ring[CapturedFrame]) -> None: ...


class LiveRateMonitor:
    """Runs a :class:`LiveRateEstimator` on its own thread over a camera's frames.

    Subscribe it before the camera starts (:meth:`start` subscribes) to miss no frame;
    :meth:`drain` hands the estimates made since the last call to whoever shows them.
    ``capacity`` bounds the frames waiting for the analysis (a slow computer loses the
    oldest, counted in :attr:`dropped_frames`, never stalls the camera).
    """

    def __init__(
        self,
        camera: FrameSource,
        estimator: LiveRateEstimator | None = None,
        *,
        capacity: int = 64,
    ) -> None:
        self.camera = camera
        self.estimator = estimator or LiveRateEstimator()
        self._capacity = capacity
        self._frames: Ring[CapturedFrame] | None = None
        self._estimates: Ring[LiveRate] = Ring(1024)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: str | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("this monitor was already started; make a new one")
        self._frames = self.camera.subscribe(self._capacity)
        self._thread = threading.Thread(target=self._run, name="camera-rate", daemon=False)
        self._thread.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Analyse the frames still waiting, then stop the thread and unsubscribe."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"the camera rate analysis did not stop in {timeout} s")
        if self._frames is not None:
            self.camera.unsubscribe(self._frames)

    def drain(self) -> list[LiveRate]:
        """The estimates made since the last call, oldest first."""
        return self._estimates.drain()

    @property
    def dropped_frames(self) -> int:
        """Frames the analysis missed because it fell behind the camera."""
        return 0 if self._frames is None else self._frames.dropped

    @property
    def error(self) -> str | None:
        """What stopped the analysis, if something did (it never raises out of its thread)."""
        return self._error

    def summary(self) -> VideoRateResult | None:
        """:meth:`LiveRateEstimator.summary` of everything analysed so far."""
        with self._lock:
            return self.estimator.summary()

    def _run(self) -> None:
        ring = self._frames
        assert ring is not None
        try:
            while True:
                # Once asked to stop, what is waiting is analysed, and nothing more.
                stopping = self._stop.is_set()
                if stopping or ring.wait(0.05):
                    for frame in ring.drain():
                        with self._lock:
                            estimate = self.estimator.feed(frame.image, frame.host_t_s)
                        if estimate is not None:
                            self._estimates.push(estimate)
                if stopping:
                    break
        except Exception as err:  # nothing raises out of the analysis thread
            self._error = repr(err)
