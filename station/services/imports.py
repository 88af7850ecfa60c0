"""Results import: paper-marked or historical results brought into an exam from a CSV
file in the export format (``candidate_id,station_id,examiner_id,score,max_score,
global_grade``; other columns are ignored, except an ``outcome`` of ``critical_fail``,
which is kept).

An imported encounter is a submitted encounter like any other, so it counts in the
results, the exports and the statistics; it has no item marks, and its score and maximum
are kept in ``imported_results`` (its source is ``import``). The global grade is stored
as the encounter's first grade entry. The whole file goes in, or nothing does, and
every row is audited. A coordinator can withdraw an imported result later, with a
reason (:meth:`ImportServices.withdraw_imported`): the row stays, a withdrawal is
recorded beside it, and the results leave the encounter out. See docs/exports.md
("Importing results", "Withdrawing an imported result").
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from assessments.definitions.model import StationDefinition
from assessments.scoring import DECIMALS, Outcome, StationScore, score_station
from station.auth.permissions import Action, Context
from station.auth.permissions import Actor as User
from station.i18n import _
from station.services.base import ServiceBase, clean_text
from station.services.csv_input import csv_records, decode_csv, line_of, read_csv_file
from station.services.errors import Conflict, InvalidInput, NotFound
from station.storage.audit import append, record_insert
from station.storage.models import (
    Candidate,
    Encounter,
    EncounterStatus,
    ExamCandidate,
    GradeEntry,
    ImportedResult,
    ImportedResultWithdrawal,
    Marker,
    new_id,
)
from station.storage.models import User as UserRow

__all__ = [
    "IMPORT_COLUMNS",
    "ImportResult",
    "ImportServices",
    "WithdrawnImport",
    "imported_score",
    "withdrawn_encounter_ids",
]

#: The columns a results file must have (the first six of the export).
IMPORT_COLUMNS = ("candidate_id", "station_id", "examiner_id", "score", "max_score", "global_grade")

#: The source of an encounter brought in from a file, as exports show it.
SOURCE_IMPORT = "import"
#: The source of an encounter marked at a station.
SOURCE_STATION = "station"


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: the number of encounters, by station key."""

    exam_code: str
    file: str
    encounters: int
    by_station: Mapping[str, int]


@dataclass(frozen=True)
class WithdrawnImport:
    """An imported result taken back: whose, where it came from, and who withdrew it,
    when and why."""

    exam_code: str
    candidate_number: str
    station_key: str
    examiner: str
    score: float
    max_score: float
    source_file: str
    source_line: int
    reason: str
    withdrawn_by: str
    withdrawn_at: datetime


@dataclass(frozen=True)
class _Row:
    line: int
    candidate: str
    station: str
    examiner: str
    score: float
    max_score: float
    grade: int | None
    critical_fail: bool


def _round(value: float) -> float:
    return round(value, DECIMALS) + 0.0


def _num(value: float) -> str:
    text = f"{_round(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def imported_score(
    model: StationDefinition,
    row: ImportedResult,
    grade: int | None,
    cut_score_pct: float | None,
) -> StationScore:
    """The station result of an imported encounter: its stored score and maximum, judged
    against the station's fixed pass mark or, for a standard-setting station, the
    adopted cut score (``cut_score_pct``; pending without one). A paper sheet's critical
    fail stands whatever the score."""
    score, max_score = _round(row.score), _round(row.max_score)
    # A row with no maximum (imported before maxima were checked) scores 0 %, never a
    # division by zero.
    percent = _round(100 * score / max_score) if max_score > 0 else 0.0
    rule = model.pass_rule
    mark: float | None
    if rule.mode == "fixed":
        mark, name = rule.pass_mark_pct, "pass mark"
    else:
        mark, name = cut_score_pct, "cut score set by standard setting"
    reasons: list[str] = []
    if row.critical_fail:
        outcome = Outcome.CRITICAL_FAIL
        reasons.append("the imported result records a critical item not done")
    elif mark is None:
        outcome = Outcome.PENDING
        reasons.append(
            "the pass mark comes from standard setting after the exam, and there is no cut "
            "score yet"
        )
    elif percent >= _round(mark):
        outcome = Outcome.PASS
        reasons.append(f"{_num(percent)} % meets the {name} of {_num(mark)} %")
    else:
        outcome = Outcome.FAIL
        reasons.append(f"{_num(percent)} % is below the {name} of {_num(mark)} %")
    reasons.append(f"imported from {row.source_file}, line {row.source_line}")
    return StationScore(
        station_id=model.id,
        version=model.version,
        score=score,
        max_score=max_score,
        percent=percent,
        raw_done=0,
        raw_total=0,
        items=(),
        missing=(),
        critical_failed=(),
        min_items_met=None,
        grade=grade,
        outcome=outcome,
        reasons=tuple(reasons),
        pass_mark_pct=mark,
    )


