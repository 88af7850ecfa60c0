"""The scenario engine: scripted events and the patient's vital signs over time.

A timed simulation scenario (:class:`~assessments.definitions.model.Scenario`) lists
events; the rules for when each fires are in
:class:`~assessments.definitions.model.ScenarioEvent`'s docstring and in docs/timing.md.
:class:`ScenarioRunner` applies them. It holds no clock: the station calls
:meth:`ScenarioRunner.update` with the active time (the station timer's ``stamp()``), the
checklist items marked so far and the latest device metrics, and shows what fired. The
same calls replayed give the same log, which is what a debrief needs.

Decisions:

- **Time-anchored events carry their due time.** An event due at 30 s is logged at 30 s
  even if the update that noticed it came at 31 s, and vital-sign ramps start from there.
  Events crossed in one late update fire in time order (ties in definition order), and
  an event fired in that update can start an ``after`` chain within the same update.
- **A time with a condition checks once.** ``at_s`` + ``when`` checks the condition at
  ``at_s``; ``after`` + ``delay_s`` + ``when`` checks it at the moment the delay runs
  out. If it does not hold then, the event is *missed* and does not fire by itself (the
  operator can still fire it). ``when`` alone waits until the condition holds.
- **Item times are honoured when known.** ``items_done`` may be a set of item ids, or a
  mapping of item id to the active time it was marked done; with times, "not done by
  30 s" is judged at 30 s even if the update arrives later.
- **An unknown metric value never satisfies a condition.** A metric missing from
  ``metrics`` or given as None means the device has no reading; no event fires on it.
- ``at_s`` together with ``after`` means "not before either": the later of the two times.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum

from assessments.definitions.model import (
    Condition,
    DeviceRule,
    Scenario,
    ScenarioEvent,
    Text,
    Vitals,
)

__all__ = [
    "EventStatus",
    "FiredEvent",
    "ScenarioError",
    "ScenarioRunner",
    "VitalSigns",
]


class ScenarioError(ValueError):
    """A scenario that cannot run as written, or an action that does not fit its state
    (firing an event twice, going back in time). The message says which event and why."""


class EventStatus(StrEnum):
    PENDING = "pending"
    FIRED = "fired"
    #: Its time came and its condition did not hold: it will not fire by itself.
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class FiredEvent:
    """One line of the scenario log. Texts are kept as written; the UI localizes them.

    ``t_s`` is active time. ``manual`` is True when the operator fired the event by hand.
    ``cause`` says what fired it, e.g. ``"at 30 s; item 'compressions' not_done"``.
    """

    event_id: str
    t_s: float
    label: Text
    message: Text | None
    vitals_target: Vitals | None
    manual: bool
    cause: str


@dataclass(frozen=True, slots=True)
class VitalSigns:
    """The patient's vital signs at one moment: every field of
    :class:`~assessments.definitions.model.Vitals`, None only where neither the initial
    values nor any fired event gave one (the monitor shows a blank)."""

    hr: int | None
    spo2: int | None
    sbp: int | None
    dbp: int | None
    rr: int | None
    etco2: int | None
    temp_c: float | None
    rhythm: str | None


_NUMERIC_FIELDS = ("hr", "spo2", "sbp", "dbp", "rr", "etco2", "temp_c")


@dataclass(frozen=True, slots=True)
class _Ramp:
    """A numeric vital moving linearly from ``v0`` at ``t0`` to ``v1`` at ``t1``."""

    t0: float
    v0: float
    t1: float
    v1: float

    def value_at(self, t: float) -> float:
        if t >= self.t1 or self.t1 <= self.t0:
            return self.v1
        if t <= self.t0:
            return self.v0
        return self.v0 + (self.v1 - self.v0) * (t - self.t0) / (self.t1 - self.t0)


def _describe(condition: Condition) -> str:
    if condition.item is not None:
        return f"item '{condition.item}' {condition.state}"
    value = condition.value if condition.value is not None else math.nan
    return f"{condition.metric} {condition.op} {value:g}"


def _check_time(t_s: float, what: str) -> None:
    if isinstance(t_s, bool) or not isinstance(t_s, int | float) or not math.isfinite(t_s):
        raise ScenarioError(f"{what}: time must be a finite number of seconds, got {t_s!r}")
    if t_s < 0:
        raise ScenarioError(f"{what}: time must be >= 0 s of active time, got {t_s:g}")


class ScenarioRunner:
    """Runs one scenario for one encounter: decides which events fire, keeps the log and
    computes the vital signs at any moment."""

    def __init__(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self._events: dict[str, ScenarioEvent] = {}
        for event in scenario.events:
            if event.id in self._events:
                raise ScenarioError(f"scenario event id {event.id!r} is used twice")
            self._events[event.id] = event
        self._order = {event_id: i for i, event_id in enumerate(self._events)}
        self._check_chains()
        self._status = dict.fromkeys(self._events, EventStatus.PENDING)
        self._fired_at: dict[str, float] = {}
        self._log: list[FiredEvent] = []
        self._now: float | None = None

    def _check_chains(self) -> None:
        """Every ``after`` names an existing event and no chain loops back on itself (a
        loop could never start by itself, which is surely not what the author meant)."""
        for event in self._events.values():
            if event.after is not None and event.after not in self._events:
                raise ScenarioError(
                    f"scenario event {event.id!r} comes after {event.after!r}, "
                    f"which is not an event of this scenario (events: {', '.join(self._events)})"
                )
        for event in self._events.values():
            seen = [event.id]
            parent = event.after
            while parent is not None:
                if parent in seen:
                    loop = " -> ".join([*seen, parent])
                    raise ScenarioError(f"scenario events wait for each other in a loop: {loop}")
                seen.append(parent)
                parent = self._events[parent].after

    # ------------------------------------------------------------------ queries

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def events(self) -> tuple[ScenarioEvent, ...]:
        return tuple(self._events.values())

    @property
    def log(self) -> list[FiredEvent]:
        """Fired events in time order (ties in the order they fired)."""
        return sorted(self._log, key=lambda fired: fired.t_s)

    def status(self, event_id: str) -> EventStatus:
        return self._status[self._known(event_id, "status")]

    @property
    def manual_events(self) -> tuple[ScenarioEvent, ...]:
        """Events only the operator fires that have not fired yet (the operator's buttons)."""
        return tuple(
            event
            for event in self._events.values()
            if event.manual and self._status[event.id] is not EventStatus.FIRED
        )

    def _known(self, event_id: str, what: str) -> str:
        if event_id not in self._events:
            raise ScenarioError(
                f"{what}: {event_id!r} is not an event of this scenario "
                f"(events: {', '.join(self._events) or 'none'})"
            )
        return event_id

    # ------------------------------------------------------------------ firing

    def update(
        self,
        t_s: float,
        *,
        items_done: Collection[str] | Mapping[str, float] = (),
        metrics: Mapping[str, float | None] | None = None,
    ) -> list[FiredEvent]:
        """Fire what is due by active time ``t_s`` and return it in time order.

        ``items_done``: the checklist items marked done, as ids, or as a mapping of id to
        the active time of the mark. ``metrics``: the latest device metrics by name.
        """
        _check_time(t_s, "scenario update")
        self._advance_to(t_s, "scenario update")
        state = _Observations(items_done, metrics or {})
        fired: list[FiredEvent] = []
        while True:
            due = self._next_due(t_s, state)
            if due is None:
                return fired
            at, event, cause = due
            timed = event.at_s is not None or event.after is not None
            if timed and event.when is not None and not state.holds(event.when, at):
                # A time with a condition checks once; the moment has passed.
                self._status[event.id] = EventStatus.MISSED
                continue
            fired.append(self._record(event, at, manual=False, cause=cause))

    def _next_due(
        self, t_s: float, state: _Observations
    ) -> tuple[float, ScenarioEvent, str] | None:
        """The earliest pending event due by ``t_s``: (its time, the event, the cause)."""
        best: tuple[float, int, ScenarioEvent, str] | None = None
        for event in self._events.values():
            if event.manual or self._status[event.id] is not EventStatus.PENDING:
                continue
            found = self._due_time(event, t_s, state)
            if found is None:
                continue
            at, cause = found
            key = (at, self._order[event.id])
            if best is None or key < (best[0], best[1]):
                best = (at, self._order[event.id], event, cause)
        return None if best is None else (best[0], best[2], best[3])

    def _due_time(
        self, event: ScenarioEvent, t_s: float, state: _Observations
    ) -> tuple[float, str] | None:
        anchors: list[float] = []
        parts: list[str] = []
        if event.at_s is not None:
            anchors.append(event.at_s)
            parts.append(f"at {event.at_s:g} s")
        if event.after is not None:
            parent_at = self._fired_at.get(event.after)
            if parent_at is None:
                return None
            anchors.append(parent_at + event.delay_s)
            parts.append(f"{event.delay_s:g} s after '{event.after}'")
        if event.when is not None:
            parts.append(_describe(event.when))
        cause = "; ".join(parts)
        if anchors:
            at = max(anchors)
            return (at, cause) if at <= t_s else None
        # ``when`` alone: as soon as the condition holds.
        if event.when is not None and state.holds(event.when, t_s):
            return t_s, cause
        return None

    def fire(self, event_id: str, t_s: float) -> FiredEvent:
        """Fire an event by hand at active time ``t_s`` (the operator's button): a manual
        event, or any other that has not fired yet, including a missed one."""
        self._known(event_id, "fire")
        _check_time(t_s, f"fire {event_id!r}")
        if self._status[event_id] is EventStatus.FIRED:
            raise ScenarioError(
                f"scenario event {event_id!r} already fired at {self._fired_at[event_id]:g} s"
            )
        self._advance_to(t_s, f"fire {event_id!r}")
        return self._record(self._events[event_id], t_s, manual=True, cause="operator")

    def _advance_to(self, t_s: float, what: str) -> None:
        if self._now is not None and t_s < self._now:
            raise ScenarioError(
                f"{what}: time went back from {self._now:g} s to {t_s:g} s; "
                "the scenario only moves forward"
            )
        self._now = float(t_s)

    def _record(self, event: ScenarioEvent, t_s: float, *, manual: bool, cause: str) -> FiredEvent:
        fired = FiredEvent(
            event_id=event.id,
            t_s=float(t_s),
            label=event.label,
            message=event.message,
            vitals_target=event.vitals,
            manual=manual,
            cause=cause,
        )
        self._status[event.id] = EventStatus.FIRED
        self._fired_at[event.id] = fired.t_s
        self._log.append(fired)
        return fired

    # ------------------------------------------------------------------ vital signs

    def vitals(self, t_s: float) -> VitalSigns:
        """The vital signs at active time ``t_s``, from the initial values and the events
        fired at or before ``t_s``. A numeric value with ``over_s > 0`` moves in a straight
        line from its value when the event fired to the target; the rhythm changes at
        once. A later event takes over from wherever an earlier ramp has got to."""
        _check_time(t_s, "vitals")
        initial = self._scenario.initial_vitals
        ramps: dict[str, _Ramp] = {}
        for name in _NUMERIC_FIELDS:
            value = getattr(initial, name)
            if value is not None:
                ramps[name] = _Ramp(0.0, float(value), 0.0, float(value))
        rhythm = initial.rhythm
        for fired in self.log:  # time order
            target = fired.vitals_target
            if fired.t_s > t_s or target is None:
                continue
            over_s = self._events[fired.event_id].over_s
            for name in _NUMERIC_FIELDS:
                goal = getattr(target, name)
                if goal is None:
                    continue
                current = ramps.get(name)
                if current is None or over_s <= 0:
                    # Nothing to move from (or no ramp asked for): the new value holds now.
                    ramps[name] = _Ramp(fired.t_s, float(goal), fired.t_s, float(goal))
                else:
                    start = current.value_at(fired.t_s)
                    ramps[name] = _Ramp(fired.t_s, start, fired.t_s + over_s, float(goal))
            if target.rhythm is not None:
                rhythm = target.rhythm

        def whole(name: str) -> int | None:
            ramp = ramps.get(name)
            # Half up, as a monitor shows it (round() would send 72.5 to 72).
            return None if ramp is None else math.floor(ramp.value_at(t_s) + 0.5)

        temp = ramps.get("temp_c")
        return VitalSigns(
            hr=whole("hr"),
            spo2=whole("spo2"),
            sbp=whole("sbp"),
            dbp=whole("dbp"),
            rr=whole("rr"),
            etco2=whole("etco2"),
            temp_c=None if temp is None else round(temp.value_at(t_s), 1),
            rhythm=rhythm,
        )


class _Observations:
    """What one update knows about the encounter: the items done and the metrics."""

    def __init__(
        self,
        items_done: Collection[str] | Mapping[str, float],
        metrics: Mapping[str, float | None],
    ) -> None:
        self._done_at: Mapping[str, float] | None = (
            items_done if isinstance(items_done, Mapping) else None
        )
        self._done: frozenset[str] = frozenset(items_done)
        self._metrics = metrics

    def item_done(self, item_id: str, at: float) -> bool:
        if self._done_at is not None:
            stamp = self._done_at.get(item_id)
            return stamp is not None and stamp <= at
        return item_id in self._done

    def holds(self, condition: Condition, at: float) -> bool:
        if condition.item is not None:
            done = self.item_done(condition.item, at)
            return done if condition.state == "done" else not done
        assert condition.metric is not None and condition.op is not None
        assert condition.value is not None  # Condition's validator guarantees all three
        value = self._metrics.get(condition.metric)
        if value is None or not math.isfinite(value):
            return False
        rule = DeviceRule(metric=condition.metric, op=condition.op, threshold=condition.value)
        return rule.holds(value)


# A VitalSigns must carry exactly the fields of Vitals; fail at import if they drift apart.
if {f.name for f in fields(VitalSigns)} != set(Vitals.model_fields):  # pragma: no cover
    raise ImportError("VitalSigns and Vitals no longer have the same fields")
