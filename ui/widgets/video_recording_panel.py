"""What the station shows of a recording: consent, the camera, "● REC mm:ss", dropped
frames, free disk space, and a Marker button (key M).

Every state is told three ways, colour, symbol and word, so it reads without colour:
"● REC 03:12" (vermillion) while recording, "○ Not recording — no consent" (grey),
"✖ Camera problem: …" (vermillion), "■ Recording stopped" (green) and so on.

The consent question ("The candidate consents to video recording: Yes / No") is asked
inline, never in a dialog, so nothing blocks the station clock. For an encounter
(:meth:`RecordingPanel.open_encounter`) the panel asks the station for the consent
already given, asks the question when there is none, records the answer
(``record_consent``), starts the recording when the station clock starts
(:meth:`RecordingPanel.clock_started`) if the answer was yes, and stops it at
:meth:`RecordingPanel.finish` (the submission). Without consent nothing is recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.contrast import readable_on
from ui.video_recording import RecordingController, RecordingSnapshot, RecState
from ui.worker import error_text

if TYPE_CHECKING:
    from station.services.media import ConsentInfo
from ui.theme import BLUISH_GREEN, GREY, ORANGE, SKY_BLUE, VERMILLION
from ui.widgets.big_button import BigButton

__all__ = ["LOW_DISK_BYTES", "ConsentButton", "RecordingPanel", "format_bytes", "format_elapsed"]

# Below this much free space the panel warns (the recorder stops at its own minimum).
LOW_DISK_BYTES = 2_000_000_000
# The camera's thumbnail, to check what it sees.
THUMB_W, THUMB_H = 128, 96


class ConsentButton(BigButton):
    """An answer to the consent question, given only by a deliberate act: a click, a
    touch, or Space once the examiner moved to it with Tab. It never takes the focus
    by a click, is never a default button, and ignores Enter and Return (a USB badge
    scanner sends Enter after every code, and a candidate number typed into the wrong
    box ends with Enter too)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAutoDefault(False)
        self.setDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # swallowed: neither this answer nor any default button
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyReleaseEvent(event)


