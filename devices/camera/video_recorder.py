"""Recording camera frames to video files with the sidecars that place them in time.

A recording is a folder of segments and sidecars:

- ``NAME-001.avi`` (Motion JPEG, the default) or ``NAME-001.mp4`` (MPEG-4 part 2,
  ``mp4v``); the headless OpenCV wheel has no H.264 encoder;
- ``NAME-001.frames.csv`` beside each segment: one row per frame written, with the
  capture's frame index, the frame's place in the segment, the host's monotonic time
  (the clock device samples and station events carry) and the wall-clock time, so the
  video aligns with marks, samples and events to within one frame;
- ``NAME.markers.csv``: one row per marker (host monotonic time, wall time, label).

A new segment starts when the current one reaches ``segment_max_bytes`` or lasts
``segment_max_s``. Free disk space is checked before the first frame (too little:
:class:`RecordingError`) and every ``disk_check_every`` frames after: when it falls
below ``min_free_bytes`` the recording stops cleanly, its files complete, with the state
``disk_full`` and a reason. Dropped frames are counted from the frames' timestamps: a
gap longer than one and a half frame periods counts the frames that should have been in
it.
"""

from __future__ import annotations

import csv
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import cv2
import numpy.typing as npt

from devices.camera.frames import CameraCapture, CapturedFrame, CaptureState
from devices.ring import Ring

__all__ = [
    "CODECS",
    "RecordingError",
    "RecordingSession",
    "RecordingState",
    "RecordingStatus",
    "VideoRecorder",
]

#: Codec name → (FourCC, file suffix). Both are in the headless OpenCV wheel.
CODECS: dict[str, tuple[str, str]] = {"mjpg": ("MJPG", ".avi"), "mp4v": ("mp4v", ".mp4")}

FRAME_COLUMNS = ("frame", "segment_frame", "host_t_s", "wall_time")
MARKER_COLUMNS = ("host_t_s", "wall_time", "label")


class RecordingError(Exception):
    """A recording cannot start (no space, unknown codec, no writer); the message says
    what to do."""


class RecordingState(StrEnum):
    RECORDING = "recording"
    STOPPED = "stopped"
    DISK_FULL = "disk_full"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class RecordingStatus:
    """A snapshot of a recording, safe to read from any thread."""

    state: RecordingState
    frames_written: int
    dropped_frames: int
    segments: tuple[Path, ...]
    markers: int
    reason: str | None = None


def _iso(wall_t: float) -> str:
    return datetime.fromtimestamp(wall_t, UTC).isoformat(timespec="microseconds")


def _free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


