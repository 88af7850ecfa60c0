"""The bundled station library: every station loads cleanly, speaks English, French and
Spanish, cites its source, and scores the way its published original says it should.

The checks on scoring go through the real exam engine (``score_station``) and the real
scenario engine (``ScenarioRunner``), so a definition that loads but encodes the wrong
rule (a missing item in the AHA "every box" count, a weight off the published table, an
event that never fires) fails here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel

from assessments.definitions.library import bundled_library_dir, load_library
from assessments.definitions.loader import validate_paths
from assessments.definitions.model import (
    DeviceItem,
    LangCode,
    RatingItem,
    StationDefinition,
    ThreePointItem,
    TimedItem,
    parse_rule,
)
from assessments.metrics import METRIC_NAMES
from assessments.scenario import EventStatus, ScenarioRunner
from assessments.scoring import ItemMark, MarkValue, Outcome, score_station

BUNDLED_IDS = {
    "adult-cpr-aed",
    "newborn-resuscitation-hbb",
    "iv-cannulation",
    "who-hand-rub",
    "scenario-adult-ihca",
}
LANGUAGES = {"en", "fr", "es"}


@pytest.fixture(scope="module")
def library() -> dict[str, StationDefinition]:
    return load_library()


# --------------------------------------------------------------------------- helpers


def _is_text_annotation(annotation: Any) -> bool:
    """Whether a field's type is, or contains, the model's translatable ``Text``."""
    if annotation == dict[LangCode, str]:
        return True
    return any(_is_text_annotation(arg) for arg in get_args(annotation))


def _texts(model: BaseModel, where: str = "") -> Iterator[tuple[str, object]]:
    """Every value held in a ``Text`` field of ``model`` (and of the models inside it),
    with where it sits: titles, item texts, help, anchors, labels, messages, phrases."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        here = f"{where}.{name}" if where else name
        if _is_text_annotation(field.annotation):
            if value is None:
                continue
            origin = get_origin(field.annotation)
            if origin is list:
                for index, text in enumerate(value):
                    yield f"{here}[{index}]", text
            elif origin is dict:  # anchors: point -> text
                for point, text in value.items():
                    yield f"{here}[{point}]", text
            else:
                yield here, value
            continue
        yield from _models_in(value, here)


def _models_in(value: object, where: str) -> Iterator[tuple[str, object]]:
    if isinstance(value, BaseModel):
        yield from _texts(value, where)
    elif isinstance(value, list | tuple):
        for index, element in enumerate(value):
            yield from _models_in(element, f"{where}[{index}]")
    elif isinstance(value, Mapping):
        for key, element in value.items():
            yield from _models_in(element, f"{where}[{key}]")


def _done(*item_ids: str, t_s: float | None = None) -> list[ItemMark]:
    return [ItemMark(item_id, MarkValue.DONE, t_s=t_s) for item_id in item_ids]


def _all_done(defn: StationDefinition, *, leave_out: tuple[str, ...] = ()) -> list[ItemMark]:
    """Marks for a candidate who does every item fully and on time (ratings at the top),
    except those left out, which are marked not done."""
    marks: list[ItemMark] = []
    for item in defn.items():
        if item.id in leave_out:
            marks.append(ItemMark(item.id, MarkValue.NOT_DONE))
        elif isinstance(item, RatingItem):
            marks.append(ItemMark(item.id, item.scale_max))
        elif isinstance(item, TimedItem):
            marks.append(ItemMark(item.id, MarkValue.DONE, t_s=item.within_s))
        elif not isinstance(item, DeviceItem):
            marks.append(ItemMark(item.id, MarkValue.DONE))
    return marks


GOOD_CPR = {"pct_rate_ok": 92.0, "pct_depth_ok": 88.0, "pct_full_recoil": 95.0, "ccf": 0.86}


# --------------------------------------------------------------------------- the whole library


