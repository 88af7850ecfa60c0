"""``skillstation analyze-cpr TRACE.csv [--profile adult|child|infant] [--json]``.

Analyses a recorded trace with the same analyser the station runs live
(:mod:`devices.cpr.analysis`) and prints the CPR quality figures beside their targets,
or, with ``--json``, one JSON object whose keys are the metrics checklist items are
judged from (assessments/metrics.py). A metric that cannot be computed is ``null``
and a warning says why. docs/cpr-metrics.md defines every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from station.errors import UserError
from station.i18n import _

if TYPE_CHECKING:
    from devices.cpr.analysis import CprSummary
    from devices.cpr.profiles import CprTargets
    from devices.trace import Trace


def run_analyze_cpr(args: argparse.Namespace) -> int:
    """Analyse ``args.trace`` against ``args.profile``; print text or JSON."""
    from devices.cpr.analysis import analyze_trace
    from devices.cpr.profiles import PROFILES
    from devices.trace import TraceError, read_trace

    profile = getattr(args, "profile", "adult") or "adult"
    if profile not in PROFILES:
        raise UserError(
            _("--profile {profile!r}: choose one of {known}").format(
                profile=profile, known=", ".join(PROFILES)
            ),
            exit_code=2,
        )
    path = getattr(args, "trace", None)
    if not path:
        raise UserError(
            _("give the trace file to analyse, e.g. analyze-cpr session.csv"), exit_code=2
        )
    try:
        trace = read_trace(path)
    except TraceError as err:
        raise UserError(str(err)) from None
    summary = analyze_trace(trace, PROFILES[profile])
    if getattr(args, "json", False):
        json.dump(summary.as_dict(), sys.stdout, allow_nan=False, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_summary(summary, trace, str(path)))
    return 0


# --------------------------------------------------------------------------- text


def _value(value: float | int | None, digits: int, unit: str = "") -> str:
    if value is None:
        return _("n/a")
    text = f"{value:.{digits}f}"
    return f"{text} {unit}".rstrip() if unit else text


def _band(low: float, high: float, unit: str) -> str:
    return f"{low:g}-{high:g} {unit}"


def _targets_rows(summary: CprSummary, tg: CprTargets) -> list[tuple[str, str, str]]:
    """(figure, measured, target) for each line of the report."""
    ccf = None if summary.ccf is None else 100.0 * summary.ccf
    depth_band = _band(tg.depth_min_mm, tg.depth_max_mm, "mm")
    rate_band = _band(tg.rate_min_cpm, tg.rate_max_cpm, "/min")
    volume_band = _band(tg.vent_min_ml, tg.vent_max_ml, "mL")
    recoil = _("{mm} mm or less").format(mm=f"{tg.recoil_max_mm:g}")
    ccf_min = f"{100 * tg.ccf_min:g}"
    max_pause = f"{tg.max_pause_s:g}"
    return [
        (_("compressions"), _value(summary.compressions, 0), ""),
        (_("mean depth"), _value(summary.mean_depth_mm, 1, "mm"), depth_band),
        (_("depth in target"), _value(summary.pct_depth_ok, 1, "%"), _("of compressions")),
        (_("mean rate"), _value(summary.mean_rate_cpm, 1, "/min"), rate_band),
        (
            _("rate in target"),
            _value(summary.pct_rate_ok, 1, "%"),
            _("of rated compressions"),
        ),
        (
            _("full release"),
            _value(summary.pct_full_recoil, 1, "%"),
            _("release to {recoil}").format(recoil=recoil),
        ),
        (_("mean release depth"), _value(summary.mean_release_depth_mm, 1, "mm"), recoil),
        (
            _("compression fraction"),
            _value(ccf, 1, "%"),
            _("above {percent} %").format(percent=ccf_min),
        ),
        (
            _("longest pause"),
            _value(summary.longest_pause_s, 1, "s"),
            _("under {seconds} s").format(seconds=max_pause),
        ),
        (_("hands-off alarms"), _value(summary.hands_off_alarms, 0), _("none")),
        (_("breaths"), _value(summary.ventilations, 0), ""),
        (_("breaths in target"), _value(summary.pct_vent_volume_ok, 1, "%"), volume_band),
        (_("mean breath volume"), _value(summary.mean_volume_ml, 0, "mL"), volume_band),
        (_("score"), _value(summary.score, 1, "/ 100"), _("closeness to every target")),
    ]


def format_summary(summary: CprSummary, trace: Trace, path: str) -> str:
    """The readable report: each figure with its target, then the warnings, in the
    current language."""
    from common.messages import translated

    tg = summary.targets
    device = " ".join(trace.identity[k] for k in ("model", "serial") if trace.identity.get(k)) or _(
        "unknown device"
    )
    rate = _value(summary.sample_rate_hz, 0, "Hz")
    lines = [
        _("CPR analysis of {path}").format(path=path),
        _("device: {device}; {seconds} s sampled at {rate}").format(
            device=device, seconds=f"{summary.duration_s:.1f}", rate=rate
        ),
        _("profile: {profile}").format(profile=_(tg.description)),
        "",
    ]
    rows = _targets_rows(summary, tg)
    measured = _("measured")
    name_w = max(len(r[0]) for r in rows)
    value_w = max(len(r[1]) for r in rows)
    lines.append(f"{'':<{name_w}}  {measured:>{value_w}}  {_('target')}")
    for name, value, target in rows:
        lines.append(f"{name:<{name_w}}  {value:>{value_w}}  {target}".rstrip())
    if summary.score_components:
        parts = ", ".join(f"{k} {v:.0f} %" for k, v in summary.score_components.items())
        lines.append(f"{'':<{name_w}}  " + _("score credit: {parts}").format(parts=parts))
    if summary.warnings:
        lines.append("")
        lines.append(_("warnings:"))
        lines.extend(f"  - {translated(w, _)}" for w in summary.warnings)
    return "\n".join(lines) + "\n"
