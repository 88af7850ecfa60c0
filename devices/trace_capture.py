"""Capturing a CPR trace from a device: the whole session in one call for the command
line and the demonstration, or a segment recorded beside a screen's live display.

(The camera's frames are captured in :mod:`devices.camera.frames`; this module is
about the feedback device's trace.)

:func:`capture_cpr` is the whole device path in one call, for the command line
(``skillstation practice run``) and the demonstration exam: a
:class:`~devices.reader.DeviceReader` on its own thread reads the device named by a
URL (a serial port, a pseudo-terminal, ``sim://cpr``...); a
:class:`~devices.trace_recorder.Recorder` on another writes the trace file; the calling
thread drains a third ring into a live :class:`~devices.cpr.analysis.CprAnalyzer`
(passing each event to ``on_event``, as a feedback display would). When the device has
delivered ``seconds`` of its own time, everything stops and the finished trace file is
analysed again with :func:`~devices.cpr.analysis.analyze_trace`.

Both analyses run the same code. The one to store is :attr:`Capture.analysis`, made
from the trace file alone: whoever reads the stored trace later gets exactly the stored
metrics. The live one can differ only if the reader delivered something the recorder
did not write (it never should; :attr:`Capture.agrees` says).

:class:`TraceRecording` is the same recorder for a screen whose reader runs for the
whole session (the examiner's station, practice, scenarios): the screen drains its own
ring for the live display, and the recording writes a segment's trace to a file of its
own, on its own thread. Whoever stores it hands the trace to the service call that
analyses it and stores trace and metrics in one transaction
(``services.encounters.record_cpr_trace`` for an encounter,
``services.practice.record_cpr_trace`` for a practice attempt; both run the one analysis
of :mod:`station.services.traces`), so what is stored is always the analysis of the
stored trace.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from common.clock import Clock, SystemClock
from devices.cpr.analysis import CprAnalyzer, CprEvent, CprSummary, analyze_trace
from devices.cpr.profiles import ADULT, CprTargets
from devices.reader import DeviceReader, Gap, ReaderState, ReaderStatus
from devices.sample import Sample
from devices.trace import read_trace
from devices.trace_recorder import EventSource, Recorder, RecordingSummary, system_wall_time
from devices.transport import DeviceURL

__all__ = [
    "Capture",
    "CaptureError",
    "RecordedTrace",
    "TraceRecording",
    "capture_cpr",
    "identity_text",
]


def identity_text(identity: Mapping[str, str], url: str = "") -> str:
    """A device's identity in one line (model, firmware, serial number, URL), as a
    stored trace names its device."""
    keys = ("model", "firmware", "serial", "url")
    known = {**identity, "url": identity.get("url") or url}
    parts = [f"{k}={known[k]}" for k in keys if known.get(k)]
    parts += [f"{k}={v}" for k, v in identity.items() if k not in keys]
    return " ".join(parts) or url or "unknown device"


class CaptureError(Exception):
    """The device could not be read (``str()`` says why, for the user)."""


@dataclass(frozen=True)
class Capture:
    """What :func:`capture_cpr` recorded and worked out."""

    trace_path: Path
    recording: RecordingSummary
    #: The device's identity (its hello), as the trace's header has it.
    identity: Mapping[str, str]
    #: The reader's last status: frame counters, connections, last error.
    status: ReaderStatus
    #: The analysis of the samples as they arrived.
    live: CprSummary
    #: The analysis of the trace file: the figures to store.
    analysis: CprSummary

    @property
    def agrees(self) -> bool:
        """Whether the live analysis found what the trace's analysis found."""
        return self.live.as_dict() == self.analysis.as_dict()

    @property
    def identity_text(self) -> str:
        """The identity in one line (model, firmware, serial number, URL)."""
        return identity_text(self.identity, self.status.url)