def test_every_bundled_file_validates_without_problems() -> None:
    definitions, problems = validate_paths([bundled_library_dir()])
    assert [str(p) for p in problems] == []
    files = sorted(bundled_library_dir().glob("*.yaml"))
    assert len(definitions) == len(files) == len(BUNDLED_IDS)
    # Each file is named after the id it holds, so a station is found by its id.
    assert {path.stem for path, _ in definitions} == {d.id for _, d in definitions}


def test_the_five_stations_are_bundled(library: dict[str, StationDefinition]) -> None:
    assert set(library) == BUNDLED_IDS
    assert library["scenario-adult-ihca"].kind == "scenario"
    assert {library[i].kind for i in BUNDLED_IDS - {"scenario-adult-ihca"}} == {"osce"}


@pytest.mark.parametrize("station_id", sorted(BUNDLED_IDS))
def test_every_text_is_in_english_french_and_spanish(
    library: dict[str, StationDefinition], station_id: str
) -> None:
    defn = library[station_id]
    assert defn.language == "en"
    texts = list(_texts(defn))
    # At least the title, each section title, each item's text and each phrase.
    least = 1 + len(defn.sections) + len(defn.items()) + len(defn.feedback_phrases)
    assert len(texts) > least
    for where, text in texts:
        assert isinstance(text, dict), f"{station_id}: {where} is not translated: {text!r}"
        assert set(text) == LANGUAGES, f"{station_id}: {where} has {sorted(text)}"
        assert all(value.strip() for value in text.values()), f"{station_id}: {where} is empty"
        if len(text["en"]) > 12:
            # A translation left as the English text is not a translation.
            assert text["fr"] != text["en"], f"{station_id}: {where} fr is the English text"
            assert text["es"] != text["en"], f"{station_id}: {where} es is the English text"


@pytest.mark.parametrize("station_id", sorted(BUNDLED_IDS))
def test_every_station_cites_its_source_and_is_complete(
    library: dict[str, StationDefinition], station_id: str
) -> None:
    defn = library[station_id]
    assert defn.source is not None
    assert len(defn.source.citation) > 80  # a full reference, not a name
    assert any(ch.isdigit() for ch in defn.source.citation)  # it carries a year
    assert defn.authors == ["SkillStation library"]
    assert defn.version == "1.0"
    assert defn.tags
    assert defn.instructions.candidate is not None
    assert defn.instructions.examiner is not None
    assert 5 <= len(defn.feedback_phrases) <= 8
    assert defn.timing.warning_at_s is not None and defn.timing.reading_s > 0


def test_sources_with_a_named_page_link_to_it(library: dict[str, StationDefinition]) -> None:
    cpr, iv = library["adult-cpr-aed"].source, library["iv-cannulation"].source
    assert cpr is not None and iv is not None
    assert cpr.url is not None and cpr.url.startswith("https://eccguidelines.heart.org/")
    assert iv.url == "https://doi.org/10.1186/s12909-022-03215-y"
    assert "BMC Med Educ. 2022" in iv.citation


# --------------------------------------------------------------------------- adult CPR and AED


def test_cpr_station_reads_the_adult_manikin_with_known_metrics(
    library: dict[str, StationDefinition],
) -> None:
    defn = library["adult-cpr-aed"]
    assert defn.device is not None and defn.device.profile == "adult"
    devices = [item for item in defn.items() if isinstance(item, DeviceItem)]
    rules = {parse_rule(item.rule).metric: parse_rule(item.rule) for item in devices}
    assert set(rules) == {"pct_rate_ok", "pct_depth_ok", "pct_full_recoil", "ccf"}
    assert set(rules) <= set(METRIC_NAMES)
    # The compression fraction target of the 2013 AHA consensus statement: above 80 %.
    assert (rules["ccf"].op, rules["ccf"].threshold) == (">=", 0.8)
    assert all(rules[m].threshold == 70 for m in ("pct_rate_ok", "pct_depth_ok", "pct_full_recoil"))
    # Device items belong to cycle 2; cycle 1 is the examiner's.
    sections = {section.id: section for section in defn.sections}
    assert {i.id for i in sections["cycle-2"].items if isinstance(i, DeviceItem)} == {
        item.id for item in devices
    }
    assert not any(isinstance(i, DeviceItem) for i in sections["cycle-1"].items)


