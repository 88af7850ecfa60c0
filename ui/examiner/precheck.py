"""The pre-exam check: is the manikin connected and streaming, can the bell be heard
(or seen), and which clock does the station run on. Each check shows a colour, a
symbol and words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from assessments.timing import BellKind
from common.clock import SystemClock
from devices.reader import ReaderState, ReaderStatus
from ui.bell import SoundBackend, sound_backend, strikes_for
from ui.context import AppContext
from ui.contrast import LARGE_TEXT, readable_on
from ui.theme import Status, status_style
from ui.widgets.big_button import BigButton

__all__ = ["CheckResult", "PreCheckPanel"]

CheckResult = tuple[Status, str]


class PreCheckPanel(QWidget):
    """The three checks, refreshed twice a second while shown. ``proceed`` is emitted
    by the Continue button (a failed check is shown, never hidden, but the examiner may
    go on: a station without a device needs no manikin)."""

    proceed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        *,
        device_status: Callable[[], ReaderStatus] | None,
        device_error: str | None = None,
        flash: Callable[[int], None] | None = None,
        backend: SoundBackend | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._device_status = device_status
        self._device_error = device_error
        self._flash = flash or self.flash_lamp
        self.lamp_flashes = 0
        self._lamp_steps = 0
        self._lamp_timer = QTimer(self)
        self._lamp_timer.setInterval(180)
        self._lamp_timer.timeout.connect(self._lamp_step)
        self.backend = backend or sound_backend()
        self.bell_tested = False
        title = QLabel(self.tr("Pre-exam check"), self)
        font = title.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.6)
        font.setBold(True)
        title.setFont(font)
        grid = QGridLayout()
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        names = {
            "device": self.tr("Manikin"),
            "bell": self.tr("Bell"),
            "clock": self.tr("Clock"),
        }
        for index, (key, name) in enumerate(names.items()):
            caption = QLabel(name, self)
            caption.setFont(font)
            state = QLabel(self)
            state.setObjectName(f"check_{key}")
            state.setFont(font)
            detail = QLabel(self)
            detail.setWordWrap(True)
            detail_font = detail.font()
            detail_font.setPointSizeF(max(detail_font.pointSizeF(), 11.0))
            detail.setFont(detail_font)
            detail.setObjectName(f"detail_{key}")
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.HLine)
            grid.addWidget(caption, index * 2, 0)
            grid.addWidget(state, index * 2, 1)
            grid.addWidget(detail, index * 2, 2)
            grid.addWidget(frame, index * 2 + 1, 0, 1, 3)
            self.rows[key] = (state, detail)
        grid.setColumnStretch(2, 1)
        self.test_bell_button = BigButton(self.tr("Test the bell (T)"), self)
        self.test_bell_button.setObjectName("testBell")
        self.test_bell_button.setShortcut(Qt.Key.Key_T)
        self.test_bell_button.clicked.connect(self.test_bell)
        self.continue_button = BigButton(self.tr("Continue to check-in (Enter)"), self)
        self.continue_button.setObjectName("continueButton")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.proceed.emit)
        self.lamp = QLabel(self.tr("◉ Visual bell"), self)
        self.lamp.setObjectName("bellLamp")
        self.lamp.setMinimumHeight(44)
        self.lamp.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lamp.setMinimumWidth(160)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_bell_button)
        buttons.addWidget(self.lamp)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._refresher = QTimer(self)
        self._refresher.setInterval(500)
        self._refresher.timeout.connect(self.refresh)
        self.results: dict[str, CheckResult] = {}
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresher.start()
        self.continue_button.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._refresher.stop()

    # ------------------------------------------------------------------ checks

    def device_check(self) -> CheckResult:
        if self._device_error is not None:
            return Status.ERROR, self._device_error
        if self._device_status is None:
            return Status.WARNING, self.tr("No device is configured for this station.")
        status = self._device_status()
        where = status.url
        if status.state is ReaderState.STREAMING and status.samples > 0:
            rate = "" if status.rate_hz is None else f", {status.rate_hz:.0f} Hz"
            model = status.identity.get("model", "")
            return Status.OK, self.tr("Streaming from {0}{1} {2}").replace("{0}", where).replace(
                "{1}", rate
            ).replace("{2}", model).strip()
        if status.state in (ReaderState.CONNECTING, ReaderState.RECONNECTING) or (
            status.state is ReaderState.STREAMING
        ):
            return Status.IN_PROGRESS, self.tr("Connecting to {0}…").replace("{0}", where)
        why = status.last_error or str(status.state)
        return Status.ERROR, self.tr(
            "Not connected ({0}): {1}. Check the cable and the device URL in the settings."
        ).replace("{0}", where).replace("{1}", why)

    def bell_check(self) -> CheckResult:
        settings = self.ctx.settings
        sound = settings.bell_sound and self.backend.available
        tested = self.tr(" Tested.") if self.bell_tested else ""
        if sound:
            return Status.OK, self.tr("Sound through {0}.").replace("{0}", self.backend.detail) + (
                self.tr(" Visual bell on.") if settings.visual_bell else ""
            ) + tested
        if settings.visual_bell:
            if not settings.bell_sound:
                reason = self.tr("sound is off in the settings")
            elif self.backend.kind == "none":
                reason = self.tr(
                    "no sound output: install PySide6-Addons (Qt Multimedia) or a sound "
                    "player (pipewire, pulseaudio-utils or alsa-utils)"
                )
            else:
                reason = self.backend.detail
            return Status.WARNING, self.tr("Visual bell only ({0}).").replace(
                "{0}", reason
            ) + tested
        return Status.ERROR, self.tr(
            "No bell: there is no sound output and the visual bell is off. Turn the visual "
            "bell on in the settings."
        )

    def clock_check(self) -> CheckResult:
        clock = self.ctx.clock
        now = clock.now().astimezone()
        if isinstance(clock, SystemClock):
            source = self.tr("this computer's clock; phases timed on its monotonic clock")
        else:
            source = self.tr("a simulated clock ({0})").replace("{0}", type(clock).__name__)
        return Status.OK, self.tr("Station clock {0} — source: {1}.").replace(
            "{0}", now.strftime("%H:%M:%S")
        ).replace("{1}", source)

    def refresh(self) -> None:
        self.results = {
            "device": self.device_check(),
            "bell": self.bell_check(),
            "clock": self.clock_check(),
        }
        for key, (status, text) in self.results.items():
            colour, symbol, label = status_style(status)
            state, detail = self.rows[key]
            state.setText(f"{symbol} {label}")
            shown = readable_on(colour, self.palette().color(QPalette.ColorRole.Window), LARGE_TEXT)
            state.setStyleSheet(f"color: {shown.name()}; font-weight: bold;")
            detail.setText(text)

    def test_bell(self) -> None:
        self.ctx.bell.ring(BellKind.START)
        if self.ctx.settings.visual_bell and self._flash is not None:
            self._flash(strikes_for(BellKind.START))
        self.bell_tested = True
        self.refresh()

    def flash_lamp(self, strikes: int) -> None:
        """The visual bell of this screen: the lamp next to the test button flashes."""
        self.lamp_flashes += strikes
        self._lamp_steps = strikes * 2
        self._lamp_timer.start()
        self._lamp_step()

    def _lamp_step(self) -> None:
        lit = self._lamp_steps % 2 == 0 and self._lamp_steps > 0
        if self._lamp_steps <= 0:
            self._lamp_timer.stop()
        self._lamp_steps -= 1
        colour = status_style(Status.WARNING)[0].name()
        self.lamp.setStyleSheet(f"background: {colour}; color: black;" if lit else "")

    def set_device(
        self, status: Callable[[], ReaderStatus] | None, error: str | None = None
    ) -> None:
        self._device_status = status
        self._device_error = error
        self.refresh()
