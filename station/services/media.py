"""Recordings of encounters and practice attempts: consent, linking, markers, the
debrief timeline, retention and deletion.

The camera code (:mod:`devices.camera`) writes the files; this module decides where
they go, who may record and see them, and keeps what they mean in the database::

    media_root -> Path                    default: "media" beside the database file
    record_consent(actor, *, encounter_id=None, attempt_id=None, given, note="")
        -> ConsentInfo                    append-only history; the latest entry counts
    consent(actor, *, encounter_id=None, attempt_id=None) -> ConsentInfo | None
    begin_recording(actor, *, encounter_id=None, attempt_id=None, kind="video")
        -> MediaInfo                      Conflict without consent given
    finish_recording(actor, media_id, *, frames, dropped_frames, size_bytes) -> MediaInfo
    add_marker(actor, media_id, label, *, at=None) -> TimelineEvent
    list_media(actor, *, exam_code=None, encounter_id=None, attempt_id=None,
        include_deleted=False) -> list[MediaInfo]
    debrief_timeline(actor, media_id) -> DebriefTimeline
    delete_media(actor, media_id, reason) -> MediaInfo
    media_retention_days(actor) -> int | None
    set_media_retention_days(actor, days) -> int | None
    purge_expired_media(actor) -> list[MediaInfo]

See ``docs/recordings.md``.
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import json
import math
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from sqlalchemy import ColumnElement, literal_column, select
from sqlalchemy.orm import Session

from devices.cpr.analysis import CompressionRecord, CprSummary, analyze_trace
from devices.cpr.profiles import ADULT, PROFILES, CprTargets
from devices.trace import Trace
from station.auth.permissions import Action, Actor, Context, allowed
from station.files import private_folder
from station.i18n import _
from station.names import person_name
from station.services.base import ServiceBase, clean_text, reason_hint
from station.services.errors import Conflict, InvalidInput, NotFound
from station.services.traces import StoredTrace, load_trace, parse_stored_trace, trace_rows
from station.storage.audit import Actor as AuditActor
from station.storage.audit import append, record_changes, record_insert
from station.storage.models import (
    Candidate,
    CommentEntry,
    CommentKind,
    Definition,
    Encounter,
    EncounterStatus,
    Exam,
    GradeEntry,
    ItemMark,
    MarkSource,
    MediaConsent,
    MediaFile,
    MediaKind,
    MediaMarker,
    PracticeAttempt,
    PracticeStatus,
    ScenarioEventRow,
    StationSetting,
    User,
    new_id,
)

__all__ = [
    "ConsentInfo",
    "DebriefTimeline",
    "MediaInfo",
    "MediaServices",
    "SegmentInfo",
    "TimelineEvent",
    "safe_component",
]

#: The folder of practice recordings under the media root (exams have their code).
PRACTICE_FOLDER: Final = "practice"
#: The station setting that holds the retention in days (JSON null: keep).
RETENTION_KEY: Final = "media_retention_days"
#: The reason recorded for recordings deleted because they outlived the retention.
RETENTION_REASON: Final = "retention"
#: The longest retention that can be set: a century.
MAX_RETENTION_DAYS: Final = 36_500
#: Longest marker label and consent note.
MAX_LABEL: Final = 200
MAX_NOTE: Final = 2_000
#: The CPR depth on the timeline is kept at this rate at most (the deepest sample of
#: each 50 ms, so every compression's peak stays).
DEPTH_RATE_HZ: Final = 20.0
#: This many compressions in a row too shallow (or too deep) make an alarm.
RUN_ALARM: Final = 5
#: The identity key of a trace giving the wall time (ISO 8601, with its zone) of its
#: first sample, which places the trace exactly on a recording's timeline.
TRACE_START_KEY: Final = "first_sample_wall_time"

#: Which of several events at the same moment comes first on the timeline.
_KIND_ORDER: Final = {
    kind: n
    for n, kind in enumerate(("scenario", "alarm", "marker", "mark", "grade", "comment", "submit"))
}
_UNSAFE: Final = re.compile(r"[^A-Za-z0-9._-]+")
#: A file of a recording: ``NAME-001.avi``, ``NAME-001.mp4``, ``NAME-001.frames.csv``,
#: ``NAME.markers.csv``.
_FILE_OF: Final = re.compile(
    r"(?P<name>.+?)(?:-(?P<segment>\d{3,})\.(?:avi|mp4|frames\.csv)|\.markers\.csv)"
)
_VIDEO: Final = re.compile(r"\.(?:avi|mp4)$")


@dataclass(frozen=True)
class ConsentInfo:
    """One entry of the consent history of an encounter or a practice attempt."""

    encounter_id: str | None
    attempt_id: str | None
    given: bool
    recorded_at: datetime
    #: The user name of who recorded it.
    recorded_by: str
    note: str


@dataclass(frozen=True)
class MediaInfo:
    """A recording linked to an encounter or a practice attempt."""

    id: str
    encounter_id: str | None
    attempt_id: str | None
    kind: str
    #: The recording's folder (absolute), under the media root.
    folder: Path
    #: The file stem of the recording's files (``NAME-001.avi``, ``NAME.markers.csv``).
    name: str
    started_at: datetime
    ended_at: datetime | None
    frames: int
    dropped_frames: int
    size_bytes: int
    deleted_at: datetime | None
    deleted_reason: str | None
    #: "C-007 Ana García" for an encounter, the trainee's name for a practice attempt.
    candidate_label: str
    exam_code: str | None
    #: The station's id (its definition's ``id``), e.g. "adult-cpr-aed".
    station_id: str | None
    #: Files that should have been there and were not (set by a deletion, which
    #: reports them rather than failing), as paths under the media root.
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEvent:
    """Something that happened during a recording, at its place in the video."""

    #: Seconds from the recording's first frame.
    t_s: float
    #: "mark", "grade", "comment", "marker", "scenario", "alarm" or "submit".
    kind: str
    #: Human text, e.g. "Check responsiveness: done".
    label: str
    detail: str


@dataclass(frozen=True)
class SegmentInfo:
    """One video file of a recording."""

    path: Path
    #: The index (from 0, across segments) of the segment's first frame.
    first_frame: int
    frame_count: int
    #: Seconds from the recording's first frame to the segment's first frame.
    start_t_s: float


@dataclass(frozen=True)
class DebriefTimeline:
    """Everything the debrief player shows for one recording."""

    media: MediaInfo
    segments: list[SegmentInfo]
    #: Seconds from the first frame of every frame, in order (the first is 0).
    frame_times: list[float]
    fps: float
    duration_s: float
    #: Sorted by ``t_s``.
    events: list[TimelineEvent]
    #: (t_s, depth_mm) of the CPR trace aligned to the video (at most 20 per second);
    #: empty without a trace.
    depth: list[tuple[float, float]]


class MediaServices(ServiceBase):
    """Recordings and what goes with them."""

    _media_root: Path | None = None

    # ------------------------------------------------------------------ where

    @property
    def media_root(self) -> Path:
        """Where recordings live: ``media`` beside the database file unless set."""
        if self._media_root is not None:
            return self._media_root
        return (Path(self.db.path).parent / "media").absolute()

    @media_root.setter
    def media_root(self, value: Path) -> None:
        self._media_root = Path(value).expanduser().absolute()

    # ------------------------------------------------------------------ consent

    def record_consent(
        self,
        actor: Actor,
        *,
        encounter_id: str | None = None,
        attempt_id: str | None = None,
        given: bool,
        note: str = "",
    ) -> ConsentInfo:
        """Record that the candidate (or trainee) gave or refused consent to be
        recorded. Append-only history; the latest entry counts; audited.

        For an encounter: whoever may record it (the examiner assigned to the station
        while the exam runs, or a coordinator); for a practice attempt: its owner.
        """
        _one_owner(encounter_id, attempt_id)
        if not isinstance(given, bool):
            raise InvalidInput(
                [
                    _("consent must be given or refused (True or False), not {value!r}").format(
                        value=given
                    )
                ]
            )
        now = self.now()
        with self.db.write() as session:
            encounter, attempt = self._media_owner(session, encounter_id, attempt_id)
            audit_actor = self._authorize_media(session, actor, encounter, attempt, record=True)
            text = clean_text(note, _("the consent note"), required=False, limit=MAX_NOTE)
            assert audit_actor.id is not None  # a user, not the system
            row = MediaConsent(
                id=new_id(),
                encounter_id=encounter_id,
                attempt_id=attempt_id,
                given=given,
                note=text,
                recorded_by=audit_actor.id,
                recorded_at=now,
            )
            record_insert(session, self.audit_key, actor=audit_actor, row=row, at=now)
            return _consent_info(row, audit_actor.name)

    def consent(
        self, actor: Actor, *, encounter_id: str | None = None, attempt_id: str | None = None
    ) -> ConsentInfo | None:
        """The consent that counts now (the latest entry), None if never asked.

        Whoever may see the recordings of the encounter or attempt may read it."""
        _one_owner(encounter_id, attempt_id)
        with self.db.read() as session:
            encounter, attempt = self._media_owner(session, encounter_id, attempt_id)
            self._authorize_media(session, actor, encounter, attempt, record=False)
            row = _latest_consent(session, encounter_id, attempt_id)
            if row is None:
                return None
            names = self._usernames(session, [row.recorded_by])
            return _consent_info(row, names.get(row.recorded_by, row.recorded_by))

    # ------------------------------------------------------------------ recording

    def begin_recording(
        self,
        actor: Actor,
        *,
        encounter_id: str | None = None,
        attempt_id: str | None = None,
        kind: str = "video",
    ) -> MediaInfo:
        """Create the recording's row and folder; Conflict without consent given.

        An encounter is recorded while it is a draft, an attempt while it is in progress.
        The folder is ``<media root>/<exam code or "practice">/<encounter or attempt id>``
        and the name (the stem of the files) is new in it: ``video-01``, ``video-02``...
        """
        _one_owner(encounter_id, attempt_id)
        kinds = [k.value for k in MediaKind]
        if kind not in kinds:
            raise InvalidInput(
                [
                    _("recording kind {kind!r} is not one of: {kinds}").format(
                        kind=kind, kinds=", ".join(kinds)
                    )
                ]
            )
        now = self.now()
        with self.db.write() as session:
            encounter, attempt = self._media_owner(session, encounter_id, attempt_id)
            audit_actor = self._authorize_media(session, actor, encounter, attempt, record=True)
            if encounter is not None and encounter.status != EncounterStatus.DRAFT.value:
                raise Conflict(
                    (
                        _(
                            "encounter {encounter!r} has been submitted; an encounter is "
                            "recorded while it is in progress"
                        )
                        if encounter.status == EncounterStatus.SUBMITTED.value
                        else _(
                            "encounter {encounter!r} is recorded as a no-show; an encounter is "
                            "recorded while it is in progress"
                        )
                    ).format(encounter=encounter.id)
                )
            if attempt is not None and attempt.status != PracticeStatus.IN_PROGRESS.value:
                raise Conflict(
                    _(
                        "practice attempt {attempt!r} is {status}; start a new attempt to record"
                    ).format(attempt=attempt.id, status=_(attempt.status.replace("_", " ")))
                )
            consent = _latest_consent(session, encounter_id, attempt_id)
            whose = (
                _("the candidate of the encounter")
                if encounter is not None
                else _("the trainee of the attempt")
            )
            if consent is None:
                target = encounter_id or attempt_id
                raise Conflict(
                    _(
                        "no consent to recording is on file for {target!r}; ask {whose} and "
                        "record the answer first (skillstation media consent {target} --given)"
                    ).format(target=target, whose=whose)
                )
            if not consent.given:
                raise Conflict(
                    _(
                        "{whose} refused to be recorded (recorded {when} UTC); nothing will be "
                        "recorded"
                    ).format(whose=whose, when=f"{consent.recorded_at:%Y-%m-%d %H:%M}")
                )
            if encounter is not None:
                exam = session.get(Exam, encounter.exam_id)
                assert exam is not None  # foreign key
                relative = Path(safe_component(exam.code)) / safe_component(encounter.id)
            else:
                assert attempt is not None
                relative = Path(PRACTICE_FOLDER) / safe_component(attempt.id)
            root = self.media_root
            folder = _inside(root, root / relative, what=_("the recording folder"))
            taken = {
                name
                for name in session.scalars(
                    select(MediaFile.name).where(_owned_by(encounter_id, attempt_id))
                )
            }
            name = _new_name(kind, taken, folder)
            try:
                private_folder(folder)  # recordings are as private as the database
            except OSError as error:
                raise Conflict(
                    _(
                        "cannot create the recording folder {folder}: {reason}; check that "
                        "the media folder is on a disk the station may write to"
                    ).format(folder=folder, reason=error.strerror)
                ) from None
            row = MediaFile(
                id=new_id(),
                encounter_id=encounter_id,
                attempt_id=attempt_id,
                path=relative.as_posix(),
                kind=kind,
                consent_recorded_at=consent.recorded_at,
                created_at=now,
                deleted_at=None,
                name=name,
                ended_at=None,
                frames=0,
                dropped_frames=0,
                size_bytes=0,
                deleted_reason=None,
            )
            record_insert(session, self.audit_key, actor=audit_actor, row=row, at=now)
            return self._media_info(session, row)

    def finish_recording(
        self, actor: Actor, media_id: str, *, frames: int, dropped_frames: int, size_bytes: int
    ) -> MediaInfo:
        """Record the end of a recording with what was written (once; audited)."""
        problems = [
            _("{what} {value!r} must be a whole number, 0 or more").format(what=what, value=value)
            for what, value in (
                (_("frames"), frames),
                (_("the dropped frames count"), dropped_frames),
                (_("the size in bytes"), size_bytes),
            )
            if isinstance(value, bool) or not isinstance(value, int) or value < 0
        ]
        if problems:
            raise InvalidInput(problems)
        now = self.now()
        with self.db.write() as session:
            row = self._media_row(session, media_id)
            encounter, attempt = self._row_owner(session, row)
            audit_actor = self._authorize_media(session, actor, encounter, attempt, record=True)
            _not_deleted(row)
            if row.ended_at is not None:
                raise Conflict(
                    _("recording {media!r} was already finished at {when} UTC").format(
                        media=media_id, when=f"{row.ended_at:%Y-%m-%d %H:%M:%S}"
                    )
                )
            record_changes(
                session,
                self.audit_key,
                actor=audit_actor,
                row=row,
                changes={
                    "ended_at": now,
                    "frames": frames,
                    "dropped_frames": dropped_frames,
                    "size_bytes": size_bytes,
                },
                at=now,
            )
            return self._media_info(session, row)

    def add_marker(
        self, actor: Actor, media_id: str, label: str, *, at: datetime | None = None
    ) -> TimelineEvent:
        """Mark a moment of a recording (now, or ``at``, an aware time); audited.

        The event's ``t_s`` is placed by the recording's frames already on disk, or
        counted from the recording's start while none are; the debrief timeline places
        it by the frames."""
        if at is not None and (at.tzinfo is None or at.utcoffset() is None):
            raise InvalidInput(
                [_("marker time {when} has no time zone").format(when=at.isoformat())]
            )
        now = self.now()
        when = now if at is None else at.astimezone(UTC)
        with self.db.write() as session:
            row = self._media_row(session, media_id)
            encounter, attempt = self._row_owner(session, row)
            audit_actor = self._authorize_media(session, actor, encounter, attempt, record=True)
            _not_deleted(row)
            text = clean_text(label, _("the marker's label"), required=True, limit=MAX_LABEL)
            assert audit_actor.id is not None
            marker = MediaMarker(
                id=new_id(),
                media_id=row.id,
                at=when,
                label=text,
                recorded_by=audit_actor.id,
                recorded_at=now,
            )
            record_insert(session, self.audit_key, actor=audit_actor, row=marker, at=now)
            folder = self._folder(row)
            created = row.created_at
            name = row.name
        try:
            t_s = _read_frames(folder, name).to_video_t(when.timestamp())
        except (NotFound, Conflict):
            t_s = (when - created).total_seconds()
        return TimelineEvent(
            t_s, "marker", text, _("marked by {user}").format(user=audit_actor.name)
        )

    # ------------------------------------------------------------------ reading

    def list_media(
        self,
        actor: Actor,
        *,
        exam_code: str | None = None,
        encounter_id: str | None = None,
        attempt_id: str | None = None,
        include_deleted: bool = False,
    ) -> list[MediaInfo]:
        """The recordings the actor may see, newest first: coordinators all; an
        examiner those of the stations they are assigned to and of their own practice;
        a trainee those of their own practice. Naming an encounter or an attempt the
        actor may not see is refused."""
        with self.db.read() as session:
            fresh = self._fresh_actor(session, actor)
            if fresh is None or not fresh.active:
                self._authorize(session, actor, Action.VIEW_MEDIA)  # raises, saying why
            assert fresh is not None
            query = select(MediaFile)
            if encounter_id is not None or attempt_id is not None:
                encounter, attempt = self._media_owner(session, encounter_id, attempt_id)
                self._authorize_media(session, actor, encounter, attempt, record=False)
                query = query.where(_owned_by(encounter_id, attempt_id))
            if exam_code is not None:
                exam = self._exam(session, exam_code)
                query = query.join(Encounter, Encounter.id == MediaFile.encounter_id).where(
                    Encounter.exam_id == exam.id
                )
            if not include_deleted:
                query = query.where(MediaFile.deleted_at.is_(None))
            rows = session.scalars(query.order_by(MediaFile.created_at.desc(), MediaFile.id))
            contexts: dict[str, Context] = {}
            return [
                self._media_info(session, row)
                for row in rows
                if self._may_view(session, fresh, row, contexts)
            ]

    def debrief_timeline(self, actor: Actor, media_id: str) -> DebriefTimeline:
        """The recording's frames, segments, events and CPR depth on one time axis:
        seconds from its first frame. Events outside the recording are left out."""
        with self.db.read() as session:
            row = self._media_row(session, media_id)
            encounter, attempt = self._row_owner(session, row)
            self._authorize_media(session, actor, encounter, attempt, record=False)
            _not_deleted(row)
            info = self._media_info(session, row)
            frames = _read_frames(info.folder, row.name)
            stamps = self._stamped_events(session, row, encounter, attempt)
            traces = trace_rows(
                session,
                encounter_id=row.encounter_id,
                attempt_id=None if row.encounter_id is not None else row.attempt_id,
            )
            stored = [load_trace(t, self.db.path) for t in traces]
            targets = self._targets(session, encounter, attempt)
        period = 1.0 / frames.fps if frames.fps > 0 else 0.0
        low, high = -period, frames.duration_s + period
        events: list[TimelineEvent] = []
        for wall, kind, label, detail in stamps:
            t_s = frames.to_video_t(wall)
            if low <= t_s <= high:
                events.append(TimelineEvent(t_s, kind, label, detail))
        depth: list[tuple[float, float]] = []
        for trace in stored:
            aligned = _aligned_trace(trace, targets, frames)
            if aligned is None:
                continue
            depth.extend(p for p in aligned.depth if low <= p[0] <= high)
            events.extend(e for e in aligned.alarms if low <= e.t_s <= high)
        events.sort(key=lambda e: (e.t_s, _KIND_ORDER.get(e.kind, 99), e.label))
        depth.sort()
        return DebriefTimeline(
            media=info,
            segments=frames.segments,
            frame_times=frames.times,
            fps=frames.fps,
            duration_s=frames.duration_s,
            events=events,
            depth=depth,
        )

    # ------------------------------------------------------------------ deleting

    def delete_media(self, actor: Actor, media_id: str, reason: str) -> MediaInfo:
        """Erase the recording's files; the row stays with the time and reason
        (coordinators only, with a reason; audited). Files already gone are listed in
        :attr:`MediaInfo.missing`; nothing outside the media folder is ever touched."""
        why = reason.strip() if isinstance(reason, str) else ""
        now = self.now()
        with self.db.write() as session:
            row = self._media_row(session, media_id)
            audit_actor = self._authorize(session, actor, Action.DELETE_MEDIA, Context(reason=why))
            why = clean_text(why, _("the reason"), required=True, hint=reason_hint())
            _not_deleted(row)
            plan = self._erase_plan(row)
            return self._erase(session, audit_actor, row, plan, why, now)

    # ------------------------------------------------------------------ retention

    def media_retention_days(self, actor: Actor) -> int | None:
        """How many days recordings are kept; None: kept until deleted (coordinators)."""
        with self.db.read() as session:
            self._authorize(session, actor, Action.MANAGE_RETENTION)
            return _retention(session)

    def set_media_retention_days(self, actor: Actor, days: int | None) -> int | None:
        """Set the retention (None: keep until deleted); audited (coordinators)."""
        if days is not None and (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not 1 <= days <= MAX_RETENTION_DAYS
        ):
            raise InvalidInput(
                [
                    _(
                        "a retention of {days!r} days is not possible; give a whole number of "
                        "days from 1 to {most}, or keep recordings until deleted"
                    ).format(days=days, most=MAX_RETENTION_DAYS)
                ]
            )
        now = self.now()
        with self.db.write() as session:
            audit_actor = self._authorize(session, actor, Action.MANAGE_RETENTION)
            setting = _setting(session, RETENTION_KEY)
            value = json.dumps(days)
            if setting is None:
                setting = StationSetting(
                    id=new_id(), key=RETENTION_KEY, value_json=value, updated_at=now
                )
                record_insert(session, self.audit_key, actor=audit_actor, row=setting, at=now)
            elif setting.value_json != value:
                record_changes(
                    session,
                    self.audit_key,
                    actor=audit_actor,
                    row=setting,
                    changes={"value_json": value, "updated_at": now},
                    at=now,
                )
            return days

    def purge_expired_media(self, actor: Actor) -> list[MediaInfo]:
        """Delete the recordings begun more than the retention ago (coordinators);
        returns what was deleted, oldest first. Each is audited with the reason
        ``retention``. Nothing happens without a retention."""
        now = self.now()
        with self.db.write() as session:
            audit_actor = self._authorize(session, actor, Action.MANAGE_RETENTION)
            days = _retention(session)
            if days is None:
                return []
            cutoff = now - timedelta(days=days)
            rows = list(
                session.scalars(
                    select(MediaFile)
                    .where(MediaFile.deleted_at.is_(None), MediaFile.created_at < cutoff)
                    .order_by(MediaFile.created_at, MediaFile.id)
                )
            )
            # Every folder is checked before anything is erased.
            plans = [self._erase_plan(row) for row in rows]
            return [
                self._erase(session, audit_actor, row, plan, RETENTION_REASON, now)
                for row, plan in zip(rows, plans, strict=True)
            ]

    # ------------------------------------------------------------------ internals

    def _media_owner(
        self, session: Session, encounter_id: str | None, attempt_id: str | None
    ) -> tuple[Encounter | None, PracticeAttempt | None]:
        if encounter_id is not None:
            return self._encounter(session, encounter_id), None
        assert attempt_id is not None
        return None, self._media_attempt(session, attempt_id)

    def _media_attempt(self, session: Session, attempt_id: str) -> PracticeAttempt:
        attempt = session.get(PracticeAttempt, attempt_id)
        if attempt is None:
            raise NotFound(
                _("practice attempt {attempt!r} does not exist").format(attempt=attempt_id)
            )
        return attempt

    def _row_owner(
        self, session: Session, row: MediaFile
    ) -> tuple[Encounter | None, PracticeAttempt | None]:
        return self._media_owner(session, row.encounter_id, row.attempt_id)

    def _media_row(self, session: Session, media_id: str) -> MediaFile:
        row = session.get(MediaFile, media_id)
        if row is None:
            raise NotFound(
                _("there is no recording {media!r}; `skillstation media list` shows them").format(
                    media=media_id
                )
            )
        return row

    def _authorize_media(
        self,
        session: Session,
        actor: Actor,
        encounter: Encounter | None,
        attempt: PracticeAttempt | None,
        *,
        record: bool,
    ) -> AuditActor:
        """Check recording (or seeing) an encounter's or an attempt's recordings."""
        if encounter is not None:
            exam, station, definition = self._encounter_parts(session, encounter)
            ctx = self._station_context(session, exam, station, definition, encounter=encounter)
            action = Action.RECORD_MEDIA if record else Action.VIEW_MEDIA
            return self._authorize(session, actor, action, ctx)
        assert attempt is not None
        action = Action.START_PRACTICE if record else Action.VIEW_PRACTICE
        return self._authorize(session, actor, action, Context(owner_user_id=attempt.user_id))

    def _may_view(
        self, session: Session, fresh: Actor, row: MediaFile, contexts: dict[str, Context]
    ) -> bool:
        if row.attempt_id is not None:
            attempt = self._media_attempt(session, row.attempt_id)
            return allowed(fresh, Action.VIEW_PRACTICE, Context(owner_user_id=attempt.user_id))
        assert row.encounter_id is not None
        encounter = self._encounter(session, row.encounter_id)
        ctx = contexts.get(encounter.exam_station_id)
        if ctx is None:
            exam, station, definition = self._encounter_parts(session, encounter)
            ctx = self._station_context(session, exam, station, definition)
            contexts[encounter.exam_station_id] = ctx
        return allowed(fresh, Action.VIEW_MEDIA, ctx)

    def _folder(self, row: MediaFile) -> Path:
        return self.media_root / row.path

    def _media_info(
        self, session: Session, row: MediaFile, missing: tuple[str, ...] = ()
    ) -> MediaInfo:
        exam_code: str | None = None
        if row.encounter_id is not None:
            encounter = self._encounter(session, row.encounter_id)
            exam, _station, definition = self._encounter_parts(session, encounter)
            candidate = session.get(Candidate, encounter.candidate_id)
            assert candidate is not None  # foreign key
            name = person_name(candidate.given_name, candidate.family_name)
            label = f"{candidate.candidate_number} {name}"
            exam_code = exam.code
        else:
            assert row.attempt_id is not None
            attempt = self._media_attempt(session, row.attempt_id)
            user = session.get(User, attempt.user_id)
            found = session.get(Definition, attempt.definition_id)
            assert user is not None and found is not None  # foreign keys
            label, definition = user.display_name or user.username, found
        return MediaInfo(
            id=row.id,
            encounter_id=row.encounter_id,
            attempt_id=row.attempt_id,
            kind=row.kind,
            folder=self._folder(row),
            name=row.name,
            started_at=row.created_at,
            ended_at=row.ended_at,
            frames=row.frames,
            dropped_frames=row.dropped_frames,
            size_bytes=row.size_bytes,
            deleted_at=row.deleted_at,
            deleted_reason=row.deleted_reason,
            candidate_label=label.strip(),
            exam_code=exam_code,
            station_id=definition.station_key,
            missing=missing,
        )

    def _targets(
        self, session: Session, encounter: Encounter | None, attempt: PracticeAttempt | None
    ) -> CprTargets:
        """The CPR targets of the station's device profile (adult without one)."""
        if encounter is not None:
            definition = self._encounter_parts(session, encounter)[2]
        else:
            assert attempt is not None
            found = session.get(Definition, attempt.definition_id)
            assert found is not None  # foreign key
            definition = found
        device = self._model(definition).device
        return PROFILES.get(device.profile, ADULT) if device is not None else ADULT

    def _stamped_events(
        self,
        session: Session,
        row: MediaFile,
        encounter: Encounter | None,
        attempt: PracticeAttempt | None,
    ) -> list[tuple[float, str, str, str]]:
        """(wall time as epoch seconds, kind, label, detail) of everything stamped in
        wall-clock time that belongs on the recording's timeline."""
        stamps: list[tuple[float, str, str, str]] = []
        markers = list(session.scalars(select(MediaMarker).where(MediaMarker.media_id == row.id)))
        names = self._usernames(session, [m.recorded_by for m in markers])
        for marker in markers:
            who = names.get(marker.recorded_by, marker.recorded_by)
            detail = _("marked by {user}").format(user=who)
            stamps.append((marker.at.timestamp(), "marker", marker.label, detail))
        if encounter is None:
            assert attempt is not None
            return stamps
        definition = self._encounter_parts(session, encounter)[2]
        model = self._model(definition)
        marks = list(session.scalars(select(ItemMark).where(ItemMark.encounter_id == encounter.id)))
        grades = list(
            session.scalars(select(GradeEntry).where(GradeEntry.encounter_id == encounter.id))
        )
        comments = list(
            session.scalars(select(CommentEntry).where(CommentEntry.encounter_id == encounter.id))
        )
        scenario = list(
            session.scalars(
                select(ScenarioEventRow).where(ScenarioEventRow.encounter_id == encounter.id)
            )
        )
        names = self._usernames(
            session,
            [
                *(r.recorded_by for r in marks),
                *(r.recorded_by for r in grades),
                *(r.recorded_by for r in comments),
                *(r.recorded_by for r in scenario),
                encounter.examiner_id,
            ],
        )
        for mark in marks:
            try:
                text = model.text(model.item(mark.item_id).text)
            except KeyError:
                text = mark.item_id
            if mark.value is None:
                label = _("{item}: mark cleared").format(item=text)
            else:
                label = f"{text}: {_(mark.value.replace('_', ' '))}"
            if mark.source == MarkSource.DEVICE.value:
                by = _("from the device, recorded by {user}")
            elif mark.source == MarkSource.OVERRIDE.value:
                by = _("override by {user}")
            else:
                by = _("marked by {user}")
            detail = by.format(user=names.get(mark.recorded_by, mark.recorded_by))
            if mark.reason:
                detail += f": {mark.reason}"
            stamps.append((mark.recorded_at.timestamp(), "mark", label, detail))
        steps = model.global_rating.steps if model.global_rating is not None else []
        for grade in grades:
            if grade.grade is None:
                label = _("Global grade cleared")
            elif grade.grade < len(steps):
                label = _("Global grade: {grade}").format(
                    grade=model.text(steps[grade.grade].label)
                )
            else:
                label = _("Global grade: {grade}").format(grade=grade.grade)
            who = names.get(grade.recorded_by, grade.recorded_by)
            detail = _("recorded by {user}").format(user=who) + (
                f": {grade.reason}" if grade.reason else ""
            )
            stamps.append((grade.recorded_at.timestamp(), "grade", label, detail))
        for comment in comments:
            if comment.kind == CommentKind.PRIVATE.value:
                label = _("Private note") if comment.text else _("Private note cleared")
            else:
                label = _("Feedback comment") if comment.text else _("Feedback comment cleared")
            stamps.append((comment.recorded_at.timestamp(), "comment", label, comment.text))
        for event in scenario:
            label = event.kind if not event.name else f"{event.kind}: {event.name}"
            stamps.append((event.recorded_at.timestamp(), "scenario", label, event.detail))
        if encounter.submitted_at is not None:
            who = names.get(encounter.examiner_id, encounter.examiner_id)
            stamps.append(
                (
                    encounter.submitted_at.timestamp(),
                    "submit",
                    _("Encounter submitted"),
                    _("recorded by {user}").format(user=who),
                )
            )
        return stamps

    def _erase_plan(self, row: MediaFile) -> _ErasePlan:
        """The files to erase, each checked to lie inside the media folder (Conflict,
        naming the path, if one does not: nothing is erased then)."""
        root = self.media_root
        folder = _inside(
            root,
            self._folder(row),
            what=_("the folder of recording {media!r}").format(media=row.id),
        )
        if not folder.is_dir():
            return _ErasePlan(folder, (), (f"{row.path}/",))
        files = []
        for path in sorted(folder.iterdir()):
            if _FILE_OF.fullmatch(path.name) and _stem(path.name) == row.name:
                what = _("file {file} of recording {media!r}").format(file=path.name, media=row.id)
                files.append(_inside(root, path, what=what))
        missing: tuple[str, ...] = ()
        if row.frames > 0 and not any(_VIDEO.search(p.name) for p in files):
            missing = (_("{path} (the video)").format(path=f"{row.path}/{row.name}-001"),)
        return _ErasePlan(folder, tuple(files), missing)

    def _erase(
        self,
        session: Session,
        audit_actor: AuditActor,
        row: MediaFile,
        plan: _ErasePlan,
        reason: str,
        now: datetime,
    ) -> MediaInfo:
        """Erase the planned files, then mark the row deleted with its audit entries."""
        for path in plan.files:
            try:
                path.unlink(missing_ok=True)
            except OSError as error:
                raise Conflict(
                    _(
                        "cannot delete {path}: {reason}; close any program that has it open "
                        "and delete the recording again"
                    ).format(path=path, reason=error.strerror)
                ) from None
        root = self.media_root.resolve()
        for folder in (plan.folder, plan.folder.parent):
            try:
                if folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
            except OSError:
                break  # another recording's files, or a folder the station did not make
        record_changes(
            session,
            self.audit_key,
            actor=audit_actor,
            row=row,
            changes={"deleted_at": now, "deleted_reason": reason},
            reason=reason,
            at=now,
        )
        if plan.missing:
            append(
                session,
                self.audit_key,
                actor=audit_actor,
                action="media_files_missing",
                table="media_files",
                record_id=row.id,
                new={"missing": list(plan.missing)},
                reason=reason,
                at=now,
            )
        return self._media_info(session, row, plan.missing)


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _ErasePlan:
    folder: Path
    files: tuple[Path, ...]
    missing: tuple[str, ...]


