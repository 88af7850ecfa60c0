"""The device metrics a checklist item may be judged from.

This is the one place that names them. The keys are those of the CPR analyser's
``skillstation analyze-cpr --json`` output (devices/), and a device-scored item's
rule (``"pct_depth_ok >= 70"``) may only name a metric listed here. ``devices`` knows
nothing of assessments, so a test checks that the analyser's output carries every key.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """What a metric means, its unit and the range its values take."""

    name: str
    description: str
    unit: str
    minimum: float
    maximum: float | None


DEVICE_METRICS: dict[str, MetricInfo] = {
    m.name: m
    for m in (
        MetricInfo("compressions", "number of chest compressions", "count", 0, None),
        MetricInfo("mean_depth_mm", "mean compression depth", "mm", 0, None),
        MetricInfo("mean_rate_cpm", "mean compression rate", "/min", 0, None),
        MetricInfo("pct_depth_ok", "compressions within the target depth band", "%", 0, 100),
        MetricInfo("pct_rate_ok", "rated compressions within the target rate band", "%", 0, 100),
        MetricInfo("pct_full_recoil", "compressions released to 5 mm or less", "%", 0, 100),
        MetricInfo("ccf", "chest compression fraction", "0-1", 0, 1),
        MetricInfo("ventilations", "number of ventilations", "count", 0, None),
        MetricInfo("pct_vent_volume_ok", "ventilations within the target volume", "%", 0, 100),
        MetricInfo("longest_pause_s", "longest pause between compressions", "s", 0, None),
        MetricInfo("score", "composite CPR score", "0-100", 0, 100),
    )
}

METRIC_NAMES: tuple[str, ...] = tuple(DEVICE_METRICS)
