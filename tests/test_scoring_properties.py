"""Properties of scoring that must hold for every definition and every set of marks.

The strategies build random valid station definitions (all five item types, weights,
critical and starred items, minimum-items rules, fixed and standard-setting pass rules)
and random valid marks for them.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from typing import Any

from exam_support import judge_exam
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.definitions.model import AnyItem, StationDefinition
from assessments.metrics import METRIC_NAMES
from assessments.scoring import (
    ExamRule,
    ItemMark,
    ItemState,
    MarkValue,
    Outcome,
    StationScore,
    score_station,
)

DONE, PARTIAL, NOT_DONE = MarkValue.DONE, MarkValue.PARTIAL, MarkValue.NOT_DONE
ITEM_TYPES = ["binary", "three_point", "rating", "timed", "device"]
SOURCES: list[Any] = ["examiner", "device", "override"]

# Weights as faculty write them, including the awkward binary fractions of the IV
# cannulation checklist (0.16, 0.20), plus arbitrary ones.
weights = st.one_of(
    st.sampled_from([0.0, 0.16, 0.2, 0.25, 0.5, 1.0, 2.0]),
    st.floats(min_value=0, max_value=10, allow_nan=False, allow_infinity=False),
)
fractions = st.floats(min_value=0.01, max_value=0.99)
seconds = st.floats(min_value=1, max_value=600)


@st.composite
def item_dicts(draw: st.DrawFn, index: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(ITEM_TYPES))
    data: dict[str, Any] = {
        "id": f"item{index}",
        "text": f"Item {index}",
        "type": kind,
        "weight": draw(weights),
        "critical": draw(st.sampled_from([False] * 7 + [True])),
        "starred": draw(st.booleans()),
    }
    if kind == "three_point":
        data["partial_credit"] = draw(fractions)
    elif kind == "rating":
        data["scale_max"] = draw(st.integers(2, 10))
    elif kind == "timed":
        data["within_s"] = draw(seconds)
        data["late_credit"] = draw(st.one_of(st.just(0.0), fractions))
    elif kind == "device":
        metric = draw(st.sampled_from(METRIC_NAMES))
        op = draw(st.sampled_from([">=", "<=", ">", "<", "=="]))
        data["rule"] = f"{metric} {op} {draw(st.integers(0, 100))}"
    return data


@st.composite
def definition_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid station definition as the dict faculty's YAML would give."""
    n = draw(st.integers(1, 8))
    items = [draw(item_dicts(i)) for i in range(n)]
    cuts = sorted(draw(st.lists(st.integers(1, n - 1), max_size=2, unique=True))) if n > 1 else []
    bounds = [0, *cuts, n]
    sections = [
        {"id": f"s{k}", "title": f"Section {k}", "items": items[a:b]}
        for k, (a, b) in enumerate(itertools.pairwise(bounds))
    ]
    data: dict[str, Any] = {
        "id": "generated",
        "version": "1.0",
        "kind": "osce",
        "title": "Generated station",
        "timing": {"active_s": 600},
        "sections": sections,
    }
    if draw(st.booleans()):
        data["min_items"] = {
            "count": draw(st.integers(0, n + 1)),
            "require_starred": draw(st.booleans()),
        }
    if draw(st.booleans()):
        data["pass_rule"] = {
            "mode": "fixed",
            "pass_mark_pct": draw(st.floats(min_value=0, max_value=100)),
        }
    else:
        data["pass_rule"] = {"mode": "standard_setting"}
    if draw(st.booleans()):
        data["global_rating"] = {
            "steps": [{"id": s, "label": s} for s in ("fail", "borderline", "pass")],
            "borderline": "borderline",
        }
    return data


definitions = definition_dicts().map(StationDefinition.model_validate)


def mark_for(item: AnyItem) -> st.SearchStrategy[ItemMark]:
    """Any valid mark for ``item``, from any source."""
    t_s = st.one_of(st.none(), st.floats(min_value=0, max_value=1200))
    if item.type == "rating":
        values: st.SearchStrategy[Any] = st.integers(1, item.scale_max)
    elif item.type == "three_point":
        values = st.sampled_from([DONE, PARTIAL, NOT_DONE])
    else:
        values = st.sampled_from([DONE, NOT_DONE])
    if item.type == "timed":
        # A timed item marked done needs its time.
        limit = 2 * item.within_s
        return st.one_of(
            st.builds(ItemMark, st.just(item.id), st.just(NOT_DONE), t_s, st.sampled_from(SOURCES)),
            st.builds(
                ItemMark,
                st.just(item.id),
                st.just(DONE),
                st.floats(min_value=0, max_value=limit),
                st.sampled_from(SOURCES),
            ),
        )
    return st.builds(ItemMark, st.just(item.id), values, t_s, st.sampled_from(SOURCES))