def format_elapsed(seconds: float) -> str:
    """``mm:ss`` (``h:mm:ss`` from an hour on)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def format_bytes(count: int) -> str:
    """A size for people: ``812 MB``, ``12.4 GB``."""
    if count >= 1_000_000_000:
        return f"{count / 1_000_000_000:.1f} GB"
    return f"{count // 1_000_000} MB"


class RecordingPanel(QFrame):
    """The recording's state for one screen. ``controller`` is None when no camera is
    set up (the panel then says so). ``shortcut_scope`` is the widget whose focus makes
    the M key mark a moment (the whole screen, so it works while marking the checklist).
    """

    # The answer to the consent question: True for yes.
    consentAnswered = Signal(bool)

    def __init__(
        self,
        controller: RecordingController | None,
        parent: QWidget | None = None,
        *,
        shortcut_scope: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.controller = controller
        # The consent that counts: None while not asked (or not known yet).
        self.consent: bool | None = None
        self.asking = False
        self.snapshot = RecordingSnapshot()
        # The encounter the panel records (None: none open).
        self.encounter_id: str | None = None
        self.locked = False
        self.clock_running = False

        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("recordingThumbnail")
        self.thumbnail.setFixedSize(THUMB_W, THUMB_H)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #202020; color: #e0e0e0;")
        self.thumbnail.setToolTip(self.tr("What the camera sees"))
        self.thumbnail.hide()

        self.state_label = QLabel(self)
        self.state_label.setObjectName("recordingState")
        font = self.state_label.font()
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.2)
        self.state_label.setFont(font)
        self.state_label.setWordWrap(True)
        # What went wrong, in full (the camera's or the disk's own words).
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("recordingDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.hide()
        self.camera_label = QLabel(self)
        self.camera_label.setObjectName("recordingCamera")
        self.dropped_label = QLabel(self)
        self.dropped_label.setObjectName("recordingDropped")
        self.disk_label = QLabel(self)
        self.disk_label.setObjectName("recordingDisk")
        self.consent_label = QLabel(self)
        self.consent_label.setObjectName("recordingConsent")
        self.consent_label.setWordWrap(True)
        # Consent is a deliberate act: a click or a touch on the answer (or Tab to it and
        # Space); never Enter, which a badge scanner sends after every code.
        self.yes_button = ConsentButton(self.tr("Yes"), self)
        self.yes_button.setObjectName("consentYes")
        self.yes_button.clicked.connect(lambda: self._answer(True))
        self.no_button = ConsentButton(self.tr("No"), self)
        self.no_button.setObjectName("consentNo")
        self.no_button.clicked.connect(lambda: self._answer(False))
        self.change_button = BigButton(self.tr("Change"), self)
        self.change_button.setObjectName("consentChange")
        self.change_button.setToolTip(self.tr("Ask the consent question again"))
        self.change_button.clicked.connect(self.ask_consent)
        self.marker_button = BigButton(self.tr("Marker (M)"), self)
        self.marker_button.setObjectName("recordingMarker")
        self.marker_button.setToolTip(self.tr("Mark this moment of the recording"))
        self.marker_button.clicked.connect(self.add_marker)
        self.marker_count = 0

        details = QGridLayout()
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.camera_label, 0, 0)
        details.addWidget(self.dropped_label, 0, 1)
        details.addWidget(self.disk_label, 0, 2)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_label, 1)
        consent_row.addWidget(self.yes_button)
        consent_row.addWidget(self.no_button)
        consent_row.addWidget(self.change_button)
        top = QHBoxLayout()
        top.addWidget(self.state_label, 1)
        top.addWidget(self.marker_button)
        column = QVBoxLayout()
        column.addLayout(top)
        column.addWidget(self.detail_label)
        column.addLayout(details)
        column.addLayout(consent_row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(column, 1)

        self.shortcut = QShortcut(QKeySequence(Qt.Key.Key_M), shortcut_scope or self)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.add_marker)

        if controller is not None:
            controller.stateChanged.connect(self._state_changed)
            controller.statusChanged.connect(self._status)
            controller.markerAdded.connect(self._marker_added)
            controller.preview.connect(self._show_preview)
            controller.problem.connect(self._problem)
        self.consentAnswered.connect(self._record_consent)
        self.refresh()

    # ------------------------------------------------------------------ encounters

    def open_encounter(self, encounter_id: str, *, locked: bool, clock_running: bool) -> None:
        """Show the recording of ``encounter_id``: ask the station for its consent and
        ask the question if none was given (not for a submitted encounter). When the
        station clock already runs (a resumed encounter) and consent was given, a new
        recording starts at once."""
        self.encounter_id = encounter_id
        self.locked = locked
        self.clock_running = clock_running
        self.marker_count = 0
        self.show_consent(None)
        controller = self.controller
        if controller is None or not controller.configured:
            return
        actor = controller.ctx.actor
        if actor is None:
            return

        def known(info: ConsentInfo | None) -> None:
            if self.encounter_id != encounter_id:
                return  # another encounter opened meanwhile
            if info is None:
                if not self.locked:
                    self.ask_consent()
                return
            self.show_consent(info.given)
            self._record_if_ready()

        controller.ctx.worker.submit(
            lambda s: s.media.consent(actor, encounter_id=encounter_id), on_done=known
        )

    def clock_started(self) -> None:
        """The station clock started: record if the candidate consented."""
        self.clock_running = True
        self._record_if_ready()

    def finish(self) -> None:
        """The encounter is over (submitted, or the screen leaves it): stop recording."""
        self.clock_running = False
        if self.controller is not None:
            self.controller.stop()

    def close_encounter(self) -> None:
        """Leave the encounter: stop recording and forget it."""
        self.finish()
        self.encounter_id = None
        self.asking = False
        self.thumbnail.clear()
        self.thumbnail.hide()
        self.refresh()

    def shutdown(self) -> None:
        """Stop any recording and wait for its threads (the screen is closing)."""
        if self.controller is not None:
            self.controller.shutdown()

    def _record_consent(self, given: bool) -> None:
        controller, encounter_id = self.controller, self.encounter_id
        if controller is None or encounter_id is None:
            return
        actor = controller.ctx.actor
        if actor is None:
            return

        def recorded(info: ConsentInfo) -> None:
            if self.encounter_id != encounter_id:
                return
            self.show_consent(info.given)
            if info.given:
                self._record_if_ready()
            elif controller.active:
                controller.stop()

        def failed(exc: Exception) -> None:
            controller.ctx.message_bar.error(error_text(exc))
            if self.encounter_id == encounter_id:
                self.ask_consent()

        controller.ctx.worker.submit(
            lambda s: s.media.record_consent(actor, encounter_id=encounter_id, given=given),
            on_done=recorded,
            on_error=failed,
        )

    def _record_if_ready(self) -> None:
        controller, encounter_id = self.controller, self.encounter_id
        if (
            controller is None
            or not controller.configured
            or encounter_id is None
            or self.locked
            or not self.clock_running
            or self.consent is not True
            or controller.active
            or (controller.media is not None and controller.media.encounter_id == encounter_id)
        ):
            return
        controller.begin(
            encounter_id=encounter_id,
            on_error=lambda exc: controller.ctx.message_bar.warning(
                self.tr("Not recording: {0}").replace("{0}", error_text(exc))
            ),
        )

    def _show_preview(self, image: QImage) -> None:
        if not self.thumbnail.isVisible():
            self.thumbnail.show()
        self.thumbnail.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.thumbnail.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )

    # ------------------------------------------------------------------ consent

    def ask_consent(self) -> None:
        """Show the consent question with its Yes and No buttons. The keyboard focus
        stays where it is: no answer is ever chosen by default."""
        self.asking = True
        self.refresh()

    def show_consent(self, given: bool | None) -> None:
        """Show the consent that counts (None: not asked yet)."""
        self.consent = given
        self.asking = False
        self.refresh()

    def _answer(self, given: bool) -> None:
        self.asking = False
        self.refresh()
        self.consentAnswered.emit(given)

    # ------------------------------------------------------------------ markers

    def add_marker(self) -> None:
        """Mark this moment (only while recording)."""
        controller = self.controller
        if (
            controller is None
            or controller.state is not RecState.RECORDING
            or not self.showing_recording()
        ):
            return
        self.marker_count += 1
        controller.mark(self.tr("Marker {0}").replace("{0}", str(self.marker_count)))

    def _marker_added(self, _event: object) -> None:
        self.refresh()

    def _state_changed(self, _state: str) -> None:
        self.refresh()

    def _problem(self, message: str) -> None:
        if self.controller is not None:
            self.controller.ctx.message_bar.warning(
                self.tr("Recording: {0}").replace("{0}", message)
            )

    # ------------------------------------------------------------------ display

    def _status(self, snapshot: RecordingSnapshot) -> None:
        self.snapshot = snapshot
        self.refresh()

    def _colour(self, colour_name: str) -> str:
        colours = {
            "rec": VERMILLION,
            "error": VERMILLION,
            "warn": ORANGE,
            "ok": BLUISH_GREEN,
            "busy": SKY_BLUE,
            "off": GREY,
        }
        background = self.palette().color(QPalette.ColorRole.Window)
        return readable_on(colours[colour_name], background).name()

    def showing_recording(self) -> bool:
        """Whether the controller's recording is this encounter's (the previous
        encounter's may still be finishing when the next one opens)."""
        controller = self.controller
        if controller is None or controller.state is RecState.IDLE:
            return False
        if controller.media is None:
            return True  # being registered for this encounter, or refused
        return controller.media.encounter_id == self.encounter_id

    def state_text(self) -> tuple[str, str]:
        """The headline and its colour key (``rec``, ``error``, ``warn``, ``ok``,
        ``busy``, ``off``)."""
        controller = self.controller
        if controller is None or not controller.configured:
            return self.tr("○ Not recording — no camera set up"), "off"
        state = controller.state if self.showing_recording() else RecState.IDLE
        snap = self.snapshot
        if state is RecState.RECORDING:
            return self.tr("● REC {0}").replace("{0}", format_elapsed(snap.elapsed_s)), "rec"
        if state is RecState.STARTING:
            return self.tr("… Starting the camera"), "busy"
        if state is RecState.STOPPING:
            return self.tr("… Finishing the recording"), "busy"
        if state is RecState.FAILED:
            return self.tr("✖ Not recording — camera problem"), "error"
        if state is RecState.DISK_FULL:
            return self.tr("✖ Recording stopped — the disk is full"), "error"
        if state is RecState.STOPPED:
            return (
                self.tr("■ Recording stopped ({0} frames, {1})")
                .replace("{0}", str(snap.frames))
                .replace("{1}", format_elapsed(snap.elapsed_s)),
                "ok",
            )
        if self.consent is False:
            return self.tr("○ Not recording — no consent"), "off"
        if self.consent is None:
            return self.tr("○ Not recording — consent not asked yet"), "off"
        return self.tr("○ Ready: recording starts with the station clock"), "off"

    def refresh(self) -> None:
        text, colour = self.state_text()
        self.state_label.setText(text)
        self.state_label.setStyleSheet(f"color: {self._colour(colour)};")
        controller = self.controller
        mine = self.showing_recording()
        snap = self.snapshot if mine else RecordingSnapshot()
        self.detail_label.setText(snap.message or "")
        self.detail_label.setStyleSheet(f"color: {self._colour('error')};")
        self.detail_label.setVisible(bool(snap.message))
        url = controller.url if controller is not None else ""
        if not url:
            camera = self.tr("none")
        elif snap.camera_state:
            camera = self._camera_word(snap.camera_state)
        else:
            camera = self.tr("off")
        self.camera_label.setText(self.tr("Camera: {0}").replace("{0}", camera))
        self.camera_label.setToolTip(url)
        self.dropped_label.setText(self.tr("Dropped frames: {0}").replace("{0}", str(snap.dropped)))
        self.dropped_label.setStyleSheet(f"color: {self._colour('warn')};" if snap.dropped else "")
        if snap.free_bytes is None:
            self.disk_label.setText(self.tr("Free disk: —"))
            self.disk_label.setStyleSheet("")
        elif snap.free_bytes < LOW_DISK_BYTES:
            self.disk_label.setText(
                self.tr("▲ Free disk: {0} (low)").replace("{0}", format_bytes(snap.free_bytes))
            )
            self.disk_label.setStyleSheet(f"color: {self._colour('warn')}; font-weight: bold;")
        else:
            self.disk_label.setText(
                self.tr("Free disk: {0}").replace("{0}", format_bytes(snap.free_bytes))
            )
            self.disk_label.setStyleSheet("")
        self._show_consent_row()
        recording = mine and controller is not None and controller.state is RecState.RECORDING
        self.marker_button.setEnabled(recording)
        if mine and controller is not None and controller.markers:
            self.marker_button.setText(
                self.tr("Marker (M) · {0}").replace("{0}", str(len(controller.markers)))
            )
        else:
            self.marker_button.setText(self.tr("Marker (M)"))

    def _show_consent_row(self) -> None:
        asking = self.asking
        self.yes_button.setVisible(asking)
        self.no_button.setVisible(asking)
        self.change_button.setVisible(not asking and self.consent is not None)
        if asking:
            self.consent_label.setText(self.tr("The candidate consents to video recording:"))
            self.consent_label.setStyleSheet("font-weight: bold;")
        elif self.consent is True:
            self.consent_label.setText(self.tr("✔ Consent to recording: given"))
            self.consent_label.setStyleSheet(f"color: {self._colour('ok')};")
        elif self.consent is False:
            self.consent_label.setText(self.tr("✖ Consent to recording: refused"))
            self.consent_label.setStyleSheet(f"color: {self._colour('off')};")
        else:
            self.consent_label.setText(self.tr("? Consent to recording: not asked"))
            self.consent_label.setStyleSheet(f"color: {self._colour('off')};")

    def _camera_word(self, state: str) -> str:
        words = {
            "opening": self.tr("opening"),
            "capturing": self.tr("capturing"),
            "ended": self.tr("ended"),
            "failed": self.tr("failed"),
            "stopped": self.tr("stopped"),
        }
        return words.get(state, state)
