"""Psychometrics of an OSCE: standard setting, station quality and rater agreement.

Plain Python and numpy; nothing here knows about the database. The formulas and their
sources are in docs/psychometrics.md.

Public API::

    from assessments.psychometrics import (
        ResultRow, ItemRow, analyse_exam, read_results_csv, ResultsCsvError,
    )

    rows = read_results_csv("results.csv")          # list[ResultRow]
    stats = analyse_exam(rows, items=(), borderline_grade=None, sem_multiplier=1.0)
    stats.exam.cut_score, stats.exam.pass_mark       # ExamSummary
    for station in stats.stations:                   # list[StationStatistics]
        station.cut_score, station.r2, station.flags
    stats.items                                      # list[ItemStatistics]
    stats.agreement                                  # list[AgreementStatistics]
    stats.warnings                                   # list[str]: why a figure is None
    stats.flags                                      # {station_id: (Flag, ...)}
    stats.to_json()                                  # the `skillstation stats --json` object

- ``ResultRow(candidate_id, station_id, examiner_id, score, max_score, global_grade)``:
  one marking; two rows for one candidate at one station are a double-marked encounter.
- ``ItemRow(candidate_id, station_id, examiner_id, item_id, score, max_score, critical)``:
  one item of one marking, for the item analysis.
- ``analyse_exam(rows, items=(), *, borderline_grade=None, sem_multiplier=1.0,
  stations=None) -> ExamStatistics``: ``borderline_grade`` is the 0-based position of
  the borderline step, for every station (int) or per station id (Mapping; others use
  1); None means 1. ``stations`` optionally fixes the station order.
- ``read_results_csv(path) -> list[ResultRow]`` raises :class:`ResultsCsvError` with
  ``path``, ``line`` and ``message``.

Every undefined figure is None (null in JSON) and a warning says why; counts are ints.
"""

from __future__ import annotations

from assessments.psychometrics.analysis import analyse_exam, cohen_kappa, cronbach_alpha, icc_2_1
from assessments.psychometrics.csvfile import REQUIRED_COLUMNS, ResultsCsvError, read_results_csv
from assessments.psychometrics.model import (
    FLAG_TEXT,
    AgreementStatistics,
    ExamStatistics,
    ExamSummary,
    Flag,
    ItemRow,
    ItemStatistics,
    ResultRow,
    StationStatistics,
)

__all__ = [
    "FLAG_TEXT",
    "REQUIRED_COLUMNS",
    "AgreementStatistics",
    "ExamStatistics",
    "ExamSummary",
    "Flag",
    "ItemRow",
    "ItemStatistics",
    "ResultRow",
    "ResultsCsvError",
    "StationStatistics",
    "analyse_exam",
    "cohen_kappa",
    "cronbach_alpha",
    "icc_2_1",
    "read_results_csv",
]
