"""Standard setting and the psychometrics view: the station table with its quality
flags, the exam's figures, adopting a standard, and releasing the results."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assessments.psychometrics.model import FLAG_TEXT, Flag
from ui.coordinator.common import TOUCH_PX, figure, fill, when
from ui.coordinator.plots import StatisticsPlots
from ui.theme import Status, status_style

if TYPE_CHECKING:
    from assessments.psychometrics.model import ExamStatistics
    from reports.model import ExamReportData
    from station.services import ExamInfo, ReleaseInfo, StandardInfo
    from ui.context import AppContext

METHODS = ("brm", "borderline-group", "cohen")
STATION_COLUMNS = 10


class StandardsPanel(QWidget):
    """Statistics, flags, the standard and the release."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exam: ExamInfo | None = None
        self.statistics: ExamStatistics | None = None
        self._stale = False

        inputs = QHBoxLayout()
        self.borderline = QSpinBox(self)
        self.borderline.setRange(0, 9)
        self.borderline.setSpecialValueText(self.tr("each station's own"))
        self.borderline.setToolTip(
            self.tr("The global grade that means borderline, counted from 1 (0: each station's)")
        )
        self.sem = QDoubleSpinBox(self)
        self.sem.setRange(0.0, 3.0)
        self.sem.setSingleStep(0.5)
        self.sem.setValue(1.0)
        self.method = QComboBox(self)
        for text, value in (
            (self.tr("Borderline regression"), "brm"),
            (self.tr("Borderline group"), "borderline-group"),
            (self.tr("Cohen (60 % of the 95th percentile)"), "cohen"),
        ):
            self.method.addItem(text, value)
        for widget in (self.borderline, self.sem, self.method):
            widget.setMinimumHeight(TOUCH_PX)
        self.compute_button = QPushButton(self.tr("&Compute statistics"), self)
        self.compute_button.clicked.connect(self.refresh)
        self.adopt_button = QPushButton(self.tr("Adopt th&is standard"), self)
        self.adopt_button.clicked.connect(self.adopt)
        self.release_button = QPushButton(self.tr("&Release results"), self)
        self.release_button.clicked.connect(self.release)
        self.withdraw_reason = QLineEdit(self)
        self.withdraw_reason.setPlaceholderText(self.tr("Why the release is withdrawn"))
        self.withdraw_reason.setMinimumHeight(TOUCH_PX)
        self.withdraw_button = QPushButton(self.tr("&Withdraw the release"), self)
        self.withdraw_button.clicked.connect(self.withdraw)
        for button in (
            self.compute_button,
            self.adopt_button,
            self.release_button,
            self.withdraw_button,
        ):
            button.setMinimumHeight(TOUCH_PX)
        # Two rows, so that the statistics and their plots keep the height: what to
        # compute, then what to do with the standard.
        grid = QGridLayout()
        for column, (text, field) in enumerate(
            (
                (self.tr("&Borderline grade:"), self.borderline),
                (self.tr("SEM &multiplier:"), self.sem),
                (self.tr("Standard-setting met&hod:"), self.method),
            )
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            grid.addWidget(label, 0, 2 * column)
            grid.addWidget(field, 0, 2 * column + 1)
        grid.addWidget(self.compute_button, 0, 6)
        grid.addWidget(self.adopt_button, 1, 0, 1, 2)
        grid.addWidget(self.release_button, 1, 2, 1, 2)
        reason = QLabel(self.tr("Withdrawal reason:"), self)
        reason.setBuddy(self.withdraw_reason)
        withdraw = QHBoxLayout()
        withdraw.addWidget(reason)
        withdraw.addWidget(self.withdraw_reason, 1)
        grid.addLayout(withdraw, 1, 4, 1, 2)
        grid.addWidget(self.withdraw_button, 1, 6)
        grid.setColumnStretch(5, 1)
        inputs.addLayout(grid, 1)

        self.exam_figures = QLabel(self)
        self.exam_figures.setWordWrap(True)
        self.standard_label = QLabel(self)
        self.standard_label.setWordWrap(True)
        self.stations = QTableWidget(0, STATION_COLUMNS, self)
        self.stations.setHorizontalHeaderLabels(
            [
                self.tr("Station"),
                self.tr("n"),
                self.tr("Mean %"),
                self.tr("SD"),
                self.tr("R²"),
                self.tr("Cut %"),
                self.tr("Failing"),
                self.tr("α if deleted"),
                self.tr("Examiner η²"),
                self.tr("Flags"),
            ]
        )
        self.stations.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stations.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.stations.horizontalHeader().setStretchLastSection(True)
        self.stations.setAccessibleName(self.tr("Station statistics"))
        self.warnings = QListWidget(self)
        self.warnings.setAccessibleName(self.tr("Warnings"))
        self.warnings.setMaximumHeight(120)
        figures_box = QGroupBox(self.tr("Exam"), self)
        figures_layout = QVBoxLayout(figures_box)
        figures_layout.addWidget(self.exam_figures)
        figures_layout.addWidget(self.standard_label)

        table_page = QWidget(self)
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.stations, 1)
        table_layout.addWidget(QLabel(self.tr("Warnings:"), table_page))
        table_layout.addWidget(self.warnings)
        self.plots = StatisticsPlots(self)
        self.views = QTabWidget(self)
        self.views.addTab(table_page, self.tr("Table"))
        self.views.addTab(self.plots, self.tr("Plots"))

        layout = QVBoxLayout(self)
        layout.addLayout(inputs)
        layout.addWidget(figures_box)
        layout.addWidget(self.views, 1)

    def set_exam(self, exam: ExamInfo | None) -> None:
        self.exam = exam
        self.statistics = None
        self.plots.clear()
        self.stations.setRowCount(0)
        self.warnings.clear()
        self.exam_figures.setText("" if exam else self.tr("No exam chosen."))
        self.standard_label.clear()
        for button in (
            self.compute_button,
            self.adopt_button,
            self.release_button,
            self.withdraw_button,
        ):
            button.setEnabled(exam is not None)
        # The statistics take a while on a large exam: worked out when the section is
        # in view (now, or when it is next shown).
        self._stale = exam is not None
        if exam is not None and self.isVisible():
            self.refresh()

    def shown(self) -> None:
        """The section came into view: work out what changed meanwhile."""
        if self._stale:
            self.refresh()

    def _grade(self) -> int | None:
        value = self.borderline.value()
        return None if value == 0 else value - 1

    def refresh(self) -> None:
        exam, actor = self.exam, self.ctx.actor
        if exam is None or actor is None:
            return
        code = exam.code
        grade, sem = self._grade(), self.sem.value()
        self._stale = False

        def load(s: object) -> tuple[ExamReportData, StandardInfo | None, datetime | None]:
            # The exam report's data: the statistics `stats --exam` gives, and the
            # points, distributions and examiners the plots draw (one path for both).
            data = s.reporting.exam_report_data(  # type: ignore[attr-defined]
                actor, code, borderline_grade=grade, sem_multiplier=sem
            )
            return (
                data,
                s.release.standard(actor, code),  # type: ignore[attr-defined]
                s.release.results_released_at(actor, code),  # type: ignore[attr-defined]
            )

        def done(loaded: tuple[ExamReportData, StandardInfo | None, datetime | None]) -> None:
            if self.exam is not None and self.exam.code == code:
                data, standard, released = loaded
                self._show(data.statistics, standard, released)
                self.plots.show_data(data)

        self.ctx.worker.submit(load, on_done=done)

    def _show(
        self, stats: ExamStatistics, standard: StandardInfo | None, released: datetime | None
    ) -> None:
        self.statistics = stats
        summary = stats.exam
        flags = "; ".join(FLAG_TEXT[f] for f in summary.flags)
        ok = status_style(Status.OK)
        warn = status_style(Status.WARNING)
        failing = "—" if summary.failures is None else str(summary.failures)
        parts = (
            fill(
                self.tr("{0} candidates ({1} incomplete), {2} stations"),
                summary.candidates,
                summary.incomplete,
                summary.stations,
            ),
            fill(self.tr("mean {0} % (SD {1})"), figure(summary.mean, 1), figure(summary.sd, 1)),
            fill(self.tr("Cronbach's α {0}"), figure(summary.alpha)),
            fill(self.tr("SEM {0}"), figure(summary.sem, 1)),
            fill(self.tr("cut score {0} %"), figure(summary.cut_score, 1)),
            fill(self.tr("pass mark {0} %"), figure(summary.pass_mark, 1)),
            fill(self.tr("failing {0}"), failing)
            if summary.failures_pass_mark is None
            else fill(
                self.tr("failing {0} (exam results, pass mark {1} %)"),
                failing,
                figure(summary.failures_pass_mark, 1),
            ),
        )
        self.exam_figures.setText(
            " · ".join(parts)
            + "\n"
            + (f"{warn[1]} {flags}" if flags else f"{ok[1]} " + self.tr("No exam-level flags"))
        )
        self.stations.setRowCount(len(stats.stations))
        for row, station in enumerate(stats.stations):
            flag_text = "; ".join(FLAG_TEXT[f] for f in station.flags)
            values = (
                station.station_id,
                str(station.n),
                figure(station.mean, 1),
                figure(station.sd, 1),
                figure(station.r2),
                figure(station.cut_score, 1),
                "—" if station.failures is None else str(station.failures),
                figure(station.alpha_if_deleted),
                figure(station.examiner_eta2),
                f"{warn[1]} {flag_text}" if flag_text else f"{ok[1]} " + self.tr("none"),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if _flagged(column, station.flags):
                    item.setBackground(QBrush(warn[0]))
                    item.setForeground(QBrush(QColor("#000000")))
                    item.setToolTip(flag_text)
                self.stations.setItem(row, column, item)
        self.warnings.clear()
        for line in stats.warnings:
            self.warnings.addItem(f"{warn[1]} {line}")
        self._show_standard(standard, released)

    def _show_standard(
        self, standard: StandardInfo | None, released: datetime | None = None
    ) -> None:
        self.release_button.setEnabled(standard is not None and released is None)
        self.withdraw_button.setEnabled(released is not None)
        self.adopt_button.setEnabled(released is None)
        if standard is None:
            self.standard_label.setText(self.tr("No standard adopted yet; results are held back."))
            return
        text = fill(
            self.tr("Standard in force: {0}, cut score {1} %, pass mark {2} % (SEM × {3})."),
            standard.method,
            f"{standard.cut_score:.1f}",
            f"{standard.pass_mark:.1f}",
            f"{standard.sem_multiplier:g}",
        )
        text += " " + fill(
            self.tr("Adopted by {0} on {1}."), standard.adopted_by, when(standard.adopted_at)
        )
        if released:
            text += " " + self.tr(
                "Results released on {0}; withdraw the release to change it."
            ).replace("{0}", when(released))
        self.standard_label.setText(text)

    def flagged_stations(self) -> dict[str, tuple[Flag, ...]]:
        """The flags shown, by station (empty tuples included)."""
        if self.statistics is None:
            return {}
        return {s.station_id: s.flags for s in self.statistics.stations}

    def adopt(self) -> None:
        exam, actor = self.exam, self.ctx.actor
        if exam is None or actor is None:
            return
        code = exam.code
        method = str(self.method.currentData())
        grade, sem = self._grade(), self.sem.value()

        def done(standard: StandardInfo) -> None:
            self._show_standard(standard)
            self.ctx.message_bar.info(
                self.tr("Standard adopted for {0}: pass mark {1} %.")
                .replace("{0}", code)
                .replace("{1}", f"{standard.pass_mark:.1f}")
            )
            self.ctx.changed(code)

        self.ctx.worker.submit(
            lambda s: s.release.set_standard(
                actor, code, method=method, sem_multiplier=sem, borderline_grade=grade
            ),
            on_done=done,
        )

    def release(self) -> None:
        exam, actor = self.exam, self.ctx.actor
        if exam is None or actor is None:
            return
        code = exam.code

        def done(info: ReleaseInfo) -> None:
            self._show_standard(info.standard, info.released_at)
            self.ctx.message_bar.info(self.tr("Results of {0} released.").replace("{0}", code))
            self.ctx.changed(code)

        self.ctx.worker.submit(lambda s: s.release.release_results(actor, code), on_done=done)

    def withdraw(self) -> None:
        exam, actor = self.exam, self.ctx.actor
        if exam is None or actor is None:
            return
        reason = self.withdraw_reason.text().strip()
        if not reason:
            self.ctx.message_bar.warning(self.tr("Give the reason for withdrawing the release."))
            self.withdraw_reason.setFocus()
            return
        code = exam.code

        def done(info: ReleaseInfo) -> None:
            self.withdraw_reason.clear()
            self._show_standard(info.standard, info.released_at)
            self.ctx.message_bar.info(
                self.tr("The release of {0} is withdrawn; results are held back.").replace(
                    "{0}", code
                )
            )
            self.ctx.changed(code)

        self.ctx.worker.submit(
            lambda s: s.release.withdraw_release(actor, code, reason), on_done=done
        )


#: Which column each station flag points at.
_FLAG_COLUMNS: dict[Flag, int] = {
    Flag.LOW_R2: 4,
    Flag.BRM_UNDEFINED: 5,
    Flag.ALPHA_RISES_WITHOUT: 7,
    Flag.EXAMINER_EFFECT: 8,
    Flag.SAME_GRADE_EXAMINER: 9,
}


def _flagged(column: int, flags: tuple[Flag, ...]) -> bool:
    if column == STATION_COLUMNS - 1:
        return bool(flags)
    return any(_FLAG_COLUMNS.get(f) == column for f in flags)
