"""Where each frame of a recording is, and a reader that decodes frames off the GUI thread.

A recording is a list of segments (video files), each holding ``frame_count`` frames
from ``first_frame`` on; frame numbers count across segments from 0. :class:`FrameIndex`
turns a frame number into its segment and its place in that segment, and a time into
a frame, from the frames' own timestamps (a camera's frame rate varies, so the n-th
frame is not at n / fps).

:class:`FrameReader` owns a thread that opens the segments with OpenCV and decodes the
frame asked for last (a request made while another decodes replaces any request still
waiting, so scrubbing never queues up work). Each decoded frame is converted to a
:class:`~PySide6.QtGui.QImage` on that thread and handed to the GUI thread by a queued
signal; a missing or damaged segment is reported the same way, never raised.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cv2
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtGui import QImage

__all__ = ["FrameIndex", "FrameReader", "Segment", "SegmentLike"]


class SegmentLike(Protocol):
    """What the reader needs of a segment (``station.services.media.SegmentInfo``)."""

    @property
    def path(self) -> Path: ...
    @property
    def first_frame(self) -> int: ...
    @property
    def frame_count(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Segment:
    path: Path
    first_frame: int
    frame_count: int


class FrameIndex:
    """Frame numbers, segments and times of one recording.

    ``frame_times`` holds the time of every frame in seconds from the first (sorted);
    ``segments`` the video files in order.
    """

    def __init__(self, segments: Sequence[SegmentLike], frame_times: Sequence[float]) -> None:
        self.segments = [Segment(s.path, s.first_frame, s.frame_count) for s in segments]
        self.segments.sort(key=lambda s: s.first_frame)
        self._starts = [s.first_frame for s in self.segments]
        self.times = list(frame_times)

    @property
    def count(self) -> int:
        """How many frames there are (those with a time)."""
        return len(self.times)

    @property
    def last(self) -> int:
        return max(0, len(self.times) - 1)

    @property
    def duration(self) -> float:
        return self.times[-1] if self.times else 0.0

    def clamp(self, frame: int) -> int:
        return min(max(frame, 0), self.last)

    def time_of(self, frame: int) -> float:
        return self.times[self.clamp(frame)] if self.times else 0.0

    def locate(self, frame: int) -> tuple[Segment, int] | None:
        """The segment holding ``frame`` and the frame's place in it (None outside)."""
        at = bisect.bisect_right(self._starts, frame) - 1
        if at < 0:
            return None
        segment = self.segments[at]
        local = frame - segment.first_frame
        if local >= segment.frame_count:
            return None
        return segment, local

    def frame_at(self, t_s: float) -> int:
        """The frame on screen at ``t_s``: the last one shown at or before it."""
        if not self.times:
            return 0
        return self.clamp(bisect.bisect_right(self.times, t_s + 1e-9) - 1)

    def nearest(self, t_s: float) -> int:
        """The frame whose time is nearest ``t_s`` (the earlier one on a tie)."""
        if not self.times:
            return 0
        after = bisect.bisect_left(self.times, t_s)
        if after <= 0:
            return 0
        if after >= len(self.times):
            return self.last
        before = after - 1
        if t_s - self.times[before] <= self.times[after] - t_s:
            return before
        return after


class FrameError(Exception):
    """A frame cannot be shown (its file is missing or damaged); the message says which."""


class _Decoder:
    """Decodes frames of one recording; used on the reader's thread only."""

    def __init__(self, index: FrameIndex) -> None:
        self.index = index
        self._capture: Any = None
        self._segment: Segment | None = None
        self._next = -1  # the place in the open segment that read() returns next

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
        self._capture = None
        self._segment = None
        self._next = -1

    def _open(self, segment: Segment) -> Any:
        if self._segment == segment and self._capture is not None:
            return self._capture
        self.close()
        if not segment.path.is_file():
            raise FrameError(
                QCoreApplication.translate(
                    "FrameReader", "{0} is missing: this part of the recording cannot be shown."
                ).replace("{0}", segment.path.name)
            )
        capture = cv2.VideoCapture(str(segment.path))
        if not capture.isOpened():
            capture.release()
            raise FrameError(
                QCoreApplication.translate(
                    "FrameReader", "{0} cannot be opened: the file is damaged."
                ).replace("{0}", segment.path.name)
            )
        self._capture = capture
        self._segment = segment
        self._next = 0
        return capture

    def decode(self, frame: int) -> QImage:
        found = self.index.locate(frame)
        if found is None:
            raise FrameError(
                QCoreApplication.translate(
                    "FrameReader", "Frame {0} is not in the recording."
                ).replace("{0}", str(frame))
            )
        segment, local = found
        capture = self._open(segment)
        ahead = local - self._next
        if 0 <= ahead <= 12:
            # Close ahead (playback, a frame step): read on instead of seeking.
            for _skip in range(ahead):
                capture.grab()
        else:
            capture.set(cv2.CAP_PROP_POS_FRAMES, float(local))
        ok, image = capture.read()
        if not ok or image is None:
            self.close()
            raise FrameError(
                QCoreApplication.translate(
                    "FrameReader",
                    "Frame {0} of {1} cannot be read: the file is damaged or cut short.",
                )
                .replace("{0}", str(local + 1))
                .replace("{1}", segment.path.name)
            )
        self._next = local + 1
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
        else:
            image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        height, width = image.shape[:2]
        # copy(): the QImage must own its pixels once the array is gone.
        return QImage(
            image.data, width, height, int(image.strides[0]), QImage.Format.Format_RGB888
        ).copy()


class _ReaderThread(QThread):
    decoded = Signal(int, QImage)
    failed = Signal(int, str)

    def __init__(self, index: FrameIndex) -> None:
        super().__init__()
        self.setObjectName("FrameReader")
        self._decoder = _Decoder(index)
        self._wake = threading.Condition()
        self._wanted: int | None = None
        self._stopping = False

    def want(self, frame: int) -> None:
        with self._wake:
            self._wanted = frame
            self._wake.notify()

    def finish(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()

    def run(self) -> None:
        try:
            while True:
                with self._wake:
                    while self._wanted is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping:
                        return
                    frame = self._wanted
                    self._wanted = None
                assert frame is not None
                try:
                    image = self._decoder.decode(frame)
                except FrameError as err:
                    self.failed.emit(frame, str(err))
                except cv2.error as err:
                    self._decoder.close()
                    self.failed.emit(
                        frame,
                        QCoreApplication.translate(
                            "FrameReader", "Frame {0} cannot be decoded: {1}"
                        )
                        .replace("{0}", str(frame))
                        .replace("{1}", str(err).strip().splitlines()[-1]),
                    )
                else:
                    self.decoded.emit(frame, image)
        finally:
            self._decoder.close()


class FrameReader(QObject):
    """Decodes the frames of one recording on a thread of its own.

    :meth:`request` asks for a frame (the newest request wins); ``frame_ready(frame,
    image)`` or ``frame_failed(frame, message)`` answer on the GUI thread. :meth:`stop`
    ends the thread and waits for it (call it when the player closes).
    """

    frame_ready = Signal(int, QImage)
    frame_failed = Signal(int, str)

    def __init__(self, index: FrameIndex, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self._thread = _ReaderThread(index)
        # The thread object lives on the GUI thread: these connections are queued (the
        # signals are emitted from run()), so the slots run on the GUI thread.
        self._thread.decoded.connect(self.frame_ready)
        self._thread.failed.connect(self.frame_failed)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def request(self, frame: int) -> None:
        if self._thread.isRunning():
            self._thread.want(frame)

    def stop(self) -> None:
        self._thread.finish()
        self._thread.wait()
