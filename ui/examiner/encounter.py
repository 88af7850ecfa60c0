"""One encounter at the examiner's station: the station clock, the checklist, the live
CPR panel, comments and the submission.

Every change the examiner makes is sent through the service worker at once; each row
says "saved" when the database acknowledged it, so nothing is lost if the application
stops. The station timer's state is saved with the encounter on every phase change,
on pause and resume, and every few seconds, so a restarted station resumes where it was
(:meth:`EncounterPanel.open` restores it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assessments.definitions.model import DeviceItem, StationDefinition
from assessments.scoring import MarkValue
from assessments.timing import Bell, BellKind, Phase, StationTimer, TimerState
from devices.trace_capture import RecordedTrace
from devices.trace_recorder import EventSource
from station.auth.permissions import Actor
from station.results import reasons_text
from station.services import (
    CommentInfo,
    CprRecord,
    EncounterView,
    GradeInfo,
    Incomplete,
    MarkInfo,
    StationServices,
    SubmitResult,
)
from station.services.types import CommentKind
from ui.bell import strikes_for
from ui.context import AppContext
from ui.coordinator.common import outcome_word
from ui.cpr_trace import CprTraceSegment, trace_folder
from ui.devicepanel import CprPanel
from ui.examiner.checklist import CommentBox, GradeRow, ItemRow
from ui.theme import VERMILLION
from ui.video_recording import RecordingController
from ui.widgets.big_button import TOUCH_SIZE, BigButton
from ui.widgets.confirm import ConfirmBox
from ui.widgets.examiner_clock import ExaminerClock
from ui.widgets.video_recording_panel import RecordingPanel
from ui.worker import error_text

__all__ = ["SAVE_EVERY_S", "EncounterPanel"]

#: The timer's state is saved at least this often (seconds on the station clock).
SAVE_EVERY_S = 5.0
#: Below this height the encounter uses its compact layout (a smaller clock).
COMPACT_BELOW_PX = 640
#: What the missing box names in its line, and how many "Go to" buttons it shows: the
#: rest is counted, so the box stays small and the checklist keeps its room.
MISSING_NAMED = 6
MISSING_BUTTONS = 3


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class EncounterPanel(QWidget):
    """The marking screen of one encounter. :meth:`open` loads it from its
    :class:`EncounterView`; :attr:`nextCandidate` asks for the check-in screen."""

    nextCandidate = Signal()
    submitted = Signal(object)  # SubmitResult

    def __init__(
        self,
        ctx: AppContext,
        *,
        device_panel: CprPanel | None = None,
        device_source: EventSource | None = None,
        visual_flash: Callable[[int], None] | None = None,
        recorder: RecordingController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.device_panel = device_panel
        self.device_source = device_source
        #: The CPR segment whose trace is being recorded (a device station, open).
        self.segment: CprTraceSegment | None = None
        self.recorder = recorder
        self.view: EncounterView | None = None
        self.definition: StationDefinition | None = None
        self.lang = "en"
        self.timer: StationTimer | None = None
        self.rows: dict[str, ItemRow] = {}
        self.grade_row: GradeRow | None = None
        self.locked = False
        self.metrics_recorded = False
        self.saves = 0
        self._last_save = 0.0
        self._last_phase: Phase | None = None

        self.header = QLabel(self)
        self.header.setObjectName("encounterHeader")
        font = self.header.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.3)
        font.setBold(True)
        self.header.setFont(font)
        self.clock = ExaminerClock(self)
        self._flash = visual_flash or self.clock.flash

        self.start_button = BigButton(self.tr("Start (F5)"), self)
        self.start_button.setObjectName("startTimer")
        self.start_button.clicked.connect(self.start_timer)
        self.skip_button = BigButton(self.tr("Skip reading (F6)"), self)
        self.skip_button.clicked.connect(self.skip_reading)
        self.pause_button = BigButton(self.tr("Pause (F8)"), self)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.pause_reason = QLineEdit(self)
        self.pause_reason.setObjectName("pauseReason")
        self.pause_reason.setMinimumHeight(TOUCH_SIZE)
        self.pause_reason.setPlaceholderText(self.tr("Why pause? (Enter to pause)"))
        self.pause_reason.returnPressed.connect(self._pause_with_reason)
        self.pause_reason.hide()
        self.score_button = BigButton(self.tr("Show score (F9)"), self)
        self.score_button.setCheckable(True)
        self.score_button.toggled.connect(self._score_toggled)
        self.score_label = QLabel(self)
        self.score_label.setObjectName("runningScore")
        self.score_label.hide()
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        hint_font = self.hint.font()
        hint_font.setPointSizeF(max(hint_font.pointSizeF(), 11.0))
        self.hint.setFont(hint_font)

        controls = QHBoxLayout()
        for widget in (self.start_button, self.skip_button, self.pause_button):
            controls.addWidget(widget)
        controls.addWidget(self.pause_reason, 1)
        controls.addStretch(0)
        controls.addWidget(self.score_button)

        # The checklist, in a scroll area.
        self.items_box = QWidget(self)
        self.items_layout = QVBoxLayout(self.items_box)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.items_box)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.missing_box = QFrame(self)
        self.missing_box.setObjectName("missingBox")
        missing_layout = QVBoxLayout(self.missing_box)
        self.missing_label = QLabel(self.missing_box)
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet(f"color: {VERMILLION.name()}; font-weight: bold;")
        missing_layout.addWidget(self.missing_label)
        self.missing_layout = QGridLayout()
        missing_layout.addLayout(self.missing_layout)
        self.missing_buttons: list[BigButton] = []
        self.missing_items: list[str] = []
        self.grade_is_missing = False
        self.missing_box.hide()
        self.submit_anyway = BigButton(self.tr("Submit incomplete"), self)
        self.submit_anyway.setObjectName("submitIncomplete")
        self.submit_anyway.clicked.connect(self.confirm_submit_incomplete)
        self.submit_anyway.hide()
        self.submit_button = BigButton(self.tr("Submit (Ctrl+Enter)"), self)
        self.submit_button.setObjectName("submitEncounter")
        self.submit_button.clicked.connect(lambda: self.submit())
        self.next_button = BigButton(self.tr("Next candidate (Ctrl+N)"), self)
        self.next_button.setObjectName("nextCandidate")
        self.next_button.clicked.connect(self.nextCandidate.emit)
        self.next_button.hide()
        self.back_button = BigButton(self.tr("Back to check-in"), self)
        self.back_button.setObjectName("backToCheckIn")
        self.back_button.setToolTip(
            self.tr("Before the clock starts: choose another candidate (this one stays checked in)")
        )
        self.back_button.clicked.connect(self._back)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("submitResult")
        self.result_label.setWordWrap(True)
        # The CPR panel can be folded away for the checklist's sake (a small screen).
        self.panel_button = BigButton(self.tr("CPR (F10)"), self)
        self.panel_button.setObjectName("toggleDevicePanel")
        self.panel_button.setToolTip(self.tr("Show or fold away the live CPR panel (F10)"))
        self.panel_button.setCheckable(True)
        self.panel_button.setChecked(True)
        self.panel_button.toggled.connect(self._device_panel_toggled)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.panel_button)
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.submit_anyway)
        bottom.addWidget(self.submit_button)
        bottom.addWidget(self.next_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.header)
        left_layout.addWidget(self.clock)
        left_layout.addLayout(controls)
        # The recording (with a camera set up): consent, "● REC", markers (key M).
        self.recording_panel: RecordingPanel | None = None
        if recorder is not None:
            self.recording_panel = RecordingPanel(recorder, left, shortcut_scope=self)
            left_layout.addWidget(self.recording_panel)
        left_layout.addWidget(self.score_label)
        left_layout.addWidget(self.hint)
        left_layout.addWidget(self.scroll_area, 1)
        left_layout.addWidget(self.missing_box)
        left_layout.addLayout(bottom)

        self.device_box = QWidget(self)
        device_layout = QVBoxLayout(self.device_box)
        device_layout.setContentsMargins(0, 0, 0, 0)
        self.record_button = BigButton(self.tr("Record CPR metrics (F7)"), self.device_box)
        self.record_button.setObjectName("recordMetrics")
        self.record_button.clicked.connect(self.record_metrics)
        self.new_segment_button = BigButton(self.tr("New CPR segment"), self.device_box)
        self.new_segment_button.clicked.connect(self._new_segment)
        if device_panel is not None:
            device_layout.addWidget(device_panel, 1)
        # One above the other: side by side, their labels are cut off in French and
        # Spanish at 1280 px.
        device_layout.addWidget(self.new_segment_button)
        device_layout.addWidget(self.record_button)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.device_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._ticker = QTimer(self)
        self._ticker.setInterval(200)
        self._ticker.timeout.connect(self.tick)
        self._shortcut(Qt.Key.Key_F5, self.start_timer)
        self._shortcut(Qt.Key.Key_F6, self.skip_reading)
        self._shortcut(Qt.Key.Key_F7, self.record_metrics)
        self._shortcut(Qt.Key.Key_F8, self.toggle_pause)
        self._shortcut(Qt.Key.Key_F9, self.score_button.toggle)
        self._shortcut(QKeySequence("Ctrl+Return"), lambda: self.submit())
        self._shortcut(QKeySequence("Ctrl+Enter"), lambda: self.submit())
        self._shortcut(QKeySequence("Ctrl+N"), self._next_if_done)
        self._shortcut(QKeySequence("Ctrl+G"), self._focus_grade)
        self._shortcut(Qt.Key.Key_F10, self.panel_button.toggle)
        self._shortcut(QKeySequence("Ctrl+1"), self._focus_first_item)

    def _shortcut(self, key: QKeySequence | Qt.Key, slot: Callable[[], object]) -> None:
        sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
        shortcut = QShortcut(sequence, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ opening

    @property
    def encounter_id(self) -> str:
        assert self.view is not None
        return self.view.encounter.id

    def open(self, view: EncounterView, lang: str, station_title: str) -> None:
        """Show ``view`` (a fresh check-in or a resumed encounter) in ``lang``."""
        self.view = view
        self.definition = definition = view.definition
        self.lang = lang
        self.locked = view.encounter.locked
        self.metrics_recorded = bool(view.metrics)
        # The number and the name as the roster writes it: the examiner greets a person.
        who = view.encounter.candidate_number
        if view.candidate_name:
            who = f"{who} {view.candidate_name}"
        self.header.setText(
            self.tr("Candidate {0} · {1}").replace("{0}", who).replace("{1}", station_title)
        )
        self._build_checklist(definition)
        for item_id, row in self.rows.items():
            row.show_mark(view.marks.get(item_id))
        if self.grade_row is not None:
            self.grade_row.show_grade(None if view.grade is None else view.grade.grade)
        feedback = view.comments.get("feedback")
        private = view.comments.get("private")
        self.feedback.set_text("" if feedback is None else feedback.text)
        self.notes.set_text("" if private is None else private.text)
        self.timer = self._restore_timer(view)
        self._last_phase = self.timer.phase if self.timer is not None else None
        # A resumed encounter that was paused offers to resume, not to pause again.
        paused = self.timer is not None and self.timer.own_pause_reason is not None
        self.pause_button.setText(self.tr("Resume (F8)") if paused else self.tr("Pause (F8)"))
        self._last_save = self.ctx.clock.monotonic()
        has_device = definition.device is not None or self._has_device_items()
        self.panel_button.setVisible(has_device)
        self.device_box.setVisible(has_device and self.panel_button.isChecked())
        if self.device_panel is not None and has_device:
            self.device_panel.start()  # streams even while the panel is folded away
        if has_device and not self.locked:
            self._begin_segment()
        self.missing_box.hide()
        self.submit_anyway.hide()
        self.result_label.clear()
        self.next_button.setVisible(self.locked)
        self.submit_button.setVisible(not self.locked)
        self._apply_lock()
        self.tick()
        self._ticker.start()
        self._focus_first_item()
        if self.recording_panel is not None:
            self.recording_panel.open_encounter(
                view.encounter.id, locked=self.locked, clock_running=self.timer is not None
            )

    def _device_panel_toggled(self, shown: bool) -> None:
        """Fold the CPR panel away (the checklist takes the width) or show it again; the
        device keeps streaming and its metrics are still recorded with F7."""
        if self.definition is None:
            return
        has_device = self.definition.device is not None or self._has_device_items()
        self.device_box.setVisible(shown and has_device)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A short window (the 1024×700 minimum): a smaller clock, more checklist.
        self.clock.set_compact(self.height() < COMPACT_BELOW_PX)

    def _has_device_items(self) -> bool:
        assert self.definition is not None
        return any(isinstance(i, DeviceItem) for i in self.definition.items())

    def _restore_timer(self, view: EncounterView) -> StationTimer | None:
        assert self.definition is not None
        timing = self.definition.timing
        if view.timer_state is None:
            return None
        try:
            state = TimerState.from_dict(view.timer_state)
            return StationTimer.restore(
                state, timing, self.ctx.clock, downtime_s=state.downtime_s(self.ctx.clock.now())
            )
        except (ValueError, KeyError, TypeError) as err:
            self.ctx.message_bar.warning(
                self.tr(
                    "The saved station clock could not be restored ({0}); start it again."
                ).replace("{0}", str(err))
            )
            return None

    def _build_checklist(self, definition: StationDefinition) -> None:
        while self.items_layout.count():
            child = self.items_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = {}
        previous: QWidget | None = None
        for section in definition.sections:
            title = QLabel(definition.text(section.title, self.lang), self.items_box)
            bold = title.font()
            bold.setBold(True)
            bold.setPointSizeF(max(bold.pointSizeF(), 11.0) * 1.2)
            title.setFont(bold)
            self.items_layout.addWidget(title)
            for item in section.items:
                row = ItemRow(item, definition, self.lang, self.items_box)
                row.marked.connect(self._mark)
                row.overridden.connect(self._override)
                row.moveFocus.connect(lambda step, r=row: self._move(r, step))
                self.items_layout.addWidget(row)
                self.rows[item.id] = row
                if previous is not None:
                    QWidget.setTabOrder(previous, row)
                previous = row
        self.grade_row = None
        if definition.global_rating is not None:
            self.grade_row = GradeRow(definition, self.lang, self.items_box)
            self.grade_row.graded.connect(self._grade)
            self.items_layout.addWidget(self.grade_row)
        phrases = [definition.text(p, self.lang) for p in definition.feedback_phrases]
        phrases = phrases or [
            self.tr("Good structure."),
            self.tr("Clear explanation."),
            self.tr("Check identity first."),
        ]
        self.feedback = CommentBox(
            self.tr("Feedback for the candidate"), phrases, "feedbackBox", self.items_box
        )
        self.feedback.changed.connect(lambda text: self._comment("feedback", text))
        self.notes = CommentBox(
            self.tr("Private notes (not shown to the candidate)"),
            [
                self.tr("Candidate unwell."),
                self.tr("Equipment problem."),
                self.tr("Discuss with the coordinator."),
            ],
            "notesBox",
            self.items_box,
        )
        self.notes.changed.connect(lambda text: self._comment("private", text))
        self.items_layout.addWidget(self.feedback)
        self.items_layout.addWidget(self.notes)
        self.items_layout.addStretch(1)
        chain: list[QWidget] = list(self.rows.values())
        if self.grade_row is not None:
            chain.append(self.grade_row)
        chain += [self.feedback.edit, self.notes.edit]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ the clock

    def start_timer(self) -> None:
        if self.definition is None or self.locked or self.timer is not None:
            return
        self.timer = StationTimer(self.definition.timing, self.ctx.clock)
        self.timer.start()
        self._last_phase = None
        self.tick()
        self._apply_lock()
        self._focus_first_item()
        if self.recording_panel is not None:
            self.recording_panel.clock_started()

    def skip_reading(self) -> None:
        if self.timer is not None and self.timer.phase is Phase.READING:
            self.timer.skip_reading()
            self.tick()

    def toggle_pause(self) -> None:
        timer = self.timer
        if timer is None or self.locked:
            return
        if timer.own_pause_reason is not None:
            timer.resume()
            self.pause_button.setText(self.tr("Pause (F8)"))
            self.save_timer()
            self.tick()
        elif timer.phase not in (Phase.NOT_STARTED, Phase.DONE):
            self.pause_reason.show()
            self.pause_reason.setFocus()

    def _pause_with_reason(self) -> None:
        reason = self.pause_reason.text().strip()
        if self.timer is None or not reason:
            return
        self.timer.pause(reason)
        self.pause_reason.clear()
        self.pause_reason.hide()
        self.pause_button.setText(self.tr("Resume (F8)"))
        self.save_timer()
        self.tick()
        self._focus_first_item()

    def tick(self) -> None:
        """Poll the timer: ring due bells, save on phase changes, refresh the clock."""
        timer = self.timer
        if timer is None:
            if self.definition is not None:
                first = self.definition.timing.reading_s or self.definition.timing.active_s
                self.clock.show_state(Phase.NOT_STARTED, first)
            return
        bells = timer.poll()
        self._ring(bells)
        phase = timer.phase
        if bells and any(b.kind is BellKind.START for b in bells):
            self._started()
        if bells and any(b.kind is BellKind.END for b in bells):
            self._active_time_over()
        now = self.ctx.clock.monotonic()
        if phase != self._last_phase or now - self._last_save >= SAVE_EVERY_S:
            self._last_phase = phase
            self.save_timer()
        over = phase in (Phase.ENDED, Phase.DONE)
        seconds = timer.elapsed_s - timer.end_s if over else timer.remaining_s
        self.clock.show_state(phase, seconds, paused=timer.is_paused, overtime=over)
        self.skip_button.setEnabled(phase is Phase.READING)
        self.start_button.setEnabled(False)

    def _ring(self, bells: list[Bell]) -> None:
        """One sound (and one flash) per moment: bells due at the same time ring once."""
        seen: set[float] = set()
        for bell in bells:
            if bell.at_s in seen:
                continue
            seen.add(bell.at_s)
            try:
                self.ctx.bell.ring(bell.kind)
            except Exception as exc:  # a broken speaker must not stop the clock
                self.ctx.message_bar.warning(
                    self.tr("The bell could not sound ({0}).").replace("{0}", str(exc))
                )
            if self.ctx.settings.visual_bell:
                self._flash(strikes_for(bell.kind))

    def _started(self) -> None:
        if self.view is None or self.locked:
            return
        actor, eid = self._actor(), self.encounter_id
        self.ctx.worker.submit(lambda s: s.encounters.start_encounter(actor, eid))

    def _active_time_over(self) -> None:
        if (
            self.device_panel is not None
            and self._has_device_items()
            and not self.metrics_recorded
            and self.device_panel.summary().compressions > 0
        ):
            self.record_metrics()

    def save_timer(self) -> None:
        """Store the timer's state with the encounter (crash recovery)."""
        if self.timer is None or self.view is None or self.locked:
            return
        state = self.timer.snapshot().to_dict()
        actor, eid = self._actor(), self.encounter_id
        self._last_save = self.ctx.clock.monotonic()
        self.saves += 1
        self.ctx.worker.submit(lambda s: s.encounters.save_timer_state(actor, eid, state))

    # ------------------------------------------------------------------ marking

    def _actor(self) -> Actor:
        actor = self.ctx.actor
        if actor is None:
            raise RuntimeError("nobody is signed in at the examiner's station")
        return actor

    def _stamp(self) -> float | None:
        return None if self.timer is None else round(self.timer.stamp(), 3)

    def _mark(self, item_id: str, value: MarkValue | int | None) -> None:
        row = self.rows[item_id]
        actor, eid, t_s = self._actor(), self.encounter_id, self._stamp()

        def work(s: StationServices) -> MarkInfo:
            return s.encounters.mark_item(actor, eid, item_id, value, t_s=t_s)

        self.ctx.worker.submit(
            work, on_done=self._mark_saved, on_error=lambda exc: self._failed(row.failed, exc)
        )

    def _override(self, item_id: str, value: MarkValue, reason: str) -> None:
        row = self.rows[item_id]
        actor, eid = self._actor(), self.encounter_id
        self.ctx.worker.submit(
            lambda s: s.encounters.override_device_item(actor, eid, item_id, value, reason),
            on_done=self._mark_saved,
            on_error=lambda exc: self._failed(row.failed, exc),
        )

    def _mark_saved(self, mark: MarkInfo) -> None:
        row = self.rows.get(mark.item_id)
        if row is not None and self.view is not None and mark.encounter_id == self.encounter_id:
            row.acknowledge(mark)
        self._refresh_score()
        self._refresh_missing()

    def _grade(self, grade: int | None) -> None:
        grade_row = self.grade_row
        assert grade_row is not None
        actor, eid = self._actor(), self.encounter_id

        def done(info: GradeInfo) -> None:
            grade_row.acknowledge(info.grade)
            self._refresh_score()
            self._refresh_missing()

        self.ctx.worker.submit(
            lambda s: s.encounters.set_grade(actor, eid, grade),
            on_done=done,
            on_error=lambda exc: self._failed(grade_row.failed, exc),
        )

    def _comment(self, kind: CommentKind, text: str) -> None:
        box = self.feedback if kind == "feedback" else self.notes
        actor, eid = self._actor(), self.encounter_id

        def done(info: CommentInfo) -> None:
            box.acknowledge(info.text)

        self.ctx.worker.submit(
            lambda s: s.encounters.comment(actor, eid, kind, text),
            on_done=done,
            on_error=lambda exc: self._failed(box.failed, exc),
        )

    def record_metrics(self) -> None:
        """Store the CPR segment's trace so far with the metrics analysed from it (one
        service call, on the worker); the station judges the device items from them."""
        panel, segment = self.device_panel, self.segment
        if panel is None or segment is None or self.view is None or self.locked:
            return
        if not panel.summary().compressions:
            self.ctx.message_bar.warning(
                self.tr("No compressions yet: nothing to record from the manikin.")
            )
            return
        actor, eid = self._actor(), self.encounter_id

        def work(s: StationServices, trace: RecordedTrace) -> CprRecord:
            return s.encounters.record_cpr_trace(
                actor, trace.data, trace.device_identity, encounter_id=eid
            )

        def done(record: CprRecord) -> None:
            self.metrics_recorded = True
            for mark in record.marks:
                row = self.rows.get(mark.item_id)
                if row is not None:
                    row.value = mark.value
                    row.show_mark(mark)
            self.ctx.message_bar.info(
                self.tr("CPR metrics recorded ({0} compressions).").replace(
                    "{0}", str(record.summary.compressions)
                )
            )
            self._refresh_score()

        def failed(exc: Exception) -> None:
            self.ctx.message_bar.error(
                self.tr(
                    "The CPR metrics could not be stored ({0}); press F7 to try again. "
                    "The trace is kept in {1}."
                )
                .replace("{0}", error_text(exc))
                .replace("{1}", str(segment.path))
            )

        segment.store(work, end=False, on_done=done, on_error=failed)

    def _begin_segment(self) -> None:
        """Record a new CPR segment's trace from now on (the last one is closed)."""
        self._close_segment()
        if self.device_source is not None:
            self.segment = CprTraceSegment(
                self.ctx.worker, self.device_source, trace_folder(self.ctx.settings)
            )

    def _close_segment(self) -> None:
        if self.segment is not None:
            segment, self.segment = self.segment, None
            segment.close(on_kept=self._trace_kept)

    def _trace_kept(self, path: Path) -> None:
        self.ctx.message_bar.warning(
            self.tr("A CPR trace that could not be stored is kept in {0}.").replace(
                "{0}", str(path)
            )
        )

    def _new_segment(self) -> None:
        if self.device_panel is not None:
            self.device_panel.reset()
            self.metrics_recorded = False
            if self.segment is not None and not self.locked:
                self._begin_segment()

    def _failed(self, show: Callable[[], None], exc: Exception) -> None:
        show()
        self.ctx.message_bar.error(error_text(exc))

    # ------------------------------------------------------------------ score

    def _score_toggled(self, shown: bool) -> None:
        self.score_label.setVisible(shown)
        self.score_button.setText(
            self.tr("Hide score (F9)") if shown else self.tr("Show score (F9)")
        )
        self._refresh_score()

    def _refresh_score(self) -> None:
        if not self.score_button.isChecked() or self.view is None:
            return
        actor, eid = self._actor(), self.encounter_id

        def show(view: EncounterView) -> None:
            score = view.score
            percent = "—" if score.percent is None else f"{score.percent:.0f} %"
            self.score_label.setText(
                self.tr("Score so far: {0} of {1} ({2})")
                .replace("{0}", f"{score.score:g}")
                .replace("{1}", f"{score.max_score:g}")
                .replace("{2}", percent)
            )

        self.ctx.worker.submit(lambda s: s.encounters.encounter_view(actor, eid), on_done=show)

    # ------------------------------------------------------------------ submitting

    def submit(self, *, allow_incomplete: bool = False) -> None:
        """Submit after the completeness check; missing items are listed and can be
        jumped to."""
        if self.view is None or self.locked:
            return
        self.feedback.flush()
        self.notes.flush()
        actor, eid = self._actor(), self.encounter_id
        self.submit_button.setEnabled(False)
        self.ctx.worker.submit(
            lambda s: s.encounters.submit(actor, eid, allow_incomplete=allow_incomplete),
            on_done=self._submitted,
            on_error=self._submit_failed,
        )

    def _submit_failed(self, exc: Exception) -> None:
        self.submit_button.setEnabled(True)
        if isinstance(exc, Incomplete):
            self.show_missing(exc.missing, exc.grade_missing)
        else:
            self.ctx.message_bar.error(error_text(exc))

    def show_missing(self, missing: tuple[str, ...], grade_missing: bool) -> None:
        """Name what is missing and offer to go there. However many items are missing,
        the box keeps a small, fixed size (a few "Go to" buttons, the rest counted), so
        the checklist keeps its room; it follows the marks as they are saved."""
        self.missing_items = [i for i in missing if i in self.rows]
        self.grade_is_missing = grade_missing and self.grade_row is not None
        for item_id, row in self.rows.items():
            row.set_missing(item_id in missing)
        if self.grade_row is not None:
            self.grade_row.set_missing(grade_missing)
        self._show_missing_box()
        if self.missing_items:
            self.go_to(self.rows[self.missing_items[0]])
        elif self.grade_is_missing and self.grade_row is not None:
            self.go_to(self.grade_row)

    def _show_missing_box(self) -> None:
        for button in self.missing_buttons:
            button.deleteLater()
        self.missing_buttons = []
        targets: list[tuple[str, QWidget, str]] = [
            (self.rows[i].title.text(), self.rows[i], _short(self.rows[i].title.text()))
            for i in self.missing_items
        ]
        if self.grade_is_missing and self.grade_row is not None:
            targets.append((self.tr("Global rating"), self.grade_row, self.tr("global rating")))
        if not targets:
            self.missing_box.hide()
            self.submit_anyway.hide()
            return
        names = [name for name, _widget, _short_name in targets]
        shown = "; ".join(names[:MISSING_NAMED])
        if len(names) > MISSING_NAMED:
            shown += " " + self.tr("and {0} more").replace("{0}", str(len(names) - MISSING_NAMED))
        self.missing_label.setText(self.tr("Not complete. Missing: {0}").replace("{0}", shown))
        self.missing_label.setToolTip("\n".join(names))
        # The rating, at the foot of the checklist, always keeps a button when missing.
        with_buttons = targets[:MISSING_BUTTONS]
        if self.grade_is_missing and targets[-1] not in with_buttons:
            with_buttons = [*targets[: MISSING_BUTTONS - 1], targets[-1]]
        for name, widget, short_name in with_buttons:
            button = BigButton(self.tr("Go to: {0}").replace("{0}", short_name), self.missing_box)
            button.setToolTip(name)
            button.setProperty("target", widget)
            button.clicked.connect(self._go_to_missing)
            self._add_missing_button(button)
        self.missing_box.show()
        self.submit_anyway.show()

    def confirm_submit_incomplete(self) -> None:
        """Ask before submitting with items unmarked: it cannot be undone (only a
        coordinator's amendment changes a submitted encounter). Enter and Escape keep the
        encounter open; only the question's own button submits."""
        if self.view is None or self.locked:
            return
        count = len(self.missing_items) + (1 if self.grade_is_missing else 0)
        box = ConfirmBox(
            self,
            name="confirmSubmitIncomplete",
            title=self.tr("Submit incomplete"),
            text=self.tr(
                "Submit candidate {0}'s encounter with {1} missing? Items not marked count "
                "as not done, and a submitted encounter can only be changed by a "
                "coordinator's amendment."
            )
            .replace("{0}", self.view.encounter.candidate_number)
            .replace("{1}", str(count)),
            confirm=self.tr("Submit incomplete"),
            icon=QMessageBox.Icon.Warning,
        )
        box.confirmed.connect(self._submit_incomplete)
        box.open()

    def _submit_incomplete(self) -> None:
        self.submit(allow_incomplete=True)

    def _go_to_missing(self) -> None:
        button = self.sender()
        target = button.property("target") if button is not None else None
        if isinstance(target, QWidget):
            self.go_to(target)

    def _refresh_missing(self) -> None:
        """After a mark or grade is saved: take it off the missing list."""
        if not self.missing_box.isVisible():
            return
        self.missing_items = [i for i in self.missing_items if self.rows[i].value is None]
        if self.grade_row is not None and self.grade_row.grade is not None:
            self.grade_is_missing = False
            self.grade_row.set_missing(False)
        for item_id, row in self.rows.items():
            if row.missing and item_id not in self.missing_items:
                row.set_missing(False)
        self._show_missing_box()

    def _add_missing_button(self, button: BigButton) -> None:
        index = len(self.missing_buttons)
        self.missing_layout.addWidget(button, index // 3, index % 3)
        self.missing_buttons.append(button)

    def _submitted(self, result: SubmitResult) -> None:
        self.locked = True
        self._close_segment()
        if self.recording_panel is not None:
            self.recording_panel.finish()
        self._apply_lock()
        self.missing_box.hide()
        self.submit_anyway.hide()
        self.submit_button.hide()
        self.next_button.show()
        self.next_button.setFocus()
        text = self.tr("✓ Submitted for candidate {0}.").replace(
            "{0}", result.encounter.candidate_number
        )
        if not result.complete:
            text += " " + self.tr("(submitted incomplete)")
        if self.score_button.isChecked():
            percent = "—" if result.score.percent is None else f"{result.score.percent:.0f} %"
            text += " " + self.tr("Score: {0}").replace("{0}", percent)
            # The outcome and why, as every other screen and report shows it.
            text += " " + self.tr("Outcome: {0}").replace("{0}", outcome_word(result.outcome))
            if result.reasons:
                text += " — " + reasons_text(result.reasons)
        self.result_label.setText(text)
        self.ctx.changed(result.encounter.exam_code)
        self.submitted.emit(result)

    def _back(self) -> None:
        if self.timer is None or self.locked:
            self.nextCandidate.emit()

    def _next_if_done(self) -> None:
        if self.locked:
            self.nextCandidate.emit()

    # ------------------------------------------------------------------ helpers

    def _apply_lock(self) -> None:
        before_start = self.timer is None
        for row in self.rows.values():
            row.set_locked(self.locked or before_start)
        if self.grade_row is not None:
            self.grade_row.set_locked(self.locked or before_start)
        self.feedback.set_locked(self.locked)
        self.notes.set_locked(self.locked)
        self.start_button.setEnabled(not self.locked and before_start)
        self.back_button.setVisible(not self.locked and before_start)
        self.pause_button.setEnabled(not self.locked and not before_start)
        self.record_button.setEnabled(not self.locked)
        if self.locked:
            self.hint.setText(self.tr("This encounter is submitted and locked."))
        elif before_start:
            self.hint.setText(
                self.tr("Press Start (F5) when the candidate enters: marking opens then.")
            )
        else:
            self.hint.setText(
                self.tr(
                    "Keys on an item: D done, P partially, N not done, 1-9 rating, "
                    "Delete clears, O override, Up/Down move."
                )
            )

    def _focus_first_item(self) -> None:
        first = next(iter(self.rows.values()), None)
        if first is not None:
            first.setFocus()

    def _focus_grade(self) -> None:
        if self.grade_row is not None:
            self.go_to(self.grade_row)

    def go_to(self, widget: QWidget) -> None:
        """Scroll the checklist to ``widget`` (an item or the global rating) and give it
        the keyboard: a key pressed next acts on what the examiner sees."""
        self.scroll_area.ensureWidgetVisible(widget, 0, 24)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _move(self, row: ItemRow, step: int) -> None:
        rows = list(self.rows.values())
        index = rows.index(row) + step
        if 0 <= index < len(rows):
            self.go_to(rows[index])
        elif index >= len(rows) and self.grade_row is not None:
            self.go_to(self.grade_row)

    def close_encounter(self) -> None:
        """Stop the clock's display timer and the recording, and save the timer state a
        last time."""
        self._ticker.stop()
        if self.recording_panel is not None:
            self.recording_panel.close_encounter()
        if self.device_panel is not None:
            self.device_panel.stop()
        self._close_segment()
        if self.view is not None and not self.locked:
            self.feedback.flush()
            self.notes.flush()
        self.save_timer()
