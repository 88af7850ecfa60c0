"""The tables of a SkillStation database, as typed SQLAlchemy models.

Conventions that hold for every table:

- Primary keys are random UUIDs (uuid4) stored as 36-character text, so that databases
  from several exam sites can later be merged without renumbering.
- Time stamps are timezone-aware UTC. They are stored as fixed-width ISO 8601 text
  (``2025-03-01T08:30:00.000000Z``), which sorts in time order as text and reads the same
  in any SQLite tool. A naive datetime is refused rather than guessed at.
- Enumerated values (roles, statuses) are plain text with a CHECK constraint, so that
  the database itself refuses a misspelt status.
- Exam marks are never overwritten. Item marks, global grades and comments are
  append-only histories: a correction is a new row with a higher ``revision``; the
  current value is the row with the highest revision. Triggers (migration 0001) make
  UPDATE and DELETE on those tables fail, and every row has its audit entry
  (:mod:`station.storage.audit`).

The schema itself is created by the Alembic migrations in ``station/migrations``, never
by ``metadata.create_all``; a test checks that the two agree.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from assessments.definitions.model import StationDefinition, localize

# --------------------------------------------------------------------------- basics

#: Constraint names are spelled out so that later migrations (which on SQLite rebuild
#: tables with ``batch_alter_table``) can refer to them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UUID_LEN = 36
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def new_id() -> str:
    """A fresh random primary key (uuid4 as 36-character text)."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC.

    Only the defaults of the models call this; services pass their injected clock's time
    explicitly.
    """
    return datetime.now(UTC)


def format_utc(value: datetime) -> str:
    """The stored text of a time stamp. Refuses naive datetimes."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(
            f"naive datetime {value.isoformat()} cannot be stored: SkillStation stores "
            "times in UTC and needs to know the time zone (use datetime.now(UTC))"
        )
    return value.astimezone(UTC).strftime(_UTC_FORMAT)


