"""Checks that span several values of a definition.

The typed model checks each value on its own; what only shows when values are read
together is checked here: ids used twice, rules and events naming items or events that do
not exist, a warning bell or a scenario event after the end of the station, texts missing
the definition's main language, a pass rule that cannot be applied.

Each problem comes back as the place it concerns, written as the path of keys and list
indices in the file's data (``("sections", 0, "items", 2, "id")``), and a message that says
what is wrong and what to do (a :class:`~common.messages.Message`, so that the
application can show it in the user's language). The loader turns the place into a line
and column.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from assessments.definitions.model import (
    DeviceItem,
    Kind,
    ScenarioEvent,
    StationDefinition,
    TimedItem,
    Vitals,
)
from assessments.metrics import DEVICE_METRICS
from common.messages import Message

Location = tuple[str | int, ...]
Found = tuple[Location, str]

__all__ = ["check_definition"]


def check_definition(defn: StationDefinition) -> list[Found]:
    """Every cross-field problem of ``defn``, in the order its parts appear."""
    found: list[Found] = []
    for check in _CHECKS:
        found.extend(check(defn))
    return found


# --------------------------------------------------------------------------- helpers


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    if close:
        return Message(": did you mean {guess!r}?", guess=close[0])
    if not choices:
        return ""
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return Message("; the known ones are {known}", known=shown)


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _item_paths(defn: StationDefinition) -> Iterator[tuple[Location, Any]]:
    for s, section in enumerate(defn.sections):
        for i, item in enumerate(section.items):
            yield ("sections", s, "items", i), item


def _event_paths(defn: StationDefinition) -> Iterator[tuple[Location, ScenarioEvent]]:
    if defn.scenario is not None:
        for e, event in enumerate(defn.scenario.events):
            yield ("scenario", "events", e), event


def _walk(value: Any, where: Location) -> Iterator[tuple[Location, Any]]:
    """Every value inside a model, with its location (fields left at their default
    included)."""
    yield where, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*where, name))
    elif isinstance(value, (list, tuple)):
        for index, element in enumerate(value):
            yield from _walk(element, (*where, index))
    elif isinstance(value, dict) and not _is_text_mapping(value):
        for key, element in value.items():
            yield from _walk(element, (*where, key))


def _is_text_mapping(value: dict[Any, Any]) -> bool:
    """A translated text: language codes to strings (the only such mapping in a
    definition)."""
    return bool(value) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


# --------------------------------------------------------------------------- checks


def _numbers_are_finite(defn: StationDefinition) -> Iterator[Found]:
    for where, value in _walk(defn, ()):
        if isinstance(value, float) and not math.isfinite(value):
            shown = ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
            yield where, Message("expected a finite number, got {value}", value=shown)


def _ids_are_unique(defn: StationDefinition) -> Iterator[Found]:
    sections: dict[str, int] = {}
    for s, section in enumerate(defn.sections):
        if section.id in sections:
            yield (
                ("sections", s, "id"),
                Message(
                    "section id {id!r} is already used by section {number}: give each section "
                    "its own id",
                    id=section.id,
                    number=sections[section.id] + 1,
                ),
            )
        else:
            sections[section.id] = s
    items: dict[str, tuple[int, str]] = {}
    for s, section in enumerate(defn.sections):
        for i, item in enumerate(section.items):
            if item.id in items:
                number, where = items[item.id]
                yield (
                    ("sections", s, "items", i, "id"),
                    Message(
                        "item id {id!r} is already used by item {number} of section "
                        "{section!r}: give each item its own id (marks are stored by item id)",
                        id=item.id,
                        number=number,
                        section=where,
                    ),
                )
            else:
                items[item.id] = (i + 1, section.id)
    events: dict[str, int] = {}
    for path, event in _event_paths(defn):
        if event.id in events:
            yield (
                (*path, "id"),
                Message(
                    "event id {id!r} is already used by event {number}: give each event its own id",
                    id=event.id,
                    number=events[event.id] + 1,
                ),
            )
        else:
            events[event.id] = int(path[-1])


def _timing_fits(defn: StationDefinition) -> Iterator[Found]:
    timing = defn.timing
    active = timing.active_s
    warning = timing.warning_at_s
    if _finite(warning) and _finite(active) and warning is not None and warning >= active:
        example = active - 60 if active > 120 else active * 0.8
        yield (
            ("timing", "warning_at_s"),
            Message(
                "the warning bell at {warning} s would ring at or after the end of the active "
                "phase (active_s: {active}): set warning_at_s below {active}, e.g. {example}",
                warning=f"{warning:g}",
                active=f"{active:g}",
                example=f"{example:g}",
            ),
        )
    for path, item in _item_paths(defn):
        if isinstance(item, TimedItem) and _finite(item.within_s) and item.within_s > active:
            yield (
                (*path, "within_s"),
                Message(
                    "item {id!r} must be done within {within} s, longer than the active phase "
                    "(active_s: {active}): it can never be late; shorten within_s",
                    id=item.id,
                    within=f"{item.within_s:g}",
                    active=f"{active:g}",
                ),
            )


def _weights_give_a_score(defn: StationDefinition) -> Iterator[Found]:
    if all(item.weight == 0 for item in defn.items()):
        yield (
            ("sections",),
            Message(
                "every item weighs 0, so the station has no score: give the items weights "
                "above 0 (leave 'weight' out for the default of 1)"
            ),
        )


def _min_items_reachable(defn: StationDefinition) -> Iterator[Found]:
    rule = defn.min_items
    total = len(defn.items())
    if rule is not None and rule.count > total:
        yield (
            ("min_items", "count"),
            Message(
                "min_items.count is {count} but the definition has only {total} item: no "
                "candidate could meet it; lower the count to at most {total}"
                if total == 1
                else "min_items.count is {count} but the definition has only {total} items: no "
                "candidate could meet it; lower the count to at most {total}",
                count=rule.count,
                total=total,
            ),
        )


_NO_DEVICE = Message(
    "the definition has no 'device:' section: add 'device:' with 'kind: cpr_manikin' "
    "(and 'profile: adult', 'child' or 'infant')"
)


def _range_words(metric: str, threshold: float) -> str | None:
    """Why a threshold can never matter, or None when it is within the metric's range."""
    info = DEVICE_METRICS.get(metric)
    if info is None or not math.isfinite(threshold):
        return None
    if threshold < info.minimum or (info.maximum is not None and threshold > info.maximum):
        words = (
            "{metric} ({description}) goes from {minimum} to {maximum} ({unit}), so "
            "{threshold} is out of its range: the rule would always or never hold"
            if info.maximum is not None
            else "{metric} ({description}) goes from {minimum} upwards ({unit}), so "
            "{threshold} is out of its range: the rule would always or never hold"
        )
        return Message(
            words,
            metric=metric,
            description=info.description,
            minimum=f"{info.minimum:g}",
            maximum="" if info.maximum is None else f"{info.maximum:g}",
            unit=info.unit,
            threshold=f"{threshold:g}",
        )
    return None


