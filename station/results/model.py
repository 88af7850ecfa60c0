"""The results model: every encounter's result, every candidate's station results and
exam result, with their reasons, computed once.

The services build an :class:`ExamResults` from what is stored
(:meth:`station.services.results.ResultServices.exam_results`); the GUI's Results,
Progress and statistics, the examiner's submit confirmation, every export, both PDF
reports, ``stats --exam``, standard setting and release all read it. Nothing else
decides an outcome, a pass mark in force or a failure count.

The functions here are plain: they take scored encounters (:class:`EncounterResult`),
the roster, the no-shows, the exclusions and the exam rule, and return values. The
rules are written for faculty in docs/scoring.md ("Why a result is what it is").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

from assessments.definitions.model import StationDefinition
from assessments.scoring import DECIMALS, ItemState, Outcome, StationScore
from station.names import person_name
from station.results.reasons import Reason

if TYPE_CHECKING:
    from station.services.types import EncounterResult

__all__ = [
    "CANDIDATE_OUTCOMES",
    "STATION_OUTCOMES",
    "CandidateOutcome",
    "ExclusionNote",
    "StationEntry",
    "candidate_outcomes",
    "station_reasons",
]

#: The words of a candidate's station result. ``absent``: a no-show was recorded;
#: ``incomplete``: no result yet (not visited, or not submitted).
STATION_OUTCOMES: Final = (
    "pass",
    "fail",
    "critical_fail",
    "pending",
    "excluded",
    "absent",
    "incomplete",
)
#: The words of a candidate's exam result.
CANDIDATE_OUTCOMES: Final = ("pass", "fail", "pending", "incomplete", "absent")

CandidateWord = Literal["pass", "fail", "pending", "incomplete", "absent"]


def _round(value: float) -> float:
    return round(value, DECIMALS) + 0.0


@dataclass(frozen=True)
class ExclusionNote:
    """Who excluded a whole station, and why."""

    by: str
    why: str


def station_reasons(
    model: StationDefinition,
    score: StationScore,
    *,
    excluded: ExclusionNote | None = None,
    imported: tuple[str, int] | None = None,
) -> tuple[Reason, ...]:
    """Why the encounter scored ``score`` has its outcome; empty for a pass.

    ``excluded`` is the standing exclusion of the whole station, ``imported`` the file
    and line of an imported (paper) result.
    """
    if excluded is not None:
        return (Reason.of("station_excluded", by=excluded.by, why=excluded.why),)
    if score.outcome is Outcome.PASS:
        return ()
    reasons: list[Reason] = []
    if score.outcome is Outcome.CRITICAL_FAIL and imported is not None:
        reasons.append(Reason.of("imported_critical_fail", file=imported[0], line=imported[1]))
    states = {item.item_id: item.state for item in score.items}
    for item_id in score.critical_failed:
        state = states.get(item_id)
        code = {
            ItemState.NOT_DONE: "critical_not_done",
            ItemState.PARTIAL: "critical_partly_done",
        }.get(state or ItemState.MISSING, "critical_not_marked")
        reasons.append(Reason.of(code, item=item_id))
    rule = model.min_items
    if rule is not None and score.min_items_met is False:
        needed = max(0, rule.count - len(score.excluded))
        if score.raw_done < needed:
            reasons.append(
                Reason.of(
                    "min_items_not_met", done=score.raw_done, total=score.raw_total, needed=needed
                )
            )
        starred = tuple(
            i.item_id
            for i in score.items
            if i.starred and i.state not in (ItemState.DONE, ItemState.EXCLUDED)
        )
        if rule.require_starred and starred:
            reasons.append(Reason.of("starred_not_done", items=starred))
    mark = score.pass_mark_pct
    if score.percent is not None and mark is not None and score.percent < _round(mark):
        code = "below_pass_mark" if model.pass_rule.mode == "fixed" else "below_cut_score"
        reasons.append(Reason.of(code, percent=score.percent, pass_mark=_round(mark)))
    if score.outcome is Outcome.PENDING:
        if score.percent is None:
            reasons.append(Reason.of("nothing_to_score"))
        else:
            reasons.append(Reason.of("pending_standard", station=model.id))
    return tuple(reasons)


@dataclass(frozen=True)
class StationEntry:
    """A candidate's result at one station: the outcome of the primary marking (or
    ``excluded``, ``absent``, ``incomplete``), the percentage (the mean over the
    markings of a double-marked station), the primary marking's reasons, and the
    encounter ids, primary first."""

    station_key: str
    outcome: str
    percent: float | None
    reasons: tuple[Reason, ...]
    encounters: tuple[str, ...] = ()
    pass_mark_pct: float | None = None
    grade: int | None = None

    @property
    def passed(self) -> bool:
        return self.outcome == "pass"

    @property
    def failed(self) -> bool:
        return self.outcome in ("fail", "critical_fail")


@dataclass(frozen=True)
class CandidateOutcome:
    """A candidate's exam result: each station (circuit order), the overall percentage
    (the mean of the station percentages they have), how many stations they passed and
    must pass, the outcome (:data:`CANDIDATE_OUTCOMES`) and its reasons."""

    candidate_number: str
    family_name: str
    given_name: str
    stations: tuple[StationEntry, ...]
    overall_pct: float | None
    stations_passed: int
    stations_total: int
    stations_required: int | None
    outcome: CandidateWord
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def station_percent(self) -> dict[str, float | None]:
        return {s.station_key: s.percent for s in self.stations}

    def station(self, key: str) -> StationEntry:
        for entry in self.stations:
            if entry.station_key == key:
                return entry
        raise KeyError(key)

    @property
    def name(self) -> str:
        """The name as people read it (:func:`station.names.person_name`)."""
        return person_name(self.given_name, self.family_name)


@dataclass(frozen=True)
class Marking:
    """One submitted marking of a station, as the candidate computation needs it."""

    encounter_id: str
    candidate_number: str
    station_key: str
    primary: bool
    score: StationScore
    outcome: str
    reasons: tuple[Reason, ...]


def candidate_outcomes(
    *,
    keys: Sequence[str],
    people: Mapping[str, tuple[str, str]],
    markings: Sequence[Marking],
    no_shows: set[tuple[str, str]],
    excluded: Mapping[str, ExclusionNote],
    pass_mark: float | None,
    min_stations: int | None,
) -> list[CandidateOutcome]:
    """Every candidate's exam result, by candidate number.

    ``keys`` are the stations in circuit order, ``people`` maps candidate numbers to
    (family name, given name), ``markings`` are the submitted encounters (primary
    first), ``no_shows`` the (candidate, station) pairs recorded as no-shows,
    ``excluded`` the stations excluded as a whole. ``pass_mark`` is the exam pass mark
    in force (the adopted standard's, else the exam's own), ``min_stations`` the number
    of stations to pass.
    """
    counted = [k for k in keys if k not in excluded]
    by: dict[tuple[str, str], list[Marking]] = {}
    for m in markings:
        by.setdefault((m.candidate_number, m.station_key), []).append(m)
    out: list[CandidateOutcome] = []
    for number in sorted(people):
        family, given = people[number]
        entries: list[StationEntry] = []
        for key in keys:
            marked = sorted(by.get((number, key), []), key=lambda m: not m.primary)
            if key in excluded:
                note = excluded[key]
                percents = [m.score.percent for m in marked if m.score.percent is not None]
                entries.append(
                    StationEntry(
                        key,
                        "excluded",
                        _mean(percents),
                        (Reason.of("station_excluded", by=note.by, why=note.why),),
                        tuple(m.encounter_id for m in marked),
                    )
                )
            elif marked:
                first = marked[0]
                percents = [m.score.percent for m in marked if m.score.percent is not None]
                entries.append(
                    StationEntry(
                        key,
                        first.outcome,
                        _mean(percents),
                        first.reasons,
                        tuple(m.encounter_id for m in marked),
                        first.score.pass_mark_pct,
                        first.score.grade,
                    )
                )
            elif (number, key) in no_shows:
                entries.append(StationEntry(key, "absent", None, (Reason.of("absent"),)))
            else:
                entries.append(StationEntry(key, "incomplete", None, (Reason.of("incomplete"),)))
        out.append(_judge(number, family, given, entries, counted, pass_mark, min_stations))
    return out


def _mean(values: Sequence[float]) -> float | None:
    return _round(math.fsum(values) / len(values)) if values else None


def _judge(
    number: str,
    family: str,
    given: str,
    entries: list[StationEntry],
    counted: Sequence[str],
    pass_mark: float | None,
    min_stations: int | None,
) -> CandidateOutcome:
    """The exam result from the station results (docs/scoring.md):

    - absent from every counted station: ``absent``;
    - a failed rule that no missing result could change: ``fail`` (an overall
      percentage below the pass mark over every station, or fewer stations passed
      than needed even if every station still open were passed);
    - a station without a result (absent or not marked): ``incomplete``;
    - a station waiting for its cut score that could change the result: ``pending``;
    - otherwise the rule decides: ``fail`` or ``pass``.
    """
    mine = [e for e in entries if e.station_key in counted]
    percents = [e.percent for e in mine if e.percent is not None and e.outcome != "absent"]
    overall = _mean(percents)
    passed = sum(1 for e in mine if e.passed)
    pending = [e.station_key for e in mine if e.outcome == "pending"]
    unmarked = [e.station_key for e in mine if e.outcome == "incomplete"]
    absent = [e.station_key for e in mine if e.outcome == "absent"]
    missing = [e.station_key for e in mine if e.outcome in ("absent", "incomplete")]
    total = len(mine)

    def result(word: CandidateWord, reasons: list[Reason]) -> CandidateOutcome:
        return CandidateOutcome(
            candidate_number=number,
            family_name=family,
            given_name=given,
            stations=tuple(entries),
            overall_pct=overall,
            stations_passed=passed,
            stations_total=total,
            stations_required=min_stations,
            outcome=word,
            reasons=tuple(reasons),
        )

    if mine and len(absent) == total:
        return result("absent", [Reason.of("absent_exam")])
    if pass_mark is None and min_stations is None:
        return result("pending", [Reason.of("no_exam_rule")])
    failures: list[Reason] = []
    pass_mark_failed = (
        pass_mark is not None
        and not missing
        and overall is not None
        and overall < _round(pass_mark)
    )
    if pass_mark_failed:
        assert pass_mark is not None and overall is not None
        failures.append(
            Reason.of("overall_below_pass_mark", percent=overall, pass_mark=_round(pass_mark))
        )
    too_few = min_stations is not None and passed + len(pending) + len(unmarked) < min_stations
    if too_few:
        failures.append(
            Reason.of(
                "too_few_stations_passed",
                passed=passed,
                total=total,
                required=min_stations,
                failed=tuple(e.station_key for e in mine if e.failed or e.outcome == "absent"),
            )
        )
    if failures:
        return result("fail", failures)
    if missing:
        return result("incomplete", [Reason.of("stations_missing", stations=tuple(missing))])
    if min_stations is not None and passed < min_stations:
        # Not failed above, so the stations waiting for a cut score decide.
        return result("pending", [Reason.of("stations_pending", stations=tuple(pending))])
    if pass_mark is not None and overall is None:
        return result("pending", [Reason.of("nothing_to_score")])
    return result("pass", [])


@dataclass(frozen=True)
class ExamResults:
    """An exam's results as they stand: every submitted encounter (``encounters``,
    :class:`station.services.types.EncounterResult`, by candidate, station, marker),
    every candidate on the roster (``candidates``), the exam pass mark in force and
    where it comes from (``"standard"``, ``"exam"`` or None), and the number of
    stations to pass."""

    exam_code: str
    encounters: tuple[EncounterResult, ...]
    candidates: tuple[CandidateOutcome, ...]
    stations: tuple[str, ...]
    pass_mark_pct: float | None
    pass_mark_source: Literal["standard", "exam"] | None
    min_stations_passed: int | None
    standard_adopted: bool

    @property
    def failures(self) -> int:
        """Candidates whose exam result is ``fail``."""
        return sum(1 for c in self.candidates if c.outcome == "fail")

    def candidate(self, number: str) -> CandidateOutcome:
        for c in self.candidates:
            if c.candidate_number == number:
                return c
        raise KeyError(number)

    def station_failures(self, key: str) -> int:
        """Candidates who failed station ``key`` (fail or critical fail)."""
        return sum(1 for c in self.candidates if c.station(key).failed)

    def count(self, outcome: str) -> int:
        return sum(1 for c in self.candidates if c.outcome == outcome)
