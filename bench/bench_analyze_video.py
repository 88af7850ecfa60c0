"""``analyze-video`` speed as a multiple of real time, against decoding alone.

A 640×480, 30 fps, 60 s synthetic CPR video (MJPG/AVI, from devices.camera.synth, with
flicker, noise and a person moving in the background) is written once to a temporary
folder. Then, 3 rounds, alternating: the baseline decodes every frame of the file with
cv2.VideoCapture and does nothing else; the measured run is the whole estimate
(devices.camera.rate.estimate_rate: decoding, the region search, 5 s windows every
0.5 s). Reported: medians, each as a multiple of real time (video seconds per second of
work), and the estimate's cost as a ratio to decoding. Goal: the estimate ≥ 5× real time,
so that a laptop can analyse a camera live with most of a core to spare.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2

from devices.camera.rate import estimate_rate
from devices.camera.synth import Segment, SynthOptions, write_cpr_video

ROUNDS = 3
GOAL_REALTIME = 5.0
DURATION_S = 60.0


def decode_only(path: Path) -> int:
    """Decode every frame of the file; return how many there were."""
    capture = cv2.VideoCapture(str(path))
    frames = 0
    try:
        while True:
            ok, _frame = capture.read()
            if not ok:
                break
            frames += 1
    finally:
        capture.release()
    return frames


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cpr-640x480-60s.avi"
        options = SynthOptions(
            width=640,
            height=480,
            fps=30.0,
            flicker_depth=0.1,
            noise_sd=6.0,
            background_speed_px_s=80.0,
        )
        truth = write_cpr_video(path, [Segment(DURATION_S, 110.0)], options)
        decode_only(path)  # warm the file cache; not timed
        decode_s: list[float] = []
        analyse_s: list[float] = []
        mean_rate: float | None = None
        for _ in range(ROUNDS):
            start = time.perf_counter()
            frames = decode_only(path)
            decode_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = estimate_rate(path)
            analyse_s.append(time.perf_counter() - start)
            mean_rate = result.mean_rate_cpm
        if frames != truth.frames:
            print(f"decoded {frames} frames, wrote {truth.frames}", file=sys.stderr)
            return 1
    decode = statistics.median(decode_s)
    analyse = statistics.median(analyse_s)
    print(
        f"analyze-video on a 640x480 30 fps {DURATION_S:.0f} s MJPG/AVI video, "
        f"{ROUNDS} rounds alternated (medians)"
    )
    print(f"{'run':<28} {'time':>8} {'× real time':>12} {'ratio':>7}")
    print(
        f"{'decode only (baseline)':<28} {decode:>7.2f}s {DURATION_S / decode:>11.1f}× {1.0:>6.2f}×"
    )
    print(
        f"{'estimate_rate':<28} {analyse:>7.2f}s {DURATION_S / analyse:>11.1f}× "
        f"{analyse / decode:>6.2f}×"
    )
    shown = "none" if mean_rate is None else f"{mean_rate:.1f}"
    print(f"mean rate found: {shown} /min (truth {truth.mean_rate_cpm:.1f})")
    verdict = "met" if DURATION_S / analyse >= GOAL_REALTIME else "NOT met"
    print(f"goal: estimate_rate ≥ {GOAL_REALTIME:g}× real time: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