def _device_rules_apply(defn: StationDefinition) -> Iterator[Found]:
    for path, item in _item_paths(defn):
        if not isinstance(item, DeviceItem):
            continue
        if defn.device is None:
            yield (
                (*path, "type"),
                Message(
                    "item {id!r} is scored by a device, but {missing}",
                    id=item.id,
                    missing=_NO_DEVICE,
                ),
            )
        rule = item.device_rule
        words = _range_words(rule.metric, rule.threshold)
        if words is not None:
            yield (*path, "rule"), Message("rule {rule!r}: {why}", rule=item.rule, why=words)
    for path, event in _event_paths(defn):
        condition = event.when
        if condition is None or condition.metric is None:
            continue
        if defn.device is None:
            yield (
                (*path, "when", "metric"),
                Message(
                    "event {id!r} waits on the device metric {metric!r}, but {missing}",
                    id=event.id,
                    metric=condition.metric,
                    missing=_NO_DEVICE,
                ),
            )
        if condition.value is not None:
            words = _range_words(condition.metric, condition.value)
            if words is not None:
                yield (
                    (*path, "when", "value"),
                    Message("event {id!r}: {why}", id=event.id, why=words),
                )


def _scenario_matches_kind(defn: StationDefinition) -> Iterator[Found]:
    if defn.kind == Kind.SCENARIO and defn.scenario is None:
        yield (
            ("kind",),
            Message(
                "a definition of kind 'scenario' needs a 'scenario:' section (initial_vitals "
                "and events): add one, or change the kind"
            ),
        )
    if defn.kind != Kind.SCENARIO and defn.scenario is not None:
        yield (
            ("scenario",),
            Message(
                "only a definition of kind 'scenario' has a 'scenario:' section (this one is "
                "{kind!r}): change 'kind' to scenario, or remove the section",
                kind=defn.kind.value,
            ),
        )


