"""The practice view's gauges and charts, drawn with ``QPainter``.

Each live gauge is a :class:`FeedbackCard`: a caption, a drawing, a large value and a
feedback line that always says in words and with a symbol what the colour says (✓ on
target, ▲/▼ off target, ✖ act now), so the feedback reads across a bench and for
colour-blind trainees alike. Colours are the Okabe–Ito ones of :mod:`ui.theme`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from devices.cpr.analysis import CompressionRecord
from devices.cpr.profiles import ADULT, CprTargets
from ui.theme import BLUE, BLUISH_GREEN, GREY, ORANGE, VERMILLION

__all__ = [
    "BAD",
    "OK",
    "WARN",
    "CompressionChart",
    "DepthBar",
    "FeedbackCard",
    "LevelBar",
    "ProgressChart",
    "PulseLight",
    "RateDial",
]

#: What a feedback state looks like: on target, off target, act now, nothing yet.
OK, WARN, BAD, NONE = "ok", "warn", "bad", "none"
COLOURS: dict[str, QColor] = {OK: BLUISH_GREEN, WARN: ORANGE, BAD: VERMILLION, NONE: GREY}


def _shade(colour: QColor, alpha: int) -> QColor:
    shaded = QColor(colour)
    shaded.setAlpha(alpha)
    return shaded


def _big_font(base: QFont, factor: float, *, bold: bool = True) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(base.pointSizeF(), 10.0) * factor)
    font.setBold(bold)
    return font


class FeedbackCard(QFrame):
    """A caption, a drawing, a large value and a feedback line, for one live figure."""

    def __init__(self, drawing: QWidget | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setFont(_big_font(self.font(), 1.1))
        self.value = QLabel("—", self)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setFont(_big_font(self.font(), 2.2))
        self.value.setMinimumHeight(44)
        self.feedback = QLabel("", self)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.feedback.setWordWrap(True)
        self.feedback.setFont(_big_font(self.font(), 1.25))
        self.feedback.setMinimumHeight(44)
        # The words change several times a second: their width must not drive the
        # layout, or the whole panel jitters as they change.
        for label in (self.value, self.feedback):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.drawing = drawing
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        if drawing is not None:
            drawing.setParent(self)
            layout.addWidget(drawing, 1)
        layout.addWidget(self.value)
        layout.addWidget(self.feedback)
        self.state = NONE

    def show_value(self, value: str, feedback: str, state: str) -> None:
        """Show ``value`` and the ``feedback`` words, coloured by ``state``."""
        self.state = state
        self.value.setText(value)
        self.feedback.setText(feedback)
        colour = COLOURS[state]
        self.feedback.setStyleSheet("" if state == NONE else f"color: {colour.name()};")


class DepthBar(QWidget):
    """The chest seen from the side: depth grows downwards, the target band shaded;
    the fill is the depth now, the marker the last compression's deepest point."""

    def __init__(self, targets: CprTargets = ADULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.targets = targets
        self.now_mm: float | None = None
        self.peak: float | None = None
        self.peak_state = NONE
        self.setMinimumSize(110, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def scale_mm(self) -> float:
        return max(80.0, self.targets.depth_max_mm + 20.0)

    def set_values(self, depth: float | None, peak: float | None, peak_state: str) -> None:
        if (depth, peak, peak_state) != (self.now_mm, self.peak, self.peak_state):
            self.now_mm, self.peak, self.peak_state = depth, peak, peak_state
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        full = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        bar = QRectF(
            full.center().x() - full.width() * 0.2, full.top(), full.width() * 0.4, full.height()
        )
        scale = self.scale_mm

        def y_of(mm: float) -> float:
            return bar.top() + bar.height() * min(max(mm, 0.0), scale) / scale

        palette = self.palette()
        painter.fillRect(bar, palette.base())
        band = QRectF(
            bar.left(),
            y_of(self.targets.depth_min_mm),
            bar.width(),
            y_of(self.targets.depth_max_mm) - y_of(self.targets.depth_min_mm),
        )
        painter.fillRect(band, _shade(BLUISH_GREEN, 70))
        if self.now_mm is not None:
            painter.fillRect(
                QRectF(bar.left(), bar.top(), bar.width(), y_of(self.now_mm) - bar.top()),
                _shade(BLUE, 170),
            )
        painter.setPen(QPen(palette.text().color(), 1))
        painter.drawRect(bar)
        # The band's limits, labelled beside the bar.
        for mm in (self.targets.depth_min_mm, self.targets.depth_max_mm):
            y = y_of(mm)
            painter.drawLine(QPointF(bar.left() - 6, y), QPointF(bar.right() + 6, y))
            painter.drawText(
                QRectF(bar.right() + 8, y - 10, full.right() - bar.right() - 8, 20),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{mm:g}",
            )
        if self.peak is not None:
            y = y_of(self.peak)
            colour = COLOURS[self.peak_state]
            painter.setPen(QPen(colour, 4))
            painter.drawLine(QPointF(bar.left(), y), QPointF(bar.right(), y))
            arrow = QPainterPath()
            arrow.moveTo(bar.left() - 2, y)
            arrow.lineTo(bar.left() - 14, y - 8)
            arrow.lineTo(bar.left() - 14, y + 8)
            arrow.closeSubpath()
            painter.fillPath(arrow, QBrush(colour))


class RateDial(QWidget):
    """A half dial from 60 to 160 /min with the target band marked and a needle."""

    LOW, HIGH = 60.0, 160.0

    def __init__(self, targets: CprTargets = ADULT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.targets = targets
        self.rate: float | None = None
        self.state = NONE
        self.setMinimumSize(160, 100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_rate(self, rate: float | None, state: str) -> None:
        if (rate, state) != (self.rate, self.state):
            self.rate, self.state = rate, state
            self.update()

    def _angle(self, rate: float) -> float:
        """Degrees counter-clockwise from 3 o'clock: 180 at LOW, 0 at HIGH."""
        share = (min(max(rate, self.LOW), self.HIGH) - self.LOW) / (self.HIGH - self.LOW)
        return 180.0 * (1.0 - share)

    def _geometry(self) -> tuple[QPointF, float, float]:
        """The dial's centre, radius and arc width. Room is kept below the centre for
        the end labels, which sit level with it."""
        area = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        radius = min(area.width() / 2, area.height())
        centre = QPointF(area.center().x(), area.top() + radius)
        return centre, radius, max(8.0, radius * 0.16)

    def label_boxes(self) -> list[tuple[float, QRectF]]:
        """Where each scale label is drawn: (rate, box), each box centred on its point
        of the scale, inside the widget."""
        centre, radius, width = self._geometry()
        inner = radius - width - 4
        boxes = []
        for rate in (self.LOW, self.targets.rate_min_cpm, self.targets.rate_max_cpm, self.HIGH):
            angle = math.radians(self._angle(rate))
            x = centre.x() + inner * math.cos(angle)
            y = centre.y() - inner * math.sin(angle)
            boxes.append((rate, QRectF(x - 14, y - 8, 28, 16)))
        return boxes

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre, radius, width = self._geometry()
        box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        text = self.palette().text().color()
        painter.setPen(
            QPen(_shade(GREY, 120), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        )
        painter.drawArc(box.adjusted(width / 2, width / 2, -width / 2, -width / 2), 0, 180 * 16)
        start = self._angle(self.targets.rate_max_cpm)
        span = self._angle(self.targets.rate_min_cpm) - start
        painter.setPen(QPen(BLUISH_GREEN, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawArc(
            box.adjusted(width / 2, width / 2, -width / 2, -width / 2),
            int(start * 16),
            int(span * 16),
        )
        painter.setPen(QPen(text, 1))
        for rate, label in self.label_boxes():
            painter.drawText(label, int(Qt.AlignmentFlag.AlignCenter), f"{rate:g}")
        if self.rate is not None:
            angle = math.radians(self._angle(self.rate))
            tip = QPointF(
                centre.x() + (radius - 2) * math.cos(angle),
                centre.y() - (radius - 2) * math.sin(angle),
            )
            painter.setPen(QPen(COLOURS[self.state] if self.state != NONE else text, 5))
            painter.drawLine(centre, tip)
            painter.setBrush(QBrush(text))
            painter.drawEllipse(centre, 6, 6)


class LevelBar(QWidget):
    """A horizontal bar from 0 to ``maximum`` with a limit marked: the release depth
    against the full-recoil limit, the hands-off time against the pause limit."""

    def __init__(self, maximum: float, limit: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maximum = maximum
        self.limit = limit
        self.level: float | None = None
        self.state = NONE
        self.setMinimumSize(120, 28)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_level(self, level: float | None, state: str) -> None:
        if (level, state) != (self.level, self.state):
            self.level, self.state = level, state
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        bar = QRectF(area.left(), area.center().y() - 12, area.width(), 24)
        painter.fillRect(bar, self.palette().base())
        if self.level is not None and self.maximum > 0:
            share = min(max(self.level / self.maximum, 0.0), 1.0)
            colour = COLOURS[self.state]
            painter.fillRect(
                QRectF(bar.left(), bar.top(), bar.width() * share, bar.height()), colour
            )
        painter.setPen(QPen(self.palette().text().color(), 1))
        painter.drawRect(bar)
        x = bar.left() + bar.width() * min(self.limit / self.maximum, 1.0)
        painter.setPen(QPen(self.palette().text().color(), 3))
        painter.drawLine(QPointF(x, bar.top() - 4), QPointF(x, bar.bottom() + 4))


class PulseLight(QWidget):
    """The metronome's visual beat: a disc that fills on each beat."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lit = False
        self.setMinimumSize(44, 44)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_lit(self, lit: bool) -> None:
        if lit != self.lit:
            self.lit = lit
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        painter.setPen(QPen(BLUE, 3))
        painter.setBrush(QBrush(BLUE) if self.lit else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box)


class CompressionChart(QWidget):
    """One bar per compression (its depth, target band shaded) and its rate as a
    marker on a second scale. A bar in the band is solid; one outside is hatched, so
    the chart reads without colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: tuple[CompressionRecord, ...] = ()
        self.targets: CprTargets = ADULT
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Depth and rate of each compression"))

    def set_data(self, records: Sequence[CompressionRecord], targets: CprTargets) -> None:
        self.records = tuple(records)
        self.targets = targets
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.text().color()
        area = QRectF(self.rect()).adjusted(44, 26, -44, -22)
        painter.fillRect(area, palette.base())
        tg = self.targets
        depth_scale = max(80.0, tg.depth_max_mm + 20.0)
        rate_low, rate_high = 60.0, 160.0

        def y_depth(mm: float) -> float:
            return area.bottom() - area.height() * min(max(mm, 0.0), depth_scale) / depth_scale

        def y_rate(rate: float) -> float:
            share = (min(max(rate, rate_low), rate_high) - rate_low) / (rate_high - rate_low)
            return area.bottom() - area.height() * share

        band = QRectF(
            area.left(),
            y_depth(tg.depth_max_mm),
            area.width(),
            y_depth(tg.depth_min_mm) - y_depth(tg.depth_max_mm),
        )
        painter.fillRect(band, _shade(BLUISH_GREEN, 50))
        painter.setPen(QPen(text, 1))
        painter.drawRect(area)
        small = QFont(self.font())
        painter.setFont(small)
        for mm in (0.0, tg.depth_min_mm, tg.depth_max_mm, depth_scale):
            painter.drawText(
                QRectF(0, y_depth(mm) - 8, area.left() - 4, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{mm:g}",
            )
        for rate in (rate_low, tg.rate_min_cpm, tg.rate_max_cpm, rate_high):
            painter.drawText(
                QRectF(area.right() + 4, y_rate(rate) - 8, 40, 16),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{rate:g}",
            )
        painter.drawText(
            QRectF(area.left(), 2, area.width(), 20),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.tr(
                "Bars: depth (mm, left; solid = in the band, hatched = outside)  "
                "● rate (/min, right; ○ = outside the band)"
            ),
        )
        if not self.records:
            painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter), self.tr("No compressions"))
            return
        n = len(self.records)
        step = area.width() / n
        bar_w = max(1.0, step * 0.7)
        dash = QPen(BLUE, 1, Qt.PenStyle.DashLine)
        painter.setPen(dash)
        for rate in (tg.rate_min_cpm, tg.rate_max_cpm):
            painter.drawLine(
                QPointF(area.left(), y_rate(rate)), QPointF(area.right(), y_rate(rate))
            )
        for i, record in enumerate(self.records):
            x = area.left() + i * step + (step - bar_w) / 2
            top = y_depth(record.depth_mm)
            rect = QRectF(x, top, bar_w, area.bottom() - top)
            inside = tg.depth_min_mm <= record.depth_mm <= tg.depth_max_mm
            if inside:
                painter.fillRect(rect, BLUISH_GREEN)
            else:
                painter.fillRect(rect, _shade(ORANGE, 110))
                painter.fillRect(rect, QBrush(VERMILLION, Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(BLUE, 2))
        radius = max(2.0, min(5.0, step * 0.35))
        for i, record in enumerate(self.records):
            if record.rate_cpm is None:
                continue
            centre = QPointF(area.left() + (i + 0.5) * step, y_rate(record.rate_cpm))
            inside = tg.rate_min_cpm <= record.rate_cpm <= tg.rate_max_cpm
            painter.setBrush(QBrush(BLUE) if inside else Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius, radius)
        painter.setPen(QPen(text, 1))
        painter.drawText(
            QRectF(area.left(), area.bottom() + 2, area.width(), 18),
            int(Qt.AlignmentFlag.AlignCenter),
            self.tr("Compressions 1 to {0}").replace("{0}", str(n)),
        )


class ProgressChart(QWidget):
    """The scores of the finished attempts in the order they were made (0-100)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[float] = []
        self.setMinimumSize(320, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Scores of my attempts over time"))

    def set_scores(self, scores: Sequence[float]) -> None:
        self.points = list(scores)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.text().color()
        area = QRectF(self.rect()).adjusted(40, 12, -16, -24)
        painter.fillRect(area, palette.base())
        painter.setPen(QPen(text, 1))
        painter.drawRect(area)

        def y_of(score: float) -> float:
            return area.bottom() - area.height() * min(max(score, 0.0), 100.0) / 100.0

        for score in (0.0, 50.0, 100.0):
            painter.drawText(
                QRectF(0, y_of(score) - 8, area.left() - 4, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{score:g}",
            )
        painter.drawText(
            QRectF(area.left(), area.bottom() + 2, area.width(), 20),
            int(Qt.AlignmentFlag.AlignCenter),
            self.tr("Scored attempts, oldest to newest"),
        )
        if not self.points:
            painter.drawText(
                area, int(Qt.AlignmentFlag.AlignCenter), self.tr("No scored attempts yet")
            )
            return
        n = len(self.points)
        step = area.width() / max(n, 1)
        centres = [
            QPointF(area.left() + (i + 0.5) * step, y_of(s)) for i, s in enumerate(self.points)
        ]
        painter.setPen(QPen(BLUE, 3))
        for a, b in pairwise(centres):
            painter.drawLine(a, b)
        painter.setBrush(QBrush(BLUE))
        for centre, score in zip(centres, self.points, strict=True):
            painter.drawEllipse(centre, 5, 5)
            painter.setPen(QPen(text, 1))
            painter.drawText(
                QRectF(centre.x() - 24, centre.y() - 22, 48, 16),
                int(Qt.AlignmentFlag.AlignCenter),
                f"{score:.0f}",
            )
            painter.setPen(QPen(BLUE, 3))
