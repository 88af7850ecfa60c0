"""The pages of the practice screen: choosing a skill, the summary of an attempt and
the trainee's history. Widgets only: they say what the trainee asked for through
signals, and :class:`~ui.practice.station.PracticeStation` does it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessments.scoring import ItemState
from devices.camera.rate import VideoRateResult
from devices.cpr.analysis import CprSummary
from devices.cpr.profiles import PROFILES, CprTargets
from station.services import PracticeInfo
from ui.practice.attempts import CAMERA, MANIKIN, Skill, SummaryData, video_metrics
from ui.practice.selfcheck import SelfAssessmentResult
from ui.practice.widgets import CompressionChart, ProgressChart
from ui.theme import Status, status_style
from ui.widgets.big_button import BigButton

__all__ = ["ChooseSkill", "HistoryPage", "SummaryPage", "clock_text"]


def _title_font(widget: QWidget, factor: float = 1.5) -> None:
    font = widget.font()
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * factor)
    font.setBold(True)
    widget.setFont(font)


class ChooseSkill(QWidget):
    """The first page: the skills, the patient profile and Start."""

    startRequested = Signal()
    historyRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.skills: list[Skill] = []
        self.heading = QLabel(self)
        _title_font(self.heading)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("practiceSkills")
        font = self.list.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.3)
        self.list.setFont(font)
        self.list.itemActivated.connect(lambda _item: self.startRequested.emit())
        self.list.currentRowChanged.connect(self._selected)
        self.profile_label = QLabel(self)
        self.profile = QComboBox(self)
        self.profile.setMinimumHeight(44)
        self.source_label = QLabel(self)
        self.source = QComboBox(self)
        self.source.setObjectName("practiceSource")
        self.source.setMinimumHeight(44)
        self.source_label.setBuddy(self.source)
        self.source.currentIndexChanged.connect(lambda _i: self._update_record())
        self.record_box = QCheckBox(self)
        self.record_box.setObjectName("practiceRecord")
        self.record_box.setMinimumHeight(44)
        self.device_label = QLabel(self)
        self.device_label.setWordWrap(True)
        self._device_url = ""
        self._camera_url = ""
        self.start_button = BigButton("", self)
        self.start_button.setObjectName("practiceStart")
        self.start_button.clicked.connect(self.startRequested)
        self.history_button = BigButton("", self)
        self.history_button.clicked.connect(self.historyRequested)
        self.profile_label.setBuddy(self.profile)
        row = QHBoxLayout()
        row.addWidget(self.profile_label)
        row.addWidget(self.profile, 1)
        row.addWidget(self.source_label)
        row.addWidget(self.source, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.record_box)
        layout.addWidget(self.device_label)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Practise a skill"))
        self.hint.setText(
            self.tr(
                "Choose a skill and press Start (Enter). CPR skills give live feedback from "
                "the manikin, or the rate alone from a camera; the others are self-assessed "
                "against the station's checklist."
            )
        )
        self.profile_label.setText(self.tr("&Patient:"))
        self.start_button.setText(self.tr("&Start"))
        self.history_button.setText(self.tr("My &attempts"))
        current = self.profile.currentData()
        self.profile.clear()
        for name in PROFILES:
            self.profile.addItem(
                {"adult": self.tr("Adult"), "child": self.tr("Child"), "infant": self.tr("Infant")}[
                    name
                ],
                name,
            )
        if current is not None:
            self.profile.setCurrentIndex(max(0, self.profile.findData(current)))
        self.source_label.setText(self.tr("&Feedback from:"))
        chosen = self.source.currentData()
        self.source.blockSignals(True)
        self.source.clear()
        self.source.addItem(self.tr("Manikin (depth, rate, recoil)"), MANIKIN)
        self.source.addItem(self.tr("Camera (rate only)"), CAMERA)
        if chosen is not None:
            self.source.setCurrentIndex(max(0, self.source.findData(chosen)))
        self.source.blockSignals(False)
        self.record_box.setText(
            self.tr(
                "&Record a video of my attempt (my consent; only I and the coordinators see it)"
            )
        )
        self._fill()
        self._update_record()
        self._show_sources()

    def set_skills(self, skills: list[Skill]) -> None:
        """Show ``skills``, keeping the chosen one chosen (else the first)."""
        chosen = self.skill.key if self.skill is not None else None
        self.skills = skills
        self._fill()
        keys = [s.key for s in skills]
        if skills:
            self.list.setCurrentRow(keys.index(chosen) if chosen in keys else 0)

    def _fill(self) -> None:
        row = self.list.currentRow()
        self.list.clear()
        for skill in self.skills:
            kind = (
                self.tr("CPR with live feedback")
                if skill.uses_device
                else self.tr("self-assessment")
            )
            item = QListWidgetItem(f"{'♥' if skill.uses_device else '☑'}  {skill.title} — {kind}")
            item.setSizeHint(QSize(0, 56))
            self.list.addItem(item)
        if 0 <= row < len(self.skills):
            self.list.setCurrentRow(row)

    @property
    def skill(self) -> Skill | None:
        row = self.list.currentRow()
        return self.skills[row] if 0 <= row < len(self.skills) else None

    @property
    def targets(self) -> CprTargets:
        return PROFILES[str(self.profile.currentData() or "adult")]

    @property
    def feedback_source(self) -> str:
        """:data:`MANIKIN` or :data:`CAMERA`: where a CPR attempt's feedback comes from."""
        return str(self.source.currentData() or MANIKIN)

    def set_feedback_source(self, source: str) -> None:
        self.source.setCurrentIndex(max(0, self.source.findData(source)))

    @property
    def uses_camera(self) -> bool:
        """Whether the chosen attempt takes its rate from the camera."""
        skill = self.skill
        return skill is not None and skill.uses_device and self.feedback_source == CAMERA

    @property
    def record(self) -> bool:
        """Whether the trainee chose to record the attempt (and it can be)."""
        return self.record_box.isEnabled() and self.record_box.isChecked()

    def _selected(self, row: int) -> None:
        skill = self.skill
        uses_device = skill is not None and skill.uses_device
        self.profile.setEnabled(uses_device)
        self.source.setEnabled(uses_device)
        if skill is not None and skill.profile is not None:
            self.profile.setCurrentIndex(max(0, self.profile.findData(skill.profile)))
        self._update_record()

    def _update_record(self) -> None:
        """Recording needs a camera, and one that the rate is not already reading."""
        can = bool(self._camera_url) and not self.uses_camera
        self.record_box.setEnabled(can)
        if not self._camera_url:
            tip = self.tr("No camera is set: choose one in the settings.")
        elif self.uses_camera:
            tip = self.tr("The camera is measuring the rate: it cannot also record.")
        else:
            tip = self.tr("The video is kept with the attempt for your own review.")
        self.record_box.setToolTip(tip)

    def show_device(self, url: str, camera: str = "") -> None:
        """Show the feedback device and camera from the settings. Without a device,
        a camera is chosen for CPR."""
        had_device = bool(self._device_url)
        self._device_url, self._camera_url = url, camera
        if not url and camera:
            self.set_feedback_source(CAMERA)
        elif url and not had_device:
            self.set_feedback_source(MANIKIN)
        self._show_sources()
        self._update_record()

    def _show_sources(self) -> None:
        none = self.tr("none")
        self.device_label.setText(
            self.tr("Feedback device: {0} · Camera: {1} (change them in the settings)")
            .replace("{0}", self._device_url or none)
            .replace("{1}", self._camera_url or none)
        )