class VideoRecorder:
    """Writes frames of one size to segmented video files with timestamp sidecars.

    ``free_bytes`` (a folder → free bytes) replaces the disk query in tests. All methods
    may be called from any thread.
    """

    def __init__(
        self,
        directory: Path,
        *,
        width: int,
        height: int,
        fps: float,
        name: str = "recording",
        codec: str = "mjpg",
        segment_max_bytes: int | None = 1_000_000_000,
        segment_max_s: float | None = None,
        min_free_bytes: int = 500_000_000,
        disk_check_every: int = 30,
        free_bytes: Callable[[Path], int] = _free_bytes,
    ) -> None:
        if codec.lower() not in CODECS:
            raise RecordingError(f"unknown codec {codec!r}: use one of {', '.join(CODECS)}")
        if width < 1 or height < 1 or fps <= 0:
            raise RecordingError(f"cannot record {width} × {height} frames at {fps} fps")
        self.directory = directory
        self.width = width
        self.height = height
        self.fps = fps
        self.name = name
        self.fourcc, self.suffix = CODECS[codec.lower()]
        self.segment_max_bytes = segment_max_bytes
        self.segment_max_s = segment_max_s
        self.min_free_bytes = min_free_bytes
        self.disk_check_every = max(1, disk_check_every)
        self._free_bytes = free_bytes
        self._lock = threading.Lock()
        # Recordings show candidates: readable by the station's account only (0700/0600).
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(directory, 0o700)
        free = free_bytes(directory)
        if free < min_free_bytes:
            raise RecordingError(
                f"{directory}: only {free // 1_000_000} MB free, {min_free_bytes // 1_000_000} MB "
                "needed to record: free some space or record elsewhere"
            )
        self._segments: list[Path] = []
        self._writer: cv2.VideoWriter | None = None
        self._frames_csv: IO[str] | None = None
        self._frames_rows: csv.writer | None = None  # type: ignore[valid-type]
        self._segment_frames = 0
        self._segment_start_t: float | None = None
        self._last_t: float | None = None
        self._frames_written = 0
        self._dropped = 0
        self._markers = 0
        self._state = RecordingState.RECORDING
        self._reason: str | None = None
        markers_path = directory / f"{name}.markers.csv"
        self._markers_file = markers_path.open("w", newline="", encoding="utf-8")
        os.chmod(markers_path, 0o600)
        self._markers_rows = csv.writer(self._markers_file)
        self._markers_rows.writerow(MARKER_COLUMNS)
        self._markers_file.flush()
        self.markers_path = markers_path
        self._open_segment()

    # ------------------------------------------------------------------ segments

    def _open_segment(self) -> None:
        number = len(self._segments) + 1
        path = self.directory / f"{self.name}-{number:03d}{self.suffix}"
        writer = cv2.VideoWriter(
            str(path), cv2.VideoWriter.fourcc(*self.fourcc), self.fps, (self.width, self.height)
        )
        if not writer.isOpened():
            writer.release()
            raise RecordingError(
                f"{path}: OpenCV cannot write {self.fourcc} video here; try the other codec"
            )
        self._writer = writer
        self._segments.append(path)
        if path.exists():
            os.chmod(path, 0o600)
        self._frames_csv = path.with_suffix(".frames.csv").open("w", newline="", encoding="utf-8")
        os.chmod(path.with_suffix(".frames.csv"), 0o600)
        self._frames_rows = csv.writer(self._frames_csv)
        self._frames_rows.writerow(FRAME_COLUMNS)
        self._segment_frames = 0
        self._segment_start_t = None

    def _close_segment(self) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None
        if self._frames_csv is not None:
            self._frames_csv.close()
            self._frames_csv = None
            self._frames_rows = None

    def _segment_full(self, host_t_s: float) -> bool:
        if self._segment_frames == 0:
            return False
        if (
            self.segment_max_s is not None
            and self._segment_start_t is not None
            and host_t_s - self._segment_start_t >= self.segment_max_s
        ):
            return True
        if self.segment_max_bytes is not None:
            size = self._segments[-1].stat().st_size
            return size >= self.segment_max_bytes
        return False

    # ------------------------------------------------------------------ public API

    def write(self, frame: CapturedFrame) -> bool:
        """Write one frame; False (and nothing written) once the recording has stopped."""
        with self._lock:
            if self._state is not RecordingState.RECORDING:
                return False
            if self._frames_written and self._frames_written % self.disk_check_every == 0:
                free = self._free_bytes(self.directory)
                if free < self.min_free_bytes:
                    self._finish(
                        RecordingState.DISK_FULL,
                        f"stopped: only {free // 1_000_000} MB left on the disk "
                        f"(at least {self.min_free_bytes // 1_000_000} MB kept free)",
                    )
                    return False
            if self._segment_full(frame.host_t_s):
                self._close_segment()
                self._open_segment()
            image: npt.NDArray[Any] = frame.image
            if image.shape[1] != self.width or image.shape[0] != self.height:
                image = cv2.resize(image, (self.width, self.height))
            if image.ndim == 2:
                image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
            assert self._writer is not None and self._frames_rows is not None
            self._writer.write(image)
            self._frames_rows.writerow(
                (frame.index, self._segment_frames, f"{frame.host_t_s:.6f}", _iso(frame.wall_t))
            )
            if self._segment_start_t is None:
                self._segment_start_t = frame.host_t_s
            if self._last_t is not None:
                gap = frame.host_t_s - self._last_t
                if gap > 1.5 / self.fps:
                    self._dropped += max(0, round(gap * self.fps) - 1)
            self._last_t = frame.host_t_s
            self._segment_frames += 1
            self._frames_written += 1
            return True

    def mark(self, label: str, host_t_s: float, wall_t: float | None = None) -> None:
        """Write a marker at ``host_t_s`` (the host's monotonic clock) to the markers
        sidecar, at once (a marker survives a crash)."""
        label = " ".join(label.split())
        if not label:
            raise ValueError("a marker needs a label")
        with self._lock:
            if self._markers_file.closed:
                raise RecordingError("the recording is closed: markers can no longer be added")
            wall = "" if wall_t is None else _iso(wall_t)
            self._markers_rows.writerow((f"{host_t_s:.6f}", wall, label))
            self._markers_file.flush()
            self._markers += 1

    def close(self) -> RecordingStatus:
        """Finish the files (the state stays ``disk_full`` or ``failed`` if so)."""
        with self._lock:
            if self._state is RecordingState.RECORDING:
                self._state = RecordingState.STOPPED
            self._close_segment()
            if not self._markers_file.closed:
                self._markers_file.close()
            return self._snapshot()

    def fail(self, reason: str) -> None:
        """Stop the recording because its source failed, keeping what was written."""
        with self._lock:
            if self._state is RecordingState.RECORDING:
                self._finish(RecordingState.FAILED, reason)

    def status(self) -> RecordingStatus:
        with self._lock:
            return self._snapshot()

    def _finish(self, state: RecordingState, reason: str) -> None:
        self._state = state
        self._reason = reason
        self._close_segment()

    def _snapshot(self) -> RecordingStatus:
        return RecordingStatus(
            self._state,
            self._frames_written,
            self._dropped,
            tuple(self._segments),
            self._markers,
            self._reason,
        )


