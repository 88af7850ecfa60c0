"""``skillstation stats (RESULTS.csv | --exam ID) [--borderline-grade G]
[--sem-multiplier K] [--json]``: standard setting and station quality.

Reads a results CSV (:func:`assessments.psychometrics.read_results_csv`) or an exam's
stored results (:meth:`StatsServices.exam_statistics`, which needs a sign-in that may
view results), and prints the figures of docs/psychometrics.md: a table with the flags
and warnings, or with ``--json`` one JSON object (:meth:`ExamStatistics.to_json`).
Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from station.errors import UserError
from station.i18n import _

if TYPE_CHECKING:
    from assessments.psychometrics import ExamStatistics, ExamSummary

#: Items whose corrected item–total correlation is below this are listed in the table: they
#: hardly tell stronger candidates from weaker ones (a usual rule of thumb for poor
#: discrimination).
LOW_ITEM_R = 0.1


def run(args: argparse.Namespace) -> int:
    """Compute and print the statistics; see the module documentation."""
    from assessments.psychometrics import ResultsCsvError, analyse_exam, read_results_csv

    path: str | None = getattr(args, "results", None)
    exam: str | None = getattr(args, "exam", None)
    if (path is None) == (exam is None):
        raise UserError(
            (
                _("give a results CSV or --exam ID, not both")
                if path
                else _("give a results CSV or --exam ID")
            )
            + " "
            + _(
                "(e.g. `skillstation stats results.csv` or `skillstation --user NAME stats "
                "--exam OSCE-2026-03`)"
            ),
            exit_code=2,
        )
    borderline: int | None = getattr(args, "borderline_grade", None)
    multiplier: float = getattr(args, "sem_multiplier", 1.0)
    if path is not None:
        try:
            rows = read_results_csv(path)
        except ResultsCsvError as err:
            raise UserError(str(err)) from None
        stats = analyse_exam(rows, borderline_grade=borderline, sem_multiplier=multiplier)
        source = path
    else:
        from station.commands.session import open_session

        assert exam is not None
        with open_session(args) as session:
            stats = session.services.stats.exam_statistics(
                session.user, exam, borderline_grade=borderline, sem_multiplier=multiplier
            )
        source = _("exam {exam}").format(exam=exam)
    if getattr(args, "json", False):
        json.dump(stats.to_json(), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_table(stats, source))
    return 0


def _fmt(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"


def _count(value: int | None) -> str:
    return "–" if value is None else str(value)


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, text_last: bool = False
) -> list[str]:
    """Columns two spaces apart: the first left-aligned, numbers right-aligned, and the
    last left-aligned too when it holds text (``text_last``)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = []
        for index, (cell, width) in enumerate(zip(row, widths, strict=True)):
            left = index == 0 or (text_last and index == len(row) - 1)
            cells.append(cell.ljust(width) if left else cell.rjust(width))
        lines.append("  ".join(cells).rstrip())
    return lines


def _row(label: str, value: str) -> str:
    """A line of the exam figures: the label in a 16-character column, then the value."""
    return f"  {label:<16}  {value}"


def _failures_note(exam: ExamSummary) -> str:
    """What the failure count counts, in words."""
    if exam.failures_basis == "exam_outcome":
        return _("(candidates whose exam result is fail; exam pass mark {mark})").format(
            mark=_fmt(exam.failures_pass_mark, 2)
        )
    return _("(totals below the pass mark above)")


