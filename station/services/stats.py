"""Statistics of an exam: standard setting and station quality from the stored results.

The results are scored as the export scores them (:func:`score_encounters`: the
definition version the exam bound, with the standing exclusions), then handed to
:func:`assessments.psychometrics.analyse_exam`. Excluded items count in neither the
score nor the item analysis; a station excluded as a whole is left out altogether. Each
station's borderline step is the one its global rating names, unless the caller gives
one for every station. Nothing is written.
"""

from __future__ import annotations

from assessments.psychometrics import ExamStatistics
from station.auth.permissions import Action, Actor
from station.services.base import ServiceBase, ServiceContext
from station.services.results_model import ResultsModel
from station.services.standards import check_statistics_arguments


class StatsServices(ServiceBase):
    """Psychometrics of an exam (docs/psychometrics.md)."""

    def __init__(self, context: ServiceContext, *, results_model: ResultsModel) -> None:
        super().__init__(context)
        self._results_model = results_model

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
            return self._results_model.statistics(session, exam, borderline_grade, sem_multiplier)[
                0
            ]
