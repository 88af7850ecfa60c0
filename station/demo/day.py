"""The exam day played slot by slot through the services, on a fake clock: check-in,
marks at the moments the candidate acts, grades, second markers, a no-show.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from assessments.definitions.model import (
    BinaryItem,
    DeviceItem,
    StationDefinition,
    ThreePointItem,
)
from assessments.scoring import (
    MarkValue,
    judge_device_item,
    score_station,
)
from assessments.simulation import SimulatedPerformance, simulate_grade
from assessments.timetable import Entry
from common.clock import FakeClock
from station.auth.permissions import Actor
from station.demo.config import DemoConfig
from station.demo.manikin import CprRecording
from station.demo.marking import (
    CORRECTION_RATE,
    PRIVATE_NOTE_RATE,
    PRIVATE_NOTES,
    examiner_marks,
    feedback_text,
)
from station.services import StationServices

Marker = Literal["primary", "second"]


@dataclass(order=True)
class _Event:
    """One service call at its time; ``seq`` keeps calls at the same time in the order
    they were planned."""

    at: datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


class Day:
    """The exam day as a list of timed service calls, run in time order on the clock."""

    def __init__(
        self,
        services: StationServices,
        clock: FakeClock,
        config: DemoConfig,
        models: dict[str, StationDefinition],
    ) -> None:
        self.services = services
        self.clock = clock
        self.config = config
        self.models = models
        self.events: list[_Event] = []
        self.encounters: dict[tuple[str, str, str], str] = {}
        self.marks = 0
        self.submitted = 0
        self.second_marked = 0
        self.device_traces = 0
        self.trace_encounter: str | None = None

    def at(self, when: datetime, action: Callable[[], None]) -> None:
        self.events.append(_Event(when, len(self.events), action))

    def run(self) -> None:
        for event in sorted(self.events):
            self.clock.advance(max(0.0, (event.at - self.clock.now()).total_seconds()))
            event.action()

    def no_show(self, examiner: Actor, entry: Entry, reading_s: float) -> None:
        """Schedule the examiner recording that the candidate of ``entry`` never came:
        after waiting a minute and a half of the active phase."""
        code = self.config.exam_code

        def record() -> None:
            self.services.encounters.mark_no_show(
                examiner, code, entry.station_id, entry.candidate_id
            )

        self.at(entry.slot.start + timedelta(seconds=reading_s + 90), record)

    def encounter(
        self,
        examiner: Actor,
        stringency: float,
        marker: Marker,
        entry: Entry,
        performance: SimulatedPerformance,
        rng: random.Random,
        *,
        reading_s: float,
        active_s: float,
        override: bool = False,
        recording: CprRecording | None = None,
    ) -> None:
        """Schedule one examiner's encounter with the candidate of ``entry``: check-in
        during reading time, the marks at the moments of the performance, the device's
        trace (``recording``) and metrics, grade and feedback once the candidate has
        finished, and submission before the slot ends. ``override`` also overrules the
        device on one item."""
        services = self.services
        code = self.config.exam_code
        defn = self.models[entry.station_id]
        key = (entry.candidate_id, entry.station_id, marker)
        slot = entry.slot
        # A second marker reaches for the screen a moment after the first.
        lag = timedelta(seconds=1.5 if marker == "second" else 0.0)
        active_start = slot.start + timedelta(seconds=reading_s)
        marks = examiner_marks(defn, performance.marks, stringency, rng)
        metrics = performance.metrics

        def eid() -> str:
            return self.encounters[key]

        def check_in() -> None:
            info = services.encounters.check_in(
                examiner,
                code,
                entry.station_id,
                entry.candidate_id,
                marker=marker,
            )
            self.encounters[key] = info.id

        def start() -> None:
            services.encounters.start_encounter(examiner, eid())

        self.at(slot.start + timedelta(seconds=15) + lag, check_in)
        self.at(active_start + lag, start)

        correct = [
            m for m in marks if isinstance(defn.item(m.item_id), BinaryItem | ThreePointItem)
        ]
        slip = rng.choice(correct) if correct and rng.random() < CORRECTION_RATE else None
        for mark in marks:
            when = active_start + timedelta(seconds=mark.t_s or 0.0) + lag
            if mark is slip:
                wrong = MarkValue.NOT_DONE if mark.value == MarkValue.DONE else MarkValue.DONE
                self.at(when, self._mark_action(examiner, eid, mark.item_id, wrong, mark.t_s, None))
                self.at(
                    when + timedelta(seconds=4),
                    self._mark_action(
                        examiner,
                        eid,
                        mark.item_id,
                        mark.value,
                        mark.t_s,
                        "tapped the wrong box; corrected at once",
                    ),
                )
            else:
                self.at(
                    when, self._mark_action(examiner, eid, mark.item_id, mark.value, mark.t_s, None)
                )

        finished = active_start + timedelta(seconds=performance.finished_at_s) + lag
        if recording is not None:

            def trace() -> None:
                encounter_id = eid()
                stored = services.encounters.record_cpr_trace(
                    examiner, recording.trace, recording.device_identity, encounter_id=encounter_id
                )
                self.marks += len(stored.marks)
                self.device_traces += 1
                if self.trace_encounter is None:
                    self.trace_encounter = encounter_id

            self.at(finished + timedelta(seconds=2), trace)
        if metrics and any(isinstance(i, DeviceItem) for i in defn.items()):
            if recording is None:

                def device() -> None:
                    self.marks += len(
                        services.encounters.record_device_metrics(examiner, eid(), metrics)
                    )

                self.at(finished + timedelta(seconds=3), device)
            if override:
                item = next(i for i in defn.items() if isinstance(i, DeviceItem))
                judged = judge_device_item(item, metrics)
                given = MarkValue.DONE
                if judged is not None and judged.value == MarkValue.DONE:
                    given = MarkValue.NOT_DONE

                def overrule() -> None:
                    services.encounters.override_device_item(
                        examiner,
                        eid(),
                        item.id,
                        given,
                        "the manikin's sensor slipped during the second cycle; judged by eye",
                    )
                    self.marks += 1

                self.at(finished + timedelta(seconds=8), overrule)

        if defn.global_rating is not None:
            percent = score_station(defn, marks, metrics=metrics).percent or 0.0
            grade = simulate_grade(defn, percent, stringency, rng)

            def set_grade() -> None:
                services.encounters.set_grade(examiner, eid(), grade)

            self.at(finished + timedelta(seconds=12), set_grade)

        feedback = feedback_text(defn, marks, metrics)

        def give_feedback() -> None:
            services.encounters.comment(examiner, eid(), "feedback", feedback)

        self.at(finished + timedelta(seconds=25), give_feedback)
        if rng.random() < PRIVATE_NOTE_RATE:
            note = rng.choice(PRIVATE_NOTES)

            def private_note() -> None:
                services.encounters.comment(examiner, eid(), "private", note)

            self.at(finished + timedelta(seconds=32), private_note)

        own_end = active_start + timedelta(seconds=active_s) + lag
        submit_at = max(finished + timedelta(seconds=40), own_end + timedelta(seconds=10))
        submit_at = min(submit_at, slot.end - timedelta(seconds=5))

        def submit() -> None:
            services.encounters.submit(examiner, eid())
            self.submitted += 1
            if marker == "second":
                self.second_marked += 1

        self.at(submit_at, submit)

    def _mark_action(
        self,
        examiner: Actor,
        eid: Callable[[], str],
        item_id: str,
        value: MarkValue | int,
        t_s: float | None,
        reason: str | None,
    ) -> Callable[[], None]:
        def mark() -> None:
            self.services.encounters.mark_item(
                examiner, eid(), item_id, value, t_s=t_s, reason=reason
            )
            self.marks += 1

        return mark
