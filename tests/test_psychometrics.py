"""Psychometrics (assessments/psychometrics): hand-worked examples with the arithmetic
in the comments, figures checked against straightforward re-implementations built on
the standard library's ``statistics`` module, properties over random exams, edge cases
and the results CSV reader."""

from __future__ import annotations

import json
import math
import random
import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.psychometrics import (
    ExamStatistics,
    Flag,
    ItemRow,
    ResultRow,
    ResultsCsvError,
    analyse_exam,
    cohen_kappa,
    icc_2_1,
    read_results_csv,
)

# The worked example of docs/psychometrics.md: four candidates, three stations out of 10,
# one examiner per station; (score, grade).
WORKED = {
    "A": [(8, 2), (5, 1), (3, 0), (9, 3)],
    "B": [(7, 2), (6, 1), (4, 1), (10, 3)],
    "C": [(6, 1), (5, 1), (2, 0), (9, 4)],
}


def worked_rows() -> list[ResultRow]:
    return [
        ResultRow(f"C{i + 1}", sid, f"ex-{sid}", float(score), 10.0, grade)
        for sid, marks in WORKED.items()
        for i, (score, grade) in enumerate(marks)
    ]


# --------------------------------------------------------------------------- hand-worked


def test_borderline_regression_of_the_worked_example() -> None:
    a = analyse_exam(worked_rows()).station("A")
    # p = 80, 50, 30, 90 against G = 2, 1, 0, 3: means 62.5 and 1.5;
    # dx = .5, -.5, -1.5, 1.5 and dy = 17.5, -12.5, -32.5, 27.5
    # sxx = 5, sxy = 8.75 + 6.25 + 48.75 + 41.25 = 105, syy = 2275.
    assert a.n == 4 and a.graded == 4
    assert a.mean == pytest.approx(62.5)
    assert a.sd == pytest.approx(math.sqrt(2275 / 3))
    assert a.discrimination == pytest.approx(105 / 5)  # b = 21
    assert a.intercept == pytest.approx(62.5 - 21 * 1.5)  # a = 31
    assert a.cut_score == pytest.approx(31 + 21 * 1)  # cut at G = 1: 52
    assert a.r2 == pytest.approx(105**2 / (5 * 2275))  # 0.969
    assert a.failures == 2  # 50 and 30 are below 52
    assert a.borderline_group_cut == pytest.approx(50.0) and a.borderline_group_n == 1
    # 95th percentile of 30, 50, 80, 90: position 0.95 * 3 = 2.85 -> 80 + 0.85 * 10
    assert a.p95 == pytest.approx(88.5)
    assert a.cohen_cut == pytest.approx(0.6 * 88.5)
    assert isinstance(a.n, int) and isinstance(a.failures, int)


def test_exam_figures_of_the_worked_example() -> None:
    stats = analyse_exam(worked_rows())
    exam = stats.exam
    # Station variances: A 2275/3, B 1875/3, C 2500/3; summed p per candidate 210, 160,
    # 90, 280 (mean 185, squared deviations 625 + 625 + 9025 + 9025 = 19300) -> 19300/3.
    alpha = 3 / 2 * (1 - 6650 / 19300)
    assert exam.alpha == pytest.approx(alpha)
    # Totals are mean p: 70, 53.33, 30, 93.33, SD = sqrt(19300 / 3) / 3.
    sd_total = math.sqrt(19300 / 3) / 3
    assert exam.sd == pytest.approx(sd_total)
    assert exam.sem == pytest.approx(sd_total * math.sqrt(1 - alpha))
    # Station cuts: A 52; B p = 70, 60, 40, 100 on G = 2, 1, 1, 3: sxx = 2.75,
    # sxy = 67.5, b = 270/11, a = 67.5 - b * 1.75 -> cut a + b = 49.0909...;
    # C p = 60, 50, 20, 90 on G = 1, 1, 0, 4: sxx = 9, sxy = 140 -> cut 47.2222...
    b_b = 67.5 / 2.75
    cut_b = 67.5 - b_b * 1.75 + b_b
    cut_c = 55 - 140 / 9 * 1.5 + 140 / 9
    assert stats.station("B").cut_score == pytest.approx(cut_b)
    assert stats.station("C").cut_score == pytest.approx(cut_c)
    assert exam.cut_score == pytest.approx((52 + cut_b + cut_c) / 3)
    assert exam.pass_mark == pytest.approx(exam.cut_score + exam.sem)
    assert exam.failures == 1  # only C3 (30) is below 52.9
    assert (exam.candidates, exam.incomplete, exam.stations) == (4, 0, 3)
    # Without A: summed B + C = 130, 110, 60, 190 -> variance 8675/3; items 4375/3.
    assert stats.station("A").alpha_if_deleted == pytest.approx(2 * (1 - 4375 / 8675))
    assert stats.flags["A"] == (Flag.ALPHA_RISES_WITHOUT,)
    assert stats.flags["B"] == () and stats.flags["C"] == ()
    assert exam.flags == ()


