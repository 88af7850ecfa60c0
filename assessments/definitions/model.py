"""The station definition: what faculty write in YAML, as typed models.

A definition describes one OSCE station, one timed simulation scenario or one
practice skill. The models check each value on its own (types, ranges, unknown keys);
``assessments.definitions.checks`` checks what spans several fields (duplicate ids,
rules naming unknown items, a warning bell after the end of the station).

Every text a candidate or examiner reads is a :data:`Text`: either a plain string in the
definition's main ``language``, or a mapping of language code to string. ``localize``
picks the wanted language and falls back to the main language.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assessments.metrics import METRIC_NAMES

#: Languages a definition's texts may be given in (the product ships en, fr, es; any
#: ISO 639-1 code is accepted so that faculty can add their own).
LANG_PATTERN = r"^[a-z]{2}(-[A-Z]{2})?$"
ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"

Identifier = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
LangCode = Annotated[str, Field(pattern=LANG_PATTERN)]
Text = str | dict[LangCode, str]


def localize(text: Text | None, lang: str, fallback: str = "en") -> str:
    """The text in ``lang``, else in ``fallback``, else in any language given."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for code in (lang, lang.split("-")[0], fallback):
        if code in text:
            return text[code]
    return next(iter(text.values()), "")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------------- metadata


class Kind(StrEnum):
    OSCE = "osce"
    SCENARIO = "scenario"
    PRACTICE = "practice"


class Source(_Strict):
    """Where the content comes from, so a station can be traced to its original."""

    citation: str = Field(min_length=1, description="The published source, in full.")
    url: str | None = None
    licence: str | None = None
    notes: Text | None = None


class Instructions(_Strict):
    candidate: Text | None = None
    examiner: Text | None = None
    simulated_patient: Text | None = None


class Timing(_Strict):
    """Station timing in seconds. ``warning_at_s`` counts from the start of the active
    phase, with paused time left out."""

    reading_s: float = Field(default=0, ge=0, le=3600)
    active_s: float = Field(gt=0, le=6 * 3600)
    warning_at_s: float | None = Field(default=None, gt=0)
    changeover_s: float = Field(default=0, ge=0, le=3600)


# --------------------------------------------------------------------------- items


class ItemType(StrEnum):
    BINARY = "binary"
    THREE_POINT = "three_point"
    RATING = "rating"
    TIMED = "timed"
    DEVICE = "device"


class _ItemBase(_Strict):
    id: Identifier
    text: Text
    help: Text | None = Field(default=None, description="Guidance for the examiner.")
    weight: float = Field(
        default=1.0, ge=0, description="Points the item is worth when fully done."
    )
    critical: bool = Field(
        default=False, description="Not done means the station is failed, whatever the score."
    )
    starred: bool = Field(
        default=False, description="Must be done for the minimum-items rule to be met."
    )


class BinaryItem(_ItemBase):
    """Done or not done."""

    type: Literal["binary"] = "binary"


class ThreePointItem(_ItemBase):
    """Not done, partially done (earning ``partial_credit`` of the weight) or done."""

    type: Literal["three_point"] = "three_point"
    partial_credit: float = Field(default=0.5, gt=0, lt=1)
    partial_label: Text | None = Field(default=None, description="What 'partially' means here.")


class RatingItem(_ItemBase):
    """A rating 1..N; anchors describe some of the points. Credit is (r - 1) / (N - 1)."""

    type: Literal["rating"] = "rating"
    scale_max: int = Field(ge=2, le=10)
    anchors: dict[int, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _anchors_on_scale(self) -> RatingItem:
        for point in self.anchors:
            if not 1 <= point <= self.scale_max:
                raise ValueError(f"anchor {point} is outside the scale 1..{self.scale_max}")
        return self


class TimedItem(_ItemBase):
    """To be done within ``within_s`` of the start of the active phase; judged from the
    mark's time stamp. Done later earns ``late_credit`` of the weight."""

    type: Literal["timed"] = "timed"
    within_s: float = Field(gt=0)
    late_credit: float = Field(default=0.0, ge=0, lt=1)


_RULE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|>|<|==|≥|≤)\s*(-?\d+(?:\.\d+)?)\s*$")
_OPS = {"≥": ">=", "≤": "<="}


