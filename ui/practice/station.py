"""The trainee's practice station: choose a skill → practise (live CPR feedback from
the manikin, or self-assessment against the checklist with a timer) → the summary
→ the history of attempts with a progress chart and the practice report (PDF).

Every service call goes through ``ctx.worker`` (nothing touches the database on the GUI
thread): starting an attempt, storing its trace, metrics and score, reading the
history, writing the PDF. The device is read by a
:class:`~devices.reader.DeviceReader` on its own thread, started when a CPR attempt
starts and stopped when it ends; call :meth:`PracticeStation.shutdown` before the
widget goes (the main window does so on sign-out and on quit).

A CPR attempt's trace is recorded beside the live display by the recorder the command
line uses (:class:`devices.trace_capture.TraceRecording`, its own thread), and stored
with the metrics and score analysed from it in one service call
(``record_cpr_trace``), as ``skillstation practice run`` does: a trace exported later
gives exactly the stored figures. If storing fails, the attempt stays open with its
trace kept, and Finish tries again.

Without a manikin (no feedback device set), or when the trainee chooses "Camera (rate
only)", a CPR attempt takes its rate from the camera named in the settings; what is
stored is then the file analysis of every frame seen
(:meth:`devices.camera.live_rate.LiveRateEstimator.summary`, as ``skillstation
analyze-video`` gives for a recording of them): compressions, mean rate, share of the
rate in the target band, without a score (depth cannot be judged from a camera).

A trainee may also record a video of their own attempt (a manikin or self-assessment
attempt, while the camera is free): ticking the box is their consent, recorded with the
attempt (``record_consent``) before the :class:`~ui.video_recording.RecordingController`
starts.

The pages are widgets of :mod:`ui.practice.pages`; the skills, an attempt's data and
the service calls that store it are in :mod:`ui.practice.attempts` (no widgets).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QLabel, QStackedWidget, QVBoxLayout, QWidget

from devices.camera.frames import CameraCapture
from devices.camera.source import CameraError, parse_camera_url
from devices.reader import DeviceReader
from devices.transport import DeviceURLError
from station.services import PracticeInfo, StationServices
from ui.context import AppContext
from ui.cpr_trace import trace_folder
from ui.debrief.watch import Recordings
from ui.i18n import current_language
from ui.practice.attempts import (
    CAMERA,
    MANIKIN,
    Skill,
    SummaryData,
    load_skills,
    store_cpr_attempt,
    store_self_assessment,
    store_video_attempt,
)
from ui.practice.live import CameraFeed, DeviceSource, LivePractice, SessionData
from ui.practice.metronome import TickSound, make_tick_sound
from ui.practice.pages import ChooseSkill, HistoryPage, SummaryPage, clock_text
from ui.practice.selfcheck import SelfAssessment
from ui.video_recording import RecordingController, RecState
from ui.worker import error_text

__all__ = ["CAMERA", "MANIKIN", "PracticeStation", "Skill", "SummaryData", "load_skills"]

ReaderFactory = Callable[[str], DeviceSource]
CameraFactory = Callable[[str], CameraFeed]
RecorderFactory = Callable[[AppContext], RecordingController]


class PracticeStation(QWidget):
    """The trainee's practice screen (see the module documentation).

    ``reader_factory`` makes the device reader from the settings' device URL (tests pass
    their own); ``camera_factory`` the camera capture from the settings' camera (for
    the rate from video); ``recorder_factory`` the recording controller of an attempt
    the trainee records; ``sound_factory`` makes the metronome's click when the
    metronome is first switched on (by default the computer's sound output, if any).
    """

    CHOOSE, LIVE, SELF, SUMMARY, HISTORY = range(5)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        reader_factory: ReaderFactory | None = None,
        camera_factory: CameraFactory | None = None,
        recorder_factory: RecorderFactory | None = None,
        sound_factory: Callable[[], TickSound | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practiceStation")
        self.ctx = ctx
        self._reader_factory: ReaderFactory = reader_factory or DeviceReader
        self._camera_factory: CameraFactory = camera_factory or CameraCapture
        self._recorder_factory: RecorderFactory = recorder_factory or (
            lambda c: RecordingController(c, parent=self)
        )
        # The recording of the attempt under way, if the trainee asked for one.
        self.recorder: RecordingController | None = None
        self._recorders: list[RecordingController] = []
        self.recording_label = QLabel(self)
        self.recording_label.setObjectName("practiceRecording")
        self.recording_label.hide()
        if sound_factory is None:
            sound_factory = self._default_sound
        self.attempt: PracticeInfo | None = None
        self.skill: Skill | None = None
        # A CPR session whose storing failed: its trace is kept for another try.
        self._unsaved: SessionData | None = None
        self._closed = False
        self._busy = False
        self.stack = QStackedWidget(self)
        self.chooser = ChooseSkill(self)
        self.live = LivePractice(ctx.clock, sound_factory=sound_factory, parent=self)
        self.self_check = SelfAssessment(ctx.clock, self)
        self.summary = SummaryPage(self)
        self.history = HistoryPage(self)
        for page in (self.chooser, self.live, self.self_check, self.summary, self.history):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.recording_label)
        layout.addWidget(self.stack)
        self.chooser.startRequested.connect(self.start)
        self.chooser.historyRequested.connect(self.show_history)
        self.live.finishRequested.connect(self.finish)
        self.live.abandonRequested.connect(self.abandon)
        self.self_check.finishRequested.connect(self.finish)
        self.self_check.abandonRequested.connect(self.abandon)
        self.summary.againRequested.connect(self.show_chooser)
        self.summary.historyRequested.connect(self.show_history)
        self.history.backRequested.connect(self.show_chooser)
        self.history.saveRequested.connect(self.ask_report_path)
        self.recordings = Recordings(ctx, self)
        self.recordings.changed.connect(
            lambda: self.history.set_recorded(set(self.recordings.by_attempt))
        )
        self.history.watchRequested.connect(self.watch_recording)
        QShortcut(QKeySequence("Ctrl+H"), self, self._history_shortcut)
        ctx.signals.data_changed.connect(self._data_changed)
        ctx.signals.settings_changed.connect(self._settings_changed)
        self._settings_changed()
        language = current_language()
        ctx.worker.submit(lambda _s: load_skills(language), on_done=self._skills_loaded)

    # ------------------------------------------------------------------ pages

    @property
    def page(self) -> int:
        return self.stack.currentIndex()

    def show_chooser(self) -> None:
        self.stack.setCurrentIndex(self.CHOOSE)
        self.chooser.list.setFocus()

    def show_history(self) -> None:
        self.stack.setCurrentIndex(self.HISTORY)
        self.refresh_history()
        self.history.table.setFocus()

    def _history_shortcut(self) -> None:
        if self.page in (self.CHOOSE, self.SUMMARY):
            self.show_history()

    def _skills_loaded(self, skills: list[Skill]) -> None:
        if not self._closed:
            self.chooser.set_skills(skills)

    def _settings_changed(self) -> None:
        self.chooser.show_device(
            self.ctx.settings.device_url.strip(), self.ctx.settings.camera.strip()
        )

    def _data_changed(self, topic: str) -> None:
        if topic == "practice" and self.page == self.HISTORY:
            self.refresh_history()

    def _default_sound(self) -> TickSound | None:
        if not self.ctx.settings.bell_sound:
            return None
        return make_tick_sound(parent=self)

    # ------------------------------------------------------------------ attempts

    def start(self) -> None:
        """Start an attempt of the chosen skill (stored first, on the worker)."""
        skill, actor = self.chooser.skill, self.ctx.actor
        if skill is None or actor is None or self._busy or self._closed:
            return
        reader: DeviceSource | None = None
        camera: CameraFeed | None = None
        if self.chooser.uses_camera:
            camera_url = self.ctx.settings.camera.strip()
            if not camera_url:
                self.ctx.message_bar.error(self.tr("No camera is set: choose one in the settings."))
                return
            try:
                parse_camera_url(camera_url)
                camera = self._camera_factory(camera_url)
            except CameraError as err:
                self.ctx.message_bar.error(
                    self.tr("The camera URL is not valid: {0}").replace("{0}", str(err))
                )
                return
        elif skill.uses_device:
            url = self.ctx.settings.device_url.strip()
            if not url:
                self.ctx.message_bar.error(
                    self.tr("No feedback device is set: choose one in the settings.")
                )
                return
            try:
                reader = self._reader_factory(url)
            except (DeviceURLError, ValueError) as err:
                self.ctx.message_bar.error(
                    self.tr("The device URL is not valid: {0}").replace("{0}", str(err))
                )
                return
        targets = self.chooser.targets
        record = self.chooser.record
        self._busy = True

        def started(info: PracticeInfo) -> None:
            self._busy = False
            if self._closed:
                return
            self.attempt, self.skill = info, skill
            self.ctx.changed("practice")
            if record:
                self._begin_recording(info.id)
            if camera is not None:
                self.stack.setCurrentIndex(self.LIVE)
                self.live.begin_camera(skill.title, targets, camera)
            elif reader is not None:
                self.stack.setCurrentIndex(self.LIVE)
                self.live.begin(skill.title, targets, reader, trace_folder(self.ctx.settings))
            else:
                self.stack.setCurrentIndex(self.SELF)
                self.self_check.begin(skill.definition, skill.title, current_language())

        def failed(exc: Exception) -> None:
            self._busy = False
            self.ctx.message_bar.error(error_text(exc))

        self.ctx.worker.submit(
            lambda s: s.practice.start_practice(actor, skill.key), on_done=started, on_error=failed
        )

    def finish(self) -> None:
        """Stop the attempt and store it (trace, metrics, score) on the worker. If the
        storing of a CPR attempt failed, its trace is kept and this tries again."""
        attempt, actor = self.attempt, self.ctx.actor
        if attempt is None or actor is None or self._busy:
            return
        self._busy = True
        self._stop_recording()
        work: Callable[[StationServices], SummaryData]
        aid = attempt.id
        session: SessionData | None = self._unsaved
        if session is None and self.page == self.LIVE and self.live.camera is None:
            session = self.live.finish()
        if session is not None:
            cpr = session

            def work(s: StationServices) -> SummaryData:
                return store_cpr_attempt(s, actor, aid, cpr)

        elif self.page == self.LIVE and self.live.camera is not None:
            video = self.live.finish_camera()

            def work(s: StationServices) -> SummaryData:
                return store_video_attempt(s, actor, aid, video)

        else:
            self.self_check.stop()
            result = self.self_check.result()

            def work(s: StationServices) -> SummaryData:
                return store_self_assessment(s, actor, aid, result)

        def done(data: SummaryData) -> None:
            self._busy = False
            self.attempt = None
            self._unsaved = None
            self.ctx.changed("practice")
            if self._closed:
                return
            self.summary.show_data(data)
            self.stack.setCurrentIndex(self.SUMMARY)

        def failed(exc: Exception) -> None:
            self._busy = False
            if session is not None:
                # The trace is kept and the attempt stays open: Finish tries again.
                self._unsaved = session
                self.ctx.message_bar.error(
                    self.tr(
                        "The attempt could not be stored ({0}); press Finish to try again, "
                        "or Abandon. Its trace is kept in {1}."
                    )
                    .replace("{0}", error_text(exc))
                    .replace("{1}", str(session.recording.path))
                )
                return
            self.attempt = None
            self.ctx.message_bar.error(error_text(exc))
            if not self._closed:
                self.show_chooser()

        self.ctx.worker.submit(work, on_done=done, on_error=failed)

    def abandon(self) -> None:
        """End the attempt without a score (what was stored for it stays; a trace not
        stored is let go)."""
        attempt, actor = self.attempt, self.ctx.actor
        if attempt is None or actor is None or self._busy:
            return
        recording = self.live.take_recording()
        if self._unsaved is not None:
            recording, self._unsaved = self._unsaved.recording, None
        self.live.stop()
        self.self_check.stop()
        self._stop_recording()
        self.attempt = None
        aid = attempt.id

        def work(s: StationServices) -> PracticeInfo:
            if recording is not None:
                recording.remove()
            return s.practice.abandon_practice(actor, aid)

        def done(_info: PracticeInfo) -> None:
            self.ctx.changed("practice")
            self.ctx.message_bar.info(self.tr("The attempt was abandoned."))

        self.ctx.worker.submit(work, on_done=done)
        self.show_chooser()

    # ------------------------------------------------------------------ recording

    def _begin_recording(self, attempt_id: str) -> None:
        """Record the trainee's consent with the attempt, then start the recording."""
        actor = self.ctx.actor
        if actor is None:
            return
        # Earlier attempts' recordings that are over are let go; one still saving its
        # files is kept until it is done (shutdown waits for it).
        for old in [r for r in self._recorders if not r.active]:
            self._recorders.remove(old)
            old.shutdown()
            old.deleteLater()
        recorder = self._recorder_factory(self.ctx)
        self.recorder = recorder
        self._recorders.append(recorder)
        recorder.stateChanged.connect(lambda _state: self._show_recording())
        recorder.statusChanged.connect(lambda _snapshot: self._show_recording())
        recorder.problem.connect(self.ctx.message_bar.warning)
        recorder.finished.connect(self._recording_finished)

        def consented(_info: object) -> None:
            # The attempt may have ended while the consent was being stored.
            attempt = self.attempt
            if self.recorder is recorder and attempt is not None and attempt.id == attempt_id:
                recorder.begin(attempt_id=attempt_id, on_error=refused)

        def refused(exc: Exception) -> None:
            self.ctx.message_bar.warning(
                self.tr("The attempt is not being recorded: {0}").replace("{0}", error_text(exc))
            )
            self._show_recording()

        self.ctx.worker.submit(
            lambda s: s.media.record_consent(actor, attempt_id=attempt_id, given=True),
            on_done=consented,
            on_error=refused,
        )
        self._show_recording()

    def _stop_recording(self) -> None:
        if self.recorder is not None:
            self.recorder.stop()
            self._show_recording()

    def _recording_finished(self, frames: int, _dropped: int, _size: int) -> None:
        self._show_recording()
        if frames:
            self.ctx.message_bar.info(
                self.tr("The video of the attempt was saved ({0} frames).").replace(
                    "{0}", str(frames)
                )
            )
        self.ctx.changed("practice")

    def _show_recording(self) -> None:
        recorder = self.recorder
        if recorder is None or recorder.state in (RecState.IDLE, RecState.STOPPED):
            self.recording_label.hide()
            return
        snapshot = recorder.snapshot
        if recorder.state is RecState.STARTING:
            text = self.tr("◌ Starting the camera to record…")
        elif recorder.state is RecState.RECORDING:
            text = self.tr("● Recording {0}").replace("{0}", clock_text(snapshot.elapsed_s))
            if snapshot.dropped:
                text += " · " + self.tr("{0} frames dropped").replace("{0}", str(snapshot.dropped))
        elif recorder.state is RecState.STOPPING:
            text = self.tr("■ Saving the video…")
        else:
            text = self.tr("✖ The recording stopped: {0}").replace("{0}", snapshot.message or "")
        self.recording_label.setText(text)
        self.recording_label.show()

    # ------------------------------------------------------------------ history

    def refresh_history(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return

        def loaded(attempts: list[PracticeInfo]) -> None:
            if not self._closed:
                self.history.show_attempts(attempts)

        # Without a user name the services give a trainee their own attempts only.
        self.ctx.worker.submit(lambda s: s.practice.practice_attempts(actor), on_done=loaded)
        self.recordings.refresh()

    def watch_recording(self) -> None:
        """Open the selected attempt's recording in the debrief player."""
        attempt = self.history.selected_attempt()
        media = None if attempt is None else self.recordings.by_attempt.get(attempt.id)
        if media is not None:
            self.recordings.watch(media, self)

    def ask_report_path(self) -> None:
        """Ask where to save the practice report (no timer runs on this page)."""
        actor = self.ctx.actor
        if actor is None:
            return
        suggested = str(Path.home() / f"practice-{actor.username}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save practice report"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        """Write the signed-in user's practice report to ``path`` (on the worker)."""
        actor = self.ctx.actor
        if actor is None:
            return
        language = current_language()

        def work(s: StationServices) -> Path:
            from station.pdf_reports import write_practice_report

            return write_practice_report(s.reporting, actor, actor.username, path, lang=language)

        def done(written: Path) -> None:
            self.history.save_button.setEnabled(True)
            self.ctx.message_bar.info(
                self.tr("Practice report saved to {0}.").replace("{0}", str(written))
            )

        def failed(exc: Exception) -> None:
            self.history.save_button.setEnabled(True)
            self.ctx.message_bar.error(error_text(exc))

        self.history.save_button.setEnabled(False)
        self.ctx.worker.submit(work, on_done=done, on_error=failed)

    # ------------------------------------------------------------------ closing

    def shutdown(self) -> None:
        """Stop the device reader's thread and the timers. An attempt still running is
        abandoned (what it recorded so far stays); one whose storing failed stays open,
        its trace kept in the traces folder."""
        if self._closed:
            return
        running = self.attempt is not None and not self._busy and self._unsaved is None
        self.recordings.shutdown()
        self.live.stop()
        self.self_check.stop()
        if running:
            self.abandon()
        for recorder in self._recorders:
            recorder.shutdown()
        self._closed = True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            for page in (self.chooser, self.summary, self.history):
                page.retranslate()
            if not self._closed:  # the skills' titles, in the new language
                language = current_language()
                self.ctx.worker.submit(
                    lambda _s: load_skills(language), on_done=self._skills_loaded
                )
        super().changeEvent(event)

    @property
    def selected_key(self) -> str | None:
        skill = self.chooser.skill
        return None if skill is None else skill.key

    def select_skill(self, key: str) -> None:
        """Select the skill ``key`` in the list (keyboard users use the arrows)."""
        for row, skill in enumerate(self.chooser.skills):
            if skill.key == key:
                self.chooser.list.setCurrentRow(row)
                return
        raise KeyError(key)
