"""What the services return: frozen snapshots of what was read or changed.

An operation that changes data returns one of these, built inside its transaction
after the change, so the caller (the GUI, the command line, a script) knows exactly
which records changed and can refresh just those, without reading the database again.
The objects hold plain values (ids, names, times, enums), never database rows, so
they may cross threads and outlive the session they were read in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from assessments.definitions.model import StationDefinition
from assessments.scoring import MarkValue, StationScore
from station.auth.permissions import Role
from station.results.reasons import Reason

__all__ = [
    "Changes",
    "CommentInfo",
    "CommentKind",
    "DefinitionInfo",
    "DefinitionRef",
    "EncounterInfo",
    "EncounterResult",
    "EncounterView",
    "ExamInfo",
    "ExamStationInfo",
    "ExclusionInfo",
    "GradeInfo",
    "MarkInfo",
    "RosterResult",
    "SubmitResult",
    "TimetableRow",
    "UserInfo",
]

CommentKind = Literal["feedback", "private"]
EncounterStatusName = Literal["draft", "submitted", "no_show"]
ExamStatusName = Literal["draft", "open", "closed"]
MarkerName = Literal["primary", "second"]
MarkSourceName = Literal["examiner", "device", "override"]


@dataclass(frozen=True)
class UserInfo:
    """A user account as the services show it (never its secret)."""

    id: str
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime
    #: Until when sign-in is refused after failed attempts (None: not locked).
    locked_until: datetime | None = None


@dataclass(frozen=True)
class DefinitionRef:
    """One exact version of a station definition already in the database."""

    station_key: str
    version: str

    def __str__(self) -> str:
        return f"{self.station_key} v{self.version}"


@dataclass(frozen=True)
class DefinitionInfo:
    """A stored (frozen) station definition. ``created`` is True when this call stored
    it, False when the same content was already there."""

    id: str
    station_key: str
    version: str
    kind: str
    title: str
    language: str
    content_hash: str
    created: bool = False

    @property
    def ref(self) -> DefinitionRef:
        return DefinitionRef(self.station_key, self.version)


@dataclass(frozen=True)
class ExamStationInfo:
    """A station of an exam, with the definition version it is bound to and the
    usernames of its assigned examiners."""

    id: str
    position: int
    station_key: str
    version: str
    definition_id: str
    title: str
    examiners: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExamInfo:
    id: str
    code: str
    title: str
    language: str
    starts_at: datetime | None
    status: ExamStatusName
    pass_mark_pct: float | None
    min_stations_passed: int | None
    stations: tuple[ExamStationInfo, ...]
    candidates: int

    def station(self, station_key: str) -> ExamStationInfo:
        for station in self.stations:
            if station.station_key == station_key:
                return station
        raise KeyError(station_key)


@dataclass(frozen=True)
class RosterResult:
    """What a roster import did, by roster id (``candidate_id`` in the file).

    ``added``: candidates new to the database; ``enrolled``: entered for this exam by
    this import (new ones included); ``already_enrolled``: rows that changed nothing.
    """

    exam_code: str
    added: tuple[str, ...]
    enrolled: tuple[str, ...]
    already_enrolled: tuple[str, ...]

    @property
    def rows(self) -> int:
        return len(self.enrolled) + len(self.already_enrolled)


@dataclass(frozen=True)
class TimetableRow:
    """One line of a stored timetable: a candidate at a station (or resting, with
    ``station_key`` = ``"REST"``) during one slot."""

    cycle: int
    slot: int
    starts_at: datetime
    ends_at: datetime
    station_key: str
    candidate_number: str


@dataclass(frozen=True)
class EncounterInfo:
    """One examiner's marking of one candidate at one exam station."""

    id: str
    exam_id: str
    exam_code: str
    exam_station_id: str
    station_key: str
    definition_version: str
    candidate_id: str
    candidate_number: str
    examiner_id: str
    examiner: str
    marker: MarkerName
    status: EncounterStatusName
    checked_in_at: datetime | None
    started_at: datetime | None
    submitted_at: datetime | None

    @property
    def locked(self) -> bool:
        """Submitted or recorded absent: only a coordinator's amendment changes it."""
        return self.status != "draft"


