"""The live camera rate's cost per frame, against decoding and resizing the same frame.

A 4 s synthetic CPR clip at 640×480 (devices.camera.synth, 120 /min so that it loops
seamlessly, with flicker, noise and a person moving in the background) is decoded once
into memory and kept also as JPEG bytes (what an MJPG webcam sends). Then, 3 rounds,
alternating, each over 60 s of video (the clip looped, frames stamped 1/30 s apart):

- the baseline decodes each frame's JPEG with ``cv2.imdecode`` and resizes it to
  320×240 (the least a camera view does with a frame);
- the measured run feeds each decoded frame to
  ``devices.camera.live_rate.LiveRateEstimator.feed`` (the shrink to cells every frame,
  a window every 0.5 s, the region search every 2 s).

Reported: the mean cost per frame of each (medians over the rounds), their ratio, the
slowest feed() (a frame that also searched the region), and the share of one core the
estimator takes at 30 fps. Goal: keeps up with 30 fps using < 25 % of one core.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.live_rate import LiveRateEstimator
from devices.camera.synth import Segment, SynthOptions, write_cpr_video

ROUNDS = 3
FPS = 30.0
CLIP_S = 4.0
DURATION_S = 60.0
GOAL_CORE_SHARE = 0.25


def load_clip(path: Path) -> tuple[list[npt.NDArray[np.uint8]], list[bytes]]:
    """The clip's frames, decoded and as JPEG bytes."""
    capture = cv2.VideoCapture(str(path))
    frames: list[npt.NDArray[np.uint8]] = []
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(np.asarray(frame, dtype=np.uint8))
    finally:
        capture.release()
    jpegs = [bytes(cv2.imencode(".jpg", f, [cv2.IMWRITE_JPEG_QUALITY, 90])[1]) for f in frames]
    return frames, jpegs


def decode_resize(jpegs: list[bytes], count: int) -> float:
    """Seconds per frame to decode and resize ``count`` frames."""
    buffers = [np.frombuffer(j, dtype=np.uint8) for j in jpegs]
    start = time.perf_counter()
    for i in range(count):
        image = cv2.imdecode(buffers[i % len(buffers)], cv2.IMREAD_COLOR)
        assert image is not None, "a frame of the benchmark does not decode"
        cv2.resize(image, (320, 240), interpolation=cv2.INTER_AREA)
    return (time.perf_counter() - start) / count


def feed(frames: list[npt.NDArray[np.uint8]], count: int) -> tuple[float, float, float | None]:
    """Seconds per frame fed, the slowest feed, and the last rate estimated."""
    estimator = LiveRateEstimator()
    slowest = 0.0
    last: float | None = None
    start = time.perf_counter()
    for i in range(count):
        before = time.perf_counter()
        estimate = estimator.feed(frames[i % len(frames)], i / FPS)
        slowest = max(slowest, time.perf_counter() - before)
        if estimate is not None and estimate.rate_cpm is not None:
            last = estimate.rate_cpm
    return (time.perf_counter() - start) / count, slowest, last


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        options = SynthOptions(
            width=640,
            height=480,
            fps=FPS,
            flicker_depth=0.1,
            noise_sd=6.0,
            background_speed_px_s=80.0,
        )
        truth = write_cpr_video(Path(folder) / "clip.avi", [Segment(CLIP_S, 120.0)], options)
        frames, jpegs = load_clip(truth.path)
    if len(frames) != truth.frames:
        print(f"decoded {len(frames)} frames, wrote {truth.frames}", file=sys.stderr)
        return 1
    count = round(DURATION_S * FPS)
    decode_resize(jpegs, 60)  # warm up; not timed
    baseline_s: list[float] = []
    feed_s: list[float] = []
    slowest_s: list[float] = []
    rate: float | None = None
    for _ in range(ROUNDS):
        baseline_s.append(decode_resize(jpegs, count))
        per_frame, slowest, rate = feed(frames, count)
        feed_s.append(per_frame)
        slowest_s.append(slowest)
    baseline = statistics.median(baseline_s)
    measured = statistics.median(feed_s)
    share = measured * FPS
    print(
        f"live camera rate on 640x480 frames, {DURATION_S:.0f} s of video at {FPS:.0f} fps "
        f"per round, {ROUNDS} rounds alternated (medians)"
    )
    print(f"{'run':<34} {'per frame':>10} {'ratio':>7}")
    print(f"{'imdecode + resize (baseline)':<34} {baseline * 1e3:>8.2f}ms {1.0:>6.2f}×")
    print(f"{'LiveRateEstimator.feed':<34} {measured * 1e3:>8.2f}ms {measured / baseline:>6.2f}×")
    print(f"slowest feed (with a region search): {statistics.median(slowest_s) * 1e3:.1f} ms")
    shown = "none" if rate is None else f"{rate:.1f}"
    print(f"last rate: {shown} /min (truth {truth.mean_rate_cpm:.1f})")
    print(f"share of one core at {FPS:.0f} fps: {share:.1%}")
    verdict = "met" if share < GOAL_CORE_SHARE else "NOT met"
    print(f"goal: < {GOAL_CORE_SHARE:.0%} of one core at {FPS:.0f} fps: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
