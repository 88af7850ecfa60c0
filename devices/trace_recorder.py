"""Recording a device to a trace file, on a thread of its own.

The recorder is one more subscriber of a :class:`~devices.reader.DeviceReader`: it
drains its own ring a few times a second and writes samples and gaps to a trace
(:class:`devices.trace.TraceWriter`), so disk writes never slow the reader or the GUI.
The trace's header carries the device's identity (its hello), known once the device has
answered; the file is therefore opened at the first sample.

If the recorder ever falls so far behind that its ring overwrites samples, the hole is
written to the trace as a gap rather than silently closed up.

It is the one recorder of CPR traces: ``skillstation devices record``, the device path
of ``practice run`` and the demonstration (:mod:`devices.trace_capture`), and the
screens of the examiner's station, practice and scenarios
(:class:`devices.trace_capture.TraceRecording`). A screen that stores a segment while
it goes on takes :meth:`Recorder.snapshot`; one that ends it, :meth:`Recorder.stop`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from devices.reader import STANDARD, Gap, ReaderEvent, ReaderStatus
from devices.ring import Ring
from devices.sample import Sample

__all__ = ["EventSource", "Recorder", "RecordingSummary", "TraceSink", "system_wall_time"]


class EventSource(Protocol):
    """What a recorder needs of a :class:`~devices.reader.DeviceReader`."""

    def subscribe(self, capacity: int = ...) -> Ring[ReaderEvent]: ...

    def unsubscribe(self, ring: Ring[ReaderEvent]) -> None: ...

    def status(self) -> ReaderStatus: ...


def system_wall_time(host_t_s: float) -> str:
    """The wall-clock time (ISO 8601, UTC) of a host stamp of the system's monotonic
    clock (:class:`~common.clock.SystemClock`), as a trace's
    ``first_sample_wall_time`` gives it so that a video of the same encounter can show
    the depth at its moment (docs/recordings.md)."""
    wall = time.time() - (time.monotonic() - host_t_s)
    return datetime.fromtimestamp(wall, UTC).isoformat()


class TraceSink(Protocol):
    """Where a recording goes: :class:`devices.trace.TraceWriter` or a test's fake."""

    def write(self, sample: Sample) -> None: ...

    def gap(self, start_s: float, end_s: float, reason: str) -> None: ...

    def close(self) -> None: ...


#: Makes the sink: (path, identity, extra channel names) -> sink.
SinkFactory = Callable[[Path, Mapping[str, str], Sequence[str]], TraceSink]


def _trace_writer(path: Path, identity: Mapping[str, str], extra: Sequence[str]) -> TraceSink:
    from devices.trace import TraceWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    return TraceWriter(path, identity=identity, extra_channels=extra)


@dataclass(frozen=True, slots=True)
class RecordingSummary:
    """What a recording holds. ``dropped`` counts samples lost because the recorder
    fell behind (each such hole is also a gap in the trace); ``error`` says why writing
    stopped early, if it did."""

    path: Path
    samples: int
    gaps: int
    dropped: int
    first_t_s: float | None
    last_t_s: float | None
    error: str | None = None

    @property
    def duration_s(self) -> float:
        if self.first_t_s is None or self.last_t_s is None:
            return 0.0
        return self.last_t_s - self.first_t_s


