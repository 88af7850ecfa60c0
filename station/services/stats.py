"""Statistics of an exam: standard setting and station quality from the stored results.

The results are scored as the export scores them (:func:`score_encounters`: the
definition version the exam bound, with the standing exclusions), then handed to
:func:`assessments.psychometrics.analyse_exam`. Excluded items count in neither the
score nor the item analysis; a station excluded as a whole is left out altogether. Each
station's borderline step is the one its global rating names, unless the caller gives
one for every station. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from assessments.definitions.model import StationDefinition
from assessments.psychometrics import ExamStatistics, ItemRow, ResultRow, analyse_exam
from assessments.scoring import ItemState
from station.auth.permissions import Action, Actor
from station.results import ExamResults
from station.services.base import ServiceBase
from station.services.release import check_statistics_arguments, computed_standard
from station.storage.models import Exam


def statistics_inputs(
    results: ExamResults,
    models: Mapping[str, StationDefinition],
    borderline_grade: int | None,
) -> tuple[list[ResultRow], list[ItemRow], int | dict[str, int], list[str]]:
    """The one way the statistics' inputs are built from the results model: every
    marking (primary first, so agreement compares primary with second) of the stations
    not excluded as a whole, with a maximum above 0; the item marks that count of those
    markings; each station's borderline step (its global rating's, unless given); the
    stations in circuit order. ``models`` maps station keys to bound definitions."""
    stations = [
        key
        for key in results.stations
        if not any(r.station_key == key and r.station_excluded for r in results.encounters)
    ]
    kept = [r for r in results.encounters if r.station_key in stations and r.score.max_score > 0]
    rows = [
        ResultRow(
            r.candidate_number,
            r.station_key,
            r.examiner,
            r.score.score,
            r.score.max_score,
            r.score.grade,
        )
        for r in kept
    ]
    items = [
        ItemRow(
            r.candidate_number,
            r.station_key,
            r.examiner,
            item.item_id,
            item.points,
            item.max_points,
            item.critical,
        )
        for r in kept
        for item in r.score.items
        if item.state is not ItemState.EXCLUDED and item.max_points > 0
    ]
    borderline: int | dict[str, int] = (
        borderline_grade
        if borderline_grade is not None
        else {
            key: rating.borderline_index
            for key in stations
            if (rating := models[key].global_rating) is not None
        }
    )
    return rows, items, borderline, stations


class StatsServices(ServiceBase):
    """Psychometrics of an exam (docs/psychometrics.md)."""

    if TYPE_CHECKING:
        # Provided by ResultServices, beside which this mixin is used.
        def _exam_results(
            self,
            session: Session,
            exam: Exam,
            *,
            standard: tuple[Mapping[str, float], float] | None = None,
        ) -> ExamResults: ...

    def exam_statistics(
        self,
        actor: Actor,
        exam_code: str,
        *,
        borderline_grade: int | None = None,
        sem_multiplier: float = 1.0,
    ) -> ExamStatistics:
        """Cut scores, pass mark, alpha, SEM, station flags, item analysis and rater
        agreement of the exam's submitted encounters (permission: view results).

        ``borderline_grade`` (0-based step) applies to every station; by default each
        station's global rating names its own. ``sem_multiplier`` is k in pass mark =
        cut score + k · SEM.
        """
        check_statistics_arguments(borderline_grade, sem_multiplier)
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            return self._exam_statistics(session, exam, borderline_grade, sem_multiplier)[0]

    def _exam_statistics(
        self,
        session: Session,
        exam: Exam,
        borderline_grade: int | None,
        sem_multiplier: float,
    ) -> tuple[ExamStatistics, ExamResults, ExamResults]:
        """The statistics of ``exam``, the results model that judged their failure
        counts, and the results model as it stands (the same one once a standard is
        adopted).

        The failure counts are the results model's: candidates whose exam result is
        fail, and per station candidates who failed it, under the standard in force, or
        where none is adopted and stations wait for standard setting, under the standard
        these statistics compute (borderline regression cut scores for the standard-set
        stations, the fixed pass marks of the others, the pass mark cut + k · SEM)."""
        models = {d.station_key: self._model(d) for _, d in self._stations(session, exam)}
        results = self._exam_results(session, exam)
        rows, items, borderline, stations = statistics_inputs(results, models, borderline_grade)
        stats = analyse_exam(
            rows,
            items,
            borderline_grade=borderline,
            sem_multiplier=sem_multiplier,
            stations=stations,
        )
        judged = results
        rules = {key: model.pass_rule for key, model in models.items() if key in stations}
        # Before a standard is adopted, stations set by standard setting wait for their
        # cut: judge them by the standard these statistics compute. An exam whose
        # stations all have fixed pass marks is judged by its own rule, as it stands.
        waiting = any(rule.mode == "standard_setting" for rule in rules.values())
        if not results.standard_adopted and waiting:
            cuts, problems, pass_mark = computed_standard(stats, rules, "brm", sem_multiplier)
            if not problems and pass_mark is not None:
                judged = self._exam_results(session, exam, standard=(cuts, pass_mark))
        stats = replace(
            stats,
            exam=replace(
                stats.exam,
                failures=judged.failures,
                failures_basis="exam_outcome",
                failures_pass_mark=judged.pass_mark_pct,
            ),
            stations=[
                replace(s, failures=judged.station_failures(s.station_id)) for s in stats.stations
            ],
        )
        return stats, judged, results
