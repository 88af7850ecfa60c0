"""The service entry of the exports: :meth:`ExportServices.export_results`."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from station.auth.permissions import Action, Actor
from station.exports import FORMATS
from station.exports.candidates_csv import write_candidates_csv
from station.exports.data import ExportData, Progress, StationColumn
from station.exports.items_csv import write_items_csv
from station.exports.pdf_zip import write_pdf_zip
from station.exports.xapi import DEFAULT_HOME_PAGE, write_xapi
from station.exports.xlsx import write_xlsx
from station.files import check_target, write_partial
from station.i18n import _
from station.services.base import ServiceBase, ServiceContext
from station.services.errors import InvalidInput
from station.services.imports import SOURCE_IMPORT, SOURCE_STATION, imported_rows
from station.services.report_data import ReportingServices
from station.services.results import ResultServices
from station.services.results_model import ResultsModel
from station.services.standards import latest_standard, standard_info
from station.storage.audit import append
from station.storage.models import Encounter, Exam

__all__ = ["ExportResult", "ExportServices"]


def _is_a_folder(fmt: str) -> str:
    """The message for a target of format ``fmt`` that is a folder (names ``{file}``)."""
    if fmt == "xlsx":
        return _("{file}: this is a folder; give the name of the workbook (.xlsx)")
    if fmt == "xapi":
        return _("{file}: this is a folder; give the name of the JSON file")
    if fmt == "pdf-zip":
        return _("{file}: this is a folder; give the name of the zip file")
    return _("{file}: this is a folder; give the name of the CSV file")


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the format, the file, and how many rows (encounters,
    item marks, statements or PDF files) it holds."""

    format: str
    path: Path
    rows: int


