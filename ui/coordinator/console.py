"""The coordinator's console: one tab per task, all about the exam chosen at the top.

Every read and write goes through the service worker; each section refreshes when the
application says its data changed (``ctx.signals.data_changed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.auth.permissions import Action, Role, allowed
from ui.coordinator.audit import AuditPanel
from ui.coordinator.common import TOUCH_PX
from ui.coordinator.exams import ExamsPanel
from ui.coordinator.exports import ExportsPanel
from ui.coordinator.progress import ProgressBoard
from ui.coordinator.results import ResultsPanel
from ui.coordinator.standards import StandardsPanel
from ui.coordinator.users import UsersPanel
from ui.coordinator.video_recordings import RecordingsPanel
from ui.theme import status_style

if TYPE_CHECKING:
    from station.services import ExamInfo
    from ui.context import AppContext


class CoordinatorConsole(QWidget):
    """Set up an exam, watch it run, get the results out (coordinators only: anyone
    else sees a line saying so and no section)."""

    exam_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("CoordinatorConsole")
        layout = QVBoxLayout(self)
        actor = ctx.actor
        self.refused = actor is None or not (
            actor.role == Role.COORDINATOR and allowed(actor, Action.CREATE_EXAM)
        )
        self.tabs = QTabWidget(self)
        self.exam_box = QComboBox(self)
        self._exams: dict[str, ExamInfo] = {}
        self.sections: list[QWidget] = []
        if self.refused:
            self.refusal = QLabel(
                self.tr("The coordinator's console is for coordinators; sign in as one."), self
            )
            layout.addWidget(self.refusal)
            self.tabs.hide()
            self.exam_box.hide()
            return

        top = QHBoxLayout()
        label = QLabel(self.tr("&Exam:"), self)
        label.setBuddy(self.exam_box)
        self.exam_box.setMinimumHeight(TOUCH_PX)
        self.exam_box.setMinimumWidth(360)
        self.exam_box.setAccessibleName(self.tr("Exam"))
        self.exam_box.currentIndexChanged.connect(self._exam_picked)
        self.exam_status = QLabel(self)
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.setMinimumHeight(TOUCH_PX)
        self.reload_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reload_button.clicked.connect(self.reload)
        top.addWidget(label)
        top.addWidget(self.exam_box, 1)
        top.addWidget(self.exam_status)
        top.addStretch(1)
        top.addWidget(self.reload_button)
        layout.addLayout(top)

        self.exams = ExamsPanel(ctx, self)
        self.progress = ProgressBoard(ctx, self)
        self.results = ResultsPanel(ctx, self)
        self.standards = StandardsPanel(ctx, self)
        self.exports = ExportsPanel(ctx, self)
        self.audit = AuditPanel(ctx, self)
        self.recordings = RecordingsPanel(ctx, self)
        self.users = UsersPanel(ctx, self)
        for widget, title in (
            (self.exams, self.tr("E&xams")),
            (self.progress, self.tr("&Progress")),
            (self.results, self.tr("Re&sults")),
            (self.standards, self.tr("S&tandard && statistics")),
            (self.exports, self.tr("Exp&orts && PDFs")),
            (self.audit, self.tr("&Audit log")),
            (self.users, self.tr("&Users")),
            (self.recordings, self.tr("Recor&dings")),
        ):
            self.tabs.addTab(widget, title)
            self.sections.append(widget)
        for index in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self._show_tab(i))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)
        self.exams.exam_created.connect(self._select_after_reload)
        self.progress.encounter_requested.connect(self.open_result)
        ctx.signals.data_changed.connect(self._data_changed)
        # Texts the services made (statuses, statistics warnings) come back in the new
        # language when the data is read again.
        ctx.signals.language_changed.connect(self._language_changed)
        self._wanted: str | None = None
        self._shut = False
        self.reload()

    # ------------------------------------------------------------------ exams

    @property
    def exam(self) -> ExamInfo | None:
        """The exam chosen at the top (None while there is none)."""
        code = self.exam_box.currentData()
        return self._exams.get(code) if isinstance(code, str) else None

    def reload(self) -> None:
        """Read the exams again, keeping the one chosen."""
        if self.refused:
            return
        actor = self.ctx.actor
        assert actor is not None
        self.ctx.worker.submit(lambda s: s.exams.exams(actor), on_done=self._exams_loaded)
        for section in self.sections:
            refresh = getattr(section, "refresh_global", None)
            if refresh is not None:
                refresh()

    def select_exam(self, code: str) -> None:
        index = self.exam_box.findData(code)
        if index >= 0:
            self.exam_box.setCurrentIndex(index)

    def _select_after_reload(self, code: str) -> None:
        self._wanted = code

    def _exams_loaded(self, exams: list[ExamInfo]) -> None:
        keep = self._wanted or self.exam_box.currentData()
        self._wanted = None
        self._exams = {e.code: e for e in exams}
        self.exam_box.blockSignals(True)
        self.exam_box.clear()
        for info in exams:
            _, symbol, label = status_style(info.status)
            self.exam_box.addItem(f"{info.code} — {info.title} ({symbol} {label})", info.code)
        index = self.exam_box.findData(keep) if keep is not None else -1
        self.exam_box.setCurrentIndex(index if index >= 0 else (0 if exams else -1))
        self.exam_box.blockSignals(False)
        self._exam_picked()

    def _exam_picked(self, _index: int = -1) -> None:
        exam = self.exam
        if exam is None:
            self.exam_status.setText(self.tr("No exam yet: create one under Exams."))
        else:
            _, symbol, label = status_style(exam.status)
            self.exam_status.setText(
                self.tr("{0} candidates · {1} stations · {2} {3}")
                .replace("{0}", str(exam.candidates))
                .replace("{1}", str(len(exam.stations)))
                .replace("{2}", symbol)
                .replace("{3}", label)
            )
        for section in self.sections:
            section.set_exam(exam)  # type: ignore[attr-defined]
        self.exam_changed.emit(exam.code if exam else "")

    def _data_changed(self, topic: str) -> None:
        if topic == "users":
            self.users.refresh()
            self.exams.refresh_global()
            return
        if topic == "definitions":
            self.exams.refresh_global()
            return
        if topic == "practice":
            return
        if topic == "media":
            self.recordings.refresh()
            return
        # An exam code (or data of exams): read the exams again, which refreshes the
        # sections showing the chosen one.
        actor = self.ctx.actor
        if actor is not None:
            self.ctx.worker.submit(lambda s: s.exams.exams(actor), on_done=self._exams_loaded)

    def _language_changed(self, _code: str) -> None:
        # A bound method, not a lambda: Qt drops the connection when the console goes
        # (a lambda would keep calling into a deleted console after a sign-out).
        self.reload()

    def open_result(self, candidate_number: str, station_key: str) -> None:
        """From the progress board to the Results section, showing that encounter."""
        self.tabs.setCurrentWidget(self.results)
        self.results.show_encounter(candidate_number, station_key)

    def shutdown(self) -> None:
        """Stop polling and cancel exports still running (on sign-out or close); what
        was saved stays saved, and a cancelled export leaves no partial file."""
        if self.refused or self._shut:
            return
        self._shut = True
        self.progress.timer.stop()
        self.progress.auto.setChecked(False)
        self.exports.cancel_all()
        self.recordings.shutdown()
        self.ctx.signals.data_changed.disconnect(self._data_changed)

    # ------------------------------------------------------------------ tabs

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus()

    def _tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        shown = getattr(widget, "shown", None)
        if shown is not None:
            shown()
