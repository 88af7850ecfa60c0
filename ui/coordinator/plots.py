"""The statistics as pictures, beside the table: for the whole exam or one station, the
score distribution with the pass mark (or cut score), the borderline regression with its
line and cut, and the examiners' means with their 95 % intervals.

It draws the exam report's data (``ReportingServices.exam_report_data``), read on the
service worker with the statistics: the same figures the exam report PDF prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.charts import DistributionPlot, ExaminerMean, ExaminerPlot, RegressionPlot

if TYPE_CHECKING:
    from reports.model import ExamReportData

#: The choice "the whole exam" in the station box.
WHOLE_EXAM = ""


class StatisticsPlots(QWidget):
    """Three plots for the exam or the station chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ExamReportData | None = None
        self.station_box = QComboBox(self)
        self.station_box.setAccessibleName(self.tr("Station to plot"))
        self.station_box.setMinimumHeight(44)
        self.station_box.currentIndexChanged.connect(self._draw)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        # The three side by side, scrolled when the window is too small for them (they
        # never squeeze below a readable size or overlap).
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        canvas = QWidget(area)
        self.distribution = DistributionPlot(canvas)
        self.regression = RegressionPlot(canvas)
        self.examiners = ExaminerPlot(canvas)
        row = QHBoxLayout(canvas)
        row.setContentsMargins(0, 0, 0, 0)
        for plot in (self.distribution, self.regression, self.examiners):
            plot.setMinimumSize(300, 220)
            row.addWidget(plot, 1)
        area.setWidget(canvas)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Plot:"), self))
        top.addWidget(self.station_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(area, 1)
        self.clear()

    def clear(self) -> None:
        self.data = None
        self.station_box.blockSignals(True)
        self.station_box.clear()
        self.station_box.blockSignals(False)
        self.note.setText(self.tr("Compute the statistics to see them plotted."))
        for plot in (self.distribution, self.regression, self.examiners):
            plot.hide()

    def show_data(self, data: ExamReportData) -> None:
        """Draw ``data``, keeping the station chosen when it is still there."""
        chosen = self.station_box.currentData()
        self.data = data
        self.station_box.blockSignals(True)
        self.station_box.clear()
        self.station_box.addItem(self.tr("The whole exam"), WHOLE_EXAM)
        for key, title in data.station_titles:
            self.station_box.addItem(f"{title} ({key})", key)
        index = self.station_box.findData(chosen) if chosen is not None else 0
        self.station_box.setCurrentIndex(max(index, 0))
        self.station_box.blockSignals(False)
        self._draw()

    def station(self) -> str:
        value = self.station_box.currentData()
        return value if isinstance(value, str) else WHOLE_EXAM

    def _draw(self, _index: int = -1) -> None:
        data = self.data
        if data is None:
            return
        key = self.station()
        stats = {s.station_id: s for s in data.statistics.stations}
        percent = self.tr("Score (%)")
        count = self.tr("Candidates")
        if key == WHOLE_EXAM:
            pass_mark = (
                data.adopted_pass_mark
                if data.adopted_pass_mark is not None
                else data.statistics.exam.pass_mark
            )
            self.distribution.show_scores(
                data.totals,
                marker=pass_mark,
                marker_label=""
                if pass_mark is None
                else self.tr("Pass mark {0} %").replace("{0}", f"{pass_mark:.1f}"),
                x_title=self.tr("Total (%)"),
                y_title=count,
            )
            self.regression.hide()
            rows = [
                ExaminerMean(f"{r.examiner} · {r.station_key}", r.encounters, r.mean, r.sd)
                for r in data.examiners
            ]
            self.note.setText(
                self.tr(
                    "Totals of the candidates who sat every station. Choose a station "
                    "for its borderline regression."
                )
            )
        else:
            station = stats.get(key)
            scores = dict(data.distributions).get(key, ())
            cut = None if station is None else station.cut_score
            self.distribution.show_scores(
                scores,
                marker=cut,
                marker_label=""
                if cut is None
                else self.tr("Cut score {0} %").replace("{0}", f"{cut:.1f}"),
                x_title=percent,
                y_title=count,
            )
            regression = next((r for r in data.regressions if r.station_key == key), None)
            if regression is not None and station is not None:
                self.regression.show_station(
                    regression.points,
                    regression.grade_labels,
                    intercept=station.intercept,
                    slope=station.discrimination,
                    borderline_grade=station.borderline_grade,
                    cut_score=station.cut_score,
                    x_title=self.tr("Global grade"),
                    y_title=percent,
                    cut_label=self.tr("Cut score"),
                )
                self.regression.show()
            else:
                self.regression.hide()
            rows = [
                ExaminerMean(r.examiner, r.encounters, r.mean, r.sd)
                for r in data.examiners
                if r.station_key == key
            ]
            self.note.setText(
                self.tr(
                    "Each dot a candidate; the line is the regression, and the cut score is "
                    "where it crosses the borderline grade."
                )
                if regression is not None
                else self.tr("This station has no global rating: no borderline regression.")
            )
        self.examiners.show_examiners(
            rows, x_title=self.tr("Mean score (%) with its 95 % interval"),
            overall_label=self.tr("All examiners"),
        )  # fmt: skip
        self.distribution.show()
        self.examiners.setVisible(bool(rows))
