"""Scoring: from the examiner's checklist marks to a station result.

A candidate's exam result, from their station results, is the results model's
(:mod:`station.results.model`); :class:`ExamRule` here checks an exam rule's values.

Everything here is a pure function of the definition, the marks and a few numbers the
caller passes in (device metrics, the global grade, a cut score, the items a
coordinator excluded). Nothing is read from storage or the clock, so a result can be
recomputed at any time from what was recorded and will come out the same; reports,
the examiner's screen and re-scoring after an item is excluded all rely on that.

The rules are written for faculty in docs/scoring.md ("How a station is scored"); the
comments below say why each rule is the way it is.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, get_args

from assessments.definitions.model import (
    AnyItem,
    DeviceItem,
    DeviceRule,
    RatingItem,
    StationDefinition,
    ThreePointItem,
    TimedItem,
)
from common.messages import Message

__all__ = [
    "DECIMALS",
    "ExamRule",
    "ItemMark",
    "ItemScore",
    "ItemState",
    "MarkSource",
    "MarkValue",
    "Outcome",
    "ScoringError",
    "StationScore",
    "judge_device_item",
    "resolve_marks",
    "score_station",
    "validate_mark",
]

#: Points, scores and percentages are rounded to this many decimals. Weights such as
#: the IV-cannulation checklist's 0.16 and 0.20 (BMC Medical Education 2022, Table 1)
#: are not exact in binary floating point: 5 × 0.16 + 0.20 adds up to 1.0000000000000002.
#: Rounding makes that 1.0, so a candidate who did everything has exactly the maximum and
#: a percentage that lands on the pass mark is compared as equal to it.
DECIMALS = 6


def _round(value: float) -> float:
    # "+ 0.0" turns a negative zero into a plain zero, so results print and compare cleanly.
    return round(value, DECIMALS) + 0.0


# --------------------------------------------------------------------------- marks


class MarkValue(StrEnum):
    """What an examiner records for a non-rating item."""

    DONE = "done"
    PARTIAL = "partial"
    NOT_DONE = "not_done"


#: Who recorded a mark: the examiner, the station from a feedback device, or the
#: examiner overriding the device's judgement (the reason is stored with the encounter).
MarkSource = Literal["examiner", "device", "override"]
_SOURCES: frozenset[str] = frozenset(get_args(MarkSource))


@dataclass(frozen=True, slots=True)
class ItemMark:
    """One mark for one checklist item.

    ``value`` is a :class:`MarkValue`, or for a rating item the rating itself (an int
    from 1 to the item's ``scale_max``). ``t_s`` is when the item was marked, in seconds
    since the start of the active phase with paused time left out; a timed item is judged
    from it.
    """

    item_id: str
    value: MarkValue | int
    t_s: float | None = None
    source: MarkSource = "examiner"


class ScoringError(ValueError):
    """A mark, grade or setting that does not fit the station definition.

    The message names the station and the item and says what would be accepted, so the
    service can show it to the user as it is.
    """


# --------------------------------------------------------------------------- results


class ItemState(StrEnum):
    """How an item ended up, after the marks were read."""

    DONE = "done"
    PARTIAL = "partial"
    NOT_DONE = "not_done"
    MISSING = "missing"
    EXCLUDED = "excluded"


@dataclass(frozen=True, slots=True)
class ItemScore:
    """The scoring of one item: its state, the share of its weight earned (``credit``,
    0 to 1) and the points that gives. ``reason`` says in words how it was judged
    ("done at 75 s, later than 60 s", "pct_depth_ok = 64 < 70"). ``mark`` is the mark
    that counted, including one judged from device metrics; None when there was none."""

    item_id: str
    state: ItemState
    credit: float
    points: float
    max_points: float
    critical: bool
    starred: bool
    reason: str
    mark: ItemMark | None = None


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    CRITICAL_FAIL = "critical_fail"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class StationScore:
    """The result of one encounter at one station.

    ``score`` and ``max_score`` are weighted points over the items that count (excluded
    items left out); ``percent`` is ``100 · score / max_score``, None when nothing is left
    to score. ``raw_done`` / ``raw_total`` count items fully done over items counted.
    ``missing`` lists the items nobody marked: the completeness check a paper sheet lacks.
    ``grade`` is the examiner's global grade as a 0-based position on the station's
    global rating. ``reasons`` explain the outcome in plain words.
    """

    station_id: str
    version: str
    score: float
    max_score: float
    percent: float | None
    raw_done: int
    raw_total: int
    items: tuple[ItemScore, ...]
    missing: tuple[str, ...]
    critical_failed: tuple[str, ...]
    min_items_met: bool | None
    grade: int | None
    outcome: Outcome
    reasons: tuple[str, ...]
    #: Items a coordinator excluded from scoring, in definition order.
    excluded: tuple[str, ...] = ()
    #: The pass mark or cut score the percentage was compared with, None if none applied.
    pass_mark_pct: float | None = None


# --------------------------------------------------------------------------- checking marks


def _num(value: float) -> str:
    """A number as people write it: 75, 0.16, 64.5 (no trailing zeros, no 1e-05)."""
    if not math.isfinite(value):
        return str(value)
    text = f"{round(value, DECIMALS):.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _where(defn: StationDefinition, item_id: str) -> str:
    return f"station {defn.id!r} (version {defn.version}), item {item_id!r}"


def _normalise_value(value: object, where: str) -> MarkValue | int:
    """The mark value as a MarkValue or a rating; a plain string from storage is accepted."""
    if isinstance(value, bool):
        # bool is an int in Python; True is not a rating of 1.
        raise ScoringError(
            f"{where}: mark value {value!r} is neither a rating nor done/partial/not_done"
        )
    if isinstance(value, MarkValue | int):
        return value
    if isinstance(value, str):
        try:
            return MarkValue(value)
        except ValueError:
            pass
    allowed = ", ".join(v.value for v in MarkValue)
    raise ScoringError(f"{where}: mark value {value!r} is not one of {allowed} or a rating")


def _check_mark(defn: StationDefinition, item: AnyItem, mark: ItemMark) -> MarkValue | int:
    """Check one mark against its item; return its value normalised."""
    where = _where(defn, item.id)
    if mark.source not in _SOURCES:
        raise ScoringError(
            f"{where}: mark source {mark.source!r} is not one of {', '.join(sorted(_SOURCES))}"
        )
    if mark.t_s is not None and (
        isinstance(mark.t_s, bool)
        or not isinstance(mark.t_s, int | float)
        or not math.isfinite(mark.t_s)
        or mark.t_s < 0
    ):
        raise ScoringError(
            f"{where}: mark time {mark.t_s!r} is not a number of seconds from 0 upwards"
        )
    value = _normalise_value(mark.value, where)
    if isinstance(item, RatingItem):
        if isinstance(value, MarkValue) or not 1 <= value <= item.scale_max:
            raise ScoringError(
                f"{where}: a rating item takes a rating from 1 to {item.scale_max}, not {value!r}"
            )
        return value
    if not isinstance(value, MarkValue):
        raise ScoringError(
            f"{where}: a {item.type} item is marked done or not done, not with a rating "
            f"({value!r}); ratings are only for rating items"
        )
    if value is MarkValue.PARTIAL and not isinstance(item, ThreePointItem):
        why = {
            "binary": "a binary item is either done or not done",
            "timed": "a timed item earns partial credit only by being done late, "
            "which its time stamp decides",
            "device": "a device item is either done or not done",
        }[item.type]
        raise ScoringError(f"{where}: 'partial' does not fit: {why}")
    if isinstance(item, TimedItem) and value is MarkValue.DONE and mark.t_s is None:
        raise ScoringError(
            f"{where}: a timed item marked done needs the time it was done (t_s, seconds "
            "since the start of the active phase), to compare with its "
            f"{_num(item.within_s)} s limit"
        )
    return value


def _item_index(defn: StationDefinition) -> dict[str, AnyItem]:
    index: dict[str, AnyItem] = {}
    for item in defn.items():
        index.setdefault(item.id, item)
    return index


def _lookup(defn: StationDefinition, index: Mapping[str, AnyItem], item_id: str) -> AnyItem:
    try:
        return index[item_id]
    except KeyError:
        raise ScoringError(
            f"station {defn.id!r} (version {defn.version}) has no item {item_id!r}; "
            "the mark may belong to another station or to another version of this one"
        ) from None


def validate_mark(defn: StationDefinition, mark: ItemMark) -> None:
    """Raise :class:`ScoringError` unless ``mark`` fits its item in ``defn``.

    The service calls this before storing a mark, so that scoring never meets a mark it
    cannot read: an unknown item id, 'partial' on a binary item, a rating off the scale,
    a timed item marked done without a time.
    """
    _check_mark(defn, _lookup(defn, _item_index(defn), mark.item_id), mark)


def resolve_marks(marks: Iterable[ItemMark]) -> dict[str, ItemMark]:
    """The mark that counts for each item.

    The last mark given for an item counts, so an examiner can correct a mark by marking
    again. The one exception: once the examiner has overridden the device for an item,
    marks from the device no longer count for it, whatever their order (the device keeps
    sending its judgement while the examiner's override stands).
    """
    by_item: dict[str, list[ItemMark]] = {}
    for mark in marks:
        by_item.setdefault(mark.item_id, []).append(mark)
    counting: dict[str, ItemMark] = {}
    for item_id, item_marks in by_item.items():
        if any(m.source == "override" for m in item_marks):
            item_marks = [m for m in item_marks if m.source != "device"]
        counting[item_id] = item_marks[-1]
    return counting


# --------------------------------------------------------------------------- device items

_NEGATED = {">=": "<", "<=": ">", ">": "<=", "<": ">=", "==": "!="}


def _metric_value(metrics: Mapping[str, float | None] | None, name: str) -> float | None:
    """A metric's value, or None when the device gave none (absent, None or not a number)."""
    if metrics is None:
        return None
    value = metrics.get(name)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _rule_reason(rule: DeviceRule, value: float) -> str:
    op = rule.op if rule.holds(value) else _NEGATED[rule.op]
    return f"{rule.metric} = {_num(value)} {op} {_num(rule.threshold)}"


def judge_device_item(item: DeviceItem, metrics: Mapping[str, float | None]) -> ItemMark | None:
    """The device's judgement of ``item`` from the metrics, as a mark from the device:
    done when the item's rule holds, not done when it does not. None when the metric the
    rule names is absent, None or not a finite number (no data is not a failure)."""
    rule = item.device_rule
    value = _metric_value(metrics, rule.metric)
    if value is None:
        return None
    done = rule.holds(value)
    return ItemMark(item.id, MarkValue.DONE if done else MarkValue.NOT_DONE, source="device")


# --------------------------------------------------------------------------- items

_SOURCE_NOTE: dict[str, str] = {
    "examiner": "",
    "device": Message(" (judged by the device)"),
    "override": Message(" (examiner override)"),
}


def _judge(
    defn: StationDefinition,
    item: AnyItem,
    mark: ItemMark | None,
    metrics: Mapping[str, float | None] | None,
) -> tuple[ItemState, float, str, ItemMark | None]:
    """State, credit and reason for one item that counts."""
    if mark is None and isinstance(item, DeviceItem):
        rule = item.device_rule
        reading = _metric_value(metrics, rule.metric)
        if reading is None:
            return ItemState.MISSING, 0.0, Message("no device data"), None
        judged = judge_device_item(item, {rule.metric: reading})
        assert judged is not None  # the metric is present, so the device judged
        state = ItemState.DONE if judged.value is MarkValue.DONE else ItemState.NOT_DONE
        return state, float(state is ItemState.DONE), _rule_reason(rule, reading), judged
    if mark is None:
        return ItemState.MISSING, 0.0, Message("not marked"), None

    value = _check_mark(defn, item, mark)
    note = _SOURCE_NOTE[mark.source]
    if isinstance(item, RatingItem):
        assert isinstance(value, int)
        # A rating r on 1..N earns (r - 1) / (N - 1): the lowest point is nothing, the
        # highest is the full weight, the steps between are equal shares.
        credit = (value - 1) / (item.scale_max - 1)
        if value == 1:
            state = ItemState.NOT_DONE
        elif value == item.scale_max:
            state = ItemState.DONE
        else:
            state = ItemState.PARTIAL
        rated = Message(
            "rated {value} of {scale}{note}", value=value, scale=item.scale_max, note=note
        )
        return state, credit, rated, mark
    if value is MarkValue.NOT_DONE:
        return ItemState.NOT_DONE, 0.0, Message("not done{note}", note=note), mark
    if value is MarkValue.PARTIAL:
        assert isinstance(item, ThreePointItem)
        credit = item.partial_credit
        return (
            ItemState.PARTIAL,
            credit,
            Message(
                "partly done, {percent} % of the points{note}",
                percent=_num(100 * credit),
                note=note,
            ),
            mark,
        )
    if isinstance(item, TimedItem):
        assert mark.t_s is not None
        at, within = _num(mark.t_s), _num(item.within_s)
        if mark.t_s <= item.within_s:
            reason = Message(
                "done at {at} s, within {within} s{note}", at=at, within=within, note=note
            )
            return ItemState.DONE, 1.0, reason, mark
        late = item.late_credit
        if late > 0:
            reason = Message(
                "done at {at} s, later than {within} s, {percent} % of the points for late{note}",
                at=at,
                within=within,
                percent=_num(100 * late),
                note=note,
            )
        else:
            reason = Message(
                "done at {at} s, later than {within} s, no points{note}",
                at=at,
                within=within,
                note=note,
            )
        return (ItemState.PARTIAL if late > 0 else ItemState.NOT_DONE), late, reason, mark
    return ItemState.DONE, 1.0, Message("done{note}", note=note), mark


def _item_score(
    item: AnyItem, state: ItemState, credit: float, reason: str, mark: ItemMark | None
) -> ItemScore:
    counted = state is not ItemState.EXCLUDED
    return ItemScore(
        item_id=item.id,
        state=state,
        credit=credit,
        points=_round(item.weight * credit) if counted else 0.0,
        max_points=_round(item.weight) if counted else 0.0,
        critical=item.critical,
        starred=item.starred,
        reason=reason,
        mark=mark,
    )


# --------------------------------------------------------------------------- station


def _critical_reason(item_id: str, state: ItemState) -> str:
    """Why a critical item fails the station, for one that is not fully done."""
    if state is ItemState.NOT_DONE:
        template = "critical item {id!r} was not done"
    elif state is ItemState.MISSING:
        template = "critical item {id!r} has no mark"
    else:
        template = (
            "critical item {id!r} was only partly done (a critical step half done is a safety "
            "failure)"
        )
    return Message(template, id=item_id)


def _check_settings(
    defn: StationDefinition,
    index: Mapping[str, AnyItem],
    grade: int | None,
    cut_score_pct: float | None,
    excluded_items: Collection[str],
) -> frozenset[str]:
    """Check the caller's grade, cut score and exclusions; return the exclusions as a set."""
    station = f"station {defn.id!r} (version {defn.version})"
    if grade is not None:
        if defn.global_rating is None:
            raise ScoringError(f"{station} has no global rating, so it takes no grade ({grade!r})")
        steps = len(defn.global_rating.steps)
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade < steps:
            raise ScoringError(
                f"{station}: grade {grade!r} is off the global rating, "
                f"which has positions 0 to {steps - 1}"
            )
    if cut_score_pct is not None and (
        isinstance(cut_score_pct, bool)
        or not isinstance(cut_score_pct, int | float)
        or not 0 <= cut_score_pct <= 100
    ):
        raise ScoringError(f"{station}: cut score {cut_score_pct!r} is not a percentage 0 to 100")
    if isinstance(excluded_items, str):
        raise ScoringError(
            f"{station}: excluded items must be a collection of item ids, "
            f"not the single string {excluded_items!r}"
        )
    excluded = frozenset(excluded_items)
    unknown = sorted(excluded - index.keys())
    if unknown:
        raise ScoringError(f"{station} has no item(s) {', '.join(map(repr, unknown))} to exclude")
    return excluded


def score_station(
    defn: StationDefinition,
    marks: Iterable[ItemMark],
    *,
    metrics: Mapping[str, float | None] | None = None,
    grade: int | None = None,
    cut_score_pct: float | None = None,
    excluded_items: Collection[str] = (),
) -> StationScore:
    """Score one encounter at one station.

    ``marks`` are all marks recorded for the encounter, in the order they were given (see
    :func:`resolve_marks`). ``metrics`` are the feedback device's results, used for device
    items nobody marked. ``grade`` is the examiner's global grade; it is checked and
    carried into the result for standard setting but does not change the outcome.
    ``cut_score_pct`` is the cut score standard setting gave, used only by stations whose
    pass rule is ``standard_setting``. ``excluded_items`` are items a coordinator removed
    as flawed: they count neither in the score, nor in the maximum, nor in the rules.

    Raises :class:`ScoringError` for a mark, grade, cut score or exclusion that does not
    fit the definition.
    """
    index = _item_index(defn)
    excluded = _check_settings(defn, index, grade, cut_score_pct, excluded_items)
    mark_list = list(marks)
    for mark in mark_list:
        _check_mark(defn, _lookup(defn, index, mark.item_id), mark)
    counting = resolve_marks(mark_list)

    scores: list[ItemScore] = []
    for item in index.values():
        if item.id in excluded:
            scores.append(_item_score(item, ItemState.EXCLUDED, 0.0, "excluded from scoring", None))
            continue
        state, credit, reason, used = _judge(defn, item, counting.get(item.id), metrics)
        scores.append(_item_score(item, state, credit, reason, used))

    counted = [s for s in scores if s.state is not ItemState.EXCLUDED]
    score = _round(math.fsum(s.points for s in counted))
    max_score = _round(math.fsum(s.max_points for s in counted))
    percent = _round(100 * score / max_score) if max_score > 0 else None
    done = [s for s in counted if s.state is ItemState.DONE]

    # Critical items: anything short of fully done fails the station. A critical step
    # half done (or done too late) is as unsafe as one left out, and an unmarked critical
    # step cannot be assumed to have been done.
    critical_failed = tuple(
        s.item_id for s in counted if s.critical and s.state is not ItemState.DONE
    )
    critical_reasons = [
        _critical_reason(s.item_id, s.state) for s in counted if s.item_id in critical_failed
    ]

    min_items_met, min_items_reasons = _min_items(defn, counted, len(excluded))
    pass_outcome, pass_mark, pass_reason = _pass_mark(defn, percent, cut_score_pct)

    reasons: list[str]
    if critical_failed:
        outcome = Outcome.CRITICAL_FAIL
        reasons = critical_reasons
        if min_items_met is False:
            reasons += min_items_reasons
        if pass_outcome is Outcome.FAIL:
            reasons.append(pass_reason)
    elif min_items_met is False:
        outcome = Outcome.FAIL
        reasons = min_items_reasons
        if pass_outcome is Outcome.FAIL:
            reasons.append(pass_reason)
    else:
        outcome = pass_outcome
        reasons = [pass_reason, *min_items_reasons]

    return StationScore(
        station_id=defn.id,
        version=defn.version,
        score=score,
        max_score=max_score,
        percent=percent,
        raw_done=len(done),
        raw_total=len(counted),
        items=tuple(scores),
        missing=tuple(s.item_id for s in counted if s.state is ItemState.MISSING),
        critical_failed=critical_failed,
        min_items_met=min_items_met,
        grade=grade,
        outcome=outcome,
        reasons=tuple(reasons),
        excluded=tuple(s.item_id for s in scores if s.state is ItemState.EXCLUDED),
        pass_mark_pct=pass_mark,
    )


def _min_items(
    defn: StationDefinition, counted: Sequence[ItemScore], n_excluded: int
) -> tuple[bool | None, list[str]]:
    """The minimum-items rule (as in Helping Babies Breathe OSCE A: enough items AND every
    starred item). Only fully done items count; a partly done one does not.

    Each excluded item lowers the number needed by one, so that excluding a flawed item
    neither helps nor harms anyone: the candidate may still miss as many items as before,
    among the items that remain.
    """
    rule = defn.min_items
    if rule is None:
        return None, []
    done = sum(1 for s in counted if s.state is ItemState.DONE)
    needed = max(0, rule.count - n_excluded)
    reasons: list[str] = []
    if done < needed:
        lowered = (
            Message(
                " (the rule's {count}, less {excluded} excluded)",
                count=rule.count,
                excluded=n_excluded,
            )
            if n_excluded
            else ""
        )
        reasons.append(
            Message(
                "{n} item done, fewer than the {needed} needed{lowered}"
                if done == 1
                else "{n} items done, fewer than the {needed} needed{lowered}",
                n=done,
                needed=needed,
                lowered=lowered,
            )
        )
    starred_not_done = [s.item_id for s in counted if s.starred and s.state is not ItemState.DONE]
    if rule.require_starred and starred_not_done:
        reasons.append(
            Message("starred items not done: {items}", items=", ".join(map(repr, starred_not_done)))
        )
    if reasons:
        return False, reasons
    starred = Message(", every starred item done") if rule.require_starred else ""
    met = Message(
        "minimum-items rule met: {n} item done, {needed} needed{starred}"
        if done == 1
        else "minimum-items rule met: {n} items done, {needed} needed{starred}",
        n=done,
        needed=needed,
        starred=starred,
    )
    return True, [met]


def _pass_mark(
    defn: StationDefinition, percent: float | None, cut_score_pct: float | None
) -> tuple[Outcome, float | None, str]:
    """Compare the percentage with the fixed pass mark or the standard-setting cut score."""
    rule = defn.pass_rule
    fixed = rule.mode == "fixed"
    if fixed:
        assert rule.pass_mark_pct is not None  # the model requires it for a fixed rule
        mark = rule.pass_mark_pct
    elif cut_score_pct is not None:
        mark = float(cut_score_pct)
    else:
        return (
            Outcome.PENDING,
            None,
            Message(
                "the pass mark comes from standard setting after the exam, and there is no cut "
                "score yet"
            ),
        )
    if percent is None:
        return (
            Outcome.PENDING,
            mark,
            Message(
                "nothing is left to score (every item is excluded or weighs nothing), so the "
                "percentage cannot be compared with the pass mark"
                if fixed
                else "nothing is left to score (every item is excluded or weighs nothing), so "
                "the percentage cannot be compared with the cut score set by standard setting"
            ),
        )
    values = {"percent": _num(percent), "mark": _num(mark)}
    if percent >= _round(mark):
        template = (
            "{percent} % meets the pass mark of {mark} %"
            if fixed
            else "{percent} % meets the cut score set by standard setting of {mark} %"
        )
        return Outcome.PASS, mark, Message(template, **values)
    template = (
        "{percent} % is below the pass mark of {mark} %"
        if fixed
        else "{percent} % is below the cut score set by standard setting of {mark} %"
    )
    return Outcome.FAIL, mark, Message(template, **values)


# --------------------------------------------------------------------------- exam


@dataclass(frozen=True)
class ExamRule:
    """How an exam is passed: an overall percentage (the mean of the station
    percentages), a number of stations passed, or both. With neither set, no result can
    be given."""

    pass_mark_pct: float | None = None
    min_stations_passed: int | None = None

    def __post_init__(self) -> None:
        pm = self.pass_mark_pct
        if pm is not None and (
            isinstance(pm, bool) or not isinstance(pm, int | float) or not 0 <= pm <= 100
        ):
            raise ScoringError(f"exam pass mark {pm!r} is not a percentage 0 to 100")
        n = self.min_stations_passed
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
            raise ScoringError(
                f"minimum number of stations passed {n!r} is not a whole number from 0 up"
            )