@dataclass(frozen=True)
class MarkInfo:
    """One stored mark (a row of the item's append-only history). ``value`` None means
    the mark was cleared; ``recorded_by`` is a username."""

    id: str
    encounter_id: str
    item_id: str
    revision: int
    value: MarkValue | int | None
    t_s: float | None
    source: MarkSourceName
    reason: str | None
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class GradeInfo:
    """One stored global grade (0-based step of the station's global rating; None
    clears it)."""

    id: str
    encounter_id: str
    revision: int
    grade: int | None
    reason: str | None
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class CommentInfo:
    """One stored comment of one kind (an empty text clears it)."""

    id: str
    encounter_id: str
    kind: CommentKind
    revision: int
    text: str
    reason: str | None
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class ExclusionInfo:
    """An item (or, with ``item_id`` None, a whole station) taken out of scoring."""

    id: str
    exam_code: str
    station_key: str
    item_id: str | None
    reason: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class Changes:
    """The ids of what one operation changed, so the GUI refreshes exactly those."""

    encounters: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    exams: tuple[str, ...] = ()
    users: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any(
            (
                self.encounters,
                self.marks,
                self.grades,
                self.comments,
                self.exclusions,
                self.exams,
                self.users,
            )
        )


@dataclass(frozen=True)
class SubmitResult:
    """A submitted encounter and its score at submission. ``missing`` lists the items
    still unmarked (only possible with ``allow_incomplete=True``)."""

    encounter: EncounterInfo
    score: StationScore
    missing: tuple[str, ...] = ()
    grade_missing: bool = False
    changes: Changes = field(default_factory=Changes)
    #: Why the outcome is what it is, as the results model gives it (empty for a pass).
    reasons: tuple[Reason, ...] = ()

    @property
    def outcome(self) -> str:
        return self.score.outcome.value

    @property
    def complete(self) -> bool:
        return not self.missing and not self.grade_missing


@dataclass(frozen=True)
class EncounterView:
    """Everything the marking screen shows for one encounter.

    ``marks`` holds the mark that counts for each item (an examiner's override of the
    device wins over the device), ``history`` every stored mark per item, oldest first,
    so earlier values stay visible after a correction or an amendment. ``score`` is the
    encounter scored now, with the exam's exclusions.
    """

    encounter: EncounterInfo
    definition: StationDefinition
    marks: Mapping[str, MarkInfo]
    history: Mapping[str, tuple[MarkInfo, ...]]
    grade: GradeInfo | None
    grade_history: tuple[GradeInfo, ...]
    comments: Mapping[str, CommentInfo]
    comment_history: tuple[CommentInfo, ...]
    metrics: Mapping[str, float]
    score: StationScore
    excluded_items: tuple[str, ...]
    station_excluded: bool
    timer_state: Mapping[str, Any] | None
    #: The candidate's name as people read it (station.names.person_name).
    candidate_name: str = ""


@dataclass(frozen=True)
class EncounterResult:
    """The result of one submitted encounter, scored with the definition version the
    exam bound and with the exam's exclusions. A station excluded as a whole still
    shows its score, with ``station_excluded`` set (its outcome is not counted)."""

    encounter_id: str
    exam_code: str
    candidate_number: str
    station_key: str
    definition_version: str
    examiner: str
    marker: MarkerName
    submitted_at: datetime
    score: StationScore
    station_excluded: bool = False
    #: Why the outcome is what it is (station.results.reasons); empty for a pass.
    reasons: tuple[Reason, ...] = ()
    #: The examiner's global grade in words, e.g. "Borderline" (None without a grade).
    grade_label: str | None = None

    @property
    def outcome(self) -> str:
        return "excluded" if self.station_excluded else self.score.outcome.value


PracticeStatusName = Literal["in_progress", "completed", "abandoned"]


@dataclass(frozen=True)
class PracticeInfo:
    """One practice attempt as lists show it."""

    id: str
    user_id: str
    username: str
    definition_id: str
    station_key: str
    definition_version: str
    title: str
    status: PracticeStatusName
    started_at: datetime
    ended_at: datetime | None
    #: 0-100 once finished with a score; None otherwise.
    score: float | None
