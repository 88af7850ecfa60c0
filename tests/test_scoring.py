"""Hand-worked scoring examples: each test states a rule of docs/scoring.md and a case
worked out on paper."""

from __future__ import annotations

import math
from typing import Any

import pytest
from exam_support import judge_exam

from assessments.definitions.model import StationDefinition
from assessments.scoring import (
    ExamRule,
    ItemMark,
    ItemScore,
    ItemState,
    MarkValue,
    Outcome,
    ScoringError,
    StationScore,
    judge_device_item,
    resolve_marks,
    score_station,
    validate_mark,
)

DONE, PARTIAL, NOT_DONE = MarkValue.DONE, MarkValue.PARTIAL, MarkValue.NOT_DONE


def station(items: list[dict[str, Any]], **extra: Any) -> StationDefinition:
    """A one-section OSCE station with the given items; ``extra`` sets top-level keys."""
    data: dict[str, Any] = {
        "id": "test-station",
        "version": "1",
        "kind": "osce",
        "title": "Test station",
        "timing": {"active_s": 480},
        "sections": [{"id": "main", "title": "Main", "items": items}],
        "pass_rule": {"mode": "fixed", "pass_mark_pct": 70},
    }
    data.update(extra)
    return StationDefinition.model_validate(data)


def item(item_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": item_id, "text": item_id.replace("_", " "), "type": "binary", **fields}


def marks(**values: MarkValue | int) -> list[ItemMark]:
    return [ItemMark(item_id, value) for item_id, value in values.items()]


def by_id(result: StationScore) -> dict[str, ItemScore]:
    return {s.item_id: s for s in result.items}


# --------------------------------------------------------------------------- IV cannulation

# Peripheral IV cannulation with weighted items, BMC Medical Education 2022, Table 1.
MATERIAL = ["catheter", "tourniquet", "alcohol", "plaster", "swab"]


def iv_cannulation() -> StationDefinition:
    half = {"type": "three_point", "partial_credit": 0.5}
    return StationDefinition.model_validate(
        {
            "id": "iv-cannulation",
            "version": "1",
            "kind": "osce",
            "title": "Peripheral IV cannulation",
            "source": {"citation": "BMC Medical Education 2022, Table 1 (weighted checklist)"},
            "timing": {"active_s": 600},
            "sections": [
                {
                    "id": "material",
                    "title": "Assembles material",
                    "items": [
                        *(item(f"material_{m}", weight=0.16) for m in MATERIAL),
                        item("material_sharps_container", weight=0.20),
                    ],
                },
                {
                    "id": "procedure",
                    "title": "Procedure",
                    "items": [
                        # 0.5 of 1.0 when hand disinfection was missed
                        item("gloves_on", weight=1.0, **half),
                        item("tourniquet_on", weight=0.5),
                        item("tourniquet_off", weight=0.5),
                        item("skin_cleaned", weight=0.5),
                        item("alcohol_dried_30s", weight=0.5),
                        # 0.25 of 0.5 when a second attempt was needed
                        item("needle_inserted", weight=0.5, **half),
                        item("sterile_insertion", weight=0.5),
                        # 0.5 of 1.0 when the needle was left on the tray
                        item("needle_into_sharps_bin", weight=1.0, **half),
                        item("catheter_fixed", weight=1.0),
                        item("infusion_started", weight=1.0),
                        item("informs_patient", weight=0.5),
                        item("structured_sequence", weight=1.0),
                        item("hand_hygiene_after", weight=0.5),
                    ],
                },
            ],
            "pass_rule": {"mode": "fixed", "pass_mark_pct": 80},
        }
    )


def all_done(defn: StationDefinition) -> list[ItemMark]:
    return [ItemMark(i.id, DONE) for i in defn.items()]


def test_iv_cannulation_all_done_scores_the_full_ten_points() -> None:
    defn = iv_cannulation()
    result = score_station(defn, all_done(defn))
    assert result.max_score == 10.0
    assert result.score == 10.0
    assert result.percent == 100.0
    assert (result.raw_done, result.raw_total) == (19, 19)
    assert result.outcome is Outcome.PASS
    assert result.missing == ()


def test_iv_cannulation_material_weights_add_up_to_exactly_one_point() -> None:
    defn = iv_cannulation()
    material = [i.id for i in defn.sections[0].items]
    result = score_station(defn, [ItemMark(i, DONE) for i in material])
    assert result.score == 1.0  # 5 × 0.16 + 0.20


def test_iv_cannulation_scores_are_rounded_so_sums_compare_sensibly() -> None:
    # 0.16 + 0.16 + 0.16 + 0.20 is 0.6799999999999999 in floating point.
    assert 0.16 + 0.16 + 0.16 + 0.20 != 0.68
    defn = iv_cannulation()
    done = ["material_catheter", "material_tourniquet", "material_alcohol"]
    result = score_station(defn, [ItemMark(i, DONE) for i in [*done, "material_sharps_container"]])
    assert result.score == 0.68
    assert result.percent == 6.8


def test_iv_cannulation_partial_credits_worked_by_hand() -> None:
    # Plaster forgotten (-0.16), no hand disinfection before gloves (1.0 -> 0.5), second
    # attempt at the needle (0.5 -> 0.25), needle left on the tray (1.0 -> 0.5):
    # 10 - 0.16 - 0.5 - 0.25 - 0.5 = 8.59 points, 85.9 %.
    defn = iv_cannulation()
    given = {m.item_id: m for m in all_done(defn)}
    given["material_plaster"] = ItemMark("material_plaster", NOT_DONE)
    for partly in ("gloves_on", "needle_inserted", "needle_into_sharps_bin"):
        given[partly] = ItemMark(partly, PARTIAL)
    result = score_station(defn, given.values())

    items = by_id(result)
    assert items["gloves_on"].points == 0.5
    assert items["needle_inserted"].points == 0.25
    assert items["needle_into_sharps_bin"].points == 0.5
    assert items["material_plaster"].points == 0.0
    assert items["gloves_on"].state is ItemState.PARTIAL
    assert "50 %" in items["gloves_on"].reason
    assert result.score == 8.59
    assert result.percent == 85.9
    assert (result.raw_done, result.raw_total) == (15, 19)
    assert result.outcome is Outcome.PASS
    assert result.pass_mark_pct == 80
    assert result.reasons[-1] == "85.9 % meets the pass mark of 80 %"


def test_iv_cannulation_below_the_pass_mark_fails() -> None:
    defn = iv_cannulation()
    given = {m.item_id: m for m in all_done(defn)}
    for missed in ("catheter_fixed", "infusion_started", "structured_sequence"):
        given[missed] = ItemMark(missed, NOT_DONE)
    result = score_station(defn, given.values())
    assert result.score == 7.0
    assert result.outcome is Outcome.FAIL
    assert result.reasons == ("70 % is below the pass mark of 80 %",)


# --------------------------------------------------------------------------- several marks


def test_the_last_mark_for_an_item_counts() -> None:
    defn = station([item("a"), item("b")])
    given = [ItemMark("a", DONE), ItemMark("b", NOT_DONE), ItemMark("a", NOT_DONE)]
    assert by_id(score_station(defn, given))["a"].state is ItemState.NOT_DONE
    given.append(ItemMark("a", DONE))
    assert by_id(score_station(defn, given))["a"].state is ItemState.DONE


@pytest.mark.parametrize("override_first", [True, False])
def test_an_override_beats_device_marks_whatever_the_order(override_first: bool) -> None:
    defn = station([item("depth", type="device", rule="pct_depth_ok >= 70")])
    override = ItemMark("depth", NOT_DONE, source="override")
    device = ItemMark("depth", DONE, source="device")
    given = [override, device] if override_first else [device, override]
    scored = by_id(score_station(defn, given))["depth"]
    assert scored.state is ItemState.NOT_DONE
    assert scored.mark == override
    assert "override" in scored.reason


def test_an_examiner_mark_after_an_override_counts() -> None:
    given = [
        ItemMark("depth", NOT_DONE, source="override"),
        ItemMark("depth", DONE, source="examiner"),
        ItemMark("depth", NOT_DONE, source="device"),
    ]
    assert resolve_marks(given)["depth"] == given[1]


def test_without_an_override_the_last_device_mark_counts() -> None:
    given = [ItemMark("x", NOT_DONE), ItemMark("x", DONE, source="device")]
    assert resolve_marks(given)["x"] == given[1]


# --------------------------------------------------------------------------- item types


def test_binary_item_done_earns_its_weight_not_done_nothing() -> None:
    defn = station([item("a", weight=2), item("b", weight=3)])
    result = score_station(defn, marks(a=DONE, b=NOT_DONE))
    assert (by_id(result)["a"].points, by_id(result)["b"].points) == (2.0, 0.0)
    assert result.percent == 40.0


def test_three_point_partial_earns_the_partial_credit() -> None:
    defn = station([item("a", type="three_point", weight=2, partial_credit=0.25)])
    scored = by_id(score_station(defn, marks(a=PARTIAL)))["a"]
    assert (scored.state, scored.credit, scored.points) == (ItemState.PARTIAL, 0.25, 0.5)


@pytest.mark.parametrize(
    ("rating", "state", "credit"),
    [
        (1, ItemState.NOT_DONE, 0.0),
        (2, ItemState.PARTIAL, 0.25),
        (3, ItemState.PARTIAL, 0.5),
        (5, ItemState.DONE, 1.0),
    ],
)
def test_rating_credit_is_r_minus_one_over_n_minus_one(
    rating: int, state: ItemState, credit: float
) -> None:
    defn = station([item("rapport", type="rating", scale_max=5, weight=4)])
    scored = by_id(score_station(defn, marks(rapport=rating)))["rapport"]
    assert (scored.state, scored.credit, scored.points) == (state, credit, 4 * credit)
    assert scored.reason == f"rated {rating} of 5"


def test_rating_thirds_are_rounded_to_six_decimals() -> None:
    defn = station([item("r", type="rating", scale_max=4, weight=1)])
    assert by_id(score_station(defn, marks(r=2)))["r"].points == 0.333333


# Helping Babies Breathe: ventilation starts within the Golden Minute (60 s of birth).
def golden_minute(late_credit: float = 0.0, critical: bool = False) -> StationDefinition:
    return station(
        [
            item(
                "ventilation_started",
                type="timed",
                within_s=60,
                late_credit=late_credit,
                weight=2,
                critical=critical,
            )
        ]
    )


@pytest.mark.parametrize("t_s", [0.0, 42.5, 60.0])
def test_timed_item_done_in_time_earns_full_credit(t_s: float) -> None:
    scored = by_id(score_station(golden_minute(), [ItemMark("ventilation_started", DONE, t_s)]))
    assert (scored["ventilation_started"].state, scored["ventilation_started"].points) == (
        ItemState.DONE,
        2.0,
    )


def test_timed_item_done_late_without_late_credit_is_not_done() -> None:
    result = score_station(golden_minute(), [ItemMark("ventilation_started", DONE, 75)])
    scored = by_id(result)["ventilation_started"]
    assert (scored.state, scored.points) == (ItemState.NOT_DONE, 0.0)
    assert "done at 75 s, later than 60 s" in scored.reason


def test_timed_item_done_late_earns_the_late_credit() -> None:
    result = score_station(golden_minute(0.5), [ItemMark("ventilation_started", DONE, 75)])
    scored = by_id(result)["ventilation_started"]
    assert (scored.state, scored.credit, scored.points) == (ItemState.PARTIAL, 0.5, 1.0)
    assert "done at 75 s, later than 60 s" in scored.reason


def test_a_critical_timed_item_done_late_fails_the_station() -> None:
    defn = golden_minute(late_credit=0.5, critical=True)
    result = score_station(defn, [ItemMark("ventilation_started", DONE, 61)])
    assert result.outcome is Outcome.CRITICAL_FAIL


def test_timed_item_not_done_needs_no_time() -> None:
    result = score_station(golden_minute(), [ItemMark("ventilation_started", NOT_DONE)])
    assert by_id(result)["ventilation_started"].state is ItemState.NOT_DONE


# CPR compression depth judged by a feedback manikin.
DEPTH = item("depth_ok", type="device", rule="pct_depth_ok >= 70", weight=2)


def test_device_item_is_judged_from_the_metrics() -> None:
    result = score_station(station([DEPTH]), [], metrics={"pct_depth_ok": 64})
    scored = by_id(result)["depth_ok"]
    assert scored.state is ItemState.NOT_DONE
    assert scored.reason == "pct_depth_ok = 64 < 70"
    assert scored.mark == ItemMark("depth_ok", NOT_DONE, source="device")

    scored = by_id(score_station(station([DEPTH]), [], metrics={"pct_depth_ok": 82.5}))["depth_ok"]
    assert (scored.state, scored.points, scored.reason) == (
        ItemState.DONE,
        2.0,
        "pct_depth_ok = 82.5 >= 70",
    )


def test_device_rule_reasons_name_the_failed_comparison() -> None:
    pause = item("pauses", type="device", rule="longest_pause_s <= 10")
    result = score_station(station([pause]), [], metrics={"longest_pause_s": 12})
    assert by_id(result)["pauses"].reason == "longest_pause_s = 12 > 10"


@pytest.mark.parametrize(
    "metrics", [None, {}, {"pct_depth_ok": None}, {"pct_depth_ok": math.nan}, {"ccf": 0.9}]
)
def test_device_item_without_data_is_missing(metrics: dict[str, float | None] | None) -> None:
    result = score_station(station([DEPTH]), [], metrics=metrics)
    scored = by_id(result)["depth_ok"]
    assert (scored.state, scored.points, scored.reason) == (
        ItemState.MISSING,
        0.0,
        "no device data",
    )
    assert result.missing == ("depth_ok",)


def test_an_explicit_mark_beats_the_device_metrics() -> None:
    result = score_station(
        station([DEPTH]),
        [ItemMark("depth_ok", DONE, source="override")],
        metrics={"pct_depth_ok": 10},
    )
    assert by_id(result)["depth_ok"].state is ItemState.DONE


def test_judge_device_item() -> None:
    depth = station([DEPTH]).items()[0]
    assert depth.type == "device"
    assert judge_device_item(depth, {"pct_depth_ok": 70}) == ItemMark(
        "depth_ok", DONE, source="device"
    )
    assert judge_device_item(depth, {"pct_depth_ok": 69.9}) == ItemMark(
        "depth_ok", NOT_DONE, source="device"
    )
    assert judge_device_item(depth, {"pct_depth_ok": None}) is None
    assert judge_device_item(depth, {}) is None


# --------------------------------------------------------------------------- missing marks


def test_items_without_a_mark_are_missing_and_earn_nothing() -> None:
    defn = station([item("a"), item("b"), item("c")])
    result = score_station(defn, marks(b=DONE))
    assert result.missing == ("a", "c")
    assert by_id(result)["a"].state is ItemState.MISSING
    assert by_id(result)["a"].reason == "not marked"
    assert result.score == 1.0
    assert result.max_score == 3.0


# --------------------------------------------------------------------------- critical items


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ([ItemMark("airway", NOT_DONE)], "was not done"),
        ([], "has no mark"),
        ([ItemMark("airway", PARTIAL)], "safety failure"),
    ],
)
def test_a_critical_item_short_of_done_fails_the_station(given: list[ItemMark], why: str) -> None:
    defn = station(
        [item("airway", type="three_point", critical=True), *(item(f"x{i}") for i in range(19))]
    )
    others = [ItemMark(f"x{i}", DONE) for i in range(19)]
    result = score_station(defn, [*others, *given])
    assert result.percent is not None and result.percent >= 95
    assert result.outcome is Outcome.CRITICAL_FAIL
    assert result.critical_failed == ("airway",)
    assert why in result.reasons[0]
    assert "airway" in result.reasons[0]