def parse_utc(text: str) -> datetime:
    """The inverse of :func:`format_utc`."""
    return datetime.strptime(text, _UTC_FORMAT).replace(tzinfo=UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime stored as fixed-width ISO 8601 text.

    Text rather than SQLite's DATETIME affinity keeps the time zone explicit (the ``Z``),
    sorts correctly as text and round-trips to an aware datetime without the driver's
    date adapters, which Python 3.12 deprecates.
    """

    impl = String
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(length=32)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else format_utc(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else parse_utc(value)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same text,
    which is what content hashes and audit MACs are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _in(column: str, values: type[StrEnum] | tuple[str, ...]) -> str:
    options = tuple(v.value for v in values) if isinstance(values, type) else values
    return f"{column} IN ({', '.join(repr(v) for v in options)})"


_ONE_OWNER = "(encounter_id IS NULL) <> (attempt_id IS NULL)"


class Base(DeclarativeBase):
    """Declarative base: one metadata, one naming convention, aware UTC datetimes."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


def _id() -> Mapped[str]:
    return mapped_column(String(UUID_LEN), primary_key=True, default=new_id)


def _fk(target: str, *, nullable: bool = False, index: bool = False) -> Mapped[Any]:
    return mapped_column(String(UUID_LEN), ForeignKey(target), nullable=nullable, index=index)


def _created() -> Mapped[datetime]:
    return mapped_column(default=utc_now)


# --------------------------------------------------------------------------- enums


class UserRole(StrEnum):
    """The roles a user account can have (mirrors ``station.auth``'s Role)."""

    EXAMINER = "examiner"
    TRAINEE = "trainee"
    COORDINATOR = "coordinator"


class ExamStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class EncounterStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    NO_SHOW = "no_show"


class Marker(StrEnum):
    """Which examiner's marking an encounter holds when a station is double-marked."""

    PRIMARY = "primary"
    SECOND = "second"


class MarkSource(StrEnum):
    """Who decided a mark: the examiner, the station from a device metric, or an
    examiner overriding the device's judgement (with a reason)."""

    EXAMINER = "examiner"
    DEVICE = "device"
    OVERRIDE = "override"


class CommentKind(StrEnum):
    """Feedback is shown to the candidate once results are released; private notes
    stay with examiners and coordinators."""

    FEEDBACK = "feedback"
    PRIVATE = "private"


class PracticeStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class MediaKind(StrEnum):
    VIDEO = "video"
    AUDIO = "audio"
    IMAGE = "image"


# --------------------------------------------------------------------------- people


class User(Base):
    """A person who signs in: examiner, trainee or coordinator."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", UserRole), name="role"),)

    id: Mapped[str] = _id()
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    secret_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = _created()


class Candidate(Base):
    """A candidate from an exam roster. ``candidate_number`` is the roster's id."""

    __tablename__ = "candidates"

    id: Mapped[str] = _id()
    candidate_number: Mapped[str] = mapped_column(String(64), unique=True)
    family_name: Mapped[str] = mapped_column(String(200))
    given_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    group_name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = _created()


# --------------------------------------------------------------------------- definitions


class Definition(Base):
    """One version of a station definition, frozen.

    A row never changes (a trigger refuses UPDATE): editing a station means a new row
    with a new version, and exams point at the exact version they were run with, so a
    result can always be re-scored against the checklist the examiner saw.
    """

    __tablename__ = "definitions"
    __table_args__ = (
        UniqueConstraint("station_key", "version"),
        CheckConstraint(_in("kind", ("osce", "scenario", "practice")), name="kind"),
    )

    id: Mapped[str] = _id()
    station_key: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    source_yaml: Mapped[str] = mapped_column(Text)
    data_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()


def definition_json(model: StationDefinition) -> str:
    """The canonical JSON text of a validated definition (what ``data_json`` holds)."""
    return canonical_json(model.model_dump(mode="json"))


def content_hash(data_json: str) -> str:
    """SHA-256 (hex) of a definition's canonical JSON text."""
    return hashlib.sha256(data_json.encode("utf-8")).hexdigest()


def definition_row(
    model: StationDefinition, source_yaml: str, *, created_at: datetime | None = None
) -> Definition:
    """A new (unsaved) :class:`Definition` row for a validated definition and the YAML
    text it was read from."""
    data = definition_json(model)
    return Definition(
        id=new_id(),
        station_key=model.id,
        version=model.version,
        content_hash=content_hash(data),
        kind=model.kind.value,
        title=localize(model.title, model.language, model.language),
        language=model.language,
        source_yaml=source_yaml,
        data_json=data,
        created_at=created_at or utc_now(),
    )


def definition_model(row: Definition) -> StationDefinition:
    """The validated :class:`StationDefinition` a row holds.

    The stored JSON is checked against its content hash first: a definition that no
    longer matches its hash is not the one the exam was run with.
    """
    actual = content_hash(row.data_json)
    if actual != row.content_hash:
        raise ValueError(
            f"definition {row.station_key} version {row.version} (row {row.id}) does not "
            f"match its content hash: stored {row.content_hash}, computed {actual}; the "
            "row was altered outside SkillStation"
        )
    return StationDefinition.model_validate_json(row.data_json)


# --------------------------------------------------------------------------- exams


class Exam(Base):
    """An exam day (or series): stations, candidates, timetable and rules."""

    __tablename__ = "exams"
    __table_args__ = (CheckConstraint(_in("status", ExamStatus), name="status"),)

    id: Mapped[str] = _id()
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="en")
    starts_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default=ExamStatus.DRAFT.value)
    #: Exam-level rules as JSON, e.g. ``{"pass_mark_pct": 60, "min_stations_passed": 8}``.
    rule_json: Mapped[str] = mapped_column(Text, default="{}")
    results_released_at: Mapped[datetime | None]
    created_by: Mapped[str] = _fk("users.id")
    created_at: Mapped[datetime] = _created()


class ExamStation(Base):
    """A station of an exam, pinned to one exact definition version."""

    __tablename__ = "exam_stations"
    __table_args__ = (UniqueConstraint("exam_id", "position"),)

    id: Mapped[str] = _id()
    exam_id: Mapped[str] = _fk("exams.id")
    definition_id: Mapped[str] = _fk("definitions.id", index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(80))


