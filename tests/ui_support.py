"""Shared set-up for the Qt tests (``test_ui_*.py``): an :class:`AppContext` on a real
SQLite file in tmp_path, a fake clock, a recording bell (``ui.bell.RecordingBell``) and
a message bar, with the service worker shut down after each test.

Use it from a test module with::

    from ui_support import wait_idle

    pytest_plugins = ["ui_support"]  # the ctx and world fixtures

- ``world``: the service tests' exam day (``test_services_support.build_world``): OSCE-1
  open with stations alpha (eli) and beta (ann), candidates C1-C3, cora the
  coordinator, tom a trainee; secrets ``COORDINATOR_SECRET`` / ``EXAMINER_PIN``.
- ``ctx``: an :class:`AppContext` on the world's services, no one signed in
  (``ctx.actor = world.eli`` to act as someone). ``ctx.clock`` is the world's FakeClock.
- ``make_context(services, clock, ...)``: the same for services built another way; call
  ``close_context(ctx)`` in the test's teardown (the fixtures do it for you).
- ``wait_idle(qtbot, ctx)``: wait until every submitted service call reported back.
- ``FedSource``: a device reader stand-in whose samples the test feeds (no thread);
  each subscriber (the live panel, the trace's recorder) gets every sample, as from a
  :class:`~devices.reader.DeviceReader`.

The module holds no assertions, so pytest need not rewrite it (PYTEST_DONT_REWRITE): it
may be imported directly and loaded as a plugin.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from test_services_support import (
    COORDINATOR_SECRET,
    EXAMINER_PIN,
    World,
    build_world,
)

from common.clock import Clock
from devices.reader import ReaderEvent, ReaderState, ReaderStatus
from devices.ring import Broadcast, Ring
from station.auth.permissions import Actor
from station.services import StationServices
from ui.bell import BellSink, RecordingBell
from ui.context import AppContext, AppSignals
from ui.settings import Settings, SettingsStore
from ui.widgets.message_bar import MessageBar
from ui.worker import ServiceWorker

__all__ = [
    "COORDINATOR_SECRET",
    "EXAMINER_PIN",
    "FedSource",
    "close_context",
    "ctx",
    "make_context",
    "wait_idle",
    "world",
]


class FedSource:
    """A device source the test feeds (``feed``): every subscriber's ring gets each
    sample, as a reader's broadcast does; ``status`` says ``state`` at ``url``."""

    def __init__(
        self,
        url: str = "sim://cpr",
        state: ReaderState = ReaderState.STREAMING,
        *,
        samples: int = 0,
        rate_hz: float | None = 100.0,
    ) -> None:
        self.url, self.state, self.samples, self.rate_hz = url, state, samples, rate_hz
        self.broadcast: Broadcast[ReaderEvent] = Broadcast()
        self.started = False
        self.stopped = False

    def subscribe(self, capacity: int = 65536) -> Ring[ReaderEvent]:
        return self.broadcast.subscribe(capacity)

    def unsubscribe(self, ring: Ring[ReaderEvent]) -> None:
        self.broadcast.unsubscribe(ring)

    def start(self) -> None:
        self.started = True

    def stop(self, timeout: float | None = 10.0) -> None:
        self.stopped = True

    def status(self) -> ReaderStatus:
        return ReaderStatus(self.url, self.state, samples=self.samples, rate_hz=self.rate_hz)

    def feed(self, events: Iterable[ReaderEvent]) -> None:
        self.broadcast.publish_many(list(events))


def make_context(
    services: StationServices,
    clock: Clock,
    *,
    actor: Actor | None = None,
    settings: Settings | None = None,
    bell: BellSink | None = None,
    parent: QWidget | None = None,
) -> AppContext:
    """An :class:`AppContext` on ``services``, with its own worker thread and message bar.

    The settings store writes into the test's isolated config folder.
    """
    worker = ServiceWorker(services)
    bar = MessageBar(parent)
    worker.set_default_error_handler(lambda exc: bar.error(_text(exc)))
    return AppContext(
        worker=worker,
        settings=settings if settings is not None else Settings(language="en"),
        clock=clock,
        bell=bell if bell is not None else RecordingBell(),
        actor=actor,
        message_bar=bar,
        signals=AppSignals(),
        store=SettingsStore(),
    )


def _text(exc: Exception) -> str:
    from ui.worker import error_text

    return error_text(exc)


def _delete(widget: QWidget) -> None:
    """Delete a widget unless its window took it along already."""
    if shiboken6.isValid(widget):
        widget.deleteLater()


def close_context(ctx: AppContext) -> None:
    """Stop the worker (waiting for queued work) and close the database."""
    ctx.worker.shutdown()
    _delete(ctx.message_bar)
    ctx.services.db.close()


def wait_idle(qtbot: QtBot, ctx: AppContext, timeout_ms: int = 10_000) -> None:
    """Wait until every service call submitted so far has delivered its result."""
    qtbot.waitUntil(lambda: not ctx.worker.busy, timeout=timeout_ms)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = build_world(tmp_path / "world")
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def ctx(qtbot: QtBot, world: World) -> Iterator[AppContext]:
    context = make_context(world.services, world.clock)
    try:
        yield context
    finally:
        context.worker.shutdown()
        _delete(context.message_bar)
