"""The camera preview that reads candidates' badges at check-in.

A :class:`devices.camera.qr.QrScanner` opens the camera and reads frames on its own
thread; its callbacks only leave the latest frame, the codes read and the end of the run
in a mailbox. The GUI thread empties the mailbox on a timer at display rate: the latest
frame becomes a picture in the preview (frames the display had no time for are skipped)
and each code read (once per showing of a badge) is emitted as
:attr:`BadgeCamera.codeScanned`. Nothing here touches the camera from the GUI thread,
and the scanner's thread never touches a Qt object.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from devices.camera.qr import Debouncer, Frame, FrameSource, QrDecoder, QrScanner

__all__ = ["BadgeCamera", "frame_to_image"]

PREVIEW_W, PREVIEW_H = 320, 240

# How often the preview takes the latest frame (25 times a second).
DISPLAY_MS = 40


def frame_to_image(frame: Frame) -> QImage:
    """A copy of a BGR (or grey) camera frame as a QImage."""
    data = np.ascontiguousarray(frame)
    height, width = data.shape[:2]
    if data.ndim == 2:
        image = QImage(data.data, width, height, data.strides[0], QImage.Format.Format_Grayscale8)
    else:
        image = QImage(data.data, width, height, data.strides[0], QImage.Format.Format_BGR888)
    return image.copy()  # the QImage must not outlive ``data``'s buffer


class _Mailbox:
    """What the scanner's thread hands to the GUI: the latest frame, the codes read,
    and the end of the run (its message)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frame: Frame | None = None
        self._codes: list[str] = []
        self._ended: str | None = None

    def put_frame(self, frame: Frame) -> None:
        with self._lock:
            self._frame = frame

    def put_code(self, code: str) -> None:
        with self._lock:
            self._codes.append(code)

    def put_end(self, message: str) -> None:
        with self._lock:
            self._ended = message

    def take(self) -> tuple[Frame | None, list[str], str | None]:
        with self._lock:
            taken = (self._frame, self._codes, self._ended)
            self._frame, self._codes = None, []
            return taken


class BadgeCamera(QWidget):
    """The preview of the check-in camera while it looks for badges."""

    # The text of a QR code seen by the camera (once while it stays in view).
    codeScanned = Signal(str)
    # The camera stopped by itself: what went wrong.
    stopped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = QLabel(self)
        self.preview.setObjectName("badgePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_W, PREVIEW_H)
        self.preview.setStyleSheet("background: #202020; color: #e0e0e0;")
        self.preview.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        self.frames_shown = 0
        self._scanner: QrScanner | None = None
        self._mailbox = _Mailbox()
        self._timer = QTimer(self)
        self._timer.setInterval(DISPLAY_MS)
        self._timer.timeout.connect(self._drain)

    @property
    def running(self) -> bool:
        return self._scanner is not None

    def start(self, open_source: Callable[[], FrameSource]) -> None:
        """Open the camera (on the scanner's thread) and start looking for badges."""
        self.stop()
        self.frames_shown = 0
        self.preview.clear()
        self.preview.setText(self.tr("Opening the camera…"))
        # A mailbox per camera run: nothing an earlier run left reaches this one.
        mailbox = self._mailbox = _Mailbox()
        self._scanner = QrScanner(open_source, mailbox.put_frame, mailbox.put_code, mailbox.put_end)
        self._scanner.start()
        self._timer.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the camera's thread has ended by itself (a video file played to its
        end, a camera unplugged); whether it has. What it left shows at the next tick."""
        scanner = self._scanner
        return True if scanner is None else scanner.wait(timeout)

    def stop(self) -> None:
        """Stop the camera and wait for its thread."""
        scanner, self._scanner = self._scanner, None
        self._timer.stop()
        if scanner is not None:
            scanner.stop()

    def feed(self, frames: list[Frame]) -> None:
        """Show and read frames that come from elsewhere (pictures taken beforehand, a
        test), on the calling thread, as if the camera had sent them."""
        decoder, debouncer = QrDecoder(), Debouncer()
        for frame in frames:
            self._show(frame)
            for code in debouncer.feed(decoder.decode(frame)):
                self.codeScanned.emit(code)

    def _drain(self) -> None:
        frame, codes, ended = self._mailbox.take()
        if frame is not None:
            self._show(frame)
        for code in codes:
            if self._scanner is None:
                return  # a code before this one stopped the camera
            self.codeScanned.emit(code)
        if ended is not None and self._scanner is not None:
            self.stop()
            self.preview.clear()
            self.preview.setText(self.tr("The camera is off."))
            self.stopped.emit(ended)

    def _show(self, frame: Frame) -> None:
        pixmap = QPixmap.fromImage(frame_to_image(frame))
        self.preview.setPixmap(
            pixmap.scaled(
                self.preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.frames_shown += 1
