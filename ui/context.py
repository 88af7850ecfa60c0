"""What every screen is given: the services, the worker, the settings, the clock, the
bell, the signed-in user, the message bar and the application-wide signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.settings import Settings, SettingsStore
from ui.widgets.message_bar import MessageBar
from ui.worker import ServiceWorker

if TYPE_CHECKING:
    from common.clock import Clock
    from station.auth.permissions import Actor
    from station.services import StationServices
    from ui.bell import BellSink


class AppSignals(QObject):
    """Application-wide notifications.

    ``data_changed(topic)`` says that data changed so screens showing it refresh; the
    topic is an exam code, or a word for data outside exams (``"users"``,
    ``"definitions"``, ``"practice"``). ``settings_changed`` carries nothing: read
    ``ctx.settings``. ``language_changed(code)`` follows a language switch (widgets
    re-translate on ``QEvent.LanguageChange`` too).
    """

    data_changed = Signal(str)
    settings_changed = Signal()
    language_changed = Signal(str)


@dataclass
class AppContext:
    """Handed to every top-level screen: ``ExaminerStation(ctx)``, ``CoordinatorConsole(ctx)``.

    ``services`` are the worker's (:attr:`ServiceWorker.services`): call them through
    ``ctx.worker.submit``. ``actor`` is the signed-in user (None on the login screen).
    ``clock`` is the one every timer reads (tests pass a FakeClock). ``store`` saves
    ``settings``; use :meth:`update_settings` to change them.
    """

    worker: ServiceWorker
    settings: Settings
    clock: Clock
    bell: BellSink
    actor: Actor | None
    message_bar: MessageBar
    signals: AppSignals = field(default_factory=AppSignals)
    store: SettingsStore | None = None

    @property
    def services(self) -> StationServices:
        """The station services (open once the worker has opened the database, which
        is before anyone can sign in)."""
        return self.worker.services

    def update_settings(self, settings: Settings) -> None:
        """Keep (and save, when there is a store) new settings, then tell the screens."""
        if self.store is not None:
            self.store.save(settings)
        self.settings = settings
        self.signals.settings_changed.emit()

    def changed(self, topic: str) -> None:
        """Say that data under ``topic`` changed (an exam code or a data word)."""
        self.signals.data_changed.emit(topic)