class RecordingSession:
    """Records a :class:`CameraCapture` on a writer thread of its own.

    The session reads the capture through a subscription. A caller that must open the
    camera before it knows the picture size (to make the recorder) subscribes first
    (:meth:`CameraCapture.subscribe`), starts the capture, and hands that ``ring`` over,
    so that the recording begins with the camera's first frame however long the set-up
    took; without ``ring`` the session subscribes now, and frames before that are not
    recorded. It ends when :meth:`stop` is called, when the capture ends or fails, or
    when the recorder stops (the disk filled).
    """

    #: Frames a subscription holds while the writer catches up (3 s at 30 fps).
    RING_CAPACITY = 90

    def __init__(
        self,
        capture: CameraCapture,
        recorder: VideoRecorder,
        *,
        ring_capacity: int = RING_CAPACITY,
        ring: Ring[CapturedFrame] | None = None,
    ) -> None:
        self.capture = capture
        self.recorder = recorder
        self._ring: Ring[CapturedFrame] = (
            ring if ring is not None else capture.subscribe(ring_capacity)
        )
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="camera-recording", daemon=False)
        self._done = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def mark(self, label: str, host_t_s: float, wall_t: float | None = None) -> None:
        self.recorder.mark(label, host_t_s, wall_t)

    @property
    def ring_dropped(self) -> int:
        """Frames the writer fell too far behind to take (also counted in
        ``dropped_frames`` through the timestamp gaps they leave)."""
        return self._ring.dropped

    def wait(self, timeout: float) -> bool:
        """Block (real time) until the session ends on its own; True if it did."""
        return self._done.wait(timeout)

    def stop(self, timeout: float | None = 10.0) -> RecordingStatus:
        """Write the frames still waiting, close the files and return the final status."""
        self._stop.set()
        if self._thread.is_alive() or self._thread.ident is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"the recording did not stop in {timeout} s")
        self.capture.unsubscribe(self._ring)
        return self.recorder.close()

    def _run(self) -> None:
        try:
            while True:
                stopping = self._stop.is_set()
                self._ring.wait(0.05)
                for frame in self._ring.drain():
                    if not self.recorder.write(frame):
                        return
                if stopping:
                    return
                state = self.capture.status().state
                if state in (CaptureState.ENDED, CaptureState.FAILED, CaptureState.STOPPED):
                    for frame in self._ring.drain():
                        self.recorder.write(frame)
                    if state is CaptureState.FAILED:
                        error = self.capture.status().last_error or "the camera failed"
                        self.recorder.fail(error)
                    return
        except Exception as err:  # nothing raises out of the writer thread
            self.recorder.fail(f"the recording failed: {err!r}")
        finally:
            self._done.set()
