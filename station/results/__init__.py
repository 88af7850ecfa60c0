"""Results: one model of every encounter's, station's and candidate's result, with its
reasons (:mod:`station.results.model`, :mod:`station.results.reasons`)."""

from station.results.model import (
    CANDIDATE_OUTCOMES,
    STATION_OUTCOMES,
    CandidateOutcome,
    ExamResults,
    ExclusionNote,
    Marking,
    StationEntry,
    candidate_outcomes,
    station_reasons,
)
from station.results.reasons import CODES, Reason, reason_text, reasons_text

__all__ = [
    "CANDIDATE_OUTCOMES",
    "CODES",
    "STATION_OUTCOMES",
    "CandidateOutcome",
    "ExamResults",
    "ExclusionNote",
    "Marking",
    "Reason",
    "StationEntry",
    "candidate_outcomes",
    "reason_text",
    "reasons_text",
    "station_reasons",
]