def marks_for(defn: StationDefinition) -> st.SearchStrategy[list[ItemMark]]:
    """Marks for random items of ``defn``, several per item possible, in random order."""
    return st.lists(st.sampled_from(defn.items()).flatmap(mark_for), max_size=20)


metric_values = st.dictionaries(
    st.sampled_from(METRIC_NAMES),
    st.one_of(st.none(), st.floats(min_value=0, max_value=200)),
)


@st.composite
def encounters(draw: st.DrawFn) -> dict[str, Any]:
    """A definition with a random encounter on it: marks, metrics, cut score, exclusions."""
    defn = draw(definitions)
    ids = [i.id for i in defn.items()]
    return {
        "defn": defn,
        "marks": draw(marks_for(defn)),
        "metrics": draw(st.one_of(st.none(), metric_values)),
        "cut_score_pct": draw(st.one_of(st.none(), st.floats(min_value=0, max_value=100))),
        # Coordinators exclude an item now and then, rarely several.
        "excluded_items": frozenset(
            draw(st.one_of(st.just(set()), st.sets(st.sampled_from(ids), max_size=2)))
        ),
    }


def score(enc: dict[str, Any], **changes: Any) -> StationScore:
    args = {**enc, **changes}
    return score_station(
        args["defn"],
        args["marks"],
        metrics=args["metrics"],
        cut_score_pct=args["cut_score_pct"],
        excluded_items=args["excluded_items"],
    )


def done_mark(item: AnyItem) -> ItemMark:
    """A mark that makes ``item`` fully done."""
    if item.type == "rating":
        return ItemMark(item.id, item.scale_max)
    if item.type == "timed":
        return ItemMark(item.id, DONE, t_s=item.within_s)
    return ItemMark(item.id, DONE)


def not_done_mark(item: AnyItem) -> ItemMark:
    return ItemMark(item.id, 1 if item.type == "rating" else NOT_DONE)


# --------------------------------------------------------------------------- properties


@settings(deadline=None)
@given(encounters())
def test_score_lies_between_zero_and_max_and_percent_within_0_100(enc: dict[str, Any]) -> None:
    result = score(enc)
    counted = [i for i in enc["defn"].items() if i.id not in enc["excluded_items"]]
    assert result.max_score == round(math.fsum(round(i.weight, 6) for i in counted), 6)
    assert 0 <= result.score <= result.max_score
    for s in result.items:
        assert 0 <= s.credit <= 1
        assert 0 <= s.points <= s.max_points
    if result.max_score == 0:
        assert result.percent is None
        assert result.outcome in (Outcome.PENDING, Outcome.FAIL, Outcome.CRITICAL_FAIL)
    else:
        assert result.percent is not None
        assert 0 <= result.percent <= 100


@settings(deadline=None)
@given(encounters())
def test_missing_lists_exactly_the_counted_items_without_a_mark(enc: dict[str, Any]) -> None:
    enc = {**enc, "metrics": None}
    result = score(enc)
    marked = {m.item_id for m in enc["marks"]}
    expected = tuple(
        i.id
        for i in enc["defn"].items()
        if i.id not in marked and i.id not in enc["excluded_items"]
    )
    assert result.missing == expected


@settings(deadline=None)
@given(encounters(), st.data(), st.booleans())
def test_score_never_falls_when_an_item_goes_from_not_done_or_missing_to_done(
    enc: dict[str, Any], data: st.DataObject, was_marked: bool
) -> None:
    target = data.draw(st.sampled_from(enc["defn"].items()))
    others = [m for m in enc["marks"] if m.item_id != target.id]
    before_marks = [*others, not_done_mark(target)] if was_marked else others
    before = score(enc, marks=before_marks)
    after = score(enc, marks=[*others, done_mark(target)])

    assert after.score >= before.score
    assert after.raw_done >= before.raw_done
    if target.id not in enc["excluded_items"]:
        scored = {s.item_id: s for s in after.items}[target.id]
        assert scored.state is ItemState.DONE
        assert scored.points == round(target.weight, 6)