def test_critical_fail_dominates_a_failed_minimum_items_rule() -> None:
    defn = station(
        [item("a", critical=True), item("b")], min_items={"count": 2, "require_starred": False}
    )
    result = score_station(defn, marks(a=NOT_DONE, b=DONE))
    assert result.outcome is Outcome.CRITICAL_FAIL
    assert result.min_items_met is False
    assert len(result.reasons) == 3  # critical item, too few items, below the pass mark


def test_a_critical_item_done_does_not_fail_the_station() -> None:
    defn = station([item("a", critical=True), item("b")])
    result = score_station(defn, marks(a=DONE, b=DONE))
    assert result.outcome is Outcome.PASS
    assert result.critical_failed == ()


# --------------------------------------------------------------------------- min items


# Helping Babies Breathe OSCE A: a minimum number of items AND every starred item.
def hbb() -> StationDefinition:
    return station(
        [
            item("prepares", starred=True),
            item("dries", starred=True),
            item("keeps_warm"),
            item("stimulates"),
            item("mask_fit", type="three_point"),
        ],
        min_items={"count": 3},
        pass_rule={"mode": "fixed", "pass_mark_pct": 0},
    )


def test_min_items_met() -> None:
    result = score_station(hbb(), marks(prepares=DONE, dries=DONE, keeps_warm=DONE))
    assert result.min_items_met is True
    assert result.outcome is Outcome.PASS
    assert result.reasons == (
        "60 % meets the pass mark of 0 %",
        "minimum-items rule met: 3 items done, 3 needed, every starred item done",
    )


