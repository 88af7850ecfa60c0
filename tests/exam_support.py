"""A candidate's exam result from a list of station results, through the results model
(station.results.candidate_outcomes), for the hand-worked and property tests of the
exam rule."""

from __future__ import annotations

from collections.abc import Sequence

from assessments.scoring import ExamRule, StationScore
from station.results import CandidateOutcome, Marking, candidate_outcomes


def judge_exam(stations: Sequence[StationScore], rule: ExamRule) -> CandidateOutcome:
    """The exam result of one candidate with these station results (one marking each),
    under ``rule``."""
    keys = [f"s{k}" for k in range(len(stations))]
    return candidate_outcomes(
        keys=keys,
        people={"C-1": ("Doe", "Ann")},
        markings=[
            Marking(f"e{k}", "C-1", key, True, score, score.outcome.value, ())
            for k, (key, score) in enumerate(zip(keys, stations, strict=True))
        ],
        no_shows=set(),
        excluded={},
        pass_mark=rule.pass_mark_pct,
        min_stations=rule.min_stations_passed,
    )[0]
