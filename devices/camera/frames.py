"""One thread per camera: open it, read frames, stamp them, fan them out.

:class:`CameraCapture` opens its camera on a thread of its own (as
:class:`~devices.reader.DeviceReader` owns a device): nothing else reads the camera and
nothing the camera does (failing to open, stopping mid-stream, a broken file) raises out
of that thread; it becomes the capture's state and ``last_error``. Each frame carries
its index, the host's monotonic time when it arrived and the wall-clock time, and goes to
every subscriber's bounded :class:`~devices.ring.Ring`: the recorder and the GUI drain
theirs at their own pace, and a consumer that falls behind loses old frames, never
stalls the camera.

States: ``opening`` → ``capturing`` → ``ended`` (the file or simulated stream ended),
``failed`` (could not open, or the camera stopped sending) or ``stopped`` (after
:meth:`CameraCapture.stop`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from common.clock import Clock, SystemClock
from devices.camera.source import CameraError, CameraSource, CameraURL, open_camera
from devices.ring import Broadcast, Ring

__all__ = ["CameraCapture", "CaptureState", "CaptureStatus", "CapturedFrame"]

Frame = npt.NDArray[np.uint8]


class CaptureState(StrEnum):
    OPENING = "opening"
    CAPTURING = "capturing"
    ENDED = "ended"
    FAILED = "failed"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class CapturedFrame:
    """A frame with its place in time: ``index`` counts from 0 for this capture,
    ``host_t_s`` is the host's monotonic clock (the clock device samples carry) and
    ``wall_t`` is seconds since the epoch, for people reading the files."""

    index: int
    host_t_s: float
    wall_t: float
    image: Frame


@dataclass(frozen=True, slots=True)
class CaptureStatus:
    """A snapshot of a capture, safe to read from any thread."""

    url: str
    state: CaptureState
    width: int = 0
    height: int = 0
    fps: float = 0.0
    frames: int = 0
    last_error: str | None = None


class CameraCapture:
    """Reads one camera on its own thread and fans its frames out to subscribers.

    ``opener`` replaces :func:`~devices.camera.source.open_camera` in tests; ``clock``
    stamps frames (and paces the simulated camera); ``wall`` gives wall-clock time.
    """

    def __init__(
        self,
        url: str,
        *,
        clock: Clock | None = None,
        wall: Callable[[], float] = time.time,
        opener: Callable[[str | CameraURL, Clock], CameraSource] | None = None,
    ) -> None:
        self.url = url
        self._clock = clock or SystemClock()
        self._wall = wall
        self._opener = opener or (lambda u, c: open_camera(u, clock=c))
        self._broadcast: Broadcast[CapturedFrame] = Broadcast()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition(threading.Lock())
        self._status = CaptureStatus(url, CaptureState.OPENING)

    def subscribe(self, capacity: int = 64) -> Ring[CapturedFrame]:
        """A ring of its own that receives every frame from now on (subscribe before
        :meth:`start` to miss none). Frames are large: keep ``capacity`` small."""
        return self._broadcast.subscribe(capacity)

    def unsubscribe(self, ring: Ring[CapturedFrame]) -> None:
        self._broadcast.unsubscribe(ring)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("this capture was already started; make a new one")
        self._thread = threading.Thread(
            target=self._run, name=f"camera-capture {self.url}", daemon=False
        )
        self._thread.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Ask the thread to stop, join it, and release the camera."""
        self._stop.set()
        if self._thread is None:
            self._update(state=CaptureState.STOPPED)
            return
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise RuntimeError(f"the capture of {self.url} did not stop in {timeout} s")

    def __enter__(self) -> CameraCapture:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def status(self) -> CaptureStatus:
        with self._changed:
            return self._status

    def wait_for(
        self, predicate: Callable[[CaptureStatus], bool], timeout: float
    ) -> CaptureStatus | None:
        """Block (real time, at most ``timeout`` s) until ``predicate(status)`` holds.
        For the CLI and tests, never a GUI thread."""
        with self._changed:
            if self._changed.wait_for(lambda: predicate(self._status), timeout):
                return self._status
            return None

    def _update(self, **changes: object) -> None:
        with self._changed:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
            self._changed.notify_all()

    def _run(self) -> None:
        source: CameraSource | None = None
        try:
            source = self._opener(self.url, self._clock)
            self._update(
                state=CaptureState.CAPTURING,
                width=source.width,
                height=source.height,
                fps=source.fps,
            )
            index = 0
            while not self._stop.is_set():
                image = source.read()
                if image is None:
                    if self._stop.is_set():
                        break
                    if self.url.strip().startswith("camera://"):
                        self._update(
                            state=CaptureState.FAILED,
                            last_error=f"{self.url} stopped sending pictures: check its cable",
                        )
                    else:
                        self._update(state=CaptureState.ENDED)
                    break
                host_t = self._clock.monotonic()
                self._broadcast.publish(CapturedFrame(index, host_t, self._wall(), image))
                index += 1
                if index % 8 == 0:
                    self._update(frames=index)
            self._update(frames=index)
        except CameraError as err:
            self._update(state=CaptureState.FAILED, last_error=str(err))
        except Exception as err:  # nothing raises out of the capture thread
            self._update(state=CaptureState.FAILED, last_error=repr(err))
        finally:
            if source is not None:
                try:
                    source.close()
                except Exception as err:  # a camera that fails to close is still done
                    self._update(last_error=repr(err))
            if self._stop.is_set() and self._status.state is CaptureState.CAPTURING:
                self._update(state=CaptureState.STOPPED)
