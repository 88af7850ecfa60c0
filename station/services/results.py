"""Results: exclusions, station results, the CSV export, and checking the audit trail.

A result is never stored: it is computed on demand from the marks with
:func:`assessments.scoring.score_station`, against the exact definition version the exam
bound, with the exclusions standing at that moment. Excluding a flawed item therefore
re-scores every candidate at once, and the exclusion (with its reason) is in the audit
trail.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.definitions.model import StationDefinition
from assessments.scoring import StationScore
from station.auth.permissions import Action, Actor, Context
from station.files import check_target, csv_writer, write_partial
from station.i18n import _
from station.results import (
    ExamResults,
    ExclusionNote,
    Marking,
    Reason,
    candidate_outcomes,
    reasons_text,
    station_reasons,
)
from station.services.base import (
    ServiceBase,
    clean_text,
    exam_rule_values,
    find_item,
    score_encounters,
)
from station.services.errors import Conflict, InvalidInput, NotFound
from station.services.imports import imported_rows, withdrawn_encounter_ids
from station.services.release import adopted_scores, latest_standard
from station.services.types import EncounterResult, ExclusionInfo
from station.storage.audit import Checkpoint, VerifyResult, append, record_changes, record_insert
from station.storage.audit import verify as verify_log
from station.storage.models import (
    Candidate,
    Encounter,
    EncounterStatus,
    Exam,
    ExamCandidate,
    ExamStation,
    Exclusion,
    Marker,
    User,
    new_id,
)

#: The columns of the results export, in order (docs/services.md).
RESULTS_COLUMNS = (
    "candidate_id",
    "station_id",
    "examiner_id",
    "score",
    "max_score",
    "global_grade",
    "global_grade_label",
    "outcome",
    "reason",
    "definition_version",
    "marker",
    "submitted_at",
    "percent",
)


def format_number(value: float | None) -> str:
    """A score as people write it: 7.5, 10, 66.666667 (six decimals at most, no
    trailing zeros); empty for None."""
    if value is None or not math.isfinite(value):
        return ""
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def format_time(value: datetime) -> str:
    """A time stamp in UTC to the second, as ISO 8601 with a Z."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def result_row(result: EncounterResult, language: str) -> list[str]:
    """One encounter result as the export's CSV row (:data:`RESULTS_COLUMNS`), its
    reasons in ``language`` (empty for a pass)."""
    score = result.score
    return [
        result.candidate_number,
        result.station_key,
        result.examiner,
        format_number(score.score),
        format_number(score.max_score),
        "" if score.grade is None else str(score.grade),
        result.grade_label or "",
        result.outcome,
        reasons_text(result.reasons, language),
        result.definition_version,
        result.marker,
        format_time(result.submitted_at),
        format_number(score.percent),
    ]


