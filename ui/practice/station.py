"""The trainee's practice station: choose a skill → practise (live CPR feedback from
the manikin, or self-assessment against the checklist with a timer) → the summary
→ the history of attempts with a progress chart and the practice report (PDF).

Every service call goes through ``ctx.worker`` (nothing touches the database on the GUI
thread): starting an attempt, storing its trace, metrics and score, reading the
history, writing the PDF. The device is read by a
:class:`~devices.reader.DeviceReader` on its own thread, started when a CPR attempt
starts and stopped when it ends; call :meth:`PracticeStation.shutdown` before the
widget goes (the main window does so on sign-out and on quit).

What is stored for a CPR attempt is worked out from the stored trace
(:func:`devices.cpr.analysis.analyze_trace`), as ``skillstation practice run`` does: a
trace exported later gives exactly the stored figures.

Without a manikin (no feedback device set), or when the trainee chooses "Camera (rate
only)", a CPR attempt takes its rate from the camera named in the settings; what is
stored is then the file analysis of every frame seen
(:meth:`devices.camera.live_rate.LiveRateEstimator.summary`, as ``skillstation
analyze-video`` gives for a recording of them): compressions, mean rate, share of the
rate in the target band, without a score (depth cannot be judged from a camera).

A trainee may also record a video of their own attempt (a manikin or self-assessment
attempt, while the camera is free): ticking the box is their consent, recorded with the
attempt (``record_consent``) before the :class:`~ui.recording.RecordingController`
starts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessments.definitions.model import StationDefinition
from assessments.scoring import ItemState
from devices.camera.capture import CameraCapture
from devices.camera.rate import VideoRateResult
from devices.camera.source import CameraError, parse_camera_url
from devices.cpr.analysis import CprAnalyzer, CprSummary, analyze_trace
from devices.cpr.profiles import PROFILES, CprTargets
from devices.reader import DeviceReader
from devices.trace import read_trace
from devices.transport import DeviceURLError
from station.auth.permissions import Actor
from station.services import PracticeInfo, StationServices
from ui.context import AppContext
from ui.debrief.watch import Recordings
from ui.devicepanel import write_trace
from ui.i18n import current_language
from ui.practice.live import CameraFeed, DeviceSource, LivePractice, SessionData, VideoSession
from ui.practice.metronome import TickSound, make_tick_sound
from ui.practice.selfcheck import SelfAssessment, SelfAssessmentResult
from ui.practice.widgets import CompressionChart, ProgressChart
from ui.recording import RecordingController, RecState
from ui.theme import Status, status_style
from ui.widgets.big_button import BigButton
from ui.worker import error_text

__all__ = ["PracticeStation", "Skill", "SummaryData", "load_skills"]

ReaderFactory = Callable[[str], DeviceSource]
CameraFactory = Callable[[str], CameraFeed]
RecorderFactory = Callable[[AppContext], RecordingController]

#: Where a CPR attempt's feedback comes from (the chooser's "Feedback from" list).
MANIKIN = "manikin"
CAMERA = "camera"


@dataclass(frozen=True)
class Skill:
    """A bundled station that can be practised: with the CPR manikin when its
    definition asks for one (``profile`` is then its patient), else by self-assessment."""

    key: str
    title: str
    definition: StationDefinition
    profile: str | None

    @property
    def uses_device(self) -> bool:
        return self.profile is not None


def load_skills(language: str) -> list[Skill]:
    """The bundled stations a trainee can practise alone (scenarios need a team and an
    operator, so they are left out), titles in ``language``. Reads files: run it on
    the worker."""
    from station.services.definitions import bundled_keys, bundled_source

    skills: list[Skill] = []
    for key in bundled_keys():
        found = bundled_source(key)
        if found is None:
            continue
        model = found[0]
        if model.kind == "scenario":
            continue
        profile = model.device.profile if model.device is not None else None
        skills.append(Skill(model.id, model.text(model.title, language), model, profile))
    skills.sort(key=lambda s: (not s.uses_device, s.title.casefold()))
    return skills


@dataclass(frozen=True)
class SummaryData:
    """What the summary page shows: the stored attempt and, for CPR, the analysis of
    its stored trace; for a self-assessment, the trainee's scored checklist."""

    attempt: PracticeInfo
    cpr: CprSummary | None = None
    self_assessment: SelfAssessmentResult | None = None
    #: A camera attempt: the analysis of its frames (None if under 5 s were seen) and
    #: the profile's targets.
    video: VideoRateResult | None = None
    video_targets: CprTargets | None = None


# ---------------------------------------------------------------------- storing