class DeviceRule(_Strict):
    metric: str
    op: Literal[">=", "<=", ">", "<", "=="]
    threshold: float

    def holds(self, value: float) -> bool:
        match self.op:
            case ">=":
                return value >= self.threshold
            case "<=":
                return value <= self.threshold
            case ">":
                return value > self.threshold
            case "<":
                return value < self.threshold
            case _:
                return value == self.threshold

    def __str__(self) -> str:
        return f"{self.metric} {self.op} {self.threshold:g}"


def parse_rule(text: str) -> DeviceRule:
    """``"pct_depth_ok >= 70"`` → a :class:`DeviceRule`. Raises ValueError when the text
    is not of that form or names a metric that does not exist."""
    m = _RULE.match(text)
    if not m:
        raise ValueError(
            f"rule {text!r} is not of the form '<metric> <op> <number>', "
            "e.g. 'pct_depth_ok >= 70' (op: >=, <=, >, <, ==)"
        )
    metric, op, number = m.groups()
    if metric not in METRIC_NAMES:
        raise ValueError(f"rule {text!r} names unknown metric {metric!r}")
    return DeviceRule(metric=metric, op=_OPS.get(op, op), threshold=float(number))


class DeviceItem(_ItemBase):
    """Judged by the station from a device metric, e.g. ``rule: "pct_depth_ok >= 70"``;
    an examiner may override the judgement with a reason."""

    type: Literal["device"] = "device"
    rule: str = Field(description="'<metric> <op> <number>'; metric from assessments.metrics.")

    @field_validator("rule")
    @classmethod
    def _rule_parses(cls, value: str) -> str:
        parse_rule(value)
        return value

    @property
    def device_rule(self) -> DeviceRule:
        return parse_rule(self.rule)


Item = Annotated[
    BinaryItem | ThreePointItem | RatingItem | TimedItem | DeviceItem,
    Field(discriminator="type"),
]


class Section(_Strict):
    id: Identifier
    title: Text
    items: list[Item] = Field(min_length=1)


# --------------------------------------------------------------------------- rules


class MinItemsRule(_Strict):
    """At least ``count`` items done (partial counts as not done) and, where
    ``require_starred``, every starred item done."""

    count: int = Field(ge=0)
    require_starred: bool = True


class GradeStep(_Strict):
    id: Identifier
    label: Text
    description: Text | None = None


class GlobalRating(_Strict):
    """The examiner's overall judgement. Grades are stored as the 0-based position of the
    step; ``borderline`` names the borderline step by id."""

    steps: list[GradeStep] = Field(min_length=2)
    borderline: Identifier

    @model_validator(mode="after")
    def _borderline_is_a_step(self) -> GlobalRating:
        ids = [s.id for s in self.steps]
        if self.borderline not in ids:
            raise ValueError(f"borderline step {self.borderline!r} is not one of the steps {ids}")
        if len(set(ids)) != len(ids):
            raise ValueError("global rating steps must have distinct ids")
        return self

    @property
    def borderline_index(self) -> int:
        return [s.id for s in self.steps].index(self.borderline)


class PassRule(_Strict):
    """A fixed pass mark (percentage of the weighted maximum), or a cut score that
    standard setting gives after the exam."""

    mode: Literal["fixed", "standard_setting"] = "fixed"
    pass_mark_pct: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _mark_when_fixed(self) -> PassRule:
        if self.mode == "fixed" and self.pass_mark_pct is None:
            raise ValueError("a fixed pass rule needs pass_mark_pct")
        if self.mode == "standard_setting" and self.pass_mark_pct is not None:
            raise ValueError("pass_mark_pct is set by standard setting; leave it out")
        return self


# --------------------------------------------------------------------------- scenarios


class Vitals(_Strict):
    """Vital signs; any may be left out to keep its current value."""

    hr: int | None = Field(default=None, ge=0, le=300, description="heart rate, /min")
    spo2: int | None = Field(default=None, ge=0, le=100, description="SpO2, %")
    sbp: int | None = Field(default=None, ge=0, le=300, description="systolic BP, mmHg")
    dbp: int | None = Field(default=None, ge=0, le=200, description="diastolic BP, mmHg")
    rr: int | None = Field(default=None, ge=0, le=80, description="respiratory rate, /min")
    etco2: int | None = Field(default=None, ge=0, le=150, description="end-tidal CO2, mmHg")
    temp_c: float | None = Field(default=None, ge=20, le=45)
    rhythm: str | None = Field(default=None, description="e.g. sinus, VF, pVT, asystole, PEA")


