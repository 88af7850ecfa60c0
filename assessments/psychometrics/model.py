"""The values the psychometric analysis reads and returns (frozen dataclasses).

Input: one :class:`ResultRow` per marking of a candidate at a station (two for a
double-marked encounter) and, optionally, one :class:`ItemRow` per checklist item of such
a marking. Output: :class:`ExamStatistics`, whose :meth:`ExamStatistics.to_json` is the
object ``skillstation stats --json`` prints (keys listed in docs/psychometrics.md).

Every figure that cannot be computed is ``None`` (``null`` in JSON, never NaN or
infinity), and a line in :attr:`ExamStatistics.warnings` says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One marking of a candidate at a station: the columns of the results CSV.

    ``global_grade`` is the examiner's global grade as the 0-based position of the step
    on the station's scale (None when the station has none or it was not given).
    """

    candidate_id: str
    station_id: str
    examiner_id: str
    score: float
    max_score: float
    global_grade: int | None


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One checklist item of one marking: points earned out of the item's maximum."""

    candidate_id: str
    station_id: str
    examiner_id: str
    item_id: str
    score: float
    max_score: float
    critical: bool


class Flag(StrEnum):
    """Quality flags, with the thresholds of AMEE Guide 49 (Pell et al. 2010)."""

    #: Exam: Cronbach's alpha below 0.7.
    LOW_ALPHA = "low_alpha"
    #: Station: R² of the borderline regression below 0.5.
    LOW_R2 = "low_r2"
    #: Station: η² of the percentage by examiner above 0.3 (hawks and doves).
    EXAMINER_EFFECT = "examiner_effect"
    #: Station: the exam's alpha is higher without this station.
    ALPHA_RISES_WITHOUT = "alpha_rises_without"
    #: Station: an examiner gave every candidate they graded the same global grade.
    SAME_GRADE_EXAMINER = "same_grade_examiner"
    #: Station: no borderline-regression cut score could be computed.
    BRM_UNDEFINED = "brm_undefined"


#: One line per flag, as the table and the reports explain it.
FLAG_TEXT: dict[Flag, str] = {
    Flag.LOW_ALPHA: "Cronbach's alpha below 0.7",
    Flag.LOW_R2: "borderline-regression R² below 0.5",
    Flag.EXAMINER_EFFECT: "examiner η² above 0.3 (examiner effect)",
    Flag.ALPHA_RISES_WITHOUT: "the exam's alpha rises without this station",
    Flag.SAME_GRADE_EXAMINER: "an examiner gave everyone the same global grade",
    Flag.BRM_UNDEFINED: "borderline regression undefined (no cut score)",
}


@dataclass(frozen=True, slots=True)
class StationStatistics:
    """Figures of one station, on the station percentage p = 100 · score / max_score
    (a double-marked candidate counts once, with the mean p and mean grade).

    Borderline regression p = ``intercept`` + ``discrimination`` · G over the graded
    candidates gives ``cut_score`` at G = ``borderline_grade``; ``failures`` counts
    candidates with p below it. ``borderline_group_cut`` is the mean p of the candidates
    graded exactly borderline (``borderline_group_n`` of them); ``cohen_cut`` is
    0.6 × ``p95``, the 95th percentile of p.
    """

    station_id: str
    n: int
    mean: float | None
    sd: float | None
    graded: int
    examiners: int
    borderline_grade: int
    intercept: float | None
    discrimination: float | None
    r2: float | None
    cut_score: float | None
    failures: int | None
    alpha_if_deleted: float | None
    examiner_eta2: float | None
    borderline_group_cut: float | None
    borderline_group_n: int
    p95: float | None
    cohen_cut: float | None
    flags: tuple[Flag, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "station_id": self.station_id,
            "n": self.n,
            "mean": _num(self.mean),
            "sd": _num(self.sd),
            "graded": self.graded,
            "examiners": self.examiners,
            "borderline_grade": self.borderline_grade,
            "intercept": _num(self.intercept),
            "discrimination": _num(self.discrimination),
            "r2": _num(self.r2),
            "cut_score": _num(self.cut_score),
            "failures": self.failures,
            "alpha_if_deleted": _num(self.alpha_if_deleted),
            "examiner_eta2": _num(self.examiner_eta2),
            "borderline_group": {
                "cut_score": _num(self.borderline_group_cut),
                "n": self.borderline_group_n,
            },
            "cohen": {"p95": _num(self.p95), "cut_score": _num(self.cohen_cut)},
            "flags": [str(f) for f in self.flags],
        }


