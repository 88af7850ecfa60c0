"""The coordinator's plots: what they draw, where, and that they draw it."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from ui.widgets.charts import (
    BLUE,
    DistributionPlot,
    ExaminerMean,
    ExaminerPlot,
    RegressionPlot,
)


def _has_colour(image: QImage, colour: QColor, tolerance: int = 40) -> bool:
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red()) < tolerance
                and abs(pixel.green() - colour.green()) < tolerance
                and abs(pixel.blue() - colour.blue()) < tolerance
            ):
                return True
    return False


def test_the_interval_of_an_examiners_mean() -> None:
    row = ExaminerMean("lindqvist", 16, 55.0, 8.0)
    lo, hi = row.interval()  # type: ignore[misc]
    assert math.isclose(hi - lo, 2 * 1.96 * 8.0 / 4.0)
    assert ExaminerMean("one", 1, 55.0, None).interval() is None


def test_the_regression_plot_draws_points_line_and_cut(qtbot: QtBot) -> None:
    plot = RegressionPlot()
    qtbot.addWidget(plot)
    plot.resize(420, 260)
    points = [(0, 20.0), (1, 35.0), (2, 52.0), (2, 48.0), (3, 70.0), (4, 88.0)]
    plot.show_station(
        points,
        ("Clear fail", "Fail", "Borderline", "Pass", "Good"),
        intercept=18.0,
        slope=17.0,
        borderline_grade=2,
        cut_score=52.0,
        x_title="Global grade",
        y_title="Station score (%)",
        cut_label="Cut score",
    )
    assert [m for m in plot.marks if m[0] == "point"] == [("point", float(g), p) for g, p in points]
    assert ("cut", 2, 52.0) in plot.marks and ("line", 18.0, 17.0) in plot.marks
    assert plot.x_ticks[2] == (2.0, "3 Borderline")  # grades shown 1-based, with labels
    rect = plot.plot_rect()
    for _kind, grade, score in (m for m in plot.marks if m[0] == "point"):
        assert rect.contains(plot.to_pixel(grade, score))  # type: ignore[arg-type]
    # Higher scores are drawn higher.
    assert plot.to_pixel(0, 80).y() < plot.to_pixel(0, 20).y()
    assert _has_colour(plot.grab().toImage(), BLUE)
    assert "cut score 52.0 %" in plot.accessibleDescription()


def test_the_distribution_counts_in_whole_candidates_with_room_for_the_label(
    qtbot: QtBot,
) -> None:
    plot = DistributionPlot()
    qtbot.addWidget(plot)
    plot.resize(420, 260)
    plot.show_scores(
        [61.0, 62.0, 63.0, 64.0, 47.0, 99.0, 100.0],
        marker=60.0,
        marker_label="Pass mark 60 %",
        x_title="Total (%)",
        y_title="Candidates",
    )
    bars = {(lo, hi): n for _k, lo, hi, n in (m for m in plot.marks if m[0] == "bar")}
    assert bars == {(60.0, 65.0): 4, (45.0, 50.0): 1, (95.0, 100.0): 2}
    assert all(float(label) == int(float(label)) for _v, label in plot.y_ticks)
    assert plot.y_range[1] > 4  # headroom above the tallest bar for the label
    assert ("marker", 60.0) in plot.marks
    assert _has_colour(plot.grab().toImage(), BLUE)


def test_a_hawk_stands_apart_from_the_other_examiners(qtbot: QtBot) -> None:
    plot = ExaminerPlot()
    qtbot.addWidget(plot)
    plot.resize(460, 220)
    rows = [
        ExaminerMean("adeyemi", 12, 71.0, 9.0),
        ExaminerMean("lindqvist", 12, 52.0, 8.0),
        ExaminerMean("okafor", 12, 70.0, 10.0),
        ExaminerMean("new", 1, 66.0, None),
    ]
    plot.show_examiners(rows, x_title="Mean station score (%)", overall_label="All")
    assert plot.overall == pytest.approx((71 + 52 + 70 + 66) / 4)
    hawk = rows[1].interval()
    assert hawk is not None and hawk[1] < plot.overall  # the interval excludes the mean
    drawn = {m[1]: m for m in plot.marks}
    assert drawn[3][3] is None  # one candidate: a mean, no interval
    assert plot.minimumHeight() >= 4 * 26
    assert _has_colour(plot.grab().toImage(), BLUE)
    assert "lindqvist: 52.0 %" in plot.accessibleDescription()