def test_cpr_station_asks_for_every_box(library: dict[str, StationDefinition]) -> None:
    """AHA: any blank box means remediation."""
    defn = library["adult-cpr-aed"]
    assert defn.min_items is not None
    assert defn.min_items.count == len(defn.items()) == 23
    assert not any(item.critical for item in defn.items())

    everything = score_station(defn, _all_done(defn), metrics=GOOD_CPR, cut_score_pct=70)
    assert everything.min_items_met is True
    assert everything.outcome is Outcome.PASS

    one_blank = score_station(
        defn, _all_done(defn, leave_out=("checks-pulse",)), metrics=GOOD_CPR, cut_score_pct=70
    )
    assert one_blank.percent is not None and one_blank.percent > 95
    assert one_blank.outcome is Outcome.FAIL  # remediation, not a safety failure

    shallow = score_station(
        defn, _all_done(defn), metrics={**GOOD_CPR, "pct_depth_ok": 64.0}, cut_score_pct=70
    )
    assert shallow.outcome is Outcome.FAIL
    assert {s.item_id for s in shallow.items if s.state == "not_done"} == {"depth-on-target"}


def test_cpr_station_timing_and_grades(library: dict[str, StationDefinition]) -> None:
    defn = library["adult-cpr-aed"]
    assert (defn.timing.reading_s, defn.timing.active_s) == (60, 420)
    assert (defn.timing.warning_at_s, defn.timing.changeover_s) == (360, 60)
    assert defn.global_rating is not None
    assert [s.id for s in defn.global_rating.steps] == [
        "clear-fail",
        "borderline",
        "clear-pass",
        "good",
        "excellent",
    ]
    assert defn.global_rating.borderline_index == 1
    assert defn.pass_rule.mode == "standard_setting"


# --------------------------------------------------------------------------- IV cannulation


def test_iv_station_weights_are_the_published_table(library: dict[str, StationDefinition]) -> None:
    """BMC Medical Education 2022, Table 1 (Toader et al.): 10 points in all."""
    defn = library["iv-cannulation"]
    material = 5 * 0.16 + 0.20  # catheter, tourniquet, alcohol, plaster, swab; sharps bin
    gloves = 1.0
    tourniquet = 0.5 + 0.5  # on, off
    skin = 0.5 + 0.5  # cleaned, alcohol left to dry for 30 s
    needle = 0.5 + 0.5  # inserted, sterile insertion
    sharps_bin = 1.0
    fixed_and_infusion = 1.0 + 1.0
    patient_sequence_hygiene = 0.5 + 1.0 + 0.5
    published = (
        material
        + gloves
        + tourniquet
        + skin
        + needle
        + sharps_bin
        + fixed_and_infusion
        + patient_sequence_hygiene
    )
    assert math.isclose(published, 10.0)
    assert math.isclose(defn.max_score, published)
    weights = {item.id: item.weight for item in defn.items()}
    assert [weights[i] for i in ("material-catheter", "material-swab")] == [0.16, 0.16]
    assert weights["material-sharps-container"] == 0.20
    assert weights["gloves"] == weights["needle-into-sharps"] == 1.0

    # A candidate who does everything has exactly the maximum, not 9.999999.
    full = score_station(defn, _all_done(defn))
    assert full.score == full.max_score == 10.0
    assert full.percent == 100.0


def test_iv_station_partial_points_follow_the_table(library: dict[str, StationDefinition]) -> None:
    defn = library["iv-cannulation"]
    partial_points = {"gloves": 0.5, "needle-into-sharps": 0.5, "needle-inserted": 0.25}
    for item_id, points in partial_points.items():
        item = defn.item(item_id)
        assert isinstance(item, ThreePointItem)
        assert item.partial_label is not None
        assert math.isclose(item.weight * item.partial_credit, points)
    marks = [*_all_done(defn), ItemMark("gloves", MarkValue.PARTIAL)]
    assert score_station(defn, marks).score == 9.5  # hand disinfection missed


