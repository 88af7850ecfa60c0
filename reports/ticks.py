"""Round axis ticks, shared by the PDF charts (:mod:`reports.charts`) and the window's
plots (``ui.widgets.charts``). Plain Python: importing it loads no drawing library."""

from __future__ import annotations

import math


def nice_ticks(lo: float, hi: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values covering ``lo``..``hi`` (steps of 1, 2, 2.5 or 5 × 10ⁿ).

    ``whole``: the values are counts or numbers of things (candidates, attempts), so
    every tick is a whole number (steps of 1, 2 or 5 × 10ⁿ, at least 1)."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(count, 1)
    if whole:
        lo, raw = math.floor(lo), max(raw, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in multiples if m * power >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    value = start
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks
