"""The debrief timeline: a scrubbable time bar with the recording's events as ticks and
the CPR depth trace drawn under it, both following the player's cursor.

Event kinds differ by colour (the Okabe–Ito palette, safe for colour-blind viewers) and
by shape, so they can be told apart in grey too; :class:`EventLegend` names them.
The depth strip shades the adult target band of 50–60 mm (AHA 2020 BLS and ERC 2021
guidelines: at least 5 cm, no more than 6 cm).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from ui import theme

__all__ = [
    "DEPTH_TARGET_MM",
    "EVENT_KINDS",
    "EventLegend",
    "EventStyle",
    "TimelineWidget",
    "event_style",
    "format_time",
    "kind_name",
]

#: Adult compression depth target, mm (AHA 2020 BLS; ERC 2021: 5–6 cm).
DEPTH_TARGET_MM = (50.0, 60.0)
#: The depth axis of the strip runs from 0 to this, mm.
DEPTH_AXIS_MM = 80.0


@dataclass(frozen=True, slots=True)
class EventStyle:
    colour: QColor
    shape: str  # "circle", "diamond", "square", "down", "up", "cross", "bar"
    symbol: str  # the same shape as a character, for lists


_STYLES: dict[str, EventStyle] = {
    "mark": EventStyle(theme.BLUE, "circle", "●"),
    "grade": EventStyle(theme.ORANGE, "diamond", "◆"),
    "comment": EventStyle(theme.SKY_BLUE, "square", "■"),
    "marker": EventStyle(theme.VERMILLION, "down", "▼"),
    "scenario": EventStyle(theme.BLUISH_GREEN, "up", "▲"),
    "alarm": EventStyle(theme.REDDISH_PURPLE, "cross", "✖"),
    "submit": EventStyle(QColor("#000000"), "bar", "▮"),
}
_OTHER = EventStyle(theme.GREY, "circle", "○")

#: The event kinds in the order the legend and the filter list them.
EVENT_KINDS = tuple(_STYLES)


def event_style(kind: str) -> EventStyle:
    return _STYLES.get(kind, _OTHER)


def kind_name(kind: str) -> str:
    """The event kind as people read it."""
    names = {
        "mark": QCoreApplication.translate("Debrief", "Checklist mark"),
        "grade": QCoreApplication.translate("Debrief", "Global grade"),
        "comment": QCoreApplication.translate("Debrief", "Comment"),
        "marker": QCoreApplication.translate("Debrief", "Marker"),
        "scenario": QCoreApplication.translate("Debrief", "Scenario event"),
        "alarm": QCoreApplication.translate("Debrief", "Device alarm"),
        "submit": QCoreApplication.translate("Debrief", "Submitted"),
    }
    return names.get(kind, kind)


def format_time(t_s: float) -> str:
    """``mm:ss.f`` (minutes grow past 59 rather than adding hours)."""
    tenths = max(0, math.floor(t_s * 10 + 1e-6))
    minutes, rest = divmod(tenths, 600)
    return f"{minutes:02d}:{rest // 10:02d}.{rest % 10}"


def draw_shape(painter: QPainter, style: EventStyle, centre: QPointF, r: float) -> None:
    """The kind's shape, filled with its colour and outlined in the text colour."""
    painter.setBrush(style.colour)
    x, y = centre.x(), centre.y()
    if style.shape == "circle":
        painter.drawEllipse(centre, r, r)
    elif style.shape == "square":
        painter.drawRect(QRectF(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7))
    elif style.shape == "diamond":
        painter.drawPolygon(
            QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])
        )
    elif style.shape == "down":
        painter.drawPolygon(
            QPolygonF([QPointF(x - r, y - r), QPointF(x + r, y - r), QPointF(x, y + r)])
        )
    elif style.shape == "up":
        painter.drawPolygon(
            QPolygonF([QPointF(x - r, y + r), QPointF(x + r, y + r), QPointF(x, y - r)])
        )
    elif style.shape == "cross":
        path = QPainterPath()
        w = r * 0.45
        for sign in (1, -1):
            poly = QPolygonF(
                [
                    QPointF(x - r, y - sign * (r - w)),
                    QPointF(x - r + w, y - sign * r),
                    QPointF(x + r, y + sign * (r - w)),
                    QPointF(x + r - w, y + sign * r),
                ]
            )
            path.addPolygon(poly)
            path.closeSubpath()
        path.setFillRule(Qt.FillRule.WindingFill)
        painter.drawPath(path.simplified())
    else:  # bar
        painter.drawRect(QRectF(x - r * 0.45, y - r * 1.1, r * 0.9, r * 2.2))


