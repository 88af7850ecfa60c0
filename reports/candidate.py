"""The candidate feedback report: the exam result, then station by station the score
against the pass mark and the cohort, every checklist item, the global grade, the
examiner's comments and, for CPR stations, the device metrics with their charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from reports.charts import depth_chart, line_chart
from reports.i18n import Translate, format_number, translator
from reports.layout import (
    BAD,
    GOOD,
    MUTED,
    SECTION_FILL,
    WARN,
    Coloured,
    Out,
    Styles,
    build,
    p,
    styles,
    table,
)
from reports.model import CandidateReportData, CprData, ItemLine, ScenarioLogLine, StationResult

#: The mark printed before a critical item (also explained under the table).
CRITICAL_MARK = "◆"

_OUTCOME_COLOURS = {"pass": GOOD, "fail": BAD, "critical_fail": BAD, "pending": WARN}


def outcome_text(outcome: str, tr: Translate) -> str:
    return tr(outcome)


def _pct(value: float | None, lang: str) -> str:
    return "–" if value is None else f"{format_number(value, lang)} %"


def _score(result: StationResult, lang: str) -> str:
    if result.score is None or result.max_score is None:
        return "–"
    return f"{format_number(result.score, lang)} / {format_number(result.max_score, lang)}"


def _coloured(text: str, outcome: str, st: Styles) -> Coloured:
    return Coloured(text, _OUTCOME_COLOURS.get(outcome, MUTED))


def cpr_section(cpr: CprData, tr: Translate, st: Styles, width: float) -> list[Any]:
    """The CPR metrics table and the depth and rate charts of one encounter."""
    story: list[Any] = [p(tr("CPR quality"), st.h3)]
    story.append(
        table(
            [tr("Metric"), tr("Value"), tr("Target")],
            [list(row) for row in cpr.metrics],
            [width * 0.5, width * 0.25, width * 0.25],
            st,
            right=(1,),
        )
    )
    if cpr.compressions:
        depths = [(c.t_s, c.depth_mm) for c in cpr.compressions]
        rates = [(c.t_s, c.rate_cpm) for c in cpr.compressions if c.rate_cpm is not None]
        band = tr("Target band")
        story.append(Spacer(1, 3 * mm))
        # Each heading stays on the page of its chart.
        story.append(
            KeepTogether(
                [
                    p(tr("Compression depth"), st.h3),
                    depth_chart(
                        depths,
                        (cpr.depth_min_mm, cpr.depth_max_mm),
                        width=width,
                        height=48 * mm,
                        xtitle=tr("Compression"),
                        ytitle=tr("Depth (mm)"),
                        band_label=f"{band} {cpr.depth_min_mm:g}–{cpr.depth_max_mm:g} mm",
                    ),
                ]
            )
        )
        if rates:
            story.append(
                KeepTogether(
                    [
                        p(tr("Compression rate"), st.h3),
                        line_chart(
                            rates,
                            width=width,
                            height=45 * mm,
                            xtitle=tr("Time (s)"),
                            ytitle=tr("Rate (/min)"),
                            band=(cpr.rate_min_cpm, cpr.rate_max_cpm),
                            band_label=f"{band} {cpr.rate_min_cpm:g}–{cpr.rate_max_cpm:g} /min",
                        ),
                    ]
                )
            )
    return story


#: How each kind of scenario log line is named in a report.
_LOG_KINDS = {
    "start": "Scenario started",
    "scripted": "Scripted event",
    "manual": "Event fired by hand",
    "missed": "Missed event",
    "vitals": "Vital signs",
    "note": "Operator's note",
    "pause": "Paused",
    "resume": "Resumed",
    "end": "Scenario ended",
}


def _clock(t_s: float) -> str:
    minutes, seconds = divmod(max(0, int(t_s)), 60)
    return f"{minutes:02d}:{seconds:02d}"


def event_log_section(
    lines: Sequence[ScenarioLogLine], tr: Translate, st: Styles, width: float
) -> list[Any]:
    """The event log of a simulation scenario, line by line at its active time."""
    rows: list[list[Any]] = [
        [_clock(line.t_s), tr(_LOG_KINDS.get(line.kind, line.kind)), p(line.text, st.small)]
        for line in lines
    ]
    return [
        p(tr("Event log"), st.h3),
        table(
            [tr("Scenario time"), tr("Log entry"), ""],
            rows,
            [width * 0.14, width * 0.26, width * 0.6],
            st,
        ),
    ]


def item_table(
    items: Sequence[ItemLine], tr: Translate, st: Styles, width: float, lang: str
) -> list[Any]:
    """The items of an encounter, grouped under their section titles, with the
    critical-item note when any item is critical."""
    rows: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = []
    section: str | None = None
    for item in items:
        if item.section != section:
            section = item.section
            row = len(rows) + 1
            rows.append([p(section, st.cell_bold), "", ""])
            extra += [
                ("SPAN", (0, row), (-1, row)),
                ("BACKGROUND", (0, row), (-1, row), SECTION_FILL),
            ]
        mark = f"{CRITICAL_MARK} " if item.critical else ""
        text = f"{mark}{item.text}" + (f" ({item.detail})" if item.detail else "")
        colour = {"done": "pass", "partial": "pending", "not_done": "fail"}.get(item.status, "")
        rows.append(
            [
                text,
                _coloured(tr(item.status), colour, st),
                f"{format_number(item.points, lang)} / {format_number(item.max_points, lang)}",
            ]
        )
    story: list[Any] = [
        table(
            [tr("Item"), tr("Status"), tr("Points")],
            rows,
            [width * 0.66, width * 0.17, width * 0.17],
            st,
            right=(2,),
            extra=extra,
        )
    ]
    if any(item.critical for item in items):
        story.append(p(tr("Critical items are marked ◆: not done fails the station."), st.small))
    return story


def _station(
    result: StationResult, data: CandidateReportData, st: Styles, width: float
) -> list[Any]:
    lang = data.header.language
    tr = translator(lang)
    story: list[Any] = [CondPageBreak(60 * mm), p(result.title, st.h2)]
    facts: list[list[Any]] = [
        [tr("Score"), _score(result, lang)],
        [tr("Percent"), _pct(result.percent, lang)],
        [tr("Pass mark"), _pct(result.pass_mark_pct, lang)],
        [tr("Cohort mean"), _pct(result.cohort_mean_pct, lang)],
        [tr("Result"), _coloured(outcome_text(result.outcome, tr), result.outcome, st)],
    ]
    if result.reasons:
        facts.append([tr("Why"), "; ".join(result.reasons)])
    if result.grade_label:
        facts.append([tr("Global grade"), result.grade_label])
    if result.examiner:
        facts.append([tr("Examiner"), result.examiner])
    summary = table([tr("Station"), result.station_key], facts, [width * 0.3, width * 0.7], st)
    story.append(KeepTogether([summary]))
    if result.items:
        story.append(Spacer(1, 3 * mm))
        story += item_table(result.items, tr, st, width, lang)
    story.append(p(tr("Examiner comments"), st.h3))
    if result.comments:
        story += [p(text, st.body) for text in result.comments]
    else:
        story.append(p(tr("No comments."), st.small))
    if result.cpr is not None:
        story += cpr_section(result.cpr, tr, st, width)
    if result.event_log:
        story += event_log_section(result.event_log, tr, st, width)
    return story


def candidate_story(data: CandidateReportData, width: float) -> list[Any]:
    lang = data.header.language
    tr = translator(lang)
    st = styles()
    story: list[Any] = [
        p(tr("Candidate feedback report"), st.small),
        p(data.candidate_name, st.title),
        p(f"{tr('Candidate number')}: {data.candidate_number}", st.body),
        Spacer(1, 2 * mm),
    ]
    passed = f"{data.stations_passed} / {len(data.stations)}"
    if data.stations_needed is not None:
        passed += " (" + tr("{n} needed").format(n=data.stations_needed) + ")"
    overall: list[list[Any]] = [
        [tr("Overall"), _pct(data.overall_pct, lang)],
        [tr("Pass mark"), _pct(data.pass_mark_pct, lang)],
        [tr("Cohort mean"), _pct(data.cohort_mean_pct, lang)],
        [tr("Stations passed"), passed],
        [
            tr("Overall result"),
            _coloured(outcome_text(data.overall_outcome, tr), data.overall_outcome, st),
        ],
    ]
    if data.overall_reasons:
        overall.append([tr("Why"), "; ".join(data.overall_reasons)])
    story.append(table([tr("Summary"), ""], overall, [width * 0.35, width * 0.65], st))
    story.append(Spacer(1, 4 * mm))
    rows = [
        [
            s.title,
            _score(s, lang),
            _pct(s.percent, lang),
            _pct(s.pass_mark_pct, lang),
            _pct(s.cohort_mean_pct, lang),
            _coloured(outcome_text(s.outcome, tr), s.outcome, st),
        ]
        for s in data.stations
    ]
    story.append(
        table(
            [
                tr("Station"),
                tr("Score"),
                tr("Percent"),
                tr("Pass mark"),
                tr("Cohort mean"),
                tr("Result"),
            ],
            rows,
            [width * 0.29, width * 0.14, width * 0.14, width * 0.13, width * 0.15, width * 0.15],
            st,
            right=(1, 2, 3, 4),
        )
    )
    why = [s for s in data.stations if s.reasons]
    if why:
        story.append(Spacer(1, 2 * mm))
        story += [
            p(
                f"{s.title} — {outcome_text(s.outcome, tr)}: {'; '.join(s.reasons)}",
                st.small,
            )
            for s in why
        ]
    for result in data.stations:
        story += _station(result, data, st, width)
    return story


def render_candidate_report(data: CandidateReportData, out: Out) -> None:
    """Write one candidate's feedback report as a PDF to ``out`` (a path or a binary
    file). Raises :class:`reports.fonts.FontMissing` when the fonts are missing."""
    from reports.layout import A4, MARGIN

    tr = translator(data.header.language)
    width = A4[0] - 2 * MARGIN
    build(
        out,
        data.header,
        tr("Candidate feedback report"),
        candidate_story(data, width),
        footer_left=f"{data.candidate_number} · {data.candidate_name}",
    )
