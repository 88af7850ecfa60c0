"""The exam (cohort) report: the exam's reliability and pass mark, the station metrics
with their flags, score distributions, a borderline-regression chart per station, the
examiner comparison, item analysis, and the failing and incomplete candidates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from reports.charts import histogram, regression_chart
from reports.i18n import Translate, format_number, translator
from reports.layout import A4, MARGIN, Out, Styles, build, p, styles, table
from reports.model import ExamReportData


def _n(value: float | None, lang: str, digits: int = 1) -> str:
    return format_number(value, lang, digits)


#: What the short column titles of the station metrics table mean.
METRICS_LEGEND = (
    "Mean and SD of the station percentage; Cut: the station's cut score by borderline "
    "regression; b: discrimination (the slope of that regression); Fail.: candidates "
    "who failed the station; α−i: Cronbach's alpha without the station; η²: the share of "
    "the variance explained by the examiner."
)

#: Short labels for the quality flags in tables (translated by the catalogs).
FLAG_LABELS: dict[str, str] = {
    "low_alpha": "alpha < 0.7",
    "low_r2": "R² < 0.5",
    "examiner_effect": "η² > 0.3",
    "alpha_rises_without": "removal raises alpha",
    "same_grade_examiner": "one grade only",
    "brm_undefined": "BRM undefined",
}


def _flags(flags: Sequence[object], tr: Translate) -> str:
    return ", ".join(tr(FLAG_LABELS.get(str(f), str(f))) for f in flags)


def exam_story(data: ExamReportData, width: float) -> list[Any]:
    lang = data.header.language
    tr = translator(lang)
    st: Styles = styles()
    stats = data.statistics
    exam = stats.exam
    titles = dict(data.station_titles)
    # The exam pass mark in force, as the candidate reports print it; the statistics'
    # own figure is shown beside it when it differs.
    pass_mark = data.pass_mark_in_force
    story: list[Any] = [p(tr("Exam report"), st.title)]
    summary = [
        [tr("Candidates"), str(exam.candidates)],
        [tr("Incomplete"), str(exam.incomplete)],
        [tr("Stations"), str(exam.stations)],
        [tr("Cronbach's alpha"), _n(exam.alpha, lang, 3)],
        [tr("SEM"), _n(exam.sem, lang, 2)],
        [tr("Cut score"), _n(exam.cut_score, lang)],
        [tr("Pass mark"), _n(pass_mark, lang)],
        *(
            [[tr("Pass mark by these statistics"), _n(exam.pass_mark, lang)]]
            if exam.pass_mark is not None and exam.pass_mark != pass_mark
            else []
        ),
        [tr("Failures"), "–" if exam.failures is None else str(exam.failures)],
    ]
    if exam.flags:
        summary.append([tr("Flags"), _flags(exam.flags, tr)])
    story.append(table([tr("Summary"), ""], summary, [width * 0.4, width * 0.6], st))

    story.append(p(tr("Station metrics"), st.h2))
    rows = [
        [
            titles.get(s.station_id, s.station_id),
            str(s.n),
            _n(s.mean, lang),
            _n(s.sd, lang),
            _n(s.cut_score, lang),
            _n(s.r2, lang, 2),
            _n(s.discrimination, lang, 2),
            "–" if s.failures is None else str(s.failures),
            _n(s.alpha_if_deleted, lang, 3),
            _n(s.examiner_eta2, lang, 2),
            _flags(s.flags, tr),
        ]
        for s in stats.stations
    ]
    w = width
    story.append(
        table(
            [
                tr("Station"),
                "n",
                tr("Mean"),
                tr("SD"),
                tr("Cut"),
                "R²",
                "b",
                tr("Fail."),
                "α−i",
                "η²",
                tr("Flags"),
            ],
            rows,
            [
                w * 0.17,
                w * 0.04,
                w * 0.09,
                w * 0.06,
                w * 0.065,
                w * 0.06,
                w * 0.075,
                w * 0.075,
                w * 0.07,
                w * 0.06,
                w * 0.235,
            ],
            st,
            right=tuple(range(1, 10)),
            head=st.head_small,
        )
    )
    story.append(p(tr(METRICS_LEGEND), st.small))
    if stats.warnings:
        story.append(p(tr("Warnings"), st.h3))
        story += [p(f"• {text}", st.small) for text in stats.warnings]

    story.append(CondPageBreak(80 * mm))
    story.append(p(tr("Score distributions"), st.h2))
    story.append(
        KeepTogether(
            [
                p(tr("Total (%)"), st.h3),
                histogram(
                    data.totals,
                    width=width,
                    height=55 * mm,
                    xtitle=tr("Total (%)"),
                    ytitle=tr("Candidates (count)"),
                    marker=pass_mark,
                    marker_label=""
                    if pass_mark is None
                    else f"{tr('Pass mark')} {_n(pass_mark, lang)} %",
                ),
            ]
        )
    )
    half = (width - 6 * mm) / 2
    cuts = {s.station_id: s.cut_score for s in stats.stations}
    pairs: list[Any] = []
    for key, values in data.distributions:
        chart = histogram(
            values,
            width=half,
            height=45 * mm,
            xtitle=tr("Station score (%)"),
            ytitle=tr("Candidates (count)"),
            marker=cuts.get(key),
            marker_label=tr("Cut score"),
        )
        pairs.append([p(titles.get(key, key), st.cell_bold), chart])
    story += _two_up(pairs, half)

    if data.regressions:
        story.append(CondPageBreak(80 * mm))
        story.append(p(tr("Borderline regression"), st.h2))
        charts = []
        by_id = {s.station_id: s for s in stats.stations}
        for reg in data.regressions:
            fit = by_id.get(reg.station_key)
            cut = None if fit is None else fit.cut_score
            chart = regression_chart(
                reg.points,
                reg.grade_labels,
                None if fit is None else fit.intercept,
                None if fit is None else fit.discrimination,
                None if fit is None else float(fit.borderline_grade),
                cut,
                width=half,
                height=55 * mm,
                xtitle=tr("Global grade (step)"),
                ytitle=tr("Station score (%)"),
                cut_label=f"{tr('Cut score')} {_n(cut, lang)} %",
            )
            legend = ", ".join(f"{i} = {label}" for i, label in enumerate(reg.grade_labels))
            title = p(titles.get(reg.station_key, reg.station_key), st.cell_bold)
            charts.append([title, [chart, p(legend, st.small)]])
        story += _two_up(charts, half)

    if data.examiners:
        story.append(CondPageBreak(40 * mm))
        story.append(p(tr("Examiner comparison"), st.h2))
        story.append(
            table(
                [
                    tr("Station"),
                    tr("Examiner"),
                    tr("Encounters"),
                    tr("Mean"),
                    tr("SD"),
                    tr("Mean grade"),
                ],
                [
                    [
                        titles.get(r.station_key, r.station_key),
                        r.examiner,
                        str(r.encounters),
                        _n(r.mean, lang),
                        _n(r.sd, lang),
                        _n(r.mean_grade, lang, 2),
                    ]
                    for r in data.examiners
                ],
                [w * 0.3, w * 0.2, w * 0.14, w * 0.12, w * 0.12, w * 0.12],
                st,
                right=(2, 3, 4, 5),
            )
        )
    if stats.items:
        story.append(CondPageBreak(40 * mm))
        story.append(p(tr("Item analysis"), st.h2))
        story.append(
            table(
                [tr("Station"), tr("Item"), tr("Facility"), tr("Item–total r")],
                [
                    [
                        r.station_id,
                        ("◆ " if r.critical else "") + r.item_id,
                        _n(r.facility, lang, 2),
                        _n(r.item_total_r, lang, 2),
                    ]
                    for r in stats.items
                ],
                [w * 0.22, w * 0.5, w * 0.14, w * 0.14],
                st,
                right=(2, 3),
            )
        )
    story.append(CondPageBreak(40 * mm))
    story.append(p(tr("Failing candidates"), st.h2))
    if data.failing:
        story.append(
            table(
                [tr("Candidate number"), tr("Name"), tr("Total (%)"), tr("Why")],
                [[num, name, _n(total, lang), why] for num, name, total, why in data.failing],
                [w * 0.17, w * 0.25, w * 0.13, w * 0.45],
                st,
                right=(2,),
            )
        )
    else:
        story.append(p(tr("None."), st.body))
    story.append(p(tr("Incomplete candidates"), st.h2))
    if data.incomplete_candidates:
        story.append(
            table(
                [tr("Candidate number"), tr("Name"), tr("Missing stations")],
                [[n, name, ", ".join(m)] for n, name, m in data.incomplete_candidates],
                [w * 0.25, w * 0.4, w * 0.35],
                st,
            )
        )
    else:
        story.append(p(tr("None."), st.body))
    return story


def _two_up(cells: list[list[Any]], half: float) -> list[Any]:
    """Charts two to a row, each with its title above it."""
    from reportlab.platypus import Table, TableStyle

    out: list[Any] = []
    for i in range(0, len(cells), 2):
        pair = cells[i : i + 2]
        row = [[c[0], c[1]] for c in pair]
        if len(row) == 1:
            row.append(["", ""])
        grid = Table(
            [[row[0][0], row[1][0]], [row[0][1], row[1][1]]],
            colWidths=[half + 3 * mm, half + 3 * mm],
        )
        grid.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
                ]
            )
        )
        out.append(grid)
        out.append(Spacer(1, 2 * mm))
    return out


def render_exam_report(data: ExamReportData, out: Out) -> None:
    """Write the exam (cohort) report as a PDF to ``out``."""
    tr = translator(data.header.language)
    build(out, data.header, tr("Exam report"), exam_story(data, A4[0] - 2 * MARGIN))