class SummaryPage(QWidget):
    """The result of an attempt: the score, the figures and the per-compression chart."""

    againRequested = Signal()
    historyRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: SummaryData | None = None
        self.heading = QLabel(self)
        _title_font(self.heading)
        self.score = QLabel("—", self)
        self.score.setObjectName("practiceScore")
        _title_font(self.score, 2.4)
        self.model = QStandardItemModel(0, 3, self)
        self.table = QTableView(self)
        self.table.setObjectName("practiceFigures")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.chart = CompressionChart(self)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.again_button = BigButton("", self)
        self.again_button.setObjectName("practiceAgain")
        self.again_button.clicked.connect(self.againRequested)
        self.history_button = BigButton("", self)
        self.history_button.clicked.connect(self.historyRequested)
        grid = QGridLayout()
        grid.addWidget(self.table, 0, 0)
        grid.addWidget(self.chart, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        self.grid = grid
        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.score)
        layout.addLayout(grid, 1)
        layout.addWidget(self.notes)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.again_button.setText(self.tr("P&ractise again"))
        self.history_button.setText(self.tr("My &attempts"))
        if self.data is not None:
            self.show_data(self.data)

    def show_data(self, data: SummaryData) -> None:
        self.data = data
        self.heading.setText(self.tr("Attempt saved: {0}").replace("{0}", data.attempt.title))
        score = data.attempt.score
        if data.video_targets is not None:
            self.score.setText(self.tr("Rate only, from the camera: no score"))
        else:
            self.score.setText(
                # One decimal, as the practice report prints it (99.6, not a rounded 100).
                self.tr("Score: {0} / 100").replace("{0}", "—" if score is None else f"{score:.1f}")
            )
        self.model.removeRows(0, self.model.rowCount())
        self.model.setHorizontalHeaderLabels(
            [self.tr("Figure"), self.tr("Yours"), self.tr("Target")]
        )
        if data.cpr is not None:
            self._cpr_rows(data.cpr)
            self.chart.show()
            self.grid.setColumnStretch(1, 3)
            self.chart.set_data(data.cpr.per_compression, data.cpr.targets)
            self.notes.setText("\n".join(data.cpr.warnings))
        elif data.video_targets is not None:
            self._video_rows(data.video, data.video_targets)
            self.chart.hide()
            self.grid.setColumnStretch(1, 0)  # the table takes the width
            if data.video is None:
                self.notes.setText(
                    self.tr("The camera saw less than 5 s of video: no rate could be measured.")
                )
            else:
                self.notes.setText(
                    self.tr(
                        "Measured from the camera: the rate only, as feedback for practice "
                        "(no score: depth and recoil need a manikin)."
                    )
                )
        elif data.self_assessment is not None:
            self._checklist_rows(data.self_assessment)
            self.chart.hide()
            self.grid.setColumnStretch(1, 0)  # the table takes the width
            self.notes.setText(
                self.tr("{0} of {1} steps done, in {2}.")
                .replace("{0}", str(data.self_assessment.score.raw_done))
                .replace("{1}", str(data.self_assessment.score.raw_total))
                .replace("{2}", clock_text(data.self_assessment.elapsed_s))
            )
        self.again_button.setFocus()

    def _row(self, name: str, value: str, target: str, ok: bool | None) -> None:
        mark = "" if ok is None else ("✓ " if ok else "✗ ")
        cell = QStandardItem(mark + value)
        if ok is not None:
            colour, _symbol, _label = status_style(Status.OK if ok else Status.WARNING)
            cell.setForeground(colour)
        self.model.appendRow([QStandardItem(name), cell, QStandardItem(target)])

    def _cpr_rows(self, s: CprSummary) -> None:
        tg = s.targets

        def pct(value: float | None) -> str:
            return "—" if value is None else f"{value:.0f} %"

        self._row(self.tr("Compressions"), str(s.compressions), "", None)
        self._row(
            self.tr("Mean depth"),
            "—" if s.mean_depth_mm is None else f"{s.mean_depth_mm:.0f} mm",
            f"{tg.depth_min_mm:g}–{tg.depth_max_mm:g} mm",
            None
            if s.mean_depth_mm is None
            else tg.depth_min_mm <= s.mean_depth_mm <= tg.depth_max_mm,
        )
        self._row(self.tr("Compressions at the right depth"), pct(s.pct_depth_ok), "", None)
        self._row(
            self.tr("Mean rate"),
            "—" if s.mean_rate_cpm is None else f"{s.mean_rate_cpm:.0f} /min",
            f"{tg.rate_min_cpm:g}–{tg.rate_max_cpm:g} /min",
            None
            if s.mean_rate_cpm is None
            else tg.rate_min_cpm <= s.mean_rate_cpm <= tg.rate_max_cpm,
        )
        self._row(self.tr("Compressions at the right rate"), pct(s.pct_rate_ok), "", None)
        self._row(
            self.tr("Full recoil"),
            pct(s.pct_full_recoil),
            f"≤ {tg.recoil_max_mm:g} mm",
            None,
        )
        self._row(
            self.tr("Compression fraction (CCF)"),
            # One decimal, so that a value just under the target never reads as on it;
            # the target is written as the analysis judges it (at least ccf_min).
            "—" if s.ccf is None else f"{s.ccf * 100:.1f} %",
            f"≥ {tg.ccf_min * 100:.0f} %",
            None if s.ccf is None else s.ccf >= tg.ccf_min,
        )
        self._row(
            self.tr("Longest pause"),
            "—" if s.longest_pause_s is None else f"{s.longest_pause_s:.1f} s",
            f"< {tg.max_pause_s:g} s",
            None if s.longest_pause_s is None else s.longest_pause_s < tg.max_pause_s,
        )
        if s.ventilations is not None:
            self._row(
                self.tr("Breaths (in volume)"),
                f"{s.ventilations} ({pct(s.pct_vent_volume_ok)})",
                f"{tg.vent_min_ml:g}–{tg.vent_max_ml:g} mL",
                None,
            )
        self._row(
            self.tr("Hands-off alarms"), str(s.hands_off_alarms), "0", s.hands_off_alarms == 0
        )

    def _video_rows(self, result: VideoRateResult | None, tg: CprTargets) -> None:
        metrics = video_metrics(result, tg)
        mean = metrics.get("mean_rate_cpm")
        pct = metrics.get("pct_rate_ok")
        needs = self.tr("needs a manikin")
        self._row(self.tr("Compressions"), str(int(metrics["compressions"])), "", None)
        self._row(
            self.tr("Mean rate"),
            "—" if mean is None else f"{mean:.0f} /min",
            f"{tg.rate_min_cpm:g}–{tg.rate_max_cpm:g} /min",
            None if mean is None else tg.rate_min_cpm <= mean <= tg.rate_max_cpm,
        )
        self._row(
            self.tr("Compressions at the right rate"),
            "—" if pct is None else f"{pct:.0f} %",
            "",
            None,
        )
        self._row(self.tr("Mean depth"), needs, f"{tg.depth_min_mm:g}–{tg.depth_max_mm:g} mm", None)
        self._row(self.tr("Full recoil"), needs, f"≤ {tg.recoil_max_mm:g} mm", None)

    def _checklist_rows(self, result: SelfAssessmentResult) -> None:
        definition_items = {i.item_id: i for i in result.score.items}
        words = {
            ItemState.DONE: self.tr("done"),
            ItemState.PARTIAL: self.tr("partly"),
            ItemState.NOT_DONE: self.tr("not done"),
            ItemState.MISSING: self.tr("not marked"),
            ItemState.EXCLUDED: self.tr("left out"),
        }
        for item_id, scored in definition_items.items():
            ok = None if scored.state is ItemState.EXCLUDED else scored.state is ItemState.DONE
            self._row(
                item_id,
                words[scored.state],
                f"{scored.points:g} / {scored.max_points:g}",
                ok,
            )