def _one_owner(encounter_id: str | None, attempt_id: str | None) -> None:
    if (encounter_id is None) == (attempt_id is None):
        raise InvalidInput([_("name either an encounter or a practice attempt (exactly one)")])


def _owned_by(encounter_id: str | None, attempt_id: str | None) -> ColumnElement[bool]:
    if encounter_id is not None:
        return MediaFile.encounter_id == encounter_id
    return MediaFile.attempt_id == attempt_id


def _latest_consent(
    session: Session, encounter_id: str | None, attempt_id: str | None
) -> MediaConsent | None:
    owner = (
        MediaConsent.encounter_id == encounter_id
        if encounter_id is not None
        else MediaConsent.attempt_id == attempt_id
    )
    # rowid breaks ties between entries recorded in the same microsecond.
    return session.scalar(
        select(MediaConsent)
        .where(owner)
        .order_by(MediaConsent.recorded_at.desc(), literal_column("media_consents.rowid").desc())
        .limit(1)
    )


def _consent_info(row: MediaConsent, recorded_by: str) -> ConsentInfo:
    return ConsentInfo(
        encounter_id=row.encounter_id,
        attempt_id=row.attempt_id,
        given=bool(row.given),
        recorded_at=row.recorded_at,
        recorded_by=recorded_by,
        note=row.note,
    )


