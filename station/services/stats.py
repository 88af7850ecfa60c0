"""Statistics of an exam: standard setting and station quality from the stored results.

The results are scored as the export scores them (:func:`score_encounters`: the
definition version the exam bound, with the standing exclusions), then handed to
:func:`assessments.psychometrics.analyse_exam`. Excluded items count in neither the
score nor the item analysis; a station excluded as a whole is left out altogether. Each
station's borderline step is the one its global rating names, unless the caller gives
one for every station. Nothing is written.
"""

from __future__ import annotations

import math

from sqlalchemy import select

from assessments.psychometrics import ExamStatistics, ItemRow, ResultRow, analyse_exam
from assessments.scoring import ItemState
from station.auth.permissions import Action, Actor
from station.services.base import ServiceBase, exclusions_by_station, score_encounters
from station.services.errors import InvalidInput
from station.services.release import adopted_scores
from station.storage.models import Candidate, Encounter, EncounterStatus, Marker, User


class StatsServices(ServiceBase):
    """Psychometrics of an exam (docs/psychometrics.md)."""

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
        if borderline_grade is not None and (
            isinstance(borderline_grade, bool) or borderline_grade < 0
        ):
            raise InvalidInput([f"the borderline grade must be 0 or more, not {borderline_grade}"])
        if not math.isfinite(sem_multiplier):
            raise InvalidInput([f"the SEM multiplier must be a number, not {sem_multiplier}"])
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            excluded = exclusions_by_station(session, exam.id)
            stations = [
                (s, d)
                for s, d in self._stations(session, exam)
                if None not in excluded.get(s.id, set())
            ]
            models = {s.id: self._model(d) for s, d in stations}
            keys = {s.id: (s.position, d.station_key) for s, d in stations}
            encounters = list(
                session.scalars(
                    select(Encounter).where(
                        Encounter.exam_id == exam.id,
                        Encounter.status == EncounterStatus.SUBMITTED.value,
                        Encounter.exam_station_id.in_(list(models)),
                    )
                )
            )
            # Imported (paper-marked) encounters have no item marks: their score is the
            # imported one, as results and exports count it.
            adopted = adopted_scores(
                session, exam, encounters, models, score_encounters(session, encounters, models)
            )
            numbers = {
                candidate_id: number
                for candidate_id, number in session.execute(
                    select(Candidate.id, Candidate.candidate_number).where(
                        Candidate.id.in_({e.candidate_id for e in encounters})
                    )
                )
            }
            names = {
                user_id: username
                for user_id, username in session.execute(
                    select(User.id, User.username).where(
                        User.id.in_({e.examiner_id for e in encounters})
                    )
                )
            }
        # Primary marker first, so the agreement figures compare primary with second.
        encounters.sort(
            key=lambda e: (
                numbers[e.candidate_id],
                keys[e.exam_station_id][0],
                e.marker != Marker.PRIMARY,
                e.id,
            )
        )
        rows: list[ResultRow] = []
        items: list[ItemRow] = []
        for encounter in encounters:
            score = adopted[encounter.id]
            candidate = numbers[encounter.candidate_id]
            station_key = keys[encounter.exam_station_id][1]
            examiner = names[encounter.examiner_id]
            rows.append(
                ResultRow(
                    candidate, station_key, examiner, score.score, score.max_score, score.grade
                )
            )
            items.extend(
                ItemRow(
                    candidate,
                    station_key,
                    examiner,
                    item.item_id,
                    item.points,
                    item.max_points,
                    item.critical,
                )
                for item in score.items
                if item.state is not ItemState.EXCLUDED
            )
        borderline: int | dict[str, int] = (
            borderline_grade
            if borderline_grade is not None
            else {
                d.station_key: rating.borderline_index
                for s, d in stations
                if (rating := models[s.id].global_rating) is not None
            }
        )
        return analyse_exam(
            rows,
            items,
            borderline_grade=borderline,
            sem_multiplier=sem_multiplier,
            stations=[d.station_key for _, d in stations],
        )
