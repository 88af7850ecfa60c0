"""Station phases and bells: the timer that runs one encounter at one station.

A station runs through fixed phases (see :class:`Phase`). The timer keeps **station
time**: seconds since it was started, with every paused second left out. Each phase
boundary is a :class:`Bell` at a known station time, so the whole day is predictable and
can be replayed from the clock alone.

How it behaves, and why:

- **Bells are pulled, not pushed.** The UI calls :meth:`StationTimer.poll` as often as it
  likes (a screen refresh, a Qt timer). ``poll`` returns every bell crossed since the
  last call, in order, each exactly once, even after a long gap or a frozen UI. A bell's
  ``at_s`` is the station time it was due, not the time it happened to be polled, so
  logs stay exact.
- **Pauses stop station time.** The operator may pause one station (a candidate feels
  unwell), and the exam coordinator may pause every station at once through a shared
  :class:`ExamPause` (a fire alarm). Both may overlap; a second counted twice would be a
  second stolen from the candidate, so the timer subtracts their union.
- **Marks are stamped with active time** (:meth:`StationTimer.stamp`): seconds since the
  start of the active phase, pauses left out. A timed checklist item ("within 60 s") is
  judged from that stamp, so a pause never costs the candidate.
- **A restart does not stop the candidate.** :meth:`StationTimer.snapshot` gives plain
  values to store; :meth:`StationTimer.restore` continues from them. The seconds the PC
  was down count as station time (the candidate kept working while the station PC
  rebooted; the examiner kept watching), unless the timer was paused when the snapshot
  was taken (then nobody was working against the clock).
- **Without a changeover the last bell still rings.** With ``changeover_s == 0`` the END
  bell (leading to :attr:`Phase.ENDED`) is followed at the same station time by
  CHANGEOVER_END (leading to :attr:`Phase.DONE`). Every run therefore ends with the same
  bell and the same phase, and whoever drives a circuit waits for one thing only. The UI
  plays one sound for bells that share a time.

Times in the model (:class:`~assessments.definitions.model.Timing`) are in seconds; a
typical OSCE slot is a short reading time, several minutes of active time with a warning
bell one or two minutes before the end, then a changeover.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from assessments.definitions.model import Timing
from common.clock import Clock

__all__ = [
    "Bell",
    "BellKind",
    "ExamPause",
    "PauseInterval",
    "Phase",
    "StationTimer",
    "TimerError",
    "TimerState",
]


class TimerError(RuntimeError):
    """An action that does not fit the timer's state, e.g. resuming a running timer.

    The UI disables the matching button, so this signals a bug or a race between two
    operators, and its message says what state the timer was in.
    """


class Phase(StrEnum):
    """Where a station stands. The order of the members is the order of a run."""

    NOT_STARTED = "not_started"
    READING = "reading"
    #: The candidate is working and the examiner marks.
    ACTIVE = "active"
    #: Still active, after the warning bell ("one minute left").
    WARNING = "warning"
    #: Active time is over and the candidate must stop. With a changeover the END bell
    #: leads straight to CHANGEOVER; without one, ENDED is passed at the END bell's time.
    ENDED = "ended"
    CHANGEOVER = "changeover"
    DONE = "done"


class BellKind(StrEnum):
    READING_START = "reading_start"
    START = "start"
    WARNING = "warning"
    END = "end"
    CHANGEOVER_END = "changeover_end"


@dataclass(frozen=True, slots=True)
class Bell:
    """A bell: what rang, the phase it leads to, and the station time it was due."""

    kind: BellKind
    phase_after: Phase
    at_s: float


@dataclass(frozen=True, slots=True)
class PauseInterval:
    """A pause on the clock's monotonic time line; ``end`` is None while it lasts."""

    start: float
    end: float | None
    reason: str


def _clean_reason(reason: str) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ValueError("a pause needs a reason (it goes into the encounter's record)")
    return text


