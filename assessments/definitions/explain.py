"""Stage 3, data to definition: pydantic's validation errors explained in an author's
words, at the line and column of the value concerned.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

import yaml
from pydantic import BaseModel, ValidationError

from assessments.definitions.locate import data_path, is_text_branch, label, model_at, value_at
from assessments.definitions.model import ID_PATTERN, LANG_PATTERN
from assessments.definitions.problems import DataPath, Problem, show_value
from assessments.definitions.yamltree import Tree
from assessments.metrics import METRIC_NAMES
from common.messages import Message


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def did_you_mean(word: Any, choices: Sequence[str]) -> str | None:
    if not isinstance(word, str) or not choices:
        return None
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.7)
    return lowered[close[0]] if close else None


def _choices(expected: str) -> list[str]:
    quoted = re.findall(r"'([^']*)'", expected)
    return quoted or [part.strip() for part in re.split(r",| or ", expected) if part.strip()]


_ITEM_TYPES = ("binary", "three_point", "rating", "timed", "device")
_UNKNOWN_METRIC = re.compile(r"unknown metric '([^']*)'")
_PATTERN_WORDS = {
    ID_PATTERN: (
        "is not a valid id: use lower-case letters, digits, '_', '.' or '-' (no spaces), "
        "starting with a letter or digit"
    ),
    LANG_PATTERN: (
        "is not a language code: use a two-letter ISO 639-1 code such as 'en' or 'fr', "
        "optionally with a region such as 'en-GB'"
    ),
}


def _pattern_words(pattern: str) -> str:
    if pattern in _PATTERN_WORDS:
        return _PATTERN_WORDS[pattern]
    if pattern.startswith(r"^\d+"):
        return "is not a version: write '1', '1.2' or '1.2.3' (in quotes)"
    return f"does not have the expected form ({pattern})"


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", value.strip().lower()).strip("-._") or "item-1"


class _Explainer:
    """Turns pydantic's errors into problems with positions and plain words."""

    def __init__(self, tree: Tree, path: str) -> None:
        self.tree = tree
        self.path = path

    def problem(self, location: DataPath, message: str, *, key: bool = False) -> Problem:
        line, col = self.tree.position(location, key=key)
        return Problem(self.path, line, col, message)

    def explain(self, err: Any) -> Problem | None:
        loc: tuple[Any, ...] = tuple(err["loc"])
        kind: str = err["type"]
        value = err.get("input")
        ctx: dict[str, Any] = err.get("ctx") or {}
        location, at_key, skipped = data_path(loc, self.tree.data)
        # A text may be a string or a mapping of languages: pydantic reports a mismatch
        # against both; keep the one that fits what was written.
        for part, there, depth in skipped:
            if is_text_branch(part) and isinstance(there, dict):
                return None
            if isinstance(part, str) and part.startswith("dict["):
                if not isinstance(there, dict):
                    return None
                split = self._split_at_comma(location[:depth], there)
                if split is not None:
                    return split
        is_text = any(is_text_branch(part) for part, _, _ in skipped)
        name = label(location)
        handler = HANDLERS.get(kind)
        if handler is not None:
            return handler(
                self,
                loc=loc,
                location=location,
                at_key=at_key,
                skipped=skipped,
                value=value,
                ctx=ctx,
                name=name,
                is_text=is_text,
                msg=err["msg"],
            )
        message = str(err["msg"])
        return self.problem(location, f"{name}: {message[:1].lower()}{message[1:]}", key=at_key)

    def _split_at_comma(self, location: DataPath, text: dict[Any, Any]) -> Problem | None:
        """A translated text written inline, ``{en: Warm, dry the baby}``, is cut by YAML
        at the comma into a language and a stray key without value: say so once."""
        node = self.tree.node(location)
        if not isinstance(node, yaml.MappingNode) or not node.flow_style:
            return None
        for key, value in text.items():
            if value is None and isinstance(key, str) and not re.match(LANG_PATTERN, key):
                return self.problem(
                    (*location, key),
                    Message(
                        "this text seems cut at a comma ({key!r} became a key of its own): "
                        "inside {{ }} a comma separates entries, so put a text that contains a "
                        'comma in quotes, e.g. {{en: "Keeps warm, dries"}}',
                        key=key,
                    ),
                    key=True,
                )
        return None

    # -- one method per pydantic error type --------------------------------------

    def _missing(self, *, loc: tuple[Any, ...], location: DataPath, **_: Any) -> Problem:
        key = loc[-1]
        model = model_at(loc[:-1])
        if model is None:
            return self.problem(
                location, Message("missing key {key!r}: add '{key}:' with a value", key=key)
            )
        return self.problem(
            location,
            Message(
                "missing key {key!r}: add '{key}:' with a value to this {what}",
                key=key,
                what=_describe_model(model),
            ),
        )

    def _extra_forbidden(self, *, loc: tuple[Any, ...], location: DataPath, **_: Any) -> Problem:
        key = location[-1] if location else loc[-1]
        model = model_at(loc[:-1])
        allowed = list(model.model_fields) if model is not None else []
        guess = did_you_mean(key, allowed)
        if guess is not None:
            return self.problem(
                location,
                Message(
                    "unknown key {key}: did you mean {guess!r}?", key=show_value(key), guess=guess
                ),
                key=True,
            )
        listed = ", ".join(allowed)
        return self.problem(
            location,
            Message(
                "unknown key {key}: the keys allowed here are {allowed}",
                key=show_value(key),
                allowed=listed,
            ),
            key=True,
        )

    def _invalid_key(self, *, location: DataPath, value: Any, **_: Any) -> Problem:
        return self.problem(
            location,
            Message(
                "the key {key} is not a word: keys are names such as 'title'; put it in quotes "
                "if it is meant as text",
                key=show_value(value),
            ),
            key=True,
        )

    def _union_tag_invalid(self, *, location: DataPath, ctx: dict[str, Any], **_: Any) -> Problem:
        value = value_at(self.tree.data, location)
        tag = value.get("type") if isinstance(value, dict) else ctx.get("tag")
        valid = ", ".join(_ITEM_TYPES)
        if not isinstance(tag, str):
            return self.problem(
                (*location, "type"),
                Message(
                    "an item's 'type' must be one of {valid}, got {value}",
                    valid=valid,
                    value=show_value(tag),
                ),
            )
        guess = did_you_mean(tag, _ITEM_TYPES)
        hint = Message(" (did you mean {guess!r}?)", guess=guess) if guess is not None else ""
        return self.problem(
            (*location, "type"),
            Message(
                "unknown item type {value}{hint}: use one of {valid}",
                value=show_value(tag),
                hint=hint,
                valid=valid,
            ),
        )

    def _union_tag_not_found(self, *, location: DataPath, **_: Any) -> Problem:
        return self.problem(
            location,
            Message(
                "this item has no 'type': add 'type:' with one of {valid}",
                valid=", ".join(_ITEM_TYPES),
            ),
        )

    def _model_type(self, *, location: DataPath, value: Any, name: str, **_: Any) -> Problem:
        template = (
            "expected a mapping (indented 'key: value' lines) for {name}, got {value}"
            if location
            else "expected a mapping (indented 'key: value' lines) here, got {value}"
        )
        return self.problem(location, Message(template, name=name, value=show_value(value)))

    _model_attributes_type = _model_type
    _dict_type = _model_type

    def _list_type(self, *, location: DataPath, value: Any, name: str, **_: Any) -> Problem:
        return self.problem(
            location,
            Message(
                "expected a list for {name} (one entry per line, each starting with '- '), "
                "got {value}",
                name=name,
                value=show_value(value),
            ),
        )

    def _string_type(
        self, *, location: DataPath, at_key: bool, value: Any, is_text: bool, name: str, **_: Any
    ) -> Problem:
        if at_key:
            return self.problem(
                location,
                Message(
                    "the key {key} must be a language code such as 'en', in quotes if YAML "
                    "reads it as something else",
                    key=show_value(value),
                ),
                key=True,
            )
        if isinstance(value, (list, dict)):
            template = (
                "expected text or a mapping of language code to text (en: ..., fr: ...) for "
                "{name}, got {value}"
                if is_text
                else "expected text for {name}, got {value}"
            )
            return self.problem(location, Message(template, name=name, value=show_value(value)))
        if value is None:
            return self.problem(
                location, Message("expected text for {name}, got nothing: fill it in", name=name)
            )
        written = self.tree.source(location) or show_value(value)
        if isinstance(value, bool) and written.lower() in ("true", "false"):
            return self.problem(
                location,
                Message(
                    "expected text for {name}, got {written}: put it in quotes if it is meant "
                    "as text: '{written}'",
                    name=name,
                    written=written,
                ),
            )
        return self.problem(
            location,
            Message(
                "expected text for {name}, but YAML reads {written} as {kind}: put it in "
                "quotes: '{written}'",
                name=name,
                written=written,
                kind=_kind_of(value),
            ),
        )

    def _string_pattern_mismatch(
        self, *, location: DataPath, at_key: bool, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        pattern = str(ctx.get("pattern", ""))
        message = f"{show_value(value)} {_pattern_words(pattern)}"
        if pattern == ID_PATTERN and isinstance(value, str):
            message += f", e.g. {_slug(value)!r}"
        return self.problem(location, message, key=at_key)

    def _string_too_short(self, *, location: DataPath, name: str, **_: Any) -> Problem:
        return self.problem(location, Message("{name} must not be empty: fill it in", name=name))

    def _string_too_long(
        self, *, location: DataPath, name: str, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self.problem(
            location,
            Message(
                "{name} is too long: at most {limit} characters",
                name=name,
                limit=ctx.get("max_length"),
            ),
        )

    def _too_short(
        self, *, location: DataPath, name: str, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        need = int(ctx.get("min_length", 1))
        got = int(ctx.get("actual_length", 0))
        template = (
            "{name} needs at least {need} entry, got {have}"
            if need == 1
            else "{name} needs at least {need} entries, got {have}"
        )
        have = Message("none") if got == 0 else str(got)
        return self.problem(location, Message(template, name=name, need=need, have=have))

    def _too_long(self, *, location: DataPath, name: str, ctx: dict[str, Any], **_: Any) -> Problem:
        return self.problem(
            location,
            Message(
                "{name} has too many entries: at most {limit}",
                name=name,
                limit=ctx.get("max_length"),
            ),
        )

    def _number(self, location: DataPath, value: Any, whole: bool) -> Problem:
        template = (
            "expected a whole number, got {value}" if whole else "expected a number, got {value}"
        )
        return self.problem(location, Message(template, value=show_value(value)))

    def _float_parsing(self, *, location: DataPath, value: Any, **_: Any) -> Problem:
        return self._number(location, value, whole=False)

    _float_type = _float_parsing
    _finite_number = _float_parsing

    def _int_parsing(self, *, location: DataPath, at_key: bool, value: Any, **_: Any) -> Problem:
        if at_key:
            return self.problem(
                location,
                Message(
                    "expected a whole number here (a point on the scale), got {value}",
                    value=show_value(value),
                ),
                key=True,
            )
        return self._number(location, value, whole=True)

    _int_type = _int_parsing
    _int_from_float = _int_parsing

    def _bool_parsing(self, *, location: DataPath, value: Any, **_: Any) -> Problem:
        return self.problem(
            location, Message("expected true or false, got {value}", value=show_value(value))
        )

    _bool_type = _bool_parsing

    def _bound(self, location: DataPath, name: str, value: Any, words: str, bound: Any) -> Problem:
        if isinstance(value, float) and math.isnan(value):
            return self.problem(
                location, Message("expected a number, got {value}", value=show_value(value))
            )
        if name == "'weight'" and words == "at least" and _num(bound) == "0":
            return self.problem(
                location,
                Message(
                    "weight cannot be negative, got {value}: use 0 for an item that earns no "
                    "points",
                    value=show_value(value),
                ),
            )
        if words == "at least":
            template = "{name} must be at least {bound}, got {value}"
        elif words == "more than":
            template = "{name} must be more than {bound}, got {value}"
        elif words == "at most":
            template = "{name} must be at most {bound}, got {value}"
        else:
            template = "{name} must be less than {bound}, got {value}"
        return self.problem(
            location, Message(template, name=name, bound=_num(bound), value=show_value(value))
        )

    def _greater_than_equal(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self._bound(location, name, value, "at least", ctx.get("ge"))

    def _greater_than(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self._bound(location, name, value, "more than", ctx.get("gt"))

    def _less_than_equal(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self._bound(location, name, value, "at most", ctx.get("le"))

    def _less_than(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self._bound(location, name, value, "less than", ctx.get("lt"))

    def _literal_error(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        choices = _choices(str(ctx.get("expected", "")))
        guess = did_you_mean(value, choices)
        hint = (
            Message(": did you mean {guess!r}?", guess=guess)
            if guess is not None and guess != value
            else ""
        )
        template = (
            "{name} must be {choices}, got {value}{hint}"
            if len(choices) == 1
            else "{name} must be one of {choices}, got {value}{hint}"
        )
        return self.problem(
            location,
            Message(
                template, name=name, choices=", ".join(choices), value=show_value(value), hint=hint
            ),
        )

    _enum = _literal_error

    def _value_error(
        self, *, location: DataPath, value: Any, ctx: dict[str, Any], msg: str, **_: Any
    ) -> Problem:
        error = ctx.get("error")
        text = str(error) if error is not None else msg.removeprefix("Value error, ")
        unknown = _UNKNOWN_METRIC.search(text)
        if unknown is not None:
            metric = unknown.group(1)
            guess = did_you_mean(metric, METRIC_NAMES)
            hint = (
                Message("did you mean {guess!r}?", guess=guess)
                if guess is not None
                else Message("the metrics are {metrics}", metrics=", ".join(METRIC_NAMES))
            )
            where = location
            if isinstance(value, dict) and "metric" in value:
                where = (*location, "metric")
            return self.problem(
                where, Message("unknown metric {metric!r}: {hint}", metric=metric, hint=hint)
            )
        if text == "global rating steps must have distinct ids":
            return self._duplicate_step(location, value)
        if text.startswith("borderline step"):
            return self.problem((*location, "borderline"), f"{text}: name one of the steps' ids")
        if text.startswith("anchor ") and isinstance(value, dict):
            point = text.split()[1]
            return self.problem(
                (*location, "anchors", point),
                f"{text}: anchors describe points from 1 to scale_max",
                key=True,
            )
        if text == "a fixed pass rule needs pass_mark_pct":
            text += ": add e.g. 'pass_mark_pct: 60' (a percentage of the maximum score)"
        elif text.startswith("pass_mark_pct is set by standard setting"):
            location = (*location, "pass_mark_pct")
            text = (
                "pass_mark_pct is set by standard setting after the exam: remove it, or use "
                "'mode: fixed' for a fixed pass mark"
            )
        elif text.startswith("a condition names either"):
            text += (
                ": give 'item:' (an item id, with 'state:') or 'metric:' (with 'op:' and 'value:')"
            )
        elif text.startswith("a metric condition needs"):
            text += ", e.g. 'metric: ccf', 'op: \">=\"', 'value: 0.8'"
        return self.problem(location, text)

    _assertion_error = _value_error

    def _duplicate_step(self, location: DataPath, value: Any) -> Problem:
        steps = value.get("steps") if isinstance(value, dict) else None
        seen: set[Any] = set()
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            step_id = step.get("id") if isinstance(step, dict) else None
            if isinstance(step_id, Hashable) and step_id in seen:
                return self.problem(
                    (*location, "steps", index, "id"),
                    Message(
                        "grade step id {id} is used twice: give each step its own id",
                        id=show_value(step_id),
                    ),
                )
            if isinstance(step_id, Hashable):
                seen.add(step_id)
        return self.problem(
            location, "global rating steps must have distinct ids"
        )  # pragma: no cover


#: pydantic's error types that get words of their own, each with the method that gives
#: them (called with the error's keyword arguments); any other type keeps pydantic's
#: message, after the name of the value.
HANDLERS: Final[Mapping[str, Callable[..., Problem]]] = {
    "missing": _Explainer._missing,
    "extra_forbidden": _Explainer._extra_forbidden,
    "invalid_key": _Explainer._invalid_key,
    "union_tag_invalid": _Explainer._union_tag_invalid,
    "union_tag_not_found": _Explainer._union_tag_not_found,
    "model_type": _Explainer._model_type,
    "list_type": _Explainer._list_type,
    "string_type": _Explainer._string_type,
    "string_pattern_mismatch": _Explainer._string_pattern_mismatch,
    "string_too_short": _Explainer._string_too_short,
    "string_too_long": _Explainer._string_too_long,
    "too_short": _Explainer._too_short,
    "too_long": _Explainer._too_long,
    "float_parsing": _Explainer._float_parsing,
    "int_parsing": _Explainer._int_parsing,
    "bool_parsing": _Explainer._bool_parsing,
    "greater_than_equal": _Explainer._greater_than_equal,
    "greater_than": _Explainer._greater_than,
    "less_than_equal": _Explainer._less_than_equal,
    "less_than": _Explainer._less_than,
    "literal_error": _Explainer._literal_error,
    "value_error": _Explainer._value_error,
}


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"{show_value(value)} (YAML reads yes/no/on/off as true or false)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime, date)):
        return "a date"
    return show_value(value)


def _describe_model(model: type[BaseModel]) -> str:
    words = {
        "StationDefinition": "definition",
        "BinaryItem": "item",
        "ThreePointItem": "item",
        "RatingItem": "item",
        "TimedItem": "item",
        "DeviceItem": "item",
        "GradeStep": "grade step",
        "GlobalRating": "global rating",
        "ScenarioEvent": "event",
        "MinItemsRule": "min_items rule",
        "PassRule": "pass rule",
        "DeviceRule": "rule",
    }
    name = model.__name__
    return words.get(name, re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower())


def explain_validation(err: ValidationError, tree: Tree, path: str) -> list[Problem]:
    explainer = _Explainer(tree, path)
    errors = err.errors(include_url=False)
    # A misspelt key ('titel') also makes the key it stands for missing: say it once.
    misspelt: set[tuple[Any, ...]] = set()
    for item in errors:
        if item["type"] == "extra_forbidden":
            loc = tuple(item["loc"])
            model = model_at(loc[:-1])
            guess = did_you_mean(loc[-1], list(model.model_fields) if model else [])
            if guess is not None:
                misspelt.add((*loc[:-1], guess))
    problems: list[Problem] = []
    for item in errors:
        if item["type"] == "missing" and tuple(item["loc"]) in misspelt:
            continue
        problem = explainer.explain(item)
        if problem is not None and problem not in problems:
            problems.append(problem)
    return problems