def test_the_multiplier_and_the_borderline_step_move_the_pass_mark() -> None:
    base = analyse_exam(worked_rows())
    wide = analyse_exam(worked_rows(), sem_multiplier=1.96)
    assert base.exam.sem is not None and base.exam.cut_score is not None
    assert wide.exam.pass_mark == pytest.approx(base.exam.cut_score + 1.96 * base.exam.sem)
    assert wide.exam.sem_multiplier == 1.96
    exact = analyse_exam(worked_rows(), sem_multiplier=0.0)
    assert exact.exam.pass_mark == pytest.approx(base.exam.cut_score)
    higher = analyse_exam(worked_rows(), borderline_grade={"A": 2})
    assert higher.station("A").cut_score == pytest.approx(31 + 21 * 2)
    assert higher.station("A").borderline_grade == 2
    assert higher.station("B").cut_score == base.station("B").cut_score
    everywhere = analyse_exam(worked_rows(), borderline_grade=0)
    assert everywhere.station("A").cut_score == pytest.approx(31.0)


# --------------------------------------------------------------------------- independent


def _matrix_by_station(
    rows: Sequence[ResultRow],
) -> dict[str, dict[str, tuple[float, float | None]]]:
    """station -> candidate -> (mean p, mean grade), the plain way."""
    cells: dict[tuple[str, str], list[ResultRow]] = {}
    for row in rows:
        cells.setdefault((row.station_id, row.candidate_id), []).append(row)
    result: dict[str, dict[str, tuple[float, float | None]]] = {}
    for (sid, cid), marks in cells.items():
        p = statistics.fmean(100 * r.score / r.max_score for r in marks)
        grades = [r.global_grade for r in marks if r.global_grade is not None]
        result.setdefault(sid, {})[cid] = (p, statistics.fmean(grades) if grades else None)
    return result


