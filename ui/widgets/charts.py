"""The plots coordinators read beside the statistics: drawn with QPainter, from figures
computed off the GUI thread (the services' exam report data, the same the exam report
PDF draws).

- :class:`RegressionPlot`: one station's borderline regression: each candidate's global
  grade against their station score, the fitted line, and the cut score where the line
  crosses the borderline grade.
- :class:`DistributionPlot`: the spread of scores, with the pass mark or cut score.
- :class:`ExaminerPlot`: each examiner's mean score with its 95 % interval, so a hawk or a
  dove stands out from the others at a glance.

Each plot keeps what it drew in plot coordinates (``marks``), so tests and screen readers
(``accessibleDescription``) see the same figures the picture shows. Axis ticks come from
:func:`reports.ticks.nice_ticks`, as in the PDFs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from reports.ticks import nice_ticks

#: Okabe–Ito colours, as the rest of the station uses for status.
BLUE = QColor("#0072B2")
VERMILLION = QColor("#D55E00")
ORANGE = QColor("#E69F00")
GREY = QColor("#999999")

#: z for a two-sided 95 % interval of a mean (normal approximation).
Z95 = 1.96


@dataclass(frozen=True)
class ExaminerMean:
    """One examiner at one station: ``n`` candidates marked, their mean station score
    and its standard deviation (None when undefined)."""

    label: str
    n: int
    mean: float | None
    sd: float | None

    def interval(self) -> tuple[float, float] | None:
        """The 95 % interval of the mean (mean ± 1.96 · SD/√n), or None below n = 2."""
        if self.mean is None or self.sd is None or self.n < 2:
            return None
        half = Z95 * self.sd / math.sqrt(self.n)
        return (self.mean - half, self.mean + half)


class _Plot(QWidget):
    """Axes, ticks and titles in the palette's colours; subclasses draw the data."""

    MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_RIGHT = 52.0, 40.0, 16.0, 12.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(280, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.x_title = ""
        self.y_title = ""
        self.x_range = (0.0, 1.0)
        self.y_range = (0.0, 100.0)
        self.x_ticks: list[tuple[float, str]] = []
        self.y_ticks: list[tuple[float, str]] = []
        #: What was drawn, in data coordinates: (kind, values...).
        self.marks: list[tuple[object, ...]] = []

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def plot_rect(self) -> QRectF:
        return QRectF(
            self.MARGIN_LEFT,
            self.MARGIN_TOP,
            max(1.0, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
            max(1.0, self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM),
        )

    def to_pixel(self, x: float, y: float) -> QPointF:
        rect = self.plot_rect()
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        px = rect.left() + (x - x0) / ((x1 - x0) or 1.0) * rect.width()
        py = rect.bottom() - (y - y0) / ((y1 - y0) or 1.0) * rect.height()
        return QPointF(px, py)

    def _set_y(self, lo: float, hi: float, *, whole: bool = False) -> None:
        ticks = nice_ticks(lo, hi, whole=whole)
        self.y_range = (ticks[0], ticks[-1])
        self.y_ticks = [(t, f"{t:g}") for t in ticks]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        muted = QColor(ink)
        muted.setAlpha(90)
        rect = self.plot_rect()
        metrics = QFontMetricsF(self.font())
        painter.setPen(QPen(muted, 0.6))
        for value, text in self.y_ticks:
            y = self.to_pixel(self.x_range[0], value).y()
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(ink)
            width = metrics.horizontalAdvance(text)
            painter.drawText(QPointF(rect.left() - 6 - width, y + metrics.ascent() / 2 - 1), text)
            painter.setPen(QPen(muted, 0.6))
        painter.setPen(ink)
        slot = rect.width() / max(len(self.x_ticks), 1)
        # "3 Borderline" -> "3" for every tick when one of them has no room (the names
        # stay in the tooltip).
        short = any(metrics.horizontalAdvance(text) > slot - 4 for _v, text in self.x_ticks)
        for value, text in self.x_ticks:
            x = self.to_pixel(value, self.y_range[0]).x()
            if short:
                text = text.split(" ", 1)[0]
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() + 4))
            width = metrics.horizontalAdvance(text)
            painter.drawText(QPointF(x - width / 2, rect.bottom() + 6 + metrics.ascent()), text)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.topLeft())
        title_width = metrics.horizontalAdvance(self.x_title)
        painter.drawText(
            QPointF(rect.center().x() - title_width / 2, self.height() - 4), self.x_title
        )
        painter.save()
        painter.translate(metrics.ascent() + 2, rect.center().y())
        painter.rotate(-90)
        painter.drawText(QPointF(-metrics.horizontalAdvance(self.y_title) / 2, 0), self.y_title)
        painter.restore()
        painter.setClipRect(rect.adjusted(-6, -6, 6, 6))
        self.draw_data(painter, rect)
        painter.end()

    def draw_data(self, painter: QPainter, rect: QRectF) -> None:
        raise NotImplementedError

    def _marker_line(self, painter: QPainter, x: float | None, y: float | None, label: str) -> None:
        """A dashed vermillion line at x (vertical) or y (horizontal), labelled on a
        backdrop inside the plot."""
        rect = self.plot_rect()
        painter.setPen(QPen(VERMILLION, 1.6, Qt.PenStyle.DashLine))
        if x is not None:
            px = self.to_pixel(x, 0).x()
            painter.drawLine(QPointF(px, rect.top()), QPointF(px, rect.bottom()))
            anchor = QPointF(px + 4, rect.top() + 2)
        elif y is not None:
            py = self.to_pixel(0, y).y()
            painter.drawLine(QPointF(rect.left(), py), QPointF(rect.right(), py))
            anchor = QPointF(rect.left() + 4, py - 16)
        else:
            return
        metrics = QFontMetricsF(self.font())
        box = QRectF(
            anchor, QSize(int(metrics.horizontalAdvance(label)) + 6, int(metrics.height()))
        )
        if box.right() > rect.right():
            box.moveRight(rect.right() - 2)
        painter.fillRect(box, self.palette().color(QPalette.ColorRole.Base))
        painter.setPen(VERMILLION)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


