"""The trainee practice report: every attempt over time, the trend of the device
metrics, and the latest attempt in full (items and, for CPR, the charts)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from reports.candidate import cpr_section, item_table
from reports.charts import line_chart
from reports.i18n import format_number, translator
from reports.layout import A4, MARGIN, Out, build, p, styles, table
from reports.model import PracticeReportData


def render_practice_report(data: PracticeReportData, out: Out) -> None:
    """Write a trainee's practice report as a PDF to ``out``."""
    lang = data.header.language
    tr = translator(lang)
    st = styles()
    width = A4[0] - 2 * MARGIN
    story: list[Any] = [
        p(tr("Practice report"), st.small),
        p(data.display_name or data.username, st.title),
        p(f"{tr('Trainee')}: {data.username} · {tr('Attempts')}: {len(data.attempts)}", st.body),
    ]
    rows = [
        [
            str(i),
            f"{a.started_at.astimezone():%Y-%m-%d %H:%M}",
            a.title,
            "–" if a.percent is None else f"{format_number(a.percent, lang)} %",
            tr(a.outcome),
        ]
        for i, a in enumerate(data.attempts, start=1)
    ]
    story.append(
        table(
            ["#", tr("Date"), tr("Station"), tr("Percent"), tr("Result")],
            rows,
            [width * 0.06, width * 0.2, width * 0.44, width * 0.14, width * 0.16],
            st,
            right=(3,),
        )
    )
    scored = [
        (float(i), a.percent) for i, a in enumerate(data.attempts, 1) if a.percent is not None
    ]
    if scored:
        story.append(CondPageBreak(60 * mm))
        story.append(p(tr("Attempts over time"), st.h2))
        story.append(
            line_chart(
                [(x, y) for x, y in scored],
                width=width,
                height=50 * mm,
                xtitle=tr("Attempt (number)"),
                ytitle=tr("Percent (%)"),
                yrange=(0, 100),
                markers=True,
                xwhole=True,
            )
        )
    target = tr("Target band")
    bands = data.trend_bands + (None,) * (len(data.trend_metrics) - len(data.trend_bands))
    for (label, name), band in zip(data.trend_metrics, bands, strict=True):
        series = [
            (float(i), dict(a.metrics)[name])
            for i, a in enumerate(data.attempts, 1)
            if name in dict(a.metrics)
        ]
        if series:
            story.append(CondPageBreak(55 * mm))
            story.append(p(f"{tr('Trend')}: {label}", st.h3))
            story.append(
                line_chart(
                    series,
                    width=width,
                    height=42 * mm,
                    xtitle=tr("Attempt (number)"),
                    ytitle=label,
                    markers=True,
                    xwhole=True,
                    band=band,
                    band_label="" if band is None else f"{target} {band[0]:g}–{band[1]:g}",
                )
            )
    if data.latest is not None:
        latest = data.latest
        story.append(CondPageBreak(80 * mm))
        story.append(p(f"{tr('Latest attempt')}: {latest.title}", st.h2))
        if latest.items:
            story += item_table(latest.items, tr, st, width, lang)
        if latest.cpr is not None:
            story.append(Spacer(1, 3 * mm))
            story += cpr_section(latest.cpr, tr, st, width)
    build(out, data.header, tr("Practice report"), story, footer_left=data.username)
