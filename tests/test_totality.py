"""Every division in scoring and psychometrics is total: extreme but storable inputs
(a maximum of 3e-07, scores of zero everywhere, one candidate, identical scores) give a
figure or None, never ZeroDivisionError, a NaN or a numpy warning (which the test
configuration turns into failures)."""

from __future__ import annotations

import math
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.psychometrics import analyse_exam
from assessments.psychometrics.model import ResultRow
from station.services.imports import imported_score

maxima = st.sampled_from([3e-7, 1e-12, 0.5, 1.0, 7.0, 1e9])
fractions = st.sampled_from([0.0, 0.0, 1.0, 0.5, 1e-9])


@st.composite
def exams(draw: st.DrawFn) -> list[ResultRow]:
    n_candidates = draw(st.integers(1, 6))
    n_stations = draw(st.integers(1, 3))
    examiners = draw(st.integers(1, 2))
    rows = []
    for s in range(n_stations):
        maximum = draw(maxima)
        for c in range(n_candidates):
            rows.append(
                ResultRow(
                    f"C{c}",
                    f"S{s}",
                    f"E{c % examiners}",
                    draw(fractions) * maximum,
                    maximum,
                    draw(st.none() | st.integers(0, 2)),
                )
            )
    return rows


@settings(deadline=None, max_examples=150)
@given(rows=exams(), borderline=st.none() | st.integers(0, 2), k=st.sampled_from([0.0, 1.0, 2.0]))
def test_analyse_exam_is_total(rows: list[ResultRow], borderline: int | None, k: float) -> None:
    stats = analyse_exam(rows, borderline_grade=borderline, sem_multiplier=k)
    for station in stats.stations:
        for name in ("mean", "sd"):
            value = getattr(station, name)
            assert value is None or math.isfinite(value), (name, value)


@settings(deadline=None, max_examples=60)
@given(
    maximum=st.sampled_from([0.0, 3e-7, 1e-12, 1.0, 1e9]),
    fraction=fractions,
    cut=st.none() | st.floats(0, 100),
)
def test_an_imported_score_is_total(maximum: float, fraction: float, cut: float | None) -> None:
    model = SimpleNamespace(
        id="s",
        version="1",
        pass_rule=SimpleNamespace(mode="standard_setting", pass_mark_pct=None),
    )
    row = SimpleNamespace(
        score=fraction * maximum,
        max_score=maximum,
        critical_fail=False,
        source_file="f.csv",
        source_line=2,
    )
    score = imported_score(model, row, None, cut)  # type: ignore[arg-type]
    assert score.percent is None or math.isfinite(score.percent)