def imported_rows(session: Session, encounter_ids: Collection[str]) -> dict[str, ImportedResult]:
    """The imported scores of those encounters that were imported, by encounter id."""
    if not encounter_ids:
        return {}
    return {
        row.encounter_id: row
        for row in session.scalars(
            select(ImportedResult).where(ImportedResult.encounter_id.in_(list(encounter_ids)))
        )
    }


def withdrawn_encounter_ids() -> Select[str]:
    """The ids of the encounters whose imported result was withdrawn (a subquery): the
    results model leaves them out."""
    return select(ImportedResult.encounter_id).join(
        ImportedResultWithdrawal, ImportedResultWithdrawal.imported_result_id == ImportedResult.id
    )


def _number(text: str, what: str) -> tuple[float | None, str | None]:
    problem = _("{column} {value!r} is not a number — write it with digits, e.g. 7.5")
    try:
        value = float(text)
    except ValueError:
        return None, problem.format(column=what, value=text)
    if not math.isfinite(value):
        return None, problem.format(column=what, value=text)
    return value, None


def parse_results(raw: bytes, shown: str) -> tuple[list[_Row], list[str]]:
    """The rows of a results file and every problem found in it alone, in file order."""
    text, problems = decode_csv(raw, shown)
    if text is None:
        return [], problems
    names: list[str] | None = None
    rows: list[_Row] = []
    for start, cells in csv_records(text, shown, problems):
        if names is None:
            names = [c.strip().lower() for c in cells]
            missing = [c for c in IMPORT_COLUMNS if c not in names]
            if missing:
                return [], [
                    _(
                        "{file}:{line}: the header has no column {missing} — the first line "
                        "must name the columns {columns}"
                    ).format(
                        file=shown,
                        line=start,
                        missing=", ".join(missing),
                        columns=",".join(IMPORT_COLUMNS),
                    )
                ]
            continue
        if len(cells) > len(names):
            problems.append(
                _(
                    "{file}:{line}: {count} values for {columns} columns — remove the extra "
                    "values or quote a value that holds a comma"
                ).format(file=shown, line=start, count=len(cells), columns=len(names))
            )
            continue
        value = {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names)}
        row_problems: list[str] = []
        for column in ("candidate_id", "station_id", "examiner_id", "score", "max_score"):
            if not value[column]:
                row_problems.append(_("{column} is empty — fill it in").format(column=column))
        score = max_score = None
        if value["score"]:
            score, problem = _number(value["score"], "score")
            if problem:
                row_problems.append(problem)
        if value["max_score"]:
            max_score, problem = _number(value["max_score"], "max_score")
            if problem:
                row_problems.append(problem)
            elif max_score is not None and max_score <= 0:
                row_problems.append(
                    _("max_score {value} is not above 0 — give the station's maximum score").format(
                        value=value["max_score"]
                    )
                )
        if (
            score is not None
            and max_score is not None
            and max_score > 0
            and not 0 <= score <= max_score
        ):
            row_problems.append(
                _(
                    "score {score} is outside 0 to {maximum} — check the score and the maximum"
                ).format(score=value["score"], maximum=value["max_score"])
            )
        grade: int | None = None
        if value["global_grade"]:
            if not value["global_grade"].isdigit():
                row_problems.append(
                    _(
                        "global_grade {grade!r} is not a whole number from 0 up — give the "
                        "position of the step on the station's global rating (0 is the "
                        "lowest), or leave it empty"
                    ).format(grade=value["global_grade"])
                )
            else:
                grade = int(value["global_grade"])
        outcome = value.get("outcome", "").lower()
        for problem in row_problems:
            problems.append(f"{shown}:{start}: {problem}")
        if row_problems:
            continue
        assert score is not None and max_score is not None
        rows.append(
            _Row(
                line=start,
                candidate=value["candidate_id"],
                station=value["station_id"],
                examiner=value["examiner_id"].lower(),
                score=score,
                max_score=max_score,
                grade=grade,
                critical_fail=outcome == Outcome.CRITICAL_FAIL.value,
            )
        )
    if names is None:
        problems.append(
            _(
                "{file}:1: the file is empty — the first line must name the columns {columns}"
            ).format(file=shown, columns=",".join(IMPORT_COLUMNS))
        )
    elif not rows and not problems:
        problems.append(
            _("{file}: the file has a header and no results — nothing to import").format(file=shown)
        )
    return rows, problems