def _random_exam(seed: int, candidates: int = 40, stations: int = 5) -> list[ResultRow]:
    rng = random.Random(seed)
    rows = []
    for c in range(candidates):
        theta = rng.gauss(0, 1)
        for s in range(stations):
            if rng.random() < 0.05:
                continue  # missed the station
            score = min(20, max(0, round(12 + 4 * theta + rng.gauss(0, 2))))
            grade = min(4, max(0, round((score - 4) / 4 + rng.gauss(0, 0.5))))
            examiner = f"e{s}-{c % 2}"
            rows.append(ResultRow(f"c{c}", f"s{s}", examiner, score, 20, grade))
            if rng.random() < 0.2:
                second = min(4, max(0, grade + rng.choice((-1, 0, 0, 1))))
                rows.append(ResultRow(f"c{c}", f"s{s}", f"e{s}-x", score, 20, second))
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_station_and_exam_figures_agree_with_a_plain_computation(seed: int) -> None:
    rows = _random_exam(seed)
    stats = analyse_exam(rows)
    by_station = _matrix_by_station(rows)
    for sid, cells in by_station.items():
        s = stats.station(sid)
        ps = [p for p, _ in cells.values()]
        assert s.n == len(ps)
        assert s.mean == pytest.approx(statistics.fmean(ps))
        assert s.sd == pytest.approx(statistics.stdev(ps))
        pairs = [(g, p) for p, g in cells.values() if g is not None]
        slope, intercept = statistics.linear_regression(
            [g for g, _ in pairs], [p for _, p in pairs]
        )
        assert s.discrimination == pytest.approx(slope)
        assert s.intercept == pytest.approx(intercept)
        assert s.cut_score == pytest.approx(intercept + slope)
        r = statistics.correlation([g for g, _ in pairs], [p for _, p in pairs])
        assert s.r2 == pytest.approx(r * r)
        assert s.failures == sum(p < intercept + slope for p in ps)
        # η² by examiner over every marking.
        marks = [r for r in rows if r.station_id == sid]
        values = [100 * r.score / r.max_score for r in marks]
        grand = statistics.fmean(values)
        groups: dict[str, list[float]] = {}
        for row, value in zip(marks, values, strict=True):
            groups.setdefault(row.examiner_id, []).append(value)
        between = sum(len(v) * (statistics.fmean(v) - grand) ** 2 for v in groups.values())
        total = sum((v - grand) ** 2 for v in values)
        assert s.examiner_eta2 == pytest.approx(between / total)
    # Exam: candidates who sat every station.
    complete = [
        c
        for c in {r.candidate_id for r in rows}
        if all(c in cells for cells in by_station.values())
    ]
    sids = list(by_station)
    matrix = [[by_station[s][c][0] for s in sids] for c in complete]
    k = len(sids)
    item_var = sum(statistics.variance([row[j] for row in matrix]) for j in range(k))
    total_var = statistics.variance([sum(row) for row in matrix])
    alpha = k / (k - 1) * (1 - item_var / total_var)
    assert stats.exam.candidates == len(complete)
    assert stats.exam.incomplete == len({r.candidate_id for r in rows}) - len(complete)
    assert stats.exam.alpha == pytest.approx(alpha)
    sd = statistics.stdev([statistics.fmean(row) for row in matrix])
    assert stats.exam.sem == pytest.approx(sd * math.sqrt(1 - alpha))
    cut = statistics.fmean(stats.station(s).cut_score or math.nan for s in sids)
    assert stats.exam.cut_score == pytest.approx(cut)


def _icc21_plain(table: Sequence[Sequence[float]]) -> float:
    n, k = len(table), len(table[0])
    grand = statistics.fmean(v for row in table for v in row)
    rows = [statistics.fmean(row) for row in table]
    cols = [statistics.fmean(row[j] for row in table) for j in range(k)]
    ss_total = sum((v - grand) ** 2 for row in table for v in row)
    ss_r = k * sum((m - grand) ** 2 for m in rows)
    ss_c = n * sum((m - grand) ** 2 for m in cols)
    msr, msc = ss_r / (n - 1), ss_c / (k - 1)
    mse = (ss_total - ss_r - ss_c) / ((n - 1) * (k - 1))
    return (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)


def test_icc_matches_shrout_and_fleiss_published_example() -> None:
    # Shrout & Fleiss (1979), Table 2: six targets rated by four judges; ICC(2,1) = .29.
    table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    value = icc_2_1(np.array(table, dtype=float))
    assert value == pytest.approx(_icc21_plain(table))
    assert round(value or 0, 2) == 0.29


def _kappa_plain(a: Sequence[int], b: Sequence[int]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[c] * cb[c] for c in set(a) | set(b)) / n**2
    return (observed - expected) / (1 - expected)


def test_agreement_of_double_marked_encounters() -> None:
    # Ten candidates at one station, each graded by a primary and a second examiner.
    first = [0, 1, 1, 2, 2, 2, 3, 3, 4, 4]
    second = [0, 1, 2, 2, 2, 3, 3, 3, 4, 3]
    rows = []
    for i, (g1, g2) in enumerate(zip(first, second, strict=True)):
        rows.append(ResultRow(f"c{i}", "S", "primary", 10 + 2 * g1, 20, g1))
        rows.append(ResultRow(f"c{i}", "S", "second", 10 + 2 * g1, 20, g2))
    stats = analyse_exam(rows)
    [agreement] = stats.agreement
    assert agreement.encounters == 10
    # p_o = 7/10; first uses 0:1 1:2 2:3 3:2 4:2, second 0:1 1:1 2:3 3:4 4:1;
    # p_e = (1*1 + 2*1 + 3*3 + 2*4 + 2*1) / 100 = 0.22; kappa = 0.48 / 0.78.
    assert agreement.observed == pytest.approx(0.7)
    assert agreement.kappa == pytest.approx((0.7 - 0.22) / 0.78)
    assert agreement.kappa == pytest.approx(_kappa_plain(first, second))
    assert agreement.icc == pytest.approx(
        _icc21_plain([list(p) for p in zip(first, second, strict=True)])
    )
    # The station uses each candidate's mean grade (2.5 for c2).
    s = stats.station("S")
    assert s.n == 10 and s.graded == 10
    expected = statistics.linear_regression(
        [(a + b) / 2 for a, b in zip(first, second, strict=True)],
        [100 * (10 + 2 * g) / 20 for g in first],
    )
    assert s.discrimination == pytest.approx(expected.slope)


