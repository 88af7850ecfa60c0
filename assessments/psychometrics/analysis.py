"""Standard setting and station quality from an exam's results (see
docs/psychometrics.md for every formula and its source).

The work is done on numpy arrays: the rows are turned into index arrays once, the
candidate × station matrices of percentages and grades are built with ``bincount``, and
the loops that remain run over stations, not over candidates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from assessments.psychometrics.model import (
    AgreementStatistics,
    ExamStatistics,
    ExamSummary,
    Flag,
    ItemRow,
    ItemStatistics,
    ResultRow,
    StationStatistics,
)
from common.messages import Message

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: The borderline step when neither the caller nor the station says: on the usual
#: five-step scale (0 clear fail, 1 borderline, 2 clear pass, 3 good, 4 excellent).
DEFAULT_BORDERLINE_GRADE = 1

#: Thresholds of the flags (AMEE Guide 49, Pell et al. 2010).
ALPHA_THRESHOLD = 0.7
R2_THRESHOLD = 0.5
ETA2_THRESHOLD = 0.3

#: An examiner who graded at least this many candidates, all alike, is flagged (as is
#: one who graded all of a station's graded candidates, two or more, alike).
SAME_GRADE_MIN = 5

#: Cohen's method: the cut is this share of the 95th-percentile score (Cohen-Schotanus &
#: van der Vleuten 2010).
COHEN_SHARE = 0.6
COHEN_PERCENTILE = 95.0


def analyse_exam(
    rows: Iterable[ResultRow],
    items: Iterable[ItemRow] = (),
    *,
    borderline_grade: int | Mapping[str, int] | None = None,
    sem_multiplier: float = 1.0,
    stations: Sequence[str] | None = None,
) -> ExamStatistics:
    """Standard setting and quality figures of an exam.

    ``rows`` are the markings (two or more rows for one candidate at one station are a
    double-marked encounter: the station uses their mean percentage and mean grade;
    the agreement figures compare the first two grades). ``items`` are optional
    item-level marks for the item analysis. ``borderline_grade`` is the 0-based
    position of the borderline step: one for every station, per station id (stations
    not named use 1), or None for 1 everywhere. ``sem_multiplier`` is k in pass mark =
    cut score + k · SEM. ``stations`` fixes the order of the stations in the result
    (and lists stations without any result); by default they come in the order they
    first appear in ``rows``.

    Raises ValueError for a negative borderline grade or a multiplier that is not a
    finite number.
    """
    if isinstance(sem_multiplier, bool) or not math.isfinite(float(sem_multiplier)):
        raise ValueError(f"the SEM multiplier must be a finite number, not {sem_multiplier!r}")
    warnings: list[str] = []
    table = _Table.build(list(rows), stations, warnings)
    grades = [_borderline_for(sid, borderline_grade) for sid in table.station_ids]
    station_stats = _stations(table, grades, warnings)
    exam, station_stats = _exam(table, station_stats, sem_multiplier, warnings)
    item_stats = _items(list(items), table, warnings)
    agreement = _agreement(table, warnings)
    return ExamStatistics(
        exam=exam,
        stations=station_stats,
        items=item_stats,
        agreement=agreement,
        warnings=warnings,
    )


def _borderline_for(station_id: str, given: int | Mapping[str, int] | None) -> int:
    if given is None:
        value = DEFAULT_BORDERLINE_GRADE
    elif isinstance(given, Mapping):
        value = given.get(station_id, DEFAULT_BORDERLINE_GRADE)
    else:
        value = given
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            f"the borderline grade of station {station_id!r} must be a whole number of 0 "
            f"or more, not {value!r}"
        )
    return value


def _factorize(values: Sequence[str], known: dict[str, int]) -> IntArray:
    """Index of each value, numbering new values in order of first appearance."""
    return np.fromiter(
        (known.setdefault(v, len(known)) for v in values), dtype=np.intp, count=len(values)
    )


class _Table:
    """The results as arrays: one entry per usable row, and the candidate × station
    matrices of mean percentage and mean grade."""

    def __init__(
        self,
        station_ids: list[str],
        candidate_ids: list[str],
        examiner_ids: list[str],
        candidate: IntArray,
        station: IntArray,
        examiner: IntArray,
        percent: FloatArray,
        grade: FloatArray,
    ) -> None:
        self.station_ids = station_ids
        self.candidate_ids = candidate_ids
        self.examiner_ids = examiner_ids
        self.candidate = candidate
        self.station = station
        self.examiner = examiner
        self.percent = percent
        self.grade = grade
        n_candidates, n_stations = len(candidate_ids), len(station_ids)
        size = n_candidates * n_stations
        self.cell = candidate * n_stations + station
        # Mean percentage and mean grade per candidate × station (NaN where there is
        # none): a double-marked encounter counts once.
        counts = np.bincount(self.cell, minlength=size)
        sums = np.bincount(self.cell, weights=percent, minlength=size)
        graded = ~np.isnan(grade)
        grade_counts = np.bincount(self.cell[graded], minlength=size)
        grade_sums = np.bincount(self.cell[graded], weights=grade[graded], minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            p = np.where(counts > 0, sums / counts, np.nan)
            g = np.where(grade_counts > 0, grade_sums / grade_counts, np.nan)
        self.p: FloatArray = p.reshape(n_candidates, n_stations)
        self.g: FloatArray = g.reshape(n_candidates, n_stations)

    @classmethod
    def build(
        cls, rows: list[ResultRow], stations: Sequence[str] | None, warnings: list[str]
    ) -> _Table:
        usable = [
            r
            for r in rows
            if r.max_score > 0 and math.isfinite(r.max_score) and math.isfinite(r.score)
        ]
        left_out = len(rows) - len(usable)
        if left_out:
            warnings.append(
                Message(
                    "{n} row with nothing to score (a maximum score of 0, e.g. every item "
                    "excluded) left out"
                    if left_out == 1
                    else "{n} rows with nothing to score (a maximum score of 0, e.g. every "
                    "item excluded) left out",
                    n=left_out,
                )
            )
        station_index: dict[str, int] = {}
        for sid in stations or ():
            station_index.setdefault(sid, len(station_index))
        candidate_index: dict[str, int] = {}
        examiner_index: dict[str, int] = {}
        candidate = _factorize([r.candidate_id for r in usable], candidate_index)
        station = _factorize([r.station_id for r in usable], station_index)
        examiner = _factorize([r.examiner_id for r in usable], examiner_index)
        score = np.fromiter((r.score for r in usable), dtype=np.float64, count=len(usable))
        maximum = np.fromiter((r.max_score for r in usable), dtype=np.float64, count=len(usable))
        grade = np.fromiter(
            (np.nan if r.global_grade is None else r.global_grade for r in usable),
            dtype=np.float64,
            count=len(usable),
        )
        return cls(
            list(station_index),
            list(candidate_index),
            list(examiner_index),
            candidate,
            station,
            examiner,
            100.0 * score / maximum,
            grade,
        )


def _sd(values: FloatArray) -> float | None:
    return float(np.std(values, ddof=1)) if values.size >= 2 else None


def _grade_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _stations(table: _Table, borderline: list[int], warnings: list[str]) -> list[StationStatistics]:
    """Per-station figures (alpha_if_deleted and its flag are filled in later by
    :func:`_exam`)."""
    result: list[StationStatistics] = []
    for s, sid in enumerate(table.station_ids):
        where = sid
        col = table.p[:, s]
        has = ~np.isnan(col)
        values = col[has]
        n = int(values.size)
        flags: list[Flag] = []
        if n == 0:
            warnings.append(
                Message(
                    "station {station}: no results; every figure of the station is undefined",
                    station=where,
                )
            )
        if n == 1:
            warnings.append(
                Message(
                    "station {station}: only one candidate; the SD and regression need two or more",
                    station=where,
                )
            )
        # Borderline regression, ordinary least squares p = a + b·G.
        grades = table.g[:, s]
        both = has & ~np.isnan(grades)
        x, y = grades[both], col[both]
        graded = int(x.size)
        intercept = slope = r2 = cut = None
        if n and graded == 0:
            warnings.append(
                Message(
                    "station {station}: no candidate has a global grade (does the station have "
                    "a global rating?); borderline regression needs grades, so there is no cut "
                    "score",
                    station=where,
                )
            )
        elif n and graded < 2:
            warnings.append(
                Message(
                    "station {station}: {n} candidate with a global grade; borderline "
                    "regression needs two or more, so there is no cut score"
                    if graded == 1
                    else "station {station}: {n} candidates with a global grade; borderline "
                    "regression needs two or more, so there is no cut score",
                    station=where,
                    n=graded,
                )
            )
        elif graded >= 2 and np.ptp(x) == 0:
            warnings.append(
                Message(
                    "station {station}: every graded candidate has the same global grade "
                    "({grade}); borderline regression is undefined, so there is no cut score",
                    station=where,
                    grade=_grade_text(float(x[0])),
                )
            )
        elif graded >= 2:
            dx, dy = x - x.mean(), y - y.mean()
            sxx, sxy, syy = float(dx @ dx), float(dx @ dy), float(dy @ dy)
            slope = sxy / sxx
            intercept = float(y.mean()) - slope * float(x.mean())
            cut = intercept + slope * borderline[s]
            if np.ptp(y) == 0:
                warnings.append(
                    Message(
                        "station {station}: every graded candidate has the same percentage; "
                        "R² is undefined",
                        station=where,
                    )
                )
            else:
                r2 = min(1.0, max(0.0, sxy * sxy / (sxx * syy)))
                if r2 < R2_THRESHOLD:
                    flags.append(Flag.LOW_R2)
        if cut is None and n:
            flags.append(Flag.BRM_UNDEFINED)
        failures = None if cut is None else int(np.count_nonzero(values < cut))
        eta2, examiners = _examiner_eta2(table, s, where, warnings)
        if _same_grade_examiners(table, s, where, warnings):
            flags.append(Flag.SAME_GRADE_EXAMINER)
        if eta2 is not None and eta2 > ETA2_THRESHOLD:
            flags.append(Flag.EXAMINER_EFFECT)
        # Borderline group: mean p of the candidates graded exactly borderline.
        in_group = both & (grades == borderline[s])
        group_n = int(np.count_nonzero(in_group))
        group_cut = float(col[in_group].mean()) if group_n else None
        if graded and not group_n:
            warnings.append(
                Message(
                    "station {station}: no candidate was graded borderline (grade {grade}); "
                    "the borderline-group cut score is undefined",
                    station=where,
                    grade=borderline[s],
                )
            )
        p95 = float(np.percentile(values, COHEN_PERCENTILE)) if n else None
        result.append(
            StationStatistics(
                station_id=sid,
                n=n,
                mean=float(values.mean()) if n else None,
                sd=_sd(values),
                graded=graded,
                examiners=examiners,
                borderline_grade=borderline[s],
                intercept=intercept,
                discrimination=slope,
                r2=r2,
                cut_score=cut,
                failures=failures,
                alpha_if_deleted=None,
                examiner_eta2=eta2,
                borderline_group_cut=group_cut,
                borderline_group_n=group_n,
                p95=p95,
                cohen_cut=None if p95 is None else COHEN_SHARE * p95,
                flags=tuple(flags),
            )
        )
    return result


def _examiner_eta2(
    table: _Table, s: int, where: str, warnings: list[str]
) -> tuple[float | None, int]:
    """η² = SS_between / SS_total of the station's percentages (one per marking) by
    examiner, and the number of examiners."""
    mine = table.station == s
    p = table.percent[mine]
    examiner_ids, group = np.unique(table.examiner[mine], return_inverse=True)
    examiners = int(examiner_ids.size)
    if p.size == 0:
        return None, 0
    if examiners < 2:
        warnings.append(
            Message(
                "station {station}: one examiner marked every candidate; examiner η² needs two",
                station=where,
            )
        )
        return None, examiners
    if np.ptp(p) == 0:
        warnings.append(
            Message(
                "station {station}: every marking has the same percentage; examiner η² is "
                "undefined",
                station=where,
            )
        )
        return None, examiners
    counts = np.bincount(group)
    means = np.bincount(group, weights=p) / counts
    grand = float(p.mean())
    total = float(((p - grand) ** 2).sum())
    between = float((counts * (means - grand) ** 2).sum())
    return min(1.0, max(0.0, between / total)), examiners


def _same_grade_examiners(table: _Table, s: int, where: str, warnings: list[str]) -> bool:
    """Warn about each examiner who gave every candidate they graded at the station the
    same global grade, when that says something: they graded at least
    :data:`SAME_GRADE_MIN` candidates, or two or more and every graded candidate of the
    station. True if there is one."""
    mine = (table.station == s) & ~np.isnan(table.grade)
    if not mine.any():
        return False
    examiner_ids, group = np.unique(table.examiner[mine], return_inverse=True)
    grades = table.grade[mine]
    counts = np.bincount(group)
    lowest = np.full(examiner_ids.size, np.inf)
    highest = np.full(examiner_ids.size, -np.inf)
    np.minimum.at(lowest, group, grades)
    np.maximum.at(highest, group, grades)
    enough = (counts >= SAME_GRADE_MIN) | ((counts >= 2) & (counts == grades.size))
    same = np.flatnonzero(enough & (lowest == highest))
    for index in same:
        name = table.examiner_ids[int(examiner_ids[index])] or "(no examiner id)"
        warnings.append(
            Message(
                "station {station}: examiner {examiner} gave all {n} candidates they graded "
                "the same global grade ({grade}); their grades do not tell candidates apart",
                station=where,
                examiner=name,
                n=int(counts[index]),
                grade=_grade_text(float(lowest[index])),
            )
        )
    return bool(same.size)


def cronbach_alpha(matrix: FloatArray) -> float | None:
    """Cronbach's alpha of a candidates × items matrix without gaps:
    k/(k−1) · (1 − Σ var(item) / var(total)), sample variances. None with fewer than two
    items or candidates, or when the totals do not vary."""
    n, k = matrix.shape
    if k < 2 or n < 2:
        return None
    totals = matrix.sum(axis=1)
    if np.ptp(totals) == 0:
        return None
    var_total = float(np.var(totals, ddof=1))
    var_items = float(np.var(matrix, axis=0, ddof=1).sum())
    return float(min(1.0, k / (k - 1) * (1.0 - var_items / var_total)))


def _exam(
    table: _Table,
    stations: list[StationStatistics],
    sem_multiplier: float,
    warnings: list[str],
) -> tuple[ExamSummary, list[StationStatistics]]:
    n_stations = len(table.station_ids)
    complete = np.zeros(len(table.candidate_ids), dtype=np.bool_)
    if n_stations:
        complete = np.asarray(~np.isnan(table.p).any(axis=1), dtype=np.bool_)
    matrix = table.p[complete]
    candidates = int(matrix.shape[0])
    incomplete = len(table.candidate_ids) - candidates
    if incomplete:
        warnings.append(
            Message(
                "{n} candidate missing one or more stations left out of the exam figures "
                "(alpha, SEM, pass mark, failures)"
                if incomplete == 1
                else "{n} candidates missing one or more stations left out of the exam "
                "figures (alpha, SEM, pass mark, failures)",
                n=incomplete,
            )
        )
    alpha = cronbach_alpha(matrix)
    if alpha is None:
        if n_stations < 2:
            warnings.append(
                Message("Cronbach's alpha needs two or more stations; alpha and SEM undefined")
            )
        elif candidates < 2:
            warnings.append(
                Message(
                    "Cronbach's alpha needs two or more candidates who sat every station; "
                    "alpha and SEM undefined"
                )
            )
        else:
            warnings.append(
                Message(
                    "every candidate has the same total; Cronbach's alpha and SEM are undefined"
                )
            )
    totals = matrix.mean(axis=1) if n_stations else np.zeros(0)
    mean = float(totals.mean()) if candidates else None
    sd = _sd(totals)
    sem = None if alpha is None or sd is None else sd * math.sqrt(max(0.0, 1.0 - alpha))
    # α if each station were deleted.
    updated: list[StationStatistics] = []
    if n_stations == 2 and candidates >= 2:
        warnings.append(Message("alpha if a station is deleted needs three or more stations"))
    for s, stats in enumerate(stations):
        alpha_without = None
        if n_stations >= 3:
            alpha_without = cronbach_alpha(np.delete(matrix, s, axis=1))
        flags = stats.flags
        if alpha is not None and alpha_without is not None and alpha_without > alpha:
            flags = (*flags, Flag.ALPHA_RISES_WITHOUT)
        updated.append(_replace(stats, alpha_without, flags))
    cuts = [s.cut_score for s in stations]
    cut_score = None
    if not stations:
        warnings.append(Message("no stations; the exam cut score is undefined"))
    elif any(c is None for c in cuts):
        missing = ", ".join(s.station_id for s in stations if s.cut_score is None)
        warnings.append(
            Message(
                "no cut score at station(s) {stations}, so the exam cut score is undefined",
                stations=missing,
            )
        )
    else:
        cut_score = float(np.mean([c for c in cuts if c is not None]))
    pass_mark = None
    if cut_score is not None:
        if sem is not None:
            pass_mark = cut_score + sem_multiplier * sem
        elif sem_multiplier == 0:
            pass_mark = cut_score
        else:
            warnings.append(
                Message("the SEM is undefined, so the pass mark (cut score + k·SEM) is too")
            )
    failures = None if pass_mark is None else int(np.count_nonzero(totals < pass_mark))
    group_cuts = [s.borderline_group_cut for s in stations]
    group_cut = (
        float(np.mean([c for c in group_cuts if c is not None]))
        if stations and all(c is not None for c in group_cuts)
        else None
    )
    cohen = COHEN_SHARE * float(np.percentile(totals, COHEN_PERCENTILE)) if candidates else None
    exam_flags: tuple[Flag, ...] = ()
    if alpha is not None and alpha < ALPHA_THRESHOLD:
        exam_flags = (Flag.LOW_ALPHA,)
    summary = ExamSummary(
        candidates=candidates,
        incomplete=incomplete,
        stations=n_stations,
        alpha=alpha,
        sem=sem,
        sem_multiplier=float(sem_multiplier),
        cut_score=cut_score,
        pass_mark=pass_mark,
        failures=failures,
        mean=mean,
        sd=sd,
        borderline_group_cut=group_cut,
        cohen_cut=cohen,
        flags=exam_flags,
    )
    return summary, updated


def _replace(
    stats: StationStatistics, alpha_if_deleted: float | None, flags: tuple[Flag, ...]
) -> StationStatistics:
    return replace(stats, alpha_if_deleted=alpha_if_deleted, flags=flags)


def _items(rows: list[ItemRow], table: _Table, warnings: list[str]) -> list[ItemStatistics]:
    """Facility and corrected item–total correlation of every item, per station."""
    usable = [r for r in rows if r.max_score > 0 and math.isfinite(r.score)]
    if not usable:
        return []
    candidate_index: dict[str, int] = {}
    item_index: dict[tuple[str, str], int] = {}
    candidate = _factorize([r.candidate_id for r in usable], candidate_index)
    item = np.fromiter(
        (item_index.setdefault((r.station_id, r.item_id), len(item_index)) for r in usable),
        dtype=np.intp,
        count=len(usable),
    )
    points = np.fromiter((r.score for r in usable), dtype=np.float64, count=len(usable))
    maximum = np.fromiter((r.max_score for r in usable), dtype=np.float64, count=len(usable))
    critical = np.zeros(len(item_index), dtype=bool)
    critical[item[np.fromiter((r.critical for r in usable), dtype=bool, count=len(usable))]] = True
    n_candidates, n_items = len(candidate_index), len(item_index)
    cell = candidate * n_items + item
    size = n_candidates * n_items
    counts = np.bincount(cell, minlength=size).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(counts > 0, np.bincount(cell, points, size) / counts, np.nan)
        credit = np.where(counts > 0, np.bincount(cell, points / maximum, size) / counts, np.nan)
    score = score.reshape(n_candidates, n_items)
    credit = credit.reshape(n_candidates, n_items)
    by_station: dict[str, list[tuple[str, int]]] = {}
    for (sid, iid), index in item_index.items():
        by_station.setdefault(sid, []).append((iid, index))
    order = {sid: i for i, sid in enumerate(table.station_ids)}
    result: list[ItemStatistics] = []
    for sid in sorted(by_station, key=lambda k: order.get(k, len(order))):
        entries = by_station[sid]
        columns = [index for _, index in entries]
        block = score[:, columns]
        complete = ~np.isnan(block).any(axis=1)
        full = block[complete]
        rest = full.sum(axis=1, keepdims=True) - full
        dx = full - full.mean(axis=0) if full.size else full
        dr = rest - rest.mean(axis=0) if rest.size else rest
        sxx = (dx * dx).sum(axis=0)
        srr = (dr * dr).sum(axis=0)
        sxr = (dx * dr).sum(axis=0)
        undefined: list[str] = []
        for position, (iid, index) in enumerate(entries):
            seen = ~np.isnan(credit[:, index])
            n = int(np.count_nonzero(seen))
            r: float | None = None
            if (
                len(entries) >= 2
                and full.shape[0] >= 2
                and np.ptp(full[:, position]) > 0
                and np.ptp(rest[:, position]) > 0
            ):
                value = sxr[position] / math.sqrt(sxx[position] * srr[position])
                r = min(1.0, max(-1.0, float(value)))
            if r is None:
                undefined.append(iid)
            result.append(
                ItemStatistics(
                    station_id=sid,
                    item_id=iid,
                    critical=bool(critical[index]),
                    n=n,
                    facility=float(credit[seen, index].mean()) if n else None,
                    item_total_r=r,
                )
            )
        if undefined:
            if len(entries) < 2:
                template = (
                    "station {station}: corrected item–total correlation undefined for "
                    "{items} (the station has a single item)"
                )
            elif full.shape[0] < 2:
                template = (
                    "station {station}: corrected item–total correlation undefined for "
                    "{items} (fewer than two candidates have marks for every item)"
                )
            else:
                template = (
                    "station {station}: corrected item–total correlation undefined for "
                    "{items} (the item's marks or the rest of the station's do not vary)"
                )
            warnings.append(Message(template, station=sid, items=", ".join(undefined)))
    return result


def _agreement(table: _Table, warnings: list[str]) -> list[AgreementStatistics]:
    """ICC(2,1) and Cohen's kappa of the first two grades of each double-marked
    encounter, per station."""
    graded = np.flatnonzero(~np.isnan(table.grade))
    if graded.size == 0:
        return []
    cells = table.cell[graded]
    order = np.argsort(cells, kind="stable")
    rows, cells = graded[order], cells[order]
    starts = np.r_[True, cells[1:] != cells[:-1]]
    first = np.flatnonzero(starts)
    second = first + 1
    pair = second < cells.size
    first, second = first[pair], second[pair]
    pair = cells[second] == cells[first]
    first_rows, second_rows = rows[first[pair]], rows[second[pair]]
    if first_rows.size == 0:
        return []
    stations = table.station[first_rows]
    result: list[AgreementStatistics] = []
    for s in np.unique(stations):
        sid = table.station_ids[int(s)]
        mine = stations == s
        a = table.grade[first_rows[mine]]
        b = table.grade[second_rows[mine]]
        n = int(a.size)
        icc = icc_2_1(np.column_stack([a, b]))
        kappa = cohen_kappa(a, b)
        if icc is None:
            warnings.append(
                Message(
                    "station {station}: ICC(2,1) undefined for the {n} double-marked "
                    "encounter (it needs two or more whose grades vary)"
                    if n == 1
                    else "station {station}: ICC(2,1) undefined for the {n} double-marked "
                    "encounters (it needs two or more whose grades vary)",
                    station=sid,
                    n=n,
                )
            )
        if kappa is None:
            warnings.append(
                Message(
                    "station {station}: Cohen's kappa undefined for the double-marked "
                    "encounters (both examiners used one and the same grade throughout)",
                    station=sid,
                )
            )
        result.append(
            AgreementStatistics(
                station_id=sid,
                encounters=n,
                icc=icc,
                kappa=kappa,
                observed=float(np.mean(a == b)),
            )
        )
    order_of = {sid: i for i, sid in enumerate(table.station_ids)}
    result.sort(key=lambda r: order_of[r.station_id])
    return result


def icc_2_1(ratings: FloatArray) -> float | None:
    """ICC(2,1) of an n targets × k raters matrix (Shrout & Fleiss 1979, two-way random
    effects, single rater, absolute agreement):
    (MSB − MSE) / (MSB + (k−1)·MSE + k·(MSJ − MSE)/n). None with fewer than two targets
    or raters, or when the denominator is not positive (no variation)."""
    n, k = ratings.shape
    if n < 2 or k < 2:
        return None
    grand = float(ratings.mean())
    ss_total = float(((ratings - grand) ** 2).sum())
    ss_rows = k * float(((ratings.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((ratings.mean(axis=0) - grand) ** 2).sum())
    ms_rows = ss_rows / (n - 1)
    ms_cols = ss_cols / (k - 1)
    ms_error = max(0.0, ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    denominator = ms_rows + (k - 1) * ms_error + k * (ms_cols - ms_error) / n
    if ss_total == 0 or denominator <= 0:
        return None
    return float(max(-1.0, min(1.0, (ms_rows - ms_error) / denominator)))


def cohen_kappa(a: FloatArray, b: FloatArray) -> float | None:
    """Cohen's kappa of two raters' categories: (p_o − p_e) / (1 − p_e), p_e from each
    rater's own marginal shares. None without pairs or when p_e = 1."""
    if a.size == 0:
        return None
    categories, codes = np.unique(np.concatenate([a, b]), return_inverse=True)
    first, second = codes[: a.size], codes[a.size :]
    share_a = np.bincount(first, minlength=categories.size) / a.size
    share_b = np.bincount(second, minlength=categories.size) / a.size
    observed = float(np.mean(first == second))
    expected = float(share_a @ share_b)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)