def store_cpr_attempt(
    services: StationServices, actor: Actor, attempt_id: str, session: SessionData
) -> SummaryData:
    """Write the session's trace, analyse it, and store trace, metrics and score with
    the attempt, which is then complete (worker thread)."""
    from assessments.metrics import METRIC_NAMES

    with tempfile.TemporaryDirectory(prefix="skillstation-practice-") as folder:
        path = Path(folder) / "practice.csv"
        count = write_trace(session.events, session.identity, path)
        if count:
            analysis = analyze_trace(read_trace(path), session.targets)
            described = " ".join(f"{k}={v}" for k, v in session.identity.items())
            services.practice.record_practice_trace(
                actor, attempt_id, path, described or "unknown device", count
            )
        else:
            analysis = CprAnalyzer(session.targets).finish()
    figures = analysis.as_dict()
    services.practice.record_practice_metrics(
        actor, attempt_id, {k: figures[k] for k in METRIC_NAMES if k in figures}
    )
    info = services.practice.finish_practice(
        actor,
        attempt_id,
        analysis.score,
        details={
            "mode": "device",
            "cpr_profile": session.targets.name,
            "device": session.identity.get("url", ""),
            "seconds": round(session.elapsed_s, 1),
            "gaps": len(analysis.gaps),
            "trace_truncated": session.truncated,
        },
    )
    return SummaryData(info, cpr=analysis)


def video_metrics(result: VideoRateResult | None, targets: CprTargets) -> dict[str, float]:
    """The device metrics a camera measures: compressions, mean rate and the share of
    compressions at a rate in the target band (each window weighs as many compressions
    as its rate gives)."""
    if result is None:
        return {"compressions": 0}
    metrics: dict[str, float] = {"compressions": result.compressions}
    if result.mean_rate_cpm is not None:
        metrics["mean_rate_cpm"] = round(result.mean_rate_cpm, 1)
    rates = [w.rate_cpm for w in result.windows if w.rate_cpm is not None]
    if rates:
        good = sum(r for r in rates if targets.rate_min_cpm <= r <= targets.rate_max_cpm)
        metrics["pct_rate_ok"] = round(100.0 * good / sum(rates), 1)
    return metrics


def store_video_attempt(
    services: StationServices, actor: Actor, attempt_id: str, session: VideoSession
) -> SummaryData:
    """Analyse every frame the camera gave (as ``analyze-video`` would a recording of
    them) and store the rate metrics with the attempt, which is then complete without
    a score (worker thread)."""
    result = session.estimator.summary()
    services.practice.record_practice_metrics(
        actor, attempt_id, video_metrics(result, session.targets)
    )
    details: dict[str, object] = {
        "mode": "camera",
        "cpr_profile": session.targets.name,
        "camera": session.url,
        "seconds": round(session.elapsed_s, 1),
        "frames": session.estimator.frames,
        "dropped_frames": session.dropped_frames,
    }
    if result is not None:
        details.update(
            fps=round(result.fps, 2),
            roi=list(result.roi),
            windows=len(result.windows),
            windows_rated=sum(1 for w in result.windows if w.rate_cpm is not None),
        )
    if session.camera_error:
        details["camera_error"] = session.camera_error
    info = services.practice.finish_practice(actor, attempt_id, None, details=details)
    return SummaryData(info, video=result, video_targets=session.targets)


def store_self_assessment(
    services: StationServices, actor: Actor, attempt_id: str, result: SelfAssessmentResult
) -> SummaryData:
    """Store a self-assessment's score and marks with the attempt (worker thread)."""
    details = {
        "mode": "self_assessment",
        "seconds": round(result.elapsed_s, 1),
        "marks": {
            m.item_id: (m.value if isinstance(m.value, int) else m.value.value)
            for m in result.marks
        },
        "excluded": list(result.excluded),
        "done": result.score.raw_done,
        "items": result.score.raw_total,
    }
    info = services.practice.finish_practice(
        actor, attempt_id, result.score.percent, details=details
    )
    return SummaryData(info, self_assessment=result)


# ---------------------------------------------------------------------- pages


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
                .replace("{2}", _clock(data.self_assessment.elapsed_s))
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


def _clock(seconds: float) -> str:
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


# ---------------------------------------------------------------------- the station


