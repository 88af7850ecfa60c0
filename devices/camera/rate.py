"""Chest-compression rate from video, without a sensor manikin.

The method follows published camera methods: a spectral (FFT) estimate over sliding
windows of the moving region (reported mean rate error 3.6 /min at 110 /min), updated
every 0.5 s as a real-time smartphone application does (mean error 2.7 /min); the
studies and the method's limits are described in docs/video-cpr-rate.md.

1. Every frame is converted to grey and shrunk to about 80 pixels wide; each frame is then
   divided by its own mean brightness, which removes lighting flicker and the camera's
   automatic exposure (a change of the whole picture, not of one part of it).
2. The picture is cut into cells of 4 × 4 shrunk pixels; the mean brightness of a cell over
   time is its motion signal (an edge of the rescuer's arms moving through a cell changes
   its brightness once per compression).
3. Without a region of interest, each cell is scored by how periodic its signal is in the
   compression band (the share of its 0.3–6 Hz power in a narrow peak between 60 and
   180 /min) times how much it moves (relative to the cell that moves most); the cells
   scoring at least half the best one, in the connected group with the highest total,
   are the rescuer's region. Noise and a person walking across the background spread
   their power widely and score low. With a region (``roi``), the cells inside it are used.
4. For 5 s windows every 0.5 s, the power spectra (Hann window, zero-padded) of the chosen
   cells are added and the peak in the band is located to a fraction of a bin by parabolic
   interpolation; when half its frequency holds a peak with at least 30 % of its power,
   it was a harmonic and that lower peak is taken. Windows without a clear peak, with the
   peak on the band's edge, or with less motion in the band than 2 % of the picture's
   brightness (a pause, a still picture) have no rate.
5. Compressions are counted by integrating the rate over the time the region moves in
   the band (the power of the band-passed signals' first principal component, over 1 s,
   above 30 % of its 90th percentile), so that pauses count nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

#: The band searched for compressions, per minute (AHA 2020 and ERC 2021 ask for 100-120;
#: trainees stray well outside it, so the search is wider).
BAND_CPM = (60.0, 180.0)
WINDOW_S = 5.0
STEP_S = 0.5
#: Width of the shrunk frame the analysis works on, in pixels.
WORK_WIDTH = 80
CELL = 4
#: A window whose peak holds less than this share of its band power has no clear rhythm.
MIN_PEAK_SHARE = 0.25
#: Below this much motion in the band (root mean square, as a share of the picture's mean
#: brightness) a window has no rhythm: what is left of flicker, noise and compression
#: artefacts in a still picture stays well under 1 %, a moving arm's edge gives 10-50 %.
MIN_MOTION = 0.02
#: The region search averages the spectra of segments this long, in seconds.
REGION_SEGMENT_S = 20.0
#: Windows analysed at once (bounds the memory of a long video).
WINDOW_BATCH = 64

FloatArray = npt.NDArray[np.float64]


class VideoError(Exception):
    """The video cannot be read or is too short to analyse."""


@dataclass(frozen=True)
class RateWindow:
    """One analysis window: ``t_s`` is the window's end, seconds from the start."""

    t_s: float
    rate_cpm: float | None


@dataclass(frozen=True)
class VideoRateResult:
    mean_rate_cpm: float | None
    compressions: int
    windows: tuple[RateWindow, ...]
    #: The region analysed, (x, y, w, h) in the video's pixels.
    roi: tuple[int, int, int, int]
    roi_found: bool
    fps: float
    frames: int
    duration_s: float

    def to_json(self) -> dict[str, object]:
        return {
            "mean_rate_cpm": None if self.mean_rate_cpm is None else round(self.mean_rate_cpm, 1),
            "compressions": self.compressions,
            "windows": [
                {
                    "t_s": round(w.t_s, 2),
                    "rate_cpm": None if w.rate_cpm is None else round(w.rate_cpm, 1),
                }
                for w in self.windows
            ],
            "roi": list(self.roi),
            "roi_found": self.roi_found,
            "fps": round(self.fps, 3),
            "frames": self.frames,
            "duration_s": round(self.duration_s, 2),
        }


