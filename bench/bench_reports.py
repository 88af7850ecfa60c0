"""PDF reports for a whole exam, against plain ReportLab on one core.

The cohort is ``bench/cohort.py``'s 1,000 candidates × 10 stations (``--quick``: 100).
Two workloads, each timed once, in alternating order over ``--rounds`` rounds:

- **ours**: every candidate's feedback report through
  :func:`station.pdf_reports.render_candidate_reports` with two worker processes (items,
  scores against pass mark and cohort, comments, CPR charts where the cohort has device
  metrics, header, "page N of M"), plus the exam report
  (:func:`reports.render_exam_report`: statistics, distributions, regression charts);
- **plain** (the baseline): plain ReportLab in this one process, writing for each
  candidate a PDF with the same station tables (the same item texts, statuses and
  points, in the same embedded DejaVu font) and the same number of pages as ours, and
  one exam-report-sized PDF of tables.

The ratio ours / plain says what SkillStation's layout (charts, per-script fonts,
numbered pages, watermark support) costs once the second core pays its share; the goal
is ≤ 1.5. The data classes are built before timing (reading the database is not part of
either workload).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from cohort import Cohort, make_cohort
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from assessments.psychometrics import analyse_exam
from reports import render_exam_report
from reports.fonts import SANS, SANS_BOLD, register_fonts
from reports.model import (
    CandidateReportData,
    CprData,
    ExamReportData,
    ItemLine,
    RegressionData,
    ReportHeader,
    StationResult,
)
from station.pdf_reports import render_candidate_reports

GOAL = 1.5
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)


def build_data(cohort: Cohort) -> tuple[list[CandidateReportData], ExamReportData]:
    """The report data the station would read from its database, from the cohort."""
    header = ReportHeader("BENCH-OSCE", "Benchmark OSCE", date(2026, 3, 3), "en", NOW)
    models = {s.id: s for s in cohort.stations}
    by_station: dict[str, list[float]] = {}
    for e in cohort.encounters:
        if e.score.percent is not None:
            by_station.setdefault(e.station_id, []).append(e.score.percent)
    means = {k: statistics.fmean(v) for k, v in by_station.items()}
    per_candidate: dict[str, list[StationResult]] = {}
    for e in cohort.encounters:
        model = models[e.station_id]
        sections = {i.id: s for s in model.sections for i in s.items}
        lines = tuple(
            ItemLine(
                section=model.text(sections[i.item_id].title),
                text=model.text(model.item(i.item_id).text),
                status=i.state.value,
                points=i.points,
                max_points=i.max_points,
                critical=i.critical,
            )
            for i in e.score.items
        )
        cpr = None
        if e.metrics:
            cpr = CprData(
                50,
                60,
                100,
                120,
                tuple((k, f"{v:.1f}", "") for k, v in sorted(e.metrics.items())),
            )
        grade = None
        if model.global_rating is not None and e.grade is not None:
            grade = model.text(model.global_rating.steps[e.grade].label)
        per_candidate.setdefault(e.candidate_id, []).append(
            StationResult(
                station_key=model.id,
                title=model.text(model.title),
                outcome=e.score.outcome.value,
                score=e.score.score,
                max_score=e.score.max_score,
                percent=e.score.percent,
                pass_mark_pct=e.score.pass_mark_pct,
                cohort_mean_pct=means.get(e.station_id),
                grade_label=grade,
                examiner=e.examiner_id,
                items=lines,
                comments=("Well organised; check the patient's identity before you start.",),
                cpr=cpr,
            )
        )
    candidates = []
    for c in cohort.candidates:
        results = per_candidate.get(c.candidate_id, [])
        percents = [r.percent for r in results if r.percent is not None]
        candidates.append(
            CandidateReportData(
                header=header,
                candidate_number=c.candidate_id,
                candidate_name=f"{c.given_name} {c.family_name}",
                stations=tuple(results),
                overall_pct=statistics.fmean(percents) if percents else None,
                overall_outcome="pending",
                pass_mark_pct=60.0,
                cohort_mean_pct=statistics.fmean(means.values()),
                stations_passed=sum(1 for r in results if r.outcome == "pass"),
            )
        )
    stats = analyse_exam(cohort.results, cohort.items)
    points: dict[str, list[tuple[float, float]]] = {}
    for r in cohort.results:
        if r.global_grade is not None:
            points.setdefault(r.station_id, []).append(
                (float(r.global_grade), 100 * r.score / r.max_score)
            )
    exam = ExamReportData(
        header=header,
        statistics=stats,
        station_titles=tuple((s.id, s.text(s.title)) for s in cohort.stations),
        distributions=tuple((k, tuple(v)) for k, v in by_station.items()),
        totals=tuple(c.overall_pct for c in candidates if c.overall_pct is not None),
        regressions=tuple(
            RegressionData(k, tuple(v), tuple(str(i) for i in range(5))) for k, v in points.items()
        ),
        examiners=(),
        failing=(),
        incomplete_candidates=(),
    )
    return candidates, exam


def plain_reportlab(candidates: list[CandidateReportData], folder: Path) -> None:
    """The baseline: each candidate's station tables, titles and comments in plain
    ReportLab tables with the same embedded font, in this one process."""
    register_fonts()
    body = ParagraphStyle("b", fontName=SANS, fontSize=9.5, leading=12.5)
    cell = ParagraphStyle("c", fontName=SANS, fontSize=8.5, leading=10.5)
    bold = ParagraphStyle("h", fontName=SANS_BOLD, fontSize=12.5, leading=16)
    width = A4[0] - 36 * mm
    for data in candidates:
        story: list[object] = [Paragraph(data.candidate_name, bold)]
        for station in data.stations:
            story.append(Paragraph(station.title, bold))
            story.append(
                Table(
                    [
                        [
                            Paragraph(f"{station.score} / {station.max_score}", cell),
                            Paragraph(f"{station.percent} %", cell),
                            Paragraph(f"{station.cohort_mean_pct} %", cell),
                        ]
                    ]
                )
            )
            rows = [
                [Paragraph(i.text, cell), Paragraph(i.status, cell), f"{i.points} / {i.max_points}"]
                for i in station.items
            ]
            story.append(Table(rows, colWidths=[width * 0.66, width * 0.17, width * 0.17]))
            story += [Paragraph(c, body) for c in station.comments]
            story.append(Spacer(1, 4 * mm))
        SimpleDocTemplate(str(folder / f"{data.candidate_number}.pdf"), pagesize=A4).build(story)


def count_pages(paths: list[Path]) -> list[int]:
    return [len(PdfReader(p).pages) for p in paths]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 candidates, not 1,000")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of both (default 1)")
    args = parser.parse_args()
    n = 100 if args.quick else 1000
    started = time.perf_counter()
    cohort = make_cohort(candidates=n, stations=10, seed=1)
    candidates, exam = build_data(cohort)
    print(
        f"cohort: {n} candidates x 10 stations; report data built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    times: dict[str, list[float]] = {"ours": [], "plain": []}
    pages: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        root = Path(tmp)
        for round_ in range(args.rounds):
            order = ("ours", "plain") if round_ % 2 == 0 else ("plain", "ours")
            for which in order:
                folder = root / f"{which}-{round_}"
                folder.mkdir()
                start = time.perf_counter()
                if which == "ours":
                    render_candidate_reports(candidates, folder, workers=2)
                    render_exam_report(exam, folder / "exam.pdf")
                else:
                    plain_reportlab(candidates, folder)
                times[which].append(time.perf_counter() - start)
                pages[which] = sum(count_pages(sorted(folder.glob("*.pdf"))))
    ours, plain = (statistics.median(times[k]) for k in ("ours", "plain"))
    per_page = (ours / pages["ours"]) / (plain / pages["plain"])
    print(
        f"ours (2 processes): {ours:.1f} s for {pages['ours']:,} pages "
        f"({pages['ours'] / ours:.0f} pages/s), exam report included"
    )
    print(
        f"plain ReportLab (1 process): {plain:.1f} s for {pages['plain']:,} pages "
        f"({pages['plain'] / plain:.0f} pages/s)"
    )
    print(
        f"ratio of time per page, ours / plain: {per_page:.2f} (goal <= {GOAL})"
        f"{'' if per_page <= GOAL else '  ABOVE GOAL'}"
    )
    print(f"ratio of total times: {ours / plain:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
