"""Cross-field checks on definitions that the model accepts value by value."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessments.definitions.checks import check_definition
from assessments.definitions.model import StationDefinition

GOOD = Path(__file__).parent / "data" / "definitions" / "good"

NO_DEVICE = (
    "the definition has no 'device:' section: add 'device:' with 'kind: cpr_manikin' "
    "(and 'profile: adult', 'child' or 'infant')"
)


def base() -> dict[str, Any]:
    """A small valid OSCE station, as the loader would hand it to the model."""
    return {
        "id": "recovery-position",
        "version": "1",
        "kind": "osce",
        "title": "Recovery position",
        "timing": {"active_s": 300},
        "sections": [
            {
                "id": "steps",
                "title": "Steps",
                "items": [
                    {"id": "airway", "type": "binary", "text": "Opens the airway"},
                    {"id": "arm", "type": "binary", "text": "Places the near arm at a right angle"},
                    {"id": "roll", "type": "binary", "text": "Rolls the patient towards them"},
                ],
            }
        ],
        "pass_rule": {"mode": "fixed", "pass_mark_pct": 60},
    }


def scenario_base() -> dict[str, Any]:
    data = base()
    data["kind"] = "scenario"
    data["device"] = {"kind": "cpr_manikin"}
    data["scenario"] = {
        "initial_vitals": {"hr": 40, "spo2": 88, "sbp": 80, "dbp": 50},
        "events": [
            {"id": "arrest", "label": "Cardiac arrest", "at_s": 60},
            {"id": "help", "label": "Help arrives", "after": "arrest", "delay_s": 30},
        ],
    }
    return data


def check(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    return check_definition(StationDefinition.model_validate(data))


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.yaml")), ids=lambda p: p.name)
def test_good_samples_have_no_problems(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert check(data) == []


def test_the_bases_are_valid() -> None:
    assert check(base()) == []
    assert check(scenario_base()) == []


def test_duplicate_ids_of_sections_items_and_events() -> None:
    data = scenario_base()
    section = copy.deepcopy(data["sections"][0])
    section["items"] = [{"id": "arm", "type": "binary", "text": "Checks the arm again"}]
    data["sections"].append(section)
    data["scenario"]["events"].append({"id": "arrest", "label": "Second arrest", "at_s": 90})
    assert check(data) == [
        (
            ("sections", 1, "id"),
            "section id 'steps' is already used by section 1: give each section its own id",
        ),
        (
            ("sections", 1, "items", 0, "id"),
            "item id 'arm' is already used by item 2 of section 'steps': give each item its own "
            "id (marks are stored by item id)",
        ),
        (
            ("scenario", "events", 2, "id"),
            "event id 'arrest' is already used by event 1: give each event its own id",
        ),
    ]


@pytest.mark.parametrize(
    ("active", "warning", "expected_example"),
    [(300, 300, "240"), (300, 450, "240"), (90, 90, "72")],
)
def test_warning_bell_at_or_after_the_end(active: int, warning: int, expected_example: str) -> None:
    data = base()
    data["timing"] = {"active_s": active, "warning_at_s": warning}
    assert check(data) == [
        (
            ("timing", "warning_at_s"),
            f"the warning bell at {warning} s would ring at or after the end of the active phase "
            f"(active_s: {active}): set warning_at_s below {active}, e.g. {expected_example}",
        )
    ]


def test_warning_bell_just_before_the_end_is_fine() -> None:
    data = base()
    data["timing"] = {"active_s": 300, "warning_at_s": 299.5}
    assert check(data) == []


def test_timed_item_longer_than_the_station() -> None:
    data = base()
    data["sections"][0]["items"][0] = {
        "id": "airway",
        "type": "timed",
        "text": "Opens the airway",
        "within_s": 400,
    }
    assert check(data) == [
        (
            ("sections", 0, "items", 0, "within_s"),
            "item 'airway' must be done within 400 s, longer than the active phase (active_s: "
            "300): it can never be late; shorten within_s",
        )
    ]


def test_all_weights_zero() -> None:
    data = base()
    for item in data["sections"][0]["items"]:
        item["weight"] = 0
    assert check(data) == [
        (
            ("sections",),
            "every item weighs 0, so the station has no score: give the items weights above 0 "
            "(leave 'weight' out for the default of 1)",
        )
    ]
    data["sections"][0]["items"][2]["weight"] = 0.5
    assert check(data) == []


def test_non_finite_numbers() -> None:
    data = scenario_base()
    data["sections"][0]["items"][0]["weight"] = float("inf")
    data["scenario"]["events"][0]["at_s"] = float("inf")
    assert check(data) == [
        (("sections", 0, "items", 0, "weight"), "expected a finite number, got .inf"),
        (("scenario", "events", 0, "at_s"), "expected a finite number, got .inf"),
    ]


def test_min_items_count_above_the_number_of_items() -> None:
    data = base()
    data["min_items"] = {"count": 4}
    assert check(data) == [
        (
            ("min_items", "count"),
            "min_items.count is 4 but the definition has only 3 items: no candidate could meet "
            "it; lower the count to at most 3",
        )
    ]
    data["min_items"] = {"count": 3}
    assert check(data) == []


def test_device_items_and_metric_conditions_need_a_device() -> None:
    data = scenario_base()
    del data["device"]
    data["sections"][0]["items"].append(
        {
            "id": "depth",
            "type": "device",
            "text": "Compresses deep enough",
            "rule": "pct_depth_ok >= 70",
        }
    )
    data["scenario"]["events"].append(
        {
            "id": "shallow",
            "label": "Too shallow",
            "when": {"metric": "pct_depth_ok", "op": "<", "value": 50},
        }
    )
    assert check(data) == [
        (
            ("sections", 0, "items", 3, "type"),
            f"item 'depth' is scored by a device, but {NO_DEVICE}",
        ),
        (
            ("scenario", "events", 2, "when", "metric"),
            f"event 'shallow' waits on the device metric 'pct_depth_ok', but {NO_DEVICE}",
        ),
    ]


def test_thresholds_outside_a_metrics_range() -> None:
    data = scenario_base()
    data["sections"][0]["items"].append(
        {
            "id": "depth",
            "type": "device",
            "text": "Compresses deep enough",
            "rule": "pct_depth_ok >= 170",
        }
    )
    data["scenario"]["events"].append(
        {"id": "poor", "label": "Poor CPR", "when": {"metric": "ccf", "op": "<", "value": 80}}
    )
    assert check(data) == [
        (
            ("sections", 0, "items", 3, "rule"),
            "rule 'pct_depth_ok >= 170': pct_depth_ok (compressions within the target depth "
            "band) goes from 0 to 100 (%), so 170 is out of its range: the rule would always or "
            "never hold",
        ),
        (
            ("scenario", "events", 2, "when", "value"),
            "event 'poor': ccf (chest compression fraction) goes from 0 to 1 (0-1), so 80 is out "
            "of its range: the rule would always or never hold",
        ),
    ]


def test_metric_without_upper_bound_accepts_large_thresholds() -> None:
    data = scenario_base()
    data["sections"][0]["items"].append(
        {
            "id": "count",
            "type": "device",
            "text": "Gives many compressions",
            "rule": "compressions >= 600",
        }
    )
    assert check(data) == []
    data["sections"][0]["items"][-1]["rule"] = "compressions >= -1"
    assert check(data) == [
        (
            ("sections", 0, "items", 3, "rule"),
            "rule 'compressions >= -1': compressions (number of chest compressions) goes from 0 "
            "upwards (count), so -1 is out of its range: the rule would always or never hold",
        )
    ]


def test_scenario_section_matches_the_kind() -> None:
    data = scenario_base()
    del data["scenario"]
    assert check(data) == [
        (
            ("kind",),
            "a definition of kind 'scenario' needs a 'scenario:' section (initial_vitals and "
            "events): add one, or change the kind",
        )
    ]
    data = scenario_base()
    data["kind"] = "practice"
    assert check(data) == [
        (
            ("scenario",),
            "only a definition of kind 'scenario' has a 'scenario:' section (this one is "
            "'practice'): change 'kind' to scenario, or remove the section",
        )
    ]


def test_conditions_and_after_name_what_exists() -> None:
    data = scenario_base()
    events = data["scenario"]["events"]
    events.append({"id": "rolled", "label": "Rolled", "when": {"item": "rol"}})
    events.append({"id": "late", "label": "Late", "after": "hlep"})
    events.append({"id": "self", "label": "Self", "after": "self"})
    events.append({"id": "vague", "label": "Vague", "when": {"item": "xyzzy"}})
    assert check(data) == [
        (
            ("scenario", "events", 2, "when", "item"),
            "event 'rolled' waits on item 'rol', which is not an item of this definition: did "
            "you mean 'roll'?",
        ),
        (
            ("scenario", "events", 3, "after"),
            "event 'late' comes after 'hlep', which is not an event of this scenario: did you "
            "mean 'help'?",
        ),
        (
            ("scenario", "events", 4, "after"),
            "event 'self' cannot wait for itself: name another event",
        ),
        (
            ("scenario", "events", 5, "when", "item"),
            "event 'vague' waits on item 'xyzzy', which is not an item of this definition; the "
            "known ones are airway, arm, roll",
        ),
    ]


def test_events_waiting_for_each_other_in_a_loop() -> None:
    data = scenario_base()
    events = data["scenario"]["events"]
    events.append({"id": "a", "label": "A", "after": "c"})
    events.append({"id": "b", "label": "B", "after": "a"})
    events.append({"id": "c", "label": "C", "after": "b"})
    events.append({"id": "d", "label": "D", "after": "c"})  # waits on the loop, not in it
    assert check(data) == [
        (
            ("scenario", "events", 2, "after"),
            "events wait for each other in a loop (a -> c -> b -> a), so none of them ever fires: "
            "start one of them with at_s, when or manual instead",
        )
    ]


def test_events_after_the_end_of_the_active_phase() -> None:
    data = scenario_base()
    events = data["scenario"]["events"]
    events[0]["at_s"] = 301
    assert check(data)[0] == (
        ("scenario", "events", 0, "at_s"),
        "event 'arrest' is timed at 301 s, after the end of the active phase (active_s: 300): it "
        "would never fire; make at_s at most 300",
    )
    data = scenario_base()
    data["scenario"]["events"][1]["delay_s"] = 250
    assert check(data) == [
        (
            ("scenario", "events", 1, "delay_s"),
            "event 'help' would fire at 310 s at the earliest (after 'arrest'), past the end of "
            "the active phase (active_s: 300): shorten the delay or the events before it",
        )
    ]


def test_event_at_the_very_end_and_manual_or_conditional_events_are_fine() -> None:
    data = scenario_base()
    events = data["scenario"]["events"]
    events[0]["at_s"] = 300
    events[1]["delay_s"] = 0
    events.append({"id": "family", "label": "Family arrives", "manual": True, "at_s": 999})
    events.append({"id": "chained", "label": "Chained", "after": "family", "delay_s": 500})
    events.append({"id": "watch", "label": "Watch", "when": {"item": "roll"}})
    assert check(data) == []


def test_vitals_with_diastolic_above_systolic() -> None:
    data = scenario_base()
    data["scenario"]["initial_vitals"] = {"sbp": 80, "dbp": 90}
    data["scenario"]["events"][0]["vitals"] = {"sbp": 0, "dbp": 0, "hr": 0}
    data["scenario"]["events"][1]["vitals"] = {"sbp": 70, "dbp": 70}
    assert check(data) == [
        (
            ("scenario", "initial_vitals", "dbp"),
            "diastolic pressure (dbp: 90) is not below systolic (sbp: 80): check the two values",
        ),
        (
            ("scenario", "events", 1, "vitals", "dbp"),
            "diastolic pressure (dbp: 70) is not below systolic (sbp: 70): check the two values",
        ),
    ]


def test_texts_missing_the_main_language() -> None:
    data = base()
    data["language"] = "fr"
    data["title"] = {"fr": "Position latérale de sécurité", "en": "Recovery position"}
    data["sections"][0]["title"] = {"en": "Steps"}
    data["sections"][0]["items"][0]["help"] = {"en": "Head tilt, chin lift", "es": "Maniobra"}
    data["feedback_phrases"] = ["Bien", {"en": "Good"}]
    data["sections"][0]["items"][1] = {
        "id": "arm",
        "type": "rating",
        "text": "Places the arm",
        "scale_max": 3,
        "anchors": {1: {"en": "Wrong"}, 3: "Correct"},
    }
    assert check(data) == [
        (
            ("sections", 0, "title"),
            "this text has no 'fr' version (it has en), but 'fr' is the definition's main "
            "language: add 'fr: ...' or change 'language:'",
        ),
        (
            ("sections", 0, "items", 0, "help"),
            "this text has no 'fr' version (it has en, es), but 'fr' is the definition's main "
            "language: add 'fr: ...' or change 'language:'",
        ),
        (
            ("sections", 0, "items", 1, "anchors", 1),
            "this text has no 'fr' version (it has en), but 'fr' is the definition's main "
            "language: add 'fr: ...' or change 'language:'",
        ),
        (
            ("feedback_phrases", 1),
            "this text has no 'fr' version (it has en), but 'fr' is the definition's main "
            "language: add 'fr: ...' or change 'language:'",
        ),
    ]


def test_standard_setting_needs_a_global_rating() -> None:
    data = base()
    data["pass_rule"] = {"mode": "standard_setting"}
    fix = (
        "add a 'global_rating:' with the grade steps, or give a fixed pass mark ('pass_rule:' "
        "with 'mode: fixed' and 'pass_mark_pct: 60', say)"
    )
    assert check(data) == [
        (
            ("pass_rule", "mode"),
            "a standard-setting pass rule needs the examiners' global rating (borderline "
            f"regression sets the cut score from it): {fix}",
        )
    ]
    del data["pass_rule"]
    assert check(data) == [
        (
            (),
            "without 'pass_rule:' the pass mark comes from standard setting, which needs the "
            "examiners' global rating (borderline regression sets the cut score from it): "
            f"{fix}",
        )
    ]
    data["global_rating"] = {
        "steps": [{"id": "fail", "label": "Fail"}, {"id": "pass", "label": "Pass"}],
        "borderline": "fail",
    }
    assert check(data) == []
