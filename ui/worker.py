"""One worker thread for every service call, so the GUI thread never waits on the database.

Screens hand :meth:`ServiceWorker.submit` a function of the services; it runs on the
worker's thread, in the order submitted (one writer, as the storage layer expects), and its
result or error comes back to the GUI thread through a queued signal, where the screen's
callbacks run and may touch widgets.

The services may also be opened by the worker itself: give a function that opens them
(imports the services, opens the database) and it runs first, on the worker's thread, so
the window shows while the database opens. Work submitted meanwhile waits behind it; if
opening fails, that work fails with the same error, and :attr:`ServiceWorker.open_failed`
says so.

An error nobody handles goes to the default handler (the window's message bar): a
:class:`station.errors.UserError`-like error shows its message; anything else shows a short
"internal error" line and is logged with its traceback to the log file, never on screen.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

if TYPE_CHECKING:
    from station.services import StationServices

T = TypeVar("T")

log = logging.getLogger(__name__)

#: Called with ``(done, total, label)`` from long work to report its progress.
ProgressCallback = Callable[[int, int, str], None]


class Cancelled(Exception):
    """Raised inside long work by :meth:`Progress.__call__` once the user cancelled it."""


class Progress:
    """What long work calls as it goes: ``progress(done, total, label)``.

    It forwards the numbers to the GUI thread and raises :class:`Cancelled` once the user
    pressed cancel, so the work stops at its next step.
    """

    def __init__(self, emit: Callable[[int, int, str], None], cancel: Cancel) -> None:
        self._emit = emit
        self._cancel = cancel

    @property
    def cancelled(self) -> bool:
        return self._cancel.requested

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if self._cancel.requested:
            raise Cancelled
        self._emit(done, total, label)


class Cancel:
    """Returned by :meth:`ServiceWorker.run_long`: call it to ask the work to stop."""

    def __init__(self) -> None:
        self._event = threading.Event()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> None:
        self._event.set()


@dataclass
class _Job:
    id: int
    fn: Callable[[StationServices], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None
    on_progress: ProgressCallback | None = None


_STOP = object()


class _Runner(QObject):
    """Lives on the worker thread; takes jobs from the queue until told to stop."""

    finished = Signal(int, object)  # job id, result
    failed = Signal(int, object)  # job id, exception
    progressed = Signal(int, int, int, str)  # job id, done, total, label
    opened = Signal(object)  # StationServices
    open_failed = Signal(object)  # exception

    def __init__(
        self,
        services: StationServices | None,
        opener: Callable[[], StationServices] | None,
        jobs: queue.SimpleQueue[object],
    ) -> None:
        super().__init__()
        self._services = services
        self._opener = opener
        self._jobs = jobs

    @Slot()
    def run(self) -> None:
        broken: Exception | None = None
        if self._opener is not None:
            try:
                self._services = self._opener()
            except Exception as exc:  # reported on the GUI thread
                broken = exc
                self.open_failed.emit(exc)
            else:
                self.opened.emit(self._services)
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            assert isinstance(job, _Job)
            if broken is not None or self._services is None:
                self.failed.emit(job.id, broken)
                continue
            try:
                result = job.fn(self._services)
            except Exception as exc:  # delivered to the GUI thread, never swallowed
                self.failed.emit(job.id, exc)
            else:
                self.finished.emit(job.id, result)


class ServiceWorker(QObject):
    """One QThread running every service call in order, off the GUI thread."""

    #: The text of an error nobody handled, when no default handler is set.
    unhandled_error = Signal(str)
    #: The services are open (emitted at once when they were given open).
    opened = Signal()
    #: Opening the services failed with this exception.
    open_failed = Signal(object)

    def __init__(
        self,
        services: StationServices | Callable[[], StationServices],
        parent: QObject | None = None,
        *,
        start: bool = True,
    ) -> None:
        """``start=False`` leaves the thread to :meth:`start` (the application starts it
        once its window is up, so the services load while the login screen shows)."""
        super().__init__(parent)
        opener: Callable[[], StationServices] | None = None
        self._services: StationServices | None = None
        self.open_error: Exception | None = None
        if callable(services):
            opener = services
        else:
            self._services = services
        self._jobs: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._pending: dict[int, _Job] = {}
        self._ids = itertools.count(1)
        self._default_error: Callable[[Exception], None] | None = None
        self._thread = QThread()
        self._thread.setObjectName("ServiceWorker")
        self._runner = _Runner(self._services, opener, self._jobs)
        self._runner.moveToThread(self._thread)
        self._runner.opened.connect(self._on_opened)
        self._runner.open_failed.connect(self._on_open_failed)
        # The runner lives on the worker thread, this object on the GUI thread: the
        # connections are queued, so callbacks run on the GUI thread.
        self._runner.finished.connect(self._on_finished)
        self._runner.failed.connect(self._on_failed)
        self._runner.progressed.connect(self._on_progress)
        self._thread.started.connect(self._runner.run)
        self._stopped = False
        if start:
            self._thread.start()

    # ------------------------------------------------------------------ public

    @property
    def services(self) -> StationServices:
        """The station services; raises RuntimeError while they are still opening
        (screens use them only after a sign-in, which comes after the opening)."""
        if self._services is None:
            if self.open_error is not None:
                raise RuntimeError(f"the database could not be opened: {self.open_error}")
            raise RuntimeError("the database is still opening")
        return self._services

    @property
    def is_open(self) -> bool:
        return self._services is not None

    def set_default_error_handler(self, handler: Callable[[Exception], None] | None) -> None:
        """Where errors go when a submit gave no ``on_error`` (the window's message bar)."""
        self._default_error = handler

    def submit(
        self,
        fn: Callable[[StationServices], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``fn(services)`` on the worker thread after everything submitted before.

        ``on_done(result)`` or ``on_error(exc)`` then runs on the GUI thread.
        """
        if self._stopped:
            raise RuntimeError("the service worker has been shut down")
        job = _Job(next(self._ids), fn, on_done, on_error)
        self._pending[job.id] = job
        self._jobs.put(job)

    def run_long(
        self,
        fn: Callable[[StationServices, Progress], T],
        *,
        on_progress: ProgressCallback,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Cancel:
        """Run long work (exports, PDFs) that reports progress; returns its cancel switch.

        ``fn`` gets a :class:`Progress` to call as it goes; ``on_progress(done, total,
        label)`` runs on the GUI thread. After cancel, the work's :class:`Cancelled` error
        is not reported as an error: ``on_error`` is not called.
        """
        if self._stopped:
            raise RuntimeError("the service worker has been shut down")
        cancel = Cancel()
        job_id = next(self._ids)
        runner = self._runner

        def emit(done: int, total: int, label: str) -> None:
            runner.progressed.emit(job_id, done, total, label)

        def work(services: StationServices) -> T:
            return fn(services, Progress(emit, cancel))

        job = _Job(job_id, work, on_done, on_error, on_progress)
        self._pending[job.id] = job
        self._jobs.put(job)
        return cancel

    def start(self) -> None:
        """Start the worker thread (when it was made with ``start=False``)."""
        if not self._stopped and not self._thread.isRunning():
            self._thread.start()

    @property
    def busy(self) -> bool:
        """True while submitted work has not yet reported back."""
        return bool(self._pending)

    def shutdown(self) -> None:
        """Finish the queued work, deliver its results, then stop and wait for the thread."""
        if self._stopped:
            return
        self._stopped = True
        if not self._thread.isRunning() and not self._thread.isFinished():
            self._thread.start()  # never started: run the queued work, then stop
        self._jobs.put(_STOP)
        self._thread.quit()
        self._thread.wait()
        # Results queued for the GUI thread are still waiting in its event queue:
        # deliver them now, so no on_done is lost.
        QCoreApplication.sendPostedEvents(self)
        self._pending.clear()

    # ------------------------------------------------------------------ GUI thread

    @Slot(object)
    def _on_opened(self, services: StationServices) -> None:
        self._services = services
        self.opened.emit()

    @Slot(object)
    def _on_open_failed(self, exc: Exception) -> None:
        self.open_error = exc
        self.open_failed.emit(exc)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        job = self._pending.pop(job_id, None)
        if job is not None and job.on_done is not None and _receiver_alive(job.on_done):
            _deliver(job.on_done, result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: Exception) -> None:
        job = self._pending.pop(job_id, None)
        if isinstance(exc, Cancelled):
            return
        if job is not None and job.on_error is not None:
            if _receiver_alive(job.on_error):
                _deliver(job.on_error, exc)
            return
        self.report(exc)

    @Slot(int, int, int, str)
    def _on_progress(self, job_id: int, done: int, total: int, label: str) -> None:
        job = self._pending.get(job_id)
        if job is not None and job.on_progress is not None:
            job.on_progress(done, total, label)

    def report(self, exc: Exception) -> None:
        """Send an error to the default handler (or the log when there is none)."""
        if self._default_error is not None:
            self._default_error(exc)
        else:
            self.unhandled_error.emit(error_text(exc))


def _deliver(callback: Callable[[Any], object], value: object) -> None:
    """Hand a result to the screen that asked for it. A callback that is a method of a
    deleted widget is skipped before (:func:`_receiver_alive`); a closure of a screen
    closed meanwhile (the user signed out while it loaded) touches a widget Qt has
    deleted, and shiboken raises "already deleted": the result is dropped then. Any
    other error is the callback's own, and goes on up."""
    try:
        callback(value)
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            raise
        log.debug("a result for a screen already closed was dropped: %s", exc)


def is_user_error(exc: BaseException) -> bool:
    """True for errors whose message is written for the user (wrong input, refused
    permission, missing record, storage problems), False for programming errors."""
    from station.auth.permissions import PermissionDenied
    from station.auth.throttle import LockedOut
    from station.database import StorageError
    from station.errors import UserError

    return isinstance(exc, UserError | PermissionDenied | StorageError | LockedOut)


def error_text(exc: BaseException) -> str:
    """The one line to show for an error: its message, or a pointer to the log file.

    An internal error is written to the log (with its traceback) here, where the line
    that points to the log is made, so that every screen's promise holds: whoever shows
    the line, the details are in the file."""
    if is_user_error(exc):
        return str(exc) or type(exc).__name__
    log.error("internal error in a service call", exc_info=exc)
    return QCoreApplication.translate(
        "ServiceWorker", "Internal error ({0}); details are in the log file."
    ).replace("{0}", type(exc).__name__)


def _receiver_alive(callback: Callable[..., object]) -> bool:
    """False when ``callback`` is a method of a widget (or other Qt object) deleted since
    the call was submitted, e.g. a screen closed by signing out while its last mark was
    being saved: the result has nowhere to go (the database has it anyway)."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