class TimelineWidget(QWidget):
    """The time bar. Click or drag to seek: ``scrubbed(t_s)`` follows the pointer and
    ``scrub_finished()`` comes when the button is let go. ``set_cursor(t_s)`` moves the
    cursor; ``set_data`` gives the duration, the events and the depth trace."""

    scrubbed = Signal(float)
    scrub_finished = Signal()

    MARGIN = 12.0
    EVENT_LANE = 34.0
    DEPTH_LANE = 70.0
    AXIS = 18.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefTimeline")
        self.setAccessibleName(QCoreApplication.translate("Debrief", "Timeline"))
        self.setMinimumHeight(int(self.EVENT_LANE + self.DEPTH_LANE + self.AXIS + 8))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.duration = 0.0
        self.cursor_t = 0.0
        self.events: list[tuple[float, str]] = []
        self.depth_points: list[tuple[float, float]] = []
        self.hidden_kinds: set[str] = set()
        self.dragging = False

    def sizeHint(self) -> QSize:
        return QSize(800, int(self.EVENT_LANE + self.DEPTH_LANE + self.AXIS + 8))

    # ------------------------------------------------------------------ data

    def set_data(
        self,
        duration: float,
        events: Sequence[tuple[float, str]],
        depth: Sequence[tuple[float, float]],
    ) -> None:
        self.duration = max(0.0, duration)
        self.events = list(events)
        self.depth_points = list(depth)
        self.update()

    def set_hidden_kinds(self, kinds: set[str]) -> None:
        self.hidden_kinds = set(kinds)
        self.update()

    def set_cursor(self, t_s: float) -> None:
        if t_s != self.cursor_t:
            self.cursor_t = t_s
            self.update()

    # ------------------------------------------------------------------ geometry

    def _span(self) -> tuple[float, float]:
        left = self.MARGIN
        return left, max(1.0, self.width() - 2 * self.MARGIN)

    def x_of(self, t_s: float) -> float:
        left, width = self._span()
        if self.duration <= 0:
            return left
        return left + width * min(max(t_s / self.duration, 0.0), 1.0)

    def t_of(self, x: float) -> float:
        left, width = self._span()
        return min(max((x - left) / width, 0.0), 1.0) * self.duration

    # ------------------------------------------------------------------ input

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.duration > 0:
            self.dragging = True
            self.scrubbed.emit(self.t_of(event.position().x()))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.dragging:
            self.scrubbed.emit(self.t_of(event.position().x()))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.dragging and event.button() == Qt.MouseButton.LeftButton:
            self.dragging = False
            self.scrubbed.emit(self.t_of(event.position().x()))
            self.scrub_finished.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The player's shortcuts handle the keys; let them through.
        event.ignore()

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        base = palette.color(QPalette.ColorRole.Base)
        left, width = self._span()
        top = 4.0
        lane = QRectF(left, top, width, self.EVENT_LANE)
        strip = QRectF(left, top + self.EVENT_LANE, width, self.DEPTH_LANE)
        painter.fillRect(lane.united(strip), base)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(lane.united(strip))
        self._paint_depth(painter, strip, text)
        self._paint_axis(painter, strip.bottom(), text)
        painter.setPen(QPen(text, 1))
        for t_s, kind in self.events:
            if kind in self.hidden_kinds:
                continue
            draw_shape(painter, event_style(kind), QPointF(self.x_of(t_s), lane.center().y()), 7)
        # The cursor over both lanes, with a handle on top.
        x = self.x_of(self.cursor_t)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(highlight, 2))
        painter.drawLine(QPointF(x, lane.top()), QPointF(x, strip.bottom()))
        painter.setBrush(highlight)
        painter.drawPolygon(
            QPolygonF([QPointF(x - 6, lane.top()), QPointF(x + 6, lane.top()), QPointF(x, top + 8)])
        )
        if self.hasFocus():
            painter.setPen(QPen(highlight, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_depth(self, painter: QPainter, strip: QRectF, text: QColor) -> None:
        def y_of(mm: float) -> float:
            return (
                strip.top()
                + 4
                + (strip.height() - 8) * min(max(mm, 0.0), DEPTH_AXIS_MM) / (DEPTH_AXIS_MM)
            )

        painter.setPen(QPen(text, 1))
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.drawText(
            QPointF(strip.left() + 4, strip.top() + 12),
            QCoreApplication.translate("Debrief", "CPR depth (mm)"),
        )
        if self.duration > 0 and len(self.depth_points) < 2:
            # Said plainly rather than left as an empty row (and no target band for
            # nothing to compare with it).
            painter.drawText(
                strip.adjusted(8, 16, -8, -2),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.depth_note(),
            )
            return
        low, high = DEPTH_TARGET_MM
        band = QColor(theme.BLUISH_GREEN)
        band.setAlpha(60)
        painter.fillRect(
            QRectF(strip.left(), y_of(low), strip.width(), y_of(high) - y_of(low)), band
        )
        right = strip.right() - 4 - painter.fontMetrics().horizontalAdvance("60")
        for mm in (low, high):
            painter.drawText(QPointF(right, y_of(mm) + (-2 if mm == low else 10)), f"{mm:.0f}")
        if self.duration <= 0:
            return
        path = QPainterPath()
        first = True
        gap = max(0.5, 3 * self.duration / max(1.0, strip.width()))
        previous_t = -math.inf
        for t_s, mm in self.depth_points:
            point = QPointF(self.x_of(t_s), y_of(mm))
            if first or t_s - previous_t > gap:
                path.moveTo(point)
                first = False
            else:
                path.lineTo(point)
            previous_t = t_s
        painter.setPen(QPen(theme.BLUE, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    @staticmethod
    def depth_note() -> str:
        """What the depth row says when the recording has no CPR trace."""
        return QCoreApplication.translate(
            "Debrief",
            "No manikin trace was stored for this recording, so there is no depth to show. "
            "The examiner's station stores one when the CPR metrics are recorded (F7), the "
            "scenario console when the scenario ends, practice when the attempt ends.",
        )

    def _paint_axis(self, painter: QPainter, y: float, text: QColor) -> None:
        if self.duration <= 0:
            return
        _left, width = self._span()
        steps = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
        step = next((s for s in steps if width * s / self.duration >= 70), steps[-1])
        painter.setPen(QPen(text, 1))
        t = 0.0
        while t <= self.duration + 1e-9:
            x = self.x_of(t)
            painter.drawLine(QPointF(x, y), QPointF(x, y + 4))
            whole = int(t)
            label = f"{whole // 60}:{whole % 60:02d}"
            if x + 2 + painter.fontMetrics().horizontalAdvance(label) <= self.width():
                painter.drawText(QPointF(x + 2, y + 14), label)
            t += step


class _Swatch(QWidget):
    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setFixedSize(18, 18)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.WindowText), 1))
        draw_shape(painter, event_style(self.kind), QPointF(9, 9), 7)
        painter.end()


class EventLegend(QWidget):
    """One swatch and name per event kind, plus the depth target band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefLegend")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        self.labels: dict[str, QLabel] = {}
        per_row = 4
        for at, kind in enumerate(EVENT_KINDS):
            row, column = divmod(at, per_row)
            layout.addWidget(_Swatch(kind, self), row, 2 * column)
            label = QLabel(self)
            self.labels[kind] = label
            layout.addWidget(label, row, 2 * column + 1)
        self.band = QLabel(self)
        last = len(EVENT_KINDS)
        layout.addWidget(self.band, last // per_row, 2 * (last % per_row), 1, -1)
        layout.setColumnStretch(2 * per_row, 1)
        self.retranslate()

    def retranslate(self) -> None:
        for kind, label in self.labels.items():
            label.setText(kind_name(kind))
        low, high = DEPTH_TARGET_MM
        self.band.setText(
            QCoreApplication.translate("Debrief", "Shaded: depth target {0}–{1} mm")
            .replace("{0}", f"{low:.0f}")
            .replace("{1}", f"{high:.0f}")
        )
