"""What reports print, as plain frozen values.

The station fills these from its database (``station.services.reporting``); the
renderers in this package only lay them out. They hold strings, numbers, dates and
tuples, nothing tied to a database session or a thread, so they pickle and the
candidate reports of a whole exam can be rendered in worker processes.

Texts are already in the report's language (station titles and item texts from the
definitions' translations); labels are translated by the renderers
(:mod:`reports.i18n`). Percentages run from 0 to 100.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from assessments.definitions.model import (
    BinaryItem,
    DeviceItem,
    RatingItem,
    StationDefinition,
    ThreePointItem,
    TimedItem,
)
from assessments.psychometrics import ExamStatistics

#: How an item ended up (``assessments.scoring.ItemState`` values).
ItemStatus = Literal["done", "partial", "not_done", "missing", "excluded"]
#: A station's outcome for a candidate: the scoring outcomes, plus a station excluded
#: from scoring and a station the candidate did not attend.
StationOutcome = Literal[
    "pass", "fail", "critical_fail", "pending", "excluded", "absent", "incomplete"
]


@dataclass(frozen=True)
class ReportHeader:
    """What the running header of every page says."""

    exam_code: str
    exam_title: str
    exam_date: date | None
    language: str
    generated_at: datetime
    #: Prints "DRAFT — results not released" across every page.
    draft: bool = False


# --------------------------------------------------------------------------- candidate


@dataclass(frozen=True)
class ItemLine:
    """One checklist item of a candidate's encounter."""

    section: str
    text: str
    status: ItemStatus
    points: float
    max_points: float
    critical: bool = False
    #: Extra words: a rating "4 / 5", a time "done at 75 s".
    detail: str = ""


@dataclass(frozen=True)
class Compression:
    """One chest compression: when (s from the start), how deep (mm), the rate
    (compressions per minute) from the previous one."""

    t_s: float
    depth_mm: float
    rate_cpm: float | None


@dataclass(frozen=True)
class CprData:
    """A CPR encounter's device metrics and its per-compression series."""

    depth_min_mm: float
    depth_max_mm: float
    rate_min_cpm: float
    rate_max_cpm: float
    #: (label, value with unit, target) rows; already formatted.
    metrics: tuple[tuple[str, str, str], ...]
    compressions: tuple[Compression, ...] = ()


@dataclass(frozen=True)
class ScenarioLogLine:
    """One line of a simulation scenario's event log: the active time (s), what kind of
    line it is (the report prints it translated) and its text."""

    t_s: float
    kind: str
    text: str


@dataclass(frozen=True)
class StationResult:
    """A candidate's result at one station."""

    station_key: str
    title: str
    outcome: StationOutcome
    score: float | None = None
    max_score: float | None = None
    percent: float | None = None
    pass_mark_pct: float | None = None
    cohort_mean_pct: float | None = None
    grade_label: str | None = None
    examiner: str | None = None
    items: tuple[ItemLine, ...] = ()
    comments: tuple[str, ...] = ()
    cpr: CprData | None = None
    #: The scenario's event log (scenario stations; empty otherwise).
    event_log: tuple[ScenarioLogLine, ...] = ()
    #: Why the outcome is what it is, in the report's language (empty for a pass).
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateReportData:
    header: ReportHeader
    candidate_number: str
    candidate_name: str
    stations: tuple[StationResult, ...]
    overall_pct: float | None
    overall_outcome: StationOutcome
    pass_mark_pct: float | None = None
    cohort_mean_pct: float | None = None
    stations_passed: int = 0
    stations_needed: int | None = None
    #: Why the overall result is what it is, in the report's language.
    overall_reasons: tuple[str, ...] = ()


# --------------------------------------------------------------------------- exam


@dataclass(frozen=True)
class RegressionData:
    """The points of one station's borderline-regression chart: each candidate's
    (global grade, station percentage), and the grade steps' labels. The fitted line
    and the cut score come from the station's statistics."""

    station_key: str
    points: tuple[tuple[float, float], ...]
    grade_labels: tuple[str, ...]


@dataclass(frozen=True)
class ExaminerRow:
    """One examiner at one station: how many candidates they marked, the mean and SD
    of the station percentage they gave, and their mean global grade (0-based)."""

    station_key: str
    examiner: str
    encounters: int
    mean: float | None
    sd: float | None
    mean_grade: float | None


