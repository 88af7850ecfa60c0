"""One running scenario: the engine, the scenario clock and the event log, shared by the
operator's console and any monitor window showing the same patient.

:class:`ScenarioSession` owns a :class:`~assessments.scenario.ScenarioRunner` and a
:class:`~assessments.timing.StationTimer` on the application's injected clock. Each
:meth:`~ScenarioSession.tick` (the console's display timer, or a test after moving a
FakeClock) reads the active time, lets the engine fire what is due and computes the
vital signs. Every line of the event log is stored through the service worker as it
happens (``record_scenario_event``), in order, never on the GUI thread; a line whose
write failed stays on screen marked unsaved and the message bar says why.

Scripted events fire only in the active phase: the operator starts the scenario when
the team is in the room (the definition's reading time is skipped), and the scenario
ends by itself when its active time runs out, or when the operator ends it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from assessments.definitions.model import StationDefinition, Vitals, localize
from assessments.scenario import EventStatus, FiredEvent, ScenarioRunner, VitalSigns
from assessments.timing import Phase, StationTimer, TimerError
from station.services import EncounterView
from ui.context import AppContext
from ui.worker import error_text

__all__ = ["LogLine", "ScenarioSession", "format_time", "vitals_detail"]


def format_time(t_s: float) -> str:
    """Active time as the log shows it: ``mm:ss`` (``h:mm:ss`` past an hour)."""
    whole = max(0, int(t_s))
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes:02d}:{seconds:02d}"


def vitals_detail(target: Vitals, over_s: float) -> str:
    """The stored text of a vital-sign change: its targets (and ramp time) as JSON."""
    values: dict[str, object] = {
        name: value for name, value in target.model_dump().items() if value is not None
    }
    if over_s > 0:
        values["over_s"] = over_s
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


@dataclass
class LogLine:
    """One line of the event log as the console shows it. ``stored`` turns True when the
    database has it; ``failed`` holds the reason a write failed."""

    t_s: float
    kind: str
    name: str
    detail: str
    text: str
    stored: bool = False
    failed: str | None = None
    index: int = field(default=0)


class ScenarioSession(QObject):
    """The state of one scenario encounter (see the module documentation)."""

    # A line was added to the log (the LogLine).
    logAdded = Signal(object)
    # A line was stored, or its write failed (the LogLine).
    logUpdated = Signal(object)
    # The vital signs at the latest tick (a VitalSigns).
    vitalsChanged = Signal(object)
    # Started, paused, resumed, ended, or an event's status changed.
    stateChanged = Signal()

    def __init__(
        self, ctx: AppContext, view: EncounterView, language: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        definition = view.definition
        if definition.scenario is None:
            raise ValueError(f"station {definition.id!r} has no scenario")
        self.ctx = ctx
        self.view = view
        self.definition: StationDefinition = definition
        self.language = language
        self.encounter_id = view.encounter.id
        self.runner = ScenarioRunner(definition.scenario)
        self.timer = StationTimer(definition.timing, ctx.clock)
        self.lines: list[LogLine] = []
        self.items_done: dict[str, float] = {}
        self.metrics: Mapping[str, float | None] = {}
        self.ended = False
        #: Whether the manikin's trace was stored when the scenario ended.
        self.trace_stored = False
        self._frozen_t = 0.0
        self._vitals = self.runner.vitals(0.0)
        self._over_s = {event.id: event.over_s for event in definition.scenario.events}

    # ------------------------------------------------------------------ queries

    @property
    def started(self) -> bool:
        return self.timer.started

    @property
    def paused(self) -> bool:
        return self.timer.is_paused

    @property
    def running(self) -> bool:
        return self.started and not self.ended and not self.paused

    @property
    def t_s(self) -> float:
        """Active time now: stands still during a pause and after the end."""
        return self._frozen_t if self.ended else self.timer.stamp()

    @property
    def remaining_s(self) -> float:
        return max(0.0, self.timer.timing.active_s - self.t_s)

    @property
    def vitals(self) -> VitalSigns:
        return self._vitals

    def label(self, event_id: str) -> str:
        event = next(e for e in self.runner.events if e.id == event_id)
        return localize(event.label, self.language)

    # ------------------------------------------------------------------ actions

    def start(self) -> None:
        """Start the scenario clock at 00:00 of active time (reading time skipped)."""
        if self.started:
            return
        self.timer.start()
        if self.timer.phase is Phase.READING:
            self.timer.skip_reading()
        self._record("start", "", "", self.tr("Scenario started"))
        self.tick()
        self.stateChanged.emit()

    def pause(self, reason: str = "") -> None:
        if not self.started or self.ended or self.paused:
            return
        why = reason.strip() or self.tr("Paused by the operator")
        try:
            self.timer.pause(why)
        except TimerError as err:
            self.ctx.message_bar.warning(str(err))
            return
        self._record("pause", "", why, self.tr("Paused: {0}").replace("{0}", why))
        self.stateChanged.emit()

    def resume(self) -> None:
        if not self.paused or self.ended:
            return
        self.timer.resume()
        self._record("resume", "", "", self.tr("Resumed"))
        self.tick()
        self.stateChanged.emit()

    def end(self) -> None:
        """End the scenario: the clock stops and nothing more fires by itself."""
        if not self.started or self.ended:
            return
        if self.paused:
            self.timer.resume()
        at = min(self.timer.stamp(), float(self.timer.timing.active_s))
        self._update(at)
        self._frozen_t = at
        self.ended = True
        self._record("end", "", "", self.tr("Scenario ended"))
        self._refresh_vitals()
        self.stateChanged.emit()

    def fire(self, event_id: str) -> None:
        """Fire an event by hand now (a manual event, or a pending or missed one)."""
        if not self.started or self.ended:
            self.ctx.message_bar.warning(self.tr("Start the scenario before firing events."))
            return
        if self.runner.status(event_id) is EventStatus.FIRED:
            return
        at = self.t_s
        self._update(at)
        if self.runner.status(event_id) is not EventStatus.FIRED:
            self._announce(self.runner.fire(event_id, at))
            self._update(at)  # events chained after it with no delay fire now
        self._refresh_vitals()
        self.stateChanged.emit()

    def note(self, text: str) -> bool:
        """Add the operator's note at the current time; False when it is empty."""
        body = text.strip()
        if not body:
            return False
        self._record("note", "", body, self.tr("Note: {0}").replace("{0}", body))
        return True

    # ------------------------------------------------------------------ the clock

    def tick(self) -> None:
        """Let the engine fire what is due by now and recompute the vital signs."""
        if self.started and not self.ended and not self.paused:
            if self.timer.phase in (Phase.CHANGEOVER, Phase.ENDED, Phase.DONE):
                self.end()
                return
            if self._update(self.t_s):
                self.stateChanged.emit()
        self._refresh_vitals()

    def _update(self, at: float) -> bool:
        """Run the engine up to active time ``at``; log what fired and what was missed.
        True when some event changed its status."""
        before = {event.id: self.runner.status(event.id) for event in self.runner.events}
        fired = self.runner.update(at, items_done=dict(self.items_done), metrics=self.metrics)
        for fired_event in fired:
            self._announce(fired_event)
        changed = bool(fired)
        for event in self.runner.events:
            now = self.runner.status(event.id)
            if now is not before[event.id]:
                changed = True
            if now is EventStatus.MISSED and before[event.id] is not EventStatus.MISSED:
                self._record(
                    "missed",
                    event.id,
                    "",
                    self.tr("Missed (its condition did not hold): {0}").replace(
                        "{0}", localize(event.label, self.language)
                    ),
                )
        return changed

    def _refresh_vitals(self) -> None:
        vitals = self.runner.vitals(self.t_s)
        self._vitals = vitals
        self.vitalsChanged.emit(vitals)

    # ------------------------------------------------------------------ the log

    def _announce(self, fired: FiredEvent) -> None:
        kind = "manual" if fired.manual else "scripted"
        label = localize(fired.label, self.language)
        message = localize(fired.message, self.language)
        text = label if not message else f"{label} — {message}"
        if fired.manual:  # the log says who fired it: the operator, not the script
            text = self.tr("✋ By hand: {0}").replace("{0}", text)
        self._record(kind, fired.event_id, message or label, text, t_s=fired.t_s)
        if fired.vitals_target is not None:
            over_s = self._over_s.get(fired.event_id, 0.0)
            detail = vitals_detail(fired.vitals_target, over_s)
            target = describe_target(fired.vitals_target)
            if over_s > 0:  # a gradual change says how long it takes
                vitals_text = (
                    self.tr("Vital signs over {0} s: {1}")
                    .replace("{0}", f"{over_s:g}")
                    .replace("{1}", target)
                )
            else:
                vitals_text = self.tr("Vital signs: {0}").replace("{0}", target)
            self._record("vitals", fired.event_id, detail, vitals_text, t_s=fired.t_s)

    def _record(
        self, kind: str, name: str, detail: str, text: str, t_s: float | None = None
    ) -> None:
        at = self.t_s if t_s is None else t_s
        line = LogLine(at, kind, name, detail, text, index=len(self.lines))
        self.lines.append(line)
        self.logAdded.emit(line)
        actor = self.ctx.actor
        if actor is None:
            line.failed = self.tr("nobody is signed in")
            self.logUpdated.emit(line)
            return
        encounter_id = self.encounter_id

        def stored(_entry: object) -> None:
            line.stored = True
            self.logUpdated.emit(line)

        def failed(exc: Exception) -> None:
            line.failed = error_text(exc)
            self.logUpdated.emit(line)
            self.ctx.message_bar.error(
                self.tr("The log line at {0} was not saved: {1}")
                .replace("{0}", format_time(at))
                .replace("{1}", line.failed)
            )

        self.ctx.worker.submit(
            lambda s: s.scenario.record_scenario_event(actor, encounter_id, at, kind, name, detail),
            on_done=stored,
            on_error=failed,
        )


def describe_target(target: Vitals) -> str:
    """Vital-sign targets in a monitor's words, e.g. ``HR 0, BP 0/0, rhythm VF``."""
    parts: list[str] = []
    if target.hr is not None:
        parts.append(f"HR {target.hr}")
    if target.spo2 is not None:
        parts.append(f"SpO₂ {target.spo2} %")
    if target.sbp is not None or target.dbp is not None:
        sbp = "—" if target.sbp is None else str(target.sbp)
        dbp = "—" if target.dbp is None else str(target.dbp)
        parts.append(f"BP {sbp}/{dbp}")
    if target.rr is not None:
        parts.append(f"RR {target.rr}")
    if target.etco2 is not None:
        parts.append(f"EtCO₂ {target.etco2}")
    if target.temp_c is not None:
        parts.append(f"T {target.temp_c:g} °C")
    if target.rhythm is not None:
        parts.append(target.rhythm)
    return ", ".join(parts)
