"""The benchmarks' cohort generator (bench/cohort.py): reproducible, shaped like an
OSCE (grades follow scores, a hawk grades lower than a dove, some double marking), and
its rows are what the psychometrics and the results CSV reader take."""

from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path
from types import ModuleType

import pytest

from assessments.psychometrics import analyse_exam, read_results_csv

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def cohort_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cohort", BENCH / "cohort.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("cohort", module)
    spec.loader.exec_module(module)
    return module


def test_the_same_seed_gives_the_same_cohort(cohort_module: ModuleType) -> None:
    one = cohort_module.make_cohort(candidates=12, stations=6, seed=4)
    two = cohort_module.make_cohort(candidates=12, stations=6, seed=4)
    other = cohort_module.make_cohort(candidates=12, stations=6, seed=5)
    assert one.results == two.results and one.items == two.items
    assert one.results != other.results
    assert [c.candidate_id for c in one.candidates][:3] == ["C-001", "C-002", "C-003"]
    assert len({s.id for s in one.stations}) == 6  # reused stations get new ids
    assert all(s.global_rating is not None for s in one.stations)


def test_the_cohort_looks_like_an_osce(cohort_module: ModuleType, tmp_path: Path) -> None:
    cohort = cohort_module.make_cohort(candidates=200, stations=4, seed=1)
    assert len(cohort.encounters) == 200 * 4
    doubles = [e for e in cohort.encounters if e.double_marked]
    assert 0 < len(doubles) < len(cohort.encounters) // 4
    assert len(cohort.results) == len(cohort.encounters) + len(doubles)
    names = "".join(c.family_name + c.given_name for c in cohort.candidates)
    assert any("\u0400" <= ch <= "\u04ff" for ch in names)  # Cyrillic among the names
    stats = analyse_exam(cohort.results, cohort.items)
    for station in stats.stations:
        assert station.discrimination is not None and station.discrimination > 0
        assert station.r2 is not None and station.r2 > 0.3
    assert stats.exam.alpha is not None and stats.exam.alpha > 0.7
    assert {a.station_id for a in stats.agreement} == {s.id for s in cohort.stations}
    # The hawk (first station, circuit A) grades lower than circuit B at that station.
    first = cohort.stations[0].id
    hawk, other, _ = cohort.examiners[first]
    assert hawk.stringency > other.stringency

    def mean_grade(examiner_id: str) -> float:
        return statistics.fmean(
            e.grade
            for e in cohort.encounters
            if e.examiner_id == examiner_id and e.grade is not None
        )

    assert mean_grade(hawk.examiner_id) < mean_grade(other.examiner_id)
    # Written as a results CSV, it reads back row for row.
    path = cohort.write_results_csv(tmp_path / "cohort.csv")
    assert read_results_csv(path) == cohort.results
