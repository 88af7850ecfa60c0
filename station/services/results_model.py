"""The results model as the services read it: :class:`ResultsModel` builds
:class:`station.results.ExamResults` (every encounter's score, outcome and reasons,
every candidate's exam outcome) and the exam statistics judged by it, inside a read
the calling service has opened and authorised.

It is the one owner of that computation: the results, release, statistics, reporting,
export and encounter services receive it and call it; none computes an outcome itself.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.definitions.model import StationDefinition
from assessments.psychometrics import ExamStatistics, ItemRow, ResultRow, analyse_exam
from assessments.scoring import ItemState, StationScore
from station.results import (
    ExamResults,
    ExclusionNote,
    Marking,
    Reason,
    candidate_outcomes,
    station_reasons,
)
from station.services.base import (
    ServiceBase,
    exam_rule_values,
    score_encounters,
)
from station.services.imports import imported_rows, withdrawn_encounter_ids
from station.services.standards import adopted_scores, computed_standard, latest_standard
from station.services.types import EncounterResult
from station.storage.models import (
    Candidate,
    Encounter,
    EncounterStatus,
    Exam,
    ExamCandidate,
    Exclusion,
    Marker,
    User,
)


def grade_label(model: StationDefinition, grade: int | None, language: str) -> str | None:
    """A 0-based global grade as people read it: 1-based with the step's label
    ("3 Borderline"); None without a grade."""
    if grade is None or model.global_rating is None:
        return None
    steps = model.global_rating.steps
    if not 0 <= grade < len(steps):
        return str(grade + 1)
    return f"{grade + 1} {model.text(steps[grade].label, language)}"


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


class ResultsModel(ServiceBase):
    """Reads the results model of an exam within an open session (no permission check:
    the calling service has made it)."""

    def exam_results(
        self,
        session: Session,
        exam: Exam,
        *,
        standard: tuple[Mapping[str, float], float] | None = None,
    ) -> ExamResults:
        """Build the results model of ``exam`` (see :mod:`station.results.model`).

        ``standard`` (station cut scores by station key, exam pass mark) judges the
        results against a standard not adopted, as the statistics do before one is;
        by default the standard in force is used."""
        stations = self._stations(session, exam)
        models = {s.id: self._model(d) for s, d in stations}
        keys = {s.id: (s.position, d.station_key, d.version) for s, d in stations}
        encounters = list(
            session.scalars(
                select(Encounter).where(
                    Encounter.exam_id == exam.id,
                    Encounter.status.in_(
                        [EncounterStatus.SUBMITTED.value, EncounterStatus.NO_SHOW.value]
                    ),
                    # A withdrawn imported result counts nowhere.
                    Encounter.id.not_in(withdrawn_encounter_ids()),
                )
            )
        )
        no_show_rows = [e for e in encounters if e.status == EncounterStatus.NO_SHOW.value]
        encounters = [e for e in encounters if e.status == EncounterStatus.SUBMITTED.value]
        judged = self.judge(session, exam, encounters, models, standard)
        excluded = self.station_exclusions(session, exam)
        people = {
            c.id: c
            for c in session.scalars(
                select(Candidate)
                .join(ExamCandidate, ExamCandidate.candidate_id == Candidate.id)
                .where(ExamCandidate.exam_id == exam.id)
            )
        }
        missing_people = {e.candidate_id for e in encounters} - people.keys()
        if missing_people:
            people |= {
                c.id: c
                for c in session.scalars(select(Candidate).where(Candidate.id.in_(missing_people)))
            }
        numbers = {cid: c.candidate_number for cid, c in people.items()}
        names = {
            user_id: username
            for user_id, username in session.execute(
                select(User.id, User.username).where(
                    User.id.in_({e.examiner_id for e in encounters})
                )
            )
        }
        language = exam.language
        pairs = []
        for encounter in encounters:
            position, station_key, version = keys[encounter.exam_station_id]
            model = models[encounter.exam_station_id]
            score, reasons = judged[encounter.id]
            note = excluded.get(encounter.exam_station_id)
            assert encounter.submitted_at is not None  # a CHECK constraint
            pairs.append(
                (
                    (numbers[encounter.candidate_id], position, encounter.marker != Marker.PRIMARY),
                    EncounterResult(
                        encounter_id=encounter.id,
                        exam_code=exam.code,
                        candidate_number=numbers[encounter.candidate_id],
                        station_key=station_key,
                        definition_version=version,
                        examiner=names[encounter.examiner_id],
                        marker="primary" if encounter.marker == Marker.PRIMARY else "second",
                        submitted_at=encounter.submitted_at,
                        score=score,
                        station_excluded=note is not None,
                        reasons=reasons,
                        grade_label=grade_label(model, score.grade, language),
                    ),
                )
            )
        pairs.sort(key=lambda pair: pair[0])
        results = tuple(result for _, result in pairs)
        pass_mark, min_stations = exam_rule_values(exam)
        source: Literal["standard", "exam"] | None = None if pass_mark is None else "exam"
        adopted = latest_standard(session, exam.id)
        if standard is not None:
            pass_mark, source = standard[1], "standard"
        elif adopted is not None:
            pass_mark, source = adopted.pass_mark, "standard"
        station_keys = {s.id: d.station_key for s, d in stations}
        candidates = candidate_outcomes(
            keys=[d.station_key for _, d in stations],
            people={
                c.candidate_number: (c.family_name, c.given_name)
                for cid, c in people.items()
                if cid not in missing_people
            },
            markings=[
                Marking(
                    r.encounter_id,
                    r.candidate_number,
                    r.station_key,
                    r.marker == "primary",
                    r.score,
                    r.outcome,
                    r.reasons,
                )
                for r in results
            ],
            no_shows={
                (numbers.get(e.candidate_id, ""), station_keys[e.exam_station_id])
                for e in no_show_rows
            },
            excluded={station_keys[sid]: note for sid, note in excluded.items()},
            pass_mark=pass_mark,
            min_stations=min_stations,
        )
        return ExamResults(
            exam_code=exam.code,
            encounters=results,
            candidates=tuple(candidates),
            stations=tuple(d.station_key for _, d in stations),
            pass_mark_pct=pass_mark,
            pass_mark_source=source,
            min_stations_passed=min_stations,
            standard_adopted=adopted is not None,
        )

    def encounter_results(self, session: Session, exam: Exam) -> list[EncounterResult]:
        return list(self.exam_results(session, exam).encounters)

    def judge(
        self,
        session: Session,
        exam: Exam,
        encounters: Sequence[Encounter],
        models: Mapping[str, StationDefinition],
        standard: tuple[Mapping[str, float], float] | None = None,
    ) -> dict[str, tuple[StationScore, tuple[Reason, ...]]]:
        """The station result and its reasons of each encounter (by id), as the results
        model has them: scored from the marks, or the imported score, judged against
        the standard in force (or ``standard``); ``models`` by exam station id."""
        scored = score_encounters(session, encounters, models)
        cuts = None
        if standard is not None:
            by_key = {d.station_key: s.id for s, d in self._stations(session, exam)}
            cuts = {by_key[k]: v for k, v in standard[0].items() if k in by_key}
        scores = adopted_scores(session, exam, encounters, models, scored, cuts)
        imported = imported_rows(session, [e.id for e in encounters])
        excluded = self.station_exclusions(session, exam)
        out: dict[str, tuple[StationScore, tuple[Reason, ...]]] = {}
        for encounter in encounters:
            score = scores[encounter.id]
            row = imported.get(encounter.id)
            note = excluded.get(encounter.exam_station_id)
            out[encounter.id] = (
                score,
                station_reasons(
                    models[encounter.exam_station_id],
                    score,
                    excluded=note,
                    imported=None if row is None else (row.source_file, row.source_line),
                ),
            )
        return out

    def station_exclusions(self, session: Session, exam: Exam) -> dict[str, ExclusionNote]:
        """The standing exclusions of whole stations, by exam station id."""
        rows = list(
            session.scalars(
                select(Exclusion).where(
                    Exclusion.exam_id == exam.id,
                    Exclusion.item_id.is_(None),
                    Exclusion.revoked_at.is_(None),
                )
            )
        )
        names = self._usernames(session, [r.created_by for r in rows])
        return {
            r.exam_station_id: ExclusionNote(names.get(r.created_by, r.created_by), r.reason)
            for r in rows
        }

    def statistics(
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
        results = self.exam_results(session, exam)
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
                judged = self.exam_results(session, exam, standard=(cuts, pass_mark))
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