class RegressionPlot(_Plot):
    """Global grade (x, 0-based steps labelled) against station score (y, %)."""

    def show_station(
        self,
        points: Sequence[tuple[float, float]],
        grade_labels: Sequence[str],
        *,
        intercept: float | None,
        slope: float | None,
        borderline_grade: int | None,
        cut_score: float | None,
        x_title: str,
        y_title: str,
        cut_label: str,
    ) -> None:
        self.points = [(float(g), float(p)) for g, p in points]
        steps = max(len(grade_labels), 1 + int(max((g for g, _ in self.points), default=0)))
        self.x_range = (-0.5, steps - 0.5)
        labels = list(grade_labels) + [str(i + 1) for i in range(len(grade_labels), steps)]
        self.x_ticks = [(float(i), f"{i + 1} {labels[i]}".strip()) for i in range(steps)]
        self._set_y(0.0, 100.0)
        self.line = (intercept, slope)
        self.borderline_grade = borderline_grade
        self.cut_score = cut_score
        self.cut_label = cut_label
        self.x_title, self.y_title = x_title, y_title
        self.marks = [("point", g, p) for g, p in self.points]
        if intercept is not None and slope is not None:
            self.marks.append(("line", intercept, slope))
        if cut_score is not None:
            self.marks.append(("cut", borderline_grade, cut_score))
        self.setAccessibleDescription(
            f"{len(self.points)} candidates; cut score "
            + ("—" if cut_score is None else f"{cut_score:.1f} %")
            + "; grades "
            + ", ".join(text for _value, text in self.x_ticks)
        )
        self.setToolTip("\n".join(text for _value, text in self.x_ticks))
        self.update()

    def draw_data(self, painter: QPainter, rect: QRectF) -> None:
        points = getattr(self, "points", [])
        painter.setPen(QPen(BLUE.darker(130), 1))
        fill = QColor(BLUE)
        fill.setAlpha(150)
        painter.setBrush(fill)
        seen: dict[tuple[float, float], int] = {}
        for grade, score in points:
            # Candidates with the same grade and score side by side, not on one spot.
            key = (grade, round(score))
            offset = seen.get(key, 0)
            seen[key] = offset + 1
            spread = (offset + 1) // 2 * (0.06 if offset % 2 else -0.06)
            painter.drawEllipse(self.to_pixel(grade + spread, score), 3.5, 3.5)
        intercept, slope = getattr(self, "line", (None, None))
        if intercept is not None and slope is not None:
            painter.setPen(QPen(ORANGE, 2))
            x0, x1 = self.x_range
            painter.drawLine(
                self.to_pixel(x0, intercept + slope * x0), self.to_pixel(x1, intercept + slope * x1)
            )
        cut = getattr(self, "cut_score", None)
        if cut is not None:
            self._marker_line(painter, None, cut, f"{self.cut_label} {cut:.1f} %")


