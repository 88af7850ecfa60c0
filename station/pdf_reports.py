"""Writing report PDFs from the station: one function per report, used by the command
line (``skillstation report ...``), the exports (``pdf-zip``), the demo and the GUI.

The data comes from :class:`station.services.report_data.ReportingServices` (with its
permission checks and the release rule); rendering is :mod:`reports`. The candidate
reports of a whole exam are rendered in a pool of worker processes, one per core by
default: the services read everything in one pass in this process, and each worker gets
plain picklable data (:mod:`reports.model`) and writes files. Every PDF is written to a
temporary name beside its final one and renamed when complete, so a crash or a full
disk never leaves half a report under a real name.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from reports import (
    FontMissing,
    render_badges,
    render_blank_checklists,
    render_candidate_report,
    render_exam_report,
    render_practice_report,
    render_timetable,
)
from reports.fonts import register_fonts
from reports.model import CandidateReportData
from station.errors import UserError
from station.files import check_target, write_file
from station.i18n import _, current_language, set_language

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.services.report_data import ReportingServices

T = TypeVar("T")

#: Told (reports written, reports in all) as the candidate reports are written.
Progress = Callable[[int, int], None]

#: Candidate reports sent to a worker at a time: enough to make the cost of sending
#: them small, few enough that progress moves smoothly.
CHUNK = 8

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def report_file_name(candidate_number: str) -> str:
    """The file name of a candidate's report: the candidate number with anything but
    letters, digits, ``.``, ``_`` and ``-`` replaced, plus ``.pdf``."""
    stem = _UNSAFE.sub("_", candidate_number).strip("._") or "candidate"
    return f"{stem}.pdf"


def check_fonts() -> None:
    """Raise :class:`UserError` when the fonts reports embed are missing."""
    try:
        register_fonts()
    except FontMissing as error:
        raise UserError(str(error)) from None


def _target(out: str | os.PathLike[str], what: str) -> Path:
    return check_target(Path(out).expanduser(), _is_a_folder(what))


def _is_a_folder(what: str) -> str:
    """The message for a PDF target that is a folder (names ``{file}``)."""
    if what == "badge":
        return _("{file}: this is a folder; give the name of the badge PDF to write")
    if what == "checklist":
        return _("{file}: this is a folder; give the name of the checklist PDF to write")
    if what == "timetable":
        return _("{file}: this is a folder; give the name of the timetable PDF to write")
    return _("{file}: this is a folder; give the name of the report PDF to write")


def write_pdf(
    out: str | os.PathLike[str],
    what: str,
    read: Callable[[], T],
    render: Callable[[T, BinaryIO], object],
) -> Path:
    """The one shape of every report writer: check the target ``out`` (``what`` names
    the kind of file in the message for a folder) and the fonts, ``read`` the report's
    data from the services, and ``render`` it to ``out`` whole or not at all
    (:func:`station.files.write_file`)."""
    path = _target(out, what)
    check_fonts()
    data = read()
    return write_file(path, lambda handle: render(data, handle))


def _render_chunk(jobs: Sequence[tuple[CandidateReportData, str]]) -> int:
    """Worker: render candidate reports to their paths; returns how many."""
    for data, path in jobs:
        write_file(Path(path), partial(render_candidate_report, data))
    return len(jobs)


def render_candidate_reports(
    reports: Sequence[CandidateReportData],
    out_dir: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    workers: int | None = 2,
) -> list[Path]:
    """Render candidate reports into ``out_dir`` (one ``<number>.pdf`` each) with
    ``workers`` processes (None: one per core; 1: in this process). Returns the paths,
    in the order of ``reports``."""
    folder = Path(out_dir).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            _("{folder}: cannot create the folder ({reason}); choose another").format(
                folder=folder, reason=error.strerror or error
            )
        ) from None
    check_fonts()
    paths = [folder / report_file_name(r.candidate_number) for r in reports]
    if len(set(paths)) != len(paths):
        raise UserError(
            _(
                "two candidate numbers give the same file name in {folder}; rename one of them"
            ).format(folder=folder)
        )
    jobs = [(r, str(p)) for r, p in zip(reports, paths, strict=True)]
    total = len(jobs)
    say = progress or (lambda _done, _total: None)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or total <= CHUNK:
        for index, job in enumerate(jobs, start=1):
            _render_chunk([job])
            say(index, total)
        return paths
    chunks = [jobs[i : i + CHUNK] for i in range(0, total, CHUNK)]
    done = 0
    # "spawn": the parent may run threads (the GUI, a database writer), and forking a
    # process with threads can copy a held lock into the child.
    # A spawned worker starts from the environment's language: hand it the one chosen
    # here (--lang, the GUI's setting), so its error messages match the parent's.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(count, len(chunks)),
        mp_context=context,
        initializer=set_language,
        initargs=(current_language(),),
    ) as pool:
        pending: set[Future[int]] = {pool.submit(_render_chunk, chunk) for chunk in chunks}
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    done += future.result()
                    say(done, total)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return paths


def write_candidate_reports(
    reporting: ReportingServices,
    actor: Actor,
    exam: str,
    out_dir: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    workers: int | None = 2,
    draft: bool = False,
    lang: str | None = None,
) -> list[Path]:
    """Write the feedback report of every candidate of ``exam`` into ``out_dir``, using
    ``workers`` processes. Refused before the results are released unless ``draft``
    (every page then says so). Returns the paths written, by candidate number."""
    check_fonts()
    data = reporting.candidate_reports_data(actor, exam, draft=draft, lang=lang)
    return render_candidate_reports(data, out_dir, progress=progress, workers=workers)


def write_candidate_report(
    reporting: ReportingServices,
    actor: Actor,
    exam: str,
    candidate: str,
    out: str | os.PathLike[str],
    *,
    draft: bool = False,
    lang: str | None = None,
) -> Path:
    """Write one candidate's feedback report to the PDF ``out``."""
    return write_pdf(
        out,
        "report",
        lambda: reporting.candidate_report_data(actor, exam, candidate, draft=draft, lang=lang),
        render_candidate_report,
    )


