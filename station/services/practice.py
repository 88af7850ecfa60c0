"""Practice in the skills lab: a user's attempts at a station, with the feedback
device's trace and metrics and a score to learn from.

Everybody may practise, but only for themselves; examiners and trainees see their own
attempts, coordinators everyone's (``Action.START_PRACTICE`` and
``Action.VIEW_PRACTICE`` in :mod:`station.auth.permissions`). As with every other
write, the permission is checked inside the write transaction and each change is
recorded in the audit log with it.

The API (all on :class:`station.services.StationServices`)::

    start_practice(actor, definition) -> PracticeInfo
        definition: a station id ("adult-cpr-aed": the newest stored or bundled
        version), a stored definition's id, or a DefinitionRef (that exact version).
    record_practice_trace(actor, attempt_id, trace, device_identity, sample_count)
        -> TraceInfo      trace: the CSV bytes, or the path of the trace CSV
    record_practice_metrics(actor, attempt_id, metrics) -> dict[str, float]
        metrics: names of assessments.metrics.DEVICE_METRICS -> value (None skipped)
    finish_practice(actor, attempt_id, score, *, details=None) -> PracticeInfo
        score: 0-100 or None; details: JSON-serialisable extras (e.g. item marks)
    abandon_practice(actor, attempt_id) -> PracticeInfo
    practice_attempts(actor, username=None) -> list[PracticeInfo]   newest first
    practice_attempt(actor, attempt_id) -> PracticeDetails
    practice_trace(actor, attempt_id, trace_id=None) -> StoredTrace   newest by default

Traces, metrics and the finish are only accepted while the attempt is in progress
(:class:`Conflict` afterwards), and only from the attempt's owner.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.definitions.model import StationDefinition
from station.auth.permissions import Action, Actor, Context, Role
from station.i18n import _
from station.services.base import DEVICE_ACTOR, ServiceBase, normalize_username
from station.services.definitions import looks_like_path, resolve_definition
from station.services.errors import Conflict, InvalidInput, NotFound
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
    trace_info,
    trace_rows,
)
from station.services.types import DefinitionRef, PracticeInfo, PracticeStatusName
from station.storage.audit import Actor as AuditActor
from station.storage.audit import record_changes, record_insert
from station.storage.models import (
    Definition,
    MetricValue,
    PracticeAttempt,
    PracticeStatus,
    User,
    canonical_json,
    new_id,
)

__all__ = [
    "CprRecord",
    "PracticeDetails",
    "PracticeInfo",
    "PracticeServices",
    "PracticeStatusName",
]


@dataclass(frozen=True)
class PracticeDetails:
    """One attempt with everything recorded for it."""

    attempt: PracticeInfo
    definition: StationDefinition
    #: The latest value of each device metric recorded (names of ``DEVICE_METRICS``).
    metrics: dict[str, float]
    #: The extras given to :meth:`PracticeServices.finish_practice` (empty if none).
    details: dict[str, Any] = field(default_factory=dict)
    #: The device traces, oldest first; :meth:`PracticeServices.practice_trace` reads one.
    traces: tuple[TraceInfo, ...] = ()


class PracticeServices(ServiceBase):
    """Practice attempts, their traces, metrics and scores."""

    # ------------------------------------------------------------------ writing

    def start_practice(self, actor: Actor, definition: str | DefinitionRef) -> PracticeInfo:
        """Start an attempt of the station ``definition`` for ``actor``."""
        now = self.now()
        with self.db.write() as session:
            audit_actor = self._authorize(
                session, actor, Action.START_PRACTICE, Context(owner_user_id=actor.user_id)
            )
            row = self._practice_definition(session, audit_actor, definition)
            attempt = PracticeAttempt(
                id=new_id(),
                user_id=actor.user_id,
                definition_id=row.id,
                started_at=now,
                ended_at=None,
                score_json=None,
                status=PracticeStatus.IN_PROGRESS.value,
            )
            record_insert(session, self.audit_key, actor=audit_actor, row=attempt, at=now)
            return self._practice_info(session, attempt)

    def record_practice_trace(
        self,
        actor: Actor,
        attempt_id: str,
        trace: TraceSource,
        device_identity: str,
        sample_count: int,
    ) -> TraceInfo:
        """Keep a device trace (CSV bytes, or the path of the CSV) with the attempt."""
        data = trace_bytes(trace)
        now = self.now()
        with self.db.write() as session:
            self._open_attempt(session, actor, attempt_id)
            return add_trace(
                session,
                self.audit_key,
                actor=DEVICE_ACTOR,
                at=now,
                data=data,
                device_identity=device_identity,
                sample_count=sample_count,
                attempt_id=attempt_id,
            )

    def record_practice_metrics(
        self, actor: Actor, attempt_id: str, metrics: Mapping[str, float | None]
    ) -> dict[str, float]:
        """Store the device's metrics for the attempt; returns those stored (a metric
        without a value, None or NaN, is left out)."""
        values = check_metrics(metrics)
        now = self.now()
        with self.db.write() as session:
            self._open_attempt(session, actor, attempt_id)
            add_metrics(session, self.audit_key, values, at=now, attempt_id=attempt_id)
            return values

    def finish_practice(
        self,
        actor: Actor,
        attempt_id: str,
        score: float | None,
        *,
        details: Mapping[str, Any] | None = None,
    ) -> PracticeInfo:
        """Complete the attempt with its score (0-100, or None when it has none) and
        any JSON-serialisable ``details`` the report should show."""
        text = _score_json(score, details)
        now = self.now()
        with self.db.write() as session:
            attempt, audit_actor = self._open_attempt(session, actor, attempt_id)
            self._complete(session, attempt, audit_actor, text, now)
            return self._practice_info(session, attempt)

    def record_cpr_trace(
        self,
        actor: Actor,
        trace: TraceSource,
        device_identity: str,
        *,
        attempt_id: str,
        profile: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> CprRecord:
        """Analyse a feedback device's trace (the CSV bytes, or the path of the CSV) and
        store it with its metrics, completing the attempt with the analysis's score, in
        one transaction: all of it or, if anything fails, none of it. The one way a
        practice CPR recording is stored, by the practice screen and ``skillstation
        practice run`` alike (the examiner's station calls
        ``services.encounters.record_cpr_trace``), so the stored metrics are always the
        analysis of the stored trace.

        ``profile`` names the CPR targets (``adult``, ``child``, ``infant``; default
        adult); the details record it, the device and the gaps, with the caller's
        ``details``. A trace without samples is not kept (its metrics say 0
        compressions). Only the attempt's owner may store it, while it is in progress.
        """
        analysis = analyse_cpr_trace(trace, profile)
        extras = {
            "cpr_profile": analysis.profile,
            "device": device_identity,
            "gaps": len(analysis.summary.gaps),
            **dict(details or {}),
        }
        # The attempt's score is the stored metric (the analysis's, to 0.1).
        text = _score_json(analysis.values.get("score"), extras)
        now = self.now()
        with self.db.write() as session:
            attempt, audit_actor = self._open_attempt(session, actor, attempt_id)
            info = store_cpr_trace(
                session, self.audit_key, analysis, device_identity, at=now, attempt_id=attempt_id
            )
            self._complete(session, attempt, audit_actor, text, now)
            return CprRecord(
                info, analysis.summary, analysis.values, (), self._practice_info(session, attempt)
            )

    def _complete(
        self,
        session: Session,
        attempt: PracticeAttempt,
        audit_actor: AuditActor,
        score_json: str,
        now: datetime,
    ) -> None:
        record_changes(
            session,
            self.audit_key,
            actor=audit_actor,
            row=attempt,
            changes={
                "status": PracticeStatus.COMPLETED.value,
                "ended_at": now,
                "score_json": score_json,
            },
            at=now,
        )

    def abandon_practice(self, actor: Actor, attempt_id: str) -> PracticeInfo:
        """End the attempt without a score; what was recorded for it stays."""
        now = self.now()
        with self.db.write() as session:
            attempt, audit_actor = self._open_attempt(session, actor, attempt_id)
            record_changes(
                session,
                self.audit_key,
                actor=audit_actor,
                row=attempt,
                changes={"status": PracticeStatus.ABANDONED.value, "ended_at": now},
                at=now,
            )
            return self._practice_info(session, attempt)

    # ------------------------------------------------------------------ reading

    def practice_attempts(self, actor: Actor, username: str | None = None) -> list[PracticeInfo]:
        """Attempts, newest first: ``username``'s, or without it all the actor may see
        (their own; a coordinator's view is everyone's)."""
        with self.db.read() as session:
            fresh = self._fresh_actor(session, actor)
            query = select(PracticeAttempt)
            if username is not None:
                owner = self._user_by_name(session, normalize_username(username))
                self._authorize(
                    session, actor, Action.VIEW_PRACTICE, Context(owner_user_id=owner.id)
                )
                query = query.where(PracticeAttempt.user_id == owner.id)
            elif fresh is not None and fresh.role is Role.COORDINATOR:
                self._authorize(session, actor, Action.VIEW_PRACTICE)
            else:
                self._authorize(
                    session, actor, Action.VIEW_PRACTICE, Context(owner_user_id=actor.user_id)
                )
                query = query.where(PracticeAttempt.user_id == actor.user_id)
            rows = list(
                session.scalars(
                    query.order_by(PracticeAttempt.started_at.desc(), PracticeAttempt.id)
                )
            )
            return [self._practice_info(session, row) for row in rows]

    def practice_attempt(self, actor: Actor, attempt_id: str) -> PracticeDetails:
        """One attempt with its definition, metrics, score details and traces."""
        with self.db.read() as session:
            attempt = self._viewable_attempt(session, actor, attempt_id)
            metrics: dict[str, float] = {}
            for metric in session.scalars(
                select(MetricValue)
                .where(MetricValue.attempt_id == attempt_id)
                .order_by(MetricValue.recorded_at)
            ):
                metrics[metric.name] = metric.value
            definition = session.get(Definition, attempt.definition_id)
            assert definition is not None  # foreign key
            stored = _score_data(attempt)
            details = stored.get("details")
            return PracticeDetails(
                attempt=self._practice_info(session, attempt),
                definition=self._model(definition),
                metrics=metrics,
                details=dict(details) if isinstance(details, dict) else {},
                traces=tuple(trace_info(r) for r in trace_rows(session, attempt_id=attempt_id)),
            )

    def practice_trace(
        self, actor: Actor, attempt_id: str, trace_id: str | None = None
    ) -> StoredTrace:
        """A trace of the attempt with its bytes: ``trace_id``, or the newest."""
        with self.db.read() as session:
            self._viewable_attempt(session, actor, attempt_id)
            rows = trace_rows(session, attempt_id=attempt_id)
            if trace_id is not None:
                rows = [r for r in rows if r.id == trace_id]
                if not rows:
                    raise NotFound(
                        _("practice attempt {attempt!r} has no trace {trace!r}").format(
                            attempt=attempt_id, trace=trace_id
                        )
                    )
            if not rows:
                raise NotFound(
                    _("practice attempt {attempt!r} has no device trace").format(attempt=attempt_id)
                )
            return load_trace(rows[-1], self.db.path)

    # ------------------------------------------------------------------ internals

    def _practice_definition(
        self, session: Session, audit_actor: AuditActor, spec: str | DefinitionRef
    ) -> Definition:
        if isinstance(spec, str):
            text = spec.strip()
            if not text:
                raise InvalidInput([_("no station given; name the station to practise")])
            row = session.get(Definition, text)
            if row is not None:
                return row
            if looks_like_path(text):
                raise InvalidInput(
                    [
                        _(
                            "{text!r} is a file; practice runs stations stored in the database "
                            "or bundled with SkillStation: give a station id"
                        ).format(text=text)
                    ]
                )
            spec = text
        return resolve_definition(session, self.audit_key, self.now(), audit_actor, spec)

    def _attempt(self, session: Session, attempt_id: str) -> PracticeAttempt:
        attempt = session.get(PracticeAttempt, attempt_id)
        if attempt is None:
            raise NotFound(_("there is no practice attempt {id!r}").format(id=attempt_id))
        return attempt

    def _open_attempt(
        self, session: Session, actor: Actor, attempt_id: str
    ) -> tuple[PracticeAttempt, AuditActor]:
        """The attempt, checked to be the actor's own and still in progress."""
        attempt = self._attempt(session, attempt_id)
        audit_actor = self._authorize(
            session, actor, Action.START_PRACTICE, Context(owner_user_id=attempt.user_id)
        )
        if attempt.status != PracticeStatus.IN_PROGRESS.value:
            if attempt.status == PracticeStatus.COMPLETED.value:
                message = _(
                    "practice attempt {id!r} is completed; start a new attempt to record more"
                )
            else:
                message = _(
                    "practice attempt {id!r} is abandoned; start a new attempt to record more"
                )
            raise Conflict(message.format(id=attempt_id))
        return attempt, audit_actor

    def _viewable_attempt(self, session: Session, actor: Actor, attempt_id: str) -> PracticeAttempt:
        attempt = self._attempt(session, attempt_id)
        self._authorize(
            session, actor, Action.VIEW_PRACTICE, Context(owner_user_id=attempt.user_id)
        )
        return attempt

    def _practice_info(self, session: Session, attempt: PracticeAttempt) -> PracticeInfo:
        definition = session.get(Definition, attempt.definition_id)
        user = session.get(User, attempt.user_id)
        assert definition is not None and user is not None  # foreign keys
        score = _score_data(attempt).get("score")
        return PracticeInfo(
            id=attempt.id,
            user_id=user.id,
            username=user.username,
            definition_id=definition.id,
            station_key=definition.station_key,
            definition_version=definition.version,
            title=definition.title,
            status=cast(PracticeStatusName, attempt.status),
            started_at=attempt.started_at,
            ended_at=attempt.ended_at,
            score=None if score is None else float(score),
        )


def _score_json(score: float | None, details: Mapping[str, Any] | None) -> str:
    """The stored form of a finished attempt's score and details, checked."""
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise InvalidInput([_("the score {score!r} is not a number").format(score=score)])
        if not math.isfinite(score) or not 0 <= score <= 100:
            raise InvalidInput([_("the score {score!r} is outside 0 to 100").format(score=score)])
    extras = dict(details or {})
    try:
        return canonical_json({"score": score, "details": extras})
    except (TypeError, ValueError) as error:
        raise InvalidInput(
            [_("the details cannot be stored as JSON: {error}").format(error=error)]
        ) from None


def _score_data(attempt: PracticeAttempt) -> dict[str, Any]:
    if attempt.score_json is None:
        return {}
    data = json.loads(attempt.score_json)
    return data if isinstance(data, dict) else {}