def test_min_items_fails_naming_the_starred_items_not_done() -> None:
    given = marks(prepares=NOT_DONE, keeps_warm=DONE, stimulates=DONE, mask_fit=DONE)
    result = score_station(hbb(), given)
    assert result.min_items_met is False
    assert result.outcome is Outcome.FAIL
    assert result.reasons == ("starred items not done: 'prepares', 'dries'",)


def test_min_items_partial_does_not_count_as_done() -> None:
    given = marks(prepares=DONE, dries=DONE, mask_fit=PARTIAL)
    result = score_station(hbb(), given)
    assert result.min_items_met is False
    assert result.reasons == ("2 items done, fewer than the 3 needed",)


def test_min_items_without_require_starred_ignores_stars() -> None:
    defn = station(
        [item("a", starred=True), item("b"), item("c")],
        min_items={"count": 2, "require_starred": False},
        pass_rule={"mode": "fixed", "pass_mark_pct": 50},
    )
    result = score_station(defn, marks(a=NOT_DONE, b=DONE, c=DONE))
    assert result.min_items_met is True
    assert result.outcome is Outcome.PASS


def test_no_min_items_rule_gives_none() -> None:
    assert score_station(station([item("a")]), marks(a=DONE)).min_items_met is None


# --------------------------------------------------------------------------- excluded items