class PracticeStation(QWidget):
    """The trainee's practice screen (see the module documentation).

    ``reader_factory`` makes the device reader from the settings' device URL (tests pass
    their own); ``camera_factory`` the camera capture from the settings' camera (for
    the rate from video); ``recorder_factory`` the recording controller of an attempt
    the trainee records; ``sound_factory`` makes the metronome's click when the
    metronome is first switched on (by default the computer's sound output, if any).
    """

    CHOOSE, LIVE, SELF, SUMMARY, HISTORY = range(5)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        reader_factory: ReaderFactory | None = None,
        camera_factory: CameraFactory | None = None,
        recorder_factory: RecorderFactory | None = None,
        sound_factory: Callable[[], TickSound | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practiceStation")
        self.ctx = ctx
        self._reader_factory: ReaderFactory = reader_factory or DeviceReader
        self._camera_factory: CameraFactory = camera_factory or CameraCapture
        self._recorder_factory: RecorderFactory = recorder_factory or (
            lambda c: RecordingController(c, parent=self)
        )
        # The recording of the attempt under way, if the trainee asked for one.
        self.recorder: RecordingController | None = None
        self._recorders: list[RecordingController] = []
        self.recording_label = QLabel(self)
        self.recording_label.setObjectName("practiceRecording")
        self.recording_label.hide()
        if sound_factory is None:
            sound_factory = self._default_sound
        self.attempt: PracticeInfo | None = None
        self.skill: Skill | None = None
        self._closed = False
        self._busy = False
        self.stack = QStackedWidget(self)
        self.chooser = ChooseSkill(self)
        self.live = LivePractice(ctx.clock, sound_factory=sound_factory, parent=self)
        self.self_check = SelfAssessment(ctx.clock, self)
        self.summary = SummaryPage(self)
        self.history = HistoryPage(self)
        for page in (self.chooser, self.live, self.self_check, self.summary, self.history):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.recording_label)
        layout.addWidget(self.stack)
        self.chooser.startRequested.connect(self.start)
        self.chooser.historyRequested.connect(self.show_history)
        self.live.finishRequested.connect(self.finish)
        self.live.abandonRequested.connect(self.abandon)
        self.self_check.finishRequested.connect(self.finish)
        self.self_check.abandonRequested.connect(self.abandon)
        self.summary.againRequested.connect(self.show_chooser)
        self.summary.historyRequested.connect(self.show_history)
        self.history.backRequested.connect(self.show_chooser)
        self.history.saveRequested.connect(self.ask_report_path)
        self.recordings = Recordings(ctx, self)
        self.recordings.changed.connect(
            lambda: self.history.set_recorded(set(self.recordings.by_attempt))
        )
        self.history.watchRequested.connect(self.watch_recording)
        QShortcut(QKeySequence("Ctrl+H"), self, self._history_shortcut)
        ctx.signals.data_changed.connect(self._data_changed)
        ctx.signals.settings_changed.connect(self._settings_changed)
        self._settings_changed()
        language = current_language()
        ctx.worker.submit(lambda _s: load_skills(language), on_done=self._skills_loaded)

    # ------------------------------------------------------------------ pages

    @property
    def page(self) -> int:
        return self.stack.currentIndex()

    def show_chooser(self) -> None:
        self.stack.setCurrentIndex(self.CHOOSE)
        self.chooser.list.setFocus()

    def show_history(self) -> None:
        self.stack.setCurrentIndex(self.HISTORY)
        self.refresh_history()
        self.history.table.setFocus()

    def _history_shortcut(self) -> None:
        if self.page in (self.CHOOSE, self.SUMMARY):
            self.show_history()

    def _skills_loaded(self, skills: list[Skill]) -> None:
        if not self._closed:
            self.chooser.set_skills(skills)

    def _settings_changed(self) -> None:
        self.chooser.show_device(
            self.ctx.settings.device_url.strip(), self.ctx.settings.camera.strip()
        )

    def _data_changed(self, topic: str) -> None:
        if topic == "practice" and self.page == self.HISTORY:
            self.refresh_history()

    def _default_sound(self) -> TickSound | None:
        if not self.ctx.settings.bell_sound:
            return None
        return make_tick_sound(parent=self)

    # ------------------------------------------------------------------ attempts

    def start(self) -> None:
        """Start an attempt of the chosen skill (stored first, on the worker)."""
        skill, actor = self.chooser.skill, self.ctx.actor
        if skill is None or actor is None or self._busy or self._closed:
            return
        reader: DeviceSource | None = None
        camera: CameraFeed | None = None
        if self.chooser.uses_camera:
            camera_url = self.ctx.settings.camera.strip()
            if not camera_url:
                self.ctx.message_bar.error(self.tr("No camera is set: choose one in the settings."))
                return
            try:
                parse_camera_url(camera_url)
                camera = self._camera_factory(camera_url)
            except CameraError as err:
                self.ctx.message_bar.error(
                    self.tr("The camera URL is not valid: {0}").replace("{0}", str(err))
                )
                return
        elif skill.uses_device:
            url = self.ctx.settings.device_url.strip()
            if not url:
                self.ctx.message_bar.error(
                    self.tr("No feedback device is set: choose one in the settings.")
                )
                return
            try:
                reader = self._reader_factory(url)
            except (DeviceURLError, ValueError) as err:
                self.ctx.message_bar.error(
                    self.tr("The device URL is not valid: {0}").replace("{0}", str(err))
                )
                return
        targets = self.chooser.targets
        record = self.chooser.record
        self._busy = True

        def started(info: PracticeInfo) -> None:
            self._busy = False
            if self._closed:
                return
            self.attempt, self.skill = info, skill
            self.ctx.changed("practice")
            if record:
                self._begin_recording(info.id)
            if camera is not None:
                self.stack.setCurrentIndex(self.LIVE)
                self.live.begin_camera(skill.title, targets, camera)
            elif reader is not None:
                self.stack.setCurrentIndex(self.LIVE)
                self.live.begin(skill.title, targets, reader)
            else:
                self.stack.setCurrentIndex(self.SELF)
                self.self_check.begin(skill.definition, skill.title, current_language())

        def failed(exc: Exception) -> None:
            self._busy = False
            self.ctx.message_bar.error(error_text(exc))

        self.ctx.worker.submit(
            lambda s: s.practice.start_practice(actor, skill.key), on_done=started, on_error=failed
        )

    def finish(self) -> None:
        """Stop the attempt and store it (trace, metrics, score) on the worker."""
        attempt, actor = self.attempt, self.ctx.actor
        if attempt is None or actor is None or self._busy:
            return
        self._busy = True
        self._stop_recording()
        work: Callable[[StationServices], SummaryData]
        if self.page == self.LIVE and self.live.camera is not None:
            video = self.live.finish_camera()
            aid = attempt.id

            def work(s: StationServices) -> SummaryData:
                return store_video_attempt(s, actor, aid, video)

        elif self.page == self.LIVE:
            session = self.live.finish()
            aid = attempt.id

            def work(s: StationServices) -> SummaryData:
                return store_cpr_attempt(s, actor, aid, session)

        else:
            self.self_check.stop()
            result = self.self_check.result()
            aid = attempt.id

            def work(s: StationServices) -> SummaryData:
                return store_self_assessment(s, actor, aid, result)

        def done(data: SummaryData) -> None:
            self._busy = False
            self.attempt = None
            self.ctx.changed("practice")
            if self._closed:
                return
            self.summary.show_data(data)
            self.stack.setCurrentIndex(self.SUMMARY)

        def failed(exc: Exception) -> None:
            self._busy = False
            self.attempt = None
            self.ctx.message_bar.error(error_text(exc))
            if not self._closed:
                self.show_chooser()

        self.ctx.worker.submit(work, on_done=done, on_error=failed)

    def abandon(self) -> None:
        """End the attempt without a score (what was recorded stays)."""
        attempt, actor = self.attempt, self.ctx.actor
        if attempt is None or actor is None or self._busy:
            return
        self.live.stop()
        self.self_check.stop()
        self._stop_recording()
        self.attempt = None
        aid = attempt.id

        def done(_info: PracticeInfo) -> None:
            self.ctx.changed("practice")
            self.ctx.message_bar.info(self.tr("The attempt was abandoned."))

        self.ctx.worker.submit(lambda s: s.practice.abandon_practice(actor, aid), on_done=done)
        self.show_chooser()

    # ------------------------------------------------------------------ recording

    def _begin_recording(self, attempt_id: str) -> None:
        """Record the trainee's consent with the attempt, then start the recording."""
        actor = self.ctx.actor
        if actor is None:
            return
        # Earlier attempts' recordings that are over are let go; one still saving its
        # files is kept until it is done (shutdown waits for it).
        for old in [r for r in self._recorders if not r.active]:
            self._recorders.remove(old)
            old.shutdown()
            old.deleteLater()
        recorder = self._recorder_factory(self.ctx)
        self.recorder = recorder
        self._recorders.append(recorder)
        recorder.stateChanged.connect(lambda _state: self._show_recording())
        recorder.statusChanged.connect(lambda _snapshot: self._show_recording())
        recorder.problem.connect(self.ctx.message_bar.warning)
        recorder.finished.connect(self._recording_finished)

        def consented(_info: object) -> None:
            # The attempt may have ended while the consent was being stored.
            attempt = self.attempt
            if self.recorder is recorder and attempt is not None and attempt.id == attempt_id:
                recorder.begin(attempt_id=attempt_id, on_error=refused)

        def refused(exc: Exception) -> None:
            self.ctx.message_bar.warning(
                self.tr("The attempt is not being recorded: {0}").replace("{0}", error_text(exc))
            )
            self._show_recording()

        self.ctx.worker.submit(
            lambda s: s.media.record_consent(actor, attempt_id=attempt_id, given=True),
            on_done=consented,
            on_error=refused,
        )
        self._show_recording()

    def _stop_recording(self) -> None:
        if self.recorder is not None:
            self.recorder.stop()
            self._show_recording()

    def _recording_finished(self, frames: int, _dropped: int, _size: int) -> None:
        self._show_recording()
        if frames:
            self.ctx.message_bar.info(
                self.tr("The video of the attempt was saved ({0} frames).").replace(
                    "{0}", str(frames)
                )
            )
        self.ctx.changed("practice")

    def _show_recording(self) -> None:
        recorder = self.recorder
        if recorder is None or recorder.state in (RecState.IDLE, RecState.STOPPED):
            self.recording_label.hide()
            return
        snapshot = recorder.snapshot
        if recorder.state is RecState.STARTING:
            text = self.tr("◌ Starting the camera to record…")
        elif recorder.state is RecState.RECORDING:
            text = self.tr("● Recording {0}").replace("{0}", _clock(snapshot.elapsed_s))
            if snapshot.dropped:
                text += " · " + self.tr("{0} frames dropped").replace("{0}", str(snapshot.dropped))
        elif recorder.state is RecState.STOPPING:
            text = self.tr("■ Saving the video…")
        else:
            text = self.tr("✖ The recording stopped: {0}").replace("{0}", snapshot.message or "")
        self.recording_label.setText(text)
        self.recording_label.show()

    # ------------------------------------------------------------------ history

    def refresh_history(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return

        def loaded(attempts: list[PracticeInfo]) -> None:
            if not self._closed:
                self.history.show_attempts(attempts)

        # Without a user name the services give a trainee their own attempts only.
        self.ctx.worker.submit(lambda s: s.practice.practice_attempts(actor), on_done=loaded)
        self.recordings.refresh()

    def watch_recording(self) -> None:
        """Open the selected attempt's recording in the debrief player."""
        attempt = self.history.selected_attempt()
        media = None if attempt is None else self.recordings.by_attempt.get(attempt.id)
        if media is not None:
            self.recordings.watch(media, self)

    def ask_report_path(self) -> None:
        """Ask where to save the practice report (no timer runs on this page)."""
        actor = self.ctx.actor
        if actor is None:
            return
        suggested = str(Path.home() / f"practice-{actor.username}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save practice report"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        """Write the signed-in user's practice report to ``path`` (on the worker)."""
        actor = self.ctx.actor
        if actor is None:
            return
        language = current_language()

        def work(s: StationServices) -> Path:
            from station.pdf_reports import write_practice_report

            return write_practice_report(s.reporting, actor, actor.username, path, lang=language)

        def done(written: Path) -> None:
            self.history.save_button.setEnabled(True)
            self.ctx.message_bar.info(
                self.tr("Practice report saved to {0}.").replace("{0}", str(written))
            )

        def failed(exc: Exception) -> None:
            self.history.save_button.setEnabled(True)
            self.ctx.message_bar.error(error_text(exc))

        self.history.save_button.setEnabled(False)
        self.ctx.worker.submit(work, on_done=done, on_error=failed)

    # ------------------------------------------------------------------ closing

    def shutdown(self) -> None:
        """Stop the device reader's thread and the timers. An attempt still running is
        abandoned (what it recorded so far stays)."""
        if self._closed:
            return
        running = self.attempt is not None and not self._busy
        self.recordings.shutdown()
        self.live.stop()
        self.self_check.stop()
        if running:
            self.abandon()
        for recorder in self._recorders:
            recorder.shutdown()
        self._closed = True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            for page in (self.chooser, self.summary, self.history):
                page.retranslate()
            if not self._closed:  # the skills' titles, in the new language
                language = current_language()
                self.ctx.worker.submit(
                    lambda _s: load_skills(language), on_done=self._skills_loaded
                )
        super().changeEvent(event)

    @property
    def selected_key(self) -> str | None:
        skill = self.chooser.skill
        return None if skill is None else skill.key

    def select_skill(self, key: str) -> None:
        """Select the skill ``key`` in the list (keyboard users use the arrows)."""
        for row, skill in enumerate(self.chooser.skills):
            if skill.key == key:
                self.chooser.list.setCurrentRow(row)
                return
        raise KeyError(key)