# --------------------------------------------------------------------------- newborn (HBB)


def test_hbb_station_has_a_min_items_rule_with_starred_items(
    library: dict[str, StationDefinition],
) -> None:
    defn = library["newborn-resuscitation-hbb"]
    rule = defn.min_items
    assert rule is not None and rule.require_starred
    starred = {item.id for item in defn.items() if item.starred}
    assert starred == {"dries-thoroughly", "starts-ventilation", "applies-mask", "chest-movement-5"}
    assert len(defn.items()) == 11
    assert len(starred) < rule.count < len(defn.items())
    assert defn.pass_rule.mode == "fixed" and defn.pass_rule.pass_mark_pct is not None
    # The fixed mark never fails a candidate the item rule passes.
    assert defn.pass_rule.pass_mark_pct <= 100 * rule.count / len(defn.items())


def test_hbb_golden_minute_and_ventilation_rate(library: dict[str, StationDefinition]) -> None:
    defn = library["newborn-resuscitation-hbb"]
    golden = defn.item("starts-ventilation")
    assert isinstance(golden, TimedItem)
    # The baby is born at 01:00 of the active phase; the Golden Minute ends 60 s later.
    assert golden.within_s - 60 == 60 and golden.late_credit == 0
    rate = defn.item("ventilation-rate")
    assert isinstance(rate, ThreePointItem) and rate.partial_label is not None


def test_hbb_pass_needs_enough_items_and_every_starred_one(
    library: dict[str, StationDefinition],
) -> None:
    defn = library["newborn-resuscitation-hbb"]
    two_unstarred_missed = _all_done(defn, leave_out=("prepares-for-birth", "chest-movement-10"))
    assert score_station(defn, two_unstarred_missed).outcome is Outcome.PASS

    three_missed = _all_done(
        defn, leave_out=("prepares-for-birth", "chest-movement-10", "cuts-cord")
    )
    assert score_station(defn, three_missed).outcome is Outcome.FAIL

    one_starred_missed = _all_done(defn, leave_out=("applies-mask",))
    result = score_station(defn, one_starred_missed)
    assert result.outcome is Outcome.FAIL
    assert any("applies-mask" in reason for reason in result.reasons)

    late = [*_all_done(defn), ItemMark("starts-ventilation", MarkValue.DONE, t_s=125)]
    assert score_station(defn, late).outcome is Outcome.FAIL  # ventilated after the minute


# --------------------------------------------------------------------------- WHO hand rub


def test_hand_rub_steps_timing_and_three_step_rating(library: dict[str, StationDefinition]) -> None:
    defn = library["who-hand-rub"]
    assert all(item.type in {"binary", "timed"} for item in defn.items())
    timed = [item for item in defn.items() if isinstance(item, TimedItem)]
    assert [(t.id, t.within_s) for t in timed] == [("completes-within-30-s", 30)]
    assert defn.item("rubs-20-s").type == "binary"
    assert defn.global_rating is not None
    assert [s.id for s in defn.global_rating.steps] == ["fail", "borderline", "pass"]
    assert defn.global_rating.borderline == "borderline"
    on_time = score_station(defn, _all_done(defn))
    slow = score_station(defn, [*_all_done(defn), *_done("completes-within-30-s", t_s=41)])
    assert on_time.score - slow.score == 0.5


# --------------------------------------------------------------------------- the IHCA scenario


