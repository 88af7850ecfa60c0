"""The one writer: a single worker thread that runs every database write in order.

SQLite allows one writer at a time anyway; funnelling all writes through one thread
(as Anki's collection executor does) makes their order the order they were submitted
in, keeps the GUI thread free of disk waits, and means no two writes of this program
ever wait on each other's lock. An operation is a callable taking a
:class:`~sqlalchemy.orm.Session`; it runs inside :meth:`Database.write`, and its
:class:`~concurrent.futures.Future` resolves only after the commit has returned, i.e.
once the change is on disk (``synchronous=FULL``). A failing operation is rolled back,
its Future raises the error, and the queue goes on with the next one.

The GUI submits operations and delivers results to widgets through a queued signal
from a Future callback; callbacks run on the writer thread and must not touch widgets.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from station.storage.engine import Database

T = TypeVar("T")

#: An operation: what to do inside one write transaction, and what to return.
WriteOp = Callable[[Session], T]

_STOP = object()


class WriteQueueClosedError(RuntimeError):
    """Raised by :meth:`WriteQueue.submit` after :meth:`WriteQueue.close`."""


class WriteQueue:
    """Runs write operations one after another, each in its own committed transaction.

    Use as a context manager or call :meth:`close`, which runs everything already
    submitted and then stops the thread.
    """

    def __init__(self, db: Database, *, name: str = "skillstation-writer") -> None:
        self._db = db
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(self, op: WriteOp[T]) -> Future[T]:
        """Queue ``op``; the Future gives its return value once the commit is durable,
        or the exception it (or the commit) raised."""
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise WriteQueueClosedError("the write queue is closed; no more writes")
            self._queue.put((op, future))
        return future

    def close(self, timeout: float | None = None) -> None:
        """Run the operations already queued, then stop and join the worker thread.

        Safe to call more than once. With a ``timeout`` that expires before the queue is
        drained, raises TimeoutError (the thread finishes the queue on its own).
        """
        with self._lock:
            if not self._closed:
                self._closed = True
                self._queue.put(_STOP)
        if threading.current_thread() is self._thread:
            raise RuntimeError("WriteQueue.close() called from an operation on its own thread")
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError("the write queue did not finish its operations in time")

    def __enter__(self) -> WriteQueue:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _run(self) -> None:
        while True:
            task = self._queue.get()
            if task is _STOP:
                return
            op, future = task
            if not future.set_running_or_notify_cancel():
                continue  # cancelled before it started: nothing was written
            try:
                with self._db.write() as session:
                    result = op(session)
            except BaseException as exc:  # the Future carries it to the submitter
                future.set_exception(exc)
            else:
                future.set_result(result)
