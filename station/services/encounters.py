"""Marking: an examiner's encounter with a candidate at a station, from check-in to
submission, and a coordinator's amendments afterwards.

Every mark, grade and comment is a new row of an append-only history, recorded with
its audit entry in the same transaction (:mod:`station.storage.marks`); the value that
counts is the latest, except that an examiner's override of a device-scored item wins
over the device's later judgements. Marks are checked against the station's exact
definition version with :func:`assessments.scoring.validate_mark` before they are
stored, so scoring never meets a mark it cannot read.

Once an encounter is submitted (or the candidate recorded absent) it is locked: only a
coordinator's :meth:`EncounterServices.amend_submitted`, with a reason, changes it, and
the earlier values stay in the history.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from assessments.definitions.model import DeviceItem, StationDefinition
from assessments.scoring import ItemMark as ScoredMark
from assessments.scoring import (
    MarkSource as ScoringSource,
)
from assessments.scoring import (
    MarkValue,
    ScoringError,
    judge_device_item,
    validate_mark,
)
from station.auth.permissions import Action, Actor, Context, PermissionDenied
from station.i18n import _
from station.names import person_name
from station.services.base import (
    DEVICE_ACTOR,
    EncounterTarget,
    ServiceBase,
    ServiceContext,
    checked_actor,
    clean_text,
    comment_info,
    counting_rows,
    find_item,
    grade_info,
    mark_info,
    score_encounters,
    stored_value,
)
from station.services.errors import Conflict, Incomplete, InvalidInput, NotFound
from station.services.results_model import ResultsModel
from station.services.traces import (
    CprRecord,
    StoredTrace,
    TraceInfo,
    TraceSource,
    add_metrics,
    add_trace,
    analyse_cpr_trace,
    check_metrics,
    load_trace,
    store_cpr_trace,
    trace_bytes,
    trace_rows,
)
from station.services.types import (
    Changes,
    CommentInfo,
    CommentKind,
    EncounterInfo,
    EncounterView,
    GradeInfo,
    MarkInfo,
    SubmitResult,
)
from station.storage.audit import Actor as AuditActor
from station.storage.audit import record_change, record_changes, record_insert
from station.storage.engine import connection_of
from station.storage.marks import append_comment, append_grade, append_item_mark
from station.storage.models import (
    Candidate,
    CommentEntry,
    Definition,
    Encounter,
    EncounterStatus,
    Exam,
    ExamStation,
    GradeEntry,
    ItemMark,
    Marker,
    MarkSource,
    User,
    UserRole,
    UtcDateTime,
    canonical_json,
    new_id,
)

if TYPE_CHECKING:
    pass

#: The timer state is crash-recovery data, written every few seconds; keep it small.
MAX_TIMER_STATE_BYTES = 64_000


def _normalise(value: MarkValue | int | str) -> MarkValue | int:
    """A mark value as given by a caller: MarkValue, a rating, or their text."""
    if isinstance(value, MarkValue) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str):
        text = value.strip().lower().replace(" ", "_")
        if text.isdigit():
            return int(text)
        try:
            return MarkValue(text)
        except ValueError:
            pass
    allowed = ", ".join(v.value for v in MarkValue)
    raise InvalidInput(
        [
            _("mark value {value!r} is not one of {allowed} or a rating").format(
                value=value, allowed=allowed
            )
        ]
    )


def _check_mark(
    model: StationDefinition,
    item_id: str,
    value: MarkValue | int | str,
    t_s: float | None,
    source: ScoringSource,
) -> MarkValue | int:
    normal = _normalise(value)
    try:
        validate_mark(model, ScoredMark(item_id, normal, t_s, source))
    except ScoringError as err:
        raise InvalidInput([str(err)]) from err
    return normal


def _check_grade(model: StationDefinition, grade: int | None) -> int | None:
    if grade is None:
        return None
    if model.global_rating is None:
        raise InvalidInput(
            [
                _(
                    "station {station!r} has no global rating, so it takes no grade ({grade!r})"
                ).format(station=model.id, grade=grade)
            ]
        )
    steps = len(model.global_rating.steps)
    if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade < steps:
        labels = ", ".join(
            f"{i} = {model.text(step.label)}" for i, step in enumerate(model.global_rating.steps)
        )
        raise InvalidInput(
            [
                _("grade {grade!r} is not on the global rating ({labels})").format(
                    grade=grade, labels=labels
                )
            ]
        )
    return grade


def _comment_kind(kind: str) -> CommentKind:
    if kind not in ("feedback", "private"):
        raise InvalidInput(
            [_("comment kind {kind!r} is not feedback or private").format(kind=kind)]
        )
    return cast(CommentKind, kind)


class EncounterServices(ServiceBase):
    """Checking candidates in, marking, submitting and amending encounters."""

    def __init__(self, context: ServiceContext, *, results_model: ResultsModel) -> None:
        super().__init__(context)
        self._results_model = results_model

    # ------------------------------------------------------------------ check-in

    def check_in(
        self,
        actor: Actor,
        exam_code: str,
        station_key: str,
        candidate_number: str,
        *,
        marker: Literal["primary", "second"] = "primary",
        examiner: str | None = None,
    ) -> EncounterInfo:
        """Create the draft encounter of a candidate at a station (or return the one
        already there).

        An examiner checks candidates in for themselves. A coordinator checks a
        candidate in for the station's examiner: the only one assigned, or the one named
        by ``examiner`` (a username) when several are.
        """
        if marker not in (Marker.PRIMARY.value, Marker.SECOND.value):
            raise InvalidInput(
                [_("marker {marker!r} is not primary or second").format(marker=marker)]
            )
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            station, definition = self._station(session, exam, station_key)
            candidate = self._candidate(session, exam, candidate_number)
            ctx = self._station_context(session, exam, station, definition, new_encounter=True)
            audit_actor = self._authorize(session, actor, Action.CHECK_IN, ctx)
            examiner_user = self._marking_examiner(session, actor, ctx, examiner)
            encounter = session.scalar(
                select(Encounter).where(
                    Encounter.exam_station_id == station.id,
                    Encounter.candidate_id == candidate.id,
                    Encounter.examiner_id == examiner_user.id,
                )
            )
            if encounter is None:
                taken = session.scalar(
                    select(User.username)
                    .join(Encounter, Encounter.examiner_id == User.id)
                    .where(
                        Encounter.exam_station_id == station.id,
                        Encounter.candidate_id == candidate.id,
                        Encounter.marker == marker,
                    )
                )
                if taken is not None:
                    if marker == "primary":
                        message = _(
                            "candidate {candidate!r} already has a primary encounter at "
                            "station {station!r}, marked by {examiner!r}; check the candidate "
                            "in as the second marker"
                        )
                    else:
                        message = _(
                            "candidate {candidate!r} already has a second encounter at "
                            "station {station!r}, marked by {examiner!r}; check the candidate "
                            "in as the primary marker"
                        )
                    raise Conflict(
                        message.format(
                            candidate=candidate.candidate_number,
                            station=station_key,
                            examiner=taken,
                        )
                    )
                encounter = Encounter(
                    id=new_id(),
                    exam_id=exam.id,
                    exam_station_id=station.id,
                    candidate_id=candidate.id,
                    examiner_id=examiner_user.id,
                    status=EncounterStatus.DRAFT.value,
                    marker=marker,
                    checked_in_at=now,
                    created_at=now,
                    updated_at=now,
                )
                record_insert(session, self.audit_key, actor=audit_actor, row=encounter, at=now)
            return self._encounter_info(session, encounter)

    def start_encounter(self, actor: Actor, encounter_id: str) -> EncounterInfo:
        """Note when the active phase started (once; starting again changes nothing)."""
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.START_ENCOUNTER)
            if target.encounter.started_at is None:
                target.encounter.updated_at = now
                record_change(
                    session,
                    self.audit_key,
                    actor=target.audit_actor,
                    row=target.encounter,
                    field="started_at",
                    new=now,
                    at=now,
                )
            return self._encounter_info(session, target.encounter)

    # ------------------------------------------------------------------ marking

    def mark_item(
        self,
        actor: Actor,
        encounter_id: str,
        item_id: str,
        value: MarkValue | int | None,
        *,
        t_s: float | None,
        reason: str | None = None,
    ) -> MarkInfo:
        """Record the examiner's mark for one item (None clears it). ``t_s`` is when,
        in seconds of the active phase; a timed item marked done needs it.

        Device-scored items are judged by the station from the device's metrics; an
        examiner changes one with :meth:`override_device_item`, giving a reason.
        """
        why = clean_text(reason, _("the reason"), required=False) or None
        now = self.now()
        with self.db.write() as session:
            model, audit_actor = self._mark_scope(session, actor, encounter_id)
            item = find_item(model, item_id)
            if isinstance(item, DeviceItem):
                raise InvalidInput(
                    [
                        _(
                            "item {item!r} is scored by the device ({rule}); to set it "
                            "yourself, override it and give a reason"
                        ).format(item=item_id, rule=item.rule)
                    ]
                )
            stored = None
            if value is not None:
                stored = stored_value(_check_mark(model, item_id, value, t_s, "examiner"))
            elif t_s is not None and not (math.isfinite(t_s) and t_s >= 0):
                raise InvalidInput(
                    [_("mark time {t!r} is not a number of seconds from 0 up").format(t=t_s)]
                )
            row = append_item_mark(
                session,
                self.audit_key,
                actor=audit_actor,
                encounter_id=encounter_id,
                item_id=item_id,
                value=stored,
                source=MarkSource.EXAMINER,
                t_s=t_s,
                reason=why,
                at=now,
            )
            connection_of(session).execute(_TOUCH, {"encounter_id": encounter_id, "at": now})
            return mark_info(row, {row.recorded_by: audit_actor.name})

    def record_device_metrics(
        self, actor: Actor, encounter_id: str, metrics: Mapping[str, float | None]
    ) -> list[MarkInfo]:
        """Store the feedback device's metrics and let the station judge its device-scored
        items from them.

        Each metric with a value becomes a MetricValue row. Each device item whose rule's
        metric has a value gets a mark from the ``device`` (source ``device``, recorded
        under the examiner running the station), unless the examiner has overridden that
        item or the device's judgement is unchanged. Returns the marks recorded.
        """
        values = check_metrics(metrics)
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.MARK_ITEM)
            add_metrics(session, self.audit_key, values, at=now, encounter_id=encounter_id)
            recorded = self._judge_device_items(session, target, values, now)
            _touch(target.encounter, now)
            return recorded

    def record_cpr_trace(
        self,
        actor: Actor,
        trace: TraceSource,
        device_identity: str,
        *,
        encounter_id: str,
        profile: str | None = None,
    ) -> CprRecord:
        """Analyse a feedback device's trace (the CSV bytes, or the path of the CSV) and
        store it with its metrics and the device items judged from them, in one
        transaction: all of it or, if anything fails, none of it. The one way an
        encounter's CPR recording is stored, by the examiner's station and the
        demonstration alike (practice calls ``services.practice.record_cpr_trace``), so
        the stored metrics are always the analysis of the stored trace.

        ``profile`` names the CPR targets (``adult``, ``child``, ``infant``); by default
        the station definition's. Whoever may mark the encounter now may store it. A
        trace without samples is not kept (its metrics say 0 compressions).
        """
        if profile is None:
            with self.db.read() as session:
                encounter = self._encounter(session, encounter_id)
                device = self._model(self._encounter_parts(session, encounter)[2]).device
                profile = device.profile if device is not None else None
        analysis = analyse_cpr_trace(trace, profile)
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.MARK_ITEM)
            info = store_cpr_trace(
                session,
                self.audit_key,
                analysis,
                device_identity,
                at=now,
                encounter_id=encounter_id,
            )
            marks = self._judge_device_items(session, target, analysis.values, now)
            _touch(target.encounter, now)
            return CprRecord(info, analysis.summary, analysis.values, tuple(marks), None)

    def _judge_device_items(
        self, session: Session, target: EncounterTarget, values: Mapping[str, float], now: datetime
    ) -> list[MarkInfo]:
        """Mark each device item of the encounter from ``values`` (the device's metrics),
        unless the examiner overrode it or its judgement is unchanged; returns the marks
        recorded. Runs inside the caller's write transaction."""
        encounter_id = target.encounter.id
        history = list(
            session.scalars(select(ItemMark).where(ItemMark.encounter_id == encounter_id))
        )
        overridden = {r.item_id for r in history if r.source == MarkSource.OVERRIDE.value}
        current = counting_rows(history)
        names = {target.user.id: target.user.username}
        recorded: list[MarkInfo] = []
        for item in target.model.items():
            if not isinstance(item, DeviceItem) or item.id in overridden:
                continue
            judged = judge_device_item(item, values)
            if judged is None:
                continue
            value = stored_value(judged.value)
            now_counting = current.get(item.id)
            if now_counting is not None and now_counting.value == value:
                continue  # the same judgement again: nothing new to record
            mark = append_item_mark(
                session,
                self.audit_key,
                actor=DEVICE_ACTOR,
                encounter_id=encounter_id,
                item_id=item.id,
                value=value,
                source=MarkSource.DEVICE,
                recorded_by=target.user.id,
                reason=f"{item.rule}: {item.device_rule.metric} = "
                f"{values[item.device_rule.metric]:g}",
                at=now,
            )
            recorded.append(mark_info(mark, names))
        return recorded

    def record_device_trace(
        self,
        actor: Actor,
        encounter_id: str,
        trace: TraceSource,
        device_identity: str,
        sample_count: int,
    ) -> TraceInfo:
        """Keep the feedback device's trace (the CSV bytes, or the path of the CSV file)
        with the encounter, inline in the database (:mod:`station.services.traces`).

        Allowed to whoever may mark the encounter now (the examiner assigned to the
        station, while the exam runs and before submission); recorded under the
        ``device`` audit actor with the SHA-256 of the bytes, like the metrics.
        """
        data = trace_bytes(trace)
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.MARK_ITEM)
            info = add_trace(
                session,
                self.audit_key,
                actor=DEVICE_ACTOR,
                at=now,
                data=data,
                device_identity=device_identity,
                sample_count=sample_count,
                encounter_id=encounter_id,
            )
            _touch(target.encounter, now)
            return info

    def encounter_trace(
        self, actor: Actor, encounter_id: str, trace_id: str | None = None
    ) -> StoredTrace:
        """A device trace of the encounter with its bytes: ``trace_id``, or the newest
        (whoever may view the encounter; :class:`NotFound` if it has none)."""
        with self.db.read() as session:
            encounter = self._encounter(session, encounter_id)
            exam, station, definition = self._encounter_parts(session, encounter)
            self._authorize_view(session, actor, exam, station, definition)
            rows = trace_rows(session, encounter_id=encounter_id)
            if trace_id is not None:
                rows = [r for r in rows if r.id == trace_id]
                if not rows:
                    raise NotFound(
                        _("encounter {encounter!r} has no trace {trace!r}").format(
                            encounter=encounter_id, trace=trace_id
                        )
                    )
            if not rows:
                raise NotFound(
                    _(
                        "encounter {encounter!r} has no device trace; only device-scored "
                        "stations record one"
                    ).format(encounter=encounter_id)
                )
            return load_trace(rows[-1], self.db.path)

    def override_device_item(
        self,
        actor: Actor,
        encounter_id: str,
        item_id: str,
        value: MarkValue | int,
        reason: str,
    ) -> MarkInfo:
        """Replace the device's judgement of a device-scored item with the examiner's,
        with a reason (kept with the mark and in the audit trail). From then on the
        device's judgements of that item no longer count."""
        why = clean_text(reason, _("the reason"), required=False)
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.OVERRIDE_DEVICE_ITEM, why)
            item = find_item(target.model, item_id)
            if not isinstance(item, DeviceItem):
                raise InvalidInput(
                    [
                        _(
                            "item {item!r} is not scored by a device; mark it as usual "
                            "(no override needed)"
                        ).format(item=item_id)
                    ]
                )
            normal = _check_mark(target.model, item_id, value, None, "override")
            row = append_item_mark(
                session,
                self.audit_key,
                actor=target.audit_actor,
                encounter_id=encounter_id,
                item_id=item_id,
                value=stored_value(normal),
                source=MarkSource.OVERRIDE,
                reason=why,
                at=now,
            )
            _touch(target.encounter, now)
            return mark_info(row, {target.user.id: target.user.username})

    def set_grade(self, actor: Actor, encounter_id: str, grade: int | None) -> GradeInfo:
        """Record the examiner's global grade: the 0-based step of the station's global
        rating (None clears it)."""
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.SET_GRADE)
            row = append_grade(
                session,
                self.audit_key,
                actor=target.audit_actor,
                encounter_id=encounter_id,
                grade=_check_grade(target.model, grade),
                at=now,
            )
            _touch(target.encounter, now)
            return grade_info(row, {target.user.id: target.user.username})

    def comment(
        self, actor: Actor, encounter_id: str, kind: Literal["feedback", "private"], text: str
    ) -> CommentInfo:
        """Record the examiner's feedback for the candidate, or a private note (an empty
        text clears it)."""
        chosen = _comment_kind(kind)
        body = clean_text(text, _("the comment"), required=False)
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.COMMENT)
            row = append_comment(
                session,
                self.audit_key,
                actor=target.audit_actor,
                encounter_id=encounter_id,
                kind=chosen,
                text=body,
                at=now,
            )
            _touch(target.encounter, now)
            return comment_info(row, {target.user.id: target.user.username})

    def save_timer_state(self, actor: Actor, encounter_id: str, state: dict[str, Any]) -> None:
        """Keep the station timer's state with the encounter, so the station can resume
        after a crash. Not audited: it changes every few seconds and decides nothing."""
        try:
            text = canonical_json(state)
        except (TypeError, ValueError) as err:
            raise InvalidInput(
                [_("the timer state cannot be stored as JSON ({error})").format(error=err)]
            ) from err
        if len(text.encode("utf-8")) > MAX_TIMER_STATE_BYTES:
            raise InvalidInput(
                [
                    _("the timer state is larger than {limit} bytes; keep it small").format(
                        limit=MAX_TIMER_STATE_BYTES
                    )
                ]
            )
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.START_ENCOUNTER)
            target.encounter.timer_state_json = text
            _touch(target.encounter, now)

    def mark_no_show(
        self, actor: Actor, exam_code: str, station_key: str, candidate_number: str
    ) -> EncounterInfo:
        """Record that the candidate did not come to the station.

        An examiner records it on their own encounter; a coordinator on every draft
        encounter of the candidate at the station. Without an encounter yet, one is
        created for the examiner (a coordinator's: the station's only examiner).
        Returns the primary encounter.
        """
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            station, definition = self._station(session, exam, station_key)
            candidate = self._candidate(session, exam, candidate_number)
            user = session.get(User, actor.user_id)
            query = select(Encounter).where(
                Encounter.exam_station_id == station.id,
                Encounter.candidate_id == candidate.id,
            )
            if user is not None and user.role != UserRole.COORDINATOR.value:
                query = query.where(Encounter.examiner_id == user.id)
            encounters = list(session.scalars(query.order_by(Encounter.marker)))
            if not encounters:
                ctx = self._station_context(session, exam, station, definition, new_encounter=True)
                audit_actor = self._authorize(session, actor, Action.MARK_NO_SHOW, ctx)
                examiner_user = self._marking_examiner(session, actor, ctx, None)
                encounter = Encounter(
                    id=new_id(),
                    exam_id=exam.id,
                    exam_station_id=station.id,
                    candidate_id=candidate.id,
                    examiner_id=examiner_user.id,
                    status=EncounterStatus.NO_SHOW.value,
                    marker=Marker.PRIMARY.value,
                    created_at=now,
                    updated_at=now,
                )
                record_insert(session, self.audit_key, actor=audit_actor, row=encounter, at=now)
                return self._encounter_info(session, encounter)
            for encounter in encounters:
                ctx = self._station_context(session, exam, station, definition, encounter=encounter)
                audit_actor = self._authorize(session, actor, Action.MARK_NO_SHOW, ctx)
                encounter.updated_at = now
                record_change(
                    session,
                    self.audit_key,
                    actor=audit_actor,
                    row=encounter,
                    field="status",
                    new=EncounterStatus.NO_SHOW.value,
                    at=now,
                )
            return self._encounter_info(session, encounters[0])

    # ------------------------------------------------------------------ submitting

    def submit(
        self, actor: Actor, encounter_id: str, *, allow_incomplete: bool = False
    ) -> SubmitResult:
        """Submit the encounter; from then on only a coordinator's amendment changes it.

        The completeness check: every item that counts needs a mark (device items may
        have theirs from the device) and, when the station has a global rating, a grade.
        Otherwise :class:`Incomplete` is raised listing what is missing and nothing is
        changed, unless ``allow_incomplete`` (what was missing is then noted in the
        audit trail).
        """
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.SUBMIT_ENCOUNTER)
            scored = score_encounters(
                session, [target.encounter], {target.station.id: target.model}
            )[encounter_id]
            missing = scored.score.missing
            grade_missing = (
                target.model.global_rating is not None and scored.values.grade_value is None
            )
            if (missing or grade_missing) and not allow_incomplete:
                raise Incomplete(encounter_id, missing, grade_missing)
            note = None
            if missing or grade_missing:
                parts = [f"items not marked: {', '.join(missing)}"] if missing else []
                parts += ["no global grade"] if grade_missing else []
                note = "submitted incomplete; " + "; ".join(parts)
            target.encounter.updated_at = now
            record_changes(
                session,
                self.audit_key,
                actor=target.audit_actor,
                row=target.encounter,
                changes={"status": EncounterStatus.SUBMITTED.value, "submitted_at": now},
                reason=note,
                at=now,
            )
            session.flush()
            # The outcome and its reasons as the results model gives them.
            score, reasons = self._results_model.judge(
                session, target.exam, [target.encounter], {target.station.id: target.model}
            )[encounter_id]
            return SubmitResult(
                encounter=self._encounter_info(session, target.encounter),
                score=score,
                reasons=reasons,
                missing=tuple(missing),
                grade_missing=grade_missing,
                changes=Changes(encounters=(encounter_id,)),
            )

    def amend_submitted(
        self,
        actor: Actor,
        encounter_id: str,
        *,
        item_id: str | None = None,
        value: MarkValue | int | str | None = None,
        marks: Mapping[str, MarkValue | int | str] | None = None,
        grade: int | None = None,
        comment: str | tuple[Literal["feedback", "private"], str] | None = None,
        reason: str,
        t_s: float | None = None,
    ) -> Changes:
        """Change a submitted encounter (coordinators, with a reason).

        Any of: an item's mark (``item_id`` with ``value``, or several items at once in
        ``marks``, item id -> value; for a timed item the time of the mark it replaces
        is kept unless ``t_s`` is given; a device-scored item is amended as an
        override), the global grade, a comment (a text is feedback; give
        ``("private", text)`` for a private note). All of it is one transaction: a
        value that does not fit leaves the encounter as it was. The earlier values stay
        in the history, and each new row carries the reason.
        """
        why = clean_text(reason, _("the reason"), required=False)
        if item_id is None and value is not None:
            raise InvalidInput(
                [_("give the item whose value becomes {value!r}").format(value=value)]
            )
        if item_id is not None and value is None:
            raise InvalidInput([_("give the new value of item {item!r}").format(item=item_id)])
        changes: dict[str, MarkValue | int | str] = dict(marks or {})
        if item_id is not None and value is not None:
            changes[item_id] = value
        if not changes and grade is None and comment is None:
            raise InvalidInput(
                [_("nothing to amend: give an item and its value, a grade, or a comment")]
            )
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.AMEND_SUBMITTED, why)
            mark_ids: list[str] = []
            grades: list[str] = []
            comments: list[str] = []
            for changed, new_value in changes.items():
                item = find_item(target.model, changed)
                source: ScoringSource = "override" if isinstance(item, DeviceItem) else "examiner"
                previous = counting_rows(
                    session.scalars(
                        select(ItemMark).where(
                            ItemMark.encounter_id == encounter_id, ItemMark.item_id == changed
                        )
                    )
                ).get(changed)
                when = t_s if t_s is not None else (previous.t_s if previous else None)
                normal = _check_mark(target.model, changed, new_value, when, source)
                row = append_item_mark(
                    session,
                    self.audit_key,
                    actor=target.audit_actor,
                    encounter_id=encounter_id,
                    item_id=changed,
                    value=stored_value(normal),
                    source=source,
                    t_s=when,
                    reason=why,
                    at=now,
                )
                mark_ids.append(row.id)
            if grade is not None:
                grade_row = append_grade(
                    session,
                    self.audit_key,
                    actor=target.audit_actor,
                    encounter_id=encounter_id,
                    grade=_check_grade(target.model, grade),
                    reason=why,
                    at=now,
                )
                grades.append(grade_row.id)
            if comment is not None:
                kind, text = ("feedback", comment) if isinstance(comment, str) else comment
                comment_row = append_comment(
                    session,
                    self.audit_key,
                    actor=target.audit_actor,
                    encounter_id=encounter_id,
                    kind=_comment_kind(kind),
                    text=clean_text(text, _("the comment"), required=False),
                    reason=why,
                    at=now,
                )
                comments.append(comment_row.id)
            _touch(target.encounter, now)
            return Changes(
                encounters=(encounter_id,),
                marks=tuple(mark_ids),
                grades=tuple(grades),
                comments=tuple(comments),
            )

    # ------------------------------------------------------------------ reading

    def encounter_view(self, actor: Actor, encounter_id: str) -> EncounterView:
        """The encounter as the marking screen shows it: the marks that count and their
        histories, grade, comments, device metrics and the score now (coordinators, and
        examiners assigned to the station)."""
        with self.db.read() as session:
            encounter = self._encounter(session, encounter_id)
            exam, station, definition = self._encounter_parts(session, encounter)
            self._authorize_view(session, actor, exam, station, definition)
            model = self._model(definition)
            scored = score_encounters(session, [encounter], {station.id: model})[encounter_id]
            grade_rows = list(
                session.scalars(
                    select(GradeEntry)
                    .where(GradeEntry.encounter_id == encounter_id)
                    .order_by(GradeEntry.revision)
                )
            )
            comment_rows = list(
                session.scalars(
                    select(CommentEntry)
                    .where(CommentEntry.encounter_id == encounter_id)
                    .order_by(CommentEntry.kind, CommentEntry.revision)
                )
            )
            names = self._usernames(
                session,
                [r.recorded_by for r in scored.history]
                + [r.recorded_by for r in grade_rows]
                + [r.recorded_by for r in comment_rows],
            )
            history: dict[str, list[MarkInfo]] = {}
            for row in sorted(scored.history, key=lambda r: (r.item_id, r.revision)):
                history.setdefault(row.item_id, []).append(mark_info(row, names))
            counting = {
                item_id: mark_info(row, names)
                for item_id, row in counting_rows(scored.history).items()
            }
            grade_history = tuple(grade_info(r, names) for r in grade_rows)
            comment_history = tuple(comment_info(r, names) for r in comment_rows)
            comments: dict[str, CommentInfo] = {
                c.kind: c for c in comment_history
            }  # the latest of each kind wins
            timer = (
                None
                if encounter.timer_state_json is None
                else json.loads(encounter.timer_state_json)
            )
            return EncounterView(
                encounter=self._encounter_info(session, encounter),
                definition=model,
                marks=counting,
                history={k: tuple(v) for k, v in history.items()},
                grade=grade_history[-1] if grade_history else None,
                grade_history=grade_history,
                comments=comments,
                comment_history=comment_history,
                metrics=dict(scored.metrics),
                score=scored.score,
                excluded_items=scored.excluded_items,
                station_excluded=scored.station_excluded,
                timer_state=timer,
                candidate_name=_candidate_name(session, encounter.candidate_id),
            )

    def encounters(
        self, actor: Actor, exam_code: str, *, station_key: str | None = None
    ) -> list[EncounterInfo]:
        """The encounters of an exam (or of one station), by station then candidate.
        Coordinators see all; an examiner those of the stations they are assigned to."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            stations = self._stations(session, exam)
            if station_key is not None:
                stations = [self._station(session, exam, station_key)]
            visible = []
            for station, definition in stations:
                try:
                    self._authorize_view(session, actor, exam, station, definition)
                except PermissionDenied:
                    if station_key is not None:
                        raise
                    continue
                visible.append(station.id)
            if not visible and station_key is None:
                # Say why, in the words of the rules (e.g. "only coordinators ...").
                self._authorize(session, actor, Action.VIEW_RESULTS)
            rows = session.scalars(
                select(Encounter).where(
                    Encounter.exam_id == exam.id, Encounter.exam_station_id.in_(visible)
                )
            )
            infos = [self._encounter_info(session, e) for e in rows]
        order = {s.id: s.position for s, _ in stations}
        infos.sort(key=lambda i: (order[i.exam_station_id], i.candidate_number, i.marker))
        return infos

    # ------------------------------------------------------------------ internals

    def _mark_scope(
        self, session: Session, actor: Actor, encounter_id: str
    ) -> tuple[StationDefinition, AuditActor]:
        """What a mark needs of its encounter, read lean: :meth:`_target`'s checks with
        one query for the encounter and what it belongs to, the station definition from
        the cache and no ORM objects (a mark is the busiest write of an exam day)."""
        row = (
            connection_of(session)
            .execute(_MARK_SCOPE, {"encounter_id": encounter_id, "user_id": actor.user_id})
            .first()
        )
        if row is None:
            self._encounter(session, encounter_id)  # raises NotFound, worded once there
            raise AssertionError("unreachable")
        (status, exam_id, exam_status, exam_code, station_id, definition_id, station_key) = row[:7]
        username, role, active = row[7:]
        ctx = self._context(
            session,
            exam_id=exam_id,
            exam_status=exam_status,
            exam_code=exam_code,
            station_id=station_id,
            station_key=station_key,
            submitted=status != EncounterStatus.DRAFT.value,
            reason=None,
        )
        if role is None:  # no such account: refused, worded once there
            self._authorize(session, actor, Action.MARK_ITEM, ctx)
            raise AssertionError("unreachable")
        audit_actor = checked_actor(actor, Action.MARK_ITEM, ctx, username, role, active)
        return self._model_by_id(session, definition_id), audit_actor

    def _marking_examiner(
        self, session: Session, actor: Actor, ctx: Context, examiner: str | None
    ) -> User:
        """The examiner an encounter created by ``actor`` belongs to."""
        user = session.get(User, actor.user_id)
        assert user is not None  # authorized already
        if user.role != UserRole.COORDINATOR.value:
            if examiner is not None and self._user_by_name(session, examiner).id != user.id:
                raise InvalidInput([_("examiners check candidates in for themselves")])
            return user
        assigned = ctx.assigned_examiner_ids
        if examiner is not None:
            chosen = self._user_by_name(session, examiner)
            if chosen.id not in assigned:
                raise InvalidInput(
                    [
                        _(
                            "{username!r} is not assigned to station {station!r}; assign them first"
                        ).format(username=chosen.username, station=ctx.exam_station_name)
                    ]
                )
            return chosen
        if len(assigned) == 1:
            only = session.get(User, next(iter(assigned)))
            assert only is not None
            return only
        if not assigned:
            raise Conflict(
                _(
                    "no examiner is assigned to station {station!r} of exam {exam!r}; assign "
                    "one first (skillstation exam assign)"
                ).format(station=ctx.exam_station_name, exam=ctx.exam_name)
            )
        names = sorted(self._usernames(session, assigned).values())
        raise InvalidInput(
            [
                _(
                    "several examiners are assigned to station {station!r} ({names}); say which one"
                ).format(station=ctx.exam_station_name, names=", ".join(names))
            ]
        )


#: The encounter, its exam, exam station and definition, and the marking account, as a
#: mark needs them.
_MARK_SCOPE = (
    select(
        Encounter.status,
        Exam.id,
        Exam.status,
        Exam.code,
        ExamStation.id,
        Definition.id,
        Definition.station_key,
        User.username,
        User.role,
        User.active,
    )
    .join(Exam, Exam.id == Encounter.exam_id)
    .join(ExamStation, ExamStation.id == Encounter.exam_station_id)
    .join(Definition, Definition.id == ExamStation.definition_id)
    .outerjoin(User, User.id == bindparam("user_id"))
    .where(Encounter.id == bindparam("encounter_id"))
)
#: An encounter changed now (what :func:`_touch` does to a loaded one).
_TOUCH = (
    update(Encounter)
    .where(Encounter.id == bindparam("encounter_id"))
    .values(updated_at=bindparam("at", type_=UtcDateTime()))
)


def _touch(encounter: Encounter, now: datetime) -> None:
    encounter.updated_at = now


def _candidate_name(session: Session, candidate_id: str) -> str:
    """The candidate's name as people read it, for the marking screen's header."""
    candidate = session.get(Candidate, candidate_id)
    return "" if candidate is None else person_name(candidate.given_name, candidate.family_name)
