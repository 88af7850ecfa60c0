"""The simulation scenario console: the operator's view of a running scenario.

Check the candidate (or team leader) in at a scenario station, then run the scenario:
the timeline of scripted events with their state, events firing at their times and on
their conditions, buttons for the events only the operator fires, any other event fired
by hand, notes, pause and resume, the simulated patient monitor (which also opens in a
window of its own for a second screen), the manikin's live CPR metrics and the event log,
each line stored with the encounter as it happens.

Conditions on checklist items read the marks the examiner records for the encounter
(polled every few seconds through the service worker); conditions on device metrics read
the live CPR panel. Call :meth:`ScenarioConsole.shutdown` before the widget goes: it
stops the display timer, the device reader's thread and closes the monitor window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessments.definitions.model import ScenarioEvent, localize
from assessments.scenario import EventStatus
from assessments.scoring import MarkValue
from devices.reader import DeviceReader, ReaderEvent
from devices.ring import Ring
from devices.trace_capture import RecordedTrace
from devices.transport import DeviceURLError
from station.services import EncounterView, ExamInfo, StationServices
from ui.context import AppContext
from ui.cpr_trace import CprTraceSegment, trace_folder
from ui.devicepanel import CprPanel
from ui.examiner.checkin import CheckInPanel
from ui.examiner.station import DeviceSource, RecorderFactory
from ui.scenario.monitor import MonitorWindow, PatientMonitor
from ui.scenario.session import LogLine, ScenarioSession, format_time
from ui.theme import Status, status_style
from ui.video_recording import RecordingController
from ui.widgets.big_button import TOUCH_SIZE, BigButton
from ui.widgets.video_recording_panel import RecordingPanel
from ui.widgets.wrapping_delegate import wrap_column
from ui.worker import error_text

__all__ = ["MARKS_POLL_S", "OperatorView", "ScenarioConsole"]

# How often the examiner's marks are read for the item conditions (clock seconds).
MARKS_POLL_S = 2.0
# The display timer's interval: about 30 frames a second for the trace.
FRAME_MS = 33

ReaderFactory = Callable[[str], DeviceSource]


def done_items(view: EncounterView) -> dict[str, float]:
    """The items marked done, with the active time of the mark (0 when not given)."""
    return {
        item_id: (mark.t_s or 0.0)
        for item_id, mark in view.marks.items()
        if mark.value is MarkValue.DONE
    }


class OperatorView(QWidget):
    """The operator's page for one :class:`ScenarioSession`."""

    def __init__(
        self,
        session: ScenarioSession,
        title: str,
        device_panel: CprPanel | None,
        parent: QWidget | None = None,
        *,
        recording_panel: RecordingPanel | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("operatorView")
        self.session = session
        language = session.language
        self.heading = QLabel(
            self.tr("{0} — candidate {1}")
            .replace("{0}", title)
            .replace("{1}", session.view.encounter.candidate_number),
            self,
        )
        self.heading.setWordWrap(True)
        self.clock_label = QLabel("00:00", self)
        self.clock_label.setObjectName("scenarioClock")
        font = self.clock_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.clock_label.setFont(font)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("scenarioState")

        self.start_button = BigButton(self.tr("Start scenario (Ctrl+Enter)"), self)
        self.start_button.setObjectName("startButton")
        self.pause_button = BigButton(self.tr("Pause (Ctrl+P)"), self)
        self.pause_button.setObjectName("pauseButton")
        self.end_button = BigButton(self.tr("End scenario (Ctrl+E)"), self)
        self.end_button.setObjectName("endButton")
        self.monitor_button = BigButton(self.tr("Monitor window (Ctrl+M)"), self)
        self.monitor_button.setObjectName("monitorButton")
        self.next_button = BigButton(self.tr("Next candidate (Ctrl+N)"), self)
        self.next_button.setObjectName("nextButton")
        self.start_button.clicked.connect(session.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.end_button.clicked.connect(session.end)

        # The timeline: every event with its trigger and state.
        self.timeline = QTreeWidget(self)
        self.timeline.setObjectName("timeline")
        # Two columns: the state, and the event's whole name with when it comes on a line
        # under it (a third column for the "when" left the names a few letters wide,
        # cut off with "…"). Rows are as tall as their wrapped text.
        self.timeline.setHeaderLabels([self.tr("State"), self.tr("Event · when")])
        wrap_column(self.timeline, 1)
        self.timeline.setRootIsDecorated(False)
        self.timeline.setStyleSheet("QTreeWidget::item { min-height: 32px; }")
        self.timeline_items: dict[str, QTreeWidgetItem] = {}
        for event in session.runner.events:
            name, when = localize(event.label, language), self._when_text(event)
            item = QTreeWidgetItem(["", f"{name}\n{when}"])
            item.setData(0, Qt.ItemDataRole.UserRole, event.id)
            message = localize(event.message, language)
            item.setToolTip(1, f"{name} ({when})" + (f"\n{message}" if message else ""))
            self.timeline.addTopLevelItem(item)
            self.timeline_items[event.id] = item
        header = self.timeline.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        self.timeline.itemActivated.connect(lambda item, _c: self._fire_item(item))
        # Short enough for the timeline's column; the tooltip says it in full.
        self.fire_button = BigButton(self.tr("Fire selected now (Ctrl+Shift+F)"), self)
        self.fire_button.setToolTip(self.tr("Fire the selected timeline event now"))
        self.fire_button.setObjectName("fireButton")
        self.fire_button.clicked.connect(self.fire_selected)

        # Buttons for the events only the operator fires.
        self.manual_buttons: dict[str, BigButton] = {}
        manual_box = QGroupBox(self.tr("Operator's events"), self)
        manual_layout = QVBoxLayout(manual_box)
        for index, event in enumerate(e for e in session.runner.events if e.manual):
            button = BigButton(localize(event.label, language), manual_box)
            button.setObjectName(f"manual_{event.id}")
            if index < 9:
                self._shortcut(f"Alt+{index + 1}", button)
                button.setToolTip(self.tr("Alt+{0}").replace("{0}", str(index + 1)))
            button.clicked.connect(lambda _c=False, eid=event.id: session.fire(eid))
            manual_layout.addWidget(button)
            self.manual_buttons[event.id] = button
        if not self.manual_buttons:
            manual_layout.addWidget(QLabel(self.tr("This scenario has none."), manual_box))

        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setMinimumHeight(TOUCH_SIZE)
        self.note_edit.setPlaceholderText(self.tr("Note for the debrief, then Enter (Ctrl+T)"))
        self.note_edit.returnPressed.connect(self.add_note)
        self.note_button = BigButton(self.tr("Add note"), self)
        self.note_button.setObjectName("noteButton")
        self.note_button.clicked.connect(self.add_note)

        self.monitor = PatientMonitor(session, self)

        self.log = QListWidget(self)
        self.log.setObjectName("eventLog")
        self.log.setWordWrap(True)
        self.log_items: dict[int, QListWidgetItem] = {}

        # Layout: controls and timeline | monitor | live CPR and the log.
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.state_label)
        top.addWidget(self.clock_label)
        buttons = QHBoxLayout()
        for button in (
            self.start_button,
            self.pause_button,
            self.end_button,
            self.monitor_button,
            self.next_button,
        ):
            buttons.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Timeline"), left))
        left_layout.addWidget(self.timeline, 1)
        left_layout.addWidget(self.fire_button)
        left_layout.addWidget(manual_box)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.note_button)
        left_layout.addLayout(note_row)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        if device_panel is not None:
            cpr_box = QGroupBox(self.tr("Manikin"), right)
            QVBoxLayout(cpr_box).addWidget(device_panel)
            right_layout.addWidget(cpr_box, 1)
        right_layout.addWidget(QLabel(self.tr("Event log"), right))
        right_layout.addWidget(self.log, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.monitor)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        if recording_panel is not None:
            layout.addWidget(recording_panel)
            recording_panel.show()
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.start_button, self.pause_button)
        self.setTabOrder(self.pause_button, self.end_button)
        self.setTabOrder(self.end_button, self.monitor_button)
        self.setTabOrder(self.monitor_button, self.next_button)
        self.setTabOrder(self.next_button, self.timeline)
        self.setTabOrder(self.timeline, self.fire_button)

        for keys, button in (
            ("Ctrl+Return", self.start_button),
            ("Ctrl+P", self.pause_button),
            ("Ctrl+E", self.end_button),
            ("Ctrl+M", self.monitor_button),
            ("Ctrl+N", self.next_button),
            ("Ctrl+Shift+F", self.fire_button),
        ):
            self._shortcut(keys, button)
        note_focus = QShortcut(QKeySequence("Ctrl+T"), self)
        note_focus.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        note_focus.activated.connect(self.note_edit.setFocus)

        session.logAdded.connect(self._add_line)
        session.logUpdated.connect(self._update_line)
        session.stateChanged.connect(self.refresh)
        for line in session.lines:
            self._add_line(line)
        self.refresh()

    def _shortcut(self, keys: str, button: BigButton) -> None:
        """``keys`` press ``button`` while the focus is in this view (and the button is
        enabled), so the console's keys never clash with another screen's."""
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        def press() -> None:
            if button.isEnabled():
                button.click()

        shortcut.activated.connect(press)

    # ------------------------------------------------------------------ texts

    def _when_text(self, event: ScenarioEvent) -> str:
        parts: list[str] = []
        if event.manual:
            parts.append(self.tr("by the operator"))
        if event.at_s is not None:
            parts.append(self.tr("at {0}").replace("{0}", format_time(event.at_s)))
        if event.after is not None:
            parts.append(
                self.tr("{0} s after {1}")
                .replace("{0}", f"{event.delay_s:g}")
                .replace("{1}", event.after)
            )
        condition = event.when
        if condition is not None:
            if condition.item is not None:
                word = self.tr("done") if condition.state == "done" else self.tr("not done")
                parts.append(
                    self.tr("if {0} {1}").replace("{0}", condition.item).replace("{1}", word)
                )
            else:
                value = "" if condition.value is None else f"{condition.value:g}"
                parts.append(
                    self.tr("if {0}").replace("{0}", f"{condition.metric} {condition.op} {value}")
                )
        return ", ".join(parts)

    def _status_text(self, status: EventStatus) -> tuple[Status, str]:
        if status is EventStatus.FIRED:
            return Status.OK, self.tr("Fired")
        if status is EventStatus.MISSED:
            return Status.WARNING, self.tr("Missed")
        return Status.NOT_STARTED, self.tr("Waiting")

    # ------------------------------------------------------------------ refresh

    def refresh(self) -> None:
        """Bring the buttons, the clock and the timeline up to date."""
        session = self.session
        started, ended, paused = session.started, session.ended, session.paused
        self.start_button.setEnabled(not started)
        self.pause_button.setEnabled(started and not ended)
        self.pause_button.setText(
            self.tr("Resume (Ctrl+P)") if paused else self.tr("Pause (Ctrl+P)")
        )
        self.end_button.setEnabled(started and not ended)
        self.fire_button.setEnabled(started and not ended)
        self.next_button.setEnabled(ended or not started)
        if not started:
            state = self.tr("Not started")
        elif ended:
            state = self.tr("Ended")
        elif paused:
            state = self.tr("PAUSED")
        else:
            state = self.tr("Running")
        self.state_label.setText(state)
        for event_id, item in self.timeline_items.items():
            status = session.runner.status(event_id)
            look, word = self._status_text(status)
            colour, symbol, _label = status_style(look)
            item.setText(0, f"{symbol} {word}")
            item.setForeground(0, colour)
            button = self.manual_buttons.get(event_id)
            if button is not None:
                button.setEnabled(started and not ended and status is not EventStatus.FIRED)
        self.show_clock()

    def show_clock(self) -> None:
        session = self.session
        text = format_time(session.t_s)
        if session.started and not session.ended:
            text += "  " + self.tr("({0} left)").replace("{0}", format_time(session.remaining_s))
        if self.clock_label.text() != text:
            self.clock_label.setText(text)

    # ------------------------------------------------------------------ actions

    def toggle_pause(self) -> None:
        if self.session.paused:
            self.session.resume()
        else:
            self.session.pause()

    def fire_selected(self) -> None:
        item = self.timeline.currentItem()
        if item is not None:
            self._fire_item(item)

    def _fire_item(self, item: QTreeWidgetItem) -> None:
        event_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(event_id, str):
            self.session.fire(event_id)

    def add_note(self) -> None:
        if self.session.note(self.note_edit.text()):
            self.note_edit.clear()

    # ------------------------------------------------------------------ the log

    def _line_text(self, line: LogLine) -> str:
        mark = ""
        if line.failed is not None:
            mark = "  ✖ " + self.tr("not saved")
        elif not line.stored:
            mark = "  …"
        return f"{format_time(line.t_s)}  {line.text}{mark}"

    def _add_line(self, line: LogLine) -> None:
        item = QListWidgetItem(self._line_text(line))
        self.log.addItem(item)
        self.log_items[line.index] = item
        self.log.scrollToBottom()

    def _update_line(self, line: LogLine) -> None:
        item = self.log_items.get(line.index)
        if item is None:
            return
        item.setText(self._line_text(line))
        if line.failed is not None:
            item.setForeground(status_style(Status.ERROR)[0])