@settings(deadline=None)
@given(encounters(), st.data(), st.booleans())
def test_marking_an_item_done_never_turns_a_pass_into_a_fail(
    enc: dict[str, Any], data: st.DataObject, was_marked: bool
) -> None:
    target = data.draw(st.sampled_from(enc["defn"].items()))
    others = [m for m in enc["marks"] if m.item_id != target.id]
    # Start from any state of the target item, including partial credit.
    earlier = [m for m in enc["marks"] if m.item_id == target.id] if was_marked else []
    before = score(enc, marks=[*others, *earlier])
    after = score(enc, marks=[*others, *earlier, done_mark(target)])

    if before.outcome is Outcome.PASS:
        assert after.outcome is Outcome.PASS
    if before.outcome is not Outcome.CRITICAL_FAIL:
        assert after.outcome is not Outcome.CRITICAL_FAIL
    if before.min_items_met:
        assert after.min_items_met


@st.composite
def with_a_critical_item_not_done(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """An encounter in which one critical item ends not done, partly done, late or unmarked."""
    raw = draw(definition_dicts())
    items = [i for s in raw["sections"] for i in s["items"]]
    chosen = draw(st.sampled_from(items))
    chosen["critical"] = True
    defn = StationDefinition.model_validate(raw)
    item = defn.item(chosen["id"])
    marks = [m for m in draw(marks_for(defn)) if m.item_id != item.id]
    failing: list[ItemMark | None] = [None, not_done_mark(item)]
    if item.type == "three_point":
        failing.append(ItemMark(item.id, PARTIAL))
    if item.type == "rating":
        failing.append(ItemMark(item.id, draw(st.integers(1, item.scale_max - 1))))
    if item.type == "timed":
        late = draw(st.floats(min_value=item.within_s, max_value=10 * item.within_s))
        if late > item.within_s:
            failing.append(ItemMark(item.id, DONE, t_s=late))
    last = draw(st.sampled_from(failing))
    metrics = draw(st.one_of(st.none(), metric_values))
    if last is None and item.type == "device":
        metrics = None  # no device data: the item stays unmarked
    enc = {
        "defn": defn,
        "marks": marks if last is None else [*marks, last],
        "metrics": metrics,
        "cut_score_pct": draw(st.one_of(st.none(), st.floats(min_value=0, max_value=100))),
        "excluded_items": frozenset(draw(st.sets(st.sampled_from([i.id for i in defn.items()]))))
        - {item.id},
    }
    return enc, item.id


@settings(deadline=None)
@given(with_a_critical_item_not_done())
def test_a_critical_item_not_done_always_gives_critical_fail(
    case: tuple[dict[str, Any], str],
) -> None:
    enc, critical_id = case
    result = score(enc)
    assert result.outcome is Outcome.CRITICAL_FAIL
    assert critical_id in result.critical_failed
    assert any(repr(critical_id) in reason for reason in result.reasons)


@settings(deadline=None)
@given(encounters(), st.data())
def test_excluding_an_item_never_changes_other_items_points(
    enc: dict[str, Any], data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(enc["defn"].items()))
    before = score(enc)
    after = score(enc, excluded_items=enc["excluded_items"] | {target.id})

    for b, a in zip(before.items, after.items, strict=True):
        if a.item_id == target.id:
            assert (a.state, a.points, a.max_points) == (ItemState.EXCLUDED, 0.0, 0.0)
            assert target.id not in after.missing
            assert target.id not in after.critical_failed
            assert math.isclose(after.score, before.score - b.points, abs_tol=1e-5)
            assert math.isclose(after.max_score, before.max_score - b.max_points, abs_tol=1e-5)
        else:
            assert a == b


@settings(deadline=None)
@given(encounters(), st.data())
def test_the_order_of_marks_for_different_items_does_not_matter(
    enc: dict[str, Any], data: st.DataObject
) -> None:
    # Many marks on a few items (corrections, device marks, overrides), so that marks for
    # different items really interleave.
    few = enc["defn"].items()[:3]
    marks = [
        *enc["marks"],
        *data.draw(st.lists(st.sampled_from(few).flatmap(mark_for), min_size=2, max_size=30)),
    ]
    # Reorder the marks freely but keep each item's own marks in their order.
    queues: dict[str, deque[ItemMark]] = {}
    for m in marks:
        queues.setdefault(m.item_id, deque()).append(m)
    order = data.draw(st.permutations([m.item_id for m in marks]))
    shuffled = [queues[item_id].popleft() for item_id in order]
    assert score(enc, marks=shuffled) == score(enc, marks=marks)


@settings(deadline=None)
@given(encounters(), st.data())
def test_the_last_mark_for_an_item_counts_unless_overridden(
    enc: dict[str, Any], data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(enc["defn"].items()))
    extra = data.draw(mark_for(target))
    marks = [*enc["marks"], extra]
    result = score(enc, marks=marks, excluded_items=enc["excluded_items"] - {target.id})
    counted = {s.item_id: s for s in result.items}[target.id]
    own = [m for m in marks if m.item_id == target.id]
    overridden = any(m.source == "override" for m in own)
    if extra.source != "device" or not overridden:
        assert counted.mark == extra
    else:
        assert counted.mark == [m for m in own if m.source != "device"][-1]


@settings(deadline=None)
@given(encounters(), st.data())
def test_device_marks_after_an_override_change_nothing(
    enc: dict[str, Any], data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(enc["defn"].items()))
    override = data.draw(
        mark_for(target).map(lambda m: ItemMark(m.item_id, m.value, m.t_s, "override"))
    )
    device_marks = data.draw(
        st.lists(mark_for(target).map(lambda m: ItemMark(m.item_id, m.value, m.t_s, "device")))
    )
    with_override = [*enc["marks"], override]
    assert score(enc, marks=[*with_override, *device_marks]) == score(enc, marks=with_override)


# --------------------------------------------------------------------------- exam

station_outcomes = st.sampled_from(list(Outcome))


def station_result(outcome: Outcome, percent: float | None) -> StationScore:
    return StationScore(
        station_id="s",
        version="1",
        score=0.0,
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


station_results = st.builds(
    station_result,
    station_outcomes,
    st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
)
exam_rules = st.builds(
    ExamRule,
    st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
    st.one_of(st.none(), st.integers(0, 8)),
)


@settings(deadline=None)
@given(st.lists(station_results, max_size=8), exam_rules)
def test_an_exam_is_never_passed_when_it_fails_min_stations_passed(
    stations: list[StationScore], rule: ExamRule
) -> None:
    exam = judge_exam(stations, rule)
    passed = sum(1 for s in stations if s.outcome is Outcome.PASS)
    assert exam.stations_passed == passed
    if exam.outcome == "pass":
        assert rule.min_stations_passed is None or passed >= rule.min_stations_passed
        assert rule.pass_mark_pct is None or (
            exam.overall_pct is not None and exam.overall_pct >= rule.pass_mark_pct - 1e-6
        )
    pending = sum(1 for s in stations if s.outcome is Outcome.PENDING)
    if rule.min_stations_passed is not None and passed + pending < rule.min_stations_passed:
        assert exam.outcome == "fail"
    # Every result other than a pass says why.
    assert (exam.outcome == "pass") == (not exam.reasons)


@settings(deadline=None)
@given(st.lists(station_results, max_size=8), exam_rules, st.data())
def test_an_exam_is_pending_exactly_when_pending_stations_could_change_it(
    stations: list[StationScore], rule: ExamRule, data: st.DataObject
) -> None:
    exam = judge_exam(stations, rule)
    pending = [k for k, s in enumerate(stations) if s.outcome is Outcome.PENDING]

    def resolved(choice: list[Outcome]) -> str:
        settled = list(stations)
        for k, outcome in zip(pending, choice, strict=True):
            settled[k] = station_result(outcome, stations[k].percent)
        return judge_exam(settled, rule).outcome

    all_pass = resolved([Outcome.PASS] * len(pending))
    all_fail = resolved([Outcome.FAIL] * len(pending))
    if exam.outcome == "pending":
        # Pending because the stations could still go either way, or because there is
        # nothing to judge by (no rule, or no percentage for the pass mark).
        undecidable = (rule.pass_mark_pct is None and rule.min_stations_passed is None) or (
            rule.pass_mark_pct is not None and exam.overall_pct is None
        )
        assert all_pass != all_fail or (undecidable and all_pass == "pending")
    else:
        choice = data.draw(
            st.lists(
                st.sampled_from([Outcome.PASS, Outcome.FAIL]),
                min_size=len(pending),
                max_size=len(pending),
            )
        )
        assert all_pass == all_fail == resolved(choice) == exam.outcome


@settings(deadline=None)
@given(st.lists(station_results, max_size=8))
def test_exam_overall_is_the_mean_of_the_known_percents(stations: list[StationScore]) -> None:
    exam = judge_exam(stations, ExamRule(pass_mark_pct=50))
    known = [s.percent for s in stations if s.percent is not None]
    if known:
        assert exam.overall_pct is not None
        assert math.isclose(exam.overall_pct, sum(known) / len(known), abs_tol=1e-5)
        assert min(known) - 1e-6 <= exam.overall_pct <= max(known) + 1e-6
    else:
        assert exam.overall_pct is None
        assert exam.outcome == "pending"