def _exclusion_info(
    row: Exclusion, exam: Exam, station_key: str, names: dict[str, str]
) -> ExclusionInfo:
    return ExclusionInfo(
        id=row.id,
        exam_code=exam.code,
        station_key=station_key,
        item_id=row.item_id,
        reason=row.reason,
        created_by=names.get(row.created_by, row.created_by),
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


class ResultServices(ServiceBase):
    """Exclusions, results, the export and the audit check."""

    def exclude(
        self, actor: Actor, exam_code: str, station_key: str, item_id: str | None, reason: str
    ) -> ExclusionInfo:
        """Take an item (or, with ``item_id`` None, the whole station) out of scoring
        for the exam, with a reason (coordinators). Every result of the station changes
        at once; the exclusion is audited and can be revoked."""
        why = clean_text(reason, _("the reason"), required=False)
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            station, definition = self._station(session, exam, station_key)
            audit_actor = self._authorize(
                session,
                actor,
                Action.EXCLUDE,
                Context(
                    exam_id=exam.id,
                    exam_station_id=station.id,
                    reason=why,
                    exam_name=exam.code,
                    exam_station_name=station_key,
                ),
            )
            if item_id is not None:
                find_item(self._model(definition), item_id)
            standing = session.scalar(
                select(Exclusion).where(
                    Exclusion.exam_station_id == station.id,
                    Exclusion.revoked_at.is_(None),
                    Exclusion.item_id.is_(None)
                    if item_id is None
                    else Exclusion.item_id == item_id,
                )
            )
            if standing is not None:
                if item_id is None:
                    message = _("station {station!r} is already excluded ({reason})")
                else:
                    message = _(
                        "item {item!r} of station {station!r} is already excluded ({reason})"
                    )
                raise Conflict(
                    message.format(item=item_id, station=station_key, reason=standing.reason)
                )
            row = Exclusion(
                id=new_id(),
                exam_id=exam.id,
                exam_station_id=station.id,
                item_id=item_id,
                reason=why,
                created_by=audit_actor.id,
                created_at=now,
            )
            record_insert(session, self.audit_key, actor=audit_actor, row=row, reason=why, at=now)
            return _exclusion_info(row, exam, station_key, {audit_actor.id or "": audit_actor.name})

    def revoke_exclusion(self, actor: Actor, exclusion_id: str, reason: str) -> ExclusionInfo:
        """Count an excluded item (or station) again, with a reason (coordinators). The
        exclusion stays on record, marked revoked."""
        why = clean_text(reason, _("the reason"), required=False)
        now = self.now()
        with self.db.write() as session:
            row = session.get(Exclusion, exclusion_id)
            if row is None:
                raise NotFound(_("there is no exclusion {id!r}").format(id=exclusion_id))
            exam = session.get(Exam, row.exam_id)
            station = session.get(ExamStation, row.exam_station_id)
            assert exam is not None and station is not None
            audit_actor = self._authorize(
                session,
                actor,
                Action.EXCLUDE,
                Context(exam_id=exam.id, exam_station_id=station.id, reason=why),
            )
            if row.revoked_at is not None:
                raise Conflict(_("that exclusion has already been revoked"))
            record_changes(
                session,
                self.audit_key,
                actor=audit_actor,
                row=row,
                changes={"revoked_by": audit_actor.id, "revoked_at": now},
                reason=why,
                at=now,
            )
            names = self._usernames(session, [row.created_by])
            return _exclusion_info(row, exam, station.label, names)

    def exclusions(self, actor: Actor, exam_code: str) -> list[ExclusionInfo]:
        """The exclusions of an exam, standing and revoked, oldest first (coordinators)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            keys = {s.id: d.station_key for s, d in self._stations(session, exam)}
            rows = list(
                session.scalars(
                    select(Exclusion)
                    .where(Exclusion.exam_id == exam.id)
                    .order_by(Exclusion.created_at)
                )
            )
            names = self._usernames(session, [r.created_by for r in rows])
            return [_exclusion_info(r, exam, keys[r.exam_station_id], names) for r in rows]

    def results(self, actor: Actor, exam_code: str) -> list[EncounterResult]:
        """One result per submitted encounter, by candidate, station order, marker
        (coordinators)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            return self._results(session, exam)

    def export_results_csv(
        self, actor: Actor, exam_code: str, out_path: str | os.PathLike[str]
    ) -> int:
        """Write the exam's results as CSV (:data:`RESULTS_COLUMNS`), atomically: to a
        temporary file beside ``out_path``, synced, then renamed over it, so a reader
        never sees half a file. The export is audited. Returns the number of rows."""
        out = check_target(
            Path(out_path).expanduser(),
            _("{file}: this is a folder; give the name of the CSV file"),
        )
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(session, actor, Action.EXPORT_RESULTS)
            results = self._results(session, exam)
            rows = [result_row(r, exam.language) for r in results]
            partial = write_partial(out, csv_writer([list(RESULTS_COLUMNS), *rows]))
            try:
                append(
                    session,
                    self.audit_key,
                    actor=audit_actor,
                    action="results.export",
                    table="exams",
                    record_id=exam.id,
                    new={"format": "csv", "rows": len(results), "file": out.name},
                    at=now,
                )
                partial.commit()
            except BaseException:
                partial.discard()
                raise
        return len(results)

    def verify_audit(
        self, actor: Actor, *, checkpoint: str | Checkpoint | None = None
    ) -> VerifyResult:
        """Check the audit log (:func:`station.storage.audit.verify`; coordinators).
        ``checkpoint`` is an entry noted earlier, ``"<seq>:<mac>"``."""
        if isinstance(checkpoint, str):
            try:
                checkpoint = Checkpoint.parse(checkpoint)
            except ValueError as err:
                raise InvalidInput([str(err)]) from err
        with self.db.read() as session:
            self._authorize(session, actor, Action.VERIFY_AUDIT)
        return verify_log(self.db, self.audit_key, checkpoint=checkpoint)

    # ------------------------------------------------------------------ internals

    def exam_results(self, actor: Actor, exam_code: str) -> ExamResults:
        """The exam's results model (:mod:`station.results`): every submitted
        encounter and every candidate on the roster, with outcomes and reasons
        (coordinators)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            return self._exam_results(session, exam)

    def _station_exclusions(self, session: Session, exam: Exam) -> dict[str, ExclusionNote]:
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

    def _judge(
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
        excluded = self._station_exclusions(session, exam)
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

    def _results(self, session: Session, exam: Exam) -> list[EncounterResult]:
        return list(self._exam_results(session, exam).encounters)

    def _exam_results(
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
        judged = self._judge(session, exam, encounters, models, standard)
        excluded = self._station_exclusions(session, exam)
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


def grade_label(model: StationDefinition, grade: int | None, language: str) -> str | None:
    """A 0-based global grade as people read it: 1-based with the step's label
    ("3 Borderline"); None without a grade."""
    if grade is None or model.global_rating is None:
        return None
    steps = model.global_rating.steps
    if not 0 <= grade < len(steps):
        return str(grade + 1)
    return f"{grade + 1} {model.text(steps[grade].label, language)}"
