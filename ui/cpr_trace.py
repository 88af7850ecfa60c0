"""A screen's CPR segment: its trace recorded beside the live display, then stored.

The examiner's station, practice and the scenario console read the manikin with a
:class:`~devices.reader.DeviceReader` that runs for the whole session; the live panel
drains its own ring on the display timer, and a :class:`CprTraceSegment` records the
segment's trace with the recorder the command line uses
(:class:`devices.trace_capture.TraceRecording`: a thread of its own writes the file in
the data folder's ``traces`` folder). No screen keeps the samples.

Storing goes through the service worker: the trace is read back from its file and
handed to a service call (for CPR metrics, ``record_cpr_trace``, which analyses it and
stores trace and metrics in one transaction), all off the GUI thread. The file is
removed once the trace is stored. If storing fails, the file stays for another try
(the screen says so), and it is still kept when the segment closes unsaved, so nothing
the device delivered is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from devices.trace_capture import RecordedTrace, TraceRecording
from devices.trace_recorder import EventSource

if TYPE_CHECKING:
    from station.services import StationServices
    from ui.settings import Settings
    from ui.worker import ServiceWorker

__all__ = ["CprTraceSegment", "trace_folder"]

T = TypeVar("T")


def trace_folder(settings: Settings) -> Path:
    """Where screens record CPR traces until they are stored."""
    return settings.resolved_data_dir / "traces"


class CprTraceSegment:
    """One CPR segment of a running reader, recorded from now on (the recorder's thread
    starts here) and stored through ``worker``."""

    def __init__(
        self,
        worker: ServiceWorker,
        source: EventSource,
        folder: Path,
        *,
        name: str = "cpr",
    ) -> None:
        self.worker = worker
        self.recording = TraceRecording(source, folder, name=name)
        #: Whether the last try to store the trace failed (set on the worker's thread).
        self.unsaved = False
        self.closed = False

    @property
    def path(self) -> Path:
        """The trace file (kept there while it is not stored)."""
        return self.recording.path

    def store(
        self,
        work: Callable[[StationServices, RecordedTrace], T],
        *,
        end: bool,
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Hand the trace to ``work`` on the worker: the trace so far (the recording goes
        on), or with ``end`` the whole segment (the recording stops, and its file goes
        once ``work`` succeeded)."""
        recording = self.recording

        def job(services: StationServices) -> T:
            try:
                trace = recording.finish() if end else recording.so_far()
                result = work(services, trace)
            except Exception:
                self.unsaved = True
                raise
            self.unsaved = False
            if end:
                recording.remove()
            return result

        self.worker.submit(job, on_done=on_done, on_error=on_error)

    def close(self, on_kept: Callable[[Path], None] | None = None) -> None:
        """End the segment: stop its recording, and remove its file unless its trace
        could not be stored (``on_kept(path)`` then says where it stays). Runs on the
        worker after the work submitted before (a store in flight finishes first)."""
        if self.closed:
            return
        self.closed = True
        recording = self.recording

        def job(_services: object) -> Path | None:
            if self.unsaved:
                recording.stop()
                return recording.path
            recording.remove()
            return None

        def done(kept: Path | None) -> None:
            if kept is not None and on_kept is not None:
                on_kept(kept)

        try:
            self.worker.submit(job, on_done=done)
        except RuntimeError:  # the worker has stopped (the application is quitting)
            job(None)
