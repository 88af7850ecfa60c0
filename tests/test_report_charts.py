"""Chart details people read: whole-number axes for counts and attempts, a cut-score
label that covers no bar, and headings kept with their charts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.shapes import Drawing, Rect, String

from reports.charts import depth_chart, histogram, line_chart
from reports.ticks import nice_ticks


@settings(deadline=None, max_examples=300)
@given(
    st.floats(min_value=-50, max_value=1000, allow_nan=False),
    st.floats(min_value=0.001, max_value=1000, allow_nan=False),
)
def test_whole_ticks_are_whole_and_cover_the_range(lo: float, span: float) -> None:
    ticks = nice_ticks(lo, lo + span, whole=True)
    assert all(t == int(t) for t in ticks)
    assert ticks[0] <= lo and ticks[-1] >= lo + span
    assert len(set(ticks)) == len(ticks)


def _strings(drawing: Drawing) -> list[String]:
    found: list[String] = []
    for item in drawing.contents:
        if isinstance(item, String):
            found.append(item)
        elif hasattr(item, "contents"):
            found += _strings(item)  # type: ignore[arg-type]
    return found


def _numbers(drawing: Drawing) -> list[str]:
    return [s.text for s in _strings(drawing) if s.text.replace(".", "", 1).isdigit()]


def test_a_histogram_of_few_candidates_counts_in_whole_numbers() -> None:
    chart = histogram(
        [55.0, 61.0, 72.5], width=300, height=150, xtitle="Total (%)", ytitle="Candidates"
    )
    labels = _numbers(chart)
    assert labels and all("." not in label for label in labels), labels


def test_attempt_numbers_are_whole() -> None:
    chart = line_chart(
        [(1.0, 60.0), (2.0, 75.0)],
        width=300,
        height=150,
        xtitle="Attempt (number)",
        ytitle="Percent (%)",
        yrange=(0, 100),
        markers=True,
        xwhole=True,
    )
    assert all("." not in label for label in _numbers(chart)), _numbers(chart)
    depth = depth_chart(
        [(0.5, 52.0), (1.0, 55.0), (1.6, 48.0)],
        (50, 60),
        width=300,
        height=150,
        xtitle="Compression",
        ytitle="Depth (mm)",
        band_label="Target",
    )
    assert "1.5" not in _numbers(depth) and "2.5" not in _numbers(depth)


def test_the_cut_score_label_covers_no_bar() -> None:
    values = [62.0] * 9 + [48.0, 71.0]  # a tall bar right of the cut score
    chart = histogram(
        values,
        width=300,
        height=150,
        xtitle="Station score (%)",
        ytitle="Candidates",
        marker=60.0,
        marker_label="Cut score",
    )
    (label,) = [s for s in _strings(chart) if s.text == "Cut score"]
    bars = [
        r
        for r in chart.contents
        if isinstance(r, Rect)
        and r.fillColor is not None
        and r.height > 0
        and r.width < 50
        and r.fillColor.hexval() != "0xffffff"
    ]
    assert bars
    for bar in bars:
        assert bar.y + bar.height < label.y, "the label sits on a bar"


@pytest.mark.slow
def test_each_chart_heading_stays_on_its_charts_page(tmp_path: Path) -> None:
    """However long the checklist before them, "Compression depth" and "Compression
    rate" print on the page of their charts (the rate heading once ended a page alone)."""
    from pypdf import PdfReader
    from test_reports_render import candidate

    from reports.candidate import render_candidate_report

    for count in range(6, 60, 2):
        out = tmp_path / f"c{count}.pdf"
        render_candidate_report(candidate(count=count), out)
        for page in PdfReader(out).pages:
            text = "".join((page.extract_text() or "").split())
            if "Compressionrate" in text:
                assert "Rate(/min)" in text, f"{count} items: the rate heading left alone"
            if "Compressiondepth" in text:
                assert "Depth(mm)" in text, f"{count} items: the depth heading left alone"
