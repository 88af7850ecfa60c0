"""The simulated patient monitor: heart rate, SpO₂, blood pressure, respiratory rate,
EtCO₂, temperature and the rhythm, with an ECG-like trace drawn with ``QPainter``.

Numbers are large enough to read across a room (they grow with the window) and a value
out of range shows in an alarm colour *and* with a symbol and a word, never by colour
alone (Okabe–Ito colours from ui.theme).

Alarm bands follow the bands of the National Early Warning Score 2 (Royal College of
Physicians, London, 2017): a value in a NEWS2 band worth 3 points is an alarm, one worth
1 or 2 points a warning. A shockable or pulseless rhythm (VF, VT, pVT, asystole, PEA) is
always an alarm.

The same :class:`PatientMonitor` sits in the operator's console and, for a second
screen, in a :class:`MonitorWindow` of its own; both follow one
:class:`~ui.scenario.session.ScenarioSession`.
"""

from __future__ import annotations

import math
from collections import deque

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from assessments.scenario import VitalSigns
from ui.scenario.session import ScenarioSession
from ui.theme import Status, status_style

__all__ = [
    "ALARM_RHYTHMS",
    "EcgTrace",
    "MonitorWindow",
    "PatientMonitor",
    "VitalTile",
    "alarm_status",
    "ecg_value",
]

# Rhythms that always raise the alarm: shockable or without a pulse.
ALARM_RHYTHMS = frozenset({"vf", "vt", "pvt", "asystole", "pea"})

# (low alarm at or below, low warning at or below, high warning at or above, high alarm
# at or above), from the NEWS2 bands (RCP 2017; SpO₂ on scale 1). None: no such band.
_BANDS: dict[str, tuple[float | None, float | None, float | None, float | None]] = {
    "hr": (40, 50, 91, 131),
    "spo2": (91, 95, None, None),
    "sbp": (90, 110, None, 220),
    "rr": (8, 11, 21, 25),
    "temp_c": (35.0, 36.0, 38.1, 39.1),
}


def alarm_status(name: str, value: float | None) -> Status:
    """OK, WARNING or CRITICAL for one vital sign (NOT_STARTED when there is no value)."""
    if value is None:
        return Status.NOT_STARTED
    bands = _BANDS.get(name)
    if bands is None:
        return Status.OK
    low_alarm, low_warn, high_warn, high_alarm = bands
    if (low_alarm is not None and value <= low_alarm) or (
        high_alarm is not None and value >= high_alarm
    ):
        return Status.CRITICAL
    if (low_warn is not None and value <= low_warn) or (
        high_warn is not None and value >= high_warn
    ):
        return Status.WARNING
    return Status.OK


def rhythm_status(rhythm: str | None) -> Status:
    if rhythm is None:
        return Status.NOT_STARTED
    return Status.CRITICAL if rhythm.strip().lower() in ALARM_RHYTHMS else Status.OK


def ecg_value(rhythm: str | None, phase: float, t: float) -> float:
    """The trace's height (about -0.3 to 1) for a rhythm: ``phase`` is the position in
    the current beat (0 to 1) and ``t`` the time in seconds (for rhythms without beats).
    A drawing for training, not a diagnostic waveform."""
    name = (rhythm or "").strip().lower()
    if name == "asystole":
        return 0.02 * math.sin(2 * math.pi * 0.3 * t)
    if name == "vf":
        return (
            0.35
            * (
                math.sin(2 * math.pi * 4.7 * t)
                + 0.6 * math.sin(2 * math.pi * 6.3 * t + 1.3)
                + 0.4 * math.sin(2 * math.pi * 3.1 * t + 0.4)
            )
            * (0.6 + 0.4 * math.sin(2 * math.pi * 0.4 * t))
        )
    if name in ("vt", "pvt"):
        return 0.9 * math.sin(2 * math.pi * phase) * (1 if phase < 0.5 else 0.6)

    def bump(centre: float, width: float, height: float) -> float:
        return height * math.exp(-(((phase - centre) / width) ** 2))

    return (
        bump(0.12, 0.035, 0.12)  # P
        - bump(0.245, 0.008, 0.12)  # Q
        + bump(0.26, 0.012, 1.0)  # R
        - bump(0.28, 0.01, 0.25)  # S
        + bump(0.5, 0.06, 0.25)  # T
    )


