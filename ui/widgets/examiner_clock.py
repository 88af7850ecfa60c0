"""The examiner's large station clock: the time left, the phase in words and a colour,
and the visual bell (the panel flashes once per strike)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from assessments.timing import Phase
from ui.theme import BLUE, BLUISH_GREEN, GREY, ORANGE, SKY_BLUE, VERMILLION

__all__ = ["ExaminerClock", "format_seconds"]


def format_seconds(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour), rounded up so 0:01 shows until time is out."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ExaminerClock(QFrame):
    """Shows ``phase`` and a time; colours follow the Okabe–Ito palette and every phase
    also has a symbol and a word, so colour is never the only cue."""

    FLASH_MS = 180

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("examinerClock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.time_label = QLabel("0:00", self)
        self.time_label.setObjectName("clockTime")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.time_label.font()
        font.setPointSizeF(48)
        font.setBold(True)
        font.setStyleHint(font.StyleHint.Monospace)
        self.time_label.setFont(font)
        self.phase_label = QLabel(self)
        self.phase_label.setObjectName("clockPhase")
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        phase_font = self.phase_label.font()
        phase_font.setPointSizeF(max(phase_font.pointSizeF(), 11.0) * 1.4)
        phase_font.setBold(True)
        self.phase_label.setFont(phase_font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.time_label)
        layout.addWidget(self.phase_label)
        self.phase: Phase = Phase.NOT_STARTED
        self.colour: QColor = GREY
        self.flashes_shown = 0
        self._flashes_left = 0
        self._lit = False
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(self.FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        self.compact = False
        self.show_state(Phase.NOT_STARTED, 0.0)

    #: The time's size in points: normal, and compact for a short window (1024×700).
    TIME_PT, COMPACT_TIME_PT = 48.0, 30.0

    def set_compact(self, compact: bool) -> None:
        """A smaller clock for a short window, so the checklist keeps its room; still
        readable across a room (30 pt)."""
        if compact == self.compact:
            return
        self.compact = compact
        font = self.time_label.font()
        font.setPointSizeF(self.COMPACT_TIME_PT if compact else self.TIME_PT)
        self.time_label.setFont(font)

    def phase_text(self, phase: Phase, paused: bool = False) -> str:
        """The phase in words, with its symbol."""
        if paused:
            return self.tr("❚❚ Paused")
        return {
            Phase.NOT_STARTED: self.tr("○ Not started"),
            Phase.READING: self.tr("◔ Reading time"),
            Phase.ACTIVE: self.tr("▶ Running"),
            Phase.WARNING: self.tr("▲ Warning: time almost up"),
            Phase.ENDED: self.tr("■ Ended"),
            Phase.CHANGEOVER: self.tr("■ Ended: changeover"),
            Phase.DONE: self.tr("■ Ended"),
        }[phase]

    @staticmethod
    def phase_colour(phase: Phase, paused: bool = False) -> QColor:
        if paused:
            return BLUE
        return {
            Phase.NOT_STARTED: GREY,
            Phase.READING: SKY_BLUE,
            Phase.ACTIVE: BLUISH_GREEN,
            Phase.WARNING: ORANGE,
            Phase.ENDED: VERMILLION,
            Phase.CHANGEOVER: VERMILLION,
            Phase.DONE: VERMILLION,
        }[phase]

    def show_state(
        self, phase: Phase, seconds: float, *, paused: bool = False, overtime: bool = False
    ) -> None:
        """Show ``seconds`` (left in the phase, or past the end with ``overtime``)."""
        self.phase = phase
        self.colour = self.phase_colour(phase, paused)
        text = format_seconds(seconds)
        self.time_label.setText(("+" + text) if overtime else text)
        label = self.phase_text(phase, paused)
        if overtime:
            label += "  " + self.tr("(overtime)")
        self.phase_label.setText(label)
        self._paint()

    def flash(self, strikes: int) -> None:
        """The visual bell: flash the panel ``strikes`` times."""
        self.flashes_shown += strikes
        self._flashes_left = strikes * 2
        self._lit = False
        self._flash_timer.start()
        self._flash_step()

    def _flash_step(self) -> None:
        if self._flashes_left <= 0:
            self._flash_timer.stop()
            self._lit = False
        else:
            self._flashes_left -= 1
            self._lit = not self._lit
        self._paint()

    def _paint(self) -> None:
        colour = self.colour.name()
        if self._lit:
            self.setStyleSheet(
                f"QFrame#examinerClock {{ background: {colour}; border: 4px solid {colour}; }}"
                "QFrame#examinerClock QLabel { color: black; }"
            )
        else:
            self.setStyleSheet(
                f"QFrame#examinerClock {{ border: 4px solid {colour}; border-radius: 8px; }}"
                f"QLabel#clockPhase, QLabel#clockTime {{ color: {colour}; }}"
            )