def test_excluded_items_count_neither_in_score_nor_max() -> None:
    defn = station([item("a", weight=2), item("b", weight=3), item("c", weight=5)])
    result = score_station(defn, marks(a=DONE, b=DONE, c=DONE), excluded_items={"c"})
    assert (result.score, result.max_score, result.percent) == (5.0, 5.0, 100.0)
    assert (result.raw_done, result.raw_total) == (2, 2)
    assert result.excluded == ("c",)
    c = by_id(result)["c"]
    assert (c.state, c.points, c.max_points) == (ItemState.EXCLUDED, 0.0, 0.0)


def test_an_excluded_item_is_not_missing_nor_a_critical_fail() -> None:
    defn = station([item("a"), item("flawed", critical=True, starred=True)], min_items={"count": 2})
    result = score_station(defn, marks(a=DONE), excluded_items=["flawed"])
    assert result.missing == ()
    assert result.critical_failed == ()
    # The rule's count of 2 is lowered by the one excluded item.
    assert result.min_items_met is True
    assert result.outcome is Outcome.PASS


def test_excluding_an_item_lowers_the_min_items_count() -> None:
    defn = station([item(x) for x in "abcd"], min_items={"count": 3})
    result = score_station(defn, marks(a=DONE, b=NOT_DONE, c=NOT_DONE), excluded_items={"d"})
    assert result.min_items_met is False
    assert (
        result.reasons[0] == "1 item done, fewer than the 2 needed (the rule's 3, less 1 excluded)"
    )


