"""What every group of services shares: the database, the clock, the audit key, the
permission check, and the look-ups and conversions they all need.

Every operation follows one pattern, so that a change and its audit entries are
committed together or not at all, and nothing is touched before the permission check:

1. open one :meth:`Database.write` transaction (``BEGIN IMMEDIATE``);
2. read what the rules need (the exam, the station's examiners, the encounter) and call
   :meth:`ServiceBase._authorize`, which re-reads the acting user (a deactivated or
   demoted account is refused even with an old :class:`Actor` object) and runs
   :func:`station.auth.permissions.check` with that context;
3. check the input, then write the rows with the audited helpers of
   :mod:`station.storage.audit` and :mod:`station.storage.marks`;
4. build the frozen result from the rows, and return after the commit.

An exception anywhere rolls the whole transaction back.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, cast

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from assessments.definitions.model import AnyItem, StationDefinition
from assessments.scoring import ItemMark as ScoredMark
from assessments.scoring import MarkValue, StationScore, score_station
from common.clock import Clock, SystemClock
from station.auth.permissions import (
    NO_CONTEXT,
    Action,
    Actor,
    Context,
    PermissionDenied,
    Role,
    check,
)
from station.i18n import _
from station.services.errors import InvalidInput, NotFound
from station.services.types import (
    CommentInfo,
    CommentKind,
    EncounterInfo,
    EncounterStatusName,
    ExamInfo,
    ExamStationInfo,
    ExamStatusName,
    GradeInfo,
    MarkerName,
    MarkInfo,
    MarkSourceName,
    UserInfo,
)
from station.storage.audit import Actor as AuditActor
from station.storage.engine import connection_of
from station.storage.marks import EncounterValues, current_values_many
from station.storage.models import (
    Candidate,
    CommentEntry,
    Definition,
    Encounter,
    EncounterStatus,
    Exam,
    ExamCandidate,
    ExamStation,
    ExamStationExaminer,
    ExamStatus,
    Exclusion,
    GradeEntry,
    ItemMark,
    MarkSource,
    MetricValue,
    User,
    definition_model,
)

if TYPE_CHECKING:
    from station.storage.engine import Database

#: The audit actor under which device judgements are recorded (the examiner running the
#: station is stored as ``recorded_by``).
DEVICE_ACTOR = AuditActor(None, "device")

#: Longest free text accepted (reasons, comments): a page, not a file pasted by mistake.
MAX_TEXT = 10_000


def reason_hint() -> str:
    """What to say when a required reason is left empty, in the current language."""
    return _("give a reason: it is kept in the audit trail with the change")


@dataclass(frozen=True)
class EncounterTarget:
    """An encounter with what it belongs to, loaded for one operation."""

    encounter: Encounter
    exam: Exam
    station: ExamStation
    definition: Definition
    model: StationDefinition
    audit_actor: AuditActor
    user: User


class ServiceContext:
    """What every service stands on, made once per :class:`station.services.StationServices`:
    the database, the clock, the audit key and the cache of parsed definitions.

    ``clock`` (default: the system clock) gives every time stamp; ``audit_key``
    defaults to the database's key file, read when first needed.
    """

    def __init__(
        self, db: Database, *, clock: Clock | None = None, audit_key: bytes | None = None
    ) -> None:
        self.db = db
        self.clock: Clock = clock if clock is not None else SystemClock()
        self._audit_key = audit_key
        # Definition rows never change, so their parsed models can be kept.
        self._models: dict[str, StationDefinition] = {}
        self._models_lock = threading.Lock()

    @property
    def audit_key(self) -> bytes:
        """The key that signs the audit log (the database's, unless one was given)."""
        if self._audit_key is None:
            self._audit_key = self.db.audit_key
        return self._audit_key

    def model(self, row: Definition) -> StationDefinition:
        """The parsed definition of a stored row (checked against its hash once)."""
        with self._models_lock:
            model = self._models.get(row.id)
        if model is None:
            model = definition_model(row)
            with self._models_lock:
                self._models[row.id] = model
        return model

    def cached_model(self, definition_id: str) -> StationDefinition | None:
        """The parsed definition with this id if it was parsed before."""
        with self._models_lock:
            return self._models.get(definition_id)


class ServiceBase:
    """The look-ups, conversions and the permission check every service calls.

    A service is made with the :class:`ServiceContext` it works on (and, as keyword
    arguments, the other services it genuinely uses); the helpers below are the one
    place each look-up is written.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._shared = context
        self.db = context.db
        self.clock = context.clock

    # ------------------------------------------------------------------ basics

    @property
    def audit_key(self) -> bytes:
        """The key that signs the audit log (the database's, unless one was given)."""
        return self._shared.audit_key

    def now(self) -> datetime:
        """The current time from the injected clock (aware, UTC)."""
        return self.clock.now()

    def _authorize(
        self, session: Session, actor: Actor, action: Action, ctx: Context = NO_CONTEXT
    ) -> AuditActor:
        """Check that ``actor`` may take ``action`` in ``ctx``, as the account stands in
        the database now; return the audit actor to record the change under."""
        session.flush()  # an account changed earlier in this transaction counts as changed
        user = connection_of(session).execute(_ACCOUNT, {"user_id": actor.user_id}).first()
        if user is None:
            raise PermissionDenied(actor, action, _("the account does not exist in this database"))
        return checked_actor(actor, action, ctx, user.username, user.role, user.active)

    def _fresh_actor(self, session: Session, actor: Actor) -> Actor | None:
        """``actor`` as the account stands in the database now (None if it is gone)."""
        user = session.get(User, actor.user_id)
        if user is None:
            return None
        return Actor(user.id, user.username, Role(user.role), bool(user.active))

    # ------------------------------------------------------------------ definitions

    def _model(self, row: Definition) -> StationDefinition:
        """The parsed definition of a stored row (checked against its hash once)."""
        return self._shared.model(row)

    def _model_by_id(self, session: Session, definition_id: str) -> StationDefinition:
        """The parsed definition with this id; the row is read only the first time."""
        model = self._shared.cached_model(definition_id)
        if model is not None:
            return model
        row = session.get(Definition, definition_id)
        assert row is not None  # foreign keys
        return self._model(row)

    # ------------------------------------------------------------------ look-ups

    def _exam(self, session: Session, code: str) -> Exam:
        exam = session.scalar(select(Exam).where(Exam.code == code))
        if exam is None:
            known = list(session.scalars(select(Exam.code).order_by(Exam.code).limit(20)))
            if known:
                message = _("there is no exam with the code {code!r}; exams: {known}")
            else:
                message = _("there is no exam with the code {code!r}; there are no exams yet")
            raise NotFound(message.format(code=code, known=", ".join(known)))
        return exam

    def _stations(self, session: Session, exam: Exam) -> list[tuple[ExamStation, Definition]]:
        """The exam's stations in order, each with its bound definition row."""
        rows = session.execute(
            select(ExamStation, Definition)
            .join(Definition, Definition.id == ExamStation.definition_id)
            .where(ExamStation.exam_id == exam.id)
            .order_by(ExamStation.position)
        )
        return [(station, definition) for station, definition in rows]

    def _station(
        self, session: Session, exam: Exam, station_key: str
    ) -> tuple[ExamStation, Definition]:
        stations = self._stations(session, exam)
        for station, definition in stations:
            if definition.station_key == station_key:
                return station, definition
        known = ", ".join(d.station_key for _, d in stations)
        raise NotFound(
            _("exam {exam!r} has no station {station!r}; its stations are: {known}").format(
                exam=exam.code, station=station_key, known=known
            )
        )

    def _assigned(self, session: Session, exam_station_ids: Iterable[str]) -> frozenset[str]:
        ids = list(exam_station_ids)
        if not ids:
            return frozenset()
        session.flush()  # assignments made earlier in this transaction count
        if len(ids) == 1:  # one station (every permission check): no list to expand
            return frozenset(connection_of(session).scalars(_ASSIGNED_TO, {"id": ids[0]}))
        return frozenset(connection_of(session).scalars(_ASSIGNED, {"ids": ids}))

    def _user_by_name(self, session: Session, username: str) -> User:
        name = normalize_username(username)
        user = session.scalar(select(User).where(User.username == name))
        if user is None:
            raise NotFound(
                _("there is no user {name!r}; `skillstation users list` shows them").format(
                    name=name
                )
            )
        return user

    def _candidate(self, session: Session, exam: Exam, candidate_number: str) -> Candidate:
        number = candidate_number.strip()
        candidate = session.scalar(
            select(Candidate)
            .join(ExamCandidate, ExamCandidate.candidate_id == Candidate.id)
            .where(ExamCandidate.exam_id == exam.id, Candidate.candidate_number == number)
        )
        if candidate is None:
            raise NotFound(
                _(
                    "candidate {number!r} is not on the roster of exam {exam!r}; check the "
                    "number, or import the roster again with the candidate in it"
                ).format(number=number, exam=exam.code)
            )
        return candidate

    def _encounter(self, session: Session, encounter_id: str) -> Encounter:
        encounter = session.get(Encounter, encounter_id)
        if encounter is None:
            raise NotFound(_("there is no encounter {id!r}").format(id=encounter_id))
        return encounter

    def _encounter_parts(
        self, session: Session, encounter: Encounter
    ) -> tuple[Exam, ExamStation, Definition]:
        exam = session.get(Exam, encounter.exam_id)
        station = session.get(ExamStation, encounter.exam_station_id)
        assert exam is not None and station is not None  # foreign keys
        definition = session.get(Definition, station.definition_id)
        assert definition is not None
        return exam, station, definition

    def _station_context(
        self,
        session: Session,
        exam: Exam,
        station: ExamStation,
        definition: Definition,
        *,
        encounter: Encounter | None = None,
        new_encounter: bool = False,
        reason: str | None = None,
    ) -> Context:
        """The permission context for an action at one exam station (and encounter)."""
        submitted: bool | None = None
        if encounter is not None:
            submitted = encounter.status != EncounterStatus.DRAFT.value
        elif new_encounter:
            submitted = False
        return self._context(
            session,
            exam_id=exam.id,
            exam_status=exam.status,
            exam_code=exam.code,
            station_id=station.id,
            station_key=definition.station_key,
            submitted=submitted,
            reason=reason,
        )

    def _context(
        self,
        session: Session,
        *,
        exam_id: str,
        exam_status: str,
        exam_code: str,
        station_id: str,
        station_key: str,
        submitted: bool | None,
        reason: str | None,
    ) -> Context:
        """The permission context from the stored values it depends on."""
        return Context(
            exam_id=exam_id,
            exam_station_id=station_id,
            exam_open=exam_status == ExamStatus.OPEN.value,
            assigned_examiner_ids=self._assigned(session, [station_id]),
            encounter_submitted=submitted,
            reason=reason,
            exam_name=exam_code,
            exam_station_name=station_key,
        )

    def _exam_wide_ctx(self, session: Session, exam: Exam) -> Context:
        """The permission context of the exam as a whole: whether it is running, and
        every examiner assigned to any of its stations."""
        station_ids = [s.id for s, _ in self._stations(session, exam)]
        return Context(
            exam_id=exam.id,
            exam_open=exam.status == ExamStatus.OPEN.value,
            assigned_examiner_ids=self._assigned(session, station_ids),
            exam_name=exam.code,
        )

    def _usernames(self, session: Session, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
        return {user_id: username for user_id, username in rows}

    # ------------------------------------------------------------------ conversions

    def _exam_info(self, session: Session, exam: Exam) -> ExamInfo:
        stations = self._stations(session, exam)
        links = session.execute(
            select(ExamStationExaminer.exam_station_id, User.username)
            .join(User, User.id == ExamStationExaminer.user_id)
            .where(ExamStationExaminer.exam_station_id.in_([s.id for s, _ in stations]))
            .order_by(User.username)
        )
        examiners: dict[str, list[str]] = {}
        for station_id, username in links:
            examiners.setdefault(station_id, []).append(username)
        candidates = (
            session.scalar(
                select(func.count())
                .select_from(ExamCandidate)
                .where(ExamCandidate.exam_id == exam.id)
            )
            or 0
        )
        rule = exam_rule_values(exam)
        return ExamInfo(
            id=exam.id,
            code=exam.code,
            title=exam.title,
            language=exam.language,
            starts_at=exam.starts_at,
            status=cast(ExamStatusName, exam.status),
            pass_mark_pct=rule[0],
            min_stations_passed=rule[1],
            stations=tuple(
                ExamStationInfo(
                    id=station.id,
                    position=station.position,
                    station_key=definition.station_key,
                    version=definition.version,
                    definition_id=definition.id,
                    title=definition.title,
                    examiners=tuple(examiners.get(station.id, ())),
                )
                for station, definition in stations
            ),
            candidates=candidates,
        )

    def _encounter_info(self, session: Session, encounter: Encounter) -> EncounterInfo:
        exam, station, definition = self._encounter_parts(session, encounter)
        candidate = session.get(Candidate, encounter.candidate_id)
        examiner = session.get(User, encounter.examiner_id)
        assert candidate is not None and examiner is not None
        return EncounterInfo(
            id=encounter.id,
            exam_id=exam.id,
            exam_code=exam.code,
            exam_station_id=station.id,
            station_key=definition.station_key,
            definition_version=definition.version,
            candidate_id=candidate.id,
            candidate_number=candidate.candidate_number,
            examiner_id=examiner.id,
            examiner=examiner.username,
            marker=cast(MarkerName, encounter.marker),
            status=cast(EncounterStatusName, encounter.status),
            checked_in_at=encounter.checked_in_at,
            started_at=encounter.started_at,
            submitted_at=encounter.submitted_at,
        )

    def _target(
        self,
        session: Session,
        actor: Actor,
        encounter_id: str,
        action: Action,
        reason: str | None = None,
    ) -> EncounterTarget:
        """Load an encounter and check ``action`` on it."""
        encounter = self._encounter(session, encounter_id)
        exam, station, definition = self._encounter_parts(session, encounter)
        ctx = self._station_context(
            session, exam, station, definition, encounter=encounter, reason=reason
        )
        audit_actor = self._authorize(session, actor, action, ctx)
        user = session.get(User, actor.user_id)
        assert user is not None  # _authorize found it
        return EncounterTarget(
            encounter, exam, station, definition, self._model(definition), audit_actor, user
        )

    def _authorize_view(
        self,
        session: Session,
        actor: Actor,
        exam: Exam,
        station: ExamStation,
        definition: Definition,
    ) -> None:
        """Coordinators see encounters with the results (VIEW_RESULTS); an examiner sees
        those of a station they are assigned to, at any time."""
        fresh = self._fresh_actor(session, actor)
        if fresh is not None and fresh.role is Role.EXAMINER:
            ctx = Context(
                exam_id=exam.id,
                exam_station_id=station.id,
                assigned_examiner_ids=self._assigned(session, [station.id]),
                exam_name=exam.code,
                exam_station_name=definition.station_key,
            )
            # "Assigned to the exam", asked of this station's examiners only.
            check(fresh, Action.VIEW_TIMETABLE, ctx)
            return
        self._authorize(session, actor, Action.VIEW_RESULTS)


def normalize_username(username: str) -> str:
    """Usernames are stored in lower case and compared that way, so ``Dr.Ng`` and
    ``dr.ng`` are the same account at the sign-in screen."""
    return username.strip().casefold()


def user_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        active=bool(user.active),
        created_at=user.created_at,
        locked_until=user.locked_until,
    )


def stored_value(value: MarkValue | int | None) -> str | None:
    """A mark value as the item_marks table holds it ("done", "4"; None clears)."""
    if value is None:
        return None
    if isinstance(value, MarkValue):
        return value.value
    return str(value)


def mark_value(text: str | None) -> MarkValue | int | None:
    """The inverse of :func:`stored_value`."""
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    return MarkValue(text)


#: What a permission check needs of an account (statements built once and reused: they
#: run on every mark).
_ACCOUNT = select(User.id, User.username, User.role, User.active).where(
    User.id == bindparam("user_id")
)
#: Who is assigned to one exam station; to any of some.
_ASSIGNED_TO = select(ExamStationExaminer.user_id).where(
    ExamStationExaminer.exam_station_id == bindparam("id")
)
_ASSIGNED = select(ExamStationExaminer.user_id).where(
    ExamStationExaminer.exam_station_id.in_(bindparam("ids", expanding=True))
)


def checked_actor(
    actor: Actor, action: Action, ctx: Context, username: str, role: str, active: bool
) -> AuditActor:
    """Check ``action`` for ``actor`` as its account stands (``username``, ``role``,
    ``active`` as stored); the audit actor to record the change under."""
    fresh = Actor(actor.user_id, username, Role(role), bool(active))
    check(fresh, action, ctx)
    return AuditActor(actor.user_id, username)


def mark_info(row: ItemMark, names: dict[str, str]) -> MarkInfo:
    return MarkInfo(
        id=row.id,
        encounter_id=row.encounter_id,
        item_id=row.item_id,
        revision=row.revision,
        value=mark_value(row.value),
        t_s=row.t_s,
        source=cast(MarkSourceName, row.source),
        reason=row.reason,
        recorded_by=names.get(row.recorded_by, row.recorded_by),
        recorded_at=row.recorded_at,
    )


def grade_info(row: GradeEntry, names: dict[str, str]) -> GradeInfo:
    return GradeInfo(
        id=row.id,
        encounter_id=row.encounter_id,
        revision=row.revision,
        grade=row.grade,
        reason=row.reason,
        recorded_by=names.get(row.recorded_by, row.recorded_by),
        recorded_at=row.recorded_at,
    )


def comment_info(row: CommentEntry, names: dict[str, str]) -> CommentInfo:
    return CommentInfo(
        id=row.id,
        encounter_id=row.encounter_id,
        kind=cast(CommentKind, row.kind),
        revision=row.revision,
        text=row.text,
        reason=row.reason,
        recorded_by=names.get(row.recorded_by, row.recorded_by),
        recorded_at=row.recorded_at,
    )


def exam_rule_values(exam: Exam) -> tuple[float | None, int | None]:
    """The exam's pass mark and minimum number of stations passed, from its rule JSON."""
    data = json.loads(exam.rule_json or "{}")
    pass_mark = data.get("pass_mark_pct")
    min_stations = data.get("min_stations_passed")
    return (
        None if pass_mark is None else float(pass_mark),
        None if min_stations is None else int(min_stations),
    )


def clean_text(
    value: str | None,
    what: str,
    *,
    required: bool,
    limit: int = MAX_TEXT,
    hint: str | None = None,
) -> str:
    """``value`` stripped, checked for length and stray control characters.

    Raises :class:`InvalidInput` with a message naming ``what`` (and ``hint`` when it
    is empty but required; "type it in" by default). Callers pass ``what`` and ``hint``
    already translated.
    """
    text = (value or "").strip()
    if required and not text:
        advice = hint if hint is not None else _("type it in")
        raise InvalidInput([_("{what} is empty; {hint}").format(what=what, hint=advice)])
    if len(text) > limit:
        raise InvalidInput(
            [
                _("{what} is {length} characters long; keep it under {limit}").format(
                    what=what, length=len(text), limit=limit
                )
            ]
        )
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise InvalidInput(
            [_("{what} contains control characters; type it again").format(what=what)]
        )
    return text


def find_item(model: StationDefinition, item_id: str) -> AnyItem:
    """The item ``item_id`` of ``model``; InvalidInput listing the items if none."""
    try:
        return model.item(item_id)
    except KeyError:
        raise InvalidInput(
            [
                _(
                    "station {station!r} (version {version}) has no item {item!r}; "
                    "its items are: {items}"
                ).format(
                    station=model.id,
                    version=model.version,
                    item=item_id,
                    items=", ".join(i.id for i in model.items()),
                )
            ]
        ) from None


# --------------------------------------------------------------------------- scoring


def counting_rows(history: Iterable[ItemMark]) -> dict[str, ItemMark]:
    """Per item, the stored row whose mark counts, from the rows of an encounter.

    Rows are taken in revision order per item. The latest row counts, except that once
    an item has been overridden, the device's rows no longer count for it (the rule of
    :func:`assessments.scoring.resolve_marks`). The row may be a cleared mark (no value).
    """
    by_item: dict[str, list[ItemMark]] = {}
    for row in sorted(history, key=lambda r: (r.item_id, r.revision)):
        by_item.setdefault(row.item_id, []).append(row)
    result: dict[str, ItemMark] = {}
    for item_id, rows in by_item.items():
        if any(r.source == MarkSource.OVERRIDE.value for r in rows):
            rows = [r for r in rows if r.source != MarkSource.DEVICE.value]
        result[item_id] = rows[-1]
    return result


def counting_marks(history: Iterable[ItemMark]) -> list[ScoredMark]:
    """The marks that count (:func:`counting_rows`) as scoring reads them; cleared
    marks are left out, so their items count as unmarked."""
    marks: list[ScoredMark] = []
    for item_id, row in counting_rows(history).items():
        value = mark_value(row.value)
        if value is not None:
            marks.append(ScoredMark(item_id, value, row.t_s, cast(MarkSourceName, row.source)))
    return marks


@dataclass(frozen=True)
class Scored:
    """An encounter scored from what is stored: its score, the exclusions applied, and
    the rows it was computed from (for views)."""

    score: StationScore
    excluded_items: tuple[str, ...]
    station_excluded: bool
    history: tuple[ItemMark, ...]
    metrics: dict[str, float]
    values: EncounterValues


def exclusions_by_station(session: Session, exam_id: str) -> dict[str, set[str | None]]:
    """The exam's standing exclusions: exam station id → excluded item ids (None for
    the whole station)."""
    result: dict[str, set[str | None]] = {}
    rows = session.execute(
        select(Exclusion.exam_station_id, Exclusion.item_id).where(
            Exclusion.exam_id == exam_id, Exclusion.revoked_at.is_(None)
        )
    )
    for station_id, item_id in rows:
        result.setdefault(station_id, set()).add(item_id)
    return result


def score_encounters(
    session: Session,
    encounters: Sequence[Encounter],
    models: Mapping[str, StationDefinition],
) -> dict[str, Scored]:
    """Score encounters with :func:`assessments.scoring.score_station`, from their mark
    histories, device metrics, global grades and the exam's exclusions.

    ``models`` maps each encounter's exam station id to its bound definition. Three
    queries for any number of encounters, so exporting a whole exam stays quick.
    """
    ids = [e.id for e in encounters]
    if not ids:
        return {}
    histories: dict[str, list[ItemMark]] = {eid: [] for eid in ids}
    for row in session.scalars(
        select(ItemMark).where(ItemMark.encounter_id.in_(ids)).order_by(ItemMark.revision)
    ):
        histories[row.encounter_id].append(row)
    metrics: dict[str, dict[str, float]] = {eid: {} for eid in ids}
    for metric in session.scalars(
        select(MetricValue)
        .where(MetricValue.encounter_id.in_(ids))
        .order_by(MetricValue.recorded_at)
    ):
        assert metric.encounter_id is not None
        metrics[metric.encounter_id][metric.name] = metric.value
    values = current_values_many(session, ids)
    exclusions: dict[str, dict[str, set[str | None]]] = {}
    result: dict[str, Scored] = {}
    for encounter in encounters:
        if encounter.exam_id not in exclusions:
            exclusions[encounter.exam_id] = exclusions_by_station(session, encounter.exam_id)
        excluded = exclusions[encounter.exam_id].get(encounter.exam_station_id, set())
        items = tuple(sorted(i for i in excluded if i is not None))
        model = models[encounter.exam_station_id]
        score = score_station(
            model,
            counting_marks(histories[encounter.id]),
            metrics=metrics[encounter.id],
            grade=values[encounter.id].grade_value,
            excluded_items=items,
        )
        result[encounter.id] = Scored(
            score=score,
            excluded_items=items,
            station_excluded=None in excluded,
            history=tuple(histories[encounter.id]),
            metrics=metrics[encounter.id],
            values=values[encounter.id],
        )
    return result