def _not_deleted(row: MediaFile) -> None:
    if row.deleted_at is not None:
        raise Conflict(
            _(
                "recording {media!r} was deleted on {when} UTC ({reason}); only its record is kept"
            ).format(
                media=row.id, when=f"{row.deleted_at:%Y-%m-%d %H:%M}", reason=row.deleted_reason
            )
        )


def _setting(session: Session, key: str) -> StationSetting | None:
    return session.scalar(select(StationSetting).where(StationSetting.key == key))


def _retention(session: Session) -> int | None:
    setting = _setting(session, RETENTION_KEY)
    if setting is None:
        return None
    value = json.loads(setting.value_json)
    return None if value is None else int(value)


def safe_component(text: str) -> str:
    """``text`` as one folder name: letters, digits, ``.``, ``_`` and ``-`` only, never
    starting with a dot (so never ``..``), at most 80 characters."""
    cleaned = _UNSAFE.sub("_", text).lstrip(".")[:80]
    return cleaned or "_"


def _inside(root: Path, path: Path, *, what: str) -> Path:
    """``path`` if it resolves (links followed) to a place inside ``root``; else
    Conflict saying so: the station never touches anything outside its media folder."""
    base = root.resolve()
    resolved = path.resolve()
    if resolved == base or not resolved.is_relative_to(base):
        raise Conflict(
            _(
                "{what} ({path}) leads outside the media folder {root}; nothing was changed. "
                "Check that folder by hand"
            ).format(what=what, path=path, root=base)
        )
    return path


