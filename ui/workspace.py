"""The examiner's workspace: two tabs, the examiner's station (OSCE checklist marking)
and the scenario console (simulation scenarios).

Both screens show the manikin's live CPR panel, and a device can be opened by one reader
only (a serial port is exclusive). The workspace therefore makes a single
:class:`~devices.reader.DeviceReader` for the settings' device URL and gives both screens
the same one through :class:`SharedReader`: each screen subscribes its own ring, so both
panels see every sample; the reader's thread starts with the first screen and stops when
the last one shuts down.

Keyboard: Ctrl+PgDown and Ctrl+PgUp switch tabs (as does Ctrl+Tab inside the tabs).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from devices.reader import DeviceReader, ReaderEvent, ReaderStatus
from devices.ring import Ring
from ui.context import AppContext
from ui.examiner.station import DeviceSource, ExaminerStation, ReaderFactory
from ui.scenario.console import ScenarioConsole

__all__ = ["ExaminerWorkspace", "SharedReader"]


class SharedReader:
    """One device reader used by several screens: ``start()`` and ``stop()`` are
    counted, so the thread starts with the first user and stops with the last."""

    def __init__(self, reader: DeviceSource) -> None:
        self.reader = reader
        self._users = 0
        self._lock = threading.Lock()

    @property
    def users(self) -> int:
        """How many screens have started and not yet stopped the reader."""
        return self._users

    def subscribe(self, capacity: int = 65536) -> Ring[ReaderEvent]:
        return self.reader.subscribe(capacity)

    def unsubscribe(self, ring: Ring[ReaderEvent]) -> None:
        self.reader.unsubscribe(ring)

    def start(self) -> None:
        with self._lock:
            self._users += 1
            first = self._users == 1
        if first:
            self.reader.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        with self._lock:
            if self._users == 0:
                return
            self._users -= 1
            last = self._users == 0
        if last:
            self.reader.stop(timeout)

    def status(self) -> ReaderStatus:
        return self.reader.status()


class ExaminerWorkspace(QWidget):
    """The examiner role's screen: the examiner's station and the scenario console in
    tabs, sharing one device reader (see the module documentation).

    ``reader_factory`` makes the device reader from a device URL (tests pass their own);
    it is called at most once.
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        reader_factory: ReaderFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("examinerWorkspace")
        self.ctx = ctx
        make: ReaderFactory = reader_factory or DeviceReader
        self.shared: SharedReader | None = None

        def shared(url: str) -> DeviceSource:
            # The first screen makes the reader (a malformed URL raises to it, and the
            # next screen tries again and reports the same); the second reuses it.
            if self.shared is None:
                self.shared = SharedReader(make(url))
            return self.shared

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("examinerTabs")
        self.tabs.setDocumentMode(True)
        self.examiner = ExaminerStation(ctx, self.tabs, reader_factory=shared)
        self.scenario = ScenarioConsole(ctx, self.tabs, reader_factory=shared)
        self.tabs.addTab(self.examiner, "")
        self.tabs.addTab(self.scenario, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._shortcuts: list[QShortcut] = []
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._stepper(step))
            self._shortcuts.append(shortcut)
        self.tabs.currentChanged.connect(self._focus_current)
        self._closed = False
        self.retranslate()

    def _stepper(self, step: int) -> Callable[[], None]:
        def go() -> None:
            count = self.tabs.count()
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)

        return go

    def _focus_current(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if current is not None:
            current.setFocus()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Examiner's station"))
        self.tabs.setTabText(1, self.tr("Scenario console"))
        hint = self.tr("Switch tabs with Ctrl+PgDown and Ctrl+PgUp")
        self.tabs.setTabToolTip(0, hint)
        self.tabs.setTabToolTip(1, hint)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def shutdown(self) -> None:
        """Shut both screens down (the shared reader stops with the second)."""
        if self._closed:
            return
        self._closed = True
        self.examiner.shutdown()
        self.scenario.shutdown()
