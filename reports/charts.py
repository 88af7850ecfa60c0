"""Charts for reports, drawn as vector graphics with ``reportlab.graphics``.

Every chart has both axes with ticks, tick labels and an axis title with its unit, so a
printed page can be read on its own. Axis labels are report labels (Latin script);
names in other scripts go in the paragraphs around a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.fonts import register_fonts
from reports.layout import ACCENT, BAD, BAND, GOOD, INK, MUTED, RULE, WARN
from reports.ticks import nice_ticks

_LEFT = 42.0
_BOTTOM = 30.0
_TOP = 10.0
_RIGHT = 10.0


def _label(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


@dataclass
class Axes:
    """A plot area inside a drawing, mapping data to points."""

    drawing: Drawing
    x0: float
    x1: float
    y0: float
    y1: float
    xticks: list[float]
    yticks: list[float]

    @property
    def left(self) -> float:
        return _LEFT

    @property
    def bottom(self) -> float:
        return _BOTTOM

    @property
    def right(self) -> float:
        return float(self.drawing.width) - _RIGHT

    @property
    def top(self) -> float:
        return float(self.drawing.height) - _TOP

    def x(self, value: float) -> float:
        span = (self.x1 - self.x0) or 1.0
        return self.left + (value - self.x0) / span * (self.right - self.left)

    def y(self, value: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return self.bottom + (value - self.y0) / span * (self.top - self.bottom)


def axes(
    width: float,
    height: float,
    xrange: tuple[float, float],
    yrange: tuple[float, float],
    xtitle: str,
    ytitle: str,
    *,
    xticks: Sequence[float] | None = None,
    xticklabels: Sequence[str] | None = None,
    xwhole: bool = False,
    ywhole: bool = False,
) -> Axes:
    """A drawing with framed axes, grid lines, tick labels and axis titles (``xwhole``,
    ``ywhole``: that axis counts things, so its ticks are whole numbers)."""
    fonts = register_fonts()
    d = Drawing(width, height)
    xt = list(xticks) if xticks is not None else nice_ticks(*xrange, whole=xwhole)
    yt = nice_ticks(*yrange, whole=ywhole)
    ax = Axes(d, xt[0], xt[-1], yt[0], yt[-1], xt, yt)
    if xticks is not None:
        ax.x0, ax.x1 = xrange
    for value in yt:
        yy = ax.y(value)
        d.add(Line(ax.left, yy, ax.right, yy, strokeColor=RULE, strokeWidth=0.3))
        d.add(
            String(
                ax.left - 3,
                yy - 2.6,
                _label(value),
                fontName=fonts.sans,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    labels = list(xticklabels) if xticklabels is not None else [_label(v) for v in xt]
    for value, text in zip(xt, labels, strict=False):
        xx = ax.x(value)
        d.add(Line(xx, ax.bottom, xx, ax.bottom - 3, strokeColor=MUTED, strokeWidth=0.5))
        d.add(
            String(
                xx,
                ax.bottom - 11,
                text,
                fontName=fonts.sans,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    d.add(Line(ax.left, ax.bottom, ax.right, ax.bottom, strokeColor=INK, strokeWidth=0.7))
    d.add(Line(ax.left, ax.bottom, ax.left, ax.top, strokeColor=INK, strokeWidth=0.7))
    d.add(
        String(
            (ax.left + ax.right) / 2,
            4,
            xtitle,
            fontName=fonts.sans,
            fontSize=7.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    ytitle_string = String(
        0, 0, ytitle, fontName=fonts.sans, fontSize=7.5, fillColor=INK, textAnchor="middle"
    )
    from reportlab.graphics.shapes import Group

    group = Group(ytitle_string)
    group.translate(9, (ax.bottom + ax.top) / 2)
    group.rotate(90)
    d.add(group)
    return ax


def _band(ax: Axes, lo: float, hi: float) -> None:
    lo_c, hi_c = max(lo, ax.y0), min(hi, ax.y1)
    if hi_c > lo_c:
        ax.drawing.add(
            Rect(
                ax.left,
                ax.y(lo_c),
                ax.right - ax.left,
                ax.y(hi_c) - ax.y(lo_c),
                fillColor=BAND,
                strokeColor=None,
            )
        )


def _legend(ax: Axes, entries: Sequence[tuple[str, object]]) -> None:
    fonts = register_fonts()
    x = ax.right - 4
    for text, colour in reversed(entries):
        width = len(text) * 3.9 + 12
        x -= width
        ax.drawing.add(Rect(x, ax.top - 9, 8, 6, fillColor=colour, strokeColor=None))
        ax.drawing.add(
            String(x + 10, ax.top - 8.5, text, fontName=fonts.sans, fontSize=7, fillColor=INK)
        )


def depth_chart(
    points: Sequence[tuple[float, float]],
    band: tuple[float, float],
    *,
    width: float,
    height: float,
    xtitle: str,
    ytitle: str,
    band_label: str,
) -> Drawing:
    """Depth of each compression (x: compression number, y: mm) over the target band;
    in-band compressions green, others red."""
    n = len(points)
    ymax = max([band[1] + 10, *(d for _, d in points)])
    ax = axes(width, height, (1, max(n, 2)), (0, ymax), xtitle, ytitle, xwhole=True)
    _band(ax, *band)
    bar_w = max(0.6, min(4.0, (ax.right - ax.left) / max(n, 1) * 0.7))
    for index, (_, depth) in enumerate(points, start=1):
        colour = GOOD if band[0] <= depth <= band[1] else BAD
        xx = ax.x(index)
        ax.drawing.add(
            Rect(
                xx - bar_w / 2,
                ax.y(0),
                bar_w,
                ax.y(depth) - ax.y(0),
                fillColor=colour,
                strokeColor=None,
            )
        )
    _legend(ax, [(band_label, BAND)])
    return ax.drawing


def line_chart(
    series: Sequence[tuple[float, float]],
    *,
    width: float,
    height: float,
    xtitle: str,
    ytitle: str,
    band: tuple[float, float] | None = None,
    band_label: str = "",
    yrange: tuple[float, float] | None = None,
    markers: bool = False,
    xwhole: bool = False,
) -> Drawing:
    """A line through ``series`` (x, y), optionally over a target band (``xwhole``: x
    numbers things, such as attempts, and its ticks are whole numbers)."""
    xs = [x for x, _ in series] or [0.0, 1.0]
    ys = [y for _, y in series] or [0.0, 1.0]
    lo = min(ys) if yrange is None else yrange[0]
    hi = max(ys) if yrange is None else yrange[1]
    if band is not None:
        lo, hi = min(lo, band[0] - 10), max(hi, band[1] + 10)
    xrange = (min(xs), max(max(xs), min(xs) + 1))
    ax = axes(width, height, xrange, (min(lo, 0), hi), xtitle, ytitle, xwhole=xwhole)
    if band is not None:
        _band(ax, *band)
        _legend(ax, [(band_label, BAND)])
    if len(series) >= 2:
        flat: list[float] = []
        for x, y in series:
            flat += [ax.x(x), ax.y(y)]
        ax.drawing.add(PolyLine(flat, strokeColor=ACCENT, strokeWidth=1.1))
    if markers or len(series) < 2:
        for x, y in series:
            ax.drawing.add(Circle(ax.x(x), ax.y(y), 2, fillColor=ACCENT, strokeColor=None))
    return ax.drawing


def histogram(
    values: Sequence[float],
    *,
    width: float,
    height: float,
    xtitle: str,
    ytitle: str,
    lo: float = 0.0,
    hi: float = 100.0,
    bins: int = 20,
    marker: float | None = None,
    marker_label: str = "",
) -> Drawing:
    """Counts of ``values`` in ``bins`` equal bins from ``lo`` to ``hi``, with an
    optional vertical marker (a cut score)."""
    counts = [0] * bins
    step = (hi - lo) / bins
    for value in values:
        index = min(bins - 1, max(0, int((value - lo) // step)))
        counts[index] += 1
    # Headroom above the tallest bar, where the marker's label goes without covering one.
    tallest = max([*counts, 1])
    top = tallest * 1.25 if marker is not None and marker_label else tallest
    ax = axes(width, height, (lo, hi), (0, top), xtitle, ytitle, ywhole=True)
    for index, count in enumerate(counts):
        if count:
            x0 = ax.x(lo + index * step)
            x1 = ax.x(lo + (index + 1) * step)
            ax.drawing.add(
                Rect(
                    x0 + 0.4,
                    ax.y(0),
                    x1 - x0 - 0.8,
                    ax.y(count) - ax.y(0),
                    fillColor=colors.HexColor("#7fa7cc"),
                    strokeColor=ACCENT,
                    strokeWidth=0.4,
                )
            )
    if marker is not None and lo <= marker <= hi:
        _vmarker(ax, marker, marker_label)
    return ax.drawing


def _vmarker(ax: Axes, x: float, label: str) -> None:
    fonts = register_fonts()
    xx = ax.x(x)
    ax.drawing.add(
        Line(xx, ax.bottom, xx, ax.top, strokeColor=WARN, strokeWidth=1.1, strokeDashArray=[3, 2])
    )
    if label:
        # On a white backdrop, on the side of the line with room, inside the plot.
        text_width = stringWidth(label, fonts.sans, 7)
        left = xx + 2 if xx + 2 + text_width <= ax.right else xx - 2 - text_width
        ax.drawing.add(
            Rect(
                left - 1, ax.top - 9.5, text_width + 2, 9, fillColor=colors.white, strokeColor=None
            )
        )
        ax.drawing.add(
            String(left, ax.top - 8, label, fontName=fonts.sans, fontSize=7, fillColor=WARN)
        )


def regression_chart(
    points: Sequence[tuple[float, float]],
    grade_labels: Sequence[str],
    intercept: float | None,
    slope: float | None,
    borderline: float | None,
    cut: float | None,
    *,
    width: float,
    height: float,
    xtitle: str,
    ytitle: str,
    cut_label: str,
) -> Drawing:
    """Borderline regression: candidates' (grade, percentage) as dots (jittered a
    little sideways so equal points stay visible), the fitted line, and the cut score
    where the line crosses the borderline grade."""
    steps = max(len(grade_labels), 2)
    ticks = [float(i) for i in range(steps)]
    labels = [str(i) for i in range(steps)]
    ax = axes(
        width,
        height,
        (-0.5, steps - 0.5),
        (0, 100),
        xtitle,
        ytitle,
        xticks=ticks,
        xticklabels=labels,
    )
    for index, (grade, percent) in enumerate(points):
        jitter = ((index * 7919) % 17 - 8) / 8 * 0.12
        ax.drawing.add(
            Circle(
                ax.x(grade + jitter),
                ax.y(max(0.0, min(100.0, percent))),
                1.8,
                fillColor=colors.Color(0.12, 0.37, 0.6, alpha=0.7),
                strokeColor=None,
            )
        )
    if intercept is not None and slope is not None:
        xa, xb = -0.3, steps - 0.7
        ya, yb = intercept + slope * xa, intercept + slope * xb
        ax.drawing.add(
            Line(
                ax.x(xa),
                ax.y(max(0, min(100, ya))),
                ax.x(xb),
                ax.y(max(0, min(100, yb))),
                strokeColor=BAD,
                strokeWidth=1.2,
            )
        )
    if cut is not None and borderline is not None and 0 <= cut <= 100:
        fonts = register_fonts()
        yy = ax.y(cut)
        ax.drawing.add(
            Line(
                ax.left,
                yy,
                ax.x(borderline),
                yy,
                strokeColor=WARN,
                strokeWidth=1,
                strokeDashArray=[3, 2],
            )
        )
        ax.drawing.add(
            Line(
                ax.x(borderline),
                ax.bottom,
                ax.x(borderline),
                yy,
                strokeColor=WARN,
                strokeWidth=1,
                strokeDashArray=[3, 2],
            )
        )
        ax.drawing.add(
            String(
                ax.left + 3, yy + 2.5, cut_label, fontName=fonts.sans, fontSize=7, fillColor=WARN
            )
        )
    return ax.drawing
