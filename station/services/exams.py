"""Exams: created with their stations, staffed, timetabled, opened and closed.

An exam binds each of its stations to one exact stored definition version when it is
created; from then on that version is what the station is marked and scored against.
Its status moves draft → open → closed: examiners mark only while it is open. A closed
exam may be opened again (to let an examiner finish a draft), which is audited like
every other change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select

from assessments.definitions.model import LANG_PATTERN, Timing
from assessments.scoring import ExamRule, ScoringError
from assessments.timetable import REST, Timetable
from assessments.timetable import build_timetable as plan_timetable
from station.auth.permissions import Action, Actor, Context, allowed
from station.i18n import _
from station.services.base import ServiceBase, clean_text
from station.services.definitions import resolve_definition
from station.services.errors import Conflict, InvalidInput
from station.services.types import DefinitionRef, ExamInfo, TimetableRow
from station.storage.audit import append, record_change, record_insert
from station.storage.models import (
    Candidate,
    Exam,
    ExamCandidate,
    ExamStation,
    ExamStationExaminer,
    ExamStatus,
    TimetableSlot,
    UserRole,
    canonical_json,
    new_id,
)

#: Exam codes: what a coordinator types and prints on name badges ("OSCE-2026-03").
EXAM_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class ExamServices(ServiceBase):
    """Creating, staffing, timetabling, opening and closing exams."""

    def create_exam(
        self,
        actor: Actor,
        *,
        code: str,
        title: str,
        starts_at: datetime,
        stations: Sequence[str | DefinitionRef],
        language: str = "en",
        pass_mark_pct: float | None = None,
        min_stations_passed: int | None = None,
    ) -> ExamInfo:
        """Create a draft exam whose stations are bound to exact definition versions.

        ``stations`` are, in circuit order, station ids (the newest of the stored and
        bundled versions), paths of YAML files (imported) or :class:`DefinitionRef`
        (that stored version). ``starts_at`` must carry its time zone.
        """
        code = code.strip()
        problems: list[str] = []
        if not EXAM_CODE_PATTERN.match(code):
            problems.append(
                _(
                    "exam code {code!r} is not valid: use up to 40 letters, digits, '.', '_' or "
                    "'-', starting with a letter or digit (e.g. OSCE-2026-03)"
                ).format(code=code)
            )
        if starts_at.tzinfo is None or starts_at.utcoffset() is None:
            problems.append(
                _(
                    "the start time {start} has no time zone; give it with its zone, e.g. "
                    "2026-03-02T08:30:00+01:00"
                ).format(start=starts_at.isoformat())
            )
        if not re.match(LANG_PATTERN, language):
            problems.append(
                _("language {language!r} is not a language code such as en or fr-CA").format(
                    language=language
                )
            )
        if not stations:
            problems.append(_("an exam needs at least one station"))
        try:
            ExamRule(pass_mark_pct=pass_mark_pct, min_stations_passed=min_stations_passed)
        except ScoringError as err:
            problems.append(str(err))
        if min_stations_passed is not None and stations and min_stations_passed > len(stations):
            problems.append(
                _(
                    "the exam has {count} stations, so {minimum} cannot be passed; lower the "
                    "minimum number of stations passed"
                ).format(count=len(stations), minimum=min_stations_passed)
            )
        if problems:
            raise InvalidInput(problems)
        text = clean_text(title, _("the exam title"), required=True, limit=500)
        now = self.now()
        with self.db.write() as session:
            audit_actor = self._authorize(session, actor, Action.CREATE_EXAM)
            if session.scalar(select(Exam.id).where(Exam.code == code)) is not None:
                raise Conflict(
                    _("there is already an exam with the code {code!r}; choose another").format(
                        code=code
                    )
                )
            rows = [
                resolve_definition(session, self.audit_key, self.now(), audit_actor, spec)
                for spec in stations
            ]
            keys = [row.station_key for row in rows]
            repeated = sorted({k for k in keys if keys.count(k) > 1})
            if repeated:
                raise InvalidInput(
                    [
                        _(
                            "station {station!r} is given more than once; an exam has each "
                            "station once (a circuit with two copies of a station needs two "
                            "definitions with their own ids)"
                        ).format(station=key)
                        for key in repeated
                    ]
                )
            rule = {
                k: v
                for k, v in (
                    ("pass_mark_pct", pass_mark_pct),
                    ("min_stations_passed", min_stations_passed),
                )
                if v is not None
            }
            exam = Exam(
                id=new_id(),
                code=code,
                title=text,
                language=language,
                starts_at=starts_at,
                status=ExamStatus.DRAFT.value,
                rule_json=canonical_json(rule),
                created_by=audit_actor.id,
                created_at=now,
            )
            record_insert(session, self.audit_key, actor=audit_actor, row=exam, at=now)
            for position, row in enumerate(rows, start=1):
                station = ExamStation(
                    id=new_id(),
                    exam_id=exam.id,
                    definition_id=row.id,
                    position=position,
                    label=row.station_key,
                )
                record_insert(session, self.audit_key, actor=audit_actor, row=station, at=now)
            return self._exam_info(session, exam)

    def assign_examiner(
        self, actor: Actor, exam_code: str, station_key: str, username: str
    ) -> None:
        """Assign an examiner account to a station of an exam (coordinators; not once
        the exam is closed). Assigning again changes nothing."""
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(session, actor, Action.EDIT_EXAM, _exam_ctx(exam))
            _refuse_closed(
                exam,
                _(
                    "exam {exam!r} is closed, so you cannot assign examiners; open it again "
                    "first if you must"
                ),
            )
            station, _definition = self._station(session, exam, station_key)
            user = self._user_by_name(session, username)
            if user.role != UserRole.EXAMINER.value:
                raise InvalidInput(
                    [
                        _(
                            "{username!r} is a {role} account; only examiner accounts mark "
                            "stations (a coordinator who examines needs an examiner account)"
                        ).format(username=user.username, role=_(user.role))
                    ]
                )
            if not user.active:
                raise InvalidInput(
                    [
                        _("{username!r} is deactivated; reactivate it first").format(
                            username=user.username
                        )
                    ]
                )
            link = session.get(ExamStationExaminer, (station.id, user.id))
            if link is None:
                link = ExamStationExaminer(exam_station_id=station.id, user_id=user.id)
                record_insert(session, self.audit_key, actor=audit_actor, row=link, at=now)

    def open_exam(self, actor: Actor, exam_code: str) -> ExamInfo:
        """Open the exam for marking (also a closed one, again). It needs candidates."""
        return self._set_status(actor, exam_code, ExamStatus.OPEN)

    def close_exam(self, actor: Actor, exam_code: str) -> ExamInfo:
        """Close the exam: no more marking; submitted encounters change only by
        amendment. Unsubmitted encounters stay drafts (open the exam again to finish
        them)."""
        return self._set_status(actor, exam_code, ExamStatus.CLOSED)

    def exams(self, actor: Actor) -> list[ExamInfo]:
        """The exams the actor may see: every exam for coordinators, the exams an
        examiner is assigned to for examiners."""
        with self.db.read() as session:
            fresh = self._fresh_actor(session, actor)
            found = []
            for exam in session.scalars(select(Exam).order_by(Exam.code)):
                if fresh is not None and allowed(
                    fresh, Action.VIEW_TIMETABLE, self._exam_wide_ctx(session, exam)
                ):
                    found.append(self._exam_info(session, exam))
            return found

    def exam(self, actor: Actor, exam_code: str) -> ExamInfo:
        """One exam (coordinators, and the examiners assigned to it)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(
                session, actor, Action.VIEW_TIMETABLE, self._exam_wide_ctx(session, exam)
            )
            return self._exam_info(session, exam)

    def build_timetable(
        self, actor: Actor, exam_code: str, *, rest_stations: int | None = None
    ) -> Timetable:
        """Plan the rotation (:func:`assessments.timetable.build_timetable`) and store it,
        replacing an earlier one.

        The circuit is the exam's stations in order; candidates are seated by roster
        group, then by roster id, so a group goes round together. Stations of one circuit
        ring together, so each phase lasts as long as the longest station's.
        """
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(session, actor, Action.EDIT_EXAM, _exam_ctx(exam))
            _refuse_closed(
                exam,
                _(
                    "exam {exam!r} is closed, so you cannot change the timetable; open it "
                    "again first if you must"
                ),
            )
            if exam.starts_at is None:
                raise InvalidInput(
                    [_("exam {exam!r} has no start time to plan from").format(exam=exam.code)]
                )
            stations = self._stations(session, exam)
            candidates = list(
                session.scalars(
                    select(Candidate)
                    .join(ExamCandidate, ExamCandidate.candidate_id == Candidate.id)
                    .where(ExamCandidate.exam_id == exam.id)
                )
            )
            if not candidates:
                raise Conflict(
                    _(
                        "exam {exam!r} has no candidates yet; import the roster first "
                        "(skillstation exam import-candidates)"
                    ).format(exam=exam.code)
                )
            candidates.sort(key=lambda c: (c.group_name or "", c.candidate_number))
            timing = _circuit_timing([self._model(d).timing for _, d in stations])
            try:
                plan = plan_timetable(
                    [d.station_key for _, d in stations],
                    [c.candidate_number for c in candidates],
                    exam.starts_at,
                    timing,
                    rest_stations,
                )
            except ValueError as err:
                raise InvalidInput([str(err)]) from err
            replaced = (
                session.scalar(
                    select(func.count())
                    .select_from(TimetableSlot)
                    .where(TimetableSlot.exam_id == exam.id)
                )
                or 0
            )
            session.execute(delete(TimetableSlot).where(TimetableSlot.exam_id == exam.id))
            station_ids = {d.station_key: s.id for s, d in stations}
            candidate_ids = {c.candidate_number: c.id for c in candidates}
            session.add_all(
                TimetableSlot(
                    id=new_id(),
                    exam_id=exam.id,
                    cycle=entry.slot.cycle,
                    slot=entry.slot.index,
                    starts_at=entry.slot.start,
                    ends_at=entry.slot.end,
                    exam_station_id=station_ids.get(entry.station_id),
                    candidate_id=candidate_ids[entry.candidate_id],
                )
                for entry in plan.entries
            )
            session.flush()
            append(
                session,
                self.audit_key,
                actor=audit_actor,
                action="timetable.build",
                table="exams",
                record_id=exam.id,
                new={
                    "slots": len(plan.slots),
                    "entries": len(plan.entries),
                    "cycles": plan.cycles,
                    "rest_stations": plan.rest_stations,
                    "start": plan.start,
                    "end": plan.end,
                    "replaced_entries": replaced,
                },
                at=now,
            )
            return plan

    def timetable_rows(self, actor: Actor, exam_code: str) -> list[TimetableRow]:
        """The stored timetable, slot by slot (coordinators and the exam's examiners)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(
                session, actor, Action.VIEW_TIMETABLE, self._exam_wide_ctx(session, exam)
            )
            keys = {s.id: d.station_key for s, d in self._stations(session, exam)}
            rows = session.execute(
                select(TimetableSlot, Candidate.candidate_number)
                .join(Candidate, Candidate.id == TimetableSlot.candidate_id)
                .where(TimetableSlot.exam_id == exam.id)
                .order_by(TimetableSlot.slot, Candidate.candidate_number)
            )
            return [
                TimetableRow(
                    cycle=slot.cycle,
                    slot=slot.slot,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    station_key=REST
                    if slot.exam_station_id is None
                    else keys[slot.exam_station_id],
                    candidate_number=number,
                )
                for slot, number in rows
            ]

    # ------------------------------------------------------------------ internals

    def _set_status(self, actor: Actor, exam_code: str, status: ExamStatus) -> ExamInfo:
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(session, actor, Action.EDIT_EXAM, _exam_ctx(exam))
            if status is ExamStatus.OPEN and exam.status != ExamStatus.OPEN.value:
                has_candidates = session.scalar(
                    select(ExamCandidate.candidate_id)
                    .where(ExamCandidate.exam_id == exam.id)
                    .limit(1)
                )
                if has_candidates is None:
                    raise Conflict(
                        _(
                            "exam {exam!r} has no candidates; import the roster before "
                            "opening it (skillstation exam import-candidates)"
                        ).format(exam=exam.code)
                    )
            record_change(
                session,
                self.audit_key,
                actor=audit_actor,
                row=exam,
                field="status",
                new=status.value,
                at=now,
            )
            return self._exam_info(session, exam)


def _exam_ctx(exam: Exam) -> Context:
    return Context(
        exam_id=exam.id, exam_open=exam.status == ExamStatus.OPEN.value, exam_name=exam.code
    )


def _refuse_closed(exam: Exam, message: str) -> None:
    """Conflict with ``message`` (a translated template naming ``{exam!r}``) when the
    exam is closed."""
    if exam.status == ExamStatus.CLOSED.value:
        raise Conflict(message.format(exam=exam.code))


def _circuit_timing(timings: Sequence[Timing]) -> Timing:
    """One timing for the whole circuit: each phase as long as the longest station's
    (the bells ring together; a shorter station waits for the others)."""
    return Timing(
        reading_s=max(t.reading_s for t in timings),
        active_s=max(t.active_s for t in timings),
        changeover_s=max(t.changeover_s for t in timings),
    )