class ExamPause:
    """The exam-wide pause switch that many station timers share.

    The coordinator pauses every station at once (a fire alarm, a power cut in the
    building). The switch only records when it was on, on ``clock``'s monotonic time
    line; each linked :class:`StationTimer` leaves those seconds out of its own time.
    Give it the same clock as the timers.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._intervals: list[PauseInterval] = []

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def is_paused(self) -> bool:
        return bool(self._intervals) and self._intervals[-1].end is None

    @property
    def reason(self) -> str | None:
        """Why the exam is paused now; None when it is running."""
        return self._intervals[-1].reason if self.is_paused else None

    @property
    def intervals(self) -> tuple[PauseInterval, ...]:
        """Every pause so far, oldest first; the last is open while the exam is paused."""
        return tuple(self._intervals)

    def pause(self, reason: str) -> None:
        text = _clean_reason(reason)
        if self.is_paused:
            raise TimerError(f"the exam is already paused ({self.reason})")
        self._intervals.append(PauseInterval(self._clock.monotonic(), None, text))

    def resume(self) -> None:
        if not self.is_paused:
            raise TimerError("the exam is not paused")
        last = self._intervals[-1]
        self._intervals[-1] = PauseInterval(last.start, self._clock.monotonic(), last.reason)

    def __repr__(self) -> str:
        state = f"paused: {self.reason}" if self.is_paused else "running"
        return f"ExamPause({state}, {len(self._intervals)} pause(s))"


def _running_s(intervals: Iterable[PauseInterval], since: float, until: float) -> float:
    """Seconds between ``since`` and ``until`` that no interval covers.

    Overlapping pauses (a station paused during an exam-wide pause) are merged first, so
    no second is subtracted twice. Running stretches are summed rather than pauses
    subtracted, so the result stays exactly constant while a pause lasts.
    """
    clipped = sorted(
        (max(iv.start, since), min(until if iv.end is None else iv.end, until)) for iv in intervals
    )
    running = 0.0
    cursor = since
    for start, end in clipped:
        if end <= cursor or end <= start:
            continue
        if start > cursor:
            running += start - cursor
        cursor = end
    if until > cursor:
        running += until - cursor
    return running


def _check_timing(timing: Timing) -> None:
    if timing.warning_at_s is not None and timing.warning_at_s >= timing.active_s:
        raise ValueError(
            f"the warning bell at {timing.warning_at_s:g} s of active time is not before "
            f"the end of the active phase ({timing.active_s:g} s); set warning_at_s below "
            "active_s or leave it out"
        )


_STATE_SCHEMA = 1


@dataclass(frozen=True, slots=True)
class TimerState:
    """A timer's state as plain values, saved so a restarted station can continue.

    ``elapsed_s`` and ``active_start_s`` are station times; the monotonic clock is not
    stored because it starts again from an unknown value after a reboot. The timing is
    stored so that restoring with a different timing is caught instead of silently
    shifting the bells.
    """

    reading_s: float
    active_s: float
    warning_at_s: float | None
    changeover_s: float
    started: bool
    elapsed_s: float
    active_start_s: float
    bells_rung: tuple[BellKind, ...]
    own_pause_reason: str | None
    exam_paused: bool
    saved_at: datetime
    schema: int = _STATE_SCHEMA

    @property
    def was_paused(self) -> bool:
        return self.own_pause_reason is not None or self.exam_paused

    def downtime_s(self, now: datetime) -> float:
        """Wall-clock seconds from this snapshot to ``now`` (never negative): the usual
        ``downtime_s`` for :meth:`StationTimer.restore`."""
        return max(0.0, (now - self.saved_at).total_seconds())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (numbers, strings, booleans, lists, None)."""
        return {
            "schema": self.schema,
            "reading_s": self.reading_s,
            "active_s": self.active_s,
            "warning_at_s": self.warning_at_s,
            "changeover_s": self.changeover_s,
            "started": self.started,
            "elapsed_s": self.elapsed_s,
            "active_start_s": self.active_start_s,
            "bells_rung": [str(kind) for kind in self.bells_rung],
            "own_pause_reason": self.own_pause_reason,
            "exam_paused": self.exam_paused,
            "saved_at": self.saved_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimerState:
        """Read what :meth:`to_dict` wrote. Raises ValueError naming the bad key."""
        if not isinstance(data, Mapping):
            raise ValueError(f"timer state: expected a mapping, got {type(data).__name__}")
        schema = data.get("schema")
        if schema != _STATE_SCHEMA:
            raise ValueError(
                f"timer state: schema {schema!r} is not supported (expected {_STATE_SCHEMA}); "
                "the state was saved by another version of SkillStation"
            )

        def optional_number(key: str) -> float | None:
            if key not in data:
                raise ValueError(f"timer state: missing key {key!r}")
            value = data[key]
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"timer state: {key!r} must be a number, got {value!r}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"timer state: {key!r} must be a finite number >= 0")
            return float(value)

        def number(key: str) -> float:
            value = optional_number(key)
            if value is None:
                raise ValueError(f"timer state: {key!r} must be a number, not null")
            return value

        def flag(key: str) -> bool:
            value = data.get(key)
            if not isinstance(value, bool):
                raise ValueError(f"timer state: {key!r} must be true or false, got {value!r}")
            return value

        reason = data.get("own_pause_reason")
        if reason is not None and (not isinstance(reason, str) or not reason.strip()):
            raise ValueError("timer state: 'own_pause_reason' must be a non-empty text or null")
        rung_raw = data.get("bells_rung")
        if not isinstance(rung_raw, list | tuple):
            raise ValueError("timer state: 'bells_rung' must be a list of bell names")
        try:
            rung = tuple(BellKind(kind) for kind in rung_raw)
        except ValueError as exc:
            raise ValueError(
                f"timer state: 'bells_rung' holds an unknown bell ({exc}); "
                f"known bells: {', '.join(BellKind)}"
            ) from None
        saved_raw = data.get("saved_at")
        try:
            saved_at = datetime.fromisoformat(saved_raw) if isinstance(saved_raw, str) else None
        except ValueError:
            saved_at = None
        if saved_at is None or saved_at.utcoffset() is None:
            raise ValueError(
                f"timer state: 'saved_at' must be an ISO 8601 time with a zone, got {saved_raw!r}"
            )
        return cls(
            reading_s=number("reading_s"),
            active_s=number("active_s"),
            warning_at_s=optional_number("warning_at_s"),
            changeover_s=number("changeover_s"),
            started=flag("started"),
            elapsed_s=number("elapsed_s"),
            active_start_s=number("active_start_s"),
            bells_rung=rung,
            own_pause_reason=reason.strip() if isinstance(reason, str) else None,
            exam_paused=flag("exam_paused"),
            saved_at=saved_at,
        )


@dataclass(slots=True)
class _Run:
    """What changes while a timer runs (kept apart so restore can rebuild it)."""

    origin: float | None = None  # monotonic reading when station time began to count here
    base_s: float = 0.0  # station time at ``origin`` (non-zero after a restore)
    active_start_s: float = 0.0
    own: list[PauseInterval] = field(default_factory=list)
    rung: set[BellKind] = field(default_factory=set)
    high_water_s: float = 0.0


class StationTimer:
    """The timer of one encounter: phases, bells, pauses and the stamp for marks.

    Give it the station's :class:`Timing`, a :class:`Clock` and, when the station is part
    of an exam, the exam's shared :class:`ExamPause`.
    """

    def __init__(self, timing: Timing, clock: Clock, exam_pause: ExamPause | None = None) -> None:
        _check_timing(timing)
        self._timing = timing
        self._clock = clock
        self._exam_pause = exam_pause
        self._run = _Run(active_start_s=float(timing.reading_s))

    # ------------------------------------------------------------------ properties

    @property
    def timing(self) -> Timing:
        return self._timing

    @property
    def started(self) -> bool:
        return self._run.origin is not None

    @property
    def elapsed_s(self) -> float:
        """Station time: seconds since start, paused time left out (0 before start)."""
        run = self._run
        if run.origin is None:
            return 0.0
        intervals: list[PauseInterval] = list(run.own)
        if self._exam_pause is not None:
            intervals.extend(self._exam_pause.intervals)
        now = self._clock.monotonic()
        elapsed = run.base_s + _running_s(intervals, run.origin, max(now, run.origin))
        # Never report less than before: guards the phase against rounding noise.
        run.high_water_s = max(run.high_water_s, elapsed)
        return run.high_water_s

    @property
    def active_start_s(self) -> float:
        """The station time at which the active phase starts (or started)."""
        return self._run.active_start_s

    @property
    def active_elapsed_s(self) -> float:
        """Seconds since the start of the active phase, paused time left out; 0 before."""
        if not self.started:
            return 0.0
        return max(0.0, self.elapsed_s - self._run.active_start_s)

    def stamp(self) -> float:
        """The time stamp for a mark made now: :attr:`active_elapsed_s`. It stands still
        during a pause, so a mark made during a pause carries the time the pause began."""
        return self.active_elapsed_s

    @property
    def end_s(self) -> float:
        """Station time of the END bell."""
        return self._run.active_start_s + self._timing.active_s

    @property
    def done_s(self) -> float:
        """Station time of the CHANGEOVER_END bell, after which the timer is DONE."""
        return self.end_s + self._timing.changeover_s

    @property
    def phase(self) -> Phase:
        if not self.started:
            return Phase.NOT_STARTED
        return self._phase_at(self.elapsed_s)

    def _phase_at(self, t: float) -> Phase:
        start = self._run.active_start_s
        warning = self._timing.warning_at_s
        if t < start:
            return Phase.READING
        if warning is not None and t < start + warning:
            return Phase.ACTIVE
        if t < self.end_s:
            return Phase.WARNING if warning is not None else Phase.ACTIVE
        if t < self.done_s:
            return Phase.CHANGEOVER
        return Phase.DONE

    @property
    def remaining_s(self) -> float:
        """Seconds left in the current phase, pauses aside. ACTIVE and WARNING count
        down to the end of active time (the number the candidate watches); before the
        start it is the length of the first phase; ENDED and DONE have none left."""
        timing = self._timing
        if not self.started:
            return float(timing.reading_s) if timing.reading_s > 0 else float(timing.active_s)
        t = self.elapsed_s
        match self._phase_at(t):
            case Phase.READING:
                return self._run.active_start_s - t
            case Phase.ACTIVE | Phase.WARNING:
                return self.end_s - t
            case Phase.CHANGEOVER:
                return self.done_s - t
            case _:
                return 0.0

    @property
    def is_paused(self) -> bool:
        """True while the station's own pause or the exam-wide pause holds."""
        return self._own_paused or (self._exam_pause is not None and self._exam_pause.is_paused)

    @property
    def pause_reason(self) -> str | None:
        """The station's own pause reason, else the exam's, else None."""
        if self._own_paused:
            return self._run.own[-1].reason
        if self._exam_pause is not None:
            return self._exam_pause.reason
        return None

    @property
    def own_pause_reason(self) -> str | None:
        """Why this station is paused on its own; None when it is not (an exam-wide
        pause may still hold)."""
        return self._run.own[-1].reason if self._own_paused else None

    @property
    def _own_paused(self) -> bool:
        own = self._run.own
        return bool(own) and own[-1].end is None

    @property
    def schedule(self) -> tuple[Bell, ...]:
        """Every bell of the run in order, with the times known so far (skipping the
        reading time moves the later bells forward)."""
        timing = self._timing
        start = self._run.active_start_s
        bells: list[Bell] = []
        if timing.reading_s > 0:
            bells.append(Bell(BellKind.READING_START, Phase.READING, 0.0))
        bells.append(Bell(BellKind.START, Phase.ACTIVE, start))
        if timing.warning_at_s is not None:
            bells.append(Bell(BellKind.WARNING, Phase.WARNING, start + timing.warning_at_s))
        end_phase = Phase.CHANGEOVER if timing.changeover_s > 0 else Phase.ENDED
        bells.append(Bell(BellKind.END, end_phase, self.end_s))
        bells.append(Bell(BellKind.CHANGEOVER_END, Phase.DONE, self.done_s))
        return tuple(bells)

    @property
    def next_bell(self) -> Bell | None:
        """The next bell still to come (for scheduling a wake-up); None once DONE."""
        t = self.elapsed_s if self.started else -1.0
        return next((bell for bell in self.schedule if bell.at_s > t), None)

    # ------------------------------------------------------------------ actions

    def start(self) -> None:
        """Start station time (the reading time, or the active phase if there is none)."""
        if self.started:
            raise TimerError(f"the timer has already started (phase {self.phase})")
        self._run.origin = self._clock.monotonic()

    def skip_reading(self) -> None:
        """End the reading time now and start the active phase (all later bells move
        forward with it). Only during READING."""
        phase = self.phase
        if phase is not Phase.READING:
            raise TimerError(f"reading time can only be skipped during reading (phase {phase})")
        self._run.active_start_s = self.elapsed_s

    def pause(self, reason: str) -> None:
        """Pause this station only; ``reason`` goes into the encounter's record."""
        text = _clean_reason(reason)
        phase = self.phase
        if phase in (Phase.NOT_STARTED, Phase.DONE):
            raise TimerError(f"a timer can only be paused while it runs (phase {phase})")
        if self._own_paused:
            raise TimerError(f"the station is already paused ({self.pause_reason})")
        self._run.own.append(PauseInterval(self._clock.monotonic(), None, text))

    def resume(self) -> None:
        """End this station's own pause. An exam-wide pause, if any, still holds."""
        if not self._own_paused:
            raise TimerError("the station is not paused on its own")
        last = self._run.own[-1]
        self._run.own[-1] = PauseInterval(last.start, self._clock.monotonic(), last.reason)

    def poll(self) -> list[Bell]:
        """Every bell crossed since the last poll, in order, each exactly once."""
        if not self.started:
            return []
        t = self.elapsed_s
        rung = self._run.rung
        due = [bell for bell in self.schedule if bell.at_s <= t and bell.kind not in rung]
        rung.update(bell.kind for bell in due)
        return due

    # ------------------------------------------------------------------ restart

    def snapshot(self) -> TimerState:
        """The state to store so that :meth:`restore` can continue after a restart."""
        timing = self._timing
        order = list(BellKind)
        return TimerState(
            reading_s=float(timing.reading_s),
            active_s=float(timing.active_s),
            warning_at_s=None if timing.warning_at_s is None else float(timing.warning_at_s),
            changeover_s=float(timing.changeover_s),
            started=self.started,
            elapsed_s=self.elapsed_s,
            active_start_s=self._run.active_start_s,
            bells_rung=tuple(sorted(self._run.rung, key=order.index)),
            own_pause_reason=self.own_pause_reason,
            exam_paused=self._exam_pause is not None and self._exam_pause.is_paused,
            saved_at=self._clock.now(),
        )

    @classmethod
    def restore(
        cls,
        state: TimerState,
        timing: Timing,
        clock: Clock,
        exam_pause: ExamPause | None = None,
        downtime_s: float = 0.0,
    ) -> StationTimer:
        """A timer that continues from ``state``.

        ``downtime_s`` (usually ``state.downtime_s(clock.now())``) counts as station
        time: on an exam day the candidate keeps working while the station PC restarts.
        It is not added when the timer was paused at the snapshot, by its own pause or the
        exam's; an own pause is still in force after the restore, and the operator
        resumes it. Bells due during the downtime ring at the next :meth:`poll`.
        """
        if not (math.isfinite(downtime_s) and downtime_s >= 0):
            raise ValueError(f"downtime_s must be a finite number >= 0, got {downtime_s!r}")
        stored = (state.reading_s, state.active_s, state.warning_at_s, state.changeover_s)
        given = (
            float(timing.reading_s),
            float(timing.active_s),
            None if timing.warning_at_s is None else float(timing.warning_at_s),
            float(timing.changeover_s),
        )
        if stored != given:
            raise ValueError(
                "the saved timer state was taken with another timing "
                f"(reading, active, warning, changeover = {stored}, now {given}); "
                "restore it with the timing of the station version it was saved with"
            )
        timer = cls(timing, clock, exam_pause)
        if not state.started:
            return timer
        origin = clock.monotonic()
        base = state.elapsed_s + (0.0 if state.was_paused else downtime_s)
        run = timer._run
        run.origin = origin
        run.base_s = base
        run.high_water_s = base
        run.active_start_s = state.active_start_s
        run.rung = set(state.bells_rung)
        if state.own_pause_reason is not None:
            run.own.append(PauseInterval(origin, None, state.own_pause_reason))
        return timer

    def __repr__(self) -> str:
        paused = f", paused: {self.pause_reason}" if self.is_paused else ""
        return f"StationTimer({self.phase}, {self.elapsed_s:.1f} s{paused})"