def _new_name(kind: str, taken: set[str], folder: Path) -> str:
    existing = {_stem(p.name) for p in folder.iterdir()} if folder.is_dir() else set()
    number = 1
    while True:
        name = f"{kind}-{number:02d}"
        if name not in taken and name not in existing:
            return name
        number += 1


def _stem(filename: str) -> str:
    """The recording name a file belongs to (``video-01-002.avi`` → ``video-01``)."""
    match = _FILE_OF.fullmatch(filename)
    if match is None:
        return filename
    return match.group("name")


# --------------------------------------------------------------------------- frames


@dataclass(frozen=True)
class _Frames:
    """The frames of a recording as its sidecars give them."""

    segments: list[SegmentInfo]
    #: Seconds from the first frame, by the host's monotonic clock.
    times: list[float]
    fps: float
    duration_s: float
    #: The frames' wall times (epoch seconds), sorted, and the seconds from the first
    #: frame of the same frames.
    walls: list[float]
    wall_times: list[float]

    def to_video_t(self, wall: float) -> float:
        """Seconds from the first frame of the moment ``wall`` (epoch seconds).

        The frame whose wall time is nearest gives the offset between the two clocks
        (each frame is stamped on both at once), so a wall clock adjusted during the
        recording moves only the frames after the adjustment."""
        walls = self.walls
        j = bisect.bisect_left(walls, wall)
        nearest = min(
            (k for k in (j - 1, j) if 0 <= k < len(walls)), key=lambda k: abs(walls[k] - wall)
        )
        return self.wall_times[nearest] + (wall - walls[nearest])


