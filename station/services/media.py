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

This module is the database side. The rest has its own module, with no database:
:mod:`.media_files` (safe folder names, paths kept inside the media folder, recording
file names), :mod:`.media_sidecars` (reading the frames sidecars) and
:mod:`.timeline` (the debrief time axis, trace alignment and CPR alarms).

See ``docs/recordings.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from sqlalchemy import ColumnElement, literal_column, select
from sqlalchemy.orm import Session

from devices.cpr.profiles import ADULT, PROFILES, CprTargets
from station.auth.permissions import Action, Actor, Context, allowed
from station.files import private_folder
from station.i18n import _
from station.names import person_name
from station.services.base import ServiceBase, clean_text, reason_hint
from station.services.errors import Conflict, InvalidInput, NotFound
from station.services.media_files import (
    FILE_OF,
    VIDEO,
    inside,
    new_name,
    recording_name,
    safe_component,
)
from station.services.media_sidecars import read_frames
from station.services.timeline import SegmentInfo, TimelineEvent, align
from station.services.traces import load_trace, parse_stored_trace, trace_rows
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
            folder = inside(root, root / relative, what=_("the recording folder"))
            taken = {
                name
                for name in session.scalars(
                    select(MediaFile.name).where(_owned_by(encounter_id, attempt_id))
                )
            }
            name = new_name(kind, taken, folder)
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
            t_s = read_frames(folder, name).to_video_t(when.timestamp())
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
            frames = read_frames(info.folder, row.name)
            stamps = self._stamped_events(session, row, encounter, attempt)
            traces = trace_rows(
                session,
                encounter_id=row.encounter_id,
                attempt_id=None if row.encounter_id is not None else row.attempt_id,
            )
            stored = [load_trace(t, self.db.path) for t in traces]
            targets = self._targets(session, encounter, attempt)
        parsed = [(parse_stored_trace(t), t.info.created_at) for t in stored]
        events, depth = align(
            frames,
            stamps,
            [(trace, at) for trace, at in parsed if trace is not None],
            targets,
        )
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
        folder = inside(
            root,
            self._folder(row),
            what=_("the folder of recording {media!r}").format(media=row.id),
        )
        if not folder.is_dir():
            return _ErasePlan(folder, (), (f"{row.path}/",))
        files = []
        for path in sorted(folder.iterdir()):
            if FILE_OF.fullmatch(path.name) and recording_name(path.name) == row.name:
                what = _("file {file} of recording {media!r}").format(file=path.name, media=row.id)
                files.append(inside(root, path, what=what))
        missing: tuple[str, ...] = ()
        if row.frames > 0 and not any(VIDEO.search(p.name) for p in files):
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
