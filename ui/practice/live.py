"""The live CPR feedback page: depth, rate, recoil, hands-off time, the metronome, the
waveform and the device's connection state, redrawn at display rate.

The device is read by a :class:`~devices.reader.DeviceReader` on its own thread; its
samples wait in a ring that one ``QTimer`` on the GUI thread drains about 30 times a
second (:meth:`LivePractice.tick`), through the same
:class:`~ui.devicepanel.CprPanel` the examiner's station uses (the analysis stored is
the same code's, run on the stored trace). The trace is recorded beside it by a
:class:`~devices.trace_capture.TraceRecording` on its own thread, subscribed before the
reader starts. Nothing here touches the database.

Without a manikin the page works from a camera (:meth:`LivePractice.begin_camera`):
a :class:`~devices.camera.frames.CameraCapture` reads it on its thread, a
:class:`~devices.camera.live_rate.LiveRateMonitor` measures the compression rate from
its frames on another, and the display timer takes their estimates (every 0.5 s) and
the latest frame for a small preview. The rate dial and the hands-off timer follow the
video; depth and recoil say plainly that they need a manikin.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from common.clock import Clock
from devices.camera.frames import CapturedFrame, CaptureState, CaptureStatus
from devices.camera.live_rate import LiveRate, LiveRateEstimator, LiveRateMonitor, NoRate
from devices.cpr.analysis import Compression, CprSummary, HandsOffAlarm, Release
from devices.cpr.profiles import ADULT, CprTargets
from devices.reader import ReaderEvent, ReaderState, ReaderStatus
from devices.ring import Ring
from devices.trace_capture import TraceRecording
from ui.devicepanel import CprPanel
from ui.practice.metronome import Metronome, TickSound
from ui.practice.widgets import (
    BAD,
    NONE,
    OK,
    WARN,
    DepthBar,
    FeedbackCard,
    LevelBar,
    PulseLight,
    RateDial,
)
from ui.theme import BLUISH_GREEN, ORANGE, VERMILLION
from ui.video_recording import frame_to_image
from ui.widgets.big_button import BigButton

__all__ = [
    "CAMERA",
    "DEVICE",
    "FRAME_MS",
    "CameraFeed",
    "DeviceSource",
    "LivePractice",
    "SessionData",
    "VideoSession",
]

#: The display timer's interval: about 33 frames a second, so that late frames still
#: keep above 30 a second.
FRAME_MS = 30
#: Rate shown on the dial: the mean of the last few compressions' rates.
RATE_WINDOW = 4
#: Where the feedback comes from: the manikin's sensor, or a camera (rate only).
DEVICE = "device"
CAMERA = "camera"
#: The camera preview's size on the page, in pixels (4:3).
PREVIEW_SIZE = (320, 240)


class DeviceSource(Protocol):
    """What the practice view needs of a device reader (a :class:`DeviceReader`)."""

    def subscribe(self, capacity: int = ...) -> Ring[ReaderEvent]: ...
    def unsubscribe(self, ring: Ring[ReaderEvent]) -> None: ...
    def start(self) -> None: ...
    def stop(self, timeout: float | None = ...) -> None: ...
    def status(self) -> ReaderStatus: ...


class CameraFeed(Protocol):
    """What the practice view needs of a camera (a :class:`CameraCapture`)."""

    url: str

    def subscribe(self, capacity: int = ...) -> Ring[CapturedFrame]: ...
    def unsubscribe(self, ring: Ring[CapturedFrame]) -> None: ...
    def start(self) -> None: ...
    def stop(self, timeout: float | None = ...) -> None: ...
    def status(self) -> CaptureStatus: ...


@dataclass(frozen=True)
class VideoSession:
    """What a finished camera session hands over to be stored: the estimator holds
    every frame's cells (its ``summary()`` is the file analysis of the attempt; run it
    on the worker), and what the camera or the analysis lost."""

    url: str
    estimator: LiveRateEstimator
    targets: CprTargets
    elapsed_s: float
    dropped_frames: int
    camera_error: str | None


@dataclass(frozen=True)
class SessionData:
    """What a finished live session hands over to be stored: the recording of its
    trace (stopped and read back on the worker), the targets and the live analysis."""

    recording: TraceRecording
    targets: CprTargets
    live: CprSummary
    elapsed_s: float


class LivePractice(QWidget):
    """The live feedback page (see the module documentation)."""

    #: The trainee asked to finish (F10) or to abandon (Escape) the attempt.
    finishRequested = Signal()
    abandonRequested = Signal()

    def __init__(
        self,
        clock: Clock,
        *,
        sound_factory: Callable[[], TickSound | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practiceLive")
        self.clock = clock
        self._sound_factory = sound_factory
        self.reader: DeviceSource | None = None
        self.panel: CprPanel | None = None
        #: The running session's trace, recorded beside the panel (a manikin session).
        self.recording: TraceRecording | None = None
        # DEVICE or CAMERA: where the running session's feedback comes from.
        self.mode = DEVICE
        self.camera: CameraFeed | None = None
        # Frames that may wait for the rate analysis before the oldest are dropped (the
        # analysis takes well under a millisecond a frame; 1 s of frames is plenty).
        self.camera_capacity = 30
        self.monitor: LiveRateMonitor | None = None
        self._preview_ring: Ring[CapturedFrame] | None = None
        self._estimate: LiveRate | None = None
        self._last_moving_t: float | None = None
        self._compressing = False
        self.targets: CprTargets = ADULT
        self.metronome = Metronome(clock)
        self.started_at: float | None = None
        self.frames = 0
        self._last_peak: tuple[float, float] | None = None  # (t, depth)
        self._peak_state = NONE
        self._rates: deque[float] = deque(maxlen=RATE_WINDOW)
        self._release: tuple[float, bool] | None = None
        self._last_compression_t: float | None = None
        self._latest_t: float | None = None
        self._alarm = False
        self.display_timer = QTimer(self)
        self.display_timer.setInterval(FRAME_MS)
        self.display_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.display_timer.timeout.connect(lambda: self.tick())

        self.heading = QLabel(self)
        self.heading.setObjectName("practiceHeading")
        font = self.heading.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.elapsed = QLabel("0:00", self)
        self.elapsed.setFont(font)
        self.connection = QLabel(self)
        self.connection.setObjectName("practiceConnection")
        self.connection.setMinimumHeight(48)
        self.connection.setWordWrap(True)
        banner_font = self.connection.font()
        banner_font.setPointSizeF(max(banner_font.pointSizeF(), 10.0) * 1.35)
        banner_font.setBold(True)
        self.connection.setFont(banner_font)
        self.link_state: str = ReaderState.CONNECTING.value

        self.depth_bar = DepthBar(self.targets)
        self.depth_card = FeedbackCard(self.depth_bar, self)
        self.rate_dial = RateDial(self.targets)
        self.rate_card = FeedbackCard(self.rate_dial, self)
        self.recoil_bar = LevelBar(15.0, self.targets.recoil_max_mm)
        self.recoil_card = FeedbackCard(self.recoil_bar, self)
        self.pause_bar = LevelBar(15.0, self.targets.max_pause_s)
        self.hands_off_card = FeedbackCard(self.pause_bar, self)
        self.pulse = PulseLight(self)
        # The camera's page: a small preview and what the camera can and cannot measure.
        self.camera_box = QWidget(self)
        self.preview = QLabel(self.camera_box)
        self.preview.setObjectName("practiceCameraPreview")
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel { background: black; color: white; }")
        self.camera_note = QLabel(self.camera_box)
        self.camera_note.setObjectName("practiceCameraNote")
        self.camera_note.setWordWrap(True)
        note_font = self.camera_note.font()
        note_font.setPointSizeF(max(note_font.pointSizeF(), 10.0) * 1.2)
        self.camera_note.setFont(note_font)
        camera_row = QHBoxLayout(self.camera_box)
        camera_row.setContentsMargins(0, 0, 0, 0)
        camera_row.addWidget(self.preview)
        camera_row.addWidget(self.camera_note, 1)
        self.camera_box.hide()
        self.metronome_box = QCheckBox(self)
        self.metronome_box.setMinimumHeight(44)
        self.metronome_box.toggled.connect(self.set_metronome)

        self.finish_button = BigButton("", self)
        self.finish_button.setObjectName("practiceFinish")
        self.finish_button.clicked.connect(self.finishRequested)
        self.abandon_button = BigButton("", self)
        self.abandon_button.clicked.connect(self.abandonRequested)
        QShortcut(QKeySequence(Qt.Key.Key_F10), self, self.finishRequested.emit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.abandonRequested.emit)
        QShortcut(QKeySequence(Qt.Key.Key_M), self, self.metronome_box.toggle)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.elapsed)
        cards = QGridLayout()
        cards.addWidget(self.depth_card, 0, 0, 2, 1)
        cards.addWidget(self.rate_card, 0, 1, 2, 1)
        cards.addWidget(self.recoil_card, 0, 2)
        cards.addWidget(self.hands_off_card, 1, 2)
        for column in range(3):
            cards.setColumnStretch(column, 1)
        beat = QHBoxLayout()
        beat.addWidget(self.pulse)
        beat.addWidget(self.metronome_box, 1)
        beat.addWidget(self.abandon_button)
        beat.addWidget(self.finish_button)
        self.body = QVBoxLayout()
        self.body.addWidget(self.camera_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.connection)
        layout.addLayout(cards, 3)
        layout.addLayout(self.body, 2)
        layout.addLayout(beat)
        self.retranslate()
        self._show_link(None)

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.depth_card.caption.setText(self.tr("Depth"))
        self.rate_card.caption.setText(self.tr("Rate"))
        self.recoil_card.caption.setText(self.tr("Recoil (release)"))
        self.hands_off_card.caption.setText(self.tr("Hands off"))
        self.metronome_box.setText(self.tr("Metronome at 110 /min (M)"))
        if self.mode == CAMERA:
            self.finish_button.setText(self.tr("Finish (F10)"))
        else:
            self.finish_button.setText(self.tr("Finish and score (F10)"))
        self.abandon_button.setText(self.tr("Abandon (Esc)"))
        self.camera_note.setText(
            self.tr(
                "Rate from the camera. Depth and recoil need a manikin. Keep the camera "
                "still, with the rescuer's arms and shoulders in view from the side; the "
                "rate shows after about 5 s of compressions."
            )
        )
        if self.mode == CAMERA and self.camera is None:
            self.preview.setText(self.tr("No picture"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ session

    @property
    def running(self) -> bool:
        return self.display_timer.isActive()

    def begin(
        self, title: str, targets: CprTargets, reader: DeviceSource, trace_folder: Path
    ) -> None:
        """Start reading ``reader`` (its thread starts here), recording its trace in
        ``trace_folder`` (the recorder's thread) and showing its feedback."""
        self.stop()
        self._set_mode(DEVICE)
        self.targets = targets
        self.reader = reader
        ring = reader.subscribe(16384)
        # Subscribed before the reader starts, so that the trace misses no sample.
        self.recording = TraceRecording(reader, trace_folder, name="practice")
        reader.start()
        if self.panel is not None:
            self.body.removeWidget(self.panel)
            self.panel.deleteLater()
        self.panel = CprPanel(ring, status=reader.status, targets=targets, parent=self)
        self.panel.link.hide()  # the banner above says it, larger
        self.panel.cprEvent.connect(self._on_event)
        self.body.addWidget(self.panel)
        self._start_session(title, targets)

    def begin_camera(self, title: str, targets: CprTargets, camera: CameraFeed) -> None:
        """Start ``camera`` (its thread starts here) and the rate analysis of its
        frames (a thread of its own), and show the rate from the video."""
        self.stop()
        if self.panel is not None:
            self.body.removeWidget(self.panel)
            self.panel.deleteLater()
            self.panel = None
        self._set_mode(CAMERA)
        self.camera = camera
        # Subscribed before the camera starts, so that no frame is missed.
        self.monitor = LiveRateMonitor(camera, capacity=self.camera_capacity)
        self.monitor.start()
        self._preview_ring = camera.subscribe(2)
        camera.start()
        self._estimate = None
        self._last_moving_t = None
        self._compressing = False
        self.preview.clear()
        self.preview.setText(self.tr("No picture"))
        self._start_session(title, targets)

    def _set_mode(self, mode: str) -> None:
        """Show what the mode can measure: a camera sees neither depth nor recoil."""
        self.mode = mode
        camera = mode == CAMERA
        self.camera_box.setVisible(camera)
        self.depth_bar.setVisible(not camera)
        self.recoil_bar.setVisible(not camera)
        self.retranslate()

    def _start_session(self, title: str, targets: CprTargets) -> None:
        for bar in (self.depth_bar,):
            bar.targets = targets
        self.targets = targets
        self.rate_dial.targets = targets
        self.recoil_bar.limit = targets.recoil_max_mm
        self.pause_bar.limit = targets.max_pause_s
        self.pause_bar.maximum = targets.max_pause_s * 1.5
        self.heading.setText(
            self.tr("{0} — {1} targets: {2}–{3} mm, {4}–{5} /min")
            .replace("{0}", title)
            .replace("{1}", self._profile_name(targets.name))
            .replace("{2}", f"{targets.depth_min_mm:g}")
            .replace("{3}", f"{targets.depth_max_mm:g}")
            .replace("{4}", f"{targets.rate_min_cpm:g}")
            .replace("{5}", f"{targets.rate_max_cpm:g}")
        )
        self._last_peak = None
        self._peak_state = NONE
        self._rates.clear()
        self._release = None
        self._last_compression_t = None
        self._latest_t = None
        self._alarm = False
        self.frames = 0
        self.started_at = self.clock.monotonic()
        if self.metronome_box.isChecked():
            self.metronome.start()
        self._refresh()
        self.display_timer.start()
        self.finish_button.setFocus()

    def finish(self) -> SessionData:
        """Stop the display and the reader (its thread is joined) and hand over the
        session's trace recording, to be finished and stored on the worker."""
        panel, reader = self.panel, self.reader
        recording = self.take_recording()
        self.stop()
        assert panel is not None and reader is not None and recording is not None
        panel.drain()
        return SessionData(
            recording=recording,
            targets=self.targets,
            live=panel.analyzer.finish(),
            elapsed_s=self.elapsed_s,
        )

    def take_recording(self) -> TraceRecording | None:
        """The running session's trace recording, handed over (its owner stops it, on
        the worker: stopping joins the recorder's thread and closes the file)."""
        recording, self.recording = self.recording, None
        return recording

    def finish_camera(self) -> VideoSession:
        """Stop the display, the camera and the analysis (their threads are joined,
        the frames still waiting analysed) and hand over what was measured."""
        monitor, camera = self.monitor, self.camera
        assert monitor is not None and camera is not None
        elapsed = self.elapsed_s
        self.stop()
        return VideoSession(
            url=camera.url,
            estimator=monitor.estimator,
            targets=self.targets,
            elapsed_s=elapsed,
            dropped_frames=monitor.dropped_frames,
            camera_error=camera.status().last_error or monitor.error,
        )

    def stop(self) -> None:
        """Stop the display timer, the metronome, and the reader's or the camera's
        threads."""
        self.display_timer.stop()
        self.metronome.stop()
        self.pulse.set_lit(False)
        if self.reader is not None:
            reader, self.reader = self.reader, None
            reader.stop()
        if self.camera is not None:
            camera, self.camera = self.camera, None
            camera.stop()
            if self._preview_ring is not None:
                camera.unsubscribe(self._preview_ring)
                self._preview_ring = None
        if self.monitor is not None:
            monitor, self.monitor = self.monitor, None
            monitor.stop()
            self._take_estimates(monitor)

    @property
    def elapsed_s(self) -> float:
        if self.started_at is None:
            return 0.0
        return max(0.0, self.clock.monotonic() - self.started_at)

    def set_metronome(self, on: bool) -> None:
        if self.metronome_box.isChecked() != on:
            self.metronome_box.setChecked(on)  # comes back here through toggled
            return
        if on:
            if self.metronome.sound is None and self._sound_factory is not None:
                self.metronome.sound = self._sound_factory()
            if self.running:
                self.metronome.start()
        else:
            self.metronome.stop()
            self.pulse.set_lit(False)

    # ------------------------------------------------------------------ frames

    def tick(self) -> None:
        """One display frame: drain the ring, update every gauge, beat the metronome."""
        self.frames += 1
        if self.monitor is not None and self.camera is not None:
            self._take_estimates(self.monitor)
            if self._preview_ring is not None:
                pictures = self._preview_ring.drain()
                if pictures and self.preview.isVisible():
                    self._show_picture(pictures[-1])
        if self.panel is not None:
            self.panel.drain()
            points = self.panel.waveform.points
            if points:
                self._latest_t = points[-1][0]
        if self.metronome.running:
            self.metronome.poll()
            self.pulse.set_lit(self.metronome.lit)
        self._refresh()

    def _take_estimates(self, monitor: LiveRateMonitor) -> None:
        for estimate in monitor.drain():
            self._estimate = estimate
            if estimate.rate_cpm is not None:
                self._compressing = True
            # The rate lags (its window is 5 s long); whether the arms moved in the last
            # second does not, so the hands-off time follows that.
            if estimate.moving:
                self._last_moving_t = estimate.t_s

    def _show_picture(self, frame: CapturedFrame) -> None:
        pixmap = QPixmap.fromImage(frame_to_image(frame.image)).scaled(
            self.preview.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)

    @property
    def video_estimate(self) -> LiveRate | None:
        """The camera's latest estimate (None before the first, or with no camera)."""
        return self._estimate

    def _on_event(self, event: object) -> None:
        if isinstance(event, Compression):
            self._last_peak = (event.t_s, event.depth_mm)
            self._peak_state = OK if event.depth_feedback == "ok" else WARN
            if event.rate_cpm is not None:
                self._rates.append(event.rate_cpm)
            else:
                self._rates.clear()
            self._last_compression_t = event.t_s
            self._alarm = False
        elif isinstance(event, Release):
            self._release = (event.release_depth_mm, not event.incomplete_release)
        elif isinstance(event, HandsOffAlarm):
            self._alarm = True

    def _refresh(self) -> None:
        if self.mode == CAMERA:
            self._refresh_camera()
        else:
            self._refresh_device()
        seconds = int(self.elapsed_s)
        self.elapsed.setText(f"{seconds // 60}:{seconds % 60:02d}")

    def _refresh_camera(self) -> None:
        """The gauges from the video: the rate and the hands-off time; depth and
        recoil cannot be seen by a camera."""
        self._show_camera(self.camera.status() if self.camera is not None else None)
        needs = self.tr("Needs a manikin")
        self.depth_bar.set_values(None, None, NONE)
        self.depth_card.show_value("—", needs, NONE)
        self.recoil_bar.set_level(None, NONE)
        self.recoil_card.show_value("—", needs, NONE)
        estimate = self.video_estimate
        if estimate is not None and estimate.rate_cpm is not None:
            self._show_rate(estimate.rate_cpm)
        else:
            waiting = {
                None: self.tr("Waiting for the camera"),
                NoRate.NO_REGION: self.tr("Looking for the compressions…"),
                NoRate.STILL: self.tr("No compressions seen"),
                NoRate.NO_RHYTHM: self.tr("No steady rhythm seen"),
            }[None if estimate is None else estimate.reason]
            self.rate_dial.set_rate(None, NONE)
            self.rate_card.show_value("—", waiting, NONE)
        self._show_hands_off()

    def _show_rate(self, rate: float) -> None:
        tg = self.targets
        value = self.tr("{0} /min").replace("{0}", f"{rate:.0f}")
        if rate < tg.rate_min_cpm:
            self.rate_dial.set_rate(rate, WARN)
            self.rate_card.show_value(value, self.tr("▼ Too slow: speed up"), WARN)
        elif rate > tg.rate_max_cpm:
            self.rate_dial.set_rate(rate, WARN)
            self.rate_card.show_value(value, self.tr("▲ Too fast: slow down"), WARN)
        else:
            self.rate_dial.set_rate(rate, OK)
            self.rate_card.show_value(value, self.tr("✓ Good rate"), OK)

    def _refresh_device(self) -> None:
        tg = self.targets
        status = self.reader.status() if self.reader is not None else None
        self._show_link(status)
        # Depth: the depth now (fill) and the last compression's peak (marker, words).
        now_depth: float | None = None
        if self.panel is not None and self.panel.waveform.points:
            now_depth = self.panel.waveform.points[-1][1]
        peak = None if self._last_peak is None else self._last_peak[1]
        self.depth_bar.set_values(now_depth, peak, self._peak_state)
        if peak is None:
            self.depth_card.show_value(
                "—",
                self.tr("Push hard: {0}–{1} mm")
                .replace("{0}", f"{tg.depth_min_mm:g}")
                .replace("{1}", f"{tg.depth_max_mm:g}"),
                NONE,
            )
        elif peak < tg.depth_min_mm:
            self.depth_card.show_value(
                f"{peak:.0f} mm", self.tr("▼ Too shallow: push deeper"), WARN
            )
        elif peak > tg.depth_max_mm:
            self.depth_card.show_value(f"{peak:.0f} mm", self.tr("▲ Too deep: ease off"), WARN)
        else:
            self.depth_card.show_value(f"{peak:.0f} mm", self.tr("✓ Good depth"), OK)
        # Rate: the mean of the last compressions' rates.
        if not self._rates:
            self.rate_dial.set_rate(None, NONE)
            self.rate_card.show_value(
                "—",
                self.tr("Aim for {0}–{1} /min")
                .replace("{0}", f"{tg.rate_min_cpm:g}")
                .replace("{1}", f"{tg.rate_max_cpm:g}"),
                NONE,
            )
        else:
            self._show_rate(sum(self._rates) / len(self._rates))
        # Recoil: how far the chest came back after the last compression.
        if self._release is None:
            self.recoil_bar.set_level(None, NONE)
            self.recoil_card.show_value("—", self.tr("Let the chest come all the way up"), NONE)
        else:
            depth, full = self._release
            self.recoil_bar.set_level(max(0.0, depth), OK if full else WARN)
            value = f"{max(0.0, depth):.0f} mm"  # a reading a hair above rest is 0
            if full:
                self.recoil_card.show_value(value, self.tr("✓ Full release"), OK)
            else:
                self.recoil_card.show_value(value, self.tr("✗ Leaning: release fully"), WARN)
        self._show_hands_off()

    def _show_hands_off(self) -> None:
        """Hands off: the time since the last compression, once compressions began."""
        tg = self.targets
        pause = self.hands_off_s
        if pause is None:
            self.pause_bar.set_level(None, NONE)
            self.hands_off_card.show_value("—", self.tr("Starts with the first compression"), NONE)
        elif pause < tg.pause_interval_s:
            self.pause_bar.set_level(0.0, OK)
            self.hands_off_card.show_value("0 s", self.tr("✓ Hands on"), OK)
        elif pause < tg.max_pause_s and not self._alarm:
            self.pause_bar.set_level(pause, WARN)
            self.hands_off_card.show_value(
                f"{pause:.0f} s",
                self.tr("▲ Hands off: keep pauses under {0} s").replace(
                    "{0}", f"{tg.max_pause_s:g}"
                ),
                WARN,
            )
        else:
            self.pause_bar.set_level(pause, BAD)
            self.hands_off_card.show_value(
                f"{pause:.0f} s", self.tr("✖ Resume compressions now"), BAD
            )

    @property
    def hands_off_s(self) -> float | None:
        """Seconds since the last compression's peak (device time), None before one.
        From the camera: since the arms last moved (the camera's time, to the nearest
        0.5 s), None before the first rate was measured."""
        if self.mode == CAMERA:
            estimate = self.video_estimate
            if not self._compressing or estimate is None or self._last_moving_t is None:
                return None
            return max(0.0, estimate.t_s - self._last_moving_t)
        if self._last_compression_t is None or self._latest_t is None:
            return None
        return max(0.0, self._latest_t - self._last_compression_t)

    def _show_camera(self, status: CaptureStatus | None) -> None:
        if status is None:
            self.link_state = CaptureState.STOPPED.value
            text, colour = self.tr("○ No camera"), ORANGE
        else:
            self.link_state = str(status.state)
            if status.state is CaptureState.CAPTURING:
                text = self.tr("● Camera: {0} — rate only").replace("{0}", status.url)
                if status.fps:
                    text += f" · {status.fps:.0f} fps"
                colour = BLUISH_GREEN
            elif status.state is CaptureState.OPENING:
                text = self.tr("◌ Opening the camera {0}…").replace("{0}", status.url)
                colour = ORANGE
            elif status.state is CaptureState.ENDED:
                text = self.tr("■ The video has ended: finish the attempt (F10)")
                colour = ORANGE
            else:
                reason = f" ({status.last_error})" if status.last_error else ""
                if status.frames == 0 and status.state is CaptureState.FAILED:
                    text = self.tr("✖ The camera could not be opened: check the settings")
                else:
                    text = self.tr("✖ The camera stopped: check its cable, then start again")
                text += reason
                colour = VERMILLION
        self._banner(text, colour)

    def _banner(self, text: str, colour: QColor) -> None:
        if self.connection.text() != text:
            self.connection.setText(text)
            self.connection.setStyleSheet(
                f"QLabel {{ color: black; background: {colour.name()}; padding: 6px; "
                "border-radius: 4px; }"
            )

    def _show_link(self, status: ReaderStatus | None) -> None:
        if status is None:
            self.link_state = ReaderState.STOPPED.value
            text, colour = self.tr("○ No device"), ORANGE
        else:
            self.link_state = str(status.state)
            rate = "" if status.rate_hz is None else f" · {status.rate_hz:.0f} Hz"
            if status.state is ReaderState.STREAMING:
                text = self.tr("● Device connected: {0}").replace("{0}", status.url) + rate
                colour = BLUISH_GREEN
            elif status.state is ReaderState.CONNECTING:
                text = self.tr("◌ Connecting to the device {0}…").replace("{0}", status.url)
                colour = ORANGE
            else:
                reason = f" ({status.last_error})" if status.last_error else ""
                text = (
                    self.tr(
                        "✖ Device disconnected — reconnecting; feedback resumes when it is back"
                    )
                    + reason
                )
                colour = VERMILLION
        self._banner(text, colour)

    def _profile_name(self, name: str) -> str:
        return {
            "adult": self.tr("adult"),
            "child": self.tr("child"),
            "infant": self.tr("infant"),
        }.get(name, name)