def test_everything_excluded_leaves_the_station_pending() -> None:
    defn = station([item("a"), item("b")])
    result = score_station(defn, marks(a=DONE), excluded_items=("a", "b"))
    assert result.percent is None
    assert result.max_score == 0.0
    assert result.outcome is Outcome.PENDING
    assert "nothing is left to score" in result.reasons[0]


def test_weightless_items_alone_leave_the_station_pending() -> None:
    result = score_station(station([item("a", weight=0)]), marks(a=DONE))
    assert (result.percent, result.outcome) == (None, Outcome.PENDING)


# --------------------------------------------------------------------------- pass rules


def test_a_percentage_exactly_on_the_pass_mark_passes() -> None:
    defn = station([item(f"i{n}", weight=0.1) for n in range(10)])
    given = [ItemMark(f"i{n}", DONE if n < 7 else NOT_DONE) for n in range(10)]
    result = score_station(defn, given)
    assert result.percent == 70.0
    assert result.outcome is Outcome.PASS


def test_standard_setting_without_a_cut_score_is_pending() -> None:
    defn = station([item("a")], pass_rule={"mode": "standard_setting"})
    result = score_station(defn, marks(a=DONE))
    assert result.outcome is Outcome.PENDING
    assert result.pass_mark_pct is None
    assert "standard setting" in result.reasons[0]