class ScenarioConsole(QWidget):
    """The scenario operator's screen (see the module documentation)."""

    CHECKIN, OPERATOR = 0, 1

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        reader_factory: ReaderFactory | None = None,
        recorder_factory: RecorderFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioConsole")
        self.ctx = ctx
        self.reader: DeviceSource | None = None
        self.device_panel: CprPanel | None = None
        #: The manikin's trace since the check-in (recorded beside the live panel).
        self.segment: CprTraceSegment | None = None
        url = ctx.settings.device_url.strip()
        if url:
            factory: ReaderFactory = reader_factory or DeviceReader
            try:
                self.reader = factory(url)
            except (DeviceURLError, ValueError) as err:
                ctx.message_bar.warning(
                    self.tr("The device URL is not valid: {0}").replace("{0}", str(err))
                )
        if self.reader is not None:
            ring: Ring[ReaderEvent] = self.reader.subscribe(8192)
            self.reader.start()
            self.device_panel = CprPanel(ring, status=self.reader.status, parent=self)
            self.device_panel.start()
        # With a camera set up, scenarios are recorded when the candidate consents: from
        # the start of the scenario to its end. Scenario events reach the recording's
        # timeline through the station (they are stored with the encounter).
        self.recorder: RecordingController | None = None
        self.recording_panel: RecordingPanel | None = None
        if ctx.settings.camera.strip():
            self.recorder = (recorder_factory or RecordingController)(ctx)
            self.recording_panel = RecordingPanel(self.recorder, self, shortcut_scope=self)
            self.recording_panel.hide()
        self.session: ScenarioSession | None = None
        self.operator: OperatorView | None = None
        self.monitor_window: MonitorWindow | None = None
        self.checkin = CheckInPanel(ctx, self)
        self.checkin.checkedIn.connect(self.open_scenario)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.checkin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._closed = False
        self._polling = False
        self._last_poll = float("-inf")
        self._frame = QTimer(self)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self.tick)
        if ctx.actor is not None:
            self.checkin.load()

    # ------------------------------------------------------------------ navigation

    def open_scenario(self, view: EncounterView, exam: ExamInfo, title: str) -> None:
        """Show the operator's view for a checked-in encounter at a scenario station."""
        if view.definition.scenario is None:
            self.ctx.message_bar.warning(
                self.tr(
                    "Station {0} is not a simulation scenario; choose a scenario station."
                ).replace("{0}", title)
            )
            return
        if view.encounter.locked:
            self.ctx.message_bar.warning(
                self.tr("This encounter is already submitted; choose another candidate.")
            )
            return
        self._close_session()
        if self.device_panel is not None:
            self.device_panel.reset()
        if self.reader is not None:
            self.segment = CprTraceSegment(
                self.ctx.worker, self.reader, trace_folder(self.ctx.settings), name="scenario"
            )
        self.session = ScenarioSession(self.ctx, view, exam.language, self)
        self.operator = OperatorView(
            self.session, title, self.device_panel, self, recording_panel=self.recording_panel
        )
        self.session.stateChanged.connect(self._store_trace_at_end)
        if self.recording_panel is not None:
            self.session.stateChanged.connect(self._session_changed)
            self.recording_panel.open_encounter(
                view.encounter.id, locked=False, clock_running=False
            )
        self.operator.monitor_button.clicked.connect(self.toggle_monitor_window)
        self.operator.next_button.clicked.connect(self.show_checkin)
        self.stack.addWidget(self.operator)
        self.stack.setCurrentWidget(self.operator)
        self.operator.start_button.setFocus()
        self._last_poll = float("-inf")
        self._frame.start()

    def show_checkin(self) -> None:
        """Back to check-in (for the next candidate). A running scenario is ended first."""
        if self.session is not None and self.session.started and not self.session.ended:
            self.session.end()
        self._close_session()
        self.stack.setCurrentWidget(self.checkin)
        self.checkin.load(
            None
            if self.checkin.exam is None
            else (self.checkin.exam.code, self.checkin.station_key or "")
        )

    def _session_changed(self) -> None:
        """The scenario started or ended: so does its recording."""
        session, panel = self.session, self.recording_panel
        if session is None or panel is None:
            return
        if session.ended:
            panel.finish()
        elif session.started:
            panel.clock_started()

    def _store_trace_at_end(self) -> None:
        """The scenario ended: store the manikin's samples since its check-in as the
        encounter's CPR trace (once), for the debrief player's depth row."""
        session, panel, actor = self.session, self.device_panel, self.ctx.actor
        segment = self.segment
        if (
            session is None
            or not session.ended
            or session.trace_stored
            or panel is None
            or segment is None
            or actor is None
            or not panel.samples
        ):
            return
        session.trace_stored = True
        eid = session.encounter_id

        def work(s: StationServices, trace: RecordedTrace) -> None:
            if trace.samples:
                s.encounters.record_device_trace(
                    actor, eid, trace.data, trace.device_identity, trace.samples
                )

        def failed(exc: Exception) -> None:
            self.ctx.message_bar.warning(
                self.tr("The CPR trace could not be stored: {0}").replace("{0}", error_text(exc))
            )

        segment.store(work, end=True, on_done=lambda _none: None, on_error=failed)

    def _trace_kept(self, path: Path) -> None:
        self.ctx.message_bar.warning(
            self.tr("A CPR trace that could not be stored is kept in {0}.").replace(
                "{0}", str(path)
            )
        )

    def _close_session(self) -> None:
        self._frame.stop()
        if self.segment is not None:
            segment, self.segment = self.segment, None
            segment.close(on_kept=self._trace_kept)
        self.close_monitor_window()
        if self.recording_panel is not None:
            self.recording_panel.close_encounter()
        if self.operator is not None:
            if self.device_panel is not None:
                self.device_panel.setParent(self)  # keep the shared panel alive
                self.device_panel.hide()
            if self.recording_panel is not None:
                self.recording_panel.setParent(self)  # kept for the next candidate
                self.recording_panel.hide()
            self.stack.removeWidget(self.operator)
            self.operator.deleteLater()
            self.operator = None
        if self.session is not None:
            self.session.deleteLater()
            self.session = None

    # ------------------------------------------------------------------ the monitor window

    def toggle_monitor_window(self) -> None:
        if self.monitor_window is None:
            self.open_monitor_window()
        else:
            self.close_monitor_window()

    def open_monitor_window(self) -> MonitorWindow | None:
        """Open the monitor in a window of its own (for a second screen)."""
        if self.session is None:
            return None
        if self.monitor_window is None:
            window = MonitorWindow(self.session, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.closed.connect(self._monitor_window_closed)
            self.monitor_window = window
        self.monitor_window.show()
        self.monitor_window.activateWindow()
        return self.monitor_window

    def close_monitor_window(self) -> None:
        if self.monitor_window is not None:
            self.monitor_window.close()

    def _monitor_window_closed(self) -> None:
        self.monitor_window = None

    # ------------------------------------------------------------------ the clock

    def tick(self) -> None:
        """One display frame: the device metrics and the marks reach the engine, the
        engine runs, the clock and the monitors refresh."""
        session = self.session
        if session is None:
            return
        if self.device_panel is not None:
            session.metrics = self.device_panel.metrics()
        now = self.ctx.clock.monotonic()
        if (
            session.started
            and not session.ended
            and not self._polling
            and now - self._last_poll >= MARKS_POLL_S
        ):
            self._poll_marks(session)
            self._last_poll = now
        session.tick()
        if self.operator is not None:
            self.operator.show_clock()

    def _poll_marks(self, session: ScenarioSession) -> None:
        actor = self.ctx.actor
        if actor is None or self._polling:
            return
        self._polling = True
        encounter_id = session.encounter_id

        def done(view: EncounterView) -> None:
            self._polling = False
            if self.session is session:
                session.items_done = done_items(view)

        def failed(exc: Exception) -> None:
            self._polling = False
            self.ctx.worker.report(exc)

        def read(services: StationServices) -> EncounterView:
            return services.encounters.encounter_view(actor, encounter_id)

        self.ctx.worker.submit(read, on_done=done, on_error=failed)

    # ------------------------------------------------------------------ closing

    def shutdown(self) -> None:
        """Stop the display timer, close the monitor window and stop the device reader."""
        if self._closed:
            return
        self._closed = True
        self._frame.stop()
        self.close_monitor_window()
        if self.recording_panel is not None:
            self.recording_panel.close_encounter()
            self.recording_panel.shutdown()
        if self.device_panel is not None:
            self.device_panel.stop()
        if self.segment is not None:
            segment, self.segment = self.segment, None
            segment.close(on_kept=self._trace_kept)
        if self.reader is not None:
            self.reader.stop()
