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

if TYPE_CHECKING:
    from devices.cpr.analysis import CprSummary
    from devices.cpr.profiles import CprTargets
    from devices.trace import Trace

#: The profiles ``--profile`` accepts (devices.cpr.profiles.PROFILES, named here so
#: that building the parser imports nothing).
PROFILE_NAMES = ("adult", "child", "infant")


def add_analyze_cpr_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``analyze-cpr`` (for the command table in station/cli.py)."""
    parser.add_argument("trace", metavar="TRACE.csv", help="a trace file recorded by the station")
    parser.add_argument(
        "--profile",
        choices=PROFILE_NAMES,
        default="adult",
        help="the targets to judge against (default: adult)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (metrics, per-compression figures, warnings)",
    )


def run_analyze_cpr(args: argparse.Namespace) -> int:
    """Analyse ``args.trace`` against ``args.profile``; print text or JSON."""
    from devices.cpr.analysis import analyze_trace
    from devices.cpr.profiles import PROFILES
    from devices.trace import TraceError, read_trace

    profile = getattr(args, "profile", "adult") or "adult"
    if profile not in PROFILES:
        raise UserError(f"--profile {profile!r}: choose one of {', '.join(PROFILES)}", exit_code=2)
    path = getattr(args, "trace", None)
    if not path:
        raise UserError("give the trace file to analyse, e.g. analyze-cpr session.csv", exit_code=2)
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
        return "n/a"
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
    recoil = f"{tg.recoil_max_mm:g} mm or less"
    return [
        ("compressions", _value(summary.compressions, 0), ""),
        ("mean depth", _value(summary.mean_depth_mm, 1, "mm"), depth_band),
        ("depth in target", _value(summary.pct_depth_ok, 1, "%"), "of compressions"),
        ("mean rate", _value(summary.mean_rate_cpm, 1, "/min"), rate_band),
        ("rate in target", _value(summary.pct_rate_ok, 1, "%"), "of rated compressions"),
        ("full release", _value(summary.pct_full_recoil, 1, "%"), f"release to {recoil}"),
        ("mean release depth", _value(summary.mean_release_depth_mm, 1, "mm"), recoil),
        ("compression fraction", _value(ccf, 1, "%"), f"above {100 * tg.ccf_min:g} %"),
        ("longest pause", _value(summary.longest_pause_s, 1, "s"), f"under {tg.max_pause_s:g} s"),
        ("hands-off alarms", _value(summary.hands_off_alarms, 0), "none"),
        ("breaths", _value(summary.ventilations, 0), ""),
        ("breaths in target", _value(summary.pct_vent_volume_ok, 1, "%"), volume_band),
        ("mean breath volume", _value(summary.mean_volume_ml, 0, "mL"), volume_band),
        ("score", _value(summary.score, 1, "/ 100"), "closeness to every target"),
    ]


def format_summary(summary: CprSummary, trace: Trace, path: str) -> str:
    """The readable report: each figure with its target, then the warnings."""
    tg = summary.targets
    device = (
        " ".join(trace.identity[k] for k in ("model", "serial") if trace.identity.get(k))
        or "unknown device"
    )
    rate = _value(summary.sample_rate_hz, 0, "Hz")
    lines = [
        f"CPR analysis of {path}",
        f"device: {device}; {summary.duration_s:.1f} s sampled at {rate}",
        f"profile: {tg.description}",
        "",
    ]
    rows = _targets_rows(summary, tg)
    name_w = max(len(r[0]) for r in rows)
    value_w = max(len(r[1]) for r in rows)
    lines.append(f"{'':<{name_w}}  {'measured':>{value_w}}  target")
    for name, value, target in rows:
        lines.append(f"{name:<{name_w}}  {value:>{value_w}}  {target}".rstrip())
    if summary.score_components:
        parts = ", ".join(f"{k} {v:.0f} %" for k, v in summary.score_components.items())
        lines.append(f"{'':<{name_w}}  score credit: {parts}")
    if summary.warnings:
        lines.append("")
        lines.append("warnings:")
        lines.extend(f"  - {w}" for w in summary.warnings)
    return "\n".join(lines) + "\n"
