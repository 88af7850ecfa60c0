"""A reproducible cohort of simulated OSCE results, for the benchmarks.

``make_cohort(candidates=1000, stations=10, seed=1)`` returns a :class:`Cohort`:

- ``candidates``: :class:`station.demo.DemoCandidate` rows (ids ``C-0001``..., names
  from many languages and scripts, as the demo's roster has them, and an ability
  ``theta``);
- ``stations``: the station definitions, taken in turn from the bundled library
  (assessments/library; the stations with a global rating, since borderline regression
  needs grades); past their number, a station is reused under a new id
  (``iv-cannulation-2``...), so its items get other difficulties;
- ``examiners``: per station three examiners: one per circuit (the candidate's group A
  or B) and a second marker, each with a stringency; in every exam one hawk (+0.8 of a
  grade harsher) and one dove (−0.8), the others near 0;
- ``encounters``: one :class:`CohortEncounter` per candidate × station with the marks
  and device metrics of :func:`assessments.simulation.simulate_performance`, the score of
  :func:`assessments.scoring.score_station` and the global grade of
  :func:`assessments.simulation.simulate_grade` (so grades follow scores, shifted by the
  examiner's stringency); about one encounter in ten (``double_marked``) is graded by the
  station's second marker as well;
- ``results``: :class:`assessments.psychometrics.ResultRow` per marking (two rows for a
  double-marked encounter, the primary first) and ``items``: one
  :class:`assessments.psychometrics.ItemRow` per item of each marking.

``Cohort.write_results_csv(path)`` writes ``results`` in the columns of
``skillstation results export``. The same seed always gives the same cohort.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assessments.definitions.library import load_library  # noqa: E402
from assessments.definitions.model import StationDefinition  # noqa: E402
from assessments.psychometrics import ItemRow, ResultRow  # noqa: E402
from assessments.scoring import ItemMark, StationScore, score_station  # noqa: E402
from assessments.simulation import simulate_grade, simulate_performance  # noqa: E402
from station.demo import DemoCandidate, demo_candidates  # noqa: E402

#: The share of encounters that a second examiner grades too.
DOUBLE_MARKED_SHARE = 0.1
#: Columns of the results CSV, as ``skillstation results export`` starts them.
CSV_COLUMNS = ("candidate_id", "station_id", "examiner_id", "score", "max_score", "global_grade")


@dataclass(frozen=True)
class CohortExaminer:
    """An examiner: a username and a stringency (+1 ≈ one grade harsher)."""

    examiner_id: str
    stringency: float


@dataclass(frozen=True)
class CohortEncounter:
    """One candidate at one station: what they did and how it was scored and graded."""

    candidate_id: str
    station_id: str
    examiner_id: str
    marks: tuple[ItemMark, ...]
    metrics: dict[str, float]
    score: StationScore
    grade: int | None
    second_examiner_id: str | None = None
    second_grade: int | None = None

    @property
    def double_marked(self) -> bool:
        return self.second_examiner_id is not None


@dataclass
class Cohort:
    """A simulated exam's results; see the module documentation."""

    seed: int
    candidates: list[DemoCandidate]
    stations: list[StationDefinition]
    examiners: dict[str, tuple[CohortExaminer, CohortExaminer, CohortExaminer]]
    encounters: list[CohortEncounter]
    results: list[ResultRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)

    def candidate(self, candidate_id: str) -> DemoCandidate:
        for person in self.candidates:
            if person.candidate_id == candidate_id:
                return person
        raise KeyError(candidate_id)

    def write_results_csv(self, path: Path) -> Path:
        """Write ``results`` as a results CSV (UTF-8) and return the path."""
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for row in self.results:
                writer.writerow(
                    [
                        row.candidate_id,
                        row.station_id,
                        row.examiner_id,
                        _number(row.score),
                        _number(row.max_score),
                        "" if row.global_grade is None else row.global_grade,
                    ]
                )
        return path


def _number(value: float) -> str:
    """A score for the CSV that reads back as the same float: 7, 7.5, 6.333333333333333."""
    return str(int(value)) if value.is_integer() else repr(value)


