"""Standards: the standard in force for an exam, the station scores it adopts, and
how a standard is computed from the statistics, with the one check of the statistics'
arguments. Plain functions on an open session, shared by the release, results-model,
statistics, reporting and export code (docs/psychometrics.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from assessments.definitions.model import PassRule, StationDefinition
from assessments.scoring import StationScore, score_station
from station.i18n import _
from station.services.base import (
    Scored,
    counting_marks,
)
from station.services.errors import InvalidInput
from station.services.imports import imported_rows, imported_score

if TYPE_CHECKING:
    from assessments.psychometrics import ExamStatistics

from station.storage.models import (
    Encounter,
    Exam,
    StandardSetting,
)

__all__ = [
    "METHODS",
    "StandardInfo",
    "adopted_scores",
    "check_statistics_arguments",
    "computed_standard",
    "latest_standard",
    "method_problem",
    "sem_problem",
    "standard_info",
]

#: The standard-setting methods, as the command line names them.
METHODS = ("brm", "borderline-group", "cohen")


@dataclass(frozen=True)
class StandardInfo:
    """A standard adopted for an exam. ``station_cuts`` maps station keys to their cut
    score in percent (circuit order); ``statistics`` holds the figures it rests on."""

    exam_code: str
    method: str
    borderline_grade: int | None
    sem_multiplier: float
    cut_score: float
    pass_mark: float
    station_cuts: Mapping[str, float]
    statistics: Mapping[str, object]
    adopted_by: str
    adopted_at: datetime


def latest_standard(session: Session, exam_id: str) -> StandardSetting | None:
    """The standard in force for an exam: the newest adopted, None before any."""
    return session.scalar(
        select(StandardSetting)
        .where(StandardSetting.exam_id == exam_id)
        # Rows are only ever added, so the last inserted breaks a tie of times.
        .order_by(StandardSetting.created_at.desc(), literal_column("rowid").desc())
        .limit(1)
    )


def adopted_scores(
    session: Session,
    exam: Exam,
    encounters: Sequence[Encounter],
    models: Mapping[str, StationDefinition],
    scored: Mapping[str, Scored],
    cuts: Mapping[str, float] | None = None,
) -> dict[str, StationScore]:
    """The station result of each encounter as it stands: imported encounters from
    their imported score, and stations set by standard setting judged against the
    adopted cut score when there is one (or ``cuts``, by exam station id, to judge
    them against a standard not adopted); otherwise the score from the marks."""
    if cuts is None:
        standard = latest_standard(session, exam.id)
        cuts = {}
        if standard is not None:
            cuts = {k: float(v) for k, v in json.loads(standard.station_cuts_json).items()}
    imported = imported_rows(session, [e.id for e in encounters])
    result: dict[str, StationScore] = {}
    for encounter in encounters:
        model = models[encounter.exam_station_id]
        entry = scored[encounter.id]
        cut = cuts.get(encounter.exam_station_id)
        set_by_standard = model.pass_rule.mode == "standard_setting"
        row = imported.get(encounter.id)
        if row is not None:
            result[encounter.id] = imported_score(
                model, row, entry.values.grade_value, cut if set_by_standard else None
            )
        elif set_by_standard and cut is not None:
            result[encounter.id] = score_station(
                model,
                counting_marks(entry.history),
                metrics=entry.metrics,
                grade=entry.values.grade_value,
                cut_score_pct=cut,
                excluded_items=entry.excluded_items,
            )
        else:
            result[encounter.id] = entry.score
    return result


def standard_info(
    row: StandardSetting, exam: Exam, keys: Mapping[str, str], by: str
) -> StandardInfo:
    cuts = json.loads(row.station_cuts_json)
    return StandardInfo(
        exam_code=exam.code,
        method=row.method,
        borderline_grade=row.borderline_grade,
        sem_multiplier=row.sem_multiplier,
        cut_score=row.cut_score,
        pass_mark=row.pass_mark,
        station_cuts={key: float(cuts[sid]) for sid, key in keys.items() if sid in cuts},
        statistics=json.loads(row.statistics_json),
        adopted_by=by,
        adopted_at=row.created_at,
    )


def check_statistics_arguments(borderline_grade: int | None, sem_multiplier: float) -> None:
    """The one check of the statistics' arguments, for ``stats``, standard setting and
    the exam report: raises :class:`InvalidInput` naming every problem."""
    problems = []
    if borderline_grade is not None and (
        isinstance(borderline_grade, bool)
        or not isinstance(borderline_grade, int)
        or borderline_grade < 0
    ):
        problems.append(
            _("the borderline grade must be 0 or more, not {grade}").format(grade=borderline_grade)
        )
    if (
        isinstance(sem_multiplier, bool)
        or not isinstance(sem_multiplier, int | float)
        or not math.isfinite(sem_multiplier)
        or sem_multiplier < 0
    ):
        problems.append(sem_problem(sem_multiplier))
    if problems:
        raise InvalidInput(problems)


def computed_standard(
    stats: ExamStatistics,
    rules: Mapping[str, PassRule],
    method: str,
    sem_multiplier: float,
) -> tuple[dict[str, float], list[str], float | None]:
    """The standard ``method`` computes from ``stats``: the cut score of every station
    (by key; a station with a fixed pass mark keeps it, the others take the method's
    cut), what stops it (empty when nothing does), and the exam pass mark (the mean of
    the cuts plus ``sem_multiplier`` standard errors of measurement; None when it
    cannot be computed)."""
    figures: dict[str, float | None]
    if method == "brm":
        figures = {s.station_id: s.cut_score for s in stats.stations}
    elif method == "borderline-group":
        figures = {s.station_id: s.borderline_group_cut for s in stats.stations}
    else:
        figures = {s.station_id: s.cohen_cut for s in stats.stations}
    cuts: dict[str, float] = {}
    problems = []
    for key, rule in rules.items():
        if rule.mode == "fixed" and rule.pass_mark_pct is not None:
            cuts[key] = float(rule.pass_mark_pct)
        elif (value := figures.get(key)) is not None and 0 <= value <= 100:
            cuts[key] = value
        elif value is not None:
            problems.append(
                _(
                    "the {method} cut score of station {station!r}, {value}, is not a "
                    "percentage from 0 to 100"
                ).format(station=key, method=method, value=round(value, 2))
            )
        else:
            problems.append(
                _("station {station!r} has no {method} cut score").format(
                    station=key, method=method
                )
            )
    sem = stats.exam.sem
    if sem is None:
        problems.append(_("the standard error of measurement is undefined"))
    if problems or not cuts or sem is None:
        return cuts, problems, None
    cut = round(math.fsum(cuts.values()) / len(cuts), 6)
    return cuts, problems, round(cut + sem_multiplier * sem, 6)


def method_problem(method: str) -> str:
    return _("method {method!r} is not one of {methods}").format(
        method=method, methods=", ".join(METHODS)
    )


def sem_problem(multiplier: float) -> str:
    return _("the SEM multiplier {value} is not a number from 0 up").format(value=multiplier)
