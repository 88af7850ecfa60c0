"""The scenario engine: when events fire, the log, and the vital signs over time."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.definitions.model import Scenario, Vitals
from assessments.scenario import (
    EventStatus,
    FiredEvent,
    ScenarioError,
    ScenarioRunner,
    VitalSigns,
)


def scenario(*events: dict[str, Any], **initial: Any) -> Scenario:
    vitals = initial or {"hr": 80, "spo2": 97, "sbp": 120, "dbp": 80, "rr": 14, "rhythm": "sinus"}
    return Scenario.model_validate({"initial_vitals": vitals, "events": list(events)})


def ids(fired: list[FiredEvent]) -> list[tuple[str, float]]:
    return [(event.event_id, event.t_s) for event in fired]


ARREST = {
    "id": "arrest",
    "label": {"en": "Collapse", "fr": "Effondrement"},
    "at_s": 10,
    "message": "The patient collapses.",
    "vitals": {"hr": 0, "spo2": 70, "rhythm": "VF"},
}
PROMPT = {
    "id": "prompt_cpr",
    "label": "Prompt",
    "at_s": 30,
    "when": {"item": "compressions", "state": "not_done"},
    "message": "Is anyone going to start compressions?",
}


# --------------------------------------------------------------------------- timed


def test_timed_event_fires_at_its_time_with_its_raw_texts() -> None:
    runner = ScenarioRunner(scenario(ARREST))
    assert runner.update(9.99) == []
    fired = runner.update(10)
    assert fired == [
        FiredEvent(
            event_id="arrest",
            t_s=10.0,
            label={"en": "Collapse", "fr": "Effondrement"},
            message="The patient collapses.",
            vitals_target=Vitals(hr=0, spo2=70, rhythm="VF"),
            manual=False,
            cause="at 10 s",
        )
    ]
    assert runner.update(500) == []
    assert runner.log == fired
    assert runner.status("arrest") is EventStatus.FIRED


def test_a_late_update_stamps_each_event_with_its_due_time_in_order() -> None:
    later = {"id": "later", "label": "L", "at_s": 20}
    same = {"id": "same", "label": "S", "at_s": 10}
    runner = ScenarioRunner(scenario(later, ARREST, same))
    assert ids(runner.update(25)) == [("arrest", 10.0), ("same", 10.0), ("later", 20.0)]


# --------------------------------------------------------------------------- conditions


def test_prompt_fires_when_the_item_is_not_done_by_30_s() -> None:
    runner = ScenarioRunner(scenario(PROMPT))
    assert runner.update(29, items_done={"airway"}) == []
    fired = runner.update(30, items_done={"airway"})
    assert ids(fired) == [("prompt_cpr", 30.0)]
    assert fired[0].cause == "at 30 s; item 'compressions' not_done"


def test_prompt_does_not_fire_when_the_item_was_done_in_time() -> None:
    runner = ScenarioRunner(scenario(PROMPT))
    runner.update(20, items_done={"compressions"})
    assert runner.update(30, items_done={"compressions"}) == []
    assert runner.status("prompt_cpr") is EventStatus.MISSED
    assert runner.update(300, items_done=set()) == [], "a missed check is not repeated"


def test_with_mark_times_the_check_is_made_at_its_time_even_when_the_update_is_late() -> None:
    late_mark = ScenarioRunner(scenario(PROMPT))
    assert ids(late_mark.update(31, items_done={"compressions": 30.5})) == [("prompt_cpr", 30.0)]
    in_time = ScenarioRunner(scenario(PROMPT))
    assert in_time.update(31, items_done={"compressions": 29.0}) == []
    assert in_time.status("prompt_cpr") is EventStatus.MISSED


def test_when_alone_fires_as_soon_as_a_metric_condition_holds() -> None:
    good_cpr = {
        "id": "good_cpr",
        "label": "Good CPR",
        "when": {"metric": "ccf", "op": ">=", "value": 0.8},
        "vitals": {"etco2": 25},
    }
    runner = ScenarioRunner(scenario(good_cpr))
    assert runner.update(5) == []
    assert runner.update(6, metrics={"ccf": None}) == [], "no reading is not a reading"
    assert runner.update(7, metrics={"ccf": 0.79, "score": 90}) == []
    fired = runner.update(8.5, metrics={"ccf": 0.8})
    assert ids(fired) == [("good_cpr", 8.5)]
    assert fired[0].cause == "ccf >= 0.8"
    assert runner.update(9, metrics={"ccf": 0.9}) == []


def test_when_alone_on_an_item() -> None:
    pulse = {"id": "pulse", "label": "P", "when": {"item": "pulse_check"}}
    runner = ScenarioRunner(scenario(pulse))
    assert runner.update(3, items_done=["airway"]) == []
    assert ids(runner.update(4, items_done=["airway", "pulse_check"])) == [("pulse", 4.0)]


# --------------------------------------------------------------------------- chains


SHOCK = {"id": "shock", "label": "Shock delivered", "manual": True}
ROSC = {
    "id": "rosc",
    "label": "ROSC",
    "after": "shock",
    "delay_s": 20,
    "vitals": {"hr": 110, "spo2": 94, "sbp": 90, "rhythm": "sinus"},
    "over_s": 60,
}
RECHECK = {
    "id": "recheck",
    "label": "Recheck",
    "after": "rosc",
    "delay_s": 10,
    "when": {"item": "pulse_check", "state": "done"},
}


def test_manual_events_never_fire_by_themselves() -> None:
    runner = ScenarioRunner(scenario(SHOCK, ROSC))
    assert runner.update(10_000, items_done={"shock"}, metrics={"score": 100}) == []
    assert [event.id for event in runner.manual_events] == ["shock"]
    assert runner.status("shock") is EventStatus.PENDING


def test_after_chain_runs_from_a_manual_event_in_one_late_update() -> None:
    runner = ScenarioRunner(scenario(SHOCK, ROSC, RECHECK))
    shock = runner.fire("shock", 40)
    assert shock.manual and shock.cause == "operator"
    assert runner.manual_events == ()
    fired = runner.update(100, items_done={"pulse_check": 65.0})
    assert ids(fired) == [("rosc", 60.0), ("recheck", 70.0)]
    assert [event.cause for event in fired] == [
        "20 s after 'shock'",
        "10 s after 'rosc'; item 'pulse_check' done",
    ]
    assert ids(runner.log) == [("shock", 40.0), ("rosc", 60.0), ("recheck", 70.0)]


def test_after_with_a_condition_checks_once_when_the_delay_runs_out() -> None:
    runner = ScenarioRunner(scenario(SHOCK, ROSC, RECHECK))
    runner.fire("shock", 0)
    runner.update(25, items_done=set())
    assert ids(runner.log) == [("shock", 0.0), ("rosc", 20.0)]
    assert runner.status("recheck") is EventStatus.PENDING
    assert runner.update(31, items_done=set()) == []
    assert runner.status("recheck") is EventStatus.MISSED
    assert runner.update(80, items_done={"pulse_check"}) == []


def test_at_s_with_after_waits_for_both() -> None:
    both = {"id": "both", "label": "B", "at_s": 50, "after": "arrest", "delay_s": 5}
    runner = ScenarioRunner(scenario(ARREST, both))
    assert ids(runner.update(49)) == [("arrest", 10.0)]
    assert ids(runner.update(50)) == [("both", 50.0)]


def test_operator_may_fire_any_event_once() -> None:
    runner = ScenarioRunner(scenario(ARREST, PROMPT, SHOCK))
    early = runner.fire("arrest", 4)
    assert early.manual and early.t_s == 4.0
    assert runner.update(40, items_done={"compressions"}) == []
    assert runner.status("prompt_cpr") is EventStatus.MISSED
    assert runner.fire("prompt_cpr", 41).manual, "a missed event can still be fired by hand"
    with pytest.raises(ScenarioError, match="'arrest' already fired at 4 s"):
        runner.fire("arrest", 42)
    with pytest.raises(ScenarioError, match="'defib' is not an event"):
        runner.fire("defib", 42)
    with pytest.raises(ScenarioError, match="'defib' is not an event"):
        runner.status("defib")


def test_time_only_moves_forward() -> None:
    runner = ScenarioRunner(scenario(ARREST, SHOCK))
    runner.update(20)
    with pytest.raises(ScenarioError, match="time went back from 20 s to 19 s"):
        runner.update(19)
    with pytest.raises(ScenarioError, match="time went back"):
        runner.fire("shock", 5)
    with pytest.raises(ScenarioError, match="finite number"):
        runner.update(float("nan"))
    with pytest.raises(ScenarioError, match=">= 0 s"):
        runner.vitals(-1)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([{"id": "a", "label": "A", "after": "nope"}], "comes after 'nope'"),
        (
            [
                {"id": "a", "label": "A", "after": "b"},
                {"id": "b", "label": "B", "after": "a"},
            ],
            "loop: a -> b -> a",
        ),
        ([{"id": "a", "label": "A", "after": "a"}], "loop: a -> a"),
        ([{"id": "a", "label": "A", "at_s": 1}, {"id": "a", "label": "A2", "at_s": 2}], "twice"),
    ],
)
def test_a_scenario_that_cannot_run_is_refused_with_a_reason(
    events: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(ScenarioError, match=message):
        ScenarioRunner(scenario(*events))


# --------------------------------------------------------------------------- vitals


def test_vital_signs_have_every_field_of_vitals() -> None:
    assert [f.name for f in dataclasses.fields(VitalSigns)] == list(Vitals.model_fields)


def test_vitals_start_from_the_initial_values_and_jump_at_once_without_over_s() -> None:
    runner = ScenarioRunner(scenario(ARREST))
    assert runner.vitals(0) == VitalSigns(
        hr=80, spo2=97, sbp=120, dbp=80, rr=14, etco2=None, temp_c=None, rhythm="sinus"
    )
    runner.update(15)
    assert runner.vitals(9.9).hr == 80, "the past stays as it was"
    assert runner.vitals(10) == VitalSigns(
        hr=0, spo2=70, sbp=120, dbp=80, rr=14, etco2=None, temp_c=None, rhythm="VF"
    )


def test_gradual_change_is_linear_from_the_value_at_firing_and_rhythm_changes_at_once() -> None:
    runner = ScenarioRunner(scenario(ARREST, SHOCK, ROSC))
    runner.update(30)
    runner.fire("shock", 40)
    runner.update(60)  # ROSC at 60 s, over 60 s: hr 0 -> 110, spo2 70 -> 94, sbp 120 -> 90
    at_start = runner.vitals(60)
    assert (at_start.hr, at_start.spo2, at_start.sbp, at_start.rhythm) == (0, 70, 120, "sinus")
    half = runner.vitals(90)
    assert (half.hr, half.spo2, half.sbp) == (55, 82, 105)
    assert runner.vitals(75).hr == 28, "27.5 shows as 28 (half up)"
    end = runner.vitals(120)
    assert (end.hr, end.spo2, end.sbp, end.dbp) == (110, 94, 90, 80)
    assert runner.vitals(1000) == end


def test_a_later_event_takes_over_a_ramp_from_where_it_got_to() -> None:
    slow = {"id": "slow", "label": "S", "at_s": 0, "vitals": {"hr": 180}, "over_s": 100}
    stop = {"id": "stop", "label": "T", "at_s": 50, "vitals": {"hr": 100}, "over_s": 10}
    runner = ScenarioRunner(scenario(slow, stop, hr=80))
    runner.update(200)
    assert runner.vitals(50).hr == 130
    assert runner.vitals(55).hr == 115
    assert runner.vitals(60).hr == 100
    assert runner.vitals(200).hr == 100


def test_a_vital_first_given_by_an_event_appears_at_once_even_with_over_s() -> None:
    fever = {
        "id": "fever",
        "label": "F",
        "at_s": 10,
        "vitals": {"temp_c": 39.4, "etco2": 35},
        "over_s": 100,
    }
    runner = ScenarioRunner(scenario(fever, hr=90, temp_c=37.0))
    runner.update(10)
    assert runner.vitals(10).etco2 == 35
    assert runner.vitals(10).temp_c == 37.0
    assert runner.vitals(60).temp_c == 38.2


# --------------------------------------------------------------------------- properties

CHAIN = scenario(
    {"id": "a", "label": "A", "at_s": 5},
    {"id": "b", "label": "B", "at_s": 12.5},
    {"id": "c", "label": "C", "after": "a", "delay_s": 3},
    {"id": "d", "label": "D", "after": "c", "delay_s": 0},
    {"id": "e", "label": "E", "after": "b", "delay_s": 40, "at_s": 20},
    {"id": "f", "label": "F", "at_s": 8},
)


@settings(deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), max_size=20))
def test_how_updates_are_spaced_does_not_change_the_log(times: list[float]) -> None:
    one_go = ScenarioRunner(CHAIN)
    one_go.update(100)
    stepped = ScenarioRunner(CHAIN)
    fired: list[FiredEvent] = []
    for t in sorted(times):
        fired.extend(stepped.update(t))
    fired.extend(stepped.update(100))
    assert ids(fired) == ids(one_go.log)
    assert ids(one_go.log) == [
        ("a", 5.0),
        ("c", 8.0),
        ("d", 8.0),
        ("f", 8.0),
        ("b", 12.5),
        ("e", 52.5),
    ]
    assert [t for _, t in ids(fired)] == sorted(t for _, t in ids(fired))