class Condition(_Strict):
    """A condition on the encounter: a checklist item's state or a device metric.
    Exactly one of ``item`` or ``metric`` is given."""

    item: Identifier | None = None
    state: Literal["done", "not_done"] = "done"
    metric: str | None = None
    op: Literal[">=", "<=", ">", "<", "=="] | None = None
    value: float | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        if (self.item is None) == (self.metric is None):
            raise ValueError("a condition names either an item or a metric")
        if self.metric is not None:
            if self.metric not in METRIC_NAMES:
                raise ValueError(f"unknown metric {self.metric!r}")
            if self.op is None or self.value is None:
                raise ValueError("a metric condition needs op and value")
        return self


class ScenarioEvent(_Strict):
    """A scripted event. It fires once:

    - ``at_s`` alone: at that time of the active phase;
    - ``when`` alone: as soon as the condition holds;
    - ``at_s`` with ``when``: at that time, if the condition holds then
      ("no compressions by 30 s → prompt");
    - ``after`` (an event id) with ``delay_s``: that long after the other event fired,
      combined with ``when`` if given.

    ``vitals`` change at the moment it fires, or gradually over ``over_s`` seconds.
    """

    id: Identifier
    label: Text
    at_s: float | None = Field(default=None, ge=0)
    when: Condition | None = None
    after: Identifier | None = None
    delay_s: float = Field(default=0, ge=0)
    message: Text | None = Field(default=None, description="What the operator or team is told.")
    vitals: Vitals | None = None
    over_s: float = Field(default=0, ge=0)
    manual: bool = Field(default=False, description="Fired only by the operator.")

    @model_validator(mode="after")
    def _has_trigger(self) -> ScenarioEvent:
        if not self.manual and self.at_s is None and self.when is None and self.after is None:
            raise ValueError("an event needs at_s, when, after, or manual: true")
        return self


class Scenario(_Strict):
    initial_vitals: Vitals
    events: list[ScenarioEvent] = Field(default_factory=list)


# --------------------------------------------------------------------------- definition


class DeviceRequirement(_Strict):
    """Which feedback device the station reads and the CPR target profile it uses."""

    kind: Literal["cpr_manikin"] = "cpr_manikin"
    profile: Literal["adult", "child", "infant"] = "adult"


class StationDefinition(_Strict):
    """One station, scenario or practice skill, as faculty author it."""

    schema_version: Literal[1] = 1
    id: Identifier
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}$")] = Field(
        description="Bumped by the author on every change: '1', '1.2' or '1.2.3'."
    )
    kind: Kind
    language: LangCode = "en"
    title: Text
    authors: list[str] = Field(default_factory=list)
    source: Source | None = None
    tags: list[Identifier] = Field(default_factory=list)
    instructions: Instructions = Field(default_factory=Instructions)
    timing: Timing
    device: DeviceRequirement | None = None
    sections: list[Section] = Field(min_length=1)
    min_items: MinItemsRule | None = None
    global_rating: GlobalRating | None = None
    pass_rule: PassRule = Field(default_factory=lambda: PassRule(mode="standard_setting"))
    feedback_phrases: list[Text] = Field(
        default_factory=list, description="Quick phrases offered for candidate feedback."
    )
    scenario: Scenario | None = None

    # -- conveniences used by scoring, storage and the UI
    def items(self) -> list[BinaryItem | ThreePointItem | RatingItem | TimedItem | DeviceItem]:
        return [item for section in self.sections for item in section.items]

    def item(
        self, item_id: str
    ) -> BinaryItem | ThreePointItem | RatingItem | TimedItem | DeviceItem:
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def max_score(self) -> float:
        return sum(item.weight for item in self.items())

    def text(self, value: Text | None, lang: str | None = None) -> str:
        return localize(value, lang or self.language, self.language)


#: What any item of a definition is.
AnyItem = BinaryItem | ThreePointItem | RatingItem | TimedItem | DeviceItem