def test_kappa_and_icc_are_undefined_without_variation() -> None:
    assert cohen_kappa(np.array([2.0, 2.0]), np.array([2.0, 2.0])) is None
    assert icc_2_1(np.array([[1.0, 1.0], [1.0, 1.0]])) is None
    assert icc_2_1(np.array([[1.0, 2.0]])) is None


def test_item_analysis() -> None:
    # Four candidates, three done/not-done items (1 point each) and a critical one.
    marks = {
        "c1": (1, 1, 1),
        "c2": (1, 0, 1),
        "c3": (0, 0, 1),
        "c4": (1, 1, 0),
    }
    items = [
        ItemRow(cid, "S", "e", f"i{j}", float(v), 1.0, j == 2)
        for cid, values in marks.items()
        for j, v in enumerate(values)
    ]
    results = [ResultRow(cid, "S", "e", float(sum(v)), 3.0, None) for cid, v in marks.items()]
    stats = analyse_exam(results, items)
    by_id = {i.item_id: i for i in stats.items}
    assert [i.item_id for i in stats.items] == ["i0", "i1", "i2"]
    assert by_id["i0"].facility == pytest.approx(0.75)  # 3 of 4 did it
    assert by_id["i1"].facility == pytest.approx(0.5)
    assert by_id["i2"].critical and not by_id["i0"].critical
    for j in range(3):
        item = [v[j] for v in marks.values()]
        rest = [sum(v) - v[j] for v in marks.values()]
        assert by_id[f"i{j}"].item_total_r == pytest.approx(statistics.correlation(item, rest))
        assert by_id[f"i{j}"].n == 4


def test_item_total_correlation_is_undefined_for_an_item_everyone_did() -> None:
    items = [
        ItemRow(f"c{c}", "S", "e", iid, value, 1.0, False)
        for c in range(4)
        for iid, value in (("always", 1.0), ("sometimes", float(c % 2)), ("other", float(c > 1)))
    ]
    stats = analyse_exam([], items)
    by_id = {i.item_id: i for i in stats.items}
    assert by_id["always"].item_total_r is None
    assert by_id["always"].facility == 1.0
    assert by_id["sometimes"].item_total_r is not None
    assert any("always" in w and "do not vary" in w for w in stats.warnings)


# --------------------------------------------------------------------------- edge cases


def test_an_examiner_who_gives_everyone_the_same_grade() -> None:
    rows = [ResultRow(f"c{i}", "S", "dr.same", float(s), 10, 2) for i, s in enumerate((3, 6, 9))]
    rows += [
        ResultRow(f"c{i}", "T", "dr.ok", float(s), 10, g)
        for i, (s, g) in enumerate(((3, 0), (6, 1), (9, 3)))
    ]
    stats = analyse_exam(rows)
    s = stats.station("S")
    assert s.cut_score is None and s.discrimination is None and s.r2 is None
    assert s.failures is None
    assert Flag.SAME_GRADE_EXAMINER in s.flags and Flag.BRM_UNDEFINED in s.flags
    assert any("dr.same gave all 3 candidates" in w for w in stats.warnings)
    assert any(
        "same global grade (2); borderline regression is undefined" in w for w in stats.warnings
    )
    # A null station cut makes the exam cut null, and says so.
    assert stats.exam.cut_score is None and stats.exam.pass_mark is None
    assert stats.exam.failures is None
    assert any("exam cut score is undefined" in w for w in stats.warnings)
    assert stats.station("T").cut_score is not None


