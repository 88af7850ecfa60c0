"""Recording a camera while a 200 Hz device streams, in one process.

Measured: a 640×480, 30 fps simulated camera (``sim://camera``) captured on its thread
and recorded to MJPG/AVI with its timestamp sidecar on the writer thread
(:class:`devices.camera.video_recorder.RecordingSession`), while a
:class:`devices.reader.DeviceReader` reads ``sim://cpr?rate_hz=200`` in real time and a
consumer drains its ring:

- **dropped frames**, counted from the gaps between the recorded frames' timestamps
  (and the frames the writer's ring had to drop);
- **lost samples**: the reader's ``lost`` counter (sequence numbers missing) plus the
  samples its consumer's ring dropped;
- the **CPU share** of the process (``time.process_time`` over the wall time; 100 % is
  one core).

Baseline, in the same run and before it: the device reader and its consumer alone for
the same time. Goal: 0 dropped frames, 0 lost samples.

    .venv/bin/python bench/bench_camera_record.py [--seconds 60]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEVICE = "sim://cpr?profile=good&rate_hz=200"
CAMERA = "sim://camera?w=640&h=480&fps=30"


@dataclass
class Run:
    samples: int
    lost: int
    cpu_share: float
    frames: int = 0
    dropped: int = 0
    megabytes: float = 0.0


def _run(seconds: float, folder: Path | None) -> Run:
    from devices.camera.frames import CameraCapture, CaptureState
    from devices.camera.video_recorder import RecordingSession, VideoRecorder
    from devices.reader import DeviceReader, ReaderState
    from devices.sample import Sample

    reader = DeviceReader(DEVICE)
    ring = reader.subscribe()
    samples = 0
    done = threading.Event()

    def consume() -> None:
        nonlocal samples
        while not done.is_set():
            ring.wait(0.05)
            samples += sum(isinstance(e, Sample) for e in ring.drain())

    consumer = threading.Thread(target=consume, name="bench-consumer")
    reader.start()
    consumer.start()
    capture = session = None
    try:
        if reader.wait_for(lambda s: s.state is ReaderState.STREAMING, 10.0) is None:
            raise SystemExit(f"{DEVICE} did not start streaming")
        if folder is not None:
            capture = CameraCapture(CAMERA)
            recorder = VideoRecorder(folder, width=640, height=480, fps=30.0, name="bench")
            session = RecordingSession(capture, recorder)
            session.start()
            capture.start()
            capture.wait_for(lambda s: s.state is not CaptureState.OPENING, 10.0)
        start_wall = time.perf_counter()
        start_cpu = time.process_time()
        time.sleep(seconds)
        cpu = time.process_time() - start_cpu
        wall = time.perf_counter() - start_wall
    finally:
        if capture is not None:
            capture.stop()
        status = session.stop() if session is not None else None
        reader.stop()
        done.set()
        consumer.join()
    counters = reader.status().counters
    run = Run(samples, counters.lost + ring.dropped, cpu / wall)
    if status is not None and session is not None:
        run.frames = status.frames_written
        run.dropped = status.dropped_frames
        run.megabytes = sum(p.stat().st_size for p in status.segments) / 1e6
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    print(f"camera {CAMERA} recorded (MJPG/AVI) while {DEVICE} streams, {args.seconds:g} s")
    base = _run(args.seconds, None)
    print(
        f"baseline  device alone:      {base.samples} samples, {base.lost} lost, "
        f"CPU {base.cpu_share:.1%}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-camera-") as tmp:
        rec = _run(args.seconds, Path(tmp))
    print(
        f"recording device + camera:   {rec.samples} samples, {rec.lost} lost, "
        f"CPU {rec.cpu_share:.1%}"
    )
    print(
        f"          frames written {rec.frames} (expected about {args.seconds * 30:.0f}), "
        f"dropped {rec.dropped}, {rec.megabytes:.1f} MB"
    )
    ratio = rec.cpu_share / base.cpu_share if base.cpu_share > 0 else float("inf")
    print(f"CPU ratio recording/baseline: {ratio:.1f}x")
    verdict = "met" if rec.dropped == 0 and rec.lost == 0 else "NOT met"
    print(f"goal 0 dropped frames, 0 lost samples: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