@pytest.mark.parametrize(("cut", "outcome"), [(50.0, Outcome.PASS), (50.5, Outcome.FAIL)])
def test_standard_setting_compares_with_the_cut_score(cut: float, outcome: Outcome) -> None:
    defn = station([item("a"), item("b")], pass_rule={"mode": "standard_setting"})
    result = score_station(defn, marks(a=DONE, b=NOT_DONE), cut_score_pct=cut)
    assert result.outcome is outcome
    assert result.pass_mark_pct == cut
    assert "cut score" in result.reasons[-1]


def test_a_fixed_pass_mark_is_not_replaced_by_a_cut_score() -> None:
    defn = station([item("a"), item("b")])  # fixed at 70 %
    result = score_station(defn, marks(a=DONE, b=NOT_DONE), cut_score_pct=40)
    assert result.outcome is Outcome.FAIL
    assert result.pass_mark_pct == 70


def test_a_failed_min_items_rule_dominates_the_pass_mark() -> None:
    defn = station(
        [item("a", starred=True), item("b")],
        min_items={"count": 1},
        pass_rule={"mode": "fixed", "pass_mark_pct": 10},
    )
    result = score_station(defn, marks(a=NOT_DONE, b=DONE))
    assert result.percent == 50.0
    assert result.outcome is Outcome.FAIL


# --------------------------------------------------------------------------- grade

GLOBAL = {
    "steps": [
        {"id": "fail", "label": "Fail"},
        {"id": "borderline", "label": "Borderline"},
        {"id": "pass", "label": "Pass"},
    ],
    "borderline": "borderline",
}