def write_exam_report(
    reporting: ReportingServices,
    actor: Actor,
    exam: str,
    out: str | os.PathLike[str],
    *,
    lang: str | None = None,
    borderline_grade: int | None = None,
    sem_multiplier: float = 1.0,
) -> Path:
    """Write the exam (cohort) report to the PDF ``out``."""
    return write_pdf(
        out,
        "report",
        lambda: reporting.exam_report_data(
            actor, exam, lang=lang, borderline_grade=borderline_grade, sem_multiplier=sem_multiplier
        ),
        render_exam_report,
    )


def write_practice_report(
    reporting: ReportingServices,
    actor: Actor,
    username: str,
    out: str | os.PathLike[str],
    *,
    lang: str | None = None,
) -> Path:
    """Write a trainee's practice report to the PDF ``out``."""
    return write_pdf(
        out,
        "report",
        lambda: reporting.practice_report_data(actor, username, lang=lang),
        render_practice_report,
    )


def write_badges(
    reporting: ReportingServices,
    actor: Actor,
    exam: str,
    out: str | os.PathLike[str],
    *,
    lang: str | None = None,
) -> Path:
    """Write the candidates' badge sheet to the PDF ``out``."""
    return write_pdf(
        out, "badge", lambda: reporting.badge_data(actor, exam, lang=lang), render_badges
    )


def write_blank_checklists(
    reporting: ReportingServices,
    actor: Actor,
    exam: str,
    out: str | os.PathLike[str],
    *,
    lang: str | None = None,
) -> Path:
    """Write a blank paper checklist of every station of ``exam`` to the PDF ``out``."""
    return write_pdf(
        out,
        "checklist",
        lambda: reporting.checklist_data(actor, exam, lang=lang),
        render_blank_checklists,
    )


def write_timetable(
    reporting: ReportingServices,
    actor: Actor,
    exam: str,
    out: str | os.PathLike[str],
    *,
    lang: str | None = None,
) -> Path:
    """Write the exam's rotation timetable to the PDF ``out``."""
    return write_pdf(
        out, "timetable", lambda: reporting.timetable_data(actor, exam, lang=lang), render_timetable
    )