def cohort_stations(count: int) -> list[StationDefinition]:
    """``count`` station definitions from the bundled library (those with a global
    rating, which borderline regression needs), reused under new ids past their number."""
    if count < 1:
        raise ValueError(f"a cohort needs at least one station, not {count}")
    library = [d for d in load_library().values() if d.global_rating is not None]
    chosen: list[StationDefinition] = []
    for index in range(count):
        base = library[index % len(library)]
        lap = index // len(library)
        chosen.append(base if lap == 0 else base.model_copy(update={"id": f"{base.id}-{lap + 1}"}))
    return chosen


def _examiners(
    stations: list[StationDefinition], rng: random.Random
) -> dict[str, tuple[CohortExaminer, CohortExaminer, CohortExaminer]]:
    """Circuit A's, circuit B's and the second marker of each station; the first
    station's circuit A examiner is a hawk, the last station's circuit B examiner a dove."""
    pool: dict[str, tuple[CohortExaminer, CohortExaminer, CohortExaminer]] = {}
    number = 0
    for index, defn in enumerate(stations):
        trio: list[CohortExaminer] = []
        for role in range(3):
            number += 1
            stringency = round(rng.gauss(0.0, 0.25), 2)
            if index == 0 and role == 0:
                stringency = 0.8
            elif index == len(stations) - 1 and role == 1:
                stringency = -0.8
            trio.append(CohortExaminer(f"examiner-{number:02d}", stringency))
        pool[defn.id] = (trio[0], trio[1], trio[2])
    return pool


def make_cohort(candidates: int = 1000, stations: int = 10, seed: int = 1) -> Cohort:
    """A cohort of ``candidates`` × ``stations`` simulated encounters (see the module
    documentation); the same arguments always give the same cohort."""
    people = demo_candidates(candidates, seed)
    defns = cohort_stations(stations)
    rng = random.Random(f"{seed}:cohort")
    examiners = _examiners(defns, rng)
    encounters: list[CohortEncounter] = []
    results: list[ResultRow] = []
    items: list[ItemRow] = []
    for person in people:
        for defn in defns:
            examiner = examiners[defn.id][0 if person.group == "A" else 1]
            performance = simulate_performance(defn, person.theta, rng)
            metrics = performance.metrics
            first_pass = score_station(defn, performance.marks, metrics=metrics)
            percent = first_pass.percent or 0.0
            grade = simulate_grade(defn, percent, examiner.stringency, rng)
            score = score_station(defn, performance.marks, metrics=metrics, grade=grade)
            second: CohortExaminer | None = None
            second_grade: int | None = None
            if rng.random() < DOUBLE_MARKED_SHARE:
                second = examiners[defn.id][2]
                second_grade = simulate_grade(defn, percent, second.stringency, rng)
            encounter = CohortEncounter(
                candidate_id=person.candidate_id,
                station_id=defn.id,
                examiner_id=examiner.examiner_id,
                marks=performance.marks,
                metrics=metrics,
                score=score,
                grade=grade,
                second_examiner_id=None if second is None else second.examiner_id,
                second_grade=second_grade,
            )
            encounters.append(encounter)
            markers = [(examiner.examiner_id, grade)]
            if second is not None:
                markers.append((second.examiner_id, second_grade))
            for examiner_id, given in markers:
                results.append(
                    ResultRow(
                        person.candidate_id,
                        defn.id,
                        examiner_id,
                        score.score,
                        score.max_score,
                        given,
                    )
                )
                items.extend(
                    ItemRow(
                        person.candidate_id,
                        defn.id,
                        examiner_id,
                        item.item_id,
                        item.points,
                        item.max_points,
                        item.critical,
                    )
                    for item in score.items
                )
    return Cohort(seed, people, defns, examiners, encounters, results, items)


if __name__ == "__main__":
    import time

    start = time.perf_counter()
    cohort = make_cohort()
    took = time.perf_counter() - start
    print(
        f"{len(cohort.candidates)} candidates x {len(cohort.stations)} stations: "
        f"{len(cohort.results)} result rows, {len(cohort.items)} item rows in {took:.2f} s"
    )