def capture_cpr(
    url: str | DeviceURL,
    seconds: float,
    out: str | Path,
    *,
    targets: CprTargets = ADULT,
    clock: Clock | None = None,
    connect_timeout_s: float = 15.0,
    grace_s: float = 5.0,
    on_event: Callable[[CprEvent], None] | None = None,
) -> Capture:
    """Read ``url`` until ``seconds`` of device time are recorded to ``out``.

    Gives up waiting after ``seconds + grace_s`` of host time (a device lost for good
    and not back); the trace then holds what came. Raises :class:`CaptureError` when
    the device never streams within ``connect_timeout_s``, and ValueError for a
    duration that is not above 0 (a malformed URL raises
    :class:`~devices.transport.DeviceURLError`).
    """
    if not seconds > 0:
        raise ValueError(f"the duration must be above 0 seconds, not {seconds!r}")
    clock = clock or SystemClock()
    path = Path(out)
    reader = DeviceReader(url, clock=clock)
    recorder = Recorder(reader, path, duration_s=seconds, interval_s=0.02)
    ring = reader.subscribe()
    analyzer = CprAnalyzer(targets)
    first_t: float | None = None
    done = False

    def feed(items: list[Sample | Gap]) -> None:
        nonlocal first_t, done
        for item in items:
            if done:
                return
            if isinstance(item, Gap):
                events = analyzer.gap(item.start_s, item.end_s, item.reason)
            else:
                if first_t is None:
                    first_t = item.device_t_s
                if round(item.device_t_s - first_t, 6) >= seconds:
                    done = True  # the recorder stops at the same sample
                    return
                events = analyzer.feed(item)
            if on_event is not None:
                for event in events:
                    on_event(event)

    reader.start()
    try:
        status = reader.wait_for(
            lambda s: s.state is ReaderState.STREAMING or s.failed_attempts > 0,
            connect_timeout_s,
        )
        if status is None or status.state is not ReaderState.STREAMING:
            reason = reader.status().last_error or f"no answer within {connect_timeout_s:g} s"
            recorder.discard()
            raise CaptureError(f"cannot open the device {reader.url.text}: {reason}")
        recorder.start()
        deadline = clock.monotonic() + seconds + grace_s
        while not done and clock.monotonic() < deadline:
            ring.wait(0.05)
            feed(ring.drain())
    finally:
        reader.stop()
        recording = recorder.stop()
        feed(ring.drain())
        reader.unsubscribe(ring)
    final = reader.status()
    if recording.error is not None:
        raise CaptureError(recording.error)
    trace = read_trace(path)
    return Capture(
        trace_path=path,
        recording=recording,
        identity=dict(trace.identity),
        status=final,
        live=analyzer.finish(),
        analysis=analyze_trace(trace, targets),
    )


@dataclass(frozen=True)
class RecordedTrace:
    """A segment's trace as recorded so far: its bytes, for the services to store."""

    data: bytes
    samples: int
    #: The device in one line (:func:`identity_text`).
    device_identity: str
    path: Path


class TraceRecording:
    """One CPR segment of a running reader, recorded to a trace file in ``folder``.

    The recording starts at once (its :class:`~devices.trace_recorder.Recorder` subscribes
    and starts its thread): create it when the segment begins. :meth:`so_far` returns
    the trace up to now and goes on recording; :meth:`finish` ends it. Both read and
    write files: call them on a worker thread, never the GUI's. The file stays in
    ``folder`` until :meth:`remove` (once the trace is stored), so a trace whose storing
    failed is still there to try again.
    """

    def __init__(
        self,
        reader: EventSource,
        folder: Path,
        *,
        name: str = "cpr",
        wall_time: Callable[[float], str] | None = system_wall_time,
        interval_s: float = 0.2,
    ) -> None:
        self._reader = reader
        self.path = folder / f"{name}-{uuid.uuid4().hex}.csv"
        self.recorder = Recorder(reader, self.path, interval_s=interval_s, wall_time=wall_time)
        self.recorder.start()
        self.finished = False

    def _identity(self) -> str:
        status = self._reader.status()
        return identity_text(dict(status.identity), status.url)

    def so_far(self) -> RecordedTrace:
        """The trace up to now; the recording goes on (raises OSError if it cannot be
        written or read)."""
        if self.finished:
            return self.finish()
        data, summary = self.recorder.snapshot()
        return RecordedTrace(data, summary.samples, self._identity(), self.path)

    def finish(self) -> RecordedTrace:
        """End the recording (its thread is joined) and return the whole trace; called
        again, returns it again."""
        summary = self.recorder.stop()
        self.finished = True
        if summary.error is not None:
            raise OSError(summary.error)
        data = self.path.read_bytes()
        return RecordedTrace(data, summary.samples, self._identity(), self.path)

    def stop(self) -> None:
        """End the recording without reading it back (the file stays)."""
        self.recorder.stop()
        self.finished = True

    def remove(self) -> None:
        """End the recording and delete its file (it is stored, or not wanted)."""
        self.stop()
        self.path.unlink(missing_ok=True)
