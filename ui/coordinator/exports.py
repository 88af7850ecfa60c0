"""Exports and PDFs: every result format, the exam report, candidate reports, badges,
blank checklists and the timetable, each run on the service worker with a progress bar
and a cancel button, none of them modal."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.coordinator.common import TOUCH_PX, FileField, problems_of
from ui.theme import Status, status_style

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.services import ExamInfo, StationServices
    from ui.context import AppContext
    from ui.worker import Cancel, Progress

#: The file each job writes, by job name ({code}: the exam code); a folder for "reports".
FILE_NAMES: dict[str, str] = {
    "csv": "{code}-results.csv",
    "items-csv": "{code}-items.csv",
    "xlsx": "{code}-results.xlsx",
    "xapi": "{code}-xapi.json",
    "pdf-zip": "{code}-reports.zip",
    "exam-report": "{code}-exam-report.pdf",
    "reports": "{code}-reports",
    "badges": "{code}-badges.pdf",
    "checklists": "{code}-checklists.pdf",
    "timetable": "{code}-timetable.pdf",
}


@dataclass(frozen=True)
class JobSpec:
    code: str
    actor: Actor
    out: Path
    draft: bool
    home_page: str


def run_job(name: str, spec: JobSpec, services: StationServices, progress: Progress) -> Path:
    """Write one export or PDF (on the worker thread); returns what was written."""
    from station import pdf_reports

    def tick(done: int, total: int) -> None:
        progress(done, total, name)

    progress(0, 0, name)
    if name in ("csv", "items-csv", "xlsx", "xapi", "pdf-zip"):
        kwargs = {"home_page": spec.home_page} if name == "xapi" and spec.home_page else {}
        result = services.exports.export_results(
            spec.actor, spec.code, name, spec.out, draft=spec.draft, progress=tick, **kwargs
        )
        path = Path(result.path)
    elif name == "exam-report":
        path = pdf_reports.write_exam_report(services.reporting, spec.actor, spec.code, spec.out)
    elif name == "reports":
        spec.out.mkdir(parents=True, exist_ok=True)
        pdf_reports.write_candidate_reports(
            services.reporting, spec.actor, spec.code, spec.out, progress=tick, draft=spec.draft
        )
        path = spec.out
    elif name == "badges":
        path = pdf_reports.write_badges(services.reporting, spec.actor, spec.code, spec.out)
    elif name == "checklists":
        path = pdf_reports.write_blank_checklists(
            services.reporting, spec.actor, spec.code, spec.out
        )
    elif name == "timetable":
        path = pdf_reports.write_timetable(services.reporting, spec.actor, spec.code, spec.out)
    else:
        raise ValueError(f"unknown export job {name!r}")
    progress(1, 1, name)
    return path


class JobRow(QWidget):
    """One export: its button, progress bar, cancel, result and "open folder"."""

    def __init__(
        self, title: str, start: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.start_button = QPushButton(title, self)
        self.start_button.setMinimumHeight(TOUCH_PX)
        self.start_button.setMinimumWidth(260)
        self.start_button.clicked.connect(start)
        self.bar = QProgressBar(self)
        self.bar.setMinimumHeight(TOUCH_PX)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setAccessibleName(title)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setMinimumHeight(TOUCH_PX)
        self.cancel_button.setEnabled(False)
        self.open_button = QPushButton(self.tr("Open folder"), self)
        self.open_button.setMinimumHeight(TOUCH_PX)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_folder)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.cancel: Cancel | None = None
        self.written: Path | None = None
        self.cancel_button.clicked.connect(self._cancel)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start_button, 0, 0)
        layout.addWidget(self.bar, 0, 1)
        layout.addWidget(self.cancel_button, 0, 2)
        layout.addWidget(self.open_button, 0, 3)
        layout.addWidget(self.result, 1, 0, 1, 4)
        layout.setColumnStretch(1, 1)

    @property
    def running(self) -> bool:
        return self.cancel is not None

    def started(self, cancel: Cancel) -> None:
        self.cancel = cancel
        self.written = None
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.open_button.setEnabled(False)
        self.bar.setRange(0, 0)  # busy until the first count arrives
        self.result.setText(self.tr("Working…"))

    def progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def finished(self, path: Path) -> None:
        self._idle()
        self.written = path
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        _, symbol, _label = status_style(Status.OK)
        self.result.setText(f"{symbol} " + self.tr("Written: {0}").replace("{0}", str(path)))
        self.open_button.setEnabled(True)

    def failed(self, exc: Exception) -> None:
        self._idle()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        _, symbol, _label = status_style(Status.ERROR)
        self.result.setText(f"{symbol} " + "\n".join(problems_of(exc)))

    def _cancel(self) -> None:
        if self.cancel is not None:
            self.cancel()
        self._idle()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.result.setText(self.tr("Cancelled; no partial file was left."))

    def _idle(self) -> None:
        self.cancel = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _open_folder(self) -> None:
        if self.written is None:
            return
        folder = self.written if self.written.is_dir() else self.written.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(os.fspath(folder)))


class ExportsPanel(QWidget):
    """Every export and PDF of the chosen exam."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exam: ExamInfo | None = None
        options = QGroupBox(self.tr("Where and how"), self)
        form = QFormLayout(options)
        self.folder = FileField(self.tr("Folder to write into"), "", folder=True)
        self.folder.set_path(os.fspath(ctx.settings.resolved_data_dir / "exports"))
        self.draft = QCheckBox(
            self.tr("Candidate reports before the release (each page marked draft)"), options
        )
        self.home_page = FileField(self.tr("xAPI home page"), "")
        self.home_page.browse.hide()
        self.home_page.edit.setPlaceholderText("https://osce.example.edu")
        form.addRow(self.tr("&Folder:"), self.folder)
        form.addRow("", self.draft)
        form.addRow(self.tr("xAPI &home page:"), self.home_page)

        self.rows: dict[str, JobRow] = {}
        jobs = QWidget(self)
        jobs_layout = QVBoxLayout(jobs)
        for name, title in (
            ("csv", self.tr("Results CSV")),
            ("items-csv", self.tr("Item marks CSV")),
            ("xlsx", self.tr("Results workbook (XLSX)")),
            ("xapi", self.tr("xAPI statements (JSON)")),
            ("pdf-zip", self.tr("Candidate reports (zip of PDFs)")),
            ("exam-report", self.tr("Exam report (PDF)")),
            ("reports", self.tr("Candidate reports (folder of PDFs)")),
            ("badges", self.tr("Candidate badges (PDF)")),
            ("checklists", self.tr("Blank checklists (PDF)")),
            ("timetable", self.tr("Timetable (PDF)")),
        ):
            row = JobRow(title, lambda *_args, n=name: self.start(n), jobs)
            self.rows[name] = row
            jobs_layout.addWidget(row)
        jobs_layout.addStretch(1)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(jobs)
        layout = QVBoxLayout(self)
        layout.addWidget(options)
        top = QHBoxLayout()
        top.addWidget(
            QLabel(self.tr("Each runs in the background; the station stays usable meanwhile."))
        )
        layout.addLayout(top)
        layout.addWidget(area, 1)

    def set_exam(self, exam: ExamInfo | None) -> None:
        self.exam = exam
        for row in self.rows.values():
            row.start_button.setEnabled(exam is not None and not row.running)

    def cancel_all(self) -> None:
        """Cancel every export still running."""
        for row in self.rows.values():
            if row.running:
                row.cancel_button.click()

    def target(self, name: str) -> Path:
        """Where job ``name`` writes for the chosen exam."""
        assert self.exam is not None
        folder = Path(self.folder.path() or ".").expanduser()
        return folder / FILE_NAMES[name].replace("{code}", _safe(self.exam.code))

    def start(self, name: str) -> None:
        """Start export ``name`` of the chosen exam."""
        exam, actor = self.exam, self.ctx.actor
        row = self.rows[name]
        if exam is None or actor is None or row.running:
            return
        folder = Path(self.folder.path() or ".").expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            row.result.setText(
                self.tr("{0}: cannot create the folder ({1}); choose another.")
                .replace("{0}", str(folder))
                .replace("{1}", err.strerror or str(err))
            )
            return
        spec = JobSpec(
            code=exam.code,
            actor=actor,
            out=self.target(name),
            draft=self.draft.isChecked(),
            home_page=self.home_page.path(),
        )
        cancel = self.ctx.worker.run_long(
            lambda services, progress: run_job(name, spec, services, progress),
            on_progress=lambda done, total, _label: row.progressed(done, total),
            on_done=row.finished,
            on_error=row.failed,
        )
        row.started(cancel)


def _safe(code: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in code) or "exam"