class ExamStationExaminer(Base):
    """An examiner assigned to an exam station."""

    __tablename__ = "exam_station_examiners"

    exam_station_id: Mapped[str] = mapped_column(
        String(UUID_LEN), ForeignKey("exam_stations.id"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        String(UUID_LEN), ForeignKey("users.id"), primary_key=True, index=True
    )


class ExamCandidate(Base):
    """A candidate entered for an exam."""

    __tablename__ = "exam_candidates"

    exam_id: Mapped[str] = mapped_column(String(UUID_LEN), ForeignKey("exams.id"), primary_key=True)
    candidate_id: Mapped[str] = mapped_column(
        String(UUID_LEN), ForeignKey("candidates.id"), primary_key=True, index=True
    )


class TimetableSlot(Base):
    """Where a candidate is in one slot of one cycle; no station means a rest slot."""

    __tablename__ = "timetable_slots"
    __table_args__ = (
        UniqueConstraint("exam_id", "cycle", "slot", "candidate_id"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[str] = _id()
    exam_id: Mapped[str] = _fk("exams.id")
    cycle: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    exam_station_id: Mapped[str | None] = _fk("exam_stations.id", nullable=True, index=True)
    candidate_id: Mapped[str] = _fk("candidates.id", index=True)


# --------------------------------------------------------------------------- marking


class Encounter(Base):
    """One examiner's marking of one candidate at one exam station.

    With double marking, the second examiner has an encounter of their own
    (``marker="second"``). ``timer_state_json`` lets the station resume its timer after
    a crash; it changes often and is not audited.
    """

    __tablename__ = "encounters"
    __table_args__ = (
        UniqueConstraint("exam_station_id", "candidate_id", "examiner_id"),
        CheckConstraint(_in("status", EncounterStatus), name="status"),
        CheckConstraint(_in("marker", Marker), name="marker"),
        CheckConstraint(
            "status <> 'submitted' OR submitted_at IS NOT NULL", name="submitted_has_time"
        ),
    )

    id: Mapped[str] = _id()
    exam_id: Mapped[str] = _fk("exams.id", index=True)
    exam_station_id: Mapped[str] = _fk("exam_stations.id")
    candidate_id: Mapped[str] = _fk("candidates.id", index=True)
    examiner_id: Mapped[str] = _fk("users.id", index=True)
    status: Mapped[str] = mapped_column(String(16), default=EncounterStatus.DRAFT.value)
    marker: Mapped[str] = mapped_column(String(16), default=Marker.PRIMARY.value)
    checked_in_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    timer_state_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class ItemMark(Base):
    """One mark given to one checklist item: append-only history.

    ``value`` is ``done``, ``partial``, ``not_done`` or a rating as text (``"4"``);
    ``None`` means the mark was cleared. ``t_s`` is when, in seconds of the active phase,
    the item was marked (timed items are judged on it). The current mark of an item is
    its row with the highest ``revision``.
    """

    __tablename__ = "item_marks"
    __table_args__ = (
        UniqueConstraint("encounter_id", "item_id", "revision"),
        CheckConstraint(_in("source", MarkSource), name="source"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        CheckConstraint("source <> 'override' OR reason IS NOT NULL", name="override_reason"),
    )

    id: Mapped[str] = _id()
    encounter_id: Mapped[str] = _fk("encounters.id")
    item_id: Mapped[str] = mapped_column(String(80))
    revision: Mapped[int] = mapped_column(Integer)
    value: Mapped[str | None] = mapped_column(String(16))
    t_s: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16), default=MarkSource.EXAMINER.value)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = _fk("users.id")
    recorded_at: Mapped[datetime] = _created()


class GradeEntry(Base):
    """The examiner's global grade (0-based step of the definition's global rating):
    append-only history; ``grade=None`` clears it."""

    __tablename__ = "grade_entries"
    __table_args__ = (
        UniqueConstraint("encounter_id", "revision"),
        CheckConstraint("grade IS NULL OR grade >= 0", name="grade_not_negative"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[str] = _id()
    encounter_id: Mapped[str] = _fk("encounters.id")
    revision: Mapped[int] = mapped_column(Integer)
    grade: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = _fk("users.id")
    recorded_at: Mapped[datetime] = _created()


class CommentEntry(Base):
    """A comment on an encounter (feedback or private note): append-only history per
    kind; an empty text clears it."""

    __tablename__ = "comment_entries"
    __table_args__ = (
        UniqueConstraint("encounter_id", "kind", "revision"),
        CheckConstraint(_in("kind", CommentKind), name="kind"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[str] = _id()
    encounter_id: Mapped[str] = _fk("encounters.id")
    kind: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = _fk("users.id")
    recorded_at: Mapped[datetime] = _created()


class Exclusion(Base):
    """A station, or one item of it, taken out of scoring for an exam (e.g. a flawed
    item found at review). Revoking sets ``revoked_by``/``revoked_at``; rows stay."""

    __tablename__ = "exclusions"
    __table_args__ = (
        CheckConstraint("(revoked_by IS NULL) = (revoked_at IS NULL)", name="revoked_by_and_at"),
    )

    id: Mapped[str] = _id()
    exam_id: Mapped[str] = _fk("exams.id", index=True)
    exam_station_id: Mapped[str] = _fk("exam_stations.id")
    item_id: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = _fk("users.id")
    created_at: Mapped[datetime] = _created()
    revoked_by: Mapped[str | None] = _fk("users.id", nullable=True)
    revoked_at: Mapped[datetime | None]


class ImportedResult(Base):
    """The score of an encounter brought in from a file (paper-marked or historical
    results; migration 0002): such an encounter has no item marks, so its score and
    maximum are kept here. An encounter with a row here has the source ``import``.
    Rows are never updated or deleted (triggers)."""

    __tablename__ = "imported_results"
    __table_args__ = (
        CheckConstraint("max_score > 0", name="max_score_positive"),
        CheckConstraint("score >= 0 AND score <= max_score", name="score_in_range"),
        CheckConstraint("source_line >= 2", name="source_line_after_header"),
    )

    id: Mapped[str] = _id()
    encounter_id: Mapped[str] = mapped_column(
        String(UUID_LEN), ForeignKey("encounters.id"), unique=True
    )
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    #: The paper sheet recorded a critical item as not done.
    critical_fail: Mapped[bool] = mapped_column(Boolean, default=False)
    source_file: Mapped[str] = mapped_column(Text)
    source_line: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str] = _fk("users.id")
    recorded_at: Mapped[datetime] = _created()


class ImportedResultWithdrawal(Base):
    """An imported result a coordinator withdrew (migration 0005), with who, when and
    why: the results leave the imported encounter out from then on. The imported row
    stays as it was; a result is withdrawn at most once. Rows are never updated or
    deleted (triggers)."""

    __tablename__ = "imported_result_withdrawals"
    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)

    id: Mapped[str] = _id()
    imported_result_id: Mapped[str] = mapped_column(
        String(UUID_LEN), ForeignKey("imported_results.id"), unique=True
    )
    reason: Mapped[str] = mapped_column(Text)
    withdrawn_by: Mapped[str] = _fk("users.id")
    withdrawn_at: Mapped[datetime] = _created()


class StandardSetting(Base):
    """A standard adopted for an exam (migration 0002): the method, the station cut
    scores and the exam's cut score and pass mark, as computed from the results at
    that moment. The newest row is the standard in force; earlier rows stay as the
    record of what was adopted before. Rows are never updated or deleted (triggers)."""

    __tablename__ = "standard_settings"
    __table_args__ = (
        CheckConstraint(_in("method", ("brm", "borderline-group", "cohen")), name="method"),
        CheckConstraint("sem_multiplier >= 0", name="sem_multiplier_not_negative"),
    )

    id: Mapped[str] = _id()
    exam_id: Mapped[str] = _fk("exams.id", index=True)
    method: Mapped[str] = mapped_column(String(32))
    borderline_grade: Mapped[int | None] = mapped_column(Integer)
    sem_multiplier: Mapped[float] = mapped_column(Float)
    cut_score: Mapped[float] = mapped_column(Float)
    pass_mark: Mapped[float] = mapped_column(Float)
    #: Station cut scores in percent, ``{"<exam station id>": 55.2, ...}``.
    station_cuts_json: Mapped[str] = mapped_column(Text)
    #: The figures the standard rests on (candidates, alpha, SEM...), for the record.
    statistics_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = _fk("users.id")
    created_at: Mapped[datetime] = _created()


class ScenarioEventKind(StrEnum):
    """What a line of a scenario's event log records (migration 0003)."""

    #: The operator started the scenario's clock.
    START = "start"
    #: The scenario engine fired a scripted event (at its time, on its condition or
    #: after another event).
    SCRIPTED = "scripted"
    #: The operator fired an event by hand.
    MANUAL = "manual"
    #: A timed event whose condition did not hold at its time: it will not fire by itself.
    MISSED = "missed"
    #: The simulated patient's vital signs changed (the targets of an event).
    VITALS = "vitals"
    #: A free note written by the operator.
    NOTE = "note"
    PAUSE = "pause"
    RESUME = "resume"
    #: The operator ended the scenario.
    END = "end"


class ScenarioEventRow(Base):
    """One line of a simulation scenario's event log, kept with the encounter
    (migration 0003). ``seq`` numbers the lines of an encounter from 1 in the order
    they were recorded; ``t_s`` is the scenario's active time in seconds; ``name`` is the
    scripted event's id (empty for notes, pauses and the like) and ``detail`` the text
    (a message, the note, the vital-sign targets as JSON). Rows are never updated or
    deleted (triggers)."""

    __tablename__ = "scenario_events"
    __table_args__ = (
        UniqueConstraint("encounter_id", "seq"),
        CheckConstraint(_in("kind", ScenarioEventKind), name="kind"),
        CheckConstraint("seq >= 1", name="seq_positive"),
        CheckConstraint("t_s >= 0", name="t_s_not_negative"),
    )

    id: Mapped[str] = _id()
    encounter_id: Mapped[str] = _fk("encounters.id", index=True)
    seq: Mapped[int] = mapped_column(Integer)
    t_s: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(80))
    detail: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = _fk("users.id")
    recorded_at: Mapped[datetime] = _created()


# --------------------------------------------------------------------------- practice


class PracticeAttempt(Base):
    """A trainee's practice run of a station in the skills lab."""

    __tablename__ = "practice_attempts"
    __table_args__ = (CheckConstraint(_in("status", PracticeStatus), name="status"),)

    id: Mapped[str] = _id()
    user_id: Mapped[str] = _fk("users.id", index=True)
    definition_id: Mapped[str] = _fk("definitions.id")
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    score_json: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=PracticeStatus.IN_PROGRESS.value)


# --------------------------------------------------------------------------- device data


class DeviceTrace(Base):
    """Raw samples from a feedback device, for an encounter or a practice attempt:
    either a file (``path``, relative to the data directory) or the bytes inline."""

    __tablename__ = "device_traces"
    __table_args__ = (
        CheckConstraint(_ONE_OWNER, name="one_owner"),
        CheckConstraint("(path IS NULL) <> (data IS NULL)", name="path_or_data"),
        CheckConstraint("sample_count >= 0", name="sample_count_not_negative"),
    )

    id: Mapped[str] = _id()
    encounter_id: Mapped[str | None] = _fk("encounters.id", nullable=True, index=True)
    attempt_id: Mapped[str | None] = _fk("practice_attempts.id", nullable=True, index=True)
    path: Mapped[str | None] = mapped_column(Text)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    sample_count: Mapped[int] = mapped_column(Integer)
    device_identity: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()


class MetricValue(Base):
    """A metric computed from a trace (names from ``assessments.metrics``)."""

    __tablename__ = "metric_values"
    __table_args__ = (CheckConstraint(_ONE_OWNER, name="one_owner"),)

    id: Mapped[str] = _id()
    encounter_id: Mapped[str | None] = _fk("encounters.id", nullable=True, index=True)
    attempt_id: Mapped[str | None] = _fk("practice_attempts.id", nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    recorded_at: Mapped[datetime] = _created()


class MediaFile(Base):
    """A recording kept with consent; ``deleted_at`` marks a file erased on request
    while the row keeps the fact that it existed.

    ``path`` is the recording's folder relative to the media root (``<exam code or
    "practice">/<encounter or attempt id>/``); ``name`` is the stem of its files
    (``NAME-001.avi``, ``NAME-001.frames.csv``, ``NAME.markers.csv``); ``created_at`` is
    when it began and ``ended_at`` when it was finished, with the frames written, the
    frames dropped and the bytes on disk (migration 0004)."""

    __tablename__ = "media_files"
    __table_args__ = (
        CheckConstraint(_ONE_OWNER, name="one_owner"),
        CheckConstraint(_in("kind", MediaKind), name="kind"),
        CheckConstraint(
            "frames >= 0 AND dropped_frames >= 0 AND size_bytes >= 0", name="counts_not_negative"
        ),
        CheckConstraint(
            "(deleted_at IS NULL) = (deleted_reason IS NULL)", name="deleted_with_reason"
        ),
    )

    id: Mapped[str] = _id()
    encounter_id: Mapped[str | None] = _fk("encounters.id", nullable=True, index=True)
    attempt_id: Mapped[str | None] = _fk("practice_attempts.id", nullable=True, index=True)
    path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    consent_recorded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = _created()
    deleted_at: Mapped[datetime | None]
    name: Mapped[str] = mapped_column(String(80), default="recording", server_default="recording")
    ended_at: Mapped[datetime | None]
    frames: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    dropped_frames: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    size_bytes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deleted_reason: Mapped[str | None] = mapped_column(Text)


class MediaConsent(Base):
    """Whether the candidate of an encounter (or the user of a practice attempt) agreed
    to be recorded (migration 0004): an append-only history, the latest row counts.
    Rows are never updated or deleted (triggers)."""

    __tablename__ = "media_consents"
    __table_args__ = (CheckConstraint(_ONE_OWNER, name="one_owner"),)

    id: Mapped[str] = _id()
    encounter_id: Mapped[str | None] = _fk("encounters.id", nullable=True, index=True)
    attempt_id: Mapped[str | None] = _fk("practice_attempts.id", nullable=True, index=True)
    given: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = _fk("users.id")
    recorded_at: Mapped[datetime] = _created()


class MediaMarker(Base):
    """A moment of a recording marked by hand (migration 0004): ``at`` is the wall-clock
    time of the moment. Rows are never updated or deleted (triggers)."""

    __tablename__ = "media_markers"

    id: Mapped[str] = _id()
    media_id: Mapped[str] = _fk("media_files.id", index=True)
    at: Mapped[datetime]
    label: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[str] = _fk("users.id")
    recorded_at: Mapped[datetime] = _created()


class StationSetting(Base):
    """A setting of the whole station kept in the database, such as how long recordings
    are kept (migration 0004): ``value_json`` is the value as JSON. Changes are audited."""

    __tablename__ = "station_settings"

    id: Mapped[str] = _id()
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = _created()


# --------------------------------------------------------------------------- audit log


class AuditEntry(Base):
    """One entry of the hash-chained audit log (see :mod:`station.storage.audit`).

    ``seq`` counts from 1 without gaps; ``mac`` is an HMAC over the entry's fields and
    ``prev_mac``, the previous entry's ``mac``. Rows can be neither updated nor deleted
    (triggers). ``actor_id`` has no foreign key on purpose: the log must outlive any row
    it talks about.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "table_name", "record_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor_id: Mapped[str | None] = mapped_column(String(UUID_LEN))
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    table_name: Mapped[str | None] = mapped_column(String(64))
    record_id: Mapped[str | None] = mapped_column(String(80))
    field: Mapped[str | None] = mapped_column(String(64))
    old_json: Mapped[str | None] = mapped_column(Text)
    new_json: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


#: Tables whose rows are never updated or deleted (enforced by triggers).
APPEND_ONLY_TABLES = (
    "audit_log",
    "item_marks",
    "grade_entries",
    "comment_entries",
    "imported_results",
    "imported_result_withdrawals",
    "standard_settings",
    "scenario_events",
    "media_consents",
    "media_markers",
)
#: Tables whose rows are never updated (enforced by a trigger); unused rows may go.
IMMUTABLE_TABLES = ("definitions",)
