"""Recording an encounter or a practice attempt from the camera named in the settings.

A :class:`RecordingController` owns one camera URL. :meth:`RecordingController.begin`
asks the station to register the recording (``begin_recording``, through the service
worker: the row exists before the first frame, so a recording cut short by a crash is
still listed and its files still play), then :meth:`RecordingController.start` records
into the folder the station gave.

Nothing here opens the camera or writes a file on the GUI thread. A supervisor thread of
the controller's own starts the :class:`~devices.camera.frames.CameraCapture` (which
opens the camera on its thread), waits until the camera answers, creates the
:class:`~devices.camera.video_recorder.VideoRecorder` (which checks the free space and opens
the first file) and runs the :class:`~devices.camera.video_recorder.RecordingSession` (its
own writer thread). The supervisor leaves what it has to say (state, counters, free
disk space, the final status) in a mailbox; the GUI thread empties it on a timer at
display rate, emits the signals and takes the latest frame for the preview (frames the
display had no time for are skipped, and never hold up the camera or the writer).

A camera that fails, a disk that fills or a recording that cannot start becomes the
controller's state and message: it never raises into the screen, so the scoring goes
on. Markers go to the recording's markers file at once (they survive a crash) and to
the station's timeline (``add_marker``).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from common.clock import Clock, SystemClock
from devices.camera.frames import CameraCapture, CapturedFrame, CaptureState, CaptureStatus
from devices.camera.video_recorder import (
    RecordingError,
    RecordingSession,
    RecordingState,
    RecordingStatus,
    VideoRecorder,
)
from devices.ring import Ring
from ui.context import AppContext
from ui.worker import error_text

if TYPE_CHECKING:
    from station.services import StationServices
    from station.services.media import MediaInfo, TimelineEvent

__all__ = [
    "CAMERA_OPEN_TIMEOUT_S",
    "MIN_FREE_BYTES",
    "PREVIEW_FPS",
    "RecState",
    "RecordingController",
    "RecordingSnapshot",
    "frame_to_image",
    "recording_size",
]

#: The preview shows at most this many frames a second (the recording keeps them all).
PREVIEW_FPS = 15
#: How long the camera may take to answer before the recording is given up.
CAMERA_OPEN_TIMEOUT_S = 15.0
#: Free space kept on the recording's disk (docs/camera.md: the recorder's default).
MIN_FREE_BYTES = 500_000_000
#: How often the supervisor reports the counters and reads the free space (seconds).
REPORT_EVERY_S = 0.25
FREE_DISK_EVERY_S = 2.0


class RecState(StrEnum):
    """Where a controller is: ``idle`` (nothing started), ``starting`` (opening the
    camera), ``recording``, ``stopping`` (finishing the files), ``stopped`` (complete),
    ``failed`` (the camera or the files failed: see the message) or ``disk_full``."""

    IDLE = "idle"
    STARTING = "starting"
    RECORDING = "recording"
    STOPPING = "stopping"
    STOPPED = "stopped"
    FAILED = "failed"
    DISK_FULL = "disk_full"


#: States in which the recording is over.
FINAL_STATES = frozenset({RecState.STOPPED, RecState.FAILED, RecState.DISK_FULL})


@dataclass(frozen=True)
class RecordingSnapshot:
    """What the recording panel shows: the state, the time recorded (seconds on the
    camera's clock since the first frame could be written), frames written and dropped,
    markers, free space on the recording's disk (None before it was read), the camera's
    own state and the latest problem (None when all is well)."""

    state: RecState = RecState.IDLE
    elapsed_s: float = 0.0
    frames: int = 0
    dropped: int = 0
    markers: int = 0
    free_bytes: int | None = None
    camera_state: str = ""
    message: str | None = None
    size_bytes: int = 0


def frame_to_image(frame: npt.NDArray[np.uint8]) -> QImage:
    """A copy of a BGR camera frame as a QImage (made on the GUI thread)."""
    data = np.ascontiguousarray(frame)
    height, width = data.shape[:2]
    fmt = QImage.Format.Format_Grayscale8 if data.ndim == 2 else QImage.Format.Format_BGR888
    image = QImage(data.data, width, height, data.strides[0], fmt)
    return image.copy()  # the QImage must not outlive ``data``'s buffer


def _disk_free(path: Path) -> int:
    return shutil.disk_usage(path).free


def recording_size(folder: Path, name: str) -> int:
    """Bytes on disk of a recording's files (its segments and sidecars)."""
    total = 0
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        if path.name.startswith(f"{name}-") or path.name.startswith(f"{name}."):
            try:
                total += path.stat().st_size
            except OSError:
                continue
    return total


class _Mailbox:
    """What the supervisor thread hands to the GUI thread: the latest snapshot and
    whether the recording ended (with its final status)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot: RecordingSnapshot | None = None
        self._final: RecordingSnapshot | None = None

    def put(self, snapshot: RecordingSnapshot) -> None:
        with self._lock:
            self._snapshot = snapshot

    def put_final(self, snapshot: RecordingSnapshot) -> None:
        with self._lock:
            self._snapshot = snapshot
            self._final = snapshot

    def take(self) -> tuple[RecordingSnapshot | None, RecordingSnapshot | None]:
        with self._lock:
            taken = (self._snapshot, self._final)
            self._snapshot = self._final = None
            return taken


class _Supervisor:
    """Runs one recording on a thread of its own (never a Qt object, never a widget)."""

    def __init__(
        self,
        capture: CameraCapture,
        folder: Path,
        name: str,
        *,
        clock: Clock,
        codec: str,
        min_free_bytes: int,
        free_bytes: Callable[[Path], int],
        open_timeout_s: float,
        mailbox: _Mailbox,
    ) -> None:
        self.capture = capture
        self.folder = folder
        self.name = name
        self.clock = clock
        self.codec = codec
        self.min_free_bytes = min_free_bytes
        self.free_bytes = free_bytes
        self.open_timeout_s = open_timeout_s
        self.mailbox = mailbox
        self.stop_event = threading.Event()
        self.session: RecordingSession | None = None
        self._session_lock = threading.Lock()
        self.started_at: float | None = None
        self.thread = threading.Thread(target=self._run, name="recording-supervisor")

    # ---------------------------------------------------------------- any thread

    def mark(self, label: str, host_t_s: float, wall_t: float) -> bool:
        """Write a marker to the markers file; False when no file takes it (the
        recording has not started or is finished)."""
        with self._session_lock:
            session = self.session
        if session is None:
            return False
        try:
            session.mark(label, host_t_s, wall_t)
        except RecordingError:
            return False
        return True

    # ---------------------------------------------------------------- the thread

    def _snapshot(
        self,
        state: RecState,
        status: RecordingStatus | None,
        free: int | None,
        message: str | None,
    ) -> RecordingSnapshot:
        camera = self.capture.status()
        elapsed = 0.0
        if self.started_at is not None:
            elapsed = max(0.0, self.clock.monotonic() - self.started_at)
        return RecordingSnapshot(
            state=state,
            elapsed_s=elapsed,
            frames=0 if status is None else status.frames_written,
            dropped=0 if status is None else status.dropped_frames,
            markers=0 if status is None else status.markers,
            free_bytes=free,
            camera_state=str(camera.state),
            message=message,
        )

    def _free(self) -> int | None:
        try:
            return self.free_bytes(self.folder)
        except OSError:
            return None

    def _run(self) -> None:
        free: int | None = None
        # Subscribed before the camera starts, so the recording keeps its first frames.
        frames = self.capture.subscribe(RecordingSession.RING_CAPACITY)
        try:
            self.capture.start()
            camera = self._wait_for_camera()
            if camera.state is CaptureState.OPENING:
                if self.stop_event.is_set():
                    self._end(RecState.STOPPED, None, None)
                else:
                    self._end(
                        RecState.FAILED,
                        None,
                        f"{self.capture.url}: the camera did not answer in "
                        f"{self.open_timeout_s:g} s; check that it is connected",
                    )
                return
            if camera.state is not CaptureState.CAPTURING:
                self._end(
                    RecState.FAILED,
                    None,
                    camera.last_error or f"{self.capture.url}: the camera sent no picture",
                )
                return
            recorder = VideoRecorder(
                self.folder,
                width=camera.width,
                height=camera.height,
                fps=camera.fps,
                name=self.name,
                codec=self.codec,
                min_free_bytes=self.min_free_bytes,
                free_bytes=self.free_bytes,
            )
            session = RecordingSession(self.capture, recorder, ring=frames)
            with self._session_lock:
                self.session = session
            self.started_at = self.clock.monotonic()
            session.start()
            free = self._free()
            last_free = time.monotonic()
            while not self.stop_event.wait(REPORT_EVERY_S):
                if session.wait(0):
                    break  # the camera ended or failed, or the disk filled
                if time.monotonic() - last_free >= FREE_DISK_EVERY_S:
                    free, last_free = self._free(), time.monotonic()
                self.mailbox.put(self._snapshot(RecState.RECORDING, recorder.status(), free, None))
            self.capture.stop()
            # A marker arriving now finds the markers file closed and goes to the
            # station's timeline only (the recorder's own lock orders the two).
            final = session.stop()
            free = self._free()
            state, message = self._outcome(final)
            self._end(state, final, message, free)
        except RecordingError as err:
            self._end(RecState.FAILED, self._abandon(), str(err), free)
        except Exception as err:  # nothing raises out of the supervisor thread
            self._end(RecState.FAILED, self._abandon(), f"the recording failed: {err!r}", free)
        finally:
            self.capture.unsubscribe(frames)

    def _abandon(self) -> RecordingStatus | None:
        """After an unexpected error: stop the camera and the writer, keeping what was
        written (None when the recording never started)."""
        with self._session_lock:
            session = self.session
        if session is None:
            return None
        try:
            self.capture.stop()
            return session.stop()
        except Exception:  # the error being reported matters more
            return session.recorder.status()

    def _wait_for_camera(self) -> CaptureStatus:
        """The capture's status once the camera answered, the wait timed out or a stop
        was asked for (checked every tenth of a second)."""
        deadline = time.monotonic() + self.open_timeout_s
        while True:
            status = self.capture.wait_for(
                lambda s: s.state is not CaptureState.OPENING, min(0.1, self.open_timeout_s)
            )
            if status is not None:
                return status
            if self.stop_event.is_set() or time.monotonic() >= deadline:
                return self.capture.status()

    def _outcome(self, final: RecordingStatus) -> tuple[RecState, str | None]:
        if final.state is RecordingState.DISK_FULL:
            return RecState.DISK_FULL, final.reason
        if final.state is RecordingState.FAILED:
            return RecState.FAILED, final.reason
        camera = self.capture.status()
        if camera.state is CaptureState.FAILED:
            return RecState.FAILED, camera.last_error
        return RecState.STOPPED, None

    def _end(
        self,
        state: RecState,
        status: RecordingStatus | None,
        message: str | None,
        free: int | None = None,
    ) -> None:
        try:
            self.capture.stop()
        except RuntimeError as err:
            message = message or str(err)
        snapshot = self._snapshot(state, status, free, message)
        snapshot = replace(snapshot, size_bytes=recording_size(self.folder, self.name))
        self.mailbox.put_final(snapshot)


class RecordingController(QObject):
    """Records one camera (``url``, the settings' camera by default) for one encounter
    or practice attempt at a time.

    Signals (all on the GUI thread):

    - ``stateChanged(str)``: a :class:`RecState` value;
    - ``statusChanged(object)``: a :class:`RecordingSnapshot`, a few times a second;
    - ``preview(QImage)``: the latest camera frame, at most :data:`PREVIEW_FPS` a second;
    - ``markerAdded(object)``: the station's ``TimelineEvent`` for a marker;
    - ``finished(int, int, int)``: frames, dropped frames and bytes, once the files are
      complete and the station has been told (``finish_recording``);
    - ``problem(str)``: a one-line message when something went wrong.

    ``camera_clock`` stamps frames and markers (a ``common.clock.FakeClock`` in
    tests); ``wall`` gives wall-clock time for markers; ``free_bytes`` reads free space.
    Call :meth:`shutdown` before the screen goes (it waits for the threads).
    """

    stateChanged = Signal(str)
    statusChanged = Signal(object)
    preview = Signal(QImage)
    markerAdded = Signal(object)
    finished = Signal(int, int, int)
    problem = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        url: str | None = None,
        parent: QObject | None = None,
        *,
        camera_clock: Clock | None = None,
        wall: Callable[[], float] = time.time,
        codec: str = "mjpg",
        min_free_bytes: int = MIN_FREE_BYTES,
        free_bytes: Callable[[Path], int] = _disk_free,
        open_timeout_s: float = CAMERA_OPEN_TIMEOUT_S,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.url = (ctx.settings.camera if url is None else url).strip()
        self.camera_clock: Clock = camera_clock or SystemClock()
        self.wall = wall
        self.codec = codec
        self.min_free_bytes = min_free_bytes
        self.free_bytes = free_bytes
        self.open_timeout_s = open_timeout_s
        self.media: MediaInfo | None = None
        self.state = RecState.IDLE
        self.snapshot = RecordingSnapshot()
        self.latest_image: QImage | None = None
        self.preview_enabled = True
        self.markers: list[TimelineEvent] = []
        self._supervisor: _Supervisor | None = None
        self._preview_ring: Ring[CapturedFrame] | None = None
        self._mailbox = _Mailbox()
        self._finishing = False
        # begin() asked the station; stop() came before its answer; shutdown() happened.
        self._begin_pending = False
        self._stop_requested = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000 // PREVIEW_FPS)
        self._timer.timeout.connect(self._drain)

    # ---------------------------------------------------------------- queries

    @property
    def configured(self) -> bool:
        """Whether a camera is named (an empty URL records nothing)."""
        return bool(self.url)

    @property
    def active(self) -> bool:
        """Whether a recording is under way (starting, recording or finishing)."""
        return (
            self.state in (RecState.STARTING, RecState.RECORDING, RecState.STOPPING)
            or self._finishing
            or self._begin_pending
        )

    # ---------------------------------------------------------------- commands

    def begin(
        self,
        *,
        encounter_id: str | None = None,
        attempt_id: str | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Register a recording with the station (``begin_recording``, which refuses
        without consent) and, once it is, start it. An error goes to ``on_error`` (else
        it becomes the state ``failed`` and a message)."""
        if self.active or self._closed:
            return
        actor = self.ctx.actor
        if actor is None:
            raise RuntimeError("nobody is signed in: a recording needs a user")
        self._begin_pending, self._stop_requested = True, False
        self.media, self.markers = None, []
        self.snapshot = RecordingSnapshot(state=RecState.STARTING)
        self._set_state(RecState.STARTING)

        def work(s: StationServices) -> MediaInfo:
            return s.media.begin_recording(actor, encounter_id=encounter_id, attempt_id=attempt_id)

        def begun(media: MediaInfo) -> None:
            self._begin_pending = False
            self.start(media)

        def refused(exc: Exception) -> None:
            self._begin_pending = False
            self._set_state(RecState.IDLE)
            if on_error is not None:
                on_error(exc)
            else:
                self._fail(error_text(exc))

        self.ctx.worker.submit(work, on_done=begun, on_error=refused)

    def start(self, media: MediaInfo) -> None:
        """Record into ``media.folder`` under ``media.name`` (a recording the station
        has registered). Returns at once: the camera opens on another thread."""
        if self._supervisor is not None:
            raise RuntimeError("a recording is already running; stop it first")
        self.media = media
        self.markers = []
        self.latest_image = None
        if self._stop_requested or self._closed:
            # Stopped (or closed) while the station registered it: close it empty.
            self._stop_requested = False
            self._finish(RecordingSnapshot(state=RecState.STOPPED))
            return
        self._mailbox = _Mailbox()
        capture = CameraCapture(self.url, clock=self.camera_clock, wall=self.wall)
        self._preview_ring = capture.subscribe(2)
        self._supervisor = _Supervisor(
            capture,
            media.folder,
            media.name,
            clock=self.camera_clock,
            codec=self.codec,
            min_free_bytes=self.min_free_bytes,
            free_bytes=self.free_bytes,
            open_timeout_s=self.open_timeout_s,
            mailbox=self._mailbox,
        )
        self.snapshot = RecordingSnapshot(state=RecState.STARTING)
        self._set_state(RecState.STARTING)
        self._supervisor.thread.start()
        self._timer.start()

    def mark(self, label: str) -> None:
        """Mark this moment: in the markers file at once and on the station's timeline."""
        label = " ".join(label.split())
        media, actor = self.media, self.ctx.actor
        if not label or media is None or actor is None:
            return
        wall_t = self.wall()
        supervisor = self._supervisor
        if supervisor is not None:
            supervisor.mark(label, self.camera_clock.monotonic(), wall_t)
        at = datetime.fromtimestamp(wall_t, UTC)
        media_id = media.id

        def done(event: TimelineEvent) -> None:
            self.markers.append(event)
            self.markerAdded.emit(event)

        self.ctx.worker.submit(
            lambda s: s.media.add_marker(actor, media_id, label, at=at),
            on_done=done,
            on_error=lambda exc: self._warn(error_text(exc)),
        )

    def stop(self) -> None:
        """Finish the recording: the files are completed on the supervisor's thread and
        the station told; ``finished`` follows. Returns at once."""
        supervisor = self._supervisor
        if supervisor is None:
            if self._begin_pending:
                self._stop_requested = True
            return
        supervisor.stop_event.set()
        if self.state in (RecState.STARTING, RecState.RECORDING):
            self._set_state(RecState.STOPPING)

    def shutdown(self) -> None:
        """Stop, wait for the threads and hand the final counts to the station (queued
        on the worker, which finishes queued work before it stops)."""
        self._closed = True
        supervisor = self._supervisor
        if supervisor is not None:
            supervisor.stop_event.set()
            supervisor.thread.join()
        self._drain()
        self._timer.stop()

    def set_preview(self, enabled: bool) -> None:
        """Turn the preview conversion on or off (the recording goes on either way)."""
        self.preview_enabled = enabled

    # ---------------------------------------------------------------- GUI side

    def _drain(self) -> None:
        ring = self._preview_ring
        if ring is not None:
            frames = ring.drain()
            if frames and self.preview_enabled:
                self.latest_image = frame_to_image(frames[-1].image)
                self.preview.emit(self.latest_image)
        snapshot, final = self._mailbox.take()
        if snapshot is not None and final is None:
            self.snapshot = snapshot
            if self.state is RecState.STARTING and snapshot.state is RecState.RECORDING:
                self._set_state(RecState.RECORDING)
            self.statusChanged.emit(snapshot)
        if final is not None:
            self._finish(final)

    def _finish(self, final: RecordingSnapshot) -> None:
        supervisor = self._supervisor
        if supervisor is not None:
            supervisor.thread.join()
            if self._preview_ring is not None:
                supervisor.capture.unsubscribe(self._preview_ring)
        self._supervisor = None
        self._preview_ring = None
        self._timer.stop()
        self.snapshot = final
        self.statusChanged.emit(final)
        self._set_state(final.state)
        if final.message:
            self.problem.emit(final.message)
        media, actor = self.media, self.ctx.actor
        if media is None or actor is None:
            self.finished.emit(final.frames, final.dropped, final.size_bytes)
            return
        self._finishing = True
        media_id = media.id

        def done(_info: object) -> None:
            self._finishing = False
            self.finished.emit(final.frames, final.dropped, final.size_bytes)

        def failed(exc: Exception) -> None:
            self._finishing = False
            self._warn(error_text(exc))
            self.finished.emit(final.frames, final.dropped, final.size_bytes)

        self.ctx.worker.submit(
            lambda s: s.media.finish_recording(
                actor,
                media_id,
                frames=final.frames,
                dropped_frames=final.dropped,
                size_bytes=final.size_bytes,
            ),
            on_done=done,
            on_error=failed,
        )

    def _set_state(self, state: RecState) -> None:
        if state is self.state:
            return
        self.state = state
        self.stateChanged.emit(str(state))

    def _fail(self, message: str) -> None:
        self.snapshot = RecordingSnapshot(state=RecState.FAILED, message=message)
        self.statusChanged.emit(self.snapshot)
        self._set_state(RecState.FAILED)
        self.problem.emit(message)

    def _warn(self, message: str) -> None:
        self.problem.emit(message)
