"""The files a coordinator hands on after an exam, written in one go: the standard set
and the results released, every candidate's feedback report and the exam report
(``reports/``), and the results workbook (``results.xlsx``). The demonstration exam ends
with this (``skillstation demo``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from station.i18n import _
from station.services.errors import Conflict

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.services import StationServices
    from station.services.standards import StandardInfo

REPORTS_DIR = "reports"
WORKBOOK_NAME = "results.xlsx"
EXAM_REPORT_NAME = "exam-report.pdf"


@dataclass(frozen=True)
class ResultFiles:
    """What :func:`write_result_files` wrote and the standard in force. ``note`` says
    why no standard could be set, when the reports are drafts (the results then stay
    unreleased)."""

    reports: tuple[Path, ...]
    exam_report: Path
    workbook: Path
    standard: StandardInfo | None
    note: str | None = None


def write_result_files(
    services: StationServices,
    actor: Actor,
    exam_code: str,
    folder: Path,
    *,
    say: Callable[[str], None] | None = None,
    workers: int = 2,
) -> ResultFiles:
    """Set the standard (borderline regression, one SEM) and release the results
    unless they are released already, then write the candidate reports and the exam
    report into ``folder/reports/`` and the workbook to ``folder/results.xlsx``.

    When the results do not allow a standard (e.g. too few graded candidates), the
    results stay unreleased, the candidate reports are written as drafts and ``note``
    says why. PDFs of an earlier run in ``folder/reports/`` are replaced.
    """
    from station.pdf_reports import write_candidate_reports, write_exam_report

    tell = say or (lambda _message: None)
    note = None
    released = services.release.results_released_at(actor, exam_code) is not None
    if not released:
        tell(_("setting the standard (borderline regression) and releasing the results"))
        try:
            services.release.set_standard(actor, exam_code)
            services.release.release_results(actor, exam_code)
            released = True
        except Conflict as err:
            note = str(err)
            tell(_("no standard set, so the reports are drafts: {reason}").format(reason=note))
    standard = services.release.standard(actor, exam_code)
    reports_dir = folder / REPORTS_DIR
    if reports_dir.is_dir():
        for old in reports_dir.glob("*.pdf"):
            old.unlink()
    tell(
        _("writing the candidate reports and the exam report to {folder}").format(
            folder=reports_dir
        )
    )
    reports = write_candidate_reports(
        services.reporting, actor, exam_code, reports_dir, workers=workers, draft=not released
    )
    exam_report = write_exam_report(
        services.reporting, actor, exam_code, reports_dir / EXAM_REPORT_NAME
    )
    workbook = folder / WORKBOOK_NAME
    tell(_("writing the results workbook {file}").format(file=workbook))
    services.exports.export_results(actor, exam_code, "xlsx", workbook)
    return ResultFiles(tuple(reports), exam_report, workbook, standard, note)