class DistributionPlot(_Plot):
    """How many candidates scored in each band of 5 % (or ``bins`` bands)."""

    def show_scores(
        self,
        scores: Sequence[float],
        *,
        marker: float | None,
        marker_label: str,
        x_title: str,
        y_title: str,
        bins: int = 20,
    ) -> None:
        self.counts = [0] * bins
        width = 100.0 / bins
        for score in scores:
            self.counts[min(bins - 1, max(0, int(score // width)))] += 1
        self.bin_width = width
        self.x_range = (0.0, 100.0)
        self.x_ticks = [(t, f"{t:g}") for t in nice_ticks(0.0, 100.0)]
        tallest = max([*self.counts, 1])
        # Headroom for the marker's label above the tallest bar.
        self._set_y(0.0, tallest * 1.25 if marker is not None else tallest, whole=True)
        self.marker, self.marker_label = marker, marker_label
        self.x_title, self.y_title = x_title, y_title
        self.marks = [
            ("bar", i * width, (i + 1) * width, n) for i, n in enumerate(self.counts) if n
        ]
        if marker is not None:
            self.marks.append(("marker", marker))
        self.setAccessibleDescription(f"{len(scores)} scores")
        self.update()

    def draw_data(self, painter: QPainter, rect: QRectF) -> None:
        fill = QColor(BLUE)
        fill.setAlpha(170)
        painter.setPen(QPen(BLUE.darker(130), 1))
        painter.setBrush(fill)
        for kind, *values in self.marks:
            if kind == "bar":
                lo, hi, n = values
                top_left = self.to_pixel(float(lo), float(n))  # type: ignore[arg-type]
                bottom_right = self.to_pixel(float(hi), 0.0)  # type: ignore[arg-type]
                painter.drawRect(QRectF(top_left, bottom_right).adjusted(1, 0, -1, 0))
        marker = getattr(self, "marker", None)
        if marker is not None:
            self._marker_line(painter, marker, None, self.marker_label)


class ExaminerPlot(_Plot):
    """Each examiner's mean (a dot) and 95 % interval (a bar), one row each, with the
    mean of all examiners as a reference line."""

    def show_examiners(
        self, rows: Sequence[ExaminerMean], *, x_title: str, overall_label: str
    ) -> None:
        self.rows = list(rows)
        self.MARGIN_LEFT = 12.0 + max(
            (QFontMetricsF(self.font()).horizontalAdvance(r.label) for r in self.rows),
            default=40.0,
        )
        self.x_range = (0.0, 100.0)
        self.x_ticks = [(t, f"{t:g}") for t in nice_ticks(0.0, 100.0)]
        self.y_range = (-0.5, max(len(self.rows), 1) - 0.5)
        self.y_ticks = []
        self.x_title, self.y_title = x_title, ""
        means = [r.mean for r in self.rows if r.mean is not None]
        self.overall = sum(means) / len(means) if means else None
        self.overall_label = overall_label
        self.marks = []
        for index, row in enumerate(self.rows):
            self.marks.append(("examiner", index, row.mean, row.interval()))
        self.setMinimumHeight(
            max(220, int(self.MARGIN_TOP + self.MARGIN_BOTTOM + 26 * max(len(rows), 2)))
        )
        self.setAccessibleDescription(
            "; ".join(
                f"{r.label}: " + ("—" if r.mean is None else f"{r.mean:.1f} %") for r in self.rows
            )
        )
        self.update()

    def draw_data(self, painter: QPainter, rect: QRectF) -> None:
        rows = getattr(self, "rows", [])
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = QFontMetricsF(self.font())
        painter.setClipping(False)
        for index, row in enumerate(rows):
            index = len(rows) - 1 - index  # the first examiner on top
            y = self.to_pixel(0, float(index)).y()
            painter.setPen(ink)
            width = metrics.horizontalAdvance(row.label)
            painter.drawText(
                QPointF(rect.left() - 6 - width, y + metrics.ascent() / 2 - 1), row.label
            )
            interval = row.interval()
            if interval is not None:
                painter.setPen(QPen(BLUE, 2.5))
                lo, hi = (max(0.0, interval[0]), min(100.0, interval[1]))
                painter.drawLine(self.to_pixel(lo, index), self.to_pixel(hi, index))
            if row.mean is not None:
                painter.setPen(QPen(BLUE.darker(140), 1))
                painter.setBrush(BLUE)
                painter.drawEllipse(self.to_pixel(row.mean, index), 5, 5)
        overall = getattr(self, "overall", None)
        if overall is not None:
            self._marker_line(painter, overall, None, f"{self.overall_label} {overall:.1f} %")
