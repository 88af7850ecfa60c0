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
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from station.auth.permissions import Action, Actor, Context
from station.files import check_target, csv_writer, write_partial
from station.i18n import _
from station.results import (
    ExamResults,
    reasons_text,
)
from station.services.base import (
    ServiceBase,
    ServiceContext,
    clean_text,
    find_item,
)
from station.services.errors import Conflict, InvalidInput, NotFound
from station.services.results_model import ResultsModel
from station.services.types import EncounterResult, ExclusionInfo
from station.storage.audit import Checkpoint, VerifyResult, append, record_changes, record_insert
from station.storage.audit import verify as verify_log
from station.storage.models import (
    Exam,
    ExamStation,
    Exclusion,
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

    def __init__(self, context: ServiceContext, *, results_model: ResultsModel) -> None:
        super().__init__(context)
        self._results_model = results_model

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
            return self._results_model.encounter_results(session, exam)

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
            results = self._results_model.encounter_results(session, exam)
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
            return self._results_model.exam_results(session, exam)