class ExportServices(ServiceBase):
    """Exporting an exam's results in the formats of :data:`station.exports.FORMATS`."""

    def __init__(
        self,
        context: ServiceContext,
        *,
        results_model: ResultsModel,
        results: ResultServices,
        reporting: ReportingServices,
    ) -> None:
        super().__init__(context)
        self._results_model = results_model
        self._results = results
        self._reporting = reporting

    def export_results(
        self,
        actor: Actor,
        exam_code: str,
        fmt: str,
        out_path: str | os.PathLike[str],
        *,
        draft: bool = False,
        progress: Progress | None = None,
        home_page: str = DEFAULT_HOME_PAGE,
    ) -> ExportResult:
        """Write the exam's results to ``out_path`` in format ``fmt`` (coordinators;
        audited as a ``results.export`` entry naming the format, the row count and the
        file). The file is written whole or not at all.

        ``progress`` hears (done, total) as the export goes. ``home_page`` is the
        account home page of xAPI actors (an http or https address). ``draft`` lets
        ``pdf-zip`` write reports before the results are released.
        """
        if fmt not in FORMATS:
            raise InvalidInput(
                [
                    _("unknown export format {format!r}; use one of {formats}").format(
                        format=fmt, formats=", ".join(FORMATS)
                    )
                ]
            )
        out = Path(out_path).expanduser()
        if fmt == "csv":
            rows = self._results.export_results_csv(actor, exam_code, out)
            return ExportResult(fmt, out, rows)
        if fmt == "pdf-zip":
            return self._export_pdf_zip(actor, exam_code, out, draft=draft, progress=progress)
        if fmt == "xapi":
            parts = urlsplit(home_page)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise InvalidInput(
                    [
                        _(
                            "the xAPI home page {page!r} is not an http(s) address; give your "
                            "institution's, e.g. https://osce.example.edu"
                        ).format(page=home_page)
                    ]
                )
        check_target(out, _is_a_folder(fmt))
        writer: Callable[[ExportData, BinaryIO], int]
        if fmt == "items-csv":
            writer = lambda data, handle: write_items_csv(data, handle, progress)  # noqa: E731
        elif fmt == "candidates-csv":
            writer = lambda data, handle: write_candidates_csv(data, handle)  # noqa: E731
        elif fmt == "xlsx":
            writer = lambda data, handle: write_xlsx(data, handle, progress)  # noqa: E731
        else:
            writer = lambda data, handle: write_xapi(  # noqa: E731
                data, handle, progress, home_page=home_page
            )
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(session, actor, Action.EXPORT_RESULTS)
            data = self._export_data(session, exam)
            count = 0

            def write(handle: BinaryIO) -> None:
                nonlocal count
                count = writer(data, handle)

            partial = write_partial(out, write)
            try:
                append(
                    session,
                    self.audit_key,
                    actor=audit_actor,
                    action="results.export",
                    table="exams",
                    record_id=exam.id,
                    new={"format": fmt, "rows": count, "file": out.name},
                    at=now,
                )
                partial.commit()
            except BaseException:
                partial.discard()
                raise
        return ExportResult(fmt, out, count)

    def _export_pdf_zip(
        self,
        actor: Actor,
        exam_code: str,
        out: Path,
        *,
        draft: bool,
        progress: Progress | None,
    ) -> ExportResult:
        # Imported here: report rendering loads fonts and ReportLab, which the other
        # exports do not need.
        from station.pdf_reports import write_candidate_reports

        check_target(out, _is_a_folder("pdf-zip"))
        with self.db.read() as session:
            self._exam(session, exam_code)
            self._authorize(session, actor, Action.EXPORT_RESULTS)
        with tempfile.TemporaryDirectory(prefix="skillstation-reports-") as folder:
            paths = write_candidate_reports(
                self._reporting, actor, exam_code, folder, progress=progress, draft=draft
            )
            now = self.now()
            with self.db.write() as session:
                exam = self._exam(session, exam_code)
                audit_actor = self._authorize(session, actor, Action.EXPORT_RESULTS)
                partial = write_partial(
                    out, lambda handle: write_pdf_zip(paths, handle, exam.code, now)
                )
                try:
                    append(
                        session,
                        self.audit_key,
                        actor=audit_actor,
                        action="results.export",
                        table="exams",
                        record_id=exam.id,
                        new={
                            "format": "pdf-zip",
                            "rows": len(paths),
                            "file": out.name,
                            "draft": draft,
                        },
                        at=now,
                    )
                    partial.commit()
                except BaseException:
                    partial.discard()
                    raise
        return ExportResult("pdf-zip", out, len(paths))

    def export_data(self, actor: Actor, exam_code: str) -> ExportData:
        """The snapshot the exports are written from (coordinators)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            return self._export_data(session, exam)

    def _export_data(self, session: Session, exam: Exam) -> ExportData:
        stations = tuple(
            StationColumn(d.station_key, s.label, s.position, self._model(d))
            for s, d in self._stations(session, exam)
        )
        model = self._results_model.exam_results(session, exam)
        results = model.encounters
        ids = [r.encounter_id for r in results]
        imported = imported_rows(session, ids)
        wanted = set(ids)
        started = {
            eid: when
            for eid, when in session.execute(
                select(Encounter.id, Encounter.started_at).where(Encounter.exam_id == exam.id)
            )
            if eid in wanted
        }
        standard_row = latest_standard(session, exam.id)
        standard = None
        if standard_row is not None:
            keys = {s.id: d.station_key for s, d in self._stations(session, exam)}
            names = self._usernames(session, [standard_row.created_by])
            standard = standard_info(
                standard_row,
                exam,
                keys,
                names.get(standard_row.created_by, standard_row.created_by),
            )
        return ExportData(
            exam_code=exam.code,
            exam_title=exam.title,
            language=exam.language,
            released_at=exam.results_released_at,
            standard=standard,
            stations=stations,
            results=tuple(results),
            sources={eid: SOURCE_IMPORT if eid in imported else SOURCE_STATION for eid in ids},
            started_at=started,
            outcomes=model.candidates,
            generated_at=self.now(),
            model=model,
        )