def test_a_single_candidate() -> None:
    stats = analyse_exam([ResultRow("c1", "S", "e", 5, 10, 1), ResultRow("c1", "T", "e", 6, 10, 2)])
    s = stats.station("S")
    assert s.n == 1 and s.mean == 50.0 and s.sd is None and s.cut_score is None
    assert stats.exam.candidates == 1 and stats.exam.alpha is None and stats.exam.sem is None
    assert any("only one candidate" in w for w in stats.warnings)
    assert any("two or more candidates who sat every station" in w for w in stats.warnings)
    _check_json(stats)


def test_candidates_missing_a_station_are_left_out_of_the_exam_figures() -> None:
    rows = [*worked_rows(), ResultRow("C5", "A", "ex-A", 1, 10, 0)]
    stats = analyse_exam(rows)
    assert stats.exam.candidates == 4 and stats.exam.incomplete == 1
    assert stats.station("A").n == 5
    assert stats.exam.alpha == analyse_exam(worked_rows()).exam.alpha
    assert any("1 candidate missing one or more stations" in w for w in stats.warnings)


def test_rows_with_nothing_to_score_are_left_out() -> None:
    rows = [*worked_rows(), ResultRow("C1", "D", "x", 0, 0, None)]
    stats = analyse_exam(rows)
    assert [s.station_id for s in stats.stations] == ["A", "B", "C"]
    assert any("1 row with nothing to score" in w for w in stats.warnings)


def test_a_listed_station_without_results_and_the_order_given() -> None:
    stats = analyse_exam(worked_rows(), stations=["C", "Z", "A", "B"])
    assert [s.station_id for s in stats.stations] == ["C", "Z", "A", "B"]
    z = stats.station("Z")
    assert z.n == 0 and z.mean is None and z.failures is None
    assert stats.exam.candidates == 0 and stats.exam.incomplete == 4
    assert any("station Z: no results" in w for w in stats.warnings)
    _check_json(stats)


def test_nothing_at_all() -> None:
    stats = analyse_exam([])
    assert stats.stations == [] and stats.exam.candidates == 0
    assert stats.exam.cut_score is None
    _check_json(stats)


def test_same_percentage_for_everyone() -> None:
    rows = [ResultRow(f"c{i}", "S", f"e{i % 2}", 5, 10, i % 3) for i in range(6)]
    stats = analyse_exam(rows)
    s = stats.station("S")
    assert s.sd == 0.0 and s.r2 is None and s.examiner_eta2 is None
    assert s.cut_score == pytest.approx(50.0) and s.discrimination == pytest.approx(0.0)
    assert any("R² is undefined" in w for w in stats.warnings)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="SEM multiplier"):
        analyse_exam(worked_rows(), sem_multiplier=math.inf)
    with pytest.raises(ValueError, match="borderline grade of station 'A'"):
        analyse_exam(worked_rows(), borderline_grade={"A": -1})


# --------------------------------------------------------------------------- properties


def _check_json(stats: ExamStatistics) -> dict[str, object]:
    """The JSON object holds no NaN or infinity, and its counts are ints."""
    obj = stats.to_json()
    text = json.dumps(obj, allow_nan=False)
    back = json.loads(text)
    for key in ("candidates", "incomplete", "stations"):
        assert type(back["exam"][key]) is int
    assert back["exam"]["failures"] is None or type(back["exam"]["failures"]) is int
    for station in back["stations"]:
        assert type(station["n"]) is int and type(station["graded"]) is int
        assert station["failures"] is None or type(station["failures"]) is int
    return back


row_strategy = st.builds(
    ResultRow,
    candidate_id=st.sampled_from([f"c{i}" for i in range(6)]),
    station_id=st.sampled_from(["s1", "s2", "s3", "s4"]),
    examiner_id=st.sampled_from(["e1", "e2", "e3"]),
    score=st.integers(0, 10).map(float),
    max_score=st.sampled_from([10.0, 10.0, 5.0, 0.0]),
    global_grade=st.none() | st.integers(0, 4),
)