def _events_refer_to_what_exists(defn: StationDefinition) -> Iterator[Found]:
    if defn.scenario is None:
        return
    item_ids = [item.id for item in defn.items()]
    events = {event.id: event for event in defn.scenario.events}
    event_ids = list(events)
    for path, event in _event_paths(defn):
        condition = event.when
        if condition is not None and condition.item is not None and condition.item not in item_ids:
            yield (
                (*path, "when", "item"),
                Message(
                    "event {id!r} waits on item {item!r}, which is not an item of this "
                    "definition{hint}",
                    id=event.id,
                    item=condition.item,
                    hint=_suggest(condition.item, item_ids),
                ),
            )
        if event.after is not None:
            if event.after == event.id:
                yield (
                    (*path, "after"),
                    Message("event {id!r} cannot wait for itself: name another event", id=event.id),
                )
            elif event.after not in events:
                others = [e for e in event_ids if e != event.id]
                yield (
                    (*path, "after"),
                    Message(
                        "event {id!r} comes after {after!r}, which is not an event of this "
                        "scenario{hint}",
                        id=event.id,
                        after=event.after,
                        hint=_suggest(event.after, others),
                    ),
                )
    yield from _after_loops(defn)


def _after_loops(defn: StationDefinition) -> Iterator[Found]:
    """Events that wait for each other in a circle never fire."""
    assert defn.scenario is not None
    events = {event.id: event for event in defn.scenario.events}
    position = {event.id: index for index, event in reversed(list(enumerate(defn.scenario.events)))}
    reported: set[str] = set()
    for start in events:
        chain: list[str] = []
        current: str | None = start
        while current is not None and current in events and current not in chain:
            chain.append(current)
            current = events[current].after
        if current is None or current not in chain:
            continue  # the chain ends (or names an unknown event, reported elsewhere)
        loop = chain[chain.index(current) :]
        if len(loop) < 2 or reported.intersection(loop):
            continue  # an event waiting for itself is reported on its own
        reported.update(loop)
        first = min(loop, key=lambda e: position[e])
        names = " -> ".join([*loop, loop[0]])
        yield (
            ("scenario", "events", position[first], "after"),
            Message(
                "events wait for each other in a loop ({names}), so none of them ever fires: "
                "start one of them with at_s, when or manual instead",
                names=names,
            ),
        )


def _earliest(event_id: str, events: dict[str, ScenarioEvent], seen: set[str]) -> float | None:
    """The earliest time an event can fire, when its timing decides it; None otherwise."""
    event = events.get(event_id)
    if event is None or event_id in seen or event.manual:
        return None
    times: list[float] = []
    if event.at_s is not None:
        times.append(event.at_s)
    if event.after is not None:
        before = _earliest(event.after, events, seen | {event_id})
        if before is None:
            return None
        times.append(before + event.delay_s)
    return max(times) if times else None