def _read_frames(folder: Path, name: str) -> _Frames:
    """The frames sidecars of recording ``name`` in ``folder``, in segment order."""
    if not folder.is_dir():
        raise NotFound(
            _("the recording folder {folder} is missing; restore it from a backup").format(
                folder=folder
            )
        )
    sidecars = sorted(
        (p for p in folder.glob("*.frames.csv") if _stem(p.name) == name),
        key=lambda p: _segment_number(p.name),
    )
    if not sidecars:
        raise NotFound(_no_frames(name, folder))
    hosts: list[float] = []
    walls: list[float] = []
    segments: list[SegmentInfo] = []
    for sidecar in sidecars:
        rows = _sidecar_rows(sidecar)
        stem = sidecar.name[: -len(".frames.csv")]
        video = next(
            (folder / (stem + s) for s in (".avi", ".mp4") if (folder / (stem + s)).exists()),
            None,
        )
        if video is None:
            raise NotFound(
                _("{file}: the video of this segment is missing; restore it from a backup").format(
                    file=f"{folder / stem}.avi"
                )
            )
        if not rows:
            continue
        segments.append(SegmentInfo(video, len(hosts), len(rows), 0.0))
        for host, wall in rows:
            hosts.append(host)
            walls.append(wall)
    if not hosts:
        raise NotFound(_no_frames(name, folder))
    first = hosts[0]
    times = [h - first for h in hosts]
    segments = [
        SegmentInfo(s.path, s.first_frame, s.frame_count, times[s.first_frame]) for s in segments
    ]
    steps = [b - a for a, b in itertools.pairwise(times) if b > a]
    fps = 1.0 / statistics.median(steps) if steps else 0.0
    duration = times[-1] + (1.0 / fps if fps > 0 else 0.0)
    by_wall = sorted(zip(walls, times, strict=True))
    return _Frames(
        segments, times, fps, duration, [w for w, _t in by_wall], [t for _w, t in by_wall]
    )