@settings(deadline=None, max_examples=150)
@given(st.lists(row_strategy, max_size=40), st.floats(0, 3), st.integers(0, 4))
def test_no_nan_reaches_the_json_and_alpha_is_at_most_one(
    rows: list[ResultRow], k: float, borderline: int
) -> None:
    stats = analyse_exam(rows, sem_multiplier=k, borderline_grade=borderline)
    back = _check_json(stats)
    alpha = back["exam"]["alpha"]  # type: ignore[index]
    assert alpha is None or alpha <= 1.0
    for s in stats.stations:
        assert s.alpha_if_deleted is None or s.alpha_if_deleted <= 1.0
        assert s.r2 is None or 0.0 <= s.r2 <= 1.0
        assert s.examiner_eta2 is None or 0.0 <= s.examiner_eta2 <= 1.0
    for a in stats.agreement:
        assert a.kappa is None or -1.0 <= a.kappa <= 1.0
    if stats.exam.cut_score is None:
        assert stats.exam.pass_mark is None


@settings(deadline=None, max_examples=100)
@given(st.lists(row_strategy, max_size=40), st.randoms(use_true_random=False))
def test_the_order_of_the_rows_does_not_matter(rows: list[ResultRow], rnd: random.Random) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    order = sorted({r.station_id for r in rows})
    one = analyse_exam(rows, stations=order)
    two = analyse_exam(shuffled, stations=order)
    assert one.exam.to_json() == _approx_tree(two.exam.to_json())
    for a, b in zip(one.stations, two.stations, strict=True):
        assert a.to_json() == _approx_tree(b.to_json())


def _approx_tree(value: object) -> object:
    if isinstance(value, dict):
        return {k: _approx_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_approx_tree(v) for v in value]
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-9, abs=1e-9)
    return value


# --------------------------------------------------------------------------- CSV


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_reading_a_results_csv(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_bytes(
        "\ufeffstation_id,candidate_id,examiner_id,score,max_score,global_grade,outcome\n"
        "iv,C-001,dr.ng,7.5,10,2,pass\n"
        "\n"
        "iv,C-002,,3,10,,fail\n"
        "hand-rub,C-002,dr.ng,3,10,1,excluded\n".encode()
    )
    assert read_results_csv(path) == [
        ResultRow("C-001", "iv", "dr.ng", 7.5, 10.0, 2),
        ResultRow("C-002", "iv", "", 3.0, 10.0, None),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "candidate_id,station_id,score\n",
            1,
            "missing columns examiner_id, max_score, global_grade",
        ),
        ("", 1, "the file is empty"),
        (
            "candidate_id,station_id,examiner_id,score,max_score,global_grade\n"
            "C1,S,e,5,10,1\nC2,S,e,seven,10,1\n",
            3,
            "score 'seven' is not a number",
        ),
        (
            "candidate_id,station_id,examiner_id,score,max_score,global_grade\nC1,S,e,11,10,1\n",
            2,
            "score 11 is above max_score 10",
        ),
        (
            "candidate_id,station_id,examiner_id,score,max_score,global_grade\nC1,S,e,5,10,pass\n",
            2,
            "global_grade 'pass' is not a grade",
        ),
        (
            "candidate_id,station_id,examiner_id,score,max_score,global_grade\n,S,e,5,10,1\n",
            2,
            "candidate_id is empty",
        ),
        (
            "candidate_id,station_id,examiner_id,score,max_score,global_grade\n"
            'C1,S,"two\nlines",5,10,1\nC2,S,e,5,-1,1\n',
            4,
            "max_score '-1' must be a finite number of 0 or more",
        ),
        (
            "candidate_id,station_id,examiner_id,score,max_score,global_grade\n"
            "C1,S,e,5,10,1\n\n\nC2,S,e,5,10,-2\n",
            5,
            "global_grade '-2' is not a grade",
        ),
        (
            "candidate_id,station_id,examiner_id,score,max_score,global_grade\n"
            'C1,S,"two\nlines",5,10,x\n',
            2,
            "global_grade 'x' is not a grade",
        ),
    ],
)
def test_a_bad_results_csv_names_the_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = _write(tmp_path / "bad.csv", text)
    with pytest.raises(ResultsCsvError) as caught:
        read_results_csv(path)
    assert caught.value.path == path and caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_an_unreadable_results_csv(tmp_path: Path) -> None:
    with pytest.raises(ResultsCsvError, match="cannot read the file"):
        read_results_csv(tmp_path / "missing.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("candidate_id,station_id\nJos\xe9,S\n".encode("latin-1"))
    with pytest.raises(ResultsCsvError, match="not UTF-8"):
        read_results_csv(latin)