class Recorder:
    """Writes everything a reader delivers to ``path``.

    It subscribes at construction, so create it before starting the reader to miss
    nothing. :meth:`start` runs the writing thread; :meth:`stop` writes what is left,
    closes the file and returns the summary. :meth:`pump` writes what is waiting, for
    callers that drive it themselves.

    With ``duration_s``, the trace holds that many seconds of the device's time line
    from its first sample, and :attr:`complete` turns true when they are written: a
    recording of 30 s is 30 s of CPR, whatever the host's scheduling did. Times are
    compared to the microsecond (device clocks tick in milliseconds), so the rounding of
    the time line's floating-point arithmetic never adds or drops the last sample.

    With ``wall_time``, the trace's identity gains ``first_sample_wall_time``: the
    wall-clock time of its first sample, from that sample's host stamp
    (:func:`system_wall_time` for a reader on the system clock).
    """

    def __init__(
        self,
        reader: EventSource,
        path: str | Path,
        *,
        capacity: int = 1 << 18,
        interval_s: float = 0.2,
        duration_s: float | None = None,
        sink_factory: SinkFactory | None = None,
        wall_time: Callable[[float], str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.interval_s = interval_s
        self.duration_s = duration_s
        self._wall_time = wall_time
        self._reader = reader
        self._ring = reader.subscribe(capacity)
        self._factory = sink_factory or _trace_writer
        self._sink: TraceSink | None = None
        self._closed = False
        self._complete = False
        self._samples = 0
        self._gaps = 0
        self._dropped_seen = 0
        self._first_t: float | None = None
        self._last_t: float | None = None
        self._error: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("this recorder was already started")
        self._thread = threading.Thread(
            target=self._run, name=f"recorder {self.path.name}", daemon=False
        )
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._ring.wait(self.interval_s)
            self.pump()

    def stop(self) -> RecordingSummary:
        """Write what is left, close the trace, stop listening; return the summary."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.pump()
        with self._lock:
            self._reader.unsubscribe(self._ring)
            if not self._closed:
                self._closed = True
                try:
                    if self._sink is None and self._error is None:
                        self._sink = self._open()  # an empty trace still says what was read
                    if self._sink is not None:
                        self._sink.close()
                except Exception as err:
                    self._error = self._error or f"cannot write {self.path}: {err}"
        return self.summary()

    @property
    def complete(self) -> bool:
        """Whether ``duration_s`` of samples have been written."""
        with self._lock:
            return self._complete

    def discard(self) -> None:
        """Stop listening without writing anything more (the device never streamed).
        A trace already begun is closed as it is."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            self._reader.unsubscribe(self._ring)
            if not self._closed:
                self._closed = True
                if self._sink is not None:
                    self._sink.close()

    def snapshot(self) -> tuple[bytes, RecordingSummary]:
        """Write what is waiting and return the trace so far (its bytes, read back from
        the file) with its summary, while the recording goes on: the examiner's station
        stores a segment each time its metrics are recorded. Not for the GUI thread."""
        self.pump()
        with self._lock:
            if self._error is None and not self._closed:
                try:
                    if self._sink is None:
                        self._sink = self._open()
                    flush = getattr(self._sink, "flush", None)
                    if flush is not None:
                        flush()
                except Exception as err:
                    self._error = f"cannot write {self.path}: {err}"
            if self._error is not None:
                raise OSError(self._error)
            data = self.path.read_bytes()
        return data, self.summary()

    def summary(self) -> RecordingSummary:
        with self._lock:
            return RecordingSummary(
                self.path,
                self._samples,
                self._gaps,
                self._dropped_seen,
                self._first_t,
                self._last_t,
                self._error,
            )

    def _open(self, first: Sample | None = None) -> TraceSink:
        status = self._reader.status()
        extra = [c.name for c in status.channels if c.name not in STANDARD]
        identity = dict(status.identity)
        if first is not None and self._wall_time is not None:
            identity.setdefault("first_sample_wall_time", self._wall_time(first.host_t_s))
        return self._factory(self.path, identity, extra)

    def pump(self) -> int:
        """Write the samples and gaps waiting in the ring; return how many."""
        with self._lock:
            if self._closed:
                return 0
            items = self._ring.drain()
            dropped = self._ring.dropped
            if self._error is not None or not items:
                return 0
            try:
                if self._sink is None:
                    self._sink = self._open(next((i for i in items if isinstance(i, Sample)), None))
                if dropped > self._dropped_seen:
                    self._write_overrun(dropped - self._dropped_seen, items)
                    self._dropped_seen = dropped
                for item in items:
                    self._write(item)
            except Exception as err:  # disk full, folder gone: stop writing, say why
                self._error = f"cannot write {self.path}: {err}"
                return 0
            return len(items)

    def _write_overrun(self, count: int, items: list[ReaderEvent]) -> None:
        first = next((i for i in items if isinstance(i, Sample)), None)
        if self._last_t is not None and first is not None and self._sink is not None:
            self._sink.gap(
                self._last_t,
                first.device_t_s,
                f"{count} sample(s) dropped: the recorder fell behind",
            )
            self._gaps += 1

    def _write(self, item: ReaderEvent) -> None:
        assert self._sink is not None
        if self._complete:
            return
        if (
            isinstance(item, Sample)
            and self.duration_s is not None
            and self._first_t is not None
            and round(item.device_t_s - self._first_t, 6) >= self.duration_s
        ):
            self._complete = True
            return
        if isinstance(item, Gap):
            self._sink.gap(item.start_s, item.end_s, item.reason)
            self._gaps += 1
            return
        self._sink.write(item)
        self._samples += 1
        if self._first_t is None:
            self._first_t = item.device_t_s
        self._last_t = item.device_t_s