# Beats per second drawn for a rhythm given without a heart rate (no pulse).
_ELECTRICAL_RATE = {"vt": 3.0, "pvt": 3.0, "pea": 0.8}


class EcgTrace(QWidget):
    """A sweeping ECG-like trace: :meth:`advance` adds the samples up to a time."""

    RATE_HZ = 125
    WINDOW_S = 6.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._capacity = int(self.RATE_HZ * self.WINDOW_S)
        self.points: deque[float] = deque(maxlen=self._capacity)
        self._origin: float | None = None
        self._count = 0
        self._phase = 0.0
        self.colour = QColor("#009E73")

    def advance(self, now: float, hr: int | None, rhythm: str | None) -> int:
        """Add the samples from the last call up to ``now`` (seconds on the clock);
        returns how many were added."""
        if self._origin is None or now < self._origin + self._count / self.RATE_HZ:
            self._origin, self._count = now, 0
            return 0
        name = (rhythm or "").strip().lower()
        rate = max(0, hr or 0) / 60.0
        if rate == 0:
            # Without a pulse the monitor still shows the electrical activity.
            rate = _ELECTRICAL_RATE.get(name, 0.0)
        due = math.floor((now - self._origin) * self.RATE_HZ + 1e-6) - self._count
        if due > self._capacity:
            # Far behind (a long gap): draw the last window only.
            self._count += due - self._capacity
            due = self._capacity
        step = 1.0 / self.RATE_HZ
        for _ in range(due):
            self._count += 1
            t = self._origin + self._count * step
            self._phase = (self._phase + rate * step) % 1.0
            if name != "vf" and rate == 0:
                value = ecg_value("asystole", 0.0, t)
            else:
                value = ecg_value(rhythm, self._phase, t)
            self.points.append(value)
        if due:
            self.update()
        return due

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#000000"))
        if len(self.points) < 2:
            return
        width, height = self.width(), self.height()
        dx = width / self._capacity
        base = height * 0.7
        scale = height * 0.6
        pen = QPen(self.colour)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        previous: QPointF | None = None
        for i, value in enumerate(self.points):
            point = QPointF(i * dx, base - value * scale)
            if previous is not None:
                painter.drawLine(previous, point)
            previous = point


class VitalTile(QFrame):
    """One vital sign: its name, a large number, and the alarm symbol and word."""

    def __init__(self, key: str, title: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"vital_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(f"{title} <small>{unit}</small>" if unit else title, self)
        self.value = QLabel("—", self)
        self.value.setObjectName(f"vitalValue_{key}")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.alarm = QLabel(self)
        self.alarm.setObjectName(f"vitalAlarm_{key}")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.alarm)
        self.status = Status.NOT_STARTED
        self._size = 24.0
        self.set_value("—", Status.NOT_STARTED)

    def set_value(self, text: str, status: Status) -> None:
        self.value.setText(text)
        self.status = status
        colour, symbol, label = status_style(status)
        if status is Status.NOT_STARTED:
            self.alarm.setText("")
            self.alarm.setStyleSheet("")
        elif status is Status.OK:
            self.alarm.setText(f"{symbol} {label}")
            self.alarm.setStyleSheet("")
        else:
            word = self.tr("ALARM") if status is Status.CRITICAL else self.tr("Warning")
            self.alarm.setText(f"{symbol} {word}")
            self.alarm.setStyleSheet(f"color: {colour.name()}; font-weight: bold;")
        self._style_value()

    def set_point_size(self, size: float) -> None:
        self._size = size
        self._style_value()

    def _style_value(self) -> None:
        # The size goes into the style sheet too: a style sheet overrides setFont.
        colour = (
            ""
            if self.status in (Status.NOT_STARTED, Status.OK)
            else (f"color: {status_style(self.status)[0].name()};")
        )
        self.value.setStyleSheet(f"font-size: {self._size:.0f}pt; font-weight: bold; {colour}")