@dataclass(frozen=True)
class ExamReportData:
    header: ReportHeader
    #: The psychometrics of the exam (:func:`assessments.psychometrics.analyse_exam`).
    statistics: ExamStatistics
    #: Station key → title, in circuit order.
    station_titles: tuple[tuple[str, str], ...]
    #: Station key → the candidates' station percentages.
    distributions: tuple[tuple[str, tuple[float, ...]], ...]
    #: Candidates' totals (mean station percentage), of those who sat every station.
    totals: tuple[float, ...]
    regressions: tuple[RegressionData, ...]
    examiners: tuple[ExaminerRow, ...]
    #: (candidate number, name, total %, reasons in the report's language): every
    #: candidate whose exam result is fail.
    failing: tuple[tuple[str, str, float | None, str], ...]
    #: (candidate number, name, missing station keys).
    incomplete_candidates: tuple[tuple[str, str, tuple[str, ...]], ...]
    #: The pass mark in force when a standard has been adopted (it may differ from the
    #: statistics' own, e.g. by another method); None: the statistics' pass mark.
    adopted_pass_mark: float | None = None
    #: The exam pass mark in force (the adopted standard's, else the exam's own) and
    #: the number of stations to pass, as the results model uses them.
    pass_mark_in_force: float | None = None
    stations_required: int | None = None


# --------------------------------------------------------------------------- practice


@dataclass(frozen=True)
class PracticeAttemptLine:
    started_at: datetime
    station_key: str
    title: str
    percent: float | None
    outcome: str
    #: Device metrics of the attempt (metric name → value).
    metrics: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class PracticeReportData:
    header: ReportHeader
    username: str
    display_name: str
    attempts: tuple[PracticeAttemptLine, ...]
    #: The metrics plotted as trends: (metric label with unit, metric name), each with
    #: its target band (low, high) when it has one.
    trend_metrics: tuple[tuple[str, str], ...] = ()
    latest: StationResult | None = None
    trend_bands: tuple[tuple[float, float] | None, ...] = ()


# --------------------------------------------------------------------------- badges


@dataclass(frozen=True)
class Badge:
    candidate_number: str
    name: str
    group: str | None = None


@dataclass(frozen=True)
class BadgeData:
    header: ReportHeader
    badges: tuple[Badge, ...]


# --------------------------------------------------------------------------- checklists

BlankItemKind = Literal["binary", "three_point", "rating", "timed", "device"]


@dataclass(frozen=True)
class BlankItem:
    text: str
    kind: BlankItemKind
    critical: bool = False
    #: Rating: 1..scale_max; anchors (point, text).
    scale_max: int = 0
    anchors: tuple[tuple[int, str], ...] = ()
    #: What "partly" means (three-point items), the time limit or the device rule.
    note: str = ""


@dataclass(frozen=True)
class BlankSection:
    title: str
    items: tuple[BlankItem, ...]


@dataclass(frozen=True)
class BlankChecklist:
    station_key: str
    version: str
    title: str
    candidate_instructions: str
    examiner_instructions: str
    reading_s: float
    active_s: float
    sections: tuple[BlankSection, ...]
    grade_steps: tuple[str, ...] = ()

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)


def blank_checklist(definition: StationDefinition, lang: str | None = None) -> BlankChecklist:
    """A station definition as a paper checklist, its texts in ``lang`` (the
    definition's own language when None or not translated)."""
    code = lang or definition.language

    def t(value: object) -> str:
        return definition.text(value, code) if value is not None else ""  # type: ignore[arg-type]

    sections: list[BlankSection] = []
    for section in definition.sections:
        items: list[BlankItem] = []
        for item in section.items:
            note = ""
            scale_max = 0
            anchors: tuple[tuple[int, str], ...] = ()
            if isinstance(item, ThreePointItem):
                note = t(item.partial_label)
            elif isinstance(item, RatingItem):
                scale_max = item.scale_max
                anchors = tuple((k, t(v)) for k, v in sorted(item.anchors.items()))
            elif isinstance(item, TimedItem):
                note = f"{item.within_s:g}"
            elif isinstance(item, DeviceItem):
                note = item.rule
            else:
                assert isinstance(item, BinaryItem)
            items.append(
                BlankItem(
                    text=t(item.text),
                    kind=item.type,
                    critical=item.critical,
                    scale_max=scale_max,
                    anchors=anchors,
                    note=note,
                )
            )
        sections.append(BlankSection(t(section.title), tuple(items)))
    steps = (
        tuple(t(step.label) for step in definition.global_rating.steps)
        if definition.global_rating
        else ()
    )
    return BlankChecklist(
        station_key=definition.id,
        version=definition.version,
        title=t(definition.title),
        candidate_instructions=t(definition.instructions.candidate),
        examiner_instructions=t(definition.instructions.examiner),
        reading_s=definition.timing.reading_s,
        active_s=definition.timing.active_s,
        sections=tuple(sections),
        grade_steps=steps,
    )


@dataclass(frozen=True)
class ChecklistData:
    header: ReportHeader
    checklists: tuple[BlankChecklist, ...]


# --------------------------------------------------------------------------- timetable


@dataclass(frozen=True)
class TimetableLine:
    cycle: int
    slot: int
    starts_at: datetime
    ends_at: datetime
    #: The station key, or ``None`` for a rest slot.
    station_key: str | None
    candidate_number: str
    candidate_name: str = ""


@dataclass(frozen=True)
class TimetableData:
    header: ReportHeader
    #: The exam's station keys in circuit order (the columns).
    stations: tuple[str, ...]
    rows: tuple[TimetableLine, ...] = field(default_factory=tuple)