def _against_definition(row: _Row, model: StationDefinition, where: str) -> list[str]:
    """Problems of a row's score and maximum against the station's bound definition
    version: ``max_score`` must be that version's maximum (within rounding); the parser
    has already checked that ``score`` lies between 0 and ``max_score``."""
    maximum = score_station(model, []).max_score
    problems = []
    if abs(row.max_score - maximum) > 0.005:
        problems.append(
            _(
                "{where}: max_score {given} is not the maximum of station {station!r} "
                "version {version} ({maximum}) — give the station's maximum score"
            ).format(
                where=where,
                given=f"{row.max_score:g}",
                station=model.id,
                version=model.version,
                maximum=_num(maximum),
            )
        )
    return problems


class ImportServices(ServiceBase):
    """Bringing results marked elsewhere into an exam."""

    def import_results(
        self, actor: User, exam_code: str, csv_path: str | os.PathLike[str]
    ) -> ImportResult:
        """Bring the results of a CSV file into the exam as submitted encounters
        (coordinators), all or nothing.

        Each row names a candidate entered for the exam, a station of the exam (its key)
        and the username of an examiner; a row for a candidate, station and examiner that
        already has an encounter is refused. The first encounter of a candidate at a
        station is the primary marking, a further one a second marking. Raises
        :class:`InvalidInput` listing every problem (``results.csv:17: ...``) and stores
        nothing when any row is wrong; :class:`NotFound` when the file is missing.
        """
        shown = os.fspath(csv_path)
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(
                session, actor, Action.EDIT_EXAM, Context(exam_id=exam.id, exam_name=exam.code)
            )
        # Read and parse before the write transaction (never hold the write lock on a file).
        rows, problems = parse_results(
            read_csv_file(
                shown,
                missing=_("{file}: no such file — check the path of the results file"),
                folder=_("{file}: this is a folder — give the results CSV file"),
            ),
            shown,
        )
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(
                session,
                actor,
                Action.EDIT_EXAM,
                Context(exam_id=exam.id, exam_name=exam.code),
            )
            stations = {
                d.station_key: (s, self._model(d)) for s, d in self._stations(session, exam)
            }
            candidates = {
                number: cid
                for number, cid in session.execute(
                    select(Candidate.candidate_number, Candidate.id)
                    .join(ExamCandidate, ExamCandidate.candidate_id == Candidate.id)
                    .where(ExamCandidate.exam_id == exam.id)
                )
            }
            users = {
                name: uid
                for name, uid in session.execute(
                    select(UserRow.username, UserRow.id).where(
                        UserRow.username.in_({r.examiner for r in rows})
                    )
                )
            }
            existing = {
                (e.exam_station_id, e.candidate_id, e.examiner_id): e
                for e in session.scalars(select(Encounter).where(Encounter.exam_id == exam.id))
            }
            withdrawn = set(
                session.scalars(
                    withdrawn_encounter_ids()
                    .join(Encounter, Encounter.id == ImportedResult.encounter_id)
                    .where(Encounter.exam_id == exam.id)
                )
            )
            seen: dict[tuple[str, str, str], int] = {}
            for row in rows:
                where = f"{shown}:{row.line}"
                found = stations.get(row.station)
                if found is None:
                    problems.append(
                        _(
                            "{where}: exam {exam!r} has no station {station!r} — use one of "
                            "{stations}"
                        ).format(
                            where=where,
                            exam=exam.code,
                            station=row.station,
                            stations=", ".join(sorted(stations)),
                        )
                    )
                if row.candidate not in candidates:
                    problems.append(
                        _(
                            "{where}: candidate {candidate!r} is not entered for exam {exam!r} "
                            "— import them with the roster first"
                        ).format(where=where, candidate=row.candidate, exam=exam.code)
                    )
                if row.examiner not in users:
                    problems.append(
                        _(
                            "{where}: there is no user {examiner!r} — add the examiner's "
                            "account first (skillstation users add)"
                        ).format(where=where, examiner=row.examiner)
                    )
                if found is None or row.candidate not in candidates or row.examiner not in users:
                    continue
                station, model = found
                rating = model.global_rating
                if row.grade is not None and (rating is None or row.grade >= len(rating.steps)):
                    if rating is None:
                        problem = _(
                            "{where}: global_grade {grade} is not a step of station {station!r} "
                            "— leave it empty: the station has no global rating"
                        )
                    else:
                        problem = _(
                            "{where}: global_grade {grade} is not a step of station {station!r} "
                            "— use 0 to {top}"
                        )
                    problems.append(
                        problem.format(
                            where=where,
                            grade=row.grade,
                            station=row.station,
                            top=len(rating.steps) - 1 if rating is not None else 0,
                        )
                    )
                problems.extend(_against_definition(row, model, where))
                key = (station.id, candidates[row.candidate], users[row.examiner])
                if key in existing:
                    if existing[key].id in withdrawn:
                        message = _(
                            "{where}: candidate {candidate!r} had a result from {examiner!r} "
                            "at station {station!r} that was withdrawn; the same candidate, "
                            "station and examiner cannot be imported again — give the "
                            "corrected result under the examiner of the second sheet, or "
                            "mark it at the station"
                        )
                    else:
                        message = _(
                            "{where}: candidate {candidate!r} already has a result from "
                            "{examiner!r} at station {station!r} — remove the row, or correct "
                            "the stored encounter by amending it"
                        )
                    problems.append(
                        message.format(
                            where=where,
                            candidate=row.candidate,
                            examiner=row.examiner,
                            station=row.station,
                        )
                    )
                elif key in seen:
                    problems.append(
                        _(
                            "{where}: the same candidate, station and examiner as line {first} "
                            "— keep one of the two rows"
                        ).format(where=where, first=seen[key])
                    )
                else:
                    seen[key] = row.line
            if problems:
                problems.sort(key=line_of)
                raise InvalidInput(
                    problems,
                    summary=_("{file}: nothing was imported; fix these and try again").format(
                        file=shown
                    ),
                )
            marked: set[tuple[str, str]] = {(k[0], k[1]) for k in existing}
            counts: dict[str, int] = {}
            reason = f"imported from {Path(shown).name}"
            for row in rows:
                station, _model = stations[row.station]
                candidate_id = candidates[row.candidate]
                pair = (station.id, candidate_id)
                encounter = Encounter(
                    id=new_id(),
                    exam_id=exam.id,
                    exam_station_id=station.id,
                    candidate_id=candidate_id,
                    examiner_id=users[row.examiner],
                    status=EncounterStatus.SUBMITTED.value,
                    marker=(Marker.SECOND if pair in marked else Marker.PRIMARY).value,
                    submitted_at=now,
                    created_at=now,
                    updated_at=now,
                )
                marked.add(pair)
                record_insert(
                    session, self.audit_key, actor=audit_actor, row=encounter, reason=reason, at=now
                )
                imported = ImportedResult(
                    id=new_id(),
                    encounter_id=encounter.id,
                    score=row.score,
                    max_score=row.max_score,
                    critical_fail=row.critical_fail,
                    source_file=Path(shown).name,
                    source_line=row.line,
                    recorded_by=actor.user_id,
                    recorded_at=now,
                )
                record_insert(
                    session, self.audit_key, actor=audit_actor, row=imported, reason=reason, at=now
                )
                if row.grade is not None:
                    grade = GradeEntry(
                        id=new_id(),
                        encounter_id=encounter.id,
                        revision=1,
                        grade=row.grade,
                        reason=reason,
                        recorded_by=actor.user_id,
                        recorded_at=now,
                    )
                    record_insert(
                        session, self.audit_key, actor=audit_actor, row=grade, reason=reason, at=now
                    )
                counts[row.station] = counts.get(row.station, 0) + 1
            append(
                session,
                self.audit_key,
                actor=audit_actor,
                action="results.import",
                table="exams",
                record_id=exam.id,
                new={"file": Path(shown).name, "rows": len(rows), "stations": counts},
                at=now,
            )
        return ImportResult(
            exam_code=exam.code, file=shown, encounters=len(rows), by_station=dict(counts)
        )

    def withdraw_imported(
        self,
        actor: User,
        exam_code: str,
        candidate_number: str,
        station_key: str,
        reason: str,
        *,
        examiner: str | None = None,
    ) -> WithdrawnImport:
        """Withdraw the imported result of a candidate at a station (coordinators), with
        a reason, e.g. a row imported with a wrong maximum. ``examiner`` (a username)
        picks one when the candidate has imported results from several examiners there.

        The imported row stays as it was (rows are never changed); the withdrawal is
        recorded beside it, audited, and from then on every result, export, report and
        statistic leaves that encounter out. Raises :class:`NotFound` for an unknown
        exam, station or candidate or when there is no imported result to withdraw,
        :class:`InvalidInput` without a reason and :class:`Conflict` when the result was
        already withdrawn.
        """
        why = clean_text(reason, _("the reason"), required=False)
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(
                session, actor, Action.EDIT_EXAM, Context(exam_id=exam.id, exam_name=exam.code)
            )
            if not why:
                raise InvalidInput(
                    [
                        _(
                            "the reason is empty; say why the imported result is withdrawn "
                            "(it goes into the audit trail)"
                        )
                    ]
                )
            station, _definition = self._station(session, exam, station_key)
            candidate = self._candidate(session, exam, candidate_number)
            number = candidate.candidate_number
            found: list[tuple[ImportedResult, str]] = [
                (row, name)
                for row, name in session.execute(
                    select(ImportedResult, UserRow.username)
                    .join(Encounter, Encounter.id == ImportedResult.encounter_id)
                    .join(UserRow, UserRow.id == Encounter.examiner_id)
                    .where(
                        Encounter.exam_station_id == station.id,
                        Encounter.candidate_id == candidate.id,
                    )
                    .order_by(UserRow.username)
                )
            ]
            names = [name for _row, name in found]
            if not found:
                marked = session.scalar(
                    select(Encounter.id).where(
                        Encounter.exam_station_id == station.id,
                        Encounter.candidate_id == candidate.id,
                    )
                )
                if marked is not None:
                    message = _(
                        "candidate {number!r} was marked at station {station!r}, not imported; "
                        "only imported results can be withdrawn — correct a marked result by "
                        "amending the encounter, or exclude it"
                    )
                else:
                    message = _(
                        "candidate {number!r} has no imported result at station {station!r}; "
                        "nothing to withdraw"
                    )
                raise NotFound(message.format(number=number, station=station_key))
            if examiner is not None:
                wanted = examiner.strip().lower()
                found = [(row, name) for row, name in found if name == wanted]
                if not found:
                    raise NotFound(
                        _(
                            "candidate {number!r} has no imported result from examiner "
                            "{examiner!r} at station {station!r}; imported results there are "
                            "from: {examiners}"
                        ).format(
                            number=number,
                            examiner=wanted,
                            station=station_key,
                            examiners=", ".join(names),
                        )
                    )
            elif len(found) > 1:
                raise InvalidInput(
                    [
                        _(
                            "candidate {number!r} has {count} imported results at station "
                            "{station!r}, from examiners {examiners}; name the examiner whose "
                            "result to withdraw"
                        ).format(
                            number=number,
                            count=len(found),
                            station=station_key,
                            examiners=", ".join(names),
                        )
                    ]
                )
            row, name = found[0]
            earlier = session.scalar(
                select(ImportedResultWithdrawal).where(
                    ImportedResultWithdrawal.imported_result_id == row.id
                )
            )
            if earlier is not None:
                by = self._usernames(session, [earlier.withdrawn_by])
                raise Conflict(
                    _(
                        "the imported result of candidate {number!r} at station {station!r} "
                        "was already withdrawn by {user} at {at} UTC ({reason})"
                    ).format(
                        number=number,
                        station=station_key,
                        user=by.get(earlier.withdrawn_by, earlier.withdrawn_by),
                        at=f"{earlier.withdrawn_at:%Y-%m-%d %H:%M}",
                        reason=earlier.reason,
                    )
                )
            assert audit_actor.id is not None  # a signed-in coordinator
            withdrawal = ImportedResultWithdrawal(
                id=new_id(),
                imported_result_id=row.id,
                reason=why,
                withdrawn_by=audit_actor.id,
                withdrawn_at=now,
            )
            record_insert(
                session, self.audit_key, actor=audit_actor, row=withdrawal, reason=why, at=now
            )
            return WithdrawnImport(
                exam_code=exam.code,
                candidate_number=number,
                station_key=station_key,
                examiner=name,
                score=row.score,
                max_score=row.max_score,
                source_file=row.source_file,
                source_line=row.source_line,
                reason=why,
                withdrawn_by=audit_actor.name,
                withdrawn_at=now,
            )