class PatientMonitor(QWidget):
    """The monitor's face for one :class:`ScenarioSession`."""

    def __init__(self, session: ScenarioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientMonitor")
        self.session = session
        self.trace = EcgTrace(self)
        self.tiles: dict[str, VitalTile] = {
            "hr": VitalTile("hr", self.tr("HR"), "/min", self),
            "spo2": VitalTile("spo2", self.tr("SpO₂"), "%", self),
            "bp": VitalTile("bp", self.tr("BP"), "mmHg", self),
            "rr": VitalTile("rr", self.tr("RR"), "/min", self),
            "etco2": VitalTile("etco2", self.tr("EtCO₂"), "mmHg", self),
            "temp": VitalTile("temp", self.tr("Temp"), "°C", self),
        }
        self.rhythm = VitalTile("rhythm", self.tr("Rhythm"), "", self)
        grid = QGridLayout()
        grid.addWidget(self.rhythm, 0, 0, 1, 3)
        for index, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, 1 + index // 3, index % 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.trace, 2)
        layout.addLayout(grid, 3)
        session.vitalsChanged.connect(self.show_vitals)
        self.show_vitals(session.vitals)

    def show_vitals(self, vitals: VitalSigns) -> None:
        def number(value: float | None) -> str:
            return "—" if value is None else f"{value:g}"

        self.tiles["hr"].set_value(number(vitals.hr), alarm_status("hr", vitals.hr))
        self.tiles["spo2"].set_value(number(vitals.spo2), alarm_status("spo2", vitals.spo2))
        bp = (
            "—"
            if vitals.sbp is None and vitals.dbp is None
            else f"{number(vitals.sbp)}/{number(vitals.dbp)}"
        )
        self.tiles["bp"].set_value(bp, alarm_status("sbp", vitals.sbp))
        self.tiles["rr"].set_value(number(vitals.rr), alarm_status("rr", vitals.rr))
        self.tiles["etco2"].set_value(number(vitals.etco2), alarm_status("etco2", vitals.etco2))
        temp = None if vitals.temp_c is None else f"{vitals.temp_c:.1f}"
        self.tiles["temp"].set_value(temp or "—", alarm_status("temp_c", vitals.temp_c))
        self.rhythm.set_value(vitals.rhythm or "—", rhythm_status(vitals.rhythm))
        rhythm = rhythm_status(vitals.rhythm)
        self.trace.colour = (
            status_style(rhythm)[0] if rhythm is Status.CRITICAL else QColor("#009E73")
        )
        self.trace.advance(self.session.ctx.clock.monotonic(), vitals.hr, vitals.rhythm)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Numbers as large as the tiles allow: readable across a room on a big screen.
        size = max(18.0, min(self.width() / 14.0, self.height() / 9.0))
        for tile in (*self.tiles.values(), self.rhythm):
            tile.set_point_size(size)
        super().resizeEvent(event)


class MonitorWindow(QWidget):
    """The monitor alone in a top-level window, for a second screen facing the team.
    F11 toggles full screen; closing it leaves the scenario running."""

    closed = Signal()

    def __init__(self, session: ScenarioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("monitorWindow")
        self.setWindowTitle(self.tr("Patient monitor"))
        # Light figures on black, as on a bedside monitor, whatever the theme.
        palette = QPalette(self.palette())
        for role, colour in (
            (QPalette.ColorRole.Window, "#101010"),
            (QPalette.ColorRole.WindowText, "#F0F0F0"),
            (QPalette.ColorRole.Base, "#000000"),
            (QPalette.ColorRole.Text, "#F0F0F0"),
        ):
            palette.setColor(role, QColor(colour))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setStyleSheet("QLabel { color: #F0F0F0; }")
        self.monitor = PatientMonitor(session, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.monitor)
        self.resize(1024, 640)
        full = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        full.activated.connect(self.toggle_full_screen)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
