"""``skillstation analyze-video VIDEO [--roi x,y,w,h] [--json]``: compression rate from a
CPR video, without a sensor manikin (the method: docs/video-cpr-rate.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from station.errors import UserError
from station.i18n import _


def parse_roi(text: str) -> tuple[int, int, int, int]:
    """``x,y,w,h`` in pixels, for argparse (a wrong value is a usage error, exit 2)."""
    parts = text.split(",")
    try:
        x, y, w, h = (int(p.strip()) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not x,y,w,h (four whole numbers of pixels, e.g. 40,30,80,60)").format(
                text=text
            )
        ) from None
    if w <= 0 or h <= 0 or x < 0 or y < 0:
        raise argparse.ArgumentTypeError(
            _("'{text}': x and y must be 0 or more, w and h more than 0").format(text=text)
        )
    return x, y, w, h


def run_analyze_video(args: argparse.Namespace) -> int:
    """Print the rate estimate of the video as a summary or one JSON object."""
    from devices.camera.rate import VideoError, estimate_rate

    path = Path(args.video)
    if not path.is_file():
        raise UserError(
            _("{path}: no such file; give the path of a recorded video").format(path=path)
        )
    try:
        result = estimate_rate(path, roi=args.roi)
    except VideoError as error:
        raise UserError(
            _("{problem}; give a video of at least 5 s (MJPG/AVI, mp4v/MP4)").format(problem=error)
        ) from None
    if args.json:
        print(json.dumps(result.to_json()))
        return 0
    rated = [w for w in result.windows if w.rate_cpm is not None]
    x, y, w, h = result.roi
    where = _("found") if result.roi_found else _("given")
    rows = [
        (
            _("video"),
            _("{path} ({seconds} s, {fps} fps)").format(
                path=path, seconds=f"{result.duration_s:.1f}", fps=f"{result.fps:g}"
            ),
        ),
        (_("region"), f"{x},{y},{w},{h} ({where})"),
    ]
    if result.mean_rate_cpm is None:
        rows.append((_("rate"), _("no compression rhythm found (60-180 /min)")))
    else:
        low = min(r.rate_cpm for r in rated if r.rate_cpm is not None)
        high = max(r.rate_cpm for r in rated if r.rate_cpm is not None)
        rows.append(
            (
                _("mean rate"),
                _("{rate} /min (windows {low}-{high} /min)").format(
                    rate=f"{result.mean_rate_cpm:.1f}", low=f"{low:.0f}", high=f"{high:.0f}"
                ),
            )
        )
    rows.append((_("compressions"), str(result.compressions)))
    rows.append(
        (
            _("windows"),
            _("{rated} of {total} with a rhythm (5 s every 0.5 s)").format(
                rated=len(rated), total=len(result.windows)
            ),
        )
    )
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        print(f"{label:<{width}} {value}")
    return 0