def _no_frames(name: str, folder: Path) -> str:
    return _("recording {name} in {folder} has no frames: nothing was recorded").format(
        name=name, folder=folder
    )


def _sidecar_rows(path: Path) -> list[tuple[float, float]]:
    """(host_t_s, wall time in epoch seconds) of every complete row of a frames sidecar.
    A last row cut short (the station stopped mid-write) is left out."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise NotFound(
            _("{file}: cannot read the frames sidecar ({reason})").format(
                file=path, reason=error.strerror
            )
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"host_t_s", "wall_time"} <= set(reader.fieldnames):
        raise Conflict(
            _("{file}: not a frames sidecar (no host_t_s and wall_time columns)").format(file=path)
        )
    rows: list[tuple[float, float]] = []
    lines = list(reader)
    for number, line in enumerate(lines, start=2):
        try:
            host = float(line["host_t_s"])
            wall = datetime.fromisoformat(line["wall_time"]).timestamp()
        except (TypeError, ValueError):
            if number == len(lines) + 1:
                break  # the last line, cut short
            raise Conflict(
                _("{file}:{line}: the frame's times cannot be read; the sidecar is damaged").format(
                    file=path, line=number
                )
            ) from None
        rows.append((host, wall))
    return rows


def _segment_number(filename: str) -> int:
    match = _FILE_OF.fullmatch(filename)
    return int(match.group("segment")) if match and match.group("segment") else 0


# --------------------------------------------------------------------------- CPR trace


@dataclass(frozen=True)
class _AlignedTrace:
    depth: list[tuple[float, float]]
    alarms: list[TimelineEvent]


def _aligned_trace(
    stored: StoredTrace, targets: CprTargets, frames: _Frames
) -> _AlignedTrace | None:
    """A stored trace's depth and alarms on the recording's time axis, or None for a
    trace without samples (or one that cannot be read).

    A trace keeps the device's own time line only. Its place in wall-clock time is the
    ``first_sample_wall_time`` of its identity when the recording station wrote one
    (the wall time of its first sample); otherwise the time it was stored, taken as the
    time of its last sample (see docs/recordings.md for what that costs)."""
    trace = parse_stored_trace(stored)
    if trace is None or not trace.samples:
        return None
    first_t = trace.samples[0].device_t_s
    anchor = _trace_anchor(trace)
    if anchor is not None:
        origin = anchor - first_t
    else:
        origin = stored.info.created_at.timestamp() - trace.samples[-1].device_t_s

    def video_t(device_t: float) -> float:
        return frames.to_video_t(origin + device_t)

    bins: dict[int, tuple[float, float]] = {}
    for sample in trace.samples:
        if sample.depth_mm is None:
            continue
        t_s = video_t(sample.device_t_s)
        slot = math.floor(t_s * DEPTH_RATE_HZ)
        kept = bins.get(slot)
        if kept is None or sample.depth_mm > kept[1]:
            bins[slot] = (t_s, sample.depth_mm)
    depth = sorted(bins.values())
    summary = analyze_trace(trace, targets)
    return _AlignedTrace(depth, _alarms(summary, targets, video_t))


def _trace_anchor(trace: Trace) -> float | None:
    text = trace.identity.get(TRACE_START_KEY)
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return when.timestamp()


def _alarms(
    summary: CprSummary, targets: CprTargets, video_t: Callable[[float], float]
) -> list[TimelineEvent]:
    """The feedback problems found in a trace: long hands-off pauses, runs of
    compressions too shallow or too deep, and stretches without samples."""
    alarms: list[TimelineEvent] = []
    for pause in summary.pauses:
        if pause.duration_s >= targets.max_pause_s:
            alarms.append(
                TimelineEvent(
                    video_t(pause.start_s),
                    "alarm",
                    _("Hands off for {seconds} s").format(seconds=f"{pause.duration_s:.1f}"),
                    _("pauses should stay under {seconds} s").format(
                        seconds=f"{targets.max_pause_s:g}"
                    ),
                )
            )
    low, high = targets.depth_min_mm, targets.depth_max_mm
    for title, sign in (
        (_("{count} compressions too shallow in a row"), -1.0),
        (_("{count} compressions too deep in a row"), 1.0),
    ):
        # Below the band (sign -1) or above it (sign 1).
        limit = low if sign < 0 else high
        run: list[CompressionRecord] = []
        for record in [*summary.per_compression, None]:
            if record is not None and sign * (record.depth_mm - limit) > 0:
                run.append(record)
                continue
            if len(run) >= RUN_ALARM:
                mean = statistics.fmean(r.depth_mm for r in run)
                alarms.append(
                    TimelineEvent(
                        video_t(run[0].start_s),
                        "alarm",
                        title.format(count=len(run)),
                        _("mean depth {depth} mm; the target is {low}-{high} mm").format(
                            depth=f"{mean:.0f}",
                            low=f"{targets.depth_min_mm:g}",
                            high=f"{targets.depth_max_mm:g}",
                        ),
                    )
                )
            run = []
    for gap in summary.gaps:
        alarms.append(
            TimelineEvent(
                video_t(gap.start_s),
                "alarm",
                _("No device data for {seconds} s").format(
                    seconds=f"{gap.end_s - gap.start_s:.1f}"
                ),
                gap.reason,
            )
        )
    return alarms
