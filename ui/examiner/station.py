"""The examiner's station: pre-exam check → exam and station → check-in → the
encounter (clock, checklist, live CPR panel) → submit → next candidate.

On opening, the station looks for an encounter of the signed-in examiner that was
checked in but not submitted (the application stopped or the computer restarted
mid-encounter) and resumes it at once, marks and timer state included.

The manikin is read by a :class:`~devices.reader.DeviceReader` on its own thread (from
the device URL in the settings); the live panel drains its ring on a display timer, and
each CPR segment's trace is recorded beside it on a thread of its own
(:mod:`ui.cpr_trace`), to be stored with its metrics when they are recorded (F7).
With a camera in the settings, each encounter asks for the candidate's consent to video
recording and, given, records from the start of the station clock to the submission
(:class:`~ui.video_recording.RecordingController`, its own threads; docs/recordings-gui.md).

Call :meth:`ExaminerStation.shutdown` before the widget goes (the main window does so
on sign-out and on quit) to stop the reader's and the camera's threads and save the
timer state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from devices.reader import DeviceReader, ReaderEvent, ReaderStatus
from devices.ring import Ring
from devices.transport import DeviceURLError
from station.auth.permissions import Actor
from station.services import EncounterView, ExamInfo, StationServices
from ui.context import AppContext
from ui.devicepanel import CprPanel
from ui.examiner.checkin import CheckInPanel
from ui.examiner.encounter import EncounterPanel
from ui.examiner.precheck import PreCheckPanel
from ui.video_recording import RecordingController

__all__ = ["DeviceSource", "ExaminerStation", "Resumable", "find_resumable"]


class DeviceSource(Protocol):
    """What the station needs of a device reader (a :class:`DeviceReader`)."""

    def subscribe(self, capacity: int = ...) -> Ring[ReaderEvent]: ...
    def unsubscribe(self, ring: Ring[ReaderEvent]) -> None: ...
    def start(self) -> None: ...
    def stop(self, timeout: float | None = ...) -> None: ...
    def status(self) -> ReaderStatus: ...


ReaderFactory = Callable[[str], DeviceSource]
RecorderFactory = Callable[[AppContext], RecordingController]

Resumable = tuple[EncounterView, ExamInfo, str]


def find_resumable(services: StationServices, actor: Actor) -> Resumable | None:
    """The actor's latest unsubmitted encounter in an open exam that had begun (its
    clock saved or marks made), with its exam and station title (worker thread)."""
    best: tuple[EncounterView, ExamInfo, str] | None = None
    for exam in services.exams.exams(actor):
        if exam.status != "open":
            continue
        for station in exam.stations:
            if actor.username not in station.examiners:
                continue
            for info in services.encounters.encounters(
                actor, exam.code, station_key=station.station_key
            ):
                if info.examiner != actor.username or info.status != "draft":
                    continue
                view = services.encounters.encounter_view(actor, info.id)
                if view.timer_state is None and not view.marks:
                    continue
                stamp = info.checked_in_at or info.started_at
                if best is None or (
                    stamp is not None and (best[0].encounter.checked_in_at or stamp) <= stamp
                ):
                    best = (view, exam, station.title)
    return best


class ExaminerStation(QWidget):
    """The examiner's screen (see the module documentation)."""

    PRECHECK, CHECKIN, ENCOUNTER = 0, 1, 2

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        reader_factory: ReaderFactory | None = None,
        recorder_factory: RecorderFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("examinerStation")
        self.ctx = ctx
        self.reader: DeviceSource | None = None
        device_error: str | None = None
        ring: Ring[ReaderEvent] | None = None
        factory: ReaderFactory = reader_factory or DeviceReader
        url = ctx.settings.device_url.strip()
        if url:
            try:
                self.reader = factory(url)
            except (DeviceURLError, ValueError) as err:
                device_error = self.tr("The device URL is not valid: {0}").replace("{0}", str(err))
        if self.reader is not None:
            ring = self.reader.subscribe(8192)
            self.reader.start()
        self.device_panel: CprPanel | None = None
        if ring is not None and self.reader is not None:
            self.device_panel = CprPanel(ring, status=self.reader.status, parent=self)
        self.stack = QStackedWidget(self)
        # With a camera set up, encounters are recorded when the candidate consents.
        self.recorder: RecordingController | None = None
        if ctx.settings.camera.strip():
            self.recorder = (recorder_factory or RecordingController)(ctx)
        self.encounter = EncounterPanel(
            ctx,
            device_panel=self.device_panel,
            device_source=self.reader,
            recorder=self.recorder,
            parent=self,
        )
        self.precheck = PreCheckPanel(
            ctx,
            device_status=None if self.reader is None else self.reader.status,
            device_error=device_error,
            parent=self,
        )
        self.checkin = CheckInPanel(ctx, self)
        self.stack.addWidget(self.precheck)
        self.stack.addWidget(self.checkin)
        self.stack.addWidget(self.encounter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.precheck.proceed.connect(self.show_checkin)
        self.checkin.checkedIn.connect(self.open_encounter)
        self.encounter.nextCandidate.connect(self.show_checkin)
        self._closed = False
        self.resumed: EncounterView | None = None
        self._look_for_unfinished()

    # ------------------------------------------------------------------ navigation

    def _look_for_unfinished(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return

        def found(result: Resumable | None) -> None:
            if result is None or self._closed:
                return
            view, exam, title = result
            self.resumed = view
            self.ctx.message_bar.info(
                self.tr("Resumed the unsubmitted encounter with candidate {0}.").replace(
                    "{0}", view.encounter.candidate_number
                )
            )
            self.checkin.load((exam.code, view.encounter.station_key))
            self.open_encounter(view, exam, title)

        self.ctx.worker.submit(lambda s: find_resumable(s, actor), on_done=found)

    def show_checkin(self) -> None:
        if self.stack.currentIndex() == self.ENCOUNTER:
            self.encounter.close_encounter()
        if self.checkin.exam is None:
            self.checkin.load()
        else:
            self.checkin.load((self.checkin.exam.code, self.checkin.station_key or ""))
        self.stack.setCurrentIndex(self.CHECKIN)
        self.checkin.search.setFocus()

    def open_encounter(self, view: EncounterView, exam: ExamInfo, title: str) -> None:
        if self.device_panel is not None:
            self.device_panel.reset()
        self.stack.setCurrentIndex(self.ENCOUNTER)
        self.encounter.open(view, exam.language, title)

    # ------------------------------------------------------------------ closing

    def shutdown(self) -> None:
        """Save the timer state, stop the display timers and the device reader thread."""
        if self._closed:
            return
        self._closed = True
        self.checkin.stop_badge_scan()
        self.encounter.close_encounter()
        if self.encounter.recording_panel is not None:
            self.encounter.recording_panel.shutdown()
        if self.device_panel is not None:
            self.device_panel.stop()
        if self.reader is not None:
            self.reader.stop()