@dataclass(frozen=True, slots=True)
class ExamSummary:
    """Figures of the whole exam, on the candidates who sat every station.

    A candidate's total is the mean of their station percentages. ``alpha`` is
    Cronbach's alpha with the stations as items; ``sem`` = SD(total) · √(1 − alpha);
    ``cut_score`` is the mean of the station cuts (None if any is None); ``pass_mark`` =
    ``cut_score`` + ``sem_multiplier`` · ``sem``; ``failures`` counts totals below it.
    """

    candidates: int
    incomplete: int
    stations: int
    alpha: float | None
    sem: float | None
    sem_multiplier: float
    cut_score: float | None
    pass_mark: float | None
    failures: int | None
    mean: float | None
    sd: float | None
    borderline_group_cut: float | None
    cohen_cut: float | None
    flags: tuple[Flag, ...] = ()
    #: What ``failures`` counts: ``"pass_mark"`` (totals below ``pass_mark``, for a
    #: results file) or ``"exam_outcome"`` (candidates whose exam result is fail, for a
    #: stored exam), with the exam pass mark that result used.
    failures_basis: str = "pass_mark"
    failures_pass_mark: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "candidates": self.candidates,
            "incomplete": self.incomplete,
            "stations": self.stations,
            "alpha": _num(self.alpha),
            "sem": _num(self.sem),
            "sem_multiplier": _num(self.sem_multiplier),
            "cut_score": _num(self.cut_score),
            "pass_mark": _num(self.pass_mark),
            "failures": self.failures,
            "failures_basis": self.failures_basis,
            "failures_pass_mark": _num(self.failures_pass_mark),
            "mean": _num(self.mean),
            "sd": _num(self.sd),
            "borderline_group": {"cut_score": _num(self.borderline_group_cut)},
            "cohen": {"cut_score": _num(self.cohen_cut)},
            "flags": [str(f) for f in self.flags],
        }


@dataclass(frozen=True, slots=True)
class ItemStatistics:
    """Item analysis of one checklist item: ``facility`` is the mean share of the item's
    points earned (for a done/not-done item, the share of candidates who did it);
    ``item_total_r`` is the corrected item–total correlation (the item against the rest
    of the station's items)."""

    station_id: str
    item_id: str
    critical: bool
    n: int
    facility: float | None
    item_total_r: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "station_id": self.station_id,
            "item_id": self.item_id,
            "critical": self.critical,
            "n": self.n,
            "facility": _num(self.facility),
            "item_total_r": _num(self.item_total_r),
        }


@dataclass(frozen=True, slots=True)
class AgreementStatistics:
    """Agreement of the first two examiners' global grades on the double-marked
    encounters of a station: ICC(2,1) (Shrout & Fleiss 1979) and Cohen's kappa, with the
    share of encounters graded the same (``observed``)."""

    station_id: str
    encounters: int
    icc: float | None
    kappa: float | None
    observed: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "station_id": self.station_id,
            "encounters": self.encounters,
            "icc": _num(self.icc),
            "kappa": _num(self.kappa),
            "observed": _num(self.observed),
        }


@dataclass(frozen=True, slots=True)
class ExamStatistics:
    """The result of :func:`assessments.psychometrics.analyse_exam`."""

    exam: ExamSummary
    stations: list[StationStatistics]
    items: list[ItemStatistics] = field(default_factory=list)
    agreement: list[AgreementStatistics] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def flags(self) -> dict[str, tuple[Flag, ...]]:
        """Station id → that station's flags."""
        return {s.station_id: s.flags for s in self.stations}

    def station(self, station_id: str) -> StationStatistics:
        """The statistics of one station (KeyError if it is not in the exam)."""
        for stats in self.stations:
            if stats.station_id == station_id:
                return stats
        raise KeyError(station_id)

    def to_json(self) -> dict[str, Any]:
        """The ``skillstation stats --json`` object: plain dicts, lists, strings, ints,
        floats (all finite) and None."""
        return {
            "exam": self.exam.to_json(),
            "stations": [s.to_json() for s in self.stations],
            "items": [i.to_json() for i in self.items],
            "agreement": [a.to_json() for a in self.agreement],
            "warnings": list(self.warnings),
        }


def _num(value: float | None) -> float | None:
    """A figure for JSON: a plain float, or None for anything not finite."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None