def test_scenario_has_timed_conditional_chained_and_manual_events(
    library: dict[str, StationDefinition],
) -> None:
    defn = library["scenario-adult-ihca"]
    assert defn.scenario is not None and defn.device is not None
    assert defn.device.profile == "adult"
    events = {event.id: event for event in defn.scenario.events}
    timed = [e for e in events.values() if e.at_s is not None and e.when is None]
    item_conditions = [e for e in events.values() if e.when is not None and e.when.item]
    metric_conditions = [e for e in events.values() if e.when is not None and e.when.metric]
    chained = [e for e in events.values() if e.after is not None]
    manual = [e for e in events.values() if e.manual]
    assert timed and item_conditions and metric_conditions and chained and manual
    prompt = events["prompt-compressions"]
    assert prompt.at_s is not None and prompt.when is not None
    assert (prompt.when.item, prompt.when.state) == ("starts-compressions", "not_done")
    low_ccf = events["pauses-too-long"].when
    assert low_ccf is not None and (low_ccf.metric, low_ccf.op, low_ccf.value) == ("ccf", "<", 0.6)
    assert defn.scenario.initial_vitals.rhythm == "sinus"
    assert events["arrest"].vitals is not None and events["arrest"].vitals.rhythm == "VF"
    items = {item.id for item in defn.items()}
    assert {"starts-compressions", "shocks-vf", "gives-adrenaline"} <= items
    assert isinstance(defn.item("gives-adrenaline"), TimedItem)
    timing = defn.timing
    assert (timing.reading_s, timing.active_s, timing.warning_at_s) == (120, 900, 780)


def test_scenario_runs_to_rosc_after_shock_and_adrenaline(
    library: dict[str, StationDefinition],
) -> None:
    defn = library["scenario-adult-ihca"]
    assert defn.scenario is not None
    runner = ScenarioRunner(defn.scenario)
    done_at = {"calls-arrest-team": 70.0, "starts-compressions": 72.0, "shocks-vf": 150.0}
    done_at["gives-adrenaline"] = 420.0
    fired: dict[str, float] = {}
    for t in range(0, 901, 5):
        done = {item: at for item, at in done_at.items() if at <= t}
        for event in runner.update(float(t), items_done=done, metrics={"ccf": 0.85}):
            fired[event.event_id] = event.t_s
    assert fired == {
        "handover": 0.0,
        "arrest": 60.0,
        "saturation-falls": 60.0,
        "team-called": 70.0,
        "team-arrives": 250.0,
        "adrenaline-given": 420.0,
        "rosc": 540.0,
    }
    # Compressions began in time and the CPR was good, so neither prompt came.
    assert runner.status("prompt-compressions") is EventStatus.MISSED
    assert runner.status("pauses-too-long") is EventStatus.MISSED
    assert runner.vitals(59).rhythm == "sinus"
    assert runner.vitals(61).hr == 0 and runner.vitals(61).rhythm == "VF"
    assert runner.vitals(90).spo2 == 60
    after = runner.vitals(600)
    assert after.rhythm == "sinus" and after.hr == 104 and after.etco2 == 38


def test_scenario_prompts_a_hesitant_team(library: dict[str, StationDefinition]) -> None:
    defn = library["scenario-adult-ihca"]
    assert defn.scenario is not None
    runner = ScenarioRunner(defn.scenario)
    fired = [e.event_id for t in (0, 60, 90, 240) for e in runner.update(t, metrics={"ccf": 0.4})]
    assert "prompt-compressions" in fired and "pauses-too-long" in fired
    assert {e.id for e in runner.manual_events} == {"iv-access-fails", "relative-arrives"}
    assert runner.fire("relative-arrives", 300).manual


def test_bundled_directory_is_the_package_folder() -> None:
    folder = bundled_library_dir()
    assert folder == Path(__file__).resolve().parent.parent / "assessments" / "library"


def test_text_walk_reaches_every_kind_of_text(library: dict[str, StationDefinition]) -> None:
    """The translation check is only as good as its walk: make sure it sees anchors,
    partial labels, grade labels, event messages and phrases, not just titles."""
    places = {where for defn in library.values() for where, _ in _texts(defn)}

    def seen(fragment: str) -> bool:
        return any(fragment in where for where in places)

    for fragment in (
        "title",
        ".text",
        ".help",
        ".anchors[",
        ".partial_label",
        "global_rating.steps[0].label",
        "scenario.events[0].message",
        "feedback_phrases[0]",
        "instructions.simulated_patient",
        "source.notes",
    ):
        assert seen(fragment), fragment