def format_table(stats: ExamStatistics, source: str) -> str:
    """The readable report: exam figures, a station table, flags, agreement, warnings,
    in the current language (the flag codes of the table stay as in ``--json``)."""
    from assessments.psychometrics import FLAG_TEXT
    from common.messages import translated

    exam = stats.exam
    k = f"{exam.sem_multiplier:g}"
    candidates = (
        _("{n} candidate sat every station")
        if exam.candidates == 1
        else _("{n} candidates sat every station")
    ).format(n=exam.candidates)
    stations = (_("{n} station") if exam.stations == 1 else _("{n} stations")).format(
        n=exam.stations
    )
    lines = [
        _("Statistics of {source}").format(source=source),
        "",
        _("Exam: {candidates} ({incomplete} incomplete), {stations}").format(
            candidates=candidates, incomplete=exam.incomplete, stations=stations
        ),
        _row(_("Cronbach's alpha"), _fmt(exam.alpha, 3)),
        _row(_("SEM"), _fmt(exam.sem, 2)),
        _row(
            _("cut score"),
            f"{_fmt(exam.cut_score, 2)}  " + _("(mean of the station cuts, borderline regression)"),
        ),
        _row(
            _("pass mark"),
            f"{_fmt(exam.pass_mark, 2)}  " + _("(cut score + {k} × SEM)").format(k=k),
        ),
        _row(_("failures"), f"{_count(exam.failures)}  " + _failures_note(exam)),
        _row(
            _("other cut scores"),
            _("borderline group {group}, Cohen {cohen}").format(
                group=_fmt(exam.borderline_group_cut, 2), cohen=_fmt(exam.cohen_cut, 2)
            ),
        ),
    ]
    if exam.flags:
        lines += ["  " + _("FLAG: {text}").format(text=_(FLAG_TEXT[f])) for f in exam.flags]
    lines += ["", _("Stations (percentages; cut by borderline regression):")]
    header = (
        _("station"),
        "n",
        _("mean"),
        _("sd"),
        _("cut"),
        "R²",
        _("b/grade"),
        _("fail"),
        _("α-del"),
        "η²",
        _("flags"),
    )
    rows = [
        (
            s.station_id,
            str(s.n),
            _fmt(s.mean),
            _fmt(s.sd),
            _fmt(s.cut_score),
            _fmt(s.r2, 2),
            _fmt(s.discrimination),
            _count(s.failures),
            _fmt(s.alpha_if_deleted, 3),
            _fmt(s.examiner_eta2, 2),
            ", ".join(s.flags),
        )
        for s in stats.stations
    ]
    lines += ["  " + line for line in _table(header, rows, text_last=True)]
    flagged = [(s.station_id, f) for s in stats.stations for f in s.flags]
    if flagged:
        lines += ["", _("Flags:")]
        lines += [
            "  "
            + _("{station}: {text} ({flag})").format(
                station=sid, text=_(FLAG_TEXT[flag]), flag=flag
            )
            for sid, flag in flagged
        ]
    if stats.agreement:
        lines += ["", _("Double marking (first two global grades):")]
        agreement_header = (
            _("station"),
            _("encounters"),
            "ICC(2,1)",
            _("kappa"),
            _("same grade"),
        )
        agreement_rows = [
            (
                a.station_id,
                str(a.encounters),
                _fmt(a.icc, 2),
                _fmt(a.kappa, 2),
                "–" if a.observed is None else f"{100 * a.observed:.0f} %",
            )
            for a in stats.agreement
        ]
        lines += ["  " + line for line in _table(agreement_header, agreement_rows)]
    if stats.items:
        low = [i for i in stats.items if i.item_total_r is not None and i.item_total_r < LOW_ITEM_R]
        analysed = _("Items: {n} analysed (facility and item–total correlation in --json)")
        if low:
            analysed += _("; {low} correlate below {r} with the rest of their station:").format(
                low=len(low), r=f"{LOW_ITEM_R:g}"
            )
        lines += ["", analysed.format(n=len(stats.items))]
        lines += [
            "  "
            + _("{station} / {item}: r = {r}, facility {facility}").format(
                station=i.station_id,
                item=i.item_id,
                r=f"{i.item_total_r:.2f}",
                facility=_fmt(i.facility, 2),
            )
            for i in low
            if i.item_total_r is not None
        ]
    if stats.warnings:
        lines += ["", _("Warnings:")]
        lines += [f"  - {translated(w, _)}" for w in stats.warnings]
    return "\n".join(lines) + "\n"
