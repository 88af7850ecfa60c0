"""Opening a camera by URL.

- ``camera://N`` — the N-th camera of the computer (OpenCV's device index);
- a video file, by its path or as ``file:///path`` — played at its own frame rate when
  ``realtime`` is asked, else as fast as it can be read;
- ``sim://camera?w=640&h=480&fps=30`` (optionally ``&frames=N``) — the simulated camera
  of :mod:`devices.camera.sim`.

A frame source has ``read()`` (the next BGR frame, or None when the source has ended or
the camera stopped sending), ``close()``, and its ``width``, ``height``, ``fps`` and
``name``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

import cv2
import numpy as np
import numpy.typing as npt

from common.clock import Clock, SystemClock
from devices.camera.sim import SimCamera

__all__ = [
    "CameraError",
    "CameraSource",
    "CameraURL",
    "VideoSource",
    "open_camera",
    "parse_camera_url",
]

Frame = npt.NDArray[np.uint8]


class CameraError(Exception):
    """A camera URL is wrong or the camera cannot be opened; the message says which."""


class CameraSource(Protocol):
    name: str
    width: int
    height: int
    fps: float

    def read(self) -> Frame | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class CameraURL:
    """A parsed camera URL: ``kind`` is ``camera``, ``file`` or ``sim``."""

    text: str
    kind: str
    index: int | None = None
    path: Path | None = None
    options: dict[str, str] = field(default_factory=dict)


_SIM_OPTIONS = {"w", "h", "fps", "frames"}


def parse_camera_url(text: str) -> CameraURL:
    """Parse a camera URL; raises :class:`CameraError` saying what is wrong."""
    url = text.strip()
    if not url:
        raise CameraError("no camera given: use camera://0, sim://camera or a video file")
    if url.startswith("camera://"):
        rest = url.removeprefix("camera://")
        if not rest.isdigit():
            raise CameraError(f"{url}: the camera index must be a number, e.g. camera://0")
        return CameraURL(url, "camera", index=int(rest))
    if url.startswith("sim://"):
        parts = urlsplit(url)
        if parts.netloc != "camera" or parts.path not in ("", "/"):
            raise CameraError(f"{url}: the simulated camera is sim://camera?w=640&h=480&fps=30")
        options = dict(parse_qsl(parts.query, keep_blank_values=True))
        unknown = sorted(set(options) - _SIM_OPTIONS)
        if unknown:
            raise CameraError(
                f"{url}: unknown option {unknown[0]!r}; sim://camera takes w, h, fps and frames"
            )
        return CameraURL(url, "sim", options=options)
    if url.startswith("file://"):
        return CameraURL(url, "file", path=Path(unquote(urlsplit(url).path)))
    if "://" in url:
        raise CameraError(
            f"{url}: not a camera URL; use camera://N, sim://camera?w=640&h=480&fps=30, "
            "or the path of a video file"
        )
    return CameraURL(url, "file", path=Path(url))


def _number(url: CameraURL, key: str, default: float) -> float:
    raw = url.options.get(key)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise CameraError(f"{url.text}: {key}={raw!r} is not a number") from None


class VideoSource:
    """Frames from OpenCV's ``VideoCapture``: a camera by index or a video file.

    For a file with ``realtime``, frames are handed out at the file's frame rate on
    ``clock`` (as a camera would); otherwise as fast as they decode.
    """

    def __init__(
        self,
        target: int | str,
        name: str,
        *,
        realtime: bool = False,
        clock: Clock | None = None,
    ) -> None:
        self.name = name
        self._capture = cv2.VideoCapture(target)
        if not self._capture.isOpened():
            self._capture.release()
            raise CameraError(
                f"cannot open {name}: check that the camera is connected and not in use by "
                "another program, or that the file is a readable video"
            )
        self.width = int(self._capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        self.height = int(self._capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        fps = float(self._capture.get(cv2.CAP_PROP_FPS))
        self.fps = fps if 0 < fps <= 1000 else 30.0
        self._realtime = realtime
        self._clock = clock or SystemClock()
        self._start: float | None = None
        self._index = 0

    def read(self) -> Frame | None:
        ok, frame = self._capture.read()
        if not ok or frame is None:
            return None
        if self._realtime:
            now = self._clock.monotonic()
            if self._start is None:
                self._start = now
            due = self._start + self._index / self.fps
            if due > now:
                self._clock.sleep(due - now)
        self._index += 1
        return np.asarray(frame, dtype=np.uint8)

    def close(self) -> None:
        self._capture.release()


def open_camera(
    url: str | CameraURL, *, clock: Clock | None = None, realtime: bool = True
) -> CameraSource:
    """Open the camera named by ``url``; raises :class:`CameraError` with a message.

    ``realtime`` paces a video file at its frame rate (a camera paces itself).
    """
    parsed = parse_camera_url(url) if isinstance(url, str) else url
    if parsed.kind == "sim":
        width = _number(parsed, "w", 640)
        height = _number(parsed, "h", 480)
        fps = _number(parsed, "fps", 30)
        frames = parsed.options.get("frames")
        try:
            return SimCamera(
                int(width),
                int(height),
                fps,
                frames=None if frames is None else int(_number(parsed, "frames", 0)),
                clock=clock,
            )
        except ValueError as err:
            raise CameraError(f"{parsed.text}: {err}") from None
    if parsed.kind == "camera":
        assert parsed.index is not None
        return VideoSource(parsed.index, parsed.text, clock=clock)
    assert parsed.path is not None
    if not parsed.path.is_file():
        raise CameraError(f"{parsed.path}: no such video file; check the path")
    return VideoSource(str(parsed.path), parsed.text, realtime=realtime, clock=clock)
