"""PDF reports: candidate feedback, the exam (cohort) report, trainee practice,
candidate badges, blank checklists and the rotation timetable.

Plain Python on ReportLab, without Qt or the station: the station fills the data
classes of :mod:`reports.model` and calls a renderer, which writes one PDF::

    from reports import render_candidate_report
    render_candidate_report(data, "C-007.pdf")

Fonts (:mod:`reports.fonts`) and labels in the exam's language (:mod:`reports.i18n`)
are shared by every report; ``docs/reports.md`` describes each report.
"""

from reports.candidate import render_candidate_report
from reports.exam import render_exam_report
from reports.fonts import FontMissing
from reports.practice import render_practice_report
from reports.sheets import render_badges, render_blank_checklists, render_timetable

__all__ = [
    "FontMissing",
    "render_badges",
    "render_blank_checklists",
    "render_candidate_report",
    "render_exam_report",
    "render_practice_report",
    "render_timetable",
]