def test_the_grade_is_carried_and_does_not_change_the_outcome() -> None:
    defn = station([item("a")], global_rating=GLOBAL)
    result = score_station(defn, marks(a=DONE), grade=0)
    assert (result.grade, result.outcome) == (0, Outcome.PASS)


@pytest.mark.parametrize("grade", [-1, 3, True])
def test_a_grade_off_the_scale_is_refused(grade: int) -> None:
    defn = station([item("a")], global_rating=GLOBAL)
    with pytest.raises(ScoringError, match="off the global rating"):
        score_station(defn, marks(a=DONE), grade=grade)


def test_a_grade_without_a_global_rating_is_refused() -> None:
    with pytest.raises(ScoringError, match="no global rating"):
        score_station(station([item("a")]), marks(a=DONE), grade=1)


# --------------------------------------------------------------------------- bad input


STATION = station(
    [
        item("b"),
        item("t3", type="three_point"),
        item("r", type="rating", scale_max=5),
        item("tm", type="timed", within_s=60),
        DEPTH,
    ]
)


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        (ItemMark("nope", DONE), "has no item 'nope'"),
        (ItemMark("b", PARTIAL), "'partial' does not fit: a binary item"),
        (ItemMark("depth_ok", PARTIAL), "'partial' does not fit: a device item"),
        (ItemMark("tm", PARTIAL), "'partial' does not fit: a timed item"),
        (ItemMark("b", 3), "not with a rating"),
        (ItemMark("r", 0), "from 1 to 5, not 0"),
        (ItemMark("r", 6), "from 1 to 5, not 6"),
        (ItemMark("r", DONE), "from 1 to 5"),
        (ItemMark("b", True), "neither a rating"),
        (ItemMark("tm", DONE), "needs the time it was done"),
        (ItemMark("b", DONE, t_s=-1), "not a number of seconds"),
        (ItemMark("b", DONE, t_s=math.inf), "not a number of seconds"),
        (ItemMark("b", "maybe"), "'maybe' is not one of done, partial, not_done"),  # type: ignore[arg-type]
        (ItemMark("b", DONE, source="robot"), "source 'robot'"),  # type: ignore[arg-type]
    ],
)
def test_marks_that_do_not_fit_their_item_are_refused(mark: ItemMark, message: str) -> None:
    with pytest.raises(ScoringError, match=message) as info:
        validate_mark(STATION, mark)
    assert "station 'test-station' (version 1)" in str(info.value)
    with pytest.raises(ScoringError, match=message):
        score_station(STATION, [mark])


@pytest.mark.parametrize(
    "mark",
    [
        ItemMark("b", DONE),
        ItemMark("t3", PARTIAL),
        ItemMark("r", 1),
        ItemMark("r", 5),
        ItemMark("tm", DONE, t_s=12.5),
        ItemMark("tm", NOT_DONE),
        ItemMark("depth_ok", NOT_DONE, source="override"),
        ItemMark("b", "done"),  # type: ignore[arg-type]  # plain strings as stored
    ],
)
def test_marks_that_fit_are_accepted(mark: ItemMark) -> None:
    validate_mark(STATION, mark)


def test_a_plain_string_value_scores_like_the_enum() -> None:
    result = score_station(STATION, [ItemMark("b", "done")])  # type: ignore[arg-type]
    assert by_id(result)["b"].state is ItemState.DONE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"excluded_items": {"ghost"}}, "no item\\(s\\) 'ghost' to exclude"),
        ({"excluded_items": "b"}, "not the single string"),
        ({"cut_score_pct": 101}, "not a percentage"),
        ({"cut_score_pct": math.nan}, "not a percentage"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ScoringError, match=message):
        score_station(STATION, [], **kwargs)


def test_scoring_error_is_a_value_error() -> None:
    assert issubclass(ScoringError, ValueError)


# --------------------------------------------------------------------------- exam


