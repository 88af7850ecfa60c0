"""The simulated camera: a deterministic moving scene with its frame number drawn in.

Frame ``n`` is always the same picture (a gradient background, a disc moving on a
circle, a bar sweeping across and the number ``n`` printed in the corner), so a test can
decode a recording and know which frame each picture was. The camera paces itself on the
injected clock at its frame rate, as a real camera delivers frames at its own pace; with
a fake clock a test runs at once.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

from common.clock import Clock, SystemClock

__all__ = ["SimCamera", "sim_frame"]

Frame = npt.NDArray[np.uint8]


def sim_frame(index: int, width: int, height: int, fps: float) -> Frame:
    """The picture of frame ``index`` of a ``width`` × ``height`` simulated camera."""
    column = np.linspace(40, 200, width, dtype=np.float32)
    row = np.linspace(30, 120, height, dtype=np.float32)
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[:, :, 0] = column[np.newaxis, :].astype(np.uint8)
    frame[:, :, 1] = row[:, np.newaxis].astype(np.uint8)
    frame[:, :, 2] = 60
    t = index / fps
    radius = max(2, min(width, height) // 10)
    cx = int(width / 2 + (width / 4) * math.cos(2 * math.pi * t / 4.0))
    cy = int(height / 2 + (height / 4) * math.sin(2 * math.pi * t / 4.0))
    cv2.circle(frame, (cx, cy), radius, (30, 200, 240), -1)
    bar_x = int((index * 4) % max(1, width))
    cv2.rectangle(
        frame, (bar_x, height - max(4, height // 20)), (bar_x + 8, height), (255, 255, 255), -1
    )
    scale = max(0.3, height / 480)
    cv2.putText(
        frame,
        str(index),
        (8, int(30 * scale) + 4),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale,
        (255, 255, 255),
        max(1, int(2 * scale)),
        cv2.LINE_AA,
    )
    return frame


class SimCamera:
    """A frame source for ``sim://camera``: frames at ``fps`` on ``clock``.

    ``frames`` ends the stream after that many frames (None: never ends).
    """

    def __init__(
        self,
        width: int = 640,
        height: int = 480,
        fps: float = 30.0,
        *,
        frames: int | None = None,
        clock: Clock | None = None,
    ) -> None:
        if width < 16 or height < 16:
            raise ValueError(
                f"a simulated camera is at least 16 × 16 pixels, not {width} × {height}"
            )
        if not 0 < fps <= 240:
            raise ValueError(f"a simulated camera runs at 0 to 240 frames per second, not {fps}")
        self.width = width
        self.height = height
        self.fps = fps
        self.name = f"sim://camera?w={width}&h={height}&fps={fps:g}"
        self._frames = frames
        self._clock = clock or SystemClock()
        self._index = 0
        self._start: float | None = None
        self._closed = False

    def read(self) -> Frame | None:
        """The next frame, once its time has come; None after the last or once closed."""
        if self._closed or (self._frames is not None and self._index >= self._frames):
            return None
        now = self._clock.monotonic()
        if self._start is None:
            self._start = now
        due = self._start + self._index / self.fps
        if due > now:
            self._clock.sleep(due - now)
        frame = sim_frame(self._index, self.width, self.height, self.fps)
        self._index += 1
        return frame

    def close(self) -> None:
        self._closed = True
