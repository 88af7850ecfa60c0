"""Reading QR codes from camera frames, for checking candidates in by their badge.

:class:`QrDecoder` finds every QR code in a frame with OpenCV's ``QRCodeDetector``: the
frame as it is, then in grey, then (for small codes, such as a badge held at arm's
length from a low-resolution webcam) in grey enlarged twice. :class:`Debouncer` turns
the codes seen frame by frame into events: a badge held in front of the camera for a
second is reported once, not thirty times. :class:`QrScanner` runs both on a thread of
its own that reads frames from a :class:`FrameSource` and hands frames and codes to
callbacks (the desktop station collects them for its screen; nothing here knows Qt).

A frame source is anything with ``read()`` (the next BGR frame, or ``None`` when the
source has ended) and ``close()``. :func:`open_frame_source` opens one from a camera URL
(:mod:`devices.camera.source`): ``camera://N`` for the N-th camera of the computer,
``sim://camera`` for the simulated one, or the path of a video file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.source import CameraError, open_camera

__all__ = [
    "CameraError",
    "Debouncer",
    "Frame",
    "FrameSource",
    "QrDecoder",
    "QrScanner",
    "open_frame_source",
    "scan_frames",
]

#: A camera frame: height × width × 3 (BGR) or height × width (grey), 8-bit.
Frame = npt.NDArray[np.uint8]

# Frames whose longer side is below this are also tried enlarged twice: OpenCV's detector
# needs a module of about three pixels, which a badge at arm's length from a 640 × 480
# webcam does not always give.
_UPSCALE_BELOW = 1000


class FrameSource(Protocol):
    """Where frames come from: a camera, a video file, a sequence of pictures."""

    def read(self) -> Frame | None:
        """The next frame, or ``None`` once the source has no more (or the camera
        stopped sending)."""
        ...

    def close(self) -> None:
        """Release the camera or file."""
        ...


def open_frame_source(url: str, realtime: bool = True) -> FrameSource:
    """Open the camera named by ``url`` (see :func:`devices.camera.source.open_camera`:
    ``camera://N``, ``sim://camera``, a video file, played at its own pace unless
    ``realtime`` is false). Raises :class:`CameraError` saying what is wrong."""
    return open_camera(url, realtime=realtime)


class QrDecoder:
    """Every QR code OpenCV finds in a frame, as text (empty codes left out)."""

    def __init__(self) -> None:
        self._detector = cv2.QRCodeDetector()

    def decode(self, frame: Frame) -> tuple[str, ...]:
        """The texts of the QR codes in ``frame``, each once, in the order found."""
        found = self._attempt(frame)
        if found:
            return found
        grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        if grey is not frame:
            found = self._attempt(grey)
            if found:
                return found
        if max(grey.shape[:2]) < _UPSCALE_BELOW:
            bigger = cv2.resize(grey, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
            return self._attempt(bigger)
        return ()

    def _attempt(self, image: npt.NDArray[Any]) -> tuple[str, ...]:
        texts: list[str] = []
        try:
            ok, decoded, _points, _straight = self._detector.detectAndDecodeMulti(image)
            if ok:
                texts.extend(str(text) for text in decoded)
        except cv2.error:
            pass  # a frame the detector cannot take (too small): try the single decoder
        if not any(texts):
            try:
                single, _corners, _code = self._detector.detectAndDecode(image)
            except cv2.error:
                single = ""
            texts.append(str(single))
        return tuple(dict.fromkeys(text for text in texts if text))


class Debouncer:
    """Reports a code once while it stays in view.

    A code is new when it was not seen in any of the last ``forget_after`` frames, so a
    frame or two where the decoder misses a badge still held up does not report it
    again; taking the badge away for longer and showing it again does.
    """

    def __init__(self, forget_after: int = 15) -> None:
        if forget_after < 1:
            raise ValueError("forget_after must be at least one frame")
        self.forget_after = forget_after
        self._frame = 0
        self._last_seen: dict[str, int] = {}

    def feed(self, codes: Iterable[str]) -> list[str]:
        """The codes of one frame in; the ones to report out."""
        self._frame += 1
        fresh: list[str] = []
        for code in codes:
            last = self._last_seen.get(code)
            if last is None or self._frame - last > self.forget_after:
                fresh.append(code)
            self._last_seen[code] = self._frame
        stale = [c for c, seen in self._last_seen.items() if self._frame - seen > self.forget_after]
        for code in stale:
            del self._last_seen[code]
        return fresh

    def reset(self) -> None:
        """Forget every code, so the next sighting of any is reported."""
        self._last_seen.clear()


def scan_frames(
    frames: Sequence[Frame], decoder: QrDecoder | None = None, debouncer: Debouncer | None = None
) -> list[str]:
    """The codes a scanner reports for ``frames`` in order (decoded and debounced)."""
    decoder = decoder or QrDecoder()
    debouncer = debouncer or Debouncer()
    reported: list[str] = []
    for frame in frames:
        reported.extend(debouncer.feed(decoder.decode(frame)))
    return reported


class QrScanner:
    """Opens a frame source and reads it on a thread of its own, reporting frames and
    codes (opening a camera can take a second: it never holds up the caller).

    ``on_frame(frame)`` is called with every frame (for a preview), ``on_code(text)``
    with every code the debouncer lets through, and ``on_end(message)`` once when the
    source ends or fails to open or read (``message`` is empty when the scanner was
    stopped; a :class:`CameraError` gives its own message). The
    callbacks run on the scanner's thread: a GUI must hand them to its own thread.
    """

    def __init__(
        self,
        open_source: Callable[[], FrameSource],
        on_frame: Callable[[Frame], None],
        on_code: Callable[[str], None],
        on_end: Callable[[str], None],
        decoder: QrDecoder | None = None,
        debouncer: Debouncer | None = None,
    ) -> None:
        self._open_source = open_source
        self._on_frame = on_frame
        self._on_code = on_code
        self._on_end = on_end
        self._decoder = decoder or QrDecoder()
        self._debouncer = debouncer or Debouncer()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="qr-scanner", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Ask the thread to stop and wait for it (the source is closed by the thread)."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the source to end (or the scanner to stop); whether it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            source = self._open_source()
        except CameraError as exc:
            self._on_end(str(exc))
            return
        message = ""
        try:
            while not self._stop.is_set():
                frame = source.read()
                if frame is None:
                    if not self._stop.is_set():
                        message = "the camera stopped sending pictures"
                    break
                self._on_frame(frame)
                for code in self._debouncer.feed(self._decoder.decode(frame)):
                    if self._stop.is_set():
                        break
                    self._on_code(code)
        except Exception as exc:  # a camera driver failing mid-stream
            message = f"the camera failed: {exc}"
        finally:
            source.close()
            self._on_end(message)