def cell_grid(width: int, height: int) -> tuple[tuple[int, int], float]:
    """The cell grid (columns, rows) a ``width`` × ``height`` picture is shrunk to, and
    the scale from the picture's pixels to cells."""
    scale = min(1.0, WORK_WIDTH / width)
    ww = max(CELL, round(width * scale) // CELL * CELL)
    wh = max(CELL, round(height * scale) // CELL * CELL)
    return (ww // CELL, wh // CELL), ww / width / CELL


def frame_cells(frame: npt.NDArray[np.uint8], grid: tuple[int, int]) -> FloatArray:
    """One frame (BGR or grey) as the mean brightness of each cell of ``grid``
    (columns, rows), divided by the frame's mean brightness (step 1)."""
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    # Area averaging straight to the cell grid: one value per cell.
    small = cv2.resize(grey, grid, interpolation=cv2.INTER_AREA).astype(np.float64)
    mean = float(small.mean())
    result: FloatArray = small / mean if mean > 0 else small
    return result


def _read_cells(
    path: Path, progress: Callable[[int], None] | None
) -> tuple[FloatArray, float, tuple[int, int], float]:
    """Decode the video; return the per-cell signals (frames × cell rows × cell columns),
    the frame rate, the frame size (w, h) and the scale from video to shrunk pixels."""
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise VideoError(f"{path}: cannot open this file as a video")
    try:
        fps = float(capture.get(cv2.CAP_PROP_FPS))
        cells: list[FloatArray] = []
        size = (0, 0)
        cell_scale = 1.0
        grid: tuple[int, int] = (0, 0)
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            if not cells:
                h, w = frame.shape[:2]
                size = (w, h)
                grid, cell_scale = cell_grid(w, h)
            cells.append(frame_cells(np.asarray(frame, dtype=np.uint8), grid))
            if progress is not None:
                progress(len(cells))
    finally:
        capture.release()
    if not cells:
        raise VideoError(f"{path}: no frames could be decoded (not a video, or damaged)")
    if not math.isfinite(fps) or fps <= 1.0:
        raise VideoError(f"{path}: the video does not give a usable frame rate")
    return np.stack(cells), fps, size, cell_scale


def _band_power(signals: FloatArray, fps: float, nfft: int) -> tuple[FloatArray, FloatArray]:
    """Power spectra (per signal, last axis time) with a Hann window; and frequencies."""
    detrended = signals - signals.mean(axis=-1, keepdims=True)
    n = signals.shape[-1]
    ramp = np.arange(n, dtype=np.float64) - (n - 1) / 2.0
    slope = (detrended * ramp).sum(axis=-1, keepdims=True) / float((ramp**2).sum() or 1.0)
    detrended = detrended - slope * ramp
    spectrum: FloatArray = np.abs(np.fft.rfft(detrended * np.hanning(n), n=nfft, axis=-1)) ** 2
    freqs: FloatArray = np.fft.rfftfreq(nfft, d=1.0 / fps).astype(np.float64)
    return spectrum.astype(np.float64), freqs


def _periodicity(spectra: FloatArray, freqs: FloatArray) -> FloatArray:
    """Share of each signal's 0.3-6 Hz power held in a narrow peak in the band."""
    wide = (freqs >= 0.3) & (freqs <= 6.0)
    band = (freqs >= BAND_CPM[0] / 60.0) & (freqs <= BAND_CPM[1] / 60.0)
    total = spectra[..., wide].sum(axis=-1) + 1e-18
    banded = np.where(band, spectra, 0.0)
    peak_idx = banded.argmax(axis=-1)
    df = freqs[1] - freqs[0]
    half = max(1, round(0.1 / df))
    share = np.zeros(spectra.shape[:-1])
    for offset in range(-half, half + 1):
        idx = np.clip(peak_idx + offset, 0, spectra.shape[-1] - 1)
        share = share + np.take_along_axis(spectra, idx[..., None], axis=-1)[..., 0]
    result: FloatArray = share / total
    return result


def find_region(signals: FloatArray, fps: float) -> npt.NDArray[np.bool_]:
    """Step 3: the cells of the most periodic connected region (a cell rows × columns
    mask) of per-cell signals (frames × rows × columns)."""
    frames = signals.shape[0]
    per_cell = np.moveaxis(signals, 0, -1)
    # Spectra of 20 s segments (half overlapping), averaged: enough resolution to tell a
    # narrow peak from broad noise, and memory bounded however long the video.
    length = min(frames, max(16, round(REGION_SEGMENT_S * fps)))
    nfft = 1 << math.ceil(math.log2(length))
    starts = range(0, frames - length + 1, max(1, length // 2))
    spectra = np.zeros((*per_cell.shape[:-1], nfft // 2 + 1))
    freqs: FloatArray = np.fft.rfftfreq(nfft, d=1.0 / fps).astype(np.float64)
    for start in starts:
        spectra += _band_power(per_cell[..., start : start + length], fps, nfft)[0]
    score = _periodicity(spectra, freqs)
    # Weight by the amount of motion, so a flat cell's faint hum cannot win.
    strength = np.sqrt(spectra[..., (freqs >= 0.3) & (freqs <= 6.0)].sum(axis=-1))
    weighted = score * strength / (strength.max() + 1e-18)
    mask: npt.NDArray[np.bool_] = np.asarray(weighted >= 0.5 * weighted.max(), dtype=bool)
    count, labels, _stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    if count <= 1:
        return mask
    best = 1 + int(np.argmax([weighted[labels == k].sum() for k in range(1, count)]))
    region: npt.NDArray[np.bool_] = labels == best
    return region


def _peak_frequency(power: FloatArray, freqs: FloatArray) -> tuple[float, float] | None:
    """The band's peak frequency (parabolic interpolation) and its share of band power."""
    band = np.nonzero((freqs >= BAND_CPM[0] / 60.0) & (freqs <= BAND_CPM[1] / 60.0))[0]
    lo, hi = int(band[0]), int(band[-1])
    k = lo + int(np.argmax(power[lo : hi + 1]))
    # A harmonic: is there a peak at half the frequency holding a good part of the power?
    half_k = round(k / 2)
    if half_k >= lo:
        window = power[max(lo, half_k - 2) : half_k + 3]
        if window.size and window.max() >= 0.3 * power[k]:
            k = max(lo, half_k - 2) + int(np.argmax(window))
    if k in (lo, hi):
        # Power rising towards the band's edge: slower or faster motion, not a rhythm in it.
        return None
    df = float(freqs[1] - freqs[0])
    half = max(1, round(0.1 / df))
    share = float(power[max(0, k - half) : k + half + 1].sum() / (power[lo : hi + 1].sum() + 1e-18))
    offset = 0.0
    if 0 < k < power.size - 1:
        a, b, c = (math.log(float(power[i]) + 1e-30) for i in (k - 1, k, k + 1))
        denominator = a - 2.0 * b + c
        if denominator < 0:
            offset = 0.5 * (a - c) / denominator
    return (k + offset) * df, share


def estimate_rate(
    path: Path,
    roi: tuple[int, int, int, int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> VideoRateResult:
    """Estimate the compression rate of a CPR video at ``path``.

    ``roi`` is (x, y, w, h) in the video's pixels; without it the moving region is found.
    Raises :class:`VideoError` for a file that is not a readable video, a region outside
    the picture, or a video shorter than one window.
    """
    cells, fps, size, scale = _read_cells(path, progress)
    return analyse_cells(cells, fps, size, scale, roi, name=str(path))


def analyse_cells(
    cells: FloatArray,
    fps: float,
    size: tuple[int, int],
    scale: float,
    roi: tuple[int, int, int, int] | None = None,
    *,
    name: str = "the video",
) -> VideoRateResult:
    """Steps 3-5 on per-cell signals (frames × cell rows × cell columns, as
    :func:`frame_cells` gives them) of a ``size`` (w, h) picture at ``fps``; ``scale``
    turns the picture's pixels into cells. ``name`` starts the error messages."""
    frames = cells.shape[0]
    duration = frames / fps
    if duration < WINDOW_S:
        raise VideoError(
            f"{name}: the video lasts {duration:.1f} s; at least {WINDOW_S:.0f} s are needed"
        )
    rows, cols = cells.shape[1:]
    if roi is not None:
        x, y, w, h = roi
        if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > size[0] or y + h > size[1]:
            raise VideoError(
                f"{name}: the region {x},{y},{w},{h} is not inside the {size[0]}x{size[1]} picture"
            )
        c0 = min(cols - 1, int(x * scale))
        r0 = min(rows - 1, int(y * scale))
        c1 = max(c0 + 1, min(cols, math.ceil((x + w) * scale)))
        r1 = max(r0 + 1, min(rows, math.ceil((y + h) * scale)))
        mask = np.zeros((rows, cols), dtype=bool)
        mask[r0:r1, c0:c1] = True
        found_roi = roi
    else:
        mask = find_region(cells, fps)
        found_roi = region_roi(mask, scale)
    signals = cells[:, mask].T  # cells × frames
    win = round(WINDOW_S * fps)
    step = max(1, round(STEP_S * fps))
    starts = list(range(0, frames - win + 1, step))
    rates: list[float | None] = []
    for first in range(0, len(starts), WINDOW_BATCH):
        chunk = starts[first : first + WINDOW_BATCH]
        batch = np.stack([signals[:, s : s + win] for s in chunk])  # windows × cells × win
        rates.extend(rate for rate, _reason in window_rates(batch, fps))
    windows = [
        RateWindow(t_s=(start + win) / fps, rate_cpm=rate)
        for start, rate in zip(starts, rates, strict=True)
    ]
    rated = [w.rate_cpm for w in windows if w.rate_cpm is not None]
    mean_rate = float(np.mean(rated)) if rated else None
    compressions = _count_compressions(windows, _activity(signals, fps), fps)
    return VideoRateResult(
        mean_rate_cpm=mean_rate,
        compressions=compressions,
        windows=tuple(windows),
        roi=found_roi,
        roi_found=roi is None,
        fps=fps,
        frames=frames,
        duration_s=duration,
    )


def region_roi(mask: npt.NDArray[np.bool_], scale: float) -> tuple[int, int, int, int]:
    """The bounding box (x, y, w, h), in the picture's pixels, of a region of cells."""
    rr, cc = np.nonzero(mask)
    return (
        int(cc.min() / scale),
        int(rr.min() / scale),
        math.ceil((cc.max() - cc.min() + 1) / scale),
        math.ceil((rr.max() - rr.min() + 1) / scale),
    )


#: Why a window has no rate: its region moves too little in the band (a pause, a still
#: picture), or its motion has no clear peak in the band.
STILL = "still"
NO_RHYTHM = "no_rhythm"


def window_rates(batch: FloatArray, fps: float) -> list[tuple[float | None, str | None]]:
    """Step 4 for a batch of windows (windows × cells × frames): each window's rate per
    minute, or None and why (:data:`STILL` or :data:`NO_RHYTHM`)."""
    win = batch.shape[-1]
    nfft = 1 << math.ceil(math.log2(win * 8))
    freqs: FloatArray = np.fft.rfftfreq(nfft, d=1.0 / fps).astype(np.float64)
    band = (freqs >= BAND_CPM[0] / 60.0) & (freqs <= BAND_CPM[1] / 60.0)
    hann_power = float((np.hanning(win) ** 2).sum())
    spectra = _band_power(batch, fps, nfft)[0]
    summed = spectra.sum(axis=1)
    # Parseval: the band's mean square of the (Hann-weighted) signal, per window and
    # cell; a window's motion is that of its most moving cells (a given region may be
    # mostly still).
    mean_square = 2.0 * spectra[..., band].sum(axis=-1) / nfft / hann_power
    motion = np.sqrt(np.percentile(mean_square, 90, axis=1))
    result: list[tuple[float | None, str | None]] = []
    for index in range(batch.shape[0]):
        peak = _peak_frequency(summed[index], freqs)
        if motion[index] < MIN_MOTION:
            result.append((None, STILL))
        elif peak is None or peak[1] < MIN_PEAK_SHARE:
            result.append((None, NO_RHYTHM))
        else:
            result.append((peak[0] * 60.0, None))
    return result


def _activity(signals: FloatArray, fps: float) -> npt.NDArray[np.bool_]:
    """Per frame, whether the region is moving in the compression band: the band-passed
    signals' first principal component, its power over 1 s, above 30 % of its 90th
    percentile (so a pause, where only noise is left, counts nothing)."""
    frames = signals.shape[1]
    centred = signals - signals.mean(axis=1, keepdims=True)
    # Mirror 1 s at each end so that the band-pass does not dim the first and last moments.
    pad = min(frames - 1, max(1, round(fps)))
    padded = np.pad(centred, ((0, 0), (pad, pad)), mode="reflect")
    spectrum = np.fft.rfft(padded, axis=1)
    freqs = np.fft.rfftfreq(padded.shape[1], d=1.0 / fps)
    spectrum[:, (freqs < BAND_CPM[0] / 60.0) | (freqs > BAND_CPM[1] / 60.0)] = 0.0
    banded = np.fft.irfft(spectrum, n=padded.shape[1], axis=1)[:, pad : pad + frames]
    # First principal component, from the cells' covariance (cells × cells, small).
    _values, vectors = np.linalg.eigh(banded @ banded.T)
    component = vectors[:, -1] @ banded
    width = max(1, round(fps))
    kernel = np.ones(width)
    # Mean over the samples inside the video (fewer near its ends).
    power = np.convolve(component**2, kernel, mode="same") / np.convolve(
        np.ones(frames), kernel, mode="same"
    )
    level = float(np.percentile(power, 90))
    active: npt.NDArray[np.bool_] = np.asarray(power >= 0.3 * level, dtype=bool)
    return active


def _count_compressions(
    windows: list[RateWindow], active: npt.NDArray[np.bool_], fps: float
) -> int:
    """Integrate the rate over the moments the region moves: each frame takes the rate of
    the window centred nearest to it (the nearest with a rate)."""
    rated = [w for w in windows if w.rate_cpm is not None]
    if not rated:
        return 0
    centres = np.array([w.t_s - WINDOW_S / 2 for w in rated])
    rates = np.array([w.rate_cpm for w in rated], dtype=np.float64)
    times = (np.arange(active.size) + 0.5) / fps
    # Centres are in order: the nearest is the one just before or just after.
    after = np.clip(np.searchsorted(centres, times), 1, max(1, centres.size - 1))
    before = after - 1
    after = np.minimum(after, centres.size - 1)
    nearest = np.where(
        np.abs(times - centres[before]) <= np.abs(centres[after] - times), before, after
    )
    per_frame = np.where(active, rates[nearest], 0.0) / 60.0 / fps
    return round(float(per_frame.sum()))