def clock_text(seconds: float) -> str:
    """Minutes and seconds, as the practice pages show a duration."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class HistoryPage(QWidget):
    """The trainee's own attempts, a progress chart and the practice report."""

    backRequested = Signal()
    saveRequested = Signal()
    watchRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attempts: list[PracticeInfo] = []
        self.recorded: set[str] = set()
        self.heading = QLabel(self)
        _title_font(self.heading)
        self.model = QStandardItemModel(0, 4, self)
        self.table = QTableView(self)
        self.table.setObjectName("practiceHistory")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.chart = ProgressChart(self)
        self.save_button = BigButton("", self)
        self.save_button.setObjectName("practiceSaveReport")
        self.save_button.clicked.connect(self.saveRequested)
        self.watch_button = BigButton("", self)
        self.watch_button.setObjectName("practiceWatch")
        self.watch_button.setEnabled(False)
        self.watch_button.clicked.connect(self.watchRequested)
        self.table.selectionModel().selectionChanged.connect(self._update_watch)
        self.back_button = BigButton("", self)
        self.back_button.clicked.connect(self.backRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.watch_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.chart, 2)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("My practice attempts"))
        self.save_button.setText(self.tr("Save practice report (&PDF)"))
        self.watch_button.setText(self.tr("&Watch the recording"))
        self.back_button.setText(self.tr("&Back to the skills"))
        self.model.setHorizontalHeaderLabels(
            [self.tr("Started"), self.tr("Skill"), self.tr("Status"), self.tr("Score")]
        )
        self.show_attempts(self.attempts)

    def show_attempts(self, attempts: list[PracticeInfo]) -> None:
        self.attempts = attempts
        self.model.removeRows(0, self.model.rowCount())
        status_of = {
            "in_progress": Status.IN_PROGRESS,
            "completed": Status.SUBMITTED,
            "abandoned": Status.EXCLUDED,
        }
        words = {
            "in_progress": self.tr("in progress"),
            "completed": self.tr("completed"),
            "abandoned": self.tr("abandoned"),
        }
        for attempt in attempts:
            colour, symbol, _label = status_style(status_of.get(attempt.status, attempt.status))
            status = QStandardItem(f"{symbol} {words.get(attempt.status, attempt.status)}")
            status.setForeground(colour)
            score = "—" if attempt.score is None else f"{attempt.score:.0f}"
            self.model.appendRow(
                [
                    QStandardItem(attempt.started_at.astimezone().strftime("%Y-%m-%d %H:%M")),
                    QStandardItem(attempt.title),
                    status,
                    QStandardItem(score),
                ]
            )
        scored = [
            a.score
            for a in sorted(attempts, key=lambda a: a.started_at)
            if a.status == "completed" and a.score is not None
        ]
        self.chart.set_scores(scored)

    def selected_attempt(self) -> PracticeInfo | None:
        rows = self.table.selectionModel().selectedRows()
        at = rows[0].row() if rows else -1
        return self.attempts[at] if 0 <= at < len(self.attempts) else None

    def set_recorded(self, attempt_ids: set[str]) -> None:
        """The attempts that have a recording (their "Watch" button is enabled)."""
        self.recorded = attempt_ids
        self._update_watch()

    def _update_watch(self) -> None:
        attempt = self.selected_attempt()
        self.watch_button.setEnabled(attempt is not None and attempt.id in self.recorded)
