"""The circuit on a time line, under the progress board: one row per station, one bar
per encounter from the candidate's start (or check-in) to the submission (or now, while
marking goes on), coloured, and named, by its state. A coordinator sees at a glance a
station running late, one that has stopped, or a gap in the rotation.

It draws what the board has already read (:class:`~ui.coordinator.progress.BoardData`):
no database access of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from station.services import EncounterInfo
from ui.contrast import text_on
from ui.theme import Status, status_style

#: Tick steps tried for the time axis, in minutes (the first that gives ≤ 8 ticks).
_STEPS_MIN = (1, 2, 5, 10, 15, 20, 30, 60, 120, 240)
ROW_PX = 24
LEFT_PX = 120.0
BOTTOM_PX = 28.0


def _status(encounter: EncounterInfo) -> Status:
    return {
        "draft": Status.IN_PROGRESS,
        "submitted": Status.SUBMITTED,
        "no_show": Status.NO_SHOW,
    }.get(encounter.status, Status.NOT_STARTED)


class CircuitTimeline(QWidget):
    """Stations × time of day; :meth:`show_circuit` gives it the encounters."""

    def __init__(self, parent: QWidget | None = None, *, now: Callable[[], datetime]) -> None:
        super().__init__(parent)
        self._now = now
        self.stations: list[tuple[str, str]] = []
        #: (station key, start, end, status, examiner, candidate): what was drawn.
        self.bars: list[tuple[str, datetime, datetime, Status, str, str]] = []
        self.span: tuple[datetime, datetime] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("The circuit over time"))

    def sizeHint(self) -> QSize:
        return QSize(600, int(BOTTOM_PX + 8 + ROW_PX * max(len(self.stations), 1)))

    def show_circuit(
        self, stations: Sequence[tuple[str, str]], encounters: Sequence[EncounterInfo]
    ) -> None:
        """``stations``: (key, label) in circuit order; ``encounters``: every one of the
        exam (those never started are not on the time line)."""
        self.stations = list(stations)
        now = self._now()
        bars = []
        for e in encounters:
            start = e.started_at or e.checked_in_at
            if start is None:
                continue
            end = e.submitted_at or (now if e.status == "draft" else start)
            bars.append((e.station_key, start, max(end, start), _status(e), e.examiner,
                         e.candidate_number))  # fmt: skip
        self.bars = bars
        if bars:
            first = min(b[1] for b in bars)
            last = max(b[2] for b in bars)
            if any(e.status == "draft" for e in encounters):
                last = max(last, min(now, first + timedelta(hours=12)))  # marking goes on
            self.span = (first, max(last, first + timedelta(minutes=5)))
        else:
            self.span = None
        self.setFixedHeight(self.sizeHint().height())
        self.setAccessibleDescription(
            self.tr("{0} encounters on {1} stations").replace("{0}", str(len(bars)))
            .replace("{1}", str(len(self.stations)))
        )  # fmt: skip
        self.update()

    def x_of(self, moment: datetime) -> float:
        assert self.span is not None
        first, last = self.span
        width = max(1.0, self.width() - LEFT_PX - 8)
        return (
            LEFT_PX
            + (moment - first).total_seconds() / max(1.0, (last - first).total_seconds()) * width
        )

    def row_of(self, station_key: str) -> int:
        return next((i for i, (key, _) in enumerate(self.stations) if key == station_key), -1)

    def ticks(self) -> list[datetime]:
        """Round local times across the span (at most about 8)."""
        if self.span is None:
            return []
        first, last = (t.astimezone() for t in self.span)
        minutes = (last - first).total_seconds() / 60
        step = next((s for s in _STEPS_MIN if minutes / s <= 8), _STEPS_MIN[-1])
        start = first.replace(second=0, microsecond=0)
        start -= timedelta(minutes=start.minute % step)
        ticks = []
        moment = start
        while moment <= last:
            if moment >= first:
                ticks.append(moment)
            moment += timedelta(minutes=step)
        return ticks

    def bar_at(self, x: float, y: float) -> tuple[str, datetime, datetime, Status, str, str] | None:
        """The bar drawn under the point (widget coordinates), if any."""
        if self.span is None:
            return None
        for bar in self.bars:
            key, start, end, *_rest = bar
            row = self.row_of(key)
            top = 6 + row * ROW_PX
            left, right = self.x_of(start) - 2, max(self.x_of(end), self.x_of(start) + 3) + 2
            if row >= 0 and top <= y <= top + ROW_PX - 4 and left <= x <= right:
                return bar
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(event.pos().x(), event.pos().y())
            if bar is None:
                QToolTip.hideText()
            else:
                key, start, end, status, examiner, candidate = bar
                _colour, symbol, label = status_style(status)
                QToolTip.showText(
                    event.globalPos(),
                    f"{candidate} · {key} · {examiner}\n{symbol} {label} · "
                    f"{start.astimezone():%H:%M}–{end.astimezone():%H:%M}",
                    self,
                )
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = QFontMetricsF(self.font())
        for row, (_key, label) in enumerate(self.stations):
            y = 4 + row * ROW_PX
            painter.setPen(ink)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, LEFT_PX - 8)
            painter.drawText(
                QRectF(0, y, LEFT_PX - 6, ROW_PX), Qt.AlignmentFlag.AlignVCenter, shown
            )
        if self.span is None:
            painter.setPen(ink)
            painter.drawText(
                QRectF(LEFT_PX, 0, self.width() - LEFT_PX, self.height()),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("No encounter has started yet."),
            )
            painter.end()
            return
        bottom = 4 + ROW_PX * len(self.stations)
        faint = QColor(ink)
        faint.setAlpha(60)
        for tick in self.ticks():
            x = self.x_of(tick)
            painter.setPen(QPen(faint, 0.6))
            painter.drawLine(QPointF(x, 2), QPointF(x, bottom))
            painter.setPen(ink)
            text = f"{tick:%H:%M}"
            painter.drawText(
                QPointF(x - metrics.horizontalAdvance(text) / 2, bottom + 4 + metrics.ascent()),
                text,
            )
        for key, start, end, status, _examiner, candidate in self.bars:
            row = self.row_of(key)
            if row < 0:
                continue
            colour, symbol, _label = status_style(status)
            x0, x1 = self.x_of(start), self.x_of(end)
            box = QRectF(x0, 6 + row * ROW_PX, max(x1 - x0, 3.0), ROW_PX - 4)
            painter.fillRect(box, colour)
            painter.setPen(QPen(colour.darker(140), 1))
            painter.drawRect(box)
            text = f"{symbol} {candidate}"
            if metrics.horizontalAdvance(text) + 4 < box.width():
                painter.setPen(text_on(colour))
                painter.drawText(box.adjusted(2, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)
        now_x = self.x_of(self._now())
        if LEFT_PX <= now_x <= self.width():
            painter.setPen(QPen(QColor("#D55E00"), 1.4, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(now_x, 2), QPointF(now_x, bottom))
        painter.end()