def _events_within_active_phase(defn: StationDefinition) -> Iterator[Found]:
    if defn.scenario is None:
        return
    active = defn.timing.active_s
    events: dict[str, ScenarioEvent] = {}
    for event in defn.scenario.events:
        events.setdefault(event.id, event)
    for path, event in _event_paths(defn):
        if event.manual:
            continue
        if _finite(event.at_s) and event.at_s is not None and event.at_s > active:
            yield (
                (*path, "at_s"),
                Message(
                    "event {id!r} is timed at {at} s, after the end of the active phase "
                    "(active_s: {active}): it would never fire; make at_s at most {active}",
                    id=event.id,
                    at=f"{event.at_s:g}",
                    active=f"{active:g}",
                ),
            )
            continue
        if event.after is None:
            continue
        earliest = _earliest(event.id, events, set())
        if earliest is not None and math.isfinite(earliest) and earliest > active:
            yield (
                (*path, "delay_s" if event.delay_s else "after"),
                Message(
                    "event {id!r} would fire at {earliest} s at the earliest (after {after!r}), "
                    "past the end of the active phase (active_s: {active}): shorten the delay or "
                    "the events before it",
                    id=event.id,
                    earliest=f"{earliest:g}",
                    after=event.after,
                    active=f"{active:g}",
                ),
            )


def _vitals_plausible(defn: StationDefinition) -> Iterator[Found]:
    places: list[tuple[Location, Vitals]] = []
    if defn.scenario is not None:
        places.append((("scenario", "initial_vitals"), defn.scenario.initial_vitals))
        for path, event in _event_paths(defn):
            if event.vitals is not None:
                places.append(((*path, "vitals"), event.vitals))
    for where, vitals in places:
        sbp, dbp = vitals.sbp, vitals.dbp
        # 0/0 is a patient in arrest; otherwise the diastolic is below the systolic.
        if sbp is not None and dbp is not None and (dbp > sbp or dbp == sbp != 0):
            yield (
                (*where, "dbp"),
                Message(
                    "diastolic pressure (dbp: {dbp}) is not below systolic (sbp: {sbp}): check "
                    "the two values",
                    dbp=vitals.dbp,
                    sbp=vitals.sbp,
                ),
            )


def _texts_have_main_language(defn: StationDefinition) -> Iterator[Found]:
    lang = defn.language
    for where, value in _walk(defn, ()):
        if isinstance(value, dict) and _is_text_mapping(value) and lang not in value:
            given = ", ".join(sorted(value))
            yield (
                where,
                Message(
                    "this text has no {lang!r} version (it has {given}), but {lang!r} is the "
                    "definition's main language: add '{lang}: ...' or change 'language:'",
                    lang=lang,
                    given=given,
                ),
            )


def _pass_rule_applies(defn: StationDefinition) -> Iterator[Found]:
    if defn.pass_rule.mode != "standard_setting" or defn.global_rating is not None:
        return
    fix = Message(
        "add a 'global_rating:' with the grade steps, or give a fixed pass mark "
        "('pass_rule:' with 'mode: fixed' and 'pass_mark_pct: 60', say)"
    )
    if "pass_rule" in defn.model_fields_set:
        yield (
            ("pass_rule", "mode"),
            Message(
                "a standard-setting pass rule needs the examiners' global rating (borderline "
                "regression sets the cut score from it): {fix}",
                fix=fix,
            ),
        )
    else:
        yield (
            (),
            Message(
                "without 'pass_rule:' the pass mark comes from standard setting, which needs "
                "the examiners' global rating (borderline regression sets the cut score from "
                "it): {fix}",
                fix=fix,
            ),
        )


_CHECKS = (
    _numbers_are_finite,
    _ids_are_unique,
    _timing_fits,
    _weights_give_a_score,
    _min_items_reachable,
    _device_rules_apply,
    _scenario_matches_kind,
    _events_refer_to_what_exists,
    _events_within_active_phase,
    _vitals_plausible,
    _texts_have_main_language,
    _pass_rule_applies,
)
