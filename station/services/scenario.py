"""Simulation scenarios: the event log of a scenario encounter.

A scenario station is marked like any other (check-in, marks, submission: see
:mod:`.encounters`); besides, the operator's console records what happened during the
scenario, line by line, as it happens: the start, scripted events the engine fired,
events fired by hand, events whose condition did not hold at their time, vital-sign
changes, notes, pauses, resumptions and the end. The log is append-only (each line is an
audited insert; triggers refuse UPDATE and DELETE) and is read back for the debrief and
the encounter's report.

Permissions: recording a line is marking the encounter (``mark_item``: the station's
examiner, while the encounter is a draft); reading the log is viewing the encounter
(coordinators, and examiners assigned to the station).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from assessments.definitions.model import StationDefinition
from station.auth.permissions import Action, Actor
from station.i18n import _
from station.services.base import ServiceBase, ServiceContext
from station.services.encounters import EncounterServices
from station.services.errors import InvalidInput
from station.services.types import EncounterView
from station.storage.audit import record_change, record_insert
from station.storage.models import ScenarioEventKind, ScenarioEventRow, new_id

__all__ = ["MAX_DETAIL_CHARS", "SCENARIO_EVENT_KINDS", "ScenarioLogEntry", "ScenarioServices"]

#: The kinds of log line, in the words the database stores.
SCENARIO_EVENT_KINDS: tuple[str, ...] = tuple(kind.value for kind in ScenarioEventKind)
#: Kinds whose ``name`` must be an event of the scenario.
_NAMED_KINDS = frozenset({"scripted", "manual", "missed"})
#: A note longer than this is surely pasted by mistake.
MAX_DETAIL_CHARS = 4000


@dataclass(frozen=True)
class ScenarioLogEntry:
    """One line of a scenario's event log. ``t_s`` is active time in seconds; ``name``
    the scripted event's id (empty for notes, pauses and the like); ``detail`` its text."""

    seq: int
    t_s: float
    kind: str
    name: str
    detail: str
    recorded_by: str
    recorded_at: datetime


def _scenario_events(model: StationDefinition) -> tuple[str, ...]:
    if model.scenario is None:
        raise InvalidInput(
            [
                _(
                    "station {station!r} is not a simulation scenario (it has no scenario "
                    "section); the event log is for scenario stations"
                ).format(station=model.id)
            ]
        )
    return tuple(event.id for event in model.scenario.events)


class ScenarioServices(ServiceBase):
    """Checking a candidate in at a scenario station and keeping its event log."""

    def __init__(self, context: ServiceContext, *, encounters: EncounterServices) -> None:
        super().__init__(context)
        self._encounters = encounters

    def scenario_encounter(
        self, actor: Actor, exam_code: str, station_key: str, candidate_number: str
    ) -> EncounterView:
        """Check the candidate in at a scenario station (or find the encounter already
        there) and return it as the console shows it. Refuses a station that has no
        scenario."""
        info = self._encounters.check_in(actor, exam_code, station_key, candidate_number)
        view = self._encounters.encounter_view(actor, info.id)
        _scenario_events(view.definition)
        return view

    def record_scenario_event(
        self,
        actor: Actor,
        encounter_id: str,
        t_s: float,
        kind: str,
        name: str = "",
        detail: str = "",
    ) -> ScenarioLogEntry:
        """Append one line to the encounter's event log.

        ``kind`` is one of :data:`SCENARIO_EVENT_KINDS`; for ``scripted``, ``manual`` and
        ``missed`` lines ``name`` is the event's id in the scenario. The first ``start``
        line also notes when the encounter's active phase started, as
        :meth:`start_encounter` does.
        """
        problems: list[str] = []
        if kind not in SCENARIO_EVENT_KINDS:
            problems.append(
                _("scenario log kind {kind!r} is not one of: {kinds}").format(
                    kind=kind, kinds=", ".join(SCENARIO_EVENT_KINDS)
                )
            )
        if isinstance(t_s, bool) or not isinstance(t_s, int | float) or not math.isfinite(t_s):
            problems.append(_("scenario time {t!r} is not a number of seconds").format(t=t_s))
        elif t_s < 0:
            problems.append(
                _("scenario time {t} s is before the start; give 0 or more").format(t=f"{t_s:g}")
            )
        clean_name = name.strip()
        if len(clean_name) > 80:
            problems.append(
                _("event name {name!r}... is longer than 80 characters").format(
                    name=clean_name[:20]
                )
            )
        text = detail.replace("\x00", "").strip()
        if len(text) > MAX_DETAIL_CHARS:
            problems.append(
                _("the text of the log line has {length} characters; keep it under {limit}").format(
                    length=len(text), limit=MAX_DETAIL_CHARS
                )
            )
        if kind == ScenarioEventKind.NOTE.value and not text:
            problems.append(_("a note needs some text"))
        if problems:
            raise InvalidInput(problems)
        now = self.now()
        with self.db.write() as session:
            target = self._target(session, actor, encounter_id, Action.MARK_ITEM)
            events = _scenario_events(target.model)
            if kind in _NAMED_KINDS and clean_name not in events:
                raise InvalidInput(
                    [
                        (
                            _("{name!r} is not an event of scenario {station!r} (events: {events})")
                            if events
                            else _("{name!r} is not an event of scenario {station!r} (it has none)")
                        ).format(name=clean_name, station=target.model.id, events=", ".join(events))
                    ]
                )
            if kind == ScenarioEventKind.START.value and target.encounter.started_at is None:
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
            last = session.scalar(
                select(func.max(ScenarioEventRow.seq)).where(
                    ScenarioEventRow.encounter_id == encounter_id
                )
            )
            row = ScenarioEventRow(
                id=new_id(),
                encounter_id=encounter_id,
                seq=(last or 0) + 1,
                t_s=float(t_s),
                kind=kind,
                name=clean_name,
                detail=text,
                recorded_by=target.user.id,
                recorded_at=now,
            )
            record_insert(session, self.audit_key, actor=target.audit_actor, row=row, at=now)
            target.encounter.updated_at = now
            return ScenarioLogEntry(
                seq=row.seq,
                t_s=row.t_s,
                kind=row.kind,
                name=row.name,
                detail=row.detail,
                recorded_by=target.user.username,
                recorded_at=now,
            )

    def scenario_log(self, actor: Actor, encounter_id: str) -> list[ScenarioLogEntry]:
        """The encounter's event log in the order it was recorded (coordinators, and
        examiners assigned to the station)."""
        with self.db.read() as session:
            encounter = self._encounter(session, encounter_id)
            exam, station, definition = self._encounter_parts(session, encounter)
            self._authorize_view(session, actor, exam, station, definition)
            rows = list(
                session.scalars(
                    select(ScenarioEventRow)
                    .where(ScenarioEventRow.encounter_id == encounter_id)
                    .order_by(ScenarioEventRow.seq)
                )
            )
            names = self._usernames(session, {r.recorded_by for r in rows})
            return [
                ScenarioLogEntry(
                    seq=r.seq,
                    t_s=r.t_s,
                    kind=r.kind,
                    name=r.name,
                    detail=r.detail,
                    recorded_by=names.get(r.recorded_by, r.recorded_by),
                    recorded_at=r.recorded_at,
                )
                for r in rows
            ]