def result(outcome: Outcome, percent: float | None) -> StationScore:
    """A station result with only what the exam rules read."""
    return StationScore(
        station_id="s",
        version="1",
        score=0.0 if percent is None else percent,
        max_score=0.0 if percent is None else 100.0,
        percent=percent,
        raw_done=0,
        raw_total=0,
        items=(),
        missing=(),
        critical_failed=(),
        min_items_met=None,
        grade=None,
        outcome=outcome,
        reasons=(),
    )


P, F, C, Q = Outcome.PASS, Outcome.FAIL, Outcome.CRITICAL_FAIL, Outcome.PENDING


def test_exam_overall_is_the_mean_of_station_percents_leaving_out_none() -> None:
    exam = judge_exam([result(P, 80), result(F, 50), result(Q, None)], ExamRule(pass_mark_pct=60))
    assert exam.overall_pct == 65.0
    assert (exam.stations_passed, exam.stations_total) == (1, 3)
    assert exam.outcome == "pass"
    assert exam.reasons == ()


def test_exam_below_the_pass_mark_fails() -> None:
    exam = judge_exam([result(P, 60), result(P, 59)], ExamRule(pass_mark_pct=60))
    assert (exam.overall_pct, exam.outcome) == (59.5, "fail")
    assert exam.reasons[0].code == "overall_below_pass_mark"


def test_exam_needs_the_minimum_number_of_stations_passed() -> None:
    rule = ExamRule(pass_mark_pct=50, min_stations_passed=2)
    exam = judge_exam([result(P, 90), result(C, 80), result(F, 60)], rule)
    assert exam.overall_pct == pytest.approx(76.666667)
    assert exam.outcome == "fail"
    assert exam.reasons[-1].code == "too_few_stations_passed"
    assert exam.reasons[-1].values == {
        "passed": 1,
        "total": 3,
        "required": 2,
        "failed": ("s1", "s2"),
    }


def test_exam_pending_when_a_pending_station_could_decide() -> None:
    exam = judge_exam([result(P, 90), result(Q, 40)], ExamRule(min_stations_passed=2))
    assert exam.outcome == "pending"
    assert exam.reasons[0].code == "stations_pending"


def test_exam_not_pending_when_pending_stations_cannot_change_it() -> None:
    enough = judge_exam(
        [result(P, 90), result(P, 80), result(Q, 40)], ExamRule(min_stations_passed=2)
    )
    assert enough.outcome == "pass"
    hopeless = judge_exam(
        [result(F, 9), result(F, 8), result(Q, 40)], ExamRule(min_stations_passed=2)
    )
    assert hopeless.outcome == "fail"
    by_mark = judge_exam([result(P, 90), result(Q, 40)], ExamRule(pass_mark_pct=50))
    assert by_mark.outcome == "pass"


def test_exam_without_a_rule_or_stations_is_pending() -> None:
    assert judge_exam([result(P, 90)], ExamRule()).outcome == "pending"
    empty = judge_exam([], ExamRule(pass_mark_pct=50))
    assert (empty.overall_pct, empty.stations_passed, empty.stations_total) == (None, 0, 0)
    assert empty.outcome == "pending"
    assert [r.code for r in empty.reasons] == ["nothing_to_score"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"pass_mark_pct": -1},
        {"pass_mark_pct": 100.5},
        {"min_stations_passed": -1},
        {"min_stations_passed": 1.5},
    ],
)
def test_exam_rule_refuses_bad_values(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ScoringError):
        ExamRule(**kwargs)


def test_exam_on_real_station_scores() -> None:
    defn = iv_cannulation()
    full = score_station(defn, all_done(defn))
    partial = score_station(defn, [ItemMark(i.id, DONE) for i in defn.items()[:12]])
    exam = judge_exam([full, partial], ExamRule(pass_mark_pct=70, min_stations_passed=1))
    # material 1.0 + gloves 1.0 + five items of 0.5 (tourniquet on and off, skin cleaned,
    # alcohol dried, needle inserted) = 4.5 of 10 points
    assert partial.percent == 45.0
    assert exam.overall_pct == 72.5
    assert exam.outcome == "pass"
